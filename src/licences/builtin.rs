//! The built-in profiles: the Creative Commons licences, CC0 and the Public
//! Domain Mark.

use super::{Commercial, Conditions, Origin, Profile, Rule, ShareAlike};

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
pub(super) fn builtin_profiles() -> Vec<Profile> {
    let mut out = Vec::new();
    for (version, suffix) in [("4.0", " International"), ("3.0", " Unported")] {
        for elements in ["BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND"] {
            out.push(cc_profile(elements, version, suffix));
        }
    }
    // CC0 is "not a license" and requires nothing, but Creative Commons
    // recommends crediting the source anyway (docs/licences.md).
    out.push(public_domain(
        "CC0-1.0",
        "CC0 1.0 Universal (public domain dedication)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://creativecommons.org/publicdomain/zero/1.0/legalcode",
        "CC0 waives copyright: attribution is not legally required, but Creative Commons recommends \
         giving credit anyway, so a missing byline or source link is reported as a warning. \
         Terms: https://creativecommons.org/publicdomain/zero/1.0/ (docs/licences.md).",
    ));
    out.push(public_domain(
        "CC-PDM-1.0",
        "Public Domain Mark 1.0",
        "https://creativecommons.org/publicdomain/mark/1.0/",
        "https://creativecommons.org/publicdomain/mark/1.0/",
        "The Public Domain Mark labels a work already free of copyright (for example a US federal work); \
         it is not a licence and requires nothing. Credit is still good practice, so a missing byline \
         or source link is a warning. Also accepted as `public-domain`. (docs/licences.md)",
    ));
    out
}

/// A public-domain profile: it requires nothing, and a missing byline or
/// source link is only a warning, as credit is still good practice.
fn public_domain(id: &str, name: &str, url: &str, terms: &str, notes: &str) -> Profile {
    Profile {
        id: id.into(),
        name: name.into(),
        url: Some(url.into()),
        terms: Some(terms.into()),
        rules: vec![],
        warn: vec![Rule::Byline, Rule::SourceLink],
        commercial: Commercial::Allowed,
        credit: None,
        share_alike: None,
        notes: notes.into(),
        origin: Origin::BuiltIn,
        conditions: Conditions::default(),
    }
}

fn cc_profile(elements: &'static str, version: &'static str, suffix: &str) -> Profile {
    let nc = elements.contains("NC");
    let sa = elements.contains("SA");
    let rules = cc_rules(elements, version);
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
    let notes = cc_notes(elements, version, &url);
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
        notes,
        origin: Origin::BuiltIn,
        conditions: Conditions::default(),
    }
}

/// The rules a Creative Commons licence's elements and version ask for.
fn cc_rules(elements: &str, version: &str) -> Vec<Rule> {
    let nd = elements.contains("ND");
    let sa = elements.contains("SA");
    let nc = elements.contains("NC");
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
    // 3.0 §4(b)/(c): credit includes "the title of the Work if supplied".
    if version == "3.0" {
        rules.push(Rule::Title);
    }
    rules
}

/// What a Creative Commons profile asks and why, rule by rule, for
/// `reprint licences`.
fn cc_notes(elements: &str, version: &str, url: &str) -> String {
    let nd = elements.contains("ND");
    let sa = elements.contains("SA");
    let nc = elements.contains("NC");
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
    if version == "3.0" {
        notes.push(
            "3.0 credit includes the title of the work if supplied: the page shows `original.title` \
             when set, else `title` (title)."
                .to_owned(),
        );
    }
    notes.push(format!("Licence deed: {url} (docs/licences.md)."));
    notes.join(" ")
}
