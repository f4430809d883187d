//! Signed RPCs (spec section 5): writes authorised by an EIP-191 `personal_sign` signature over
//! a text message, rather than by a transaction.
//!
//! Each method has a type implementing [`SignedRpc`]: it gives the exact message the node
//! rebuilds, the positional params in the node's order, and [`SignedRpc::sign`] to produce a
//! ready-to-send [`SignedRpcCall`]. In messages, addresses are lowercase hex without `0x` and
//! amounts are decimal integers; in params, amounts are `0x` hex and the timestamp (unix
//! seconds) is a string.
//!
//! For servers, [`verify_signed_rpc`] (and [`verify_signed_rpc_with`], which can resolve the
//! hotkey `weight_setWeights` signs with) parses params, rebuilds the message and recovers the
//! signer; [`check_timestamp`] applies the node's freshness window separately.
//!
//! ```
//! use moderntensor_primitives::{Balance, PrivateKeySigner};
//! use moderntensor_tx::signed_rpc::{verify_signed_rpc, SignedRpc, StakingAddStake};
//!
//! let signer = PrivateKeySigner::from_hex(
//!     "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
//! )
//! .unwrap();
//! let call = StakingAddStake { address: signer.address(), amount: Balance::from_mdt(5) }
//!     .sign(&signer, 1_795_561_822)
//!     .unwrap();
//! assert_eq!(
//!     call.message,
//!     "staking_addStake:3c44cdddb6a900fa2b585dd299e03d12fa4293bc:5000000000000000000:1795561822"
//! );
//! assert_eq!(call.params[1], "0x4563918244f40000");
//! let (who, parsed) = verify_signed_rpc(call.method, &call.params).unwrap();
//! assert_eq!(who, signer.address());
//! assert_eq!(parsed.timestamp, 1_795_561_822);
//! ```

use alloy_primitives::{Address, Bytes, U256};
use moderntensor_primitives::{
    address_message_form, hexutil::parse_quantity, parse_address,
    recover_message_signer_any_parity, Balance, PrivateKeySigner, Signature, SignatureError,
};
use serde_json::{json, Value};

/// How old a signed-RPC timestamp may be, in seconds (the node accepts `[now − 300, now + 60]`).
pub const TIMESTAMP_MAX_AGE_SECS: u64 = 300;
/// How far in the future a signed-RPC timestamp may be, in seconds.
pub const TIMESTAMP_MAX_AHEAD_SECS: u64 = 60;
/// Shortest subnet name `subnet_create` accepts, in characters.
pub const SUBNET_NAME_MIN_CHARS: usize = 1;
/// Longest subnet name `subnet_create` accepts, in characters.
pub const SUBNET_NAME_MAX_CHARS: usize = 64;

/// The signed-RPC methods the real node serves (spec section 5 table).
pub const SIGNED_RPC_METHODS: &[&str] = &[
    StakingAddStake::METHOD,
    StakingRemoveStake::METHOD,
    StakingClaimRewards::METHOD,
    StakingRegisterValidator::METHOD,
    StakingDeactivateValidator::METHOD,
    StakingLockStake::METHOD,
    StakingUnlockStake::METHOD,
    NeuronRegister::METHOD,
    SubnetCreate::METHOD,
    WeightSetWeights::METHOD,
    RewardsClaim::METHOD,
];

/// Extension methods: named in the node's source but not served by it; ours to serve. Their
/// messages follow the served methods' pattern `{method}:{fields}:{ts}`, so the timestamp (and
/// every param that matters) is signed and a signature cannot be replayed with a fresh one.
pub const EXTENSION_METHODS: &[&str] = &[
    StakingStake::METHOD,
    StakingUnstake::METHOD,
    StakingDelegate::METHOD,
    StakingUndelegate::METHOD,
];

