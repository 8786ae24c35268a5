//! Comparing two article texts the way an editor reads them: paragraph by
//! paragraph, words normalised, so re-wrapping or typography never counts
//! as a change and a changed sentence does.

use std::collections::HashSet;

use crate::comply::normalise_text;

/// What differs between two versions of a text, by paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Diff {
    /// Paragraphs whose words changed (a removed paragraph paired with an added one).
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    /// Words in the new version's changed and added paragraphs that the old
    /// version's paired paragraphs lack, plus the words removed outright.
    pub words: usize,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed == 0 && self.added == 0 && self.removed == 0
    }

    /// "3 paragraphs changed (41 words), 1 added".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let n = |count: usize, what: &str| {
            format!(
                "{count} paragraph{} {what}",
                if count == 1 { "" } else { "s" }
            )
        };
        if self.changed > 0 {
            parts.push(n(self.changed, "changed"));
        }
        if self.added > 0 {
            parts.push(n(self.added, "added"));
        }
        if self.removed > 0 {
            parts.push(n(self.removed, "removed"));
        }
        if parts.is_empty() {
            return "no change in the text".to_owned();
        }
        let mut s = parts.join(", ");
        s.push_str(&format!(
            " ({} word{} differ{})",
            self.words,
            if self.words == 1 { "" } else { "s" },
            if self.words == 1 { "s" } else { "" }
        ));
        s
    }
}

/// The paragraphs of a text: blank-line separated blocks, whitespace and
/// typography normalised, case folded, Markdown emphasis and link targets
/// left out so only the words a reader sees are compared.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| normalise_text(&plain(p)).to_lowercase())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Markdown to the words it shows: `[text](url)` keeps `text`; emphasis,
/// heading, quote and list markers go.
fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A link's target is not text: skip "(...)" right after "]".
            ']' if chars.peek() == Some(&'(') => {
                let mut depth = 0;
                for d in chars.by_ref() {
                    match d {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            // Emphasis marks hug their words: gone without a trace, so an
            // italic name before a comma reads as the plain one does.
            '*' | '_' | '`' => {}
            '[' | ']' | '#' | '>' | '\\' => out.push(' '),
            // Soft hyphens and zero-width characters are never seen.
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            _ => out.push(c),
        }
    }
    // List markers at a line start.
    out.lines()
        .map(|l| {
            let t = l.trim_start();
            t.strip_prefix("- ").unwrap_or(t)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paragraph diff of `old` and `new` (each from [`paragraphs`]).
pub fn diff(old: &[String], new: &[String]) -> Diff {
    let kept = lcs(old, new);
    let mut result = Diff::default();
    // Walk both sides between kept pairs; each gap pairs removals with additions.
    let (mut i, mut j) = (0, 0);
    for (ki, kj) in kept.into_iter().chain([(old.len(), new.len())]) {
        let gone = &old[i..ki];
        let came = &new[j..kj];
        let paired = gone.len().min(came.len());
        result.changed += paired;
        result.removed += gone.len() - paired;
        result.added += came.len() - paired;
        for (a, b) in gone.iter().zip(came) {
            result.words += word_changes(a, b);
        }
        for p in gone.iter().skip(paired).chain(came.iter().skip(paired)) {
            result.words += p.split(' ').count();
        }
        i = ki + 1;
        j = kj + 1;
    }
    result
}

/// What a republisher shows beside the story because the terms ask for it:
/// the byline, the copyright line, the credit and licence notices. A
/// paragraph made only of that is attribution, not a change to the text.
pub struct Attribution {
    /// Words of the story's facts: names, affiliations, holder, year,
    /// publishers, licence names, credit wording.
    facts: HashSet<String>,
    /// The authors' names, each normalised as [`paragraphs`] does.
    names: Vec<String>,
}

/// Words any attribution line may use around the facts.
const ATTRIBUTION_WORDS: &[&str] = &[
    "a",
    "all",
    "an",
    "and",
    "appeared",
    "find",
    "more",
    "see",
    "site",
    "their",
    "website",
    "article",
    "at",
    "attribution",
    "author",
    "authors",
    "by",
    "cc",
    "commercial",
    "commons",
    "copyright",
    "courtesy",
    "creative",
    "credit",
    "first",
    "for",
    "from",
    "here",
    "in",
    "international",
    "is",
    "it",
    "its",
    "licence",
    "licenced",
    "license",
    "licensed",
    "nc",
    "nd",
    "noderivatives",
    "noderivs",
    "non",
    "noncommercial",
    "of",
    "on",
    "original",
    "originally",
    "our",
    "permission",
    "piece",
    "published",
    "read",
    "republish",
    "republished",
    "reserved",
    "rights",
    "sa",
    "share",
    "sharealike",
    "alike",
    "source",
    "story",
    "terms",
    "the",
    "this",
    "to",
    "under",
    "via",
    "was",
    "with",
    "writer",
];

/// Words that make a line about the story's provenance or licence.
const ATTRIBUTION_KEYWORDS: &[&str] = &[
    "copyright",
    "licence",
    "licenced",
    "license",
    "licensed",
    "originally",
    "republished",
];

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Attribution {
    /// From the story's facts (`facts`, any text) and its authors' names.
    pub fn new<'a>(
        facts: impl IntoIterator<Item = &'a str>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Attribution {
        let normal = |t: &str| normalise_text(t).to_lowercase();
        let names: Vec<String> = names.into_iter().map(normal).collect();
        let mut all = HashSet::new();
        for text in facts.into_iter().map(normal).chain(names.iter().cloned()) {
            all.extend(words(&text).map(str::to_owned));
        }
        Attribution { facts: all, names }
    }

    /// Whether paragraph `p` (from [`paragraphs`]) says only who wrote,
    /// owns, first published or licenses the story: every word a fact or
    /// an attribution word, with at least one fact or licence word; or a
    /// short byline that opens with an author's name ("Priya Natarajan,
    /// University of Leeds").
    pub fn is_attribution(&self, p: &str) -> bool {
        let count = words(p).count();
        let opening = p.strip_prefix("by ").unwrap_or(p);
        let byline = self.names.iter().any(|n| {
            opening.strip_prefix(n.as_str()).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(',') || rest.starts_with(" and ")
            })
        });
        if byline && count <= 12 {
            return true;
        }
        // A copyright line may give a span of years ("© 2024–2025 Quay Post").
        let copyright = p.contains('©') || p.contains("copyright");
        let year = |w: &str| {
            copyright
                && w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.chars().all(|c| c.is_ascii_digit())
        };
        count <= 60
            && words(p).all(|w| self.facts.contains(w) || ATTRIBUTION_WORDS.contains(&w) || year(w))
            && words(p).any(|w| self.facts.contains(w) || ATTRIBUTION_KEYWORDS.contains(&w))
    }
}

