//! The load stage: walks `content/`, reads each article's front matter into
//! typed values, renders its Markdown, and assembles the `Site` that every
//! later stage reads and none changes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};

use crate::config::{Config, RESERVED_FOLDERS};
use crate::diagnostics::{Diagnostic, suggest};
use crate::licences::{Placeholder, Profile, Registry};
use crate::markdown::{self, RenderedBody};
use crate::slug::slugify;

pub const CONTENT_DIR: &str = "content";

/// What the load stage needs besides the site folder.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// Everything the site is made of, read and checked. Immutable once loaded.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub licences: Registry,
    /// Newest first; ties broken by source path so the order never varies.
    pub articles: Vec<Arc<Article>>,
    pub taxonomies: Vec<Taxonomy>,
    /// Files under `content/` that are not articles (images beside an
    /// article), relative to `content/`; copied to the same place in the output.
    pub assets: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Source path relative to the site root, `/`-separated: `content/news/iran.md`.
    pub path: String,
    /// Pretty URL path: `/news/iran/`.
    pub url: String,
    pub title: String,
    pub date: ArticleDate,
    pub updated: Option<ArticleDate>,
    pub authors: Vec<String>,
    /// The summary as written in front matter, if any.
    pub summary: Option<String>,
    /// Canonical id of the article's licence profile.
    pub licence: String,
    pub source: Option<Link>,
    pub original: Option<Link>,
    pub copyright: Option<Copyright>,
    /// Taxonomy name → its terms, in config order.
    pub taxonomies: Vec<(String, Vec<TermRef>)>,
    pub image: Option<Image>,
    pub permission: Option<Permission>,
    pub pixel: Option<String>,
    pub fingerprint: Option<String>,
    pub changes: Option<String>,
    pub rights: Option<Rights>,
    pub draft: bool,
    pub extra: serde_json::Value,

    pub body: RenderedBody,
    /// `sha256:` fingerprint of the body, when the article records one to compare with.
    pub body_fingerprint: Option<String>,
    /// File line of each top-level front-matter key, so reports can point at it.
    pub field_lines: Vec<(String, usize)>,
    /// Hash of the file's path and text: any edit changes it.
    pub source_hash: u64,
    /// Whether the front matter sets `slug`.
    pub has_slug: bool,
}

impl Article {
    /// Summary text for lists and feeds: the front matter's, else the first paragraph.
    pub fn summary_text(&self) -> &str {
        self.summary
            .as_deref()
            .unwrap_or(&self.body.first_paragraph)
    }

    /// Line of a top-level front-matter key in the source file, else the
    /// opening `---` line.
    pub fn line_of(&self, key: &str) -> usize {
        self.field_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    }

    /// The profile's credit wording filled from this article, or the
    /// placeholders it lacks; `None` when the profile prescribes no wording.
    pub fn credit(
        &self,
        profile: &Profile,
        site_title: &str,
    ) -> Option<Result<String, Vec<Placeholder>>> {
        let template = profile.credit.as_ref()?;
        Some(template.fill(|p| match p {
            Placeholder::Title => Some(self.title.clone()),
            Placeholder::Authors => Some(crate::render::join_names(&self.authors)),
            Placeholder::Date => Some(self.date.display()),
            Placeholder::SourceName => self.source.as_ref()?.name.clone(),
            Placeholder::SourceUrl => self.source.as_ref()?.url.clone(),
            Placeholder::OriginalName => self.original.as_ref()?.name.clone(),
            Placeholder::OriginalUrl => self.original.as_ref()?.url.clone(),
            Placeholder::CopyrightHolder => self.copyright.as_ref()?.holder.clone(),
            Placeholder::CopyrightYear => self.copyright.as_ref()?.year.clone(),
            Placeholder::LicenceName => Some(profile.name.clone()),
            Placeholder::LicenceUrl => profile.url.clone(),
            Placeholder::SiteTitle => Some(site_title.to_owned()),
        }))
    }

