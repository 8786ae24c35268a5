//! What an audit asks of a republisher, rule by rule, in words that fit
//! someone else's page rather than our own build.

use crate::comply::Violation;
use crate::licences::{Profile, Rule};

/// A window not yet open is an embargo, not a closed window: said so, in
/// words that fit someone else's page rather than our build.
pub(super) fn embargo(v: &mut Violation, article: &crate::content::Article, now: jiff::Timestamp) {
    let Some(from) = article.rights.as_ref().and_then(|r| r.from.as_ref()) else {
        return;
    };
    if now < from.timestamp && v.message.starts_with("the right to republish starts") {
        let from = from.iso();
        v.message = format!("the right to republish starts on {from}: the embargo has not lifted");
        v.fix = format!(
            "ask the republisher to take the story down until {from}: the embargo has not lifted"
        );
    }
}

/// What to ask of a republisher whose copy changed the story: the edits
/// the profile allows, or none.
pub(super) fn unmodified_advice(profile: &Profile) -> String {
    use crate::licences::EditKind;
    let allowed: Vec<&str> = profile
        .conditions
        .allowed_edits
        .iter()
        .map(|k| match k {
            EditKind::Headline => "a new headline",
            EditKind::TimePlace => "time and place references",
            EditKind::Style => "house style",
            EditKind::CutsWithApproval => "cuts the publisher approves",
            EditKind::Translation => "translation",
        })
        .collect();
    match allowed.as_slice() {
        [] => "ask the republisher to run the story unchanged: the terms allow no edits".to_owned(),
        [one] => format!(
            "ask the republisher to run the story unchanged: the terms allow no edits beyond {one}"
        ),
        [rest @ .., last] => format!(
            "ask the republisher to run the story unchanged: the terms allow no edits beyond {} and {last}",
            rest.join(", ")
        ),
    }
}

/// What to ask of a republisher, rule by rule.
pub(super) fn advice(rule: Rule) -> &'static str {
    // Rules added to the engine later get the general advice.
    #[allow(unreachable_patterns)]
    match rule {
        Rule::Byline => "ask the republisher to show every author's name in the byline",
        Rule::Copyright => {
            "ask the republisher to keep the copyright line, with the year and the holder"
        }
        Rule::SourceLink => {
            "ask the republisher to link the story's own address, not the publisher's home page"
        }
        Rule::OriginalLink => "ask the republisher to link the original publisher's story",
        Rule::LicenceLink => {
            "ask the republisher to link the story's licence with rel=\"license\", and not to claim it under their own"
        }
        Rule::Canonical => {
            "ask the republisher to point the page's one canonical link at the story"
        }
        Rule::Noindex => {
            "ask the republisher to add <meta name=\"robots\" content=\"noindex\"> to this copy"
        }
        Rule::Credit => "ask the republisher to show the credit line exactly as the terms word it",
        Rule::Pixel => {
            "ask the republisher to restore the tracking pixel; CMS sanitisers and lazy-loading often strip it"
        }
        Rule::LinksKept => "ask the republisher to keep every link of the story",
        Rule::Unmodified => "ask the republisher to run the story unchanged",
        Rule::ChangesNoted => "ask the republisher to say how the story was changed",
        Rule::ShareAlike => {
            "ask the republisher to offer the adaptation under the story's ShareAlike licence"
        }
        Rule::RightsWindow => {
            "ask the republisher to take the story down: the republication window has closed"
        }
        Rule::ImageRights => {
            "ask the republisher to remove the photo: the licence does not cover it"
        }
        Rule::Upstream => {
            "ask the republisher to meet the first publisher's terms too: the story is theirs before it is ours"
        }
        _ => "ask the republisher to meet the story's terms",
    }
}
