//! Attribution: who wrote it, who owns it, where it came from, under which
//! licence, and the credit wording.

use crate::licences::{LinkTarget, Placeholder, Profile, Rule};

use super::super::facts::PageFacts;
use super::super::matching::{Words, fold};
use super::super::report::{Violation, violation};
use super::super::urls::{is_absolute_http, licence_key, normalise_url, offers_share_alike};
use super::{Field, Input, list_found, plural};

pub(super) fn byline(i: &Input) -> Vec<Violation> {
    let (rule, a, facts) = (i.rule, i.a, i.facts);
    let mut out = Vec::new();
    if a.authors.is_empty() {
        out.push(
            violation(
                rule,
                "the article names no author, so the page cannot credit one",
                "add `authors: [Name]` to the front matter, as the source credits them",
            )
            .field(Field::Authors),
        );
    }
    let missing: Vec<&str> = a
        .authors
        .iter()
        .map(String::as_str)
        .filter(|n| !facts.shows_name(n))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("{n:?}")).collect();
        let shown = a.authors.len() - missing.len();
        out.push(
            violation(
                rule,
                format!("not shown on the page: {}", names.join(", ")),
                "show every author in the byline; the theme's article.html renders `page.authors`",
            )
            .expected(format!(
                "visible text naming all {} author{}",
                a.authors.len(),
                plural(a.authors.len())
            ))
            .found(if shown == 0 {
                "no author named".to_owned()
            } else {
                format!("{shown} of {} named", a.authors.len())
            })
            .field(Field::Authors),
        );
    }
    if out.is_empty() {
        out.extend(super::terms::byline_form(i));
    }
    out
}

pub(super) fn copyright(i: &Input) -> Vec<Violation> {
    let (rule, a, facts) = (i.rule, i.a, i.facts);
    let mut out = Vec::new();
    let holder = a.copyright.as_ref().and_then(|c| c.holder.clone());
    let year = a.copyright.as_ref().and_then(|c| c.year.clone());
    match (holder, year) {
        (Some(holder), Some(year)) => {
            let (holder_n, year_n) = (fold(&holder), fold(&year));
            let (holder_w, year_w) = (Words::new(&holder_n), Words::new(&year_n));
            let copyright_w = Words::new("copyright");
            // The holder first: most blocks of a page do not name it, and
            // are then passed over after one search instead of three.
            let shown = facts.statements().any(|b| {
                holder_w.found_in(b)
                    && year_w.found_in(b)
                    && (b.contains('\u{a9}') || copyright_w.found_in(b))
            });
            if !shown {
                out.push(
                        violation(rule, "no visible copyright line names the holder and year", "show the copyright notice in the page's text, for example \"Copyright \u{a9} {year} {holder}\"; text in comments, scripts or hidden elements does not count")
                            .expected(format!("\u{a9} or \"Copyright\", {year} and {holder:?} in one visible line"))
                            .found("no such line")
                            .field(Field::Copyright),
                    );
            }
        }
        (holder, year) => {
            let missing = match (holder.is_none(), year.is_none()) {
                (true, true) => "`copyright.holder` and `copyright.year`",
                (true, false) => "`copyright.holder`",
                _ => "`copyright.year`",
            };
            out.push(
                violation(
                    rule,
                    format!(
                        "the front matter has no {missing}, so the copyright notice cannot be kept"
                    ),
                    "add `copyright: {holder: ..., year: ...}` as the source's notice states it",
                )
                .field(Field::Copyright),
            );
        }
    }
    out
}

pub(super) fn credit(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, profile, facts) = (i.cx, i.rule, i.a, i.profile, i.facts);
    let mut out = Vec::new();
    match a.credit(profile, &cx.site.config.title) {
        None => out.push(violation(
            rule,
            format!(
                "profile `{}` asks for a credit but sets no wording",
                profile.id
            ),
            "add credit = \"...\" to the profile in config.toml",
        )),
        Some(Err(missing)) => {
            let names: Vec<String> = missing.iter().map(|p| format!("`{}`", p.name())).collect();
            out.push(
                violation(
                    rule,
                    format!(
                        "the credit wording needs {} from the front matter",
                        names.join(", ")
                    ),
                    format!("add {} to the front matter", names.join(" and ")),
                )
                .expected(
                    profile
                        .credit
                        .as_ref()
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                )
                .field(
                    missing
                        .first()
                        .map_or(Field::Title, |p| Field::of_placeholder(*p)),
                ),
            );
        }
        Some(Ok(credit)) => {
            let shown = if facts.shows(&credit) {
                Some(credit.clone())
            } else {
                credit_in_other_form(i)
            };
            if let Some(shown) = shown {
                out.extend(super::terms::misplaced_credit(i, &shown));
            } else {
                out.push(
                    violation(
                        rule,
                        "the credit wording is not shown on the page",
                        "show `page.credit` as visible text in the article template",
                    )
                    .expected(format!("visible text {credit:?}"))
                    .found("no visible text with that wording"),
                );
            }
        }
    }
    out
}

