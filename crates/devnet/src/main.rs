//! `luxtensor-devnet`: a local Luxtensor chain serving the JSON-RPC contract over HTTP.

use std::process::ExitCode;

use clap::Parser;
use moderntensor_devnet::cli::{main_with, Args};

fn main() -> ExitCode {
    main_with(Args::parse())
}
