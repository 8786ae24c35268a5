//! Files under `content/` that are not republished articles: the site's own
//! pages (`type: page`) and a section folder's `_index.md`; and the
//! `aliases` either kind of page may carry.

use std::path::Path;
use std::sync::Arc;

use super::front_matter::Placed;

use super::article::{Fields, parse_article};
use super::body::source_hash;
use super::front_matter::{self, FrontMatter};
use super::model::{Article, Page, SectionIndex};
use super::urls::article_url;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::licences::Registry;
use crate::markdown;

/// The file name that gives a section its title and introduction.
pub const SECTION_INDEX: &str = "_index.md";

/// What one Markdown file under `content/` is.
#[derive(Debug, Clone)]
pub enum Entry {
    Article(Arc<Article>),
    Page(Arc<Page>),
    Section(Arc<SectionIndex>),
}

/// Front-matter keys an own page may set; the others describe a
/// republication and mean nothing on the site's own work.
const PAGE_KEYS: &[&str] = &[
    "title", "date", "updated", "summary", "slug", "draft", "extra", "aliases", "type",
];

/// Front-matter keys a section's `_index.md` may set.
const SECTION_KEYS: &[&str] = &["title", "summary", "extra"];

/// Reads one file as an article, an own page or a section index.
pub(super) fn parse_entry(
    rel: &Path,
    text: &str,
    config: &Config,
    licences: &Registry,
    measure: bool,
) -> Result<Entry, Vec<Diagnostic>> {
    let (fm, read) = front_matter::read(rel, text)?;
    if rel.file_name().is_some_and(|n| n == SECTION_INDEX) {
        return parse_section_index(rel, text, (fm, read), config)
            .map(|s| Entry::Section(s.into()));
    }
    match fm.kind.as_ref().map(|k| k.value.trim()) {
        None | Some("article") => parse_article(rel, text, (fm, read), config, licences, measure)
            .map(|a| Entry::Article(a.into())),
        Some("page") => parse_page(rel, text, (fm, read), config).map(|p| Entry::Page(p.into())),
        Some(other) => {
            let f = Fields::new(rel, text, &read);
            let kind = fm.kind.as_ref().expect("matched Some above");
            Err(vec![
                f.at_value(kind, format!("unknown `type` {other:?}"))
                    .with_hint("`type: page` marks the site's own page; leave `type` out for a republished article"),
            ])
        }
    }
}

/// Every key outside `allowed`, as an error at its line.
fn refuse_keys(f: &mut Fields, allowed: &[&str], what: &str, why: &str) {
    let keys: Vec<(String, usize)> = f.key_lines.iter().map(|(k, l)| (k.to_owned(), l)).collect();
    for (key, line) in keys {
        if !allowed.contains(&key.as_str()) {
            let e = f
                .at(line, 1, format!("`{key}` does not apply to {what}"))
                .with_hint(format!("{why}; it may set: {}", allowed.join(", ")));
            f.errors.push(e);
        }
    }
}

fn title(f: &mut Fields, title: Option<&Placed<String>>, what: &str) -> Option<String> {
    match title {
        Some(t) if !t.value.trim().is_empty() => Some(t.value.clone()),
        _ => {
            let e = f
                .at(f.line_of("title"), 1, format!("{what} needs a `title`"))
                .with_hint("add a line such as `title: \"About us\"`");
            f.errors.push(e);
            None
        }
    }
}

fn date(f: &mut Fields, key: &str, value: Option<&Placed<String>>) -> Option<super::ArticleDate> {
    let v = value?;
    match super::ArticleDate::parse(&v.value) {
        Ok(d) => Some(d),
        Err(msg) => {
            let e = f
                .at_value(v, format!("bad `{key}`: {msg}"))
                .with_hint("dates look like 2014-12-03 or 2014-12-03T10:30:00+01:00");
            f.errors.push(e);
            None
        }
    }
}