/// Why a signed RPC could not be built or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignedRpcError {
    /// Not a signed-RPC method.
    #[error("{0:?} is not a signed-RPC method")]
    UnknownMethod(String),
    /// Params are not a JSON array.
    #[error("params must be a JSON array")]
    ParamsNotArray,
    /// A required positional param is absent.
    #[error("missing param {index} ({name})")]
    MissingParam {
        /// Its position.
        index: usize,
        /// Its name.
        name: &'static str,
    },
    /// A param of the wrong shape.
    #[error("invalid param {index} ({name}): {reason}")]
    InvalidParam {
        /// Its position.
        index: usize,
        /// Its name.
        name: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// `weight_setWeights` signs with the hotkey of the uid, which is not in its params: use
    /// [`verify_signed_rpc_with`].
    #[error(
        "weight_setWeights is signed by the hotkey of the uid; verify it with a hotkey lookup"
    )]
    HotkeyLookupRequired,
    /// The hotkey lookup knows no neuron with this uid.
    #[error("no neuron uid={uid} in subnet={subnet_id}")]
    UnknownNeuron {
        /// The subnet.
        subnet_id: u64,
        /// The uid.
        uid: u64,
    },
    /// A bad signature: not hex, wrong length, bad v, high S, or unrecoverable.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// The signature recovers to another address than the one that must sign.
    #[error("signature is by {recovered}, but {expected} must sign this call")]
    SignerMismatch {
        /// Who must sign.
        expected: Address,
        /// Who did.
        recovered: Address,
    },
    /// The timestamp is more than [`TIMESTAMP_MAX_AGE_SECS`] old.
    #[error("timestamp {timestamp} expired (now {now}; at most {TIMESTAMP_MAX_AGE_SECS} s old)")]
    TimestampExpired {
        /// The call's timestamp.
        timestamp: u64,
        /// The server's clock.
        now: u64,
    },
    /// The timestamp is more than [`TIMESTAMP_MAX_AHEAD_SECS`] ahead.
    #[error("timestamp {timestamp} is in the future (now {now}; at most {TIMESTAMP_MAX_AHEAD_SECS} s ahead)")]
    TimestampInFuture {
        /// The call's timestamp.
        timestamp: u64,
        /// The server's clock.
        now: u64,
    },
}

/// A signed call, ready to send as a JSON-RPC request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRpcCall {
    /// The JSON-RPC method.
    pub method: &'static str,
    /// Positional params, signature included.
    pub params: Value,
    /// The exact text that was signed.
    pub message: String,
    /// The `personal_sign` signature of `message`.
    pub signature: Signature,
}

impl SignedRpcCall {
    /// The JSON-RPC 2.0 request object with this id.
    pub fn to_request(&self, id: u64) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": self.method, "params": self.params})
    }
}

/// One signed-RPC method: its message, its params and who must sign it.
pub trait SignedRpc {
    /// The JSON-RPC method name.
    const METHOD: &'static str;
    /// Whether this is an extension (defined in the node's source but not served by it).
    const EXTENSION: bool = false;

    /// The exact message to sign for this timestamp (unix seconds).
    fn message(&self, timestamp: u64) -> String;

    /// The positional params, with `signature` (65-byte hex) where the node expects it.
    fn params(&self, timestamp: u64, signature: &Signature) -> Value;

    /// The address whose key must sign.
    fn required_signer(&self) -> Address;

    /// Checks field constraints the node enforces before signing (default: none).
    fn validate(&self) -> Result<(), SignedRpcError> {
        Ok(())
    }

    /// Signs the message with `signer`, which must be [`Self::required_signer`].
    fn sign(
        &self,
        signer: &PrivateKeySigner,
        timestamp: u64,
    ) -> Result<SignedRpcCall, SignedRpcError> {
        self.validate()?;
        let expected = self.required_signer();
        if signer.address() != expected {
            return Err(SignedRpcError::SignerMismatch { expected, recovered: signer.address() });
        }
        let message = self.message(timestamp);
        let signature = signer.sign_message(message.as_bytes())?;
        Ok(SignedRpcCall {
            method: Self::METHOD,
            params: self.params(timestamp, &signature),
            message,
            signature,
        })
    }
}

fn addr_param(address: &Address) -> Value {
    Value::String(address.to_checksum(None))
}

fn hex_param(amount: U256) -> Value {
    Value::String(format!("{amount:#x}"))
}

fn ts_param(timestamp: u64) -> Value {
    Value::String(timestamp.to_string())
}

fn sig_param(signature: &Signature) -> Value {
    Value::String(signature.to_hex())
}

fn msg_addr(address: &Address) -> String {
    address_message_form(address)
}

macro_rules! address_amount_call {
    ($(#[$doc:meta])* $name:ident, $method:literal, extension: $extension:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            /// The staker, who signs.
            pub address: Address,
            /// The amount.
            pub amount: Balance,
        }

        impl SignedRpc for $name {
            const METHOD: &'static str = $method;
            const EXTENSION: bool = $extension;
            fn message(&self, ts: u64) -> String {
                format!(
                    "{}:{}:{}:{ts}",
                    Self::METHOD,
                    msg_addr(&self.address),
                    self.amount.base_units()
                )
            }
            fn params(&self, ts: u64, sig: &Signature) -> Value {
                json!([
                    addr_param(&self.address),
                    hex_param(self.amount.base_units()),
                    ts_param(ts),
                    sig_param(sig)
                ])
            }
            fn required_signer(&self) -> Address {
                self.address
            }
        }
    };
}

