//! The site as serve mode holds it: every output file in memory, and enough
//! of the last build to rebuild only what a change affects.

// Pages are looked up by path on every request and every rebuild.
use foldhash::{HashMap, HashMapExt, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::comply::PageVerdict;
use crate::content::{Article, LoadOptions, Site, Sources};
use crate::diagnostics::Diagnostic;
use crate::output;
use crate::pipeline;
use crate::render::{PageKind, Renderer, Theme};

/// Output files by path, shared with the server. Pages change in place, under
/// the lock, and only once a rebuild has rendered everything it had to.
pub type Files = Arc<std::sync::RwLock<HashMap<String, Arc<Vec<u8>>>>>;
/// Verdicts by output path: one for an article page, one per entry for a feed.
pub type Verdicts = Arc<std::sync::RwLock<HashMap<String, Arc<Vec<PageVerdict>>>>>;

/// What changed on disk since the last build, by kind.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// Article files (root-relative) created, edited, renamed or deleted.
    pub articles: Vec<PathBuf>,
    /// Folders under `content/` changed: list the articles again.
    pub rescan: bool,
    pub templates: bool,
    pub statics: bool,
    /// A style sheet among the static files: it may hide what pages show,
    /// so every page is checked again.
    pub styles: bool,
    pub config: bool,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty() && !self.rescan && !self.templates && !self.statics && !self.config
    }

    /// "content/news/a.md changed", "templates changed", ...
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.config {
            parts.push("config.toml".into());
        }
        match self.articles.len() {
            0 => {}
            1 => parts.push(self.articles[0].to_string_lossy().replace('\\', "/")),
            n => parts.push(format!("{n} articles")),
        }
        if self.rescan && self.articles.is_empty() {
            parts.push("content/".into());
        }
        if self.templates {
            parts.push("templates".into());
        }
        if self.statics {
            parts.push("static files".into());
        }
        format!("{} changed", parts.join(", "))
    }
}

/// What one rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub rendered: usize,
    pub removed: usize,
    pub failing_pages: usize,
    pub elapsed: Duration,
    /// Every article kept its place (only what articles say changed), and
    /// the site was not assembled again.
    pub site_kept: bool,
}

/// The last good build, in memory.
pub struct Built {
    pub sources: Sources,
    options: LoadOptions,
    site: Site,
    theme: Theme,
    /// Rendered pages by output path (`news/a/index.html`).
    pages: Files,
    /// Static files by output path; pages take precedence, as in a build.
    statics: Files,
    /// The static files' output paths and sources, to check against the
    /// pages' paths at each render.
    static_sources: Vec<(String, PathBuf)>,
    /// Every page in build order, with its output path and signature.
    signed: Vec<(PageKind, String, u64)>,
    verdicts: Verdicts,
    /// Output paths of the checked pages (articles, feeds), in build order.
    checked_pages: Arc<Vec<String>>,
    /// The last rebuild failed on config or templates: retry them next time.
    retry_config: bool,
    retry_templates: bool,
    /// The time rights windows are checked against, read at each rebuild.
    clock: fn() -> jiff::Timestamp,
    /// When an article is next due to be published or withdrawn.
    next_hold_change: Option<jiff::Timestamp>,
    /// `site` is what `sources` assemble into now: the last rebuild
    /// succeeded.
    in_step: bool,
}

impl Built {
    /// A full build into memory, checked against the current time.
    pub fn new(root: &Path, options: &LoadOptions) -> Result<(Built, Outcome), Vec<Diagnostic>> {
        Built::with_clock(root, options, jiff::Timestamp::now)
    }

    /// A full build into memory; rights windows are checked against
    /// `clock()` at this build and at each rebuild.
    pub fn with_clock(
        root: &Path,
        options: &LoadOptions,
        clock: fn() -> jiff::Timestamp,
    ) -> Result<(Built, Outcome), Vec<Diagnostic>> {
        let started = Instant::now();
        let mut sources = Sources::open(root, options)?;
        sources.parse_all();
        let mut site = sources.assemble(options)?;
        let now = clock();
        site.hold_back(now);
        let next_hold_change = sources.next_hold_change(now);
        let theme = Theme::load(root, &site.config)?;
        let (static_sources, statics) = load_statics(&site, &theme).map_err(|d| vec![d])?;
        let mut built = Built {
            sources,
            options: options.clone(),
            site,
            theme,
            pages: Arc::default(),
            statics,
            static_sources,
            signed: Vec::new(),
            verdicts: Arc::default(),
            checked_pages: Arc::default(),
            retry_config: false,
            retry_templates: false,
            clock,
            next_hold_change,
            in_step: true,
        };
        let (rendered, removed) = built.render(true)?;
        let outcome = Outcome {
            rendered,
            removed,
            failing_pages: built.failing_pages(),
            elapsed: started.elapsed(),
            site_kept: false,
        };
        Ok((built, outcome))
    }

