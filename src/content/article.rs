//! One article file into an `Article`: each front-matter field checked on
//! its own, every problem collected so the author sees them all at once.

use std::path::Path;

use super::front_matter::Placed;

use super::body::{Body, measure_body, nesting_error, source_hash};
use super::date::ArticleDate;
use super::field_lines::FieldLines;
use super::fingerprint::fingerprint;
use super::front_matter::{
    self, AuthorFm, ChangesFm, CopyrightFm, FrontMatter, OriginalFm, PermissionFm, Year,
};
use super::model::{Article, Author, Copyright, Link, PERMISSION_COVERS, Permission, Rights};
use super::taxonomies::article_terms;
use super::urls::article_url;
use super::validate;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::layout::PLACEHOLDER;
use crate::licences::{EditKind, Registry};
use crate::markdown;

/// Where the article's problems are reported, and the problems so far.
pub(super) struct Fields<'a> {
    pub(super) rel: &'a Path,
    pub(super) text: &'a str,
    /// File line of each top-level front-matter key.
    pub(super) key_lines: &'a FieldLines,
    /// File lines before the front matter's first line.
    pub(super) line_offset: usize,
    pub(super) errors: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Starts with the placeholders `reprint new` left, the first problems found.
    pub(super) fn new(rel: &'a Path, text: &'a str, read: &'a front_matter::Read) -> Self {
        Fields {
            rel,
            text,
            key_lines: &read.key_lines,
            line_offset: read.line_offset,
            errors: front_matter::placeholder_errors(
                rel,
                text,
                read.split.front_matter,
                read.line_offset,
            ),
        }
    }

    /// A diagnostic at a 1-based file line and column.
    pub(super) fn at(&self, line: usize, col: usize, message: String) -> Diagnostic {
        Diagnostic::new(self.rel, message).at(self.text, line, col)
    }

    /// A diagnostic at a value's position in the front matter.
    pub(super) fn at_value<T>(&self, value: &Placed<T>, message: String) -> Diagnostic {
        self.at(value.line + self.line_offset, value.column, message)
    }

    /// File line of a top-level key, else the opening `---` line.
    pub(super) fn line_of(&self, key: &str) -> usize {
        self.key_lines.line_of(key).unwrap_or(1)
    }

    pub(super) fn has_key(&self, key: &str) -> bool {
        self.key_lines.line_of(key).is_some()
    }

    fn missing(&self, field: &str, example: &str) -> Diagnostic {
        Diagnostic::new(self.rel, format!("missing `{field}` in front matter"))
            .at(self.text, 1, 1)
            .with_hint(format!(
                "every article needs `{field}`; add a line such as `{example}`"
            ))
    }

    fn date(&mut self, field: &str, d: Option<&Placed<String>>) -> Option<ArticleDate> {
        let d = d?;
        match ArticleDate::parse(&d.value) {
            Ok(date) => Some(date),
            Err(msg) => {
                let e = self
                    .at_value(d, format!("bad `{field}`: {msg}"))
                    .with_hint("dates look like 2014-12-03 or 2014-12-03T10:30:00+01:00");
                self.errors.push(e);
                None
            }
        }
    }
}

/// The dates an article carries, each checked where it is written.
struct Dates {
    date: Option<ArticleDate>,
    updated: Option<ArticleDate>,
    permission: Option<ArticleDate>,
    rights: Option<Rights>,
}

