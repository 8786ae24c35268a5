//! Serve mode: the time from saving one article to the rebuilt page being
//! served, measured the way a writer sees it. Not a test: run it on a quiet
//! machine, on a site of the size you care about.
//!
//!     cargo bench --bench serve_latency -- SITE_DIR [EDITS]
//!
//! Starts `reprint serve` on SITE_DIR, then EDITS times (default 20) appends
//! a marker sentence to one article and polls the article's URL until the
//! marker is served. Prints the median, 90th percentile and extremes. The
//! article is restored afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

    // The newest article under content/, by file name order: any will do.
    let article = walkdir_first_md(&root.join("content")).expect("the site has an article");
    let rel = article
        .strip_prefix(root.join("content"))
        .unwrap()
        .with_extension("");
    let url = format!("/{}/", rel.to_string_lossy().replace('\\', "/"));
    let original = std::fs::read_to_string(&article).unwrap();

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

    let mut samples = Vec::new();
    for i in 0..edits {
        let marker = format!("Latency marker {i} {}.", std::process::id());
        let t = Instant::now();
        std::fs::write(&article, format!("{original}\n{marker}\n")).unwrap();
        loop {
            if get(&addr, &url).contains(&marker) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "the edit was never served"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        samples.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(&article, &original).unwrap();
    let _ = child.kill();
    let _ = child.wait();

    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("page: {url}, {edits} edits");
    println!(
        "save to served: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(samples[samples.len() / 2]),
        ms(samples[(samples.len() * 9 / 10).min(samples.len() - 1)]),
        ms(samples[0]),
        ms(samples[samples.len() - 1])
    );
}

fn walkdir_first_md(dir: &Path) -> Option<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if let Some(found) = walkdir_first_md(&p) {
                return Some(found);
            }
        } else if p.extension().is_some_and(|e| e == "md") {
            return Some(p);
        }
    }
    None
}
