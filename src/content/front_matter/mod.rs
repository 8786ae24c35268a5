//! Front matter: the split at the `---` lines, the typed shape serde reads
//! it into, and the YAML errors turned into diagnostics.

mod placed;
mod plain;
mod yaml_error;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::field_lines::FieldLines;
use super::model::{Image, Link};
pub(super) use placed::Placed;
use yaml_error::yaml_error;

/// Front-matter line (1-based) of `key:` nested anywhere under `parent:`,
/// list items included.
pub(super) fn nested_key_line(front_matter: &str, parent: &str, key: &str) -> Option<usize> {
    let mut inside = false;
    for (i, line) in front_matter.lines().enumerate() {
        if !line.starts_with([' ', '\t', '-']) {
            inside = line.split(':').next().is_some_and(|k| k.trim() == parent);
            continue;
        }
        let item = line.trim_start().trim_start_matches("- ").trim_start();
        if inside && item.split(':').next().is_some_and(|k| k.trim() == key) {
            return Some(i + 1);
        }
    }
    None
}
use crate::diagnostics::Diagnostic;
use crate::layout::PLACEHOLDER;

pub(super) const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "authors",
    "author",
    "summary",
    "licence",
    "license",
    "source",
    "original",
    "copyright",
    "taxonomies",
    "tags",
    "image",
    "permission",
    "pixel",
    "fingerprint",
    "changes",
    "rights",
    "draft",
    "slug",
    "language",
    "extra",
    "imported",
    "type",
    "aliases",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FrontMatter {
    pub(super) title: Option<Placed<String>>,
    pub(super) date: Option<Placed<String>>,
    pub(super) updated: Option<Placed<String>>,
    pub(super) authors: Option<Vec<AuthorFm>>,
    pub(super) author: Option<String>,
    pub(super) summary: Option<String>,
    #[serde(alias = "license")]
    pub(super) licence: Option<Placed<String>>,
    pub(super) source: Option<Link>,
    pub(super) original: Option<OriginalFm>,
    pub(super) copyright: Option<CopyrightFm>,
    pub(super) taxonomies: Option<BTreeMap<String, Vec<String>>>,
    pub(super) tags: Option<Vec<String>>,
    pub(super) image: Option<Image>,
    pub(super) permission: Option<PermissionFm>,
    pub(super) pixel: Option<String>,
    pub(super) fingerprint: Option<Placed<String>>,
    pub(super) changes: Option<ChangesFm>,
    pub(super) rights: Option<RightsFm>,
    pub(super) draft: Option<bool>,
    pub(super) slug: Option<Placed<String>>,
    pub(super) language: Option<String>,
    pub(super) extra: Option<serde_json::Value>,
    /// Written by `reprint import`: when and from where. Kept for the
    /// editor; no rule reads it.
    #[allow(dead_code)]
    pub(super) imported: Option<ImportedFm>,
    /// `page` for the site's own pages; articles leave it out.
    #[serde(rename = "type")]
    pub(super) kind: Option<Placed<String>>,
    /// Old addresses of the article or page, each a redirect to it.
    pub(super) aliases: Option<Vec<Placed<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImportedFm {
    #[allow(dead_code)]
    pub(super) at: Option<String>,
    #[allow(dead_code)]
    pub(super) from: Option<String>,
}

/// An author: a plain name, or `{name, affiliation, url}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum AuthorFm {
    Name(String),
    Full(AuthorObjectFm),
}

/// Unknown keys are kept so they can be reported at their own line: an
/// untagged list item would otherwise only say that nothing matched.
#[derive(Debug, Deserialize)]
pub(super) struct AuthorObjectFm {
    pub(super) name: Option<String>,
    pub(super) affiliation: Option<String>,
    pub(super) url: Option<String>,
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The first publisher, with the headline as it published it and its terms.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OriginalFm {
    pub(super) name: Option<String>,
    pub(super) url: Option<String>,
    pub(super) title: Option<String>,
    #[serde(alias = "license")]
    pub(super) licence: Option<Placed<String>>,
}

/// `changes: "free text"` (kind unknown) or `{kinds: [...], note: "..."}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum ChangesFm {
    Text(String),
    Kinds(ChangeKindsFm),
}

