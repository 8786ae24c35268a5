//! A build guided by the build cache: article files unchanged since the
//! last build are not parsed again, pages whose signature is unchanged are
//! not rendered again, and of the pages that are, only those whose bytes
//! changed are written, in place. The result is byte for byte what a clean
//! build writes; `tests/cli/cache.rs` holds it to that.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::{BuildOptions, Error, pipeline_error};
use crate::cache::{self, BuildCache, CachedPage, Stamp};
use crate::comply::{PageVerdict, Report};
use crate::content::{Article, Entry, Site, Sources};
use crate::diagnostics::Diagnostic;
use crate::layout::THEMES_DIR;
use crate::output::{self, InPlace};
use crate::pipeline;
use crate::render::{PageKind, Renderer, Theme};

/// The build cache as this build uses it: what the last build left, and
/// the stamps of the article files as this build found them.
pub(super) struct Caching {
    root: PathBuf,
    key: u64,
    previous: Option<BuildCache>,
    /// Taken before the files are read, so a file edited while the build
    /// runs is read again next time; empty without a previous cache, whose
    /// stamps come from each read's first look at its open file.
    stamps: HashMap<PathBuf, Stamp>,
}

impl Caching {
    pub(super) fn open(
        root: &Path,
        sources: &Sources,
        options: &BuildOptions,
        out: &Path,
    ) -> Caching {
        let theme_dir = root.join(THEMES_DIR).join(sources.config.theme.get_ref());
        let settings = (&options.load.drafts, &options.load.base_url, out);
        let key = cache::key(root, &theme_dir, &settings);
        let previous = BuildCache::load(root, key);
        // Only a cache to reuse articles from needs their stamps before they
        // are read; otherwise each read's own metadata gives it.
        let stamps = match previous {
            Some(_) => {
                let files: Vec<&PathBuf> = sources.articles.keys().collect();
                files
                    .par_iter()
                    .filter_map(|rel| Some(((*rel).clone(), Stamp::of(&root.join(rel))?)))
                    .collect()
            }
            None => HashMap::new(),
        };
        Caching {
            root: root.to_path_buf(),
            key,
            previous,
            stamps,
        }
    }

    /// The cached article read from `rel`, when the file is unchanged.
    pub(super) fn article(&self, rel: &Path) -> Option<Arc<Article>> {
        self.previous
            .as_ref()?
            .article(rel, self.stamps.get(rel).copied())
    }

    /// The cache, when it describes the output folder `out` as it is: the
    /// report it wrote last is still there, untouched.
    pub(super) fn previous_output(&self, out: &Path) -> Option<&BuildCache> {
        let previous = self.previous.as_ref()?;
        let report = previous.page(output::MANIFEST)?;
        (Stamp::of(&out.join(output::MANIFEST)) == Some(report.stamp)).then_some(previous)
    }

    /// Records this build: every article parsed, and every page written
    /// with its signature, verdicts and stamp (`known`, else read from `out`).
    pub(super) fn save(
        &self,
        sources: &Sources,
        out: &Path,
        signatures: Vec<(String, u64)>,
        verdicts: Vec<Vec<PageVerdict>>,
        known: impl Fn(usize) -> Option<Stamp> + Sync,
        statics: &[String],
    ) -> std::io::Result<()> {
        let started = self.begin_save(sources)?;
        self.finish_save(started, out, signatures, verdicts, known, statics)
    }

    /// Starts the cache with every article parsed: they are known before
    /// the pages are all written.
    pub(super) fn begin_save(&self, sources: &Sources) -> std::io::Result<cache::Writer> {
        let articles: Vec<_> = sources
            .articles
            .iter()
            .enumerate()
            .filter_map(|(n, (rel, entry))| match entry {
                Ok(Entry::Article(a)) => {
                    let read = || {
                        let (len, modified) = sources.read_stamps.get(n).copied().flatten()?;
                        Stamp::from_parts(len, modified)
                    };
                    let stamp = self.stamps.get(rel).copied().or_else(read)?;
                    Some((rel.as_path(), stamp, a))
                }
                _ => None,
            })
            .collect();
        cache::Writer::begin(&self.root, self.key, self.previous.as_ref(), &articles)
    }

    /// Ends the cache `started` with every page written, its signature,
    /// verdicts and stamp (`known`, else read from `out`), and puts it in
    /// place.
    pub(super) fn finish_save(
        &self,
        started: cache::Writer,
        out: &Path,
        signatures: Vec<(String, u64)>,
        verdicts: Vec<Vec<PageVerdict>>,
        known: impl Fn(usize) -> Option<Stamp> + Sync,
        statics: &[String],
    ) -> std::io::Result<()> {
        let mut pages: Vec<(String, CachedPage)> = signatures
            .into_par_iter()
            .zip(verdicts)
            .enumerate()
            .filter_map(|(i, ((path, signature), verdicts))| {
                let stamp = known(i).or_else(|| Stamp::of(&out.join(&path)))?;
                Some((
                    path,
                    CachedPage {
                        signature,
                        stamp,
                        verdicts,
                    },
                ))
            })
            .collect();
        // Static files and the report are recorded too, so the next build
        // knows every file it wrote.
        let rendered: HashSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        let unrendered: Vec<(String, CachedPage)> = statics
            .par_iter()
            .map(String::as_str)
            .filter(|p| !rendered.contains(p))
            .chain([output::MANIFEST])
            .filter_map(|path| {
                let stamp = Stamp::of(&out.join(path))?;
                let page = CachedPage {
                    signature: 0,
                    stamp,
                    verdicts: Vec::new(),
                };
                Some((path.to_owned(), page))
            })
            .collect();
        pages.extend(unrendered);
        let pages: Vec<_> = pages.iter().map(|(p, c)| (p.as_str(), c)).collect();
        started.finish(&pages)
    }
}

