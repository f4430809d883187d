//! Transactions as the Luxtensor node decodes them: legacy (EIP-155 and pre-155), typed 0x01
//! (EIP-2930) and typed 0x02 (EIP-1559); their signing hashes, signed encodings and decoding.

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_rlp::{
    Decodable, Encodable, Header, RlpDecodable, RlpDecodableWrapper, RlpEncodable,
    RlpEncodableWrapper, EMPTY_STRING_CODE,
};
use moderntensor_primitives::{PrivateKeySigner, Signature};

use crate::{TxError, TRANSFER_GAS};

/// The type byte of a legacy transaction (it has none on the wire; 0 by convention).
pub const LEGACY_TX_TYPE: u8 = 0x00;
/// The type byte of an EIP-2930 (access list) transaction.
pub const EIP2930_TX_TYPE: u8 = 0x01;
/// The type byte of an EIP-1559 (dynamic fee) transaction.
pub const EIP1559_TX_TYPE: u8 = 0x02;

/// One entry of an EIP-2930 access list: an address and the storage slots it will touch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, RlpEncodable, RlpDecodable)]
pub struct AccessListItem {
    /// The account.
    pub address: Address,
    /// Its storage slots.
    pub storage_keys: Vec<B256>,
}

/// An EIP-2930 access list, encoded as an RLP list of `[address, [storage_key, ...]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, RlpEncodableWrapper, RlpDecodableWrapper)]
pub struct AccessList(pub Vec<AccessListItem>);

impl AccessList {
    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<AccessListItem>> for AccessList {
    fn from(items: Vec<AccessListItem>) -> Self {
        Self(items)
    }
}

/// A legacy transaction. With a chain id it is signed per EIP-155
/// (`v = parity + 2·chain_id + 35`); without one it is a pre-155 transaction (`v = 27/28`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LegacyTx {
    /// The chain id (`None`: pre-EIP-155, replayable on any chain).
    pub chain_id: Option<u64>,
    /// The sender's nonce.
    pub nonce: u64,
    /// Gas price in base units per gas (the node requires at least [`crate::MIN_GAS_PRICE`]).
    pub gas_price: u128,
    /// Gas limit.
    pub gas_limit: u64,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value in base units.
    pub value: U256,
    /// Call data (or init code).
    pub data: Bytes,
}

/// An EIP-2930 (type 0x01) transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Eip2930Tx {
    /// The chain id.
    pub chain_id: u64,
    /// The sender's nonce.
    pub nonce: u64,
    /// Gas price in base units per gas.
    pub gas_price: u128,
    /// Gas limit.
    pub gas_limit: u64,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value in base units.
    pub value: U256,
    /// Call data (or init code).
    pub data: Bytes,
    /// The access list.
    pub access_list: AccessList,
}

/// An EIP-1559 (type 0x02) transaction.
///
/// Note: the real Luxtensor node rejects these as invalid signatures (spec section 8); send
/// legacy transactions to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Eip1559Tx {
    /// The chain id.
    pub chain_id: u64,
    /// The sender's nonce.
    pub nonce: u64,
    /// Priority fee (tip) per gas, in base units.
    pub max_priority_fee_per_gas: u128,
    /// Maximum total fee per gas, in base units.
    pub max_fee_per_gas: u128,
    /// Gas limit.
    pub gas_limit: u64,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value in base units.
    pub value: U256,
    /// Call data (or init code).
    pub data: Bytes,
    /// The access list.
    pub access_list: AccessList,
}

impl LegacyTx {
    /// A plain EIP-155 value transfer: gas limit [`TRANSFER_GAS`], no data.
    pub fn transfer(chain_id: u64, nonce: u64, gas_price: u128, to: Address, value: U256) -> Self {
        Self {
            chain_id: Some(chain_id),
            nonce,
            gas_price,
            gas_limit: TRANSFER_GAS,
            to: Some(to),
            value,
            data: Bytes::new(),
        }
    }

