//! What the text comparison leaves out of both sides besides what the
//! extraction already drops: the labels players, ad slots and reading-time
//! widgets print inside an article body, and a publisher's own licence
//! notice opening or closing its story ("This article is published under a
//! Creative Commons license."), which a republisher replaces with the credit.

/// Whole paragraphs (lower-cased, normalised) that are widget labels, never
/// story text.
const LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "story continues below advertisement",
    "article continues below advertisement",
    "content continues below advertisement",
    "continues below advertisement",
    "story continues below",
    "article continues below",
    "continue reading below",
    "continue reading below the ad",
    "listen to this article",
    "listen to this story",
    "listen to this post",
    "listen",
    "play audio",
    "audio version",
    "reading time",
    "share this article",
    "share this story",
];

/// Words that may stand with a number in a reading or listening time line
/// ("4 min read", "Reading time: 6 minutes", "12-minute listen").
const TIME_WORDS: &[&str] = &[
    "min",
    "mins",
    "minute",
    "minutes",
    "read",
    "reading",
    "time",
    "listen",
    "estimated",
];

fn words(p: &str) -> Vec<&str> {
    p.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether paragraph `p` is a widget's label: an ad slot's, an audio
/// player's, a reading-time line.
pub fn is_furniture(p: &str) -> bool {
    let label = p.trim().trim_end_matches([':', '.', '…']).trim();
    if LABELS.contains(&label) {
        return true;
    }
    let w = words(label);
    let numbers = w
        .iter()
        .filter(|x| x.chars().all(|c| c.is_ascii_digit()))
        .count();
    w.len() <= 5
        && numbers == 1
        && w.iter().any(|x| x.starts_with("min"))
        && w.iter()
            .all(|x| x.chars().all(|c| c.is_ascii_digit()) || TIME_WORDS.contains(x))
}

use crate::import::notice::is_licence_notice;

/// The story's paragraphs (from [`super::diff::paragraphs`]): without
/// widget labels anywhere, and without licence notices where they open or
/// close the text (one between two paragraphs is the story's, and stays).
pub fn story_only(paras: &[String]) -> Vec<String> {
    let kept: Vec<&String> = paras.iter().filter(|p| !is_furniture(p)).collect();
    let start = kept.iter().take_while(|p| is_licence_notice(p)).count();
    let end = kept.len()
        - kept[start..]
            .iter()
            .rev()
            .take_while(|p| is_licence_notice(p))
            .count();
    kept[start..end].iter().map(|p| (*p).clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::diff::paragraphs;

    #[test]
    fn widget_labels_and_edge_licence_notices_are_not_story() {
        let text = "Listen to this article\n\n4 min read\n\nThe council voted.\n\n\
            Story continues below advertisement\n\n\
            Reporters said the Creative Commons licence of this article was new to them, and the council agreed.\n\n\
            The bridge will close.\n\n\
            This article is published under a Creative Commons license.\n\n\
            Unless otherwise noted, you can republish our articles for free under a Creative Commons license.";
        let kept = story_only(&paragraphs(text));
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(kept[0], "the council voted.");
        assert!(kept[1].starts_with("reporters said"));
        for p in [
            "our work is licensed under creative commons (cc by-nc-nd 3.0). feel free to republish and share widely.",
            "republish this article for free under a creative commons licence.",
        ] {
            assert!(is_licence_notice(p), "{p}");
        }
        for p in ["4 min read", "reading time: 6 minutes", "12-minute listen"] {
            assert!(is_furniture(p), "{p}");
        }
        for p in [
            "the ferry takes 4 minutes.",
            "read this.",
            "the min read 4 books.",
        ] {
            assert!(!is_furniture(p), "{p}");
        }
    }
}
