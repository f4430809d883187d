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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let out = Output::new(cli.global.json);
    match commands::run(&cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}

/// Reports a command-line error; with `--json` anywhere in argv, also as one JSON object.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    if std::env::args_os().any(|a| a == "--json") {
        let rendered = err.render().to_string();
        let message =
            rendered.lines().next().unwrap_or("invalid arguments").trim_start_matches("error: ");
        let value =
            serde_json::json!({"error": {"kind": "usage", "message": message, "exit_code": 2}});
        output::print_stdout(&value.to_string());
    }
    let _ = err.print();
    ExitCode::from(2)
}
