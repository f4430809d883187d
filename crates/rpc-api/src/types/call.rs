//! [`CallRequest`]: the transaction object of `eth_call`, `eth_estimateGas` and
//! `eth_sendTransaction`.

use alloy_primitives::{Address, Bytes, U256, U64};
use serde::{Deserialize, Serialize};

/// The transaction object of `eth_call`, `eth_estimateGas` and `eth_sendTransaction`.
///
/// Every field is optional; unknown fields (e.g. `accessList`, `type`) are ignored. Quantities are
/// `0x` hex. The call data may come as `data` or as `input` (newer clients); use
/// [`CallRequest::call_data`] to read whichever was sent.
///
/// ```
/// use moderntensor_rpc_api::types::CallRequest;
/// let req: CallRequest = serde_json::from_str(
///     r#"{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":"0x1"}"#,
/// ).unwrap();
/// assert_eq!(req.value.unwrap().to::<u64>(), 1);
/// assert!(req.call_data().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRequest {
    /// Sender; defaults to the zero address for calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Address>,
    /// Recipient; `None` creates a contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Address>,
    /// Gas limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas: Option<U64>,
    /// Legacy gas price in base units per gas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas_price: Option<U256>,
    /// EIP-1559 fee cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_fee_per_gas: Option<U256>,
    /// EIP-1559 tip cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_priority_fee_per_gas: Option<U256>,
    /// Value in base units (1 MDT = 10^18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<U256>,
    /// Call data (the traditional field name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Bytes>,
    /// Call data (the newer field name); wins over `data` when both are present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Bytes>,
    /// Sender nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<U64>,
    /// Chain id, if the caller states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<U64>,
}

impl CallRequest {
    /// A value transfer from `from` to `to`.
    pub fn transfer(from: Address, to: Address, value: U256) -> Self {
        Self { from: Some(from), to: Some(to), value: Some(value), ..Self::default() }
    }

    /// A call to `to` with `data`.
    pub fn call(to: Address, data: Bytes) -> Self {
        Self { to: Some(to), data: Some(data), ..Self::default() }
    }

    /// The call data: `input` if present, else `data`, else empty.
    pub fn call_data(&self) -> &Bytes {
        static EMPTY: Bytes = Bytes::new();
        self.input.as_ref().or(self.data.as_ref()).unwrap_or(&EMPTY)
    }

    /// Checks the field combinations a node rejects, with a message saying what to fix.
    ///
    /// `data` and `input` must agree when both are given; legacy `gasPrice` must not be mixed
    /// with the EIP-1559 fee fields.
    pub fn validate(&self) -> Result<(), String> {
        if let (Some(d), Some(i)) = (&self.data, &self.input) {
            if d != i {
                return Err("both `data` and `input` are set and differ: send the call data in \
                            one of them only"
                    .into());
            }
        }
        if self.gas_price.is_some()
            && (self.max_fee_per_gas.is_some() || self.max_priority_fee_per_gas.is_some())
        {
            return Err(
                "`gasPrice` cannot be combined with `maxFeePerGas`/`maxPriorityFeePerGas`: \
                        send either a legacy gas price or EIP-1559 fees"
                    .into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_only_present_fields_camel_case() {
        let req = CallRequest {
            to: Some(Address::repeat_byte(0x35)),
            gas_price: Some(U256::from(1_000_000_000u64)),
            gas: Some(U64::from(21_000)),
            ..Default::default()
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v["gasPrice"], "0x3b9aca00");
        assert_eq!(v["gas"], "0x5208");
        assert_eq!(v.as_object().unwrap().len(), 3);
        assert_eq!(serde_json::from_value::<CallRequest>(v).unwrap(), req);
    }

    #[test]
    fn input_wins_and_validation() {
        let req: CallRequest =
            serde_json::from_str(r#"{"data":"0x12","input":"0x34","accessList":[]}"#).unwrap();
        assert_eq!(req.call_data().as_ref(), &[0x34]);
        assert!(req.validate().unwrap_err().contains("one of them"));
        let req: CallRequest =
            serde_json::from_str(r#"{"gasPrice":"0x1","maxFeePerGas":"0x2"}"#).unwrap();
        assert!(req.validate().is_err());
        assert!(CallRequest::default().validate().is_ok());
    }
}
