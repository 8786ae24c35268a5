//! One build: load, render, check and write, in that order; the rendering
//! and checking are [`crate::pipeline`]'s, shared with serve.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::Stamp;
use crate::comply::{PageVerdict, Report};
use crate::config::OnViolation;
use crate::content::{HeldReason, LoadOptions, Site, Sources};
use crate::diagnostics::Diagnostic;
use crate::licences::Severity;
use crate::output::{self, Staging};
use crate::pipeline;
use crate::render::{PageKind, Renderer, Theme};

mod incremental;
use incremental::Caching;

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
    /// Publish the compliant pages and leave failing articles out;
    /// `None` follows `on_violation` in config.toml.
    pub withhold: Option<bool>,
    /// Read and keep the build cache in `.reprint-cache/` (see [`crate::cache`]).
    pub cache: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            load: LoadOptions::default(),
            now: jiff::Timestamp::now(),
            force: false,
            withhold: None,
            cache: true,
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
    // An output named through `..` (`public/../content`) is settled first,
    // so the checks below see the folder a build would really replace.
    let settled;
    let options = match &options.output {
        Some(out) if output::needs_resolving(out) => {
            settled = BuildOptions {
                output: Some(output::resolve(out)),
                ..options.clone()
            };
            &settled
        }
        _ => options,
    };
    let root = &options.root;
    let mut sources = Sources::open(root, &options.load).map_err(Error::Input)?;
    let withhold = options
        .withhold
        .unwrap_or(sources.config.on_violation == OnViolation::Withhold);
    // A withholding build renders twice with different sites; it is always
    // a clean one.
    let caching = match &options.output {
        Some(out) if options.cache && !withhold => {
            Some(Caching::open(root, &sources, options, out))
        }
        _ => None,
    };
    // A clean build renders every article's page, and measures each body
    // from the parse that renders it rather than on loading it as well.
    let incremental = matches!((&caching, &options.output),
        (Some(c), Some(out)) if c.previous_output(out).is_some());
    sources.defer_bodies = !withhold && !incremental;
    match &caching {
        Some(c) => sources.parse_all_reusing(|rel| c.article(rel)),
        None => sources.parse_all(),
    }
    let mut site = match sources.assemble(&options.load) {
        Ok(site) => site,
        // Every broken file is reported, bodies nested too deep included.
        Err(mut errors) => {
            errors.extend(sources.measure_all());
            errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            return Err(Error::Input(errors));
        }
    };
    site.hold_back(options.now);
    let deferred = sources.defer_bodies;
    // Drafts and articles held back have no page to measure them.
    if deferred && !sources.measure_unlisted(&site).is_empty() {
        // Every body nested too deep, as loading would have said.
        return Err(Error::Input(sources.measure_all()));
    }
    let theme = Theme::load(root, &site.config).map_err(Error::Input)?;
    let mut warnings = Vec::new();
    if !deferred {
        check_links(&site, &theme)?;
        warnings = crate::render::links::removal_warnings(&site);
        if !withhold {
            warnings.extend(crate::render::links::left_out_links(&site));
        }
    }
    if let (Some(caching), Some(out)) = (&caching, &options.output)
        && let Some(previous) = caching.previous_output(out)
    {
        let (report, pages) =
            incremental::build(&site, &theme, options.now, previous, out, caching, &sources)?;
        let articles = site.articles.len();
        drop_later((site, sources));
        return Ok(BuildOutcome {
            written: report.passed().then(|| out.clone()),
            report,
            pages,
            articles,
            elapsed: started.elapsed(),
            warnings,
        });
    }
    let withheld = if withhold {
        let withheld = withhold_failing(&mut site, &theme, options.now)?;
        // Links to what is now left out, withheld articles among them.
        warnings.extend(crate::render::links::left_out_links(&site));
        withheld
    } else {
        Vec::new()
    };
    let staging = match &options.output {
        Some(out) => {
            output::check_output_dir(&options.root, out).map_err(|d| Error::Input(vec![d]))?;
            output::check_replaceable(out, options.force).map_err(|d| Error::Input(vec![d]))?;
            Some(Staging::create(out).map_err(Error::Output)?)
        }
        None => None,
    };
    // Only the build cache reads the sources again: without it, the memory
    // they hold goes before the pages are made.
    let sources = caching.as_ref().map(|_| sources);
    let renderer = Renderer::new(&site, &theme);
    let kinds = renderer.pages();
    // Static files are copied while the pages render. The static files'
    // output paths are kept for the build cache.
    let sink = |path: &str, content: &str| match &staging {
        Some(s) => Ok(s
            .write(path, content.as_bytes())?
            .and_then(|m| Stamp::from_metadata(&m))),
        None => Ok(None),
    };
    let (verdicts, statics) = rayon::join(
        || render_pages(&renderer, &theme, options.now, &kinds, deferred, sink),
        || match &staging {
            Some(s) => copy_static(&renderer, &theme, &kinds, s),
            None => Ok(Vec::new()),
        },
    );
    // A static file in a page's way is the clearer error of the two.
    let statics = statics?;
    // Each page's stamp as written, for the build cache.
    let (verdicts, stamps): (Vec<_>, Vec<_>) = verdicts?.into_iter().unzip();
    if deferred {
        warnings = crate::render::links::removal_warnings(&site);
        warnings.extend(crate::render::links::left_out_links(&site));
    }
    // The cache's article lines are made while the report is made and the
    // output swapped in; a build that fails drops them unfinished.
    let (cache_started, finished) = rayon::join(
        || {
            let (caching, sources) = (caching.as_ref()?, sources.as_ref()?);
            caching.begin_save(sources).ok()
        },
        || {
            let signatures = caching
                .as_ref()
                .map(|_| incremental::sign(&renderer, &kinds));
            // The cache records every page's verdicts as checked; without it
            // the report takes them rather than a copy.
            let (report, verdicts) = match caching {
                Some(_) => (
                    Report::new(verdicts.iter().flatten().cloned()),
                    Some(verdicts),
                ),
                None => (Report::new(verdicts.into_iter().flatten()), None),
            };
            let mut report = report.with_site(&site);
            report.withheld = withheld;
            let written = match (staging, report.passed()) {
                (Some(staging), true) => {
                    staging
                        .write_streamed(output::MANIFEST, |w| report.write_json(w))
                        .map_err(Error::Output)?;
                    staging.commit().map_err(Error::Output)?;
                    options.output.clone()
                }
                _ => None,
            };
            Ok::<_, Error>((report, written, signatures, verdicts))
        },
    );
    let (report, written, signatures, verdicts) = finished?;
    drop(renderer);
    let pages = kinds.len();
    if let (Some(caching), Some(begun), Some(signatures), Some(verdicts), Some(out)) =
        (&caching, cache_started, signatures, verdicts, &written)
    {
        // The site is built; a cache that cannot be written only costs the
        // next build its head start.
        let known = |i: usize| stamps[i];
        let _ = caching.finish_save(begun, out, signatures, verdicts, known, &statics);
    }
    let articles = site.articles.len();
    drop_later((site, sources, caching));
    Ok(BuildOutcome {
        report,
        pages,
        articles,
        written,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Frees `inputs` on a thread of its own: taking apart every article is the
/// last thing a build does, tens of milliseconds at 10,000 articles that
/// the caller need not wait for (a command line then exits without it).
fn drop_later<T: Send + 'static>(inputs: T) {
    // Should no thread start, the inputs are freed here as `spawn` fails.
    let _ = std::thread::Builder::new()
        .name("reprint-free".into())
        .spawn(move || drop(inputs));
}

/// A page's verdicts, and its stamp when it was written.
type Checked = (Vec<PageVerdict>, Option<Stamp>);

/// Renders and checks the pages `kinds`, handing each that passed to
/// `sink`; returns each page's verdicts with the stamp `sink` gave it, in
/// the order of `kinds`.
///
/// For a site whose bodies are not measured yet (`measuring`), the article
/// pages come first, which measure them, then the checks that read every
/// body (links to the site's own pages), then the pages that show other
/// articles' summaries. Errors come as a build that measured on loading
/// gives them: bodies nested too deep, then broken links, then every page's
/// template errors together.
fn render_pages(
    renderer: &Renderer,
    theme: &Theme,
    now: jiff::Timestamp,
    kinds: &[PageKind],
    measuring: bool,
    sink: impl Fn(&str, &str) -> Result<Option<Stamp>, Diagnostic> + Sync,
) -> Result<Vec<Checked>, Error> {
    let run = |kinds: &[PageKind]| {
        pipeline::run(renderer, theme, now, kinds, |checked| {
            let stamp = if checked.passed() {
                sink(&checked.page.path, &checked.page.content)?
            } else {
                None
            };
            Ok((checked.verdicts, stamp))
        })
        .map_err(pipeline_error)
    };
    if !measuring {
        return run(kinds);
    }
    let site = renderer.site;
    let articles = kinds
        .iter()
        .take_while(|k| matches!(k, PageKind::Article(_)))
        .count();
    let (first, rest) = kinds.split_at(articles);
    let measured = run(first);
    // Left unmeasured only by an error, which this finds again.
    let too_deep = site.measure_bodies(&site.articles);
    if !too_deep.is_empty() {
        return Err(Error::Input(too_deep));
    }
    check_links(site, theme)?;
    match (measured, run(rest)) {
        (Ok(mut made), Ok(others)) => {
            made.extend(others);
            Ok(made)
        }
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            for d in b {
                pipeline::add_once(&mut a, d);
            }
            Err(Error::Input(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Links from bodies to the site's own pages that lead nowhere.
fn check_links(site: &Site, theme: &Theme) -> Result<(), Error> {
    let broken = crate::render::links::broken_links(site, theme);
    if broken.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(broken))
    }
}

fn pipeline_error(e: pipeline::Error) -> Error {
    match e {
        pipeline::Error::Templates(d) => Error::Input(d),
        pipeline::Error::Sink(d) => Error::Output(d),
    }
}

/// The first of a withholding build's two passes: renders and checks only
/// the article pages and feeds, and leaves out of `site` every article that
/// fails on its page or as a feed entry. The second pass, the ordinary one,
/// then renders lists, feeds, the sitemap and neighbours' links without
/// them. Returns the failing verdicts, for the report.
fn withhold_failing(
    site: &mut Site,
    theme: &Theme,
    now: jiff::Timestamp,
) -> Result<Vec<PageVerdict>, Error> {
    let failing: Vec<PageVerdict> = {
        let renderer = Renderer::new(site, theme);
        let kinds: Vec<PageKind> = renderer
            .pages()
            .into_iter()
            .filter(|k| matches!(k, PageKind::Article(_) | PageKind::Feed(_)))
            .collect();
        let verdicts = pipeline::run(
            &renderer,
            theme,
            now,
            &kinds,
            |checked| Ok(checked.verdicts),
        )
        .map_err(|e| match e {
            pipeline::Error::Templates(d) => Error::Input(d),
            pipeline::Error::Sink(d) => Error::Output(d),
        })?;
        Report::new(verdicts.into_iter().flatten())
            .pages
            .into_iter()
            .filter(|v| !v.passed())
            .collect()
    };
    let mut rules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in &failing {
        let article = v.entry_of.clone().unwrap_or_else(|| v.source.clone());
        let broken = rules.entry(article).or_default();
        for (x, _) in &v.violations {
            let id = x.rule.id().to_owned();
            if x.severity == Severity::Error && !broken.contains(&id) {
                broken.push(id);
            }
        }
    }
    site.leave_out(
        rules
            .into_iter()
            .map(|(path, rules)| (path, HeldReason::Withheld(rules)))
            .collect(),
    );
    Ok(failing)
}

/// Copies the theme's and the site's static files into `staging`, but for
/// those at the path of one of the pages `kinds` (a page wins over a static
/// file). Returns the output paths copied.
fn copy_static(
    renderer: &Renderer,
    theme: &Theme,
    kinds: &[PageKind],
    staging: &Staging,
) -> Result<Vec<String>, Error> {
    let root = &renderer.site.root;
    let files = output::static_files(root, &theme.dir).map_err(|d| Error::Input(vec![d]))?;
    let paths: Vec<String> = kinds.par_iter().map(|&k| renderer.path_of(k)).collect();
    let pages: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let files =
        output::statics_beside_pages(root, files, &pages).map_err(|d| Error::Input(vec![d]))?;
    staging.copy_files(&files).map_err(Error::Output)?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture site in a scratch folder, with the harbour article's
    /// rights window set to the first half of 2026.
    fn site_with_window() -> tempfile::TempDir {
        let dir = crate::testing::fixture_with_theme("basic");
        let harbour = dir.path().join("content/news/harbour.md");
        let text = std::fs::read_to_string(&harbour).unwrap();
        let text = text.replacen(
            "---\n",
            "---\nrights:\n  from: 2026-01-01\n  until: 2026-06-30\n",
            1,
        );
        std::fs::write(&harbour, text).unwrap();
        dir
    }

    fn held_at(root: &Path, now: &str) -> Vec<String> {
        let mut options = BuildOptions::new(root);
        options.now = now.parse().unwrap();
        let outcome = build(&options).unwrap();
        assert!(outcome.report.passed());
        outcome
            .report
            .held
            .iter()
            .map(|h| format!("{} {}", h.path, h.reason))
            .collect()
    }

    #[test]
    fn the_rights_window_is_read_against_the_builds_clock() {
        let dir = site_with_window();
        let root = dir.path();
        assert_eq!(
            held_at(root, "2025-12-31T23:59:59Z"),
            ["content/news/harbour.md held until 2026-01-01"]
        );
        assert_eq!(held_at(root, "2026-06-30T23:59:59Z"), Vec::<String>::new());
        assert_eq!(
            held_at(root, "2026-07-01T00:00:00Z"),
            ["content/news/harbour.md withdrawn: the right to republish ended on 2026-06-30"]
        );
    }
}
