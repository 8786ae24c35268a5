//! Checks for the terms real publishers set beyond the CC rules: the title
//! of the work, excerpt-only republication, allowed edits, upstream
//! provenance, where the credit stands and the byline's form.

use crate::content::Article;
use crate::licences::{CreditPosition, EditKind, Placeholder, Rule, Severity};

use super::super::matching::{contains_words, fold};
use super::super::normalise_text;
use super::super::region::{BodyBlock, BodyRegion, block_holds};
use super::super::report::{Violation, violation};
use super::super::urls::normalise_url;
use super::{Field, Input, check, plural};

/// The placeholders a template could not fill, as the front-matter names
/// a message asks for.
fn placeholder_names(missing: &[Placeholder]) -> Vec<String> {
    missing.iter().map(|p| format!("`{}`", p.name())).collect()
}

pub(super) fn title(i: &Input) -> Vec<Violation> {
    let (rule, a, facts) = (i.rule, i.a, i.facts);
    let (want, field) = match &a.original_title {
        Some(t) => (t.as_str(), Field::Original),
        None => (a.title.as_str(), Field::Title),
    };
    if facts.shows(want) {
        return vec![];
    }
    let which = if field == Field::Original {
        "the original headline (`original.title`)"
    } else {
        "the title"
    };
    vec![
        violation(
            rule,
            format!("{which} is not shown on the page"),
            "show the work's title as published, for example in the credit line: \"{{ page.original.title }}\" by ...",
        )
        .expected(format!("visible text {want:?}"))
        .found("no visible text with that title")
        .field(field),
    ]
}

pub(super) fn excerpt(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, profile, facts, base) = (i.cx, i.rule, i.a, i.profile, i.facts, i.base);
    let Some(excerpt) = &profile.conditions.excerpt else {
        return vec![];
    };
    // Without a marked body the pass stops with a template error first.
    let Some(body) = &facts.body else {
        return vec![];
    };
    let mut out = Vec::new();
    // A stated credit in the body is not part of the story either.
    let credit = a
        .credit(profile, &cx.site.config.title)
        .and_then(Result::ok);
    let not_credit = |b: &BodyBlock| credit.as_ref().is_none_or(|c| !block_holds(b, c));
    let mut counted = body.paragraphs(not_credit);
    if let Some(trailer) = &excerpt.trailer {
        match trailer.fill(|p| a.credit_value(p, profile, &cx.site.config.title)) {
            Err(missing) => {
                let names = placeholder_names(&missing);
                out.push(
                    violation(
                        rule,
                        format!(
                            "the excerpt trailer needs {} from the front matter",
                            names.join(", ")
                        ),
                        format!("add {} to the front matter", names.join(" and ")),
                    )
                    .field(Field::Source),
                );
            }
            Ok(text) => {
                // The trailer is not counted, wherever it stands.
                counted = body.paragraphs(|b| not_credit(b) && !block_holds(b, &text));
                out.extend(trailer_placed(rule, a, body, &text, base));
            }
        }
    }
    if counted > excerpt.max_paragraphs {
        out.push(
            violation(
                rule,
                format!(
                    "the body holds {counted} paragraphs; the terms allow an excerpt of at most {}",
                    excerpt.max_paragraphs
                ),
                "cut the body to the allowed number of paragraphs (the trailer is not counted)",
            )
            .expected(format!(
                "at most {} paragraph{}",
                excerpt.max_paragraphs,
                plural(excerpt.max_paragraphs)
            ))
            .found(format!("{counted}")),
        );
    }
    out
}

/// Whether the excerpt ends with its trailer, linking the source article.
fn trailer_placed(
    rule: Rule,
    a: &Article,
    body: &BodyRegion,
    text: &str,
    base: &str,
) -> Option<Violation> {
    let source = a.source.as_ref().and_then(|s| s.url.as_deref());
    let want = source.and_then(|u| normalise_url(u, base));
    match body.last() {
        Some(last) if block_holds(last, text) => {
            let linked =
                want.is_some() && last.hrefs.iter().any(|h| normalise_url(h, base) == want);
            (!linked).then(|| {
                    violation(rule, "the excerpt's trailer does not link to the source article", "make the trailer a link to `source.url`, for example: Read the full article at [Publisher](https://...)")
                        .expected(format!("a link to {} in {text:?}", source.unwrap_or("`source.url`")))
                        .found("a trailer without that link")
                        .field(Field::Source)
            })
        }
        _ => {
            let found = if body.blocks.iter().any(|b| block_holds(b, text)) {
                "the trailer, but not as the body's last block"
            } else {
                "no trailer"
            };
            Some(
                violation(
                    rule,
                    "the excerpt does not end with its trailer",
                    "end the article body with the trailer, linking the source",
                )
                .expected(format!("the body's last block reading {text:?}"))
                .found(found)
                .field(Field::Source),
            )
        }
    }
}

