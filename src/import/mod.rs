//! `reprint import`: bring an article in from its page, a partner feed or a
//! republish snippet, with its provenance filled in from the markup and
//! every fact that could not be found left as a `FILL-IN`.
//!
//! Stages: [`fetch`] (or a file, or standard input) ─► [`feed`] entries or
//! one page ─► [`jsonld`], [`page`] facts and [`body`] Markdown ─► [`write`].

pub mod body;
mod byline;
pub mod dates;
pub mod facts;
pub mod feed;
mod feed_dates;
mod feed_detect;
mod feed_entry;
mod feed_excerpt;
mod feed_licence;
mod feed_media;
mod feed_people;
mod feed_rights;
mod feed_text;
pub mod fetch;
mod furniture;
pub mod jsonld;
pub mod licence;
pub mod looked;
pub mod notice;
pub mod page;
mod source;
pub mod update;
pub mod verdict;
pub mod write;

use std::path::{Path, PathBuf};

use page::sel;
use scraper::Html;

use facts::{Facts, Found, found};
use fetch::{FetchError, FetchOptions};

/// What `reprint import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// A profile id that overrides whatever the page says.
    pub licence: Option<String>,
    /// The folder to write into, relative to the site root (default `content/news`).
    pub to: Option<PathBuf>,
    /// For feeds: how many of the newest entries.
    pub limit: usize,
    pub update: bool,
    pub fetch: FetchOptions,
    /// The licence profiles the site knows (see [`registry`]).
    pub registry: crate::licences::Registry,
    /// The `imported.at` timestamp.
    pub now: jiff::Timestamp,
}

/// The section the example site files republished news under.
pub const DEFAULT_SECTION: &str = "content/news";

