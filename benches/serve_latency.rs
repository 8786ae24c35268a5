//! Serve mode: the time from saving one article to the rebuilt site being
//! served, measured the way a writer sees it. Not a test: run it on a quiet
//! machine, on a site of the size you care about.
//!
//!     cargo bench --bench serve_latency -- SITE_DIR [EDITS]
//!
//! Starts `reprint serve` on SITE_DIR, then EDITS times (default 20):
//! - appends a marker sentence to one article whose licence allows changes,
//!   and polls the article's URL until the marker is served;
//! - puts a marker into the title of the newest article, and polls the home
//!   page and the site's Atom feed until both show the new title, so lists
//!   and feeds are measured as well as the article page.
//!
//! Prints the median, 90th percentile and extremes of each. The articles are
//! restored afterwards, also when a measurement fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FEED: &str = "/atom.xml";

fn get(addr: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// Puts every edited article back as it was, however the run ends.
struct Restore(Vec<(PathBuf, String)>);

impl Drop for Restore {
    fn drop(&mut self) {
        for (path, text) in &self.0 {
            let _ = std::fs::write(path, text);
        }
    }
}

/// Writes `text` to `file`, then polls `paths` until each contains `marker`;
/// returns the time from the write to the last of them served.
fn save_and_wait(addr: &str, file: &Path, text: &str, paths: &[&str], marker: &str) -> Duration {
    let t = Instant::now();
    std::fs::write(file, text).unwrap();
    for path in paths {
        while !get(addr, path).contains(marker) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "the edit of {} never reached {path}",
                file.display()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    t.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(root) = args.first() else {
        eprintln!("usage: cargo bench --bench serve_latency -- SITE_DIR [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let root = Path::new(root);
    let content = root.join("content");

    // The first article by file name whose licence allows adding a sentence:
    // a no-derivatives article would fail its fingerprint check and the edit
    // would never be served.
    let article = first_md(&content, &|text| !no_derivatives(text))
        .expect("the site has an article whose licence allows changes");
    let url = url_of(&content, &article);
    let original = std::fs::read_to_string(&article).unwrap();
    let mut restore = Restore(vec![(article.clone(), original.clone())]);

    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("reprint serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    println!(
        "site: {} (first build and start: {:.2} s)",
        root.display(),
        started.elapsed().as_secs_f64()
    );
    std::thread::spawn(move || for _ in lines {});

    // The newest article: the first entry of the site's feed, which is also
    // the first article listed on the home page.
    let newest = newest_article(&get(&addr, FEED), &content);
    if let Some(file) = &newest {
        let text = std::fs::read_to_string(file).unwrap();
        restore.0.push((file.clone(), text));
    }

    let (mut page, mut lists) = (Vec::new(), Vec::new());
    for i in 0..edits {
        let marker = format!("Latency marker {i} {}.", std::process::id());
        let text = format!("{original}\n{marker}\n");
        page.push(save_and_wait(&addr, &article, &text, &[&url], &marker));
        std::thread::sleep(Duration::from_millis(300));

        if let Some((file, text)) = newest.as_ref().and(restore.0.get(1)) {
            let marker = format!("Title marker {i} {}", std::process::id());
            let edited = retitle(text, &marker);
            lists.push(save_and_wait(&addr, file, &edited, &["/", FEED], &marker));
            std::thread::sleep(Duration::from_millis(300));
        }
    }
    drop(restore);
    let _ = child.kill();
    let _ = child.wait();

    println!("page: {url}, {edits} edits");
    report("save to served (article page)", page);
    match &newest {
        Some(file) => {
            println!("newest article: {}", file.display());
            report("title to home page and feed", lists);
        }
        None => println!("title to home page and feed: not measured, no article found in {FEED}"),
    }
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(samples[samples.len() / 2]),
        ms(samples[(samples.len() * 9 / 10).min(samples.len() - 1)]),
        ms(samples[0]),
        ms(samples[samples.len() - 1])
    );
}

fn no_derivatives(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("licence:") && l.contains("-ND-"))
}

/// The article's URL path: its file's path under content/, as a folder.
fn url_of(content: &Path, article: &Path) -> String {
    let rel = article.strip_prefix(content).unwrap().with_extension("");
    format!("/{}/", rel.to_string_lossy().replace('\\', "/"))
}

/// The source file of the feed's first entry, found from its link.
fn newest_article(feed: &str, content: &Path) -> Option<PathBuf> {
    let entry = &feed[feed.find("<entry>")?..];
    let href = &entry[entry.find("href=\"")? + 6..];
    let link = &href[..href.find('"')?];
    let path = link.split_once("://").map_or(link, |(_, rest)| {
        rest.find('/').map_or("", |slash| &rest[slash..])
    });
    let file = content.join(format!("{}.md", path.trim_matches('/')));
    file.is_file().then_some(file)
}

/// The article with `marker` put at the start of its front-matter title.
fn retitle(text: &str, marker: &str) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| match l.strip_prefix("title:") {
            Some(rest) if !done => {
                done = true;
                let rest = rest.trim();
                match rest.strip_prefix('"') {
                    Some(quoted) => format!("title: \"{marker} {quoted}"),
                    None => format!("title: {marker} {rest}"),
                }
            }
            _ => l.to_owned(),
        })
        .collect();
    lines.join("\n") + "\n"
}

fn first_md(dir: &Path, accept: &dyn Fn(&str) -> bool) -> Option<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if let Some(found) = first_md(&p, accept) {
                return Some(found);
            }
        } else if p.extension().is_some_and(|e| e == "md")
            && std::fs::read_to_string(&p).is_ok_and(|t| accept(&t))
        {
            return Some(p);
        }
    }
    None
}
