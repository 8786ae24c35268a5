//! Reuse terms: search engines, tracking pixels, kept links, unchanged or
//! noted text, commercial use, ShareAlike, rights windows and images.

use crate::licences::{Commercial, PixelKind, Rule};

use super::super::Violation;
use super::super::csp::{self, Credentials, Fetch};
use super::super::facts::{Image, PageFacts, Script};
use super::super::report::violation;
use super::super::urls::{normalise_url, offers_share_alike};
use super::{Field, Input, list_found};

pub(super) fn noindex(i: &Input) -> Vec<Violation> {
    let (rule, facts) = (i.rule, i.facts);
    let mut out = Vec::new();
    let ok = facts.robots.iter().any(|(_, c)| {
        c.split([',', ' '])
            .any(|t| t.trim() == "noindex" || t.trim() == "none")
    });
    if !ok {
        out.push(
                violation(rule, "the page does not ask search engines to leave this copy out", "render <meta name=\"robots\" content=\"noindex\"> (or name=\"googlebot-news\") in the page head when page.head.noindex is true")
                    .expected("<meta name=\"robots\" content=\"noindex\">")
                    .found(if facts.robots.is_empty() { "no robots meta tag in the head".to_owned() } else { facts.robots.iter().map(|(n, c)| format!("{n}={c}")).collect::<Vec<_>>().join(", ") }),
            );
    }
    out
}

pub(super) fn pixel(i: &Input) -> Vec<Violation> {
    let (rule, a, profile, facts, base) = (i.rule, i.a, i.profile, i.facts, i.base);
    let mut out = Vec::new();
    if profile.conditions.pixel == PixelKind::Script {
        return script_pixel(i);
    }
    match &a.pixel {
        None => out.push(
            violation(rule, "the profile requires the publisher's tracking pixel but the front matter has no `pixel`", "add `pixel: URL` with the address from the publisher's republish snippet")
                .field(Field::Pixel),
        ),
        Some(pixel) => {
            let want = normalise_url(pixel, base);
            let matches: Vec<&Image> = facts.images.iter().filter(|i| want.is_some() && normalise_url(&i.src, base) == want).collect();
            if !matches.iter().any(|i| !i.hidden) {
                let found = if matches.is_empty() { "no <img> with that src".to_owned() } else { "an <img> that is hidden and lazy-loaded, or whose srcset or <picture> <source> a browser loads instead".to_owned() };
                out.push(
                    violation(rule, "the tracking pixel is not loaded by the page", "render <img src=\"{{ page.pixel }}\" alt=\"\" width=\"1\" height=\"1\"> without hidden, display:none, loading=\"lazy\", a srcset or a <picture>")
                        .expected(format!("<img src=\"{pixel}\">"))
                        .found(found)
                        .field(Field::Pixel),
                );
            } else {
                out.extend(blocked_by_policy(i, pixel, Fetch::Image, Credentials::default()));
            }
        }
    }
    out
}

/// A tracker the publisher ships as `<script src>` (ProPublica's snippet).
fn script_pixel(i: &Input) -> Vec<Violation> {
    let (rule, a, facts, base) = (i.rule, i.a, i.facts, i.base);
    let Some(pixel) = &a.pixel else {
        return vec![
            violation(rule, "the profile requires the publisher's tracking script but the front matter has no `pixel`", "add `pixel: URL` with the script address from the publisher's republish snippet")
                .field(Field::Pixel),
        ];
    };
    let want = normalise_url(pixel, base);
    let loaded: Vec<&Script> = facts
        .scripts
        .iter()
        .filter(|s| want.is_some() && normalise_url(&s.src, base) == want)
        .collect();
    if !loaded.is_empty() {
        // One copy the policy lets through is enough.
        let refusals: Vec<Option<Violation>> = loaded
            .iter()
            .map(|s| blocked_by_policy(i, pixel, Fetch::Script, credentials(s)))
            .collect();
        if refusals.iter().any(Option::is_none) {
            return vec![];
        }
        return refusals.into_iter().flatten().take(1).collect();
    }
    vec![
        violation(rule, "the publisher's tracking script is not loaded by the page", "render <script src=\"{{ page.pixel }}\" async></script>: these terms ship the tracker as a script, not an image")
            .expected(format!("<script src=\"{pixel}\">"))
            .found(if facts.scripts.is_empty() { "no <script src>".to_owned() } else { list_found(&facts.scripts.iter().map(|s| s.src.as_str()).collect::<Vec<_>>()) })
            .field(Field::Pixel),
    ]
}

