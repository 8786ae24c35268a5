//! Terms about the article body — where the credit stands, how long an
//! excerpt may be — on a third-party page. The build judges them on the
//! element our theme marks; an audit judges them on the page's story as
//! [`Story`] finds it, and lets the engine judge every other rule (the
//! credit's wording included) without them.

use crate::comply::Violation;
use crate::licences::{CreditPosition, Profile, Registry, Rule};

use super::Subject;
use super::diff::Attribution;
use super::judge::{RuleStatus, violation_like};
use super::story::{Story, TrailerProblem};

/// Whether the profile has terms only a marked body shows.
fn has_body_terms(profile: &Profile) -> bool {
    profile.conditions.needs_body_marker() || profile.conditions.excerpt.is_some()
}

/// The profiles the engine judges the page with: the story's profile
/// without its body terms, which [`credit_position`] and [`excerpt`] judge.
pub(super) fn engine_licences(subject: &Subject, profile: &Profile) -> Registry {
    if !has_body_terms(profile) {
        return subject.licences.clone();
    }
    let mut config = subject.config.clone();
    for (id, table) in config.licences.iter_mut() {
        if id.eq_ignore_ascii_case(&profile.id) {
            let table = table.get_mut();
            table.credit_position = None;
            table.excerpt = None;
        }
    }
    // The same tables read once already; should they not read again, the
    // engine reports the unmarked body and the caller judges nothing.
    Registry::from_config(&config).unwrap_or_else(|_| subject.licences.clone())
}

/// Where the (shown) credit stands, judged on the page's story: `Ok(None)`
/// where the terms ask, `Err` with the reason when it cannot be judged.
pub(super) fn credit_position(
    subject: &Subject,
    profile: &Profile,
    story: &Option<Story>,
) -> Result<Option<Violation>, String> {
    let Some(position) = profile
        .conditions
        .credit_position
        .filter(|p| *p != CreditPosition::Any)
    else {
        return Ok(None);
    };
    let Some(Ok(credit)) = subject.article.credit(profile, "") else {
        return Ok(None);
    };
    let Some(story) = story else {
        return Err(format!(
            "the credit is shown, but the page's story could not be found to tell whether the credit stands at its {}",
            position.id()
        ));
    };
    let Err(found) = story.credit_at(&credit, position) else {
        return Ok(None);
    };
    let place = match position {
        CreditPosition::Bottom => "after the story's last paragraph",
        _ => "before the story's first paragraph",
    };
    let mut v = violation_like(
        Rule::Credit,
        format!("the credit is not at the {} of the story", position.id()),
        &format!("ask the republisher to show the credit {place}"),
    );
    v.expected = Some(format!("{credit:?} {place}"));
    v.found = Some(found);
    Ok(Some(v))
}

/// An excerpt-only story: at most so many paragraphs of the page's story
/// (the credit and trailer not counted), ending with the trailer, which
/// links the source.
pub(super) fn excerpt(
    subject: &Subject,
    profile: &Profile,
    story: &Option<Story>,
    attribution: &Attribution,
    url: Option<&str>,
) -> (RuleStatus, Vec<Violation>) {
    let Some(terms) = &profile.conditions.excerpt else {
        return (RuleStatus::Pass, Vec::new());
    };
    let a = &subject.article;
    let Some(story) = story else {
        return (
            RuleStatus::NotJudged(
                "the page's story could not be found, so its paragraphs cannot be counted".into(),
            ),
            Vec::new(),
        );
    };
    let credit = a.credit(profile, "").and_then(Result::ok);
    let trailer = match &terms.trailer {
        None => None,
        Some(t) => match t.fill(|p| a.credit_value(p, profile, "")) {
            Ok(text) => Some(text),
            Err(missing) => {
                let names: Vec<&str> = missing.iter().map(|p| p.name()).collect();
                return (
                    RuleStatus::NotJudged(format!(
                        "the excerpt's trailer needs {}, which {} not give",
                        names.join(", "),
                        if subject.from_flags {
                            "the flags do"
                        } else {
                            "the article does"
                        }
                    )),
                    Vec::new(),
                );
            }
        },
    };
    let mut found = Vec::new();
    let counted = story
        .counted(credit.as_deref(), trailer.as_deref(), attribution)
        .len();
    let max = terms.max_paragraphs;
    if counted > max {
        let mut v = violation_like(
            Rule::Excerpt,
            format!(
                "the page runs {counted} paragraphs of the story; the terms allow an excerpt of at most {max}"
            ),
            &format!(
                "ask the republisher to cut the story to its first {max} paragraphs and link the rest"
            ),
        );
        v.expected = Some(format!(
            "at most {max} paragraph{}",
            if max == 1 { "" } else { "s" }
        ));
        v.found = Some(counted.to_string());
        found.push(v);
    }
    if let Some(trailer) = &trailer {
        let base = url.and_then(super::judge::config_base).unwrap_or_default();
        let source = a.source.as_ref().and_then(|s| s.url.as_deref());
        let problem = story.trailer_problem(trailer, credit.as_deref(), attribution, source, &base);
        found.extend(problem.map(|p| trailer_violation(p, trailer, source)));
    }
    (super::judge::status_of(&found), found)
}

/// What is wrong with the trailer, as a violation.
fn trailer_violation(problem: TrailerProblem, trailer: &str, source: Option<&str>) -> Violation {
    let (message, seen) = match problem {
        TrailerProblem::Unlinked => (
            "the excerpt's trailer does not link to the source article",
            "a trailer without that link",
        ),
        TrailerProblem::NotLast => (
            "the excerpt does not end with its trailer",
            "the trailer, but not after the story's last paragraph",
        ),
        TrailerProblem::Missing => ("the excerpt does not end with its trailer", "no trailer"),
    };
    let mut v = violation_like(
        Rule::Excerpt,
        message.to_owned(),
        &format!("ask the republisher to end the excerpt with {trailer:?}, linking the story"),
    );
    v.expected = Some(format!(
        "the story's last paragraph reading {trailer:?}, linking {}",
        source.unwrap_or("the story")
    ));
    v.found = Some(seen.to_owned());
    v
}
