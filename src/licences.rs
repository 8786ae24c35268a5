//! Licence profiles: named sets of rules. The Creative Commons family is
//! built in; publisher notices come from `config.toml`.

use std::collections::BTreeMap;
use std::fmt;

use crate::config::{Config, ProfileConfig};
use crate::diagnostics::{Diagnostic, suggest, suggesting};

mod builtin;
mod credit;
mod terms;
use builtin::builtin_profiles;
pub use credit::{CreditTemplate, Placeholder};
pub use terms::{Conditions, CreditPosition, EditKind, Excerpt, LinkTarget, PixelKind};

/// What a rendered page must show or respect. Each is checked by `comply`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Rule {
    Byline,
    Copyright,
    SourceLink,
    OriginalLink,
    LicenceLink,
    Canonical,
    Noindex,
    Credit,
    Pixel,
    LinksKept,
    Unmodified,
    ChangesNoted,
    NonCommercial,
    ShareAlike,
    RightsWindow,
    ImageRights,
    Title,
    Excerpt,
    Upstream,
}

impl Rule {
    pub const ALL: [Rule; 19] = [
        Rule::Byline,
        Rule::Copyright,
        Rule::SourceLink,
        Rule::OriginalLink,
        Rule::LicenceLink,
        Rule::Canonical,
        Rule::Noindex,
        Rule::Credit,
        Rule::Pixel,
        Rule::LinksKept,
        Rule::Unmodified,
        Rule::ChangesNoted,
        Rule::NonCommercial,
        Rule::ShareAlike,
        Rule::RightsWindow,
        Rule::ImageRights,
        Rule::Title,
        Rule::Excerpt,
        Rule::Upstream,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::Byline => "byline",
            Rule::Copyright => "copyright",
            Rule::SourceLink => "source-link",
            Rule::OriginalLink => "original-link",
            Rule::LicenceLink => "licence-link",
            Rule::Canonical => "canonical",
            Rule::Noindex => "noindex",
            Rule::Credit => "credit",
            Rule::Pixel => "pixel",
            Rule::LinksKept => "links-kept",
            Rule::Unmodified => "unmodified",
            Rule::ChangesNoted => "changes-noted",
            Rule::NonCommercial => "non-commercial",
            Rule::ShareAlike => "share-alike",
            Rule::RightsWindow => "rights-window",
            Rule::ImageRights => "image-rights",
            Rule::Title => "title",
            Rule::Excerpt => "excerpt",
            Rule::Upstream => "upstream",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        // The American spelling is accepted as users will type it.
        if id.trim().eq_ignore_ascii_case("license-link") {
            return Some(Rule::LicenceLink);
        }
        keyword(&Rule::ALL, Rule::id, id)
    }

