//! BIP39 English mnemonics and their seeds.

use std::fmt;

use bip39::Language;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{fill_random, Result, WalletError};

/// How many words a new mnemonic has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WordCount {
    /// 12 words: 128 bits of entropy.
    #[default]
    Twelve,
    /// 24 words: 256 bits of entropy.
    TwentyFour,
}

impl WordCount {
    /// From a number of words: 12 or 24.
    pub fn from_count(words: usize) -> Result<Self> {
        match words {
            12 => Ok(Self::Twelve),
            24 => Ok(Self::TwentyFour),
            n => Err(WalletError::UnsupportedWordCount(n)),
        }
    }

    /// The number of words.
    pub const fn count(self) -> usize {
        match self {
            Self::Twelve => 12,
            Self::TwentyFour => 24,
        }
    }

    const fn entropy_bytes(self) -> usize {
        match self {
            Self::Twelve => 16,
            Self::TwentyFour => 32,
        }
    }
}

impl TryFrom<usize> for WordCount {
    type Error = WalletError;
    fn try_from(words: usize) -> Result<Self> {
        Self::from_count(words)
    }
}

/// A BIP39 mnemonic in the English word list.
///
/// The words are zeroized when it is dropped, and [`fmt::Debug`] never shows them. There is
/// deliberately no `Display`: use [`Mnemonic::phrase`] to show the phrase on purpose.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Mnemonic {
    inner: bip39::Mnemonic,
}

impl Mnemonic {
    /// A new mnemonic from the operating system's random generator.
    pub fn generate(words: WordCount) -> Result<Self> {
        let mut entropy = Zeroizing::new([0u8; 32]);
        let entropy = &mut entropy[..words.entropy_bytes()];
        fill_random(entropy)?;
        Self::from_entropy(entropy)
    }

    /// The mnemonic encoding `entropy` (16, 20, 24, 28 or 32 bytes).
    pub fn from_entropy(entropy: &[u8]) -> Result<Self> {
        bip39::Mnemonic::from_entropy_in(Language::English, entropy)
            .map(|inner| Self { inner })
            .map_err(|_| WalletError::UnsupportedWordCount(entropy.len() * 3 / 4))
    }

    /// Parses a phrase. Case and whitespace (spaces, tabs, newlines, repeated) do not matter.
    ///
    /// Errors name the first unknown word and its position, a wrong word count, or a wrong
    /// checksum.
    pub fn parse(phrase: &str) -> Result<Self> {
        let normalized = Zeroizing::new(phrase.to_lowercase());
        let words: Vec<&str> = normalized.split_whitespace().collect();
        if !matches!(words.len(), 12 | 15 | 18 | 21 | 24) {
            return Err(WalletError::MnemonicWordCount(words.len()));
        }
        let list = Language::English;
        if let Some((i, word)) = words.iter().enumerate().find(|(_, w)| list.find_word(w).is_none())
        {
            return Err(WalletError::UnknownMnemonicWord {
                word: (*word).to_string(),
                position: i + 1,
                suggestion: suggest(word),
            });
        }
        let joined = Zeroizing::new(words.join(" "));
        match bip39::Mnemonic::parse_in_normalized(list, &joined) {
            Ok(inner) => Ok(Self { inner }),
            Err(bip39::Error::InvalidChecksum) => Err(WalletError::MnemonicChecksum),
            Err(bip39::Error::BadWordCount(n)) => Err(WalletError::MnemonicWordCount(n)),
            Err(bip39::Error::UnknownWord(i)) => Err(WalletError::UnknownMnemonicWord {
                word: words.get(i).map(|w| w.to_string()).unwrap_or_default(),
                position: i + 1,
                suggestion: None,
            }),
            Err(_) => Err(WalletError::MnemonicChecksum),
        }
    }

    /// The phrase: words separated by single spaces. Handle with care: it is the key.
    pub fn phrase(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(24 * 9));
        for (i, word) in self.inner.words().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }

    /// The words, in order.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.words()
    }

    /// The number of words.
    pub fn word_count(&self) -> usize {
        self.inner.word_count()
    }

    /// The 64-byte BIP39 seed, with an optional passphrase (`""` for none; NFKD-normalized).
    pub fn to_seed(&self, passphrase: &str) -> Seed {
        let mut seed = Seed(Zeroizing::new([0u8; 64]));
        *seed.0 = self.inner.to_seed(passphrase);
        seed
    }
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mnemonic({} words, redacted)", self.word_count())
    }
}

