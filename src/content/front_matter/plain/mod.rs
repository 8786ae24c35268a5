//! The plain YAML nearly every front matter is written in, read without the
//! general YAML parser: block mappings and sequences of one-line scalars,
//! as `reprint new`, `reprint import` and editors write them. General YAML
//! costs about 18 µs a front matter, most of a build's loading time after
//! the disk; this reads the same in a tenth of that.
//!
//! It answers only where it is sure to read what serde-saphyr reads. At
//! anything else (a comment, a flow collection, an anchor, a block or
//! multi-line scalar, an escape beyond the common ones, a plain scalar whose
//! type YAML would guess, a key twice...) it gives up, and the front matter
//! goes to serde-saphyr, which also makes every error message.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

mod de;
#[cfg(test)]
mod tests;

/// Reads `yaml` into `T`, or `None` where serde-saphyr must read it.
pub(super) fn from_str<T: DeserializeOwned>(yaml: &str) -> Option<T> {
    let node = parse(yaml)?;
    T::deserialize(de::NodeDe(&node)).ok()
}

/// A value of the plain subset, with where it starts.
#[derive(Debug)]
pub(super) enum Node<'a> {
    Scalar(Scalar<'a>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

#[derive(Debug)]
pub(super) struct Scalar<'a> {
    pub(super) text: Cow<'a, str>,
    /// Quoted scalars are always strings; plain ones may be YAML's nulls,
    /// booleans or numbers.
    pub(super) quoted: bool,
    /// 1-based line and column in the front matter, as serde-saphyr counts.
    pub(super) line: usize,
    pub(super) column: usize,
}

/// One non-blank line: its indent, the text after it, and its number.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
    number: usize,
}

fn parse(yaml: &str) -> Option<Node<'_>> {
    // Tabs and carriage returns change indentation and line ends; every
    // character YAML does not allow in a document is an error to report.
    if yaml.bytes().any(|b| b == b'\t' || b == b'\r') || !yaml.chars().all(printable) {
        return None;
    }
    let mut lines = Vec::with_capacity(32);
    for (i, raw) in yaml.split('\n').enumerate() {
        let text = raw.trim_end_matches(' ');
        let body = text.trim_start_matches(' ');
        if body.is_empty() {
            continue;
        }
        // Each level of nesting is indented further: a bound on the indent
        // bounds the reader's recursion.
        if body.starts_with('#') || text.len() - body.len() > MAX_INDENT {
            return None;
        }
        lines.push(Line {
            indent: text.len() - body.len(),
            text: body,
            number: i + 1,
        });
    }
    if lines.first()?.indent != 0 {
        return None;
    }
    let mut at = 0;
    let node = mapping(&mut lines, &mut at, 0)?;
    (at == lines.len()).then_some(node)
}

const MAX_INDENT: usize = 64;

/// The characters YAML allows in a document, less the BOM (which it reads
/// as a marker, not text).
fn printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
        && c != '\u{feff}'
}

/// The block mapping whose keys are at `indent`, from line `at`.
fn mapping<'a>(lines: &mut [Line<'a>], at: &mut usize, indent: usize) -> Option<Node<'a>> {
    let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
    while let Some(&line) = lines.get(*at) {
        if line.indent < indent {
            break;
        }
        if line.indent > indent || is_item(line.text) {
            return None;
        }
        let (key, rest) = split_key(line.text)?;
        if entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        *at += 1;
        let value = if rest.is_empty() {
            match lines.get(*at) {
                Some(next) if next.indent > indent => block(lines, at, next.indent)?,
                // A sequence may sit at its key's own indent.
                Some(next) if next.indent == indent && is_item(next.text) => {
                    sequence(lines, at, indent)?
                }
                // An empty value is a null: YAML's to type.
                _ => return None,
            }
        } else {
            let column = line.indent + (rest.as_ptr() as usize - line.text.as_ptr() as usize) + 1;
            let value = scalar(rest, line.number, column)?;
            // A more indented line would continue the scalar.
            if lines.get(*at).is_some_and(|next| next.indent > indent) {
                return None;
            }
            value
        };
        entries.push((key, value));
    }
    Some(Node::Map(entries))
}

fn block<'a>(lines: &mut [Line<'a>], at: &mut usize, indent: usize) -> Option<Node<'a>> {
    let node = match is_item(lines[*at].text) {
        true => sequence(lines, at, indent)?,
        false => mapping(lines, at, indent)?,
    };
    // What follows a nested block goes back to an enclosing indent.
    match lines.get(*at) {
        Some(next) if next.indent > indent => None,
        _ => Some(node),
    }
}

