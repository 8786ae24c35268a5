//! The body fingerprint that no-derivatives articles record, so a changed
//! text is caught before it is published.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `sha256:` and the hex SHA-256 of the body with every whitespace run
/// collapsed to one space and the ends trimmed.
pub fn fingerprint(body: &str) -> String {
    // The ASCII separators 0x1C-0x1F count as whitespace, as they do in the
    // corpus tools that write fingerprints.
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    let mut hasher = Sha256::new();
    for (i, word) in body.split(is_space).filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_wrapping_but_not_words() {
        let a = fingerprint("One two\nthree.\n\n  Four.\n");
        assert_eq!(a, fingerprint("One two three. Four."));
        assert_ne!(a, fingerprint("One two three. Five."));
        let expected: String = Sha256::digest(b"a b")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint("\n a \t b \n"), format!("sha256:{expected}"));
    }
}
