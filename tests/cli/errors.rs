//! Input errors: `path:line:col`, the offending line and a hint, exit 2, no panic.

use crate::support::TestSite;

/// (fixture, location, words in the message, the offending source line)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "bad-yaml",
        "content/broken.md:2:8",
        "unclosed quote",
        "title: \"Unclosed",
    ),
    (
        "missing-title",
        "content/broken.md:1:1",
        "missing `title`",
        "---",
    ),
    (
        "missing-date",
        "content/broken.md:1:1",
        "missing `date`",
        "---",
    ),
    (
        "missing-licence",
        "content/broken.md:1:1",
        "missing `licence`",
        "---",
    ),
    (
        "wrong-type",
        "content/broken.md:5:10",
        "wrong type for `authors`",
        "authors: 5",
    ),
    (
        "unknown-key",
        "content/broken.md:5:1",
        "unknown key `autors`",
        "autors: [A. Writer]",
    ),
    (
        "bad-date",
        "content/broken.md:3:7",
        "bad `date`",
        "date: 2026-13-45",
    ),
    (
        "unknown-licence",
        "content/broken.md:4:10",
        "unknown licence \"CC-BY-5.0\"",
        "licence: CC-BY-5.0",
    ),
    (
        "slug-escape",
        "content/broken.md:5:7",
        "would escape",
        "slug: ../../etc",
    ),
    (
        "duplicate-url",
        "content/broken.md:5:1",
        "two articles on one URL /good/",
        "slug: good",
    ),
    (
        "no-front-matter",
        "content/broken.md:1:1",
        "no front matter",
        "title: \"No fences\"",
    ),
    (
        "unknown-taxonomy",
        "content/broken.md:6:3",
        "taxonomy `regoins` is not configured",
        "  regoins: [North]",
    ),
    (
        "missing-theme",
        "config.toml:2:9",
        "theme \"nope\" not found",
        "theme = \"nope\"",
    ),
    (
        "bad-config",
        "config.toml:2:1",
        "unknown key `paginte`",
        "paginte = 5",
    ),
    (
        "template-error",
        "themes/broken/templates/article.html:2:12",
        "`subtitle` is not defined",
        "<p>{{ page.subtitle }}</p>",
    ),
    (
        "profile-unknown-rule",
        "config.toml:8:20",
        "unknown rule \"source-lnk\"",
        "rules = [\"byline\", \"source-lnk\"]",
    ),
    (
        "profile-unknown-placeholder",
        "config.toml:9:25",
        "unknown placeholder {source.title}",
        "credit = \"Originally in {source.title}\"",
    ),
    (
        "profile-bad-commercial",
        "config.toml:9:14",
        "bad commercial value \"sometimes\"",
        "commercial = \"sometimes\"",
    ),
];

#[test]
fn every_input_error_names_file_line_and_column_and_exits_2() {
    for (fixture, location, message, line) in CASES {
        let site = TestSite::fixture(&format!("errors/{fixture}"));
        for command in ["check", "build"] {
            let run = site.run(&[command]);
            assert_eq!(
                run.code, 2,
                "{fixture} ({command}): exit status\n{}",
                run.stderr
            );
            assert!(
                !run.stderr.contains("panicked"),
                "{fixture}: {}",
                run.stderr
            );
            let first = run.stderr.lines().next().unwrap_or("");
            assert!(
                first.starts_with(&format!("{location}: error: ")),
                "{fixture}: first line {first:?}\n{}",
                run.stderr
            );
            assert!(
                first.contains(message),
                "{fixture}: {first:?} lacks {message:?}"
            );
            assert!(
                run.stderr.contains(&format!("| {line}")),
                "{fixture}: the offending line is not shown\n{}",
                run.stderr
            );
            assert!(
                run.stderr.contains("hint: "),
                "{fixture}: no hint\n{}",
                run.stderr
            );
            assert!(
                !site.path("public").exists(),
                "{fixture}: {command} wrote output"
            );
        }
    }
}