address_amount_call!(
    /// `staking_addStake [addr, amount_hex, ts, sig]`, message
    /// `staking_addStake:{addr}:{amount}:{ts}`, signed by `addr`.
    StakingAddStake,
    "staking_addStake",
    extension: false
);
address_amount_call!(
    /// `staking_removeStake [addr, amount_hex, ts, sig]`, message
    /// `staking_removeStake:{addr}:{amount}:{ts}`, signed by `addr`.
    StakingRemoveStake,
    "staking_removeStake",
    extension: false
);
address_amount_call!(
    /// **Extension** (named in the node's source, not served): `staking_stake [addr, amount_hex,
    /// ts, sig]`, message `staking_stake:{addr}:{amount}:{ts}`, signed by `addr`. (The node's
    /// source signs `stake:{addr}:{amount}` without a timestamp, which anyone could replay; ours
    /// signs it.)
    StakingStake,
    "staking_stake",
    extension: true
);
address_amount_call!(
    /// **Extension** (named in the node's source, not served): `staking_unstake [addr,
    /// amount_hex, ts, sig]`, message `staking_unstake:{addr}:{amount}:{ts}`, signed by `addr`.
    StakingUnstake,
    "staking_unstake",
    extension: true
);

macro_rules! address_only_call {
    ($(#[$doc:meta])* $name:ident, $method:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            /// The account, which signs.
            pub address: Address,
        }

        impl SignedRpc for $name {
            const METHOD: &'static str = $method;
            fn message(&self, ts: u64) -> String {
                format!("{}:{}:{ts}", Self::METHOD, msg_addr(&self.address))
            }
            fn params(&self, ts: u64, sig: &Signature) -> Value {
                json!([addr_param(&self.address), ts_param(ts), sig_param(sig)])
            }
            fn required_signer(&self) -> Address {
                self.address
            }
        }
    };
}

address_only_call!(
    /// `staking_claimRewards [addr, ts, sig]`, message `staking_claimRewards:{addr}:{ts}`.
    StakingClaimRewards,
    "staking_claimRewards"
);
address_only_call!(
    /// `staking_deactivateValidator [addr, ts, sig]`, message
    /// `staking_deactivateValidator:{addr}:{ts}`.
    StakingDeactivateValidator,
    "staking_deactivateValidator"
);
address_only_call!(
    /// `staking_unlockStake [addr, ts, sig]`, message `staking_unlockStake:{addr}:{ts}`.
    StakingUnlockStake,
    "staking_unlockStake"
);
address_only_call!(
    /// `rewards_claim [addr, ts, sig]`, message `rewards_claim:{addr}:{ts}`.
    RewardsClaim,
    "rewards_claim"
);

/// `staking_registerValidator [addr, stake_hex, pubkey_hex, ts, sig, name?]`, message
/// `staking_registerValidator:{addr}:{stake}:{pubkey_no0x}:{ts}` (pubkey as lowercase hex),
/// signed by `addr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakingRegisterValidator {
    /// The validator account.
    pub address: Address,
    /// Its stake.
    pub stake: Balance,
    /// Its public key; clients send the 64-byte uncompressed key without the `0x04` prefix.
    pub public_key: Bytes,
    /// An optional display name (sent after the signature; not signed).
    pub name: Option<String>,
}

impl StakingRegisterValidator {
    /// For `signer`'s own account, with its 64-byte public key.
    pub fn for_signer(signer: &PrivateKeySigner, stake: Balance, name: Option<String>) -> Self {
        let key = signer.public_key_uncompressed();
        Self {
            address: signer.address(),
            stake,
            public_key: Bytes::copy_from_slice(&key[1..]),
            name,
        }
    }
}

impl SignedRpc for StakingRegisterValidator {
    const METHOD: &'static str = "staking_registerValidator";
    fn message(&self, ts: u64) -> String {
        format!(
            "{}:{}:{}:{}:{ts}",
            Self::METHOD,
            msg_addr(&self.address),
            self.stake.base_units(),
            hex::encode(&self.public_key)
        )
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        let mut params = vec![
            addr_param(&self.address),
            hex_param(self.stake.base_units()),
            Value::String(format!("0x{}", hex::encode(&self.public_key))),
            ts_param(ts),
            sig_param(sig),
        ];
        if let Some(name) = &self.name {
            params.push(Value::String(name.clone()));
        }
        Value::Array(params)
    }
    fn required_signer(&self) -> Address {
        self.address
    }
}

