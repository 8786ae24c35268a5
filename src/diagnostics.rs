//! Input errors as values that point at a file, a line and a column, and the
//! one printer that shows them to people (snippet, caret, hint) or to CI.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// One problem in the site's input: a file that cannot be read as an
/// article, a bad `config.toml`, a template that does not parse or render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as the user should see it, relative to the site root when possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
    /// The offending source line, shown under the message.
    pub source_line: Option<String>,
    /// What to do next.
    pub hint: Option<String>,
    pub severity: Severity,
}

/// How much a diagnostic or a licence rule matters: an error stops the
/// build, a warning does not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as labels and GitHub annotations spell it.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            hint: None,
            severity: Severity::Error,
        }
    }

    /// Points the diagnostic at `line:col` of `source`, keeping that line for display.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line.max(1);
        self.col = col.max(1);
        self.source_line = source.lines().nth(self.line - 1).map(str::to_owned);
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col`, the form editors and CI annotations understand.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.path.display().to_string()
        } else {
            format!("{}:{}:{}", self.path.display(), self.line, self.col)
        }
    }

    /// The multi-line form for people: location, message, source line, caret, hint.
    pub fn render(&self, colour: bool) -> String {
        let paint = Paint(colour);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {} {}",
            paint.bold(&self.location()),
            self.label(paint),
            self.message
        );
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (src, col) = snippet(src, self.col);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", paint.blue(&gutter), src);
            let caret_pad: String = src
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_pad}{}", paint.red("^"));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} {}", paint.cyan("hint:"), hint);
        }
        out
    }

    /// `path:line:col: error: message`, one line, for logs and CI.
    pub fn short(&self) -> String {
        format!(
            "{}: {}: {}",
            self.location(),
            self.severity.id(),
            self.message
        )
    }

    fn label(&self, paint: Paint) -> String {
        let label = format!("{}:", self.severity.id());
        match self.severity {
            Severity::Error => paint.red(&label),
            Severity::Warning => paint.yellow(&label),
        }
    }
}

/// Characters of a source line shown around the column: a minified or
/// pasted line may run to megabytes.
const SNIPPET_WIDTH: usize = 120;

/// The part of `line` to show under a message and the caret's column in it:
/// at most [`SNIPPET_WIDTH`] characters around `col`, cut ends marked `…`,
/// and control characters (a terminal's escape sequences) shown as `�` so
/// that a file cannot write to the terminal through its own error.
fn snippet(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= SNIPPET_WIDTH {
        0
    } else {
        at.saturating_sub(SNIPPET_WIDTH / 2)
            .min(chars.len() - SNIPPET_WIDTH)
    };
    let end = (start + SNIPPET_WIDTH).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(chars[start..end].iter().map(|&c| {
        if c.is_control() && c != '\t' {
            '\u{fffd}'
        } else {
            c
        }
    }));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + usize::from(start > 0) + 1)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Bytes that are not UTF-8, told at the first bad byte's line and column.
pub fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> Diagnostic {
    let bytes = e.as_bytes();
    let valid = e.utf8_error().valid_up_to();
    let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
    let (line, col) = line_col(prefix, prefix.len());
    Diagnostic::new(
        path,
        format!(
            "this file is not UTF-8 text: byte 0x{:02x} at line {line}, column {col}",
            bytes[valid]
        ),
    )
    .at(&String::from_utf8_lossy(bytes), line, col)
    .with_hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
}

/// Path shown to users: relative to the site root when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate to a misspelt word, when one is close enough to be a
/// plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `hint`, led by "did you mean `X`?" when `word` is close to one of
/// `candidates`.
pub fn suggesting<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    hint: String,
) -> String {
    match suggest(word, candidates) {
        Some(s) => format!("did you mean `{s}`? {hint}"),
        None => hint,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// ANSI colour, only when writing to a terminal.
#[derive(Clone, Copy)]
pub struct Paint(pub bool);

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn red(self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    pub fn yellow(self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    pub fn green(self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    pub fn blue(self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    pub fn cyan(self, s: &str) -> String {
        self.wrap("1;36", s)
    }
    /// A summary line: green when all is well, red when not.
    pub fn verdict(self, ok: bool, s: &str) -> String {
        if ok { self.green(s) } else { self.red(s) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a: 1\nné: x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 5), (2, 1));
        // 'x' sits after "né: ", four characters but five bytes.
        assert_eq!(line_col(src, src.find('x').unwrap()), (2, 5));
    }

    #[test]
    fn render_shows_the_line_and_a_caret_under_the_column() {
        let d = Diagnostic::new("content/a.md", "unknown field `autors`")
            .at("---\nautors: [A]\n", 2, 1)
            .with_hint("did you mean `authors`?");
        let text = d.render(false);
        assert!(text.starts_with("content/a.md:2:1: error: unknown field `autors`"));
        assert!(text.contains("2 | autors: [A]"));
        assert!(text.contains("  | ^"));
        assert!(text.contains("hint: did you mean `authors`?"));
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_and_control_characters_are_not_printed() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::new("content/a.md", "here").at(&line, 1, 5001);
        let text = d.render(false);
        let shown = text.lines().nth(2).unwrap();
        assert!(shown.len() < 200, "{shown}");
        assert!(
            shown.starts_with("1 | …a") && shown.ends_with("b…"),
            "{shown}"
        );
        let caret = text.lines().nth(3).unwrap();
        assert_eq!(
            caret.find('^').map(|i| caret[..i].chars().count()),
            shown.find('X').map(|i| shown[..i].chars().count())
        );
        assert_eq!(d.location(), "content/a.md:1:5001");

        let d = Diagnostic::new("content/a.md", "here").at("title: \u{1b}[2Jx", 1, 8);
        let text = d.render(false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.contains("1 | title: \u{fffd}[2Jx"), "{text}");
    }

    #[test]
    fn suggest_finds_typos_but_not_unrelated_words() {
        let keys = ["title", "authors", "licence"];
        assert_eq!(suggest("autors", keys), Some("authors"));
        assert_eq!(suggest("lisence", keys), Some("licence"));
        assert_eq!(suggest("weather", keys), None);
    }
}