fn parse_page(
    rel: &Path,
    text: &str,
    (mut fm, read): (FrontMatter, front_matter::Read),
    config: &Config,
) -> Result<Page, Vec<Diagnostic>> {
    let mut f = Fields::new(rel, text, &read);
    refuse_keys(
        &mut f,
        PAGE_KEYS,
        "an own page (`type: page`)",
        "an own page is the site's work, published under the site's `licence`",
    );
    let title = title(&mut f, fm.title.as_ref(), "a page");
    let date = date(&mut f, "date", fm.date.as_ref());
    let updated = date_updated(&mut f, fm.updated.as_ref());
    let aliases = aliases(&mut f, fm.aliases.take());
    let url = match article_url(rel, fm.slug.as_ref().map(|s| s.value.as_str())) {
        Ok(u) => u,
        Err(msg) => {
            let e = f.at(f.line_of("slug"), 1, msg);
            f.errors.push(e);
            String::new()
        }
    };
    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    Ok(Page {
        path: rel.to_string_lossy().replace('\\', "/"),
        url,
        title: title.unwrap_or_default(),
        date,
        updated,
        summary: fm.summary.filter(|s| !s.trim().is_empty()),
        body: markdown::render(read.split.body, config.sanitize_html),
        aliases,
        draft: fm.draft.unwrap_or(false),
        extra: fm
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        field_lines: read.key_lines,
        source_hash: source_hash(rel, text),
    })
}

fn date_updated(f: &mut Fields, value: Option<&Placed<String>>) -> Option<super::ArticleDate> {
    date(f, "updated", value)
}

fn parse_section_index(
    rel: &Path,
    text: &str,
    (fm, read): (FrontMatter, front_matter::Read),
    config: &Config,
) -> Result<SectionIndex, Vec<Diagnostic>> {
    let mut f = Fields::new(rel, text, &read);
    let depth = rel
        .strip_prefix(crate::layout::CONTENT_DIR)
        .map_or(0, |p| p.components().count());
    if depth != 2 {
        let e = f
            .at(
                1,
                1,
                format!("`{SECTION_INDEX}` is read only in a top-level folder of content/"),
            )
            .with_hint(
                "put it at content/SECTION/_index.md to give that section a title and introduction",
            );
        f.errors.push(e);
    }
    refuse_keys(
        &mut f,
        SECTION_KEYS,
        "a section's `_index.md`",
        "`_index.md` gives a section its title and introduction",
    );
    let title = title(&mut f, fm.title.as_ref(), "a section's `_index.md`");
    if !f.errors.is_empty() {
        return Err(f.errors);
    }
    Ok(SectionIndex {
        path: rel.to_string_lossy().replace('\\', "/"),
        title: title.unwrap_or_default(),
        summary: fm.summary.filter(|s| !s.trim().is_empty()),
        body: markdown::render(read.split.body, config.sanitize_html),
        extra: fm
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        source_hash: source_hash(rel, text),
    })
}

/// `aliases`, each a path on this site, normalised to a pretty URL
/// (`/old/path/`) or kept as a file (`/old.html`).
pub(super) fn aliases(f: &mut Fields, aliases: Option<Vec<Placed<String>>>) -> Vec<String> {
    let mut out = Vec::new();
    for a in aliases.unwrap_or_default() {
        match alias_url(&a.value) {
            Ok(url) => out.push(url),
            Err(why) => {
                let e = f
                    .at_value(&a, format!("bad alias {:?}: {why}", a.value))
                    .with_hint("an alias is an old path on this site, such as /news/old-headline/");
                f.errors.push(e);
            }
        }
    }
    out
}

fn alias_url(alias: &str) -> Result<String, &'static str> {
    let a = alias.trim();
    if !a.starts_with('/') || a.starts_with("//") {
        return Err("it must start with a single `/`");
    }
    if a.contains(['?', '#', '\\', ':', ' ', '\t', '"', '<', '>']) {
        return Err("it may hold only a path, without spaces, `?`, `#` or `:`");
    }
    if a.split('/')
        .any(|s| s == ".." || s == "." || s.starts_with('.') && !s.is_empty())
    {
        return Err("it may not hold `.` or `..` segments");
    }
    if a == "/" {
        return Err("the home page cannot redirect");
    }
    if a.ends_with('/') || a.ends_with(".html") || a.ends_with(".htm") {
        Ok(a.to_owned())
    } else {
        Ok(format!("{a}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::alias_url;

    #[test]
    fn aliases_are_site_paths() {
        assert_eq!(alias_url("/old/path").unwrap(), "/old/path/");
        assert_eq!(alias_url("/old/path/").unwrap(), "/old/path/");
        assert_eq!(alias_url("/story.html").unwrap(), "/story.html");
        for bad in [
            "old",
            "//evil.example/x",
            "https://x.org/a",
            "/a/../b",
            "/",
            "/a b/",
        ] {
            assert!(alias_url(bad).is_err(), "{bad}");
        }
    }
}
