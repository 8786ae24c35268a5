//! One feed entry as an article: what the entry says of itself first, then
//! what a notice in its content says, then what the feed says of every
//! entry, for what neither says and only where it can cover the entry.

use super::facts::{Facts, Found};
use super::feed::Entry;

/// The entry's link made absolute against `base`, or, when it is no
/// article's address (`#`, empty, a fragment, `javascript:` or `mailto:`),
/// why it was not taken. An entry without a link has neither.
pub(super) fn checked_link(
    href: Option<&str>,
    base: Option<&str>,
) -> (Option<String>, Option<String>) {
    let Some(href) = href else {
        return (None, None);
    };
    let raw = href.trim();
    // A fragment resolves to the page the feed is about, most often the
    // publisher's home page: an address, but not this article's.
    if raw.is_empty() || raw.starts_with('#') {
        let why = format!("the feed entry's link is {raw:?}, which is no article's address");
        return (None, Some(why));
    }
    let resolved = super::feed::resolve(base, raw);
    match url::Url::parse(&resolved) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => (Some(resolved), None),
        _ => {
            let why = format!("the feed entry's link {raw:?} is not an http(s) address");
            (None, Some(why))
        }
    }
}

/// The facts and Markdown body of one feed entry.
pub(super) fn facts_and_body(entry: Entry) -> (Facts, String) {
    let (mut notices, body) = content_facts(&entry.html);
    // Terms the entry names for itself rule out every licence but theirs.
    if entry.own_terms.is_some() {
        notices.licence = None;
    }
    // The page's wording speaks of a site's footer; a feed's is said below.
    notices.licence_doubt = None;
    let content = scraper::Html::parse_fragment(&entry.html);
    let reserved = super::page::reserved_notice(&content).or(entry.reserved);
    let mut facts = entry.facts.or(notices);
    facts.excerpt = entry.excerpt;
    super::drop_self_original(&mut facts);
    let mut feed = entry.feed_facts;
    feed.licence_doubt = None;
    // A story the entry says it republishes from another publisher is not
    // the feed's publisher's: the feed's copyright line, like a site
    // footer's, is the republisher's.
    if facts.original.is_some() {
        feed.copyright_holder = None;
        feed.copyright_year = None;
    }
    if facts.licence.is_none()
        && let Some(why) = licence_doubt(
            entry.own_terms.as_deref(),
            reserved.as_deref(),
            feed.licence.as_ref(),
        )
    {
        facts.licence_doubt = Some(why);
        feed.licence = None;
    }
    (facts.or(feed), body)
}

/// What the notices in an entry's content say (a licence or copyright
/// line, a "republished from" credit naming the first publisher, the
/// pixel), and its body without them. Unlike a publisher's republish
/// snippet, whose credit names the source itself, an entry's source is the
/// entry's link and the feed's publisher: a credit in it names an earlier
/// publisher, the original.
fn content_facts(html: &str) -> (Facts, String) {
    let doc = scraper::Html::parse_fragment(html);
    let content = super::body::fragment_content(html);
    let story = super::body::plain_text(&content);
    let mut facts = super::page::from_markup_beside(&doc, &story);
    facts.pixel = super::page::pixel(&doc);
    super::add_affiliations(&mut facts, &doc);
    // A credit's publisher is no author of the story.
    if let (Some(authors), Some(name)) = (
        &mut facts.authors,
        facts.original.as_ref().and_then(|o| o.value.name.as_ref()),
    ) {
        authors.value.retain(|a| a.name != *name);
    }
    (facts, super::body::to_markdown(&content))
}

/// Why the feed's licence does not cover this entry, when it does not: the
/// entry names terms of its own, or reserves its rights as wire copy does
/// (a feed's licence, like a site footer's, is for the publisher's own
/// reporting).
fn licence_doubt(
    own_terms: Option<&str>,
    reserved: Option<&str>,
    feed: Option<&Found<String>>,
) -> Option<String> {
    match (own_terms, reserved, feed) {
        (Some(address), _, feed) => {
            let feeds = feed.map_or_else(String::new, |l| {
                format!("; the feed's own licence ({}) does not cover it", l.value)
            });
            Some(format!(
                "the entry names its own terms, {address}, which are no licence profile reprint knows{feeds}"
            ))
        }
        (None, Some(words), Some(l)) => Some(format!(
            "the entry says {words:?}, and only the feed's own licence ({}) names one, which does not cover it",
            l.value
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_http_address_is_an_entrys_link() {
        let base = Some("https://hg.example/");
        for bad in [
            "#",
            "",
            "  ",
            "#top",
            "javascript:alert(1)",
            "mailto:desk@hg.example",
        ] {
            let (link, why) = checked_link(Some(bad), base);
            assert_eq!(link, None, "{bad}");
            assert!(why.is_some_and(|w| w.contains(bad.trim())), "{bad}");
        }
        assert_eq!(
            checked_link(Some("/2026/11/story/"), base),
            (Some("https://hg.example/2026/11/story/".into()), None)
        );
        assert_eq!(checked_link(None, base), (None, None));
    }
}
