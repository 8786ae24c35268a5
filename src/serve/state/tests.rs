//! Serve's rebuilds against a full build of the same files: a rebuild that
//! keeps the site's shape must serve what assembling it again would.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};

use super::*;

fn fixture() -> tempfile::TempDir {
    crate::testing::fixture_with_theme("basic")
}

const HARBOUR: &str = "content/news/harbour.md";
const LIBRARIES: &str = "content/news/libraries.md";

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> Change {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    Change {
        articles: vec![PathBuf::from(rel)],
        ..Change::default()
    }
}

fn pages(built: &Built) -> Vec<(String, Arc<Vec<u8>>)> {
    let pages = built.pages();
    let pages = pages.read().unwrap();
    let mut all: Vec<_> = pages.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
    all.sort();
    all
}

/// Every page `built` serves equals a full build's of the files as they are.
fn assert_matches_a_full_build(built: &Built, root: &Path, clock: fn() -> jiff::Timestamp) {
    let (fresh, _) = Built::with_clock(root, &LoadOptions::default(), clock).unwrap();
    let (served, expected) = (pages(built), pages(&fresh));
    let paths = |p: &[(String, Arc<Vec<u8>>)]| p.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&served), paths(&expected));
    for ((path, got), (_, want)) in served.iter().zip(&expected) {
        assert!(got == want, "{path} differs from a full build's");
    }
    assert_eq!(built.failures(), fresh.failures());
}

#[test]
fn a_body_edit_keeps_the_site_and_serves_what_a_full_build_would() {
    let dir = fixture();
    let root = dir.path();
    let (mut built, _) = Built::new(root, &LoadOptions::default()).unwrap();
    let change = edit(
        root,
        HARBOUR,
        "A second paragraph follows.",
        "An edited paragraph, with [a link](https://example.net/x).",
    );
    let outcome = built.rebuild(&change).unwrap();
    assert!(outcome.site_kept, "a body edit needs no new site");
    assert!(
        outcome.rendered >= 2,
        "the article and the lists that show it"
    );
    let page = String::from_utf8(
        pages(&built)
            .into_iter()
            .find(|(p, _)| p == "news/harbour/index.html")
            .unwrap()
            .1
            .to_vec(),
    )
    .unwrap();
    assert!(page.contains("An edited paragraph"), "{page}");
    assert_matches_a_full_build(&built, root, jiff::Timestamp::now);

    // The first paragraph is the summary lists and feeds show.
    let change = edit(
        root,
        HARBOUR,
        "The council voted seven to two",
        "The council voted eight to one",
    );
    assert!(built.rebuild(&change).unwrap().site_kept);
    let home = String::from_utf8(
        pages(&built)
            .into_iter()
            .find(|(p, _)| p == "index.html")
            .unwrap()
            .1
            .to_vec(),
    )
    .unwrap();
    assert!(home.contains("eight to one"), "{home}");
    assert_matches_a_full_build(&built, root, jiff::Timestamp::now);
}

#[test]
fn front_matter_edits_that_keep_the_article_in_place_keep_the_site() {
    let dir = fixture();
    let root = dir.path();
    let (mut built, _) = Built::new(root, &LoadOptions::default()).unwrap();
    for (from, to, kept) in [
        ("title: \"Harbour Town", "title: \"Harbour City", true),
        ("authors: [Maren Olsted, ", "authors: [", true),
        // A comment moves the keys below it, which reports point at.
        ("licence: CC-BY-4.0", "# reviewed\nlicence: CC-BY-4.0", true),
        ("licence: CC-BY-4.0", "licence: CC-BY-NC-4.0", true),
        // Its canonical link is the original's: the sitemap leaves it out.
        ("licence: CC-BY-NC-4.0", "licence: counted", true),
        ("tags: [Climate, Coasts]", "tags: [Climate, Rivers]", false),
        ("date: 2026-10-14", "date: 2026-07-01", false),
        ("title:", "slug: salt-marsh\ntitle:", false),
        ("title:", "aliases: [/old/marsh/]\ntitle:", false),
        ("title:", "draft: true\ntitle:", false),
    ] {
        let outcome = built.rebuild(&edit(root, HARBOUR, from, to)).unwrap();
        assert_eq!(outcome.site_kept, kept, "{to}");
        assert_matches_a_full_build(&built, root, jiff::Timestamp::now);
    }
    let home = pages(&built)
        .into_iter()
        .find(|(p, _)| p == "index.html")
        .unwrap()
        .1;
    assert!(
        !String::from_utf8_lossy(&home).contains("Harbour City"),
        "a draft is left out"
    );
}

