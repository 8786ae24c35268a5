//! What a newsroom's readers and editors meet: the command line's short
//! flags and messages, the preview from another device, languages, feeds,
//! structured data, embeds and internal links.

use crate::http::get;
use crate::server::Server;
use crate::support::TestSite;

#[test]
fn short_flags_work_as_zola_and_hugo_users_type_them() {
    let site = TestSite::fixture("basic");
    let run = site.run(&[
        "build",
        "-o",
        "out",
        "-u",
        "https://preview.example.org/",
        "-D",
    ]);
    run.assert_code(0);
    assert!(
        site.read("out/index.html")
            .contains("https://preview.example.org/news/")
    );
    site.run(&["check", "-u", "https://x.example.org/", "-D"])
        .assert_code(0);
    let help = site.run(&["serve", "--help"]);
    for flag in [
        "-p, --port",
        "-i, --bind",
        "--interface",
        "-u, --base-url",
        "-D, --drafts",
        "-O, --open",
    ] {
        assert!(help.stdout.contains(flag), "{flag}:\n{}", help.stdout);
    }
}

#[test]
fn counts_agree_with_their_number() {
    let site = TestSite::fixture("basic");
    site.remove("content/news/late-opening.md");
    site.remove("content/news/libraries.md");
    let run = site.run(&["check"]);
    run.assert_code(0);
    assert!(run.stderr.contains("(1 article)"), "{}", run.stderr);
    assert!(!run.stderr.contains("1 articles"), "{}", run.stderr);
}

#[test]
fn fingerprint_explains_itself() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["fingerprint", "--help"]);
    run.assert_code(0);
    assert!(run.stdout.contains("unmodified"), "{}", run.stdout);
    assert!(run.stdout.contains("front matter"), "{}", run.stdout);
}

#[test]
fn a_port_in_use_is_named_as_such() {
    let site = TestSite::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "-p", &port]);
    run.assert_code(2);
    assert!(run.stderr.contains("already in use"), "{}", run.stderr);
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(!run.stderr.contains("site's input"), "{}", run.stderr);
}

#[test]
fn serving_on_every_interface_links_to_the_address_asked_for() {
    let site = TestSite::fixture("basic");
    let server = Server::start_with(&site, &["-i", "0.0.0.0", "-p", "0"]);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    let home = get(&format!("127.0.0.1:{port}"), "/");
    assert_eq!(home.status, 200);
    assert!(
        home.body
            .contains(&format!("http://127.0.0.1:{port}/news/harbour/")),
        "{}",
        home.body
    );
    assert!(!home.body.contains("0.0.0.0"), "{}", home.body);
}

#[test]
fn serve_base_url_sets_the_links() {
    let site = TestSite::fixture("basic");
    let server = Server::start_with(
        &site,
        &["-p", "0", "--base-url", "http://preview.localhost:9/"],
    );
    let home = get(&server.addr, "/");
    assert!(
        home.body
            .contains("http://preview.localhost:9/news/harbour/"),
        "{}",
        home.body
    );
}

#[test]
fn serve_names_the_failing_page_and_rule() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    let server = Server::start(&site);
    let line = server.wait_for_line("fails content/news/harbour.md");
    assert!(line.contains("source-link"), "{line}");
}

#[test]
fn the_sites_language_chooses_the_themes_words_and_month_names() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace(
            "theme = \"default\"",
            "theme = \"default\"\nlanguage = \"fr\"",
        )
    });
    // One article in German, on a French site.
    site.edit("content/news/libraries.md", |s| {
        s.replacen("---\n", "---\nlanguage: de\n", 1)
    });
    site.run(&["build"]).assert_code(0);
    let home = site.read("public/index.html");
    assert!(home.contains("<html lang=\"fr\">"), "{home}");
    for words in ["Derniers articles", "À la une", "Aller au contenu"] {
        assert!(home.contains(words), "{words}");
    }
    assert!(!home.contains("Latest articles"));
    let harbour = site.read("public/news/harbour/index.html");
    assert!(harbour.contains("14 octobre 2026"), "French month names");
    assert!(harbour.contains("À propos de cet article"));
    assert!(harbour.contains("Maren Olsted et Tobias Wren"));
    let german = site.read("public/news/libraries/index.html");
    assert!(german.contains("<html lang=\"de\">"));
    assert!(german.contains("Über diesen Artikel"));
}

