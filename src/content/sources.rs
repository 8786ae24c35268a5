//! Finding and reading the site's files: configuration, licence profiles,
//! every article under `content/` and the files beside them.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::model::{Article, LoadOptions, Site};
use super::page::{Entry, parse_entry};
use super::sections::{build_sections, check_addresses};
use super::taxonomies::build_taxonomies;
use super::urls::check_urls;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::layout::{CONTENT_DIR, is_ignored_name};
use crate::licences::Registry;

impl Site {
    /// An article's body as HTML: the copy kept by [`Site::keep_article_html`],
    /// else rendered now from its file, which must be as it was read (its
    /// page would otherwise mix two versions).
    pub fn article_html<'a>(&self, a: &'a Article) -> Result<Cow<'a, str>, Diagnostic> {
        if !a.body.is_measured() {
            // Measured from the parse that renders it.
            return measure(&self.root, &self.config, &self.licences, a, true).map(Cow::Owned);
        }
        if let Some(html) = a.body.html.get() {
            return Ok(Cow::Borrowed(html));
        }
        let rel = Path::new(&a.path);
        let text = read_text(&self.root.join(rel), rel)?;
        let split = source_split(rel, &text, a)?;
        let terms = (a.licence.as_str(), a.pixel.as_deref());
        let html = super::body::body_html(&split, &self.config, &self.licences, terms);
        Ok(Cow::Owned(html))
    }

    /// Measures every article of `articles` whose body is not yet, in
    /// parallel; returns the bodies nested too deep, as the loader would.
    pub fn measure_bodies<'a>(
        &self,
        articles: impl IntoParallelIterator<Item = &'a Arc<Article>>,
    ) -> Vec<Diagnostic> {
        measure_bodies(&self.root, &self.config, &self.licences, articles)
    }

    /// Like [`Site::article_html`], keeping the HTML in the article for the
    /// next caller: feeds show the same newest articles again and again.
    pub fn keep_article_html<'a>(&self, a: &'a Article) -> Result<&'a str, Diagnostic> {
        if a.body.is_measured()
            && let Some(html) = a.body.html.get()
        {
            return Ok(html);
        }
        let html = self.article_html(a)?.into_owned();
        Ok(a.body.html.get_or_init(|| html))
    }

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
    pub articles: BTreeMap<PathBuf, Result<Entry, Vec<Diagnostic>>>,
    pub assets: Vec<PathBuf>,
    /// Leave articles' bodies unmeasured when reading them, for a build
    /// that measures each as it renders its page ([`Site::article_html`])
    /// and the rest with [`Site::measure_bodies`].
    pub defer_bodies: bool,
    /// Each article file's length and modification time as the last
    /// [`Sources::parse_all_reusing`] found them on opening it, in the order
    /// of `articles` (`None` for a file it did not read): the build cache's
    /// stamps of files it had no need to look at first.
    pub read_stamps: Vec<Option<(u64, std::time::SystemTime)>>,
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
            defer_bodies: false,
            read_stamps: Vec::new(),
        })
    }

    /// Measures the bodies of the articles read but left out of `site`
    /// (drafts, articles held back): [`Sources::defer_bodies`] leaves them
    /// to whoever renders their pages, and these have none.
    pub fn measure_unlisted(&self, site: &Site) -> Vec<Diagnostic> {
        let listed: std::collections::HashSet<*const Article> =
            site.articles.iter().map(Arc::as_ptr).collect();
        let unlisted: Vec<&Arc<Article>> = self
            .read_articles()
            .filter(|a| !listed.contains(&Arc::as_ptr(a)))
            .collect();
        measure_bodies(&self.root, &self.config, &self.licences, unlisted)
    }

    /// Every article read, measured: the load errors a build that defers
    /// bodies would otherwise miss when it stops before rendering.
    pub fn measure_all(&self) -> Vec<Diagnostic> {
        let all: Vec<&Arc<Article>> = self.read_articles().collect();
        measure_bodies(&self.root, &self.config, &self.licences, all)
    }

    /// Every article file read without error.
    fn read_articles(&self) -> impl Iterator<Item = &Arc<Article>> {
        self.articles.values().filter_map(|entry| match entry {
            Ok(Entry::Article(a)) => Some(a),
            _ => None,
        })
    }

    pub fn parse_all(&mut self) {
        self.parse_all_reusing(|_| None);
    }

    /// Like `parse_all`, but takes an article from `known` where it has one:
    /// the build cache's copy of a file unchanged since the cache was written.
    pub fn parse_all_reusing(&mut self, known: impl Fn(&Path) -> Option<Arc<Article>> + Sync) {
        let (root, config, licences) = (&self.root, &self.config, &self.licences);
        let measure = !self.defer_bodies;
        self.read_stamps = self
            .articles
            .par_iter_mut()
            .map(|(rel, slot)| {
                if let Some(article) = known(rel) {
                    *slot = Ok(Entry::Article(article));
                    return None;
                }
                let (parsed, metadata) = read_article(root, rel, config, licences, measure);
                *slot = parsed;
                let metadata = metadata.filter(std::fs::Metadata::is_file)?;
                Some((metadata.len(), metadata.modified().ok()?))
            })
            .collect();
    }

    /// Re-reads one article file, or forgets it when it no longer exists.
    pub fn refresh(&mut self, rel: &Path) {
        // Read stamps are told apart by position, which this may move.
        self.read_stamps.clear();
        if self.root.join(rel).is_file() {
            let (parsed, _) = read_article(
                &self.root,
                rel,
                &self.config,
                &self.licences,
                !self.defer_bodies,
            );
            self.articles.insert(rel.to_path_buf(), parsed);
        } else {
            self.articles.remove(rel);
        }
    }

    /// Lists `content/` again: reads articles that appeared, forgets those
    /// that went, and re-lists the files beside them.
    pub fn rescan(&mut self) -> Result<(), Diagnostic> {
        self.read_stamps.clear();
        let (files, assets) = discover(&self.root).map_err(|d| {
            d.into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::new(CONTENT_DIR, "cannot list the content folder"))
        })?;
        self.articles.retain(|path, _| files.contains(path));
        for f in files {
            if !self.articles.contains_key(&f) {
                let (parsed, _) = read_article(
                    &self.root,
                    &f,
                    &self.config,
                    &self.licences,
                    !self.defer_bodies,
                );
                self.articles.insert(f, parsed);
            }
        }
        self.assets = assets;
        Ok(())
    }

    /// The article read from `rel`, if it parsed as one.
    pub fn article(&self, rel: &Path) -> Option<Arc<Article>> {
        match self.articles.get(rel) {
            Some(Ok(Entry::Article(a))) => Some(Arc::clone(a)),
            _ => None,
        }
    }

    /// The first moment after `now` at which an article is due to be
    /// published or withdrawn (drafts included, to be safe).
    pub fn next_hold_change(&self, now: jiff::Timestamp) -> Option<jiff::Timestamp> {
        let articles = self.articles.values().filter_map(|e| match e {
            Ok(Entry::Article(a)) => Some(&**a),
            _ => None,
        });
        super::sections::next_hold_change(articles, now)
    }

    /// The site, or every problem that prevents it, all at once.
    pub fn assemble(&self, options: &LoadOptions) -> Result<Site, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut articles = Vec::new();
        let mut pages = Vec::new();
        let mut indexes = Vec::new();
        for result in self.articles.values() {
            match result {
                Ok(Entry::Article(a)) if a.draft && !options.drafts => {}
                Ok(Entry::Article(a)) => articles.push(Arc::clone(a)),
                Ok(Entry::Page(p)) if p.draft && !options.drafts => {}
                Ok(Entry::Page(p)) => pages.push(Arc::clone(p)),
                Ok(Entry::Section(s)) => indexes.push(Arc::clone(s)),
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
                check_urls(&self.root, &articles, &self.config, &mut e);
                e
            },
            || build_taxonomies(&articles, &self.config),
        );
        errors.extend(url_errors);
        let sections = build_sections(&articles, &indexes);
        check_addresses(
            &self.root,
            &articles,
            &pages,
            &sections,
            &self.config,
            &mut errors,
        );
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
            pages,
            sections,
            held: Vec::new(),
        })
    }
}