/// One article ready to write (or, with `--dry-run`, to show).
#[derive(Debug, Clone)]
pub struct Imported {
    pub source: String,
    pub path: PathBuf,
    pub text: String,
    pub facts: Facts,
    /// Redirects followed while fetching, in order.
    pub redirects: Vec<String>,
    /// For `--update`: what changed in the existing file.
    pub changes: Vec<String>,
    /// For `--update` of a feed: an entry no article was imported from,
    /// reported and never written (least of all into another story).
    pub not_imported: bool,
    /// Read from a feed entry rather than a page.
    pub from_feed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{url} is {kind}, not an HTML page or a feed")]
    NotAPage { url: String, kind: String },
    #[error("--limit 0 would import nothing; --limit must be at least 1")]
    NoLimit,
    #[error("{0} was empty: there is no page, feed or snippet to import")]
    Empty(String),
    #[error("{0} is a feed with no entries: there is nothing to import")]
    NoEntries(String),
    #[error("{0}: not a readable RSS, Atom or JSON feed: {1}")]
    Feed(String, String),
    #[error("{url} is already imported in {}; use --update to refresh its body", .file.display())]
    Exists { url: String, file: PathBuf },
    #[error("{url}: --update found no article in content/ with this source")]
    NotImported { url: String },
    #[error("unknown licence {id:?}: {hint}")]
    UnknownLicence { id: String, hint: String },
    #[error("--to {}: articles are written into a folder under content/, such as content/news", .0.display())]
    Destination(PathBuf),
    #[error("{url} is named twice (by {first} and {second}); import it once")]
    Twice {
        url: String,
        first: String,
        second: String,
    },
    #[error("{}: cannot write: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Reads one SOURCE and prepares its article(s), writing nothing.
pub fn prepare(
    source: &str,
    options: &ImportOptions,
    stdin: &mut dyn FnMut() -> std::io::Result<String>,
) -> Result<Vec<Imported>, ImportError> {
    if let Some(to) = &options.to
        && !inside_content(to)
    {
        return Err(ImportError::Destination(to.clone()));
    }
    if options.limit == 0 {
        return Err(ImportError::NoLimit);
    }
    if let Some(id) = &options.licence
        && options.registry.get(id).is_none()
    {
        return Err(ImportError::UnknownLicence {
            id: id.clone(),
            hint: options.registry.unknown_hint(id),
        });
    }
    let (text, url, redirects, snippet) = source::read(source, options, stdin)?;
    let mut prepared = Vec::new();
    if feed::looks_like_feed(&text) {
        let (_, entries) = feed::entries_at(&text, options.limit, url.as_deref())
            .map_err(|e| ImportError::Feed(source.to_owned(), e.to_string()))?;
        // An empty feed (a partner's switched off) is not a quiet success.
        if entries.is_empty() {
            return Err(ImportError::NoEntries(source.to_owned()));
        }
        for entry in entries {
            let (facts, body) = feed_entry::facts_and_body(entry);
            // Two entries with one headline (a weekly column) get the
            // files a real run writes, which a dry run names too.
            let taken: Vec<PathBuf> = prepared.iter().map(|p: &Imported| p.path.clone()).collect();
            let origin = Origin::FeedEntry;
            let item = finish(
                source,
                origin,
                facts,
                body,
                options,
                redirects.clone(),
                &taken,
            )?;
            prepared.push(item);
        }
    } else {
        let (facts, body) = if snippet {
            from_snippet(&text)
        } else {
            from_page(&text, url.as_deref())
        };
        prepared.push(finish(
            source,
            Origin::Page,
            facts,
            body,
            options,
            redirects,
            &[],
        )?);
    }
    Ok(prepared)
}

/// A whole page: JSON-LD, then meta tags, then links and visible text; the
/// publisher's republish box (a snippet inside a textarea) for the pixel.
fn from_page(html: &str, url: Option<&str>) -> (Facts, String) {
    let doc = Html::parse_document(html);
    let mut visible = doc.clone();
    let hidden: Vec<_> = visible
        .select(&sel(
            "textarea, script, style, template, noscript, [hidden]",
        ))
        .map(|e| e.id())
        .collect();
    for id in hidden {
        if let Some(mut n) = visible.tree.get_mut(id) {
            n.detach();
        }
    }
    let structured = jsonld::extract(&doc).or(page::from_meta(&doc));
    // The body first: a sentence of the story is no notice about it.
    let lead = structured
        .image
        .clone()
        .or_else(|| page::lead_image(&visible))
        .map(|i| i.value.src);
    let content = body::main_content(html, url, lead.as_deref());
    let story = body::plain_text(&content);
    let mut facts = structured.or(page::from_markup_beside(&visible, &story));
    let boxes: String = doc
        .select(&sel("textarea, template"))
        .map(|t| t.text().collect::<String>())
        .filter(|t| t.contains('<'))
        .collect();
    let box_doc = Html::parse_fragment(&boxes);
    facts.pixel = page::pixel(&box_doc);
    // Structured data seldom credits the photo; the page's figure may.
    if let (Some(img), Some(fig)) = (&mut facts.image, page::lead_image(&visible))
        && img.value.credit.is_none()
        && img.value.src == fig.value.src
    {
        img.value.credit = fig.value.credit;
    }
    add_affiliations(&mut facts, &visible);
    if facts.original.is_none() {
        facts.original = page::from_markup(&box_doc).original;
    }
    match (url, facts.canonical.clone()) {
        (Some(u), Some(c)) if host(&c.value) != host(u) => {
            let mut o = facts.original.take().map(|o| o.value).unwrap_or_default();
            // The canonical names the original article; a credit line often
            // links only its publisher's home page.
            if o.url.as_deref().is_none_or(is_home_page) {
                o.url = Some(c.value.clone());
            }
            facts.original = found(o, "link rel=canonical (another site)");
            facts.source_url = found(u.to_owned(), "the fetched address");
        }
        (_, Some(c)) => facts.source_url = Some(c),
        (Some(u), None) => facts.source_url = found(u.to_owned(), "the fetched address"),
        // A saved page names its own address in og:url, if anywhere.
        (None, None) => facts.source_url = page::og_url(&doc).and_then(|u| found(u, "og:url")),
    }
    drop_self_original(&mut facts);
    // A republished story keeps its first publisher's counter in the page.
    if facts.pixel.is_none() && facts.original.is_some() {
        facts.pixel = page::republication_pixel(&visible);
    }
    (facts, body::to_markdown(&content))
}

/// A republish snippet or feed item: its credit line, links and pixel.
fn from_snippet(html: &str) -> (Facts, String) {
    let doc = Html::parse_fragment(html);
    let content = body::fragment_content(html);
    let mut facts = page::from_markup_beside(&doc, &body::plain_text(&content));
    facts.pixel = page::pixel(&doc);
    add_affiliations(&mut facts, &doc);
    for a in doc.select(&sel("a[href]")) {
        let text = page::text_of(a).to_lowercase();
        let href = a.value().attr("href").unwrap_or("");
        if text.contains("original article") && href.starts_with("http") {
            facts.source_url = found(href.to_owned(), "\"original article\" link");
        }
    }
    for p in doc.select(&sel("p")) {
        let text = page::text_of(p).to_lowercase();
        if (text.contains("republished from") || text.contains("originally published by"))
            && let Some(a) = p.select(&sel("a[href]")).next()
        {
            facts.source_name = found(page::text_of(a), "republish credit line");
        }
    }
    // In the publisher's own snippet, "originally published by X" names
    // the source itself.
    if facts.source_url.is_none()
        && let Some(o) = &facts.original
        && let Some(url) = &o.value.url
    {
        facts.source_url = found(url.clone(), "republish credit line");
    }
    if let (Some(authors), Some(source)) = (&mut facts.authors, &facts.source_name) {
        authors.value.retain(|a| a.name != source.value);
    }
    drop_self_original(&mut facts);
    (facts, body::to_markdown(&content))
}

fn add_affiliations(facts: &mut Facts, doc: &Html) {
    let affs = page::affiliations(doc);
    if let Some(a) = &mut facts.authors {
        for author in &mut a.value {
            if author.affiliation.is_none()
                && let Some((_, aff)) = affs.iter().find(|(n, _)| *n == author.name)
            {
                author.affiliation = Some(aff.clone());
            }
        }
    } else if !affs.is_empty() {
        let list = affs
            .into_iter()
            .map(|(name, aff)| facts::Author {
                name,
                affiliation: Some(aff),
            })
            .collect();
        facts.authors = found(list, "author credit with affiliation");
    }
}

/// "Originally published by ProPublica" on ProPublica's own page names the
/// source, not an earlier publisher.
fn drop_self_original(facts: &mut Facts) {
    let Some(o) = &facts.original else { return };
    let same_url = o.value.url.as_deref().is_some_and(|u| {
        facts
            .source_url
            .as_ref()
            .is_some_and(|s| trim_url(&s.value) == trim_url(u))
    });
    let same_name = o.value.name.as_deref().is_some_and(|n| {
        facts
            .source_name
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case(n))
    });
    if same_url
        || (same_name
            && o.value.url.as_deref().is_none_or(|u| {
                host(u) == facts.source_url.as_ref().map_or("", |s| host(&s.value))
            }))
    {
        facts.original = None;
    }
}

