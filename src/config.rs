//! `config.toml`: the site's settings and its own licence profiles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, suggest};

pub use crate::layout::CONFIG_FILE;

const TOP_LEVEL_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "theme",
    "language",
    "commercial",
    "licence",
    "license",
    "taxonomies",
    "paginate",
    "output",
    "sanitize_html",
    "feed_limit",
    "embeds",
    "image",
    "logo",
    "author",
    "extra",
    "licences",
    "on_violation",
];

pub(crate) const PROFILE_KEYS: &[&str] = &[
    "name",
    "terms",
    "licence_url",
    "rules",
    "warn",
    "commercial",
    "credit",
    "notes",
    "short",
    "credit_position",
    "byline",
    "allowed_edits",
    "excerpt",
    "link_targets",
    "require_upstream",
    "pixel",
    "media_hosts_denied",
    "short",
];

/// The site configuration, validated. Fields that carry a span keep it so
/// later stages can point back at `config.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub description: Option<String>,
    pub theme: Spanned<String>,
    pub language: String,
    pub commercial: bool,
    /// The site's own licence, for its own pages; never claims republished articles.
    pub licence: Option<Spanned<String>>,
    pub taxonomies: Vec<String>,
    /// Articles per list page; 0 puts every article on one page.
    pub paginate: usize,
    pub output: PathBuf,
    pub sanitize_html: bool,
    /// Entries per feed (default 20); 0 means every article.
    pub feed_limit: usize,
    /// What a build does with an article that fails its licence.
    pub on_violation: OnViolation,
    /// Hosts whose https `<iframe>`s the sanitiser keeps (videos, charts).
    pub embeds: Vec<String>,
    /// The image pages show when an article has none it may show.
    pub image: Option<String>,
    /// The publisher's logo, for structured data.
    pub logo: Option<String>,
    /// The site's author or newsroom, for feeds whose entries name none.
    pub author: Option<String>,
    pub extra: toml::Table,
    pub licences: BTreeMap<String, Spanned<ProfileConfig>>,
    /// The file's text, for diagnostics that point into it.
    pub source: String,
    pub path: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<Spanned<String>>,
    description: Option<String>,
    theme: Option<Spanned<String>>,
    language: Option<String>,
    commercial: Option<bool>,
    #[serde(alias = "license")]
    licence: Option<Spanned<String>>,
    taxonomies: Option<Vec<Spanned<String>>>,
    paginate: Option<usize>,
    output: Option<String>,
    sanitize_html: Option<bool>,
    feed_limit: Option<usize>,
    on_violation: Option<OnViolation>,
    embeds: Option<Vec<String>>,
    image: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    author: Option<String>,
    extra: Option<toml::Table>,
    #[serde(alias = "licenses")]
    licences: Option<BTreeMap<String, Spanned<ProfileConfig>>>,
}

/// `on_violation`: stop the build (the default), or publish every compliant
/// page and leave the failing articles out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnViolation {
    #[default]
    Fail,
    Withhold,
}

/// A licence profile as written in `config.toml`; `licences` turns it into a
/// checked profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    pub name: Option<String>,
    pub terms: Option<Spanned<String>>,
    pub licence_url: Option<Spanned<String>>,
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    #[serde(default)]
    pub warn: Vec<Spanned<String>>,
    pub commercial: Option<Spanned<String>>,
    pub credit: Option<Spanned<String>>,
    pub notes: Option<String>,
    /// What readers see: "Global Research cross-post notice".
    pub short: Option<String>,
    /// Where the credit stands in the article body: `top`, `bottom` or `any`.
    pub credit_position: Option<Spanned<String>>,
    /// The byline form, such as `"{author}, {source.name}"`.
    pub byline: Option<Spanned<String>>,
    /// Edit kinds a copy may make (`headline`, `time_place`, ...).
    pub allowed_edits: Option<Vec<Spanned<String>>>,
    pub excerpt: Option<Spanned<ExcerptConfig>>,
    /// `"source"`, `"original"` or absolute URLs; any one satisfies `source-link`.
    pub link_targets: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub require_upstream: bool,
    /// The element the publisher's tracker is: `img` or `script`.
    pub pixel: Option<Spanned<String>>,
    #[serde(default)]
    pub media_hosts_denied: Vec<Spanned<String>>,
}

/// `excerpt = { max_paragraphs = 3, trailer = "..." }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcerptConfig {
    pub max_paragraphs: usize,
    pub trailer: Option<Spanned<String>>,
    /// What readers see: "Global Research cross-post notice".
    pub short: Option<String>,
}

