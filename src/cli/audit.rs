//! `reprint audit` and `reprint check --upstream`: read the arguments, call
//! the library, print the report in the asked format. Both exit 1 when
//! anything needs a person (a failing or unreachable page; a changed, gone,
//! moved or unreachable source) and 2 for bad arguments.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use reprint::audit::{
    self, AuditError, Flags, Outcome, RuleStatus, SourceText, Subject, TargetVerdict,
};
use reprint::diagnostics::Paint;
use reprint::import::fetch::FetchOptions;
use reprint::licences::Severity;
use reprint::upstream::{self, Checked, UpstreamError};

use super::args::{AuditArgs, CheckCmd, Format};
use super::{Status, Stop, colour_on, github, plural, print, stdout};

fn fetch_options(timeout: u64) -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(timeout.max(1)),
        ..Default::default()
    }
}

fn input_error(e: AuditError) -> Stop {
    match e {
        AuditError::Site(d) => Stop::input(d),
        AuditError::Input(message) => {
            eprintln!("error: {message}");
            Stop {
                diagnostics: Vec::new(),
                status: Status::Input,
            }
        }
    }
}

pub(super) fn run(root: &Path, args: AuditArgs) -> Result<Status, Stop> {
    let mut targets = args.targets.clone();
    if let Some(list) = &args.list {
        targets.extend(audit::read_list(list).map_err(input_error)?);
    }
    if targets.is_empty() {
        return Err(input_error(AuditError::Input(
            "no target: name republished pages (URLs or saved HTML files) or --list FILE".into(),
        )));
    }
    // A list's targets were checked as it was read, each with its line.
    for t in &args.targets {
        audit::check_target(t).map_err(|why| input_error(AuditError::Input(why)))?;
    }
    let options = fetch_options(args.timeout);
    let (subject, source) = match &args.article {
        Some(file) => {
            let subject = Subject::from_article(root, file).map_err(input_error)?;
            let source = audit::source_text(&subject, &options);
            (subject, source)
        }
        None => flags_subject(root, &args, &options)?,
    };
    let paint = Paint(colour_on(&std::io::stderr()));
    for note in subject.unused_flags() {
        eprintln!("{} {note}", paint.cyan("note:"));
    }
    let texts = audit::Texts {
        original: audit::original_text(&subject, &options),
        source,
    };
    let verdicts = audit::audit(&subject, &targets, &texts, &options, jiff::Timestamp::now());
    let text = match args.format {
        Format::Json => audit::report::to_json(&verdicts, &subject.label),
        Format::Github => github_audit(&verdicts, &subject.label),
        Format::Text => text_audit(&verdicts, Paint(colour_on(&std::io::stdout()))),
    };
    stdout(&text)?;
    Ok(if verdicts.iter().all(|v| v.status() == "pass") {
        Status::Success
    } else {
        Status::Violations
    })
}

/// Facts from flags; the source's text is read first, as the article's body,
/// so `links-kept` and `unmodified` have the original to compare with.
fn flags_subject(
    root: &Path,
    args: &AuditArgs,
    options: &FetchOptions,
) -> Result<(Subject, SourceText), Stop> {
    let flags = Flags {
        licence: args.licence.clone().unwrap_or_default(),
        source_url: args.source_url.clone().unwrap_or_default(),
        source_name: args.source_name.clone(),
        authors: args.authors.clone(),
        holder: args.holder.clone(),
        year: args.year.clone(),
        original_url: args.original_url.clone(),
        pixel: args.pixel.clone(),
    };
    // Checked once without a body, so bad flags stop before any fetch.
    let probe = Subject::from_flags(root, &flags, None).map_err(input_error)?;
    if !probe.needs_source_text() {
        return Ok((probe, SourceText::Unneeded));
    }
    let source = audit::read_source(&flags.source_url, options);
    let subject = match &source {
        SourceText::Read(body) => {
            Subject::from_flags(root, &flags, Some(body)).map_err(input_error)?
        }
        _ => probe,
    };
    Ok((subject, source))
}

