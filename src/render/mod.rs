//! The render stage: the theme's Tera templates, parsed once per build, turn
//! the loaded `Site` into pages. Values shared by many pages (the site, the
//! licences and terms) are built once and shared by reference counting;
//! an article's summary is made once per run and kept only until the last
//! page of the run that shows it ([`summaries`]).

use std::borrow::Cow;

use tera::Value;

use crate::content::Site;
use crate::diagnostics::Diagnostic;

mod absolute;
mod context;
pub mod i18n;
mod jsonld;
pub mod links;
mod pages;
pub mod publish;
mod sitemap;
mod structure;
mod summaries;
mod theme;
mod values;
mod xml;

pub use crate::text::join_names;
use context::Source;
pub use pages::{AliasTarget, PageKind, RenderedPage, output_path, page_count, paged_url};
use publish::Feed;
use summaries::Summaries;
pub use theme::{THEMES_DIR, Theme};
use values::{Shared, site_value, summary_map};

static NEXT_RENDERER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Renders the pages of one site with one theme. Shared values are built
/// here once; each page then only builds its own.
pub struct Renderer<'a> {
    pub site: &'a Site,
    theme: &'a Theme,
    /// Tells this renderer's per-thread values from another's.
    id: u64,
    /// The licence and term values the summaries share, made with the first
    /// summary.
    shared: std::sync::OnceLock<Shared>,
    /// Every article index, newest first: the home page's list.
    all: Vec<usize>,
    /// A hash of the own pages and sections every page's navigation shows.
    shape: u64,
    /// Summaries shared by the pages of a run, once one is planned.
    summaries: std::sync::OnceLock<Summaries>,
    /// Feed entries shared by the feeds of a run, once one is planned.
    entries: std::sync::OnceLock<Summaries>,
    /// Whether each article may be indexed, for the sitemap, once asked.
    indexable: std::sync::OnceLock<Vec<bool>>,
    /// Whether each article is an entry of some feed, once asked.
    in_feeds: std::sync::OnceLock<Vec<bool>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        Renderer {
            site,
            theme,
            id: NEXT_RENDERER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            shared: std::sync::OnceLock::new(),
            all: (0..site.articles.len()).collect(),
            shape: structure::shape_hash(site),
            summaries: std::sync::OnceLock::new(),
            entries: std::sync::OnceLock::new(),
            indexable: std::sync::OnceLock::new(),
            in_feeds: std::sync::OnceLock::new(),
        }
    }

    /// The `site` value and the theme's words in the site's language, as
    /// this thread's own copies. A page reads them dozens of times, and
    /// each read counts a reference: on a value two threads share, that
    /// count moves between the cores' caches on every read.
    fn thread_values(&self) -> (Value, Value) {
        thread_local! {
            static COPIES: std::cell::RefCell<Option<(u64, Value, Value)>> =
                const { std::cell::RefCell::new(None) };
        }
        COPIES.with_borrow_mut(|copies| match copies {
            Some((id, site, words)) if *id == self.id => (site.clone(), words.clone()),
            _ => {
                let site = site_value(self.site);
                let words = self.theme.i18n.value(&self.site.config.language);
                *copies = Some((self.id, site.clone(), words.clone()));
                (site, words)
            }
        })
    }

    /// Every page the site has, in a stable order.
    pub fn pages(&self) -> Vec<PageKind> {
        let site = self.site;
        let mut pages: Vec<PageKind> = (0..site.articles.len()).map(PageKind::Article).collect();
        for page in 1..=page_count(site.articles.len(), site.config.paginate) {
            pages.push(PageKind::Home { page });
        }
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            pages.push(PageKind::TaxonomyList { taxonomy: t });
            for (i, term) in taxonomy.terms.iter().enumerate() {
                for page in 1..=page_count(term.articles.len(), site.config.paginate) {
                    pages.push(PageKind::Term {
                        taxonomy: t,
                        term: i,
                        page,
                    });
                }
            }
        }
        pages.extend((0..site.pages.len()).map(PageKind::OwnPage));
        for (section, s) in site.sections.iter().enumerate() {
            for page in 1..=page_count(s.articles.len(), site.config.paginate) {
                pages.push(PageKind::Section { section, page });
            }
        }
        for (i, a) in site.articles.iter().enumerate() {
            pages.extend((0..a.aliases.len()).map(|alias| PageKind::Alias {
                target: AliasTarget::Article(i),
                alias,
            }));
        }
        for (i, p) in site.pages.iter().enumerate() {
            pages.extend((0..p.aliases.len()).map(|alias| PageKind::Alias {
                target: AliasTarget::Page(i),
                alias,
            }));
        }
        pages.push(PageKind::NotFound);
        pages.extend(publish::feeds(site).into_iter().map(PageKind::Feed));
        for part in 0..=self.sitemap_parts() {
            pages.push(PageKind::Sitemap { part });
        }
        // A site's own robots.txt wins over the generated one.
        let own = ["static/robots.txt", "content/robots.txt"]
            .iter()
            .any(|p| site.root.join(p).is_file())
            || self.theme.dir.join("static/robots.txt").is_file();
        if !own {
            pages.push(PageKind::Robots);
        }
        pages
    }

    /// The output path of a page (`news/a/index.html`), built in one go.
    pub fn path_of(&self, kind: PageKind) -> String {
        match kind {
            PageKind::Article(i) => {
                let url = &self.site.articles[i].url;
                let mut path = String::with_capacity(url.len() + 10);
                path.push_str(url.trim_start_matches('/'));
                path.push_str("index.html");
                path
            }
            _ => output_path(&self.url_of(kind)),
        }
    }

    pub fn url_of(&self, kind: PageKind) -> String {
        let site = self.site;
        match kind {
            PageKind::Article(i) => site.articles[i].url.clone(),
            PageKind::Home { page } => paged_url("/", page),
            PageKind::TaxonomyList { taxonomy } => site.taxonomies[taxonomy].url.clone(),
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => paged_url(&site.taxonomies[taxonomy].terms[term].url, page),
            PageKind::NotFound => "/404.html".to_owned(),
            PageKind::Feed(feed) => feed.url(site),
            PageKind::Sitemap { part } => sitemap::sitemap_url(part),
            PageKind::Robots => "/robots.txt".to_owned(),
            PageKind::OwnPage(i) => site.pages[i].url.clone(),
            PageKind::Section { section, page } => paged_url(&site.sections[section].url, page),
            PageKind::Alias { target, alias } => match target {
                AliasTarget::Article(i) => site.articles[i].aliases[alias].clone(),
                AliasTarget::Page(i) => site.pages[i].aliases[alias].clone(),
            },
        }
    }

    pub fn render(&self, kind: PageKind) -> Result<RenderedPage, Diagnostic> {
        if let PageKind::OwnPage(i) = kind
            && !self.theme.has_template("page.html")
        {
            return Err(Diagnostic::new(
                std::path::PathBuf::from(THEMES_DIR)
                    .join(&self.theme.name)
                    .join("templates/page.html"),
                format!(
                    "theme {:?} has no page.html template, which the site's own pages need ({})",
                    self.theme.name, self.site.pages[i].path
                ),
            )
            .with_hint("add a page.html to the theme (the default theme has one), or remove `type: page` from those files"));
        }
        let url = self.url_of(kind);
        // Article bodies are rendered here, page by page, not kept from
        // loading; a feed keeps its entries' for the other feeds.
        let body = match kind {
            // A feed shows the same HTML again: made once, kept for it.
            PageKind::Article(i) if self.in_feeds()[i] => Some(Cow::Borrowed(
                self.site.keep_article_html(&self.site.articles[i])?,
            )),
            PageKind::Article(i) => Some(self.site.article_html(&self.site.articles[i])?),
            PageKind::Feed(feed) => {
                for i in feed.entries(self.site, &self.all) {
                    self.site.keep_article_html(&self.site.articles[i])?;
                }
                None
            }
            _ => None,
        };
        let content = match self.context(kind, &url, body.as_deref().unwrap_or("")) {
            Source::Template {
                template,
                context,
                what,
            } => self.theme.render(template, &context, &what)?,
            Source::Text(text) => text,
        };
        Ok(RenderedPage {
            kind,
            path: output_path(&url),
            url,
            content,
            body: body.map(Cow::into_owned),
        })
    }

    /// An article's summary, as lists show it: shared with the other pages
    /// of a run that show it ([`Renderer::plan`]).
    fn summary(&self, i: usize) -> Value {
        let make = || Value::from(self.make_summary_map(i, 0));
        match self.summaries.get() {
            Some(summaries) => summaries.get(i, make),
            None => make(),
        }
    }

    /// The summary as a map of its own with room for `extra` more entries,
    /// for the article page and feed entries to add theirs.
    fn summary_map(&self, i: usize, extra: usize) -> tera::Map {
        let Some(summaries) = self.summaries.get() else {
            return self.make_summary_map(i, extra);
        };
        // The summary's last user takes it without a copy.
        let shared = summaries.get(i, || Value::from(self.make_summary_map(i, extra)));
        let mut m = shared.into_map().unwrap_or_default();
        m.reserve(extra);
        m
    }

    /// Whether each article is an entry of any of the site's feeds.
    fn in_feeds(&self) -> &[bool] {
        self.in_feeds.get_or_init(|| {
            let mut flags = vec![false; self.site.articles.len()];
            for feed in publish::feeds(self.site) {
                for i in feed.entries(self.site, &self.all) {
                    flags[i] = true;
                }
            }
            flags
        })
    }

    /// Whether each article may be indexed ([`sitemap::indexable_flags`]).
    fn indexable(&self) -> &[bool] {
        self.indexable
            .get_or_init(|| sitemap::indexable_flags(self.site))
    }

    fn sitemap_parts(&self) -> usize {
        sitemap::sitemap_parts(self.site, || self.indexable())
    }

    fn make_summary_map(&self, i: usize, extra: usize) -> tera::Map {
        let a = &self.site.articles[i];
        let shared = self.shared.get_or_init(|| Shared::new(self.site));
        summary_map(self.site, &self.theme.i18n, shared, a, extra)
    }
}
