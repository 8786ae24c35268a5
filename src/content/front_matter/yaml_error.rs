//! A YAML error in front matter, told in the user's words: the field, the
//! shape it takes, the key misspelt.

use std::path::Path;

use super::FRONT_MATTER_KEYS;
use crate::diagnostics::{Diagnostic, suggest};

pub(super) fn yaml_error(
    rel: &Path,
    text: &str,
    front_matter: &str,
    line_offset: usize,
    e: &serde_saphyr::Error,
) -> Diagnostic {
    let raw = e.without_snippet().to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let (line, col) = e
        .location()
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let source_line = front_matter
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    let key = source_line
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();

    let cause = innermost(e);
    if (message.contains("found a tab") || message.contains("tabs disallowed"))
        && let Some((tab_line, tab_col)) = indenting_tab(front_matter)
    {
        // The scanner meets an indenting tab while finishing the value
        // before it, and reports that value's place.
        return Diagnostic::new(rel, "front matter is indented with a tab")
            .at(text, tab_line + line_offset, tab_col)
            .with_hint("YAML indents with spaces only; replace the tab with spaces");
    }
    let mut d = Diagnostic::new(rel, plain_words(&message)).at(text, line + line_offset, col);
    if let serde_saphyr::Error::SerdeUnknownField {
        field, expected, ..
    } = cause
    {
        let candidates: &[&str] = if expected.is_empty() {
            FRONT_MATTER_KEYS
        } else {
            expected
        };
        d.message = format!("unknown key `{field}` in front matter");
        d = d.with_hint(match suggest(field, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Values of your own go under `extra:`"),
            None => format!(
                "known keys here: {}; values of your own go under `extra:`",
                candidates.join(", ")
            ),
        });
    } else if let Some(expect) = expected_shape(&key).filter(|_| {
        message.starts_with("expected")
            || message.starts_with("invalid type")
            || message.contains("invalid value")
            || message.starts_with("invalid boolean")
            || message.contains("did not match any variant")
    }) {
        // serde's "no variant of untagged enum Year" names a type of ours,
        // not the user's value.
        d.message = if message.contains("did not match any variant") {
            format!("wrong type for `{key}`")
        } else {
            format!("wrong type for `{key}`: {}", plain_words(&message))
        };
        d = d.with_hint(format!("`{key}` takes {expect}"));
    } else if let serde_saphyr::Error::DuplicateMappingKey { key: repeated, .. } = cause {
        // In a flow table (`source: {name: x, name: y}`) the repeated key is
        // not the line's first.
        let repeated = repeated.clone().unwrap_or(key);
        d.message = format!("the key `{repeated}` appears twice");
        d = d.with_hint("each key may appear once; remove the repeated line");
    } else if let serde_saphyr::Error::Budget { breach, .. } = cause {
        d.message = budget_message(&format!("{breach:?}"));
        d = d.with_hint(
            "front matter holds an article's facts; move large or deeply nested data out of it",
        );
    } else if line == 1 && message.starts_with("expected mapping") {
        d.message = "front matter is not a list of `key: value` lines".to_owned();
        d = d.with_hint("start with a line such as `title: \"The headline\"`");
    } else {
        d = d.with_hint(
            "check the YAML: quotes closed, one `key: value` per line, lists written [a, b]",
        );
    }
    d
}

/// The first line (1-based) and column of a tab in a line's indentation.
fn indenting_tab(front_matter: &str) -> Option<(usize, usize)> {
    front_matter.lines().enumerate().find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.find('\t').map(|c| (i + 1, c + 1))
    })
}

/// The YAML parser's names for shapes, in the words of the hints.
fn plain_words(message: &str) -> String {
    message
        .replace(
            "expected mapping start",
            "expected a table of `key: value` lines",
        )
        .replace("expected sequence start", "expected a list")
        .replace("expected string scalar", "expected a single text value")
}

/// A YAML size limit in the user's words. The breach's kind is only
/// reachable through its debug form (`Depth { depth: 65 }`).
fn budget_message(breach: &str) -> String {
    let kind = breach.split([' ', '{']).next().unwrap_or("");
    match kind {
        "Depth" => "front matter nests too deeply (more than 64 levels of lists or tables)",
        "Nodes" | "Events" => "front matter has too many values (more than 250,000)",
        "Aliases" | "Anchors" | "AliasAnchorRatio" | "MergeKeys" => {
            "front matter uses too many YAML anchors or aliases (`&name`, `*name`, `<<`)"
        }
        "ScalarBytes" | "InputBytes" => "front matter is too large",
        _ => "front matter is too large or too complex to read",
    }
    .to_owned()
}

/// The error itself, under the layers that add a snippet or an alias's location.
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = e
    {
        e = error;
    }
    e
}

/// What a front-matter key holds, for type-error hints.
fn expected_shape(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" | "summary" | "author" | "pixel" | "fingerprint" | "slug" | "note" | "licence"
        | "license" => "a single text value",
        "date" | "updated" | "from" | "until" => "a date such as 2014-12-03",
        "authors" => "a list of names, or of `{name, affiliation, url}` tables",
        "tags" | "covers" | "kinds" => "a list, such as [First, Second]",
        "aliases" => "a list of the site's old addresses, such as [/old/path/]",
        "source" => "a table with `name` and `url`",
        "original" => "a table with `name`, `url`, `title` and `licence`",
        "copyright" => "a table with `holder` and `year`",
        "image" => "a table with `src`, `alt`, `credit` and `licence`",
        "permission" => "a table with `granted_by`, `date`, `reference` and `covers`",
        "rights" => "a table with `from` and `until` dates",
        "imported" => "a table with `at` and `from`, as `reprint import` writes it",
        "taxonomies" => "a table of lists, such as `regions: [Middle East]`",
        "draft" => "true or false",
        "year" => "a year such as 2014",
        "changes" => "a text, or a table with `kinds` and `note`",
        "name" | "url" | "holder" | "affiliation" | "src" | "alt" | "credit" | "granted_by"
        | "reference" => "a single text value",
        _ => return None,
    })
}