#[test]
fn a_template_syntax_error_points_into_the_template() {
    let site = TestSite::fixture("errors/template-syntax");
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .starts_with("themes/broken/templates/article.html:"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_broken_article_is_reported_not_only_the_first() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2026-01-01\nlicence: CC-BY-4.0\nautors: [X]\n---\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: not a date\nlicence: CC-BY-4.0\n---\n",
    );
    site.write(
        "content/c.md",
        "---\ntitle: C\ndate: 2026-01-01\nlicence: NOPE\n---\n",
    );
    let run = site.run(&["check"]);
    run.assert_code(2);
    for loc in ["content/a.md:5:1", "content/b.md:3:7", "content/c.md:4:10"] {
        assert!(
            run.stderr.contains(loc),
            "{loc} not reported\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("3 problems"));
}

#[test]
fn odd_input_never_panics() {
    let site = TestSite::fixture("basic");
    let cases = [
        "",
        "---",
        "---\n---\n",
        "---\n: :\n---\n",
        "---\n- a list\n---\n",
        "---\ntitle: \"x\"\ndate: 2026-01-01\nlicence: CC-BY-4.0\ncopyright:\n  year: [1, 2]\n---\n",
        "---\ntitle: \"x\"\ndate: 2026-01-01\nlicence: CC-BY-4.0\ntags: [\"+++\"]\n---\n",
        "---\ntitle: \"x\"\ndate: 99999-01-01\nlicence: CC-BY-4.0\n---\n",
        "---\ntitle: \"x\"\ndate: 2026-01-01\nlicence: CC-BY-4.0\nslug: \"\u{0}\"\n---\n",
        "\u{feff}---\r\ntitle: x\r\ndate: 2026-01-01\r\nlicence: CC-BY-4.0\r\n---\r\n\u{1F600} body",
    ];
    for (i, text) in cases.iter().enumerate() {
        let name = format!("content/odd{i}.md");
        site.write(&name, text);
        let run = site.run(&["check"]);
        assert!(!run.stderr.contains("panicked"), "case {i}: {}", run.stderr);
        assert!(
            run.code == 0 || run.code == 1 || run.code == 2,
            "case {i}: exit {}",
            run.code
        );
        if run.code == 2 {
            assert!(
                run.stderr.contains(&name),
                "case {i} blames another file:\n{}",
                run.stderr
            );
        }
        site.remove(&name);
    }
}

#[test]
fn a_missing_config_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::reprint(
        &["build", "--root", &dir.path().to_string_lossy()],
        dir.path(),
    );
    run.assert_code(2);
    assert!(run.stderr.contains("config.toml"));
    assert!(run.stderr.contains("--root"));
}

#[test]
fn two_articles_of_one_section_on_one_url_are_one_problem_at_the_slug() {
    let site = TestSite::example();
    let text = site.read("content/science/river-sensors.md");
    // A second file whose slug takes the first one's address.
    let clash = text
        .replacen("title: ", "slug: river-sensors\ntitle: ", 1)
        .replacen("title: \"", "title: \"Second ", 1);
    site.write("content/science/sensors-again.md", &clash);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "content/science/sensors-again.md:3:1: error: two articles on one URL /science/river-sensors/"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("| slug: river-sensors"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 problem in the site's input"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("list page of the section"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_article_over_the_size_limit_is_refused_by_name() {
    let site = TestSite::fixture("basic");
    let front = "---\ntitle: \"Big\"\ndate: 2026-01-01\nlicence: CC-BY-4.0\n---\n";
    let body = "Words upon words. ".repeat(5 * 1024 * 1024 / 18 + 1);
    site.write("content/big.md", &format!("{front}{body}"));
    let run = site.run(&["check"]);
    run.assert_code(2);
    assert!(run.stderr.contains("content/big.md"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("an article may be at most 5242880 bytes"),
        "{}",
        run.stderr
    );
    // Just under the limit, the whole file is read, to its last line.
    let body = "Words upon words. ".repeat(5 * 1024 * 1024 / 18 - 20);
    site.write(
        "content/big.md",
        &format!("{front}{body}\n\n[gone](/no-such-page/)\n"),
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("at most 5242880"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/big.md:8") && run.stderr.contains("/no-such-page/"),
        "{}",
        run.stderr
    );
}

#[test]
fn fingerprint_of_a_file_that_is_not_utf8_names_the_first_bad_byte() {
    let site = TestSite::fixture("basic");
    std::fs::write(
        site.path("latin1.md"),
        b"---\ntitle: \"caf\xe9\"\n---\nBody.\n",
    )
    .unwrap();
    let run = site.run(&["fingerprint", "latin1.md"]);
    run.assert_code(2);
    let first = run.stderr.lines().next().unwrap_or("");
    assert!(
        first.starts_with("latin1.md:2:12: error: ") && first.contains("not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
}
