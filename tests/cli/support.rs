//! A fixture site copied into a temporary folder, and the real binary run on it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `--format json` report.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_dir(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub fn reprint(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the reprint binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_symlink() {
            // Fixtures keep their links as links, dangling or looping ones too.
            #[cfg(unix)]
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`, with the bundled default theme
    /// unless the fixture brings its own themes.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(&fixture_dir(name), site.root());
        if !site.root().join("themes").exists() {
            copy_dir(
                &repo().join("themes/default"),
                &site.root().join("themes/default"),
            );
        }
        site
    }

    /// A copy of the bundled example site at the repository root.
    pub fn example() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        for part in ["config.toml", "content", "themes"] {
            let from = repo().join(part);
            if from.is_dir() {
                copy_dir(&from, &site.root().join(part));
            } else {
                fs::copy(&from, site.root().join(part)).unwrap();
            }
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Rewrites a file in place.
    pub fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) -> &Self {
        let text = self.read(rel);
        let new = f(text.clone());
        assert_ne!(text, new, "the edit of {rel} changed nothing");
        self.write(rel, &new)
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs `reprint ARGS --root SITE`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_string_lossy().into_owned();
        all.extend(["--root", &root]);
        reprint(&all, self.root())
    }

    /// `check --format json`, returning the report.
    pub fn check_json(&self) -> (i32, serde_json::Value) {
        let run = self.run(&["check", "--format", "json"]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.code == 0 || run.code == 1,
            "check failed to run:\n{}",
            run.stderr
        );
        (run.code, run.json())
    }

    /// The rules the page of `source` fails with severity `error`.
    pub fn errors_of(&self, source: &str) -> Vec<String> {
        let (_, report) = self.check_json();
        violations(&report, source)
            .into_iter()
            .filter(|(_, severity, _)| severity == "error")
            .map(|(rule, _, _)| rule)
            .collect()
    }
}

/// Every file under a folder with its bytes, for comparing whole outputs.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The violations of one page in a JSON report, as (rule, severity, message).
pub fn violations(
    report: &serde_json::Value,
    source_suffix: &str,
) -> Vec<(String, String, String)> {
    let page = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"].as_str().unwrap().ends_with(source_suffix))
        .unwrap_or_else(|| panic!("no page {source_suffix} in report:\n{report:#}"));
    page["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["severity"].as_str().unwrap().to_owned(),
                v["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The rule ids violated on one page.
pub fn rules(report: &serde_json::Value, source_suffix: &str) -> Vec<String> {
    violations(report, source_suffix)
        .into_iter()
        .map(|(r, _, _)| r)
        .collect()
}

/// The JSON-LD document in a page's head.
pub fn json_ld(page: &str) -> serde_json::Value {
    serde_json::from_str(json_ld_text(page)).expect("JSON")
}

/// The JSON-LD script's text, as the page has it.
pub fn json_ld_text(page: &str) -> &str {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD script") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    &page[start..end]
}