    /// What the rule asks of a page, in plain language.
    pub fn explain(self) -> &'static str {
        match self {
            Rule::Byline => {
                "every author's name is shown as visible text on the page, in the profile's byline form when it sets one"
            }
            Rule::Copyright => {
                "a copyright line is shown: \u{a9} or \"Copyright\", the year and the holder"
            }
            Rule::SourceLink => {
                "the page links (<a href>) to the source URL, an absolute http(s) address; '#' and relative links do not count"
            }
            Rule::OriginalLink => {
                "when the article names an original publisher, the page links to the original URL"
            }
            Rule::LicenceLink => {
                "the page has an <a rel=\"license\"> to the article's licence, and no other rel=\"license\" on the page names a different licence"
            }
            Rule::Canonical => {
                "the page has exactly one <link rel=\"canonical\">, pointing at the original (or else the source)"
            }
            Rule::Noindex => {
                "the page asks search engines not to index this copy (<meta name=\"robots\" content=\"noindex\"> or the googlebot-news form)"
            }
            Rule::Credit => {
                "the profile's credit wording is shown, with its placeholders filled in, and where the profile sets credit_position, as the first (top) or last (bottom) block of the article body"
            }
            Rule::Pixel => {
                "the publisher's tracking pixel is included as an <img> that is not hidden from loading (as a <script src> when the profile says pixel = \"script\")"
            }
            Rule::LinksKept => "every link of the article body is kept on the page",
            Rule::Unmodified => {
                "the body's fingerprint equals the `fingerprint` recorded from the original and the headline equals `original.title`, unless `changes` declares kinds of change the profile's allowed_edits allow; without allowed_edits, a changed copy may not be shared at all"
            }
            Rule::ChangesNoted => {
                "when the copy was changed from the original, the page says so and shows the `changes` text"
            }
            Rule::NonCommercial => {
                "the site is not commercial (commercial = false in config.toml), or a written `permission` covers commercial use"
            }
            Rule::ShareAlike => {
                "an adapted copy is offered under the same ShareAlike licence (or a later version), and the site does not relicense it under its own licence"
            }
            Rule::RightsWindow => {
                "the build date lies inside the article's `rights.from`..`rights.until` window"
            }
            Rule::ImageRights => {
                "the lead image appears (in the page, og:image or JSON-LD) only when its own licence allows it (an NC licence not on a commercial site; not a profile whose terms keep images off limits with `media_hosts_denied`) or a `permission` covers images; no image on the page comes from a host in `media_hosts_denied`"
            }
            Rule::Title => {
                "the title of the work is shown: `original.title` when set, else `title` (CC 3.0 asks for it when supplied)"
            }
            Rule::Excerpt => {
                "the body holds at most `excerpt.max_paragraphs` paragraphs and ends with the trailer, linking the source"
            }
            Rule::Upstream => {
                "`original.licence` names the first publisher's profile, and the page meets its rules too, judged with `original` as their source"
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How a profile treats commercial reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commercial {
    Allowed,
    Forbidden,
    /// Forbidden unless a written `permission` covers `commercial`.
    Permission,
}

impl Commercial {
    pub const ALL: [Commercial; 3] = [
        Commercial::Allowed,
        Commercial::Forbidden,
        Commercial::Permission,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Commercial::Allowed => "allowed",
            Commercial::Forbidden => "forbidden",
            Commercial::Permission => "permission",
        }
    }

    fn from_id(id: &str) -> Option<Commercial> {
        keyword(&Commercial::ALL, Commercial::id, id)
    }
}

/// The keyword among `all` that `id` names, ignoring case and surrounding
/// space: the one way a configuration's enumerated values are read.
fn keyword<T: Copy>(all: &[T], id_of: fn(T) -> &'static str, id: &str) -> Option<T> {
    let id = id.trim().to_ascii_lowercase();
    all.iter().copied().find(|k| id_of(*k) == id)
}

/// Every keyword's id, for hints.
fn keyword_ids<T: Copy>(all: &[T], id_of: fn(T) -> &'static str) -> String {
    all.iter().map(|k| id_of(*k)).collect::<Vec<_>>().join(", ")
}

/// Where a profile is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// Line of its `[licences.ID]` table in config.toml.
    Config {
        line: usize,
    },
}

/// A named set of rules for one licence or publisher notice.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Canonical spelling, as shown in reports.
    pub id: String,
    pub name: String,
    /// The licence document a `rel="license"` link must point at (a CC deed,
    /// or the publisher's terms page).
    pub url: Option<String>,
    /// Where the terms are published.
    pub terms: Option<String>,
    pub rules: Vec<Rule>,
    pub warn: Vec<Rule>,
    pub commercial: Commercial,
    pub credit: Option<CreditTemplate>,
    /// For ShareAlike licences: the family and version an adaptation must keep.
    pub share_alike: Option<ShareAlike>,
    /// Why the profile asks what it asks, for `reprint licences ID`.
    pub notes: String,
    pub origin: Origin,
    /// The terms real publishers set beyond a rule list (docs/licences.md).
    pub conditions: Conditions,
}

/// A ShareAlike licence's family (`BY-SA`, `BY-NC-SA`) and version, so that a
/// later version of the same family counts as compatible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareAlike {
    pub family: &'static str,
    pub version: (u8, u8),
}

impl Profile {
    /// Every rule that applies, with its severity; errors first.
    pub fn all_rules(&self) -> impl Iterator<Item = (Rule, Severity)> + '_ {
        self.rules.iter().map(|r| (*r, Severity::Error)).chain(
            self.warn
                .iter()
                .filter(|r| !self.rules.contains(r))
                .map(|r| (*r, Severity::Warning)),
        )
    }

    pub fn has_rule(&self, rule: Rule) -> bool {
        self.rules.contains(&rule) || self.warn.contains(&rule)
    }

    pub fn is_creative_commons(&self) -> bool {
        self.origin == Origin::BuiltIn
    }

    /// Whether an image may be republished under this profile's own terms.
    /// A publisher whose terms put its own media hosts off limits
    /// (ProPublica's photographs and illustrations, Global Research's
    /// third-party images: `media_hosts_denied`) licenses no image through
    /// them, wherever the file is served from.
    pub fn licenses_images(&self) -> bool {
        self.conditions.media_hosts_denied.is_empty()
    }
}

/// A rule is required (error) or advisory (warning), as a diagnostic is.
pub use crate::diagnostics::Severity;

