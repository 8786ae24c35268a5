//! Licence profiles: the built-in ones, profiles read from config.toml and
//! the errors a wrong one gets.

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
    assert_eq!(r.get(" Cc-By-Sa-4.0 ").unwrap().id, "CC-BY-SA-4.0");
    assert!(r.get("CC-BY-5.0").is_none());
    // Longer than the lower-casing buffer, and not ASCII.
    assert!(r.get(&"X".repeat(100)).is_none());
    assert!(r.get("ÉCC-BY-4.0").is_none());
}

#[test]
fn a_publisher_profile_over_a_non_commercial_licence_keeps_its_limit_unless_it_grants_more() {
    let profile = |commercial: &str| {
        let source = format!(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n\
             [licences.icn]\nlicence_url = \"https://creativecommons.org/licenses/by-nc-nd/3.0/\"\n\
             rules = [\"byline\"]\n{commercial}"
        );
        let config = Config::parse(&source, "config.toml".into()).expect("config parses");
        let registry = Registry::from_config(&config).expect("profiles load");
        registry.get("icn").expect("profile").commercial
    };
    assert_eq!(profile(""), Commercial::Permission);
    assert_eq!(profile("commercial = \"allowed\""), Commercial::Allowed);
    assert_eq!(profile("commercial = \"forbidden\""), Commercial::Forbidden);
    assert!(!names_non_commercial(
        "https://creativecommons.org/licenses/by-nd/4.0/"
    ));
}

#[test]
fn a_publisher_profile_over_a_share_alike_licence_knows_its_version() {
    let sa = |u| share_alike_of_url(u).map(|s| (s.family, s.version));
    assert_eq!(
        sa("https://creativecommons.org/licenses/by-sa/4.0/"),
        Some(("BY-SA", (4, 0)))
    );
    assert_eq!(
        sa("http://www.creativecommons.org/licenses/by-nc-sa/2.5/ca/deed.fr"),
        Some(("BY-NC-SA", (2, 5)))
    );
    assert_eq!(sa("https://creativecommons.org/licenses/by-nd/4.0/"), None);
    assert_eq!(
        sa("https://publisher.example.org/licenses/by-sa/4.0/"),
        None
    );
}

/// LICENCES.md §5.9: a publisher's overlay adds to the CC licence it
/// names, never takes away. Only a publisher's explicit grant of
/// commercial use (KFF Health News) may lift NonCommercial.
#[test]
fn bundled_profiles_ask_at_least_what_their_creative_commons_licence_asks() {
    let source = include_str!("../../config.toml");
    let config = Config::parse(source, "config.toml".into()).expect("bundled config parses");
    let registry = Registry::from_config(&config).expect("bundled profiles load");
    // `.../licenses/by-nc-nd/3.0/us/` is BY-NC-ND 3.0, as its built-in profile.
    let cc_key = |url: &str| {
        let path = url.split_once("creativecommons.org/licenses/")?.1;
        let mut parts = path.split('/');
        Some(format!("{}/{}", parts.next()?, parts.next()?))
    };
    let mut checked = 0;
    for p in registry.iter().filter(|p| !p.is_creative_commons()) {
        let Some(key) = p.url.as_deref().and_then(cc_key) else {
            continue;
        };
        let cc = registry
            .iter()
            .filter(|b| b.is_creative_commons())
            .find(|b| b.url.as_deref().and_then(cc_key).as_deref() == Some(key.as_str()))
            .unwrap_or_else(|| panic!("`{}` names an unknown CC licence {key}", p.id));
        for rule in &cc.rules {
            let granted = *rule == Rule::NonCommercial && p.commercial == Commercial::Allowed;
            assert!(
                p.rules.contains(rule) || granted,
                "`{}` names {} but does not require its `{rule}`",
                p.id,
                cc.id
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 4,
        "only {checked} bundled profiles name a CC licence"
    );
    // CalMatters' republish box asks for both sentences online (LICENCES.md §6.1).
    let calmatters = registry
        .get("calmatters")
        .expect("bundled calmatters profile");
    let credit = calmatters.credit.as_ref().map(|c| c.text.as_str());
    assert_eq!(
        credit,
        Some(
            "This story was originally published by {source.name}. Sign up for their newsletters."
        )
    );
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
    let t = CreditTemplate::parse("The original source of this article is {source.name} {{ok}}")
        .unwrap();
    let filled = t.fill(|p| (p == Placeholder::SourceName).then(|| "Global Research".to_owned()));
    assert_eq!(
        filled.unwrap(),
        "The original source of this article is Global Research {ok}"
    );
    assert_eq!(t.fill(|_| None).unwrap_err(), vec![Placeholder::SourceName]);
    assert!(t.names(Placeholder::SourceName));
    assert!(!t.names(Placeholder::Date), "`{{ok}}` is literal text");
    assert!(
        CreditTemplate::parse("on { date }.")
            .unwrap()
            .names(Placeholder::Date)
    );
}

#[test]
fn unknown_placeholders_are_rejected_with_the_valid_list() {
    let (offset, msg) = CreditTemplate::parse("By {autor}").unwrap_err();
    assert_eq!(offset, 3);
    assert!(msg.contains("{autor}") && msg.contains("{authors}"));
}