/// `staking_lockStake [addr, amount_hex, days, ts, sig]` (days a JSON number), message
/// `staking_lockStake:{addr}:{amount}:{days}:{ts}`, signed by `addr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakingLockStake {
    /// The staker.
    pub address: Address,
    /// The amount to lock.
    pub amount: Balance,
    /// Lock period in days (the node accepts 7..=365).
    pub days: u64,
}

impl SignedRpc for StakingLockStake {
    const METHOD: &'static str = "staking_lockStake";
    fn message(&self, ts: u64) -> String {
        format!(
            "{}:{}:{}:{}:{ts}",
            Self::METHOD,
            msg_addr(&self.address),
            self.amount.base_units(),
            self.days
        )
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        json!([
            addr_param(&self.address),
            hex_param(self.amount.base_units()),
            self.days,
            ts_param(ts),
            sig_param(sig)
        ])
    }
    fn required_signer(&self) -> Address {
        self.address
    }
}

/// `neuron_register [sid, hotkey, coldkey, endpoint, stake_hex, ts, sig]`, message
/// `neuron_register:{hotkey}:{sid}:{ts}`, signed by the hotkey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeuronRegister {
    /// The subnet.
    pub subnet_id: u64,
    /// The neuron's hotkey, which signs.
    pub hotkey: Address,
    /// The owning coldkey.
    pub coldkey: Address,
    /// Where the neuron serves.
    pub endpoint: String,
    /// Its stake (the node requires at least 10 MDT).
    pub stake: Balance,
}

impl SignedRpc for NeuronRegister {
    const METHOD: &'static str = "neuron_register";
    fn message(&self, ts: u64) -> String {
        format!("{}:{}:{}:{ts}", Self::METHOD, msg_addr(&self.hotkey), self.subnet_id)
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        json!([
            self.subnet_id,
            addr_param(&self.hotkey),
            addr_param(&self.coldkey),
            self.endpoint,
            hex_param(self.stake.base_units()),
            ts_param(ts),
            sig_param(sig)
        ])
    }
    fn required_signer(&self) -> Address {
        self.hotkey
    }
}

/// `subnet_create [name, owner, emission_rate_hex, ts, sig]`, message
/// `subnet_create:{name}:{owner}:{ts}`, signed by the owner. Names have 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetCreate {
    /// The subnet's name (1-64 characters).
    pub name: String,
    /// The owner, who signs.
    pub owner: Address,
    /// The emission rate, in base units.
    pub emission_rate: U256,
}

impl SignedRpc for SubnetCreate {
    const METHOD: &'static str = "subnet_create";
    fn message(&self, ts: u64) -> String {
        format!("{}:{}:{}:{ts}", Self::METHOD, self.name, msg_addr(&self.owner))
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        json!([
            self.name,
            addr_param(&self.owner),
            hex_param(self.emission_rate),
            ts_param(ts),
            sig_param(sig)
        ])
    }
    fn required_signer(&self) -> Address {
        self.owner
    }
    fn validate(&self) -> Result<(), SignedRpcError> {
        check_subnet_name(&self.name, 0)
    }
}

fn check_subnet_name(name: &str, index: usize) -> Result<(), SignedRpcError> {
    let chars = name.chars().count();
    if (SUBNET_NAME_MIN_CHARS..=SUBNET_NAME_MAX_CHARS).contains(&chars) {
        Ok(())
    } else {
        Err(SignedRpcError::InvalidParam {
            index,
            name: "name",
            reason: format!(
                "subnet name has {chars} characters; it must have {SUBNET_NAME_MIN_CHARS} to {SUBNET_NAME_MAX_CHARS}"
            ),
        })
    }
}

/// `weight_setWeights [sid, uid, [[to_uid, weight], ...], ts, sig]`, message
/// `weight_setWeights:{hotkey_of_uid}:{sid}:{uid}:{ts}`, signed by the hotkey of `uid`.
///
/// The hotkey is not in the params: the node looks it up from the uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightSetWeights {
    /// The hotkey registered for `uid`, which signs.
    pub hotkey: Address,
    /// The subnet.
    pub subnet_id: u64,
    /// The uid setting weights.
    pub uid: u64,
    /// `(to_uid, weight)` pairs, weights 0..=65535.
    pub weights: Vec<(u64, u16)>,
}

