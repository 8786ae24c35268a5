//! `reprint new` and `reprint init`: starting points that already ask for
//! everything a licence needs.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::layout::{CONFIG_FILE, CONTENT_DIR};
pub use crate::layout::{DEFAULT_THEME, PLACEHOLDER};
use crate::licences::{Commercial, Placeholder, Profile, Registry, Rule};

/// Writes a new article at `path` with every field its profile's rules need.
/// Returns the path written.
pub fn new_article(
    root: &Path,
    path: &Path,
    licence: Option<&str>,
    source_url: Option<&str>,
    title: Option<&str>,
    today: jiff::civil::Date,
) -> Result<PathBuf, Diagnostic> {
    let registry = if root.join(CONFIG_FILE).exists() {
        let config = Config::load(root).map_err(first)?;
        Registry::from_config(&config).map_err(first)?
    } else {
        Registry::builtin()
    };
    let Some(licence) = licence else {
        return Err(
            Diagnostic::new(path, "which licence is the article republished under?")
                .with_hint("pass --licence ID; `reprint licences` lists the profiles"),
        );
    };
    let profile = registry.get(licence).ok_or_else(|| {
        Diagnostic::new(path, format!("unknown licence {licence:?}"))
            .with_hint(registry.unknown_hint(licence))
    })?;
    let absolute = article_destination(root, path, profile)?;
    if let Some(url) = source_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(Diagnostic::new(
            path,
            format!("--source-url {url:?} is not an absolute http(s) address"),
        )
        .with_hint("pass the full address of the article you republish"));
    }
    for (flag, value) in [("--title", title), ("--source-url", source_url)] {
        if let Some(value) = value
            && value.contains(char::is_control)
        {
            return Err(Diagnostic::new(
                path,
                format!("{flag} {value:?} holds a control character"),
            )
            .with_hint("pass plain text on one line"));
        }
    }
    let text = article_text(profile, source_url, title, today);
    if let Some(parent) = absolute.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::new(parent, format!("cannot create the folder: {e}")))?;
    }
    std::fs::write(&absolute, text)
        .map_err(|e| Diagnostic::new(path, format!("cannot write: {e}")))?;
    Ok(path.to_path_buf())
}

/// Where a new article goes, made absolute: a `.md` file under the site's
/// content folder that does not exist yet.
/// `path` with its `.` and `..` steps taken, as written: `content/../x.md`
/// is `x.md`, wherever a link on the way points.
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn article_destination(root: &Path, path: &Path, profile: &Profile) -> Result<PathBuf, Diagnostic> {
    if path.extension().is_none_or(|e| e != "md") {
        return Err(
            Diagnostic::new(path, "an article is a Markdown file ending in .md").with_hint(
                format!(
                    "for example: reprint new {CONTENT_DIR}/news/my-story.md --licence {}",
                    profile.id
                ),
            ),
        );
    }
    let absolute = lexical(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    });
    let content = root.join(CONTENT_DIR);
    let content_abs = content.canonicalize().unwrap_or_else(|_| {
        if content.is_absolute() {
            content.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(&content)
        }
    });
    let parent_abs = absolute
        .parent()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_default();
    if !parent_abs.starts_with(&content_abs) && !absolute.starts_with(&content_abs) {
        return Err(Diagnostic::new(
            path,
            format!("articles live under the site's {CONTENT_DIR}/ folder"),
        )
        .with_hint(format!(
            "pass a path such as {}/news/my-story.md",
            content.display()
        )));
    }
    if absolute.exists() {
        return Err(Diagnostic::new(
            path,
            "this file exists already; reprint new never overwrites",
        )
        .with_hint("choose another name, or edit the existing article"));
    }
    Ok(absolute)
}

fn first(mut d: Vec<Diagnostic>) -> Diagnostic {
    if d.is_empty() {
        Diagnostic::new(CONFIG_FILE, "cannot read the configuration")
    } else {
        d.remove(0)
    }
}

