//! The render stage: the theme's Tera templates, parsed once per build, turn
//! the loaded `Site` into pages. Values shared by many pages (the site, each
//! article's summary) are built once and shared by reference counting, never
//! cloned per page.

use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, Map, State, Tera, Value};

use crate::config::Config;
use crate::content::{Article, ArticleDate, Site, Taxonomy, Term};
use crate::diagnostics::Diagnostic;
use crate::licences::{Profile, Rule};

pub mod publish;

use publish::Feed;

use crate::layout::TEMPLATES_DIR;
pub use crate::layout::THEMES_DIR;
pub use crate::text::join_names;

/// Feed templates for themes that bring none: every site gets feeds that
/// carry attribution, and a theme may replace them.
const BUILT_IN_TEMPLATES: &[&str] = &["atom.xml", "rss.xml"];
const REQUIRED_TEMPLATES: &[&str] = &[
    "article.html",
    "index.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

/// A theme's templates, parsed once, and where its static files are.
pub struct Theme {
    pub name: String,
    pub dir: PathBuf,
    tera: Tera,
    /// Template sources by name, for pointing at the failing line.
    sources: Vec<(String, String)>,
}

impl Theme {
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let name = config.theme.get_ref().clone();
        let dir = root.join(THEMES_DIR).join(&name);
        let templates_dir = dir.join(TEMPLATES_DIR);
        if name.contains(['/', '\\']) || name.contains("..") || !templates_dir.is_dir() {
            return Err(vec![
                config
                    .error_at(config.theme.span(), format!("theme {name:?} not found: no folder {THEMES_DIR}/{name}/templates"))
                    .with_hint(format!(
                        "put the theme's Tera templates in {THEMES_DIR}/{name}/templates/, or set theme = \"default\" and copy the bundled theme (`reprint init` writes one)"
                    )),
            ]);
        }
        let mut sources = Vec::new();
        for entry in walkdir::WalkDir::new(&templates_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                vec![Diagnostic::new(
                    &templates_dir,
                    format!("cannot read the theme: {e}"),
                )]
            })?;
            let path = entry.path();
            if !entry.file_type().is_file()
                || crate::layout::is_ignored_name(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let rel = path
                .strip_prefix(&templates_dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path).map_err(|e| {
                vec![Diagnostic::new(
                    crate::diagnostics::display_path(root, path),
                    format!("cannot read this template: {e}"),
                )]
            })?;
            sources.push((rel, text));
        }
        for name in BUILT_IN_TEMPLATES {
            let bundled = crate::layout::DEFAULT_THEME
                .iter()
                .find(|(rel, _)| rel.strip_prefix("templates/") == Some(name));
            if let Some((_, text)) = bundled
                && !sources.iter().any(|(n, _)| n == name)
            {
                sources.push(((*name).to_owned(), (*text).to_owned()));
            }
        }
        let mut tera = Tera::new();
        tera.register_filter("date", date_filter);
        tera.register_filter("embed", embed_filter);
        let theme_rel = PathBuf::from(THEMES_DIR).join(&name).join(TEMPLATES_DIR);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![tera_diagnostic(&theme_rel, &sources, &e, None)])?;
        let missing: Vec<&str> = REQUIRED_TEMPLATES
            .iter()
            .copied()
            .filter(|t| !tera.contains_template(t))
            .collect();
        if !missing.is_empty() {
            return Err(missing
                .into_iter()
                .map(|t| {
                    Diagnostic::new(
                        theme_rel.join(t),
                        format!("theme {name:?} has no {t} template"),
                    )
                    .with_hint(format!(
                        "a theme provides {}",
                        REQUIRED_TEMPLATES.join(", ")
                    ))
                })
                .collect());
        }
        Ok(Theme {
            name,
            dir,
            tera,
            sources,
        })
    }

    fn render(&self, template: &str, context: &Context, page: &str) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|e| {
            let rel = PathBuf::from(THEMES_DIR)
                .join(&self.name)
                .join(TEMPLATES_DIR);
            tera_diagnostic(&rel, &self.sources, &e, Some((template, page)))
        })
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn tera_diagnostic(
    dir: &Path,
    sources: &[(String, String)],
    e: &tera::Error,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    use std::error::Error as _;
    let doing = rendering
        .map(|(_, page)| format!(" (while rendering {page})"))
        .unwrap_or_default();
    let located = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match located {
        Some(r) => r.message().to_owned(),
        None => e.to_string(),
    };
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    let message = format!(
        "{}{doing}",
        message.lines().next().unwrap_or("template error")
    );
    let hint =
        "fix the template; `{{ page.title }}`-style names are listed in README.md under Themes";
    match located {
        Some(r) => {
            let name = if r.filename().is_empty() {
                rendering.map(|(t, _)| t).unwrap_or("")
            } else {
                r.filename()
            };
            let d = Diagnostic::new(dir.join(name), message).with_hint(hint);
            match sources.iter().find(|(n, _)| n == name) {
                Some((_, src)) => d.at(src, r.span().start_line, r.span().start_col + 1),
                None => d,
            }
        }
        None => Diagnostic::new(dir.join(rendering.map(|(t, _)| t).unwrap_or("")), message)
            .with_hint(hint),
    }
}

