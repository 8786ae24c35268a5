//! The rules on HTML strings, in process: one small site per test, no theme.

use jiff::Timestamp;

use crate::comply::{CheckContext, Field, PageVerdict, Report, check_article, check_feed};
use crate::content::{LoadOptions, Site};
use crate::licences::Rule;

const ARTICLE: &str = "---
title: Marsh vote
date: 2026-10-14T09:30:00+01:00
authors: [Maren Olsted]
licence: CC-BY-4.0
source:
  name: The Ledger
  url: https://ledger.example.org/marsh
copyright:
  holder: The Ledger
  year: 2026
EXTRA---
The council voted.
";

/// A site with one CC-BY-4.0 article; `extra` adds front-matter lines.
fn site(extra: &str) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(
        root.join("config.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\nlicence = \"CC-BY-SA-4.0\"\n",
    )
    .expect("config");
    std::fs::create_dir_all(root.join("content/news")).expect("content");
    std::fs::write(
        root.join("content/news/marsh.md"),
        ARTICLE.replace("EXTRA", extra),
    )
    .expect("article");
    let site = Site::load(root, &LoadOptions::default()).expect("the test site loads");
    (dir, site)
}

const NOW: &str = "2026-11-01T00:00:00Z";

fn context(site: &Site) -> CheckContext<'_> {
    CheckContext::new(site, NOW.parse::<Timestamp>().expect("time"))
}

fn check(site: &Site, html: &str) -> PageVerdict {
    check_article(&context(site), &site.articles[0], html)
}

/// The verdict on the plain site's article rendered as `GOOD` with `from`
/// replaced by `to`.
fn check_edited((from, to): (&str, &str)) -> PageVerdict {
    let (_dir, site) = site("");
    check(&site, &GOOD.replace(from, to))
}

fn rules(v: &PageVerdict) -> Vec<Rule> {
    v.violations.iter().map(|(x, _)| x.rule).collect()
}

/// A page that keeps every CC-BY-4.0 term.
const GOOD: &str = r#"<html><body><article><h1>Marsh vote</h1>
<p class="byline">By Maren Olsted</p><p>The council voted.</p>
<p>Copyright &copy; 2026 The Ledger. <a href="https://ledger.example.org/marsh">Source</a>.
<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></p>
</article></body></html>"#;

#[test]
fn a_page_that_keeps_the_terms_passes() {
    let (_dir, site) = site("");
    let v = check(&site, GOOD);
    assert!(v.violations.is_empty(), "{:?}", v.violations);
}

// Edits of `GOOD` that drop one term each.
const BYLINE: (&str, &str) = (
    "<p class=\"byline\">By Maren Olsted</p>",
    "<p hidden>By Maren Olsted</p>",
);
const RELATIVE_SOURCE: (&str, &str) = ("https://ledger.example.org/marsh", "/marsh");
const SECOND_LICENCE: (&str, &str) = (
    "</article>",
    "</article><footer><a rel=\"license\" href=\"https://creativecommons.org/licenses/by-sa/4.0/\">site</a></footer>",
);

#[test]
fn each_dropped_term_fails_its_rule() {
    for (why, edit, rule) in [
        (
            "an author only in hidden text is not credited",
            BYLINE,
            Rule::Byline,
        ),
        (
            "a copyright line in a comment does not count",
            (
                "Copyright &copy; 2026 The Ledger.",
                "<!-- Copyright 2026 The Ledger -->",
            ),
            Rule::Copyright,
        ),
        (
            "a relative source link fails",
            RELATIVE_SOURCE,
            Rule::SourceLink,
        ),
        (
            "a second licence claim on the page fails",
            SECOND_LICENCE,
            Rule::LicenceLink,
        ),
    ] {
        assert_eq!(rules(&check_edited(edit)), [rule], "{why}");
    }
}

#[test]
fn a_violation_names_its_field_line_and_what_was_found() {
    let v = check_edited(BYLINE);
    let (violation, line) = &v.violations[0];
    assert_eq!(violation.field, Some(Field::Authors));
    assert_eq!(*line, 4, "points at the `authors:` line");
    let v = check_edited(RELATIVE_SOURCE);
    assert_eq!(
        v.violations[0].0.found.as_deref(),
        Some("links to /marsh, https://creativecommons.org/licenses/by/4.0/")
    );
    let v = check_edited(SECOND_LICENCE);
    assert!(v.violations[0].0.message.contains("different licence"));
}

