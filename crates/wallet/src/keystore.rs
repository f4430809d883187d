//! Web3 Secret Storage v3 keystores: the encrypted JSON key files of geth, eth-account,
//! MetaMask and Foundry.
//!
//! Writing uses scrypt + AES-128-CTR. Reading also accepts PBKDF2-HMAC-SHA256 keystores.

use std::{fmt, fs, path::Path};

use aes::Aes128;
use ctr::cipher::{KeyIvInit, StreamCipher};
use hmac::{Hmac, Mac};
use moderntensor_primitives::{parse_address, Address, PrivateKeySigner};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Sha256;
use sha3::{Digest, Keccak256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::{
    error::{fill_random, Result, WalletError},
    fsutil::{create_private_dir, write_atomic, PRIVATE_FILE_MODE},
};

/// What to do when a file (or wallet, or hotkey) to be created already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IfExists {
    /// Fail with an error and leave the existing one untouched.
    #[default]
    Fail,
    /// Replace it. The old key is lost unless it is backed up elsewhere.
    Overwrite,
}

/// The most memory a keystore's scrypt parameters may ask for, `128·r·(n + p + 2)` bytes
/// (1 GiB, four times the standard parameters): a guard against corrupt or hostile files.
pub const MAX_SCRYPT_MEMORY: u64 = 1 << 30;
/// The most scrypt work accepted, `n·r·p` (16 times the standard 2^18·8·1).
pub const MAX_SCRYPT_WORK: u64 = 16 * (1 << 18) * 8;
/// The largest scrypt block size `r` accepted.
pub const MAX_SCRYPT_R: u32 = 32;
/// The most scrypt parallelism accepted.
pub const MAX_SCRYPT_P: u32 = 4;
/// The most PBKDF2 iterations accepted when decrypting (geth and eth-account use 262,144 or
/// fewer; 10 million already takes seconds).
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// scrypt cost parameters for new keystores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScryptParams {
    log_n: u8,
    r: u32,
    p: u32,
}

impl ScryptParams {
    /// The default of eth-account and geth: n = 2^18 (262144), r = 8, p = 1. About 256 MiB of
    /// memory and on the order of a second per encryption or decryption.
    pub const fn standard() -> Self {
        Self { log_n: 18, r: 8, p: 1 }
    }

    /// n = 2^12 (4096), r = 8, p = 1: fast and weak. **For tests only.**
    pub const fn light() -> Self {
        Self { log_n: 12, r: 8, p: 1 }
    }

    /// Custom parameters. `n` must be a power of two above 1; `r` in 1..=[`MAX_SCRYPT_R`], `p`
    /// in 1..=[`MAX_SCRYPT_P`], the memory `128·r·(n + p + 2)` at most [`MAX_SCRYPT_MEMORY`] and
    /// the work `n·r·p` at most [`MAX_SCRYPT_WORK`].
    pub fn new(n: u64, r: u32, p: u32) -> Result<Self> {
        if n < 2 || !n.is_power_of_two() {
            return Err(WalletError::InvalidKdfParams(format!(
                "scrypt n = {n} must be a power of two greater than 1 (e.g. 262144 = 2^18)"
            )));
        }
        if r == 0 || p == 0 {
            return Err(WalletError::InvalidKdfParams(format!(
                "scrypt r = {r} and p = {p} must both be at least 1"
            )));
        }
        if p > MAX_SCRYPT_P || r > MAX_SCRYPT_R {
            return Err(WalletError::InvalidKdfParams(format!(
                "scrypt r = {r}, p = {p} are above the limits r <= {MAX_SCRYPT_R}, p <= {MAX_SCRYPT_P}"
            )));
        }
        let memory = 128u64
            .saturating_mul(u64::from(r))
            .saturating_mul(n.saturating_add(u64::from(p)).saturating_add(2));
        if memory > MAX_SCRYPT_MEMORY {
            return Err(WalletError::InvalidKdfParams(format!(
                "scrypt n = {n}, r = {r}, p = {p} need {} MiB of memory, above the limit of {} MiB",
                memory >> 20,
                MAX_SCRYPT_MEMORY >> 20
            )));
        }
        let work = n.saturating_mul(u64::from(r)).saturating_mul(u64::from(p));
        if work > MAX_SCRYPT_WORK {
            return Err(WalletError::InvalidKdfParams(format!(
                "scrypt n = {n}, r = {r}, p = {p} ask for {work} units of work, above the limit of {MAX_SCRYPT_WORK}"
            )));
        }
        let log_n = n.trailing_zeros() as u8;
        let params = Self { log_n, r, p };
        params.to_scrypt()?;
        Ok(params)
    }

