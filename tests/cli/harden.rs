//! A build never deletes a folder it did not write, and a build killed at
//! any moment leaves either the old site or the new one as the output.

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::support::{TestSite, tree};

#[test]
fn a_foreign_output_folder_is_refused_unless_forced() {
    let site = TestSite::fixture("basic");
    site.write("elsewhere/notes.txt", "mine");
    site.write("elsewhere/content/a.md", "another site");
    let run = site.run(&["build", "--output", "elsewhere"]);
    run.assert_code(2);
    assert!(run.stderr.contains("elsewhere"), "{}", run.stderr);
    assert!(run.stderr.contains("`content`"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read("elsewhere/notes.txt"), "mine");
    assert_eq!(site.read("elsewhere/content/a.md"), "another site");

    // A folder reprint wrote is replaced without asking; so is an empty one.
    site.run(&["build", "--output", "empty"]).assert_code(0);
    site.run(&["build", "--output", "empty"]).assert_code(0);
    fs::create_dir_all(site.path("fresh")).unwrap();
    site.run(&["build", "--output", "fresh"]).assert_code(0);

    site.run(&["build", "--output", "elsewhere", "--force"])
        .assert_code(0);
    assert!(!site.path("elsewhere/notes.txt").exists());
    assert!(site.path("elsewhere/index.html").is_file());
}

#[test]
fn an_output_named_through_a_folder_not_yet_made_is_still_checked() {
    let site = TestSite::fixture("basic");
    let before = tree(&site.path("content"));
    // `public` does not exist: `public/..` is the site folder all the same.
    let run = site.run(&["build", "--output", "public/../content"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("would replace the site's own files"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&site.path("content")), before);
    site.write("elsewhere/notes.txt", "mine");
    let run = site.run(&["build", "--output", "new/../elsewhere"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read("elsewhere/notes.txt"), "mine");
    site.run(&["build", "--output", "new/../out"])
        .assert_code(0);
    assert!(site.path("out/index.html").is_file());
}

#[test]
fn a_file_where_the_output_folder_should_be_is_refused() {
    let site = TestSite::fixture("basic");
    site.write("public", "a file");
    site.run(&["build"]).assert_code(2);
    assert_eq!(site.read("public"), "a file");
}

#[test]
fn the_next_build_puts_back_an_output_left_aside_by_an_interrupted_swap() {
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    let before = tree(&site.path("public"));
    // What a kill between the two renames of the fallback swap leaves.
    fs::rename(site.path("public"), site.path(".public.reprint-old-4242")).unwrap();
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    site.run(&["build"]).assert_code(1);
    assert!(before == tree(&site.path("public")), "the old site is back");
    assert!(!site.path(".public.reprint-old-4242").exists());
}

fn tree_hash(dir: &std::path::Path) -> Option<String> {
    if !dir.is_dir() {
        return None;
    }
    let mut h = Sha256::new();
    for (rel, bytes) in tree(dir) {
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(Sha256::digest(&bytes));
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A site large enough that a build takes a while: the fixture's article
/// copied under many names.
fn big_site() -> TestSite {
    let site = TestSite::fixture("basic");
    let article = site.read("content/news/harbour.md");
    for i in 0..150 {
        site.write(
            &format!("content/news/copy-{i:03}.md"),
            &article.replace("Salt Marsh\"", &format!("Salt Marsh, part {i}\"")),
        );
    }
    site
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    const TRIES: u64 = 30;
    let site = big_site();
    site.run(&["build"]).assert_code(0);
    let old = tree_hash(&site.path("public")).unwrap();
    site.edit("content/news/harbour.md", |s| {
        s.replace("A second paragraph", "A changed paragraph")
    });
    // One full build to learn how long it takes and what it makes.
    let started = Instant::now();
    site.run(&["build"]).assert_code(0);
    let span = started.elapsed().as_micros().max(1_000) as u64;
    let new = tree_hash(&site.path("public")).unwrap();
    assert_ne!(old, new);
    // Start each try from the old site, so each kill can catch a swap.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut outcomes = [0u32; 2];
    for attempt in 0..TRIES {
        site.edit("content/news/harbour.md", |s| {
            s.replace("A changed paragraph", "A second paragraph")
        });
        site.run(&["build"]).assert_code(0);
        assert_eq!(tree_hash(&site.path("public")).as_deref(), Some(&*old));
        site.edit("content/news/harbour.md", |s| {
            s.replace("A second paragraph", "A changed paragraph")
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (span + span / 4));
        let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = tree_hash(&site.path("public"));
        let which = if now.as_deref() == Some(&*old) {
            0
        } else if now.as_deref() == Some(&*new) {
            1
        } else {
            panic!("try {attempt}: killed after {delay:?}, the output is neither site: {now:?}");
        };
        outcomes[which] += 1;
        // The next build recovers from whatever the kill left.
        site.run(&["build"]).assert_code(0);
        assert_eq!(tree_hash(&site.path("public")).as_deref(), Some(&*new));
    }
    eprintln!(
        "{TRIES} kills over {span} µs: old site {} times, new site {} times",
        outcomes[0], outcomes[1]
    );
}

/// Kills the build exactly at each rename of the swap with strace's fault
/// injection (`.ci/run` installs strace).
#[test]
fn a_build_killed_at_each_rename_of_the_swap_leaves_a_whole_site() {
    assert!(
        Command::new("strace").arg("-V").output().is_ok(),
        "this test needs strace for its fault injection: apt-get install strace (.ci/run does)"
    );
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    for (i, call) in ["renameat2", "rename", "renameat"].iter().enumerate() {
        for when in 1..=2 {
            let old = tree_hash(&site.path("public")).unwrap();
            site.edit("content/news/harbour.md", |s| {
                s.replace(
                    "A second paragraph",
                    &format!("A second paragraph {i}{when}"),
                )
            });
            let status = Command::new("strace")
                .args(["-f", "-qq", "-o", "/dev/null", "-e"])
                .arg(format!("inject={call}:signal=SIGKILL:when={when}"))
                .arg(env!("CARGO_BIN_EXE_reprint"))
                // The swap is what a build without the cache does.
                .args(["build", "--no-cache", "--root"])
                .arg(site.root())
                .output()
                .unwrap();
            let now = tree_hash(&site.path("public"));
            assert!(
                now.is_some(),
                "killed at {call} #{when}: no output ({status:?})"
            );
            site.run(&["build"]).assert_code(0);
            let new = tree_hash(&site.path("public")).unwrap();
            assert!(
                now == Some(old) || now == Some(new),
                "killed at {call} #{when}: a torn output"
            );
        }
    }
}

/// A cached build replaces changed files one rename at a time. Killed at
/// any of them, it leaves each file whole (its old bytes or its new ones,
/// nothing half-written, no stray file in the output), and the next build,
/// finding no cache, finishes as a clean one would.
#[test]
fn a_cached_build_killed_at_each_rename_leaves_only_whole_files() {
    assert!(
        Command::new("strace").arg("-V").output().is_ok(),
        "this test needs strace for its fault injection: apt-get install strace (.ci/run does)"
    );
    let site = TestSite::fixture("basic");
    site.run(&["build"]).assert_code(0);
    for when in 1..=4 {
        let old: std::collections::BTreeMap<String, Vec<u8>> =
            tree(&site.path("public")).into_iter().collect();
        // A new title shows on the article, the lists and the feeds.
        site.edit("content/news/harbour.md", |s| {
            s.replacen("title: \"", &format!("title: \"Update {when}, "), 1)
        });
        Command::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!("inject=rename:signal=SIGKILL:when={when}"))
            .arg(env!("CARGO_BIN_EXE_reprint"))
            .args(["build", "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        let killed = tree(&site.path("public"));
        let clean = site.path("clean");
        let _ = fs::remove_dir_all(&clean);
        site.run(&["build", "--no-cache", "--output", &clean.to_string_lossy()])
            .assert_code(0);
        let new: std::collections::BTreeMap<String, Vec<u8>> = tree(&clean).into_iter().collect();
        for (rel, bytes) in &killed {
            assert!(
                old.get(rel) == Some(bytes) || new.get(rel) == Some(bytes),
                "killed at rename #{when}: {rel} is neither its old nor its new version"
            );
        }
        site.run(&["build"]).assert_code(0);
        assert!(
            tree(&site.path("public")) == tree(&clean),
            "killed at rename #{when}: the next build did not finish the job"
        );
    }
}
