//! What the last `check --upstream` saw of each source, kept beside the
//! site (never in `content/`), so the next run asks with `If-None-Match` /
//! `If-Modified-Since` and an unchanged page costs one short answer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::layout::CACHE_DIR;
const FILE: &str = "upstream.json";

/// One source as last fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The extracted body, so a 304 can still be compared with the article.
    pub markdown: String,
    /// The licence the page stated when last read in full.
    pub licence: Option<String>,
    /// The last licence the page stated, kept after it stops stating one,
    /// so a withdrawn licence is reported on every check, 304s included.
    #[serde(default)]
    pub last_licence: Option<String>,
    pub correction: Option<String>,
}

/// Every source by address.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    sources: BTreeMap<String, Entry>,
}

impl Cache {
    pub fn path(root: &Path) -> PathBuf {
        root.join(CACHE_DIR).join(FILE)
    }

    /// The saved cache; a missing or unreadable one is an empty cache, as
    /// it only saves requests.
    pub fn load(root: &Path) -> Cache {
        std::fs::read_to_string(Cache::path(root))
            .ok()
            .and_then(|t| serde_json::from_str::<Cache>(&t).ok())
            .filter(|c| c.version == 1)
            .unwrap_or_default()
    }

    pub fn get(&self, url: &str) -> Option<&Entry> {
        self.sources.get(url)
    }

    pub fn put(&mut self, url: &str, entry: Entry) {
        self.sources.insert(url.to_owned(), entry);
    }

    /// Writes the cache through a temporary file, so an interrupted run
    /// never leaves half a file.
    pub fn save(&mut self, root: &Path) -> std::io::Result<()> {
        self.version = 1;
        let path = Cache::path(root);
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!("{FILE}.tmp"));
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_round_trips_and_a_broken_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::load(dir.path());
        assert!(c.get("https://a.example/").is_none());
        let e = Entry {
            etag: Some("\"v1\"".into()),
            last_modified: None,
            markdown: "Text.\n".into(),
            licence: Some("CC-BY-4.0".into()),
            last_licence: Some("CC-BY-4.0".into()),
            correction: None,
        };
        c.put("https://a.example/", e.clone());
        c.save(dir.path()).unwrap();
        assert_eq!(Cache::load(dir.path()).get("https://a.example/"), Some(&e));
        std::fs::write(Cache::path(dir.path()), "{not json").unwrap();
        assert!(Cache::load(dir.path()).get("https://a.example/").is_none());
    }
}
