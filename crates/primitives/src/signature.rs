//! secp256k1 signatures as the Luxtensor node verifies them: low-S, recoverable, EIP-191.

use std::{fmt, str::FromStr};

use alloy_primitives::{keccak256, Address, B256, U256};
use k256::ecdsa::{RecoveryId, Signature as EcdsaSignature, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// Signature and key errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Not 64 or 65 bytes of hex.
    #[error("signature must be 65 bytes (r||s||v) or 64 bytes (r||s) of hex, got {0} bytes")]
    Length(usize),
    /// Not hex.
    #[error("signature is not valid hex: {0}")]
    Hex(String),
    /// v is not 0, 1, 27 or 28.
    #[error("signature v = {0} is not a recovery id (expected 0, 1, 27 or 28)")]
    BadV(u64),
    /// High-S signatures are rejected, as the node rejects them.
    #[error("signature has a high S value; the node accepts only low-S (canonical) signatures")]
    HighS,
    /// r or s out of range, or recovery failed.
    #[error("signature does not recover to a public key")]
    Unrecoverable,
    /// A private key is not a valid secp256k1 scalar.
    #[error(
        "invalid private key: expected 32 bytes (64 hex digits) forming a valid secp256k1 scalar"
    )]
    InvalidPrivateKey,
}

/// A recoverable secp256k1 signature: `r`, `s`, and the recovery parity.
///
/// Serialized as 65 bytes `r‖s‖v` hex with `v = 27 + parity`, the form `personal_sign` gives.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    r: U256,
    s: U256,
    y_parity: bool,
}

impl Signature {
    /// From its parts.
    pub const fn new(r: U256, s: U256, y_parity: bool) -> Self {
        Self { r, s, y_parity }
    }

    /// `r`.
    pub const fn r(&self) -> U256 {
        self.r
    }

    /// `s`.
    pub const fn s(&self) -> U256 {
        self.s
    }

    /// The recovery parity (recovery id 0 or 1).
    pub const fn y_parity(&self) -> bool {
        self.y_parity
    }

    /// `v` as `personal_sign` writes it: 27 or 28.
    pub const fn v_electrum(&self) -> u8 {
        27 + self.y_parity as u8
    }

    /// Whether `s` is in the lower half of the curve order.
    pub fn is_low_s(&self) -> bool {
        self.to_k256().map(|s| s.normalize_s().is_none()).unwrap_or(false)
    }

