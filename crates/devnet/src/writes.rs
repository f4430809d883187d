//! Writes of the metagraph: precompile payloads (spec section 6), signed RPCs (section 5) and
//! epochs on demand, each mined in a block of its own.
//!
//! Ownership rules (the ones the real node lacks): `CreateSubnet` is sent by its owner,
//! `RegisterNeuron` by its coldkey (which pays the stake), `RegisterValidator` by its hotkey,
//! `SetWeights` by the uid's hotkey or coldkey. Signed RPCs are signed by the address they
//! name; `neuron_register` by the hotkey (which pays the stake: the coldkey signed nothing),
//! `weight_setWeights` by the uid's hotkey.
//!
//! Signed RPCs are verified with `moderntensor_tx::signed_rpc`: EIP-191 message rebuilt from
//! the params, low-S signature, the timestamp within `[clock − 300, clock + 60]` of the
//! devnet's clock ([`Chain::clock`]), and a signature seen before (within the window; kept in
//! the metagraph, so across restarts) is rejected as a replay.

use jsonrpsee::types::ErrorObjectOwned;
use moderntensor_primitives::{Address, Bytes, U256};
use moderntensor_rpc_api::{error, ErrorCode};
use moderntensor_tx::{
    precompile::MetagraphTxPayload,
    signed_rpc::{
        check_timestamp, recover_personal_signer, RpcCall, TIMESTAMP_MAX_AGE_SECS,
        TIMESTAMP_MAX_AHEAD_SECS,
    },
};

use crate::{
    epoch::{self, EpochOutcome},
    metagraph::{rejected, Ledger, Metagraph},
    state::Chain,
    DevnetError,
};

fn must_send(what: &str, role: &str, expected: Address, sender: Address) -> ErrorObjectOwned {
    rejected(format!(
        "{what} must be sent by its {role} {expected:#x}, not {sender:#x}: sign the transaction \
         with that key"
    ))
}

/// Executes a precompile payload sent by `from` at `now` (unix seconds) in block `block`.
pub fn execute_payload(
    mg: &mut Metagraph,
    ledger: &mut Ledger<'_>,
    from: Address,
    payload: &MetagraphTxPayload,
    now: u64,
    block: u64,
    tempo: u64,
) -> Result<(), ErrorObjectOwned> {
    match payload {
        MetagraphTxPayload::RegisterNeuron {
            subnet_id,
            uid,
            hotkey,
            coldkey,
            endpoint,
            stake,
            active,
        } => {
            if from != *coldkey {
                return Err(must_send("RegisterNeuron", "coldkey", *coldkey, from));
            }
            let stake = U256::from(*stake);
            mg.register_neuron(
                ledger,
                *subnet_id,
                Some(*uid),
                *hotkey,
                *coldkey,
                from,
                endpoint,
                stake,
                *active,
                now,
                block,
            )?;
        }
        MetagraphTxPayload::RegisterValidator { hotkey, name, stake } => {
            if from != *hotkey {
                return Err(must_send("RegisterValidator", "hotkey", *hotkey, from));
            }
            mg.register_validator(ledger, *hotkey, name, U256::from(*stake), Bytes::new())?;
        }
        MetagraphTxPayload::CreateSubnet { subnet_id, owner, name, min_stake } => {
            if from != *owner {
                return Err(must_send("CreateSubnet", "owner", *owner, from));
            }
            let min_stake = U256::from(*min_stake);
            mg.create_subnet(
                Some(*subnet_id),
                *owner,
                name,
                min_stake,
                U256::ZERO,
                tempo,
                now,
                block,
            )?;
        }
        MetagraphTxPayload::SetWeights { subnet_id, uid, weights } => {
            mg.set_weights(*subnet_id, *uid, weights, from, true, now)?;
        }
    }
    Ok(())
}

/// What a signed write runs with.
#[derive(Debug, Clone, Copy)]
pub struct WriteCtx {
    /// The devnet's clock (unix seconds).
    pub now: u64,
    /// The block the write is mined in.
    pub block: u64,
    /// Tempo of new subnets.
    pub tempo: u64,
    /// The verified signer.
    pub signer: Address,
}