    /// Whether the lead image may be shown: its own licence names a profile,
    /// or a written permission covers images. No licence, or
    /// `all-rights-reserved`, means it may not.
    pub fn image_allowed(&self, licences: &Registry) -> bool {
        let Some(image) = &self.image else {
            return false;
        };
        if self.permission.as_ref().is_some_and(|p| p.covers("images")) {
            return true;
        }
        image.licence.as_deref().is_some_and(|l| {
            !l.eq_ignore_ascii_case("all-rights-reserved") && licences.get(l).is_some()
        })
    }

    pub fn terms(&self, taxonomy: &str) -> &[TermRef] {
        self.taxonomies
            .iter()
            .find(|(t, _)| t == taxonomy)
            .map_or(&[], |(_, terms)| terms.as_slice())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copyright {
    pub holder: Option<String>,
    pub year: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub credit: Option<String>,
    #[serde(alias = "license")]
    pub licence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub granted_by: Option<String>,
    pub date: Option<ArticleDate>,
    pub reference: Option<String>,
    pub covers: Vec<String>,
}

impl Permission {
    pub fn covers(&self, what: &str) -> bool {
        self.covers.iter().any(|c| c == what)
    }
}

/// What a written permission may lift.
pub const PERMISSION_COVERS: &[&str] = &["commercial", "images"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rights {
    pub from: Option<ArticleDate>,
    pub until: Option<ArticleDate>,
}

/// A publication date: a calendar day, or an instant when the front matter
/// gives a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArticleDate {
    pub timestamp: Timestamp,
    /// The calendar day as written (before any conversion to UTC).
    pub day: Date,
    pub has_time: bool,
}

impl ArticleDate {
    pub fn parse(text: &str) -> Result<ArticleDate, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "{text:?} is not a date: write YYYY-MM-DD or an RFC 3339 date-time such as 2014-12-03T10:30:00Z"
            )
        };
        if text.len() == 10 {
            let day: Date = text.parse().map_err(|_| bad())?;
            let timestamp = day
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp();
            return Ok(ArticleDate {
                timestamp,
                day,
                has_time: false,
            });
        }
        let day: Date = text
            .get(..10)
            .and_then(|d| d.parse().ok())
            .ok_or_else(bad)?;
        let timestamp = match text.parse::<Timestamp>() {
            Ok(t) => t,
            // No offset: the time is read as UTC.
            Err(_) => text
                .parse::<DateTime>()
                .map_err(|_| bad())?
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp(),
        };
        Ok(ArticleDate {
            timestamp,
            day,
            has_time: true,
        })
    }

    /// `2014-12-03`, or the instant in RFC 3339 (UTC) when a time was given.
    pub fn iso(&self) -> String {
        if self.has_time {
            self.rfc3339()
        } else {
            self.day.to_string()
        }
    }

    /// Always a full RFC 3339 instant, as feeds need.
    pub fn rfc3339(&self) -> String {
        self.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// RFC 2822, as RSS needs.
    pub fn rfc2822(&self) -> String {
        self.timestamp
            .strftime("%a, %d %b %Y %H:%M:%S +0000")
            .to_string()
    }

    /// For readers: "3 December 2014".
    pub fn display(&self) -> String {
        self.day.strftime("%-d %B %Y").to_string()
    }

    pub fn year(&self) -> i16 {
        self.day.year()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub url: String,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

impl Site {
    /// Reads the whole site. Every broken file is reported, not the first only.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
        let mut sources = Sources::open(root, options)?;
        sources.parse_all();
        sources.assemble(options)
    }
}

/// The site's inputs as last read: configuration, licence profiles and every
/// article file's parse result. Serve mode keeps one and re-reads only the
/// files that changed; `assemble` turns it into a `Site`.
#[derive(Debug, Clone)]
pub struct Sources {
    pub root: PathBuf,
    pub config: Config,
    pub licences: Registry,
    /// Parse result of every `.md` file, by root-relative path.
    pub articles: BTreeMap<PathBuf, Result<Arc<Article>, Vec<Diagnostic>>>,
    pub assets: Vec<PathBuf>,
}

impl Sources {
    /// Reads `config.toml` and lists the content files, parsing none yet.
    pub fn open(root: &Path, options: &LoadOptions) -> Result<Sources, Vec<Diagnostic>> {
        let mut config = Config::load(root)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url).map_err(|d| vec![d])?;
        }
        let licences = Registry::from_config(&config)?;
        let (files, assets) = discover(root)?;
        let articles = files.into_iter().map(|f| (f, Err(Vec::new()))).collect();
        Ok(Sources {
            root: root.to_path_buf(),
            config,
            licences,
            articles,
            assets,
        })
    }

    pub fn parse_all(&mut self) {
        let (root, config, licences) = (&self.root, &self.config, &self.licences);
        self.articles.par_iter_mut().for_each(|(rel, slot)| {
            *slot = read_article(root, rel, config, licences);
        });
    }

    /// Re-reads one article file, or forgets it when it no longer exists.
    pub fn refresh(&mut self, rel: &Path) {
        if self.root.join(rel).is_file() {
            let parsed = read_article(&self.root, rel, &self.config, &self.licences);
            self.articles.insert(rel.to_path_buf(), parsed);
        } else {
            self.articles.remove(rel);
        }
    }

    /// Lists `content/` again: reads articles that appeared, forgets those
    /// that went, and re-lists the files beside them.
    pub fn rescan(&mut self) -> Result<(), Diagnostic> {
        let (files, assets) = discover(&self.root).map_err(|d| {
            d.into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::new(CONTENT_DIR, "cannot list the content folder"))
        })?;
        self.articles.retain(|path, _| files.contains(path));
        for f in files {
            if !self.articles.contains_key(&f) {
                let parsed = read_article(&self.root, &f, &self.config, &self.licences);
                self.articles.insert(f, parsed);
            }
        }
        self.assets = assets;
        Ok(())
    }

    /// The site, or every problem that prevents it, all at once.
    pub fn assemble(&self, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut articles = Vec::new();
        for result in self.articles.values() {
            match result {
                Ok(a) if a.draft && !options.drafts => {}
                Ok(a) => articles.push(Arc::clone(a)),
                Err(e) => errors.extend(e.iter().cloned()),
            }
        }
        articles.sort_by(|a, b| {
            b.date
                .timestamp
                .cmp(&a.date.timestamp)
                .then_with(|| a.path.cmp(&b.path))
        });
        let (url_errors, taxonomies) = rayon::join(
            || {
                let mut e = Vec::new();
                check_urls(&articles, &self.config, &self.root, &mut e);
                e
            },
            || build_taxonomies(&articles, &self.config),
        );
        errors.extend(url_errors);
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            return Err(errors);
        }
        Ok(Site {
            root: self.root.clone(),
            config: self.config.clone(),
            licences: self.licences.clone(),
            articles,
            taxonomies,
            assets: self.assets.clone(),
        })
    }
}

