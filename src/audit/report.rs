//! The audit report as JSON: the schema of `check`'s report (`pages` and
//! `summary`), with the target of each entry, every rule's status
//! (`pass`, `fail`, `warning`, `not-judged` with its reason) and the
//! `unreachable` status for a page that could not be read.

use serde::Serialize;

use crate::licences::Severity;

use super::{Outcome, RuleStatus, TargetVerdict};

#[derive(Serialize)]
struct Doc<'a> {
    pages: Vec<PageJson<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct PageJson<'a> {
    target: &'a str,
    source: &'a str,
    url: &'a str,
    licence: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    violations: Vec<ViolationJson>,
    rules: Vec<RuleJson<'a>>,
}

#[derive(Serialize)]
struct ViolationJson {
    rule: &'static str,
    severity: Severity,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<String>,
}

#[derive(Serialize)]
struct RuleJson<'a> {
    rule: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    pages: usize,
    passed: usize,
    failed: usize,
    unreachable: usize,
}

/// The JSON document for `reprint audit --format json`; `source` names
/// where the facts came from (our article's path, or `arguments`).
pub fn to_json(verdicts: &[TargetVerdict], source: &str) -> String {
    let pages: Vec<PageJson> = verdicts
        .iter()
        .map(|v| {
            let (error, violations, rules) = match &v.outcome {
                Outcome::Unreachable(e) => (Some(e.as_str()), Vec::new(), Vec::new()),
                Outcome::Judged { rules, violations } => (
                    None,
                    violations
                        .iter()
                        .map(|x| ViolationJson {
                            rule: x.rule.id(),
                            severity: x.severity,
                            message: x.one_line(),
                            expected: x.expected.clone(),
                            found: x.found.clone(),
                        })
                        .collect(),
                    rules
                        .iter()
                        .map(|(r, s)| RuleJson {
                            rule: r.id(),
                            status: s.id(),
                            reason: match s {
                                RuleStatus::NotJudged(why) => Some(why.as_str()),
                                _ => None,
                            },
                        })
                        .collect(),
                ),
            };
            PageJson {
                target: &v.target,
                source,
                url: &v.url,
                licence: &v.licence,
                status: v.status(),
                error,
                violations,
                rules,
            }
        })
        .collect();
    let count = |s: &str| verdicts.iter().filter(|v| v.status() == s).count();
    let doc = Doc {
        summary: Summary {
            pages: verdicts.len(),
            passed: count("pass"),
            failed: count("fail"),
            unreachable: count("unreachable"),
        },
        pages,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