/// `{{ page.date | date(format="%Y") }}`: formats an ISO date or date-time.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let format: String = kwargs
        .get("format")?
        .unwrap_or_else(|| "%Y-%m-%d".to_owned());
    let date = ArticleDate::parse(value).map_err(tera::Error::message)?;
    let formatted = if date.has_time {
        jiff::fmt::strtime::format(&format, date.timestamp)
    } else {
        jiff::fmt::strtime::format(&format, date.day)
    };
    formatted.map_err(|e| tera::Error::message(format!("bad date format {format:?}: {e}")))
}

/// `{{ page.content | embed }}`: escapes a value once for embedding as text
/// in XML or HTML, whether or not it is marked safe (feeds carry articles'
/// HTML as escaped text).
fn embed_filter(value: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&publish::xml_escape(value))
}

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

/// Renders the pages of one site with one theme. Shared values are built
/// here once; each page then only builds its own.
pub struct Renderer<'a> {
    pub site: &'a Site,
    theme: &'a Theme,
    site_value: Value,
    summaries: Vec<Value>,
    /// Every article index, newest first: the home page's list.
    all: Vec<usize>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
        Renderer::with_summaries(site, theme, &std::collections::HashMap::new())
    }

    /// Like `new`, reusing the summaries of articles whose source is
    /// unchanged (keyed by `Article::source_hash`), as serve mode does
    /// between rebuilds under one configuration.
    pub fn with_summaries(
        site: &'a Site,
        theme: &'a Theme,
        known: &std::collections::HashMap<u64, Value>,
    ) -> Renderer<'a> {
        use rayon::prelude::*;
        let summaries = site
            .articles
            .par_iter()
            .map(|a| match known.get(&a.source_hash) {
                Some(v) => v.clone(),
                None => summary_value(site, a),
            })
            .collect();
        Renderer {
            site,
            theme,
            site_value: site_value(site),
            summaries,
            all: (0..site.articles.len()).collect(),
        }
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
        pages.push(PageKind::NotFound);
        pages.extend(publish::feeds(site).into_iter().map(PageKind::Feed));
        for part in 0..=publish::sitemap_parts(site) {
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
            PageKind::Sitemap { part } => publish::sitemap_url(part),
            PageKind::Robots => "/robots.txt".to_owned(),
        }
    }

    pub fn render(&self, kind: PageKind) -> Result<RenderedPage, Diagnostic> {
        let site = self.site;
        let url = self.url_of(kind);
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        let (template, what) = match kind {
            PageKind::Article(i) => {
                let a = &site.articles[i];
                ctx.insert_value("page", self.article_value(i));
                ("article.html", a.path.clone())
            }
            PageKind::Home { page } => {
                ctx.insert_value("paginator", self.paginator("/", &self.all, page));
                ("index.html", format!("the home page {url}"))
            }
            PageKind::TaxonomyList { taxonomy } => {
                let t = &site.taxonomies[taxonomy];
                ctx.insert_value("taxonomy", taxonomy_value(&site.config, t));
                let terms: Vec<Value> = t
                    .terms
                    .iter()
                    .map(|term| term_value(&site.config, term))
                    .collect();
                ctx.insert_value("terms", Value::from(terms));
                ("taxonomy.html", format!("the {} list {url}", t.name))
            }
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => {
                let t = &site.taxonomies[taxonomy];
                let term = &t.terms[term];
                ctx.insert_value("taxonomy", taxonomy_value(&site.config, t));
                ctx.insert_value("term", term_value(&site.config, term));
                ctx.insert_value("paginator", self.paginator(&term.url, &term.articles, page));
                ("term.html", format!("the {} page {url}", t.name))
            }
            PageKind::NotFound => ("404.html", "404.html".to_owned()),
            PageKind::Feed(feed) => {
                ctx.insert_value("feed", self.feed_value(feed));
                if let Feed::TermAtom { taxonomy, term } = feed {
                    let t = &site.taxonomies[taxonomy];
                    ctx.insert_value("taxonomy", taxonomy_value(&site.config, t));
                    ctx.insert_value("term", term_value(&site.config, &t.terms[term]));
                }
                (feed.template(), format!("the feed {url}"))
            }
            PageKind::Sitemap { part } => {
                return Ok(RenderedPage {
                    kind,
                    path: output_path(&url),
                    url,
                    content: publish::sitemap(site, part),
                });
            }
            PageKind::Robots => {
                return Ok(RenderedPage {
                    kind,
                    path: output_path(&url),
                    url,
                    content: publish::robots(site),
                });
            }
        };
        let content = self.theme.render(template, &ctx, &what)?;
        Ok(RenderedPage {
            kind,
            path: output_path(&url),
            url,
            content,
        })
    }

    fn article_value(&self, i: usize) -> Value {
        let site = self.site;
        let a = &site.articles[i];
        let profile = site.licences.get(&a.licence);
        let mut m = match self.summaries[i].as_map() {
            Some(summary) => summary.clone(),
            None => Map::new(),
        };
        m.insert("content".into(), Value::safe_string(&a.body.html));
        m.insert("path".into(), a.path.as_str().into());
        m.insert("copyright".into(), copyright_value(a));
        m.insert(
            "credit".into(),
            opt_str(profile.and_then(|p| a.credit(p, &site.config.title)?.ok())),
        );
        m.insert("pixel".into(), opt_str(a.pixel.clone()));
        m.insert("changes".into(), opt_str(a.changes.clone()));
        m.insert("fingerprint".into(), opt_str(a.fingerprint.clone()));
        m.insert("updated".into(), opt_str(a.updated.map(|d| d.iso())));
        m.insert("permission".into(), permission_value(a));
        m.insert("extra".into(), Value::from_serializable(&a.extra));
        m.insert("word_count".into(), a.body.word_count.into());
        m.insert("head".into(), head_value(&site.config, a, profile));
        m.insert("date_rfc3339".into(), a.date.rfc3339().into());
        m.insert("date_rfc2822".into(), a.date.rfc2822().into());
        m.insert(
            "updated_rfc3339".into(),
            a.updated.unwrap_or(a.date).rfc3339().into(),
        );
        let credit = profile.and_then(|p| a.credit(p, &site.config.title)?.ok());
        m.insert(
            "jsonld".into(),
            Value::safe_string(&publish::json_ld(site, a, profile, credit.as_deref())),
        );
        m.insert(
            "attribution_html".into(),
            Value::safe_string(&publish::attribution_html(a, profile, credit.as_deref())),
        );
        m.insert("copyright_line".into(), opt_str(publish::copyright_line(a)));
        // Older and newer neighbours, for "previous / next" links.
        let neighbour = |j: Option<usize>| match j.and_then(|j| site.articles.get(j)) {
            Some(n) => obj([
                ("title", n.title.as_str().into()),
                ("url", n.url.as_str().into()),
                ("permalink", site.config.permalink(&n.url).into()),
            ]),
            None => Value::none(),
        };
        m.insert("newer".into(), neighbour(i.checked_sub(1)));
        m.insert("older".into(), neighbour(Some(i + 1)));
        Value::from(m)
    }

    /// The summaries `known` lacks, by `Article::source_hash`, to keep for
    /// the next `with_summaries`.
    pub fn summaries_not_in(
        &self,
        known: &std::collections::HashMap<u64, Value>,
    ) -> Vec<(u64, Value)> {
        self.site
            .articles
            .iter()
            .zip(&self.summaries)
            .filter(|(a, _)| !known.contains_key(&a.source_hash))
            .map(|(a, v)| (a.source_hash, v.clone()))
            .collect()
    }

    /// A hash of everything a page's output depends on besides the
    /// configuration and the theme: when it is unchanged, so is the page.
    /// Serve mode re-renders only pages whose signature changed.
    pub fn signature(&self, kind: PageKind) -> u64 {
        use std::hash::{Hash, Hasher};
        let site = self.site;
        let per_page = site.config.paginate;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        match kind {
            PageKind::Article(i) => {
                ("article", site.articles[i].source_hash).hash(&mut h);
                for j in [i.checked_sub(1), Some(i + 1)] {
                    match j.and_then(|j| site.articles.get(j)) {
                        Some(n) => (&n.url, &n.title).hash(&mut h),
                        None => "none".hash(&mut h),
                    }
                }
            }
            PageKind::Home { page } => {
                "home".hash(&mut h);
                let n = site.articles.len();
                let (start, end) = page_range(n, per_page, page);
                hash_list(&mut h, site, n, start..end, page, per_page);
            }
            PageKind::TaxonomyList { taxonomy } => {
                let t = &site.taxonomies[taxonomy];
                ("taxonomy", &t.name).hash(&mut h);
                for term in &t.terms {
                    (&term.name, &term.slug, term.articles.len()).hash(&mut h);
                }
            }
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => {
                let t = &site.taxonomies[taxonomy];
                let term = &t.terms[term];
                ("term", &t.name, &term.name, &term.slug).hash(&mut h);
                let (start, end) = page_range(term.articles.len(), per_page, page);
                let on_page = term.articles[start..end].iter().copied();
                hash_list(&mut h, site, term.articles.len(), on_page, page, per_page);
            }
            PageKind::NotFound => "404".hash(&mut h),
            PageKind::Feed(feed) => {
                ("feed", feed).hash(&mut h);
                let entries = feed.entries(site, &self.all);
                entries.len().hash(&mut h);
                for i in entries {
                    site.articles[i].source_hash.hash(&mut h);
                }
            }
            PageKind::Robots => ("robots", &site.config.base_url).hash(&mut h),
            PageKind::Sitemap { .. } => {
                // Lists every page, so any added, removed or re-dated article changes it.
                ("site", site.articles.len()).hash(&mut h);
                for a in &site.articles {
                    (&a.url, a.updated.unwrap_or(a.date).timestamp).hash(&mut h);
                }
                for t in &site.taxonomies {
                    for term in &t.terms {
                        (&term.url, term.articles.len()).hash(&mut h);
                    }
                }
            }
        }
        h.finish()
    }

    /// A feed's context: its title, addresses, date, and full entries.
    fn feed_value(&self, feed: Feed) -> Value {
        let site = self.site;
        let entries = feed.entries(site, &self.all);
        let updated = publish::newest(site, &entries);
        let values: Vec<Value> = entries.iter().map(|&i| self.article_value(i)).collect();
        obj([
            ("title", feed.title(site).into()),
            ("url", feed.url(site).into()),
            ("permalink", site.config.permalink(&feed.url(site)).into()),
            (
                "alternate",
                site.config.permalink(&feed.alternate(site)).into(),
            ),
            (
                "updated",
                updated
                    .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339())
                    .into(),
            ),
            (
                "updated_rfc2822",
                updated
                    .map_or_else(
                        || "Thu, 01 Jan 1970 00:00:00 +0000".to_owned(),
                        |d| d.rfc2822(),
                    )
                    .into(),
            ),
            ("entries", Value::from(values)),
        ])
    }

    fn paginator(&self, base: &str, articles: &[usize], current: usize) -> Value {
        let per_page = self.site.config.paginate;
        let total = page_count(articles.len(), per_page);
        let chunk = page_slice(articles, per_page, current);
        let pages: Vec<Value> = chunk.iter().map(|&i| self.summaries[i].clone()).collect();
        let config = &self.site.config;
        let link = |p: usize| Value::from(config.permalink(&paged_url(base, p)));
        obj([
            ("pages", Value::from(pages)),
            ("current_index", current.into()),
            ("total_pages", total.into()),
            ("number_pagers", total.into()),
            ("paginate_by", per_page.into()),
            ("total_items", articles.len().into()),
            ("base_url", base.into()),
            ("permalink", link(current)),
            ("first", link(1)),
            ("last", link(total)),
            (
                "previous",
                if current > 1 {
                    link(current - 1)
                } else {
                    Value::none()
                },
            ),
            (
                "next",
                if current < total {
                    link(current + 1)
                } else {
                    Value::none()
                },
            ),
        ])
    }
}

