//! `reprint check --upstream`: did the sources change? Each article's
//! `source.url` is fetched (conditionally, with what [`cache`] remembers),
//! its body extracted as `import` extracts it and compared with the recorded
//! `fingerprint`, and the licence the page states compared with the article's.

pub mod cache;
pub mod report;

use std::path::Path;

use crate::audit::diff::{diff, paragraphs};
use crate::audit::page;
use crate::content::{Article, LoadOptions, Site, fingerprint};
use crate::diagnostics::Diagnostic;
use crate::import::fetch::{self, FetchError, FetchOptions};

use cache::{Cache, Entry};

/// How many sources are fetched at once.
pub const CONCURRENCY: usize = 4;

/// Something about a source an editor must look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The source's text is no longer the text this copy was made from.
    BodyChanged {
        summary: String,
        /// The correction or update notice the source page shows, if any.
        correction: Option<String>,
    },
    LicenceChanged {
        from: String,
        to: String,
    },
    /// 404, 410 or 451: the publisher took the page down (451: made to,
    /// for legal reasons).
    Gone {
        status: u16,
    },
    /// The address now redirects to the publisher's home page, as a story
    /// taken down often does: no other article took its place.
    GoneHome {
        to: String,
    },
    /// The address redirects to another page.
    Moved {
        to: String,
    },
    /// The network failed, or the server answered with an error.
    Unreachable(String),
}

impl Finding {
    pub fn id(&self) -> &'static str {
        match self {
            Finding::BodyChanged { .. } => "body-changed",
            Finding::LicenceChanged { .. } => "licence-changed",
            Finding::Gone { .. } | Finding::GoneHome { .. } => "gone",
            Finding::Moved { .. } => "moved",
            Finding::Unreachable(_) => "unreachable",
        }
    }

    /// What happened, in one line, after the finding's id (`gone: …`).
    pub fn message(&self) -> String {
        match self {
            Finding::BodyChanged {
                summary,
                correction,
            } => match correction {
                Some(c) => format!("{summary}; correction notice found: {c:?}"),
                None => summary.clone(),
            },
            Finding::LicenceChanged { from, to } => {
                format!("licence changed from {from} to {to}")
            }
            Finding::Gone { status } => format!(
                "the source answers {status} ({})",
                match status {
                    410 => "Gone",
                    451 => "Unavailable For Legal Reasons",
                    _ => "Not Found",
                }
            ),
            Finding::GoneHome { to } => {
                format!("the source now redirects to the publisher's home page ({to})")
            }
            Finding::Moved { to } => format!("the source now redirects to {to}"),
            Finding::Unreachable(e) => e.clone(),
        }
    }

    /// What the editor should do.
    pub fn fix(&self, url: &str) -> String {
        match self {
            Finding::BodyChanged { .. } => format!(
                "read the change; `reprint import --update {url}` replaces the body and fingerprint"
            ),
            Finding::LicenceChanged { to, .. } => format!(
                "check whether the new terms ({to}) still allow this copy; set `licence` to match, or take the article down"
            ),
            Finding::Gone { .. } | Finding::GoneHome { .. } => "the publisher removed the story (a retraction?): take this copy down, or record why it stays".into(),
            Finding::Moved { to } => format!("check the new page and set `source.url: {to}`"),
            Finding::Unreachable(_) => "try again later; the check could not see the source".into(),
        }
    }
}

/// The result for one article.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The article's path, `content/news/x.md`.
    pub source: String,
    /// Line of `source` in the front matter, for annotations.
    pub line: usize,
    pub url: String,
    /// Whether the server answered 304 Not Modified.
    pub not_modified: bool,
    /// Empty when nothing changed.
    pub findings: Vec<Finding>,
}

impl Checked {
    pub fn status(&self) -> &'static str {
        self.findings.first().map_or("unchanged", Finding::id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("the site's input has problems")]
    Site(Vec<Diagnostic>),
}

/// The outcome of a run: one entry per article with a source address, and
/// whether the cache could be saved.
#[derive(Debug)]
pub struct Outcome {
    pub checked: Vec<Checked>,
    pub cache_error: Option<String>,
}

