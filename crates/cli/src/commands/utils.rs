//! `mtcli utils`.

use moderntensor_primitives::{
    address_message_form, parse_address, parse_address_strict, weights, Balance,
};
use serde_json::json;

use crate::{
    args::{Unit, UtilsCommand},
    error::{CliError, Result},
    output::Output,
};

pub(super) fn run(cmd: &UtilsCommand, out: &Output) -> Result<()> {
    match cmd {
        UtilsCommand::Convert { amount, from } => convert(amount, *from, out),
        UtilsCommand::Address { address, strict } => address_cmd(address, *strict, out),
        UtilsCommand::Weights { uids, weights, n } => weights_cmd(uids, weights, *n, out),
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

fn address_cmd(input: &str, strict: bool, out: &Output) -> Result<()> {
    let address = if strict { parse_address_strict(input)? } else { parse_address(input)? };
    let checksummed = address.to_checksum(None);
    let lowercase = format!("0x{}", address_message_form(&address));
    let value = json!({"input": input, "address": checksummed, "lowercase": lowercase});
    out.result(&value, || format!("{checksummed}\n{lowercase}"));
    Ok(())
}

fn weights_cmd(uids: &[u64], raw: &[String], n: usize, out: &Output) -> Result<()> {
    let values = raw
        .iter()
        .map(|w| {
            w.trim().parse::<f64>().map_err(|_| {
                CliError::Input(format!(
                    "weight {w:?} is not a number; weights are non-negative numbers like 0.25"
                ))
            })
        })
        .collect::<Result<Vec<f64>>>()?;
    let u16_weights = weights::to_u16_max_upscaled(uids, &values, n)?;
    let normalized = weights::normalize(&values)?;
    let value = json!({
        "uids": uids,
        "normalized": normalized,
        "u16": u16_weights.iter().map(|(uid, w)| json!([uid, w])).collect::<Vec<_>>(),
    });
    out.result(&value, || {
        let mut text = String::from("uid    normalized   u16\n");
        for ((uid, norm), _) in uids.iter().zip(&normalized).zip(raw) {
            let q = u16_weights.iter().find(|(u, _)| u == uid).map_or(0, |(_, w)| *w);
            text.push_str(&format!("{uid:<6} {norm:<12.6} {q}\n"));
        }
        text
    });
    Ok(())
}
