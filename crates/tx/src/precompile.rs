//! The metagraph precompile (spec section 6): a signed transaction to
//! [`METAGRAPH_PRECOMPILE`] whose data is the bincode 1.x encoding (fixed-width integers, little
//! endian) of a [`MetagraphTxPayload`].
//!
//! The codec is written out by hand: a `u32` variant tag, then the fields in order; `[u8; 20]`
//! raw, `String` as a `u64` length and UTF-8, `u128` as 16 bytes, `bool` as one byte (0 or 1),
//! `Vec<(u64, u16)>` as a `u64` length and the pairs.

use alloy_primitives::{Address, Bytes, U256};

use crate::{intrinsic_gas, LegacyTx, METAGRAPH_PRECOMPILE};

/// The gas limit clients give precompile transactions by default.
pub const DEFAULT_PRECOMPILE_GAS_LIMIT: u64 = 400_000;
/// Gas the node reports as used by `RegisterNeuron`, `RegisterValidator` and `CreateSubnet`.
pub const REGISTER_GAS_USED: u64 = 100_000;
/// Base gas the node reports as used by `SetWeights`, before [`SET_WEIGHTS_GAS_PER_BYTE`].
pub const SET_WEIGHTS_BASE_GAS_USED: u64 = 200_000;
/// Gas per data byte the node adds to `SetWeights`' reported gas used.
pub const SET_WEIGHTS_GAS_PER_BYTE: u64 = 68;

/// Variant tag of [`MetagraphTxPayload::RegisterNeuron`].
pub const TAG_REGISTER_NEURON: u32 = 0;
/// Variant tag of [`MetagraphTxPayload::RegisterValidator`].
pub const TAG_REGISTER_VALIDATOR: u32 = 1;
/// Variant tag of [`MetagraphTxPayload::CreateSubnet`].
pub const TAG_CREATE_SUBNET: u32 = 2;
/// Variant tag of [`MetagraphTxPayload::SetWeights`].
pub const TAG_SET_WEIGHTS: u32 = 3;

/// Why bytes are not a [`MetagraphTxPayload`]. Decoding never panics and never allocates more
/// than the input could hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The input ended inside a field.
    #[error(
        "payload truncated: {field} needs {needed} byte(s) at offset {offset}, {available} left"
    )]
    Truncated {
        /// The field being read.
        field: &'static str,
        /// Its offset in the payload.
        offset: usize,
        /// Bytes it needs.
        needed: u64,
        /// Bytes left.
        available: usize,
    },
    /// An unknown variant tag.
    #[error("unknown payload variant tag {0} (expected 0..=3)")]
    UnknownTag(u32),
    /// A bool byte other than 0 or 1.
    #[error("field {field} at offset {offset}: bool byte {byte} is not 0 or 1")]
    InvalidBool {
        /// The field.
        field: &'static str,
        /// Its offset.
        offset: usize,
        /// The byte found.
        byte: u8,
    },
    /// A string that is not UTF-8.
    #[error("field {field} at offset {offset} is not valid UTF-8")]
    InvalidUtf8 {
        /// The field.
        field: &'static str,
        /// Its offset.
        offset: usize,
    },
    /// Bytes left after the payload.
    #[error("{0} trailing byte(s) after the payload")]
    TrailingBytes(usize),
}

/// What the metagraph precompile executes (bincode variant order matters: the tag is the index).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetagraphTxPayload {
    /// Tag 0: register a neuron in a subnet. The client chooses the uid (next =
    /// `lux_getNeuronCount`).
    RegisterNeuron {
        /// The subnet.
        subnet_id: u64,
        /// The uid to take.
        uid: u64,
        /// The neuron's hotkey.
        hotkey: Address,
        /// The owning coldkey.
        coldkey: Address,
        /// Where the neuron serves, e.g. `http://127.0.0.1:9001`.
        endpoint: String,
        /// Stake in base units.
        stake: u128,
        /// Whether the neuron is active.
        active: bool,
    },
    /// Tag 1: register a validator.
    RegisterValidator {
        /// The validator's hotkey.
        hotkey: Address,
        /// A display name.
        name: String,
        /// Stake in base units.
        stake: u128,
    },
    /// Tag 2: create a subnet.
    CreateSubnet {
        /// The subnet id.
        subnet_id: u64,
        /// The owner.
        owner: Address,
        /// The subnet's name.
        name: String,
        /// Minimum stake in base units.
        min_stake: u128,
    },
    /// Tag 3: set a neuron's weights.
    SetWeights {
        /// The subnet.
        subnet_id: u64,
        /// The uid setting weights.
        uid: u64,
        /// `(to_uid, weight)` pairs.
        weights: Vec<(u64, u16)>,
    },
}