fn credentials(script: &Script) -> Credentials<'_> {
    Credentials {
        nonce: script.nonce.as_deref(),
        integrity: script.integrity.as_deref(),
    }
}

/// The pixel the page loads, stopped by the page's own
/// Content-Security-Policy: a `<meta>` whose `img-src` (or `script-src`, or
/// `default-src` for either) leaves the publisher's host out.
fn blocked_by_policy(
    i: &Input,
    pixel: &str,
    fetch: Fetch,
    element: Credentials,
) -> Option<Violation> {
    let blocking = blocking_directive(i.facts, pixel, fetch, element, i.base)?;
    let element = match fetch {
        Fetch::Image => "<img>",
        Fetch::Script => "<script>",
    };
    Some(
        violation(i.rule, format!("the page's Content-Security-Policy stops the tracking pixel's {element} from loading"), "let the pixel through the policy (add its host to the directive, or under 'strict-dynamic' give its element a nonce the policy names), or drop the policy's <meta> from the template")
            .expected(format!("a policy that allows {pixel}"))
            .found(blocking)
            .field(Field::Pixel),
    )
}

/// The first directive of the page's policies that refuses `url`.
fn blocking_directive(
    facts: &PageFacts,
    url: &str,
    fetch: Fetch,
    element: Credentials,
    page: &str,
) -> Option<String> {
    facts.csp.iter().find_map(|policy| {
        let (name, sources) = csp::governing(policy, fetch)?;
        (!csp::allows(&sources, url, page, fetch, element))
            .then(|| format!("{name} {}", sources.join(" ")))
    })
}

pub(super) fn links_kept(i: &Input) -> Vec<Violation> {
    let (rule, a, facts, base) = (i.rule, i.a, i.facts, i.base);
    let mut out = Vec::new();
    let raw: Vec<&str> = facts.anchors.iter().map(|x| x.href.as_str()).collect();
    for link in a.body.links.strs() {
        // The page's own copy of the link, as written, is kept whatever
        // its key; only a link written otherwise needs the keys.
        let kept = raw.contains(&link)
            || normalise_url(link, base).is_some_and(|n| {
                let hrefs = facts.anchor_keys(base);
                hrefs.iter().any(|h| h.as_deref() == Some(n.as_str()))
            });
        if !kept {
            out.push(
                    violation(rule, format!("the body's link to {link} is missing from the page"), "keep every link of the original story; check that the sanitiser or the theme does not drop it")
                        .expected(format!("<a href=\"{link}\">"))
                        .found("no such link"),
                );
        }
    }
    out
}

pub(super) fn unmodified(i: &Input) -> Vec<Violation> {
    let (rule, a, profile) = (i.rule, i.a, i.profile);
    let mut out = Vec::new();
    if !profile.conditions.allowed_edits.is_empty()
        || a.original_title.is_some()
        || a.change_kinds.is_some()
    {
        if a.fingerprint.is_none() {
            out.push(
                violation(rule, "no `fingerprint` of the original text, so the copy cannot be shown to be unchanged", "add `fingerprint:` computed from the original text as received (`reprint fingerprint FILE` prints it)")
                    .field(Field::Fingerprint),
            );
        }
        out.extend(super::terms::edits(i));
        return out;
    }
    if a.changes.is_some() {
        out.push(
                violation(rule, "the article declares `changes`, but its licence allows no shared adaptations", "republish the original text unchanged and remove `changes`, or ask the publisher for permission")
                    .field(Field::Changes),
            );
    }
    match &a.fingerprint {
            None => out.push(
                violation(rule, "no `fingerprint` of the original text, so the copy cannot be shown to be unchanged", "add `fingerprint:` computed from the original text as received (`reprint fingerprint FILE` prints it)")
                    .field(Field::Fingerprint),
            ),
                            Some(f) if Some(f) != a.body_fingerprint.as_ref() => out.push(
                violation(rule, "the body differs from the original text recorded in `fingerprint`", "restore the original wording (re-wrapping lines is fine; changing words is not)")
                    .expected(f.clone())
                                            .found(a.body_fingerprint.clone().unwrap_or_default())
                    .field(Field::Fingerprint),
            ),
            Some(_) => {}
        }
    out
}

