//! Rule by rule: what a third-party page can show. The page is judged by
//! the build's own engine ([`comply::check_article`]); this module only
//! decides which of its answers stand, which rules cannot be judged from
//! outside (and why), and compares the page's text with the source's.

use crate::comply::{self, CheckContext, Violation};
use crate::content::Site;
use crate::licences::{Placeholder, Profile, Rule, Severity};

use super::advice::{advice, embargo, unmodified_advice};
use super::body_terms::{credit_position, engine_licences, excerpt};
use super::diff::{Attribution, diff, paragraphs, without_attribution};
use super::furniture::story_only;
use super::story::Story;
use super::{Outcome, SourceText, Subject, page};

/// A rule's result on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleStatus {
    Pass,
    Fail,
    /// Broken, but only as a warning (the profile's `warn`), or evidence
    /// that needs a person's judgement.
    Warning,
    /// The page cannot show what the rule needs; the reason says what is missing.
    NotJudged(String),
}

impl RuleStatus {
    pub fn id(&self) -> &'static str {
        match self {
            RuleStatus::Pass => "pass",
            RuleStatus::Fail => "fail",
            RuleStatus::Warning => "warning",
            RuleStatus::NotJudged(_) => "not-judged",
        }
    }
}

/// How one rule is judged on a third-party page.
enum Judgement {
    /// By the engine, as the build judges our pages.
    Engine,
    NotJudged(String),
    /// Compared with the source's text.
    Unmodified,
    ChangesNoted,
    /// Visible advertising next to a non-commercial story.
    Commercial,
    /// The page's story against the excerpt terms.
    Excerpt,
    /// The first publisher's terms, its text rules against the original's text.
    Upstream,
}

pub(super) fn judge(
    subject: &Subject,
    html: &str,
    url: Option<&str>,
    source: &SourceText,
    original: &SourceText,
    now: jiff::Timestamp,
) -> Outcome {
    let article = &subject.article;
    let Some(profile) = subject.licences.get(&article.licence) else {
        return Outcome::Unreachable(format!("no licence profile {:?}", article.licence));
    };
    let mut config = subject.config.clone();
    // Relative links on the page resolve against the page's own address.
    config.base_url = url.and_then(config_base).unwrap_or_else(|| "/".to_owned());
    let site = Site {
        root: std::path::PathBuf::new(),
        config,
        licences: engine_licences(subject, profile),
        articles: Vec::new(),
        taxonomies: Vec::new(),
        assets: Vec::new(),
        pages: Vec::new(),
        sections: Vec::new(),
        held: Vec::new(),
    };
    let cx = CheckContext::new(&site, now).for_other_pages();
    let shown = page::without_closed_details(html);
    // Without the body terms no template error can arise; were one to,
    // every rule the engine judges is reported not judged, never passed.
    let verdict = comply::check_article_page(&cx, article, &shown).map_err(|e| {
        format!(
            "profile `{}` could not be read without its terms about the article body, so the page's other rules could not be judged",
            e.licence
        )
    });
    let attribution = attribution(article, profile);
    let page = Judging {
        subject,
        profile,
        html,
        url,
        source,
        original,
        now,
        engine: verdict.map(|v| v.violations.into_iter().map(|(v, _)| v).collect()),
        page_text: paragraphs(&page::comparable_text(html, url)),
        story: std::cell::OnceCell::new(),
        headline: changed_headline(subject, profile, html),
        attribution,
    };
    let mut rules = Vec::new();
    let mut violations = Vec::new();
    for (rule, severity) in comply::applicable_rules(profile, article) {
        let (status, found) = page.rule(rule, severity);
        rules.push((rule, status));
        violations.extend(found);
    }
    Outcome::Judged { rules, violations }
}

/// One page being judged, with what its rules share.
struct Judging<'a> {
    subject: &'a Subject,
    profile: &'a Profile,
    html: &'a str,
    url: Option<&'a str>,
    source: &'a SourceText,
    original: &'a SourceText,
    now: jiff::Timestamp,
    /// The engine's violations, or why it could not judge the page.
    engine: Result<Vec<Violation>, String>,
    page_text: Vec<String>,
    /// Found on first need: only body terms ask for it.
    story: std::cell::OnceCell<Option<Story>>,
    headline: Option<Violation>,
    attribution: Attribution,
}

type Judged = (RuleStatus, Vec<Violation>);

