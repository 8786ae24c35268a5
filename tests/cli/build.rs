//! `reprint build`: what it writes, and that it never leaves a broken output.

use crate::support::{TestSite, tree};

const EXAMPLE_PAGES: &[&str] = &[
    "index.html",
    "page/2/index.html",
    "404.html",
    "style.css",
    "compliance.json",
    "news/iran-denies-airstrikes-in-iraq/index.html",
    "environment/salt-marsh-restoration/index.html",
    "science/river-sensors/index.html",
    "opinion/why-local-news-needs-libraries/index.html",
    "public-notices/free-flu-clinics/index.html",
    "local/library-late-opening/index.html",
    "tags/index.html",
    "tags/iran/index.html",
    "tags/local-government/index.html",
    "regions/index.html",
    "regions/middle-east-north-africa/index.html",
    "themes/index.html",
    "themes/us-nato-war-agenda/index.html",
];

#[test]
fn the_example_site_builds_every_page() {
    let site = TestSite::example();
    let run = site.run(&["build"]);
    run.assert_code(0);
    for page in EXAMPLE_PAGES {
        assert!(
            site.path("public").join(page).is_file(),
            "missing public/{page}\n{}",
            run.stderr
        );
    }
    let article = site.read("public/news/iran-denies-airstrikes-in-iraq/index.html");
    assert!(
        article
            .contains("Rejecting Pentagon Claims, Iran Denies Conducting Airstrikes Inside Iraq")
    );
    assert!(article.contains("Jon Queally"));
    assert!(article.contains("href=\"https://www.commondreams.org/news/2014/12/03/rejecting-pentagon-claims-iran-denies-conducting-airstrikes-inside-iraq\""));
    // Republished from Global Research under its cross-post notice, which is
    // linked; the licence notice (rel="license") is the first publisher's,
    // which the cross-post notice cannot grant.
    assert!(article.contains("href=\"https://globalresearch.ca/fundraising-global-research-anniversary-22-years-courageous-reporting-truth-telling/5831584\""));
    assert!(
        article.contains(
            "rel=\"license\" href=\"https://creativecommons.org/licenses/by-nc-nd/3.0/\""
        )
    );
    assert_eq!(article.matches("rel=\"license\"").count(), 1);
    assert!(article.contains("href=\"https://www.globalresearch.ca/\">Global Research</a>"));
    assert!(article.contains("Copyright &copy; Jon Queally, Common Dreams, 2014"));
    assert!(article.contains("The original source of this article is Global Research"));
    // The AFP/Getty photograph is not covered by the licence and must not appear.
    assert!(!article.contains("f4-phantom-flyover.jpg"));
    let home = site.read("public/index.html");
    assert!(
        home.contains("page/2/"),
        "the home page links to its second page"
    );
}

#[test]
fn home_lists_articles_newest_first() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let home = site.read("public/index.html");
    let newest = home.find("Central Library to Open Late").unwrap();
    let older = home.find("Free Flu Vaccination Clinics").unwrap();
    let oldest_on_page = home
        .find("Why Local News Needs Its Public Libraries")
        .unwrap();
    assert!(newest < older && older < oldest_on_page);
    assert!(
        !home.contains("Rejecting Pentagon Claims"),
        "the 2014 article is on page 2"
    );
    assert!(
        site.read("public/page/2/index.html")
            .contains("Rejecting Pentagon Claims")
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = TestSite::example();
    site.run(&["build", "--output", "first"]).assert_code(0);
    site.run(&["build", "--output", "second"]).assert_code(0);
    let first = tree(&site.path("first"));
    assert!(first.len() > 20);
    assert!(
        first == tree(&site.path("second")),
        "two builds of the same site differ"
    );
}

#[test]
fn a_build_with_a_bad_article_leaves_the_previous_output_as_it_was() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = tree(&site.path("public"));
    site.write(
        "content/news/broken.md",
        "---\ntitle: [unclosed\n---\nBody\n",
    );
    site.run(&["build"]).assert_code(2);
    assert!(
        before == tree(&site.path("public")),
        "a failed build changed the output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ["staging", "old", "trash"]
                .iter()
                .any(|m| n.contains(&format!(".reprint-{m}-")))
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_build_with_a_violation_leaves_the_previous_output_as_it_was() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = tree(&site.path("public"));
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    let run = site.run(&["build"]);
    run.assert_code(1);
    assert!(run.stdout.contains("source-link"));
    assert!(
        before == tree(&site.path("public")),
        "a failed build changed the output"
    );
}

#[test]
fn a_fresh_failed_build_creates_no_output_folder() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        s.replace("authors: [Maren Olsted, Tobias Wren]", "authors: 5")
    });
    site.run(&["build"]).assert_code(2);
    assert!(!site.path("public").exists());
}

#[test]
fn output_goes_where_asked_and_never_over_the_site() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--output", "elsewhere/out"])
        .assert_code(0);
    assert!(site.path("elsewhere/out/index.html").is_file());
    let run = site.run(&["build", "--output", "content"]);
    run.assert_code(2);
    assert!(run.stderr.contains("would replace the site's own files"));
    assert!(site.path("content/news/harbour.md").is_file());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/late-opening.md", |s| {
        s.replace(
            "tags: [Media, Climate]",
            "tags: [Media, Climate]\ndraft: true",
        )
    });
    site.run(&["build"]).assert_code(0);
    assert!(!site.path("public/news/late-opening/index.html").exists());
    assert!(!site.read("public/index.html").contains("Central Library"));
    site.run(&["build", "--drafts"]).assert_code(0);
    assert!(site.path("public/news/late-opening/index.html").is_file());
}

