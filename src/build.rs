//! One build: load, render, check and write, in that order; the rendering
//! and checking are [`crate::pipeline`]'s, shared with serve.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::comply::Report;
use crate::content::{LoadOptions, Site};
use crate::diagnostics::Diagnostic;
use crate::output::{self, Staging};
use crate::pipeline;
use crate::render::{Renderer, Theme};

/// Kept here too for callers that check single pages (the benchmarks).
pub use crate::pipeline::check_page;

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
    /// What the build tells without stopping: content the sanitiser removed.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
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
    let broken = crate::render::links::broken_links(&site, &theme);
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    let warnings = crate::render::links::removal_warnings(&site);
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
        warnings,
    })
}

/// Renders and checks every page, handing each page that passed to `sink`
/// as soon as it is ready. Template errors are collected from all pages,
/// one per place.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    now: jiff::Timestamp,
    sink: impl Fn(&str, &str) -> Result<(), Diagnostic> + Sync,
) -> Result<(Report, usize), Error> {
    let renderer = Renderer::new(site, theme);
    let kinds = renderer.pages();
    let verdicts = pipeline::run(&renderer, theme, now, &kinds, |checked| {
        if checked.passed() {
            sink(&checked.page.path, &checked.page.content)?;
        }
        Ok(checked.verdicts)
    })
    .map_err(|e| match e {
        pipeline::Error::Templates(d) => Error::Input(d),
        pipeline::Error::Sink(d) => Error::Output(d),
    })?;
    Ok((Report::new(verdicts.into_iter().flatten()), kinds.len()))
}

/// Copies the theme's and the site's static files into the staging folder.
fn copy_static(site: &Site, theme: &Theme, staging: &Staging) -> Result<(), Diagnostic> {
    staging.copy_files(&output::static_files(&site.root, &theme.dir)?)
}
