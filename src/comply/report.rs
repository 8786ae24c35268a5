//! The verdicts of a build and the one policy that decides what a reader of
//! the report sees: a feed entry is listed only for what it breaks on its own.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::licences::{Rule, Severity};

use super::rules::Field;
use crate::content::{Held, Site};

/// One way a page falls short of its licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Violation {
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    /// What to change.
    pub fix: String,
    /// Front-matter key the fix concerns, for pointing at its line.
    pub field: Option<Field>,
}

/// The verdict on one checked page.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct PageVerdict {
    /// The article's source path (`content/news/iran.md`), or for a feed
    /// entry the feed's output path (`atom.xml`).
    pub source: String,
    pub url: String,
    pub licence: String,
    /// Line in the source file for each violation (front-matter field, or 1).
    pub violations: Vec<(Violation, usize)>,
    /// For a feed entry, the source path of its article.
    pub entry_of: Option<String>,
}

impl PageVerdict {
    pub fn passed(&self) -> bool {
        !self
            .violations
            .iter()
            .any(|(v, _)| v.severity == Severity::Error)
    }
}

/// Every checked page of a build, in page order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: Vec<PageVerdict>,
    /// Articles the build left out: held, withdrawn or withheld.
    pub held: Vec<Held>,
    /// The failing verdicts of the articles a withholding build left out.
    pub withheld: Vec<PageVerdict>,
    /// Old addresses that redirect to each article, by source path.
    pub aliases: Vec<(String, Vec<String>)>,
}

/// The article rules already reported on the articles' own pages: a feed
/// entry that fails one of them for the same front-matter reason adds nothing.
struct Reported<'a>(HashSet<(&'a str, Rule)>);

impl<'a> Reported<'a> {
    fn of(verdicts: impl IntoIterator<Item = &'a PageVerdict>) -> Reported<'a> {
        Reported(
            verdicts
                .into_iter()
                .filter(|v| v.entry_of.is_none())
                .flat_map(|v| {
                    v.violations
                        .iter()
                        .map(move |(x, _)| (v.source.as_str(), x.rule))
                })
                .collect(),
        )
    }

    /// Whether the report keeps this violation of this verdict.
    fn keeps(&self, verdict: &PageVerdict, rule: Rule) -> bool {
        match &verdict.entry_of {
            None => true,
            Some(article) => !self.0.contains(&(article.as_str(), rule)),
        }
    }
}

impl Report {
    /// The report on a build's verdicts, in page order. A feed entry is
    /// listed only for what it breaks on its own: its article's page already
    /// reports a rule it fails for the same front-matter reason, and a
    /// passing entry adds nothing to the article's own verdict.
    pub fn new(verdicts: impl IntoIterator<Item = PageVerdict>) -> Report {
        let verdicts: Vec<PageVerdict> = verdicts.into_iter().collect();
        let reported = Reported::of(&verdicts);
        let keep: Vec<Vec<bool>> = verdicts
            .iter()
            .map(|v| {
                v.violations
                    .iter()
                    .map(|(x, _)| reported.keeps(v, x.rule))
                    .collect()
            })
            .collect();
        let pages = verdicts
            .into_iter()
            .zip(keep)
            .filter_map(|(mut v, keep)| {
                let mut keep = keep.into_iter();
                v.violations.retain(|_| keep.next().unwrap_or(true));
                (v.entry_of.is_none() || !v.violations.is_empty()).then_some(v)
            })
            .collect();
        Report {
            pages,
            ..Report::default()
        }
    }

    /// How many pages the report on these verdicts would list as failing,
    /// without copying them: the count serve shows after each rebuild.
    pub fn failing_pages<'a, I>(verdicts: I) -> usize
    where
        I: IntoIterator<Item = &'a PageVerdict>,
        I::IntoIter: Clone,
    {
        let verdicts = verdicts.into_iter();
        let reported = Reported::of(verdicts.clone());
        verdicts
            .filter(|v| {
                v.violations
                    .iter()
                    .any(|(x, _)| x.severity == Severity::Error && reported.keeps(v, x.rule))
            })
            .count()
    }

    pub fn passed(&self) -> bool {
        self.pages.iter().all(PageVerdict::passed)
    }

    /// Records what the site left out, and each article's aliases.
    pub fn with_site(mut self, site: &Site) -> Report {
        self.held = site.held.clone();
        self.aliases = site
            .articles
            .iter()
            .filter(|a| !a.aliases.is_empty())
            .map(|a| (a.path.clone(), a.aliases.clone()))
            .collect();
        self
    }

