//! `reprint import` against fixture pages served from 127.0.0.1.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::import_server::serve;
use crate::support::{Run, TestSite, fixture_dir};

fn site() -> TestSite {
    TestSite::fixture("basic")
}

fn news_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content/news"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The front matter line for `key`, without its trailing comment.
#[track_caller]
fn field(text: &str, key: &str) -> String {
    let fm = text.split("\n---\n").next().unwrap();
    let line = fm
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in\n{text}"));
    let value = line[key.len() + 1..].trim();
    value.split("  #").next().unwrap().trim().to_owned()
}

fn body(text: &str) -> &str {
    text.splitn(3, "---\n").nth(2).unwrap()
}

fn import(site: &TestSite, args: &[&str]) -> (Run, String) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let text = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("wrote ").or(l.strip_prefix("updated ")))
        .map(|l| l.split(" (from ").next().unwrap().to_owned())
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap_or_default();
    (run, text)
}

/// `reprint import -` with `input` on standard input; it must succeed.
fn import_stdin(site: &TestSite, args: &[&str], input: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["import", "-"])
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn propublica_story_page_with_json_ld_and_a_script_pixel() {
    let base = serve();
    let site = site();
    let url = format!("{base}/article/county-jail-medical-care-delays");
    let (run, text) = import(&site, &[&url]);
    run.assert_code(0);
    assert_eq!(
        field(&text, "title"),
        r#""How a County Jail Kept Sick People Waiting: \"We Were Begging\"""#
    );
    assert_eq!(field(&text, "date"), "2024-03-04T05:00:00-05:00");
    assert_eq!(field(&text, "updated"), "2024-03-05T12:30:00-05:00");
    assert!(
        text.contains(
            "authors:  # from JSON-LD author\n  - \"Maria Alvarez\"\n  - \"Daniel Cho\"\n"
        )
    );
    assert_eq!(field(&text, "licence"), "CC-BY-NC-ND-3.0");
    assert!(text.contains(&format!(
        "  name: \"ProPublica\"  # from JSON-LD publisher\n  url: \"{url}\""
    )));
    assert!(
        text.contains(
            "  holder: \"Pro Publica Inc.\"  # from JSON-LD copyrightHolder\n  year: 2024"
        )
    );
    assert!(
        text.contains("  credit: \"Lucy Park for ProPublica\"\n  licence: all-rights-reserved")
    );
    assert_eq!(
        field(&text, "pixel"),
        "\"https://pixel.propublica.org/pixel.js\""
    );
    assert!(text.contains("is a <script>, not an <img>"));
    assert!(
        !text.contains("\noriginal:"),
        "its own republish box is not an earlier publisher"
    );
    let b = body(&text);
    assert!(b.starts_with("For three days in January"), "{b}");
    assert!(b.contains("## A pattern the county knew about"));
    assert!(b.contains("[2023 report](https://example.gov/audit-2023.pdf)"));
    assert!(b.contains("- Average wait for a nurse: 19 hours\n"));
    assert!(b.contains("> The audit was clear, and nothing happened."));
    for furniture in [
        "Share on X",
        "Big Story newsletter",
        "Another jail story",
        "Republish this story",
        "Donate",
    ] {
        assert!(!b.contains(furniture), "{furniture} in the body:\n{b}");
    }
    assert_eq!(
        field(&text, "fingerprint"),
        reprint::content::fingerprint(b)
    );
    assert!(text.contains("imported:\n  at: "));
    assert!(text.contains(&format!("  from: \"{url}\"")));
    assert!(
        run.stdout
            .contains("licence           CC-BY-NC-ND-3.0  [JSON-LD license]"),
        "{}",
        run.stdout
    );
}