impl SignedRpc for WeightSetWeights {
    const METHOD: &'static str = "weight_setWeights";
    fn message(&self, ts: u64) -> String {
        format!("{}:{}:{}:{}:{ts}", Self::METHOD, msg_addr(&self.hotkey), self.subnet_id, self.uid)
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        let weights: Vec<Value> = self.weights.iter().map(|(to, w)| json!([to, w])).collect();
        json!([self.subnet_id, self.uid, weights, ts_param(ts), sig_param(sig)])
    }
    fn required_signer(&self) -> Address {
        self.hotkey
    }
}

/// **Extension** (defined in the node's source, not served): `staking_delegate [delegator,
/// validator, amount_hex, ts, sig, lock_days?]` (all strings), message
/// `staking_delegate:{delegator}:{validator}:{amount}:{lock_days}:{ts}` (lock_days 0 when
/// absent), signed by the delegator. (The node's source signs
/// `delegate:{delegator}:{validator}:{amount}` with neither timestamp nor lock; ours signs both.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakingDelegate {
    /// The delegator, who signs.
    pub delegator: Address,
    /// The validator delegated to.
    pub validator: Address,
    /// The amount.
    pub amount: Balance,
    /// Optional lock period in days (signed; 0 in the message when absent).
    pub lock_days: Option<u32>,
}

impl SignedRpc for StakingDelegate {
    const METHOD: &'static str = "staking_delegate";
    const EXTENSION: bool = true;
    fn message(&self, ts: u64) -> String {
        format!(
            "{}:{}:{}:{}:{}:{ts}",
            Self::METHOD,
            msg_addr(&self.delegator),
            msg_addr(&self.validator),
            self.amount.base_units(),
            self.lock_days.unwrap_or(0)
        )
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        let mut params = vec![
            addr_param(&self.delegator),
            addr_param(&self.validator),
            hex_param(self.amount.base_units()),
            ts_param(ts),
            sig_param(sig),
        ];
        if let Some(days) = self.lock_days {
            params.push(Value::String(days.to_string()));
        }
        Value::Array(params)
    }
    fn required_signer(&self) -> Address {
        self.delegator
    }
}

/// **Extension** (defined in the node's source, not served): `staking_undelegate [delegator,
/// ts, sig]`, message `staking_undelegate:{delegator}:{ts}`, signed by the delegator. (The
/// node's source signs `undelegate:{delegator}` without a timestamp.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakingUndelegate {
    /// The delegator, who signs.
    pub delegator: Address,
}

impl SignedRpc for StakingUndelegate {
    const METHOD: &'static str = "staking_undelegate";
    const EXTENSION: bool = true;
    fn message(&self, ts: u64) -> String {
        format!("{}:{}:{ts}", Self::METHOD, msg_addr(&self.delegator))
    }
    fn params(&self, ts: u64, sig: &Signature) -> Value {
        json!([addr_param(&self.delegator), ts_param(ts), sig_param(sig)])
    }
    fn required_signer(&self) -> Address {
        self.delegator
    }
}

/// Any signed-RPC call, as a server parses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpcCall {
    /// `staking_addStake`.
    StakingAddStake(StakingAddStake),
    /// `staking_removeStake`.
    StakingRemoveStake(StakingRemoveStake),
    /// `staking_claimRewards`.
    StakingClaimRewards(StakingClaimRewards),
    /// `staking_registerValidator`.
    StakingRegisterValidator(StakingRegisterValidator),
    /// `staking_deactivateValidator`.
    StakingDeactivateValidator(StakingDeactivateValidator),
    /// `staking_lockStake`.
    StakingLockStake(StakingLockStake),
    /// `staking_unlockStake`.
    StakingUnlockStake(StakingUnlockStake),
    /// `neuron_register`.
    NeuronRegister(NeuronRegister),
    /// `subnet_create`.
    SubnetCreate(SubnetCreate),
    /// `weight_setWeights`.
    WeightSetWeights(WeightSetWeights),
    /// `rewards_claim`.
    RewardsClaim(RewardsClaim),
    /// `staking_stake` (extension).
    StakingStake(StakingStake),
    /// `staking_unstake` (extension).
    StakingUnstake(StakingUnstake),
    /// `staking_delegate` (extension).
    StakingDelegate(StakingDelegate),
    /// `staking_undelegate` (extension).
    StakingUndelegate(StakingUndelegate),
}

