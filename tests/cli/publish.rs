//! Feeds, sitemap, robots.txt, head metadata, `new` and `init`.

use crate::support::{TestSite, json_ld, json_ld_text, reprint};

fn parse_feed(site: &TestSite, rel: &str) -> feed_rs::model::Feed {
    let xml = site.read(rel);
    feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{rel} does not parse as a feed: {e}"))
}

#[test]
fn every_feed_entry_carries_authors_rights_a_link_to_the_source_and_the_full_text() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let atom = parse_feed(&site, "public/atom.xml");
    assert_eq!(atom.entries.len(), 6);
    for entry in &atom.entries {
        let link = &entry
            .links
            .iter()
            .find(|l| l.rel.as_deref() != Some("via") && l.rel.as_deref() != Some("license"))
            .unwrap()
            .href;
        let path = link.trim_start_matches("https://example.org/");
        let page = site.read(&format!("public/{path}index.html"));
        assert!(!entry.authors.is_empty(), "{link}: no author");
        for a in &entry.authors {
            let name = a.name.as_deref().unwrap_or("");
            assert!(
                !name.is_empty() && page.contains(name),
                "{link}: author {name:?} is not the article's"
            );
        }
        let via = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("via"))
            .unwrap_or_else(|| panic!("{link}: no rel=via"));
        assert!(via.href.starts_with("https://"), "{link}: {}", via.href);
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(
            content.contains(&format!("href=\"{}\"", via.href)),
            "{link}: the content has no credit line linking the source"
        );
        assert!(content.contains("Republished from"), "{link}");

        if entry.rights.is_none() {
            assert!(
                link.contains("free-flu-clinics"),
                "{link}: only the CC0 notice has no copyright holder"
            );
        }
    }
    let seed = atom
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .unwrap()
                .content
                .starts_with("Rejecting Pentagon")
        })
        .unwrap();
    assert_eq!(
        seed.rights.as_ref().unwrap().content,
        "Copyright \u{a9} Jon Queally, Common Dreams, 2014"
    );
    assert_eq!(seed.authors[0].name.as_deref(), Some("Jon Queally"));
    let body = seed.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        body.contains("However, the US and Iran remain deeply opposed over Syria"),
        "the whole article"
    );

    let rss = parse_feed(&site, "public/rss.xml");
    assert_eq!(rss.entries.len(), 6);
    let crosspost = rss
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .unwrap()
                .content
                .starts_with("Central Library")
        })
        .unwrap();
    assert_eq!(crosspost.authors[0].name.as_deref(), Some("Samir Haddad"));
    let summary = crosspost
        .summary
        .as_ref()
        .map(|s| s.content.clone())
        .or_else(|| crosspost.content.as_ref().and_then(|c| c.body.clone()))
        .unwrap();
    assert!(
        summary.contains("The original source of this article is The Civic Ledger (example)"),
        "the credit wording"
    );

    let term = parse_feed(&site, "public/tags/iran/atom.xml");
    assert_eq!(term.entries.len(), 1);
}

#[test]
fn a_feed_template_that_drops_rights_fails_check() {
    let site = TestSite::fixture("basic");
    let (code, _) = site.check_json();
    assert_eq!(code, 0);
    site.edit("themes/default/templates/atom.xml", |s| {
        s.replace("<rights>{{ page.copyright_line }}</rights>", "")
    });
    let (code, report) = site.check_json();
    assert_eq!(code, 1);
    let failing: Vec<_> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "fail")
        .collect();
    assert!(
        failing
            .iter()
            .all(|p| p["source"].as_str().unwrap().ends_with("atom.xml")),
        "{failing:#?}"
    );
    assert!(failing.iter().any(|p| p["source"] == "atom.xml"));
    assert!(
        failing
            .iter()
            .any(|p| p["source"] == "tags/climate/atom.xml")
    );
    assert!(
        failing
            .iter()
            .all(|p| p["violations"][0]["rule"] == "copyright")
    );
}

#[test]
fn a_feed_template_that_drops_the_credit_fails_for_profiles_that_ask_for_it() {
    let site = TestSite::fixture("basic");
    site.edit("themes/default/templates/rss.xml", |s| {
        s.replace("{{ page.attribution_html | cdata }}", "")
    });
    let (code, report) = site.check_json();
    assert_eq!(code, 1);
    let rss: Vec<_> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"] == "rss.xml" && p["status"] == "fail")
        .collect();
    let rules: Vec<&str> = rss
        .iter()
        .flat_map(|p| p["violations"].as_array().unwrap())
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    // Every entry loses its source link; the cross-post notice's entry also loses its credit.
    assert!(
        rules.contains(&"source-link") && rules.contains(&"credit"),
        "{rules:?}"
    );
    // The feed, not the article page, is named as what to fix.
    let credit = rss
        .iter()
        .flat_map(|p| p["violations"].as_array().unwrap())
        .find(|v| v["rule"] == "credit")
        .unwrap();
    let message = credit["message"].as_str().unwrap();
    assert!(message.contains("not shown in the feed entry"), "{credit}");
    assert!(
        message.contains("visible text in the feed template"),
        "{credit}"
    );
}

