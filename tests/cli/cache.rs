//! The build cache: a build that reuses `.reprint-cache/` writes exactly
//! what a clean build writes, reports exactly the same, and rewrites only
//! the files whose bytes changed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::support::{TestSite, tree};

/// Every file of an output folder with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    tree(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let modified = fs::metadata(dir.join(&rel)).unwrap().modified().unwrap();
            (rel, (bytes, modified))
        })
        .collect()
}

/// Every folder under `dir`, so a folder left empty is noticed too.
fn folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Builds `site` with its cache into `public/` and from scratch into
/// `clean/`, and holds the two to the same exit status, the same report and,
/// when the build passed, the same files; a file whose bytes did not change
/// keeps its modification time. Returns the exit status.
fn build_and_compare(site: &TestSite, step: &str) -> i32 {
    let public = site.path("public");
    let before = if public.is_dir() {
        snapshot(&public)
    } else {
        BTreeMap::new()
    };
    let cached = site.run(&["build", "--format", "json"]);
    assert!(
        !cached.stderr.contains("panicked"),
        "{step}: {}",
        cached.stderr
    );
    let clean_dir = site.path("clean");
    let _ = fs::remove_dir_all(&clean_dir);
    let clean_out = clean_dir.to_string_lossy().into_owned();
    let clean = site.run(&[
        "build",
        "--no-cache",
        "--format",
        "json",
        "--output",
        &clean_out,
    ]);
    assert_eq!(
        cached.code, clean.code,
        "{step}: the cached build exited {} and the clean one {}\n{}\n{}",
        cached.code, clean.code, cached.stderr, clean.stderr
    );
    assert_eq!(cached.stdout, clean.stdout, "{step}: the reports differ");
    let after = snapshot(&public);
    if cached.code != 0 {
        assert_eq!(after, before, "{step}: a failed build changed the output");
        return cached.code;
    }
    let expected = snapshot(&clean_dir);
    let names = |s: &BTreeMap<String, (Vec<u8>, SystemTime)>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&after), names(&expected), "{step}: the files differ");
    for (rel, (bytes, modified)) in &after {
        assert!(
            *bytes == expected[rel].0,
            "{step}: {rel} differs from a clean build's"
        );
        if let Some((old, was)) = before.get(rel)
            && old == bytes
        {
            assert_eq!(
                modified, was,
                "{step}: {rel} was rewritten with the same bytes"
            );
        }
    }
    assert_eq!(
        folders(&public),
        folders(&clean_dir),
        "{step}: the folders differ"
    );
    cached.code
}