#[test]
fn after_a_failed_rebuild_a_body_edit_still_reports_the_error() {
    let dir = fixture();
    let root = dir.path();
    let (mut built, _) = Built::new(root, &LoadOptions::default()).unwrap();
    // Two articles on one address: the site cannot be assembled.
    let clash = edit(root, LIBRARIES, "title:", "slug: harbour\ntitle:");
    let errors = built.rebuild(&clash).unwrap_err();
    assert!(
        errors.iter().any(|d| d.message.contains("/news/harbour/")),
        "{errors:?}"
    );
    let body = edit(root, HARBOUR, "A second paragraph follows.", "Edited.");
    let errors = built.rebuild(&body).unwrap_err();
    assert!(
        errors.iter().any(|d| d.message.contains("/news/harbour/")),
        "{errors:?}"
    );
    // Fixed, the site comes back whole.
    let fixed = edit(root, LIBRARIES, "slug: harbour\n", "");
    built.rebuild(&fixed).unwrap();
    assert_matches_a_full_build(&built, root, jiff::Timestamp::now);
}

static NOW: AtomicI64 = AtomicI64::new(0);

fn test_clock() -> jiff::Timestamp {
    jiff::Timestamp::from_second(NOW.load(Ordering::SeqCst)).unwrap()
}

fn set_clock(at: &str) {
    let t: jiff::Timestamp = at.parse().unwrap();
    NOW.store(t.as_second(), Ordering::SeqCst);
}

#[test]
fn a_rights_window_opening_between_saves_assembles_the_site_again() {
    let dir = fixture();
    let root = dir.path();
    edit(root, HARBOUR, "---\n", "---\nrights:\n  from: 2026-01-01\n");
    set_clock("2025-12-31T12:00:00Z");
    let (mut built, _) = Built::with_clock(root, &LoadOptions::default(), test_clock).unwrap();
    assert!(
        !pages(&built)
            .iter()
            .any(|(p, _)| p == "news/harbour/index.html")
    );

    // Still before the window: the held article stays out.
    let body = edit(root, LIBRARIES, "old editions.", "old editions, and more.");
    let outcome = built.rebuild(&body).unwrap();
    assert!(outcome.site_kept);
    assert_matches_a_full_build(&built, root, test_clock);

    set_clock("2026-01-01T00:00:00Z");
    let body = edit(root, LIBRARIES, "and more.", "and much more.");
    let outcome = built.rebuild(&body).unwrap();
    assert!(
        !outcome.site_kept,
        "the window opened since the last rebuild"
    );
    assert!(
        pages(&built)
            .iter()
            .any(|(p, _)| p == "news/harbour/index.html")
    );
    assert_matches_a_full_build(&built, root, test_clock);
}

#[test]
fn a_static_file_where_pages_need_a_folder_fails_as_in_a_build_until_it_goes() {
    let dir = fixture();
    let root = dir.path();
    let (mut built, _) = Built::new(root, &LoadOptions::default()).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/news"), "a file named like the section").unwrap();
    let statics = Change {
        statics: true,
        ..Change::default()
    };
    let errors = built.rebuild(&statics).unwrap_err();
    let error = errors.iter().find(|d| d.path == Path::new("static/news"));
    assert!(
        error.is_some_and(|d| d.message.contains("needs `news/` to be a folder")),
        "{errors:?}"
    );
    // The last good site is still served, without the file.
    assert!(built.statics().read().unwrap().get("news").is_none());
    // A serve started on such a site refuses it as a build does.
    let started = Built::new(root, &LoadOptions::default()).err().unwrap();
    assert!(
        started.iter().any(|d| d.path == Path::new("static/news")),
        "{started:?}"
    );
    std::fs::remove_file(root.join("static/news")).unwrap();
    built.rebuild(&statics).unwrap();
    assert_matches_a_full_build(&built, root, jiff::Timestamp::now);
}
