//! The compliance pass: each rendered article page is parsed once with a real
//! HTML parser, the facts every rule needs are gathered in that one walk, and
//! the article's licence profile decides which rules apply.
//!
//! `facts` gathers what a page shows, `urls` compares addresses and licence
//! keys, `rules` holds one check per rule, `feed` holds feed entries to the
//! same rules, and `report` turns verdicts into the report and its policy.

mod csp;
mod facts;
mod feed;
mod linked;
mod matching;
mod region;
mod report;
mod rules;
mod stylesheet;
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
    /// Article index by URL (`/news/a/`), to find a feed entry's article;
    /// made when a feed is first checked (serve's rebuilds often check none).
    by_url: std::sync::OnceLock<foldhash::HashMap<&'a str, usize>>,
    /// What a feed entry's link may name, in the canonical form of
    /// [`normalise_url`]: each article's page and source, and the site's
    /// own pages (`None`), which are no article.
    by_key: std::sync::OnceLock<foldhash::HashMap<String, Option<usize>>>,
    /// The site's style sheets, read when the first article page is checked.
    sheets: std::sync::OnceLock<linked::LinkedSheets>,
}

/// What a feed entry's links lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryTarget {
    Article(usize),
    /// One of the site's own pages, which carry no licence to check.
    OwnPage,
    Unknown,
}

impl<'a> CheckContext<'a> {
    pub fn new(site: &'a Site, now: Timestamp) -> CheckContext<'a> {
        CheckContext {
            site,
            now,
            by_url: std::sync::OnceLock::new(),
            by_key: std::sync::OnceLock::new(),
            sheets: std::sync::OnceLock::new(),
        }
    }

    /// A context for pages that are not the site's own (an audited page):
    /// the site's style sheets are not theirs, and never apply to them.
    pub fn for_other_pages(self) -> CheckContext<'a> {
        let _ = self.sheets.set(linked::LinkedSheets::default());
        self
    }

    /// The site's style sheets as the page at site path `page` links them.
    fn sheets_of<'p>(&'p self, page: &'p str) -> linked::PageSheets<'p> {
        linked::PageSheets {
            sheets: self
                .sheets
                .get_or_init(|| linked::LinkedSheets::load(self.site)),
            page,
        }
    }

    /// What the first of `links` that leads anywhere leads to: the page of
    /// an article (or its source, which a feed may link instead), one of the
    /// site's own pages, or nothing the site knows.
    pub(crate) fn entry_target<'l>(
        &self,
        links: impl IntoIterator<Item = &'l str> + Clone,
    ) -> EntryTarget {
        // A theme links an entry to its article's page as the site writes
        // it: found at once, without the canonical forms of every address.
        for link in links.clone() {
            if let Some(&i) = self.article_at(link.trim()) {
                return EntryTarget::Article(i);
            }
        }
        let site = self.site;
        let base = site.config.base_url.as_str();
        let keys = self.by_key.get_or_init(|| {
            let mut keys = foldhash::HashMap::default();
            for (i, a) in site.articles.iter().enumerate() {
                let sources = a.source.iter().filter_map(|s| s.url.as_deref());
                for url in sources {
                    if let Some(key) = normalise_url(url, base) {
                        keys.entry(key).or_insert(Some(i));
                    }
                }
            }
            // An article's own page before any article's source.
            for (i, a) in site.articles.iter().enumerate() {
                if let Some(key) = normalise_url(&site.config.permalink(&a.url), base) {
                    keys.insert(key, Some(i));
                }
            }
            let own = site
                .pages
                .iter()
                .map(|p| p.url.as_str())
                .chain(site.sections.iter().map(|s| s.url.as_str()))
                .chain(["/"]);
            for url in own {
                if let Some(key) = normalise_url(&site.config.permalink(url), base) {
                    keys.entry(key).or_insert(None);
                }
            }
            keys
        });
        for link in links {
            match normalise_url(link.trim(), base).and_then(|k| keys.get(&k)) {
                Some(Some(i)) => return EntryTarget::Article(*i),
                Some(None) => return EntryTarget::OwnPage,
                None => {}
            }
        }
        EntryTarget::Unknown
    }

    /// The article published at the absolute URL `url`.
    fn article_at(&self, url: &str) -> Option<&usize> {
        let site = self.site;
        // An article's absolute URL is the base URL, then its own.
        let own = url.strip_prefix(site.config.base_url.trim_end_matches('/'))?;
        self.by_url
            .get_or_init(|| {
                let articles = site.articles.iter().enumerate();
                articles.map(|(i, a)| (a.url.as_str(), i)).collect()
            })
            .get(own)
    }
}

/// A theme that cannot be judged: a profile asks where the credit stands or
/// how long an excerpt is, and the theme does not mark the article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmarkedBody {
    pub licence: String,
}

impl std::fmt::Display for UnmarkedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "licence profile `{}` asks where the credit stands or how long the excerpt is, but the article template does not mark the article body with {}",
            self.licence,
            region::BODY_MARKER
        )
    }
}

