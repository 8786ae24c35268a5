//! `sitemap.xml`, and for a site of more than [`SITEMAP_LIMIT`] addresses
//! an index of numbered parts. Whether each article may be indexed is found
//! once per run, in parallel, and each part makes only its own lines.

use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;

use super::publish::{indexable_under, newest};
use super::xml::xml_escape;
use crate::content::Site;

/// At most this many URLs per sitemap file (the sitemaps.org limit); larger
/// sites get a sitemap index.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Whether each article's page may be indexed ([`super::publish::indexable`]),
/// each licence looked up once per slice of articles.
pub fn indexable_flags(site: &Site) -> Vec<bool> {
    site.articles
        .par_chunks(1024)
        .map(|part| {
            let mut profiles = foldhash::HashMap::default();
            part.iter()
                .map(|a| {
                    let profile = *profiles
                        .entry(a.licence.as_str())
                        .or_insert_with(|| site.licences.get(&a.licence));
                    indexable_under(site, a, profile)
                })
                .collect::<Vec<bool>>()
        })
        .collect::<Vec<_>>()
        .concat()
}

/// Number of sitemap files besides `sitemap.xml` (0 when it is not an
/// index); `indexable` gives [`indexable_flags`], asked only for a site
/// large enough to need more than one file.
pub fn sitemap_parts<'a>(site: &Site, indexable: impl FnOnce() -> &'a [bool]) -> usize {
    let others = others(site);
    if others + site.articles.len() <= SITEMAP_LIMIT {
        return 0;
    }
    let n = others + indexable().iter().filter(|&&i| i).count();
    if n <= SITEMAP_LIMIT {
        0
    } else {
        n.div_ceil(SITEMAP_LIMIT)
    }
}

/// Addresses besides the articles': the home page, taxonomies and terms,
/// sections and the site's own pages.
fn others(site: &Site) -> usize {
    1 + site
        .taxonomies
        .iter()
        .map(|t| 1 + t.terms.len())
        .sum::<usize>()
        + site.sections.len()
        + site.pages.len()
}

pub fn sitemap_url(part: usize) -> String {
    if part == 0 {
        "/sitemap.xml".into()
    } else {
        format!("/sitemap-{part}.xml")
    }
}

/// `sitemap.xml` (part 0), or one part of a large site's sitemap, of a site
/// with `parts` parts.
pub fn sitemap(site: &Site, part: usize, parts: usize, indexable: &[bool]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if part == 0 && parts > 0 {
        out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for p in 1..=parts {
            let _ = writeln!(
                out,
                "  <sitemap><loc>{}</loc></sitemap>",
                xml_escape(&loc(&site.config.permalink(&sitemap_url(p))))
            );
        }
        out.push_str("</sitemapindex>\n");
        return out;
    }
    let lines = if parts == 0 {
        0..usize::MAX
    } else {
        let start = (part - 1) * SITEMAP_LIMIT;
        start..start + SITEMAP_LIMIT
    };
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in sitemap_urls(site, indexable, lines) {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            xml_escape(&loc(&site.config.permalink(&url)))
        );
        if let Some(m) = lastmod {
            let _ = write!(out, "<lastmod>{m}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A URL as the sitemap protocol asks for it: RFC 3986, so every byte that
/// is not printable ASCII (an accented term or slug, a space) is
/// percent-encoded; an address with a `%` in it already is left as it is.
fn loc(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The URLs a sitemap lists at positions `lines` of the whole list, with
/// their last modification: the home page, every article, every taxonomy and
/// term page (first pages only), sections and own pages. Those outside
/// `lines` are counted, not made.
fn sitemap_urls(
    site: &Site,
    indexable: &[bool],
    lines: Range<usize>,
) -> Vec<(String, Option<String>)> {
    let lastmod = |entries: &[usize]| newest(site, entries).map(|d| d.iso());
    let mut urls = Vec::new();
    let mut at = 0;
    let mut take = |make: &mut dyn FnMut() -> (String, Option<String>)| {
        if lines.contains(&at) {
            urls.push(make());
        }
        at += 1;
    };
    take(&mut || {
        let all: Vec<usize> = (0..site.articles.len()).collect();
        ("/".to_owned(), lastmod(&all))
    });
    for (a, _) in site.articles.iter().zip(indexable).filter(|(_, i)| **i) {
        take(&mut || (a.url.clone(), Some(a.updated.unwrap_or(a.date).iso())));
    }
    for t in &site.taxonomies {
        take(&mut || {
            let mut in_taxonomy: Vec<usize> = t
                .terms
                .iter()
                .flat_map(|term| term.articles.iter().copied())
                .collect();
            in_taxonomy.sort_unstable();
            in_taxonomy.dedup();
            (t.url.clone(), lastmod(&in_taxonomy))
        });
        for term in &t.terms {
            take(&mut || (term.url.clone(), lastmod(&term.articles)));
        }
    }
    for s in &site.sections {
        take(&mut || (s.url.clone(), lastmod(&s.articles)));
    }
    for p in &site.pages {
        take(&mut || (p.url.clone(), p.updated.or(p.date).map(|d| d.iso())));
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::LoadOptions;

    #[test]
    fn locations_are_percent_encoded_as_the_protocol_asks() {
        assert_eq!(
            loc("https://example.org/tags/économie/"),
            "https://example.org/tags/%C3%A9conomie/"
        );
        assert_eq!(
            loc("https://example.org/a b/"),
            "https://example.org/a%20b/"
        );
        assert_eq!(
            loc("https://example.org/news/x-1/?a=1&b=%41"),
            "https://example.org/news/x-1/?a=1&b=%41"
        );
    }

    #[test]
    fn each_part_makes_its_own_lines_of_the_whole_list() {
        let dir = crate::testing::fixture_with_theme("basic");
        let site = Site::load(dir.path(), &LoadOptions::default()).unwrap();
        let indexable = indexable_flags(&site);
        let whole = sitemap_urls(&site, &indexable, 0..usize::MAX);
        assert!(whole.len() > 5, "{whole:?}");
        assert_eq!(whole[0].0, "/");
        for size in 1..=3 {
            let parts: Vec<_> = (0..whole.len().div_ceil(size))
                .flat_map(|p| sitemap_urls(&site, &indexable, p * size..(p + 1) * size))
                .collect();
            assert_eq!(parts, whole, "parts of {size}");
        }
        assert!(sitemap_urls(&site, &indexable, whole.len()..usize::MAX).is_empty());
    }
}