/// The article `reprint new` writes: real values where they are known,
/// `FILL-IN:` placeholders where only the writer knows them, and a comment
/// on every field saying which rule of the profile needs it.
pub fn article_text(
    profile: &Profile,
    source_url: Option<&str>,
    title: Option<&str>,
    today: jiff::civil::Date,
) -> String {
    let needs = |r: Rule| profile.has_rule(r);
    let credit_needs = |p: Placeholder| {
        needs(Rule::Credit)
            && profile
                .credit
                .as_ref()
                .is_some_and(|c| c.text.contains(&format!("{{{}}}", p.name())))
    };
    let mut fm = vec![
        format!(
            "title: {}",
            title.map_or_else(|| fill("the headline as the source published it"), q)
        ),
        // Never today's date: a guessed date would pass `check` unnoticed.
        format!(
            "date: {}  # publication date at the source",
            fill("the date the source published it, as YYYY-MM-DD")
        ),
        format!("licence: {}", profile.id),
    ];
    let why = |rules: &[Rule]| why(profile, rules);
    let byline_affiliation = profile
        .conditions
        .byline
        .as_ref()
        .is_some_and(|b| b.text.contains("{affiliation}"));
    if needs(Rule::Byline) && byline_affiliation {
        // The profile's byline form names each author's institution.
        fm.push(format!("authors:{}", why(&[Rule::Byline])));
        fm.push(format!(
            "  - name: {}",
            fill("the author's name, as the source credits it")
        ));
        fm.push(format!(
            "    affiliation: {}",
            fill("the author's institution, as the source credits it")
        ));
    } else if needs(Rule::Byline) || credit_needs(Placeholder::Authors) {
        fm.push(format!(
            "authors: [{}]{}",
            fill("the author's name, as the source credits it"),
            why(&[Rule::Byline])
        ));
    }
    if needs(Rule::SourceLink)
        || needs(Rule::Canonical)
        || credit_needs(Placeholder::SourceName)
        || credit_needs(Placeholder::SourceUrl)
    {
        fm.push(format!(
            "source:{}",
            why(&[Rule::SourceLink, Rule::Canonical, Rule::Credit])
        ));
        fm.push(format!(
            "  name: {}",
            fill("the publication you took the article from")
        ));
        fm.push(format!(
            "  url: {}",
            source_url.map_or_else(|| fill("the address of the article you republish"), q)
        ));
    }
    if needs(Rule::OriginalLink) || credit_needs(Placeholder::OriginalName) {
        fm.push(
            "# original:                  # when the source itself republished it (original-link)"
                .into(),
        );
        fm.push("#   name: First Publisher".into());
        fm.push("#   url: https://...".into());
    }
    if needs(Rule::Copyright) || credit_needs(Placeholder::CopyrightHolder) {
        fm.push(format!("copyright:{}", why(&[Rule::Copyright])));
        fm.push(format!(
            "  holder: {}",
            fill("the copyright holder, as the source's notice states it")
        ));
        fm.push(format!("  year: {}", fill("the year in that notice")));
    }
    fm.extend(condition_lines(profile, today));
    fm.push("tags: []".into());
    format!(
        "---\n{}\n---\n{PLACEHOLDER} paste the article's text here{}.\n",
        fm.join("\n"),
        if needs(Rule::Unmodified) {
            ", exactly as published: its licence allows no changes"
        } else {
            ""
        }
    )
}

/// The fields the profile's conditions ask for beyond attribution: pixel,
/// fingerprint, changes, rights window and commercial permission.
fn condition_lines(profile: &Profile, today: jiff::civil::Date) -> Vec<String> {
    let needs = |r: Rule| profile.has_rule(r);
    let why = |rules: &[Rule]| why(profile, rules);
    let mut fm = Vec::new();
    if needs(Rule::Pixel) {
        fm.push(format!(
            "pixel: {}{}",
            fill("the tracking pixel address from the publisher's republish snippet"),
            why(&[Rule::Pixel])
        ));
    }
    if needs(Rule::Unmodified) {
        fm.push(format!(
            "fingerprint: {}{}",
            fill("paste the original text below, then run `reprint fingerprint` on this file"),
            why(&[Rule::Unmodified])
        ));
    }
    if needs(Rule::ChangesNoted) {
        fm.push("# changes: \"What you changed from the original\"   # changes-noted: required if you edit it".into());
    }
    if needs(Rule::RightsWindow) {
        fm.push("# rights: {from: 2026-01-01, until: 2027-01-01}".into());
    }
    if profile.commercial != Commercial::Allowed {
        fm.push("# permission:                # commercial use needs written permission (non-commercial)".into());
        fm.push("#   granted_by: ...".into());
        fm.push(format!("#   date: {today}"));
        fm.push("#   reference: ...".into());
        fm.push("#   covers: [commercial]".into());
    }
    fm
}

/// A YAML double-quoted string.
/// `s` as a YAML double-quoted scalar; control characters are escaped so
/// that the file holds none.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A quoted `FILL-IN:` placeholder saying what belongs there.
fn fill(what: &str) -> String {
    q(&format!("{PLACEHOLDER} {what}"))
}

/// The comment naming which of `rules` the profile has, or nothing.
fn why(profile: &Profile, rules: &[Rule]) -> String {
    let ids: Vec<&str> = rules
        .iter()
        .copied()
        .filter(|r| profile.has_rule(*r))
        .map(Rule::id)
        .collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!("  # needed by {}", ids.join(", "))
    }
}

/// Scaffolds a site in `dir`: configuration, the default theme and one
/// example article that builds and passes `check` as it is.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Diagnostic::new(
            dir.join(CONFIG_FILE),
            "a site exists here already; reprint init never overwrites",
        )
        .with_hint("run reprint init in an empty folder, or pass another DIR"));
    }
    let content = dir.join(CONTENT_DIR);
    if content.is_dir() && std::fs::read_dir(&content).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Diagnostic::new(
            &content,
            "this folder has content already; reprint init never overwrites",
        )
        .with_hint("run reprint init in an empty folder, or pass another DIR"));
    }
    let mut files: Vec<(PathBuf, &str)> = vec![
        (dir.join(CONFIG_FILE), INIT_CONFIG),
        (dir.join(CONTENT_DIR).join("welcome.md"), INIT_ARTICLE),
        (dir.join("static/.gitkeep"), ""),
        (dir.join(".gitignore"), "/public\n"),
    ];
    for (rel, text) in DEFAULT_THEME {
        files.push((dir.join("themes/default").join(rel), text));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(parent, format!("cannot create the folder: {e}")))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| Diagnostic::new(&path, format!("cannot write: {e}")))?;
        written.push(path);
    }
    Ok(written)
}