#[test]
fn the_404_page_is_not_indexed_nor_shared_as_the_home_page() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/404.html");
    assert!(
        page.contains(r#"<meta name="robots" content="noindex">"#),
        "{page}"
    );
    assert!(!page.contains("og:url"), "{page}");
    assert!(!site.read("public/sitemap.xml").contains("404"));
}

#[test]
fn open_graph_locales_name_a_territory() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let tag = |page: &str| {
        let html = site.read(page);
        html.lines()
            .find(|l| l.contains("og:locale"))
            .map(str::to_owned)
    };
    let en_us = r#"<meta property="og:locale" content="en_US">"#;
    assert_eq!(tag("public/index.html").as_deref(), Some(en_us));
    assert_eq!(
        tag("public/news/harbour/index.html").as_deref(),
        Some(en_us)
    );
    site.edit("config.toml", |s| {
        s.replacen("title", "language = \"it\"\ntitle", 1)
    });
    site.run(&["build"]).assert_code(0);
    assert_eq!(tag("public/index.html"), None);
}

#[test]
fn robots_names_no_sitemap_when_the_site_has_relative_urls() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "/"]).assert_code(0);
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\nAllow: /\n");
}

#[test]
fn a_base_url_with_a_query_is_refused_before_anything_is_written() {
    let site = TestSite::fixture("basic");
    let run = site.run(&[
        "build",
        "--base-url",
        "https://preview.example.net/pr-3/?ref=ci",
    ]);
    run.assert_code(2);
    assert!(run.stderr.contains("query or a fragment"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn sitemap_robots_and_feeds_are_well_formed_and_use_the_base_url() {
    let site = TestSite::example();
    site.run(&["build", "--base-url", "https://preview.example.net/pr-3/"])
        .assert_code(0);
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://preview.example.net/pr-3/news/iran-denies-airstrikes-in-iraq/")
    );
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://preview.example.net/pr-3/"))
    );
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("lastmod"))
            .count()
            >= 6
    );
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://preview.example.net/pr-3/sitemap.xml\n"
    );
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "xml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            assert!(
                !text.contains("https://example.org/"),
                "{} ignores --base-url",
                entry.path().display()
            );
        }
    }
}

#[test]
fn article_heads_carry_canonical_json_ld_and_social_tags() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/iran-denies-airstrikes-in-iraq/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/news/iran-denies-airstrikes-in-iraq/\">"), "self-canonical by default");
    assert!(page.contains("<meta property=\"og:title\""));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(
        !page.contains("og:image"),
        "the AFP photograph is all rights reserved"
    );
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["author"][0]["name"], "Jon Queally");
    assert_eq!(ld["datePublished"], "2014-12-03T00:00:00Z");
    assert_eq!(ld["publisher"]["name"], "Cross-Post Review");
    assert_eq!(ld["sourceOrganization"]["name"], "Common Dreams");
    assert_eq!(ld["copyrightHolder"]["name"], "Jon Queally, Common Dreams");
    assert_eq!(ld["copyrightYear"], 2014);
    assert_eq!(
        ld["copyrightNotice"],
        "Copyright \u{a9} Jon Queally, Common Dreams, 2014"
    );
    assert_eq!(
        ld["license"],
        "https://globalresearch.ca/fundraising-global-research-anniversary-22-years-courageous-reporting-truth-telling/5831584"
    );
    assert_eq!(
        ld["isBasedOn"],
        "https://www.commondreams.org/news/2014/12/03/rejecting-pentagon-claims-iran-denies-conducting-airstrikes-inside-iraq"
    );
    assert_eq!(
        ld["creditText"],
        "The original source of this article is Global Research"
    );
    assert!(ld.get("image").is_none());
    // Keys in byte order at every level, as every version has written them:
    // a page's JSON-LD does not change when reprint does.
    assert_eq!(json_ld_text(&page), serde_json::to_string(&ld).unwrap());
}

#[test]
fn a_profile_asking_for_noindex_or_canonical_changes_the_head() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace(
            "rules = [\"byline\", \"copyright\", \"source-link\", \"credit\"]",
            "rules = [\"byline\", \"copyright\", \"source-link\", \"credit\", \"noindex\"]",
        )
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/late-opening/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        !site
            .read("public/news/harbour/index.html")
            .contains("noindex")
    );
}

#[test]
fn init_makes_a_site_that_builds_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let run = reprint(&["init", "site"], dir.path());
    run.assert_code(0);
    let root = dir.path().join("site");
    let root_arg = root.to_string_lossy().into_owned();
    reprint(&["check", "--root", &root_arg], dir.path()).assert_code(0);
    let built = reprint(&["build", "--root", &root_arg], dir.path());
    built.assert_code(0);
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/atom.xml").is_file());
    let again = reprint(&["init", "site"], dir.path());
    again.assert_code(2);
    assert!(again.stderr.contains("never overwrites"));
}

