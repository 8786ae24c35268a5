//! A first verdict on an imported article, before anything is rendered:
//! which of its profile's rules still lack a fact. `reprint check` gives
//! the real verdict on the rendered page.

use super::facts::Facts;
use crate::licences::{Registry, Rule};

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// No licence was found or given, so no rules can be named.
    NoLicence,
    /// An id no built-in or site profile knows.
    UnknownLicence(String),
    /// Every rule has the facts it needs; `check` judges the page.
    Ready { licence: String },
    /// Rules and the fields they still need.
    Missing {
        licence: String,
        missing: Vec<(Rule, &'static str)>,
    },
}

pub fn verdict(facts: &Facts, licence_flag: Option<&str>, registry: &Registry) -> Verdict {
    let Some(id) = licence_flag.or(facts.licence.as_ref().map(|l| l.value.as_str())) else {
        return Verdict::NoLicence;
    };
    let Some(profile) = registry.get(id) else {
        return Verdict::UnknownLicence(id.to_owned());
    };
    let mut missing = Vec::new();
    for (rule, _) in profile.all_rules() {
        // Rules that share a field (source-link and canonical) name it once.
        for need in lacking(rule, facts) {
            if !missing.iter().any(|(_, n)| *n == need) {
                missing.push((rule, need));
            }
        }
    }
    // An excerpt is no copy of the story: an unmodified one needs the
    // whole text, and a changed one would be a cut the page never notes.
    if facts.excerpt.is_some() {
        let rule = match profile.has_rule(Rule::ChangesNoted) && !profile.has_rule(Rule::Unmodified)
        {
            true => Rule::ChangesNoted,
            false => Rule::Unmodified,
        };
        missing.push((rule, "the whole text (the body is the feed's excerpt)"));
    }
    let licence = profile.id.clone();
    if missing.is_empty() {
        Verdict::Ready { licence }
    } else {
        Verdict::Missing { licence, missing }
    }
}

/// The front-matter fields `rule` needs that the import did not find.
fn lacking(rule: Rule, facts: &Facts) -> Vec<&'static str> {
    // Only a named original needs its address, and only an image its credit.
    let no_original_url = facts
        .original
        .as_ref()
        .is_some_and(|o| o.value.url.is_none());
    let no_image_credit = facts
        .image
        .as_ref()
        .is_some_and(|i| i.value.credit.is_none());
    let needs = match rule {
        Rule::Copyright => vec![
            (facts.copyright_holder.is_none(), "copyright.holder"),
            (facts.copyright_year.is_none(), "copyright.year"),
        ],
        Rule::Byline => vec![(facts.authors.is_none(), "authors")],
        Rule::SourceLink | Rule::Canonical => vec![(facts.source_url.is_none(), "source.url")],
        Rule::Credit => vec![(facts.source_name.is_none(), "source.name")],
        Rule::OriginalLink => vec![(no_original_url, "original.url")],
        Rule::Pixel => vec![(facts.pixel.is_none(), "pixel")],
        Rule::ImageRights => vec![(no_image_credit, "image.credit")],
        _ => vec![],
    };
    needs
        .into_iter()
        .filter_map(|(lacks, field)| lacks.then_some(field))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::found;

    #[test]
    fn names_the_rules_still_missing_facts() {
        let facts = Facts {
            licence: found("CC-BY-4.0".to_owned(), "rel=license link"),
            source_url: found("https://example.org/a".to_owned(), "canonical"),
            ..Facts::default()
        };
        let registry = Registry::builtin();
        match verdict(&facts, None, &registry) {
            Verdict::Missing { licence, missing } => {
                assert_eq!(licence, "CC-BY-4.0");
                let fields: Vec<&str> = missing.iter().map(|(_, f)| *f).collect();
                assert!(fields.contains(&"authors"), "{fields:?}");
                assert!(!fields.contains(&"source.url"));
                assert!(fields.contains(&"copyright.holder") && fields.contains(&"copyright.year"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            verdict(&Facts::default(), None, &registry),
            Verdict::NoLicence
        );
        assert_eq!(
            verdict(&facts, Some("nope"), &registry),
            Verdict::UnknownLicence("nope".into())
        );
    }
}