fn read_article(
    root: &Path,
    rel: &Path,
    config: &Config,
    licences: &Registry,
) -> Result<Arc<Article>, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(root.join(rel)).map_err(|e| {
        vec![
            Diagnostic::new(rel, format!("cannot read this file: {e}")).with_hint(
                "articles must be UTF-8 text; check the file's encoding and permissions",
            ),
        ]
    })?;
    parse_article(rel, &text, config, licences).map(Arc::new)
}

/// Markdown files (relative to the root, sorted) and other files (relative to
/// `content/`) under `content/`. Hidden and editor temporary files are skipped.
fn discover(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Vec<Diagnostic>> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut articles = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(|p| crate::diagnostics::display_path(root, p))
                .unwrap_or_else(|| CONTENT_DIR.into());
            vec![Diagnostic::new(
                path,
                format!("cannot read this folder: {e}"),
            )]
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            articles.push(crate::diagnostics::display_path(root, path));
        } else if let Ok(rel) = path.strip_prefix(&dir) {
            assets.push(rel.to_path_buf());
        }
    }
    Ok((articles, assets))
}

/// Dotfiles, editor swap and backup files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "authors",
    "author",
    "summary",
    "licence",
    "license",
    "source",
    "original",
    "copyright",
    "taxonomies",
    "tags",
    "image",
    "permission",
    "pixel",
    "fingerprint",
    "changes",
    "rights",
    "draft",
    "slug",
    "extra",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    updated: Option<Spanned<String>>,
    authors: Option<Vec<String>>,
    author: Option<String>,
    summary: Option<String>,
    #[serde(alias = "license")]
    licence: Option<Spanned<String>>,
    source: Option<Link>,
    original: Option<Link>,
    copyright: Option<CopyrightFm>,
    taxonomies: Option<BTreeMap<String, Vec<String>>>,
    tags: Option<Vec<String>>,
    image: Option<Image>,
    permission: Option<PermissionFm>,
    pixel: Option<String>,
    fingerprint: Option<Spanned<String>>,
    changes: Option<String>,
    rights: Option<RightsFm>,
    draft: Option<bool>,
    slug: Option<Spanned<String>>,
    extra: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CopyrightFm {
    holder: Option<String>,
    year: Option<Year>,
}