impl Judging<'_> {
    fn story(&self) -> &Option<Story> {
        self.story
            .get_or_init(|| Story::find(self.html, self.url, &self.attribution))
    }

    fn rule(&self, rule: Rule, severity: Severity) -> Judged {
        let (subject, profile) = (self.subject, self.profile);
        match how(subject, profile, rule, self.source) {
            Judgement::NotJudged(reason) => (RuleStatus::NotJudged(reason), Vec::new()),
            Judgement::Engine => self.engine(rule, severity),
            Judgement::Excerpt => {
                match excerpt(subject, profile, self.story(), &self.attribution, self.url) {
                    (RuleStatus::NotJudged(why), _) => (RuleStatus::NotJudged(why), Vec::new()),
                    (_, found) => with_severity(found, severity),
                }
            }
            Judgement::Unmodified => self.unmodified(rule, severity),
            Judgement::ChangesNoted => against_source(
                rule,
                severity,
                self.source,
                &self.page_text,
                &self.attribution,
                false,
            ),
            Judgement::Commercial => commercial(rule, profile, self.html),
            Judgement::Upstream => self.upstream(rule, severity),
        }
    }

    /// The engine's answer for `rule`, with what an audit adds: an image
    /// recognised beyond its address, where a shown credit stands.
    fn engine(&self, rule: Rule, severity: Severity) -> Judged {
        let engine = match &self.engine {
            Err(why) => return (RuleStatus::NotJudged(why.clone()), Vec::new()),
            Ok(found) => found,
        };
        let article = &self.subject.article;
        let mut found: Vec<Violation> = engine
            .iter()
            .filter(|v| v.rule == rule)
            .map(|v| {
                let mut v = v.clone();
                v.fix = advice(rule).to_owned();
                if rule == Rule::RightsWindow {
                    embargo(&mut v, article, self.now);
                }
                v
            })
            .collect();
        let forbidden_image = article.image.is_some()
            && !article.image_allowed(&self.subject.licences, self.subject.config.commercial);
        if rule == Rule::ImageRights && found.is_empty() && forbidden_image {
            match super::image::lookalike(article, self.html, self.url) {
                Some(Err(why)) => return (RuleStatus::NotJudged(why), Vec::new()),
                Some(Ok(v)) => found.push(v),
                None => {}
            }
        }
        if rule == Rule::Credit && found.is_empty() {
            // The wording is shown: where it stands is judged on the story.
            match credit_position(self.subject, self.profile, self.story()) {
                Err(why) => return (RuleStatus::NotJudged(why), Vec::new()),
                Ok(v) => found.extend(v),
            }
        }
        with_severity(found, severity)
    }

    fn unmodified(&self, rule: Rule, severity: Severity) -> Judged {
        let (status, mut found) = against_source(
            rule,
            severity,
            self.source,
            &self.page_text,
            &self.attribution,
            true,
        );
        for v in &mut found {
            v.fix = unmodified_advice(self.profile);
        }
        match &self.headline {
            Some(v) => {
                let mut v = v.clone();
                v.rule = rule;
                found.push(v);
                with_severity(found, severity)
            }
            None => (status, found),
        }
    }

    fn upstream(&self, rule: Rule, severity: Severity) -> Judged {
        let engine = match &self.engine {
            Err(why) => return (RuleStatus::NotJudged(why.clone()), Vec::new()),
            Ok(found) => found.iter().filter(|v| v.rule == rule).cloned().collect(),
        };
        let (status, mut found) = super::original::judge(
            &self.subject.article,
            &self.subject.licences,
            engine,
            self.original,
            &self.page_text,
            &self.attribution,
        );
        for v in &mut found {
            v.fix = advice(rule).to_owned();
        }
        match status {
            RuleStatus::NotJudged(why) => {
                (RuleStatus::NotJudged(why), with_severity(found, severity).1)
            }
            _ => with_severity(found, severity),
        }
    }
}

/// Violations held at the profile's severity for their rule, and the status they make.
fn with_severity(mut found: Vec<Violation>, severity: Severity) -> Judged {
    for v in &mut found {
        v.severity = severity;
    }
    (status_of(&found), found)
}

/// The page's headline when it is not the story's and the terms allow no
/// headline change: the story's headline is known from `--article` (its
/// `original.title`, else its title), never from flags.
fn changed_headline(subject: &Subject, profile: &Profile, html: &str) -> Option<Violation> {
    if subject.from_flags
        || profile
            .conditions
            .allowed_edits
            .contains(&crate::licences::EditKind::Headline)
    {
        return None;
    }
    let a = &subject.article;
    let expected = a.original_title.as_deref().unwrap_or(&a.title);
    let shown = page::headline(html)?;
    let same = |x: &str, y: &str| {
        comply::normalise_text(x).to_lowercase() == comply::normalise_text(y).to_lowercase()
    };
    if same(&shown, expected) {
        return None;
    }
    let mut v = violation_like(
        Rule::Unmodified,
        "the page's headline is not the story's, and the terms allow no headline change".into(),
        &unmodified_advice(profile),
    );
    v.expected = Some(format!("the headline {expected:?}"));
    v.found = Some(format!("{shown:?}"));
    Some(v)
}