    /// 65 bytes `r‖s‖v`, v = 27/28.
    pub fn as_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out[..32].copy_from_slice(&self.r.to_be_bytes::<32>());
        out[32..64].copy_from_slice(&self.s.to_be_bytes::<32>());
        out[64] = self.v_electrum();
        out
    }

    /// `0x`-prefixed hex of [`Self::as_bytes`].
    pub fn to_hex(&self) -> String {
        format!("0x{}", hex::encode(self.as_bytes()))
    }

    /// Parses 65 bytes (v = 0, 1, 27 or 28). 64 bytes (no v) cannot be parsed into a
    /// [`Signature`]; use [`recover_message_signer_any_parity`] for those. (The `v` of
    /// transactions, EIP-155 or typed, is read by `moderntensor-tx`.)
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SignatureError> {
        if bytes.len() != 65 {
            return Err(SignatureError::Length(bytes.len()));
        }
        let y_parity = match bytes[64] {
            0 | 27 => false,
            1 | 28 => true,
            v => return Err(SignatureError::BadV(v as u64)),
        };
        Ok(Self::new(
            U256::from_be_slice(&bytes[..32]),
            U256::from_be_slice(&bytes[32..64]),
            y_parity,
        ))
    }

    fn to_k256(self) -> Result<EcdsaSignature, SignatureError> {
        EcdsaSignature::from_scalars(self.r.to_be_bytes::<32>(), self.s.to_be_bytes::<32>())
            .map_err(|_| SignatureError::Unrecoverable)
    }

    /// Recovers the signer of a 32-byte prehash. High-S signatures are rejected.
    pub fn recover_address(&self, prehash: &B256) -> Result<Address, SignatureError> {
        let sig = self.to_k256()?;
        if sig.normalize_s().is_some() {
            return Err(SignatureError::HighS);
        }
        let recid = RecoveryId::new(self.y_parity, false);
        let key = VerifyingKey::recover_from_prehash(prehash.as_slice(), &sig, recid)
            .map_err(|_| SignatureError::Unrecoverable)?;
        Ok(address_of(&key))
    }

    /// Recovers the signer of an EIP-191 `personal_sign` message.
    pub fn recover_message_signer(&self, message: &[u8]) -> Result<Address, SignatureError> {
        self.recover_address(&eip191_hash(message))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", self.to_hex())
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for Signature {
    type Err = SignatureError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes =
            crate::hexutil::decode_0x(s.trim()).map_err(|e| SignatureError::Hex(e.to_string()))?;
        Self::from_bytes(&bytes)
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The EIP-191 `personal_sign` hash:
/// `keccak256("\x19Ethereum Signed Message:\n" + len(message) + message)`.
pub fn eip191_hash(message: &[u8]) -> B256 {
    let prefix = format!("\x19Ethereum Signed Message:\n{}", message.len());
    let mut buf = Vec::with_capacity(prefix.len() + message.len());
    buf.extend_from_slice(prefix.as_bytes());
    buf.extend_from_slice(message);
    keccak256(buf)
}

/// Recovers the signer of an EIP-191 message from a hex signature of 65 bytes (`r‖s‖v`,
/// v = 0/1/27/28) or 64 bytes (`r‖s`), as the node accepts them. High-S is rejected.
///
/// With 64 bytes both recovery ids are tried (as the node does): the one recovering `expected`
/// wins; without `expected`, or when neither matches, the first recovered address is returned
/// (the caller compares it with whom it expected).
pub fn recover_message_signer_any_parity(
    message: &[u8],
    signature_hex: &str,
    expected: Option<Address>,
) -> Result<Address, SignatureError> {
    let bytes = crate::hexutil::decode_0x(signature_hex.trim())
        .map_err(|e| SignatureError::Hex(e.to_string()))?;
    let candidates = match bytes.len() {
        65 => vec![Signature::from_bytes(&bytes)?],
        64 => {
            let (r, s) = (U256::from_be_slice(&bytes[..32]), U256::from_be_slice(&bytes[32..]));
            vec![Signature::new(r, s, false), Signature::new(r, s, true)]
        }
        n => return Err(SignatureError::Length(n)),
    };
    let hash = eip191_hash(message);
    let mut first = None;
    for signature in candidates {
        match signature.recover_address(&hash) {
            Ok(address) if expected.is_none_or(|e| e == address) => return Ok(address),
            Ok(address) => {
                first.get_or_insert(address);
            }
            Err(SignatureError::HighS) => return Err(SignatureError::HighS),
            Err(_) => {}
        }
    }
    first.ok_or(SignatureError::Unrecoverable)
}

/// The address of a public key: the last 20 bytes of `keccak256(uncompressed_pubkey[1..])`.
pub fn address_of(key: &VerifyingKey) -> Address {
    let point = key.to_encoded_point(false);
    let hash = keccak256(&point.as_bytes()[1..]);
    Address::from_slice(&hash[12..])
}

/// A private key that signs as the node expects: low-S, with recovery parity.
///
/// The key material is zeroized when the signer is dropped.
#[derive(Clone)]
pub struct PrivateKeySigner {
    key: SigningKey,
    address: Address,
}

impl PrivateKeySigner {
    /// From 32 secret bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, SignatureError> {
        let key =
            SigningKey::from_bytes(bytes.into()).map_err(|_| SignatureError::InvalidPrivateKey)?;
        Ok(Self::from_signing_key(key))
    }

    /// From a k256 signing key.
    pub fn from_signing_key(key: SigningKey) -> Self {
        let address = address_of(key.verifying_key());
        Self { key, address }
    }

    /// From 64 hex digits, with or without `0x`.
    pub fn from_hex(hex_key: &str) -> Result<Self, SignatureError> {
        let s = crate::hexutil::strip_0x(hex_key.trim());
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(s, bytes.as_mut()).map_err(|_| SignatureError::InvalidPrivateKey)?;
        Self::from_bytes(&bytes)
    }

    /// A fresh random key from the operating system's generator.
    pub fn random() -> Self {
        loop {
            let mut bytes = Zeroizing::new([0u8; 32]);
            getrandom::getrandom(bytes.as_mut()).expect("the operating system's random generator");
            if let Ok(signer) = Self::from_bytes(&bytes) {
                return signer;
            }
        }
    }

    /// The account address.
    pub const fn address(&self) -> Address {
        self.address
    }

    /// The 65-byte uncompressed public key (`0x04‖x‖y`).
    pub fn public_key_uncompressed(&self) -> [u8; 65] {
        let point = self.key.verifying_key().to_encoded_point(false);
        let mut out = [0u8; 65];
        out.copy_from_slice(point.as_bytes());
        out
    }

    /// The 32 secret bytes, in a buffer zeroized on drop. Handle with care.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.key.to_bytes().into())
    }

    /// The underlying k256 key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// Signs a 32-byte prehash; the result is always low-S.
    pub fn sign_hash(&self, prehash: &B256) -> Result<Signature, SignatureError> {
        let (sig, recid) = self
            .key
            .sign_prehash_recoverable(prehash.as_slice())
            .map_err(|_| SignatureError::Unrecoverable)?;
        // k256 normalizes s; keep the parity consistent if it ever hands back a high S.
        let (sig, parity) = match sig.normalize_s() {
            Some(low) => (low, !recid.is_y_odd()),
            None => (sig, recid.is_y_odd()),
        };
        let (r, s) = sig.split_bytes();
        Ok(Signature::new(U256::from_be_slice(&r), U256::from_be_slice(&s), parity))
    }

    /// Signs a message with EIP-191 `personal_sign`.
    pub fn sign_message(&self, message: &[u8]) -> Result<Signature, SignatureError> {
        self.sign_hash(&eip191_hash(message))
    }
}

