//! Report formats: text for people, JSON as DESIGN.md specifies, GitHub annotations.

use crate::support::TestSite;

fn failing_site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    site
}

#[test]
fn json_report_has_exactly_the_documented_schema() {
    let site = failing_site();
    let run = site.run(&["check", "--format", "json"]);
    run.assert_code(1);
    let doc = run.json();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), ["pages", "summary"]);
    assert_eq!(keys(&doc["summary"]), ["failed", "pages", "passed"]);
    let pages = doc["pages"].as_array().unwrap();
    let failed = pages.iter().filter(|p| p["status"] == "fail").count();
    assert_eq!(doc["summary"]["pages"], pages.len());
    assert_eq!(doc["summary"]["failed"], failed);
    assert_eq!(doc["summary"]["passed"], pages.len() - failed);
    // The three articles; the feed entries of the broken one fail for the
    // same reason and are not reported again.
    assert_eq!(pages.len(), 3, "{doc:#}");
    assert_eq!(failed, 1);
    for p in pages {
        assert_eq!(
            keys(p),
            ["licence", "source", "status", "url", "violations"]
        );
    }
    let harbour = pages
        .iter()
        .find(|p| p["source"] == "content/news/harbour.md")
        .unwrap();
    assert_eq!(harbour["url"], "/news/harbour/");
    assert_eq!(harbour["licence"], "CC-BY-4.0");
    assert_eq!(harbour["status"], "fail");
    let v = &harbour["violations"][0];
    assert_eq!(keys(v), ["message", "rule", "severity"]);
    assert_eq!(v["rule"], "source-link");
    assert_eq!(v["severity"], "error");
    assert!(
        v["message"].as_str().unwrap().contains("Fix:"),
        "the message says what to change"
    );
}

#[test]
fn text_report_groups_violations_by_page_like_a_compiler() {
    let site = failing_site();
    let run = site.run(&["check"]);
    run.assert_code(1);
    let out = &run.stdout;
    assert!(
        out.contains("content/news/harbour.md (/news/harbour/, CC-BY-4.0)"),
        "{out}"
    );
    assert!(out.contains("error[source-link]:"));
    assert!(out.contains("--> content/news/harbour.md:"));
    assert!(out.contains("fix:"));
    assert!(out.contains("3 pages checked, 2 passed, 1 failed"), "{out}");
    assert!(!out.contains("\x1b["), "no colour when not on a terminal");
}

#[test]
fn github_format_prints_workflow_annotations_at_the_field() {
    let site = failing_site();
    let run = site.run(&["check", "--format", "github"]);
    run.assert_code(1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an annotation");
    // `url:` under `source:` is on line 8 of harbour.md.
    assert!(
        line.starts_with("::error file=content/news/harbour.md,line=8,title=source-link"),
        "{line}"
    );
    assert!(!line.contains('\n'));
}

#[test]
fn github_format_annotates_input_errors_too() {
    let site = TestSite::fixture("errors/unknown-key");
    let run = site.run(&["build", "--format", "github"]);
    run.assert_code(2);
    assert!(
        run.stdout
            .contains("::error file=content/broken.md,line=5,col=1::unknown key `autors`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_successful_build_writes_the_compliance_manifest() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let doc: serde_json::Value =
        serde_json::from_str(&site.read("public/compliance.json")).unwrap();
    let articles = doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"].as_str().unwrap().starts_with("content/"))
        .count();
    assert_eq!(articles, 6);
    assert_eq!(doc["summary"]["failed"], 0);
    assert!(
        doc["pages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "pass")
    );
    let seed = doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == "/news/iran-denies-airstrikes-in-iraq/")
        .unwrap();
    // Republished from Global Research under its cross-post notice.
    assert_eq!(seed["licence"], "crosspost-notice");
}
