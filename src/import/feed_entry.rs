//! One feed entry as an article: what the entry says of itself first, then
//! what a notice in its content says, then what the feed says of every
//! entry, for what neither says and only where it can cover the entry.

use super::facts::Facts;
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
    let (mut notices, body) = super::from_snippet(&entry.html);
    // The entry's link is its address; a link in its content is not, even
    // when the entry's own link could not be taken.
    if entry.facts.source_url_doubt.is_some() {
        notices.source_url = None;
    }
    let mut facts = entry.facts.or(notices).or(entry.feed_facts);
    super::drop_self_original(&mut facts);
    (facts, body)
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
