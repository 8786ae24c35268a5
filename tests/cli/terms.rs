//! The terms real publishers set, end to end: the default theme renders
//! what they ask, bad values are input errors at their line, a theme that
//! hides the article body is a template error, and `reprint licences`
//! explains each term.

use crate::support::{TestSite, repo, reprint};

const ARTICLE: &str = "themes/default/templates/article.html";

/// The `basic` fixture with one more profile, `[licences.terms]`, and a
/// story under it; `front` adds front-matter lines.
fn terms_site(profile: &str, front: &str, body: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        format!(
            "{s}\n[licences.terms]\nname = \"Terms\"\nterms = \"https://source.example.org/terms\"\n{profile}\n"
        )
    });
    site.write(
        "content/story.md",
        &format!(
            "---\ntitle: \"A republished story\"\ndate: 2026-03-04\nlicence: terms\nsource:\n  name: Source Daily\n  url: https://source.example.org/story\n{front}---\n{body}\n"
        ),
    );
    site
}

fn errors(site: &TestSite) -> Vec<String> {
    site.errors_of("content/story.md")
}

#[test]
fn the_default_theme_renders_what_the_new_terms_ask() {
    let site = terms_site(
        "rules = [\"byline\", \"pixel\"]\ncredit = \"This story was originally published by {source.name}.\"\ncredit_position = \"top\"\nbyline = \"{author}, {affiliation}\"\npixel = \"script\"",
        "authors:\n  - name: Ana Lima\n    affiliation: Coast University\n    url: https://source.example.org/people/ana\npixel: https://pixel.source.example.org/p.js\n",
        "First paragraph.\n\nSecond paragraph.",
    );
    assert_eq!(errors(&site), Vec::<String>::new());
    site.run(&["build"]).assert_code(0);
    let html = site.read("public/story/index.html");
    let body = &html[html.find("data-reprint=\"body\"").expect("marked body")..];
    let first = body.find("<p").expect("a first block");
    assert!(
        body[first..].starts_with(
            "<p class=\"credit\">This story was originally published by Source Daily.</p>"
        ),
        "{body}"
    );
    assert!(html.contains("<script src=\"https://pixel.source.example.org/p.js\" async></script>"));
    assert!(html.contains("Ana Lima, Coast University"));
    // The credit's other places would not do: at the bottom it fails.
    site.edit("config.toml", |s| {
        s.replace("credit_position = \"top\"", "credit_position = \"bottom\"")
    });
    assert_eq!(
        errors(&site),
        Vec::<String>::new(),
        "the theme follows the position"
    );
    site.edit(ARTICLE, |s| {
        s.replace(
            "{% if page.credit and page.credit_position == \"bottom\" %}",
            "{% if false %}",
        )
    });
    assert_eq!(errors(&site), ["credit"]);
}

#[test]
fn a_theme_that_does_not_mark_the_body_is_a_template_error() {
    let site = terms_site(
        "credit = \"This story was originally published by {source.name}.\"\ncredit_position = \"top\"",
        "authors: [Ana Lima]\n",
        "First paragraph.",
    );
    site.edit(ARTICLE, |s| s.replace(" data-reprint=\"body\"", ""));
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(run.stderr.contains("article.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("data-reprint=\"body\""),
        "{}",
        run.stderr
    );
    // Without a position to judge, the unmarked theme is fine.
    site.edit("config.toml", |s| {
        s.replace("credit_position = \"top\"", "")
    });
    site.run(&["check"]).assert_code(0);
}

#[test]
fn only_the_declared_pixel_script_survives_the_sanitiser() {
    let body = "Text.\n\n<script src=\"https://pixel.source.example.org/p.js\" async></script>\n<script src=\"https://tracker.example.net/t.js\"></script>";
    let site = terms_site(
        "rules = [\"pixel\"]\npixel = \"script\"",
        "authors: [Ana Lima]\npixel: https://pixel.source.example.org/p.js\n",
        body,
    );
    site.edit(ARTICLE, |s| {
        s.replace("{% if page.pixel %}", "{% if false %}")
    });
    assert_eq!(errors(&site), Vec::<String>::new());
    site.run(&["build"]).assert_code(0);
    let html = site.read("public/story/index.html");
    assert!(html.contains("pixel.source.example.org/p.js"));
    assert!(!html.contains("tracker.example.net"), "{html}");
    // Under a profile whose tracker is an image, no script passes.
    site.edit("config.toml", |s| {
        s.replace("pixel = \"script\"", "pixel = \"img\"")
    });
    assert_eq!(errors(&site), ["pixel"]);
}

#[test]
fn unknown_values_are_input_errors_at_their_line() {
    let site = terms_site(
        "credit_position = \"middle\"",
        "authors: [Ana Lima]\n",
        "Text.",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    let line = site
        .read("config.toml")
        .lines()
        .position(|l| l.starts_with("credit_position"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("config.toml:{line}:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("middle"));

    let site = terms_site(
        "rules = [\"unmodified\"]\nallowed_edits = [\"style\"]",
        "authors:\n  - name: Ana Lima\n    email: ana@example.org\nchanges:\n  kinds: [rewrite]\n",
        "Text.",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/story.md:10:") && run.stderr.contains("email"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/story.md:12:") && run.stderr.contains("rewrite"),
        "{}",
        run.stderr
    );

    let site = terms_site(
        "",
        "authors: [Ana Lima]\noriginal:\n  name: First\n  url: https://first.example.org/a\n  licence: no-such-profile\n",
        "Text.",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("content/story.md:12:") && run.stderr.contains("no-such-profile"),
        "{}",
        run.stderr
    );
}

#[test]
fn licences_explains_each_new_term_and_where_it_comes_from() {
    let run = reprint(&["licences", "calmatters"], &repo());
    run.assert_code(0);
    let out = &run.stdout;
    for term in [
        "credit_position = \"top\"",
        "byline = \"{author}, {source.name}\"",
        "allowed_edits = [time_place, style]",
        "[licences.calmatters] at line",
    ] {
        assert!(out.contains(term), "{term} not explained:\n{out}");
    }
    let run = reprint(&["licences", "propublica"], &repo());
    for term in [
        "pixel = \"script\"",
        "media_hosts_denied = [propublica.org]",
    ] {
        assert!(
            run.stdout.contains(term),
            "{term} not explained:\n{}",
            run.stdout
        );
    }
    let run = reprint(&["licences", "the-conversation"], &repo());
    assert!(run.stdout.contains("link_targets"), "{}", run.stdout);
    let run = reprint(&["licences", "crosspost-notice"], &repo());
    assert!(run.stdout.contains("require_upstream"), "{}", run.stdout);
    let run = reprint(&["licences", "CC-BY-3.0"], &repo());
    assert!(run.stdout.contains("  title"), "{}", run.stdout);
}
