//! The one way pages are made, for `build` and for serve alike: render each
//! asked-for page, check it against its licence as of an injected clock,
//! and hand it to a sink, in parallel and one page at a time, so memory
//! never holds the whole rendered site. Serve's incremental rebuild asks
//! for fewer pages; it does not make them differently.

use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::comply::{CheckContext, PageVerdict};
use crate::diagnostics::Diagnostic;
use crate::render::{PageKind, RenderedPage, Renderer, THEMES_DIR, Theme};

/// A rendered page and the verdicts on it (none for pages that carry no
/// article: list pages, the sitemap, ...).
#[derive(Debug)]
pub struct Checked {
    pub page: RenderedPage,
    pub verdicts: Vec<PageVerdict>,
}

impl Checked {
    /// Whether the page may be published: every verdict on it passed.
    pub fn passed(&self) -> bool {
        self.verdicts.iter().all(PageVerdict::passed)
    }
}

/// Why a run stopped.
#[derive(Debug)]
pub enum Error {
    /// Templates failed to render: each failing place once.
    Templates(Vec<Diagnostic>),
    /// The sink refused a page (the first refusal).
    Sink(Diagnostic),
}

/// What became of one page: what the sink made of it, or nothing when the
/// sink refused it, or the template error that stopped it.
type Made<T> = Result<Option<T>, Box<Diagnostic>>;

/// The most pages one parallel job renders in a row, in a large build.
const PAGES_PER_JOB: usize = 8;

/// Renders and checks the pages `kinds` as of `now`, giving each to `sink`
/// as soon as it is checked; returns what the sink made of them, in the
/// order of `kinds`. Every page is attempted even after a failure, so all
/// template errors are reported together; a sink error wins over them.
pub fn run<T: Send>(
    renderer: &Renderer,
    theme: &Theme,
    now: jiff::Timestamp,
    kinds: &[PageKind],
    sink: impl Fn(Checked) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Error> {
    let cx = CheckContext::new(renderer.site, now);
    let sink_error: Mutex<Option<Diagnostic>> = Mutex::new(None);
    let order = renderer.plan(kinds);
    // A slot per page for the whole build: boxed, a template error is not
    // what sizes them all.
    let mut results: Vec<(usize, Made<T>)> = order
        .par_iter()
        // Small jobs, so that an idle thread can always take some: rayon's
        // halving otherwise leaves the last few thousand pages, the feeds
        // (the heaviest) among them, to one thread while the other waits.
        // A rebuild of a few pages takes them one by one.
        .with_max_len((kinds.len() / 64).clamp(1, PAGES_PER_JOB))
        .map(|&n| {
            let made = (|| {
                let page = renderer.render(kinds[n])?;
                let verdicts = check_page(&cx, theme, &page)?;
                match sink(Checked { page, verdicts }) {
                    Ok(made) => Ok(Some(made)),
                    Err(e) => {
                        sink_error
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get_or_insert(e);
                        Ok(None)
                    }
                }
            })();
            (n, made)
        })
        .collect();
    // Rendered in the plan's order; returned in the order asked for.
    results.sort_unstable_by_key(|&(n, _)| n);
    if let Some(e) = sink_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(Error::Sink(e));
    }
    let mut made = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for (_, r) in results {
        match r {
            Ok(Some(t)) => made.push(t),
            Ok(None) => {}
            Err(d) => add_once(&mut errors, *d),
        }
    }
    if errors.is_empty() {
        Ok(made)
    } else {
        Err(Error::Templates(errors))
    }
}

/// Adds `d` unless a diagnostic at the same place is there already: the
/// same template mistake breaks every page that uses it, so each place is
/// said once.
pub fn add_once(errors: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !errors
        .iter()
        .any(|e| e.path == d.path && e.line == d.line && e.col == d.col)
    {
        errors.push(d);
    }
}

/// The compliance verdicts on one rendered file: an article page, or every
/// entry of a feed. Other pages carry no article and are not checked.
pub fn check_page(
    cx: &CheckContext,
    theme: &Theme,
    page: &RenderedPage,
) -> Result<Vec<PageVerdict>, Diagnostic> {
    match page.kind {
        PageKind::Article(i) => {
            crate::comply::check_rendered_article(
                cx,
                &cx.site.articles[i],
                &page.content,
                page.body.as_deref(),
            )
                .map(|v| vec![v])
                .map_err(|e| {
                    let template = PathBuf::from(THEMES_DIR)
                        .join(&theme.name)
                        .join("templates")
                        .join("article.html");
                    Diagnostic::new(template, e.to_string()).with_hint(
                        "wrap `{{ page.content | safe }}` in an element with data-reprint=\"body\", so the credit's place can be checked",
                    )
                })
        }
        PageKind::Feed(feed) => crate::comply::check_feed(cx, &page.path, &page.url, &page.content)
            .map_err(|e| {
                let template = PathBuf::from(THEMES_DIR)
                    .join(&theme.name)
                    .join("templates")
                    .join(feed.template());
                Diagnostic::new(template, e.to_string()).with_hint(e.hint())
            }),
        _ => Ok(Vec::new()),
    }
}
