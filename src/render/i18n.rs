//! The theme's words in the site's (or an article's) language: flat
//! `i18n/LANG.toml` files of the theme, over the bundled default theme's
//! files, with English filling any key a language lacks.

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Map, Value};

use crate::content::ArticleDate;
use crate::diagnostics::Diagnostic;

/// The folder of a theme that holds its translations.
pub const I18N_DIR: &str = "i18n";
const FALLBACK: &str = "en";

/// Every language's words, as the theme and the bundled theme give them.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Language code (lower case) to its words.
    languages: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

impl Translations {
    /// The bundled files, then the theme's own over them.
    pub fn load(root: &Path, theme_dir: &Path) -> Result<Translations, Vec<Diagnostic>> {
        let mut t = Translations::default();
        for (rel, text) in crate::layout::DEFAULT_THEME {
            if let Some(file) = rel.strip_prefix("i18n/") {
                t.add(file, text, Path::new(rel)).map_err(|d| vec![d])?;
            }
        }
        let dir = theme_dir.join(I18N_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(t);
        };
        let mut errors = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".toml") {
                continue;
            }
            let shown = crate::diagnostics::display_path(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    if let Err(d) = t.add(&name, &text, &shown) {
                        errors.push(d);
                    }
                }
                Err(e) => errors.push(Diagnostic::new(
                    shown,
                    format!("cannot read this translation file: {e}"),
                )),
            }
        }
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }

    fn add(&mut self, file: &str, text: &str, shown: &Path) -> Result<(), Diagnostic> {
        let lang = file.trim_end_matches(".toml").to_ascii_lowercase();
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let d = Diagnostic::new(
                shown,
                format!("not a valid translation file: {}", e.message()),
            )
            .with_hint("write one `key = \"words\"` per line; `months` is a list of twelve names");
            match e.span() {
                Some(span) => d.at_offset(text, span.start),
                None => d,
            }
        })?;
        if let Some(m) = table.get("months")
            && m.as_array()
                .is_none_or(|a| a.len() != 12 || a.iter().any(|x| !x.is_str()))
        {
            return Err(
                Diagnostic::new(shown, "`months` must list twelve month names")
                    .with_hint("months = [\"January\", ..., \"December\"]"),
            );
        }
        self.languages.entry(lang).or_default().extend(table);
        Ok(())
    }

    /// The language's words, with English (then the bare language of a
    /// regional code: `pt` for `pt-BR`) filling the gaps.
    fn words(&self, lang: &str) -> BTreeMap<String, toml::Value> {
        let lang = lang.to_ascii_lowercase();
        let mut out = BTreeMap::new();
        let base = lang.split(['-', '_']).next().unwrap_or(&lang).to_owned();
        for code in [FALLBACK, base.as_str(), lang.as_str()] {
            if let Some(w) = self.languages.get(code) {
                out.extend(w.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        out
    }

    /// One word as `words` would give it, without building the whole set:
    /// summaries and the `date` filter ask for one per article.
    fn word(&self, lang: &str, key: &str) -> Option<&toml::Value> {
        let lang = lang.to_ascii_lowercase();
        let base = lang.split(['-', '_']).next().unwrap_or(&lang);
        [lang.as_str(), base, FALLBACK]
            .into_iter()
            .find_map(|code| self.languages.get(code)?.get(key))
    }

    /// The Open Graph locale (`language_TERRITORY`, as ogp.me asks) for a
    /// language code: `en-GB` gives `en_GB`; a bare `fr` takes its
    /// translation file's `og_locale` (`fr_FR`). `None` when neither says,
    /// rather than a bare code Open Graph does not read or English's
    /// `en_US` for another language.
    pub fn og_locale(&self, lang: &str) -> Option<String> {
        let mut parts = lang.split(['-', '_']);
        let base = parts.next()?.to_ascii_lowercase();
        if let Some(region) = parts.next().filter(|r| r.len() == 2) {
            return Some(format!("{base}_{}", region.to_ascii_uppercase()));
        }
        let named = self.word(&base, "og_locale")?.as_str()?;
        named
            .strip_prefix(base.as_str())
            .is_some_and(|rest| rest.starts_with('_'))
            .then(|| named.to_owned())
    }

    /// The words for templates, as `i18n.KEY`.
    pub fn value(&self, lang: &str) -> Value {
        let mut m = Map::new();
        for (k, v) in self.words(lang) {
            m.insert(k.into(), Value::from_serializable(&v));
        }
        Value::from(m)
    }

    /// The month's name in the language ("décembre").
    pub fn month(&self, date: &ArticleDate, lang: &str) -> String {
        let month = usize::try_from(date.day.month() - 1).unwrap_or(0);
        self.word(lang, "months")
            .and_then(|m| m.as_array())
            .and_then(|m| m.get(month))
            .and_then(|m| m.as_str())
            .map_or_else(|| date.day.strftime("%B").to_string(), str::to_owned)
    }

    /// A date in the language's words: "3 décembre 2014".
    pub fn date(&self, date: &ArticleDate, lang: &str) -> String {
        let month = usize::try_from(date.day.month() - 1).unwrap_or(0);
        let name = self
            .word(lang, "months")
            .and_then(|m| m.as_array())
            .and_then(|m| m.get(month))
            .and_then(|m| m.as_str());
        let format = self.word(lang, "date_format").and_then(|f| f.as_str());
        match (name, format) {
            (Some(name), Some(format)) => fill_date(format, date.day.day(), name, date.day.year()),
            _ => date.display(),
        }
    }
}

/// `format` with `{day}`, `{month}` and `{year}` filled in, in one pass:
/// every article's summary shows its date.
fn fill_date(format: &str, day: i8, month: &str, year: i16) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(format.len() + month.len());
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let filled = if let Some(after) = rest.strip_prefix("{day}") {
            let _ = write!(out, "{day}");
            after
        } else if let Some(after) = rest.strip_prefix("{month}") {
            out.push_str(month);
            after
        } else if let Some(after) = rest.strip_prefix("{year}") {
            let _ = write!(out, "{year}");
            after
        } else {
            out.push('{');
            &rest[1..]
        };
        rest = filled;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_format_is_filled_as_written() {
        assert_eq!(
            fill_date("{day} {month} {year}", 6, "May", 2025),
            "6 May 2025"
        );
        assert_eq!(
            fill_date("{month} {day}, {year}", 16, "June", 2024),
            "June 16, 2024"
        );
        assert_eq!(
            fill_date("le {day} {month} {year}", 1, "mai", 2025),
            "le 1 mai 2025"
        );
        // Anything else in braces stays, as it did when each was replaced.
        assert_eq!(fill_date("{{day}} {x} {", 2, "m", 1), "{2} {x} {");
    }

    #[test]
    fn open_graph_locales_have_a_territory_or_are_left_out() {
        let t = Translations::load(Path::new("."), Path::new("/nonexistent")).unwrap();
        assert_eq!(t.og_locale("en").as_deref(), Some("en_US"));
        assert_eq!(t.og_locale("fr").as_deref(), Some("fr_FR"));
        assert_eq!(t.og_locale("pt").as_deref(), Some("pt_BR"));
        assert_eq!(t.og_locale("en-gb").as_deref(), Some("en_GB"));
        assert_eq!(t.og_locale("pt-PT").as_deref(), Some("pt_PT"));
        // No file for Italian: English's en_US would be wrong.
        assert_eq!(t.og_locale("it"), None);
    }

    #[test]
    fn dates_and_words_follow_the_language_with_english_behind() {
        let t = Translations::load(Path::new("."), Path::new("/nonexistent")).unwrap();
        let d = ArticleDate::parse("2014-12-03").unwrap();
        assert_eq!(t.date(&d, "fr"), "3 décembre 2014");
        assert_eq!(t.date(&d, "de"), "3. Dezember 2014");
        assert_eq!(t.date(&d, "pt-BR"), "3 de dezembro de 2014");
        assert_eq!(t.date(&d, "en"), "3 December 2014");
        assert_eq!(t.date(&d, "xx"), "3 December 2014");
        let fr = t.words("fr");
        assert_eq!(fr.get("latest").and_then(|v| v.as_str()), Some("À la une"));
        let mut t2 = t.clone();
        t2.add("fr.toml", "only = \"seul\"", Path::new("fr.toml"))
            .unwrap();
        // A key French lacks in the bundled file still comes from English.
        t2.languages.get_mut("fr").unwrap().remove("go_latest");
        assert_eq!(
            t2.words("fr").get("go_latest").and_then(|v| v.as_str()),
            Some("Go to the latest articles")
        );
    }
}