/// `year: 2014`, `year: "2014"` or `year: 2014-2016` are all fine.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Year {
    Number(u32),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PermissionFm {
    granted_by: Option<String>,
    date: Option<Spanned<String>>,
    reference: Option<String>,
    #[serde(default)]
    covers: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RightsFm {
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
}

/// A file's front matter and body, split at the `---` lines.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based file line of the first front-matter line.
    pub front_matter_line: usize,
    pub body: &'a str,
}

/// Splits `---\n<yaml>\n---\n<body>`. A BOM and CRLF line ends are accepted.
pub fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let fm_start = first_end + 1;
    let mut pos = fm_start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Some(Split {
                front_matter: &text[fm_start..pos],
                front_matter_line: 2,
                body: &text[body_start..],
            });
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

/// `sha256:` and the hex SHA-256 of the body with every whitespace run
/// collapsed to one space and the ends trimmed.
pub fn fingerprint(body: &str) -> String {
    // The ASCII separators 0x1C-0x1F count as whitespace, as they do in the
    // corpus tools that write fingerprints.
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    let mut hasher = Sha256::new();
    for (i, word) in body.split(is_space).filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn parse_article(
    rel: &Path,
    text: &str,
    config: &Config,
    licences: &Registry,
) -> Result<Article, Vec<Diagnostic>> {
    let split = split_front_matter(text).ok_or_else(|| {
        let first = text.lines().next().unwrap_or("");
        let message = if first.trim_end() == "---" {
            "front matter is never closed: no second `---` line"
        } else {
            "no front matter: an article starts with a `---` line, then YAML, then another `---` line"
        };
        vec![Diagnostic::new(rel, message).at(text, 1, 1).with_hint(
            "start the file with a `---` line, then `title:`, `date:` and `licence:` lines, then another `---` line",
        )]
    })?;
    let line_offset = split.front_matter_line - 1;
    let err_at = |line: usize, col: usize, message: String| {
        Diagnostic::new(rel, message).at(text, line + line_offset, col)
    };
    let spanned_err = |loc: &serde_saphyr::Location, message: String| {
        err_at(loc.line() as usize, loc.column() as usize, message)
    };

    let fm: FrontMatter = if split.front_matter.trim().is_empty() {
        serde_saphyr::from_str("{}")
    } else {
        serde_saphyr::from_str(split.front_matter)
    }
    .map_err(|e| vec![yaml_error(rel, text, split.front_matter, line_offset, &e)])?;

    let mut errors = placeholder_errors(rel, text, split.front_matter, line_offset);
    let field_lines = top_level_lines(split.front_matter, line_offset);
    let line_of = |key: &str| {
        field_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    };

    let missing = |field: &str, example: &str| {
        Diagnostic::new(rel, format!("missing `{field}` in front matter"))
            .at(text, 1, 1)
            .with_hint(format!(
                "every article needs `{field}`; add a line such as `{example}`"
            ))
    };
    let title = match fm.title {
        Some(t) if !t.value.trim().is_empty() => t.value,
        Some(t) => {
            errors.push(
                spanned_err(&t.referenced, "`title` is empty".into())
                    .with_hint("give the article its headline"),
            );
            String::new()
        }
        None => {
            errors.push(missing("title", "title: \"The headline\""));
            String::new()
        }
    };
    let mut parse_date = |field: &str, d: &Spanned<String>| match ArticleDate::parse(&d.value) {
        Ok(date) => Some(date),
        Err(msg) => {
            errors.push(
                spanned_err(&d.referenced, format!("bad `{field}`: {msg}"))
                    .with_hint("dates look like 2014-12-03 or 2014-12-03T10:30:00+01:00"),
            );
            None
        }
    };
    let date = fm.date.as_ref().and_then(|d| parse_date("date", d));
    let updated = fm.updated.as_ref().and_then(|d| parse_date("updated", d));
    let permission_date = fm
        .permission
        .as_ref()
        .and_then(|p| p.date.as_ref())
        .and_then(|d| parse_date("permission.date", d));
    let rights = fm.rights.as_ref().map(|r| Rights {
        from: r.from.as_ref().and_then(|d| parse_date("rights.from", d)),
        until: r.until.as_ref().and_then(|d| parse_date("rights.until", d)),
    });
    if fm.date.is_none() {
        errors.push(missing("date", "date: 2014-12-03"));
    }

    let licence = match &fm.licence {
        None => {
            errors.push(missing("licence", "licence: CC-BY-4.0").with_hint(
                "every article names the licence it is republished under, such as `licence: CC-BY-4.0`; `reprint licences` lists the profiles",
            ));
            String::new()
        }
        Some(l) => match licences.get(&l.value) {
            Some(p) => p.id.clone(),
            None => {
                errors.push(
                    spanned_err(&l.referenced, format!("unknown licence {:?}", l.value))
                        .with_hint(licences.unknown_hint(&l.value)),
                );
                String::new()
            }
        },
    };

    let authors = match (fm.authors, fm.author) {
        (Some(_), Some(_)) => {
            errors.push(
                err_at(
                    line_of("author") - line_offset,
                    1,
                    "both `author` and `authors` are set".into(),
                )
                .with_hint("keep one: `authors: [First Author, Second Author]`"),
            );
            Vec::new()
        }
        (Some(list), None) => list,
        (None, Some(one)) => vec![one],
        (None, None) => Vec::new(),
    };

    let mut covers = Vec::new();
    if let Some(p) = &fm.permission {
        for c in &p.covers {
            let v = c.value.trim().to_ascii_lowercase();
            if PERMISSION_COVERS.contains(&v.as_str()) {
                covers.push(v);
            } else {
                errors.push(
                    spanned_err(
                        &c.referenced,
                        format!(
                            "`permission.covers` names {:?}, which no rule knows",
                            c.value
                        ),
                    )
                    .with_hint(format!(
                        "a permission can cover: {}",
                        PERMISSION_COVERS.join(", ")
                    )),
                );
            }
        }
    }

    if let Some(image) = &fm.image
        && let Some(l) = &image.licence
        && !l.eq_ignore_ascii_case("all-rights-reserved")
        && licences.get(l).is_none()
    {
        errors.push(
            err_at(
                line_of("image") - line_offset,
                1,
                format!("unknown licence {l:?} for `image.licence`"),
            )
            .with_hint(format!(
                "use `all-rights-reserved` or a profile id; {}",
                licences.unknown_hint(l)
            )),
        );
    }

    let fingerprint_value = match fm.fingerprint {
        // Reported above as a placeholder to fill in.
        Some(f) if f.value.contains(crate::scaffold::PLACEHOLDER) => None,
        Some(f) => {
            let v = f.value.trim().to_ascii_lowercase();
            let hex = v.strip_prefix("sha256:").unwrap_or("");
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(v)
            } else {
                errors.push(
                    spanned_err(&f.referenced, format!("bad `fingerprint` {:?}", f.value))
                        .with_hint("a fingerprint is `sha256:` and 64 hex digits; `reprint fingerprint FILE` prints it"),
                );
                None
            }
        }
        None => None,
    };

    // Taxonomies: the `tags:` shorthand joins `taxonomies.tags`.
    let mut terms_by_taxonomy: BTreeMap<String, Vec<String>> = fm.taxonomies.unwrap_or_default();
    if let Some(tags) = fm.tags {
        terms_by_taxonomy
            .entry("tags".to_owned())
            .or_default()
            .extend(tags);
    }
    let mut taxonomies = Vec::new();
    for name in terms_by_taxonomy.keys() {
        if !config.taxonomies.contains(name) {
            let line = if name == "tags" && fm_has_key(&field_lines, "tags") {
                line_of("tags")
            } else {
                key_line_under(split.front_matter, "taxonomies", name)
                    .map_or(line_of("taxonomies"), |l| l + line_offset)
            };
            let mut hint = format!("add it to config.toml: taxonomies = [{}]", {
                let mut all: Vec<String> =
                    config.taxonomies.iter().map(|t| format!("{t:?}")).collect();
                all.push(format!("{name:?}"));
                all.join(", ")
            });
            if let Some(s) = suggest(name, config.taxonomies.iter().map(String::as_str)) {
                hint = format!("did you mean `{s}`? Or {hint}");
            }
            let indent = text
                .lines()
                .nth(line - 1)
                .map_or(0, |l| l.len() - l.trim_start().len());
            errors.push(
                err_at(
                    line - line_offset,
                    indent + 1,
                    format!("taxonomy `{name}` is not configured"),
                )
                .with_hint(hint),
            );
        }
    }
    for name in &config.taxonomies {
        let Some(terms) = terms_by_taxonomy.get(name) else {
            continue;
        };
        let mut refs: Vec<TermRef> = Vec::new();
        for term in terms {
            let slug = slugify(term);
            if slug.is_empty() {
                errors.push(
                    err_at(
                        line_of(if name == "tags" { "tags" } else { "taxonomies" }) - line_offset,
                        1,
                        format!("{name} term {term:?} has no letters or digits to make a URL from"),
                    )
                    .with_hint("give the term a name with letters or digits"),
                );
                continue;
            }
            if !refs.iter().any(|r| r.slug == slug) {
                refs.push(TermRef {
                    name: term.trim().to_owned(),
                    url: format!("/{name}/{slug}/"),
                    slug,
                });
            }
        }
        taxonomies.push((name.clone(), refs));
    }

    let url = match article_url(rel, fm.slug.as_ref().map(|s| s.value.as_str())) {
        Ok(u) => u,
        Err(msg) => {
            let d = match &fm.slug {
                Some(s) => spanned_err(&s.referenced, msg),
                None => Diagnostic::new(rel, msg).at(text, 1, 1),
            };
            errors.push(d.with_hint(
                "a slug is one URL segment: letters, digits and hyphens, no '/' or '..'",
            ));
            String::new()
        }
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    let date = date.expect("date is reported above when missing or bad");

    let copyright = fm.copyright.map(|c| Copyright {
        holder: c.holder.filter(|h| !h.trim().is_empty()),
        year: c.year.map(|y| match y {
            Year::Number(n) => n.to_string(),
            Year::Text(t) => t,
        }),
    });
    let body = markdown::render(split.body, config.sanitize_html);
    let body_fingerprint = fingerprint_value.as_ref().map(|_| fingerprint(split.body));
    Ok(Article {
        path: rel.to_string_lossy().replace('\\', "/"),
        url,
        title,
        date,
        updated,
        authors: authors
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .collect(),
        summary: fm.summary.filter(|s| !s.trim().is_empty()),
        licence,
        source: fm.source,
        original: fm.original,
        copyright,
        taxonomies,
        image: fm.image,
        permission: fm.permission.map(|p| Permission {
            granted_by: p.granted_by,
            date: permission_date,
            reference: p.reference,
            covers,
        }),
        pixel: fm.pixel.filter(|p| !p.trim().is_empty()),
        fingerprint: fingerprint_value,
        changes: fm.changes.filter(|c| !c.trim().is_empty()),
        rights,
        draft: fm.draft.unwrap_or(false),
        extra: fm
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        // Only an article that records its original's fingerprint is compared with it.
        body_fingerprint,
        has_slug: fm.slug.is_some(),

        body,
        field_lines,
        source_hash: {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            rel.hash(&mut h);
            text.hash(&mut h);
            h.finish()
        },
    })
}

/// Every `FILL-IN:` placeholder `reprint new` left, at its line.
fn placeholder_errors(
    rel: &Path,
    text: &str,
    front_matter: &str,
    line_offset: usize,
) -> Vec<Diagnostic> {
    let fm_lines = front_matter.lines().count();
    let mut errors = Vec::new();
    let mut parent = "";
    for (i, line) in text.lines().enumerate() {
        if i >= line_offset && !line.starts_with([' ', '\t', '#']) && line.contains(':') {
            parent = line.split(':').next().unwrap_or("").trim();
        }
        let Some(byte) = line.find(crate::scaffold::PLACEHOLDER) else {
            continue;
        };
        let col = line[..byte].chars().count() + 1;
        let in_front_matter = i >= line_offset && i < line_offset + fm_lines;
        let what = if in_front_matter {
            let key = line
                .trim_start()
                .trim_start_matches("- ")
                .split(':')
                .next()
                .unwrap_or("")
                .trim();
            if line.starts_with([' ', '\t']) {
                format!("`{parent}.{key}`")
            } else {
                format!("`{key}`")
            }
        } else {
            "the body".to_owned()
        };
        errors.push(
            Diagnostic::new(
                rel,
                format!("{what} still holds a placeholder from `reprint new`"),
            )
            .at(text, i + 1, col)
            .with_hint(
                "replace the FILL-IN text with the real value from the article you republish",
            ),
        );
    }
    errors
}

fn fm_has_key(lines: &[(String, usize)], key: &str) -> bool {
    lines.iter().any(|(k, _)| k == key)
}

/// File lines of top-level keys: lines that start a `key:` at column 1.
fn top_level_lines(front_matter: &str, line_offset: usize) -> Vec<(String, usize)> {
    front_matter
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            if line.starts_with([' ', '\t', '#', '-']) {
                return None;
            }
            let key = line.split(':').next()?.trim().trim_matches(['"', '\'']);
            (!key.is_empty() && line.contains(':')).then(|| (key.to_owned(), i + 1 + line_offset))
        })
        .collect()
}

