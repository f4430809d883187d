//! BIP32 hierarchical deterministic derivation of secp256k1 keys, and the Ethereum BIP44 path.

use std::{fmt, str::FromStr};

use hmac::{Hmac, Mac};
use k256::{elliptic_curve::PrimeField, Scalar};
use moderntensor_primitives::PrivateKeySigner;
use sha2::Sha512;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{
    error::{Result, WalletError},
    mnemonic::Mnemonic,
};

/// Indices at or above this are hardened.
pub const HARDENED_OFFSET: u32 = 0x8000_0000;

/// The Ethereum BIP44 path of account `i` is `m/44'/60'/0'/0/i`; this is its prefix.
pub const ETH_BIP44_PREFIX: &str = "m/44'/60'/0'/0";

/// One step of a derivation path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildIndex {
    /// A normal child (`i`, below 2^31): derivable from the parent's public key.
    Normal(u32),
    /// A hardened child (`i'`, `i` below 2^31): needs the parent's private key.
    Hardened(u32),
}

impl ChildIndex {
    /// The 32-bit index BIP32 hashes: hardened children have the top bit set.
    pub const fn raw(self) -> u32 {
        match self {
            Self::Normal(i) => i,
            Self::Hardened(i) => i | HARDENED_OFFSET,
        }
    }

    /// Whether this is a hardened child.
    pub const fn is_hardened(self) -> bool {
        matches!(self, Self::Hardened(_))
    }
}

impl fmt::Display for ChildIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Normal(i) => write!(f, "{i}"),
            Self::Hardened(i) => write!(f, "{i}'"),
        }
    }
}

/// A BIP32 derivation path such as `m/44'/60'/0'/0/0`.
///
/// Parsing accepts `'`, `h` or `H` as the hardened marker and surrounding whitespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DerivationPath {
    steps: Vec<ChildIndex>,
}

impl DerivationPath {
    /// The maximum depth BIP32 serialization allows.
    pub const MAX_DEPTH: usize = 255;

    /// From its steps.
    pub fn new(steps: Vec<ChildIndex>) -> Result<Self> {
        if steps.len() > Self::MAX_DEPTH {
            return Err(WalletError::InvalidDerivationPath {
                path: format!("({} steps)", steps.len()),
                reason: format!("more than {} levels", Self::MAX_DEPTH),
            });
        }
        for step in &steps {
            let (ChildIndex::Normal(i) | ChildIndex::Hardened(i)) = *step;
            if i >= HARDENED_OFFSET {
                return Err(WalletError::InvalidDerivationPath {
                    path: format!("index {i}"),
                    reason: "an index must be below 2^31 (2147483648)".into(),
                });
            }
        }
        Ok(Self { steps })
    }

    /// The Ethereum BIP44 path of account `index`: `m/44'/60'/0'/0/index`.
    pub fn eth_account(index: u32) -> Result<Self> {
        if index >= HARDENED_OFFSET {
            return Err(WalletError::InvalidDerivationPath {
                path: format!("{ETH_BIP44_PREFIX}/{index}"),
                reason: "the account index must be below 2^31 (2147483648)".into(),
            });
        }
        Ok(Self {
            steps: vec![
                ChildIndex::Hardened(44),
                ChildIndex::Hardened(60),
                ChildIndex::Hardened(0),
                ChildIndex::Normal(0),
                ChildIndex::Normal(index),
            ],
        })
    }