macro_rules! dispatch {
    ($self:expr, $call:ident => $body:expr) => {
        match $self {
            RpcCall::StakingAddStake($call) => $body,
            RpcCall::StakingRemoveStake($call) => $body,
            RpcCall::StakingClaimRewards($call) => $body,
            RpcCall::StakingRegisterValidator($call) => $body,
            RpcCall::StakingDeactivateValidator($call) => $body,
            RpcCall::StakingLockStake($call) => $body,
            RpcCall::StakingUnlockStake($call) => $body,
            RpcCall::NeuronRegister($call) => $body,
            RpcCall::SubnetCreate($call) => $body,
            RpcCall::WeightSetWeights($call) => $body,
            RpcCall::RewardsClaim($call) => $body,
            RpcCall::StakingStake($call) => $body,
            RpcCall::StakingUnstake($call) => $body,
            RpcCall::StakingDelegate($call) => $body,
            RpcCall::StakingUndelegate($call) => $body,
        }
    };
}

fn method_of<T: SignedRpc>(_: &T) -> &'static str {
    T::METHOD
}

fn is_extension<T: SignedRpc>(_: &T) -> bool {
    T::EXTENSION
}

impl RpcCall {
    /// The JSON-RPC method name.
    pub fn method(&self) -> &'static str {
        dispatch!(self, c => method_of(c))
    }

    /// Whether the method is an extension the real node does not serve.
    pub fn is_extension(&self) -> bool {
        dispatch!(self, c => is_extension(c))
    }

    /// The message signed for this timestamp.
    pub fn message(&self, timestamp: u64) -> String {
        dispatch!(self, c => c.message(timestamp))
    }

    /// The params for this timestamp and signature.
    pub fn params(&self, timestamp: u64, signature: &Signature) -> Value {
        dispatch!(self, c => c.params(timestamp, signature))
    }

    /// The address whose key must sign.
    pub fn required_signer(&self) -> Address {
        dispatch!(self, c => c.required_signer())
    }
}

/// A signed-RPC request as a server parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCall {
    /// The call.
    pub call: RpcCall,
    /// Its timestamp (unix seconds); check it with [`check_timestamp`].
    pub timestamp: u64,
    /// The message rebuilt from the params.
    pub message: String,
    /// The signature as sent (hex, 64 or 65 bytes).
    pub signature: String,
}

/// Positional params of one call, with typed getters.
struct Params<'a>(&'a [Value]);

impl<'a> Params<'a> {
    fn get(&self, index: usize, name: &'static str) -> Result<&'a Value, SignedRpcError> {
        self.0.get(index).ok_or(SignedRpcError::MissingParam { index, name })
    }

    fn invalid(index: usize, name: &'static str, reason: impl Into<String>) -> SignedRpcError {
        SignedRpcError::InvalidParam { index, name, reason: reason.into() }
    }

    fn str(&self, index: usize, name: &'static str) -> Result<&'a str, SignedRpcError> {
        self.get(index, name)?
            .as_str()
            .ok_or_else(|| Self::invalid(index, name, "expected a string"))
    }

    fn address(&self, index: usize, name: &'static str) -> Result<Address, SignedRpcError> {
        parse_address(self.str(index, name)?).map_err(|e| Self::invalid(index, name, e.to_string()))
    }

    /// A hex quantity, `0x` optional (as the node parses amounts).
    fn hex_u256(&self, index: usize, name: &'static str) -> Result<U256, SignedRpcError> {
        parse_quantity(self.str(index, name)?.trim())
            .map_err(|e| Self::invalid(index, name, e.to_string()))
    }

    fn amount(&self, index: usize, name: &'static str) -> Result<Balance, SignedRpcError> {
        self.hex_u256(index, name).map(Balance::from_base_units)
    }

    /// A non-negative integer, as a JSON number or a decimal string.
    fn u64(&self, index: usize, name: &'static str) -> Result<u64, SignedRpcError> {
        let value = self.get(index, name)?;
        let parsed = match value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok()
            }
            _ => None,
        };
        parsed.ok_or_else(|| Self::invalid(index, name, format!("{value} is not a u64")))
    }

    fn weights(&self, index: usize) -> Result<Vec<(u64, u16)>, SignedRpcError> {
        const NAME: &str = "weights";
        let items = self
            .get(index, NAME)?
            .as_array()
            .ok_or_else(|| Self::invalid(index, NAME, "expected [[to_uid, weight], ...]"))?;
        items
            .iter()
            .map(|pair| {
                let bad =
                    || Self::invalid(index, NAME, format!("{pair} is not [to_uid, weight_u16]"));
                match pair.as_array().map(Vec::as_slice) {
                    Some([to, w]) => {
                        let to = to.as_u64().ok_or_else(bad)?;
                        let w = w.as_u64().and_then(|w| u16::try_from(w).ok()).ok_or_else(bad)?;
                        Ok((to, w))
                    }
                    _ => Err(bad()),
                }
            })
            .collect()
    }
}