/// An article from its file's front matter, already read.
pub(super) fn parse_article(
    rel: &Path,
    text: &str,
    (mut fm, read): (FrontMatter, front_matter::Read),
    config: &Config,
    licences: &Registry,
    measure: bool,
) -> Result<Article, Vec<Diagnostic>> {
    let mut f = Fields::new(rel, text, &read);
    // Before any field is taken out of `fm`.
    validate::check_urls(&mut f, &fm, read.split.front_matter);
    let aliases = super::page::aliases(&mut f, fm.aliases.take());
    let title = title(&mut f, fm.title.as_ref());
    let dates = dates(&mut f, &fm);
    let licence = licence(&mut f, fm.licence.as_ref(), licences);
    let authors = authors(
        &mut f,
        fm.authors.take(),
        fm.author.take(),
        read.split.front_matter,
    );
    let original = original(&mut f, fm.original.take(), licences);
    let (changes, change_kinds) = changes(&mut f, fm.changes.take(), read.split.front_matter);
    let covers = covers(&mut f, fm.permission.as_ref());
    check_text(&mut f, &fm, &read.split, licences);
    // The HTML is made again when the page is: a site's bodies together
    // are more than its memory should hold. A build that renders every
    // article's page measures the body there instead, in the same parse.
    let terms = (licence.as_str(), fm.pixel.as_deref());
    let body = if measure {
        match measure_body(&read.split, config, licences, terms, false) {
            Ok(body) => Some(Body::measured(body)),
            Err(too_deep) => {
                nesting_error(&mut f, read.split.body, too_deep);
                None
            }
        }
    } else {
        Some(Body::default())
    };
    let fingerprint_value = recorded_fingerprint(&mut f, fm.fingerprint.as_ref());
    let taxonomies = article_terms(
        &mut f,
        fm.taxonomies.take(),
        fm.tags.take(),
        read.split.front_matter,
        config,
    );
    let url = url(&mut f, fm.slug.as_ref());
    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    let date = dates
        .date
        .expect("date is reported above when missing or bad");
    let Some(body) = body else {
        return Err(f.errors);
    };
    // Only an article that records its original's fingerprint is compared with it.
    let body_fingerprint = fingerprint_value
        .as_ref()
        .map(|_| fingerprint(read.split.body));
    Ok(Article {
        path: rel.to_string_lossy().replace('\\', "/"),
        url,
        title,
        date,
        updated: dates.updated,
        authors: authors.iter().map(|a| a.name.clone()).collect(),
        author_details: authors,
        summary: fm.summary.filter(|s| !s.trim().is_empty()),
        licence,
        source: fm.source,
        original: original.link,
        original_title: original.title,
        original_licence: original.licence,
        copyright: fm.copyright.map(copyright),
        taxonomies,
        image: fm.image.map(Box::new),
        permission: fm
            .permission
            .map(|p| Box::new(permission(p, dates.permission, covers))),
        pixel: fm.pixel.filter(|p| !p.trim().is_empty()),
        fingerprint: fingerprint_value,
        changes,
        change_kinds,
        rights: dates.rights.map(Box::new),
        draft: fm.draft.unwrap_or(false),
        language: fm.language.filter(|l| !l.trim().is_empty()),
        extra: fm
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        body_fingerprint,
        has_slug: fm.slug.is_some(),
        body,
        field_lines: read.key_lines,
        source_hash: source_hash(rel, text),
        aliases,
        more: markdown::summary_before_more(read.split.body),
    })
}

/// What the text itself may not hold: an unlicensed lead image and control
/// characters. (A body nested too deep is found as it is rendered.)
fn check_text(f: &mut Fields, fm: &FrontMatter, split: &front_matter::Split, licences: &Registry) {
    check_image_licence(f, fm, licences);
    validate::check_control_characters(f, split.front_matter);
    validate::check_body_characters(f, split.body);
}

fn title(f: &mut Fields, title: Option<&Placed<String>>) -> String {
    match title {
        Some(t) if !t.value.trim().is_empty() => t.value.clone(),
        Some(t) => {
            let e = f
                .at_value(t, "`title` is empty".into())
                .with_hint("give the article its headline");
            f.errors.push(e);
            String::new()
        }
        None => {
            let e = f.missing("title", "title: \"The headline\"");
            f.errors.push(e);
            String::new()
        }
    }
}

fn dates(f: &mut Fields, fm: &FrontMatter) -> Dates {
    let date = f.date("date", fm.date.as_ref());
    let updated = f.date("updated", fm.updated.as_ref());
    let permission = f.date(
        "permission.date",
        fm.permission.as_ref().and_then(|p| p.date.as_ref()),
    );
    let rights = fm.rights.as_ref().map(|r| Rights {
        from: f.date("rights.from", r.from.as_ref()),
        until: f.date("rights.until", r.until.as_ref()),
    });
    if fm.date.is_none() {
        let e = f.missing("date", "date: 2014-12-03");
        f.errors.push(e);
    }
    Dates {
        date,
        updated,
        permission,
        rights,
    }
}

/// The canonical id of the article's licence profile.
fn licence(f: &mut Fields, licence: Option<&Placed<String>>, licences: &Registry) -> String {
    let e = match licence {
        None => f.missing("licence", "licence: CC-BY-4.0").with_hint(
            "every article names the licence it is republished under, such as `licence: CC-BY-4.0`; `reprint licences` lists the profiles",
        ),
        Some(l) => match licences.get(&l.value) {
            Some(p) => return p.id.clone(),
            None => f
                .at_value(l, format!("unknown licence {:?}", l.value))
                .with_hint(licences.unknown_hint(&l.value)),
        },
    };
    f.errors.push(e);
    String::new()
}

