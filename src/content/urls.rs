//! Article URLs: from the file's path or its `slug`, and no two on one URL.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::model::Article;
use crate::config::{Config, RESERVED_FOLDERS};
use crate::diagnostics::Diagnostic;
use crate::layout::CONTENT_DIR;
use crate::slug::slugify;

/// The longest segment of an address, in bytes.
const MAX_SEGMENT: usize = 200;

/// `content/news/iran.md` → `/news/iran/`; `content/news/index.md` → `/news/`.
pub(super) fn article_url(rel: &Path, slug: Option<&str>) -> Result<String, String> {
    let inside = rel
        .strip_prefix(CONTENT_DIR)
        .unwrap_or(rel)
        .with_extension("");
    let mut segments: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segments.last().is_some_and(|s| s == "index") {
        segments.pop();
    }
    if let Some(slug) = slug {
        let s = slug.trim();
        if s.is_empty()
            || s.contains(['/', '\\'])
            || s.contains("..")
            || s.starts_with('.')
            || s.contains(':')
        {
            return Err(format!(
                "slug {slug:?} would escape the article's folder in the output"
            ));
        }
        let s = slugify(s);
        if s.is_empty() {
            return Err(format!(
                "slug {slug:?} has no letters or digits to make a URL from"
            ));
        }
        match segments.last_mut() {
            Some(last) => *last = s,
            None => segments.push(s),
        }
    } else {
        for seg in &mut segments {
            let s = slugify(seg);
            if s.is_empty() {
                return Err(format!(
                    "the path segment {seg:?} has no letters or digits to make a URL from"
                ));
            }
            *seg = s;
        }
    }
    // Each segment is a folder name in the output, which file systems cap
    // at 255 bytes; well below that, an address is unreadable anyway.
    if let Some(long) = segments.iter().find(|s| s.len() > MAX_SEGMENT) {
        return Err(format!(
            "the address segment {:?}… is {} bytes long; a segment of an address may be at most {MAX_SEGMENT}",
            long.chars().take(40).collect::<String>(),
            long.len()
        ));
    }
    if segments.is_empty() {
        return Ok("/".to_owned());
    }
    let mut url = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum::<usize>() + 1);
    for s in &segments {
        url.push('/');
        url.push_str(s);
    }
    url.push('/');
    Ok(url)
}

/// Two articles on one URL, or an article on a URL reprint generates itself.
pub(super) fn check_urls(
    root: &Path,
    articles: &[Arc<Article>],
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) {
    let generated = |url: &str| {
        let first = url.trim_matches('/').split('/').next().unwrap_or("");
        url == "/"
            || RESERVED_FOLDERS.contains(&first)
            || config.taxonomies.iter().any(|t| t == first)
    };
    // Serve runs this on every save: the files are put in order only when
    // there is something to report.
    let mut urls: foldhash::HashSet<&str> = foldhash::HashSetExt::with_capacity(articles.len());
    if articles
        .iter()
        .all(|a| !generated(&a.url) && urls.insert(&a.url))
    {
        return;
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    // In path order, and articles with a `slug` last, so a collision is
    // reported on the file whose slug caused it.
    let mut ordered: Vec<(bool, &Article)> =
        articles.iter().map(|a| (a.has_slug, a.as_ref())).collect();
    ordered.sort_by(|(sa, a), (sb, b)| (sa, &a.path).cmp(&(sb, &b.path)));
    for (_, a) in ordered {
        let problem = if generated(&a.url) {
            Some(format!(
                "the URL {} belongs to pages reprint generates (home, pagination or a taxonomy)",
                a.url
            ))
        } else {
            seen.insert(a.url.as_str(), a.path.as_str()).map(|other| {
                format!(
                    "two articles on one URL {}: {} and {}",
                    a.url, other, a.path
                )
            })
        };
        if let Some(message) = problem {
            let mut d = Diagnostic::new(&a.path, message)
                .with_hint("give the article another `slug`, or move or rename the file");
            d.line = a.line_of("slug");
            d.col = 1;
            d.source_line = slug_line(root, a);
            errors.push(d);
        }
    }
}

/// The text of an article's `slug` line (else its opening `---` line), to
/// show with a URL clash. Read again from the file: clashes are rare, and
/// keeping the line for every article would cost more. `None` when the file
/// changed since it was read.
pub(super) fn slug_line(root: &Path, a: &Article) -> Option<String> {
    let text = std::fs::read_to_string(root.join(&a.path)).ok()?;
    if super::body::source_hash(Path::new(&a.path), &text) != a.source_hash {
        return None;
    }
    text.lines().nth(a.line_of("slug") - 1).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_pretty_and_slugs_cannot_escape() {
        let p = Path::new("content/news/iran.md");
        assert_eq!(article_url(p, None).unwrap(), "/news/iran/");
        assert_eq!(
            article_url(p, Some("iran-denies")).unwrap(),
            "/news/iran-denies/"
        );
        assert_eq!(
            article_url(Path::new("content/news/index.md"), None).unwrap(),
            "/news/"
        );
        assert_eq!(
            article_url(Path::new("content/My Story.md"), None).unwrap(),
            "/my-story/"
        );
        for bad in ["../../etc", "/abs", "a/b", "..", "c:\\x", ".hidden"] {
            assert!(article_url(p, Some(bad)).is_err(), "{bad}");
        }
        // A folder name the file system could not hold is an input error.
        let long = "a".repeat(MAX_SEGMENT + 1);
        assert!(
            article_url(p, Some(&long))
                .unwrap_err()
                .contains("at most 200")
        );
        assert!(article_url(p, Some(&long[1..])).is_ok());
    }
}