    /// `n`, the CPU/memory cost.
    pub const fn n(&self) -> u64 {
        1 << self.log_n
    }

    /// `r`, the block size.
    pub const fn r(&self) -> u32 {
        self.r
    }

    /// `p`, the parallelism.
    pub const fn p(&self) -> u32 {
        self.p
    }

    fn to_scrypt(self) -> Result<scrypt::Params> {
        scrypt::Params::new(self.log_n, self.r, self.p, 32).map_err(|_| {
            WalletError::InvalidKdfParams(format!(
                "scrypt n = {}, r = {}, p = {} are not valid scrypt parameters",
                self.n(),
                self.r,
                self.p
            ))
        })
    }

    fn derive(self, password: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let params = self.to_scrypt()?;
        let mut key = Zeroizing::new([0u8; 32]);
        scrypt::scrypt(password, salt, &params, key.as_mut()).map_err(|_| {
            WalletError::InvalidKdfParams("scrypt rejected the output length".into())
        })?;
        Ok(key)
    }
}

impl Default for ScryptParams {
    fn default() -> Self {
        Self::standard()
    }
}

#[derive(Clone, Serialize, Deserialize)]
struct KeystoreJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(alias = "Crypto")]
    crypto: CryptoJson,
    id: String,
    version: u64,
}

#[derive(Clone, Serialize, Deserialize)]
struct CryptoJson {
    cipher: String,
    cipherparams: CipherParamsJson,
    ciphertext: String,
    kdf: String,
    kdfparams: Value,
    mac: String,
}

#[derive(Clone, Serialize, Deserialize)]
struct CipherParamsJson {
    iv: String,
}

#[derive(Serialize, Deserialize)]
struct ScryptJson {
    dklen: u32,
    n: u64,
    r: u32,
    p: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Pbkdf2Json {
    c: u32,
    dklen: u32,
    prf: String,
    salt: String,
}

/// A Web3 Secret Storage v3 keystore holding one encrypted private key.
///
/// [`fmt::Debug`] shows the id, address and algorithms, never key material.
#[derive(Clone)]
pub struct Keystore {
    json: KeystoreJson,
    address: Option<Address>,
}

fn decode_hex(field: &str, value: &str) -> Result<Vec<u8>> {
    let v = value.trim();
    let v = v.strip_prefix("0x").unwrap_or(v);
    hex::decode(v)
        .map_err(|e| WalletError::invalid_keystore(format!("{field} is not valid hex ({e})")))
}

impl Keystore {
    /// Encrypts `signer`'s key under `password` with scrypt `params`, a fresh random 32-byte
    /// salt and 16-byte IV, and a random (v4) id.
    pub fn encrypt(
        signer: &PrivateKeySigner,
        password: impl AsRef<[u8]>,
        params: ScryptParams,
    ) -> Result<Self> {
        let mut salt = [0u8; 32];
        let mut iv = [0u8; 16];
        fill_random(&mut salt)?;
        fill_random(&mut iv)?;
        let derived = params.derive(password.as_ref(), &salt)?;

        let mut ciphertext = signer.secret_bytes();
        aes_128_ctr(&derived[..16], &iv, ciphertext.as_mut())?;
        let mac = keccak_mac(&derived, ciphertext.as_ref());

        let kdfparams = serde_json::to_value(ScryptJson {
            dklen: 32,
            n: params.n(),
            r: params.r,
            p: params.p,
            salt: hex::encode(salt),
        })
        .map_err(|e| WalletError::invalid_keystore(e.to_string()))?;
        let address = signer.address();
        Ok(Self {
            json: KeystoreJson {
                address: Some(hex::encode(address.as_slice())),
                crypto: CryptoJson {
                    cipher: "aes-128-ctr".into(),
                    cipherparams: CipherParamsJson { iv: hex::encode(iv) },
                    ciphertext: hex::encode(ciphertext.as_ref()),
                    kdf: "scrypt".into(),
                    kdfparams,
                    mac: hex::encode(mac),
                },
                id: uuid::Uuid::new_v4().to_string(),
                version: 3,
            },
            address: Some(address),
        })
    }