    /// The hash the sender signs: `keccak256(RLP([nonce, gasPrice, gasLimit, to, value, data,
    /// chainId, 0, 0]))`, or of the first six fields for a pre-155 transaction.
    pub fn signature_hash(&self) -> B256 {
        let mut payload_length = self.fields_len();
        if let Some(id) = self.chain_id {
            payload_length += id.length() + 2;
        }
        let mut out = Vec::with_capacity(payload_length + 9);
        Header { list: true, payload_length }.encode(&mut out);
        self.encode_fields(&mut out);
        if let Some(id) = self.chain_id {
            id.encode(&mut out);
            out.push(EMPTY_STRING_CODE);
            out.push(EMPTY_STRING_CODE);
        }
        keccak256(out)
    }

    /// The `v` of a signature with this parity: EIP-155 or 27/28.
    pub fn v(&self, y_parity: bool) -> Result<u64, TxError> {
        match self.chain_id {
            None => Ok(27 + y_parity as u64),
            Some(id) => id
                .checked_mul(2)
                .and_then(|v| v.checked_add(35 + y_parity as u64))
                .ok_or(TxError::ChainIdTooLarge(id)),
        }
    }

    /// Signs with `signer`.
    pub fn sign(self, signer: &PrivateKeySigner) -> Result<SignedTransaction, TxError> {
        TypedTransaction::Legacy(self).sign(signer)
    }
}

impl Eip2930Tx {
    /// The hash the sender signs: `keccak256(0x01 || RLP([chain_id, nonce, gas_price,
    /// gas_limit, to, value, data, access_list]))`.
    pub fn signature_hash(&self) -> B256 {
        typed_signature_hash(EIP2930_TX_TYPE, self)
    }

    /// Signs with `signer`.
    pub fn sign(self, signer: &PrivateKeySigner) -> Result<SignedTransaction, TxError> {
        TypedTransaction::Eip2930(self).sign(signer)
    }
}

impl Eip1559Tx {
    /// A plain value transfer: gas limit [`TRANSFER_GAS`], no data, empty access list.
    pub fn transfer(
        chain_id: u64,
        nonce: u64,
        max_priority_fee_per_gas: u128,
        max_fee_per_gas: u128,
        to: Address,
        value: U256,
    ) -> Self {
        Self {
            chain_id,
            nonce,
            max_priority_fee_per_gas,
            max_fee_per_gas,
            gas_limit: TRANSFER_GAS,
            to: Some(to),
            value,
            data: Bytes::new(),
            access_list: AccessList::default(),
        }
    }

    /// The hash the sender signs: `keccak256(0x02 || RLP([chain_id, nonce,
    /// max_priority_fee_per_gas, max_fee_per_gas, gas_limit, to, value, data, access_list]))`.
    pub fn signature_hash(&self) -> B256 {
        typed_signature_hash(EIP1559_TX_TYPE, self)
    }

    /// Signs with `signer`.
    pub fn sign(self, signer: &PrivateKeySigner) -> Result<SignedTransaction, TxError> {
        TypedTransaction::Eip1559(self).sign(signer)
    }
}

/// The unsigned fields of one transaction type, in wire order (without signature fields).
trait TxFields: Sized {
    fn fields_len(&self) -> usize;
    fn encode_fields(&self, out: &mut Vec<u8>);
    fn decode_fields(buf: &mut &[u8]) -> Result<Self, TxError>;
}

fn to_length(to: &Option<Address>) -> usize {
    to.as_ref().map_or(1, Encodable::length)
}

fn encode_to(to: &Option<Address>, out: &mut Vec<u8>) {
    match to {
        Some(address) => address.encode(out),
        None => out.push(EMPTY_STRING_CODE),
    }
}

fn decode_to(buf: &mut &[u8]) -> Result<Option<Address>, TxError> {
    if let Some((&EMPTY_STRING_CODE, rest)) = buf.split_first() {
        *buf = rest;
        return Ok(None);
    }
    Ok(Some(Address::decode(buf)?))
}

