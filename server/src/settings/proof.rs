//! `proof_of_work` (per site, or `--proof-of-work` for all): whether a post must carry a
//! proof of work, and how hard it is.

use serde::Deserialize;

/// The most bits a site may fix: about 2^28 hashes, minutes in a browser.
pub const MAX_FIXED_BITS: u8 = 28;

/// Whether a site asks posts for a proof of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofOfWork {
    /// Never.
    Off,
    /// Only from a client, a network or a whole site posting faster than usual, harder
    /// the faster (the default).
    Auto,
    /// Always, this many bits.
    Fixed(u8),
}

/// The value as the file writes it: `"off"`, `"auto"` or a number of bits.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ProofOfWorkFile {
    Word(String),
    Bits(i64),
}

impl ProofOfWorkFile {
    /// The setting, or what is wrong with it.
    pub fn resolve(&self) -> Result<ProofOfWork, String> {
        match self {
            Self::Word(word) if word == "off" => Ok(ProofOfWork::Off),
            Self::Word(word) if word == "auto" => Ok(ProofOfWork::Auto),
            Self::Word(word) => match word.parse::<i64>() {
                Ok(bits) => Self::Bits(bits).resolve(),
                Err(_) => Err(format!(
                    "proof_of_work {word:?}: say off, auto, or a number of bits"
                )),
            },
            Self::Bits(0) => Ok(ProofOfWork::Off),
            Self::Bits(bits) => u8::try_from(*bits)
                .ok()
                .filter(|bits| *bits <= MAX_FIXED_BITS)
                .map(ProofOfWork::Fixed)
                .ok_or_else(|| {
                    format!("proof_of_work {bits}: the bits go from 1 to {MAX_FIXED_BITS}")
                }),
        }
    }
}

/// Reads `--proof-of-work`.
pub fn parse_flag(text: &str) -> Result<ProofOfWorkFile, String> {
    let file = ProofOfWorkFile::Word(text.to_owned());
    file.resolve().map(|_| file)
}

#[cfg(test)]
mod tests {
    //! What the file and the flag accept.

    use super::*;

    #[test]
    fn words_and_bits_are_read_and_nonsense_is_refused() {
        let read = |file: ProofOfWorkFile| file.resolve();
        assert_eq!(
            read(ProofOfWorkFile::Word("off".into())),
            Ok(ProofOfWork::Off)
        );
        assert_eq!(
            read(ProofOfWorkFile::Word("auto".into())),
            Ok(ProofOfWork::Auto)
        );
        assert_eq!(read(ProofOfWorkFile::Bits(18)), Ok(ProofOfWork::Fixed(18)));
        assert_eq!(
            read(ProofOfWorkFile::Word("20".into())),
            Ok(ProofOfWork::Fixed(20))
        );
        assert_eq!(read(ProofOfWorkFile::Bits(0)), Ok(ProofOfWork::Off));
        for wrong in [
            ProofOfWorkFile::Bits(-1),
            ProofOfWorkFile::Bits(29),
            ProofOfWorkFile::Word("hard".into()),
        ] {
            assert!(read(wrong).is_err());
        }
        assert!(parse_flag("always").is_err());
    }
}
