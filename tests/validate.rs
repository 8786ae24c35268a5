//! The example site's HTML against the Nu HTML Checker (vnu-jar from npm,
//! run with Java), as browsers and accessibility tools will read it. CI
//! installs the checker and sets VNU_JAR; elsewhere the test is skipped.

#[path = "cli/support.rs"]
mod support;

use std::process::Command;

use support::TestSite;

fn vnu_jar() -> Option<std::path::PathBuf> {
    let jar = std::env::var_os("VNU_JAR")
        .map(std::path::PathBuf::from)
        .filter(|p| p.is_file());
    if jar.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "VNU_JAR is not set: CI must install vnu-jar and Java"
        );
        eprintln!(
            "skipped: set VNU_JAR to the path of vnu.jar (npm install vnu-jar) to run the HTML checker"
        );
    }
    jar
}

#[test]
fn the_example_site_is_valid_html() {
    let Some(jar) = vnu_jar() else { return };
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
