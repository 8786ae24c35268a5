//! The site's own style sheets, which its pages link: a theme's
//! `style.css` can hide the attribution with `.attribution { display: none }`
//! as surely as a `<style>` in the page, so the page walks read the rules of
//! every sheet a page links from the site itself (the theme's `static/` and
//! the site's own `static/` over it). Sheets on other hosts are not fetched.

use std::collections::HashMap;
use std::path::Path;

use crate::content::Site;
use crate::layout::{STATIC_DIR, THEMES_DIR};

use super::stylesheet::{StyleSheet, on_every_screen};
use super::visibility::ElementView;

/// A style sheet larger than this is not read: no theme's is.
const MAX_SHEET_BYTES: u64 = 2 * 1024 * 1024;

/// The hiding rules of each style sheet the site publishes, by the path it
/// is published at under `base_url` (`style.css`, `css/print.css`).
#[derive(Debug, Default)]
pub struct LinkedSheets {
    base: Option<url::Url>,
    by_path: HashMap<String, StyleSheet>,
}

impl LinkedSheets {
    /// The sheets of `site`, as a build publishes them, each parsed once
    /// and shared by every page that links it. A sheet that only shows is
    /// kept too: it may show again what a page's own `<style>` hides.
    pub fn load(site: &Site) -> LinkedSheets {
        let root = &site.root;
        let theme = root.join(THEMES_DIR).join(site.config.theme.get_ref());
        let mut by_path = HashMap::new();
        for dir in [theme.join(STATIC_DIR), root.join(STATIC_DIR)] {
            for (rel, css) in sheets_in(&dir) {
                let sheet = StyleSheet::parse(&css, None);
                match sheet.is_empty() {
                    true => by_path.remove(&rel),
                    false => by_path.insert(rel, sheet),
                };
            }
        }
        let base = url::Url::parse(&site.config.base_url).ok();
        LinkedSheets { base, by_path }
    }

    /// The rules of the sheet `href` names on the page at the site path
    /// `page` (`/news/a/`), when the site publishes it.
    pub(super) fn get(&self, page: &str, href: &str) -> Option<&StyleSheet> {
        if self.by_path.is_empty() {
            return None;
        }
        let base = self.base.as_ref()?;
        let target = base
            .join(page.trim_start_matches('/'))
            .ok()?
            .join(href.trim())
            .ok()?;
        if target.origin() != base.origin() {
            return None;
        }
        let rel = target.path().strip_prefix(base.path())?;
        let rel = percent_decoded(rel)?;
        self.by_path.get(&rel)
    }
}

/// The `.css` files under `dir`, by their path inside it with `/`.
fn sheets_in(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("css"))
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_SHEET_BYTES))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()?
                .join("/");
            // Selectors and the properties read are ASCII: a sheet in
            // another encoding is read for them all the same.
            let css = String::from_utf8_lossy(&std::fs::read(e.path()).ok()?).into_owned();
            Some((rel, css))
        })
        .collect()
}

/// The site's sheets as one page links them: hrefs resolve against the
/// page's own address.
#[derive(Clone, Copy)]
pub(crate) struct PageSheets<'a> {
    pub sheets: &'a LinkedSheets,
    /// The page's site path (`/news/a/`).
    pub page: &'a str,
}

impl<'a> PageSheets<'a> {
    /// The rules of the site's sheet that `<link>` element `e` applies to
    /// every screen: `rel="stylesheet"` (not an alternate one), not
    /// disabled, for all media or screens. A sheet for some screens only
    /// (`media="(min-width: 40em)"`) hides nothing everywhere, and is left
    /// out.
    pub(super) fn of_link(&self, e: &impl ElementView) -> Option<&'a StyleSheet> {
        let rel = e.attr("rel")?;
        let has = |word: &str| {
            rel.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(word))
        };
        (has("stylesheet") && !has("alternate") && e.attr("disabled").is_none()).then_some(())?;
        // A type other than CSS is not a style sheet to a browser.
        e.attr("type")
            .is_none_or(|t| {
                let t = t.trim();
                t.is_empty() || t.eq_ignore_ascii_case("text/css")
            })
            .then_some(())?;
        on_every_screen(e.attr("media")).then_some(())?;
        self.sheets.get(self.page, e.attr("href")?)
    }
}

/// `path` with its `%XX` escapes decoded, as the file is named.
fn percent_decoded(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comply::PageFacts;

    fn sheets(base: &str, files: &[(&str, &str)]) -> LinkedSheets {
        LinkedSheets {
            base: url::Url::parse(base).ok(),
            by_path: files
                .iter()
                .map(|(path, css)| (path.to_string(), StyleSheet::parse(css, None)))
                .collect(),
        }
    }

    #[test]
    fn a_page_links_the_sites_sheets_by_any_address_that_reaches_them() {
        let s = sheets(
            "https://news.example/site/",
            &[
                ("css/a.css", ".x{display:none}"),
                ("my sheet.css", ".x{display:none}"),
            ],
        );
        for (page, href) in [
            ("/news/a/", "https://news.example/site/css/a.css"),
            ("/news/a/", "/site/css/a.css"),
            ("/news/a/", "../../css/a.css?v=2"),
            ("/", "css/a.css#top"),
            ("/news/a/", "/site/my%20sheet.css"),
            ("/news/a/", "//news.example/site/css/a.css"),
        ] {
            assert!(s.get(page, href).is_some(), "{page} {href}");
        }
        for (page, href) in [
            ("/news/a/", "https://cdn.example/site/css/a.css"),
            ("/news/a/", "/css/a.css"),
            ("/news/a/", "http://news.example/site/css/a.css"),
            ("/news/a/", "css/a.css"),
            ("/news/a/", "/site/css/b.css"),
        ] {
            assert!(s.get(page, href).is_none(), "{page} {href}");
        }
    }

    #[test]
    fn a_linked_sheet_hides_text_in_the_head_or_the_body() {
        let s = sheets(
            "https://news.example/",
            &[("a.css", ".credit{display:none}")],
        );
        let page = PageSheets {
            sheets: &s,
            page: "/news/a/",
        };
        let text = |html: &str| {
            PageFacts::extract_linking(html, false, page)
                .blocks
                .join(" | ")
        };
        for html in [
            r#"<html><head><link rel="stylesheet" href="/a.css"></head><body><p class="credit">By Ana Ruiz</p><p>River levels fell.</p></body></html>"#,
            r#"<p class="credit">By Ana Ruiz</p><p>River levels fell.</p><link rel="stylesheet" href="/a.css">"#,
            r#"<link rel="stylesheet" type="Text/CSS" href="/a.css"><p class="credit">By Ana Ruiz</p><p>River levels fell.</p>"#,
        ] {
            let seen = text(html);
            assert!(!seen.contains("Ana Ruiz"), "{seen}");
            assert!(seen.contains("River levels fell"), "{seen}");
        }
        for html in [
            r#"<link rel="stylesheet" href="/a.css" media="print"><p class="credit">By Ana Ruiz</p>"#,
            r#"<link rel="alternate stylesheet" href="/a.css"><p class="credit">By Ana Ruiz</p>"#,
            r#"<link rel="stylesheet" href="/a.css" disabled><p class="credit">By Ana Ruiz</p>"#,
            r#"<link rel="preload" href="/a.css"><p class="credit">By Ana Ruiz</p>"#,
            r#"<link rel="stylesheet" type="text/plain" href="/a.css"><p class="credit">By Ana Ruiz</p>"#,
        ] {
            assert!(text(html).contains("Ana Ruiz"), "{html}");
        }
    }
}
