//! Acceptance corpus for the compliance pass: every folder under
//! `tests/fixtures/cases/` is a one-article site shaped like a real
//! republished page, checked end to end with `reprint check`. Each case's
//! `expect.toml` states the exit status and the exact set of rules reported.
//!
//! All cases run, and every mismatch is reported at the end in one message, so
//! one run shows the whole state of the corpus rather than its first failure.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a case expects, read from its `expect.toml`.
#[derive(Debug)]
struct Expect {
    exit: i32,
    fail: BTreeSet<String>,
    warn: Option<BTreeSet<String>>,
    contains: Vec<String>,
    line: Option<i64>,
    feeds: bool,
}

/// What `reprint check` reported for a case.
#[derive(Debug)]
struct Outcome {
    exit: i32,
    errors: BTreeSet<String>,
    warnings: BTreeSet<String>,
    messages: Vec<String>,
    lines: BTreeSet<i64>,
    stderr: String,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases")
}

fn string_set(table: &toml::Table, key: &str) -> Result<Option<BTreeSet<String>>, String> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{key}` must hold strings"))
            })
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Some),
        Some(_) => Err(format!("`{key}` must be an array of strings")),
    }
}

fn read_expect(path: &Path) -> Result<Expect, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !text.starts_with('#') {
        return Err("expect.toml must start with a `# why` comment citing the term".into());
    }
    let table: toml::Table = text.parse().map_err(|e| format!("expect.toml: {e}"))?;
    // A misspelt key would otherwise make a case assert less than it seems to.
    for key in table.keys() {
        if !["exit", "fail", "warn", "contains", "line", "feeds"].contains(&key.as_str()) {
            return Err(format!("expect.toml: unknown key `{key}`"));
        }
    }
    let exit = table
        .get("exit")
        .and_then(toml::Value::as_integer)
        .ok_or("expect.toml: `exit` (0, 1 or 2) is required")?;
    let fail = string_set(&table, "fail")?.unwrap_or_default();
    if exit == 1 && fail.is_empty() {
        return Err("expect.toml: exit = 1 needs a non-empty `fail`".into());
    }
    if exit != 1 && !fail.is_empty() {
        return Err("expect.toml: `fail` only goes with exit = 1".into());
    }
    Ok(Expect {
        exit: exit as i32,
        fail,
        warn: string_set(&table, "warn")?,
        contains: string_set(&table, "contains")?
            .unwrap_or_default()
            .into_iter()
            .collect(),
        line: table.get("line").and_then(toml::Value::as_integer),
        feeds: table
            .get("feeds")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
    })
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk case folder");
        let rel = entry.path().strip_prefix(from).expect("inside the folder");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("create folder");
        } else {
            fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

/// Lays the case out as a site: its own files, plus the corpus theme as
/// `themes/case` with the case's `templates/` laid over it.
fn stage(case: &Path, site: &Path) {
    for entry in fs::read_dir(case).expect("read case folder") {
        let entry = entry.expect("case entry");
        let name = entry.file_name();
        if name == "expect.toml" || name == "templates" {
            continue;
        }
        let dest = site.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
    if !case.join("themes").exists() {
        let theme = site.join("themes/case");
        copy_tree(&cases_dir().join("_theme"), &theme);
        if case.join("templates").is_dir() {
            copy_tree(&case.join("templates"), &theme.join("templates"));
        }
    }
}

fn run(site: &Path, format: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["check", "--format", format, "--root"])
        .arg(site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run reprint")
}

/// Whether a report page is judged: the article's own page, and feed entries
/// only when the case asks for them.
fn judged(page: &serde_json::Value, feeds: bool) -> bool {
    let source = page["source"].as_str().unwrap_or_default();
    feeds || source.starts_with("content/")
}

fn check_case(case: &Path, expect: &Expect) -> Outcome {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).expect("site folder");
    stage(case, &site);
    let out = run(&site, "json");
    let mut outcome = Outcome {
        exit: out.status.code().unwrap_or(-1),
        errors: BTreeSet::new(),
        warnings: BTreeSet::new(),
        messages: Vec::new(),
        lines: BTreeSet::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        let pages = doc["pages"].as_array().cloned().unwrap_or_default();
        for page in pages.iter().filter(|p| judged(p, expect.feeds)) {
            for v in page["violations"].as_array().into_iter().flatten() {
                let rule = v["rule"].as_str().unwrap_or_default().to_owned();
                match v["severity"].as_str() {
                    Some("warning") => outcome.warnings.insert(rule),
                    _ => outcome.errors.insert(rule),
                };
                outcome
                    .messages
                    .push(v["message"].as_str().unwrap_or_default().to_owned());
            }
        }
        // An article held back or withdrawn is reported with its reason.
        for held in doc["held"].as_array().into_iter().flatten() {
            outcome
                .messages
                .push(held["reason"].as_str().unwrap_or_default().to_owned());
        }
    }
    if expect.line.is_some() && outcome.exit == 1 {
        // JSON carries no lines; the CI annotations do.
        let github = run(&site, "github");
        for l in String::from_utf8_lossy(&github.stdout).lines() {
            if !l.starts_with("::error file=content/") {
                continue;
            }
            if let Some(n) = l
                .split(",line=")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .and_then(|n| n.parse().ok())
            {
                outcome.lines.insert(n);
            }
        }
    }
    outcome
}

/// Every way the outcome departs from the expectation, empty when it agrees.
fn mismatches(expect: &Expect, got: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    if got.exit != expect.exit {
        out.push(format!("exit: expected {}, got {}", expect.exit, got.exit));
    }
    if expect.exit == 1 && got.errors != expect.fail {
        out.push(format!(
            "fail: expected {:?}, got {:?}",
            expect.fail, got.errors
        ));
    }
    if expect.exit == 0 && !got.errors.is_empty() {
        out.push(format!("fail: expected none, got {:?}", got.errors));
    }
    if let Some(warn) = &expect.warn
        && *warn != got.warnings
    {
        out.push(format!("warn: expected {warn:?}, got {:?}", got.warnings));
    }
    for text in &expect.contains {
        let needle = text.to_lowercase();
        let found = if expect.exit == 2 {
            got.stderr.to_lowercase().contains(&needle)
        } else {
            got.messages
                .iter()
                .any(|m| m.to_lowercase().contains(&needle))
        };
        if !found {
            out.push(format!("contains: no message holds {text:?}"));
        }
    }
    if let Some(line) = expect.line {
        let ok = if expect.exit == 2 {
            got.stderr.contains(&format!(":{line}:"))
        } else {
            got.lines.len() == 1 && got.lines.contains(&line)
        };
        if !ok {
            let seen = if expect.exit == 2 {
                got.stderr.lines().next().unwrap_or_default().to_owned()
            } else {
                format!("{:?}", got.lines)
            };
            out.push(format!("line: expected {line}, got {seen}"));
        }
    }
    if !out.is_empty() && got.exit == 2 && expect.exit != 2 {
        let first = got.stderr.lines().next().unwrap_or_default();
        out.push(format!("stderr: {first}"));
    }
    out
}

#[test]
fn acceptance_corpus() {
    let mut names: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/fixtures/cases")
        .map(|e| e.expect("case entry").path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases under tests/fixtures/cases");
    let mut report = String::new();
    let mut failed = 0;
    for case in &names {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let problems = match read_expect(&case.join("expect.toml")) {
            Ok(expect) => mismatches(&expect, &check_case(case, &expect)),
            Err(e) => vec![e],
        };
        if !problems.is_empty() {
            failed += 1;
            let _ = writeln!(report, "{name}:");
            for p in problems {
                let _ = writeln!(report, "    {p}");
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} cases disagree with their expect.toml:\n{report}",
        names.len()
    );
}