impl fmt::Debug for PrivateKeySigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKeySigner").field("address", &self.address).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spec_signed_rpc_vector() {
        // Test mnemonic index 1; the message and signature from the spec, section 6.
        let signer = PrivateKeySigner::from_hex(
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        )
        .unwrap();
        assert_eq!(
            signer.address(),
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8".parse::<Address>().unwrap()
        );
        let msg = b"neuron_register:70997970c51812dc3a010c7d01b50e0d17dc79c8:1:1700000000";
        let sig = signer.sign_message(msg).unwrap();
        assert_eq!(
            sig.to_hex(),
            "0x1c09da1b3a94875fd017963dc1141fc9b79ebc3b3c3f20a82bf336effa05babe7362b0ac75a9098b8dfe38d51b07849d35a2646e621d4157030bbb1e5c9c69f51c"
        );
        assert_eq!(sig.recover_message_signer(msg).unwrap(), signer.address());
        let no_v = &sig.to_hex()[..130];
        assert_eq!(
            recover_message_signer_any_parity(msg, no_v, Some(signer.address())).unwrap(),
            signer.address()
        );
    }

    #[test]
    fn rejects_high_s_and_bad_v() {
        let signer = PrivateKeySigner::random();
        let hash = keccak256(b"x");
        let sig = signer.sign_hash(&hash).unwrap();
        let n = U256::from_str_radix(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
            16,
        )
        .unwrap();
        let high = Signature::new(sig.r(), n - sig.s(), !sig.y_parity());
        assert!(!high.is_low_s());
        assert_eq!(high.recover_address(&hash), Err(SignatureError::HighS));
        let mut bytes = sig.as_bytes();
        bytes[64] = 29;
        assert_eq!(Signature::from_bytes(&bytes), Err(SignatureError::BadV(29)));
        assert_eq!(Signature::from_bytes(&bytes[..10]), Err(SignatureError::Length(10)));
        assert!(PrivateKeySigner::from_hex("0x00").is_err());
        assert!(PrivateKeySigner::from_hex(&"00".repeat(32)).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn sign_then_recover_is_low_s(key in any::<[u8; 32]>(), msg in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(signer) = PrivateKeySigner::from_bytes(&key) {
                let sig = signer.sign_message(&msg).unwrap();
                prop_assert!(sig.is_low_s());
                prop_assert_eq!(sig.recover_message_signer(&msg).unwrap(), signer.address());
                let parsed: Signature = sig.to_hex().parse().unwrap();
                prop_assert_eq!(parsed, sig);
            }
        }
    }
}
