//! A whole article through the real check: front matter, Markdown,
//! sanitiser, templates and every licence rule. Slower per run than the
//! other targets; it finds what only the full pipeline reaches.
#![no_main]
use std::sync::OnceLock;

use reprint::fuzzing::ScratchSite;

static SITE: OnceLock<ScratchSite> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|text: &[u8]| {
    let site = SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("reprint-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        ScratchSite::create(&dir).expect("a scratch site in the temp folder")
    });
    let _ = site.check_article(text);
});