/// Checks every article's source, [`CONCURRENCY`] at a time.
pub fn check(root: &Path, options: &FetchOptions) -> Result<Outcome, UpstreamError> {
    let load = LoadOptions {
        drafts: true,
        base_url: None,
    };
    let site = Site::load(root, &load).map_err(UpstreamError::Site)?;
    let mut cache = Cache::load(root);
    let articles: Vec<(&Article, String)> = site
        .articles
        .iter()
        .filter_map(|a| {
            let url = a.source.as_ref()?.url.clone()?;
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("http://") || lower.starts_with("https://"))
                .then_some((a.as_ref(), url))
        })
        .collect();
    let one = |(a, url): &(&Article, String)| {
        let entry = cache.get(url).cloned();
        check_one(root, &site, a, url, entry, options)
    };
    let results: Vec<(Checked, Option<Entry>)> = match rayon::ThreadPoolBuilder::new()
        .num_threads(CONCURRENCY)
        .build()
    {
        Ok(pool) => pool.install(|| {
            use rayon::prelude::*;
            articles.par_iter().map(one).collect()
        }),
        Err(_) => articles.iter().map(one).collect(),
    };
    let mut checked = Vec::new();
    for ((_, url), (c, entry)) in articles.iter().zip(results) {
        if let Some(entry) = entry {
            cache.put(url, entry);
        }
        checked.push(c);
    }
    checked.sort_by(|a, b| a.source.cmp(&b.source));
    let cache_error = cache.save(root).err().map(|e| e.to_string());
    Ok(Outcome {
        checked,
        cache_error,
    })
}

fn check_one(
    root: &Path,
    site: &Site,
    article: &Article,
    url: &str,
    cached: Option<Entry>,
    options: &FetchOptions,
) -> (Checked, Option<Entry>) {
    let mut checked = Checked {
        source: article.path.clone(),
        line: article.line_of("source"),
        url: url.to_owned(),
        not_modified: false,
        findings: Vec::new(),
    };
    let mut options = options.clone();
    if let Some(c) = &cached {
        options.etag = c.etag.clone();
        options.last_modified = c.last_modified.clone();
    }
    let fetched = match fetch::fetch(url, &options) {
        Ok(f) => f,
        Err(FetchError::Status { status, .. }) if matches!(status, 404 | 410 | 451) => {
            checked.findings.push(Finding::Gone { status });
            return (checked, None);
        }
        Err(e) => {
            checked.findings.push(Finding::Unreachable(e.to_string()));
            return (checked, None);
        }
    };
    if !fetched.redirects.is_empty() && !same_page(url, &fetched.url) {
        // The address to suggest for `source.url`, without how we arrived.
        let to = without_tracking(&fetched.url);
        checked.findings.push(match is_home(&to) {
            true => Finding::GoneHome { to },
            false => Finding::Moved { to },
        });
        return (checked, None);
    }
    // What the page stated when last read, or before it stopped stating one.
    let stated_before = cached
        .as_ref()
        .and_then(|c| c.licence.clone().or_else(|| c.last_licence.clone()));
    let entry = match (fetched.not_modified(), cached) {
        (true, Some(mut c)) => {
            checked.not_modified = true;
            // A server may refresh its validators on a 304.
            c.etag = fetched.etag.or(c.etag);
            c.last_modified = fetched.last_modified.or(c.last_modified);
            c
        }
        (true, None) => {
            checked.findings.push(Finding::Unreachable(format!(
                "{url}: the server answered 304 Not Modified to a request that named no version"
            )));
            return (checked, None);
        }
        _ => Entry {
            etag: fetched.etag.clone(),
            last_modified: fetched.last_modified.clone(),
            markdown: page::article_markdown(&fetched.body, Some(&fetched.url)),
            licence: page::stated_licence(&fetched.body),
            last_licence: None,
            correction: page::correction_notice(&fetched.body),
        },
    };
    checked.findings = compare(root, site, article, &entry, stated_before.as_deref());
    // Remembered until the source states one again, so a withdrawn licence
    // is reported on every check, not once; `licence` stays what the page
    // states, which a 304 leaves as it was.
    let mut entry = entry;
    entry.last_licence = entry.licence.clone().or(stated_before);
    (checked, Some(entry))
}

/// Whether `url` is a site's home page: its path is `/` or empty.
fn is_home(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_matches('/').is_empty()
}

