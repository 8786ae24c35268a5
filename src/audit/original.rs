//! `upstream` on a third-party page: the page meets the first publisher's
//! terms too, judged with `original` as their source. The engine judges
//! those rules on the page, except the ones that compare texts: on our own
//! pages it compares our article with the original's fingerprint, which
//! says nothing about someone else's copy. Here the page's text is
//! compared with the original's, fetched, as `unmodified` compares it
//! with the source's.

use crate::comply::Violation;
use crate::content::Article;
use crate::licences::{Registry, Rule, Severity};

use super::SourceText;
use super::diff::Attribution;
use super::judge::{RuleStatus, against_source, status_of};

/// The first publisher's rules that compare the page's text with the original's.
const TEXT_RULES: [Rule; 2] = [Rule::Unmodified, Rule::ChangesNoted];

/// The upstream profile's text rules the audit must judge itself.
pub(super) fn text_rules(article: &Article, licences: &Registry) -> Vec<Rule> {
    let Some(up) = article
        .original_licence
        .as_deref()
        .and_then(|id| licences.get(id))
    else {
        return Vec::new();
    };
    up.all_rules()
        .filter(|(r, s)| *s == Severity::Error && TEXT_RULES.contains(r))
        .map(|(r, _)| r)
        .collect()
}

/// Judges `upstream`: the engine's findings on the first publisher's other
/// rules (`engine`, all for rule `upstream`), and the page's text against
/// the original's (`original`) for its text rules.
pub(super) fn judge(
    article: &Article,
    licences: &Registry,
    engine: Vec<Violation>,
    original: &SourceText,
    page_text: &[String],
    attribution: &Attribution,
) -> (RuleStatus, Vec<Violation>) {
    let up_id = article
        .original_licence
        .as_deref()
        .and_then(|id| licences.get(id))
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let text_rules = text_rules(article, licences);
    let prefix = |r: Rule| format!("upstream `{up_id}` rule `{}`:", r.id());
    let mut found: Vec<Violation> = engine
        .into_iter()
        .filter(|v| {
            !text_rules
                .iter()
                .any(|r| v.message.starts_with(&prefix(*r)))
        })
        .collect();
    let mut unjudged = Vec::new();
    for rule in text_rules {
        let unmodified = rule == Rule::Unmodified;
        let (status, violations) = against_source(
            rule,
            Severity::Error,
            original,
            page_text,
            attribution,
            unmodified,
        );
        if let RuleStatus::NotJudged(why) = status {
            let why = why.replace("the source's", "the original's");
            unjudged.push(format!("{} {why}", prefix(rule)));
        }
        found.extend(violations.into_iter().map(|v| {
            Violation {
                rule: Rule::Upstream,
                message: format!(
                    "{} {}",
                    prefix(rule),
                    v.message.replace("the source's", "the original's")
                ),
                expected: v
                    .expected
                    .map(|e| e.replace("the source's", "the original's")),
                ..v
            }
        }));
    }
    // A failure found stands; otherwise a part that could not be judged
    // keeps the whole rule from passing.
    let failed = found.iter().any(|v| v.severity == Severity::Error);
    if !failed && !unjudged.is_empty() {
        return (RuleStatus::NotJudged(unjudged.join("; ")), found);
    }
    (status_of(&found), found)
}