impl TxFields for LegacyTx {
    fn fields_len(&self) -> usize {
        self.nonce.length()
            + self.gas_price.length()
            + self.gas_limit.length()
            + to_length(&self.to)
            + self.value.length()
            + self.data.length()
    }

    fn encode_fields(&self, out: &mut Vec<u8>) {
        self.nonce.encode(out);
        self.gas_price.encode(out);
        self.gas_limit.encode(out);
        encode_to(&self.to, out);
        self.value.encode(out);
        self.data.encode(out);
    }

    fn decode_fields(buf: &mut &[u8]) -> Result<Self, TxError> {
        Ok(Self {
            chain_id: None,
            nonce: u64::decode(buf)?,
            gas_price: u128::decode(buf)?,
            gas_limit: u64::decode(buf)?,
            to: decode_to(buf)?,
            value: U256::decode(buf)?,
            data: Bytes::decode(buf)?,
        })
    }
}

impl TxFields for Eip2930Tx {
    fn fields_len(&self) -> usize {
        self.chain_id.length()
            + self.nonce.length()
            + self.gas_price.length()
            + self.gas_limit.length()
            + to_length(&self.to)
            + self.value.length()
            + self.data.length()
            + self.access_list.length()
    }

    fn encode_fields(&self, out: &mut Vec<u8>) {
        self.chain_id.encode(out);
        self.nonce.encode(out);
        self.gas_price.encode(out);
        self.gas_limit.encode(out);
        encode_to(&self.to, out);
        self.value.encode(out);
        self.data.encode(out);
        self.access_list.encode(out);
    }

    fn decode_fields(buf: &mut &[u8]) -> Result<Self, TxError> {
        Ok(Self {
            chain_id: u64::decode(buf)?,
            nonce: u64::decode(buf)?,
            gas_price: u128::decode(buf)?,
            gas_limit: u64::decode(buf)?,
            to: decode_to(buf)?,
            value: U256::decode(buf)?,
            data: Bytes::decode(buf)?,
            access_list: AccessList::decode(buf)?,
        })
    }
}

impl TxFields for Eip1559Tx {
    fn fields_len(&self) -> usize {
        self.chain_id.length()
            + self.nonce.length()
            + self.max_priority_fee_per_gas.length()
            + self.max_fee_per_gas.length()
            + self.gas_limit.length()
            + to_length(&self.to)
            + self.value.length()
            + self.data.length()
            + self.access_list.length()
    }

    fn encode_fields(&self, out: &mut Vec<u8>) {
        self.chain_id.encode(out);
        self.nonce.encode(out);
        self.max_priority_fee_per_gas.encode(out);
        self.max_fee_per_gas.encode(out);
        self.gas_limit.encode(out);
        encode_to(&self.to, out);
        self.value.encode(out);
        self.data.encode(out);
        self.access_list.encode(out);
    }

    fn decode_fields(buf: &mut &[u8]) -> Result<Self, TxError> {
        Ok(Self {
            chain_id: u64::decode(buf)?,
            nonce: u64::decode(buf)?,
            max_priority_fee_per_gas: u128::decode(buf)?,
            max_fee_per_gas: u128::decode(buf)?,
            gas_limit: u64::decode(buf)?,
            to: decode_to(buf)?,
            value: U256::decode(buf)?,
            data: Bytes::decode(buf)?,
            access_list: AccessList::decode(buf)?,
        })
    }
}

fn typed_signature_hash<T: TxFields>(tx_type: u8, tx: &T) -> B256 {
    let payload_length = tx.fields_len();
    let mut out = Vec::with_capacity(1 + payload_length + 9);
    out.push(tx_type);
    Header { list: true, payload_length }.encode(&mut out);
    tx.encode_fields(&mut out);
    keccak256(out)
}

/// Encodes `[fields..., v, r, s]` as an RLP list.
fn encode_signed_list<T: TxFields>(tx: &T, v: u64, signature: &Signature, out: &mut Vec<u8>) {
    let (r, s) = (signature.r(), signature.s());
    let payload_length = tx.fields_len() + v.length() + r.length() + s.length();
    Header { list: true, payload_length }.encode(out);
    tx.encode_fields(out);
    v.encode(out);
    r.encode(out);
    s.encode(out);
}

