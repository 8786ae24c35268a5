//! `reprint import` of partner feeds served from 127.0.0.1: entries matched
//! to their own articles, and the feed's words read as a reader sees them.

use crate::import_server::serve_with;
use crate::support::TestSite;

const TWO_ENTRIES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bayside Climate Desk</title><link>https://baysideclimate.example.org/</link><description>Partner feed</description>
<item><title>Tidal flooding reaches record in Portland</title><link>https://baysideclimate.example.org/2025/11/10/tidal-flooding-portland/</link><dc:creator>Jane Doe</dc:creator><pubDate>Mon, 10 Nov 2025 22:30:00 -0500</pubDate><content:encoded><![CDATA[<p>PORTLAND, Maine — High tide reached 14.2 feet on Monday night, a record for the city.</p>]]></content:encoded></item>
<item><title>Salt marsh project breaks ground</title><link>https://baysideclimate.example.org/2025/11/03/salt-marsh/</link><dc:creator>Juan Pérez</dc:creator><pubDate>Mon, 03 Nov 2025 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Work began on Monday on a 40-acre marsh restoration.</p>]]></content:encoded></item>
</channel></rss>"#;

/// A server answering `path` with `body` (as XML) and 404 elsewhere.
pub(crate) fn serve_feed(path: &'static str, body: &'static str) -> String {
    serve_with(move |_, p, _| match p == path {
        true => (200, String::new(), body.to_owned()),
        false => (404, String::new(), "not found".into()),
    })
}

