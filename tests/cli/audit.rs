//! `reprint audit` on third-party republications in WordPress-like and
//! newsroom-like markup, served on 127.0.0.1 beside the publisher's story.

use serde_json::Value;

use crate::import_server::serve_with;
use crate::support::{TestSite, fixture_dir};

const PIXEL: &str = "/?republication-pixel=true&post=7";

fn page(base: &str, name: &str) -> Option<String> {
    std::fs::read_to_string(fixture_dir("audit/pages").join(name))
        .ok()
        .map(|t| t.replace("{BASE}", base))
}

/// The publisher's story at /story/salt-marsh, republications under /r/.
fn server() -> String {
    serve_with(|base, path, _| {
        let found = match path {
            "/story/salt-marsh" => page(base, "source.html"),
            p => p.strip_prefix("/r/").and_then(|name| page(base, name)),
        };
        match found {
            Some(body) => (200, String::new(), body),
            None => (404, String::new(), "not found".into()),
        }
    })
}

/// The audit site with its article pointing at the server.
fn site(base: &str) -> TestSite {
    let site = TestSite::fixture("audit/site");
    site.edit("content/news/salt-marsh.md", |t| t.replace("{BASE}", base));
    site
}

fn entry<'a>(report: &'a Value, target_suffix: &str) -> &'a Value {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["target"].as_str().unwrap().ends_with(target_suffix))
        .unwrap_or_else(|| panic!("no entry for {target_suffix}: {report:#}"))
}

fn rule_status<'a>(page: &'a Value, rule: &str) -> &'a str {
    page["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .and_then(|r| r["status"].as_str())
        .unwrap_or_else(|| panic!("rule {rule} not reported: {page:#}"))
}