/// The replay key of a signature: its `r‖s` as lowercase hex (so the 64- and 65-byte forms of
/// one signature are the same key).
fn replay_key(signature: &str) -> String {
    let s = signature.trim();
    let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
    s.chars().take(128).collect::<String>().to_ascii_lowercase()
}

impl Chain {
    /// Verifies a signed RPC: timestamp (decimal unix seconds, within the window of
    /// [`Chain::clock`]; -32602), signature by the required signer (-32005), not seen before
    /// (-32000). Returns the timestamp and the replay key.
    fn verify_signed(
        &self,
        call: &RpcCall,
        timestamp: &str,
        signature: &str,
    ) -> Result<(u64, String), ErrorObjectOwned> {
        let ts: u64 = timestamp.trim().parse().map_err(|_| {
            error::invalid_param("timestamp", "unix seconds as a decimal string", timestamp)
        })?;
        let now = self.clock();
        check_timestamp(ts, now).map_err(|_| error::timestamp_out_of_window(ts, now))?;
        let expected = call.required_signer();
        let message = call.message(ts);
        match recover_personal_signer(&message, signature, expected) {
            Ok(who) if who == expected => {}
            Ok(who) => {
                return Err(ErrorCode::InvalidSignature.with_message(format!(
                    "invalid signature: signed by {who:#x}, but {} must be signed by \
                     {expected:#x} (EIP-191 personal_sign of {message:?})",
                    call.method()
                )))
            }
            Err(e) => {
                let mut err = error::invalid_signature(&expected, &message);
                err = ErrorCode::InvalidSignature.with_message(format!("{} ({e})", err.message()));
                return Err(err);
            }
        }
        let key = replay_key(signature);
        if self.metagraph.seen_signatures.contains_key(&key) {
            return Err(ErrorCode::ServerError.with_message(format!(
                "replayed signature: this {} signature was already used; sign again with a new \
                 timestamp",
                call.method()
            )));
        }
        Ok((ts, key))
    }

    /// Verifies a signed RPC, runs `f` on a copy of the metagraph and the balances, and mines
    /// the result in a block. Returns `f`'s result.
    pub(crate) fn signed_write<T>(
        &mut self,
        call: RpcCall,
        timestamp: &str,
        signature: &str,
        f: impl FnOnce(&mut Metagraph, &mut Ledger<'_>, WriteCtx) -> Result<T, ErrorObjectOwned>,
    ) -> Result<T, ErrorObjectOwned> {
        let (ts, key) = self.verify_signed(&call, timestamp, signature)?;
        let ctx = WriteCtx {
            now: self.clock(),
            block: self.head().number + 1,
            tempo: self.tempo,
            signer: call.required_signer(),
        };
        let mut mg = self.metagraph.clone();
        let window = TIMESTAMP_MAX_AGE_SECS + TIMESTAMP_MAX_AHEAD_SECS;
        mg.seen_signatures.retain(|_, seen| seen.saturating_add(window) >= ctx.now);
        mg.seen_signatures.insert(key, ts);
        let mut ledger = Ledger::new(self.accounts());
        let out = f(&mut mg, &mut ledger, ctx)?;
        let changes = ledger.changes;
        self.seal(changes, self.burned(), Vec::new(), Some(mg)).map_err(DevnetError::into_rpc)?;
        Ok(out)
    }

    /// Runs subnet `subnet_id`'s epoch now, in a block of its own.
    pub fn run_epoch_now(&mut self, subnet_id: u64) -> Result<EpochOutcome, ErrorObjectOwned> {
        let mut mg = self.metagraph.clone();
        let mut ledger = Ledger::new(self.accounts());
        let outcome = epoch::run_epoch(&mut mg, &mut ledger, subnet_id, self.head().number + 1)?;
        let changes = ledger.changes;
        self.seal(changes, self.burned(), Vec::new(), Some(mg)).map_err(DevnetError::into_rpc)?;
        Ok(outcome)
    }
}
