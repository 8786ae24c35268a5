//! Licence profiles: named sets of rules. The Creative Commons family is
//! built in; publisher notices come from `config.toml`.

use std::collections::BTreeMap;
use std::fmt;

use crate::config::{Config, ProfileConfig};
use crate::diagnostics::{Diagnostic, suggest};

/// What a rendered page must show or respect. Each is checked by `comply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
}

impl Rule {
    pub const ALL: [Rule; 16] = [
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
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        let id = id.trim().to_ascii_lowercase();
        // The American spelling is accepted as users will type it.
        let id = if id == "license-link" {
            "licence-link"
        } else {
            id.as_str()
        };
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// What the rule asks of a page, in plain language.
    pub fn explain(self) -> &'static str {
        match self {
            Rule::Byline => "every author's name is shown as visible text on the page",
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
                "the profile's credit wording is shown, with its placeholders filled in"
            }
            Rule::Pixel => {
                "the publisher's tracking pixel is included as an <img> that is not hidden from loading"
            }
            Rule::LinksKept => "every link of the article body is kept on the page",
            Rule::Unmodified => {
                "the body's fingerprint equals the `fingerprint` recorded from the original, and no `changes` are declared: a changed copy may not be shared at all"
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
                "the lead image appears (in the page, og:image or JSON-LD) only when its own licence allows it or a `permission` covers images"
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
    pub const IDS: [&'static str; 3] = ["allowed", "forbidden", "permission"];

    pub fn id(self) -> &'static str {
        match self {
            Commercial::Allowed => "allowed",
            Commercial::Forbidden => "forbidden",
            Commercial::Permission => "permission",
        }
    }

    fn from_id(id: &str) -> Option<Commercial> {
        match id.trim().to_ascii_lowercase().as_str() {
            "allowed" => Some(Commercial::Allowed),
            "forbidden" => Some(Commercial::Forbidden),
            "permission" => Some(Commercial::Permission),
            _ => None,
        }
    }
}

/// Values a credit wording may name, filled from the article's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    Title,
    Authors,
    Date,
    SourceName,
    SourceUrl,
    OriginalName,
    OriginalUrl,
    CopyrightHolder,
    CopyrightYear,
    LicenceName,
    LicenceUrl,
    SiteTitle,
}

impl Placeholder {
    pub const ALL: [(&'static str, Placeholder); 12] = [
        ("title", Placeholder::Title),
        ("authors", Placeholder::Authors),
        ("date", Placeholder::Date),
        ("source.name", Placeholder::SourceName),
        ("source.url", Placeholder::SourceUrl),
        ("original.name", Placeholder::OriginalName),
        ("original.url", Placeholder::OriginalUrl),
        ("copyright.holder", Placeholder::CopyrightHolder),
        ("copyright.year", Placeholder::CopyrightYear),
        ("licence.name", Placeholder::LicenceName),
        ("licence.url", Placeholder::LicenceUrl),
        ("site.title", Placeholder::SiteTitle),
    ];

    pub fn name(self) -> &'static str {
        Placeholder::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("", |(n, _)| n)
    }
}

/// A credit wording, parsed once: literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTemplate {
    pub text: String,
    parts: Vec<CreditPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CreditPart {
    Text(String),
    Field(Placeholder),
}

impl CreditTemplate {
    /// Parses `{source.name}`-style placeholders; `{{` and `}}` stand for braces.
    /// On error, returns the byte offset of the bad placeholder and a message.
    pub fn parse(text: &str) -> Result<CreditTemplate, (usize, String)> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some(i) = rest.find(['{', '}']) {
            lit.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                lit.push_str(&tail[..1]);
                rest = &tail[2..];
                offset += i + 2;
                continue;
            }
            if tail.starts_with('}') {
                return Err((
                    offset + i,
                    "a lone '}' in the credit wording; write '}}' for a brace".into(),
                ));
            }
            let end = tail.find('}').ok_or((
                offset + i,
                "a '{' that is never closed in the credit wording".to_owned(),
            ))?;
            let name = tail[1..end].trim();
            let field = Placeholder::ALL
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, p)| *p)
                .ok_or_else(|| {
                    let valid: Vec<String> = Placeholder::ALL
                        .iter()
                        .map(|(n, _)| format!("{{{n}}}"))
                        .collect();
                    (
                        offset + i,
                        format!(
                            "unknown placeholder {{{name}}} in credit; valid placeholders are {}",
                            valid.join(", ")
                        ),
                    )
                })?;
            if !lit.is_empty() {
                parts.push(CreditPart::Text(std::mem::take(&mut lit)));
            }
            parts.push(CreditPart::Field(field));
            rest = &tail[end + 1..];
            offset += i + end + 1;
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(CreditPart::Text(lit));
        }
        Ok(CreditTemplate {
            text: text.to_owned(),
            parts,
        })
    }

    /// Fills the wording. Placeholders with no value are returned as missing
    /// so the compliance pass can name the front-matter field to add.
    pub fn fill(
        &self,
        value: impl Fn(Placeholder) -> Option<String>,
    ) -> Result<String, Vec<Placeholder>> {
        let mut out = String::new();
        let mut missing = Vec::new();
        for part in &self.parts {
            match part {
                CreditPart::Text(t) => out.push_str(t),
                CreditPart::Field(p) => match value(*p).filter(|v| !v.trim().is_empty()) {
                    Some(v) => out.push_str(&v),
                    None => missing.push(*p),
                },
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(missing)
        }
    }
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

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
        let key = id.trim().to_ascii_lowercase();
        let key = self.aliases.get(&key).unwrap_or(&key);
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
    let mut rules_of = |list: &[toml::Spanned<String>]| -> Vec<Rule> {
        let mut rules = Vec::new();
        for r in list {
            match Rule::from_id(r.get_ref()) {
                Some(rule) if !rules.contains(&rule) => rules.push(rule),
                Some(_) => {}
                None => {
                    let valid: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                    let mut hint = format!("valid rules are: {}", valid.join(", "));
                    if let Some(s) = suggest(r.get_ref(), valid.iter().copied()) {
                        hint = format!("did you mean `{s}`? {hint}");
                    }
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
    };
    let rules = rules_of(&raw.rules);
    let warn = rules_of(&raw.warn);

    let commercial = match &raw.commercial {
        None => Commercial::Allowed,
        Some(c) => Commercial::from_id(c.get_ref()).unwrap_or_else(|| {
            errors.push(
                config
                    .error_at(
                        c.span(),
                        format!(
                            "bad commercial value {:?} in licence profile `{id}`",
                            c.get_ref()
                        ),
                    )
                    .with_hint(format!("valid values are: {}", Commercial::IDS.join(", "))),
            );
            Commercial::Allowed
        }),
    };

    let credit = match &raw.credit {
        None => None,
        Some(c) => match CreditTemplate::parse(c.get_ref()) {
            Ok(t) => Some(t),
            Err((offset, message)) => {
                // The span covers the quoted string; step past the opening quote.
                let at = c.span().start + 1 + offset;
                errors.push(config.error_at(at..at, message).with_hint(
                    "placeholders are filled from the article's front matter; write {{ and }} for literal braces",
                ));
                None
            }
        },
    };
    if rules.contains(&Rule::Credit) && credit.is_none() && raw.credit.is_none() {
        errors.push(
            config
                .error_at(table.span(), format!("licence profile `{id}` asks for the `credit` rule but sets no credit wording"))
                .with_hint("add credit = \"...\" to the profile, or remove `credit` from its rules"),
        );
    }

    let url_of =
        |s: &Option<toml::Spanned<String>>, errors: &mut Vec<Diagnostic>| -> Option<String> {
            let s = s.as_ref()?;
            let v = s.get_ref().trim();
            if v.starts_with("https://") || v.starts_with("http://") {
                Some(v.to_owned())
            } else {
                errors.push(
                    config
                        .error_at(
                            s.span(),
                            format!(
                                "{v:?} in licence profile `{id}` is not an absolute http(s) address"
                            ),
                        )
                        .with_hint("give the full address of the published terms"),
                );
                None
            }
        };
    let terms = url_of(&raw.terms, &mut errors);
    let licence_url = url_of(&raw.licence_url, &mut errors);

    if !errors.is_empty() {
        return Err(errors);
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
        share_alike: None,
        notes: raw.notes.clone().unwrap_or_default(),
        origin: Origin::Config { line },
    })
}

/// The Creative Commons licences, 4.0 and 3.0, plus CC0 and the Public
/// Domain Mark (docs/licences.md).
///
/// What every CC BY licence asks when sharing (4.0 §3(a)(1); 3.0 §4(b)/(c)):
/// credit the creator as supplied (`byline`), keep the copyright notice
/// (`copyright`), name the licence with its URI (`licence-link`) and give the
/// URI the licensor supplied for the material "where reasonably practicable"
/// (`source-link`, and `original-link` when the article names the first
/// publisher, who is the licensor). 4.0 also requires indicating changes on
/// every modified copy; 3.0 only for adaptations; both are `changes-noted`,
/// which asks nothing of a verbatim copy.
///
/// Element by element (§5.1): NC licences forbid use "primarily intended for
/// commercial advantage" unless the licensor grants more, so they carry
/// `commercial = permission`; ND licences allow no shared adaptation
/// ("You do not have permission ... to Share Adapted Material"; 3.0 grants no
/// adaptation right at all), so they carry `unmodified` instead of
/// `changes-noted`; SA licences require an adaptation to keep the same licence
/// or a later version (§5.7), so they carry `share-alike`.
fn builtin_profiles() -> Vec<Profile> {
    let mut out = Vec::new();
    for (version, suffix) in [("4.0", " International"), ("3.0", " Unported")] {
        for elements in ["BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND"] {
            out.push(cc_profile(elements, version, suffix));
        }
    }
    out.push(Profile {
        id: "CC0-1.0".into(),
        name: "CC0 1.0 Universal (public domain dedication)".into(),
        url: Some("https://creativecommons.org/publicdomain/zero/1.0/".into()),
        terms: Some("https://creativecommons.org/publicdomain/zero/1.0/legalcode".into()),
        rules: vec![],
        // CC0 is "not a license" and requires nothing, but Creative Commons
        // recommends crediting the source anyway (docs/licences.md).
        warn: vec![Rule::Byline, Rule::SourceLink],
        commercial: Commercial::Allowed,
        credit: None,
        share_alike: None,
        notes: "CC0 waives copyright: attribution is not legally required, but Creative Commons recommends \
                giving credit anyway, so a missing byline or source link is reported as a warning. \
                Terms: https://creativecommons.org/publicdomain/zero/1.0/ (docs/licences.md)."
            .into(),
        origin: Origin::BuiltIn,
    });
    out.push(Profile {
        id: "CC-PDM-1.0".into(),
        name: "Public Domain Mark 1.0".into(),
        url: Some("https://creativecommons.org/publicdomain/mark/1.0/".into()),
        terms: Some("https://creativecommons.org/publicdomain/mark/1.0/".into()),
        rules: vec![],
        warn: vec![Rule::Byline, Rule::SourceLink],
        commercial: Commercial::Allowed,
        credit: None,
        share_alike: None,
        notes: "The Public Domain Mark labels a work already free of copyright (for example a US federal work); \
                it is not a licence and requires nothing. Credit is still good practice, so a missing byline \
                or source link is a warning. Also accepted as `public-domain`. (docs/licences.md.)"
            .into(),
        origin: Origin::BuiltIn,
    });
    out
}

fn cc_profile(elements: &'static str, version: &'static str, suffix: &str) -> Profile {
    let nc = elements.contains("NC");
    let nd = elements.contains("ND");
    let sa = elements.contains("SA");
    let mut rules = vec![
        Rule::Byline,
        Rule::Copyright,
        Rule::SourceLink,
        Rule::OriginalLink,
        Rule::LicenceLink,
    ];
    if nd {
        rules.push(Rule::Unmodified);
    } else {
        rules.push(Rule::ChangesNoted);
    }
    if sa {
        rules.push(Rule::ShareAlike);
    }
    if nc {
        rules.push(Rule::NonCommercial);
    }
    let words: Vec<&str> = elements
        .split('-')
        .map(|e| match e {
            "BY" => "Attribution",
            "SA" => "ShareAlike",
            "ND" => "NoDerivatives",
            _ => "NonCommercial",
        })
        .collect();
    // 3.0 deeds spell it "NoDerivs".
    let name_words = if version == "3.0" {
        words.join("-").replace("NoDerivatives", "NoDerivs")
    } else {
        words.join("-")
    };
    let code = elements.to_ascii_lowercase();
    let url = format!("https://creativecommons.org/licenses/{code}/{version}/");
    let mut notes = vec![format!(
        "Creative Commons {elements} {version}. Sharing requires crediting the creator as supplied (byline), \
         keeping the copyright notice (copyright), naming the licence with a link to it (licence-link) and \
         linking to the material where reasonably practicable (source-link; original-link when the first \
         publisher is named)."
    )];
    if nd {
        notes.push(
            "NoDerivatives: an adapted copy may not be shared at all, so the body must match the original's \
             fingerprint and no `changes` may be declared (unmodified)."
                .to_owned(),
        );
    } else if version == "4.0" {
        notes.push("4.0 requires indicating any modification (changes-noted).".to_owned());
    } else {
        notes.push("3.0 requires identifying changes in adaptations (changes-noted).".to_owned());
    }
    if sa {
        notes.push(format!(
            "ShareAlike: an adaptation must be offered under {elements} {version} or a later version, never \
             under the site's own different licence (share-alike)."
        ));
    }
    if nc {
        notes.push(
            "NonCommercial: not on a site that is commercial = true, unless a written permission covers \
             `commercial` (non-commercial)."
                .to_owned(),
        );
    }
    notes.push(format!("Licence deed: {url} (docs/licences.md)."));
    let (major, minor) = if version == "4.0" { (4, 0) } else { (3, 0) };
    Profile {
        id: format!("CC-{elements}-{version}"),
        name: format!("Creative Commons {name_words} {version}{suffix}"),
        terms: Some(format!("{url}legalcode")),
        url: Some(url),
        rules,
        warn: vec![],
        commercial: if nc {
            Commercial::Permission
        } else {
            Commercial::Allowed
        },
        credit: None,
        share_alike: sa.then_some(ShareAlike {
            family: elements,
            version: (major, minor),
        }),
        notes: notes.join(" "),
        origin: Origin::BuiltIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_case_insensitively() {
        let r = Registry::builtin();
        assert_eq!(r.get("cc-by-nc-nd-3.0").unwrap().id, "CC-BY-NC-ND-3.0");
        assert_eq!(
            r.get("CC-BY-4.0").unwrap().name,
            "Creative Commons Attribution 4.0 International"
        );
        assert_eq!(r.get("public-domain").unwrap().id, "CC-PDM-1.0");
        assert!(r.get("CC-BY-5.0").is_none());
    }

    #[test]
    fn the_cc_family_carries_the_rules_its_elements_require() {
        let r = Registry::builtin();
        let nc_nd = r.get("CC-BY-NC-ND-4.0").unwrap();
        assert!(nc_nd.rules.contains(&Rule::Unmodified));
        assert!(nc_nd.rules.contains(&Rule::NonCommercial));
        assert!(!nc_nd.rules.contains(&Rule::ChangesNoted));
        assert_eq!(nc_nd.commercial, Commercial::Permission);
        let sa = r.get("CC-BY-SA-3.0").unwrap();
        assert!(sa.rules.contains(&Rule::ShareAlike));
        assert_eq!(
            sa.url.as_deref(),
            Some("https://creativecommons.org/licenses/by-sa/3.0/")
        );
        assert!(r.get("CC0-1.0").unwrap().rules.is_empty());
        assert_eq!(r.iter().count(), 14);
    }

    #[test]
    fn credit_templates_fill_placeholders_and_report_missing_ones() {
        let t =
            CreditTemplate::parse("The original source of this article is {source.name} {{ok}}")
                .unwrap();
        let filled =
            t.fill(|p| (p == Placeholder::SourceName).then(|| "Global Research".to_owned()));
        assert_eq!(
            filled.unwrap(),
            "The original source of this article is Global Research {ok}"
        );
        assert_eq!(t.fill(|_| None).unwrap_err(), vec![Placeholder::SourceName]);
    }

    #[test]
    fn unknown_placeholders_are_rejected_with_the_valid_list() {
        let (offset, msg) = CreditTemplate::parse("By {autor}").unwrap_err();
        assert_eq!(offset, 3);
        assert!(msg.contains("{autor}") && msg.contains("{authors}"));
    }
}
