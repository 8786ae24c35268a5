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
    // The same count, a byte at a time without a branch: most bodies are
    // ASCII, and this runs over every word of the site.
    let (mut words, mut counted) = (0, 0u8);
    for &b in text.as_bytes() {
        let class = ASCII_CLASS[usize::from(b)];
        let alphanumeric = class >> 1;
        words += usize::from(alphanumeric & !counted & 1);
        // A word is counted at its first letter or digit, until white space.
        counted = (counted | alphanumeric) & !class & 1;
    }
    words
}

/// Per ASCII byte: 1 for white space (`char::is_whitespace`: tab to
/// carriage return, and space), 2 for a letter or digit.
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(c, b'\t'..=b'\r' | b' ') {
            1
        } else if c.is_ascii_alphanumeric() {
            2
        } else {
            0
        };
        b += 1;
    }
    table
};

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
    }
}
