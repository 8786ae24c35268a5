//! Reading a SOURCE: an address (fetched), a file or standard input, in
//! the charset it declares; anything that is not a page, feed or snippet
//! is refused before it could become an article.

use super::fetch::{self, FetchError};
use super::{ImportError, ImportOptions, feed};

/// The text of a SOURCE, its final address, the redirects, and whether it
/// is a pasted snippet rather than a whole page.
pub(super) fn read(
    source: &str,
    options: &ImportOptions,
    stdin: &mut dyn FnMut() -> std::io::Result<String>,
) -> Result<(String, Option<String>, Vec<String>, bool), ImportError> {
    if source == "-" {
        let text = stdin().map_err(|e| ImportError::Read {
            path: "standard input".into(),
            source: e,
        })?;
        if text.trim().is_empty() {
            return Err(ImportError::Empty("standard input".into()));
        }
        return Ok((text, None, Vec::new(), true));
    }
    let scheme = source
        .split_once("://")
        .map(|(s, _)| s.to_ascii_lowercase());
    if let Some(scheme) = scheme {
        if scheme != "http" && scheme != "https" {
            return Err(FetchError::Scheme(source.to_owned()).into());
        }
        let got = fetch::fetch(source, &options.fetch)?;
        if let Some(kind) = not_a_page(got.content_type.as_deref(), &got.body) {
            return Err(ImportError::NotAPage { url: got.url, kind });
        }
        return Ok((got.body, Some(got.url), got.redirects, false));
    }
    let bytes = std::fs::read(source).map_err(|e| ImportError::Read {
        path: source.to_owned(),
        source: e,
    })?;
    let text = fetch::decode(&bytes, None);
    if text.trim().is_empty() {
        return Err(ImportError::Empty(source.to_owned()));
    }
    // A saved file without <html> or <body> is a snippet someone kept.
    let lower = text.to_ascii_lowercase();
    let snippet = !lower.contains("<html") && !lower.contains("<body");
    Ok((text, None, Vec::new(), snippet))
}

/// What a response is when it is neither an HTML page nor a feed
/// ("image/png", or "application/json" that is no JSON Feed), judged by its
/// Content-Type and, where that is vague or missing, by its first bytes.
fn not_a_page(content_type: Option<&str>, text: &str) -> Option<String> {
    let essence = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(essence.as_str(), "text/html" | "application/xhtml+xml") {
        return None;
    }
    let vague = essence.is_empty()
        || essence.contains("xml")
        || essence.contains("json")
        || matches!(essence.as_str(), "text/plain" | "application/octet-stream");
    if vague && (feed::looks_like_feed(text) || looks_like_html(text)) {
        return None;
    }
    Some(match essence.as_str() {
        "" => "of no declared type".to_owned(),
        e => e.to_owned(),
    })
}

/// Whether text opens as HTML markup does (a doctype, `<html>`, or a
/// fragment of elements such as a republish snippet).
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<p",
            "<div",
            "<article",
        ]
        .iter()
        .any(|t| head.contains(t))
}