/// Front-matter line (1-based, within the front matter) of `key:` nested under `parent:`.
fn key_line_under(front_matter: &str, parent: &str, key: &str) -> Option<usize> {
    let mut inside = false;
    for (i, line) in front_matter.lines().enumerate() {
        if !line.starts_with([' ', '\t']) {
            inside = line.split(':').next().is_some_and(|k| k.trim() == parent);
            continue;
        }
        if inside
            && line
                .trim_start()
                .split(':')
                .next()
                .is_some_and(|k| k.trim() == key)
        {
            return Some(i + 1);
        }
    }
    None
}

fn yaml_error(
    rel: &Path,
    text: &str,
    front_matter: &str,
    line_offset: usize,
    e: &serde_saphyr::Error,
) -> Diagnostic {
    let raw = e.without_snippet().to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let (line, col) = e
        .location()
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let source_line = front_matter
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    let key = source_line
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();

    let mut d = Diagnostic::new(rel, message.clone()).at(text, line + line_offset, col);
    if let Some(field) = crate::config::unknown_field(&message) {
        let candidates: Vec<&str> = match message.split("expected one of ").nth(1) {
            Some(list) => list.split(", ").map(|s| s.trim_matches('`')).collect(),
            None => FRONT_MATTER_KEYS.to_vec(),
        };
        d.message = format!("unknown key `{field}` in front matter");
        d = d.with_hint(match suggest(field, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Values of your own go under `extra:`"),
            None => format!(
                "known keys here: {}; values of your own go under `extra:`",
                candidates.join(", ")
            ),
        });
    } else if let Some(expect) = expected_shape(&key).filter(|_| {
        message.starts_with("expected")
            || message.starts_with("invalid type")
            || message.contains("invalid value")
    }) {
        d.message = format!("wrong type for `{key}`: {message}");
        d = d.with_hint(format!("`{key}` takes {expect}"));
    } else if message.contains("duplicate") {
        d = d.with_hint("each key may appear once; remove the repeated line");
    } else {
        d = d.with_hint(
            "check the YAML: quotes closed, one `key: value` per line, lists written [a, b]",
        );
    }
    d
}