/// Checks one rendered article page against its licence profile. A page
/// whose body the theme does not mark, while its profile needs the body, is
/// judged as failing `credit` (or `excerpt`); the build stops earlier with
/// [`check_article_page`]'s template error.
pub fn check_article(cx: &CheckContext, article: &Article, html: &str) -> PageVerdict {
    match check_article_page(cx, article, html) {
        Ok(v) => v,
        Err(e) => {
            let rule = if cx
                .site
                .licences
                .get(&article.licence)
                .is_some_and(|p| p.conditions.credit_position.is_some())
            {
                Rule::Credit
            } else {
                Rule::Excerpt
            };
            PageVerdict {
                source: article.path.clone(),
                url: article.url.clone(),
                licence: e.licence.clone(),
                violations: vec![(
                    report::violation(
                        rule,
                        e.to_string(),
                        format!(
                            "wrap the article body in an element with {}",
                            region::BODY_MARKER
                        ),
                    ),
                    1,
                )],
                entry_of: None,
            }
        }
    }
}

/// Checks one rendered article page, or says the theme cannot be judged.
pub fn check_article_page(
    cx: &CheckContext,
    article: &Article,
    html: &str,
) -> Result<PageVerdict, UnmarkedBody> {
    check_rendered_article(cx, article, html, None)
}

/// [`check_article_page`] on a page this site rendered from `body` (the
/// article's HTML as its template received it): under no-derivatives terms
/// the page must also show that body whole, as the template cannot be
/// trusted not to cut or rewrite it.
pub fn check_rendered_article(
    cx: &CheckContext,
    article: &Article,
    html: &str,
    body: Option<&str>,
) -> Result<PageVerdict, UnmarkedBody> {
    let site = cx.site;
    let mut violations: Vec<Violation> = Vec::new();
    let Some(profile) = site.licences.get(&article.licence) else {
        return Ok(PageVerdict {
            source: article.path.clone(),
            url: article.url.clone(),
            licence: article.licence.clone(),
            violations: Vec::new(),
            entry_of: None,
        });
    };
    let needs_body = profile.conditions.needs_body_marker() || profile.conditions.excerpt.is_some();
    let facts = PageFacts::extract_linking(html, needs_body, cx.sheets_of(&article.url));
    if needs_body && facts.body.is_none() {
        return Err(UnmarkedBody {
            licence: profile.id.clone(),
        });
    }
    let rules_here = applicable_rules(profile, article);
    // The first publisher's no-derivatives terms hold the page too, unless
    // the article's own terms already ask for the body whole.
    let upstream_whole = article
        .original_licence
        .as_ref()
        .and_then(|id| site.licences.get(id))
        .filter(|up| {
            up.all_rules()
                .any(|(r, s)| r == Rule::Unmodified && s == Severity::Error)
        })
        .filter(|_| !rules_here.iter().any(|(r, _)| *r == Rule::Unmodified));
    for (rule, severity) in rules_here {
        let kept = match (rule, body, upstream_whole) {
            (Rule::Unmodified, Some(body), _) => rules::body_kept(rule, html, body, &facts),
            (Rule::Upstream, Some(body), Some(up)) => rules::body_kept(rule, html, body, &facts)
                .map(|mut v| {
                    v.message = format!("upstream `{}` rule `unmodified`: {}", up.id, v.message);
                    v
                }),
            _ => None,
        };
        for mut v in rules::check(cx, rule, article, profile, &facts)
            .into_iter()
            .chain(kept)
        {
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
    Ok(PageVerdict {
        source: article.path.clone(),
        url: article.url.clone(),
        licence: profile.id.clone(),
        violations,
        entry_of: None,
    })
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
    /// The article names its original's licence (`original.licence`), or
    /// the profile requires it to (`require_upstream`) and `original` is set.
    Upstream,
    /// The article names an original publisher (`original`).
    Original,
    /// Every article under this profile.
    Always,
}

impl Trigger {
    fn holds(self, article: &Article) -> bool {
        match self {
            Trigger::Rights => article.rights.is_some(),
            Trigger::Image => article.image.is_some(),
            Trigger::Upstream => article.original_licence.is_some(),
            Trigger::Original => article.original.is_some(),
            Trigger::Always => true,
        }
    }
}

/// The rules an article's own front matter (or the profile's commercial
/// terms) brings in besides the profile's list, each held as an error:
/// `rights-window` when `rights` is set, `image-rights` when `image` is set,
/// `non-commercial` when the profile restricts commercial use.
pub fn implied_rules(profile: &Profile) -> Vec<(Rule, Trigger)> {
    // Denied media hosts are checked on every page, not only when `image` is set.
    let images = if profile.conditions.media_hosts_denied.is_empty() {
        Trigger::Image
    } else {
        Trigger::Always
    };
    let mut implied = vec![
        (Rule::RightsWindow, Trigger::Rights),
        (Rule::ImageRights, images),
    ];
    if profile.commercial != Commercial::Allowed {
        implied.push((Rule::NonCommercial, Trigger::Always));
    }
    // With require_upstream, every `original` brings the rule in, which
    // covers each article that sets `original.licence`: one entry, not two.
    let upstream = if profile.conditions.require_upstream {
        Trigger::Original
    } else {
        Trigger::Upstream
    };
    implied.push((Rule::Upstream, upstream));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_is_implied_once_whether_or_not_the_profile_requires_it() {
        let registry = crate::licences::Registry::builtin();
        let mut profile = registry.get("CC-BY-4.0").expect("built in").clone();
        let upstream = |p: &Profile| {
            implied_rules(p)
                .into_iter()
                .filter(|(r, _)| *r == Rule::Upstream)
                .count()
        };
        assert_eq!(upstream(&profile), 1);
        profile.conditions.require_upstream = true;
        assert_eq!(upstream(&profile), 1);
    }
}