/// The items on list page `current` (1-based).
fn page_slice(items: &[usize], per_page: usize, current: usize) -> &[usize] {
    let (start, end) = page_range(items.len(), per_page, current);
    &items[start..end]
}

/// Start and end of list page `current` (1-based) among `n` items.
fn page_range(n: usize, per_page: usize, current: usize) -> (usize, usize) {
    if per_page == 0 {
        return (0, n);
    }
    let start = (current.saturating_sub(1) * per_page).min(n);
    (start, (start + per_page).min(n))
}

/// What a list page shows: its position, and the source of each article on it.
fn hash_list(
    h: &mut impl std::hash::Hasher,
    site: &Site,
    len: usize,
    on_page: impl Iterator<Item = usize>,
    page: usize,
    per_page: usize,
) {
    use std::hash::Hash;
    (page, page_count(len, per_page), len).hash(h);
    for i in on_page {
        site.articles[i].source_hash.hash(h);
    }
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

fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    Value::from(m)
}

fn opt_str(s: Option<String>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

fn link_value(link: Option<&crate::content::Link>) -> Value {
    match link {
        Some(l) => obj([
            ("name", opt_str(l.name.clone())),
            ("url", opt_str(l.url.clone())),
        ]),
        None => Value::none(),
    }
}

fn site_value(site: &Site) -> Value {
    let c = &site.config;
    let licence = c
        .licence
        .as_ref()
        .and_then(|l| site.licences.get(l.get_ref()));
    let taxonomies: Vec<Value> = site
        .taxonomies
        .iter()
        .map(|t| taxonomy_value(c, t))
        .collect();
    obj([
        ("title", c.title.as_str().into()),
        ("description", opt_str(c.description.clone())),
        ("base_url", c.base_url.as_str().into()),
        ("language", c.language.as_str().into()),
        ("commercial", c.commercial.into()),
        ("licence", licence.map_or_else(Value::none, licence_value)),
        ("taxonomies", Value::from(taxonomies)),
        ("extra", Value::from_serializable(&c.extra)),
    ])
}

fn licence_value(p: &Profile) -> Value {
    let rules: Vec<Value> = p.rules.iter().map(|r| Value::from(r.id())).collect();
    obj([
        ("id", p.id.as_str().into()),
        ("name", p.name.as_str().into()),
        ("url", opt_str(p.url.clone())),
        ("terms", opt_str(p.terms.clone())),
        ("creative_commons", p.is_creative_commons().into()),
        ("rules", Value::from(rules)),
    ])
}

fn taxonomy_value(config: &Config, t: &Taxonomy) -> Value {
    obj([
        ("name", t.name.as_str().into()),
        ("url", t.url.as_str().into()),
        ("permalink", config.permalink(&t.url).into()),
        ("count", t.terms.len().into()),
    ])
}

fn term_value(config: &Config, t: &Term) -> Value {
    obj([
        ("name", t.name.as_str().into()),
        ("slug", t.slug.as_str().into()),
        ("url", t.url.as_str().into()),
        ("permalink", config.permalink(&t.url).into()),
        ("count", t.articles.len().into()),
    ])
}

/// What list pages and the article page share; built once per article.
fn summary_value(site: &Site, a: &Article) -> Value {
    let profile = site.licences.get(&a.licence);
    let mut taxonomies = Map::new();
    for (name, terms) in &a.taxonomies {
        let list: Vec<Value> = terms
            .iter()
            .map(|t| {
                obj([
                    ("name", t.name.as_str().into()),
                    ("slug", t.slug.as_str().into()),
                    ("url", t.url.as_str().into()),
                    ("permalink", site.config.permalink(&t.url).into()),
                ])
            })
            .collect();
        taxonomies.insert(name.clone().into(), Value::from(list));
    }
    let authors: Vec<Value> = a.authors.iter().map(|s| Value::from(s.as_str())).collect();
    obj([
        ("title", a.title.as_str().into()),
        ("url", a.url.as_str().into()),
        ("permalink", site.config.permalink(&a.url).into()),
        ("date", a.date.iso().into()),
        ("date_display", a.date.display().into()),
        ("year", i64::from(a.date.year()).into()),
        ("authors", Value::from(authors)),
        ("authors_text", join_names(&a.authors).into()),
        ("summary", a.summary_text().into()),
        ("source", link_value(a.source.as_ref())),
        ("original", link_value(a.original.as_ref())),
        ("licence", profile.map_or_else(Value::none, licence_value)),
        ("taxonomies", Value::from(taxonomies)),
        ("image", image_value(site, a)),
        (
            "reading_time",
            a.body.word_count.div_ceil(200).max(1).into(),
        ),
    ])
}

fn copyright_value(a: &Article) -> Value {
    match &a.copyright {
        Some(c) => obj([
            ("holder", opt_str(c.holder.clone())),
            ("year", opt_str(c.year.clone())),
        ]),
        None => Value::none(),
    }
}

fn permission_value(a: &Article) -> Value {
    match &a.permission {
        Some(p) => {
            let covers: Vec<Value> = p.covers.iter().map(|c| Value::from(c.as_str())).collect();
            obj([
                ("granted_by", opt_str(p.granted_by.clone())),
                ("date", opt_str(p.date.map(|d| d.iso()))),
                ("reference", opt_str(p.reference.clone())),
                ("covers", Value::from(covers)),
            ])
        }
        None => Value::none(),
    }
}

/// The lead image, with `allowed` saying whether its rights let it be shown.
fn image_value(site: &Site, a: &Article) -> Value {
    match &a.image {
        Some(img) => obj([
            ("src", img.src.as_str().into()),
            (
                "permalink",
                publish::config_absolute(&site.config, &img.src).into(),
            ),
            ("alt", opt_str(img.alt.clone())),
            ("credit", opt_str(img.credit.clone())),
            ("licence", opt_str(img.licence.clone())),
            ("allowed", a.image_allowed(&site.licences).into()),
        ]),
        None => Value::none(),
    }
}

/// Search-engine signals the article's profile asks for: a canonical link to
/// the original, `noindex`, or by default a canonical link to this page.
fn head_value(config: &Config, a: &Article, profile: Option<&Profile>) -> Value {
    let wants = |r: Rule| profile.is_some_and(|p| p.has_rule(r));
    let canonical = if wants(Rule::Canonical) {
        a.original
            .as_ref()
            .and_then(|o| o.url.clone())
            .or_else(|| a.source.as_ref().and_then(|s| s.url.clone()))
            .unwrap_or_else(|| config.permalink(&a.url))
    } else {
        config.permalink(&a.url)
    };
    obj([
        ("canonical", canonical.into()),
        ("noindex", wants(Rule::Noindex).into()),
    ])
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

    #[test]
    fn names_join_like_a_sentence() {
        let n = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&["A"]), "A");
        assert_eq!(n(&["A", "B"]), "A and B");
        assert_eq!(n(&["A", "B", "C"]), "A, B and C");
    }
}
