//! `reprint licences` and `reprint fingerprint`.

use crate::support::{TestSite, fixture_dir, repo, reprint};

#[test]
fn licences_lists_built_in_and_site_profiles() {
    let site = TestSite::example();
    let run = site.run(&["licences"]);
    run.assert_code(0);
    for id in [
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-NC-ND-4.0",
        "CC-BY-3.0",
        "CC-BY-SA-3.0",
        "CC-BY-ND-3.0",
        "CC-BY-NC-3.0",
        "CC-BY-NC-SA-3.0",
        "CC-BY-NC-ND-3.0",
        "CC0-1.0",
        "CC-PDM-1.0",
        "crosspost-notice",
        "the-conversation",
        "propublica",
        "global-voices",
    ] {
        assert!(run.stdout.contains(id), "{id} not listed");
    }
}

#[test]
fn licences_id_explains_each_rule_case_insensitively() {
    let run = reprint(&["licences", "cc-by-nc-nd-4.0"], &repo());
    run.assert_code(0);
    let out = &run.stdout;
    assert!(out.starts_with("CC-BY-NC-ND-4.0: Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International"), "{out}");
    assert!(out.contains("https://creativecommons.org/licenses/by-nc-nd/4.0/"));
    for rule in [
        "byline",
        "copyright",
        "source-link",
        "licence-link",
        "unmodified",
        "non-commercial",
    ] {
        assert!(out.contains(&format!("  {rule}")), "{rule} not explained");
    }
    assert!(out.contains("only with written permission"));
    let run = reprint(&["licences", "crosspost-notice"], &repo());
    run.assert_code(0);
    assert!(run.stdout.contains("config.toml, line"));
    assert!(
        run.stdout
            .contains("The original source of this article is {original.name}")
    );
}

#[test]
fn licences_with_an_unknown_id_suggests_one() {
    let run = reprint(&["licences", "CC-BY-NC-DN-4.0"], &repo());
    run.assert_code(2);
    assert!(
        run.stderr.contains("did you mean `CC-BY-NC-ND-4.0`"),
        "{}",
        run.stderr
    );
}

#[test]
fn fingerprint_prints_the_documented_hash() {
    // Computed independently: sha256 of the body with whitespace runs collapsed and trimmed.
    let seed = repo().join("content/news/iran-denies-airstrikes-in-iraq.md");
    let run = reprint(&["fingerprint", &seed.to_string_lossy()], &repo());
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "sha256:35541b837c0031ef3f73ccd3ec91d5e21bbc0c5cd2970a274c54e270109628fc\n"
    );
    // A file without front matter is hashed whole; re-wrapping does not change the hash.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "a  b\n\nc\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "a b c").unwrap();
    let a = reprint(&["fingerprint", "a.txt"], dir.path());
    let b = reprint(&["fingerprint", "b.txt"], dir.path());
    assert_eq!(a.stdout, b.stdout);
    assert!(reprint(&["fingerprint", "missing.txt"], dir.path()).code == 2);
    let _ = fixture_dir("basic");
}
