#![doc = include_str!("../README.md")]

mod error;
pub mod precompile;
pub mod signed_rpc;
mod transaction;

use alloy_primitives::{address, Address};

pub use error::TxError;
pub use precompile::{MetagraphTxPayload, PayloadError};
pub use transaction::{
    AccessList, AccessListItem, Eip1559Tx, Eip2930Tx, LegacyTx, SignedTransaction,
    TypedTransaction, EIP1559_TX_TYPE, EIP2930_TX_TYPE, LEGACY_TX_TYPE,
};

/// The lowest gas price the node's mempool accepts: 1 gwei (10^9 base units).
pub const MIN_GAS_PRICE: u128 = 1_000_000_000;
/// Gas of a plain transfer, and the base of every transaction's intrinsic gas.
pub const TRANSFER_GAS: u64 = 21_000;
/// Intrinsic gas per byte of data, zero or not (the node's rule).
pub const DATA_BYTE_GAS: u64 = 68;
/// The metagraph precompile, `0x000000000000000000000000000000004d455441` ("META").
pub const METAGRAPH_PRECOMPILE: Address = address!("0x000000000000000000000000000000004d455441");

/// The gas the node charges a transaction with this data: `21,000 + 68·len(data)`.
///
/// A transaction's gas limit must be at least this.
pub fn intrinsic_gas(data: &[u8]) -> u64 {
    TRANSFER_GAS.saturating_add(DATA_BYTE_GAS.saturating_mul(data.len() as u64))
}
