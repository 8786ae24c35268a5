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
