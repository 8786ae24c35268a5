//! The site as serve mode holds it: every output file in memory, and enough
//! of the last build to rebuild only what a change affects.

// Pages are looked up by path on every request and every rebuild.
use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::comply::PageVerdict;
use crate::content::{LoadOptions, Site, Sources};
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
    signatures: HashMap<String, u64>,
    verdicts: Verdicts,
    /// Output paths of the checked pages (articles, feeds), in build order.
    checked_pages: Arc<Vec<String>>,
    /// The last rebuild failed on config or templates: retry them next time.
    retry_config: bool,
    retry_templates: bool,
    /// The time rights windows are checked against, read at each rebuild.
    clock: fn() -> jiff::Timestamp,
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
        site.hold_back(clock());
        let theme = Theme::load(root, &site.config)?;
        let statics = load_statics(&site, &theme).map_err(|d| vec![d])?;
        let mut built = Built {
            sources,
            options: options.clone(),
            site,
            theme,
            pages: Arc::default(),
            statics,
            signatures: HashMap::new(),
            verdicts: Arc::default(),
            checked_pages: Arc::default(),
            retry_config: false,
            retry_templates: false,
            clock,
        };
        let (rendered, removed) = built.render(true)?;
        let outcome = Outcome {
            rendered,
            removed,
            failing_pages: built.failing_pages(),
            elapsed: started.elapsed(),
        };
        Ok((built, outcome))
    }

    /// Applies a change. On error the last good site stays as it was (the
    /// inputs read from disk are kept, so the next change sees them).
    pub fn rebuild(&mut self, change: &Change) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        if change.config || self.retry_config {
            return match Built::with_clock(&self.sources.root, &self.options, self.clock) {
                Ok((built, mut outcome)) => {
                    let removed = self
                        .signatures
                        .keys()
                        .filter(|k| !built.signatures.contains_key(*k))
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
        for path in &change.articles {
            self.sources.refresh(path);
        }
        if change.rescan {
            self.sources.rescan().map_err(|d| vec![d])?;
        }
        let mut site = self.sources.assemble(&self.options)?;
        site.hold_back((self.clock)());
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
        match self.render(reload_templates) {
            Ok((rendered, removed)) => {
                self.retry_templates = false;
                if change.statics || change.rescan || reload_templates {
                    self.statics = load_statics(&self.site, &self.theme).map_err(|d| vec![d])?;
                }
                Ok(Outcome {
                    rendered,
                    removed,
                    failing_pages: self.failing_pages(),
                    elapsed: started.elapsed(),
                })
            }
            Err(e) => {
                self.site = old_site;
                if let Some(t) = old_theme {
                    self.theme = t;
                    self.retry_templates = true;
                }
                Err(e)
            }
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
        let todo: Vec<PageKind> = signed
            .iter()
            .filter(|(_, path, sig)| all || self.signatures.get(path) != Some(sig))
            .map(|(kind, _, _)| *kind)
            .collect();
        // Failing pages are kept too: serve shows them, with their verdicts.
        let rendered = pipeline::run(&renderer, &self.theme, (self.clock)(), &todo, |c| {
            Ok((c.page.path, c.page.content.into_bytes(), c.verdicts))
        })
        .map_err(|e| match e {
            pipeline::Error::Templates(d) => d,
            pipeline::Error::Sink(d) => vec![d],
        })?;
        let checked_pages: Vec<String> = signed
            .iter()
            .filter(|(k, _, _)| matches!(k, PageKind::Article(_) | PageKind::Feed(_)))
            .map(|(_, p, _)| p.clone())
            .collect();
        drop(renderer);

        let count = rendered.len();
        let new_signatures: HashMap<String, u64> =
            signed.into_iter().map(|(_, p, s)| (p, s)).collect();
        let stale: Vec<String> = self
            .signatures
            .keys()
            .filter(|p| !new_signatures.contains_key(*p))
            .cloned()
            .collect();
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        let mut verdicts = self.verdicts.write().unwrap_or_else(|p| p.into_inner());
        for p in &stale {
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
        self.signatures = new_signatures;
        drop((pages, verdicts));
        self.checked_pages = Arc::new(checked_pages);
        Ok((count, stale.len()))
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

fn load_statics(site: &Site, theme: &Theme) -> Result<Files, Diagnostic> {
    let files = output::static_files(&site.root, &theme.dir)?;
    let mut map = HashMap::with_capacity(files.len());
    for (rel, path) in files {
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostic::new(&path, format!("cannot read: {e}")))?;
        map.insert(rel, Arc::new(bytes));
    }
    Ok(Arc::new(std::sync::RwLock::new(map)))
}
