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
fn a_publishers_own_footer_gives_the_copyright_of_its_story() {
    let base = serve_pages();
    let site = TestSite::fixture("basic");
    let out = dry_run(&site, &format!("{base}/publisher-footer.html"), &[]);
    assert_eq!(
        summary(&out, "copyright.holder"),
        "The Ledger  [copyright line in the site's footer]",
        "{out}"
    );
    assert_eq!(
        summary(&out, "copyright.year"),
        "2024  [copyright line in the site's footer]",
        "{out}"
    );
    assert!(
        summary(&out, "licence").starts_with("CC-BY-ND-4.0"),
        "{out}"
    );
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

#[test]
fn what_is_neither_a_page_nor_a_feed_is_refused_and_nothing_written() {
    let base = crate::import_server::serve_bytes(|_, path, _| {
        let (kind, body): (&str, &[u8]) = match path {
            "/data.json" => ("application/json", br#"{"hello": "world"}"#),
            "/notes.txt" => ("text/plain", b"Some notes, no markup."),
            "/doc.pdf" => ("application/pdf", b"%PDF-1.4 fake"),
            "/img.png" => ("image/png", b"\x89PNG\r\n\x1a\n\xff\xfe\x00"),
            _ => ("text/plain", b"<p>A pasted snippet served as text.</p>"),
        };
        (200, format!("Content-Type: {kind}\r\n"), body.to_vec())
    });
    let site = TestSite::fixture("basic");
    let before = crate::support::tree(site.root());
    for (path, kind) in [
        ("data.json", "application/json"),
        ("notes.txt", "text/plain"),
        ("doc.pdf", "application/pdf"),
        ("img.png", "image/png"),
    ] {
        let run = site.run(&["import", &format!("{base}/{path}")]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains(&format!("{path} is {kind}, not an HTML page or a feed")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(crate::support::tree(site.root()), before);
    // Markup served as plain text is still a page.
    let out = dry_run(&site, &format!("{base}/snippet.txt"), &[]);
    assert!(out.contains("A pasted snippet served as text."), "{out}");
}

#[test]
fn empty_standard_input_is_refused() {
    let site = TestSite::fixture("basic");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["import", "-", "--root"])
        .arg(site.root())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standard input was empty"), "{stderr}");
    assert!(!site.path("content/news/imported.md").exists());
}

#[test]
fn a_page_is_read_in_the_charset_it_declares() {
    let base = crate::import_server::serve_bytes(|_, path, _| {
        let page = |meta: &str, text: &[u8]| {
            let mut body =
                format!("<!DOCTYPE html><html><head>{meta}</head><body><article>").into_bytes();
            body.extend_from_slice(text);
            body.extend_from_slice(b"</article></body></html>");
            body
        };
        match path {
            "/latin1" => (
                200,
                "Content-Type: text/html; charset=iso-8859-1\r\n".into(),
                page("", b"<h1>Caf\xe9 na\xefve closes</h1><p>The caf\xe9 on Rue Saint-\xc9tienne closed.</p>"),
            ),
            _ => (
                200,
                "Content-Type: text/html\r\n".into(),
                page(
                    r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">"#,
                    b"<h1>It\x92s over \x96 the \x93end\x94</h1><p>The last show closed.</p>",
                ),
            ),
        }
    });
    let site = TestSite::fixture("basic");
    let out = dry_run(&site, &format!("{base}/latin1"), &[]);
    assert!(out.contains("title: \"Café naïve closes\""), "{out}");
    assert!(
        out.contains("The café on Rue Saint-Étienne closed."),
        "{out}"
    );
    let out = dry_run(&site, &format!("{base}/cp1252"), &[]);
    assert!(out.contains("title: \"It’s over – the “end”\""), "{out}");
}

#[test]
fn import_needs_the_sites_valid_configuration() {
    let base = serve_pages();
    let url = format!("{base}/story-licence-sentence.html");
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |t| {
        t.replace("paginate = 2\n", "paginate = 2\ncredit_postion = \"top\"\n")
    });
    let before = crate::support::tree(site.root());
    for more in [&[][..], &["--licence", "crosspost-notice"][..]] {
        let mut args = vec!["import", url.as_str()];
        args.extend_from_slice(more);
        let run = site.run(&args);
        run.assert_code(2);
        assert!(run.stderr.contains("config.toml:8"), "{}", run.stderr);
        assert!(!run.stderr.contains("unknown licence"), "{}", run.stderr);
    }
    assert_eq!(crate::support::tree(site.root()), before);

    site.remove("config.toml");
    let run = site.run(&["import", &url]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("cannot read config.toml"),
        "{}",
        run.stderr
    );
    assert!(
        !site
            .path("content/news/museum-opens-its-archive.md")
            .exists()
    );
}

#[test]
fn a_republished_story_records_its_first_publishers_article_and_counter() {
    let base = serve_pages();
    let site = TestSite::fixture("basic");
    let out = dry_run(&site, &format!("{base}/conversation-republished.html"), &[]);
    assert!(
        out.contains(
            "original:  # from \"republished from\" notice\n  name: \"The Conversation\"\n  url: \"https://theconversation.com/why-cities-are-planting-tiny-forests-259001\""
        ),
        "{out}"
    );
    assert!(
        summary(&out, "pixel").starts_with(
            "https://counter.theconversation.com/content/259001/count.gif?distributor=republish-lightbox-basic"
        ),
        "{out}"
    );
    // A credit line linking the publisher's home page does not replace the
    // article address the canonical link gives.
    let out = dry_run(&site, &format!("{base}/canonical-elsewhere.html"), &[]);
    assert!(
        out.contains(
            "  url: \"https://calmatters.org/housing/2025/02/california-housing-law-test/\""
        ),
        "{out}"
    );
}

#[test]
fn update_reports_the_file_it_wrote_and_a_licence_change_at_the_source() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let changed = Arc::new(AtomicBool::new(false));
    let flag = changed.clone();
    let base = serve_with(move |base, _, _| {
        let name = match flag.load(Ordering::SeqCst) {
            true => "update-after.html",
            false => "update-before.html",
        };
        let file = fixture_dir("import").join("pages").join(name);
        let text = std::fs::read_to_string(file)
            .unwrap()
            .replace("{BASE}", base);
        (200, String::new(), text)
    });
    let url = format!("{base}/graph/story.html");
    let site = TestSite::fixture("basic");
    site.run(&["import", &url]).assert_code(0);
    let rel = "content/news/county-opens-cooling-centers.md";
    site.edit(rel, |t| {
        t.replace(
            "title: \"County opens cooling centers\"",
            "title: \"Cooling centers open\"",
        )
    });
    changed.store(true, Ordering::SeqCst);
    let run = site.run(&["import", &url, "--update"]);
    run.assert_code(0);
    let out = &run.stdout;
    assert!(
        out.contains(
            "changed: the source's licence is now CC-BY-NC-ND-4.0: kept yours (CC-BY-4.0)"
        ),
        "{out}"
    );
    assert_eq!(
        summary(out, "title"),
        "Cooling centers open  [the file]",
        "{out}"
    );
    assert_eq!(summary(out, "licence"), "CC-BY-4.0  [the file]", "{out}");
    assert!(
        out.contains("verdict: every CC-BY-4.0 rule has its facts"),
        "{out}"
    );
    let text = site.read(rel);
    assert!(text.contains("licence: CC-BY-4.0"), "{text}");
    assert!(text.contains("until 10 p.m."), "{text}");
}

#[test]
fn a_headline_naming_a_sections_own_page_gets_another_file_name() {
    let base = serve_with(|_, path, _| {
        let title = path.trim_start_matches('/');
        let page = format!(
            r#"<!DOCTYPE html><html><head><meta property="og:title" content="{title}"></head>
            <body><article><p>The figures for the year, district by district.</p></article></body></html>"#
        );
        (200, String::new(), page)
    });
    let site = TestSite::fixture("basic");
    for title in ["Index", "_index"] {
        let run = site.run(&["import", &format!("{base}/{title}"), "--licence", "CC0-1.0"]);
        run.assert_code(0);
        assert!(!run.stdout.contains("/index.md"), "{}", run.stdout);
        assert!(!run.stdout.contains("/_index.md"), "{}", run.stdout);
    }
    assert!(site.path("content/news/index-2.md").exists());
    assert!(site.path("content/news/index-3.md").exists());
}

#[test]
fn a_saved_page_names_its_address_in_og_url_and_a_zero_limit_is_refused() {
    let site = TestSite::fixture("basic");
    let saved = site.path("saved.html");
    std::fs::write(
        &saved,
        r#"<!DOCTYPE html><html><head><meta property="og:url" content="https://prairie.example.org/county-fair/">
        <meta property="og:title" content="The county fair"></head>
        <body><article><p>The fair drew 18,000 people.</p></article></body></html>"#,
    )
    .unwrap();
    let out = dry_run(&site, saved.to_str().unwrap(), &[]);
    assert_eq!(
        summary(&out, "source.url"),
        "https://prairie.example.org/county-fair/  [og:url]",
        "{out}"
    );
    let run = site.run(&["import", saved.to_str().unwrap(), "--limit", "0"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("--limit must be at least 1"),
        "{}",
        run.stderr
    );
}