fn failed_rules(page: &Value) -> Vec<&str> {
    page["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["severity"] == "error")
        .map(|v| v["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn audit_judges_each_republication_against_our_article() {
    let base = server();
    let site = site(&base);
    let names = [
        "wp-pass.html",
        "wp-no-pixel.html",
        "wp-sponsored.html",
        "wp-edited.html",
        "newsroom-caption.html",
        "newsroom-home-link.html",
        "missing.html",
    ];
    let mut args = vec![
        "audit".to_owned(),
        "--article".to_owned(),
        site.path("content/news/salt-marsh.md")
            .display()
            .to_string(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    args.extend(names.iter().map(|n| format!("{base}/r/{n}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = site.run(&args);
    run.assert_code(1);
    let report = run.json();
    assert_eq!(
        report["summary"],
        serde_json::json!({"pages": 7, "passed": 2, "failed": 4, "unreachable": 1}),
        "{report:#}"
    );

    let pass = entry(&report, "wp-pass.html");
    assert_eq!(pass["status"], "pass");
    assert_eq!(pass["source"], "content/news/salt-marsh.md");
    assert_eq!(pass["licence"], "bay-news");
    for rule in [
        "byline",
        "copyright",
        "source-link",
        "licence-link",
        "pixel",
        "links-kept",
        "unmodified",
    ] {
        assert_eq!(rule_status(pass, rule), "pass", "{rule}: {pass:#}");
    }
    // An audit cannot see whether the republisher's site is commercial.
    assert_eq!(rule_status(pass, "non-commercial"), "not-judged");
    assert!(pass["rules"].as_array().unwrap().iter().any(|r| {
        r["rule"] == "non-commercial"
            && r["reason"]
                .as_str()
                .unwrap()
                .contains("cannot be seen from the page")
    }));

    let no_pixel = entry(&report, "wp-no-pixel.html");
    assert_eq!(no_pixel["status"], "fail");
    assert_eq!(failed_rules(no_pixel), vec!["pixel"]);
    let v = &no_pixel["violations"][0];
    assert_eq!(v["expected"], format!("<img src=\"{base}{PIXEL}\">"));
    assert_eq!(v["found"], "no <img> with that src");

    // Ads next to a non-commercial story are evidence, not a verdict.
    let sponsored = entry(&report, "wp-sponsored.html");
    assert_eq!(sponsored["status"], "pass");
    assert_eq!(rule_status(sponsored, "non-commercial"), "warning");
    let warning = &sponsored["violations"][0];
    assert_eq!(warning["severity"], "warning");
    assert!(
        warning["found"]
            .as_str()
            .unwrap()
            .contains("Sponsored Marine batteries"),
        "{warning:#}"
    );
    assert!(warning["found"].as_str().unwrap().contains("Advertisement"));

    let edited = entry(&report, "wp-edited.html");
    assert_eq!(failed_rules(edited), vec!["unmodified"]);
    let v = &edited["violations"][0];
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("1 paragraph changed"),
        "{v:#}"
    );
    assert!(
        v["found"]
            .as_str()
            .unwrap()
            .starts_with("\"local anglers, not scientists")
    );

    let caption = entry(&report, "newsroom-caption.html");
    // The authors' names appear only in a photo credit: that credits the
    // picture, not the story.
    assert_eq!(failed_rules(caption), vec!["byline"], "{caption:#}");

    let home = entry(&report, "newsroom-home-link.html");
    assert_eq!(failed_rules(home), vec!["source-link"]);
    assert!(
        home["violations"][0]["found"]
            .as_str()
            .unwrap()
            .contains(&format!("{base}/,"))
    );

    let missing = entry(&report, "missing.html");
    assert_eq!(missing["status"], "unreachable");
    assert!(
        missing["error"].as_str().unwrap().contains("404"),
        "{missing:#}"
    );
}

#[test]
fn audit_from_flags_reads_a_list_and_says_what_it_cannot_judge() {
    let base = server();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved-home-link.html");
    std::fs::write(&saved, page(&base, "newsroom-home-link.html").unwrap()).unwrap();
    let list = dir.path().join("pixel-report.txt");
    std::fs::write(
        &list,
        format!(
            "# pages the pixel reported, June 2025\n\n{base}/r/wp-pass.html\n{}\n",
            saved.display()
        ),
    )
    .unwrap();
    let source = format!("{base}/story/salt-marsh");
    let run = crate::support::reprint(
        &[
            "audit",
            "--list",
            list.to_str().unwrap(),
            "--licence",
            "CC-BY-NC-ND-4.0",
            "--source-url",
            &source,
            "--author",
            "Ana Ruiz",
        ],
        dir.path(),
    );
    run.assert_code(1);
    let out = &run.stdout;
    assert!(
        out.contains(&format!("{base}/r/wp-pass.html (CC-BY-NC-ND-4.0): pass")),
        "{out}"
    );
    assert!(
        out.contains("saved-home-link.html (CC-BY-NC-ND-4.0): fail"),
        "{out}"
    );
    assert!(
        out.contains("not judged[copyright]: no --holder and --year was given, so there is nothing to look for"),
        "{out}"
    );
    assert!(out.contains("error[source-link]: no <a href> to"), "{out}");
    assert!(
        out.ends_with("audit: 2 pages checked, 1 passed, 1 failed, 0 unreachable (1 error, 0 warnings, 4 not judged)\n"),
        "{out}"
    );

    let run = crate::support::reprint(
        &[
            "audit",
            saved.to_str().unwrap(),
            "--licence",
            "CC-BY-NC-ND-4.0",
            "--source-url",
            &source,
            "--format",
            "github",
        ],
        dir.path(),
    );
    run.assert_code(1);
    assert!(
        run.stdout
            .contains("::error file=arguments,line=1,title=source-link ("),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("::notice file=arguments,line=1,title=byline not judged ("),
        "{}",
        run.stdout
    );

    // A page that meets every judged rule passes: exit 0. A pixel the
    // licence never asks for is said to go unchecked.
    let run = crate::support::reprint(
        &[
            "audit",
            &format!("{base}/r/wp-pass.html"),
            "--licence",
            "CC-BY-NC-ND-4.0",
            "--source-url",
            &source,
            "--pixel",
            "https://pixel.example/p.gif",
        ],
        dir.path(),
    );
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "note: --pixel is not checked: licence CC-BY-NC-ND-4.0 asks for no republication pixel"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn audit_arguments_are_checked_before_anything_is_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let run_in = |args: &[&str]| crate::support::reprint(args, dir.path());
    let src = ["--source-url", "https://news.example/a"];
    let r = run_in(&[&["audit", "--licence", "CC-BY-4.0"][..], &src].concat());
    r.assert_code(2);
    assert!(r.stderr.contains("no target"), "{}", r.stderr);
    let r = run_in(
        &[
            &["audit", "https://x.example/", "--licence", "CC-BY-9.0"][..],
            &src,
        ]
        .concat(),
    );
    r.assert_code(2);
    assert!(
        r.stderr
            .contains("--licence: unknown licence \"CC-BY-9.0\""),
        "{}",
        r.stderr
    );
    let r = run_in(&[
        "audit",
        "https://x.example/",
        "--licence",
        "CC-BY-4.0",
        "--source-url",
        "/a",
    ]);
    r.assert_code(2);
    assert!(
        r.stderr
            .contains("--source-url: \"/a\" is not an absolute http(s) address"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &[
            &["audit", "--list", "nope.txt", "--licence", "CC-BY-4.0"][..],
            &src,
        ]
        .concat(),
    );
    r.assert_code(2);
    assert!(r.stderr.contains("nope.txt: cannot read"), "{}", r.stderr);
    let r = run_in(
        &[
            &["audit", "no-such-page.html", "--licence", "CC-BY-4.0"][..],
            &src,
        ]
        .concat(),
    );
    r.assert_code(2);
    assert!(
        r.stderr
            .contains("no-such-page.html: neither an http(s) address nor a readable file")
    );
    // Facts must come from somewhere.
    run_in(&["audit", "https://x.example/"]).assert_code(2);
}

#[test]
fn attribution_the_terms_ask_for_is_no_change_and_a_new_headline_is() {
    let base = server();
    let site = site(&base);
    let article = site.path("content/news/salt-marsh.md");
    let run = site.run(&[
        "audit",
        "--article",
        article.to_str().unwrap(),
        "--format",
        "json",
        &format!("{base}/r/wp-attribution-lines.html"),
        &format!("{base}/r/wp-headline.html"),
    ]);
    run.assert_code(1);
    let report = run.json();
    // A byline line, a copyright line in cells and a licence line beside
    // the story are what the terms ask for, not edits.
    let lines = entry(&report, "wp-attribution-lines.html");
    assert_eq!(lines["status"], "pass", "{lines:#}");
    assert_eq!(rule_status(lines, "unmodified"), "pass");
    // The story is word for word, but no-derivatives terms cover the
    // headline too.
    let headline = entry(&report, "wp-headline.html");
    assert_eq!(failed_rules(headline), vec!["unmodified"], "{headline:#}");
    let v = &headline["violations"][0];
    assert_eq!(
        v["expected"],
        "the headline \"Salt marshes are worth more than we thought\""
    );
    assert_eq!(v["found"], "\"Marshes: the carbon sponge nobody counted\"");
}

#[test]
fn flags_that_cannot_give_a_rules_facts_leave_it_not_judged() {
    let base = server();
    let site = site(&base);
    let source = format!("{base}/story/salt-marsh");
    let target = format!("{base}/r/wp-pass.html");
    // CC 3.0 asks for the title, which flags do not give.
    let run = site.run(&[
        "audit",
        "--licence",
        "CC-BY-3.0",
        "--source-url",
        &source,
        "--author",
        "Ana Ruiz",
        "--format",
        "json",
        &target,
    ]);
    let report = run.json();
    let page = entry(&report, "wp-pass.html");
    assert_eq!(rule_status(page, "title"), "not-judged", "{page:#}");
    assert!(!failed_rules(page).contains(&"title"), "{page:#}");
    // A byline form with the institution needs an affiliation flags lack.
    let run = site.run(&[
        "audit",
        "--licence",
        "campus-wire",
        "--source-url",
        &source,
        "--author",
        "Ana Ruiz",
        "--format",
        "json",
        &target,
    ]);
    run.assert_code(0);
    let report = run.json();
    let page = entry(&report, "wp-pass.html");
    assert_eq!(rule_status(page, "byline"), "not-judged", "{page:#}");
    assert_eq!(rule_status(page, "source-link"), "pass", "{page:#}");
}

#[test]
fn the_sites_own_style_sheets_never_apply_to_another_sites_page() {
    let base = server();
    let site = site(&base);
    // A sheet of ours at the very path the republisher's page links its own.
    site.write(
        "static/wp-content/themes/twentytwentyfour/style.css",
        ".byline { display: none; }\n",
    );
    let article = site.path("content/news/salt-marsh.md");
    let target = format!("{base}/r/wp-pass.html");
    let run = site.run(&[
        "audit",
        "--article",
        &article.display().to_string(),
        "--format",
        "json",
        &target,
    ]);
    run.assert_code(0);
    let report = run.json();
    assert_eq!(
        rule_status(entry(&report, "wp-pass.html"), "byline"),
        "pass"
    );
}