/// What a front-matter key holds, for type-error hints.
fn expected_shape(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" | "summary" | "author" | "pixel" | "fingerprint" | "changes" | "slug"
        | "licence" | "license" => "a single text value",
        "date" | "updated" | "from" | "until" => "a date such as 2014-12-03",
        "authors" | "tags" | "covers" => "a list, such as [First, Second]",
        "source" | "original" => "a table with `name` and `url`",
        "copyright" => "a table with `holder` and `year`",
        "image" => "a table with `src`, `alt`, `credit` and `licence`",
        "permission" => "a table with `granted_by`, `date`, `reference` and `covers`",
        "rights" => "a table with `from` and `until` dates",
        "taxonomies" => "a table of lists, such as `regions: [Middle East]`",
        "draft" => "true or false",
        "year" => "a year such as 2014",
        "name" | "url" | "holder" | "src" | "alt" | "credit" | "granted_by" | "reference" => {
            "a single text value"
        }
        _ => return None,
    })
}

/// `content/news/iran.md` → `/news/iran/`; `content/news/index.md` → `/news/`.
fn article_url(rel: &Path, slug: Option<&str>) -> Result<String, String> {
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
    if segments.is_empty() {
        return Ok("/".to_owned());
    }
    Ok(format!("/{}/", segments.join("/")))
}