impl Attribution {
    /// Whether paragraph `p` is a byline, whatever follows the names
    /// ("By Maya Lindqvist, Sept. 15, 2025"): "by", an author's name, and
    /// little more.
    pub fn is_byline(&self, p: &str) -> bool {
        p.strip_prefix("by ").is_some_and(|rest| {
            self.names
                .iter()
                .any(|n| !n.is_empty() && rest.starts_with(n.as_str()))
        }) && words(p).count() <= 20
    }
}

/// The page's paragraphs without the attribution it added: a paragraph the
/// source also has always stays.
pub fn without_attribution(
    page: &[String],
    source: &[String],
    attribution: &Attribution,
) -> Vec<String> {
    page.iter()
        .filter(|p| source.contains(p) || !attribution.is_attribution(p))
        .cloned()
        .collect()
}

/// Words that differ between two paragraphs: the longer one's words not in
/// their longest common subsequence.
fn word_changes(a: &str, b: &str) -> usize {
    let a: Vec<&str> = a.split(' ').collect();
    let b: Vec<&str> = b.split(' ').collect();
    let common = lcs(&a, &b).len();
    a.len().max(b.len()) - common
}

/// Index pairs of a longest common subsequence, in order.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // Lengths of the LCS of a[i..] and b[j..], row by row.
    let mut table = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if a[i] == b[j] {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_links_and_typography_are_not_changes() {
        let old = paragraphs(
            "One *two*\nthree [four](https://a.example/x).\n\nFive \u{2019}six\u{2019}.",
        );
        let new = paragraphs("One two three [four](https://b.example/y).\n\n\n Five 'six'.\n");
        assert!(diff(&old, &new).is_empty(), "{old:?} {new:?}");
        // Italics dropped before a comma, soft hyphens a reader never sees.
        let old = paragraphs(
            "First reported by the *Harbor Gazette*, which got the pe\u{ad}ti\u{ad}tion.",
        );
        let new = paragraphs("First reported by the Harbor Gazette, which got the petition.");
        assert_eq!(old, new);
    }

    #[test]
    fn changed_added_and_removed_paragraphs_are_counted() {
        let old = paragraphs("A b c.\n\nD e f.\n\nG h i.\n\nJ k.");
        let new = paragraphs("A b c.\n\nD e x.\n\nG h i.\n\nCorrection: y z.\n\nMore.");
        let d = diff(&old, &new);
        assert_eq!((d.changed, d.added, d.removed), (2, 1, 0), "{d:?}");
        assert_eq!(d.words, 1 + 3 + 1);
        assert_eq!(
            d.summary(),
            "2 paragraphs changed, 1 paragraph added (5 words differ)"
        );
        let d = diff(&new, &old);
        assert_eq!((d.changed, d.added, d.removed), (2, 0, 1));
    }

    #[test]
    fn attribution_lines_are_not_changes_and_story_lines_are() {
        let attribution = Attribution::new(
            [
                "University of Leeds",
                "The Conversation",
                "2025",
                "CC BY-ND 4.0",
            ],
            ["Priya Natarajan"],
        );
        let source = paragraphs("Rivers rose.\n\nTowns flooded.");
        let page = paragraphs(
            "Priya Natarajan, University of Leeds\n\nRivers rose.\n\nTowns flooded.\n\n\
             This article is republished from The Conversation under a Creative Commons license. \
             Read the original article.\n\nLicensed under CC BY-ND 4.0.\n\n\
             © 2025 The Conversation\n\n© 2024–2025 The Conversation\n\nThe river rose again on Sunday.",
        );
        let kept = without_attribution(&page, &source, &attribution);
        let d = diff(&source, &kept);
        assert_eq!((d.changed, d.added, d.removed), (0, 1, 0), "{kept:?}");
        // A story sentence that names the author is still a change.
        for added in [
            "Towns flooded, and Priya Natarajan said the dams had failed.",
            "Priya Natarajan said the dams had failed.",
            "The Conversation reported it in 2025.",
        ] {
            let page = paragraphs(&format!("Rivers rose.\n\nTowns flooded.\n\n{added}"));
            let kept = without_attribution(&page, &source, &attribution);
            assert!(!diff(&source, &kept).is_empty(), "{added}");
        }
    }
}