#[test]
fn readers_see_licence_short_names_never_ids() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let home = site.read("public/index.html");
    assert!(home.contains(">CC BY 4.0<"), "{home}");
    assert!(home.contains(">Civic Ledger reprint notice<"), "{home}");
    for id in [">civic-ledger-reprint<", ">CC0-1.0<", ">CC-BY-4.0<"] {
        assert!(!home.contains(id), "{id} shown to readers");
    }
    let seed = site.read("public/news/iran-denies-airstrikes-in-iraq/index.html");
    assert!(
        seed.contains("Global Research cross-post notice</a>")
            || seed.contains("<dd>Global Research cross-post notice</dd>"),
        "{seed}"
    );
    assert!(!seed.contains(">crosspost-notice<"));
    let page2 = site.read("public/page/2/index.html");
    assert!(
        page2.contains(">Global Research cross-post notice<"),
        "{page2}"
    );
}

#[test]
fn feeds_have_absolute_links_an_author_a_source_and_a_json_sibling() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace(
            "paginate = 2",
            "paginate = 2\nauthor = \"Fixture Newsroom\"",
        )
    });
    site.edit("content/news/harbour.md", |s| {
        format!("{s}\n![A chart](chart.png) and [the archive](/news/libraries/).\n")
    });
    site.run(&["build"]).assert_code(0);
    let atom_text = site.read("public/atom.xml");
    let atom = feed_rs::parser::parse(atom_text.as_bytes()).expect("Atom parses");
    assert_eq!(atom.authors[0].name.as_deref(), Some("Fixture Newsroom"));
    let harbour = atom
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href.ends_with("/news/harbour/")))
        .and_then(|e| e.content.as_ref()?.body.clone())
        .expect("the harbour entry has content");
    assert!(
        harbour.contains("src=\"https://example.org/news/harbour/chart.png\""),
        "{harbour}"
    );
    assert!(harbour.contains("href=\"https://example.org/news/libraries/\""));
    assert!(atom_text.contains("<source>"), "an Atom source element");
    assert!(
        atom_text.contains("<title>Coastal Wire</title>"),
        "the original publication"
    );

    let json_text = site.read("public/feed.json");
    let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["authors"][0]["name"], "Fixture Newsroom");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let lib = items
        .iter()
        .find(|i| i["url"].as_str().unwrap().ends_with("/news/harbour/"))
        .unwrap();
    assert!(
        lib["content_html"]
            .as_str()
            .unwrap()
            .contains("src=\"https://example.org/news/harbour/chart.png\"")
    );
    let parsed = feed_rs::parser::parse(json_text.as_bytes()).expect("JSON Feed parses");
    assert_eq!(parsed.entries.len(), 3);
    let home = site.read("public/index.html");
    assert!(home.contains("application/feed+json"));
}

#[test]
fn the_sitemap_leaves_out_pages_indexed_elsewhere() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/counted.md",
        "---\ntitle: Counted Story\ndate: 2026-10-01\nauthors: [Ana Ruiz]\nlicence: counted\nsource:\n  name: Counted Wire\n  url: https://counted.example.org/story\npixel: https://counted.example.org/pixel.gif\ntags: [Counted]\n---\nA story counted elsewhere.\n",
    );
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/counted/index.html");
    assert!(page.contains("rel=\"canonical\" href=\"https://counted.example.org/story\""));
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("/news/counted/"), "{sitemap}");
    assert!(sitemap.contains("/news/harbour/"));
}