impl Config {
    /// Reads `ROOT/config.toml`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let hint = format!(
            "run reprint in a site folder (one with {CONFIG_FILE}), pass --root DIR, or create a site with `reprint init`"
        );
        if !root.is_dir() {
            return Err(vec![
                Diagnostic::new(root, "this site folder does not exist").with_hint(hint),
            ]);
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::new(CONFIG_FILE, format!("cannot read {CONFIG_FILE}: {e}"))
                    .with_hint(hint),
            ]
        })?;
        let source = String::from_utf8(bytes)
            .map_err(|e| vec![crate::diagnostics::not_utf8(Path::new(CONFIG_FILE), &e)])?;
        Config::parse(&source, PathBuf::from(CONFIG_FILE))
    }

    pub fn parse(source: &str, path: PathBuf) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig =
            toml::from_str(source).map_err(|e| vec![toml_error(&path, source, &e)])?;
        let mut errors = Vec::new();
        check_theme_and_urls(&raw, &path, source, &mut errors);

        let base_url = base_url_of(raw.base_url.as_ref(), &path, source, &mut errors);
        let taxonomies = taxonomies_of(
            raw.taxonomies.unwrap_or_default(),
            &path,
            source,
            &mut errors,
        );

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            title: raw.title.unwrap_or_else(|| "Untitled site".to_owned()),
            base_url,
            description: raw.description,
            theme: raw
                .theme
                .unwrap_or_else(|| Spanned::new(0..0, crate::layout::BUNDLED_THEME.to_owned())),
            language: raw.language.unwrap_or_else(|| "en".to_owned()),
            commercial: raw.commercial.unwrap_or(false),
            licence: raw.licence,
            taxonomies,
            paginate: raw.paginate.unwrap_or(10),
            output: PathBuf::from(
                raw.output
                    .unwrap_or_else(|| crate::layout::DEFAULT_OUTPUT.to_owned()),
            ),
            sanitize_html: raw.sanitize_html.unwrap_or(true),
            feed_limit: raw.feed_limit.unwrap_or(20),
            on_violation: raw.on_violation.unwrap_or_default(),
            embeds: raw
                .embeds
                .unwrap_or_default()
                .into_iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            image: raw
                .image
                .map(Spanned::into_inner)
                .filter(|s| !s.trim().is_empty()),
            logo: raw
                .logo
                .map(Spanned::into_inner)
                .filter(|s| !s.trim().is_empty()),
            author: raw.author.filter(|s| !s.trim().is_empty()),
            extra: raw.extra.unwrap_or_default(),
            licences: raw.licences.unwrap_or_default(),
            source: source.to_owned(),
            path,
        })
    }

    /// Overrides `base_url`, as `--base-url` does for preview deploys.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        self.base_url = normalise_base_url(url).map_err(|why| {
            Diagnostic::new("--base-url", format!("--base-url {why}"))
                .with_hint("pass an absolute address such as https://preview.example.org/")
        })?;
        Ok(())
    }

    /// Absolute URL of a site path such as `/news/iran/`.
    pub fn permalink(&self, url: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        format!("{base}{url}")
    }

    /// A diagnostic pointing at a span of `config.toml`.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, message).at_offset(&self.source, span.start)
    }
}

/// Top-level output folders reprint writes itself; taxonomies may not take them.
pub const RESERVED_FOLDERS: &[&str] = &["page", crate::layout::STATIC_DIR];

fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url == "/" {
        return Ok("/".to_owned());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("{url:?} is not an absolute http(s) address"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("{url:?} has no host"));
    }
    if url.contains(char::is_whitespace) {
        return Err(format!("{url:?} has a space in it"));
    }
    // Every address on the site is the base URL followed by a path: a query
    // or fragment would end up in the middle of each one.
    if url.contains(['?', '#']) {
        return Err(format!("{url:?} has a query or a fragment"));
    }
    if host.contains('@') {
        return Err(format!(
            "{url:?} carries a user name, which every link would publish"
        ));
    }
    let mut url = url.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// `theme` names one folder under `themes/`, never a path out of it, and the
/// profiles' terms and licence pages are web addresses.
/// The normalised `base_url`; `/` when the site sets none.
fn base_url_of(
    base_url: Option<&Spanned<String>>,
    path: &Path,
    source: &str,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match base_url {
        Some(url) => match normalise_base_url(url.get_ref()) {
            Ok(u) => u,
            Err(why) => {
                errors.push(
                    Diagnostic::new(path, format!("base_url {why}"))
                        .at_offset(source, url.span().start)
                        .with_hint("write an absolute address such as \"https://example.org/\""),
                );
                String::new()
            }
        },
        None => "/".to_owned(),
    }
}

/// The taxonomy names, each a plain word, once, and not a generated folder.
fn taxonomies_of(
    list: Vec<Spanned<String>>,
    path: &Path,
    source: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut taxonomies = Vec::new();
    for t in list {
        let name = t.get_ref();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(
                Diagnostic::new(path, format!("taxonomy name {name:?} is not a plain word"))
                    .at_offset(source, t.span().start)
                    .with_hint(
                        "taxonomy names become URL folders: use letters, digits, '-' or '_'",
                    ),
            );
        } else if taxonomies.contains(name) {
            errors.push(
                Diagnostic::new(path, format!("taxonomy {name:?} is listed twice"))
                    .at_offset(source, t.span().start)
                    .with_hint("name each taxonomy once"),
            );
        } else if RESERVED_FOLDERS.contains(&name.as_str()) {
            errors.push(
                Diagnostic::new(
                    path,
                    format!("taxonomy {name:?} would collide with the pages reprint generates"),
                )
                .at_offset(source, t.span().start)
                .with_hint(format!(
                    "these names are reserved: {}",
                    RESERVED_FOLDERS.join(", ")
                )),
            );
        } else {
            taxonomies.push(name.clone());
        }
    }
    taxonomies
}