impl std::str::FromStr for Mnemonic {
    type Err = WalletError;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// The word list entry sharing the first four letters of `word`, if any.
fn suggest(word: &str) -> Option<String> {
    let prefix: String = word.chars().take(4).collect();
    if prefix.chars().count() < 3 {
        return None;
    }
    let matches = Language::English.words_by_prefix(&prefix);
    match matches {
        [only] => Some((*only).to_string()),
        _ => None,
    }
}

/// A 64-byte BIP39 seed, zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed(Zeroizing<[u8; 64]>);

impl Seed {
    /// The seed bytes.
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_PHRASE: &str = "test test test test test test test test test test test junk";

    #[test]
    fn generates_12_and_24_words_that_parse_back() {
        for wc in [WordCount::Twelve, WordCount::TwentyFour] {
            let m = Mnemonic::generate(wc).unwrap();
            assert_eq!(m.word_count(), wc.count());
            let again = Mnemonic::parse(&m.phrase()).unwrap();
            assert_eq!(again, m);
        }
        let a = Mnemonic::generate(WordCount::Twelve).unwrap();
        let b = Mnemonic::generate(WordCount::Twelve).unwrap();
        assert_ne!(a, b);
        assert!(WordCount::from_count(15).is_err());
        assert_eq!(WordCount::try_from(24).unwrap(), WordCount::TwentyFour);
    }

    #[test]
    fn normalizes_case_and_whitespace() {
        let m =
            Mnemonic::parse("  TEST test\ttest  test\ntest test test test test test test Junk \n")
                .unwrap();
        assert_eq!(m.phrase().as_str(), TEST_PHRASE);
        let parsed: Mnemonic = TEST_PHRASE.parse().unwrap();
        assert_eq!(parsed, m);
    }

    #[test]
    fn clear_errors() {
        let err =
            Mnemonic::parse("test test test test test test test test test test test").unwrap_err();
        assert!(matches!(err, WalletError::MnemonicWordCount(11)), "{err}");
        assert!(err.to_string().contains("11 words"));

        let err = Mnemonic::parse("test test test test test tesst test test test test test junk")
            .unwrap_err();
        match &err {
            WalletError::UnknownMnemonicWord { word, position, .. } => {
                assert_eq!(word, "tesst");
                assert_eq!(*position, 6);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("word 6"), "{err}");

        // "abando" shares its first four letters with "abandon" only.
        let err = Mnemonic::parse(
            "abando abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        )
        .unwrap_err();
        assert!(err.to_string().contains("did you mean \"abandon\""), "{err}");

        let err = Mnemonic::parse("test test test test test test test test test test test test")
            .unwrap_err();
        assert!(matches!(err, WalletError::MnemonicChecksum), "{err}");
    }

    #[test]
    fn debug_redacts() {
        let m = Mnemonic::parse(TEST_PHRASE).unwrap();
        let dbg = format!("{m:?} {:?}", m.to_seed(""));
        assert!(!dbg.contains("test"), "{dbg}");
        assert!(!dbg.contains("junk"), "{dbg}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn parse_never_panics(s in "\\PC{0,200}") {
            let _ = Mnemonic::parse(&s);
        }

        #[test]
        fn entropy_round_trips(entropy in proptest::collection::vec(proptest::prelude::any::<u8>(), 32)) {
            for len in [16, 32] {
                let m = Mnemonic::from_entropy(&entropy[..len]).unwrap();
                proptest::prop_assert_eq!(Mnemonic::parse(&m.phrase().to_uppercase()).unwrap(), m);
            }
        }
    }

    #[test]
    fn bip39_seed_vector() {
        // Trezor's BIP39 vector: all-"abandon" + "about", passphrase "TREZOR".
        let m = Mnemonic::parse(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        )
        .unwrap();
        assert_eq!(
            hex::encode(m.to_seed("TREZOR").as_bytes()),
            "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
        );
    }
}