#[test]
fn structured_data_follows_the_article_guidance() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace(
            "paginate = 2",
            "paginate = 2\nimage = \"/images/default.png\"\nlogo = \"/images/logo.png\"",
        )
    });
    site.edit("content/news/harbour.md", |s| {
        s.replacen(
            "---\n",
            "---\nextra:\n  author_urls:\n    Tobias Wren: https://coastal-wire.example.org/people/tobias-wren\n",
            1,
        )
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/harbour/index.html");
    let ld = crate::support::json_ld(&page);
    assert_eq!(ld["image"][0], "https://example.org/images/default.png");
    assert_eq!(
        ld["publisher"]["logo"]["url"],
        "https://example.org/images/logo.png"
    );
    assert_eq!(
        ld["mainEntityOfPage"]["@id"],
        "https://example.org/news/harbour/"
    );
    assert!(ld["dateModified"].is_string());
    assert_eq!(ld["author"][0]["name"], "Maren Olsted");
    assert!(ld["author"][0].get("url").is_none(), "no address is known");
    assert_eq!(
        ld["author"][1]["url"],
        "https://coastal-wire.example.org/people/tobias-wren"
    );
    assert!(page.contains("og:image\" content=\"https://example.org/images/default.png"));
    // An article without a byline has no empty author list.
    site.edit("content/news/harbour.md", |s| {
        s.replace("licence: CC-BY-4.0", "licence: CC0-1.0")
            .replace("authors: [Maren Olsted, Tobias Wren]\n", "")
    });
    site.run(&["build"]).assert_code(0);
    let page = site.read("public/news/harbour/index.html");
    assert!(!page.contains("\"author\":[]"), "{page}");
    // List pages carry Open Graph too.
    let term = site.read("public/tags/climate/index.html");
    assert!(
        term.contains("og:title\" content=\"Climate | Fixture Review\""),
        "{term}"
    );
    assert!(term.contains("og:image\" content=\"https://example.org/images/default.png"));
    let section = site.read("public/news/index.html");
    assert!(
        section.contains("og:title\" content=\"News | Fixture Review\"")
            && section.contains("og:url\" content=\"https://example.org/news/\""),
        "{section}"
    );
}

#[test]
fn an_authors_own_address_and_the_lead_image_follow_the_site() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "authors: [Maren Olsted, Tobias Wren]",
            "authors:\n  - name: Maren Olsted\n    url: https://maren.example.org/\n  - Tobias Wren",
        )
        .replacen(
            "---\n",
            "---\nimage:\n  src: /images/marsh.jpg\n  alt: The marsh\n  licence: CC-BY-4.0\n",
            1,
        )
    });
    // A site in a folder of its host, as GitHub Pages serves a project.
    site.run(&["build", "--base-url", "https://user.github.io/repo/"])
        .assert_code(0);
    let page = site.read("public/news/harbour/index.html");
    let ld = crate::support::json_ld(&page);
    assert_eq!(ld["author"][0]["url"], "https://maren.example.org/");
    assert!(ld["author"][1].get("url").is_none());
    assert!(
        page.contains("<img src=\"https://user.github.io/repo/images/marsh.jpg\""),
        "{page}"
    );
}

#[test]
fn embeds_from_allowed_hosts_pass_and_every_removal_is_a_warning_at_its_line() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace(
            "paginate = 2",
            "paginate = 2\nembeds = [\"www.youtube-nocookie.com\", \"datawrapper.dwcdn.net\"]",
        )
    });
    site.edit("content/news/harbour.md", |s| {
        format!(
            "{s}\n<iframe src=\"https://datawrapper.dwcdn.net/abc/1/\" title=\"Marsh chart\" width=\"600\" height=\"400\"></iframe>\n\n<iframe src=\"https://example.com/widget\"></iframe>\n"
        )
    });
    let run = site.run(&["build"]);
    run.assert_code(0);
    let page = site.read("public/news/harbour/index.html");
    assert!(
        page.contains("src=\"https://datawrapper.dwcdn.net/abc/1/\""),
        "{page}"
    );
    assert!(page.contains("loading=\"lazy\""));
    assert!(page.contains("sandbox=\""));
    assert!(!page.contains("example.com/widget"));
    assert!(
        run.stderr
            .contains("an <iframe> from example.com was removed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/news/harbour.md:25:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("embeds"), "{}", run.stderr);
}

#[test]
fn check_reports_a_link_to_a_page_the_site_does_not_have() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        format!("{s}\nSee [the earlier vote](/news/harbour-vote/) and [the libraries](/news/libraries/).\n")
    });
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/news/harbour.md:23:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("/news/harbour-vote/"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("/news/libraries/ leads"),
        "{}",
        run.stderr
    );
    site.edit("content/news/harbour.md", |s| {
        s.replace("/news/harbour-vote/", "/tags/climate/")
    });
    site.run(&["check"]).assert_code(0);
}

#[test]
fn serve_tells_what_the_sanitiser_removed() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/harbour.md", |s| {
        format!("{s}\n<iframe src=\"https://example.com/widget\"></iframe>\n")
    });
    let server = Server::start(&site);
    let line = server.wait_for_line("an <iframe> from example.com was removed");
    assert!(line.contains("content/news/harbour.md:23"), "{line}");
}