    /// Parses keystore JSON. Algorithms are checked only by [`Keystore::decrypt`], so the
    /// address of a keystore this crate cannot decrypt can still be read.
    pub fn from_json(json: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            WalletError::invalid_keystore(format!("not valid JSON ({e}); is this a keystore file?"))
        })?;
        let Some(obj) = value.as_object() else {
            return Err(WalletError::invalid_keystore("expected a JSON object"));
        };
        match obj.get("version") {
            None => {
                return Err(WalletError::invalid_keystore(
                    "no \"version\" field; expected a Web3 Secret Storage v3 keystore",
                ))
            }
            Some(v) if v.as_u64() == Some(3) => {}
            Some(v) => {
                return Err(WalletError::unsupported_keystore(format!(
                    "version {v}; only version 3 keystores are supported"
                )))
            }
        }
        let json: KeystoreJson = serde_json::from_value(value).map_err(|e| {
            WalletError::invalid_keystore(format!("not a Web3 Secret Storage v3 keystore: {e}"))
        })?;
        let address = match json.address.as_deref() {
            None | Some("") => None,
            Some(a) => Some(parse_address(a).map_err(|e| {
                WalletError::invalid_keystore(format!("its address field is invalid: {e}"))
            })?),
        };
        Ok(Self { json, address })
    }

    /// The keystore as JSON, in the layout eth-account writes.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.json).expect("keystore JSON always serializes")
    }

    /// Reads and parses a keystore file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = fs::read_to_string(path).map_err(|e| WalletError::io("reading", path, e))?;
        Self::from_json(&text).map_err(|e| e.with_path(path))
    }

    /// Writes the keystore to `path` atomically with mode 0600, creating missing parent
    /// directories with mode 0700.
    pub fn write(&self, path: impl AsRef<Path>, if_exists: IfExists) -> Result<()> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dir(parent)?;
        }
        write_atomic(path, self.to_json().as_bytes(), PRIVATE_FILE_MODE, if_exists)
    }

    /// The address stored in the keystore, if it has one (readable without the password).
    pub fn address(&self) -> Option<Address> {
        self.address
    }

    /// The keystore's id (a UUID in keystores this crate writes).
    pub fn id(&self) -> &str {
        &self.json.id
    }

    /// The key-derivation function: "scrypt" or "pbkdf2" for keystores this crate can open.
    pub fn kdf(&self) -> &str {
        &self.json.crypto.kdf
    }

    /// Decrypts the key.
    ///
    /// Errors: [`WalletError::WrongPassword`] when the MAC does not match;
    /// [`WalletError::UnsupportedKeystore`] for ciphers other than aes-128-ctr and KDFs other
    /// than scrypt and pbkdf2 (hmac-sha256); [`WalletError::InvalidKeystore`] for malformed
    /// fields; [`WalletError::AddressMismatch`] when the key is not that of the stored address.
    pub fn decrypt(&self, password: impl AsRef<[u8]>) -> Result<PrivateKeySigner> {
        let crypto = &self.json.crypto;
        if crypto.cipher != "aes-128-ctr" {
            return Err(WalletError::unsupported_keystore(format!(
                "cipher {:?}; only aes-128-ctr is supported",
                crypto.cipher
            )));
        }
        let iv = decode_hex("crypto.cipherparams.iv", &crypto.cipherparams.iv)?;
        if iv.len() != 16 {
            return Err(WalletError::invalid_keystore(format!(
                "the IV is {} bytes; aes-128-ctr needs 16",
                iv.len()
            )));
        }
        let ciphertext = decode_hex("crypto.ciphertext", &crypto.ciphertext)?;
        if ciphertext.len() != 32 {
            return Err(WalletError::invalid_keystore(format!(
                "the ciphertext is {} bytes; an encrypted private key is 32",
                ciphertext.len()
            )));
        }
        let mac = decode_hex("crypto.mac", &crypto.mac)?;
        if mac.len() != 32 {
            return Err(WalletError::invalid_keystore(format!(
                "the MAC is {} bytes; expected 32",
                mac.len()
            )));
        }

        let derived = derive_key(&crypto.kdf, &crypto.kdfparams, password.as_ref())?;
        let expected = keccak_mac(&derived, &ciphertext);
        if !bool::from(expected.ct_eq(&mac[..])) {
            return Err(WalletError::WrongPassword);
        }

        let mut secret = Zeroizing::new([0u8; 32]);
        secret.copy_from_slice(&ciphertext);
        aes_128_ctr(&derived[..16], &iv, secret.as_mut())?;
        let signer = PrivateKeySigner::from_bytes(&secret).map_err(|_| {
            WalletError::invalid_keystore("the decrypted key is not a valid secp256k1 private key")
        })?;
        if let Some(expected) = self.address {
            if signer.address() != expected {
                return Err(WalletError::AddressMismatch {
                    what: "the keystore".into(),
                    expected: expected.to_checksum(None),
                    actual: signer.address().to_checksum(None),
                });
            }
        }
        Ok(signer)
    }
}