/// Two articles on one URL, or an article on a URL reprint generates itself.
fn check_urls(
    articles: &[Arc<Article>],
    config: &Config,
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    // In path order, and articles with a `slug` last, so a collision is
    // reported on the file whose slug caused it.
    let mut ordered: Vec<(bool, &Article)> =
        articles.iter().map(|a| (a.has_slug, a.as_ref())).collect();
    ordered.sort_by(|(sa, a), (sb, b)| (sa, &a.path).cmp(&(sb, &b.path)));
    for (_, a) in ordered {
        let first = a.url.trim_matches('/').split('/').next().unwrap_or("");
        let problem = if a.url == "/"
            || RESERVED_FOLDERS.contains(&first)
            || config.taxonomies.iter().any(|t| t == first)
        {
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
            let source = std::fs::read_to_string(root.join(&a.path)).unwrap_or_default();
            errors.push(
                Diagnostic::new(&a.path, message)
                    .at(&source, a.line_of("slug"), 1)
                    .with_hint("give the article another `slug`, or move or rename the file"),
            );
        }
    }
}

fn build_taxonomies(articles: &[Arc<Article>], config: &Config) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|name| {
            let mut terms: BTreeMap<&str, Term> = BTreeMap::new();
            for (i, a) in articles.iter().enumerate() {
                for t in a.terms(name) {
                    let term = terms.entry(t.slug.as_str()).or_insert_with(|| Term {
                        name: t.name.clone(),
                        slug: t.slug.clone(),
                        url: t.url.clone(),
                        articles: Vec::new(),
                    });
                    // Spellings that differ only in case or punctuation share a
                    // page; the smallest spelling names it, whatever the file order.
                    if t.name < term.name {
                        term.name = t.name.clone();
                    }
                    term.articles.push(i);
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            terms.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            Taxonomy {
                name: name.clone(),
                url: format!("/{name}/"),
                terms,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf_and_bom() {
        let s = split_front_matter("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.front_matter, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
        let empty_body = split_front_matter("---\ntitle: A\n---").unwrap();
        assert_eq!(empty_body.body, "");
    }

    #[test]
    fn fingerprint_ignores_wrapping_but_not_words() {
        let a = fingerprint("One two\nthree.\n\n  Four.\n");
        assert_eq!(a, fingerprint("One two three. Four."));
        assert_ne!(a, fingerprint("One two three. Five."));
        let expected: String = Sha256::digest(b"a b")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint("\n a \t b \n"), format!("sha256:{expected}"));
    }

    #[test]
    fn dates_accept_days_and_rfc3339() {
        let d = ArticleDate::parse("2014-12-03").unwrap();
        assert_eq!(d.iso(), "2014-12-03");
        assert_eq!(d.display(), "3 December 2014");
        assert_eq!(d.rfc3339(), "2014-12-03T00:00:00Z");
        let t = ArticleDate::parse("2014-12-03T23:30:00-05:00").unwrap();
        assert_eq!(t.day.to_string(), "2014-12-03");
        assert_eq!(t.rfc3339(), "2014-12-04T04:30:00Z");
        assert!(ArticleDate::parse("2014-12-03T10:00:00").unwrap().has_time);
        assert!(ArticleDate::parse("2014-13-03").is_err());
        assert!(ArticleDate::parse("yesterday").is_err());
    }

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
    }
}
