//! Text matching as a reader reads: one folded form for page text and for
//! front-matter values, names found as whole words, wording found as a
//! phrase whose end punctuation does not matter.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Collapses whitespace and folds typographic quotes, apostrophes and
/// dashes, so a theme's typography does not decide whether a name "is
/// shown". Case and Unicode composition are kept: see [`fold`].
pub fn normalise_text(s: &str) -> String {
    let mut n = Normaliser::default();
    n.out.reserve(s.len());
    n.push(s);
    n.out
}

/// [`normalise_text`] over text that arrives in pieces: pushing the pieces
/// one by one gives what normalising them joined gives.
#[derive(Debug, Default)]
pub(super) struct Normaliser {
    out: String,
    /// Whitespace seen since the last character written.
    space: bool,
}

/// ASCII bytes copied as they are: all but whitespace (and vertical tab).
const PLAIN: [bool; 128] = {
    let mut plain = [true; 128];
    let mut b = 0;
    while b < 128 {
        plain[b] = !(b as u8).is_ascii_whitespace() && b != 0x0b;
        b += 1;
    }
    plain
};

/// Whether eight bytes are copied as they stand: printable ASCII with single
/// spaces, a space first only after a plain byte (`after_plain`) and a
/// space last only before one (`before_plain`). Eight at a time, as the
/// page's text is long.
fn plain_word(word: &[u8], after_plain: bool, before_plain: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let Ok(bytes) = <[u8; 8]>::try_from(word) else {
        return false;
    };
    let w = u64::from_le_bytes(bytes);
    // Any byte at or above 0x80, or below 0x20.
    if w & HIGH != 0 || w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0 {
        return false;
    }
    // The high bit of each byte that is a space.
    let x = w ^ (ONES * 0x20);
    let spaces = !(((x & !HIGH) + !HIGH) | x) & HIGH;
    spaces & (spaces << 8) == 0
        && (spaces & 0x80 == 0 || after_plain)
        && (spaces >> 63 == 0 || before_plain)
}

impl Normaliser {
    pub(super) fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let plain = |i: usize| bytes.get(i).is_some_and(|&b| b < 128 && PLAIN[b as usize]);
        // Text is mostly normal already: a span of plain ASCII with single
        // spaces between its words is copied in one piece.
        let mut span = 0;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(word) = bytes.get(i..i + 8)
                && plain_word(word, i > span && bytes[i - 1] != b' ', plain(i + 8))
            {
                i += 8;
                continue;
            }
            if plain(i) {
                i += 1;
                continue;
            }
            if bytes[i] == b' ' && i > span && plain(i + 1) {
                i += 2;
                continue;
            }
            self.copy(&s[span..i]);
            let b = bytes[i];
            if b.is_ascii() {
                self.space = !self.out.is_empty();
                i += 1;
            } else {
                let c = s[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                let c = fold_punctuation(c);
                if c.is_whitespace() {
                    self.space = !self.out.is_empty();
                } else {
                    self.copy(c.encode_utf8(&mut [0; 4]));
                }
            }
            span = i;
        }
        self.copy(&s[span..]);
    }

    /// Writes text that needs no change, after the space owed before it.
    fn copy(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        self.out.push_str(text);
    }

    /// The text so far.
    pub(super) fn as_str(&self) -> &str {
        &self.out
    }

    /// Starts over, keeping the buffer.
    pub(super) fn clear(&mut self) {
        self.out.clear();
        self.space = false;
    }
}

fn fold_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{ff07}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c => c,
    }
}

/// The one form text is compared in: [`normalise_text`], then Unicode NFC
/// (a decomposed "José" equals the composed one), then lower case.
pub fn fold(s: &str) -> String {
    fold_normalised(&normalise_text(s))
}

/// [`fold`] for text that has already been through [`normalise_text`].
pub(super) fn fold_normalised(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_lowercase()
    } else {
        text.nfc().collect::<String>().to_lowercase()
    }
}

/// Whether `c` continues a word, so a match may not end or start beside it.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether folded `needle` occurs in folded `hay` with nothing word-like
/// directly before or after it: "ali" is not in "somalia", "mark anders"
/// is not in "mark andersen". Edges of the needle that are not letters
/// (a "©", a closing parenthesis) need no boundary.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    Words::new(needle).found_in(hay)
}