#[test]
fn conversation_page_with_institution_and_count_gif() {
    let base = serve();
    let site = site();
    let (run, text) = import(
        &site,
        &[&format!(
            "{base}/why-salt-marshes-are-worth-more-than-we-thought-219876"
        )],
    );
    run.assert_code(0);
    assert!(text.contains(
        "  - {name: \"Priya Natarajan\", affiliation: \"Associate Professor of Coastal Ecology, University of Rhode Island\"}"
    ), "{text}");
    assert_eq!(field(&text, "licence"), "CC-BY-ND-4.0");
    assert_eq!(
        field(&text, "pixel"),
        "\"https://counter.theconversation.com/content/219876/count.gif?distributor=republish-lightbox-basic\""
    );
    // The footer's "© 2010–2024 The Conversation" is the website's notice,
    // not the article's: left for the editor rather than guessed.
    assert!(text.contains("  holder: \"FILL-IN: the copyright holder\"  # not found; looked in"));
    assert!(text.contains("  year: \"FILL-IN: the year of the notice\""));
    assert!(body(&text).contains("*twice*"));
    assert!(!body(&text).contains("Facebook"));
}

#[test]
fn global_research_cross_post_is_right_or_fill_in() {
    let base = serve();
    let site = site();
    let url = format!("{base}/2014/12/rejecting-pentagon-claims");
    let (run, text) = import(&site, &[&url]);
    run.assert_code(0);
    assert_eq!(
        field(&text, "title"),
        "\"Rejecting Pentagon Claims, Iran Denies Conducting Airstrikes Inside Iraq\""
    );
    assert_eq!(field(&text, "date"), "2014-12-03");
    assert!(text.contains("authors:  # from visible byline\n  - \"Jon Queally\"\n"));
    assert!(field(&text, "licence").starts_with("\"FILL-IN:"));
    assert!(text.contains(&format!("  url: \"{url}\"  # from the fetched address")));
    assert!(text.contains(
        "original:  # from \"original source of this article is\" notice\n  name: \"Common Dreams\"\n  url: \"FILL-IN:"
    ), "a placeholder link is not an address:\n{text}");
    assert!(text.contains(
        "  holder: \"Jon Queally, Common Dreams\"  # from copyright line on the page\n  year: 2014"
    ));
    assert!(
        text.contains(
            "  credit: \"Atta Kenare / AFP/Getty Images\"\n  licence: all-rights-reserved"
        )
    );
    assert!(
        !text.contains("GlobalResearch.ca"),
        "the site footer's notice is not the article's"
    );
    let b = body(&text);
    assert!(b.starts_with("Following news reports"), "{b}");
    assert!(b.contains("a senior Iranian official [told Reuters](#) on condition"));
    assert!(b.contains("> In Tehran, the deputy chief of staff"));
    for gone in [
        "Disclaimer",
        "original source",
        "Copyright",
        "Become a Member",
        "Region:",
    ] {
        assert!(!b.contains(gone), "{gone} in body:\n{b}");
    }
}

#[test]
fn global_voices_under_cc_by_3_and_redirects_are_reported() {
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/moved")]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains(&format!("redirected from {base}/moved")),
        "{}",
        run.stdout
    );
    assert_eq!(field(&text, "licence"), "CC-BY-3.0");
    assert!(text.contains("authors:  # from visible byline\n  - \"Aigerim Sadykova\""));
    assert_eq!(field(&text, "date"), "2023-09-18T08:30:00+00:00");
    assert!(text.contains("  alt: \"Readers in the village library\"\n  credit: \"FILL-IN:"));
}

#[test]
fn partner_feed_imports_the_newest_entries_with_credit_and_pixel() {
    let base = serve();
    let site = site();
    let run = site.run(&["import", &format!("{base}/feed/partners/"), "--limit", "2"]);
    run.assert_code(0);
    assert_eq!(
        news_files(site.root())
            .into_iter()
            .filter(|f| f.contains("county")
                || f.contains("school")
                || f.contains("library-extends"))
            .collect::<Vec<_>>(),
        [
            "county-settles-lawsuit-over-flooded-homes.md",
            "school-board-delays-vote-on-later-start-times.md"
        ]
    );
    let text = site.read("content/news/county-settles-lawsuit-over-flooded-homes.md");
    assert_eq!(field(&text, "date"), "2025-05-12T14:00:00+00:00");
    assert_eq!(field(&text, "licence"), "CC-BY-ND-4.0");
    assert!(text.contains("  name: \"The Beacon\"  # from feed title\n  url: \"https://beacon.example.org/2025/05/12/county-settles-lawsuit/\""));
    assert_eq!(
        field(&text, "pixel"),
        "\"https://beacon.example.org/?republication-pixel=true&post=812&ga4=G-ABC123\""
    );
    assert!(!text.contains("\noriginal:"));
    assert!(!text.contains("\nupdated:"));
    assert_eq!(
        body(&text),
        "The county agreed on Monday to pay $2.1 million to 40 households whose basements flooded after a drainage project stalled, ending a [two-year lawsuit](https://beacon.example.org/2023/lawsuit-filed/).\n\nResidents said the money covers about half of their repairs.\n"
    );
}

