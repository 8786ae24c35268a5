//! What a site puts inside a story's column that is not the story: appeals
//! for money, subscribe and share buttons, standing requests to the
//! reader, lists of other articles. Each is told apart from the story's own
//! sentences, which may use the same words.

use super::page::sel;

/// Words a link asking for money or membership is made of ("Donate now",
/// "Become a member", "Give today").
const APPEAL_LINK_WORDS: &[&str] = &[
    "donate",
    "donation",
    "give",
    "gift",
    "support",
    "join",
    "become",
    "a",
    "member",
    "now",
    "today",
    "us",
    "here",
    "our",
    "work",
    "make",
    "your",
    "tax-deductible",
    "→",
    "»",
];

/// Whether `e` is a publisher's appeal for money inside the story: a short
/// block whose link, reading only "Donate now" or the like, goes to a
/// donation page. A story's own link to a charity's appeal reads as part of
/// a sentence, and stays.
pub(super) fn is_appeal(e: &scraper::ElementRef) -> bool {
    let text = super::page::text_of(*e);
    if text.len() > 300 {
        return false;
    }
    e.select(&sel("a[href]")).any(|a| {
        let href = a.value().attr("href").unwrap_or("").to_ascii_lowercase();
        let words = super::page::text_of(a).to_lowercase();
        let only_appeal = words.split_whitespace().all(|w| {
            APPEAL_LINK_WORDS.contains(&w.trim_matches(|c: char| c.is_ascii_punctuation()))
        });
        (href.contains("donat") || href.contains("/support") || href.contains("/membership"))
            && !words.trim().is_empty()
            && only_appeal
    })
}

/// How a site's standing request to the reader opens ("To receive our
/// Daily Newsletter, click here", "Click the share button above…",
/// "Follow us on Instagram"): an instruction, never a story's sentence.
const STANDING_REQUESTS: &[(&str, &str)] = &[
    ("to receive", "newsletter"),
    ("click the share button", ""),
    ("click here to", "newsletter"),
    ("click here to", "subscribe"),
    ("follow us on", ""),
    ("sign up for our", ""),
    ("subscribe to our", ""),
    ("like us on facebook", ""),
];

/// Whether `e` is a short block that is such a request.
pub(super) fn is_standing_request(e: &scraper::ElementRef) -> bool {
    let text = super::page::text_of(*e).to_lowercase();
    text.len() <= 300
        && STANDING_REQUESTS
            .iter()
            .any(|(opens, says)| text.starts_with(opens) && text.contains(says))
        && (e.select(&sel("a[href]")).next().is_some() || text.contains("share button"))
}

/// Words a subscribe or share button is made of ("Subscribe now", "Share",
/// "Leave a comment", "Get the app").
const ACTION_LINK_WORDS: &[&str] = &[
    "subscribe",
    "subscribed",
    "share",
    "now",
    "for",
    "free",
    "leave",
    "a",
    "comment",
    "comments",
    "sign",
    "up",
    "in",
    "get",
    "the",
    "app",
    "gift",
    "subscription",
    "upgrade",
    "to",
    "paid",
    "refer",
    "friend",
];

/// Whether `e` is a button (a block that is nothing but one link) asking
/// the reader to subscribe, share or comment: Substack's `button-wrapper`
/// paragraphs. A link of the story reads as part of a sentence, and stays.
pub(super) fn is_call_to_action(e: &scraper::ElementRef) -> bool {
    let text = super::page::text_of(*e);
    let links: Vec<_> = e.select(&sel("a[href]")).collect();
    let [a] = links.as_slice() else {
        return false;
    };
    let words = super::page::text_of(*a).to_lowercase();
    let href = a.value().attr("href").unwrap_or("").to_ascii_lowercase();
    text.len() <= 120
        && text == super::page::text_of(*a)
        && !words.trim().is_empty()
        && words.split_whitespace().all(|w| {
            ACTION_LINK_WORDS.contains(&w.trim_matches(|c: char| c.is_ascii_punctuation()))
        })
        && [
            "subscribe",
            "share",
            "signup",
            "portal",
            "comment",
            "app-link",
            "refer",
        ]
        .iter()
        .any(|h| href.contains(h))
}

/// Whether `e` is the line WordPress (and Yoast SEO) add to every feed
/// item: "The post <a>Title</a> appeared first on <a>Site</a>." Not the
/// story's, and it names the source itself, so it is no original's credit.
/// Known by its whole shape: a story's sentence with the same words
/// ("The post appeared first on Facebook") is not made of two links.
pub(super) fn is_feed_footer(e: &scraper::ElementRef) -> bool {
    let links: Vec<String> = e
        .select(&sel("a[href]"))
        .map(super::page::text_of)
        .collect();
    let [post, site] = links.as_slice() else {
        return false;
    };
    let text = super::page::text_of(*e);
    let footer = format!("The post {post} appeared first on {site}");
    text.strip_suffix('.').unwrap_or(&text) == footer
}

/// Headings of a list of other articles ("Read more", "Related stories").
const LIST_HEADINGS: &[&str] = &[
    "read more",
    "read next",
    "more stories",
    "more to read",
    "related",
    "related stories",
    "related articles",
    "recommended",
    "you may also like",
    "you might also like",
];

/// Whether `e` is a section that opens with a heading such as "Read more":
/// links to other articles, not part of this one.
pub(super) fn is_list_of_articles(e: &scraper::ElementRef) -> bool {
    e.children()
        .filter_map(scraper::ElementRef::wrap)
        .next()
        .filter(|h| matches!(h.value().name(), "h2" | "h3" | "h4"))
        .is_some_and(|h| {
            let t = super::page::text_of(h).to_lowercase();
            LIST_HEADINGS.contains(&t.trim_end_matches([':', '.']))
        })
}