fn check_theme_and_urls(raw: &RawConfig, path: &Path, source: &str, errors: &mut Vec<Diagnostic>) {
    if let Some(theme) = &raw.theme {
        let name = theme.get_ref();
        if name.is_empty()
            || name.contains(['/', '\\', ':'])
            || name.starts_with('.')
            || name.contains(char::is_control)
        {
            errors.push(
                Diagnostic::new(
                    path,
                    format!("theme {name:?} is not a folder name inside themes/"),
                )
                .at_offset(source, theme.span().start)
                .with_hint("name one folder under themes/, such as theme = \"default\""),
            );
        }
    }
    // The site's default share image and logo reach every page's head and
    // the feeds, so they are held to the rule for an article's image.
    for (key, url) in [("image", &raw.image), ("logo", &raw.logo)] {
        let Some(url) = url.as_ref().filter(|u| !u.get_ref().trim().is_empty()) else {
            continue;
        };
        if let Err(why) =
            crate::urls::check(url.get_ref(), crate::urls::UrlKind::AbsoluteOrSitePath)
        {
            errors.push(
                Diagnostic::new(path, format!("`{key}` holds an unsafe URL: {why}"))
                    .at_offset(source, url.span().start)
                    .with_hint("write an address starting with https://, or a path on the site such as /images/logo.png"),
            );
        }
    }
    for profile in raw.licences.iter().flat_map(|l| l.values()) {
        let p = profile.get_ref();
        for (key, url) in [("terms", &p.terms), ("licence_url", &p.licence_url)] {
            let Some(url) = url else { continue };
            if let Err(why) = crate::urls::check(url.get_ref(), crate::urls::UrlKind::Absolute) {
                errors.push(
                    Diagnostic::new(path, format!("`{key}` holds an unsafe URL: {why}"))
                        .at_offset(source, url.span().start)
                        .with_hint(crate::urls::HINT),
                );
            }
        }
    }
}

fn toml_error(path: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_owned();
    let mut d = Diagnostic::new(path, message.clone());
    if let Some(span) = e.span() {
        d = d.at_offset(source, span.start);
    }
    if let Some(field) = unknown_field(&message) {
        d.message = format!("unknown key `{field}` in {}", path.display());
        // serde names the keys the table takes ("expected one of `a`, `b`").
        let expected = expected_fields(&message);
        let indented = d
            .source_line
            .as_deref()
            .is_some_and(|l| l.starts_with(char::is_whitespace));
        let top = if expected.is_empty() {
            !indented && !PROFILE_KEYS.contains(&field)
        } else {
            expected.contains(&"base_url")
        };
        let keys: Vec<&str> = match (expected.is_empty(), top) {
            (false, _) => expected,
            (true, true) => TOP_LEVEL_KEYS.to_vec(),
            (true, false) => PROFILE_KEYS.to_vec(),
        };
        let extra = "Free-form settings for themes go under [extra]";
        d = d.with_hint(match (suggest(field, keys.iter().copied()), top) {
            (Some(s), true) => format!("did you mean `{s}`? {extra}"),
            (Some(s), false) => format!("did you mean `{s}`?"),
            (None, true) => "free-form settings for themes go under [extra]".to_owned(),
            (None, false) => format!("the keys this table takes: {}", keys.join(", ")),
        });
    } else if message.contains("invalid type") || message.contains("invalid value") {
        if let Some(key) = d.source_line.as_deref().and_then(key_of_line) {
            d.message = format!("wrong type for `{key}`: {}", plain_type_error(&message));
        }
        d = d.with_hint(
            "check the value's type: text in double quotes, numbers and true/false without quotes, lists in [ ]",
        );
    } else {
        d = d.with_hint(
            "check the TOML syntax: `key = value` on one line, text in double quotes, tables as [name]",
        );
    }
    d
}

/// The key a `key = value` line sets, as the user wrote it: serde's type
/// errors name the Rust type but not the field.
fn key_of_line(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with(['[', '#'])).then_some(key)
}

/// serde's "invalid type: string \"ten\", expected usize" in the words of a
/// config file's author.
fn plain_type_error(message: &str) -> String {
    let message = message
        .trim_start_matches("invalid type: ")
        .trim_start_matches("invalid value: ");
    let Some((found, expected)) = message.split_once(", expected ") else {
        return message.to_owned();
    };
    let expected = match expected {
        "usize" | "u8" | "u16" | "u32" | "u64" => "a whole number, 0 or more",
        "i32" | "i64" => "a whole number",
        "a sequence" => "a list such as [\"a\", \"b\"]",
        "a boolean" => "true or false",
        "a string" => "text in double quotes",
        other => other,
    };
    format!("found {found}, expected {expected}")
}

/// The keys serde's "unknown field `x`, expected one of `a`, `b`" (or
/// "expected `a`") message offers.
fn expected_fields(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once(", expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

/// The key named in serde's "unknown field `x`" message.
pub(crate) fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests;