    fn aliases_of(&self, source: &str) -> &[String] {
        self.aliases
            .iter()
            .find(|(s, _)| s == source)
            .map_or(&[], |(_, a)| a.as_slice())
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.pages
            .iter()
            .flat_map(|p| &p.violations)
            .filter(|(v, _)| v.severity == s)
            .count()
    }

    /// The JSON document DESIGN.md specifies.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing into memory cannot fail, and the report's shapes always serialise.
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The report as `compliance.json`, written as it is made: at 100,000
    /// pages the text is some 25 MB, never held whole.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let held = self
            .held
            .iter()
            .map(|h| HeldJson {
                source: &h.path,
                url: &h.url,
                title: &h.title,
                status: h.reason.status(),
                reason: h.reason.to_string(),
                violations: self
                    .withheld
                    .iter()
                    .filter(|v| v.source == h.path || v.entry_of.as_deref() == Some(&h.path))
                    .flat_map(|v| &v.violations)
                    .map(|(v, _)| ViolationJson::of(v))
                    .collect(),
            })
            .collect();
        let passed = self.pages.iter().filter(|p| p.passed()).count();
        let doc = Doc {
            summary: Summary {
                pages: self.pages.len(),
                passed,
                failed: self.pages.len() - passed,
                held: self.held.len(),
            },
            pages: PagesJson(self),
            held,
        };
        serde_json::to_writer_pretty(&mut *w, &doc)?;
        w.write_all(b"\n")
    }
}

/// Every page's entry, made one at a time as the report is written.
struct PagesJson<'a>(&'a Report);

impl Serialize for PagesJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        s.collect_seq(report.pages.iter().map(|p| {
            PageJson {
                source: &p.source,
                url: &p.url,
                licence: &p.licence,
                status: if p.passed() { "pass" } else { "fail" },
                violations: p
                    .violations
                    .iter()
                    .map(|(v, _)| ViolationJson::of(v))
                    .collect(),
                aliases: report.aliases_of(&p.source),
            }
        }))
    }
}

// The shapes of the JSON report (`Report::to_json`).

#[derive(Serialize)]
struct Doc<'a> {
    pages: PagesJson<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    held: Vec<HeldJson<'a>>,
    summary: Summary,
}
#[derive(Serialize)]
struct PageJson<'a> {
    source: &'a str,
    url: &'a str,
    licence: &'a str,
    status: &'static str,
    violations: Vec<ViolationJson>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
}
#[derive(Serialize)]
struct HeldJson<'a> {
    source: &'a str,
    url: &'a str,
    title: &'a str,
    status: &'static str,
    reason: String,
    violations: Vec<ViolationJson>,
}
#[derive(Serialize)]
struct ViolationJson {
    rule: &'static str,
    severity: Severity,
    message: String,
}

impl ViolationJson {
    fn of(v: &Violation) -> Self {
        ViolationJson {
            rule: v.rule.id(),
            severity: v.severity,
            message: v.one_line(),
        }
    }
}
#[derive(Serialize)]
struct Summary {
    pages: usize,
    passed: usize,
    failed: usize,
    /// Articles left out: held, withdrawn or withheld.
    #[serde(skip_serializing_if = "is_zero")]
    held: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Violation {
    /// Message, expectation and fix in one line, for JSON and CI.
    pub fn one_line(&self) -> String {
        let mut s = self.message.clone();
        if let Some(e) = &self.expected {
            let _ = write!(s, "; expected {e}");
        }
        if let Some(f) = &self.found {
            let _ = write!(s, "; found {f}");
        }
        let _ = write!(s, ". Fix: {}", self.fix);
        s
    }
}

/// A violation of `rule`, an error until the profile says otherwise.
pub(super) fn violation(
    rule: Rule,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Violation {
    Violation {
        rule,
        severity: Severity::Error,
        message: message.into(),
        expected: None,
        found: None,
        fix: fix.into(),
        field: None,
    }
}

impl Violation {
    pub(super) fn expected(mut self, e: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self
    }
    pub(super) fn found(mut self, f: impl Into<String>) -> Self {
        self.found = Some(f.into());
        self
    }
    pub(super) fn field(mut self, f: Field) -> Self {
        self.field = Some(f);
        self
    }
}