pub(crate) fn news(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path("content/news"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn update_of_a_feed_refreshes_each_article_from_its_own_entry_only() {
    let base = serve_feed("/upd/feed.xml", TWO_ENTRIES);
    let feed = format!("{base}/upd/feed.xml");
    let site = TestSite::fixture("basic");
    let before = news(&site);
    site.run(&["import", &feed, "--limit", "1", "--licence", "CC-BY-4.0"])
        .assert_code(0);
    let rel = "content/news/tidal-flooding-reaches-record-in-portland.md";
    let first = site.read(rel);
    // The day the publisher published it, in its own offset.
    assert!(
        first.contains("\ndate: 2025-11-10T22:30:00-05:00  # from feed entry published date\n"),
        "{first}"
    );

    let run = site.run(&["import", &feed, "--update"]);
    run.assert_code(0);
    let text = site.read(rel);
    assert_eq!(text.split("\n---\n").nth(1), first.split("\n---\n").nth(1));
    assert!(text.contains("High tide reached 14.2 feet"), "{text}");
    assert!(!text.contains("marsh"), "{text}");
    assert!(
        run.stdout.contains(
            "not imported yet: https://baysideclimate.example.org/2025/11/03/salt-marsh/"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("updated ").count(), 1, "{}", run.stdout);
    let mut want = before.clone();
    want.push("tidal-flooding-reaches-record-in-portland.md".into());
    want.sort();
    assert_eq!(news(&site), want);

    // The feed's other entry is a story of its own, not a repeat.
    site.run(&["import", &feed, "--limit", "2", "--licence", "CC-BY-4.0"])
        .assert_code(2);
    let run = site.run(&["import", &feed, "--dry-run", "--limit", "2"]);
    assert!(
        run.stderr.contains("tidal-flooding-portland"),
        "{}",
        run.stderr
    );
}

const LICENSED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule"><channel><title>Harbor Voice</title><link>https://harborvoice.example/</link><description>News</description>
<copyright>© 2025 Harbor Voice Media</copyright>
<creativeCommons:license>https://creativecommons.org/licenses/by-nd/4.0/</creativeCommons:license>
<item><title>Council votes on harbour plan</title><link>https://harborvoice.example/2025/10/council-votes</link><dc:creator>Ana Ruiz</dc:creator><pubDate>Tue, 14 Oct 2025 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>The council voted on Tuesday to approve the harbour plan after a long debate.</p>]]></content:encoded></item>
<item><title>Ferry fares rise</title><link>https://harborvoice.example/2025/10/ferry-fares</link><dc:creator>Ben Ode</dc:creator><pubDate>Mon, 13 Oct 2025 09:00:00 +0000</pubDate><creativeCommons:license>https://creativecommons.org/licenses/by-sa/4.0/</creativeCommons:license><content:encoded><![CDATA[<p>Ferry fares will rise by ten percent next month, the operator said.</p><p>© 2025 Ben Ode.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn a_feed_names_its_licence_for_every_entry_and_an_entry_its_own() {
    let base = serve_feed("/cc/feed.xml", LICENSED);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/cc/feed.xml")]);
    run.assert_code(0);
    // What a feed entry lacks is said of the entry, not of a page.
    assert!(
        run.stdout.contains("[none in the feed entry]")
            && !run.stdout.contains("[none on the page]"),
        "{}",
        run.stdout
    );
    let council = site.read("content/news/council-votes-on-harbour-plan.md");
    assert!(
        council.contains("\nlicence: CC-BY-ND-4.0  # from feed licence element\n"),
        "{council}"
    );
    assert!(
        council.contains("holder: \"Harbor Voice Media\"  # from feed rights"),
        "{council}"
    );
    let ferry = site.read("content/news/ferry-fares-rise.md");
    assert!(
        ferry.contains("\nlicence: CC-BY-SA-4.0  # from feed entry licence element\n"),
        "{ferry}"
    );
    // The entry's own notice, not the feed's, names its holder.
    assert!(ferry.contains("holder: \"Ben Ode\""), "{ferry}");
}

/// A server answering each `(path, content type, body)` and 404 elsewhere.
pub(crate) fn serve_typed(routes: Vec<(&'static str, &'static str, String)>) -> String {
    serve_with(
        move |_, p, _| match routes.iter().find(|(path, _, _)| *path == p) {
            Some((_, kind, body)) => (200, format!("Content-Type: {kind}\r\n"), body.clone()),
            None => (404, String::new(), "not found".into()),
        },
    )
}

/// The files `import --dry-run` would write, in its order.
pub(crate) fn dry_run_files(site: &TestSite, source: &str) -> Vec<String> {
    let run = site.run(&["import", source, "--dry-run"]);
    run.assert_code(0);
    run.stdout
        .lines()
        .filter(|l| l.starts_with("would write "))
        .filter_map(|l| l.split_once("content/news/"))
        .map(|(_, l)| l.split(' ').next().unwrap_or("").to_owned())
        .collect()
}

const ORDER_ITEMS: &str = r#"<channel><title>Order Test</title><link>https://order.example/</link><description>x</description>
<item><title>Older story</title><link>https://order.example/older/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Older story body.&lt;/p&gt;</description></item>
<item><title>Newer story</title><link>https://order.example/newer/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Newer story body.&lt;/p&gt;</description></item>
</channel></rss>"#;

#[test]
fn a_feed_is_read_as_a_feed_whatever_its_prolog_or_member_order() {
    let comment = format!("<!-- {} -->\n", "Generated by a feed plugin. ".repeat(30));
    let feeds = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"/feed.xsl\"?>\n".to_owned(),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n".to_owned(),
        comment,
    ]
    .map(|prolog| format!("{prolog}<rss version=\"2.0\">{ORDER_ITEMS}"));
    // Keys in sorted order, as many encoders write them: `version` last,
    // well past the first few hundred bytes.
    let json = format!(
        r#"{{"home_page_url": "https://grain.example/", "items": [{{"content_html": "<p>{}</p>", "date_published": "2026-11-03T09:00:00Z", "id": "g1", "title": "Grain corridor reopens", "url": "https://grain.example/2026/11/grain/"}}], "title": "Grain Wire", "version": "https://jsonfeed.org/version/1.1"}}"#,
        "The corridor reopened on Tuesday. ".repeat(30)
    );
    let [pi, doctype, comment] = feeds;
    let base = serve_typed(vec![
        ("/pi.xml", "application/xml", pi),
        ("/doctype.xml", "text/xml", doctype),
        ("/comment.xml", "application/rss+xml", comment),
        ("/feed.json", "application/json", json),
    ]);
    let site = TestSite::fixture("basic");
    for path in ["/pi.xml", "/doctype.xml", "/comment.xml"] {
        assert_eq!(
            dry_run_files(&site, &format!("{base}{path}")),
            ["newer-story.md", "older-story.md"],
            "{path}"
        );
    }
    assert_eq!(
        dry_run_files(&site, &format!("{base}/feed.json")),
        ["grain-corridor-reopens.md"]
    );
}

const BAD_LINKS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>
<item><title>Placeholder link</title><link>#</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Dredging resumed. Read the &lt;a href="https://other.example/original/"&gt;original article&lt;/a&gt;.&lt;/p&gt;</description></item>
<item><title>Script link</title><link>javascript:alert(document.domain)</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Ferries ran late.&lt;/p&gt;</description></item>
<item><title>Mail link</title><link>mailto:desk@harbourgazette.example</link><pubDate>Sun, 01 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Tides rose.&lt;/p&gt;</description></item>
</channel></rss>"#;

#[test]
fn an_entry_link_that_is_no_article_address_is_left_to_fill_in() {
    let base = serve_feed("/bad/feed.xml", BAD_LINKS);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/bad/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    for (link, why) in [
        ("#", "is \"#\", which is no article's address"),
        (
            "javascript:alert(document.domain)",
            "is not an http(s) address",
        ),
        (
            "mailto:desk@harbourgazette.example",
            "is not an http(s) address",
        ),
    ] {
        let want = "  url: \"FILL-IN: the article's address\"  # not taken: the feed entry's link";
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(want) && l.contains(&format!("{link:?}")))
            .unwrap_or_else(|| panic!("{link}: {}", run.stdout));
        assert!(line.contains(why), "{line}");
    }
    assert!(
        !run.stdout
            .contains("url: \"https://harbourgazette.example/#\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("url: \"javascript:"), "{}", run.stdout);
    // The link in the content is the original's, never the entry's address.
    assert!(
        !run.stdout
            .contains("url: \"https://other.example/original/\"  # from \"original article\""),
        "{}",
        run.stdout
    );
}

