//! `reprint import` of feed entries served from 127.0.0.1: what an entry's
//! text, bylines, pictures and dates give, and the files a run writes.

use crate::import_feeds::{dry_run_files, news, printed, serve_feed, serve_typed};
use crate::support::TestSite;
const SUMMARY_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<copyright>© 2026 Harbour Gazette</copyright>
<creativeCommons:license>https://creativecommons.org/licenses/by-nd/4.0/</creativeCommons:license>
<item><title>Dredging plan delayed again</title><link>https://harbourgazette.example/2026/11/03/dredging-plan-delayed/</link><dc:creator>Maya Lin</dc:creator><pubDate>Tue, 03 Nov 2026 13:45:00 +0000</pubDate><description><![CDATA[<p>The port authority pushed back the dredging plan for a third time on Tuesday, citing the silt report. Fishermen said the delay would cost them another season, and [&#8230;]</p>
<p>The post <a href="https://harbourgazette.example/2026/11/03/dredging-plan-delayed/">Dredging plan delayed again</a> appeared first on <a href="https://harbourgazette.example">Harbour Gazette</a>.</p>]]></description></item>
<item><title>Ferry fares frozen</title><link>https://harbourgazette.example/2026/11/02/ferry-fares-frozen/</link><dc:creator>Robert Ochoa</dc:creator><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><description><![CDATA[<p>Ferry fares will stay at their 2025 level, the council said on Monday after a long &hellip; <a href="https://harbourgazette.example/2026/11/02/ferry-fares-frozen/" class="more-link">Continue reading<span class="screen-reader-text"> "Ferry fares frozen"</span></a></p>]]></description></item>
</channel></rss>"#;

#[test]
fn a_summary_feeds_excerpt_is_marked_and_never_fingerprinted_as_the_story() {
    let base = serve_feed("/summary/feed.xml", SUMMARY_FEED);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/summary/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    for (file, why) in [
        ("dredging-plan-delayed-again.md", "its text ends \"[…]\""),
        ("ferry-fares-frozen.md", "\"continue reading\" link"),
    ] {
        let text = printed(&run.stdout, file);
        assert!(text.contains(why), "{text}");
        assert!(
            text.contains("fingerprint: \"FILL-IN: the fingerprint of the article's whole text\"  # not taken: the body is the feed's excerpt"),
            "{text}"
        );
        assert!(!text.contains("# of the imported body"), "{text}");
        assert!(
            text.contains(
                "\n---\nFILL-IN: the article's whole text: the feed gives only an excerpt"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "verdict: fails CC-BY-ND-4.0 until filled in: unmodified needs the whole text"
            ),
            "{text}"
        );
        assert!(
            !text.contains("every CC-BY-ND-4.0 rule has its facts"),
            "{text}"
        );
    }
}

const BYLINES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<item><title>Two reporters</title><link>https://harbourgazette.example/a/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><dc:creator><![CDATA[Maya Lin and Robert Ochoa]]></dc:creator><content:encoded><![CDATA[<p>Story A.</p>]]></content:encoded></item>
<item><title>By line</title><link>https://harbourgazette.example/b/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><dc:creator>By Maya Lin</dc:creator><content:encoded><![CDATA[<p>Story B.</p>]]></content:encoded></item>
<item><title>Three and the paper</title><link>https://harbourgazette.example/c/</link><pubDate>Sun, 01 Nov 2026 09:00:00 +0000</pubDate><dc:creator>Maya Lin, Robert Ochoa and Ana Ruiz, Harbour Gazette</dc:creator><content:encoded><![CDATA[<p>Story C.</p>]]></content:encoded></item>
<item><title>Named twice</title><link>https://harbourgazette.example/d/</link><pubDate>Sat, 31 Oct 2026 09:00:00 +0000</pubDate><author>maya@misc.example (Maya Lin)</author><dc:creator>Maya Lin</dc:creator><content:encoded><![CDATA[<p>Story D.</p>]]></content:encoded></item>
<item><title>Named twice in case</title><link>https://harbourgazette.example/e/</link><pubDate>Fri, 30 Oct 2026 09:00:00 +0000</pubDate><dc:creator>Maya Lin</dc:creator><dc:creator>maya lin</dc:creator><content:encoded><![CDATA[<p>Story E.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn an_entrys_byline_names_each_person_once() {
    let base = serve_feed("/bylines/feed.xml", BYLINES);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/bylines/feed.xml"), "--dry-run"]);
    run.assert_code(0);
    let authors = |file: &str| {
        let text = printed(&run.stdout, file);
        let list = text
            .split_once("\nauthors:")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("{text}"));
        list.lines()
            .skip(1)
            .take_while(|l| l.starts_with("  - "))
            .map(|l| l.trim_start_matches("  - ").trim_matches('"').to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(authors("two-reporters.md"), ["Maya Lin", "Robert Ochoa"]);
    assert_eq!(authors("by-line.md"), ["Maya Lin"]);
    assert_eq!(
        authors("three-and-the-paper.md"),
        ["Maya Lin", "Robert Ochoa", "Ana Ruiz"]
    );
    assert_eq!(authors("named-twice.md"), ["Maya Lin"]);
    assert_eq!(authors("named-twice-in-case.md"), ["Maya Lin"]);
}