/// Parses and verifies a signed RPC: rebuilds the message from `params`, recovers the signer
/// (65-byte `r‖s‖v` or 64-byte `r‖s` signatures; high S rejected) and checks it is the address
/// the method requires. The timestamp window is not checked: see [`check_timestamp`].
///
/// `weight_setWeights` needs the hotkey of its uid and fails here with
/// [`SignedRpcError::HotkeyLookupRequired`]; use [`verify_signed_rpc_with`].
pub fn verify_signed_rpc(
    method: &str,
    params: &Value,
) -> Result<(Address, ParsedCall), SignedRpcError> {
    verify_with(method, params, &|_, _| Err(SignedRpcError::HotkeyLookupRequired))
}

/// [`verify_signed_rpc`], resolving `weight_setWeights`' signer with
/// `hotkey_of_uid(subnet_id, uid)` (`None`: no such neuron).
pub fn verify_signed_rpc_with(
    method: &str,
    params: &Value,
    hotkey_of_uid: impl Fn(u64, u64) -> Option<Address>,
) -> Result<(Address, ParsedCall), SignedRpcError> {
    verify_with(method, params, &|subnet_id, uid| {
        hotkey_of_uid(subnet_id, uid).ok_or(SignedRpcError::UnknownNeuron { subnet_id, uid })
    })
}

type HotkeyLookup<'a> = dyn Fn(u64, u64) -> Result<Address, SignedRpcError> + 'a;

fn verify_with(
    method: &str,
    params: &Value,
    hotkey_of_uid: &HotkeyLookup<'_>,
) -> Result<(Address, ParsedCall), SignedRpcError> {
    let parsed = parse_call(method, params, hotkey_of_uid)?;
    let expected = parsed.call.required_signer();
    let recovered = recover_personal_signer(&parsed.message, &parsed.signature, expected)?;
    if recovered != expected {
        return Err(SignedRpcError::SignerMismatch { expected, recovered });
    }
    Ok((recovered, parsed))
}

