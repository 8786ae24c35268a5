//! Where a build's time goes: load, render, and the compliance pass, timed
//! separately on any site folder. Not a test: run it on a quiet machine.
//!
//!     cargo bench --bench pipeline -- SITE_DIR [RUNS]
//!
//! Prints the median of RUNS (default 5) for each stage: reading front
//! matter, Markdown, templates, the compliance pass (rendering plus checking,
//! less rendering alone) and writing every page to a folder beside the site.

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
    let (mut markdown, mut write) = (Vec::new(), Vec::new());
    // Where the write stage writes: OUT_DIR, else beside the site.
    let out_dir = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            root.with_file_name(format!("{name}-pipeline-out"))
        });
    let mut pages = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let site = Site::load(root, &LoadOptions::default()).expect("the site loads");
        let theme = Theme::load(root, &site.config).expect("the theme loads");
        load.push(t.elapsed());

        // Markdown alone, on the same bodies, to split it out of loading.
        let bodies: Vec<String> = site
            .articles
            .iter()
            .map(|a| {
                let text = std::fs::read_to_string(root.join(&a.path)).expect("readable");
                reprint::content::split_front_matter(&text)
                    .expect("front matter")
                    .body
                    .to_owned()
            })
            .collect();
        let t = Instant::now();
        let html: usize = bodies
            .par_iter()
            .map(|b| reprint::markdown::render(b, true).html().len())
            .sum();
        markdown.push(t.elapsed());
        assert!(html > 0);

        let renderer = Renderer::new(&site, &theme);
        let kinds = renderer.pages();
        pages = kinds.len();
        let t = Instant::now();
        // In jobs of at most eight pages, as a build renders them.
        let bytes: usize = kinds
            .par_iter()
            .with_max_len(8)
            .map(|&k| renderer.render(k).expect("renders").content.len())
            .sum();
        render.push(t.elapsed());

        let cx = CheckContext::new(&site, jiff::Timestamp::now());
        let t = Instant::now();
        let failed: usize = kinds
            .par_iter()
            .with_max_len(8)
            .map(|&k| {
                let page = renderer.render(k).expect("renders");
                let verdicts = check_page(&cx, &theme, &page).expect("checks");
                verdicts.iter().filter(|v| !v.passed()).count()
            })
            .sum();
        both.push(t.elapsed());

        let _ = std::fs::remove_dir_all(&out_dir);
        let pages: Vec<_> = kinds
            .par_iter()
            .map(|&k| renderer.render(k).expect("renders"))
            .collect();
        let t = Instant::now();
        pages.par_iter().with_max_len(8).for_each(|p| {
            reprint::output::write_file(&out_dir, &p.path, p.content.as_bytes()).expect("writes");
        });
        write.push(t.elapsed());
        drop(pages);
        let _ = std::fs::remove_dir_all(&out_dir);
        assert!(bytes > 0);
        if failed > 0 {
            eprintln!("note: {failed} pages fail their licence");
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (load, markdown, render, both, write) = (
        median(load),
        median(markdown),
        median(render),
        median(both),
        median(write),
    );
    println!(
        "site: {} ({pages} pages, median of {runs}, wall time on all cores)",
        root.display()
    );
    println!(
        "read and front matter (load less Markdown): {:>8.1} ms",
        ms(load) - ms(markdown)
    );
    println!(
        "Markdown:                                   {:>8.1} ms",
        ms(markdown)
    );
    println!(
        "templates (render every page):              {:>8.1} ms",
        ms(render)
    );
    println!(
        "compliance pass (parse and check):          {:>8.1} ms",
        ms(both) - ms(render)
    );
    println!(
        "write every page:                           {:>8.1} ms",
        ms(write)
    );
}
