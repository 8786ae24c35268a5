//! One check per rule. [`check`] only dispatches: each rule's check reads
//! the article's front matter and the page's facts and says what is wrong.

mod attribution;
mod reuse;
mod terms;

use crate::content::Article;
use crate::licences::{Placeholder, Profile, Rule};

use super::CheckContext;
use super::facts::PageFacts;
use super::report::Violation;

/// A front-matter key a fix concerns, for pointing at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Field {
    Title,
    Authors,
    Date,
    Source,
    /// `source.url`, inside `source`.
    SourceUrl,
    Original,
    /// `original.url`, inside `original`.
    OriginalUrl,
    Copyright,
    Licence,
    Site,
    Pixel,
    Changes,
    Fingerprint,
    Permission,
    Rights,
    Image,
}

impl Field {
    /// The key as the front matter spells it.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Authors => "authors",
            Field::Date => "date",
            Field::Source => "source",
            Field::SourceUrl => "source.url",
            Field::Original => "original",
            Field::OriginalUrl => "original.url",
            Field::Copyright => "copyright",
            Field::Licence => "licence",
            Field::Site => "site",
            Field::Pixel => "pixel",
            Field::Changes => "changes",
            Field::Fingerprint => "fingerprint",
            Field::Permission => "permission",
            Field::Rights => "rights",
            Field::Image => "image",
        }
    }

    /// The top-level key a credit placeholder reads (`source.name` is in `source`).
    fn of_placeholder(p: Placeholder) -> Field {
        match p {
            Placeholder::Title => Field::Title,
            Placeholder::Authors => Field::Authors,
            Placeholder::Date => Field::Date,
            Placeholder::SourceName | Placeholder::SourceUrl => Field::Source,
            Placeholder::OriginalName | Placeholder::OriginalUrl => Field::Original,
            Placeholder::CopyrightHolder | Placeholder::CopyrightYear => Field::Copyright,
            Placeholder::LicenceName | Placeholder::LicenceUrl => Field::Licence,
            Placeholder::SiteTitle => Field::Site,
            Placeholder::Author | Placeholder::Affiliation => Field::Authors,
        }
    }
}

/// What every check reads.
#[derive(Clone, Copy)]
struct Input<'a, 's> {
    cx: &'a CheckContext<'s>,
    rule: Rule,
    a: &'a Article,
    profile: &'a Profile,
    facts: &'a PageFacts,
    /// The site's base URL, for resolving relative links.
    base: &'a str,
}

/// Checks one rule on one page (or feed entry).
pub(super) fn check(
    cx: &CheckContext,
    rule: Rule,
    a: &Article,
    profile: &Profile,
    facts: &PageFacts,
) -> Vec<Violation> {
    let check: fn(&Input) -> Vec<Violation> = match rule {
        Rule::Byline => attribution::byline,
        Rule::Copyright => attribution::copyright,
        Rule::Credit => attribution::credit,
        Rule::SourceLink => attribution::source_link,
        Rule::OriginalLink => attribution::original_link,
        Rule::LicenceLink => attribution::licence_link,
        Rule::Canonical => attribution::canonical,
        Rule::Noindex => reuse::noindex,
        Rule::Pixel => reuse::pixel,
        Rule::LinksKept => reuse::links_kept,
        Rule::Unmodified => reuse::unmodified,
        Rule::ChangesNoted => reuse::changes_noted,
        Rule::NonCommercial => reuse::non_commercial,
        Rule::ShareAlike => reuse::share_alike,
        Rule::RightsWindow => reuse::rights_window,
        Rule::ImageRights => reuse::image_rights,
        Rule::Title => terms::title,
        Rule::Excerpt => terms::excerpt,
        Rule::Upstream => terms::upstream,
    };
    check(&Input {
        cx,
        rule,
        a,
        profile,
        facts,
        base: cx.site.config.base_url.as_str(),
    })
}

pub(super) use reuse::body_kept;

/// Up to six items, for a `found:` line.
fn list_found(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else if items.len() > 6 {
        format!("{} and {} more", items[..6].join(", "), items.len() - 6)
    } else {
        items.join(", ")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod terms_tests;
