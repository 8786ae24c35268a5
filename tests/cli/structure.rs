//! A site's shape beyond its articles: own pages, sections, moved stories,
//! summaries, scheduled and withdrawn articles, and withholding failures.

use crate::support::TestSite;

const HARBOUR: &str = "content/news/harbour.md";

fn built(site: &TestSite) -> crate::support::Run {
    let run = site.run(&["build"]);
    run.assert_code(0);
    run
}

fn sources(report: &serde_json::Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["source"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Where a build of `site` leaves out the harbour article: not published,
/// not listed, not in feeds, the sitemap or its neighbours' links.
fn assert_left_out(site: &TestSite) {
    assert!(!site.path("public/news/harbour/index.html").exists());
    for file in [
        "public/index.html",
        "public/atom.xml",
        "public/rss.xml",
        "public/sitemap.xml",
        "public/news/index.html",
        "public/news/atom.xml",
        "public/tags/climate/index.html",
        "public/news/late-opening/index.html",
        "public/news/libraries/index.html",
    ] {
        let text = site.read(file);
        assert!(!text.contains("/news/harbour/"), "{file} links it:\n{text}");
        assert!(!text.contains("Salt Marsh"), "{file} names it");
    }
    // The neighbours now link to each other.
    assert!(
        site.read("public/news/late-opening/index.html")
            .contains("/news/libraries/")
    );
}

#[test]
fn an_own_page_needs_no_licence_and_stays_out_of_lists_and_feeds() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/about.md",
        "---\ntype: page\ntitle: About the Review\n---\nWe republish local reporting.\n",
    );
    let run = built(&site);
    let about = site.read("public/about/index.html");
    assert!(about.contains("<h1>About the Review</h1>"), "{about}");
    assert!(about.contains("We republish local reporting."));
    // The theme links it from every page, and the sitemap lists it.
    assert!(
        site.read("public/index.html")
            .contains("https://example.org/about/")
    );
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/about/</loc>")
    );
    for file in ["public/atom.xml", "public/rss.xml"] {
        assert!(!site.read(file).contains("About the Review"), "{file}");
    }
    assert!(
        !site
            .read("public/index.html")
            .contains("<h2><a href=\"https://example.org/about/\"")
    );
    // Not a republication: never checked, so not in the report.
    let report: serde_json::Value =
        serde_json::from_str(&site.read("public/compliance.json")).unwrap();
    assert!(
        !sources(&report, "pages")
            .iter()
            .any(|s| s.contains("about"))
    );
    assert!(run.stdout.contains("3 pages checked"), "{}", run.stdout);
}

#[test]
fn an_own_page_refuses_the_fields_of_a_republication() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/about.md",
        "---\ntype: page\ntitle: About\nlicence: CC-BY-4.0\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/about.md:4:1")
            && run
                .stderr
                .contains("`licence` does not apply to an own page"),
        "{}",
        run.stderr
    );
    site.write(
        "content/about.md",
        "---\ntype: pgae\ntitle: About\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("unknown `type` \"pgae\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_without_page_html_fails_only_for_a_site_with_pages() {
    let site = TestSite::fixture("basic");
    site.remove("themes/default/templates/page.html");
    site.run(&["check"]).assert_code(0);
    site.write(
        "content/about.md",
        "---\ntype: page\ntitle: About\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("has no page.html template") && run.stderr.contains("content/about.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_section_lists_its_folder_with_its_index_and_feed() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/_index.md",
        "---\ntitle: Latest news\n---\nStories from the *coast* and the council.\n",
    );
    built(&site);
    let page = site.read("public/news/index.html");
    assert!(
        page.contains("<h1 class=\"page-title\">Latest news</h1>"),
        "{page}"
    );
    assert!(page.contains("Stories from the <em>coast</em>"));
    // paginate = 2 in the fixture: three articles make two pages.
    assert!(page.contains("/news/late-opening/") && page.contains("/news/harbour/"));
    let second = site.read("public/news/page/2/index.html");
    assert!(second.contains("/news/libraries/"), "{second}");
    let feed = site.read("public/news/atom.xml");
    assert!(
        feed.contains("<title>Fixture Review: Latest news</title>"),
        "{feed}"
    );
    assert_eq!(feed.matches("<entry>").count(), 3);
    // `_index.md` is never an article.
    assert!(!site.path("public/news/_index/index.html").exists());
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://example.org/news/</loc>")
    );
    assert!(
        site.read("public/index.html")
            .contains("https://example.org/news/\">Latest news</a>")
    );
}