    /// Parses a path: `m`, then `/`-separated indices, each optionally hardened.
    pub fn parse(path: &str) -> Result<Self> {
        let bad =
            |reason: String| WalletError::InvalidDerivationPath { path: path.to_string(), reason };
        let trimmed = path.trim();
        let mut parts = trimmed.split('/');
        match parts.next() {
            Some("m" | "M") => {}
            Some("") if trimmed.is_empty() => return Err(bad("the path is empty".into())),
            _ => return Err(bad("a path starts with \"m\"".into())),
        }
        let mut steps = Vec::new();
        for (n, part) in parts.enumerate() {
            let level = n + 1;
            if part.is_empty() {
                return Err(bad(format!("level {level} is empty (a doubled or trailing '/')")));
            }
            let (digits, hardened) = match part.strip_suffix(['\'', 'h', 'H']) {
                Some(d) => (d, true),
                None => (part, false),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!(
                    "level {level} is {part:?}, not a number optionally followed by '"
                )));
            }
            let index: u32 =
                digits.parse().ok().filter(|i| *i < HARDENED_OFFSET).ok_or_else(|| {
                    bad(format!("level {level} index {digits} is not below 2^31"))
                })?;
            steps.push(if hardened {
                ChildIndex::Hardened(index)
            } else {
                ChildIndex::Normal(index)
            });
            if steps.len() > Self::MAX_DEPTH {
                return Err(bad(format!("more than {} levels", Self::MAX_DEPTH)));
            }
        }
        Ok(Self { steps })
    }

    /// The steps, from the master key down.
    pub fn steps(&self) -> &[ChildIndex] {
        &self.steps
    }
}

impl FromStr for DerivationPath {
    type Err = WalletError;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl fmt::Display for DerivationPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("m")?;
        for step in &self.steps {
            write!(f, "/{step}")?;
        }
        Ok(())
    }
}

/// A BIP32 extended private key: a secp256k1 secret and its chain code.
///
/// Both are zeroized on drop; [`fmt::Debug`] shows only the depth.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ExtendedPrivateKey {
    secret: [u8; 32],
    chain_code: [u8; 32],
    depth: u8,
}

type HmacSha512 = Hmac<Sha512>;

/// HMAC-SHA512 of `parts` under `key`, split into (IL, IR).
fn hmac_sha512(key: &[u8], parts: &[&[u8]]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let mut mac = HmacSha512::new_from_slice(key).expect("HMAC accepts keys of any length");
    for part in parts {
        mac.update(part);
    }
    let mut out = mac.finalize().into_bytes();
    let mut left = Zeroizing::new([0u8; 32]);
    let mut right = Zeroizing::new([0u8; 32]);
    left.copy_from_slice(&out[..32]);
    right.copy_from_slice(&out[32..]);
    out.as_mut_slice().zeroize();
    (left, right)
}

/// `bytes` as a non-zero scalar below the curve order, if it is one.
fn nonzero_scalar(bytes: &[u8; 32]) -> Option<Scalar> {
    let scalar: Option<Scalar> = Scalar::from_repr((*bytes).into()).into();
    scalar.filter(|s| !bool::from(s.is_zero()))
}

impl ExtendedPrivateKey {
    /// The master key of a seed (16 to 64 bytes): HMAC-SHA512 keyed with "Bitcoin seed".
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        if !(16..=64).contains(&seed.len()) {
            return Err(WalletError::SeedLength(seed.len()));
        }
        let (il, ir) = hmac_sha512(b"Bitcoin seed", &[seed]);
        if nonzero_scalar(&il).is_none() {
            return Err(WalletError::InvalidDerivedKey("the master key (m)".into()));
        }
        Ok(Self { secret: *il, chain_code: *ir, depth: 0 })
    }

    /// The child at `index` (BIP32 CKDpriv).
    pub fn derive_child(&self, index: ChildIndex) -> Result<Self> {
        let depth =
            self.depth.checked_add(1).ok_or_else(|| WalletError::InvalidDerivationPath {
                path: format!("(depth {})", self.depth),
                reason: "BIP32 allows at most 255 levels".into(),
            })?;
        let raw = index.raw().to_be_bytes();
        let (il, ir) = match index {
            ChildIndex::Hardened(_) => hmac_sha512(&self.chain_code, &[&[0u8], &self.secret, &raw]),
            ChildIndex::Normal(_) => {
                let public = self.compressed_public_key()?;
                hmac_sha512(&self.chain_code, &[&public, &raw])
            }
        };
        let invalid = || WalletError::InvalidDerivedKey(format!("child {index}"));
        // BIP32 rejects IL >= n; IL = 0 is allowed (the child then equals the parent).
        let tweak: Option<Scalar> = Scalar::from_repr((*il).into()).into();
        let mut tweak = tweak.ok_or_else(invalid)?;
        let mut parent = nonzero_scalar(&self.secret).ok_or_else(invalid)?;
        let mut child = tweak + parent;
        tweak.zeroize();
        parent.zeroize();
        if bool::from(child.is_zero()) {
            return Err(invalid());
        }
        let mut secret = [0u8; 32];
        secret.copy_from_slice(&child.to_bytes());
        child.zeroize();
        Ok(Self { secret, chain_code: *ir, depth })
    }

    /// Derives every step of `path` from this key.
    pub fn derive_path(&self, path: &DerivationPath) -> Result<Self> {
        let mut key = self.clone();
        for step in path.steps() {
            key = key.derive_child(*step)?;
        }
        Ok(key)
    }

    /// The 33-byte SEC1 compressed public key.
    pub fn compressed_public_key(&self) -> Result<[u8; 33]> {
        let secret = k256::SecretKey::from_bytes(&self.secret.into())
            .map_err(|_| WalletError::InvalidDerivedKey("a key".into()))?;
        let point = k256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
            &secret.public_key(),
            true,
        );
        let mut out = [0u8; 33];
        out.copy_from_slice(point.as_bytes());
        Ok(out)
    }

    /// The 32-byte private key.
    pub fn private_key(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret)
    }

    /// The 32-byte chain code (secret too: with the public key it reveals every normal child).
    pub fn chain_code(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.chain_code)
    }

    /// The depth: 0 for the master key.
    pub const fn depth(&self) -> u8 {
        self.depth
    }

    /// A signer for this key.
    pub fn signer(&self) -> Result<PrivateKeySigner> {
        PrivateKeySigner::from_bytes(&self.secret)
            .map_err(|_| WalletError::InvalidDerivedKey("a key".into()))
    }
}