impl fmt::Debug for Keystore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keystore")
            .field("id", &self.json.id)
            .field("address", &self.address)
            .field("cipher", &self.json.crypto.cipher)
            .field("kdf", &self.json.crypto.kdf)
            .finish_non_exhaustive()
    }
}

/// The 32-byte derived key of a keystore's KDF section.
fn derive_key(kdf: &str, params: &Value, password: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let bad_params = |e: serde_json::Error| {
        WalletError::invalid_keystore(format!("crypto.kdfparams for {kdf} are invalid: {e}"))
    };
    match kdf {
        "scrypt" => {
            let p: ScryptJson = serde_json::from_value(params.clone()).map_err(bad_params)?;
            check_dklen(p.dklen)?;
            let salt = decode_hex("crypto.kdfparams.salt", &p.salt)?;
            let params = ScryptParams::new(p.n, p.r, p.p).map_err(|e| match e {
                WalletError::InvalidKdfParams(reason) => WalletError::unsupported_keystore(reason),
                other => other,
            })?;
            params.derive(password, &salt)
        }
        "pbkdf2" => {
            let p: Pbkdf2Json = serde_json::from_value(params.clone()).map_err(bad_params)?;
            check_dklen(p.dklen)?;
            if p.prf != "hmac-sha256" {
                return Err(WalletError::unsupported_keystore(format!(
                    "pbkdf2 prf {:?}; only hmac-sha256 is supported",
                    p.prf
                )));
            }
            if p.c == 0 || p.c > MAX_PBKDF2_ITERATIONS {
                return Err(WalletError::unsupported_keystore(format!(
                    "pbkdf2 iteration count {} is outside 1..={MAX_PBKDF2_ITERATIONS}",
                    p.c
                )));
            }
            let salt = decode_hex("crypto.kdfparams.salt", &p.salt)?;
            let mut key = Zeroizing::new([0u8; 32]);
            pbkdf2_hmac_sha256(password, &salt, p.c, key.as_mut());
            Ok(key)
        }
        other => Err(WalletError::unsupported_keystore(format!(
            "kdf {other:?}; only scrypt and pbkdf2 are supported"
        ))),
    }
}

fn check_dklen(dklen: u32) -> Result<()> {
    if dklen != 32 {
        return Err(WalletError::unsupported_keystore(format!(
            "derived key length (dklen) {dklen}; only 32 is supported"
        )));
    }
    Ok(())
}

/// `keccak256(derived_key[16..32] ‖ ciphertext)`.
fn keccak_mac(derived: &[u8; 32], ciphertext: &[u8]) -> [u8; 32] {
    let mut hasher = Keccak256::new();
    hasher.update(&derived[16..32]);
    hasher.update(ciphertext);
    hasher.finalize().into()
}

/// AES-128-CTR (big-endian 128-bit counter) in place; encryption and decryption are the same.
fn aes_128_ctr(key: &[u8], iv: &[u8], data: &mut [u8]) -> Result<()> {
    let mut cipher = ctr::Ctr128BE::<Aes128>::new_from_slices(key, iv)
        .map_err(|_| WalletError::invalid_keystore("bad AES key or IV length"))?;
    cipher.apply_keystream(data);
    Ok(())
}