fn parse_call(
    method: &str,
    params: &Value,
    hotkey_of_uid: &HotkeyLookup<'_>,
) -> Result<ParsedCall, SignedRpcError> {
    let p = Params(params.as_array().ok_or(SignedRpcError::ParamsNotArray)?);
    // (call, index of ts, index of sig)
    let (call, ts_at, sig_at) = match method {
        StakingAddStake::METHOD => (
            RpcCall::StakingAddStake(StakingAddStake {
                address: p.address(0, "address")?,
                amount: p.amount(1, "amount")?,
            }),
            2,
            3,
        ),
        StakingRemoveStake::METHOD => (
            RpcCall::StakingRemoveStake(StakingRemoveStake {
                address: p.address(0, "address")?,
                amount: p.amount(1, "amount")?,
            }),
            2,
            3,
        ),
        StakingClaimRewards::METHOD => (
            RpcCall::StakingClaimRewards(StakingClaimRewards { address: p.address(0, "address")? }),
            1,
            2,
        ),
        StakingDeactivateValidator::METHOD => (
            RpcCall::StakingDeactivateValidator(StakingDeactivateValidator {
                address: p.address(0, "address")?,
            }),
            1,
            2,
        ),
        StakingUnlockStake::METHOD => (
            RpcCall::StakingUnlockStake(StakingUnlockStake { address: p.address(0, "address")? }),
            1,
            2,
        ),
        RewardsClaim::METHOD => {
            (RpcCall::RewardsClaim(RewardsClaim { address: p.address(0, "address")? }), 1, 2)
        }
        StakingRegisterValidator::METHOD => {
            let key = p.str(2, "public_key")?.trim();
            let key_hex = key.strip_prefix("0x").or_else(|| key.strip_prefix("0X")).unwrap_or(key);
            let public_key = hex::decode(key_hex)
                .map_err(|e| Params::invalid(2, "public_key", e.to_string()))?;
            let name = match p.0.get(5) {
                None | Some(Value::Null) => None,
                Some(_) => Some(p.str(5, "name")?.to_owned()),
            };
            (
                RpcCall::StakingRegisterValidator(StakingRegisterValidator {
                    address: p.address(0, "address")?,
                    stake: p.amount(1, "stake")?,
                    public_key: public_key.into(),
                    name,
                }),
                3,
                4,
            )
        }
        StakingLockStake::METHOD => (
            RpcCall::StakingLockStake(StakingLockStake {
                address: p.address(0, "address")?,
                amount: p.amount(1, "amount")?,
                days: p.u64(2, "days")?,
            }),
            3,
            4,
        ),
        NeuronRegister::METHOD => (
            RpcCall::NeuronRegister(NeuronRegister {
                subnet_id: p.u64(0, "subnet_id")?,
                hotkey: p.address(1, "hotkey")?,
                coldkey: p.address(2, "coldkey")?,
                endpoint: p.str(3, "endpoint")?.to_owned(),
                stake: p.amount(4, "stake")?,
            }),
            5,
            6,
        ),
        SubnetCreate::METHOD => {
            let name = p.str(0, "name")?;
            check_subnet_name(name, 0)?;
            (
                RpcCall::SubnetCreate(SubnetCreate {
                    name: name.to_owned(),
                    owner: p.address(1, "owner")?,
                    emission_rate: p.hex_u256(2, "emission_rate")?,
                }),
                3,
                4,
            )
        }
        WeightSetWeights::METHOD => {
            let subnet_id = p.u64(0, "subnet_id")?;
            let uid = p.u64(1, "uid")?;
            let weights = p.weights(2)?;
            // Check the rest of the shape before asking for the hotkey.
            p.get(3, "timestamp")?;
            p.get(4, "signature")?;
            let hotkey = hotkey_of_uid(subnet_id, uid)?;
            (RpcCall::WeightSetWeights(WeightSetWeights { hotkey, subnet_id, uid, weights }), 3, 4)
        }
        StakingStake::METHOD => (
            RpcCall::StakingStake(StakingStake {
                address: p.address(0, "address")?,
                amount: p.amount(1, "amount")?,
            }),
            2,
            3,
        ),
        StakingUnstake::METHOD => (
            RpcCall::StakingUnstake(StakingUnstake {
                address: p.address(0, "address")?,
                amount: p.amount(1, "amount")?,
            }),
            2,
            3,
        ),
        StakingDelegate::METHOD => {
            let lock_days = match p.0.get(5) {
                None | Some(Value::Null) => None,
                Some(_) => Some(
                    u32::try_from(p.u64(5, "lock_days")?)
                        .map_err(|e| Params::invalid(5, "lock_days", e.to_string()))?,
                ),
            };
            (
                RpcCall::StakingDelegate(StakingDelegate {
                    delegator: p.address(0, "delegator")?,
                    validator: p.address(1, "validator")?,
                    amount: p.amount(2, "amount")?,
                    lock_days,
                }),
                3,
                4,
            )
        }
        StakingUndelegate::METHOD => (
            RpcCall::StakingUndelegate(StakingUndelegate { delegator: p.address(0, "delegator")? }),
            1,
            2,
        ),
        other => return Err(SignedRpcError::UnknownMethod(other.to_owned())),
    };
    let timestamp = p.u64(ts_at, "timestamp")?;
    let signature = p.str(sig_at, "signature")?.to_owned();
    let message = call.message(timestamp);
    Ok(ParsedCall { call, timestamp, message, signature })
}

/// Recovers the `personal_sign` signer of `message` from a hex signature of 65 bytes
/// (`r‖s‖v`, v = 0/1/27/28) or 64 bytes (`r‖s`; both parities are tried and the one giving
/// `expected` wins, as the node does). High-S signatures are rejected.
pub fn recover_personal_signer(
    message: &str,
    signature_hex: &str,
    expected: Address,
) -> Result<Address, SignatureError> {
    recover_message_signer_any_parity(message.as_bytes(), signature_hex, Some(expected))
}

/// The node's freshness window: `timestamp` must lie in
/// `[now − TIMESTAMP_MAX_AGE_SECS, now + TIMESTAMP_MAX_AHEAD_SECS]`.
pub fn check_timestamp(timestamp: u64, now: u64) -> Result<(), SignedRpcError> {
    if now > timestamp.saturating_add(TIMESTAMP_MAX_AGE_SECS) {
        Err(SignedRpcError::TimestampExpired { timestamp, now })
    } else if timestamp > now.saturating_add(TIMESTAMP_MAX_AHEAD_SECS) {
        Err(SignedRpcError::TimestampInFuture { timestamp, now })
    } else {
        Ok(())
    }
}

/// Whether `method` is a signed-RPC method (served or extension).
pub fn is_signed_rpc_method(method: &str) -> bool {
    SIGNED_RPC_METHODS.contains(&method) || EXTENSION_METHODS.contains(&method)
}