#[test]
fn new_writes_placeholders_that_check_rejects_until_filled() {
    let site = TestSite::fixture("basic");
    let run = site.run(&[
        "new",
        "content/news/fresh.md",
        "--licence",
        "cc-by-nd-4.0",
        "--source-url",
        "https://fresh.example.org/story",
        "--title",
        "A Fresh Story",
    ]);
    run.assert_code(0);
    let text = site.read("content/news/fresh.md");
    assert!(text.contains("licence: CC-BY-ND-4.0"));
    assert!(text.contains("url: \"https://fresh.example.org/story\""));
    assert!(text.contains("title: \"A Fresh Story\""));
    let check = site.run(&["check"]);
    check.assert_code(2);
    for field in [
        "`authors`",
        "`date`",
        "`source.name`",
        "`copyright.holder`",
        "`copyright.year`",
        "`fingerprint`",
        "the body",
    ] {
        assert!(
            check
                .stderr
                .contains(&format!("{field} still holds a FILL-IN placeholder")),
            "{field}:\n{}",
            check.stderr
        );
    }
    // Filled in, it passes.
    site.edit("content/news/fresh.md", |s| {
        s.replace("\"FILL-IN: the author's name, as the source credits it\"", "Lena Ortiz")
            .replace("\"FILL-IN: the publication you took the article from\"", "Fresh Wire")
            .replace("\"FILL-IN: the copyright holder, as the source's notice states it\"", "Fresh Wire")
            .replace("\"FILL-IN: the year in that notice\"", "2026")
            .replace("\"FILL-IN: the date the source published it, as YYYY-MM-DD\"", "2026-03-02")
            .replace("FILL-IN: paste the article's text here, exactly as published: its licence allows no changes.", "The story as published.")
    });
    let fp = site.run(&[
        "fingerprint",
        &site.path("content/news/fresh.md").to_string_lossy(),
    ]);
    site.edit("content/news/fresh.md", |s| {
        let start = s.find("fingerprint: \"").unwrap();
        let end = start + s[start..].find('\n').unwrap();
        format!(
            "{}fingerprint: {}{}",
            &s[..start],
            fp.stdout.trim(),
            &s[end..]
        )
    });
    site.run(&["check"]).assert_code(0);
}

#[test]
fn new_refuses_a_path_that_climbs_out_of_content() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["new", "content/../../escape.md", "--licence", "cc-by-4.0"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("articles live under the site's content/ folder"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("../escape.md").exists());
}

#[test]
fn new_refuses_to_overwrite_and_asks_for_a_licence() {
    let site = TestSite::fixture("basic");
    site.run(&["new", "content/news/harbour.md", "--licence", "CC-BY-4.0"])
        .assert_code(2);
    let run = site.run(&["new", "content/news/x.md"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--licence"));
    let run = site.run(&["new", "content/news/x.md", "--licence", "CC-BY-9.0"]);
    run.assert_code(2);
    assert!(run.stderr.contains("did you mean"));
}

#[test]
fn the_deploy_guide_includes_the_workflow_file_as_it_is() {
    let workflow =
        std::fs::read_to_string(crate::support::repo().join(".github/workflows/deploy.yml"))
            .unwrap();
    let guide = std::fs::read_to_string(crate::support::repo().join("docs/deploy.md")).unwrap();
    assert!(
        guide.contains(&format!("```yaml\n{workflow}```")),
        "docs/deploy.md must quote .github/workflows/deploy.yml exactly"
    );
    assert!(workflow.contains("reprint build") && workflow.contains("--format github"));
}

#[test]
fn a_title_that_closes_a_script_stays_inside_the_json_ld() {
    let site = TestSite::example();
    let rel = "content/news/iran-denies-airstrikes-in-iraq.md";
    site.edit(rel, |text| {
        text.replacen(
            "title: \"Rejecting",
            "title: \"</script><script>alert(1)</script> Rejecting",
            1,
        )
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/iran-denies-airstrikes-in-iraq/index.html");
    // Only text: escaped in the HTML, and `<\/` inside the JSON-LD.
    assert!(!page.contains("</script><script>alert(1)"), "{page}");
    let ld = json_ld(&page);
    assert!(
        ld["headline"]
            .as_str()
            .unwrap()
            .starts_with("</script><script>alert(1)</script> Rejecting")
    );
}

#[test]
fn markup_in_front_matter_cannot_end_the_json_ld_script_early_or_late() {
    let site = TestSite::fixture("basic");
    // "<!--" then "<script" would make the parser skip the script's own
    // `</script>` and swallow the page into it.
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "title: \"Harbour Town Votes to Restore Its Salt Marsh\"",
            "title: \"Salt Marsh <!-- <script> </script>\"",
        )
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/harbour/index.html");
    let text = json_ld_text(&page);
    assert!(!text.contains('<'), "{text}");
    assert_eq!(
        json_ld(&page)["headline"],
        "Salt Marsh <!-- <script> </script>"
    );
}