#[test]
fn a_page_without_a_licence_gets_fill_in_unless_told() {
    let base = serve();
    let site = site();
    let url = format!("{base}/mall-clinic");
    let (run, text) = import(&site, &[&url]);
    run.assert_code(0);
    assert_eq!(
        field(&text, "licence"),
        "\"FILL-IN: the licence profile id\""
    );
    assert!(run.stderr.contains("fill in every FILL-IN"));
    assert!(
        run.stdout.contains("verdict: no licence yet"),
        "{}",
        run.stdout
    );

    let other = TestSite::fixture("basic");
    let (run, text) = import(&other, &[&url, "--licence", "CC-BY-4.0"]);
    run.assert_code(0);
    assert!(text.contains("licence: CC-BY-4.0  # from --licence"));
    let run = other.run(&["import", &url, "--licence", "CC-BY-5.0", "--dry-run"]);
    run.assert_code(2);
    assert!(run.stderr.contains("unknown licence"), "{}", run.stderr);
}

#[test]
fn notices_around_the_story_become_front_matter_and_its_own_sentences_stay() {
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/eu-snippets")]);
    run.assert_code(0);
    let b = body(&text);
    // Sentences of the story that use a notice's words are the story's.
    for kept in [
        "Copyright law has changed twice in five years",
        "The ruling was originally published in French",
        "The European Court of Justice ruled on Tuesday",
        "Publishers welcomed the decision.",
    ] {
        assert!(b.contains(kept), "{kept} lost from:\n{b}");
    }
    // The notices that open and close it are front matter.
    for gone in ["originally published by", "© 2025", "licensed under"] {
        assert!(!b.contains(gone), "{gone} left in:\n{b}");
    }
    assert_eq!(field(&text, "licence"), "CC-BY-ND-4.0");
    assert!(text.contains("  holder: \"Tech Desk\""), "{text}");
    assert!(text.contains("  year: 2025"), "{text}");
    assert!(
        text.contains("  url: \"https://ledger.example/eu-snippets\""),
        "{text}"
    );
    assert!(text.contains("  name: \"The Ledger\""), "{text}");
}

