//! One printer per output format, for both diagnostics and compliance
//! reports. People always get diagnostics on stderr; a format may add its
//! own form on stdout (GitHub annotations).

use std::fmt::Write as _;

use reprint::comply::{Report, Violation};
use reprint::content::HeldReason;
use reprint::diagnostics::{Diagnostic, Paint};
use reprint::licences::Severity;

use super::args::Format;
use super::github;

/// How one output format shows reports and diagnostics.
pub trait Printer {
    /// The compliance report, for stdout.
    fn report(&self, report: &Report) -> String;

    /// What this format adds on stdout for a diagnostic, besides the
    /// human-readable form on stderr.
    fn diagnostic(&self, _d: &Diagnostic) -> Option<String> {
        None
    }
}

/// The printer for `format`; `colour` applies to text on a terminal.
pub fn printer(format: Format, colour: bool) -> Box<dyn Printer> {
    match format {
        Format::Text => Box::new(Text(Paint(colour))),
        Format::Json => Box::new(Json),
        Format::Github => Box::new(Github),
    }
}

/// One violation in the compiler style people read, with the place in the
/// article it points at when there is one; shared by the compliance report
/// and the audit.
pub fn violation(out: &mut String, paint: Paint, v: &Violation, at: Option<&str>) {
    let label = match v.severity {
        Severity::Error => paint.red(&format!("error[{}]", v.rule)),
        Severity::Warning => paint.yellow(&format!("warning[{}]", v.rule)),
    };
    let _ = writeln!(out, "  {label}: {}", v.message);
    if let Some(at) = at {
        let _ = writeln!(out, "    --> {at}");
    }
    if let Some(e) = &v.expected {
        let _ = writeln!(out, "    expected: {e}");
    }
    if let Some(f) = &v.found {
        let _ = writeln!(out, "    found:    {f}");
    }
    let _ = writeln!(out, "    {} {}", paint.cyan("fix:"), v.fix);
}

/// Compiler-style report for people: violations grouped by page.
struct Text(Paint);

impl Printer for Text {
    fn report(&self, report: &Report) -> String {
        let paint = self.0;
        let mut out = String::new();
        let shown = report.withheld.iter().chain(&report.pages);
        for p in shown.filter(|p| !p.violations.is_empty()) {
            let _ = writeln!(out, "{} ({}, {})", paint.bold(&p.source), p.url, p.licence);
            for (v, line) in &p.violations {
                violation(&mut out, paint, v, Some(&format!("{}:{line}", p.source)));
            }
            out.push('\n');
        }
        for h in &report.held {
            if let HeldReason::Withheld(rules) = &h.reason {
                let _ = writeln!(
                    out,
                    "{} {} ({}): fails {}",
                    paint.yellow("withheld:"),
                    h.path,
                    h.url,
                    rules.join(", ")
                );
            }
        }
        let summary = summary(report);
        let failed = report.pages.iter().filter(|p| !p.passed()).count();
        let _ = writeln!(out, "{}", paint.verdict(failed == 0, &summary));
        out
    }
}

fn summary(report: &Report) -> String {
    let pages = report.pages.len();
    let failed = report.pages.iter().filter(|p| !p.passed()).count();
    let (errors, warnings) = (report.error_count(), report.warning_count());
    format!(
        "compliance: {pages} page{} checked, {} passed, {failed} failed ({errors} error{}, {warnings} warning{})",
        plural(pages),
        pages - failed,
        plural(errors),
        plural(warnings),
    )
}

/// The JSON document DESIGN.md specifies (the same one a build writes as
/// `compliance.json`).
struct Json;

impl Printer for Json {
    fn report(&self, report: &Report) -> String {
        report.to_json()
    }
}

/// GitHub Actions workflow commands, one annotation per violation or diagnostic.
struct Github;

impl Printer for Github {
    fn report(&self, report: &Report) -> String {
        let mut out = String::new();
        for p in report.withheld.iter().chain(&report.pages) {
            for (v, line) in &p.violations {
                // A withheld article does not stop the build: a warning.
                let severity = if report.withheld.iter().any(|w| std::ptr::eq(w, p)) {
                    "warning"
                } else {
                    v.severity.id()
                };
                out.push_str(&github::annotation(
                    severity,
                    &p.source,
                    *line,
                    None,
                    Some(&format!("{} ({})", v.rule, p.url)),
                    &v.one_line(),
                ));
            }
        }
        out
    }

    fn diagnostic(&self, d: &Diagnostic) -> Option<String> {
        Some(github::annotation(
            d.severity.id(),
            &d.path.display().to_string(),
            d.line.max(1),
            Some(d.col.max(1)),
            None,
            &d.message,
        ))
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "1 article", "3 articles".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

#[cfg(test)]
mod tests {
    use reprint::comply::{PageVerdict, Violation};
    use reprint::licences::Rule;

    use super::*;

    fn report() -> Report {
        let violation = Violation {
            rule: Rule::Byline,
            severity: Severity::Error,
            message: "not shown on the page: \"Ana\"".to_owned(),
            expected: Some("visible text naming all 1 author".to_owned()),
            found: Some("no author named".to_owned()),
            fix: "show every author in the byline".to_owned(),
            field: None,
        };
        Report::new([
            PageVerdict {
                source: "content/news/a.md".to_owned(),
                url: "/news/a/".to_owned(),
                licence: "CC-BY-4.0".to_owned(),
                violations: vec![(violation, 4)],
                entry_of: None,
            },
            PageVerdict {
                source: "content/news/b.md".to_owned(),
                url: "/news/b/".to_owned(),
                licence: "CC-BY-4.0".to_owned(),
                violations: vec![],
                entry_of: None,
            },
        ])
    }

    #[test]
    fn text_report_groups_violations_by_page() {
        insta::assert_snapshot!(printer(Format::Text, false).report(&report()), @r#"
        content/news/a.md (/news/a/, CC-BY-4.0)
          error[byline]: not shown on the page: "Ana"
            --> content/news/a.md:4
            expected: visible text naming all 1 author
            found:    no author named
            fix: show every author in the byline

        compliance: 2 pages checked, 1 passed, 1 failed (1 error, 0 warnings)
        "#);
    }

    #[test]
    fn github_report_is_one_annotation_per_violation() {
        insta::assert_snapshot!(printer(Format::Github, false).report(&report()), @r#"::error file=content/news/a.md,line=4,title=byline (/news/a/)::not shown on the page: "Ana"; expected visible text naming all 1 author; found no author named. Fix: show every author in the byline"#);
    }

    #[test]
    fn diagnostics_render_for_people_and_for_github() {
        let d = Diagnostic::new("content/a.md", "unknown field `autors`")
            .at("---\nautors: [A]\n", 2, 1)
            .with_hint("did you mean `authors`?");
        insta::assert_snapshot!(d.render(false), @r"
        content/a.md:2:1: error: unknown field `autors`
          |
        2 | autors: [A]
          | ^
          hint: did you mean `authors`?
        ");
        insta::assert_snapshot!(
            printer(Format::Github, false).diagnostic(&d).unwrap_or_default(),
            @"::error file=content/a.md,line=2,col=1::unknown field `autors`"
        );
    }
}
