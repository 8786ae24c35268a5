//! Whether a feed entry's text is the whole story or only its excerpt: a
//! "summary" feed gives a few lines ending "[…]" or "Continue reading", and
//! an excerpt recorded as the story would let a cut-down copy of a
//! no-derivatives article pass as unmodified.

/// Words of a link or line that sends the reader to the rest of the story.
const MORE: &[&str] = &[
    "continue reading",
    "read more",
    "read the full",
    "read the rest",
    "keep reading",
    "full story",
];

/// Ellipses that stand for the rest of the story when they close a
/// summary; "[…]" and "[...]" are WordPress's own and close nothing else.
const CUT: &[&str] = &["[…]", "[...]", "[ … ]", "(…)", "(...)"];
const TRAILING: &[&str] = &["…", "..."];

/// Fewer words than this, with no full content, is a teaser, not a story.
const SHORT_STORY: usize = 50;

/// Why the entry's text is an excerpt, when it is. `summary_only` says the
/// entry has a summary (`<description>`, `<summary>`, JSON Feed `summary`)
/// and no content element: such a text is an excerpt when it ends with an
/// ellipsis or is far shorter than a story. A "[…]" cut or a "Continue
/// reading" link makes an excerpt of any entry's text.
pub(super) fn why(html: &str, summary_only: bool) -> Option<String> {
    let story = super::body::plain_text(&super::body::fragment_content(html));
    let all = super::body::plain_text(html);
    let tail = |t: &str| {
        let start = t.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
        t[start..].to_lowercase()
    };
    let (story_tail, all_tail) = (tail(&story), tail(&all));
    if let Some(cut) = CUT.iter().find(|c| story_tail.trim_end().ends_with(*c)) {
        return Some(format!("its text ends {cut:?}"));
    }
    // The "Continue reading" link may close the story, or be taken out
    // with the feed's furniture after it. A whole story may end "read more
    // about it in our series": in full content only WordPress's own
    // more-link counts.
    let more_link = summary_only || html.contains("more-link");
    let more = MORE
        .iter()
        .filter(|_| more_link)
        .find(|m| story_tail.contains(*m) || (all_tail.contains(*m) && !story.is_empty()));
    if let Some(more) = more {
        return Some(format!("its text ends with a {more:?} link to the rest"));
    }
    if !summary_only {
        return None;
    }
    let trimmed = story.trim_end();
    if let Some(cut) = TRAILING.iter().find(|c| trimmed.ends_with(*c)) {
        return Some(format!(
            "its summary ends {cut:?}, and it has no full content"
        ));
    }
    let words = story.split_whitespace().count();
    (words > 0 && words < SHORT_STORY)
        .then(|| format!("it has only a summary of {words} words, and no full content"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_summary_is_an_excerpt_and_a_whole_story_is_not() {
        let long = "The council met on Tuesday. ".repeat(12);
        for (html, summary_only) in [
            (
                "<p>Fishermen said the delay would cost them another season, and [&#8230;]</p>",
                false,
            ),
            ("<p>Fishermen said the delay [...]</p>", true),
            (
                "<p>After a long &hellip; <a class=\"more-link\" href=\"https://x.example/a\">Continue reading<span> \"Ferry\"</span></a></p>",
                true,
            ),
            (
                "<p>The council met. <a class=\"more-link\" href=\"https://x.example/a\">Read more »</a></p>",
                false,
            ),
            ("<p>The council met on Tuesday and …</p>", true),
            ("<p>The council met on Tuesday.</p>", true),
        ] {
            assert!(why(html, summary_only).is_some(), "{html}");
        }
        assert_eq!(why(&format!("<p>{long}</p>"), true), None);
        assert_eq!(why("<p>The council met on Tuesday.</p>", false), None);
        assert_eq!(why("<p>The council met on Tuesday and …</p>", false), None);
        let whole = format!("<p>{long}</p><p>Read more about the council in our series.</p>");
        assert_eq!(why(&whole, false), None);
    }
}
