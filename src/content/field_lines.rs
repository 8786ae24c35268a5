//! Where each front-matter key sits in its file, kept small: every article
//! holds a list of fifteen or so for as long as the build runs, so that a
//! report can point at a field.

use serde::{Deserialize, Serialize};

use super::front_matter::FRONT_MATTER_KEYS;

/// The keys written as one byte each: the front matter's own fields
/// ([`FRONT_MATTER_KEYS`]), then these, nested one level under them. Any
/// other key is kept as text. The order is part of the build cache's format
/// (the cache is keyed to the reprint binary, so a change here never reads
/// an old cache wrongly).
const NESTED: &[&str] = &[
    "source.name",
    "source.url",
    "original.name",
    "original.url",
    "original.title",
    "original.licence",
    "copyright.holder",
    "copyright.year",
    "image.src",
    "image.alt",
    "image.credit",
    "image.licence",
    "image.license",
    "permission.granted_by",
    "permission.date",
    "permission.reference",
    "permission.covers",
    "rights.from",
    "rights.until",
    "imported.at",
    "imported.from",
    "taxonomies.tags",
];

/// A known key by its index: the top-level keys first, then the nested.
fn known(i: usize) -> Option<&'static str> {
    FRONT_MATTER_KEYS
        .get(i)
        .or_else(|| NESTED.get(i.checked_sub(FRONT_MATTER_KEYS.len())?))
        .copied()
}

fn index_of(key: &str) -> Option<usize> {
    FRONT_MATTER_KEYS
        .iter()
        .position(|k| *k == key)
        .or_else(|| {
            let i = NESTED.iter().position(|k| *k == key)?;
            Some(FRONT_MATTER_KEYS.len() + i)
        })
}

/// Marks a key kept as text: its length and bytes follow.
const TEXT: u8 = 0;

/// The file line of each front-matter key (top-level keys, and `parent.key`
/// one level down), in file order: a byte per known key, then the line as a
/// variable-length number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLines(Box<[u8]>);

impl FieldLines {
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        let mut rest: &[u8] = &self.0;
        std::iter::from_fn(move || {
            let (&code, after) = rest.split_first()?;
            rest = after;
            let key = if code == TEXT {
                let len = read_number(&mut rest)?;
                let (text, after) = rest.split_at_checked(len)?;
                rest = after;
                std::str::from_utf8(text).ok()?
            } else {
                known(usize::from(code) - 1)?
            };
            Some((key, read_number(&mut rest)?))
        })
    }

    /// The line of `key`, if the front matter has it.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.iter().find(|(k, _)| *k == key).map(|(_, l)| l)
    }
}

impl<S: AsRef<str>> FromIterator<(S, usize)> for FieldLines {
    fn from_iter<I: IntoIterator<Item = (S, usize)>>(pairs: I) -> Self {
        let mut bytes = Vec::new();
        for (key, line) in pairs {
            let key = key.as_ref();
            match index_of(key) {
                // At most 255 known keys, checked by a test.
                Some(i) => bytes.push((i + 1) as u8),
                None => {
                    bytes.push(TEXT);
                    write_number(&mut bytes, key.len());
                    bytes.extend_from_slice(key.as_bytes());
                }
            }
            write_number(&mut bytes, line);
        }
        FieldLines(bytes.into_boxed_slice())
    }
}

/// Seven bits a byte, low bits first; the high bit says more follow.
fn write_number(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_number(bytes: &mut &[u8]) -> Option<usize> {
    let mut n = 0usize;
    for shift in (0..usize::BITS).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= usize::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_comes_back_with_its_line_known_or_not() {
        let pairs = [
            ("title", 2),
            ("source", 9),
            ("source.url", 11),
            ("extra.desk", 300),
            ("", 12),
            ("naïve key", 70_000),
            ("title", 40),
        ];
        let lines: FieldLines = pairs.into_iter().collect();
        assert_eq!(lines.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(lines.line_of("title"), Some(2));
        assert_eq!(lines.line_of("extra.desk"), Some(300));
        assert_eq!(lines.line_of("copyright"), None);
        // Known keys cost a byte, and so does a small line number.
        assert_eq!(
            [("title", 2), ("licence", 20)]
                .into_iter()
                .collect::<FieldLines>()
                .0
                .len(),
            4
        );
        let json = serde_json::to_string(&lines).unwrap();
        assert_eq!(serde_json::from_str::<FieldLines>(&json).unwrap(), lines);
    }

    #[test]
    fn the_known_keys_fit_a_byte_and_are_distinct() {
        let all: Vec<&str> = FRONT_MATTER_KEYS.iter().chain(NESTED).copied().collect();
        assert!(all.len() < 255);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        for (i, key) in all.iter().enumerate() {
            assert_eq!((index_of(key), known(i)), (Some(i), Some(*key)));
        }
    }

    #[test]
    fn damaged_bytes_end_the_list_instead_of_panicking() {
        for bytes in [&[TEXT][..], &[TEXT, 5, b'a'], &[1], &[200, 1], &[1, 0x80]] {
            let lines = FieldLines(bytes.into());
            assert!(lines.iter().count() <= 1);
        }
    }
}
