//! Feed entries' links made absolute: a feed reader has no page to resolve
//! `/news/` or `chart.png` against.

use super::xml::xml_escape;

/// Links and images of an entry's HTML made absolute, as feed readers need:
/// `/x` against the site, `x.jpg` (a page bundle's file) against the page.
pub fn absolute_links(html: &str, page: &str) -> String {
    let Ok(base) = ammonia::Url::parse(page) else {
        return html.to_owned();
    };
    let mut out = String::with_capacity(html.len() + 64);
    let mut done = 0;
    while let Some(i) = next_link_attr(html, done) {
        out.push_str(&html[done..i]);
        done = i + rewrite_attribute(&mut out, &html[i..], &base);
    }
    out.push_str(&html[done..]);
    out
}

/// Copies the attribute `attr` begins with (` href="...`) to `out`, its
/// value made absolute against `base` when it is relative; returns the
/// bytes of `attr` read, up to the closing quote.
fn rewrite_attribute(out: &mut String, attr: &str, base: &ammonia::Url) -> usize {
    let quote_at = attr.find('"').map_or(attr.len(), |q| q + 1);
    out.push_str(&attr[..quote_at]);
    let value_end = attr[quote_at..]
        .find('"')
        .map_or(attr.len(), |e| quote_at + e);
    let value = &attr[quote_at..value_end];
    let relative = !value.is_empty()
        && !value.starts_with('#')
        && !value.starts_with("//")
        && !value.contains(':');
    // Absolute addresses are kept as they are, without parsing them.
    let joined = relative
        .then(|| base.join(&value.replace("&amp;", "&")).ok())
        .flatten();
    match joined {
        Some(u) => out.push_str(&xml_escape(u.as_str()).replace("&apos;", "'")),
        None => out.push_str(value),
    }
    value_end
}

/// Where the first ` href="` or ` src="` at or after `from` begins. Each
/// ends in `="`, and `=` is rare in HTML: found with a byte search, then
/// read back, rather than searching for each attribute in turn.
fn next_link_attr(html: &str, from: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(j) = html[at..].find('=').map(|j| at + j) {
        if bytes.get(j + 1) == Some(&b'"') {
            let before = &bytes[from..j];
            if before.ends_with(b" href") {
                return Some(j - 5);
            }
            if before.ends_with(b" src") {
                return Some(j - 4);
            }
        }
        at = j + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::absolute_links;

    #[test]
    fn relative_links_and_images_are_made_absolute_and_others_kept() {
        let page = "https://example.org/news/a/";
        let cases = [
            (
                r#"<a href="/about/">x</a>"#,
                r#"<a href="https://example.org/about/">x</a>"#,
            ),
            (
                r#"<img src="chart.png">"#,
                r#"<img src="https://example.org/news/a/chart.png">"#,
            ),
            (
                r#"<a href="https://other.example/">x</a>"#,
                r#"<a href="https://other.example/">x</a>"#,
            ),
            (r##"<a href="#notes">x</a>"##, r##"<a href="#notes">x</a>"##),
            (
                r#"<a href="//cdn.example/x">x</a>"#,
                r#"<a href="//cdn.example/x">x</a>"#,
            ),
            (
                r#"<a href="mailto:a@b.org">x</a>"#,
                r#"<a href="mailto:a@b.org">x</a>"#,
            ),
            (
                r#"<a href="?a=1&amp;b=2">x</a>"#,
                r#"<a href="https://example.org/news/a/?a=1&amp;b=2">x</a>"#,
            ),
            // An attribute's name inside another's value is text.
            (
                r#"<a title=" src=&quot;x" href="y">"#,
                r#"<a title=" src=&quot;x" href="https://example.org/news/a/y">"#,
            ),
            (
                r#"<a href="unterminated"#,
                r#"<a href="https://example.org/news/a/unterminated"#,
            ),
            ("no links at all", "no links at all"),
        ];
        for (html, want) in cases {
            assert_eq!(absolute_links(html, page), want, "{html}");
        }
        assert_eq!(
            absolute_links("<a href=\"/x\">", "not a url"),
            "<a href=\"/x\">"
        );
    }

    /// The scan before it: both attributes searched for again after each link.
    fn rescanning(html: &str, page: &str) -> String {
        let base = ammonia::Url::parse(page).unwrap();
        let mut out = String::new();
        let mut rest = html;
        let next = |h: &str| {
            [" href=\"", " src=\""]
                .iter()
                .filter_map(|a| h.find(a))
                .min()
        };
        while let Some(i) = next(rest) {
            out.push_str(&rest[..i]);
            let read = super::rewrite_attribute(&mut out, &rest[i..], &base);
            rest = &rest[i + read..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn one_scan_makes_what_rescanning_made() {
        let parts = [
            " href=\"", " src=\"", "\"", "x", "/y", "#z", "a:b", " ", "<a", ">", "&amp;",
        ];
        let page = "https://example.org/news/a/";
        for html in crate::testing::random_texts(0x9e37_79b9_7f4a_7c15, 5_000, 16, &parts) {
            assert_eq!(
                absolute_links(&html, page),
                rescanning(&html, page),
                "{html:?}"
            );
        }
    }
}
