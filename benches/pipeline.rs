//! Where a build's time goes: load, render, and the compliance pass, timed
//! separately on any site folder. Not a test: run it on a quiet machine.
//!
//!     cargo bench --bench pipeline -- SITE_DIR [RUNS]
//!
//! Prints the median of RUNS (default 5) for loading the site, rendering
//! every page in memory, and rendering plus checking every page; the
//! difference between the last two is what the compliance pass costs.

use std::time::{Duration, Instant};

use rayon::prelude::*;
use reprint::build::check_page;
use reprint::comply::CheckContext;
use reprint::content::{LoadOptions, Site};
use reprint::render::{Renderer, Theme};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(root) = args.first() else {
        eprintln!("usage: cargo bench --bench pipeline -- SITE_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let root = std::path::Path::new(root);
    let (mut load, mut render, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let mut pages = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let site = Site::load(root, &LoadOptions::default()).expect("the site loads");
        let theme = Theme::load(root, &site.config).expect("the theme loads");
        load.push(t.elapsed());

        let renderer = Renderer::new(&site, &theme);
        let kinds = renderer.pages();
        pages = kinds.len();
        let t = Instant::now();
        let bytes: usize = kinds
            .par_iter()
            .map(|&k| renderer.render(k).expect("renders").content.len())
            .sum();
        render.push(t.elapsed());

        let cx = CheckContext::new(&site, jiff::Timestamp::now());
        let t = Instant::now();
        let failed: usize = kinds
            .par_iter()
            .map(|&k| {
                let page = renderer.render(k).expect("renders");
                let verdicts = check_page(&cx, &theme, &page).expect("checks");
                verdicts.iter().filter(|v| !v.passed()).count()
            })
            .sum();
        both.push(t.elapsed());
        assert!(bytes > 0);
        if failed > 0 {
            eprintln!("note: {failed} pages fail their licence");
        }
    }
    let (load, render, both) = (median(load), median(render), median(both));
    println!("site: {} ({pages} pages, median of {runs})", root.display());
    println!(
        "load (read, front matter, Markdown): {:>8.1} ms",
        load.as_secs_f64() * 1e3
    );
    println!(
        "render every page:                   {:>8.1} ms",
        render.as_secs_f64() * 1e3
    );
    println!(
        "render and check every page:         {:>8.1} ms",
        both.as_secs_f64() * 1e3
    );
    println!(
        "compliance pass adds:                {:>8.1} ms ({:.0}% of rendering)",
        (both.as_secs_f64() - render.as_secs_f64()) * 1e3,
        (both.as_secs_f64() / render.as_secs_f64() - 1.0) * 100.0
    );
}