/// The block sequence whose `-` are at `indent`, from line `at`.
fn sequence<'a>(lines: &mut [Line<'a>], at: &mut usize, indent: usize) -> Option<Node<'a>> {
    let mut items = Vec::new();
    while let Some(&line) = lines.get(*at) {
        if line.indent != indent || !is_item(line.text) {
            break;
        }
        let rest = line.text[1..].trim_start_matches(' ');
        if rest.is_empty() || is_item(rest) {
            return None;
        }
        let column = line.indent + (line.text.len() - rest.len());
        if split_key(rest).is_some() {
            // `- key: value`: a mapping whose keys line up with this one.
            lines[*at] = Line {
                indent: column,
                text: rest,
                number: line.number,
            };
            items.push(mapping(lines, at, column)?);
            continue;
        }
        items.push(scalar(rest, line.number, column + 1)?);
        *at += 1;
        if lines.get(*at).is_some_and(|next| next.indent > indent) {
            return None;
        }
    }
    Some(Node::Seq(items))
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` or `key:`, for a key of letters, digits, `_` and `-` that
/// YAML reads as a string.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let (key, after) = (&text[..colon], &text[colon + 1..]);
    let mut chars = key.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') || typed(key)
    {
        return None;
    }
    match after.strip_prefix(' ') {
        Some(rest) => Some((key, rest.trim_start_matches(' '))),
        None if after.is_empty() => Some((key, "")),
        None => None,
    }
}

/// Plain scalars YAML reads as a null or a boolean (1.1's spellings too).
pub(super) fn typed(plain: &str) -> bool {
    const WORDS: &[&str] = &["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    plain == "~" || WORDS.iter().any(|w| plain.eq_ignore_ascii_case(w))
}

/// A one-line scalar, or a one-line `[...]` list of them, that is the
/// whole rest of its line.
fn scalar(text: &str, line: usize, column: usize) -> Option<Node<'_>> {
    let (text, quoted) = match text.as_bytes()[0] {
        b'"' | b'\'' => {
            let (value, len) = quoted(text)?;
            if !only_spaces(&text[len..]) {
                return None;
            }
            (value, true)
        }
        b'[' => return flow_list(text, line, column),
        // Indicators: each starts something other than a plain scalar, or
        // may (`-`, `?` and `:` before a space).
        b'-' | b'?' | b':' | b',' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'%' | b'@' | b'`' => return None,
        // `: ` would start a mapping, ` #` a comment.
        _ if text.contains(": ") || text.contains(" #") || text.ends_with(':') => return None,
        _ => (Cow::Borrowed(text), false),
    };
    Some(Node::Scalar(Scalar {
        text,
        quoted,
        line,
        column,
    }))
}

/// The text of the quoted scalar `text` starts with, and how many bytes
/// of `text` it takes, quotes included.
fn quoted(text: &str) -> Option<(Cow<'_, str>, usize)> {
    let quote = text.as_bytes()[0];
    let inner = &text[1..];
    let special: &[char] = if quote == b'"' { &['"', '\\'] } else { &['\''] };
    let end = inner.find(special)?;
    // In single quotes, `''` is a quote, not the end.
    let closes =
        inner.as_bytes()[end] == quote && (quote == b'"' || !inner[end + 1..].starts_with('\''));
    if closes {
        return Some((Cow::Borrowed(&inner[..end]), end + 2));
    }
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if quote == b'"' => return Some((Cow::Owned(value), i + 2)),
            '\\' if quote == b'"' => value.push(match chars.next()?.1 {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                _ => return None,
            }),
            // `''` is one quote; a lone one ends the scalar.
            '\'' if quote == b'\'' => match inner[i + 1..].starts_with('\'') {
                true => {
                    value.push('\'');
                    chars.next();
                }
                false => return Some((Cow::Owned(value), i + 2)),
            },
            c => value.push(c),
        }
    }
    None
}

/// `[a, "b", 'c']` on one line: a list of scalars, each at its column.
fn flow_list(text: &str, line: usize, column: usize) -> Option<Node<'_>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner;
    loop {
        let item = rest.trim_start_matches(' ');
        // Columns count characters, as serde-saphyr's do.
        let before = &inner[..item.as_ptr() as usize - inner.as_ptr() as usize];
        let at = column + 1 + before.chars().count();
        if item.is_empty() {
            // `[]`, but not `[a, ]`.
            return items.is_empty().then_some(Node::Seq(items));
        }
        let (value, quoted, len) = match item.as_bytes()[0] {
            b'"' | b'\'' => {
                let (value, len) = quoted(item)?;
                (value, true, len)
            }
            _ => {
                let len = item.find(',').unwrap_or(item.len());
                let value = item[..len].trim_end_matches(' ');
                // Flow indicators, comments and mappings, and what would
                // start something other than a plain scalar.
                let plain = !value.contains(['[', ']', '{', '}', '#', ':', '"', '\''])
                    && !value.starts_with(['-', '?', ',', '&', '*', '!', '|', '>', '%', '@', '`']);
                if !plain || value.is_empty() {
                    return None;
                }
                (Cow::Borrowed(value), false, len)
            }
        };
        items.push(Node::Scalar(Scalar {
            text: value,
            quoted,
            line,
            column: at,
        }));
        let after = item[len..].trim_start_matches(' ');
        match after.strip_prefix(',') {
            Some(next) if !next.trim_start_matches(' ').is_empty() => rest = next,
            None if after.is_empty() => return Some(Node::Seq(items)),
            _ => return None,
        }
    }
}

fn only_spaces(s: &str) -> bool {
    s.bytes().all(|b| b == b' ')
}
