//! Entry points for fuzzers and property tests: each takes untrusted bytes
//! the way the real program receives them and runs the real code on them.
//! None may panic, whatever the input; each returns what it found so the
//! work cannot be optimised away. `fuzz/` and `tests/properties.rs` use them.

use std::path::{Path, PathBuf};

use crate::build::{self, BuildOptions};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::licences::Registry;

/// Front matter splitting and fingerprinting, in memory.
pub fn front_matter(text: &str) -> Option<String> {
    let split = crate::content::split_front_matter(text)?;
    Some(crate::content::fingerprint(split.body))
}

/// Markdown rendering, with and without the sanitiser, then the facts the
/// compliance check reads from a page. Returns the number of links found.
pub fn markdown(text: &str) -> usize {
    let mut links = 0;
    for sanitize in [true, false] {
        let body = crate::markdown::render(text, sanitize);
        std::hint::black_box(crate::comply::PageFacts::extract(body.html()));
        links += body.links.len();
    }
    links
}

/// `config.toml` as read at the start of every build, then the licence
/// profiles it defines.
pub fn config(text: &str) -> Result<(), Vec<Diagnostic>> {
    let config = Config::parse(text, PathBuf::from(crate::config::CONFIG_FILE))?;
    Registry::from_config(&config).map(|_| ())
}

/// The request path a preview server resolves from a raw request head.
#[cfg(feature = "serve")]
pub fn request(head: &[u8]) -> Option<crate::serve::http::Target> {
    let head = crate::serve::server::parse_head(head)?;
    let _ = head
        .host
        .as_deref()
        .map(crate::serve::server::is_loopback_host);
    let path = head.target.split('?').next().unwrap_or_default();
    Some(crate::serve::http::resolve(path))
}

/// A scratch site for whole-article runs: the bundled starter site, made
/// once in `dir`.
pub struct ScratchSite {
    root: PathBuf,
}

impl ScratchSite {
    /// Creates the site in `dir` (which must not hold one yet).
    pub fn create(dir: &Path) -> Result<ScratchSite, Diagnostic> {
        crate::scaffold::init(dir)?;
        Ok(ScratchSite {
            root: dir.to_path_buf(),
        })
    }

    /// Puts `text` in as one article and checks the whole site in memory:
    /// front matter, Markdown, sanitiser, templates and every licence rule.
    /// Returns whether every page passed, or the input errors.
    pub fn check_article(&self, text: &[u8]) -> Result<bool, build::Error> {
        let path = self.root.join("content/fuzz/input.md");
        std::fs::create_dir_all(path.parent().unwrap_or(&self.root))
            .and_then(|_| std::fs::write(&path, text))
            .map_err(|e| build::Error::Output(Diagnostic::new(&path, e.to_string())))?;
        let mut options = BuildOptions::new(&self.root);
        options.now = jiff::Timestamp::UNIX_EPOCH;
        build::build(&options).map(|o| o.report.passed())
    }
}