/// What the page may show beside the story because the terms ask for it.
fn attribution(article: &crate::content::Article, profile: &Profile) -> Attribution {
    let copyright = article.copyright.as_ref();
    let credit = article.credit(profile, "").and_then(Result::ok);
    let facts = article
        .author_details
        .iter()
        .filter_map(|d| d.affiliation.as_deref())
        .chain(copyright.and_then(|c| c.holder.as_deref()))
        .chain(copyright.and_then(|c| c.year.as_deref()))
        .chain(article.source.as_ref().and_then(|l| l.name.as_deref()))
        .chain(article.original.as_ref().and_then(|l| l.name.as_deref()))
        .chain([profile.name.as_str(), profile.id.as_str()])
        .chain(credit.as_deref());
    Attribution::new(facts, article.authors.iter().map(String::as_str))
}

/// `unmodified` (the page's text must be the source's) or `changes-noted`
/// (passes when nothing changed; otherwise what the page says about the
/// change cannot be judged from outside). Attribution the page adds around
/// the story is not a change.
pub(super) fn against_source(
    rule: Rule,
    severity: Severity,
    source: &SourceText,
    page_text: &[String],
    attribution: &Attribution,
    unmodified: bool,
) -> (RuleStatus, Vec<Violation>) {
    let text = match source {
        SourceText::Read(text) => text,
        SourceText::Unavailable(why) => return (RuleStatus::NotJudged(why.clone()), Vec::new()),
        SourceText::Unneeded => {
            return (
                RuleStatus::NotJudged("the source's text was not read".into()),
                Vec::new(),
            );
        }
    };
    let source_text = story_only(&paragraphs(text));
    let page_text = &without_attribution(&story_only(page_text), &source_text, attribution);
    let d = diff(&source_text, page_text);
    if d.is_empty() {
        return (RuleStatus::Pass, Vec::new());
    }
    if !unmodified {
        return (
            RuleStatus::NotJudged(format!(
                "the page's text differs from the source's ({}); whether the page says how cannot be judged from outside",
                d.summary()
            )),
            Vec::new(),
        );
    }
    let mut v = changed_text(rule, &d.summary(), &source_text, page_text);
    v.severity = severity;
    let found = vec![v];
    (status_of(&found), found)
}

/// Visible advertising next to a story whose terms restrict commercial use
/// is evidence for a person to weigh, reported as a warning; without it, the
/// site's commercial status cannot be seen at all.
fn commercial(rule: Rule, profile: &Profile, html: &str) -> (RuleStatus, Vec<Violation>) {
    let ads = page::advertising(html);
    if ads.is_empty() {
        return (
            RuleStatus::NotJudged("whether the republisher's use is commercial (ads sold against the story, a paywall, sponsorship) cannot be seen from the page, and no advertising label or known ad slot was found on the page".into()),
            Vec::new(),
        );
    }
    let mut v = violation_like(
        rule,
        format!(
            "the page shows advertising next to a story whose licence (`{}`) restricts commercial use",
            profile.id
        ),
        "ask whether ads are sold against the story or the use is otherwise commercial; NC terms usually allow a page with ads, not ads sold against the story",
    );
    v.severity = Severity::Warning;
    v.expected = Some("no advertising presented as part of the story".into());
    v.found = Some(
        ads.iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    (RuleStatus::Warning, vec![v])
}

pub(super) fn status_of(found: &[Violation]) -> RuleStatus {
    if found.is_empty() {
        RuleStatus::Pass
    } else if found.iter().any(|v| v.severity == Severity::Error) {
        RuleStatus::Fail
    } else {
        RuleStatus::Warning
    }
}

/// The origin of a page address, as a base URL the config accepts.
pub(super) fn config_base(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}/"))
}

