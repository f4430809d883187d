//! One module per command group.

mod consensus;
mod utils;
mod wallet;

use crate::{
    args::{Cli, Command},
    error::{CliError, Result},
    output::Output,
};

/// Runs the parsed command.
pub(crate) fn run(cli: &Cli, out: &Output) -> Result<()> {
    match &cli.command {
        Command::Wallet(cmd) => wallet::run(cmd, &cli.global, out),
        Command::Utils(cmd) => utils::run(cmd, out),
        Command::Consensus(cmd) => consensus::run(cmd, out),
        Command::Devnet(args) => {
            moderntensor_devnet::cli::run_blocking((**args).clone()).map_err(CliError::Devnet)
        }
    }
}
