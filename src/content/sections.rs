//! Sections (the top-level folders of `content/`), the addresses every page
//! and alias claims, and the articles a build holds back.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::model::{Article, Held, HeldReason, Page, Section, SectionIndex, Site};
use super::taxonomies::build_taxonomies;
use crate::config::{Config, RESERVED_FOLDERS};
use crate::diagnostics::Diagnostic;
use crate::layout::CONTENT_DIR;
use crate::slug::slugify;

/// The top-level folder an article's source sits in: `content/news/a.md` → `news`.
fn folder_of(path: &str) -> Option<&str> {
    let inside = path.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
    let (folder, rest) = inside.split_once('/')?;
    (!rest.is_empty()).then_some(folder)
}

/// One section per top-level folder that holds articles or an `_index.md`.
pub(super) fn build_sections(
    articles: &[Arc<Article>],
    indexes: &[Arc<SectionIndex>],
) -> Vec<Section> {
    let mut by_folder: BTreeMap<String, Section> = BTreeMap::new();
    for index in indexes {
        if let Some(s) = folder_of(&index.path).and_then(|f| section(&mut by_folder, f)) {
            s.title = index.title.clone();
            s.index = Some(Arc::clone(index));
        }
    }
    for (i, a) in articles.iter().enumerate() {
        if let Some(s) = folder_of(&a.path).and_then(|f| section(&mut by_folder, f)) {
            s.articles.push(i);
        }
    }
    by_folder.into_values().collect()
}

/// The section of `folder`, made on first use; `None` for a folder whose
/// name has nothing to make a URL from.
fn section<'a>(
    by_folder: &'a mut BTreeMap<String, Section>,
    folder: &str,
) -> Option<&'a mut Section> {
    // Looked up before anything is made: this runs for every article on
    // every save in serve.
    if !by_folder.contains_key(folder) {
        let slug = slugify(folder);
        if slug.is_empty() {
            return None;
        }
        let section = Section {
            name: folder.to_owned(),
            url: format!("/{slug}/"),
            title: capitalise(folder),
            index: None,
            articles: Vec::new(),
        };
        by_folder.insert(folder.to_owned(), section);
    }
    by_folder.get_mut(folder)
}

