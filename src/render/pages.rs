//! What the site's output files are: page kinds, rendered pages, their
//! output paths and list-page arithmetic.

use super::publish::Feed;

/// What a rendered file is, so the compliance pass knows which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Index into `Site::articles`.
    Article(usize),
    Home {
        page: usize,
    },
    TaxonomyList {
        taxonomy: usize,
    },
    Term {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
    NotFound,
    Feed(Feed),
    /// `sitemap.xml` (part 0) or one part of a large site's sitemap.
    Sitemap {
        part: usize,
    },
    Robots,
    /// Index into `Site::pages`: one of the site's own pages.
    OwnPage(usize),
    /// Index into `Site::sections`, and the list page (1-based).
    Section {
        section: usize,
        page: usize,
    },
    /// A redirect from an old address to an article or page.
    Alias {
        target: AliasTarget,
        alias: usize,
    },
}

/// What an alias redirects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasTarget {
    /// Index into `Site::articles`.
    Article(usize),
    /// Index into `Site::pages`.
    Page(usize),
}

/// One rendered output file.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub kind: PageKind,
    /// URL path: `/news/iran/`.
    pub url: String,
    /// Output path relative to the output folder: `news/iran/index.html`.
    pub path: String,
    pub content: String,
    /// An article page's body as its template received it (`page.content`),
    /// for the compliance pass to find on the page.
    pub body: Option<String>,
}

/// Output file for a pretty URL.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".to_owned()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

/// The items on list page `current` (1-based).
pub(super) fn page_slice(items: &[usize], per_page: usize, current: usize) -> &[usize] {
    let (start, end) = page_range(items.len(), per_page, current);
    &items[start..end]
}

/// Start and end of list page `current` (1-based) among `n` items.
pub(super) fn page_range(n: usize, per_page: usize, current: usize) -> (usize, usize) {
    if per_page == 0 {
        return (0, n);
    }
    let start = (current.saturating_sub(1) * per_page).min(n);
    (start, (start + per_page).min(n))
}

/// Number of list pages for `n` items; an empty list still has one page.
pub fn page_count(n: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        n.div_ceil(per_page).max(1)
    }
}

/// `/tags/iran/` page 2 → `/tags/iran/page/2/`; page 1 is the base itself.
pub fn paged_url(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{page}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls_map_to_index_files() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/news/iran/"), "news/iran/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn pagination_urls_and_counts() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(41, 20), 3);
        assert_eq!(page_count(41, 0), 1);
        assert_eq!(paged_url("/", 1), "/");
        assert_eq!(paged_url("/tags/iran/", 3), "/tags/iran/page/3/");
    }
}