const OWN_TERMS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Bay Observer</title><link>https://bayobserver.example/</link><description>News</description>
<creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>
<item><title>Terms by the CC module</title><link>https://bayobserver.example/a/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><creativeCommons:license>https://example.com/terms-of-use</creativeCommons:license><description>&lt;p&gt;Story A.&lt;/p&gt;</description></item>
<item><title>Terms by dcterms</title><link>https://bayobserver.example/b/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><dcterms:license>https://wire.example/licensing</dcterms:license><description>&lt;p&gt;Story B.&lt;/p&gt;</description></item>
<item><title>Terms by a license link</title><link>https://bayobserver.example/c/</link><pubDate>Sun, 01 Nov 2026 09:00:00 +0000</pubDate><atom:link rel="license" href="https://wire.example/syndication-terms"/><description>&lt;p&gt;Story C.&lt;/p&gt;</description></item>
<item><title>No terms of its own</title><link>https://bayobserver.example/d/</link><pubDate>Sat, 31 Oct 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Story D.&lt;/p&gt;</description></item>
</channel></rss>"#;

/// The article `import --dry-run` prints for the entry whose file is `file`.
pub(crate) fn printed<'a>(stdout: &'a str, file: &str) -> &'a str {
    let start = stdout
        .find(&format!("content/news/{file}"))
        .unwrap_or_else(|| panic!("{file}: {stdout}"));
    let rest = &stdout[start..];
    let end = rest[1..].find("would write ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn an_entry_naming_terms_of_its_own_does_not_take_the_feeds_licence() {
    let base = serve_feed("/terms/feed.xml", OWN_TERMS);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/terms/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    for (file, address) in [
        (
            "terms-by-the-cc-module.md",
            "https://example.com/terms-of-use",
        ),
        ("terms-by-dcterms.md", "https://wire.example/licensing"),
        (
            "terms-by-a-license-link.md",
            "https://wire.example/syndication-terms",
        ),
    ] {
        let text = printed(&run.stdout, file);
        let want = format!(
            "\nlicence: \"FILL-IN: the licence profile id\"  # not taken: the entry names its own terms, {address}, which are no licence profile reprint knows; the feed's own licence (CC-BY-4.0) does not cover it\n"
        );
        assert!(text.contains(&want), "{text}");
    }
    let plain = printed(&run.stdout, "no-terms-of-its-own.md");
    assert!(
        plain.contains("\nlicence: CC-BY-4.0  # from feed licence element\n"),
        "{plain}"
    );
}

const WIRE_COPY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule"><channel><title>Bay Observer</title><link>https://bayobserver.example/</link><description>News</description>
<creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>
<item><title>Wire story</title><link>https://bayobserver.example/wire/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Markets fell on Tuesday as traders weighed the rate decision.</p><p>© 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</p>]]></content:encoded></item>
<item><title>Own story</title><link>https://bayobserver.example/own/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>The harbour board met on Monday.</p>]]></content:encoded></item>
</channel></rss>"#;

const WIRE_RIGHTS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River Desk</title><id>urn:rd</id><updated>2026-11-03T09:00:00Z</updated>
<link rel="alternate" href="https://riverdesk.example/"/>
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/>
<entry><title>Wire rights</title><id>urn:rd:1</id><link href="https://riverdesk.example/wire/"/><published>2026-11-03T09:00:00Z</published><updated>2026-11-03T09:00:00Z</updated>
<rights>Copyright 2026 The Associated Press. All rights reserved.</rights>
<content type="html">&lt;p&gt;Levees held overnight.&lt;/p&gt;</content></entry>
</feed>"#;

