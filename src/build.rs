//! One build: load, render, check and write, in that order. Pages are
//! rendered, checked and written in parallel, one at a time each, so memory
//! does not hold the whole rendered site.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::comply::{CheckContext, PageVerdict, Report};
use crate::content::{LoadOptions, Site};
use crate::diagnostics::Diagnostic;
use crate::output::{self, Staging};
use crate::render::{PageKind, Renderer, Theme};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's input cannot be built: bad front matter, configuration or templates.
    #[error("{} problem{} in the site's input", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Input(Vec<Diagnostic>),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Output(Diagnostic),
}

impl Error {
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        match self {
            Error::Input(d) => d.iter().collect(),
            Error::Output(d) => vec![d],
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where to write; `None` renders and checks in memory only (`reprint check`).
    pub output: Option<PathBuf>,
    pub load: LoadOptions,
    /// The build's date, against which rights windows are checked.
    pub now: jiff::Timestamp,
    /// Replace the output folder even when reprint did not write it.
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            load: LoadOptions::default(),
            now: jiff::Timestamp::now(),
            force: false,
        }
    }
}

/// What a build did.
#[derive(Debug)]
pub struct BuildOutcome {
    pub report: Report,
    pub pages: usize,
    pub articles: usize,
    /// Where the site was written, when it was (every page passed).
    pub written: Option<PathBuf>,
    pub elapsed: Duration,
}

/// The output folder a build writes to: `--output`, else `output` in config.toml.
pub fn output_dir(root: &Path, site: &Site, requested: Option<&Path>) -> PathBuf {
    match requested {
        Some(p) => p.to_path_buf(),
        None => root.join(&site.config.output),
    }
}

pub fn build(options: &BuildOptions) -> Result<BuildOutcome, Error> {
    let started = Instant::now();
    let site = Site::load(&options.root, &options.load).map_err(Error::Input)?;
    let theme = Theme::load(&options.root, &site.config).map_err(Error::Input)?;
    let staging = match &options.output {
        Some(out) => {
            output::check_output_dir(&options.root, out).map_err(|d| Error::Input(vec![d]))?;
            output::check_replaceable(out, options.force).map_err(|d| Error::Input(vec![d]))?;
            let staging = Staging::create(out).map_err(Error::Output)?;
            copy_static(&site, &theme, &staging).map_err(Error::Output)?;
            Some(staging)
        }
        None => None,
    };
    let (report, pages) = render_all(&site, &theme, options.now, |path, content| match &staging {
        Some(s) => s.write(path, content.as_bytes()),
        None => Ok(()),
    })?;

    let mut written = None;
    if let (Some(staging), true) = (staging, report.passed()) {
        staging
            .write("compliance.json", report.to_json().as_bytes())
            .map_err(Error::Output)?;
        staging.commit().map_err(Error::Output)?;
        written = options.output.clone();
    }
    Ok(BuildOutcome {
        report,
        pages,
        articles: site.articles.len(),
        written,
        elapsed: started.elapsed(),
    })
}

/// Renders and checks every page, handing each to `sink` as soon as it is
/// ready. Template errors are collected from all pages, one per place.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    sink: impl Fn(&str, &str) -> Result<(), Diagnostic> + Sync,
) -> Result<(Report, usize), Error> {
    let renderer = Renderer::new(site, theme);
    let cx = CheckContext::new(site, now);
    let kinds = renderer.pages();
    let write_error: Mutex<Option<Diagnostic>> = Mutex::new(None);
    let results: Vec<Result<Vec<PageVerdict>, Diagnostic>> = kinds
        .par_iter()
        .map(|&kind| {
            let page = renderer.render(kind)?;
            let verdicts = check_page(&cx, theme, &page)?;
            if verdicts.iter().all(PageVerdict::passed)
                && let Err(e) = sink(&page.path, &page.content)
            {
                write_error
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get_or_insert(e);
            }
            Ok(verdicts)
        })
        .collect();
    if let Some(e) = write_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(Error::Output(e));
    }
    let verdicts = all_rendered(results).map_err(Error::Input)?;
    Ok((Report::new(verdicts.into_iter().flatten()), kinds.len()))
}

/// Every page's result, or the template errors that stopped rendering: the
/// same mistake breaks every page that uses it, so each place is said once.
pub fn all_rendered<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut ok = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(page) => ok.push(page),
            Err(d) => {
                if !errors
                    .iter()
                    .any(|e| e.path == d.path && e.line == d.line && e.col == d.col)
                {
                    errors.push(d);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}

/// The compliance verdicts on one rendered file: an article page, or every
/// entry of a feed. Other pages carry no article and are not checked.
pub fn check_page(
    cx: &CheckContext,
    theme: &Theme,
    page: &crate::render::RenderedPage,
) -> Result<Vec<PageVerdict>, Diagnostic> {
    match page.kind {
        PageKind::Article(i) => Ok(vec![crate::comply::check_article(
            cx,
            &cx.site.articles[i],
            &page.content,
        )]),
        PageKind::Feed(feed) => crate::comply::check_feed(cx, &page.path, &page.url, &page.content)
            .map_err(|e| {
                let template = PathBuf::from(crate::render::THEMES_DIR)
                    .join(&theme.name)
                    .join("templates")
                    .join(feed.template());
                Diagnostic::new(template, e).with_hint(
                    "the feed template must produce well-formed XML; escape article HTML with `| embed`",
                )
            }),
        _ => Ok(Vec::new()),
    }
}

/// Copies the theme's and the site's static files into the staging folder.
fn copy_static(site: &Site, theme: &Theme, staging: &Staging) -> Result<(), Diagnostic> {
    staging.copy_files(&output::static_files(&site.root, &theme.dir)?)
}
