//! Checks on front-matter values that every field shares: a URL field holds
//! a web address (never `javascript:` or `data:`), and no text holds a
//! control character that no page or feed can carry.

use super::article::Fields;
use super::front_matter::{FrontMatter, key_line_under};
use crate::urls::{self, UrlKind};

/// Every URL field of the article, checked where it is written.
pub(super) fn check_urls(f: &mut Fields, fm: &FrontMatter, front_matter: &str) {
    let mut fields: Vec<(&str, Option<&str>, &str, UrlKind)> = Vec::new();
    let source = fm.source.as_ref().and_then(|l| l.url.as_deref());
    let original = fm.original.as_ref().and_then(|o| o.url.as_deref());
    for (parent, url) in [("source", source), ("original", original)] {
        if let Some(url) = url {
            fields.push((parent, Some("url"), url, UrlKind::Absolute));
        }
    }
    if let Some(pixel) = &fm.pixel {
        fields.push(("pixel", None, pixel, UrlKind::Absolute));
    }
    if let Some(image) = &fm.image {
        fields.push((
            "image",
            Some("src"),
            &image.src,
            UrlKind::AbsoluteOrSitePath,
        ));
    }
    for (parent, key, value, kind) in fields {
        if let Err(why) = urls::check(value, kind) {
            let name = key.map_or(parent.to_owned(), |k| format!("{parent}.{k}"));
            let line = field_line(f, front_matter, parent, key);
            let col = value_col(f.text, line);
            let e = f
                .at(line, col, format!("`{name}` holds an unsafe URL: {why}"))
                .with_hint(urls::HINT);
            f.errors.push(e);
        }
    }
}

/// Every text value (and key) holding a control character, at its field.
pub(super) fn check_control_characters(f: &mut Fields, front_matter: &str) {
    if !front_matter.contains('\\') && !front_matter.chars().any(is_forbidden) {
        return;
    }
    let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(front_matter) else {
        return;
    };
    let mut found = Vec::new();
    walk(&value, &mut Vec::new(), &mut found);
    for path in found {
        let parent = path.first().map_or("", String::as_str);
        let key = path.get(1).map(String::as_str);
        let line = field_line(f, front_matter, parent, key);
        let col = value_col(f.text, line);
        let e = f
            .at(
                line,
                col,
                format!("`{}` holds a control character", path.join(".")),
            )
            .with_hint(
                "remove the invisible character (such as \\u0000 or \\u001b); pages and feeds cannot carry it",
            );
        f.errors.push(e);
    }
}

/// The first control character in the body, at its line: no page or feed
/// can carry it, and the feed's XML check would otherwise blame the theme.
pub(super) fn check_body_characters(f: &mut Fields, body: &str) {
    // Every forbidden control character is one byte, never part of another
    // character's encoding: bytes are looked at 64 at a time, which
    // vectorises. NUL too: the Markdown parser replaces it in the page, but
    // not everywhere a body's text goes (the summary, the feeds).
    let forbidden = |b: u8| (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
    let control = body
        .as_bytes()
        .chunks(64)
        .position(|c| c.iter().fold(false, |seen, &b| seen | forbidden(b)))
        .map(|chunk| {
            let in_chunk = body.as_bytes()[chunk * 64..]
                .iter()
                .position(|&b| forbidden(b));
            chunk * 64 + in_chunk.unwrap_or(0)
        });
    // U+FFFE and U+FFFF, which XML refuses, both start with 0xEF.
    let noncharacter = memchr::memchr_iter(0xef, body.as_bytes())
        .find(|&i| matches!(body.as_bytes().get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])));
    let Some(at) = [control, noncharacter].into_iter().flatten().min() else {
        return;
    };
    let start = (body.as_ptr() as usize).saturating_sub(f.text.as_ptr() as usize);
    let c = body[at..].chars().next().unwrap_or(' ');
    let e = crate::diagnostics::Diagnostic::new(
        f.rel,
        format!(
            "the body holds a control character (U+{:04X})",
            u32::from(c)
        ),
    )
    .at_offset(f.text, start + at)
    .with_hint("remove the invisible character; pages and feeds cannot carry it");
    f.errors.push(e);
}

/// C0 controls other than tab and line breaks, DEL, and the two
/// noncharacters U+FFFE and U+FFFF: XML 1.0 refuses most of them and none
/// belongs in a title or a name.
fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{7f}' | '\u{fffe}' | '\u{ffff}')
}

fn walk(value: &serde_json::Value, path: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    match value {
        serde_json::Value::String(s) if s.chars().any(is_forbidden) => found.push(path.clone()),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(item, path, found);
                path.pop();
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                if k.chars().any(is_forbidden) {
                    found.push(path.clone());
                } else {
                    walk(v, path, found);
                }
                path.pop();
            }
        }
        _ => {}
    }
}

/// File line of `parent.key` (or of `parent` alone), else of `parent`.
fn field_line(f: &Fields, front_matter: &str, parent: &str, key: Option<&str>) -> usize {
    key.filter(|k| !k.chars().all(|c| c.is_ascii_digit()))
        .and_then(|k| key_line_under(front_matter, parent, k))
        .map_or_else(|| f.line_of(parent), |l| l + f.line_offset)
}

/// Column of the value after `key:` on a file line, else 1.
fn value_col(text: &str, line: usize) -> usize {
    let Some(src) = text.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    match src.find(": ") {
        Some(i) => {
            let rest = &src[i + 1..];
            let start = i + 1 + (rest.len() - rest.trim_start().len());
            src[..start].chars().count() + 1
        }
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::config::Config;
    use crate::licences::Registry;

    /// The body-character errors of an article with `body`.
    fn body_errors(body: &str) -> Vec<(usize, usize, String)> {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org\"\n",
            PathBuf::from("config.toml"),
        )
        .expect("config");
        let text = format!("---\ntitle: \"T\"\ndate: 2026-01-02\nlicence: CC0-1.0\n---\n{body}");
        match crate::content::parse_text(
            Path::new("content/a.md"),
            &text,
            &config,
            &Registry::builtin(),
        ) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .filter(|e| e.message.starts_with("the body holds"))
                .map(|e| (e.line, e.col, e.message))
                .collect(),
        }
    }

    #[test]
    fn a_control_character_in_the_body_is_found_where_it_is() {
        assert!(
            body_errors("Tabs\tand\r\nline breaks,\nand \u{feff} \u{ff0c} are fine.\n").is_empty()
        );
        // NUL and the noncharacters would reach the feeds, which XML refuses.
        for bad in ["a NUL \0 here\n", "a \u{fffe} here\n", "a \u{ffff} here\n"] {
            assert_eq!(body_errors(bad).len(), 1, "{bad:?}");
        }
        // Before, inside and after the first 64 bytes, after wide characters.
        let long = "é".repeat(40);
        for (body, line, col) in [
            ("a\u{7}b\n".to_owned(), 6, 2),
            (format!("{long}\u{1b}[31m\n"), 6, 41),
            (format!("ok\n{long}{long}x\u{7f}\n"), 7, 82),
        ] {
            let found = body_errors(&body);
            assert_eq!(found.len(), 1, "{body:?}");
            assert_eq!((found[0].0, found[0].1), (line, col), "{body:?}");
        }
        assert!(body_errors("a\u{1b}b")[0].2.contains("U+001B"));
    }
}