impl MetagraphTxPayload {
    /// The variant tag.
    pub const fn tag(&self) -> u32 {
        match self {
            Self::RegisterNeuron { .. } => TAG_REGISTER_NEURON,
            Self::RegisterValidator { .. } => TAG_REGISTER_VALIDATOR,
            Self::CreateSubnet { .. } => TAG_CREATE_SUBNET,
            Self::SetWeights { .. } => TAG_SET_WEIGHTS,
        }
    }

    /// The length of [`Self::encode`] without encoding.
    pub fn encoded_len(&self) -> usize {
        4 + match self {
            Self::RegisterNeuron { endpoint, .. } => 8 + 8 + 20 + 20 + 8 + endpoint.len() + 16 + 1,
            Self::RegisterValidator { name, .. } => 20 + 8 + name.len() + 16,
            Self::CreateSubnet { name, .. } => 8 + 20 + 8 + name.len() + 16,
            Self::SetWeights { weights, .. } => 8 + 8 + 8 + weights.len() * 10,
        }
    }

    /// The bincode 1.x (fixed-int, little-endian) encoding: the transaction's data.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&self.tag().to_le_bytes());
        match self {
            Self::RegisterNeuron { subnet_id, uid, hotkey, coldkey, endpoint, stake, active } => {
                out.extend_from_slice(&subnet_id.to_le_bytes());
                out.extend_from_slice(&uid.to_le_bytes());
                out.extend_from_slice(hotkey.as_slice());
                out.extend_from_slice(coldkey.as_slice());
                put_string(&mut out, endpoint);
                out.extend_from_slice(&stake.to_le_bytes());
                out.push(*active as u8);
            }
            Self::RegisterValidator { hotkey, name, stake } => {
                out.extend_from_slice(hotkey.as_slice());
                put_string(&mut out, name);
                out.extend_from_slice(&stake.to_le_bytes());
            }
            Self::CreateSubnet { subnet_id, owner, name, min_stake } => {
                out.extend_from_slice(&subnet_id.to_le_bytes());
                out.extend_from_slice(owner.as_slice());
                put_string(&mut out, name);
                out.extend_from_slice(&min_stake.to_le_bytes());
            }
            Self::SetWeights { subnet_id, uid, weights } => {
                out.extend_from_slice(&subnet_id.to_le_bytes());
                out.extend_from_slice(&uid.to_le_bytes());
                out.extend_from_slice(&(weights.len() as u64).to_le_bytes());
                for (to_uid, weight) in weights {
                    out.extend_from_slice(&to_uid.to_le_bytes());
                    out.extend_from_slice(&weight.to_le_bytes());
                }
            }
        }
        out
    }

    /// Decodes a payload strictly: the whole input, known tag, bools 0/1, UTF-8 strings, and
    /// lengths no larger than what remains.
    pub fn decode(bytes: &[u8]) -> Result<Self, PayloadError> {
        let mut r = Reader { bytes, pos: 0 };
        let payload = match r.u32("tag")? {
            TAG_REGISTER_NEURON => Self::RegisterNeuron {
                subnet_id: r.u64("subnet_id")?,
                uid: r.u64("uid")?,
                hotkey: r.address("hotkey")?,
                coldkey: r.address("coldkey")?,
                endpoint: r.string("endpoint")?,
                stake: r.u128("stake")?,
                active: r.bool("active")?,
            },
            TAG_REGISTER_VALIDATOR => Self::RegisterValidator {
                hotkey: r.address("hotkey")?,
                name: r.string("name")?,
                stake: r.u128("stake")?,
            },
            TAG_CREATE_SUBNET => Self::CreateSubnet {
                subnet_id: r.u64("subnet_id")?,
                owner: r.address("owner")?,
                name: r.string("name")?,
                min_stake: r.u128("min_stake")?,
            },
            TAG_SET_WEIGHTS => {
                let subnet_id = r.u64("subnet_id")?;
                let uid = r.u64("uid")?;
                let len = r.u64("weights length")?;
                // Check the whole vector is present before allocating for it.
                r.ensure("weights", len.saturating_mul(10))?;
                let mut weights = Vec::with_capacity(len as usize);
                for _ in 0..len {
                    weights.push((r.u64("weight to_uid")?, r.u16("weight value")?));
                }
                Self::SetWeights { subnet_id, uid, weights }
            }
            tag => return Err(PayloadError::UnknownTag(tag)),
        };
        match bytes.len() - r.pos {
            0 => Ok(payload),
            n => Err(PayloadError::TrailingBytes(n)),
        }
    }

    /// Gas the node reports as used: [`REGISTER_GAS_USED`] for register/create,
    /// [`SET_WEIGHTS_BASE_GAS_USED`] + 68 per data byte for `SetWeights`.
    pub fn gas_used(&self) -> u64 {
        match self {
            Self::SetWeights { .. } => SET_WEIGHTS_BASE_GAS_USED
                .saturating_add(SET_WEIGHTS_GAS_PER_BYTE.saturating_mul(self.encoded_len() as u64)),
            _ => REGISTER_GAS_USED,
        }
    }

    /// The least gas limit the node accepts for this payload: intrinsic gas,
    /// `21,000 + 68·len(data)`.
    pub fn min_gas_limit(&self) -> u64 {
        intrinsic_gas_for_len(self.encoded_len())
    }

    /// The gas limit to send: [`DEFAULT_PRECOMPILE_GAS_LIMIT`], raised when the payload's
    /// [`Self::gas_used`] or [`Self::min_gas_limit`] is larger (big `SetWeights`).
    pub fn default_gas_limit(&self) -> u64 {
        DEFAULT_PRECOMPILE_GAS_LIMIT.max(self.gas_used()).max(self.min_gas_limit())
    }

    /// The legacy (EIP-155) transaction carrying this payload: to [`METAGRAPH_PRECOMPILE`],
    /// value 0, gas limit [`Self::default_gas_limit`]. Legacy, because the real node rejects
    /// EIP-1559 transactions.
    pub fn to_transaction(&self, chain_id: u64, nonce: u64, gas_price: u128) -> LegacyTx {
        LegacyTx {
            chain_id: Some(chain_id),
            nonce,
            gas_price,
            gas_limit: self.default_gas_limit(),
            to: Some(METAGRAPH_PRECOMPILE),
            value: U256::ZERO,
            data: Bytes::from(self.encode()),
        }
    }
}