/// The largest article file read, so one runaway file cannot take the
/// machine's memory; a long book chapter is well under 1 MB.
pub const MAX_ARTICLE_BYTES: u64 = 5 * 1024 * 1024;

fn measure_bodies<'a>(
    root: &Path,
    config: &Config,
    licences: &Registry,
    articles: impl IntoParallelIterator<Item = &'a Arc<Article>>,
) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = articles
        .into_par_iter()
        .filter(|a| !a.body.is_measured())
        .filter_map(|a| measure(root, config, licences, a, false).err())
        .collect();
    errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    errors
}

/// Measures `a`'s body from its file, read again, and records the measure;
/// `with_html`, from the parse that renders it, whose HTML it returns.
fn measure(
    root: &Path,
    config: &Config,
    licences: &Registry,
    a: &Article,
    with_html: bool,
) -> Result<String, Diagnostic> {
    let rel = Path::new(&a.path);
    let text = read_text(&root.join(rel), rel)?;
    let split = source_split(rel, &text, a)?;
    let terms = (a.licence.as_str(), a.pixel.as_deref());
    match super::body::measure_body(&split, config, licences, terms, with_html) {
        Ok(mut body) => {
            let html = body.html.take().unwrap_or_default();
            a.body.set(body);
            Ok(html)
        }
        Err(too_deep) => Err(super::body::nesting_diagnostic(
            rel, &text, split.body, too_deep,
        )),
    }
}

/// The article file `text`, read again, split at its front matter; it must
/// be as it was read (its page would otherwise mix two versions).
fn source_split<'t>(
    rel: &Path,
    text: &'t str,
    a: &Article,
) -> Result<super::front_matter::Split<'t>, Diagnostic> {
    let changed = || {
        Diagnostic::new(rel, "this file changed while the site was being built")
            .with_hint("run the build again")
    };
    if super::body::source_hash(rel, text) != a.source_hash {
        return Err(changed());
    }
    super::front_matter::split_front_matter(text).ok_or_else(changed)
}

