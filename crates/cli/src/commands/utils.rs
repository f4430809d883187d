//! `mtcli utils`.

use moderntensor_primitives::Balance;
use serde_json::json;

use crate::{
    args::{Unit, UtilsCommand},
    error::Result,
    output::Output,
};

pub(super) fn run(cmd: &UtilsCommand, out: &Output) -> Result<()> {
    match cmd {
        UtilsCommand::Convert { amount, from } => convert(amount, *from, out),
    }
}

fn convert(amount: &str, from: Unit, out: &Output) -> Result<()> {
    let balance = match from {
        Unit::Mdt => Balance::parse_mdt(amount)?,
        Unit::Base => Balance::parse_base_units(amount)?,
    };
    let value = json!({
        "input": amount,
        "mdt": balance.to_mdt_string(),
        "base_units": balance.to_base_decimal(),
        "hex": balance.to_hex(),
    });
    out.result(&value, || {
        format!(
            "{}\n{} base units\n{} (hex base units)",
            balance,
            balance.to_base_decimal(),
            balance.to_hex()
        )
    });
    Ok(())
}
