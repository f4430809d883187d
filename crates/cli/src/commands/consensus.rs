//! `mtcli consensus`: run consensus epochs from a file.

use std::{fmt::Write as _, io::Read, path::Path};

use moderntensor_consensus::{run as run_epochs, ConsensusInput, ConsensusOutput};

use crate::{
    args::ConsensusCommand,
    error::{CliError, Result},
    output::Output,
};

pub(super) fn run(cmd: &ConsensusCommand, out: &Output) -> Result<()> {
    match cmd {
        ConsensusCommand::Run { input } => {
            let text = read_input(input)?;
            let parsed: ConsensusInput = serde_json::from_str(&text).map_err(|e| {
                CliError::Input(format!(
                    "{} is not a consensus input file: {e} (see docs/consensus.md for the format)",
                    input.display()
                ))
            })?;
            let output = run_epochs(&parsed)?;
            let value = serde_json::to_value(&output).expect("consensus output serializes");
            out.result(&value, || table(&parsed, &output));
            Ok(())
        }
    }
}

fn read_input(path: &Path) -> Result<String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::io("reading the consensus input from standard input", e))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| CliError::io(format!("reading {}", path.display()), e))?;
    }
    Ok(text)
}

/// One table per epoch: a row per uid, a column per score the algorithm produces.
fn table(input: &ConsensusInput, output: &ConsensusOutput) -> String {
    let mut text = String::new();
    for (e, epoch) in output.epochs.iter().enumerate() {
        let columns: Vec<(&str, &Vec<f64>)> = [
            ("rank", &epoch.rank),
            ("trust", &epoch.trust),
            ("consensus", &epoch.consensus),
            ("v_trust", &epoch.validator_trust),
            ("incentive", &epoch.incentive),
            ("dividends", &epoch.dividends),
        ]
        .into_iter()
        .filter_map(|(name, col)| col.as_ref().map(|c| (name, c)))
        .collect();
        let _ = writeln!(text, "epoch {e} ({})", input.algorithm);
        let mut header = format!("{:>5}", "uid");
        for (name, _) in &columns {
            let _ = write!(header, " {name:>10}");
        }
        if epoch.emission.is_some() {
            let _ = write!(header, " {:>24}", "emission");
        }
        let _ = writeln!(text, "{header}");
        for uid in 0..input.n {
            let _ = write!(text, "{uid:>5}");
            for (_, col) in &columns {
                let _ = write!(text, " {:>10.6}", col.get(uid).copied().unwrap_or(0.0));
            }
            if let Some(emission) = &epoch.emission {
                let _ = write!(text, " {:>24}", emission.get(uid).copied().unwrap_or(0));
            }
            text.push('\n');
        }
        text.push('\n');
    }
    text
}
