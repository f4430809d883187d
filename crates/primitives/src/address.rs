//! 20-byte account addresses: parsing with clear errors, EIP-55 display.

use std::fmt;

use alloy_primitives::Address;

/// Why a string is not an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// The string is empty (or only whitespace).
    #[error("address is empty: expected 40 hex digits, optionally prefixed with 0x")]
    Empty,
    /// Wrong number of hex digits.
    #[error("address {input:?} has {digits} hex digits; an address has exactly 40 (20 bytes), optionally prefixed with 0x")]
    WrongLength {
        /// What was given.
        input: String,
        /// How many digits it had after the prefix.
        digits: usize,
    },
    /// A character that is not a hex digit.
    #[error("address {input:?} contains {ch:?} at position {position}, which is not a hex digit (0-9, a-f, A-F)")]
    InvalidCharacter {
        /// What was given.
        input: String,
        /// The offending character.
        ch: char,
        /// Its position in the input.
        position: usize,
    },
    /// Mixed-case input whose EIP-55 checksum does not match (only from [`parse_address_strict`]).
    #[error("address {input:?} has mixed case but its EIP-55 checksum is wrong (did you mean {expected}?)")]
    BadChecksum {
        /// What was given.
        input: String,
        /// The correctly checksummed form.
        expected: String,
    },
}

/// Parses an address with or without `0x`, in any case. Surrounding whitespace is ignored.
///
/// ```
/// use moderntensor_primitives::parse_address;
/// let a = parse_address("f39fd6e51aad88f6f4ce6ab8827279cfffb92266").unwrap();
/// assert_eq!(a.to_checksum(None), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
/// assert!(parse_address("0x1234").is_err());
/// ```
pub fn parse_address(input: &str) -> Result<Address, AddressError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(AddressError::Empty);
    }
    let hex = trimmed.strip_prefix("0x").or_else(|| trimmed.strip_prefix("0X")).unwrap_or(trimmed);
    let prefix_len = trimmed.len() - hex.len();
    if let Some((position, ch)) = hex.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(AddressError::InvalidCharacter {
            input: input.to_string(),
            ch,
            position: position + prefix_len,
        });
    }
    if hex.len() != 40 {
        return Err(AddressError::WrongLength { input: input.to_string(), digits: hex.len() });
    }
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(hex, &mut bytes)
        .map_err(|_| AddressError::WrongLength { input: input.to_string(), digits: hex.len() })?;
    Ok(Address::from(bytes))
}

/// Like [`parse_address`], but a mixed-case input must carry a valid EIP-55 checksum.
pub fn parse_address_strict(input: &str) -> Result<Address, AddressError> {
    let address = parse_address(input)?;
    let trimmed = input.trim();
    let hex = trimmed.strip_prefix("0x").or_else(|| trimmed.strip_prefix("0X")).unwrap_or(trimmed);
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    if has_upper && has_lower {
        let expected = address.to_checksum(None);
        if expected[2..] != *hex {
            return Err(AddressError::BadChecksum { input: input.to_string(), expected });
        }
    }
    Ok(address)
}

/// Lowercase hex without `0x`: the form addresses take inside signed-RPC messages.
pub fn address_message_form(address: &Address) -> String {
    hex::encode(address.as_slice())
}

/// Displays an address the way a person should read it: EIP-55 checksummed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksummed(pub Address);

impl fmt::Display for Checksummed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_checksum(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKSUMMED: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    #[test]
    fn parses_any_case_with_or_without_prefix() {
        let want = parse_address(CHECKSUMMED).unwrap();
        for s in [
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            "0XF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266",
            "f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            "  0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n",
        ] {
            assert_eq!(parse_address(s).unwrap(), want, "{s}");
        }
        assert_eq!(Checksummed(want).to_string(), CHECKSUMMED);
        assert_eq!(address_message_form(&want), "f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    }

    #[test]
    fn clear_errors() {
        assert_eq!(parse_address(" "), Err(AddressError::Empty));
        assert!(matches!(
            parse_address("0x1234"),
            Err(AddressError::WrongLength { digits: 4, .. })
        ));
        let err = parse_address("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266").unwrap_err();
        assert!(matches!(err, AddressError::InvalidCharacter { ch: 'g', position: 2, .. }));
        assert!(err.to_string().contains("not a hex digit"));
    }

    #[test]
    fn strict_checks_mixed_case_checksum() {
        assert!(parse_address_strict(CHECKSUMMED).is_ok());
        assert!(parse_address_strict("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266").is_ok());
        let bad = "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266";
        assert!(matches!(parse_address_strict(bad), Err(AddressError::BadChecksum { .. })));
    }
}