fn signed_list_length<T: TxFields>(tx: &T, v: u64, signature: &Signature) -> usize {
    let payload_length =
        tx.fields_len() + v.length() + signature.r().length() + signature.s().length();
    Header { list: true, payload_length }.length_with_payload()
}

/// Decodes an RLP list `[fields..., v, r, s]`, returning the fields, `v`, `r` and `s`.
fn decode_signed_list<T: TxFields>(buf: &mut &[u8]) -> Result<(T, u64, U256, U256), TxError> {
    let header = Header::decode(buf)?;
    if !header.list {
        return Err(alloy_rlp::Error::UnexpectedString.into());
    }
    // `Header::decode` guarantees that `payload_length` bytes remain.
    let (mut body, rest) = buf.split_at(header.payload_length);
    let tx = T::decode_fields(&mut body)?;
    let v = u64::decode(&mut body)?;
    let r = U256::decode(&mut body)?;
    let s = U256::decode(&mut body)?;
    if !body.is_empty() {
        return Err(alloy_rlp::Error::ListLengthMismatch {
            expected: header.payload_length - body.len(),
            got: header.payload_length,
        }
        .into());
    }
    *buf = rest;
    Ok((tx, v, r, s))
}

/// Any transaction the node accepts, unsigned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypedTransaction {
    /// Legacy (EIP-155 or pre-155).
    Legacy(LegacyTx),
    /// EIP-2930, type 0x01.
    Eip2930(Eip2930Tx),
    /// EIP-1559, type 0x02.
    Eip1559(Eip1559Tx),
}

impl From<LegacyTx> for TypedTransaction {
    fn from(tx: LegacyTx) -> Self {
        Self::Legacy(tx)
    }
}

impl From<Eip2930Tx> for TypedTransaction {
    fn from(tx: Eip2930Tx) -> Self {
        Self::Eip2930(tx)
    }
}

impl From<Eip1559Tx> for TypedTransaction {
    fn from(tx: Eip1559Tx) -> Self {
        Self::Eip1559(tx)
    }
}

impl TypedTransaction {
    /// The EIP-2718 type: 0 (legacy), 1 or 2.
    pub const fn tx_type(&self) -> u8 {
        match self {
            Self::Legacy(_) => LEGACY_TX_TYPE,
            Self::Eip2930(_) => EIP2930_TX_TYPE,
            Self::Eip1559(_) => EIP1559_TX_TYPE,
        }
    }

    /// The chain id (`None` only for a pre-EIP-155 legacy transaction).
    pub const fn chain_id(&self) -> Option<u64> {
        match self {
            Self::Legacy(tx) => tx.chain_id,
            Self::Eip2930(tx) => Some(tx.chain_id),
            Self::Eip1559(tx) => Some(tx.chain_id),
        }
    }

    /// The sender's nonce.
    pub const fn nonce(&self) -> u64 {
        match self {
            Self::Legacy(tx) => tx.nonce,
            Self::Eip2930(tx) => tx.nonce,
            Self::Eip1559(tx) => tx.nonce,
        }
    }

    /// The gas limit.
    pub const fn gas_limit(&self) -> u64 {
        match self {
            Self::Legacy(tx) => tx.gas_limit,
            Self::Eip2930(tx) => tx.gas_limit,
            Self::Eip1559(tx) => tx.gas_limit,
        }
    }

    /// The most the sender pays per gas: the gas price, or `max_fee_per_gas` for EIP-1559.
    pub const fn max_fee_per_gas(&self) -> u128 {
        match self {
            Self::Legacy(tx) => tx.gas_price,
            Self::Eip2930(tx) => tx.gas_price,
            Self::Eip1559(tx) => tx.max_fee_per_gas,
        }
    }