fn intrinsic_gas_for_len(len: usize) -> u64 {
    // Same rule as `intrinsic_gas`, without materialising the data.
    crate::TRANSFER_GAS.saturating_add(crate::DATA_BYTE_GAS.saturating_mul(len as u64))
}

/// Whether a transaction is a metagraph precompile call whose gas limit covers its data
/// (`gas_limit ≥ 21,000 + 68·len(data)`).
pub fn is_precompile_call_with_enough_gas(tx: &crate::TypedTransaction) -> bool {
    tx.to() == Some(METAGRAPH_PRECOMPILE) && tx.gas_limit() >= intrinsic_gas(tx.data())
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn ensure(&self, field: &'static str, needed: u64) -> Result<(), PayloadError> {
        let available = self.bytes.len() - self.pos;
        if needed > available as u64 {
            return Err(PayloadError::Truncated { field, offset: self.pos, needed, available });
        }
        Ok(())
    }

    fn take(&mut self, field: &'static str, n: usize) -> Result<&'a [u8], PayloadError> {
        self.ensure(field, n as u64)?;
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], PayloadError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(field, N)?);
        Ok(out)
    }

    fn u16(&mut self, field: &'static str) -> Result<u16, PayloadError> {
        self.array(field).map(u16::from_le_bytes)
    }

    fn u32(&mut self, field: &'static str) -> Result<u32, PayloadError> {
        self.array(field).map(u32::from_le_bytes)
    }

    fn u64(&mut self, field: &'static str) -> Result<u64, PayloadError> {
        self.array(field).map(u64::from_le_bytes)
    }

    fn u128(&mut self, field: &'static str) -> Result<u128, PayloadError> {
        self.array(field).map(u128::from_le_bytes)
    }

    fn address(&mut self, field: &'static str) -> Result<Address, PayloadError> {
        self.array::<20>(field).map(Address::from)
    }

    fn bool(&mut self, field: &'static str) -> Result<bool, PayloadError> {
        let offset = self.pos;
        match self.array::<1>(field)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            byte => Err(PayloadError::InvalidBool { field, offset, byte }),
        }
    }

    fn string(&mut self, field: &'static str) -> Result<String, PayloadError> {
        let len = self.u64(field)?;
        self.ensure(field, len)?;
        let offset = self.pos;
        let bytes = self.take(field, len as usize)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| PayloadError::InvalidUtf8 { field, offset })
    }
}