/// Whether `url` is a site's home page ("https://calmatters.org/"), not an
/// article on it.
fn is_home_page(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .find('/')
        .is_none()
}

fn trim_url(u: &str) -> &str {
    u.trim_end_matches('/')
}

pub fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.trim_start_matches("www.")
}

/// Whether an article came from a SOURCE of its own or from one entry of a
/// feed: a feed's address names every entry's article (`imported.from`),
/// so an entry is known by its own link only.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Page,
    FeedEntry,
}

/// Where the article goes, whether it already exists, and its text.
fn finish(
    source: &str,
    origin: Origin,
    mut facts: Facts,
    body: String,
    options: &ImportOptions,
    redirects: Vec<String>,
    taken: &[PathBuf],
) -> Result<Imported, ImportError> {
    let from = facts
        .source_url
        .as_ref()
        .map_or(source, |u| u.value.as_str())
        .to_owned();
    let at = options
        .now
        .round(jiff::Unit::Second)
        .unwrap_or(options.now)
        .to_string();
    let prov = write::Provenance {
        at: &at,
        from: if source == "-" {
            "standard input"
        } else {
            source
        },
        looked: match origin {
            Origin::Page => &looked::PAGE,
            Origin::FeedEntry => &looked::FEED,
        },
    };
    let text = write::article(&facts, options.licence.as_deref(), &body, &prov);
    let existing = match origin {
        Origin::Page => update::find_existing(&options.root, &from, source),
        Origin::FeedEntry => facts
            .source_url
            .as_ref()
            .and_then(|u| update::find_existing(&options.root, &u.value, &u.value)),
    };
    let mut not_imported = false;
    let (path, text, changes) = match (existing, options.update) {
        (Some(file), false) => {
            return Err(ImportError::Exists { url: from, file });
        }
        (Some(file), true) => {
            let old = std::fs::read_to_string(&file).map_err(|e| ImportError::Read {
                path: file.display().to_string(),
                source: e,
            })?;
            let (text, changes) = update::refresh(&old, &body, &facts, &at);
            // The report describes the file as updated, not the source.
            if let Some(kept) = update::facts_of_file(&text) {
                facts = kept;
            }
            (file, text, changes)
        }
        (None, true) if origin == Origin::FeedEntry => {
            not_imported = true;
            (PathBuf::new(), String::new(), Vec::new())
        }
        (None, true) => return Err(ImportError::NotImported { url: from }),
        (None, false) => (new_path(options, &facts, &from, taken), text, Vec::new()),
    };
    Ok(Imported {
        source: source.to_owned(),
        path,
        text,
        facts,
        redirects,
        changes,
        not_imported,
        from_feed: matches!(origin, Origin::FeedEntry),
    })
}

/// Refuses two imports of one source in one run: each would write its own
/// copy.
pub fn check_repeats(prepared: &[Imported]) -> Result<(), ImportError> {
    let mut seen: std::collections::HashMap<String, &Imported> = std::collections::HashMap::new();
    for item in prepared.iter().filter(|i| !i.not_imported) {
        let Some(url) = &item.facts.source_url else {
            continue;
        };
        let Some(key) = update::url_key(&url.value) else {
            continue;
        };
        if let Some(first) = seen.insert(key, item) {
            return Err(ImportError::Twice {
                url: url.value.clone(),
                first: first.source.clone(),
                second: item.source.clone(),
            });
        }
    }
    Ok(())
}

