//! The compliance pass: each rendered article page is parsed once with a real
//! HTML parser, the facts every rule needs are gathered in that one walk, and
//! the article's licence profile decides which rules apply.
//!
//! `facts` gathers what a page shows, `urls` compares addresses and licence
//! keys, `rules` holds one check per rule, `feed` holds feed entries to the
//! same rules, and `report` turns verdicts into the report and its policy.

mod facts;
mod feed;
mod matching;
mod report;
mod rules;
mod urls;
mod visibility;

use jiff::Timestamp;

use crate::content::{Article, Site};
use crate::licences::{Commercial, Profile, Rule, Severity};

pub use facts::PageFacts;
pub use feed::check_feed;
pub use matching::{fold, normalise_text};
pub use report::{PageVerdict, Report, Violation};
pub use rules::Field;
pub use urls::normalise_url;

/// Everything the checks need besides the page.
pub struct CheckContext<'a> {
    pub site: &'a Site,
    /// The build's date, for rights windows.
    pub now: Timestamp,
    /// Article index by absolute URL, to find a feed entry's article.
    by_permalink: std::collections::HashMap<String, usize>,
}

impl<'a> CheckContext<'a> {
    pub fn new(site: &'a Site, now: Timestamp) -> CheckContext<'a> {
        let by_permalink = site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (site.config.permalink(&a.url), i))
            .collect();
        CheckContext {
            site,
            now,
            by_permalink,
        }
    }
}

/// Checks one rendered article page against its licence profile.
pub fn check_article(cx: &CheckContext, article: &Article, html: &str) -> PageVerdict {
    let site = cx.site;
    let mut violations: Vec<Violation> = Vec::new();
    let Some(profile) = site.licences.get(&article.licence) else {
        return PageVerdict {
            source: article.path.clone(),
            url: article.url.clone(),
            licence: article.licence.clone(),
            violations: Vec::new(),
            entry_of: None,
        };
    };
    let facts = PageFacts::extract(html);
    for (rule, severity) in applicable_rules(profile, article) {
        for mut v in rules::check(cx, rule, article, profile, &facts) {
            v.severity = severity;
            violations.push(v);
        }
    }
    let violations = violations
        .into_iter()
        .map(|v| {
            let line = field_line(article, v.field);
            (v, line)
        })
        .collect();
    PageVerdict {
        source: article.path.clone(),
        url: article.url.clone(),
        licence: profile.id.clone(),
        violations,
        entry_of: None,
    }
}

/// The front-matter line a violation's fix belongs on: the field's own
/// line (`source.url` inside `source`), else its parent key's, else the
/// `licence` line, since the licence is what asks for the missing field or
/// for what the theme must show.
fn field_line(article: &Article, field: Option<Field>) -> usize {
    // `line_of` answers line 1 (the opening `---`) for a key it lacks.
    let found = |key: &str| Some(article.line_of(key)).filter(|l| *l > 1);
    field
        .and_then(|f| {
            let key = f.key();
            found(key).or_else(|| key.split_once('.').and_then(|(parent, _)| found(parent)))
        })
        .or_else(|| found("licence"))
        .or_else(|| found("license"))
        .unwrap_or(1)
}

/// When a rule the profile does not list applies all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The article's front matter sets `rights`.
    Rights,
    /// The article's front matter sets `image`.
    Image,
    /// Every article under this profile.
    Always,
}

impl Trigger {
    fn holds(self, article: &Article) -> bool {
        match self {
            Trigger::Rights => article.rights.is_some(),
            Trigger::Image => article.image.is_some(),
            Trigger::Always => true,
        }
    }
}

/// The rules an article's own front matter (or the profile's commercial
/// terms) brings in besides the profile's list, each held as an error:
/// `rights-window` when `rights` is set, `image-rights` when `image` is set,
/// `non-commercial` when the profile restricts commercial use.
pub fn implied_rules(profile: &Profile) -> Vec<(Rule, Trigger)> {
    let mut implied = vec![
        (Rule::RightsWindow, Trigger::Rights),
        (Rule::ImageRights, Trigger::Image),
    ];
    if profile.commercial != Commercial::Allowed {
        implied.push((Rule::NonCommercial, Trigger::Always));
    }
    implied
}

/// The profile's rules, plus the [`implied_rules`] the article triggers
/// that the profile does not already list.
pub fn applicable_rules(profile: &Profile, article: &Article) -> Vec<(Rule, Severity)> {
    let mut rules: Vec<(Rule, Severity)> = profile.all_rules().collect();
    for (rule, trigger) in implied_rules(profile) {
        if trigger.holds(article) && !rules.iter().any(|(r, _)| *r == rule) {
            rules.push((rule, Severity::Error));
        }
    }
    rules
}