/// The authors, plain names or `{name, affiliation, url}`; an unknown key
/// inside an author is reported at its own line, a nameless author too.
fn authors(
    f: &mut Fields,
    authors: Option<Vec<AuthorFm>>,
    author: Option<String>,
    front_matter: &str,
) -> Vec<Author> {
    let list = match (authors, author) {
        (Some(_), Some(_)) => {
            let e = f
                .at(
                    f.line_of("author"),
                    1,
                    "both `author` and `authors` are set".into(),
                )
                .with_hint("keep one: `authors: [First Author, Second Author]`");
            f.errors.push(e);
            Vec::new()
        }
        (Some(list), None) => list,
        (None, Some(one)) => vec![AuthorFm::Name(one)],
        (None, None) => Vec::new(),
    };
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        let (name, affiliation, url) = match a {
            AuthorFm::Name(n) => (Some(n), None, None),
            AuthorFm::Full(o) => {
                unknown_keys(
                    f,
                    front_matter,
                    ("authors", "an author"),
                    o.unknown.keys(),
                    "an author is a name, or a table with `name`, `affiliation` and `url`; values of your own go under `extra:`",
                );
                if o.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                    let e = f
                        .at(f.line_of("authors"), 1, "an author without a `name`".into())
                        .with_hint("write `- name: Full Name` for each author table");
                    f.errors.push(e);
                }
                if let Some(url) = o.url.as_deref()
                    && let Err(why) = crate::urls::check(url, crate::urls::UrlKind::Absolute)
                {
                    let line = front_matter::nested_key_line(front_matter, "authors", "url")
                        .map_or_else(|| f.line_of("authors"), |l| l + f.line_offset);
                    let e = f
                        .at(
                            line,
                            1,
                            format!("an author's `url` holds an unsafe URL: {why}"),
                        )
                        .with_hint(crate::urls::HINT);
                    f.errors.push(e);
                }
                (o.name, o.affiliation, o.url)
            }
        };
        let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        if let Some(name) = nonempty(name) {
            out.push(Author {
                name,
                affiliation: nonempty(affiliation),
                url: nonempty(url),
            });
        }
    }
    out
}

/// The original publisher as read: its link, headline and licence profile.
struct Original {
    link: Option<Link>,
    title: Option<String>,
    licence: Option<String>,
}

fn original(f: &mut Fields, original: Option<OriginalFm>, licences: &Registry) -> Original {
    let Some(o) = original else {
        return Original {
            link: None,
            title: None,
            licence: None,
        };
    };
    let licence = o
        .licence
        .as_ref()
        .and_then(|l| match licences.get(&l.value) {
            Some(p) => Some(p.id.clone()),
            None => {
                let e = f
                    .at_value(
                        l,
                        format!("unknown licence {:?} for `original.licence`", l.value),
                    )
                    .with_hint(licences.unknown_hint(&l.value));
                f.errors.push(e);
                None
            }
        });
    Original {
        link: Some(Link {
            name: o.name,
            url: o.url,
        }),
        title: o.title.filter(|t| !t.trim().is_empty()),
        licence,
    }
}

/// Each key of table `parent` (named `what` in the message) that the
/// table does not take, an input error at its own line.
fn unknown_keys<'k>(
    f: &mut Fields,
    front_matter: &str,
    (parent, what): (&str, &str),
    keys: impl Iterator<Item = &'k String>,
    hint: &str,
) {
    for key in keys {
        let line = front_matter::nested_key_line(front_matter, parent, key)
            .map_or_else(|| f.line_of(parent), |l| l + f.line_offset);
        let e = f
            .at(line, 1, format!("unknown key `{key}` in {what}"))
            .with_hint(hint);
        f.errors.push(e);
    }
}

