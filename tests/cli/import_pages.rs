//! `reprint import` of article pages served from 127.0.0.1: which parts of
//! a page may state the article's licence, copyright and other facts.

use crate::import_server::serve_with;
use crate::support::{TestSite, fixture_dir};

/// A server answering `/NAME` with `tests/fixtures/import/pages/NAME`
/// (`{BASE}` replaced by its own address), as HTML.
pub fn serve_pages() -> String {
    serve_with(|base, path, _| {
        let file = fixture_dir("import")
            .join("pages")
            .join(path.trim_start_matches('/'));
        match std::fs::read_to_string(file) {
            Ok(text) => (200, String::new(), text.replace("{BASE}", base)),
            Err(_) => (404, String::new(), "not found".into()),
        }
    })
}

/// `reprint import URL --dry-run` and its standard output.
pub fn dry_run(site: &TestSite, url: &str, more: &[&str]) -> String {
    let mut args = vec!["import", url, "--dry-run"];
    args.extend_from_slice(more);
    let run = site.run(&args);
    run.assert_code(0);
    run.stdout
}

/// The summary line of `field`: its value and, in brackets, its origin.
#[track_caller]
pub fn summary(stdout: &str, field: &str) -> String {
    stdout
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix("  ")?.strip_prefix(field)?;
            rest.starts_with(' ').then(|| rest.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no {field} in\n{stdout}"))
}

#[test]
fn a_sentence_of_the_story_naming_a_licence_is_not_the_articles_licence() {
    let base = serve_pages();
    let site = TestSite::fixture("basic");
    for page in ["story-licence-sentence.html", "story-cc0-link.html"] {
        let out = dry_run(&site, &format!("{base}/{page}"), &[]);
        assert_eq!(summary(&out, "licence"), "FILL-IN  [not found]", "{out}");
        assert!(
            out.contains("the museum said."),
            "the sentence stays: {out}"
        );
    }
}

#[test]
fn a_republishers_site_footer_is_not_the_articles_copyright() {
    let base = serve_pages();
    let site = TestSite::fixture("basic");
    let out = dry_run(&site, &format!("{base}/republisher-footer.html"), &[]);
    assert_eq!(
        summary(&out, "copyright.holder"),
        "FILL-IN  [not found]",
        "{out}"
    );
    assert_eq!(
        summary(&out, "copyright.year"),
        "FILL-IN  [not found]",
        "{out}"
    );
    // The licence the closing credit names is still the article's.
    assert!(
        summary(&out, "licence").starts_with("CC-BY-ND-4.0"),
        "{out}"
    );
    assert!(out.contains("Copyright law has changed little"), "{out}");
}

#[test]
fn the_summary_shows_the_licence_given_with_licence() {
    let base = serve_pages();
    let site = TestSite::fixture("basic");
    let url = format!("{base}/republisher-footer.html");
    let out = dry_run(&site, &url, &["--licence", "cc-by-4.0"]);
    assert_eq!(summary(&out, "licence"), "cc-by-4.0  [--licence]", "{out}");
    assert!(out.contains("licence: cc-by-4.0"), "{out}");
}