/// Unknown keys are kept so they can be reported at their own line, as
/// for [`AuthorObjectFm`].
#[derive(Debug, Deserialize)]
pub(super) struct ChangeKindsFm {
    #[serde(default)]
    pub(super) kinds: Vec<String>,
    pub(super) note: Option<String>,
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CopyrightFm {
    pub(super) holder: Option<String>,
    pub(super) year: Option<Year>,
}

/// `year: 2014`, `year: "2014"` or `year: 2014-2016` are all fine.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Year {
    Number(u32),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PermissionFm {
    pub(super) granted_by: Option<String>,
    pub(super) date: Option<Placed<String>>,
    pub(super) reference: Option<String>,
    #[serde(default)]
    pub(super) covers: Vec<Placed<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RightsFm {
    pub(super) from: Option<Placed<String>>,
    pub(super) until: Option<Placed<String>>,
}

/// A file's front matter and body, split at the `---` lines.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based file line of the first front-matter line.
    pub front_matter_line: usize,
    pub body: &'a str,
}

/// Splits `---\n<yaml>\n---\n<body>`. A BOM and CRLF line ends are accepted.
pub fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let fm_start = first_end + 1;
    let mut pos = fm_start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "---" {
            let body_start = (line_end + 1).min(text.len());
            return Some(Split {
                front_matter: &text[fm_start..pos],
                front_matter_line: 2,
                body: &text[body_start..],
            });
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

/// One file split at its front matter, and where the front matter's keys are.
pub(super) struct Read<'a> {
    pub(super) split: Split<'a>,
    /// File lines before the front matter's first line.
    pub(super) line_offset: usize,
    /// File line of each top-level key, and of each key one level under
    /// one as `parent.key`, so reports can point at it.
    pub(super) key_lines: FieldLines,
}

/// Splits the file and reads its front matter into typed fields; a file
/// without one, or with YAML that does not fit, is one diagnostic.
pub(super) fn read<'a>(
    rel: &Path,
    text: &'a str,
) -> Result<(FrontMatter, Read<'a>), Vec<Diagnostic>> {
    let split = split_front_matter(text).ok_or_else(|| vec![no_front_matter(rel, text)])?;
    let line_offset = split.front_matter_line - 1;
    let fm: FrontMatter = if split.front_matter.trim().is_empty() {
        serde_saphyr::from_str("{}")
    } else {
        plain::from_str(split.front_matter)
            .map_or_else(|| serde_saphyr::from_str(split.front_matter), Ok)
    }
    .map_err(|e| vec![yaml_error(rel, text, split.front_matter, line_offset, &e)])?;
    let key_lines = top_level_lines(split.front_matter, line_offset);
    Ok((
        fm,
        Read {
            split,
            line_offset,
            key_lines,
        },
    ))
}

fn no_front_matter(rel: &Path, text: &str) -> Diagnostic {
    let first = text.lines().next().unwrap_or("");
    let message = if first.trim_end() == "---" {
        "front matter is never closed: no second `---` line"
    } else {
        "no front matter: an article starts with a `---` line, then YAML, then another `---` line"
    };
    Diagnostic::new(rel, message).at(text, 1, 1).with_hint(
        "start the file with a `---` line, then `title:`, `date:` and `licence:` lines, then another `---` line",
    )
}

/// Every `FILL-IN:` placeholder `reprint new` or `reprint import` left,
/// at its line.
pub(super) fn placeholder_errors(
    rel: &Path,
    text: &str,
    front_matter: &str,
    line_offset: usize,
) -> Vec<Diagnostic> {
    // `contains` is the vectorised search; nearly every file has none.
    if !text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let fm_lines = front_matter.lines().count();
    let mut errors = Vec::new();
    let mut parent = "";
    for (i, line) in text.lines().enumerate() {
        if i >= line_offset && !line.starts_with([' ', '\t', '#']) && line.contains(':') {
            parent = line.split(':').next().unwrap_or("").trim();
        }
        let Some(byte) = line.find(PLACEHOLDER) else {
            continue;
        };
        let col = line[..byte].chars().count() + 1;
        let in_front_matter = i >= line_offset && i < line_offset + fm_lines;
        let what = if in_front_matter {
            // `key: FILL-IN…`, or a list item `- FILL-IN…` under its parent.
            let before = &line[..byte];
            let key = before
                .rsplit_once(':')
                .map(|(k, _)| k.trim().trim_start_matches("- ").trim());
            match (key, line.starts_with([' ', '\t'])) {
                (Some(key), true) => format!("`{parent}.{key}`"),
                (Some(key), false) => format!("`{key}`"),
                (None, _) => format!("`{parent}`"),
            }
        } else {
            "the body".to_owned()
        };
        errors.push(
            Diagnostic::new(rel, format!("{what} still holds a FILL-IN placeholder"))
                .at(text, i + 1, col)
                .with_hint(
                    "replace the FILL-IN text with the real value from the article you republish",
                ),
        );
    }
    errors
}

