//! The theme: its Tera templates, parsed once per build, the filters they
//! may use, and Tera's errors turned into diagnostics at a template's line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::content::ArticleDate;
use crate::diagnostics::Diagnostic;

use super::i18n::Translations;
use super::xml::{cdata, xml_escape};

use crate::layout::TEMPLATES_DIR;
pub use crate::layout::THEMES_DIR;

/// Feed templates for themes that bring none: every site gets feeds that
/// carry attribution, and a theme may replace them.
const BUILT_IN_TEMPLATES: &[&str] = &["atom.xml", "rss.xml"];
const REQUIRED_TEMPLATES: &[&str] = &[
    "article.html",
    "index.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

/// A theme's templates, parsed once, and where its static files are.
pub struct Theme {
    pub name: String,
    pub dir: PathBuf,
    /// The theme's words in every language it (or the bundled theme) has.
    pub i18n: std::sync::Arc<Translations>,
    tera: Tera,
    /// Template sources by name, for pointing at the failing line.
    sources: Vec<(String, String)>,
    /// The largest page each template has made, in bytes.
    size_hints: HashMap<String, AtomicUsize>,
}

impl Theme {
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let name = config.theme.get_ref().clone();
        let dir = root.join(THEMES_DIR).join(&name);
        let templates_dir = dir.join(TEMPLATES_DIR);
        if name.contains(['/', '\\']) || name.contains("..") || !templates_dir.is_dir() {
            return Err(vec![
                config
                    .error_at(config.theme.span(), format!("theme {name:?} not found: no folder {THEMES_DIR}/{name}/templates"))
                    .with_hint(format!(
                        "put the theme's Tera templates in {THEMES_DIR}/{name}/templates/, or set theme = \"default\" and copy the bundled theme (`reprint init` writes one)"
                    )),
            ]);
        }
        let sources = read_templates(root, &templates_dir)?;
        let i18n = std::sync::Arc::new(Translations::load(root, &dir)?);
        let mut tera = Tera::new();
        let words = std::sync::Arc::clone(&i18n);
        tera.register_filter("date", move |value: &str, kwargs: Kwargs, state: &State| {
            date_filter(&words, value, kwargs, state)
        });
        tera.register_filter("embed", embed_filter);
        tera.register_filter("cdata", |value: &str, _: Kwargs, _: &State| {
            Value::safe_string(&cdata(value))
        });
        let theme_rel = PathBuf::from(THEMES_DIR).join(&name).join(TEMPLATES_DIR);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![tera_diagnostic(&theme_rel, &sources, &e, None)])?;
        let missing: Vec<&str> = REQUIRED_TEMPLATES
            .iter()
            .copied()
            .filter(|t| !tera.contains_template(t))
            .collect();
        if !missing.is_empty() {
            return Err(missing
                .into_iter()
                .map(|t| {
                    Diagnostic::new(
                        theme_rel.join(t),
                        format!("theme {name:?} has no {t} template"),
                    )
                    .with_hint(format!(
                        "a theme provides {}",
                        REQUIRED_TEMPLATES.join(", ")
                    ))
                })
                .collect());
        }
        let size_hints = sources
            .iter()
            .map(|(name, _)| (name.clone(), AtomicUsize::new(0)))
            .collect();
        Ok(Theme {
            name,
            dir,
            i18n,
            tera,
            sources,
            size_hints,
        })
    }

    /// The template a section's list page uses: `section.html`, else the
    /// home page's `index.html`, which reads the same `paginator`.
    pub(super) fn section_template(&self) -> &'static str {
        if self.tera.contains_template("section.html") {
            "section.html"
        } else {
            "index.html"
        }
    }

    /// Whether the theme has this template.
    pub(super) fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub(super) fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        // The largest page this template made so far sizes the next one's
        // buffer: a page grown from a small one reallocates, and the fresh
        // memory of every step is zeroed by the system.
        let hint = self.size_hints.get(template);
        let mut out = Vec::with_capacity(hint.map_or(0, |h| h.load(Ordering::Relaxed)));
        let rendered = self.tera.render_to(template, context, &mut out).map(|()| {
            if let Some(h) = hint {
                h.fetch_max(out.len(), Ordering::Relaxed);
            }
        });
        rendered
            .and_then(|()| String::from_utf8(out).map_err(tera::Error::from))
            .map_err(|e| {
                let rel = PathBuf::from(THEMES_DIR)
                    .join(&self.name)
                    .join(TEMPLATES_DIR);
                tera_diagnostic(&rel, &self.sources, &e, Some((template, page)))
            })
    }
}