/// Whether the page shows the article's `body` (its HTML as the template
/// received it) whole: as written, else every block of its text in order.
/// A theme may wrap the body or add to it, never cut or reword it.
pub(in crate::comply) fn body_kept(
    rule: Rule,
    html: &str,
    body: &str,
    facts: &PageFacts,
) -> Option<Violation> {
    let body = body.trim();
    if body.is_empty() || crate::text::contains_whole(html, body) {
        return None;
    }
    let text = PageFacts::extract_without_body(body);
    let missing = facts.first_not_shown(&text)?;
    Some(
        violation(rule, "the page does not show the article's body whole: the theme cut or changed it, and these terms allow no change", "render `{{ page.content }}` as it is: filters such as `truncate` or `replace` on it change the story")
            .expected(format!("the body's text, including {:?}", shorten(missing)))
            .found("the page lacks it")
            .field(Field::Fingerprint),
    )
}

/// The first words of `text`, for a report line.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

pub(super) fn changes_noted(i: &Input) -> Vec<Violation> {
    let (rule, a, facts) = (i.rule, i.a, i.facts);
    let mut out = Vec::new();
    let differs = a.fingerprint.is_some() && a.fingerprint != a.body_fingerprint;
    match &a.changes {
            Some(changes) if !facts.shows(changes) => out.push(
                violation(rule, "the article was changed from the original, but the page does not say how", "show `page.changes` on the page, for example \"Changes from the original: ...\"")
                    .expected(format!("visible text {changes:?}"))
                    .found("no visible text with that wording")
                    .field(Field::Changes),
            ),
            Some(_) => {}
            None if differs => out.push(
                violation(rule, "the body no longer matches the original's `fingerprint`, and `changes` does not say what changed", "describe the modification in `changes:` so the page can indicate it")
                    .field(Field::Fingerprint),
            ),
            None => {}
        }
    out
}

pub(super) fn non_commercial(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, profile) = (i.cx, i.rule, i.a, i.profile);
    let mut out = Vec::new();
    let permitted = a
        .permission
        .as_ref()
        .is_some_and(|p| p.covers("commercial"));
    if cx.site.config.commercial {
        let lifted = permitted && profile.commercial != Commercial::Forbidden;
        if !lifted {
            let ungranted = a.permission.as_ref().is_some_and(|p| {
                p.covers.iter().any(|c| c == "commercial") && !p.covers("commercial")
            });
            let fix = if profile.commercial == Commercial::Forbidden {
                "this profile forbids commercial reuse outright: publish it on a non-commercial site only"
            } else if ungranted {
                "the `permission` covering commercial use does not say who granted it: add `permission.granted_by`, the person or desk who gave it in writing"
            } else {
                "obtain written permission and record it as `permission: {granted_by, date, reference, covers: [commercial]}`, or set commercial = false if the site sells no ads, access or sponsorship"
            };
            out.push(
                    violation(rule, format!("the site is commercial (commercial = true) but `{}` does not allow commercial use", profile.id), fix)
                        .field(Field::Permission),
                );
        }
    }
    out
}

pub(super) fn share_alike(i: &Input) -> Vec<Violation> {
    let (rule, a, profile, facts, base) = (i.rule, i.a, i.profile, i.facts, i.base);
    let mut out = Vec::new();
    if a.changes.is_some() {
        let Some(sa) = profile.share_alike else {
            return out;
        };
        let claims: Vec<&str> = facts.licence_claims.iter().map(String::as_str).collect();
        let ok_claims = claims
            .iter()
            .filter(|c| offers_share_alike(c, &sa, base))
            .count();
        if ok_claims == 0 {
            out.push(
                violation(
                    rule,
                    format!(
                        "this adaptation must be offered under {} or a later version",
                        profile.id
                    ),
                    "render <a rel=\"license\" href=\"{{ page.licence.url }}\"> for the article",
                )
                .expected(format!(
                    "rel=\"license\" naming {} {}.{}+",
                    sa.family, sa.version.0, sa.version.1
                ))
                .found(list_found(&claims)),
            );
        }
        if ok_claims != claims.len() {
            let others: Vec<&str> = claims
                .iter()
                .copied()
                .filter(|c| !offers_share_alike(c, &sa, base))
                .collect();
            out.push(
                    violation(rule, "the page also licenses this adaptation under another licence", "scope the site's own licence to its own pages; an adaptation of a ShareAlike article keeps the article's licence")
                        .found(list_found(&others)),
                );
        }
    }
    out
}