/// PBKDF2 (RFC 8018) with HMAC-SHA256, filling `out`.
fn pbkdf2_hmac_sha256(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    let prf = Hmac::<Sha256>::new_from_slice(password).expect("HMAC accepts keys of any length");
    for (block, chunk) in out.chunks_mut(32).enumerate() {
        let mut mac = prf.clone();
        mac.update(salt);
        mac.update(&(block as u32 + 1).to_be_bytes());
        let mut u: [u8; 32] = mac.finalize().into_bytes().into();
        let mut t = u;
        for _ in 1..iterations {
            let mut mac = prf.clone();
            mac.update(&u);
            u = mac.finalize().into_bytes().into();
            t.iter_mut().zip(u.iter()).for_each(|(a, b)| *a ^= b);
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
        u.zeroize();
        t.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    fn signer() -> PrivateKeySigner {
        PrivateKeySigner::from_hex(KEY).unwrap()
    }

    #[test]
    fn round_trip_and_layout() {
        let ks = Keystore::encrypt(&signer(), "hunter2", ScryptParams::light()).unwrap();
        let json: Value = serde_json::from_str(&ks.to_json()).unwrap();
        assert_eq!(json["version"], 3);
        assert_eq!(json["address"], "f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        let id = json["id"].as_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
        let c = &json["crypto"];
        assert_eq!(c["cipher"], "aes-128-ctr");
        assert_eq!(c["kdf"], "scrypt");
        assert_eq!(c["cipherparams"]["iv"].as_str().unwrap().len(), 32);
        assert_eq!(c["kdfparams"]["salt"].as_str().unwrap().len(), 64);
        assert_eq!(c["kdfparams"]["n"], 4096);
        assert_eq!(c["kdfparams"]["r"], 8);
        assert_eq!(c["kdfparams"]["p"], 1);
        assert_eq!(c["kdfparams"]["dklen"], 32);
        assert!(!ks.to_json().contains(KEY));

        let back = Keystore::from_json(&ks.to_json()).unwrap();
        assert_eq!(back.address(), Some(signer().address()));
        assert_eq!(back.decrypt(b"hunter2").unwrap().address(), signer().address());
        assert!(matches!(back.decrypt("hunter3"), Err(WalletError::WrongPassword)));

        // Fresh salt, IV and id every time.
        let again = Keystore::encrypt(&signer(), "hunter2", ScryptParams::light()).unwrap();
        let j2: Value = serde_json::from_str(&again.to_json()).unwrap();
        assert_ne!(j2["crypto"]["kdfparams"]["salt"], c["kdfparams"]["salt"]);
        assert_ne!(j2["crypto"]["cipherparams"]["iv"], c["cipherparams"]["iv"]);
        assert_ne!(j2["id"], json["id"]);

        let dbg = format!("{ks:?}");
        assert!(dbg.contains("scrypt") && !dbg.contains(&c["ciphertext"].as_str().unwrap()[..16]));
    }

    #[test]
    fn scrypt_params() {
        assert_eq!(ScryptParams::standard().n(), 262_144);
        assert_eq!(ScryptParams::default(), ScryptParams::standard());
        assert_eq!(ScryptParams::light().n(), 4096);
        assert_eq!(ScryptParams::new(1 << 14, 8, 1).unwrap().n(), 16384);
        for (n, r, p) in [(1000, 8, 1), (0, 8, 1), (1, 8, 1), (1024, 0, 1), (1024, 8, 0)] {
            assert!(matches!(ScryptParams::new(n, r, p), Err(WalletError::InvalidKdfParams(_))));
        }
        let err = ScryptParams::new(1 << 30, 8, 1).unwrap_err();
        assert!(err.to_string().contains("MiB"), "{err}");
        // Huge r or p (memory in scrypt's B buffer) and huge work are refused too.
        for (n, r, p) in
            [(2, 1 << 23, 16), (2, 64, 1), (1 << 18, 32, 4), (1 << 20, 8, 4), (1 << 16, 8, 5)]
        {
            assert!(matches!(ScryptParams::new(n, r, p), Err(WalletError::InvalidKdfParams(_))));
        }
        assert!(ScryptParams::new(1 << 18, 8, 1).is_ok());
    }

    #[test]
    fn hostile_keystore_parameters_are_refused_before_any_work() {
        let ks = Keystore::encrypt(&signer(), "pw", ScryptParams::light()).unwrap();
        for (n, r, p) in [(2u64, 8_388_608u64, 16u64), (1 << 22, 8, 1), (1 << 18, 8, 64)] {
            let mut v: serde_json::Value = serde_json::from_str(&ks.to_json()).unwrap();
            let kdfparams = &mut v["crypto"]["kdfparams"];
            kdfparams["n"] = n.into();
            kdfparams["r"] = r.into();
            kdfparams["p"] = p.into();
            // Were the parameters not checked first, this would allocate gigabytes.
            let result = Keystore::from_json(&v.to_string()).and_then(|k| k.decrypt("pw"));
            assert!(
                matches!(
                    result,
                    Err(WalletError::UnsupportedKeystore { .. } | WalletError::InvalidKdfParams(_))
                ),
                "n={n} r={r} p={p}: {result:?}"
            );
        }
    }

    #[test]
    fn pbkdf2_vectors() {
        // PBKDF2-HMAC-SHA256 vectors for P = "password", S = "salt".
        for (c, want) in [
            (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
            (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
            (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        ] {
            let mut out = [0u8; 32];
            pbkdf2_hmac_sha256(b"password", b"salt", c, &mut out);
            assert_eq!(hex::encode(out), want, "c = {c}");
        }
        // Longer than one block.
        let mut out = [0u8; 40];
        pbkdf2_hmac_sha256(
            b"passwordPASSWORDpassword",
            b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
            4096,
            &mut out,
        );
        assert_eq!(
            hex::encode(out),
            "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"
        );
    }

    fn tamper(ks: &Keystore, f: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(&ks.to_json()).unwrap();
        f(&mut v);
        v.to_string()
    }

    #[test]
    fn clear_errors_for_bad_files() {
        let ks = Keystore::encrypt(&signer(), "pw", ScryptParams::light()).unwrap();
        let kind = |json: &str| match Keystore::from_json(json).and_then(|k| k.decrypt("pw")) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        assert!(kind("not json").contains("not valid JSON"));
        assert!(kind("[]").contains("JSON object"));
        assert!(kind("{}").contains("version"));
        assert!(kind(&tamper(&ks, |v| v["version"] = 1.into())).contains("only version 3"));
        let no_mac = tamper(&ks, |v| {
            v["crypto"].as_object_mut().unwrap().remove("mac");
        });
        assert!(kind(&no_mac).contains("mac"), "{}", kind(&no_mac));
        assert!(kind(&tamper(&ks, |v| v["crypto"]["cipher"] = "aes-128-cbc".into()))
            .contains("only aes-128-ctr"));
        assert!(kind(&tamper(&ks, |v| v["crypto"]["kdf"] = "argon2".into()))
            .contains("only scrypt and pbkdf2"));
        assert!(kind(&tamper(&ks, |v| v["crypto"]["kdfparams"]["n"] = 1000.into()))
            .contains("power of two"));
        assert!(kind(&tamper(&ks, |v| v["crypto"]["kdfparams"]["n"] = (1u64 << 40).into()))
            .contains("MiB"));
        assert!(
            kind(&tamper(&ks, |v| v["crypto"]["kdfparams"]["dklen"] = 64.into())).contains("dklen")
        );
        assert!(kind(&tamper(&ks, |v| v["crypto"]["ciphertext"] = "zz".into())).contains("hex"));
        assert!(
            kind(&tamper(&ks, |v| v["crypto"]["cipherparams"]["iv"] = "00".into())).contains("IV")
        );
        assert!(kind(&tamper(&ks, |v| v["address"] = "0x12".into())).contains("address"));
        // A flipped ciphertext bit is caught by the MAC.
        let flipped = tamper(&ks, |v| {
            let mut ct = hex::decode(v["crypto"]["ciphertext"].as_str().unwrap()).unwrap();
            ct[0] ^= 1;
            v["crypto"]["ciphertext"] = hex::encode(ct).into();
        });
        assert!(matches!(
            Keystore::from_json(&flipped).unwrap().decrypt("pw"),
            Err(WalletError::WrongPassword)
        ));
        // A keystore claiming another address.
        let other = tamper(&ks, |v| {
            v["address"] = "70997970c51812dc3a010c7d01b50e0d17dc79c8".into();
        });
        assert!(matches!(
            Keystore::from_json(&other).unwrap().decrypt("pw"),
            Err(WalletError::AddressMismatch { .. })
        ));
        // Geth's capitalized "Crypto" and a missing address are accepted.
        let geth = tamper(&ks, |v| {
            let o = v.as_object_mut().unwrap();
            let c = o.remove("crypto").unwrap();
            o.insert("Crypto".into(), c);
            o.remove("address");
        });
        let k = Keystore::from_json(&geth).unwrap();
        assert_eq!(k.address(), None);
        assert_eq!(k.decrypt("pw").unwrap().address(), signer().address());
    }

    #[test]
    fn files_are_private_and_not_clobbered() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/k.json");
        let ks = Keystore::encrypt(&signer(), "pw", ScryptParams::light()).unwrap();
        ks.write(&path, IfExists::Fail).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(
            fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(ks.write(&path, IfExists::Fail).is_err());
        ks.write(&path, IfExists::Overwrite).unwrap();
        assert_eq!(
            Keystore::read(&path).unwrap().decrypt("pw").unwrap().address(),
            signer().address()
        );
        fs::write(&path, "{").unwrap();
        let err = Keystore::read(&path).unwrap_err();
        assert!(err.to_string().contains("k.json"), "{err}");
    }
}