/// Every profile a site can name: the built-in ones and its own.
#[derive(Debug, Clone)]
pub struct Registry {
    /// Keyed by lower-cased id, so lookups are case-insensitive.
    profiles: BTreeMap<String, Profile>,
    aliases: BTreeMap<String, String>,
}

impl Registry {
    pub fn builtin() -> Registry {
        let mut profiles = BTreeMap::new();
        for p in builtin_profiles() {
            profiles.insert(p.id.to_ascii_lowercase(), p);
        }
        let aliases = [
            ("public-domain", "cc-pdm-1.0"),
            ("pdm-1.0", "cc-pdm-1.0"),
            ("cc0", "cc0-1.0"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
        Registry { profiles, aliases }
    }

    /// Built-in profiles plus the site's `[licences.ID]` tables. A site
    /// profile with a built-in id replaces the built-in one.
    pub fn from_config(config: &Config) -> Result<Registry, Vec<Diagnostic>> {
        let mut registry = Registry::builtin();
        let mut errors = Vec::new();
        for (id, table) in &config.licences {
            match profile_from_config(config, id, table) {
                Ok(p) => {
                    registry.profiles.insert(id.to_ascii_lowercase(), p);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if let Some(site_licence) = &config.licence
            && registry.get(site_licence.get_ref()).is_none()
        {
            errors.push(
                config
                    .error_at(
                        site_licence.span(),
                        format!("unknown licence {:?} for the site", site_licence.get_ref()),
                    )
                    .with_hint(registry.unknown_hint(site_licence.get_ref())),
            );
        }
        if errors.is_empty() {
            Ok(registry)
        } else {
            Err(errors)
        }
    }

    /// Case-insensitive lookup.
    pub fn get(&self, id: &str) -> Option<&Profile> {
        let id = id.trim();
        // Asked for every article by every list, feed and sitemap: an id
        // is lower-cased on the stack, not in a new string each time.
        let mut buf = [0u8; 64];
        let owned;
        let key = match buf.get_mut(..id.len()) {
            Some(short) => {
                short.copy_from_slice(id.as_bytes());
                short.make_ascii_lowercase();
                // Lower-casing ASCII bytes leaves UTF-8 valid.
                std::str::from_utf8(short).unwrap_or(id)
            }
            None => {
                owned = id.to_ascii_lowercase();
                owned.as_str()
            }
        };
        let key = self.aliases.get(key).map_or(key, String::as_str);
        self.profiles.get(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// A hint for an unknown id: the nearest known one, or where to define it.
    pub fn unknown_hint(&self, id: &str) -> String {
        let ids: Vec<&str> = self.profiles.values().map(|p| p.id.as_str()).collect();
        match suggest(id, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? `reprint licences` lists every profile"),
            None => format!(
                "define it as [licences.{id}] in config.toml, or use a built-in id (`reprint licences` lists them)"
            ),
        }
    }
}

fn profile_from_config(
    config: &Config,
    id: &str,
    table: &toml::Spanned<ProfileConfig>,
) -> Result<Profile, Vec<Diagnostic>> {
    let raw = table.get_ref();
    let mut errors = Vec::new();
    let mut rules = rule_list(config, id, &raw.rules, &mut errors);
    let warn = rule_list(config, id, &raw.warn, &mut errors);
    let conditions = terms::conditions(config, id, raw, &mut errors);

    let mut commercial = commercial_of(config, id, raw.commercial.as_ref(), &mut errors);
    let credit = terms::template(config, raw.credit.as_ref(), false, &mut errors);
    if rules.contains(&Rule::Credit) && credit.is_none() && raw.credit.is_none() {
        errors.push(
            config
                .error_at(table.span(), format!("licence profile `{id}` asks for the `credit` rule but sets no credit wording"))
                .with_hint("add credit = \"...\" to the profile, or remove `credit` from its rules"),
        );
    }

    let terms = url_of(config, id, raw.terms.as_ref(), &mut errors);
    let licence_url = url_of(config, id, raw.licence_url.as_ref(), &mut errors);
    // A profile over a NonCommercial licence that states no `commercial`
    // keeps the licence's limit (written permission lifts it), as the
    // built-in profile does; only a stated grant allows more.
    if raw.commercial.is_none() && licence_url.as_deref().is_some_and(names_non_commercial) {
        commercial = Commercial::Permission;
    }

    // A publisher's profile over a ShareAlike licence carries its conditions
    // as the built-in one does: an adaptation may take a later version, and
    // `share-alike` has a licence to judge against; without one it would
    // silently pass every page.
    let share_alike = licence_url.as_deref().and_then(share_alike_of_url);
    if share_alike.is_none()
        && (rules.contains(&Rule::ShareAlike) || warn.contains(&Rule::ShareAlike))
    {
        errors.push(
            config
                .error_at(table.span(), format!("licence profile `{id}` asks for `share-alike` but its `licence_url` names no ShareAlike licence"))
                .with_hint("set licence_url to the CC BY-SA or BY-NC-SA deed the publisher uses, e.g. \"https://creativecommons.org/licenses/by-sa/4.0/\""),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // A stated credit wording is a requirement unless listed under `warn`;
    // an excerpt limit is its own rule (issue 11).
    if credit.is_some() && !warn.contains(&Rule::Credit) && !rules.contains(&Rule::Credit) {
        rules.push(Rule::Credit);
    }
    if conditions.excerpt.is_some()
        && !warn.contains(&Rule::Excerpt)
        && !rules.contains(&Rule::Excerpt)
    {
        rules.push(Rule::Excerpt);
    }
    let (line, _) = crate::diagnostics::line_col(&config.source, table.span().start);
    Ok(Profile {
        id: id.to_owned(),
        name: raw.name.clone().unwrap_or_else(|| id.to_owned()),
        url: licence_url.or_else(|| terms.clone()),
        terms,
        rules,
        warn,
        commercial,
        credit,
        share_alike,
        notes: raw.notes.clone().unwrap_or_default(),
        origin: Origin::Config { line },
        conditions,
    })
}

/// Whether a Creative Commons licence address names a NonCommercial
/// licence (`.../licenses/by-nc-nd/3.0/`).
fn names_non_commercial(url: &str) -> bool {
    url.split_once("creativecommons.org/licenses/")
        .and_then(|(_, path)| path.split('/').next())
        .is_some_and(|code| code.to_ascii_lowercase().split('-').any(|e| e == "nc"))
}

/// The ShareAlike family and version a Creative Commons licence address
/// names (`.../licenses/by-sa/2.0/uk/deed.en` is BY-SA 2.0), if any.
fn share_alike_of_url(url: &str) -> Option<ShareAlike> {
    let rest = url.split_once("://")?.1;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let path = rest.strip_prefix("creativecommons.org/licenses/")?;
    let mut parts = path.split('/');
    let family = match parts.next()?.to_ascii_lowercase().as_str() {
        "by-sa" => "BY-SA",
        "by-nc-sa" => "BY-NC-SA",
        _ => return None,
    };
    let (major, minor) = parts.next()?.split_once('.')?;
    Some(ShareAlike {
        family,
        version: (major.parse().ok()?, minor.parse().ok()?),
    })
}

/// The rules a profile lists, each once; unknown ids are errors.
fn rule_list(
    config: &Config,
    id: &str,
    list: &[toml::Spanned<String>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    for r in list {
        match Rule::from_id(r.get_ref()) {
            Some(rule) if !rules.contains(&rule) => rules.push(rule),
            Some(_) => {}
            None => {
                let valid: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                let hint = format!("valid rules are: {}", valid.join(", "));
                let hint = suggesting(r.get_ref(), valid, hint);
                errors.push(
                    config
                        .error_at(
                            r.span(),
                            format!("unknown rule {:?} in licence profile `{id}`", r.get_ref()),
                        )
                        .with_hint(hint),
                );
            }
        }
    }
    rules
}

/// A profile's `commercial` value; allowed when absent.
fn commercial_of(
    config: &Config,
    id: &str,
    value: Option<&toml::Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> Commercial {
    let Some(c) = value else {
        return Commercial::Allowed;
    };
    Commercial::from_id(c.get_ref()).unwrap_or_else(|| {
        errors.push(
            config
                .error_at(
                    c.span(),
                    format!(
                        "bad commercial value {:?} in licence profile `{id}`",
                        c.get_ref()
                    ),
                )
                .with_hint(format!(
                    "valid values are: {}",
                    keyword_ids(&Commercial::ALL, Commercial::id)
                )),
        );
        Commercial::Allowed
    })
}

/// An absolute http(s) address from a profile, or an error.
fn url_of(
    config: &Config,
    id: &str,
    value: Option<&toml::Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let s = value?;
    let v = s.get_ref().trim();
    if v.starts_with("https://") || v.starts_with("http://") {
        Some(v.to_owned())
    } else {
        errors.push(
            config
                .error_at(
                    s.span(),
                    format!("{v:?} in licence profile `{id}` is not an absolute http(s) address"),
                )
                .with_hint("give the full address of the published terms"),
        );
        None
    }
}

#[cfg(test)]
mod tests;