#[test]
fn wire_copy_is_not_claimed_by_the_sites_footer_licence() {
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/wire/storm")]);
    run.assert_code(0);
    let line = text.lines().find(|l| l.starts_with("licence:")).unwrap();
    assert!(line.starts_with("licence: \"FILL-IN:"), "{line}");
    assert!(line.contains("All rights reserved"), "{line}");
    assert!(
        text.contains("  holder: \"The Associated Press\""),
        "{text}"
    );
    // No author was found: the placeholder is valid YAML that check lists.
    let check = site.run(&["check"]);
    check.assert_code(2);
    assert!(
        check
            .stderr
            .contains("`licence` still holds a FILL-IN placeholder"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("`authors` still holds a FILL-IN placeholder"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("YAML"), "{}", check.stderr);
}

#[test]
fn a_body_split_across_containers_is_whole() {
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/river-sensors")]);
    run.assert_code(0);
    let b = body(&text);
    assert!(b.contains("A network of cheap water-level sensors"));
    assert!(b.contains("Volunteers installed 31 of them"));
    assert!(b.contains("Hydrologists caution"));
    assert!(
        !b.contains("Advertisement") && !b.contains("newsletter"),
        "{b}"
    );
    assert_eq!(field(&text, "licence"), "CC-BY-SA-4.0");
    assert!(text.contains("authors:  # from visible byline\n  - \"Lena Fischer\""));
}

#[test]
fn a_source_already_imported_is_refused_and_update_keeps_the_editors_fields() {
    let base = serve();
    let site = site();
    let url = format!("{base}/mall-clinic");
    let (run, _) = import(&site, &[&url]);
    run.assert_code(0);
    let rel = "content/news/the-town-that-turned-its-mall-into-a-clinic.md";
    let run = site.run(&["import", &url]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("the-town-that-turned-its-mall-into-a-clinic.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--update"));

    site.edit(rel, |t| {
        t.replace(
            "title: \"The town that turned its mall into a clinic\"",
            "title: \"A mall becomes a clinic\"",
        )
        .replace(
            "When the last department store closed",
            "When the store closed",
        )
    });
    let run = site.run(&["import", &url, "--update"]);
    run.assert_code(0);
    let text = site.read(rel);
    assert!(
        text.contains("title: \"A mall becomes a clinic\""),
        "{text}"
    );
    assert!(body(&text).starts_with("When the last department store closed"));
    assert_eq!(
        field(&text, "fingerprint"),
        reprint::content::fingerprint(body(&text))
    );
    assert!(
        run.stdout.contains("changed: body replaced"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("kept yours"), "{}", run.stdout);
}

#[test]
fn a_republish_snippet_on_standard_input() {
    let site = site();
    let snippet =
        std::fs::read_to_string(fixture_dir("import").join("propublica-snippet.html")).unwrap();
    import_stdin(&site, &[], &snippet);
    let text =
        site.read("content/news/how-a-county-jail-kept-sick-people-waiting-we-were-begging.md");
    assert!(
        text.contains("  - \"Maria Alvarez\"\n  - \"Daniel Cho\"\n"),
        "{text}"
    );
    assert!(text.contains("  url: \"https://www.propublica.org/article/county-jail-medical-care-delays\"  # from republish credit line"));
    assert_eq!(
        field(&text, "pixel"),
        "\"https://pixel.propublica.org/pixel.js\""
    );
    assert!(
        field(&text, "date").starts_with("\"FILL-IN:"),
        "no date is guessed"
    );
    assert!(text.contains("  from: \"standard input\""));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let base = serve();
    let site = site();
    let before = news_files(site.root());
    let run = site.run(&["import", &format!("{base}/river-sensors"), "--dry-run"]);
    run.assert_code(0);
    assert!(run.stdout.contains("would write"));
    assert!(
        run.stdout
            .contains("title: \"River sensors warn of floods hours earlier\"")
    );
    assert_eq!(news_files(site.root()), before);
}

#[test]
fn fetch_errors_say_what_happened_and_write_nothing() {
    let base = serve();
    let site = site();
    let before = news_files(site.root());
    let cases: &[(&str, &[&str], &str)] = &[
        ("/missing", &[], "404 (Not Found"),
        ("/gone", &[], "410 (Gone"),
        ("/slow", &["--timeout", "1"], "timeout"),
        ("/huge", &[], "larger than the 10485760-byte limit"),
    ];
    for (path, extra, says) in cases {
        let url = format!("{base}{path}");
        let mut args = vec!["import", url.as_str(), "--dry-run"];
        args.extend_from_slice(extra);
        // Not a dry run: nothing may be written even when allowed to write.
        args.retain(|a| *a != "--dry-run");
        // A good source before the bad one is not written either.
        let good = format!("{base}/mall-clinic");
        args.insert(1, &good);
        let run = site.run(&args);
        run.assert_code(2);
        assert!(run.stderr.contains(says), "{path}: {}", run.stderr);
        assert!(run.stderr.contains("nothing was written"));
    }
    let run = site.run(&["import", "ftp://127.0.0.1/story"]);
    run.assert_code(2);
    assert!(run.stderr.contains("only http and https"), "{}", run.stderr);
    assert_eq!(news_files(site.root()), before);
}

#[test]
fn a_canonical_on_another_site_names_the_original() {
    let base = serve();
    let site = site();
    let url = format!("{base}/drought");
    let (run, text) = import(&site, &[&url]);
    run.assert_code(0);
    assert!(
        text.contains(&format!("  url: \"{url}\"  # from the fetched address")),
        "{text}"
    );
    assert!(text.contains(
        "original:  # from link rel=canonical (another site)\n  name: \"First Desk\"\n  url: \"https://firstdesk.example.org/2025/07/drought-water-plan/\""
    ), "{text}");
    assert!(text.contains(
        "  holder: \"First Desk Media\"  # from copyright line on the page\n  year: 2025"
    ));
    assert!(!body(&text).contains("originally published"));
}

#[test]
fn a_json_feed_is_recognised_by_its_content() {
    let site = site();
    let feed = fixture_dir("import").join("jsonfeed.txt");
    let (run, text) = import(&site, &[feed.to_str().unwrap()]);
    run.assert_code(0);
    assert_eq!(
        field(&text, "title"),
        "\"Ferry fares rise 10% in September\""
    );
    assert_eq!(field(&text, "licence"), "CC-BY-4.0");
    assert!(text.contains("authors:  # from feed entry author\n  - \"Ines Moreau\""));
    assert!(
        run.stdout
            .contains("verdict: fails CC-BY-4.0 until filled in: copyright needs copyright.holder, copyright needs copyright.year"),
        "{}",
        run.stdout
    );
}

#[test]
fn fetch_reports_validators_and_honours_conditional_requests() {
    use reprint::import::fetch::{FetchOptions, fetch};
    let base = serve();
    let url = format!("{base}/etag");
    let first = fetch(&url, &FetchOptions::default()).unwrap();
    assert_eq!(first.status, 200);
    assert_eq!(first.body, "<p>fresh</p>");
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        first.last_modified.as_deref(),
        Some("Tue, 01 Jul 2025 10:00:00 GMT")
    );
    let again = fetch(
        &url,
        &FetchOptions {
            etag: first.etag.clone(),
            ..FetchOptions::default()
        },
    )
    .unwrap();
    assert!(again.not_modified());
    assert!(again.body.is_empty());
}

#[test]
fn an_atom_feed_on_standard_input_goes_where_to_says() {
    let site = site();
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Field Notes</title><id>urn:x</id><updated>2025-03-02T00:00:00Z</updated>
<entry><title>Owls return to the old mill</title><id>urn:1</id>
<link rel="alternate" href="https://fieldnotes.example/owls/"/>
<published>2025-03-01T07:00:00Z</published><updated>2025-03-02T07:00:00Z</updated>
<author><name>Kai Berg</name></author>
<content type="html">&lt;p&gt;Barn owls nest in the mill again. © 2025 Kai Berg&lt;/p&gt;</content></entry></feed>"#;
    import_stdin(&site, &["--to", "content/science"], atom);
    let text = site.read("content/science/owls-return-to-the-old-mill.md");
    assert_eq!(field(&text, "date"), "2025-03-01T07:00:00+00:00");
    assert_eq!(field(&text, "updated"), "2025-03-02T07:00:00+00:00");
    assert!(
        text.contains("  holder: \"Kai Berg\"  # from copyright line on the page\n  year: 2025"),
        "{text}"
    );
    assert!(text.contains("  url: \"https://fieldnotes.example/owls/\"  # from feed entry link"));
    assert!(
        body(&text).starts_with("Barn owls nest in the mill again."),
        "{text}"
    );
}

/// The workflow the README shows: import, check (which refuses the
/// placeholders), fill them in, check again.
#[test]
fn an_imported_article_passes_check_once_its_fill_ins_are_filled() {
    let base = serve();
    let site = site();
    let url = format!("{base}/why-salt-marshes-are-worth-more-than-we-thought-219876");
    let (run, text) = import(&site, &[&url]);
    run.assert_code(0);
    let path = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .map(|l| l.split(" (from ").next().unwrap().to_owned())
        .unwrap();

    let refused = site.run(&["check"]);
    refused.assert_code(2);
    assert!(refused.stderr.contains("FILL-IN"), "{}", refused.stderr);
    assert!(refused.stderr.contains("copyright"), "{}", refused.stderr);

    let filled: String = text
        .lines()
        .map(|l| {
            if l.starts_with("  holder: \"FILL-IN") {
                "  holder: \"The Conversation\"".to_owned()
            } else if l.starts_with("  year: \"FILL-IN") {
                "  year: 2024".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!filled.contains("FILL-IN"), "{filled}");
    std::fs::write(&path, filled + "\n").unwrap();
    let run = site.run(&["check", "--format", "json"]);
    let report = run.json();
    let page = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"].as_str().unwrap().contains("salt-marshes"))
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(page["licence"], "CC-BY-ND-4.0");
    assert_eq!(page["status"], "pass", "{page:#}");
    run.assert_code(0);
}

#[test]
fn articles_are_written_under_content_only() {
    let base = serve();
    let site = site();
    let url = format!("{base}/mall-clinic");
    for to in [
        "../outside",
        "/tmp/reprint-outside",
        "static",
        "content/../static",
    ] {
        let run = site.run(&["import", &url, "--to", to]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains("articles are written into a folder under content/"),
            "{to}: {}",
            run.stderr
        );
    }
    assert!(!site.root().join("../outside").exists());
    assert!(!site.root().join("static").join("mall-clinic.md").exists());
    let (run, _) = import(&site, &[&url, "--to", "content/health"]);
    run.assert_code(0);
    assert_eq!(
        std::fs::read_dir(site.root().join("content/health"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn a_source_is_known_however_its_address_is_written() {
    let base = serve();
    let url = format!("{base}/mall-clinic");
    for written in [
        format!("source: {{name: Clinic News, url: \"{url}\"}}"),
        format!("source:\n  name: Clinic News\n  url: '{url}/'  # typed by hand"),
        format!("source:\n  name: Clinic News\n  url: {url}?utm_source=feed"),
    ] {
        let site = site();
        std::fs::write(
            site.root().join("content/news/by-hand.md"),
            format!(
                "---\ntitle: By hand\ndate: 2025-01-02\nlicence: CC-BY-4.0\n{written}\n---\nText.\n"
            ),
        )
        .unwrap();
        let run = site.run(&["import", &url]);
        run.assert_code(2);
        assert!(
            run.stderr.contains("is already imported in") && run.stderr.contains("by-hand.md"),
            "{written}: {}",
            run.stderr
        );
    }
    // Named twice in one run, it would be written twice.
    let site = site();
    let run = site.run(&["import", &url, &url]);
    run.assert_code(2);
    assert!(run.stderr.contains("is named twice"), "{}", run.stderr);
    assert!(
        news_files(site.root())
            .iter()
            .all(|f| !f.contains("clinic"))
    );
}

#[test]
fn a_story_body_whose_class_names_a_box_is_still_the_story() {
    // The Conversation's story container carries `inline-promos` among its
    // classes; promotion boxes inside it are still boxes.
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/heat-dome")]);
    run.assert_code(0);
    let b = body(&text);
    for kept in [
        "Southern Europe has been baking under a [heat dome]",
        "## The jet stream",
        "| Seville | 44.1",
        "More heat domes are likely as the climate warms.",
    ] {
        assert!(b.contains(kept), "{kept} lost from:\n{b}");
    }
    assert!(!field(&text, "fingerprint").contains("FILL-IN"));
    // The institution, not the job title beside it.
    assert!(
        text.contains("{name: \"Hannah Cloke\", affiliation: \"University of Reading\"}"),
        "{text}"
    );
}

#[test]
fn a_dateline_stays_in_the_story() {
    let base = serve();
    let site = site();
    let (run, text) = import(&site, &[&format!("{base}/floods")]);
    run.assert_code(0);
    assert!(
        body(&text).starts_with("PORTO ALEGRE, Brazil — Floodwaters rose"),
        "{}",
        body(&text)
    );
}
