//! The example site's HTML against the Nu HTML Checker (vnu-jar from npm,
//! run with Java), as browsers and accessibility tools will read it. Ignored
//! by plain `cargo test`; `.ci/run` installs the checker, sets VNU_JAR and
//! runs it with `--include-ignored`, where a missing checker fails the test.

#[path = "cli/support.rs"]
mod support;

use std::process::Command;

use support::TestSite;

/// The checker's jar; fails the test when it is missing, since then
/// nothing would be checked.
fn vnu_jar() -> std::path::PathBuf {
    std::env::var_os("VNU_JAR")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_file())
        .expect(
            "VNU_JAR is not the path of vnu.jar: `npm install vnu-jar` and set it (Java runs it)",
        )
}

#[test]
#[ignore = "needs java and the Nu HTML Checker (VNU_JAR); .ci/run runs it"]
fn the_example_site_is_valid_html() {
    let jar = vnu_jar();
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(site.path("public"))
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
    let pages = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "html"))
        })
        .count();
    assert!(pages > 20, "only {pages} pages were checked");
}
