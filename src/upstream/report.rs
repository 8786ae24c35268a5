//! The `check --upstream` report as JSON: one entry per article with a
//! source address, its status and what an editor should do.

use serde::Serialize;

use super::{Checked, Finding};

#[derive(Serialize)]
struct Doc<'a> {
    articles: Vec<ArticleJson<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    source: &'a str,
    url: &'a str,
    /// `unchanged`, or the first finding's kind.
    status: &'static str,
    not_modified: bool,
    findings: Vec<FindingJson>,
}

#[derive(Serialize)]
struct FindingJson {
    kind: &'static str,
    message: String,
    fix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correction: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    articles: usize,
    unchanged: usize,
    /// Articles with at least one finding.
    attention: usize,
}

pub fn to_json(checked: &[Checked]) -> String {
    let articles: Vec<ArticleJson> = checked
        .iter()
        .map(|c| ArticleJson {
            source: &c.source,
            url: &c.url,
            status: c.status(),
            not_modified: c.not_modified,
            findings: c
                .findings
                .iter()
                .map(|f| {
                    let (from, to, correction) = match f {
                        Finding::LicenceChanged { from, to } => {
                            (Some(from.clone()), Some(to.clone()), None)
                        }
                        Finding::Moved { to } => (None, Some(to.clone()), None),
                        Finding::BodyChanged { correction, .. } => (None, None, correction.clone()),
                        _ => (None, None, None),
                    };
                    FindingJson {
                        kind: f.id(),
                        message: f.message(),
                        fix: f.fix(&c.url),
                        from,
                        to,
                        correction,
                    }
                })
                .collect(),
        })
        .collect();
    let unchanged = checked.iter().filter(|c| c.findings.is_empty()).count();
    let doc = Doc {
        summary: Summary {
            articles: checked.len(),
            unchanged,
            attention: checked.len() - unchanged,
        },
        articles,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