fn capitalise(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Pages on addresses reprint generates, two pages on one address, and
/// aliases that would overwrite a page. Articles among themselves are
/// checked by `urls::check_urls`.
pub(super) fn check_addresses(
    root: &Path,
    articles: &[Arc<Article>],
    pages: &[Arc<Page>],
    sections: &[Section],
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) {
    // Address → the file that claims it. Serve runs this on every save, so
    // nothing is copied for the articles that pass.
    let mut claimed: foldhash::HashMap<&str, Cow<str>> =
        foldhash::HashMapExt::with_capacity(articles.len());
    for s in sections {
        let owner = s.index.as_ref().map_or_else(
            || Cow::Owned(format!("{CONTENT_DIR}/{}/", s.name)),
            |i| Cow::Borrowed(i.path.as_str()),
        );
        // Folders whose names differ only in case or accents slug alike,
        // and one list page cannot serve both.
        if let Some(other) = claimed.insert(&s.url, owner.clone()) {
            errors.push(
                Diagnostic::new(
                    owner.as_ref(),
                    format!("two sections on one URL {}: {other} and {owner}", s.url),
                )
                .with_hint("rename one of the folders, or move its articles into the other"),
            );
        }
    }
    for a in articles {
        if let Some(owner) = claimed.get(a.url.as_str()) {
            let mut d = Diagnostic::new(
                &a.path,
                format!("the URL {} is the list page of the section {owner}", a.url),
            )
            .with_hint("give the article a `slug`, or rename the file (an index.md is the section's own address)");
            d.line = a.line_of("slug");
            d.col = 1;
            d.source_line = super::urls::slug_line(root, a);
            errors.push(d);
        }
    }
    // Only now: two articles on one URL are `urls::check_urls`'s to report,
    // not a section's.
    for a in articles {
        claimed.insert(&a.url, Cow::Borrowed(&a.path));
    }
    for p in pages {
        let first = p.url.trim_matches('/').split('/').next().unwrap_or("");
        let problem = if p.url == "/"
            || RESERVED_FOLDERS.contains(&first)
            || config.taxonomies.iter().any(|t| t == first)
        {
            Some(format!(
                "the URL {} belongs to pages reprint generates (home, pagination or a taxonomy)",
                p.url
            ))
        } else {
            claimed
                .insert(&p.url, Cow::Borrowed(&p.path))
                .map(|other| format!("two pages on one URL {}: {other} and {}", p.url, p.path))
        };
        if let Some(message) = problem {
            errors.push(
                Diagnostic::new(&p.path, message)
                    .with_hint("give the page another `slug`, or move or rename the file"),
            );
        }
    }
    check_aliases(articles, pages, sections, config, &mut claimed, errors);
}

/// Aliases on an address reprint generates, one a page already has, or one
/// another alias (of this file or another) already redirects from.
fn check_aliases<'a>(
    articles: &'a [Arc<Article>],
    pages: &'a [Arc<Page>],
    sections: &[Section],
    config: &Config,
    claimed: &mut foldhash::HashMap<&'a str, Cow<'a, str>>,
    errors: &mut Vec<Diagnostic>,
) {
    // Aliases seen so far, apart from the pages' addresses, so that a
    // repeated alias is named as such rather than as some page's address.
    let mut aliased: foldhash::HashMap<&str, &str> = foldhash::HashMap::default();
    // Whether an alias with a capital letter was taken: only then can two
    // addresses differ in case alone (pages' addresses are lower case).
    let mut capitals = false;
    let aliases = articles
        .iter()
        .map(|a| (&a.path, &a.aliases, &a.field_lines))
        .chain(pages.iter().map(|p| (&p.path, &p.aliases, &p.field_lines)));
    for (path, list, fields) in aliases {
        for alias in list {
            // The address the alias's page answers at: `/a/index.html` is
            // `/a/`'s page.
            let address = match alias.strip_suffix("index.html") {
                Some(dir) if dir.ends_with('/') => dir,
                _ => alias.as_str(),
            };
            let first = address.trim_matches('/').split('/').next().unwrap_or("");
            let problem = if RESERVED_FOLDERS.contains(&first)
                || config.taxonomies.iter().any(|t| t == first)
                || generated(address, sections)
            {
                Some(format!("the alias {alias} is an address reprint generates"))
            } else if let Some(&other) = aliased.get(address) {
                Some(if other == path.as_str() {
                    format!("the alias {alias} is listed twice")
                } else {
                    format!("the alias {alias} is already an alias of {other}")
                })
            } else if let Some((twin, owner)) = (capitals || has_capitals(address))
                .then(|| case_twin(claimed, address))
                .flatten()
            {
                Some(format!(
                    "the alias {alias} differs only in case from {twin}, the address of {owner}; on a case-insensitive disk or host one would replace the other"
                ))
            } else {
                capitals |= has_capitals(address);
                aliased.insert(address, path);
                claimed
                    .insert(address, Cow::Borrowed(path))
                    .map(|other| format!("the alias {alias} is already the address of {other}"))
            };
            if let Some(message) = problem {
                let mut d = Diagnostic::new(path, message)
                    .with_hint("an alias must be an old address no page uses now; remove it");
                d.line = fields.line_of("aliases").unwrap_or(1);
                d.col = 1;
                errors.push(d);
            }
        }
    }
}

fn has_capitals(address: &str) -> bool {
    address.chars().any(char::is_uppercase)
}

/// An address already claimed that differs from `address` in case alone,
/// with the file that claims it (the first in order, so the message is the
/// same on every run).
fn case_twin(
    claimed: &foldhash::HashMap<&str, Cow<str>>,
    address: &str,
) -> Option<(String, String)> {
    let lower = address.to_lowercase();
    claimed
        .iter()
        .filter(|(k, _)| **k != address && k.to_lowercase() == lower)
        .min_by_key(|(k, _)| **k)
        .map(|(k, v)| ((*k).to_owned(), v.to_string()))
}

/// Files reprint writes at the root of the output besides the pages.
const ROOT_FILES: &[&str] = &[
    "/",
    "/404.html",
    "/atom.xml",
    "/rss.xml",
    "/feed.json",
    "/sitemap.xml",
    "/robots.txt",
    "/compliance.json",
];