/// Whether the credit wording stands where the profile asks; `None` when it does.
pub(super) fn misplaced_credit(i: &Input, credit: &str) -> Option<Violation> {
    let position = i.profile.conditions.credit_position?;
    let body = i.facts.body.as_ref()?;
    let (block, place) = match position {
        CreditPosition::Any => return None,
        CreditPosition::Top => (body.first(), "first"),
        CreditPosition::Bottom => (body.last(), "last"),
    };
    if block.is_some_and(|b| block_holds(b, credit)) {
        return None;
    }
    Some(
        violation(
            i.rule,
            format!(
                "the credit is not at the {} of the article body",
                position.id()
            ),
            format!(
                "show the credit as the {place} block inside the element marked data-reprint=\"body\""
            ),
        )
        .expected(format!("the body's {place} block reading {credit:?}"))
        .found(block.map_or("an empty body".to_owned(), |b| format!("{:?}", b.text))),
    )
}

/// The byline form, filled for every author, each shown on the page.
pub(super) fn byline_form(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, profile, facts) = (i.cx, i.rule, i.a, i.profile, i.facts);
    // A feed entry names its authors in <author>; the form is the page's layout.
    let Some(form) = profile
        .conditions
        .byline
        .as_ref()
        .filter(|_| !facts.feed_entry)
    else {
        return vec![];
    };
    let mut out = Vec::new();
    let mut unshown = Vec::new();
    for (name, filled) in a.byline_forms(form, profile, &cx.site.config.title) {
        match filled {
            Err(missing) => {
                let names = placeholder_names(&missing);
                out.push(
                    violation(
                        rule,
                        format!("the byline form {:?} needs {} for {name:?}", form.text, names.join(", ")),
                        "give the author as a table: `- {name: ..., affiliation: ...}`, as the source credits them",
                    )
                    .field(Field::Authors),
                );
            }
            Ok(text) if !facts.shows(&text) => unshown.push(
                violation(
                    rule,
                    format!("the byline does not read {text:?}"),
                    format!("render each author as the terms ask: {:?}", form.text),
                )
                .expected(format!("visible text {text:?}"))
                .found("no visible text in that form")
                .field(Field::Authors),
            ),
            Ok(_) => {}
        }
    }
    if !unshown.is_empty() && !joint_byline_shown(i, form) {
        out.append(&mut unshown);
    }
    out
}

/// Whether the page shows one joint byline in the form, as publishers write
/// it for several authors ("By Jane Doe and John Roe, CalMatters"; also
/// with a serial comma). A form that names each author's `{affiliation}`
/// has no joint reading. Tried only when an author's own form is missing.
fn joint_byline_shown(i: &Input, form: &crate::licences::CreditTemplate) -> bool {
    let (cx, a, profile, facts) = (i.cx, i.a, i.profile, i.facts);
    let [first @ .., last] = a.authors.as_slice() else {
        return false;
    };
    if first.is_empty() || form.names(Placeholder::Affiliation) {
        return false;
    }
    let plain = crate::text::join_names(&a.authors);
    let serial = format!("{}, and {last}", first.join(", "));
    [plain, serial].iter().any(|joint| {
        form.fill(|p| match p {
            Placeholder::Author | Placeholder::Authors => Some(joint.clone()),
            other => a.credit_value(other, profile, &cx.site.config.title),
        })
        .is_ok_and(|text| facts.shows(&text))
    })
}

/// What `changes` declares.
enum Declared<'a> {
    Nothing,
    /// Free text: the kind is unknown.
    Unknown,
    Kinds(&'a [EditKind]),
}