/// File lines of top-level keys: lines that start a `key:` at column 1.
fn top_level_lines(front_matter: &str, line_offset: usize) -> FieldLines {
    let mut lines: Vec<(String, usize)> = Vec::new();
    // The top-level key being read, and the indentation of its first child.
    let mut parent: Option<(String, Option<usize>)> = None;
    for (i, line) in front_matter.lines().enumerate() {
        let line_no = i + 1 + line_offset;
        if line.starts_with([' ', '\t']) {
            // One level down, each child key is also recorded as `parent.key`,
            // so a report can point at `source.url` rather than `source`.
            let indent = line.len() - line.trim_start().len();
            let Some((name, child_indent)) = parent.as_mut() else {
                continue;
            };
            let body = line.trim_start();
            if body.starts_with(['#', '-']) || *child_indent.get_or_insert(indent) != indent {
                continue;
            }
            if let Some((key, _)) = body.split_once(':') {
                let key = key.trim().trim_matches(['"', '\'']);
                if !key.is_empty() {
                    lines.push((format!("{name}.{key}"), line_no));
                }
            }
            continue;
        }
        if line.starts_with(['#', '-']) {
            continue;
        }
        let key = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if !key.is_empty() && line.contains(':') {
            lines.push((key.to_owned(), line_no));
            parent = Some((key.to_owned(), None));
        } else {
            parent = None;
        }
    }
    lines.into_iter().collect()
}

/// Front-matter line (1-based, within the front matter) of `key:` nested under `parent:`.
pub(super) fn key_line_under(front_matter: &str, parent: &str, key: &str) -> Option<usize> {
    let mut inside = false;
    for (i, line) in front_matter.lines().enumerate() {
        if !line.starts_with([' ', '\t']) {
            inside = line.split(':').next().is_some_and(|k| k.trim() == parent);
            continue;
        }
        if inside
            && line
                .trim_start()
                .split(':')
                .next()
                .is_some_and(|k| k.trim() == key)
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf_and_bom() {
        let s = split_front_matter("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.front_matter, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
        let empty_body = split_front_matter("---\ntitle: A\n---").unwrap();
        assert_eq!(empty_body.body, "");
    }

    fn error_of(text: &str) -> Diagnostic {
        match read(Path::new("content/a.md"), text) {
            Err(mut e) if e.len() == 1 => e.remove(0),
            Err(e) => panic!("expected one diagnostic, got {e:?}"),
            Ok(_) => panic!("expected an error for {text:?}"),
        }
    }

    #[test]
    fn yaml_errors_are_recognised_by_kind_and_placed_in_the_file() {
        let d = error_of("---\ntitle: A\ntitle: B\n---\n");
        assert_eq!((d.line, d.col), (3, 1));
        assert_eq!(
            d.hint.as_deref(),
            Some("each key may appear once; remove the repeated line")
        );
        assert_eq!(d.message, "the key `title` appears twice");
        let deep = format!(
            "---\nextra:\n  a: {}{}\n---\n",
            "[".repeat(70),
            "]".repeat(70)
        );
        let d = error_of(&deep);
        assert_eq!(
            d.message,
            "front matter nests too deeply (more than 64 levels of lists or tables)"
        );
        assert!(!d.message.contains("budget") && d.hint.is_some());
        let d = error_of("---\ntitle: A\nsource:\n  nam: X\n---\n");
        assert_eq!(d.message, "unknown key `nam` in front matter");
        assert_eq!((d.line, d.col), (4, 3));
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean `name`? Values of your own go under `extra:`")
        );
        let d = error_of("---\ntitle: A\nsource: {name: x, name: y}\n---\n");
        assert_eq!(d.message, "the key `name` appears twice");
        assert_eq!((d.line, d.col), (3, 19));
        // The tab is on line 5; the parser stops at the value before it.
        let d = error_of("---\ntitle: A\ncopyright:\n  year: 2026\n\ttags: [x]\n---\n");
        assert_eq!(d.message, "front matter is indented with a tab");
        assert_eq!((d.line, d.col), (5, 1));
        let d = error_of("---\n- a\n- b\n---\n");
        assert_eq!(
            d.message,
            "front matter is not a list of `key: value` lines"
        );
        assert_eq!((d.line, d.col), (2, 1));
        let d = error_of("---\nautors: [A]\n---\n");
        assert_eq!(d.message, "unknown key `autors` in front matter");
        let d = error_of("---\ntitle: [A]\n---\n");
        assert_eq!(
            d.message,
            "wrong type for `title`: expected a single text value"
        );
        assert_eq!((d.line, d.col), (2, 8));
        assert_eq!(d.hint.as_deref(), Some("`title` takes a single text value"));
        // A value no form of the field takes names the field, not our types.
        let d = error_of(
            "---
copyright:
  holder: V
  year: [2025]
---
",
        );
        assert_eq!(d.message, "wrong type for `year`");
        assert_eq!(d.hint.as_deref(), Some("`year` takes a year such as 2014"));
        let d = error_of(
            "---
draft: maybe
---
",
        );
        assert_eq!(d.message, "wrong type for `draft`: invalid boolean");
        let d = error_of(
            "---
aliases: /old/
---
",
        );
        assert!(d.message.starts_with("wrong type for `aliases`"), "{d:?}");
    }
}