#[test]
fn taxonomies_have_a_list_page_and_a_paginated_page_per_term() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let tags = site.read("public/tags/index.html");
    for term in ["Climate", "Coasts", "Media"] {
        assert!(tags.contains(term), "{term} missing from the tag list");
    }
    assert!(
        site.read("public/regions/north-coast/index.html")
            .contains("Harbour Town")
    );
    // `paginate = 2`: three articles make two home pages, and Climate's two fit one page.
    assert!(site.path("public/page/2/index.html").is_file());
    assert!(!site.path("public/page/3/index.html").exists());
    let climate = site.read("public/tags/climate/index.html");
    assert!(climate.contains("Harbour Town") && climate.contains("Central Library"));
    assert!(!site.path("public/tags/climate/page/2/index.html").exists());
}

#[test]
fn base_url_override_reaches_every_absolute_link() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://preview.example.net/pr-7"])
        .assert_code(0);
    let home = site.read("public/index.html");
    assert!(home.contains("https://preview.example.net/pr-7/news/harbour/"));
    assert!(home.contains("https://preview.example.net/pr-7/style.css"));
    assert!(!home.contains("https://example.org/"));
}

#[test]
fn article_bodies_never_pass_through_the_template_engine() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/late-opening.md", |s| {
        s.replace(
            "three nights a week from January.",
            "three nights a week. The notice read {{ page.title }} and {% if x %}.",
        )
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/late-opening/index.html");
    assert!(page.contains("{{ page.title }} and {% if x %}"));
}

#[test]
fn static_files_come_from_the_theme_then_the_site_then_beside_articles() {
    let site = TestSite::fixture("basic");
    site.write("themes/default/static/robots.txt", "theme\n");
    site.write("static/robots.txt", "site\n");
    site.write("static/images/logo.svg", "<svg/>");
    site.write("content/news/harbour-photo.jpg", "jpeg");
    site.run(&["build"]).assert_code(0);
    assert_eq!(site.read("public/robots.txt"), "site\n");
    assert!(site.path("public/images/logo.svg").is_file());
    assert!(site.path("public/news/harbour-photo.jpg").is_file());
    assert!(site.path("public/style.css").is_file());
}

#[test]
fn pretty_urls_and_slugs() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/late-opening.md", |s| {
        s.replace(
            "author: Samir Haddad",
            "author: Samir Haddad\nslug: Library Hours",
        )
    });
    site.run(&["build"]).assert_code(0);
    assert!(site.path("public/news/library-hours/index.html").is_file());
    assert!(!site.path("public/news/late-opening").exists());
}

#[test]
fn the_seed_article_attribution_block_as_rendered() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/iran-denies-airstrikes-in-iraq/index.html");
    let start = page
        .find("<aside class=\"attribution\"")
        .expect("an attribution block");
    let end = start + page[start..].find("</aside>").unwrap() + "</aside>".len();
    insta::assert_snapshot!(&page[start..end]);
}

#[test]
fn a_parallel_build_writes_exactly_what_a_single_threaded_one_does() {
    let site = TestSite::example();
    let root = site.root().to_string_lossy().into_owned();
    let build = |out: &str, threads: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
            .args(["build", "--root", &root, "--output", out])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    build(&site.path("one").to_string_lossy(), "1");
    build(&site.path("many").to_string_lossy(), "8");
    let one = tree(&site.path("one"));
    assert!(one.len() > 40);
    assert!(
        one == tree(&site.path("many")),
        "the output depends on the number of threads"
    );
}

#[test]
fn a_static_file_where_pages_need_a_folder_is_an_input_error_and_the_site_is_kept() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = site.read("public/news/harbour/index.html");
    site.write("static/news", "a file named like the news section\n");
    // With the cache of the first build, and without it.
    for args in [&["build"][..], &["build", "--no-cache"]] {
        let build = args.join(" ");
        let run = site.run(args);
        run.assert_code(2);
        assert!(
            run.stderr.contains("static/news")
                && run.stderr.contains("needs `news/` to be a folder"),
            "{build}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("staging"), "{build}: {}", run.stderr);
        assert_eq!(
            site.read("public/news/harbour/index.html"),
            before,
            "{build}"
        );
    }
}

#[test]
fn a_page_wins_over_a_static_file_at_its_path_in_clean_builds_and_rebuilds() {
    let site = TestSite::fixture("basic");
    site.write("static/news/harbour/index.html", "a static stand-in\n");
    site.write("static/notes.txt", "kept\n");
    for build in ["clean", "cached"] {
        if build == "cached" {
            site.edit("content/news/harbour.md", |t| {
                t.replace("A second paragraph follows.", "A paragraph edited.")
            });
        }
        site.run(&["build"]).assert_code(0);
        let page = site.read("public/news/harbour/index.html");
        assert!(page.contains("Salt Marsh"), "{build}: {page}");
        assert!(!page.contains("a static stand-in"), "{build}");
        assert_eq!(site.read("public/notes.txt"), "kept\n", "{build}");
    }
    assert!(
        site.read("public/news/harbour/index.html")
            .contains("A paragraph edited.")
    );
}