/// The credit as shown with its `{date}` written the other common ways
/// ("March 2, 2026", "02 March 2026", "2026-03-02") or its `{authors}`
/// with a serial comma ("A, B, and C"): the same words to a reader. Tried
/// only when the usual form ("2 March 2026", "A, B and C") is not found,
/// so a passing page costs nothing more.
fn credit_in_other_form(i: &Input) -> Option<String> {
    let (cx, a, profile, facts) = (i.cx, i.a, i.profile, i.facts);
    let template = profile.credit.as_ref()?;
    let mut days = vec![None];
    if template.names(Placeholder::Date) {
        days.extend(
            ["%B %-d, %Y", "%d %B %Y", "%Y-%m-%d"]
                .map(|f| Some(a.date.day.strftime(f).to_string())),
        );
    }
    let mut names = vec![None];
    if let [first @ .., last] = a.authors.as_slice()
        && first.len() > 1
        && template.names(Placeholder::Authors)
    {
        names.push(Some(format!("{}, and {last}", first.join(", "))));
    }
    days.iter()
        .flat_map(|day| names.iter().map(move |n| (day, n)))
        .filter(|(day, n)| day.is_some() || n.is_some())
        .filter_map(|(day, n)| {
            template
                .fill(|p| match p {
                    Placeholder::Date if day.is_some() => day.clone(),
                    Placeholder::Authors if n.is_some() => n.clone(),
                    other => a.credit_value(other, profile, &cx.site.config.title),
                })
                .ok()
        })
        .find(|c| facts.shows(c))
}

pub(super) fn source_link(i: &Input) -> Vec<Violation> {
    let (rule, a, profile, facts, base) = (i.rule, i.a, i.profile, i.facts, i.base);
    if let Some(targets) = &profile.conditions.link_targets
        && targets != &[LinkTarget::Source]
    {
        return link_targets(i, targets);
    }
    let mut out = Vec::new();
    out.extend(link_rule(
        rule,
        Field::Source,
        a.source.as_ref().and_then(|s| s.url.as_deref()),
        facts,
        base,
    ));
    out
}

/// `source-link` under a profile's `link_targets`: any one of them will do.
fn link_targets(i: &Input, targets: &[LinkTarget]) -> Vec<Violation> {
    let (rule, a, facts, base) = (i.rule, i.a, i.facts, i.base);
    let url_of = |t: &LinkTarget| -> Option<String> {
        match t {
            LinkTarget::Source => a.source.as_ref()?.url.clone(),
            LinkTarget::Original => a.original.as_ref()?.url.clone(),
            LinkTarget::Url(u) => Some(u.clone()),
        }
    };
    let urls: Vec<String> = targets
        .iter()
        .filter_map(url_of)
        .filter(|u| is_absolute_http(u))
        .collect();
    if urls.iter().any(|u| facts.shown_links_to(u, base)) {
        return vec![];
    }
    let wanted: Vec<String> = targets.iter().map(LinkTarget::describe).collect();
    let field = if targets.contains(&LinkTarget::Original) && !targets.contains(&LinkTarget::Source)
    {
        Field::Original
    } else {
        Field::Source
    };
    vec![
        violation(
            rule,
            format!(
                "no <a href> to any of the terms' link targets: {}",
                wanted.join(", ")
            ),
            "link to one of them with a visible <a href>",
        )
        .expected(if urls.is_empty() {
            wanted.join(" or ")
        } else {
            urls.join(" or ")
        })
        .found(format!("links to {}", list_found(&facts.shown_hrefs())))
        .field(field),
    ]
}

pub(super) fn original_link(i: &Input) -> Vec<Violation> {
    let (rule, a, facts, base) = (i.rule, i.a, i.facts, i.base);
    let mut out = Vec::new();
    if let Some(original) = &a.original {
        out.extend(link_rule(
            rule,
            Field::Original,
            original.url.as_deref(),
            facts,
            base,
        ));
    }
    out
}

pub(super) fn licence_link(i: &Input) -> Vec<Violation> {
    let (a, profile, facts, base) = (i.a, i.profile, i.facts, i.base);
    // An adaptation of a ShareAlike work may be offered under a later
    // version of the same licence (CC BY-SA 3.0 §4(b)); `share-alike`
    // judges that claim, so it is not a conflict here.
    if a.changes.is_some()
        && let Some(sa) = profile.share_alike
    {
        let later = |c: &str| offers_share_alike(c, &sa, base);
        let shown_later = facts
            .anchors
            .iter()
            .any(|x| x.shown && x.rel.iter().any(|r| r == "license") && later(&x.href));
        if shown_later && facts.licence_claims.iter().all(|c| later(c)) {
            return vec![];
        }
    }
    licence_link_rule(profile, facts, base)
}

