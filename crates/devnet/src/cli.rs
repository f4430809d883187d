//! The `luxtensor-devnet` command line, shared by the `luxtensor-devnet` binary and
//! `mtcli devnet`: arguments, the startup banner, `--config-out`, and running until SIGINT or
//! SIGTERM.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Parser;

use crate::{
    config::{DEFAULT_ACCOUNTS, DEFAULT_BALANCE_MDT, DEFAULT_CHAIN_ID},
    spawn, Config, DevAccount, DevnetHandle, CLIENT_VERSION, DEFAULT_MNEMONIC,
};
use moderntensor_consensus::Algorithm;
use moderntensor_primitives::Balance;
use serde::Serialize;
use tracing::level_filters::LevelFilter;

/// A local Luxtensor chain for tests and development: funded accounts, instant mining,
/// JSON-RPC over HTTP.
#[derive(Debug, Clone, Parser)]
#[command(name = "luxtensor-devnet", version, about)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// HTTP JSON-RPC port (0 picks a free one).
    #[arg(long, default_value_t = 8545)]
    pub port: u16,
    /// Chain id.
    #[arg(long, default_value_t = DEFAULT_CHAIN_ID)]
    pub chain_id: u64,
    /// How many accounts of the mnemonic to fund.
    #[arg(long, default_value_t = DEFAULT_ACCOUNTS)]
    pub accounts: u32,
    /// Genesis balance of each account, in MDT (decimals allowed, e.g. 0.5).
    #[arg(long, default_value_t = DEFAULT_BALANCE_MDT.to_string())]
    pub balance: String,
    /// BIP39 mnemonic of the funded accounts.
    #[arg(long, env = "LUXTENSOR_DEVNET_MNEMONIC", default_value = DEFAULT_MNEMONIC)]
    pub mnemonic: String,
    /// Keep the chain in this directory (a restart serves it again).
    #[arg(long, value_name = "DIR", conflicts_with = "ephemeral")]
    pub data_dir: Option<PathBuf>,
    /// Keep the chain in memory only (the default).
    #[arg(long)]
    pub ephemeral: bool,
    /// Write the endpoint, chain id and accounts as JSON to FILE once listening.
    #[arg(long, value_name = "FILE")]
    pub config_out: Option<PathBuf>,
    /// Blocks between a subnet's epochs.
    #[arg(long, default_value_t = crate::state::DEFAULT_TEMPO)]
    pub tempo: u64,
    /// Consensus algorithm of the epochs: sac (the node's). yuma and yuma3 are not wired yet.
    #[arg(long, default_value = "sac")]
    pub consensus: Algorithm,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, default_value = "info")]
    pub log_level: LevelFilter,
}

#[derive(Serialize)]
struct ConfigOut<'a> {
    chain_id: u64,
    http_endpoint: String,
    ws_endpoint: Option<String>,
    mnemonic: &'a str,
    accounts: &'a [DevAccount],
}

/// Writes `contents` to `path` atomically: a temporary file beside it, then a rename.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn banner(devnet: &DevnetHandle, data_dir: Option<&Path>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{CLIENT_VERSION}\n");
    let _ = writeln!(out, "Available Accounts\n==================");
    for (i, a) in devnet.dev_accounts().iter().enumerate() {
        let _ = writeln!(out, "({i}) {} ({})", a.address, a.balance);
    }
    let _ = writeln!(out, "\nPrivate Keys\n==================");
    for (i, a) in devnet.dev_accounts().iter().enumerate() {
        let _ = writeln!(out, "({i}) {}", a.private_key);
    }
    let _ = writeln!(out, "\nWallet\n==================");
    let _ = writeln!(out, "Mnemonic:          {}", devnet.mnemonic());
    let _ = writeln!(out, "Derivation path:   m/44'/60'/0'/0/");
    let _ = writeln!(out, "\nChain ID\n==================\n{}", devnet.chain_id());
    let _ = writeln!(out, "\nData\n==================");
    match data_dir {
        Some(dir) => {
            let _ = writeln!(out, "{} (block {})", dir.display(), devnet.block_number());
        }
        None => {
            let _ = writeln!(out, "in memory (lost on exit)");
        }
    }
    let _ = writeln!(out, "\nListening on {}", devnet.http_endpoint());
    out
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Starts the devnet described by `args`, prints the banner, writes `--config-out`, and serves
/// until SIGINT or SIGTERM, then shuts down gracefully (state flushed).
pub async fn run(args: Args) -> Result<(), String> {
    let balance = Balance::parse_mdt(&args.balance)
        .map_err(|e| format!("--balance {:?}: {e}", args.balance))?;
    let config = Config {
        host: args.host,
        port: args.port,
        chain_id: args.chain_id,
        mnemonic: args.mnemonic,
        accounts: args.accounts,
        balance,
        data_dir: if args.ephemeral { None } else { args.data_dir },
        tempo: args.tempo,
        consensus: args.consensus,
    };
    let data_dir = config.data_dir.clone();
    let devnet = spawn(config).await.map_err(|e| e.to_string())?;
    if let Some(path) = &args.config_out {
        let out = ConfigOut {
            chain_id: devnet.chain_id(),
            http_endpoint: devnet.http_endpoint(),
            ws_endpoint: None,
            mnemonic: devnet.mnemonic(),
            accounts: devnet.dev_accounts(),
        };
        let json = serde_json::to_vec_pretty(&out).map_err(|e| e.to_string())?;
        write_atomically(path, &json)
            .map_err(|e| format!("--config-out {}: {e}", path.display()))?;
    }
    println!("{}", banner(&devnet, data_dir.as_deref()));
    shutdown_signal().await;
    tracing::info!("shutting down");
    devnet.shutdown().await;
    Ok(())
}

/// The whole program without the exit: logging to stderr at `--log-level`, a tokio runtime,
/// and [`run`]. The error says why the devnet could not start.
pub fn run_blocking(args: Args) -> Result<(), String> {
    tracing_subscriber::fmt().with_max_level(args.log_level).with_writer(std::io::stderr).init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(run(args))
}

/// [`run_blocking`] with an exit code: 1, and a message on stderr, when the devnet cannot start.
pub fn main_with(args: Args) -> ExitCode {
    match run_blocking(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