#[test]
fn a_cached_build_writes_what_a_clean_build_writes_after_every_kind_of_edit() {
    let site = TestSite::example();
    let article = "content/science/river-sensors.md";
    assert_eq!(build_and_compare(&site, "the first build"), 0);
    assert!(site.path(".reprint-cache/build.bin").is_file());
    assert_eq!(build_and_compare(&site, "a build with nothing changed"), 0);

    type Edit = Box<dyn Fn(&TestSite)>;
    let steps: Vec<(&str, Edit)> = vec![
        (
            "a title edited",
            Box::new(move |s| {
                s.edit(article, |t| {
                    t.replacen("Cheap Sensors", "Low-Cost Sensors", 1)
                });
            }),
        ),
        (
            "a tag added",
            Box::new(move |s| {
                s.edit(article, |t| {
                    t.replacen("Citizen Science]", "Citizen Science, Rivers]", 1)
                });
            }),
        ),
        (
            "a new newest article",
            Box::new(move |s| {
                let text = s.read(article);
                let text = text
                    .replacen("date: 2026-09-02", "date: 2026-11-20", 1)
                    .replacen("title: \"Volunteers", "title: \"Anglers", 1);
                s.write("content/science/anglers.md", &text);
            }),
        ),
        (
            "an article deleted",
            Box::new(|s| {
                s.remove("content/science/anglers.md");
            }),
        ),
        (
            "a template edited",
            Box::new(|s| {
                s.edit("themes/default/templates/article.html", |t| {
                    t.replacen("{% block main %}", "{% block main %}<!-- edited -->", 1)
                });
            }),
        ),
        (
            "the configuration edited",
            Box::new(|s| {
                s.edit("config.toml", |t| {
                    t.replacen("title = \"", "title = \"The ", 1)
                });
            }),
        ),
        (
            "a static file added",
            Box::new(|s| {
                s.write("static/files/notice.txt", "Office hours: 9 to 5.\n");
            }),
        ),
        (
            "a static file removed",
            Box::new(|s| {
                s.remove("static/files/notice.txt");
            }),
        ),
        (
            "a site style sheet that hides the attribution box",
            Box::new(|s| {
                let theme = s.read("themes/default/static/style.css");
                s.write(
                    "static/style.css",
                    &format!("{theme}\n.attribution {{ display: none; }}\n"),
                );
            }),
        ),
        (
            "the site style sheet removed",
            Box::new(|s| {
                s.remove("static/style.css");
            }),
        ),
        (
            "an own page edited",
            Box::new(|s| {
                s.edit("content/about.md", |t| {
                    format!("{t}\nWe answer every letter.\n")
                });
            }),
        ),
        (
            "an article's copyright holder removed",
            Box::new(move |s| {
                s.edit(article, |t| {
                    t.replacen("  holder: Priya Castellano\n", "", 1)
                });
            }),
        ),
        (
            "the copyright holder restored",
            Box::new(move |s| {
                s.edit(article, |t| {
                    t.replacen(
                        "copyright:\n",
                        "copyright:\n  holder: Priya Castellano\n",
                        1,
                    )
                });
            }),
        ),
        (
            "a licence that keeps pages out of search engines added",
            Box::new(|s| {
                s.edit("config.toml", |t| {
                    format!("{t}\n[licences.unlisted]\nname = \"Unlisted reprint\"\nrules = [\"byline\", \"noindex\"]\n")
                });
            }),
        ),
        (
            "an article moved under it, which leaves the sitemap",
            Box::new(move |s| {
                s.edit(article, |t| {
                    t.replacen("licence: CC-BY-SA-4.0", "licence: unlisted", 1)
                });
            }),
        ),
    ];
    for (step, edit) in steps {
        edit(&site);
        let code = build_and_compare(&site, step);
        // Only the removed copyright holder, and the attribution box hidden,
        // fail the articles' licences.
        assert_eq!(
            code == 0,
            !step.contains("holder removed") && !step.contains("hides"),
            "{step}: exit {code}"
        );
    }
    assert!(!site.read("public/sitemap.xml").contains("river-sensors"));
}

#[test]
fn a_cache_from_another_build_or_a_damaged_one_is_ignored() {
    let site = TestSite::example();
    assert_eq!(build_and_compare(&site, "the first build"), 0);
    let cache = site.path(".reprint-cache/build.bin");
    let bytes = fs::read(&cache).unwrap();
    // Cut mid-record, as a full disk would leave it.
    fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    site.edit("content/science/river-sensors.md", |t| {
        t.replacen("Cheap Sensors", "Cheaper Sensors", 1)
    });
    assert_eq!(build_and_compare(&site, "a damaged cache"), 0);

    // A page changed by hand in the output is put right.
    let page = site.path("public/index.html");
    fs::write(&page, "defaced").unwrap();
    assert_eq!(build_and_compare(&site, "a page changed by hand"), 0);
    assert_ne!(fs::read_to_string(&page).unwrap(), "defaced");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = TestSite::example();
    site.run(&["build", "--no-cache"]).assert_code(0);
    assert!(!site.path(".reprint-cache/build.bin").exists());
}

#[test]
fn a_first_build_records_every_article_with_the_stamp_it_was_read_with() {
    let site = TestSite::example();
    site.run(&["build"]).assert_code(0);
    let before = tree(&site.path("public"));
    let articles: Vec<_> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".md") && !name.starts_with('_')
        })
        // The site's own pages are not articles.
        .filter(|e| {
            !fs::read_to_string(e.path())
                .unwrap()
                .contains("\ntype: page")
        })
        .collect();
    assert!(!articles.is_empty());
    // Each file overwritten with as many bytes of nothing, its time put
    // back: recorded with the stamp it was read with, each is reused
    // unread, and the next build neither fails on the garbage nor
    // publishes it.
    for entry in &articles {
        let len = entry.metadata().unwrap().len();
        let modified = entry.metadata().unwrap().modified().unwrap();
        fs::write(entry.path(), vec![b'#'; len as usize]).unwrap();
        let file = fs::File::options().write(true).open(entry.path()).unwrap();
        file.set_modified(modified).unwrap();
    }
    site.run(&["build"]).assert_code(0);
    assert_eq!(tree(&site.path("public")), before);
}