impl fmt::Debug for ExtendedPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtendedPrivateKey").field("depth", &self.depth).finish_non_exhaustive()
    }
}

/// The signer of Ethereum account `index` of `mnemonic` (no BIP39 passphrase):
/// path `m/44'/60'/0'/0/index`, as MetaMask, Foundry and eth-account derive it.
pub fn derive_signer(mnemonic: &Mnemonic, index: u32) -> Result<PrivateKeySigner> {
    derive_signer_with_passphrase(mnemonic, "", index)
}

/// Like [`derive_signer`], with a BIP39 passphrase.
pub fn derive_signer_with_passphrase(
    mnemonic: &Mnemonic,
    passphrase: &str,
    index: u32,
) -> Result<PrivateKeySigner> {
    let path = DerivationPath::eth_account(index)?;
    let seed = mnemonic.to_seed(passphrase);
    ExtendedPrivateKey::from_seed(seed.as_bytes())?.derive_path(&path)?.signer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use moderntensor_primitives::Address;

    const TEST_PHRASE: &str = "test test test test test test test test test test test junk";

    #[test]
    fn foundry_test_mnemonic_accounts() {
        let m = Mnemonic::parse(TEST_PHRASE).unwrap();
        let cases = [
            (
                0,
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                Some("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
            ),
            (
                1,
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                Some("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
            ),
            (2, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", None),
        ];
        for (index, address, key) in cases {
            let signer = derive_signer(&m, index).unwrap();
            assert_eq!(signer.address(), address.parse::<Address>().unwrap(), "index {index}");
            if let Some(key) = key {
                assert_eq!(hex::encode(*signer.secret_bytes()), key, "index {index}");
            }
        }
        // A passphrase changes everything.
        let other = derive_signer_with_passphrase(&m, "x", 0).unwrap();
        assert_ne!(other.address(), derive_signer(&m, 0).unwrap().address());
    }

    #[test]
    fn bip32_test_vector_1() {
        // BIP32 test vector 1: private keys and chain codes at each level of m/0'/1/2'/2/1000000000.
        let seed = hex::decode("000102030405060708090a0b0c0d0e0f").unwrap();
        let levels = [
            (
                "m",
                "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35",
                "873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508",
            ),
            (
                "m/0'",
                "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea",
                "47fdacbd0f1097043b78c63c20c34ef4ed9a111d980047ad16282c7ae6236141",
            ),
            (
                "m/0'/1",
                "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368",
                "2a7857631386ba23dacac34180dd1983734e444fdbf774041578e9b6adb37c19",
            ),
            (
                "m/0H/1/2H",
                "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca",
                "04466b9cc8e161e966409ca52986c584f07e9dc81f735db683c3ff6ec7b1503f",
            ),
            (
                "m/0h/1/2h/2",
                "0f479245fb19a38a1954c5c7c0ebab2f9bdfd96a17563ef28a6a4b1a2a764ef4",
                "cfb71883f01676f587d023cc53a35bc7f88f724b1f8c2892ac1275ac822a3edd",
            ),
            (
                "m/0'/1/2'/2/1000000000",
                "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8",
                "c783e67b921d2beb8f6b389cc646d7263b4145701dadd2161548a8b078e65e9e",
            ),
        ];
        let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
        for (depth, (path, key, chain)) in levels.into_iter().enumerate() {
            let path: DerivationPath = path.parse().unwrap();
            let derived = master.derive_path(&path).unwrap();
            assert_eq!(hex::encode(*derived.private_key()), key, "{path}");
            assert_eq!(hex::encode(*derived.chain_code()), chain, "{path}");
            assert_eq!(derived.depth() as usize, depth);
        }
        // Step by step gives the same as the whole path.
        let mut key = master.clone();
        for step in DerivationPath::parse("m/0'/1/2'/2/1000000000").unwrap().steps() {
            key = key.derive_child(*step).unwrap();
        }
        assert_eq!(
            hex::encode(*key.private_key()),
            "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8"
        );
        assert_eq!(
            hex::encode(master.compressed_public_key().unwrap()),
            "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2"
        );
    }

    #[test]
    fn path_parsing() {
        let p = DerivationPath::parse(" m/44'/60'/0'/0/7 ").unwrap();
        assert_eq!(p, DerivationPath::eth_account(7).unwrap());
        assert_eq!(p.to_string(), "m/44'/60'/0'/0/7");
        assert_eq!(DerivationPath::parse("m").unwrap().steps(), &[]);
        assert_eq!(
            DerivationPath::parse("m/1h/2H/3").unwrap().steps(),
            &[ChildIndex::Hardened(1), ChildIndex::Hardened(2), ChildIndex::Normal(3)]
        );
        for (bad, needle) in [
            ("", "empty"),
            ("44'/60'", "starts with"),
            ("m/", "level 1 is empty"),
            ("m/44'//0", "level 2 is empty"),
            ("m/x", "not a number"),
            ("m/1''", "not a number"),
            ("m/-1", "not a number"),
            ("m/2147483648", "below 2^31"),
            ("m/99999999999999999999", "below 2^31"),
        ] {
            let err = DerivationPath::parse(bad).unwrap_err();
            assert!(err.to_string().contains(needle), "{bad:?}: {err}");
        }
        assert!(DerivationPath::eth_account(HARDENED_OFFSET).is_err());
        assert!(ExtendedPrivateKey::from_seed(&[0u8; 8]).is_err());
        let m = Mnemonic::parse(TEST_PHRASE).unwrap();
        assert!(derive_signer(&m, u32::MAX).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn path_display_round_trips(steps in proptest::collection::vec((0u32..HARDENED_OFFSET, proptest::prelude::any::<bool>()), 0..8)) {
            let steps = steps
                .into_iter()
                .map(|(i, h)| if h { ChildIndex::Hardened(i) } else { ChildIndex::Normal(i) })
                .collect();
            let path = DerivationPath::new(steps).unwrap();
            proptest::prop_assert_eq!(DerivationPath::parse(&path.to_string()).unwrap(), path);
        }

        #[test]
        fn path_parse_never_panics(s in "\\PC{0,60}") {
            let _ = DerivationPath::parse(&s);
        }
    }

    #[test]
    fn debug_redacts() {
        let seed = [7u8; 32];
        let key = ExtendedPrivateKey::from_seed(&seed).unwrap();
        let dbg = format!("{key:?}");
        assert!(!dbg.contains(&hex::encode(*key.private_key())[..8]));
        assert_eq!(dbg, "ExtendedPrivateKey { depth: 0, .. }");
    }
}