    /// The recipient (`None`: contract creation).
    pub const fn to(&self) -> Option<Address> {
        match self {
            Self::Legacy(tx) => tx.to,
            Self::Eip2930(tx) => tx.to,
            Self::Eip1559(tx) => tx.to,
        }
    }

    /// The value in base units.
    pub const fn value(&self) -> U256 {
        match self {
            Self::Legacy(tx) => tx.value,
            Self::Eip2930(tx) => tx.value,
            Self::Eip1559(tx) => tx.value,
        }
    }

    /// The call data.
    pub const fn data(&self) -> &Bytes {
        match self {
            Self::Legacy(tx) => &tx.data,
            Self::Eip2930(tx) => &tx.data,
            Self::Eip1559(tx) => &tx.data,
        }
    }

    /// The access list (`None` for legacy transactions).
    pub const fn access_list(&self) -> Option<&AccessList> {
        match self {
            Self::Legacy(_) => None,
            Self::Eip2930(tx) => Some(&tx.access_list),
            Self::Eip1559(tx) => Some(&tx.access_list),
        }
    }

    /// The hash the sender signs.
    pub fn signature_hash(&self) -> B256 {
        match self {
            Self::Legacy(tx) => tx.signature_hash(),
            Self::Eip2930(tx) => tx.signature_hash(),
            Self::Eip1559(tx) => tx.signature_hash(),
        }
    }

    /// Signs with `signer` (always low-S).
    ///
    /// Fails only for a legacy chain id too large for `v` to fit in 64 bits.
    pub fn sign(self, signer: &PrivateKeySigner) -> Result<SignedTransaction, TxError> {
        if let Self::Legacy(tx) = &self {
            tx.v(true)?;
        }
        let signature = signer.sign_hash(&self.signature_hash())?;
        SignedTransaction::new(self, signature)
    }
}

/// A signed transaction: the transaction, its signature and its hash (keccak256 of the raw
/// bytes, the hash `eth_sendRawTransaction` returns).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignedTransaction {
    tx: TypedTransaction,
    signature: Signature,
    hash: B256,
}

impl SignedTransaction {
    /// Joins a transaction and a signature made over its [`TypedTransaction::signature_hash`].
    ///
    /// Fails only for a legacy chain id too large for `v` to fit in 64 bits. The signature
    /// is not checked here; see [`Self::recover_signer`].
    pub fn new(tx: TypedTransaction, signature: Signature) -> Result<Self, TxError> {
        let mut this = Self { tx, signature, hash: B256::ZERO };
        this.legacy_v()?;
        this.hash = keccak256(this.encoded_2718());
        Ok(this)
    }

    /// The transaction.
    pub const fn tx(&self) -> &TypedTransaction {
        &self.tx
    }

    /// The signature.
    pub const fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The transaction hash: keccak256 of [`Self::encoded_2718`].
    pub const fn hash(&self) -> B256 {
        self.hash
    }

    /// Splits into the transaction, the signature and the hash.
    pub fn into_parts(self) -> (TypedTransaction, Signature, B256) {
        (self.tx, self.signature, self.hash)
    }

    /// `v` of a legacy transaction (0 for typed transactions, which carry the parity).
    fn legacy_v(&self) -> Result<u64, TxError> {
        match &self.tx {
            TypedTransaction::Legacy(tx) => tx.v(self.signature.y_parity()),
            _ => Ok(self.signature.y_parity() as u64),
        }
    }

    fn v_unchecked(&self) -> u64 {
        // `new` and `decode` guarantee that `v` fits.
        self.legacy_v().unwrap_or(u64::MAX)
    }

    /// Appends the raw network encoding (what `eth_sendRawTransaction` takes) to `out`:
    /// `RLP([..., v, r, s])` for legacy, `type || RLP([..., y_parity, r, s])` for typed ones.
    pub fn encode_2718(&self, out: &mut Vec<u8>) {
        let v = self.v_unchecked();
        match &self.tx {
            TypedTransaction::Legacy(tx) => encode_signed_list(tx, v, &self.signature, out),
            TypedTransaction::Eip2930(tx) => {
                out.push(EIP2930_TX_TYPE);
                encode_signed_list(tx, v, &self.signature, out);
            }
            TypedTransaction::Eip1559(tx) => {
                out.push(EIP1559_TX_TYPE);
                encode_signed_list(tx, v, &self.signature, out);
            }
        }
    }