const INIT_CONFIG: &str = r#"# A reprint site. Build it with `reprint build`; preview it with `reprint serve`.
title = "My Republishing Site"
description = "Articles republished under their publishers' terms."
base_url = "https://example.org/"   # where the site will live
theme = "default"
language = "en"
# true if the site sells ads, access or sponsorship: NonCommercial articles then need permission.
commercial = false
taxonomies = ["tags"]
paginate = 10

# Publisher notices are profiles of their own; the Creative Commons licences
# are built in (`reprint licences` lists them). An example:
#
# [licences.crosspost-notice]
# name = "Cross-post notice: source, copyright and hyperlink"
# terms = "https://publisher.example.org/reprint-terms"
# rules = ["byline", "copyright", "source-link", "credit"]
# commercial = "permission"
# credit = "The original source of this article is {source.name}"
"#;

const INIT_ARTICLE: &str = r#"---
# An invented example: replace it with the first article you republish
# (`reprint new content/my-story.md --licence CC-BY-4.0` writes a starting point).
title: "Welcome to Your Republishing Site"
date: 2026-01-15
authors: [Ada Example]
licence: CC-BY-4.0
source:
  name: The Example Gazette
  url: https://gazette.example.org/2026/01/15/welcome
copyright:
  holder: The Example Gazette
  year: 2026
tags: [Getting Started]
---
This is an example article, republished under the Creative Commons Attribution 4.0 licence from an invented publication.

Every article names the licence it is republished under, where it came from and whose copyright it is. reprint checks each rendered page against that licence before anything is written: a page without its byline, copyright line or link to the original is never published.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_has_every_file_of_the_bundled_one() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    DEFAULT_THEME.iter().any(|(n, _)| *n == rel),
                    "{rel} is missing from DEFAULT_THEME"
                );
            }
        }
    }

    #[test]
    fn a_quoted_value_holds_no_control_character_and_reads_back_as_given() {
        let value = "a\u{1b}[2J \"b\" \\ c\nd";
        let quoted = q(value);
        assert!(!quoted.contains(char::is_control), "{quoted}");
        let back: String = serde_saphyr::from_str(&quoted).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn new_refuses_a_title_with_a_control_character() {
        let dir = tempfile::tempdir().unwrap();
        let today = jiff::civil::date(2026, 11, 25);
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let path = &dir.path().join("content/x.md");
        let e = new_article(
            dir.path(),
            path,
            Some("CC-BY-4.0"),
            None,
            Some("a\u{1b}[2Jb"),
            today,
        )
        .unwrap_err();
        assert!(e.message.contains("control character"), "{}", e.message);
        assert!(!path.exists());
    }

    #[test]
    fn new_articles_ask_for_what_the_profile_needs() {
        let r = Registry::builtin();
        let today = jiff::civil::date(2026, 11, 25);
        let nd = article_text(
            r.get("CC-BY-NC-ND-4.0").unwrap(),
            Some("https://a.example.org/x"),
            None,
            today,
        );
        assert!(nd.contains("fingerprint: \"FILL-IN:"));
        assert!(nd.contains("url: \"https://a.example.org/x\""));
        assert!(nd.contains("# permission:"));
        assert!(nd.contains("date: \"FILL-IN: the date the source published it"));
        assert!(nd.contains("#   date: 2026-11-25"));
        let cc0 = article_text(
            r.get("CC0-1.0").unwrap(),
            None,
            Some("A \"quoted\" title"),
            today,
        );
        assert!(!cc0.contains("fingerprint"));
        assert!(cc0.contains("title: \"A \\\"quoted\\\" title\""));
    }

    #[test]
    fn a_byline_form_with_an_affiliation_asks_for_each_authors_institution() {
        let mut profile = Registry::builtin().get("CC-BY-ND-4.0").unwrap().clone();
        let today = jiff::civil::date(2026, 11, 25);
        let plain = article_text(&profile, None, None, today);
        assert!(plain.contains("authors: [\"FILL-IN:"), "{plain}");
        profile.conditions.byline =
            Some(crate::licences::CreditTemplate::parse_byline("{author}, {affiliation}").unwrap());
        let text = article_text(&profile, None, None, today);
        assert!(
            text.contains("authors:  # needed by byline\n  - name: \"FILL-IN: the author's name"),
            "{text}"
        );
        assert!(
            text.contains("\n    affiliation: \"FILL-IN: the author's institution"),
            "{text}"
        );
    }
}