/// Each page's output path and render signature, in the order of `kinds`.
pub(super) fn sign(renderer: &Renderer, kinds: &[PageKind]) -> Vec<(String, u64)> {
    kinds
        .par_iter()
        .map(|&k| (renderer.path_of(k), renderer.signature(k)))
        .collect()
}

/// Whether a page's verdict depends on the build's date (a rights window),
/// so a cached verdict on it cannot stand.
fn dated(site: &Site, kind: PageKind, all: &[usize]) -> bool {
    let dated = |i: usize| site.articles[i].rights.is_some();
    match kind {
        PageKind::Article(i) => dated(i),
        PageKind::Feed(feed) => feed.entries(site, all).into_iter().any(dated),
        _ => false,
    }
}

/// Builds into the output folder `out` that `previous` describes. Returns
/// the report and the number of pages the site has.
pub(super) fn build(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    previous: &BuildCache,
    out: &Path,
    caching: &Caching,
    sources: &Sources,
) -> Result<(Report, usize), Error> {
    let renderer = Renderer::new(site, theme);
    let kinds = renderer.pages();
    let signatures = sign(&renderer, &kinds);
    let all: Vec<usize> = (0..site.articles.len()).collect();
    let cached: Vec<Option<&CachedPage>> = kinds
        .par_iter()
        .zip(&signatures)
        .map(|(&kind, (path, signature))| {
            previous.page(path).filter(|c| {
                c.signature == *signature
                    && !dated(site, kind, &all)
                    && Stamp::of(&out.join(path)) == Some(c.stamp)
            })
        })
        .collect();
    let todo: Vec<PageKind> = kinds
        .iter()
        .zip(&cached)
        .filter(|(_, c)| c.is_none())
        .map(|(k, _)| *k)
        .collect();

    // Rendered pages whose bytes differ from the output's, held until every
    // page has passed.
    let changed: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let fresh = pipeline::run(&renderer, theme, now, &todo, |checked| {
        let path = checked.page.path;
        let bytes = checked.page.content.into_bytes();
        if checked.verdicts.iter().all(PageVerdict::passed)
            && !output::holds(&out.join(&path), &bytes)
        {
            changed
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((path.clone(), bytes));
        }
        Ok((path, checked.verdicts))
    })
    .map_err(pipeline_error)?;
    drop(renderer);
    let mut fresh: HashMap<String, Vec<PageVerdict>> = fresh.into_iter().collect();
    let verdicts: Vec<Vec<PageVerdict>> = signatures
        .iter()
        .zip(&cached)
        .map(|((path, _), c)| match c {
            Some(c) => c.verdicts.clone(),
            None => fresh.remove(path).unwrap_or_default(),
        })
        .collect();
    let report = Report::new(verdicts.iter().flatten().cloned()).with_site(site);
    if !report.passed() {
        return Ok((report, kinds.len()));
    }

    // From here the output changes: without a cache, an interrupted build
    // is followed by a clean one.
    cache::forget(&caching.root).map_err(|e| {
        Error::Output(
            Diagnostic::new(
                caching.root.join(cache::CACHE_DIR),
                format!("cannot remove the build cache: {e}"),
            )
            .with_hint("check the folder's permissions, or build with --no-cache"),
        )
    })?;
    let rendered: HashSet<&str> = signatures.iter().map(|(p, _)| p.as_str()).collect();
    // A page wins over a static file at the same path, as in a clean build;
    // one in a page's way stops the build before the output is touched.
    let statics =
        output::static_files(&site.root, &theme.dir).map_err(|d| Error::Input(vec![d]))?;
    let statics = output::statics_beside_pages(&site.root, statics, &rendered)
        .map_err(|d| Error::Input(vec![d]))?;
    let place = InPlace::open(out).map_err(Error::Output)?;
    let changed = changed.into_inner().unwrap_or_else(|p| p.into_inner());
    changed
        .par_iter()
        .try_for_each(|(path, bytes)| place.replace(path, bytes).map(drop))
        .map_err(Error::Output)?;
    place.copy_files(&statics).map_err(Error::Output)?;
    place
        .replace(output::MANIFEST, report.to_json().as_bytes())
        .map_err(Error::Output)?;
    let keep: HashSet<&str> = rendered
        .into_iter()
        .chain(statics.iter().map(|(p, _)| p.as_str()))
        .chain([output::MANIFEST])
        .collect();
    let gone: Vec<&str> = previous.paths().filter(|p| !keep.contains(p)).collect();
    place.remove(&gone).map_err(Error::Output)?;
    let statics: Vec<String> = statics.into_iter().map(|(p, _)| p).collect();

    // Pages not rendered again were not written either.
    let known = |i: usize| cached[i].map(|c| c.stamp);
    // The output is complete; a cache that cannot be written only costs the
    // next build its head start.
    let _ = caching.save(sources, out, signatures.clone(), verdicts, known, &statics);
    Ok((report, kinds.len()))
}
