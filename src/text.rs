//! Small pieces of text handling shared by stages: reader-facing wording
//! for the credit line and templates, compact lists of located strings, and
//! the hash that tells whether a text changed, and a search that ignores
//! ASCII case.

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Short strings, each with a line number (a body's links), kept in two
/// allocations rather than one per string: every article holds its list for
/// the whole build, and at 100,000 articles a string apiece weighs as much
/// as the rest of their metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineList {
    text: Box<str>,
    /// Where each string ends in `text`, and its line.
    ends: Box<[(u32, u32)]>,
}

impl LineList {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, usize)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, line)| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            (s, line as usize)
        })
    }

    pub fn strs(&self) -> impl ExactSizeIterator<Item = &str> {
        self.iter().map(|(s, _)| s)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The line of the first string equal to `s`.
    pub fn line_of(&self, s: &str) -> Option<usize> {
        self.iter().find(|(x, _)| *x == s).map(|(_, l)| l)
    }
}

impl<S: AsRef<str>> FromIterator<(S, usize)> for LineList {
    fn from_iter<I: IntoIterator<Item = (S, usize)>>(pairs: I) -> Self {
        let mut list = LineListBuilder::default();
        for (s, line) in pairs {
            list.push(s.as_ref(), line);
        }
        list.finish()
    }
}

/// A [`LineList`] made one string at a time.
#[derive(Debug, Default)]
pub struct LineListBuilder {
    text: String,
    ends: Vec<(u32, u32)>,
}

impl LineListBuilder {
    pub fn push(&mut self, s: &str, line: usize) {
        self.text.push_str(s);
        // Articles are at most a few megabytes, far under u32::MAX.
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.ends
            .push((end, u32::try_from(line).unwrap_or(u32::MAX)));
    }

    pub fn finish(self) -> LineList {
        LineList {
            text: self.text.into_boxed_str(),
            ends: self.ends.into_boxed_slice(),
        }
    }
}

/// Whether `haystack` holds `needle` as written. A long needle is looked
/// for by its first bytes, then compared whole where they occur: a page
/// holds its body once, so this is one short search and one comparison.
pub fn contains_whole(haystack: &str, needle: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let head = &needle[..needle.len().min(64)];
    memchr::memmem::find_iter(hay, head).any(|at| hay[at..].starts_with(needle))
}

/// Where `needle` (ASCII) first occurs in `haystack`, in any ASCII case.
pub fn find_ascii_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The hasher for render signatures and source hashes, which tell whether
/// an input changed: deterministic (no per-process seed, so a cached
/// signature compares with a fresh one), and many times faster than std's
/// SipHash over whole article files. The build cache is keyed to the binary,
/// so hashes of two algorithms are never compared.
pub fn change_hasher() -> impl std::hash::Hasher {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7265_7072_696e_7421).build_hasher()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_needle_is_found_only_as_written() {
        let body = format!("<p>{}</p>", "Story text. ".repeat(20));
        let page = format!("<main><div>{body}</div></main>");
        assert!(contains_whole(&page, &body));
        // The same first bytes, then a cut.
        let cut = format!("<main>{}{body}</main>", &body[..100]);
        assert!(contains_whole(&cut, &body));
        assert!(!contains_whole(&page[..page.len() - 20], &body));
        assert!(!contains_whole(&page.replace("text", "test"), &body));
        assert!(contains_whole("short", "or"));
    }

    #[test]
    fn a_line_list_gives_back_each_string_with_its_line() {
        let list: LineList = [("title", 2), ("", 3), ("source.url", 9), ("title", 12)]
            .into_iter()
            .collect();
        assert_eq!(list.len(), 4);
        assert_eq!(
            list.iter().collect::<Vec<_>>(),
            [("title", 2), ("", 3), ("source.url", 9), ("title", 12)]
        );
        assert_eq!(list.line_of("title"), Some(2));
        assert_eq!(list.line_of("source"), None);
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(serde_json::from_str::<LineList>(&json).unwrap(), list);
    }
}