#[test]
fn changes_must_be_shown_and_a_rights_window_must_be_open() {
    let (_dir, site) = site("changes: Two paragraphs cut.\nrights:\n  until: 2026-10-31\n");
    let v = check(&site, GOOD);
    assert_eq!(rules(&v), [Rule::ChangesNoted, Rule::RightsWindow]);
    let html = GOOD.replace("</article>", "<p>Two paragraphs cut.</p></article>");
    assert_eq!(rules(&check(&site, &html)), [Rule::RightsWindow]);
}

/// An Atom feed whose entry for `url` names no author and carries no
/// rights line.
fn atom(url: &str) -> String {
    format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Marsh vote</title>
        <link rel="alternate" href="{url}"/><link rel="via" href="https://ledger.example.org/marsh"/></entry></feed>"#
    )
}

/// A JSON feed whose item for `url` has no authors, and content without
/// the copyright line.
fn json_feed(url: &str) -> String {
    format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{{"id":"{url}","url":"{url}","content_html":"<p>Body. Republished from <a href=\"https://ledger.example.org/marsh\">The Ledger</a>.</p>"}}]}}"#
    )
}

#[test]
fn feed_entries_of_either_format_are_held_to_the_same_rules() {
    let (_dir, site) = site("");
    let cx = context(&site);
    let url = site.config.permalink(&site.articles[0].url);
    for (file, feed, malformed) in [
        ("atom.xml", atom(&url), "<feed>"),
        ("feed.json", json_feed(&url), "{"),
    ] {
        let path = format!("/{file}");
        let entries = check_feed(&cx, file, &path, &feed).expect("well-formed");
        assert_eq!(
            rules(&entries[0]),
            [Rule::Byline, Rule::Copyright],
            "{file}"
        );
        assert!(check_feed(&cx, file, &path, malformed).is_err(), "{file}");
    }
}

#[test]
fn feed_entries_answer_only_for_what_they_break_on_their_own() {
    let (_dir, site) = site("");
    let cx = context(&site);
    let url = site.config.permalink(&site.articles[0].url);
    let entries = check_feed(&cx, "atom.xml", "/atom.xml", &atom(&url)).expect("well-formed");
    assert_eq!(
        entries[0].entry_of.as_deref(),
        Some("content/news/marsh.md")
    );

    // The article's page fails the byline too: the report and serve's count
    // both keep only the entry's copyright.
    let page = check(&site, &GOOD.replace("By Maren Olsted", ""));
    let verdicts = vec![page, entries[0].clone()];
    let report = Report::new(verdicts.clone());
    assert_eq!(rules(&report.pages[1]), [Rule::Copyright]);
    let failing = report.pages.iter().filter(|p| !p.passed()).count();
    assert_eq!(Report::failing_pages(&verdicts), failing);
    assert_eq!(failing, 2);
}

#[test]
fn a_feed_entry_is_found_however_its_link_is_written_or_refused() {
    let (_dir, site) = site("");
    let cx = context(&site);
    let article = &site.articles[0];
    let permalink = site.config.permalink(&article.url);
    let source = article.source.as_ref().and_then(|s| s.url.clone()).unwrap();
    let entry = |inner: &str| {
        format!(
            r#"<rss version="2.0"><channel><title>T</title><item><title>Marsh vote</title>{inner}</item></channel></rss>"#
        )
    };
    for (what, feed) in [
        ("relative", atom(&article.url)),
        ("tracking", atom(&format!("{permalink}?utm_source=feed"))),
        ("guid only", entry(&format!("<guid>{permalink}</guid>"))),
        ("source", entry(&format!("<link>{source}</link>"))),
    ] {
        let entries = check_feed(&cx, "rss.xml", "/rss.xml", &feed).expect(what);
        assert_eq!(entries.len(), 1, "{what}");
        assert!(rules(&entries[0]).contains(&Rule::Byline), "{what}");
    }
    // An entry that leads nowhere the site knows cannot be checked: the
    // template is at fault.
    let problem = check_feed(
        &cx,
        "rss.xml",
        "/rss.xml",
        &entry("<link>https://elsewhere.example/x</link>"),
    )
    .unwrap_err();
    assert!(
        matches!(problem, crate::comply::feed::FeedProblem::UnlinkedEntry(_)),
        "{problem}"
    );
    assert!(problem.to_string().contains("\"Marsh vote\""), "{problem}");
    // The site's own pages carry no licence: their entries are not checked.
    let home = entry(&format!("<link>{}</link>", site.config.permalink("/")));
    assert!(
        check_feed(&cx, "rss.xml", "/rss.xml", &home)
            .unwrap()
            .is_empty()
    );
}
