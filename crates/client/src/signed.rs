//! Typed signed-RPC writes (spec section 5): each signs its message with the given key at the
//! current time and sends it, answering a [`TxResponse`] with status
//! [`crate::TxStatus::Applied`] and the node's JSON answer in `result`.
//!
//! The extensions (`staking_stake`, `staking_unstake`, `staking_delegate`,
//! `staking_undelegate`) are served by our devnet only: the real node answers
//! [`crate::ClientError::MethodNotFound`] with `extension: true`.

use alloy_primitives::{Address, U256};
use moderntensor_primitives::{Balance, PrivateKeySigner};
use moderntensor_tx::signed_rpc::{
    NeuronRegister, RewardsClaim, StakingAddStake, StakingClaimRewards, StakingDeactivateValidator,
    StakingDelegate, StakingLockStake, StakingRegisterValidator, StakingRemoveStake, StakingStake,
    StakingUndelegate, StakingUnlockStake, StakingUnstake, SubnetCreate, WeightSetWeights,
};

use crate::{Client, Result, TxResponse};

impl Client {
    /// `staking_addStake`: stakes `amount` from the signer's balance.
    pub async fn add_stake(
        &self,
        signer: &PrivateKeySigner,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingAddStake { address: signer.address(), amount }).await
    }

    /// `staking_removeStake`: returns `amount` of stake to the signer's balance.
    pub async fn remove_stake(
        &self,
        signer: &PrivateKeySigner,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingRemoveStake { address: signer.address(), amount })
            .await
    }

    /// `staking_claimRewards`: claims the signer's staking rewards.
    pub async fn claim_staking_rewards(&self, signer: &PrivateKeySigner) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingClaimRewards { address: signer.address() }).await
    }

    /// `staking_registerValidator`: registers the signer as a validator with `stake` (at
    /// least 1000 MDT) and its public key.
    pub async fn register_validator(
        &self,
        signer: &PrivateKeySigner,
        stake: Balance,
        name: Option<String>,
    ) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingRegisterValidator::for_signer(signer, stake, name))
            .await
    }

    /// `staking_deactivateValidator`: deactivates the signer's validator.
    pub async fn deactivate_validator(&self, signer: &PrivateKeySigner) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingDeactivateValidator { address: signer.address() })
            .await
    }

    /// `staking_lockStake`: locks `amount` of stake for `days` for a reward bonus.
    pub async fn lock_stake(
        &self,
        signer: &PrivateKeySigner,
        amount: Balance,
        days: u64,
    ) -> Result<TxResponse> {
        let call = StakingLockStake { address: signer.address(), amount, days };
        self.sign_and_send_rpc(signer, &call).await
    }

    /// `staking_unlockStake`: unlocks the signer's expired locked stake.
    pub async fn unlock_stake(&self, signer: &PrivateKeySigner) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingUnlockStake { address: signer.address() }).await
    }

    /// `rewards_claim`: claims the signer's pending epoch rewards.
    pub async fn claim_rewards(&self, signer: &PrivateKeySigner) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &RewardsClaim { address: signer.address() }).await
    }

    /// `neuron_register`: registers the signing hotkey in `subnet_id`, owned by `coldkey`,
    /// serving at `endpoint`, with `stake` (at least 10 MDT). On the real node this writes
    /// only an RPC-local cache; [`Client::submit_precompile`] puts neurons on chain.
    pub async fn register_neuron(
        &self,
        hotkey: &PrivateKeySigner,
        subnet_id: u64,
        coldkey: Address,
        endpoint: impl Into<String>,
        stake: Balance,
    ) -> Result<TxResponse> {
        let call = NeuronRegister {
            subnet_id,
            hotkey: hotkey.address(),
            coldkey,
            endpoint: endpoint.into(),
            stake,
        };
        self.sign_and_send_rpc(hotkey, &call).await
    }

    /// `subnet_create`: creates a subnet named `name` (1-64 characters) owned by the signer.
    pub async fn create_subnet(
        &self,
        owner: &PrivateKeySigner,
        name: impl Into<String>,
        emission_rate: U256,
    ) -> Result<TxResponse> {
        let call = SubnetCreate { name: name.into(), owner: owner.address(), emission_rate };
        self.sign_and_send_rpc(owner, &call).await
    }

    /// `weight_setWeights`: sets the weight row of `uid` (whose hotkey signs) in `subnet_id`.
    pub async fn set_weights(
        &self,
        hotkey: &PrivateKeySigner,
        subnet_id: u64,
        uid: u64,
        weights: Vec<(u64, u16)>,
    ) -> Result<TxResponse> {
        let call = WeightSetWeights { hotkey: hotkey.address(), subnet_id, uid, weights };
        self.sign_and_send_rpc(hotkey, &call).await
    }

    /// **Extension** `staking_stake`: stakes `amount`.
    pub async fn stake_extension(
        &self,
        signer: &PrivateKeySigner,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingStake { address: signer.address(), amount }).await
    }

    /// **Extension** `staking_unstake`: unstakes `amount`.
    pub async fn unstake_extension(
        &self,
        signer: &PrivateKeySigner,
        amount: Balance,
    ) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingUnstake { address: signer.address(), amount }).await
    }

    /// **Extension** `staking_delegate`: delegates `amount` from the signer to `validator`,
    /// optionally locked for `lock_days` (30/90/180/365 earn a bonus).
    pub async fn delegate(
        &self,
        signer: &PrivateKeySigner,
        validator: Address,
        amount: Balance,
        lock_days: Option<u32>,
    ) -> Result<TxResponse> {
        let call = StakingDelegate { delegator: signer.address(), validator, amount, lock_days };
        self.sign_and_send_rpc(signer, &call).await
    }

    /// **Extension** `staking_undelegate`: withdraws the signer's delegation.
    pub async fn undelegate(&self, signer: &PrivateKeySigner) -> Result<TxResponse> {
        self.sign_and_send_rpc(signer, &StakingUndelegate { delegator: signer.address() }).await
    }
}
