//! Contexts of the pages that give a site its shape: its own pages, the
//! sections' list pages, and the redirects from old addresses.

use std::hash::{Hash, Hasher};

use tera::Value;

use super::Renderer;
use super::context::hash_list;
use super::pages::{AliasTarget, PageKind, page_range};
use super::values::{obj, opt_str};
use super::xml::xml_escape;
use crate::content::Site;

/// What `site.pages` and `site.sections` show: a page or section added,
/// removed or renamed changes every page's navigation.
pub(super) fn shape_hash(site: &Site) -> u64 {
    let mut h = crate::text::change_hasher();
    for p in &site.pages {
        (&p.title, &p.url).hash(&mut h);
    }
    for s in &site.sections {
        (&s.title, &s.url).hash(&mut h);
    }
    h.finish()
}

impl Renderer<'_> {
    /// An own page's context: what an article's has that applies to the
    /// site's own work, under the site's own licence.
    pub(super) fn own_page_value(&self, i: usize) -> Value {
        let site = self.site;
        let p = &site.pages[i];
        let permalink = site.config.permalink(&p.url);
        obj([
            ("title", p.title.as_str().into()),
            ("url", p.url.as_str().into()),
            ("permalink", permalink.as_str().into()),
            ("path", p.path.as_str().into()),
            ("content", Value::safe_string(p.body.html())),
            (
                "summary",
                p.summary
                    .as_deref()
                    .unwrap_or(&p.body.first_paragraph)
                    .into(),
            ),
            ("date", opt_str(p.date.map(|d| d.iso()))),
            ("date_display", opt_str(p.date.map(|d| d.display()))),
            ("updated", opt_str(p.updated.map(|d| d.iso()))),
            ("extra", Value::from_serializable(&p.extra)),
            ("word_count", p.body.word_count.into()),
            (
                "head",
                obj([("canonical", permalink.into()), ("noindex", false.into())]),
            ),
        ])
    }

    /// A section as its list page and feed show it.
    pub(super) fn section_value(&self, section: usize) -> Value {
        let site = self.site;
        let s = &site.sections[section];
        let index = s.index.as_deref();
        obj([
            ("name", s.name.as_str().into()),
            ("title", s.title.as_str().into()),
            ("url", s.url.as_str().into()),
            ("permalink", site.config.permalink(&s.url).into()),
            (
                "feed",
                site.config.permalink(&format!("{}atom.xml", s.url)).into(),
            ),
            (
                "content",
                index.map_or_else(Value::none, |i| Value::safe_string(i.body.html())),
            ),
            (
                "summary",
                opt_str(index.and_then(|i| {
                    i.summary
                        .clone()
                        .or_else(|| Some(i.body.first_paragraph.clone()).filter(|p| !p.is_empty()))
                })),
            ),
            (
                "extra",
                index.map_or_else(
                    || Value::from(tera::Map::new()),
                    |i| Value::from_serializable(&i.extra),
                ),
            ),
            ("count", s.articles.len().into()),
        ])
    }

    /// A redirect page: a meta refresh for browsers, a canonical link for
    /// search engines, and `noindex` so the old address leaves the index.
    pub(super) fn alias_html(&self, target: AliasTarget) -> String {
        let site = self.site;
        let (url, title) = match target {
            AliasTarget::Article(i) => (&site.articles[i].url, &site.articles[i].title),
            AliasTarget::Page(i) => (&site.pages[i].url, &site.pages[i].title),
        };
        let to = xml_escape(&site.config.permalink(url));
        let title = xml_escape(title);
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n",
            lang = xml_escape(&site.config.language),
        )
    }

    /// What the contexts above read, for serve's re-rendering.
    pub(super) fn structure_signature(&self, kind: PageKind, h: &mut impl Hasher) {
        let site = self.site;
        match kind {
            PageKind::OwnPage(i) => ("page", site.pages[i].source_hash).hash(h),
            PageKind::Section { section, page } => {
                self.section_signature(section, h);
                let s = &site.sections[section];
                let per_page = site.config.paginate;
                let (start, end) = page_range(s.articles.len(), per_page, page);
                let on_page = s.articles[start..end].iter().copied();
                hash_list(h, site, s.articles.len(), on_page, page, per_page);
            }
            PageKind::Alias { target, alias } => {
                let (url, title) = match target {
                    AliasTarget::Article(i) => (&site.articles[i].url, &site.articles[i].title),
                    AliasTarget::Page(i) => (&site.pages[i].url, &site.pages[i].title),
                };
                ("alias", target, alias, url, title).hash(h);
            }
            _ => {}
        }
    }

    /// A section as `section_value` shows it.
    pub(super) fn section_signature(&self, section: usize, h: &mut impl Hasher) {
        let s = &self.site.sections[section];
        (&s.name, &s.title, s.articles.len()).hash(h);
        s.index.as_ref().map(|i| i.source_hash).hash(h);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::content::LoadOptions;
    use crate::render::Theme;

    /// Serve re-renders a page only when its signature changes: renaming an
    /// own page must reach every page whose navigation links it.
    #[test]
    fn renaming_an_own_page_changes_every_pages_signature() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut site = Site::load(root, &LoadOptions::default()).expect("the example site loads");
        assert!(!site.pages.is_empty(), "the example site has own pages");
        let theme = Theme::load(root, &site.config).expect("the example theme loads");
        let home = PageKind::Home { page: 1 };
        let before = Renderer::new(&site, &theme).signature(home);
        Arc::make_mut(&mut site.pages[0])
            .title
            .push_str(" (and contact)");
        let after = Renderer::new(&site, &theme).signature(home);
        assert_ne!(before, after);
    }
}