pub(super) fn canonical(i: &Input) -> Vec<Violation> {
    let (rule, a, facts, base) = (i.rule, i.a, i.facts, i.base);
    let mut out = Vec::new();
    let target = a
        .original
        .as_ref()
        .and_then(|o| o.url.as_deref())
        .or_else(|| a.source.as_ref().and_then(|s| s.url.as_deref()))
        .filter(|u| is_absolute_http(u));
    match target {
        None => out.push(
            violation(
                rule,
                "no absolute `original.url` or `source.url` for the canonical link to point at",
                "add the original article's address as `original.url` (or `source.url`)",
            )
            .field(Field::Source),
        ),
        Some(target) => {
            let want = normalise_url(target, base);
            let found: Vec<&str> = facts.canonicals.iter().map(String::as_str).collect();
            if found.len() != 1 || normalise_url(found[0], base) != want {
                out.push(
                        violation(rule, "the page does not have exactly one canonical link to the original", "render one <link rel=\"canonical\" href=\"{{ page.head.canonical }}\"> in the page head")
                            .expected(format!("one <link rel=\"canonical\" href=\"{target}\">"))
                            .found(if found.is_empty() { "no canonical link in the head".to_owned() } else { list_found(&found) }),
                    );
            }
        }
    }
    out
}

fn link_rule(
    rule: Rule,
    field: Field,
    url: Option<&str>,
    facts: &PageFacts,
    base: &str,
) -> Vec<Violation> {
    let name = field.key();
    let (url_field, field) = if field == Field::Source {
        ("`source.url`", Field::SourceUrl)
    } else {
        ("`original.url`", Field::OriginalUrl)
    };
    match url {
        None => vec![violation(rule, format!("the front matter has no {url_field}"), format!("add {url_field}: the absolute address of the {name} article"))
            .field(field)],
        Some(u) if !is_absolute_http(u) => vec![
            violation(rule, format!("{url_field} {u:?} is not an absolute http(s) address, so no link can satisfy it"), format!("set {url_field} to the {name} article's full address, starting with https://"))
                .field(field),
        ],
        Some(u) => {
            if facts.shown_links_to(u, base) {
                vec![]
            } else {
                vec![
                    violation(rule, format!("no <a href> to {u} in the rendered page"), format!("link to the {name} article with a visible <a href=\"{{{{ page.{name}.url }}}}\">"))
                        .expected(format!("a visible <a href=\"{u}\">"))
                        .found(format!("links to {}", list_found(&facts.shown_hrefs())))
                        .field(field),
                ]
            }
        }
    }
}

fn licence_link_rule(profile: &Profile, facts: &PageFacts, base: &str) -> Vec<Violation> {
    let rule = Rule::LicenceLink;
    let Some(url) = &profile.url else {
        return vec![violation(
            rule,
            format!("profile `{}` has no licence address to link to", profile.id),
            format!(
                "add terms = \"https://...\" (or licence_url) to [licences.{}] in config.toml",
                profile.id
            ),
        )];
    };
    let want = licence_key(url, base);
    let claims: Vec<&str> = facts.licence_claims.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let linked = facts.anchors.iter().any(|a| {
        a.shown && a.rel.iter().any(|r| r == "license") && licence_key(&a.href, base) == want
    });
    let others: Vec<&str> = claims
        .iter()
        .copied()
        .filter(|c| licence_key(c, base) != want)
        .collect();
    let unseen = claims.iter().any(|c| licence_key(c, base) == want);
    if !linked && unseen {
        out.push(
            violation(rule, format!("the rel=\"license\" link to {} is not visible to readers", profile.name), "show the licence link in the page's visible text: not hidden, not only a <link> in the head")
                .expected(format!("a visible <a rel=\"license\" href=\"{url}\">"))
                .found(format!("rel=\"license\" to {url}, hidden from readers or only in the page's head")),
        );
    } else if !linked {
        let message = if others.is_empty() {
            format!("no visible <a rel=\"license\"> to {}", profile.name)
        } else {
            format!(
                "the page's rel=\"license\" names another licence instead of {}",
                profile.name
            )
        };
        out.push(
            violation(rule, message, "link the article's licence with <a rel=\"license\" href=\"{{ page.licence.url }}\">{{ page.licence.name }}</a>, and no other")
                .expected(format!("<a rel=\"license\" href=\"{url}\">"))
                .found(if claims.is_empty() { "no rel=\"license\" on the page".to_owned() } else { format!("rel=\"license\" to {}", list_found(&claims)) }),
        );
    } else if !others.is_empty() {
        out.push(
            violation(rule, "another rel=\"license\" on the page names a different licence, claiming the republished article for it", "scope the site's own licence link to the site's own pages: drop rel=\"license\" from the footer on article pages")
                .expected(format!("only {url}"))
                .found(list_found(&others)),
        );
    }
    out
}