/// Whether reprint writes a file of its own at `address`: the home page,
/// the feeds, the sitemap and its parts, the report, a section's later
/// list pages and its feed.
fn generated(address: &str, sections: &[Section]) -> bool {
    // An alias page is a folder's index.html: at `/atom.xml/` it would
    // stand where the file `atom.xml` is written.
    let address = match address.trim_end_matches('/') {
        "" => "/",
        file if file.contains('.') => file,
        _ => address,
    };
    let sitemap_part = address
        .strip_prefix("/sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    ROOT_FILES.contains(&address)
        || sitemap_part
        || sections.iter().any(|s| {
            address
                .strip_prefix(s.url.as_str())
                .is_some_and(|rest| rest == "atom.xml" || rest.starts_with("page/"))
        })
}

impl Site {
    /// Leaves out the articles whose rights window is not open at `now`:
    /// `rights.from` still to come (held), or `rights.until` passed
    /// (withdrawn). A date without a time covers that whole day.
    pub fn hold_back(&mut self, now: jiff::Timestamp) {
        let mut out = Vec::new();
        for a in &self.articles {
            let Some(r) = &a.rights else { continue };
            let reason = match (&r.from, &r.until) {
                (Some(from), _) if now < from.timestamp => HeldReason::Scheduled(*from),
                (_, Some(until)) if now >= window_end(until) => HeldReason::Withdrawn(*until),
                _ => continue,
            };
            out.push((a.path.clone(), reason));
        }
        self.leave_out(out);
    }

    /// Removes the named articles (by source path) from everything the
    /// build publishes, recording each with its reason in `held`.
    pub fn leave_out(&mut self, out: Vec<(String, HeldReason)>) {
        if out.is_empty() {
            return;
        }
        let reasons: HashMap<String, HeldReason> = out.into_iter().collect();
        let mut kept = Vec::with_capacity(self.articles.len());
        for a in self.articles.drain(..) {
            match reasons.get(&a.path) {
                Some(reason) => self.held.push(Held {
                    path: a.path.clone(),
                    url: a.url.clone(),
                    title: a.title.clone(),
                    reason: reason.clone(),
                }),
                None => kept.push(a),
            }
        }
        self.articles = kept;
        self.held.sort_by(|a, b| a.path.cmp(&b.path));
        self.taxonomies = build_taxonomies(&self.articles, &self.config);
        let indexes: Vec<Arc<SectionIndex>> = self
            .sections
            .iter()
            .filter_map(|s| s.index.clone())
            .collect();
        let folders: Vec<String> = self.sections.iter().map(|s| s.name.clone()).collect();
        let mut sections = build_sections(&self.articles, &indexes);
        // A section whose every article is held keeps its (empty) page: its
        // address should not come and go with the schedule.
        for name in folders {
            if !sections.iter().any(|s| s.name == name) {
                sections.push(empty_section(&name, &self.sections));
            }
        }
        sections.sort_by(|a, b| a.name.cmp(&b.name));
        self.sections = sections;
    }
}

fn empty_section(name: &str, old: &[Section]) -> Section {
    let mut s = old
        .iter()
        .find(|s| s.name == name)
        .cloned()
        .expect("the folder came from the old sections");
    s.articles.clear();
    s
}

/// The first moment after `now` at which one of `articles` is due to be
/// published or withdrawn: until then, `Site::hold_back` holds back the same
/// articles.
pub fn next_hold_change<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    now: jiff::Timestamp,
) -> Option<jiff::Timestamp> {
    articles
        .into_iter()
        .filter_map(|a| a.rights.as_deref())
        .flat_map(|r| {
            let from = r.from.map(|f| f.timestamp);
            let until = r.until.as_ref().map(window_end);
            [from, until]
        })
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// The first moment after a `rights.until` date: the end of that day when
/// it has no time.
pub fn window_end(until: &super::ArticleDate) -> jiff::Timestamp {
    if until.has_time {
        until.timestamp
    } else {
        until.timestamp + jiff::SignedDuration::from_hours(24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_top_level_folders() {
        assert_eq!(folder_of("content/news/a.md"), Some("news"));
        assert_eq!(folder_of("content/news/2024/a.md"), Some("news"));
        assert_eq!(folder_of("content/about.md"), None);
        assert_eq!(capitalise("public-notices"), "Public notices");
    }
}