    /// Applies a change. On error the last good site stays as it was (the
    /// inputs read from disk are kept, so the next change sees them).
    pub fn rebuild(&mut self, change: &Change) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        let in_step = std::mem::replace(&mut self.in_step, false);
        if change.config || self.retry_config {
            return match Built::with_clock(&self.sources.root, &self.options, self.clock) {
                Ok((built, mut outcome)) => {
                    let paths: HashSet<&str> =
                        built.signed.iter().map(|(_, p, _)| p.as_str()).collect();
                    let removed = self
                        .signed
                        .iter()
                        .filter(|(_, p, _)| !paths.contains(p.as_str()))
                        .count();
                    *self = built;
                    outcome.removed = removed;
                    Ok(outcome)
                }
                Err(e) => {
                    self.retry_config = true;
                    Err(e)
                }
            };
        }
        let before: Vec<Option<Arc<Article>>> = change
            .articles
            .iter()
            .map(|p| self.sources.article(p))
            .collect();
        for path in &change.articles {
            self.sources.refresh(path);
        }
        if change.rescan {
            self.sources.rescan().map_err(|d| vec![d])?;
        }
        let now = (self.clock)();
        let only_articles = !(change.rescan || change.templates || change.statics);
        if in_step
            && only_articles
            && !self.retry_templates
            && self.next_hold_change.is_none_or(|t| now < t)
            && let Some(edits) = self.edits_in_place(&change.articles, before)
            && let Some(outcome) = self.rerender_in_place(edits, started)?
        {
            return Ok(outcome);
        }
        let mut site = self.sources.assemble(&self.options)?;
        site.hold_back(now);
        let next_hold_change = self.sources.next_hold_change(now);
        let reload_templates = change.templates || self.retry_templates;
        let theme = if reload_templates {
            match Theme::load(&self.sources.root, &site.config) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.retry_templates = true;
                    return Err(e);
                }
            }
        } else {
            None
        };
        let old_site = std::mem::replace(&mut self.site, site);
        let old_theme = theme.map(|t| std::mem::replace(&mut self.theme, t));
        // Read before rendering, so that the render checks the pages
        // against the static files as they are now.
        let mut old_statics = None;
        if change.statics || change.rescan || reload_templates {
            match load_statics(&self.site, &self.theme) {
                Ok((sources, files)) => {
                    old_statics = Some((
                        std::mem::replace(&mut self.static_sources, sources),
                        std::mem::replace(&mut self.statics, files),
                    ));
                }
                Err(d) => {
                    self.undo(old_site, old_theme, None);
                    return Err(vec![d]);
                }
            }
        }
        match self.render(reload_templates || change.styles) {
            Ok((rendered, removed)) => {
                self.retry_templates = false;
                self.next_hold_change = next_hold_change;
                self.in_step = true;
                Ok(Outcome {
                    rendered,
                    removed,
                    failing_pages: self.failing_pages(),
                    elapsed: started.elapsed(),
                    site_kept: false,
                })
            }
            Err(e) => {
                self.undo(old_site, old_theme, old_statics);
                Err(e)
            }
        }
    }

    /// Puts back what a failed rebuild replaced; templates that failed are
    /// read again next time.
    fn undo(
        &mut self,
        site: Site,
        theme: Option<Theme>,
        statics: Option<(Vec<(String, PathBuf)>, Files)>,
    ) {
        self.site = site;
        if let Some(t) = theme {
            self.theme = t;
            self.retry_templates = true;
        }
        if let Some((sources, files)) = statics {
            self.static_sources = sources;
            self.statics = files;
        }
    }

    /// The edited articles of `paths`, each with its place in
    /// `site.articles`, when every one keeps that place; `None` when an edit
    /// moved, added or removed an article (or it is not published), and the
    /// site must be assembled again.
    fn edits_in_place(
        &self,
        paths: &[PathBuf],
        before: Vec<Option<Arc<Article>>>,
    ) -> Option<Vec<(usize, Arc<Article>)>> {
        paths
            .iter()
            .zip(before)
            .map(|(path, old)| {
                let old = old?;
                let new = self.sources.article(path)?;
                if !old.keeps_its_place(&new) {
                    return None;
                }
                let at = self
                    .site
                    .articles
                    .iter()
                    .position(|a| Arc::ptr_eq(a, &old))?;
                Some((at, new))
            })
            .collect()
    }

    /// A rebuild after edits that keep every article in its place: the
    /// edited articles take their old places in the site, which is not
    /// assembled again, and only pages whose signature changed are rendered.
    /// `None`, with the site as it was, when the edits change the set of
    /// pages after all (a licence that takes an article out of the sitemap).
    fn rerender_in_place(
        &mut self,
        edits: Vec<(usize, Arc<Article>)>,
        started: Instant,
    ) -> Result<Option<Outcome>, Vec<Diagnostic>> {
        let old: Vec<(usize, Arc<Article>)> = edits
            .into_iter()
            .map(|(at, new)| (at, std::mem::replace(&mut self.site.articles[at], new)))
            .collect();
        let renderer = Renderer::new(&self.site, &self.theme);
        let same_pages = renderer
            .pages()
            .iter()
            .eq(self.signed.iter().map(|(k, _, _)| k));
        let edited: Vec<usize> = old.iter().map(|(at, _)| *at).collect();
        let rendered = same_pages.then(|| {
            // Only the pages that read an edited article can sign otherwise.
            let signatures: Vec<u64> = self
                .signed
                .par_iter()
                .map(|&(kind, _, old)| {
                    if renderer.may_read(kind, &edited) {
                        renderer.signature(kind)
                    } else {
                        old
                    }
                })
                .collect();
            let todo: Vec<PageKind> = self
                .signed
                .iter()
                .zip(&signatures)
                .filter(|((_, _, old), new)| old != *new)
                .map(|((kind, _, _), _)| *kind)
                .collect();
            render_pages(&renderer, &self.theme, (self.clock)(), &todo).map(|r| (r, signatures))
        });
        drop(renderer);
        let (rendered, signatures) = match rendered {
            Some(Ok(done)) => done,
            Some(Err(e)) => {
                self.put_back(old);
                return Err(e);
            }
            None => {
                self.put_back(old);
                return Ok(None);
            }
        };
        for ((_, _, old), new) in self.signed.iter_mut().zip(signatures) {
            *old = new;
        }
        let count = rendered.len();
        self.store(rendered, &[]);
        self.in_step = true;
        Ok(Some(Outcome {
            rendered: count,
            removed: 0,
            failing_pages: self.failing_pages(),
            elapsed: started.elapsed(),
            site_kept: true,
        }))
    }

    fn put_back(&mut self, old: Vec<(usize, Arc<Article>)>) {
        // Last swapped, first restored: a path named twice ends as it began.
        for (at, a) in old.into_iter().rev() {
            self.site.articles[at] = a;
        }
    }

    /// Renders the pages whose inputs changed (all of them when `all`), and
    /// checks the article pages among them, as of the clock's time. Nothing
    /// is kept unless every page rendered.
    fn render(&mut self, all: bool) -> Result<(usize, usize), Vec<Diagnostic>> {
        let renderer = Renderer::new(&self.site, &self.theme);
        let kinds = renderer.pages();
        let signed: Vec<(PageKind, String, u64)> = kinds
            .par_iter()
            .map(|&k| (k, renderer.path_of(k), renderer.signature(k)))
            .collect();
        // A static file where the pages need a folder fails, as in a build.
        let paths: HashSet<&str> = signed.iter().map(|(_, p, _)| p.as_str()).collect();
        output::statics_beside_pages(&self.site.root, self.static_sources.clone(), &paths)
            .map_err(|d| vec![d])?;
        drop(paths);
        let old: HashMap<&str, u64> = self
            .signed
            .iter()
            .map(|(_, p, s)| (p.as_str(), *s))
            .collect();
        let todo: Vec<PageKind> = signed
            .iter()
            .filter(|(_, path, sig)| all || old.get(path.as_str()) != Some(sig))
            .map(|(kind, _, _)| *kind)
            .collect();
        let rendered = render_pages(&renderer, &self.theme, (self.clock)(), &todo)?;
        drop(renderer);
        let now: HashSet<&str> = signed.iter().map(|(_, p, _)| p.as_str()).collect();
        let stale: Vec<String> = old
            .into_keys()
            .filter(|p| !now.contains(p))
            .map(str::to_owned)
            .collect();
        drop(now);
        let checked_pages: Vec<String> = signed
            .iter()
            .filter(|(k, _, _)| matches!(k, PageKind::Article(_) | PageKind::Feed(_)))
            .map(|(_, p, _)| p.clone())
            .collect();
        let count = rendered.len();
        self.store(rendered, &stale);
        self.signed = signed;
        self.checked_pages = Arc::new(checked_pages);
        Ok((count, stale.len()))
    }

    /// Puts rendered pages and their verdicts in place of the old, and
    /// forgets the pages at `stale` paths.
    fn store(&self, rendered: Vec<Rendered>, stale: &[String]) {
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        let mut verdicts = self.verdicts.write().unwrap_or_else(|p| p.into_inner());
        for p in stale {
            pages.remove(p);
            verdicts.remove(p);
        }
        for (path, bytes, checked) in rendered {
            if checked.is_empty() {
                verdicts.remove(&path);
            } else {
                verdicts.insert(path.clone(), Arc::new(checked));
            }
            pages.insert(path, Arc::new(bytes));
        }
    }

    /// Pages that fail, as the report on these verdicts counts them.
    fn failing_pages(&self) -> usize {
        let verdicts = self.verdicts.read().unwrap_or_else(|p| p.into_inner());
        crate::comply::Report::failing_pages(verdicts.values().flat_map(|v| v.iter()))
    }

    /// What the sanitiser removed from the articles, as warnings.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        crate::render::links::removal_warnings(&self.site)
    }

    /// Each failing page's source with the rules it breaks, by source.
    pub fn failures(&self) -> Vec<(String, Vec<&'static str>)> {
        let verdicts = self.verdicts.read().unwrap_or_else(|p| p.into_inner());
        let mut out: Vec<(String, Vec<&'static str>)> = verdicts
            .values()
            .flat_map(|v| v.iter())
            .filter(|v| !v.passed())
            .map(|v| {
                let mut rules: Vec<&'static str> = v
                    .violations
                    .iter()
                    .filter(|(x, _)| x.severity == crate::licences::Severity::Error)
                    .map(|(x, _)| x.rule.id())
                    .collect();
                rules.dedup();
                (
                    v.entry_of.clone().unwrap_or_else(|| v.source.clone()),
                    rules,
                )
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn pages(&self) -> Files {
        Arc::clone(&self.pages)
    }

    pub fn statics(&self) -> Files {
        Arc::clone(&self.statics)
    }

    pub fn verdicts(&self) -> Verdicts {
        Arc::clone(&self.verdicts)
    }

    /// Output paths of the checked pages, in build order.
    pub fn checked_pages(&self) -> Arc<Vec<String>> {
        Arc::clone(&self.checked_pages)
    }

    pub fn theme_name(&self) -> &str {
        &self.theme.name
    }
}

/// A rendered page: its output path, its bytes and its verdicts.
type Rendered = (String, Vec<u8>, Vec<PageVerdict>);

/// Renders and checks `todo`; failing pages are kept too, as serve shows
/// them with their verdicts.
fn render_pages(
    renderer: &Renderer,
    theme: &Theme,
    now: jiff::Timestamp,
    todo: &[PageKind],
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    pipeline::run(renderer, theme, now, todo, |c| {
        Ok((c.page.path, c.page.content.into_bytes(), c.verdicts))
    })
    .map_err(|e| match e {
        pipeline::Error::Templates(d) => d,
        pipeline::Error::Sink(d) => vec![d],
    })
}

/// The static files' output paths and sources, and their bytes by path.
fn load_statics(site: &Site, theme: &Theme) -> Result<(Vec<(String, PathBuf)>, Files), Diagnostic> {
    let files = output::static_files(&site.root, &theme.dir)?;
    let mut map = HashMap::with_capacity(files.len());
    for (rel, path) in &files {
        let bytes =
            std::fs::read(path).map_err(|e| Diagnostic::new(path, format!("cannot read: {e}")))?;
        map.insert(rel.clone(), Arc::new(bytes));
    }
    Ok((files, Arc::new(std::sync::RwLock::new(map))))
}

#[cfg(test)]
mod tests;