/// `unmodified` with a profile's `allowed_edits`: every change is declared,
/// and every declared change is of a kind the profile allows.
pub(super) fn edits(i: &Input) -> Vec<Violation> {
    let (rule, a, profile) = (i.rule, i.a, i.profile);
    let allowed = &profile.conditions;
    let mut out = Vec::new();
    let declared = match (&a.change_kinds, &a.changes) {
        (Some(kinds), _) if !kinds.is_empty() => Declared::Kinds(kinds),
        (None, Some(_)) => Declared::Unknown,
        _ => Declared::Nothing,
    };
    let allowed_list = || {
        if allowed.allowed_edits.is_empty() {
            "none".to_owned()
        } else {
            let ids: Vec<&str> = allowed.allowed_edits.iter().map(|k| k.id()).collect();
            ids.join(", ")
        }
    };
    let body_differs = a.fingerprint.is_some() && a.fingerprint != a.body_fingerprint;
    let headline_differs = a.original_title.as_ref().is_some_and(|t| {
        normalise_text(t).to_lowercase() != normalise_text(&a.title).to_lowercase()
    });
    let (declares_body, declares_headline) = match declared {
        Declared::Nothing => (false, false),
        Declared::Unknown => {
            if !allowed.allows_any() {
                out.push(
                    violation(rule, "`changes` is free text, so its kind is unknown, and these terms allow only some kinds of change", "declare the kinds: `changes: {kinds: [style], note: \"...\"}`, or republish unchanged")
                        .expected(format!("changes of these kinds only: {}", allowed_list()))
                        .found("a change of unknown kind")
                        .field(Field::Changes),
                );
            }
            (true, true)
        }
        Declared::Kinds(kinds) => {
            for kind in kinds {
                if !allowed.allows(*kind) {
                    out.push(
                        violation(
                            rule,
                            format!("the terms do not allow a change of kind `{}`", kind.id()),
                            "undo that change, or ask the publisher for permission",
                        )
                        .expected(format!("changes of these kinds only: {}", allowed_list()))
                        .found(kind.id())
                        .field(Field::Changes),
                    );
                } else if *kind == EditKind::CutsWithApproval
                    && !a.permission.as_ref().is_some_and(|p| p.covers("cuts"))
                {
                    out.push(
                        violation(rule, "cuts need the publisher's approval, and no `permission` covers `cuts`", "record the approval as `permission: {granted_by, date, reference, covers: [cuts]}`")
                            .field(Field::Permission),
                    );
                }
            }
            // A headline may be changed by the other kinds too: "no edits,
            // including the headline, except relative time, location and
            // style" lets a time or place in the headline change as well.
            // Cuts apply to the text only.
            (
                kinds.iter().any(|k| *k != EditKind::Headline),
                kinds.iter().any(|k| *k != EditKind::CutsWithApproval),
            )
        }
    };
    if headline_differs && !declares_headline {
        out.push(
            violation(rule, "the headline differs from the original's (`original.title`), and `changes` declares no change that covers a headline", "restore the original headline, or declare the kind of change (`changes: {kinds: [time_place]}`, `[style]`, `[headline]`) where the terms allow it")
                .expected(a.original_title.clone().unwrap_or_default())
                .found(a.title.clone())
                .field(Field::Title),
        );
    }
    if body_differs && !declares_body {
        out.push(
            violation(rule, "the body differs from the original text recorded in `fingerprint`, and `changes` does not declare the change", "restore the original wording (re-wrapping lines is fine), or declare the kind of change where the terms allow it")
                .expected(a.fingerprint.clone().unwrap_or_default())
                .found(a.body_fingerprint.clone().unwrap_or_default())
                .field(Field::Fingerprint),
        );
    }
    out
}

/// The first publisher's terms, judged from its side: its `source` is our
/// `original`. Each failing upstream rule is one `upstream` violation.
pub(super) fn upstream(i: &Input) -> Vec<Violation> {
    let (cx, rule, a, profile, facts) = (i.cx, i.rule, i.a, i.profile, i.facts);
    let Some(id) = &a.original_licence else {
        if profile.conditions.require_upstream && a.original.is_some() {
            return vec![
                violation(rule, format!("`{}` does not cover the first publisher's rights: the article must state the original's licence", profile.id), "add `licence:` under `original:`, naming the first publisher's profile (`reprint licences` lists them)")
                    .field(Field::Original),
            ];
        }
        return vec![];
    };
    let Some(up) = cx.site.licences.get(id) else {
        return vec![];
    };
    let view = upstream_view(a);
    let mut out = Vec::new();
    for (up_rule, severity) in up.all_rules() {
        if severity != Severity::Error || up_rule == Rule::Upstream {
            continue;
        }
        for v in check(cx, up_rule, &view, up, facts) {
            // The view's `source` and licence are the article's `original`.
            let field = match v.field {
                Some(Field::Source | Field::Licence) | None => Field::Original,
                Some(Field::SourceUrl) => Field::OriginalUrl,
                Some(f) => f,
            };
            out.push(Violation {
                rule,
                message: format!(
                    "upstream `{}` rule `{}`: {}",
                    up.id,
                    up_rule.id(),
                    as_original(&v.message)
                ),
                fix: as_original(&v.fix),
                field: Some(field),
                ..v
            });
        }
    }
    out
}

/// A message about the upstream view, told in the fields the article
/// states the first publisher in: the view's `source` and `licence` are
/// the article's `original` and `original.licence`.
fn as_original(text: &str) -> String {
    text.replace("`source.", "`original.")
        .replace("`source`", "`original`")
        .replace("`licence`", "`original.licence`")
        .replace("page.source.", "page.original.")
        .replace("the source article", "the original article")
}

/// The article as the first publisher's terms see it. A permission binds
/// only who granted it: the source's cannot lift the first publisher's
/// terms (Global Research cannot license what it reposts from others),
/// so it stands here only when the first publisher granted it.
fn upstream_view(a: &Article) -> Article {
    let mut view = a.clone();
    let first = a.original.as_ref().and_then(|o| o.name.as_deref());
    view.permission = a.permission.clone().filter(|p| {
        let by = p.granted_by.as_deref().map(fold);
        first.is_some_and(|name| by.is_some_and(|by| contains_words(&by, &fold(name))))
    });
    view.source = a.original.clone();
    view.original = None;
    view.original_licence = None;
    if let Some(t) = &a.original_title {
        view.title = t.clone();
    }
    view.original_title = None;
    view
}