/// Whether `to` names a folder under the site's `content/`: relative, and
/// never climbing out with `..`.
fn inside_content(to: &Path) -> bool {
    use std::path::Component;
    let mut parts = to.components().filter(|c| !matches!(c, Component::CurDir));
    parts.next()
        == Some(Component::Normal(std::ffi::OsStr::new(
            crate::layout::CONTENT_DIR,
        )))
        && parts.all(|c| matches!(c, Component::Normal(_)))
}

/// A free file for the article: none on disk, none `taken` by another
/// article of this run, no section's own page.
fn new_path(options: &ImportOptions, facts: &Facts, from: &str, taken: &[PathBuf]) -> PathBuf {
    let dir = options
        .root
        .join(options.to.as_deref().unwrap_or(Path::new(DEFAULT_SECTION)));
    let basis = facts
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_else(|| {
            from.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_owned()
        });
    // A leading "_" marks a section's own files, not an article's.
    let mut slug = crate::slug::slugify(&basis)
        .trim_start_matches(['_', '-'])
        .to_owned();
    if slug.len() > 80 {
        let cut = slug[..80].rfind('-').unwrap_or(80);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = "imported".into();
    }
    let mut path = dir.join(format!("{slug}.md"));
    let mut n = 2;
    // `index.md` and `_index.md` are a section's own page, never an article.
    let reserved = |p: &Path| p.file_stem().is_some_and(|s| s == "index" || s == "_index");
    while path.exists() || reserved(&path) || taken.contains(&path) {
        path = dir.join(format!("{slug}-{n}.md"));
        n += 1;
    }
    path
}

/// Writes prepared articles; two with one path in one run get numbered.
pub fn write_all(prepared: &mut [Imported]) -> Result<(), ImportError> {
    let mut seen: Vec<PathBuf> = Vec::new();
    for item in prepared.iter_mut().filter(|i| !i.not_imported) {
        if item.changes.is_empty() && seen.contains(&item.path) {
            let stem = item.path.with_extension("");
            let mut n = 2;
            // Another source's article took the name: the next free one,
            // never a file already there.
            while seen.contains(&item.path) || item.path.exists() {
                item.path = PathBuf::from(format!("{}-{n}.md", stem.display()));
                n += 1;
            }
        }
        seen.push(item.path.clone());
        if let Some(dir) = item.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ImportError::Write {
                path: dir.to_owned(),
                source: e,
            })?;
        }
        std::fs::write(&item.path, &item.text).map_err(|e| ImportError::Write {
            path: item.path.clone(),
            source: e,
        })?;
    }
    Ok(())
}

/// The profiles the site knows, its own and the built-in ones, from its
/// `config.toml`, which must be there and valid: an import judged against
/// the wrong profiles, or written into a folder that is no site, helps no one.
pub fn registry(
    root: &Path,
) -> Result<crate::licences::Registry, Vec<crate::diagnostics::Diagnostic>> {
    crate::config::Config::load(root).and_then(|c| crate::licences::Registry::from_config(&c))
}

/// Every field and where it came from, for the command's report.
/// Optional fields (`original`, `image`, `pixel`) show `-` when absent.
pub fn provenance(facts: &Facts) -> Vec<(&'static str, String, Option<String>)> {
    fn row<T>(
        name: &'static str,
        f: &Option<Found<T>>,
        show: impl Fn(&T) -> String,
    ) -> (&'static str, String, Option<String>) {
        (
            name,
            f.as_ref()
                .map_or_else(|| "FILL-IN".into(), |v| show(&v.value)),
            f.as_ref().map(|v| v.from.clone()),
        )
    }
    vec![
        row("title", &facts.title, |v| v.clone()),
        row("date", &facts.date, |v| v.clone()),
        row("authors", &facts.authors, |v| {
            v.iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        }),
        row("licence", &facts.licence, |v| v.clone()),
        row("source.name", &facts.source_name, |v| v.clone()),
        row("source.url", &facts.source_url, |v| v.clone()),
        row("original", &facts.original, |v| {
            v.name.clone().or(v.url.clone()).unwrap_or_default()
        }),
        row("copyright.holder", &facts.copyright_holder, |v| v.clone()),
        row("copyright.year", &facts.copyright_year, |v| v.clone()),
        row("image", &facts.image, |v| v.src.clone()),
        row("pixel", &facts.pixel, |v| v.url.clone()),
    ]
}