pub(super) fn rights_window(i: &Input) -> Vec<Violation> {
    let (cx, rule, a) = (i.cx, i.rule, i.a);
    let mut out = Vec::new();
    if let Some(r) = &a.rights {
        if let Some(from) = &r.from
            && cx.now < from.timestamp
        {
            out.push(
                    violation(rule, format!("the right to republish starts on {}, after this build", from.iso()), "wait until the window opens (mark the article `draft: true` meanwhile) or correct `rights.from`")
                        .field(Field::Rights),
                );
        }
        if let Some(until) = &r.until {
            let end = if until.has_time {
                until.timestamp
            } else {
                until.timestamp + jiff::SignedDuration::from_hours(24)
            };
            if cx.now >= end {
                out.push(
                        violation(rule, format!("the right to republish ended on {}", until.iso()), "take the article down (delete it or mark it `draft: true`), or record an extended window in `rights.until`")
                            .field(Field::Rights),
                    );
            }
        }
    }
    out
}

pub(super) fn image_rights(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, facts, base) = (i.cx, i.rule, i.a, i.facts, i.base);
    let mut out = denied_hosts(i);
    if let Some(image) = &a.image
        && !a.image_allowed(&cx.site.licences, cx.site.config.commercial)
    {
        let want = normalise_url(&image.src, base);
        let same = |u: &str| match (&want, normalise_url(u, base)) {
            (Some(w), Some(n)) => *w == n,
            _ => u.trim() == image.src.trim(),
        };
        let mut places = Vec::new();
        if facts.images.iter().any(|i| same(&i.src)) {
            places.push("an <img>");
        }
        if facts.meta_images.iter().any(|m| same(m)) {
            places.push("og:image/twitter:image");
        }
        // A feed's enclosures are read as media too.
        if facts.media.iter().any(|m| same(m)) {
            places.push("an enclosure or embedded media");
        }
        let in_json = |j: &String| {
            j.contains(&image.src) || want.as_ref().is_some_and(|w| j.contains(w.as_str()))
        };
        if facts.json_ld.iter().any(in_json) {
            places.push("JSON-LD");
        }
        if !places.is_empty() {
            let why = match &image.licence {
                None => "has no licence of its own".to_owned(),
                Some(l)
                    if cx
                        .site
                        .licences
                        .get(l)
                        .is_some_and(|p| !p.licenses_images()) =>
                {
                    format!("is {l}, whose terms do not cover images")
                }
                Some(l) if cx.site.config.commercial && cx.site.licences.get(l).is_some() => {
                    format!("is {l}, which forbids commercial use, on a commercial site")
                }
                Some(l) => format!("is {l}"),
            };
            out.push(
                    violation(rule, format!("the lead image {why}, but the page shows it"), "drop the image, give `image.licence` a profile id if its creator licensed it, or record a `permission` that covers images")
                        .found(places.join(", "))
                        .field(Field::Image),
                );
        }
    }
    out
}

/// Images on the page from a host the terms put off limits (and its
/// subdomains), unless a written permission covers images.
fn denied_hosts(i: &Input) -> Vec<Violation> {
    let (rule, a, profile, facts, base) = (i.rule, i.a, i.profile, i.facts, i.base);
    let denied = &profile.conditions.media_hosts_denied;
    if denied.is_empty() || a.permission.as_ref().is_some_and(|p| p.covers("images")) {
        return vec![];
    }
    let mut hits: Vec<&str> = facts
        .images
        .iter()
        .map(|x| x.src.as_str())
        .chain(facts.meta_images.iter().map(String::as_str))
        .chain(facts.media.iter().map(String::as_str))
        .filter(|src| {
            host_of(src, base).is_some_and(|h| {
                denied
                    .iter()
                    .any(|d| h == *d || h.ends_with(&format!(".{d}")))
            })
        })
        .collect();
    hits.dedup();
    if hits.is_empty() {
        return vec![];
    }
    vec![
        violation(rule, format!("the page shows images or media from a host the terms exclude ({})", denied.join(", ")), "leave the publisher's photos, graphics, video and audio out (their rights are not included), or record a `permission` that covers images")
            .found(list_found(&hits))
            .field(Field::Permission),
    ]
}

/// The lower-cased host of an absolute (or site-relative) address.
fn host_of(src: &str, base: &str) -> Option<String> {
    let n = normalise_url(src, base)?;
    let rest = n.split_once("://").map_or(n.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    Some(host.trim_end_matches('.').to_ascii_lowercase())
}