#[test]
fn the_feeds_licence_does_not_cover_an_entry_that_reserves_its_rights() {
    let base = serve_typed(vec![
        ("/wire.xml", "application/rss+xml", WIRE_COPY.to_owned()),
        ("/wire.atom", "application/atom+xml", WIRE_RIGHTS.to_owned()),
    ]);
    let site = TestSite::fixture("basic");
    let doubt = "\nlicence: \"FILL-IN: the licence profile id\"  # not taken: the entry says \"All rights reserved\", and only the feed's own licence (CC-BY-4.0) names one, which does not cover it\n";
    let run = site.run(&["import", &format!("{base}/wire.xml"), "--dry-run"]);
    run.assert_code(0);
    let wire = printed(&run.stdout, "wire-story.md");
    assert!(wire.contains(doubt), "{wire}");
    assert!(wire.contains("holder: \"The Associated Press\""), "{wire}");
    let own = printed(&run.stdout, "own-story.md");
    assert!(
        own.contains("\nlicence: CC-BY-4.0  # from feed licence element\n"),
        "{own}"
    );
    let run = site.run(&["import", &format!("{base}/wire.atom"), "--dry-run"]);
    run.assert_code(0);
    assert!(run.stdout.contains(doubt), "{}", run.stdout);
}

const REPUBLISHED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bay Observer</title><link>https://bayobserver.example/</link><description>News</description>
<copyright>Copyright 2026 Bay Observer Media LLC</copyright>
<item><title>Why sea otters matter</title><link>https://bayobserver.example/2026/11/otters/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Sea otters keep kelp forests alive by eating urchins.</p><p>This article is republished from <a href="https://theconversation.com">The Conversation</a> under a Creative Commons license. Read the <a href="https://theconversation.com/why-sea-otters-matter-for-kelp-forests-245001">original article</a>.</p>]]></content:encoded></item>
<item><title>Ledger story</title><link>https://bayobserver.example/2026/11/ledger/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>The mill reopened.</p><p>This article first appeared on Tidewater Ledger and is republished here under a Creative Commons license.</p>]]></content:encoded></item>
<item><title>Own story</title><link>https://bayobserver.example/2026/11/own/</link><pubDate>Sun, 01 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>The harbour board met.</p><p>This story was originally published by <a href="https://bayobserver.example/">Bay Observer</a>.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn an_entry_republished_from_another_publisher_names_it_and_not_the_feeds_copyright() {
    let base = serve_feed("/rep/feed.xml", REPUBLISHED);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/rep/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    let otters = printed(&run.stdout, "why-sea-otters-matter.md");
    for want in [
        "\noriginal:  # from \"republished from\" notice\n  name: \"The Conversation\"\n  url: \"https://theconversation.com/why-sea-otters-matter-for-kelp-forests-245001\"\n",
        "  url: \"https://bayobserver.example/2026/11/otters/\"  # from feed entry link\n",
        "  holder: \"FILL-IN: the copyright holder\"",
        "  year: \"FILL-IN: the year of the notice\"",
    ] {
        assert!(otters.contains(want), "{want}\n{otters}");
    }
    let ledger = printed(&run.stdout, "ledger-story.md");
    assert!(
        ledger.contains("  name: \"Tidewater Ledger\"\n"),
        "{ledger}"
    );
    assert!(ledger.contains("  holder: \"FILL-IN:"), "{ledger}");
    // A credit naming the feed's own publisher names no earlier one.
    let own = printed(&run.stdout, "own-story.md");
    assert!(!own.contains("\noriginal:"), "{own}");
    assert!(
        own.contains("  holder: \"Bay Observer Media LLC\"  # from feed rights\n"),
        "{own}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_dry_run_into_a_closed_pipe_ends_quietly() {
    let site = TestSite::fixture("basic");
    site.write("feed.xml", TWO_ENTRIES);
    let root = site.root().to_string_lossy().into_owned();
    let feed = site.path("feed.xml").to_string_lossy().into_owned();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["import", &feed, "--dry-run", "--root", &root])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the reprint binary runs");
    // The reader goes away before the first line is printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

