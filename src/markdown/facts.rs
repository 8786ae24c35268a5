//! What lists and checks keep of a body, read from its Markdown events as
//! they pass: links, the first paragraph and the number of words.

use pulldown_cmark::{Event, Tag, TagEnd};

/// What lists and checks keep of a body, gathered event by event.
#[derive(Default)]
pub(super) struct Facts {
    pub(super) links: crate::text::LineListBuilder,
    pub(super) word_count: usize,
    pub(super) first_paragraph: String,
    paragraph: ParagraphState,
}

impl Facts {
    pub(super) fn take(&mut self, event: &Event) {
        let inside = self.paragraph == ParagraphState::Inside;
        match event {
            Event::Text(t) | Event::Code(t) => {
                self.word_count += count_words(t);
                if inside {
                    self.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if inside => self.first_paragraph.push(' '),
            Event::Start(Tag::Paragraph) if self.paragraph == ParagraphState::Before => {
                self.paragraph = ParagraphState::Inside;
            }
            Event::End(TagEnd::Paragraph) if inside => self.paragraph = ParagraphState::After,
            _ => {}
        }
    }
}

/// Words in `text`: runs between white space with a letter or digit in them.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    // Most bodies are ASCII, and this runs over every word of the site:
    // 64 bytes at a time, the last few padded to a whole block.
    let mut chunks = text.as_bytes().chunks_exact(64);
    let (mut words, mut armed) = (0, true);
    for chunk in &mut chunks {
        let (n, still_armed) = words_in_block(chunk, armed);
        words += n;
        armed = still_armed;
    }
    // The rest, padded with spaces, which start no word.
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut block = [b' '; 64];
        block[..rest.len()].copy_from_slice(rest);
        words += words_in_block(&block, armed).0;
    }
    words
}

/// The words that start in 64 ASCII bytes, a word starting at its first
/// letter or digit after white space; `armed` says whether white space (or
/// the start of the text) came since the last letter or digit before the
/// block. Returns the count and whether the block leaves the next armed.
fn words_in_block(block: &[u8], armed: bool) -> (usize, bool) {
    let (mut space, mut alphanumeric) = (0u64, 0u64);
    for (i, eight) in block.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let lower = w | (ONES * 0x20);
        let s = in_range(w, b'\t', b'\r') | in_range(w, b' ', b' ');
        let a = in_range(w, b'0', b'9') | in_range(lower, b'a', b'z');
        space |= high_bits(s) << (8 * i);
        alphanumeric |= high_bits(a) << (8 * i);
    }
    // A run of other bytes (punctuation) passes on whether it is armed: an
    // armed position is carried through the run by addition, and counts
    // where it lands on a letter or digit.
    let other = !(space | alphanumeric);
    let arms = (space << 1) | u64::from(armed);
    let (landed, carried_out) = other.overflowing_add(arms);
    let starts = landed & !other & alphanumeric;
    (
        starts.count_ones() as usize,
        space >> 63 == 1 || carried_out,
    )
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` (all ASCII) that lies in `lo..=hi`.
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    let above_lo = w.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = w.wrapping_add(ONES * u64::from(0x7f - hi));
    above_lo & !above_hi & HIGH
}

/// The high bits of the eight bytes of `m`, as the eight low bits.
fn high_bits(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[derive(Default, PartialEq, Eq)]
enum ParagraphState {
    #[default]
    Before,
    Inside,
    After,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_alike_in_ascii_and_beyond() {
        let reference = |t: &str| {
            t.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for text in [
            "",
            "one",
            "  two words  ",
            "a - b -- c",
            "tab\there\x0bvertical\x0cfeed\rreturn\nline",
            "\x1cfile\x1fseparators stay inside words",
            "1,000 people (and 2%) -- said: \"yes\"",
            "... !!! ??? 42",
            "caf\u{e9} na\u{ef}ve \u{2014} r\u{e9}sum\u{e9}",
            "no\u{a0}break\u{2003}em space",
        ] {
            assert_eq!(count_words(text), reference(text), "{text:?}");
        }
        // Every ASCII byte, in random short strings.
        let ascii = crate::testing::ascii();
        for text in crate::testing::random_texts(0x2545_f491_4f6c_dd1d, 5_000, 24, &ascii) {
            assert_eq!(count_words(&text), reference(&text), "{text:?}");
        }
        // Long enough to be read 64 bytes at a time, words and runs of
        // punctuation crossing from one block into the next.
        let few = [
            " ", "\t", "\n", ".", ",", "-", "a", "Z", "0", "9", "!", "\x0b", "\x0c", "\r", "\x1f",
        ];
        for len in [65, 128, 200, 700] {
            for pool in [&ascii[..], &few[..]] {
                for text in crate::testing::random_texts(0x9e37_79b9 ^ len, 400, len, pool) {
                    assert_eq!(count_words(&text), reference(&text), "{text:?}");
                }
            }
        }
    }
}
