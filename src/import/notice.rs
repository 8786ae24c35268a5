//! Copyright notices in a page's text: "Copyright © Jon Queally, Common
//! Dreams, 2014", "© 2024 The Conversation US, Inc.", told apart from the
//! sentences of a story that use the same words.

use scraper::ElementRef;

use super::facts::{Found, Original, clean, found};
use super::page::{sel, text_of};

/// Whether lower-cased `text` speaks of the piece itself ("this article
/// was first published…", "this story is republished…"), as a notice
/// does and a sentence of the story seldom does.
pub fn about_this_piece(text: &str) -> bool {
    [
        "this article",
        "this story",
        "this piece",
        "this post",
        "this report",
        "this column",
        "this content",
        "this work",
    ]
    .iter()
    .any(|t| text.contains(t))
}

/// Phrases that make a Creative Commons sentence about the publisher's own
/// work, as a licence notice is, not about something the story reports.
const OWN_WORK: &[&str] = &[
    "this article",
    "this story",
    "this piece",
    "this post",
    "this work",
    "this content",
    "our work",
    "our articles",
    "our stories",
    "our content",
    "republish",
];

/// Whether paragraph `p` (lower-cased) is a publisher's own licence notice:
/// a short paragraph naming Creative Commons about the piece or the
/// publisher's work ("This article is published under a Creative Commons
/// license.", "Our work is licensed under Creative Commons (CC BY-NC-ND
/// 3.0).", "Unless otherwise noted, you can republish our articles…").
pub fn is_licence_notice(p: &str) -> bool {
    let cc = p.contains("creative commons") || p.contains("cc by");
    let words = p
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    cc && words.count() <= 45 && OWN_WORK.iter().any(|o| p.contains(o))
}

