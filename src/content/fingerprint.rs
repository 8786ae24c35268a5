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
    if body.is_ascii() {
        return ascii_words_joined(body.as_bytes());
    }
    let mut joined = Vec::with_capacity(body.len());
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    for word in body.split(is_space).filter(|w| !w.is_empty()) {
        if !joined.is_empty() {
            joined.push(b' ');
        }
        joined.extend_from_slice(word.as_bytes());
    }
    joined
}

/// [`words_joined`] for ASCII. Most white space in a body is single
/// spaces, kept as they are: eight bytes at a time are checked for any
/// other (a line break, a second space), and copied whole when there is
/// none. The rest goes a byte at a time.
fn ascii_words_joined(bytes: &[u8]) -> Vec<u8> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut joined = Vec::with_capacity(bytes.len());
    // Whether the last byte taken was white space, or none was taken: a
    // space then adds nothing.
    let mut after_space = true;
    let mut at = 0;
    while at < bytes.len() {
        let run = at;
        while let Some(&chunk) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
            let word = u64::from_le_bytes(chunk);
            // The high bit of each byte up to 0x20, and of each space (no
            // carry crosses a byte: every byte is below 0x80).
            let low = !(word + ONES * 0x5f) & HIGH;
            let spaces = !((word ^ (ONES * 0x20)) + ONES * 0x7f) & HIGH;
            if low != spaces || spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0) {
                break;
            }
            after_space = spaces >> 63 != 0;
            at += 8;
        }
        joined.extend_from_slice(&bytes[run..at]);
        let Some(&b) = bytes.get(at) else {
            break;
        };
        if matches!(b, b'\t'..=b'\r' | b' ' | 0x1c..=0x1f) {
            if !after_space {
                joined.push(b' ');
            }
            after_space = true;
        } else {
            joined.push(b);
            after_space = false;
        }
        at += 1;
    }
    if joined.last() == Some(&b' ') {
        joined.pop();
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
        // Words and white space, as prose has them, across eight-byte chunks.
        let prose = [
            "word", "a", "longer", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u{1c}", "\u{1}", "~",
        ];
        for body in crate::testing::random_texts(0x2f_9a3c_11d4_7e05, 5_000, 120, &prose) {
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