/// The theme's template files by name (`partials/head.html`), in name
/// order, with the built-in feed templates for those the theme lacks.
fn read_templates(
    root: &Path,
    templates_dir: &Path,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(templates_dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            vec![Diagnostic::new(
                templates_dir,
                format!("cannot read the theme: {e}"),
            )]
        })?;
        let path = entry.path();
        if !entry.file_type().is_file()
            || crate::layout::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let rel = path
            .strip_prefix(templates_dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let shown = crate::diagnostics::display_path(root, path);
        let bytes = std::fs::read(path).map_err(|e| {
            vec![
                Diagnostic::new(&shown, format!("cannot read this template: {e}"))
                    .with_hint("check that the file exists and that you may read it"),
            ]
        })?;
        let text =
            String::from_utf8(bytes).map_err(|e| vec![crate::diagnostics::not_utf8(&shown, &e)])?;
        sources.push((rel, text));
    }
    for name in BUILT_IN_TEMPLATES {
        let bundled = crate::layout::DEFAULT_THEME
            .iter()
            .find(|(rel, _)| rel.strip_prefix("templates/") == Some(name));
        if let Some((_, text)) = bundled
            && !sources.iter().any(|(n, _)| n == name)
        {
            sources.push(((*name).to_owned(), (*text).to_owned()));
        }
    }
    Ok(sources)
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn tera_diagnostic(
    dir: &Path,
    sources: &[(String, String)],
    e: &tera::Error,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    use std::error::Error as _;
    let doing = rendering
        .map(|(_, page)| format!(" (while rendering {page})"))
        .unwrap_or_default();
    let located = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match located {
        Some(r) => r.message().to_owned(),
        None => e.to_string(),
    };
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    let message = format!(
        "{}{doing}",
        message.lines().next().unwrap_or("template error")
    );
    let hint =
        "fix the template; `{{ page.title }}`-style names are listed in README.md under Themes";
    match located {
        Some(r) => {
            let name = if r.filename().is_empty() {
                rendering.map(|(t, _)| t).unwrap_or("")
            } else {
                r.filename()
            };
            let d = Diagnostic::new(dir.join(name), message).with_hint(hint);
            match sources.iter().find(|(n, _)| n == name) {
                Some((_, src)) => d.at(src, r.span().start_line, r.span().start_col + 1),
                None => d,
            }
        }
        None => locate_by_name(dir, sources, &message)
            .or_else(|| locate_unknown(dir, sources, &message))
            .unwrap_or_else(|| {
                Diagnostic::new(dir.join(rendering.map(|(t, _)| t).unwrap_or("")), message)
                    .with_hint(hint)
            }),
    }
}

/// Tera names an unknown filter, test, function or template without a
/// place ("Unknown filter `slugify`"): point at its first use in the
/// theme, a filter after `|`, a test after `is`, a function before `(`, a
/// template in quotes.
fn locate_unknown(dir: &Path, sources: &[(String, String)], message: &str) -> Option<Diagnostic> {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let rest = message.strip_prefix("Unknown ")?;
    let (kind, quoted) = rest.split_once(' ')?;
    let name = quoted.split('`').nth(1)?;
    let used = |line: &str| -> Option<usize> {
        let at = |pattern: &str| line.find(pattern);
        match kind {
            "filter" => at(&format!("| {name}")).or_else(|| at(&format!("|{name}"))),
            "test" => at(&format!("is {name}")).or_else(|| at(&format!("is not {name}"))),
            "function" => at(&format!("{name}(")),
            _ => at(&format!("\"{name}\"")).or_else(|| at(&format!("'{name}'"))),
        }
    };
    let hint = match kind {
        "template" => {
            "add the missing template to the theme's templates/ folder, or correct the name"
        }
        _ => {
            "reprint's Tera knows Tera's own filters, tests and functions and `date`, `cdata` and `embed`; Zola's and Hugo's own (such as `slugify`, `markdown` or `get_url`) are not there"
        }
    };
    sources.iter().find_map(|(file, src)| {
        let (i, line) = src.lines().enumerate().find(|(_, l)| used(l).is_some())?;
        let col = line[..used(line)?].chars().count() + 1;
        Some(
            Diagnostic::new(dir.join(file), message.to_owned())
                .at(src, i + 1, col)
                .with_hint(hint),
        )
    })
}

/// Errors Tera reports without a place (a missing parent, an include or
/// extends cycle) name templates in quotes: point at the line where the
/// first named template includes or extends the next.
fn locate_by_name(dir: &Path, sources: &[(String, String)], message: &str) -> Option<Diagnostic> {
    let names: Vec<&str> = message
        .split(['\'', '"', '`'])
        .filter(|n| n.contains('.') && !n.contains([' ', '[', ']']))
        .collect();
    let hint = if message.contains("Circular") {
        "break the cycle: a template may not include or extend itself, directly or through others"
    } else {
        "add the missing template to the theme's templates/ folder, or correct the name"
    };
    for pair in names.windows(2) {
        let Some((name, src)) = sources.iter().find(|(n, _)| n == pair[0]) else {
            continue;
        };
        let found = src
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(pair[1]) && (l.contains("extends") || l.contains("include")));
        if let Some((i, line)) = found {
            let col = line.find("{%").map_or(1, |c| line[..c].chars().count() + 1);
            return Some(
                Diagnostic::new(dir.join(name), message)
                    .at(src, i + 1, col)
                    .with_hint(hint),
            );
        }
    }
    None
}

/// `{{ page.date | date(format="%Y") }}`: formats an ISO date or date-time;
/// with `lang="fr"`, `%B` is the month's name in that language, and
/// `format="long"` is the language's own long date ("3 décembre 2014").
fn date_filter(
    words: &Translations,
    value: &str,
    kwargs: Kwargs,
    _: &State,
) -> tera::TeraResult<String> {
    let format: String = kwargs
        .get("format")?
        .unwrap_or_else(|| "%Y-%m-%d".to_owned());
    let lang: Option<String> = kwargs.get("lang")?;
    let date = ArticleDate::parse(value).map_err(tera::Error::message)?;
    let format = match lang {
        Some(lang) if format == "long" => return Ok(words.date(&date, &lang)),
        Some(lang) if format.contains("%B") => {
            format.replace("%B", &words.month(&date, &lang).replace('%', "%%"))
        }
        _ => format,
    };
    let formatted = if date.has_time {
        jiff::fmt::strtime::format(&format, date.timestamp)
    } else {
        jiff::fmt::strtime::format(&format, date.day)
    };
    formatted.map_err(|e| tera::Error::message(format!("bad date format {format:?}: {e}")))
}

/// `{{ page.content | embed }}`: escapes a value once for embedding as text
/// in XML or HTML, whether or not it is marked safe. (The default theme's
/// feeds carry articles' HTML with `| cdata` instead, which feed readers
/// take without decoding.)
fn embed_filter(value: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&xml_escape(value))
}