const MEDIA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>x</description>
<item><title>Thumb at item level</title><link>https://harbourgazette.example/2026/11/thumb-item/</link><pubDate>Tue, 03 Nov 2026 13:45:00 GMT</pubDate><description>&lt;p&gt;Body one.&lt;/p&gt;</description><media:thumbnail width="240" height="135" url="https://harbourgazette.example/img/thumb1.jpg"/></item>
<item><title>Thumb in group</title><link>https://harbourgazette.example/2026/11/thumb-group/</link><pubDate>Tue, 03 Nov 2026 12:45:00 GMT</pubDate><description>&lt;p&gt;Body two.&lt;/p&gt;</description><media:group><media:thumbnail url="https://harbourgazette.example/img/thumb2.jpg"/><media:credit>AP Photo</media:credit></media:group></item>
<item><title>Relative media content</title><link>https://harbourgazette.example/2026/11/rel-content/</link><pubDate>Tue, 03 Nov 2026 11:45:00 GMT</pubDate><description>&lt;p&gt;Body three.&lt;/p&gt;</description><media:content url="/img/rel3.jpg" medium="image"><media:credit>Reuters</media:credit></media:content></item>
</channel></rss>"#;

const RELATIVE_JSON_IMAGE: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Steppe Wire",
"home_page_url": "https://steppewire.example/",
"items": [{"id": "1", "url": "https://steppewire.example/2026/11/grain/", "title": "Grain",
  "content_html": "<p>Text.</p>", "image": "/uploads/grain.jpg", "date_published": "2026-11-03T09:00:00Z"}]}"#;

#[test]
fn every_media_rss_picture_and_a_relative_one_gives_the_image() {
    let base = serve_typed(vec![
        ("/media.xml", "application/rss+xml", MEDIA.to_owned()),
        (
            "/feed.json",
            "application/feed+json",
            RELATIVE_JSON_IMAGE.to_owned(),
        ),
    ]);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/media.xml"), "--dry-run"]);
    run.assert_code(0);
    for (file, src, credit) in [
        (
            "thumb-at-item-level.md",
            "https://harbourgazette.example/img/thumb1.jpg",
            None,
        ),
        (
            "thumb-in-group.md",
            "https://harbourgazette.example/img/thumb2.jpg",
            Some("AP Photo"),
        ),
        (
            "relative-media-content.md",
            "https://harbourgazette.example/img/rel3.jpg",
            Some("Reuters"),
        ),
    ] {
        let text = printed(&run.stdout, file);
        assert!(text.contains(&format!("\n  src: \"{src}\"\n")), "{text}");
        if let Some(credit) = credit {
            assert!(
                text.contains(&format!("\n  credit: \"{credit}\"")),
                "{text}"
            );
        }
        assert!(
            text.contains("\n  licence: all-rights-reserved\n"),
            "{text}"
        );
    }
    let run = site.run(&["import", &format!("{base}/feed.json"), "--dry-run"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("\n  src: \"https://steppewire.example/uploads/grain.jpg\"\n"),
        "{}",
        run.stdout
    );
}

const TEXT_JSON: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Steppe Wire",
"items": [{"id": "1", "url": "https://steppewire.example/2026/11/tariffs/", "title": "Tariff talks",
  "content_text": "Tariff talks stalled on Friday.\n\nNegotiators said the <b> tag in the draft text was a typo, and that 2 * 3 * 4 counts were wrong.\n\nTalks resume Monday.",
  "date_published": "2026-11-03T09:00:00Z"}]}"#;

const TEXT_ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Steppe Wire</title><id>urn:f</id><updated>2026-11-03T09:00:00Z</updated>
<entry><title>Tariff talks</title><id>urn:a</id><link href="https://steppewire.example/2026/11/tariffs/"/><published>2026-11-03T09:00:00Z</published><updated>2026-11-03T09:00:00Z</updated>
<content type="text">Tariff talks stalled on Friday.

Negotiators said the &lt;b&gt; tag in the draft text was a typo, and that 2 * 3 * 4 counts were wrong.

Talks resume Monday.</content></entry></feed>"#;

