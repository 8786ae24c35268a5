//! `reprint serve`: the real binary on a free loopback port.

use std::io::{Read, Write};
use std::time::Duration;

use crate::http::{get, request};
use crate::server::{Server, eventually};
use crate::support::TestSite;

#[test]
fn the_first_build_is_served_with_the_reload_script() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let home = get(&server.addr, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(home.body.contains("Harbour Town Votes"));
    assert!(home.body.contains("<script src=\"/__reprint/live.js\""));
    // Links point at the preview server, not the deployed site.
    assert!(
        home.body
            .contains(&format!("http://{}/news/harbour/", server.addr))
    );
    let css = get(&server.addr, "/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(!css.body.contains("__reprint"), "scripts go into HTML only");
    let head = request(&server.addr, "HEAD", "/news/harbour/", None);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(get(&server.addr, "/news/harbour").status, 301);
    assert_eq!(request(&server.addr, "POST", "/", Some("{}")).status, 405);
    assert_eq!(
        request(&server.addr, "DELETE", "/news/harbour/", None).status,
        405
    );
    let js = get(&server.addr, "/__reprint/live.js");
    assert!(
        js.header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    // Nothing is written into the site folder.
    assert!(!site.path("public").exists());
}

#[test]
fn an_unknown_page_gets_the_theme_404_with_status_404() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let r = get(&server.addr, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Page not found"), "the theme's 404 page");
}

#[test]
fn an_edited_article_is_served_after_the_rebuild() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    site.edit("content/news/harbour.md", |s| {
        s.replace("A second paragraph follows.", "A freshly edited paragraph.")
    });
    let line = server.wait_for_line("content/news/harbour.md changed");
    assert!(line.contains("rendered in"), "{line}");
    eventually("the edit is served", || {
        get(&server.addr, "/news/harbour/")
            .body
            .contains("A freshly edited paragraph.")
    });
}

#[test]
fn a_new_article_appears_on_the_home_page_and_a_deleted_one_is_gone() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    site.write(
        "content/news/new-bridge.md",
        "---\ntitle: \"A Brand New Bridge Opens\"\ndate: 2026-11-24\nauthors: [Kim Park]\nlicence: CC0-1.0\nsource:\n  name: Town Wire\n  url: https://town-wire.example.org/bridge\n---\nThe bridge opened on Tuesday.\n",
    );
    eventually("the new article is on the home page", || {
        get(&server.addr, "/")
            .body
            .contains("A Brand New Bridge Opens")
    });
    assert_eq!(get(&server.addr, "/news/new-bridge/").status, 200);
    site.remove("content/news/harbour.md");
    eventually("the deleted article returns 404", || {
        get(&server.addr, "/news/harbour/").status == 404
    });
    assert!(!get(&server.addr, "/").body.contains("Harbour Town Votes"));
    assert!(
        !get(&server.addr, "/tags/coasts/")
            .body
            .contains("Harbour Town"),
        "its only term page is gone"
    );
}