/// A needle for [`contains_words`], set up once to be looked for in many
/// blocks of a page.
pub struct Words<'n> {
    needle: &'n str,
    /// memmem's vectorised search; a match of a whole `str` is at a
    /// character boundary.
    finder: memchr::memmem::Finder<'n>,
    starts_word: bool,
    ends_word: bool,
}

impl<'n> Words<'n> {
    pub fn new(needle: &'n str) -> Words<'n> {
        Words {
            needle,
            finder: memchr::memmem::Finder::new(needle.as_bytes()),
            starts_word: needle.chars().next().is_some_and(is_word_char),
            ends_word: needle.chars().next_back().is_some_and(is_word_char),
        }
    }

    /// Whether `hay` holds the needle as whole words.
    pub fn found_in(&self, hay: &str) -> bool {
        if self.needle.is_empty() {
            return true;
        }
        let mut from = 0;
        while let Some(pos) = self.finder.find(&hay.as_bytes()[from..]) {
            let start = from + pos;
            let end = start + self.needle.len();
            let before_ok =
                !self.starts_word || !hay[..start].chars().next_back().is_some_and(is_word_char);
            let after_ok = !self.ends_word || !hay[end..].chars().next().is_some_and(is_word_char);
            if before_ok && after_ok {
                return true;
            }
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        false
    }
}

/// A prescribed wording in its folded form, with the punctuation that ends
/// it dropped: a page that continues the sentence ("... by ProPublica, a
/// nonprofit newsroom") or ends it otherwise still shows the wording.
pub fn phrase(wording: &str) -> String {
    let folded = fold(wording);
    folded
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')' && c != ']')
        .trim_end()
        .to_owned()
}

/// Whether folded `hay` shows the [`phrase`] `needle` as whole words.
pub fn shows_phrase(hay: &str, needle: &str) -> bool {
    contains_words(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain per-character form of [`normalise_text`], which the fast
    /// one must always equal.
    fn normalise_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            let c = fold_punctuation(c);
            if c.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn fast_normalising_equals_the_plain_form() {
        let alphabet: Vec<char> =
            "ab Z.  \t\n\u{b}\u{c}\r\u{1}\u{7f}\u{a0}\u{2019}\u{2014}é\u{3000}\u{85}"
                .chars()
                .collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            for _ in 0..(state >> 58) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let c = alphabet[(state >> 33) as usize % alphabet.len()];
                // Long plain runs, as real text has, between the odd characters.
                if c == 'a' {
                    text.push_str("plain words here");
                } else {
                    text.push(c);
                }
            }
            assert_eq!(
                normalise_text(&text),
                normalise_reference(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn normalising_in_pieces_equals_normalising_the_whole() {
        let text = "  By\u{a0}Se\u{301}an O\u{2019}Brien \u{2014}\n\tand   Ana \u{3000}";
        let whole = normalise_text(text);
        for cut in 0..text.len() {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let mut n = Normaliser::default();
            n.push(&text[..cut]);
            n.push(&text[cut..]);
            assert_eq!(n.as_str(), whole, "cut at {cut}");
        }
    }

    #[test]
    fn names_match_as_whole_words() {
        let page = fold("Reporting from Somalia by Mark Andersen");
        assert!(!contains_words(&page, &fold("Ali")));
        assert!(!contains_words(&page, &fold("Mark Anders")));
        assert!(contains_words(&page, &fold("Mark Andersen")));
        assert!(contains_words(&fold("By Ali, in Mogadishu"), &fold("Ali")));
        assert!(contains_words(&fold("© 2014 X"), &fold("©")));
    }

    #[test]
    fn folding_equates_quotes_composition_and_case() {
        assert_eq!(fold("O\u{2019}Neill"), fold("o'neill"));
        assert_eq!(fold("Jose\u{301} Martí"), fold("JOSÉ MARTÍ"));
        assert_eq!(fold("a\u{a0}\n  b"), "a b");
        assert_ne!(fold("José"), fold("Jose"));
    }

    #[test]
    fn wording_matches_when_continued_or_differently_ended() {
        let want = phrase("This story was originally published by ProPublica.");
        let page = fold("This story was originally published by ProPublica, a nonprofit newsroom.");
        assert!(shows_phrase(&page, &want));
        assert!(shows_phrase(
            &fold("This story was originally published by ProPublica!"),
            &want
        ));
        assert!(!shows_phrase(
            &fold("This story was originally published by ProPublicas"),
            &want
        ));
        assert!(!shows_phrase(
            &fold("This story was published by ProPublica"),
            &want
        ));
    }
}