fn text_audit(verdicts: &[TargetVerdict], paint: Paint) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut unjudged) = (0, 0, 0);
    for v in verdicts {
        let status = match v.status() {
            "pass" => paint.green("pass"),
            s => paint.red(s),
        };
        let _ = writeln!(out, "{} ({}): {status}", paint.bold(&v.target), v.licence);
        if v.url != v.target {
            let _ = writeln!(out, "  at {}", v.url);
        }
        match &v.outcome {
            Outcome::Unreachable(e) => {
                let _ = writeln!(out, "  {}", e);
            }
            Outcome::Judged { rules, violations } => {
                for x in violations {
                    match x.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                    }
                    print::violation(&mut out, paint, x, None);
                }
                for (rule, status) in rules {
                    if let RuleStatus::NotJudged(why) = status {
                        unjudged += 1;
                        let _ = writeln!(out, "  not judged[{rule}]: {why}");
                    }
                }
                let passed: Vec<String> = rules
                    .iter()
                    .filter(|(_, s)| *s == RuleStatus::Pass)
                    .map(|(r, _)| r.to_string())
                    .collect();
                if !passed.is_empty() {
                    let _ = writeln!(out, "  passed: {}", passed.join(", "));
                }
            }
        }
        out.push('\n');
    }
    let count = |s: &str| verdicts.iter().filter(|v| v.status() == s).count();
    let (passed, failed, unreachable) = (count("pass"), count("fail"), count("unreachable"));
    let summary = format!(
        "audit: {} page{} checked, {passed} passed, {failed} failed, {unreachable} unreachable ({errors} error{}, {warnings} warning{}, {unjudged} not judged)",
        verdicts.len(),
        plural(verdicts.len()),
        plural(errors),
        plural(warnings),
    );
    let _ = writeln!(out, "{}", paint.verdict(passed == verdicts.len(), &summary));
    out
}

/// One annotation per violation, unreachable page and rule not judged,
/// filed against the article (or `arguments`) with the target in the title.
fn github_audit(verdicts: &[TargetVerdict], label: &str) -> String {
    let mut out = String::new();
    for v in verdicts {
        match &v.outcome {
            Outcome::Unreachable(e) => out.push_str(&github::annotation(
                "error",
                label,
                1,
                None,
                Some(&format!("unreachable ({})", v.target)),
                e,
            )),
            Outcome::Judged { rules, violations } => {
                for x in violations {
                    out.push_str(&github::annotation(
                        x.severity.id(),
                        label,
                        1,
                        None,
                        Some(&format!("{} ({})", x.rule, v.target)),
                        &x.one_line(),
                    ));
                }
                for (rule, status) in rules {
                    if let RuleStatus::NotJudged(why) = status {
                        out.push_str(&github::annotation(
                            "notice",
                            label,
                            1,
                            None,
                            Some(&format!("{rule} not judged ({})", v.target)),
                            why,
                        ));
                    }
                }
            }
        }
    }
    out
}

pub(super) fn upstream(root: &Path, args: &CheckCmd) -> Result<Status, Stop> {
    let outcome = upstream::check(root, &fetch_options(args.timeout)).map_err(|e| match e {
        UpstreamError::Site(d) => Stop::input(d),
    })?;
    if let Some(e) = &outcome.cache_error {
        eprintln!(
            "warning: could not save {}: {e}",
            upstream::cache::Cache::path(root).display()
        );
    }
    let checked = &outcome.checked;
    let text = match args.common.format {
        Format::Json => upstream::report::to_json(checked),
        Format::Github => github_upstream(checked),
        Format::Text => text_upstream(checked, Paint(colour_on(&std::io::stdout()))),
    };
    stdout(&text)?;
    Ok(if checked.iter().all(|c| c.findings.is_empty()) {
        Status::Success
    } else {
        Status::Violations
    })
}

fn text_upstream(checked: &[Checked], paint: Paint) -> String {
    let mut out = String::new();
    for c in checked {
        if c.findings.is_empty() {
            let how = if c.not_modified {
                " (304 Not Modified)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{}: {}{how}",
                paint.bold(&c.source),
                paint.green("unchanged")
            );
            continue;
        }
        let _ = writeln!(out, "{} ({})", paint.bold(&c.source), c.url);
        for f in &c.findings {
            let _ = writeln!(out, "  {}: {}", paint.red(f.id()), f.message());
            let _ = writeln!(out, "    {} {}", paint.cyan("fix:"), f.fix(&c.url));
        }
    }
    let attention = checked.iter().filter(|c| !c.findings.is_empty()).count();
    let summary = format!(
        "upstream: {} source{} checked, {} unchanged, {attention} need{} an editor",
        checked.len(),
        plural(checked.len()),
        checked.len() - attention,
        if attention == 1 { "s" } else { "" },
    );
    let _ = writeln!(out, "{}", paint.verdict(attention == 0, &summary));
    out
}

fn github_upstream(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        for f in &c.findings {
            out.push_str(&github::annotation(
                "warning",
                &c.source,
                c.line,
                None,
                Some(&format!("upstream {}", f.id())),
                &format!("{}. Fix: {}", f.message(), f.fix(&c.url)),
            ));
        }
    }
    out
}