/// The change text and, when declared as a table, its kinds; an unknown
/// kind is an input error at the `kinds` line.
fn changes(
    f: &mut Fields,
    changes: Option<ChangesFm>,
    front_matter: &str,
) -> (Option<String>, Option<Vec<EditKind>>) {
    match changes {
        None => (None, None),
        Some(ChangesFm::Text(t)) => (Some(t).filter(|t| !t.trim().is_empty()), None),
        Some(ChangesFm::Kinds(k)) => {
            unknown_keys(
                f,
                front_matter,
                ("changes", "`changes`"),
                k.unknown.keys(),
                "`changes` is text, or a table with `kinds` (a list) and `note` (the text the page shows)",
            );
            let mut kinds = Vec::new();
            for id in &k.kinds {
                match EditKind::from_id(id) {
                    Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                    Some(_) => {}
                    None => {
                        let line = front_matter::nested_key_line(front_matter, "changes", "kinds")
                            .map_or_else(|| f.line_of("changes"), |l| l + f.line_offset);
                        let e = f
                            .at(
                                line,
                                1,
                                format!("unknown change kind {id:?} in `changes.kinds`"),
                            )
                            .with_hint(format!("a change is one of: {}", EditKind::ids()));
                        f.errors.push(e);
                    }
                }
            }
            // Without a note the page can still say which kinds of change were made.
            let text = k.note.filter(|n| !n.trim().is_empty()).or_else(|| {
                (!kinds.is_empty()).then(|| {
                    let ids: Vec<&str> = kinds.iter().map(|k| k.id()).collect();
                    format!("Changed: {}.", ids.join(", "))
                })
            });
            (text, Some(kinds))
        }
    }
}

/// A written permission as the article records it, its date and what it
/// covers already checked.
fn permission(p: PermissionFm, date: Option<ArticleDate>, covers: Vec<String>) -> Permission {
    Permission {
        granted_by: p.granted_by,
        date,
        reference: p.reference,
        covers,
    }
}

/// What a written permission lifts, each name checked against the rules.
fn covers(f: &mut Fields, permission: Option<&PermissionFm>) -> Vec<String> {
    let mut covers = Vec::new();
    for c in permission.map_or(&[][..], |p| &p.covers) {
        let v = c.value.trim().to_ascii_lowercase();
        if PERMISSION_COVERS.contains(&v.as_str()) {
            covers.push(v);
        } else {
            let e = f
                .at_value(
                    c,
                    format!(
                        "`permission.covers` names {:?}, which no rule knows",
                        c.value
                    ),
                )
                .with_hint(format!(
                    "a permission can cover: {}",
                    PERMISSION_COVERS.join(", ")
                ));
            f.errors.push(e);
        }
    }
    covers
}

fn check_image_licence(f: &mut Fields, fm: &FrontMatter, licences: &Registry) {
    if let Some(image) = &fm.image
        && let Some(l) = &image.licence
        && !l.eq_ignore_ascii_case("all-rights-reserved")
        && licences.get(l).is_none()
    {
        let e = f
            .at(
                f.line_of("image"),
                1,
                format!("unknown licence {l:?} for `image.licence`"),
            )
            .with_hint(format!(
                "use `all-rights-reserved` or a profile id; {}",
                licences.unknown_hint(l)
            ));
        f.errors.push(e);
    }
}

/// The original's fingerprint as recorded, normalised to lower case.
fn recorded_fingerprint(f: &mut Fields, recorded: Option<&Placed<String>>) -> Option<String> {
    let recorded = recorded?;
    // Reported with the other placeholders left to fill in.
    if recorded.value.contains(PLACEHOLDER) {
        return None;
    }
    let v = recorded.value.trim().to_ascii_lowercase();
    let hex = v.strip_prefix("sha256:").unwrap_or("");
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(v);
    }
    let e = f
        .at_value(recorded, format!("bad `fingerprint` {:?}", recorded.value))
        .with_hint(
            "a fingerprint is `sha256:` and 64 hex digits; `reprint fingerprint FILE` prints it",
        );
    f.errors.push(e);
    None
}

fn url(f: &mut Fields, slug: Option<&Placed<String>>) -> String {
    match article_url(f.rel, slug.map(|s| s.value.as_str())) {
        Ok(u) => u,
        Err(msg) => {
            let d = match slug {
                Some(s) => f.at_value(s, msg),
                None => Diagnostic::new(f.rel, msg).at(f.text, 1, 1),
            };
            f.errors.push(d.with_hint(
                "a slug is one URL segment: letters, digits and hyphens, no '/' or '..'",
            ));
            String::new()
        }
    }
}

fn copyright(c: CopyrightFm) -> Copyright {
    Copyright {
        holder: c.holder.filter(|h| !h.trim().is_empty()),
        year: c.year.map(|y| match y {
            Year::Number(n) => n.to_string(),
            Year::Text(t) => t,
        }),
    }
}
