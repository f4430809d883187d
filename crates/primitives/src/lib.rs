#![doc = include_str!("../README.md")]

mod address;
mod balance;
pub mod hexutil;
pub mod models;
mod signature;
pub mod weights;

pub use address::{
    address_message_form, parse_address, parse_address_strict, AddressError, Checksummed,
};
pub use alloy_primitives::{self, keccak256, Address, Bytes, B256, U256, U64};
pub use balance::{Balance, BalanceError, BASE_UNITS_PER_MDT, DECIMALS, SYMBOL};
pub use signature::{
    address_of, eip191_hash, recover_message_signer_any_parity, PrivateKeySigner, Signature,
    SignatureError,
};

pub use models::{
    AxonInfo, BlockInfo, CachedNeuronInfo, MetagraphState, NeuronInfo, NeuronInfoLite, Receipt,
    SubnetInfo, TxInfo, WeightInfo,
};
pub use weights::WeightError;

/// A block hash.
pub type BlockHash = B256;
/// A transaction hash.
pub type TxHash = B256;