/// Which way `rule` is judged, given what the subject knows.
fn how(subject: &Subject, profile: &Profile, rule: Rule, source: &SourceText) -> Judgement {
    let a = &subject.article;
    let needs = |what: &str| Judgement::NotJudged(what.to_owned());
    let flag_or_field = |flag: &str, field: &str| {
        if subject.from_flags {
            format!("no {flag} was given, so there is nothing to look for")
        } else {
            format!("the article has no `{field}`, so there is nothing to look for")
        }
    };
    match rule {
        Rule::Byline if a.authors.is_empty() => needs(&flag_or_field("--author", "authors")),
        Rule::Copyright
            if a.copyright
                .as_ref()
                .is_none_or(|c| c.holder.is_none() || c.year.is_none()) =>
        {
            needs(&flag_or_field("--holder and --year", "copyright"))
        }
        Rule::Byline
            if profile.conditions.byline.as_ref().is_some_and(|form| {
                form.text.contains("{affiliation}")
                    && a.author_details.iter().any(|d| d.affiliation.is_none())
            }) =>
        {
            needs(&if subject.from_flags {
                "the profile's byline form names each author's affiliation, which flags do not give; audit with --article".to_owned()
            } else {
                "the profile's byline form names each author's affiliation, and the article gives none for some author, so there is nothing to look for".to_owned()
            })
        }
        // Flags give no headline: the article built from them has a
        // stand-in title, which no page would show.
        Rule::Title if subject.from_flags => {
            needs("the title must be shown, and flags give no headline; audit with --article")
        }
        Rule::Pixel if a.pixel.is_none() => needs(&flag_or_field("--pixel", "pixel")),
        Rule::Credit => credit(subject, profile),
        Rule::LinksKept if subject.from_flags => match source {
            SourceText::Read(_) => Judgement::Engine,
            SourceText::Unavailable(why) => needs(why),
            SourceText::Unneeded => needs("the source's text was not read"),
        },
        Rule::Unmodified => Judgement::Unmodified,
        Rule::ChangesNoted => Judgement::ChangesNoted,
        Rule::NonCommercial => Judgement::Commercial,
        Rule::Excerpt => Judgement::Excerpt,
        Rule::Upstream => Judgement::Upstream,
        Rule::RightsWindow if a.rights.is_none() => {
            needs("no republication window (`rights.from`/`rights.until`) is known")
        }
        _ => Judgement::Engine,
    }
}

/// A credit wording that names the republisher's own site, or facts the
/// subject lacks, cannot be looked for.
fn credit(subject: &Subject, profile: &Profile) -> Judgement {
    let Some(template) = &profile.credit else {
        return Judgement::Engine;
    };
    let probe = template.fill(|p| (p != Placeholder::SiteTitle).then(|| "x".to_owned()));
    if probe.is_err() {
        return Judgement::NotJudged(
            "the credit wording names the republishing site ({site.title}), which the audit cannot know"
                .into(),
        );
    }
    // Flags give no headline or date: the article built from them carries
    // stand-ins, which no page would show.
    let unknown = [Placeholder::Title, Placeholder::Date];
    if subject.from_flags
        && template
            .fill(|p| (!unknown.contains(&p)).then(|| "x".to_owned()))
            .is_err()
    {
        return Judgement::NotJudged(
            "the credit wording names the story's title or date, which flags do not give; audit with --article"
                .into(),
        );
    }
    match subject.article.credit(profile, "") {
        Some(Err(missing)) => {
            let names: Vec<&str> = missing.iter().map(|p| p.name()).collect();
            Judgement::NotJudged(format!(
                "the credit wording needs {} , which {} not give",
                names.join(", "),
                if subject.from_flags {
                    "the flags do"
                } else {
                    "the article does"
                }
            ))
        }
        _ => Judgement::Engine,
    }
}

pub(super) fn violation_like(rule: Rule, message: String, fix: &str) -> Violation {
    Violation {
        rule,
        severity: Severity::Error,
        message,
        expected: None,
        found: None,
        fix: fix.to_owned(),
        field: None,
    }
}

/// The page's text is not the source's: the summary and the first paragraph
/// that differs, as evidence.
fn changed_text(
    rule: Rule,
    summary: &str,
    source_paras: &[String],
    page_text: &[String],
) -> Violation {
    let first_new = page_text.iter().find(|p| !source_paras.contains(p));
    let first_gone = source_paras.iter().find(|p| !page_text.contains(p));
    // Both quoted from a little before the first character they differ in,
    // so the change shows even in a long paragraph.
    let same = match (first_new, first_gone) {
        (Some(a), Some(b)) => a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count(),
        _ => 0,
    };
    let quote = |p: &String| {
        let from = same.saturating_sub(60);
        let text: String = p.chars().skip(from).take(160).collect();
        if from > 0 { format!("…{text}") } else { text }
    };
    let first_new = first_new.map(quote);
    let first_gone = first_gone.map(quote);
    let mut v = violation_like(
        rule,
        format!("the page's text differs from the source's: {summary}"),
        advice(rule),
    );
    v.expected = first_gone.map(|p| format!("the source's paragraph {p:?}"));
    v.found = Some(first_new.map_or_else(
        || "paragraphs of the source missing from the page".to_owned(),
        |p| format!("{p:?}"),
    ));
    v
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