/// The article against what its source shows now; `stated_before` is the
/// licence the source stated when last read.
fn compare(
    root: &Path,
    site: &Site,
    article: &Article,
    now: &Entry,
    stated_before: Option<&str>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let ours = std::fs::read_to_string(root.join(&article.path)).unwrap_or_default();
    let our_body = crate::content::split_front_matter(&ours).map_or("", |s| s.body);
    // The fingerprint import records is of the imported Markdown body, so
    // the source is compared in that space; without one, with our body,
    // unless that is an adaptation (`changes`), which differs by design.
    let recorded = match (&article.fingerprint, &article.changes) {
        (Some(f), _) => Some(f.clone()),
        (None, None) => Some(fingerprint(our_body)),
        (None, Some(_)) => None,
    };
    if let Some(recorded) = recorded
        && fingerprint(&now.markdown) != recorded
    {
        let d = diff(&paragraphs(our_body), &paragraphs(&now.markdown));
        let summary = if d.is_empty() {
            "links or formatting changed, not the words".to_owned()
        } else {
            d.summary()
        };
        findings.push(Finding::BodyChanged {
            summary,
            correction: now.correction.clone(),
        });
    }
    let ours = site.licences.get(&article.licence);
    if let (Some(stated), Some(profile)) = (&now.licence, ours)
        && profile.is_creative_commons()
        && !stated.eq_ignore_ascii_case(&profile.id)
    {
        findings.push(Finding::LicenceChanged {
            from: profile.id.clone(),
            to: stated.clone(),
        });
    }
    // A source that stated a licence and states none now has withdrawn it.
    if let (None, Some(before)) = (&now.licence, stated_before) {
        findings.push(Finding::LicenceChanged {
            from: before.to_owned(),
            to: "no licence stated".to_owned(),
        });
    }
    findings
}

/// `url` without the query parameters that only say how a reader arrived
/// (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`), as the canonical form
/// of addresses drops them.
fn without_tracking(url: &str) -> String {
    let (rest, fragment) = url
        .split_once('#')
        .map_or((url, None), |(r, f)| (r, Some(f)));
    let Some((path, query)) = rest.split_once('?') else {
        return url.to_owned();
    };
    let tracking = |key: &str| {
        key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("utm_"))
            || ["fbclid", "gclid", "mc_cid", "mc_eid"]
                .iter()
                .any(|t| key.eq_ignore_ascii_case(t))
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !tracking(pair.split('=').next().unwrap_or("")))
        .collect();
    let mut out = path.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Whether two addresses name the same page: scheme, `www.`, case of the
/// host, a trailing slash and tracking parameters aside.
fn same_page(a: &str, b: &str) -> bool {
    let (a, b) = (without_tracking(a), without_tracking(b));
    let (a, b) = (a.as_str(), b.as_str());
    let key = |u: &str| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let rest = rest.split('#').next().unwrap_or("");
        let (host, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
        let host = host.to_ascii_lowercase();
        let host = host.trim_start_matches("www.").to_owned();
        format!("{host}{}", path.trim_end_matches('/'))
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_or_slash_redirect_is_not_a_move() {
        assert!(same_page(
            "http://www.News.example/a/",
            "https://news.example/a"
        ));
        assert!(!same_page(
            "https://news.example/a",
            "https://news.example/"
        ));
        assert!(!same_page(
            "https://news.example/a",
            "https://news.example/b"
        ));
        assert!(same_page(
            "https://news.example/a",
            "https://news.example/a?utm_source=rss&utm_medium=feed"
        ));
        assert!(!same_page(
            "https://news.example/a",
            "https://news.example/a?p=2&utm_source=rss"
        ));
        assert_eq!(
            without_tracking("https://news.example/b?utm_source=rss&id=4&fbclid=x#top"),
            "https://news.example/b?id=4#top"
        );
    }

    #[test]
    fn findings_say_what_to_do() {
        let f = Finding::BodyChanged {
            summary: "1 paragraph changed (2 words differ)".into(),
            correction: Some("Correction: the mayor".into()),
        };
        assert_eq!(
            f.message(),
            "1 paragraph changed (2 words differ); correction notice found: \"Correction: the mayor\""
        );
        assert!(
            f.fix("https://n.example/a")
                .contains("reprint import --update https://n.example/a")
        );
        assert_eq!(Finding::Gone { status: 410 }.id(), "gone");
        // A story removed for legal reasons is taken down, not retried.
        let legal = Finding::Gone { status: 451 };
        assert_eq!(legal.id(), "gone");
        assert!(
            legal
                .message()
                .contains("451 (Unavailable For Legal Reasons)")
        );
    }
}