    /// The length of [`Self::encoded_2718`].
    pub fn encoded_length(&self) -> usize {
        let v = self.v_unchecked();
        match &self.tx {
            TypedTransaction::Legacy(tx) => signed_list_length(tx, v, &self.signature),
            TypedTransaction::Eip2930(tx) => 1 + signed_list_length(tx, v, &self.signature),
            TypedTransaction::Eip1559(tx) => 1 + signed_list_length(tx, v, &self.signature),
        }
    }

    /// The raw network encoding (what `eth_sendRawTransaction` takes).
    pub fn encoded_2718(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_length());
        self.encode_2718(&mut out);
        out
    }

    /// [`Self::encoded_2718`] as [`Bytes`].
    pub fn raw(&self) -> Bytes {
        self.encoded_2718().into()
    }

    /// `0x`-prefixed hex of the raw encoding, the `eth_sendRawTransaction` parameter.
    pub fn raw_hex(&self) -> String {
        format!("0x{}", hex::encode(self.encoded_2718()))
    }

    /// Recovers the sender. High-S signatures are rejected, as the node rejects them.
    pub fn recover_signer(&self) -> Result<Address, TxError> {
        Ok(self.signature.recover_address(&self.tx.signature_hash())?)
    }

    /// Decodes a raw transaction: legacy (`v` = 27/28, or EIP-155 with the chain id taken from
    /// `v`), typed 0x01 or typed 0x02. The whole input must be one canonical transaction.
    ///
    /// Never panics; every malformed input is a [`TxError`].
    pub fn decode(raw: &[u8]) -> Result<Self, TxError> {
        let first = *raw.first().ok_or(TxError::Empty)?;
        let mut buf = raw;
        let (tx, signature) = match first {
            0xc0..=0xff => {
                let (mut tx, v, r, s) = decode_signed_list::<LegacyTx>(&mut buf)?;
                let (parity, chain_id) = match v {
                    27 | 28 => (v == 28, None),
                    v if v >= 35 => ((v - 35) % 2 == 1, Some((v - 35) / 2)),
                    v => return Err(TxError::InvalidV(v)),
                };
                tx.chain_id = chain_id;
                (TypedTransaction::Legacy(tx), Signature::new(r, s, parity))
            }
            EIP2930_TX_TYPE => {
                buf = &buf[1..];
                let (tx, v, r, s) = decode_signed_list::<Eip2930Tx>(&mut buf)?;
                (TypedTransaction::Eip2930(tx), Signature::new(r, s, typed_parity(v)?))
            }
            EIP1559_TX_TYPE => {
                buf = &buf[1..];
                let (tx, v, r, s) = decode_signed_list::<Eip1559Tx>(&mut buf)?;
                (TypedTransaction::Eip1559(tx), Signature::new(r, s, typed_parity(v)?))
            }
            0x00..=0x7f => return Err(TxError::UnsupportedType(first)),
            _ => return Err(TxError::NotATransaction(first)),
        };
        if !buf.is_empty() {
            return Err(TxError::TrailingBytes(buf.len()));
        }
        Ok(Self { tx, signature, hash: keccak256(raw) })
    }

    /// [`Self::decode`] of a hex string, with or without `0x`.
    pub fn decode_hex(raw_hex: &str) -> Result<Self, TxError> {
        let s = raw_hex.trim();
        let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
        let bytes = hex::decode(s).map_err(|e| TxError::Hex(e.to_string()))?;
        Self::decode(&bytes)
    }
}

fn typed_parity(v: u64) -> Result<bool, TxError> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        v => Err(TxError::InvalidYParity(v)),
    }
}
