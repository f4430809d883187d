//! `mtcli`: the ModernTensor command line.
//!
//! Every command prints a readable table or text for people, or with `--json` exactly one JSON
//! object on stdout (everything else goes to stderr), and exits with a code scripts can trust
//! (see [`error::CliError::exit_code`]).

mod args;
mod commands;
mod error;
mod output;
mod password;

use std::process::ExitCode;

use clap::Parser;

use crate::{args::Cli, output::Output};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.global.json);
    match commands::run(&cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
