//! Property tests with a fixed seed and bounded counts: mutated articles,
//! configurations and request heads go through the library's real entry
//! points (`reprint::fuzzing`) and must never panic; a few go through the
//! binary, which must exit 0, 1 or 2 and leave the previous output as it was
//! whenever it does not succeed.

use std::path::Path;

use reprint::fuzzing;

/// xorshift64*: small, fixed-seed, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that mean something to one of the parsers.
const TOKENS: &[&str] = &[
    "---",
    "\n",
    "\r\n",
    ":",
    ": ",
    "- ",
    "> ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "*",
    "`",
    "|",
    "\t",
    "\0",
    "\u{feff}",
    "é",
    "\u{202e}",
    "&amp;",
    "<div>",
    "</div>",
    "<script>",
    "javascript:",
    "data:text/html,",
    "https://",
    "[x](",
    "](javascript:x)",
    "<a href=\"",
    "title: ",
    "licence: ",
    "source:\n  name: x\n  url: ",
    "date: ",
    "2026-13-45",
    "tags: [",
    "draft: true",
    "&&&",
    "%",
    "%C3%A9",
    "%2e%2e/",
    "..",
    "/",
    "\\",
    "Host: ",
    "=",
    "[licences.X]",
    "base_url = ",
    "rules = [",
    "999999999999999999999",
    "-1",
    "true",
    "~",
    "!!binary",
    "*a",
    "&a ",
];

/// One random edit: insert a token, delete or duplicate a range, or truncate.
fn mutate(rng: &mut Rng, text: &str, max_len: usize) -> String {
    let mut s = text.to_owned();
    for _ in 0..1 + rng.below(6) {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let at = bounds[rng.below(bounds.len())];
        let to = bounds[rng.below(bounds.len())].max(at);
        match rng.below(5) {
            0 | 1 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => s.replace_range(at..to.min(at + 64), ""),
            3 => {
                let piece = s[at..to.min(at + 256)].to_owned();
                s.insert_str(at, &piece);
            }
            _ => s.truncate(to),
        }
    }
    let mut end = s.len().min(max_len);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn repo(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn seeds() -> Vec<String> {
    [
        "tests/fixtures/basic/content/news/harbour.md",
        "tests/fixtures/basic/content/news/libraries.md",
        "tests/fixtures/basic/content/news/late-opening.md",
    ]
    .iter()
    .map(|p| repo(p))
    .collect()
}

#[test]
fn mutated_articles_and_markdown_never_panic() {
    let mut rng = Rng(0x5eed_0001);
    let seeds = seeds();
    for _ in 0..1000 {
        let seed = &seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, seed, 8 * 1024);
        let _ = fuzzing::front_matter(&text);
        let _ = fuzzing::markdown(&text);
    }
}

#[test]
fn mutated_configs_never_panic() {
    let mut rng = Rng(0x5eed_0002);
    let seeds = [
        repo("config.toml"),
        repo("tests/fixtures/basic/config.toml"),
    ];
    let mut errors = 0;
    for _ in 0..300 {
        let seed = &seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, seed, 16 * 1024);
        errors += usize::from(fuzzing::config(&text).is_err());
    }
    // The mutations must reach the error paths, or they test nothing.
    assert!(errors > 30, "only {errors} of 300 configs were refused");
}

#[test]
fn mutated_request_heads_never_panic() {
    let mut rng = Rng(0x5eed_0003);
    let seeds = [
        "GET /news/caf%C3%A9/?x=1 HTTP/1.1\r\nHost: localhost:1111\r\nConnection: close\r\n\r\n",
        "HEAD http://127.0.0.1:1111/a/../b HTTP/1.0\r\nHost: [::1]:1111\r\n\r\n",
    ];
    for _ in 0..2000 {
        let seed = seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, seed, 4096);
        let _ = fuzzing::request(text.as_bytes());
    }
}

#[test]
fn mutated_articles_through_the_whole_check_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fuzzing::ScratchSite::create(tmp.path()).unwrap();
    let mut rng = Rng(0x5eed_0004);
    let seeds = seeds();
    let mut outcomes = [0usize; 3];
    for _ in 0..150 {
        let seed = &seeds[rng.below(seeds.len())];
        let text = mutate(&mut rng, seed, 8 * 1024);
        let i = match site.check_article(text.as_bytes()) {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(_) => 2,
        };
        outcomes[i] += 1;
    }
    assert!(
        outcomes[2] > 0,
        "no mutation was an input error: {outcomes:?}"
    );
}

#[test]
fn the_binary_exits_0_1_or_2_and_a_failed_build_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        root,
    );
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    let run = |root: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_reprint"))
            .args(["build", "--root"])
            .arg(root)
            .output()
            .unwrap()
    };
    assert!(run(root).status.success());
    let article = root.join("content/news/harbour.md");
    let original = std::fs::read_to_string(&article).unwrap();
    let mut rng = Rng(0x5eed_0005);
    for i in 0..10 {
        let before = tree(&root.join("public"));
        std::fs::write(&article, mutate(&mut rng, &original, 8 * 1024)).unwrap();
        let out = run(root);
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(code, Some(0..=2)), "case {i}: {code:?}\n{stderr}");
        assert!(!stderr.contains("panicked"), "case {i}: {stderr}");
        if code != Some(0) {
            assert!(
                before == tree(&root.join("public")),
                "case {i} changed the output"
            );
        }
    }
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
