//! The body fingerprint that no-derivatives articles record, so a changed
//! text is caught before it is published.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `sha256:` and the hex SHA-256 of the body with every whitespace run
/// collapsed to one space and the ends trimmed.
pub fn fingerprint(body: &str) -> String {
    let digest = Sha256::digest(words_joined(body));
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The body's words joined by single spaces: what the fingerprint hashes.
/// The ASCII separators 0x1C-0x1F count as white space, as they do in the
/// corpus tools that write fingerprints.
fn words_joined(body: &str) -> Vec<u8> {
    let mut joined = Vec::with_capacity(body.len());
    if body.is_ascii() {
        // A byte at a time: most bodies are ASCII.
        let mut space = false;
        for &b in body.as_bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ' | 0x1c..=0x1f) {
                space = !joined.is_empty();
            } else {
                if space {
                    joined.push(b' ');
                    space = false;
                }
                joined.push(b);
            }
        }
        return joined;
    }
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    for word in body.split(is_space).filter(|w| !w.is_empty()) {
        if !joined.is_empty() {
            joined.push(b' ');
        }
        joined.extend_from_slice(word.as_bytes());
    }
    joined
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

    #[test]
    fn ascii_bodies_are_joined_as_every_other_body_is() {
        let reference = |body: &str| {
            let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
            let words: Vec<&str> = body.split(is_space).filter(|w| !w.is_empty()).collect();
            words.join(" ").into_bytes()
        };
        let ascii = crate::testing::ascii();
        for body in crate::testing::random_texts(0x51_7cc1_b727_220a, 5_000, 24, &ascii) {
            assert_eq!(words_joined(&body), reference(&body), "{body:?}");
        }
        for body in [
            "caf\u{e9}\u{a0}cr\u{e8}me \u{2003} br\u{fb}l\u{e9}e",
            " \u{1c}a\u{1f}b ",
        ] {
            assert_eq!(words_joined(body), reference(body), "{body:?}");
        }
    }
}
