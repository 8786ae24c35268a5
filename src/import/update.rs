//! Finding an article already imported from a source, and refreshing it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::facts::{Author, Facts, Image, Original, Pixel, found};
use super::write::q;

/// The article under `content/` whose front matter names `url` (as its
/// source, original or import origin), if any. Addresses are compared in
/// one canonical form (a trailing slash, the scheme or tracking parameters
/// aside), however the front matter writes them.
pub fn find_existing(root: &Path, url: &str, source: &str) -> Option<PathBuf> {
    let wanted: Vec<String> = [url, source]
        .iter()
        .filter(|u| u.starts_with("http"))
        .filter_map(|u| url_key(u))
        .collect();
    if wanted.is_empty() {
        return None;
    }
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .find(|e| {
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                return false;
            };
            let Some(split) = crate::content::split_front_matter(&text) else {
                return false;
            };
            named_urls(split.front_matter)
                .iter()
                .filter_map(|u| url_key(u))
                .any(|k| wanted.contains(&k))
        })
        .map(|e| e.into_path())
}

/// The canonical form two spellings of one address share.
pub fn url_key(url: &str) -> Option<String> {
    crate::comply::normalise_url(url.trim(), "")
}

/// `source.url`, `original.url` and `imported.from` of a front matter, read
/// as YAML (any style: block, flow, quoted or not, with comments), else
/// line by line when it does not parse.
fn named_urls(front_matter: &str) -> Vec<String> {
    if let Ok(v) = serde_saphyr::from_str::<serde_json::Value>(front_matter) {
        return [("source", "url"), ("original", "url"), ("imported", "from")]
            .iter()
            .filter_map(|(table, key)| v.get(table)?.get(key)?.as_str().map(str::to_owned))
            .collect();
    }
    front_matter
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let v = line
                .strip_prefix("url:")
                .or_else(|| line.strip_prefix("from:"))?;
            let v = v.split(" #").next().unwrap_or(v).trim();
            Some(v.trim_matches(['"', '\'']).to_owned())
        })
        .collect()
}

/// The existing article with a new body and fingerprint and a new
/// `imported.at`; every other field is the editor's and stays. Returns the
/// text and what changed, in words.
pub fn refresh(old: &str, body: &str, facts: &Facts, at: &str) -> (String, Vec<String>) {
    let Some(split) = crate::content::split_front_matter(old) else {
        return (
            old.to_owned(),
            vec!["no front matter found; left as it was".into()],
        );
    };
    // An excerpt is no new text of the story: the editor's whole text stays.
    if let Some(why) = &facts.excerpt {
        let kept = format!(
            "the source gives only an excerpt ({why}): body and fingerprint kept as they were"
        );
        return (old.to_owned(), vec![kept]);
    }
    let new_fp = crate::content::fingerprint(body);
    let old_fp = crate::content::fingerprint(split.body);
    let mut changes = Vec::new();
    if new_fp == old_fp {
        changes.push("body unchanged".to_owned());
    } else {
        changes.push(format!("body replaced ({old_fp} → {new_fp})"));
    }
    if let Some(change) = licence_change(split.front_matter, facts) {
        changes.push(change);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut had_fp = false;
    let mut in_imported = false;
    for line in split.front_matter.lines() {
        if line.starts_with("fingerprint:") {
            had_fp = true;
            lines.push(format!("fingerprint: {new_fp}  # of the imported body"));
            continue;
        }
        if !line.starts_with([' ', '\t', '#']) {
            in_imported = line.starts_with("imported:");
        }
        if in_imported && line.trim_start().starts_with("at:") {
            lines.push(format!("  at: {at}"));
            continue;
        }
        if line.starts_with("title:")
            && let Some(t) = &facts.title
            && !line.contains(&q(&t.value))
        {
            changes.push(format!(
                "the source's headline is now {}: kept yours",
                q(&t.value)
            ));
        }
        lines.push(line.to_owned());
    }
    if !had_fp {
        lines.push(format!("fingerprint: {new_fp}  # of the imported body"));
    }
    (format!("---\n{}\n---\n{}", lines.join("\n"), body), changes)
}

/// A front matter as YAML, when it parses.
fn yaml(front_matter: &str) -> Option<Value> {
    serde_saphyr::from_str::<Value>(front_matter).ok()
}

/// A value the editor has set: a string or number that is no `FILL-IN`.
fn set(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() && !s.starts_with("FILL-IN") => {
            Some(s.trim().to_owned())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The one change an editor must act on: the source's licence is no
/// longer the one the article was published under.
fn licence_change(front_matter: &str, facts: &Facts) -> Option<String> {
    let new = &facts.licence.as_ref()?.value;
    match set(yaml(front_matter)?.get("licence")) {
        Some(old) if !old.eq_ignore_ascii_case(new) => Some(format!(
            "the source's licence is now {new}: kept yours ({old}); check the copy may still be published"
        )),
        Some(_) => None,
        None => Some(format!("the source now states the licence {new}")),
    }
}

/// The facts of an article as its file states them (after `--update`),
/// for the report: what the file says, not what the source now says.
pub fn facts_of_file(text: &str) -> Option<Facts> {
    let split = crate::content::split_front_matter(text)?;
    let fm = yaml(split.front_matter)?;
    let at = |path: &[&str]| path.iter().try_fold(&fm, |v, k| v.get(k));
    let field = |path: &[&str]| set(at(path)).and_then(|v| found(v, "the file"));
    let authors: Vec<Author> = at(&["authors"])
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let name = set(Some(a)).or_else(|| set(a.get("name")))?;
            Some(Author {
                name,
                affiliation: set(a.get("affiliation")),
            })
        })
        .collect();
    let original = at(&["original"])
        .filter(|o| o.is_object())
        .map(|o| Original {
            name: set(o.get("name")),
            url: set(o.get("url")),
            title: set(o.get("title")),
            licence: set(o.get("licence")),
        });
    let pixel = set(at(&["pixel"])).or_else(|| set(at(&["pixel", "url"])));
    Some(Facts {
        title: field(&["title"]),
        date: field(&["date"]),
        updated: field(&["updated"]),
        authors: (!authors.is_empty())
            .then_some(authors)
            .and_then(|a| found(a, "the file")),
        source_name: field(&["source", "name"]),
        source_url: field(&["source", "url"]),
        original: original.and_then(|o| found(o, "the file")),
        copyright_holder: field(&["copyright", "holder"]),
        copyright_year: field(&["copyright", "year"]),
        licence: field(&["licence"]),
        image: set(at(&["image", "src"])).and_then(|src| {
            let image = Image {
                src,
                alt: set(at(&["image", "alt"])),
                credit: set(at(&["image", "credit"])),
            };
            found(image, "the file")
        }),
        pixel: pixel.and_then(|url| found(Pixel { url, script: false }, "the file")),
        ..Facts::default()
    })
}