#[test]
fn broken_front_matter_keeps_the_last_good_page_and_reports_the_error() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    site.edit("content/news/harbour.md", |s| {
        s.replace("date: 2026-10-14", "date: 2026-10-14\nautors: [X]")
            .replace("A second paragraph follows.", "Never served.")
    });
    server.wait_for_line("still serving the last good site");
    server.wait_for_line("content/news/harbour.md:4:1: error: unknown key `autors`");
    let page = get(&server.addr, "/news/harbour/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("A second paragraph follows."));
    let status = get(&server.addr, "/__reprint/status?page=/news/harbour/");
    let status: serde_json::Value = serde_json::from_str(&status.body).unwrap();
    assert_eq!(
        status["errors"][0]["location"],
        "content/news/harbour.md:4:1"
    );
    // Fixing the file clears the error and serves the new text.
    site.edit("content/news/harbour.md", |s| {
        s.replace("\nautors: [X]", "")
    });
    eventually("the fix is served", || {
        get(&server.addr, "/news/harbour/")
            .body
            .contains("Never served.")
    });
    let status: serde_json::Value =
        serde_json::from_str(&get(&server.addr, "/__reprint/status").body).unwrap();
    assert_eq!(status["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn compliance_violations_of_a_page_are_reported_for_that_page() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    server.wait_for_line("its licence:");
    let status: serde_json::Value = serde_json::from_str(
        &get(&server.addr, "/__reprint/status?page=%2Fnews%2Fharbour%2F").body,
    )
    .unwrap();
    assert_eq!(status["violations"][0]["rule"], "source-link");
    let other: serde_json::Value =
        serde_json::from_str(&get(&server.addr, "/__reprint/status?page=/news/libraries/").body)
            .unwrap();
    assert_eq!(other["violations"].as_array().unwrap().len(), 0);
}

#[test]
fn path_traversal_attempts_get_400_or_404() {
    let site = TestSite::fixture("basic");
    site.write("static/ok.txt", "fine\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("static/leak.txt"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.path("static/outside")).unwrap();
    let server = Server::start(&site);
    assert_eq!(get(&server.addr, "/ok.txt").body, "fine\n");
    let secret = outside
        .path()
        .join("secret.txt")
        .to_string_lossy()
        .into_owned();
    for path in [
        "/../config.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/config.toml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/news/..%2f..%2fconfig.toml",
        "/..\\config.toml",
        "/%5c..%5cconfig.toml",
        "//etc/passwd",
        &secret,
        &format!("/{secret}"),
        "/leak.txt",
        "/outside/secret.txt",
        "/config.toml",
        "/content/news/harbour.md",
    ] {
        let r = get(&server.addr, path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("SECRET") && !r.body.contains("base_url"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn open_tabs_hear_about_rebuilds() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__reprint/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    let mut read_until = |needle: &str, seen: &mut String| {
        while !seen.contains(needle) {
            let n = stream.read(&mut buf).expect("the event stream stays open");
            assert!(n > 0, "the event stream closed: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    read_until("event: hello", &mut seen);
    assert!(seen.contains("text/event-stream"));
    site.edit("content/news/harbour.md", |s| {
        s.replace("A second paragraph follows.", "Reload me.")
    });
    read_until("event: reload", &mut seen);
}

#[test]
fn a_style_sheet_that_hides_the_attribution_is_reported_on_every_page() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let violations = |page: &str| {
        let status: serde_json::Value = serde_json::from_str(
            &get(&server.addr, &format!("/__reprint/status?page={page}")).body,
        )
        .unwrap();
        status["violations"].as_array().cloned().unwrap_or_default()
    };
    assert!(violations("/news/harbour/").is_empty());
    site.edit("themes/default/static/style.css", |s| {
        format!("{s}\n.attribution {{ display: none; }}\n")
    });
    eventually("the hidden attribution is reported", || {
        !violations("/news/harbour/").is_empty() && !violations("/news/libraries/").is_empty()
    });
}

#[test]
fn a_template_change_rerenders_and_a_config_change_reloads_everything() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    site.edit("themes/default/templates/404.html", |s| {
        s.replace(
            "<h1 class=\"page-title\">{{ i18n.not_found }}</h1>",
            "<h1 class=\"page-title\">Nothing lives here</h1>",
        )
    });
    eventually("the template edit is served", || {
        get(&server.addr, "/missing/")
            .body
            .contains("Nothing lives here")
    });
    site.edit("config.toml", |s| {
        s.replace("title = \"Fixture Review\"", "title = \"Renamed Review\"")
    });
    eventually("the config edit is served", || {
        get(&server.addr, "/").body.contains("Renamed Review")
    });
}

/// The served bytes of a page, without the reload script serve adds.
fn served(addr: &str, rel: &str) -> Vec<u8> {
    let path = if rel.ends_with("index.html") {
        format!("/{}", rel.trim_end_matches("index.html"))
    } else {
        format!("/{rel}")
    };
    let r = get(addr, &path);
    assert_eq!(r.status, 200, "{path} is not served");
    let tag_start = r.body.find("<script src=\"/__reprint/live.js\"");
    match tag_start {
        Some(i) => {
            let end = i + r.body[i..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &r.body[..i], &r.body[end..]).into_bytes()
        }
        None => r.body.into_bytes(),
    }
}

#[test]
fn after_a_series_of_edits_serve_matches_a_clean_build() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let step = |f: &dyn Fn(&TestSite)| {
        server.drain();
        f(&site);
        server.wait_for_next("changed");
    };
    step(&|s| {
        s.edit("content/news/harbour.md", |t| {
            t.replace("A second paragraph follows.", "An edited paragraph.")
        });
    });
    step(&|s| {
        s.edit("content/news/libraries.md", |t| {
            t.replace("date: 2026-08-19T07:00:00Z", "date: 2026-12-01")
                .replace("Why Local News", "Why Every Town")
        });
    });
    step(&|s| {
        s.write("content/news/bridge.md", "---\ntitle: Bridge\ndate: 2026-09-09\nauthors: [Kim Park]\nlicence: CC0-1.0\ntags: [Bridges, Climate]\n---\nBody.\n");
    });
    step(&|s| {
        s.edit("content/news/harbour.md", |t| {
            t.replace("tags: [Climate, Coasts]", "tags: [Coasts, Rivers]")
        });
    });
    step(&|s| {
        s.remove("content/news/late-opening.md");
    });
    step(&|s| {
        s.edit("themes/default/templates/partials/list.html", |t| {
            t.replace(
                "<ol class=\"article-list\">",
                "<ol class=\"article-list stories\">",
            )
        });
    });
    step(&|s| {
        s.write("static/extra.txt", "extra\n");
    });

    // A clean build of the same files, at the same base URL.
    let base = format!("http://{}/", server.addr);
    site.run(&["build", "--output", "clean", "--base-url", &base])
        .assert_code(0);
    let clean = crate::support::tree(&site.path("clean"));
    eventually("serve matches a clean build", || {
        clean
            .iter()
            .all(|(rel, bytes)| served(&server.addr, rel) == *bytes)
    });
    for gone in ["/news/late-opening/", "/tags/media/page/2/", "/tags/media/"] {
        let expected = clean
            .iter()
            .any(|(r, _)| format!("/{}", r.trim_end_matches("index.html")) == gone);
        assert_eq!(get(&server.addr, gone).status == 200, expected, "{gone}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_leaves_nothing_behind() {
    let site = TestSite::fixture("basic");
    let before = crate::support::tree(site.root());
    let mut server = Server::start(&site);
    let addr = server.addr.clone();
    assert_eq!(get(&addr, "/").status, 200);
    // Ctrl-C is how serve is meant to stop: promptly, and successfully.
    assert!(server.interrupt().success());
    assert!(server.wait_for_line("stopped").contains("stopped"));
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "the port is still open"
    );
    assert!(
        before == crate::support::tree(site.root()),
        "serve changed the site folder"
    );
}