#[test]
fn a_plain_text_body_is_read_as_text() {
    let base = serve_typed(vec![
        ("/text.json", "application/feed+json", TEXT_JSON.to_owned()),
        ("/text.atom", "application/atom+xml", TEXT_ATOM.to_owned()),
    ]);
    let site = TestSite::fixture("basic");
    for feed in ["text.json", "text.atom"] {
        let run = site.run(&["import", &format!("{base}/{feed}"), "--dry-run"]);
        run.assert_code(0);
        let want = "\n---\nTariff talks stalled on Friday.\n\nNegotiators said the \\<b> tag in the draft text was a typo, and that 2 \\* 3 \\* 4 counts were wrong.\n\nTalks resume Monday.\n";
        assert!(run.stdout.contains(want), "{feed}: {}", run.stdout);
        assert!(!run.stdout.contains("**"), "{feed}: {}", run.stdout);
    }
}

const SAME_TITLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<item><title>Weekly briefing</title><link>https://harbourgazette.example/2026/11/03/briefing/</link><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>This week.</p>]]></content:encoded></item>
<item><title>Weekly briefing</title><link>https://harbourgazette.example/2026/10/27/briefing/</link><pubDate>Tue, 27 Oct 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Last week.</p>]]></content:encoded></item>
<item><title>Index</title><link>https://harbourgazette.example/2026/10/26/index/</link><pubDate>Mon, 26 Oct 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>An index.</p>]]></content:encoded></item>
<item><title>_index</title><link>https://harbourgazette.example/2026/10/25/index/</link><pubDate>Sun, 25 Oct 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Another.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn a_dry_run_names_the_files_the_real_run_writes() {
    let base = serve_feed("/same/feed.xml", SAME_TITLE);
    let feed = format!("{base}/same/feed.xml");
    let site = TestSite::fixture("basic");
    let want = [
        "weekly-briefing.md",
        "weekly-briefing-2.md",
        "index-2.md",
        "index-3.md",
    ];
    assert_eq!(dry_run_files(&site, &feed), want);
    let before = news(&site);
    let run = site.run(&["import", &feed, "--licence", "CC-BY-4.0"]);
    run.assert_code(0);
    let wrote: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .filter_map(|l| l.split_once("content/news/"))
        .map(|(_, l)| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(wrote, want);
    assert_eq!(news(&site).len(), before.len() + 4);
    assert!(
        site.read("content/news/weekly-briefing-2.md")
            .contains("Last week.")
    );
}

const ONLY_UPDATED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River Desk</title><link href="https://riverdesk.example/"/><id>tag:riverdesk.example,2026:feed</id><updated>2026-11-05T12:00:00Z</updated>
<entry><title>Only updated date</title><link href="https://riverdesk.example/2026/11/only-updated/"/><id>tag:riverdesk.example,2026:ou</id><updated>2026-11-04T08:15:00-03:00</updated><author><name>Owen Hale</name></author><content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry></feed>"#;

#[test]
fn a_feed_entrys_fill_ins_name_the_feed_elements_looked_in() {
    let base = serve_feed("/only-updated.atom", ONLY_UPDATED);
    let site = TestSite::fixture("basic");
    let run = site.run(&["import", &format!("{base}/only-updated.atom"), "--dry-run"]);
    run.assert_code(0);
    let text = &run.stdout;
    for want in [
        "\ndate: \"FILL-IN: the publication date at the source\"  # not found; looked in the entry's <published>, <pubDate>, <dc:date> (JSON Feed date_published); the source gives only the date it was updated, 2026-11-04T08:15:00-03:00, kept as `updated`\n",
        "\nupdated: 2026-11-04T08:15:00-03:00  # from feed entry updated date\n",
        "\nlicence: \"FILL-IN: the licence profile id\"  # not found; looked in the entry's and the feed's <creativeCommons:license>",
        "  holder: \"FILL-IN: the copyright holder\"  # not found; looked in the entry's and the feed's <rights>, <copyright>, <dc:rights>",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    assert!(!text.contains("JSON-LD"), "{text}");
}

const FULL_ENTRY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link><description>News</description>
<item><title>Ferry fares frozen</title><link>https://harbourgazette.example/2026/11/02/ferry-fares-frozen/</link><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Ferry fares will stay at their 2025 level, the council said on Monday.</p><p>The whole story goes on.</p>]]></content:encoded></item>
</channel></rss>"#;

#[test]
fn an_update_from_an_excerpt_keeps_the_whole_text() {
    let summary = SUMMARY_FEED.to_owned();
    let base = serve_typed(vec![
        ("/full.xml", "application/rss+xml", FULL_ENTRY.to_owned()),
        ("/summary.xml", "application/rss+xml", summary),
    ]);
    let site = TestSite::fixture("basic");
    site.run(&[
        "import",
        &format!("{base}/full.xml"),
        "--licence",
        "CC-BY-ND-4.0",
    ])
    .assert_code(0);
    let rel = "content/news/ferry-fares-frozen.md";
    let before = site.read(rel);
    let run = site.run(&["import", &format!("{base}/summary.xml"), "--update"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("gives only an excerpt"),
        "{}",
        run.stdout
    );
    assert_eq!(site.read(rel), before);
}