#[test]
fn an_empty_feed_is_an_input_error_naming_it() {
    let base = serve_typed(vec![
        (
            "/empty.xml",
            "application/rss+xml",
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>https://quiet.example/</link><description>x</description></channel></rss>"#.to_owned(),
        ),
        (
            "/empty.atom",
            "application/atom+xml",
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title><id>urn:q</id><updated>2026-11-03T09:00:00Z</updated></feed>"#.to_owned(),
        ),
        (
            "/empty.json",
            "application/feed+json",
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Quiet", "items": []}"#.to_owned(),
        ),
    ]);
    let site = TestSite::fixture("basic");
    let before = news(&site);
    for path in ["/empty.xml", "/empty.atom", "/empty.json"] {
        let feed = format!("{base}{path}");
        for dry in [true, false] {
            let mut args = vec!["import", feed.as_str()];
            if dry {
                args.push("--dry-run");
            }
            let run = site.run(&args);
            run.assert_code(2);
            assert!(
                run.stderr
                    .contains(&format!("{feed} is a feed with no entries")),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        }
    }
    assert_eq!(news(&site), before);
}

const WORDPRESS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<item><title>Dredging plan delayed</title><link>https://harbourgazette.example/2026/11/dredging/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>The port authority pushed back the dredging plan.</p><p>Fishermen said the delay would cost them a season.</p><p>The post <a rel="nofollow" href="https://harbourgazette.example/2026/11/dredging/">Dredging plan delayed</a> appeared first on <a rel="nofollow" href="https://harbourgazette.example/">Harbour Gazette</a>.</p>]]></content:encoded></item>
<item><title>Viral photo</title><link>https://harbourgazette.example/2026/11/photo/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>A photo of the flooded pier spread quickly.</p><p>The post appeared first on <a href="https://social.example/pier">a local forum</a>, where it was shared thousands of times.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn the_wordpress_feed_footer_is_not_part_of_the_story() {
    let base = serve_feed("/wp/feed.xml", WORDPRESS);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/wp/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    let dredging = printed(&run.stdout, "dredging-plan-delayed.md");
    assert!(dredging.contains("cost them a season."), "{dredging}");
    assert!(!dredging.contains("appeared first on"), "{dredging}");
    assert!(!dredging.contains("\noriginal:"), "{dredging}");
    // A story's sentence with the same words stays.
    let photo = printed(&run.stdout, "viral-photo.md");
    assert!(
        photo.contains("The post appeared first on [a local forum]"),
        "{photo}"
    );
}

const DC_RIGHTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bay Observer</title><link>https://bayobserver.example/</link><description>News</description>
<copyright>Copyright 2026 Bay Observer Media LLC</copyright>
<item><title>Own rights</title><link>https://bayobserver.example/a/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><dc:rights>Copyright 2024 Kai Moreno</dc:rights><description>&lt;p&gt;Story A.&lt;/p&gt;</description></item>
<item><title>Feed rights</title><link>https://bayobserver.example/b/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;Story B.&lt;/p&gt;</description></item>
</channel></rss>"#;

const DC_CHANNEL_RIGHTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Tidewater Ledger</title><link>https://tidewater.example/</link><description>News</description>
<dc:rights>© 2025 Tidewater Ledger. This work is licensed under CC BY-NC 4.0</dc:rights>
<item><title>Mill reopens</title><link>https://tidewater.example/mill/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;The mill reopened.&lt;/p&gt;</description></item>
</channel></rss>"#;

#[test]
fn rss2_dc_rights_give_an_entrys_rights_and_the_channels() {
    let base = serve_typed(vec![
        ("/dc.xml", "application/rss+xml", DC_RIGHTS.to_owned()),
        (
            "/channel.xml",
            "application/rss+xml",
            DC_CHANNEL_RIGHTS.to_owned(),
        ),
    ]);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/dc.xml"), "--dry-run"]);
    run.assert_code(0);
    let own = printed(&run.stdout, "own-rights.md");
    assert!(
        own.contains("  holder: \"Kai Moreno\"  # from feed entry rights\n  year: 2024  # from feed entry rights\n"),
        "{own}"
    );
    let feed = printed(&run.stdout, "feed-rights.md");
    assert!(
        feed.contains("  holder: \"Bay Observer Media LLC\"  # from feed rights\n"),
        "{feed}"
    );
    let run = site.run(&["import", &format!("{base}/channel.xml"), "--dry-run"]);
    run.assert_code(0);
    for want in [
        "\nlicence: CC-BY-NC-4.0  # from feed rights\n",
        "  holder: \"Tidewater Ledger\"  # from feed rights\n  year: 2025  # from feed rights\n",
    ] {
        assert!(run.stdout.contains(want), "{want}\n{}", run.stdout);
    }
}
