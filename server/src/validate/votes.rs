//! Checking a vote: its value and the widget's voter key.

use super::ValidationError;

/// The shortest and longest voter key the widget may send.
const VOTER_KEY_CHARS: std::ops::RangeInclusive<usize> = 16..=64;

/// A voter key: 16 to 64 letters, digits, `-` or `_` (the widget makes a random one).
pub fn voter_key(key: &str) -> Result<&str, ValidationError> {
    let well_formed = VOTER_KEY_CHARS.contains(&key.len())
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if well_formed {
        Ok(key)
    } else {
        Err(ValidationError::field(
            "voter",
            "invalid_voter",
            "The voter key must be 16 to 64 letters, digits, - or _.",
        ))
    }
}

/// A vote's value: `1`, `-1`, or `0` to take it back.
pub fn vote_value(value: i8) -> Result<i8, ValidationError> {
    if (-1..=1).contains(&value) {
        Ok(value)
    } else {
        Err(ValidationError::field(
            "value",
            "invalid_vote",
            "A vote is 1 (for), -1 (against) or 0 (taken back).",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voter_keys_and_values_are_checked() {
        assert!(voter_key("abcdefghijklmnop").is_ok());
        assert!(voter_key(&"a-_9".repeat(16)).is_ok());
        for bad in [
            "",
            "short",
            "with space in it ok?",
            "ünïcödé-is-not-a-key",
            &"a".repeat(65),
        ] {
            assert!(voter_key(bad).is_err(), "{bad}");
        }
        for good in [-1, 0, 1] {
            assert_eq!(vote_value(good), Ok(good));
        }
        for bad in [-2, 2, i8::MIN, i8::MAX] {
            assert!(vote_value(bad).is_err());
        }
    }
}