#[test]
fn an_article_on_a_sections_address_is_refused() {
    let site = TestSite::fixture("basic");
    let text = site.read(HARBOUR);
    site.write("content/news/index.md", &text);
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/news/index.md")
            && run.stderr.contains("is the list page of the section"),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_redirect_and_are_listed_in_the_report() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replacen(
            "---\n",
            "---\naliases: [/2026/10/salt-marsh, /old/harbour.html]\n",
            1,
        )
    });
    built(&site);
    for file in [
        "public/2026/10/salt-marsh/index.html",
        "public/old/harbour.html",
    ] {
        let page = site.read(file);
        assert!(
            page.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/news/harbour/\">"
            ) && page
                .contains("<link rel=\"canonical\" href=\"https://example.org/news/harbour/\">")
                && page.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{file}: {page}"
        );
    }
    let report: serde_json::Value =
        serde_json::from_str(&site.read("public/compliance.json")).unwrap();
    let harbour = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == HARBOUR)
        .unwrap();
    assert_eq!(
        harbour["aliases"],
        serde_json::json!(["/2026/10/salt-marsh/", "/old/harbour.html"])
    );
    // The redirect is not a page search engines should list.
    assert!(!site.read("public/sitemap.xml").contains("salt-marsh"));
}

#[test]
fn aliases_must_be_free_site_paths() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replacen(
            "---\n",
            "---\naliases: [\"https://elsewhere.example.org/a\"]\n",
            1,
        )
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains(&format!("{HARBOUR}:2:"))
            && run.stderr.contains("must start with a single `/`"),
        "{}",
        run.stderr
    );
    site.edit(HARBOUR, |s| {
        s.replace("\"https://elsewhere.example.org/a\"", "/news/libraries/")
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains(
            "the alias /news/libraries/ is already the address of content/news/libraries.md"
        ),
        "{}",
        run.stderr
    );
    // Nor a page's own file, nor one of the files reprint writes: the
    // alias page would overwrite it.
    let mut current = "/news/libraries/".to_owned();
    for (alias, says) in [
        (
            "/news/libraries/index.html",
            "is already the address of content/news/libraries.md",
        ),
        ("/index.html", "is an address reprint generates"),
        ("/404.html", "is an address reprint generates"),
        ("/atom.xml", "is an address reprint generates"),
        ("/compliance.json", "is an address reprint generates"),
        ("/news/atom.xml", "is an address reprint generates"),
        ("/news/page/2/", "is an address reprint generates"),
    ] {
        site.edit(HARBOUR, |s| {
            s.replace(
                &format!("aliases: [{current}]"),
                &format!("aliases: [{alias}]"),
            )
        });
        current = alias.to_owned();
        for command in ["check", "build"] {
            let run = site.run(&[command]);
            run.assert_code(2);
            assert!(
                run.stderr.contains(&format!("{HARBOUR}:2:")) && run.stderr.contains(says),
                "{alias} ({command}): {}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_repeated_alias_is_named_as_such_not_as_a_page_address() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replacen("---\n", "---\naliases: [/old/harbour/, /old/harbour/]\n", 1)
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("the alias /old/harbour/ is listed twice")
            && !run.stderr.contains("already the address"),
        "{}",
        run.stderr
    );
    site.edit(HARBOUR, |s| s.replace(", /old/harbour/]", "]"));
    site.edit("content/news/libraries.md", |s| {
        s.replacen("---\n", "---\naliases: [/old/harbour/]\n", 1)
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("is already an alias of content/news/")
            && !run.stderr.contains("already the address"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_folders_that_slug_alike_are_one_url_and_an_input_error() {
    let site = TestSite::fixture("basic");
    let harbour = site.read(HARBOUR);
    site.write("content/News/other.md", &harbour);
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        run.assert_code(2);
        assert!(
            run.stderr
                .contains("two sections on one URL /news/: content/News/ and content/news/"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
}

#[test]
fn an_alias_that_differs_from_an_address_only_in_case_is_refused() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replacen("---\n", "---\naliases: [/News/Libraries/]\n", 1)
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains(
            "the alias /News/Libraries/ differs only in case from /news/libraries/, the address of content/news/libraries.md"
        ),
        "{}",
        run.stderr
    );
    // Two aliases of that kind, too; an alias with capitals alone is fine.
    site.edit(HARBOUR, |s| {
        s.replace("[/News/Libraries/]", "[/Old/Marsh/]")
    });
    site.run(&["check"]).assert_code(0);
    site.edit("content/news/libraries.md", |s| {
        s.replacen("---\n", "---\naliases: [/old/marsh/]\n", 1)
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("differs only in case from /Old/Marsh/"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_section_feed_is_dated_by_the_site_not_1970() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/letters/_index.md",
        "---\ntitle: Letters\n---\nNone printed yet.\n",
    );
    site.run(&["build"]).assert_code(0);
    let updated = |feed: &str| {
        let text = site.read(feed);
        let start = text.find("<updated>").expect("a feed-level <updated>") + 9;
        text[start..start + 20].to_owned()
    };
    let empty = updated("public/letters/atom.xml");
    assert!(!empty.starts_with("1970"), "{empty}");
    assert_eq!(empty, updated("public/atom.xml"));
    assert!(!site.read("public/letters/atom.xml").contains("<entry>"));
}

#[test]
fn a_more_marker_ends_the_summary() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replace(
            "---\nThe council voted",
            "---\nA marsh returns.\n\nThe sea wall goes.\n\n<!-- more -->\n\nThe council voted",
        )
    });
    built(&site);
    let index = site.read("public/index.html");
    assert!(
        index.contains("<p class=\"summary\">A marsh returns. The sea wall goes.</p>"),
        "{index}"
    );
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("A marsh returns. The sea wall goes."),
        "{feed}"
    );
}

#[test]
fn an_article_before_its_window_is_held_and_after_it_withdrawn() {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replacen("---\n", "---\nrights:\n  from: 2999-01-01\n", 1)
    });
    let run = built(&site);
    assert!(
        run.stderr
            .contains("note: content/news/harbour.md held until 2999-01-01"),
        "{}",
        run.stderr
    );
    assert_left_out(&site);
    let report: serde_json::Value =
        serde_json::from_str(&site.read("public/compliance.json")).unwrap();
    assert_eq!(report["held"][0]["source"], HARBOUR);
    assert_eq!(report["held"][0]["status"], "held");
    assert_eq!(report["held"][0]["reason"], "held until 2999-01-01");
    assert_eq!(report["summary"]["held"], 1);

    site.edit(HARBOUR, |s| {
        s.replace("from: 2999-01-01", "until: 2001-02-03")
    });
    let run = built(&site);
    assert!(
        run.stderr
            .contains("withdrawn: the right to republish ended on 2001-02-03"),
        "{}",
        run.stderr
    );
    assert_left_out(&site);
}

#[test]
fn a_link_to_an_article_left_out_warns_and_the_build_goes_on() {
    const LATE: &str = "content/news/late-opening.md";
    let link = |s: String| format!("{s}\nSee [the harbour story](/news/harbour/).\n");
    // Withdrawn: its right to republish ended.
    let site = TestSite::fixture("basic");
    site.edit(LATE, link);
    site.edit(HARBOUR, |s| {
        s.replacen("---\n", "---\nrights:\n  until: 2001-02-03\n", 1)
    });
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(&format!("{LATE}:"))
            && run.stderr.contains("warning: the link to /news/harbour/ leads to content/news/harbour.md, which this build leaves out (withdrawn"),
        "{}",
        run.stderr
    );
    // Withheld: it fails its licence, and the build leaves it out.
    let site = failing_site();
    site.edit(LATE, link);
    let run = site.run(&["build", "--withhold"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("which this build leaves out (withheld: fails"),
        "{}",
        run.stderr
    );
}

/// The fixture with the harbour article failing its licence: its source
/// link goes nowhere.
fn failing_site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit(HARBOUR, |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    site
}

#[test]
fn withholding_publishes_the_compliant_pages_and_reports_the_rest() {
    let site = failing_site();
    site.run(&["build"]).assert_code(1);
    assert!(!site.path("public").exists());

    let run = site.run(&["build", "--withhold"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains(
            "warning: 1 article failed the compliance check and was left out of the site"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("content/news/harbour.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("withheld:"), "{}", run.stdout);
    assert_left_out(&site);
    let report: serde_json::Value =
        serde_json::from_str(&site.read("public/compliance.json")).unwrap();
    assert_eq!(report["summary"]["failed"], 0, "{report:#}");
    assert!(!sources(&report, "pages").contains(&HARBOUR.to_owned()));
    let held = &report["held"][0];
    assert_eq!(held["source"], HARBOUR);
    assert_eq!(held["status"], "withheld");
    assert!(
        held["reason"]
            .as_str()
            .unwrap()
            .starts_with("withheld: fails ")
    );
    assert!(
        !held["violations"].as_array().unwrap().is_empty(),
        "{held:#}"
    );
}

#[test]
fn on_violation_withhold_in_config_does_the_same_for_check() {
    let site = failing_site();
    site.run(&["check"]).assert_code(1);
    site.edit("config.toml", |s| {
        format!("on_violation = \"withhold\"\n{s}")
    });
    let run = site.run(&["check"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("was left out of the site"),
        "{}",
        run.stderr
    );
    site.edit("config.toml", |s| s.replace("\"withhold\"", "\"ignore\""));
    site.run(&["check"]).assert_code(2);
}

#[test]
fn the_example_site_has_own_pages_and_a_news_section() {
    let site = TestSite::example();
    built(&site);
    assert!(
        site.read("public/about/index.html")
            .contains("About Cross-Post Review")
    );
    assert!(
        site.read("public/republishing-policy/index.html")
            .contains("Republishing policy")
    );
    assert!(
        site.read("public/news/index.html")
            .contains("Breaking and developing stories")
    );
    assert!(site.path("public/news/atom.xml").is_file());
}

#[test]
fn an_index_outside_a_section_folder_is_refused() {
    let site = TestSite::fixture("basic");
    site.write("content/_index.md", "---\ntitle: Home\n---\nIntro.\n");
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/_index.md")
            && run.stderr.contains("read only in a top-level folder"),
        "{}",
        run.stderr
    );
    site.remove("content/_index.md");
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\nlicence: CC-BY-4.0\n---\nIntro.\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/news/_index.md:3:1")
            && run
                .stderr
                .contains("`licence` does not apply to a section's `_index.md`"),
        "{}",
        run.stderr
    );
}
