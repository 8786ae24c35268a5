//! The stream reader held to the tree reader: under test, every page the
//! stream reader reads is read by the tree reader too, and the two facts
//! must be equal. These tests run every page of the fixture sites and of the
//! acceptance corpus, and random nestings, through the real compliance pass.

use std::cell::Cell;
use std::path::Path;

use super::{PageFacts, dom};
use crate::comply::linked::PageSheets;

thread_local! {
    /// Pages read from the stream, and pages it gave up on, on this thread.
    static READ: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Checks facts the stream reader gathered against the tree reader's.
pub(super) fn streamed(html: &str, body: bool, sheets: Option<PageSheets>, facts: &PageFacts) {
    let reference = dom::extract(html, body, sheets);
    assert!(
        *facts == reference,
        "the stream reader disagrees with the tree on:\n{html}\n\nstream: {facts:#?}\n\ntree: {reference:#?}"
    );
    READ.with(|r| r.set((r.get().0 + 1, r.get().1)));
}

pub(super) fn declined(_html: &str) {
    READ.with(|r| r.set((r.get().0, r.get().1 + 1)));
}

/// Runs `f`, answering how many pages it read from the stream and how many
/// went to the tree.
pub(super) fn counted(f: impl FnOnce()) -> (usize, usize) {
    READ.with(|r| r.set((0, 0)));
    f();
    READ.with(Cell::get)
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let dest = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

/// Renders every page of the site at `root` and runs the compliance pass on
/// it; `false` when the site does not load (a case about bad input).
fn check_site(root: &Path) -> bool {
    use crate::content::{LoadOptions, Site};
    use crate::render::{PageKind, Renderer, Theme};
    let Ok(site) = Site::load(root, &LoadOptions::default()) else {
        return false;
    };
    let Ok(theme) = Theme::load(root, &site.config) else {
        return false;
    };
    let renderer = Renderer::new(&site, &theme);
    let cx = crate::comply::CheckContext::new(&site, jiff::Timestamp::now());
    for kind in renderer.pages() {
        let Ok(page) = renderer.render(kind) else {
            continue;
        };
        match page.kind {
            PageKind::Article(i) => {
                crate::comply::check_article(&cx, &site.articles[i], &page.content);
            }
            PageKind::Feed(_) => {
                let _ = crate::comply::check_feed(&cx, &page.path, &page.url, &page.content);
            }
            _ => {}
        }
    }
    true
}

/// A fixture site laid out with the default theme when it has none.
fn staged(fixture: &Path, theme: Option<&Path>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_tree(fixture, tmp.path());
    if !tmp.path().join("themes").exists() {
        let (from, name) = match theme {
            Some(t) => (t.to_path_buf(), "case"),
            None => (repo().join("themes/default"), "default"),
        };
        copy_tree(&from, &tmp.path().join("themes").join(name));
    }
    tmp
}

#[test]
fn fixture_sites_read_the_same_from_the_stream_as_from_the_tree() {
    for name in ["basic", "seed", "bare-theme", "audit/site"] {
        let site = staged(&repo().join("tests/fixtures").join(name), None);
        let (streamed, declined) = counted(|| assert!(check_site(site.path()), "{name} loads"));
        assert!(streamed + declined > 0, "{name}: no page checked");
    }
    for page in std::fs::read_dir(repo().join("tests/fixtures/audit/pages")).expect("pages") {
        let html = std::fs::read_to_string(page.expect("page").path()).expect("readable");
        PageFacts::extract(&html);
    }
}

#[test]
fn default_theme_pages_are_read_from_the_stream() {
    let site = staged(&repo().join("tests/fixtures/basic"), None);
    let (streamed, declined) = counted(|| assert!(check_site(site.path())));
    assert!(streamed > 0);
    assert_eq!(
        declined, 0,
        "the default theme's pages should all be read from the stream ({streamed} were)"
    );
}

#[test]
fn acceptance_cases_read_the_same_from_the_stream_as_from_the_tree() {
    let cases = repo().join("tests/fixtures/cases");
    let theme = cases.join("_theme");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .expect("cases")
        .map(|e| e.expect("case").path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    names.sort();
    let (mut streamed, mut declined, mut loaded) = (0, 0, 0);
    for case in &names {
        let site = tempfile::tempdir().expect("temp dir");
        for entry in std::fs::read_dir(case).expect("case folder") {
            let entry = entry.expect("entry");
            let name = entry.file_name();
            if name == "expect.toml" || name == "templates" {
                continue;
            }
            let dest = site.path().join(&name);
            if entry.file_type().expect("type").is_dir() {
                copy_tree(&entry.path(), &dest);
            } else {
                std::fs::copy(entry.path(), &dest).expect("copy");
            }
        }
        if !case.join("themes").exists() {
            let dest = site.path().join("themes/case");
            copy_tree(&theme, &dest);
            if case.join("templates").is_dir() {
                copy_tree(&case.join("templates"), &dest.join("templates"));
            }
        }
        let (s, d) = counted(|| loaded += usize::from(check_site(site.path())));
        streamed += s;
        declined += d;
    }
    eprintln!("cases: {streamed} pages streamed, {declined} declined");
    assert!(loaded > 150, "only {loaded} cases loaded");
    assert!(
        streamed > declined,
        "{streamed} pages streamed, {declined} declined"
    );
}

#[test]
fn random_nestings_read_the_same_from_the_stream_as_from_the_tree() {
    let mut generator = super::generator::Generator::new(0x5eed_1e55);
    let (streamed, declined) = counted(|| {
        for _ in 0..std::env::var("STRESS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(4000)
        {
            let html = generator.page();
            PageFacts::extract(&html);
        }
    });
    // Both readers must be exercised: well-formed nestings stream, broken ones do not.
    eprintln!("generator: {streamed} streamed, {declined} declined");
    assert!(streamed > 500, "{streamed} streamed");
    assert!(declined > 500, "{declined} declined");
}