/// "Copyright © Jon Queally, Common Dreams, 2014" → holder and year;
/// "© 2024 The Conversation US, Inc." likewise. A year range is not a year.
/// The word "Copyright" alone makes a notice only with a year beside the
/// holder ("Copyright 2025 The Associated Press"): "Copyright law has
/// changed" is a sentence. The notice ends with its sentence, so the
/// licence line that often follows is not taken for the holder.
pub fn copyright_line(text: &str) -> Option<(Option<String>, Option<String>)> {
    let symbol = ["©", "(c)", "(C)"]
        .iter()
        .filter_map(|s| text.find(s).map(|at| (at, s.len())))
        .min();
    let word = find_word(text, "copyright").map(|at| (at, "copyright".len()));
    let (start, len) = match (word, symbol) {
        (Some(w), Some(s)) => w.min(s),
        (w, s) => w.or(s)?,
    };
    let mut rest = &text[start + len..];
    let mut marked = symbol.is_some_and(|(at, _)| at >= start);
    loop {
        let trimmed = rest.trim_start_matches([' ', ':', '\u{a0}']);
        let next = ["©", "(c)", "(C)"]
            .iter()
            .find_map(|s| trimmed.strip_prefix(s))
            .or_else(|| strip_prefix_ignore_case(trimmed, "copyright"));
        match next {
            Some(after) => {
                marked |= !trimmed.to_ascii_lowercase().starts_with("copyright");
                rest = after;
            }
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let rest = sentence(rest);
    if rest.is_empty() || rest.len() > 200 {
        return None;
    }
    let is_year = |w: &str| {
        w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && (w.starts_with("19") || w.starts_with("20"))
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let first = words.first().map(|w| w.trim_end_matches(','));
    let last = words.last().map(|w| w.trim_end_matches(['.', ',']));
    let (year, holder) = if first.is_some_and(is_year) {
        (first, words[1..].join(" "))
    } else if last.is_some_and(is_year)
        // Without ©, a year at the end follows the holder after a comma
        // ("Copyright Jane Doe, 2014"), not a sentence ("… changed in 2019").
        && (marked || words.len() > 1 && words[words.len() - 2].ends_with(','))
    {
        (last, words[..words.len() - 1].join(" "))
    } else if words.first().is_some_and(|w| is_range(w)) {
        // "2005-2024 Name" is the website's own notice, not the article's.
        return None;
    } else if marked {
        (None, rest.to_owned())
    } else {
        return None;
    };
    let holder = clean(holder.trim_end_matches([',', ' ']));
    // A holder is a name, not a sentence.
    if holder.split_whitespace().count() > 12 {
        return None;
    }
    Some((
        (!holder.is_empty()).then_some(holder),
        year.map(str::to_owned),
    ))
}

/// Whether `text` opens with a copyright notice ("© 2025 …", "Copyright
/// 2025 …"), not a sentence that mentions one.
pub fn starts_copyright_notice(text: &str) -> bool {
    let t = text.trim_start();
    let opens = t.starts_with('©')
        || t.starts_with("(c)")
        || t.starts_with("(C)")
        || strip_prefix_ignore_case(t, "copyright").is_some();
    opens && copyright_line(t).is_some()
}

/// Where `word` first stands as a whole word in `text`, in any case.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(word).map(|i| i + from) {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    let after = text[prefix.len()..].chars().next();
    (head.eq_ignore_ascii_case(prefix) && !after.is_some_and(char::is_alphanumeric))
        .then(|| &text[prefix.len()..])
}

/// The notice up to the end of its sentence, without "All rights
/// reserved": "Valley Voice. This article is licensed…" → "Valley Voice".
/// A period after an abbreviation or an initial ("Inc.", "U.S.") goes on.
fn sentence(text: &str) -> &str {
    const ABBREVIATIONS: &[&str] = &["inc", "ltd", "co", "corp", "llc", "plc", "jr", "sr", "st"];
    let mut end = text.len();
    for sep in [" | ", " · ", " — ", " – "] {
        if let Some(at) = text.find(sep) {
            end = end.min(at);
        }
    }
    let mut from = 0;
    while let Some(at) = text[from..end].find(". ").map(|i| i + from) {
        let token = text[..at].rsplit([' ', ',']).next().unwrap_or("");
        let abbreviation = token.len() < 2
            || token.contains('.')
            || ABBREVIATIONS.contains(&token.to_ascii_lowercase().as_str());
        let rights = text[at + 2..]
            .get(..10)
            .is_some_and(|w| w.eq_ignore_ascii_case("all rights"));
        if !abbreviation || rights {
            end = at;
            break;
        }
        from = at + 2;
    }
    let mut out = text[..end].trim();
    if let Some(at) = out.to_ascii_lowercase().find("all rights reserved") {
        out = out[..at].trim();
    }
    out.trim_end_matches(['.', ' ', ','])
}

/// "2005-2024" or "2010–2024,": a span of years.
fn is_range(word: &str) -> bool {
    let w = word.trim_end_matches(',');
    let parts: Vec<&str> = w.split(['-', '–', '—']).collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
}

const ORIGINAL_PHRASES: &[&str] = &[
    "originally published",
    "original source of this article is",
    "first published",
    "first appeared",
    "republished from",
];

/// Link texts that stand for the original article itself in a credit
/// line ("This <a>article</a> first appeared on …", "Read the <a>original
/// article</a>"), not for its publisher.
const ARTICLE_LINK_TEXTS: &[&str] = &[
    "article",
    "story",
    "piece",
    "post",
    "this article",
    "this story",
    "original article",
    "the original article",
    "read the original article",
    "original story",
    "the original",
];

pub(super) fn original_notice(el: ElementRef, text: &str) -> Option<Found<Original>> {
    let lower = text.to_lowercase();
    let phrase = ORIGINAL_PHRASES.iter().find(|p| lower.contains(*p))?;
    // A notice about this article, not a story sentence that uses the
    // words ("The ruling was originally published in French").
    let about_this = about_this_piece(&lower);
    let opens = lower.trim_start().starts_with(phrase);
    // A credit line that opens a sentence after the byline ("By Maya Lin.
    // Republished from <a>Harbour Gazette</a>.", reprint's own) counts
    // only where it links the publisher it names.
    let opens_sentence = lower.contains(&format!(". {phrase}"));
    if !(about_this || opens || opens_sentence) || lower.len() > 400 {
        return None;
    }
    // The first publisher is named after the phrase, in its sentence: "This
    // <a>article</a> first appeared on <a>Mountain Ledger</a>", "…published
    // by CalMatters. <a>Sign up for their newsletters.</a>"
    let at = lower.find(phrase)? + phrase.len();
    let end = lower[at..].find(". ").map_or(lower.len(), |e| at + e);
    let link = el.select(&sel("a[href]")).find(|a| {
        let t = text_of(*a).to_lowercase();
        !t.is_empty() && lower[at..end].contains(&t)
    });
    if !(about_this || opens) && link.is_none() {
        return None;
    }
    // The article's own address where the credit links it; the
    // publisher's (often its home page) otherwise.
    let article = el.select(&sel("a[href]")).find(|a| {
        ARTICLE_LINK_TEXTS.contains(&text_of(*a).to_lowercase().as_str())
            && a.value()
                .attr("href")
                .is_some_and(|h| h.starts_with("http"))
    });
    let href = article.or(link).and_then(|a| a.value().attr("href"));
    let name = match link {
        Some(a) => Some(text_of(a)).filter(|n| !n.is_empty()),
        // No link: the words after the phrase, up to where the sentence
        // goes on ("…published by CalMatters and is republished…").
        None => text
            .is_ascii()
            .then(|| {
                let rest = text[at..end].trim();
                let rest = ["by ", "on ", "in ", "at "]
                    .iter()
                    .find_map(|p| rest.strip_prefix(p))
                    .unwrap_or(rest);
                let cut = [" and ", " under ", " with ", ";", " —", " - ", ", "]
                    .iter()
                    .filter_map(|c| rest.find(c))
                    .min()
                    .unwrap_or(rest.len());
                rest[..cut].trim_end_matches(['.', ',', ' ']).to_owned()
            })
            .filter(|n| !n.is_empty() && n.len() <= 80),
    };
    found(
        Original {
            name,
            url: href.filter(|h| h.starts_with("http")).map(str::to_owned),
            title: None,
            licence: None,
        },
        format!("\"{phrase}\" notice"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn the_first_publisher_is_the_one_the_notice_names() {
        let original = |html: &str| {
            let doc = Html::parse_fragment(html);
            let p = doc.select(&sel("p")).next().unwrap();
            original_notice(p, &text_of(p)).map(|o| (o.value.name, o.value.url))
        };
        assert_eq!(
            original(
                r#"<p>This <a href="https://ml.example/a">article</a> first appeared on <a href="https://ml.example/">Mountain Ledger</a> and is republished here.</p>"#
            ),
            // The article's address, which the credit links, not the home page.
            Some((
                Some("Mountain Ledger".into()),
                Some("https://ml.example/a".into())
            ))
        );
        assert_eq!(
            original(
                r#"<p>This story was originally published by CalMatters. <a href="https://calmatters.org/newsletters/">Sign up for their newsletters.</a></p>"#
            ),
            Some((Some("CalMatters".into()), None))
        );
        // A credit after the byline, as reprint's own pages and feeds write it.
        assert_eq!(
            original(
                r#"<p class="attribution">By Maya Lin. Republished from <a href="https://hg.example/2026/11/03/dredging/">Harbour Gazette</a>. Copyright © Harbour Gazette, 2026.</p>"#
            ),
            Some((
                Some("Harbour Gazette".into()),
                Some("https://hg.example/2026/11/03/dredging/".into())
            ))
        );
        // Unlinked words in a story's sentence are no credit.
        assert_eq!(
            original(
                "<p>The letters sat in a drawer for years. Republished from the archive, they drew crowds.</p>"
            ),
            None
        );
    }

    #[test]
    fn copyright_lines() {
        assert_eq!(
            copyright_line("Copyright © Jon Queally, Common Dreams, 2014"),
            Some((
                Some("Jon Queally, Common Dreams".into()),
                Some("2014".into())
            ))
        );
        assert_eq!(
            copyright_line("© 2024 The Conversation US, Inc. All rights reserved."),
            Some((Some("The Conversation US, Inc".into()), Some("2024".into())))
        );
        assert_eq!(
            copyright_line("Copyright © 2005-2024 GlobalResearch.ca"),
            None
        );
        assert_eq!(
            copyright_line("Copyright © 2010–2024, The Conversation US, Inc."),
            None
        );
        assert_eq!(copyright_line("no notice here"), None);
        // A sentence about copyright is not a notice.
        assert_eq!(
            copyright_line(
                "Copyright law has changed twice in five years, and the ruling settles how the 2019 directive applies to snippets."
            ),
            None
        );
        // The notice ends with its sentence.
        assert_eq!(
            copyright_line(
                "© 2025 Valley Voice. This article is licensed under a Creative Commons Attribution-ShareAlike 4.0 International License."
            ),
            Some((Some("Valley Voice".into()), Some("2025".into())))
        );
        assert_eq!(
            copyright_line("© Town Crier. CC BY 4.0"),
            Some((Some("Town Crier".into()), None))
        );
        assert_eq!(
            copyright_line("Copyright 2025 The Associated Press. All rights reserved."),
            Some((Some("The Associated Press".into()), Some("2025".into())))
        );
        assert_eq!(
            copyright_line("COPYRIGHT © 2023 U.S. News & World Report | Privacy"),
            Some((Some("U.S. News & World Report".into()), Some("2023".into())))
        );
    }
}