/// An article file parsed, with the file's metadata as its read found it.
fn read_article(
    root: &Path,
    rel: &Path,
    config: &Config,
    licences: &Registry,
    measure: bool,
) -> (Result<Entry, Vec<Diagnostic>>, Option<std::fs::Metadata>) {
    match read_file(&root.join(rel), rel) {
        Ok((text, metadata)) => (
            parse_entry(rel, &text, config, licences, measure),
            Some(metadata),
        ),
        Err(d) => (Err(vec![d]), None),
    }
}

/// An article file as text, as a build reads it: the size limit, and the
/// first bad byte located when it is not UTF-8. `rel` is the path to show.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    read_file(path, rel).map(|(text, _)| text)
}

/// An article file as text: no larger than [`MAX_ARTICLE_BYTES`], UTF-8,
/// with the first bad byte located when it is not; and its metadata, taken
/// from the open file before it is read.
fn read_file(path: &Path, rel: &Path) -> Result<(String, std::fs::Metadata), Diagnostic> {
    use std::io::Read;
    let cannot_read = |e: std::io::Error| {
        Diagnostic::new(rel, format!("cannot read this file: {e}"))
            .at("", 1, 1)
            .with_hint("check that the file exists and that you may read it")
    };
    let too_large = |size: u64| {
        Diagnostic::new(
            rel,
            format!(
                "this file is {size} bytes; an article may be at most {MAX_ARTICLE_BYTES} bytes (5 MB)"
            ),
        )
        .at("", 1, 1)
        .with_hint("split the article into several files, or move large data out of it")
    };
    // One open: the size comes from the open file, not a second lookup.
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    let size = metadata.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // A regular file is read to the size it had when opened, with no read
    // past its end to find that end: a change since shows as a changed file
    // when its page is made. Anything else (a pipe, a device) is read to
    // the limit, and a file that grew past it is caught too.
    let limit = if metadata.is_file() {
        size
    } else {
        MAX_ARTICLE_BYTES + 1
    };
    (&mut file)
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| crate::diagnostics::not_utf8(rel, &e))?;
    Ok((text, metadata))
}

/// A folder entry that cannot be listed: a symbolic link that loops or points
/// nowhere, or a folder that may not be read.
fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e
        .path()
        .map(|p| crate::diagnostics::display_path(root, p))
        .unwrap_or_else(|| CONTENT_DIR.into());
    let (message, hint) = if let Some(ancestor) = e.loop_ancestor() {
        (
            format!(
                "this file is a symbolic link that loops back to {}",
                crate::diagnostics::display_path(root, ancestor).display()
            ),
            "remove the link, or point it at a file outside the folder it is in",
        )
    } else if e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
    {
        (
            "this file is a symbolic link to a file that does not exist".to_owned(),
            "remove the link or make it point at an existing file",
        )
    } else {
        (
            format!("cannot read this file or folder: {e}"),
            "check that you may read it; symbolic links must point at existing files",
        )
    };
    Diagnostic::new(path, message).at("", 1, 1).with_hint(hint)
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
    let mut misnamed = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| vec![walk_error(root, &e)])?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let rel = crate::diagnostics::display_path(root, path);
            // An article's name is its URL and is written into reports as
            // text: a name that is not UTF-8 has neither.
            if rel.to_str().is_none() {
                misnamed.push(
                    Diagnostic::new(&rel, "this file's name is not UTF-8 text")
                        .at("", 1, 1)
                        .with_hint("rename the file; its name becomes the article's URL"),
                );
            } else {
                articles.push(rel);
            }
        } else if let Ok(rel) = path.strip_prefix(&dir) {
            assets.push(rel.to_path_buf());
        }
    }
    if misnamed.is_empty() {
        Ok((articles, assets))
    } else {
        Err(misnamed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_article_whose_name_is_not_utf8_is_named_as_such() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(CONTENT_DIR);
        std::fs::create_dir_all(&content).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(content.join(name), "---\ntitle: T\n---\n").unwrap();
        let errors = discover(dir.path()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "this file's name is not UTF-8 text");
        assert!(errors[0].path.to_string_lossy().starts_with("content/caf"));
        assert!(errors[0].hint.is_some());
    }

    #[test]
    fn a_body_is_rendered_when_its_page_is_and_never_from_a_file_edited_since() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        crate::testing::copy_dir(&fixture, dir.path());
        let site = Site::load(dir.path(), &LoadOptions::default()).unwrap();
        let a = &site.articles[0];
        assert_eq!(a.body.html(), "", "loading keeps no HTML");
        let html = site.article_html(a).unwrap().into_owned();
        assert!(html.contains("<p>"), "{html}");
        let file = dir.path().join(&a.path);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\nA paragraph added since.\n")).unwrap();
        let e = site.article_html(a).unwrap_err();
        assert!(
            e.message.contains("changed while the site was being built"),
            "{e:?}"
        );
        std::fs::write(&file, text).unwrap();
        assert_eq!(site.keep_article_html(a).unwrap(), html);
        assert_eq!(a.body.html(), html, "a kept body stays");
    }
}
