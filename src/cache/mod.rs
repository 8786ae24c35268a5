//! The build cache: what the last successful build read and decided, kept
//! in `.reprint-cache/build.jsonl` so the next build parses only the
//! article files that changed and renders only the pages whose inputs did.
//!
//! It is a help, never an authority. It is ignored whole unless it was
//! written by this very reprint binary for the same configuration, theme,
//! options and output folder (see [`key`]); an article is reused only when
//! its file has the size and modification time it had when read; a page is
//! skipped only when its signature and its file in the output are both as
//! recorded. Anything else is read, rendered and checked again.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::comply::PageVerdict;
use crate::content::Article;

pub use crate::layout::CACHE_DIR;
const BUILD_FILE: &str = "build.jsonl";
/// The cache's last line: without it, the file was cut short.
const END: &str = "\nend\n";

/// A file's size and modification time: unchanged, the file is taken to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    secs: u64,
    nanos: u32,
}

impl Stamp {
    /// The stamp of the file at `path`, when it is a readable file.
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&fs::metadata(path).ok()?)
    }

    /// The stamp of a file whose metadata is at hand; `None` for a folder.
    pub fn from_metadata(meta: &fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        Stamp::from_parts(meta.len(), meta.modified().ok()?)
    }

    /// The stamp of a file of `len` bytes last modified at `modified`.
    pub fn from_parts(len: u64, modified: std::time::SystemTime) -> Option<Stamp> {
        let since = modified.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            len,
            secs: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }
}

/// What the last build knew of one output page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedPage {
    /// The page's render signature (`Renderer::signature`).
    pub signature: u64,
    /// Its file in the output folder as written.
    pub stamp: Stamp,
    /// The compliance verdicts on it.
    pub verdicts: Vec<PageVerdict>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    reprint: String,
    key: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    Article {
        path: PathBuf,
        stamp: Stamp,
        article: Box<Article>,
    },
    Page {
        path: String,
        page: CachedPage,
    },
}

/// An article as the cache holds it, with its line, written again as it
/// is when the article is reused.
struct CachedArticle {
    stamp: Stamp,
    article: Arc<Article>,
    /// Where its line stands in the cache's text.
    line: std::ops::Range<usize>,
}

/// A build cache read back from disk.
#[derive(Default)]
pub struct BuildCache {
    /// The file as read: each article's line is written again from here.
    text: String,
    articles: HashMap<PathBuf, CachedArticle>,
    pages: HashMap<String, CachedPage>,
}

impl BuildCache {
    /// The cache in `root`, when there is one written under `key`; a
    /// missing, foreign or damaged cache is no cache.
    pub fn load(root: &Path, key: u64) -> Option<BuildCache> {
        let text = fs::read_to_string(root.join(CACHE_DIR).join(BUILD_FILE)).ok()?;
        let whole = text.strip_suffix(END)?;
        let (head, rest) = whole.split_once('\n').unwrap_or((whole, ""));
        let header: Header = serde_json::from_str(head).ok()?;
        if header.key != key || header.reprint != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let start_of = |l: &str| l.as_ptr() as usize - text.as_ptr() as usize;
        let lines: Vec<(Line, std::ops::Range<usize>)> = rest
            .par_lines()
            .map(|l| {
                serde_json::from_str(l).map(|parsed| (parsed, start_of(l)..start_of(l) + l.len()))
            })
            .collect::<Result<_, _>>()
            .ok()?;
        let mut cache = BuildCache::default();
        for (line, range) in lines {
            match line {
                Line::Article {
                    path,
                    stamp,
                    article,
                } => {
                    let article = CachedArticle {
                        stamp,
                        article: Arc::from(article),
                        line: range,
                    };
                    cache.articles.insert(path, article);
                }
                Line::Page { path, page } => {
                    cache.pages.insert(path, page);
                }
            }
        }
        cache.text = text;
        Some(cache)
    }

    /// The article read from `rel` when its file still has `stamp`. Its
    /// body carries no HTML: `Site::restore_bodies` renders it when needed.
    pub fn article(&self, rel: &Path, stamp: Option<Stamp>) -> Option<Arc<Article>> {
        let cached = self.articles.get(rel)?;
        (Some(cached.stamp) == stamp).then(|| Arc::clone(&cached.article))
    }

    /// The cache line of `article` when it is the very one this cache gave.
    fn line_of(&self, rel: &Path, article: &Arc<Article>) -> Option<&str> {
        let cached = self.articles.get(rel)?;
        Arc::ptr_eq(&cached.article, article).then(|| &self.text[cached.line.clone()])
    }

    /// Every output path the last build wrote.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    /// What the last build recorded of the output page at `path`.
    pub fn page(&self, path: &str) -> Option<&CachedPage> {
        self.pages.get(path)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum LineRef<'a> {
    Article {
        path: &'a Path,
        stamp: Stamp,
        article: &'a Article,
    },
    Page {
        path: &'a str,
        page: &'a CachedPage,
    },
}

/// The cache for the build just completed, written so that it replaces
/// the old one in one rename and a reader never sees half of it.
///
/// The articles' lines come first, which a build knows
/// once its bodies are measured, while the last of its work (the report,
/// the output's swap) goes on; then the pages' lines. Dropped unfinished,
/// it leaves the old cache as it was.
pub struct Writer {
    dir: PathBuf,
    tmp: PathBuf,
    out: Option<fs::File>,
    /// The cache folder did not exist before: an unfinished cache takes it
    /// away again.
    made_dir: bool,
}

impl Writer {
    /// Starts a cache with the lines of `articles`; one `previous` gave is
    /// written as it was read.
    pub fn begin(
        root: &Path,
        key: u64,
        previous: Option<&BuildCache>,
        articles: &[(&Path, Stamp, &Arc<Article>)],
    ) -> io::Result<Writer> {
        let header = serde_json::to_string(&Header {
            reprint: env!("CARGO_PKG_VERSION").to_owned(),
            key,
        })?;
        let dir = root.join(CACHE_DIR);
        let made_dir = !dir.is_dir();
        fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".{BUILD_FILE}.{}", std::process::id()));
        let mut writer = Writer {
            out: None,
            dir,
            tmp,
            made_dir,
        };
        writer.out = Some(fs::File::create(&writer.tmp)?);
        let out = writer.out.as_mut().expect("open until finished");
        out.write_all(header.as_bytes())?;
        let article_line = |&(path, stamp, article): &(&Path, Stamp, &Arc<Article>),
                            buf: &mut Vec<u8>| {
            match previous.and_then(|p| p.line_of(path, article)) {
                Some(text) => buf.extend_from_slice(text.as_bytes()),
                None => serde_json::to_writer(
                    buf,
                    &LineRef::Article {
                        path,
                        stamp,
                        article,
                    },
                )?,
            }
            Ok(())
        };
        let mut lines = Lines::new(out);
        lines.write(articles, article_line)?;
        lines.finish()?;
        Ok(writer)
    }

    /// Adds the lines of `pages` and puts the cache in place.
    pub fn finish(mut self, pages: &[(&str, &CachedPage)]) -> io::Result<()> {
        let mut out = self.out.take().expect("finished once");
        let page_line = |&(path, page): &(&str, &CachedPage), buf: &mut Vec<u8>| {
            serde_json::to_writer(buf, &LineRef::Page { path, page })
        };
        let mut lines = Lines::new(&mut out);
        lines.write(pages, page_line)?;
        lines.finish()?;
        // Not synced: a cache cut short (by a power loss) lacks its last line
        // and is simply not used.
        out.write_all(END.as_bytes())?;
        drop(out);
        let placed = fs::rename(&self.tmp, self.dir.join(BUILD_FILE));
        if placed.is_err() {
            let _ = fs::remove_file(&self.tmp);
        }
        placed
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
            if self.made_dir {
                let _ = fs::remove_dir(&self.dir);
            }
        }
    }
}

/// How many lines are made at once when the cache is written, and how many
/// of them one task makes.
const SLICE: usize = 2048;
const LINES_PER_TASK: usize = 64;

/// Lines made in parallel a slice at a time, so the cache is never held
/// whole in memory; each slice is written while the next one is made.
struct Lines<'f> {
    out: &'f mut fs::File,
    made: Vec<Vec<u8>>,
}

impl<'f> Lines<'f> {
    fn new(out: &'f mut fs::File) -> Lines<'f> {
        Lines {
            out,
            made: Vec::new(),
        }
    }

    fn write<T: Sync>(
        &mut self,
        items: &[T],
        line: impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()> + Sync,
    ) -> io::Result<()> {
        for slice in items.chunks(SLICE) {
            let make = || {
                slice
                    .par_chunks(LINES_PER_TASK)
                    .map(|task| {
                        let mut buf = Vec::new();
                        for item in task {
                            buf.push(b'\n');
                            line(item, &mut buf)?;
                        }
                        Ok(buf)
                    })
                    .collect::<serde_json::Result<Vec<_>>>()
            };
            let (written, made) = rayon::join(|| self.flush(), make);
            written?;
            self.made = made?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        for buf in self.made.drain(..) {
            self.out.write_all(&buf)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.flush()
    }
}

/// Removes the build cache, before the output is changed in place: a build
/// interrupted then finds no cache and starts clean.
pub fn forget(root: &Path) -> io::Result<()> {
    match fs::remove_file(root.join(CACHE_DIR).join(BUILD_FILE)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What a cache must have been written under to be trusted: this reprint
/// binary (its version, size and time), the configuration file, every file
/// of the theme, the site's own style sheets, and `options` (load options,
/// output folder).
pub fn key(root: &Path, theme_dir: &Path, options: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    std::env::current_exe()
        .ok()
        .and_then(|exe| Stamp::of(&exe))
        .hash(&mut h);
    fs::read(root.join(crate::layout::CONFIG_FILE))
        .ok()
        .hash(&mut h);
    // The whole theme, and the site's own style sheets: verdicts depend on
    // the rules a page's linked sheets hold.
    let site_sheets = walkdir::WalkDir::new(root.join(crate::layout::STATIC_DIR))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("css"))
        });
    for entry in walkdir::WalkDir::new(theme_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .chain(site_sheets)
        .filter(|e| e.file_type().is_file())
    {
        entry.path().hash(&mut h);
        fs::read(entry.path()).ok().hash(&mut h);
    }
    options.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_changes_when_the_file_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "one").unwrap();
        let before = Stamp::of(&file).unwrap();
        fs::write(&file, "two!").unwrap();
        assert_ne!(Stamp::of(&file), Some(before));
        assert_eq!(Stamp::of(dir.path()), None, "a folder has no stamp");
    }

    #[test]
    fn a_cache_under_another_key_or_damaged_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let page = CachedPage {
            signature: 7,
            stamp: Stamp {
                len: 1,
                secs: 2,
                nanos: 3,
            },
            verdicts: Vec::new(),
        };
        let started = Writer::begin(dir.path(), 42, None, &[]).unwrap();
        let tmp = started.tmp.clone();
        assert!(tmp.exists());
        // A cache dropped unfinished leaves nothing behind.
        drop(started);
        assert!(!tmp.exists());
        assert!(!dir.path().join(CACHE_DIR).exists());
        assert!(BuildCache::load(dir.path(), 42).is_none());
        let started = Writer::begin(dir.path(), 42, None, &[]).unwrap();
        started.finish(&[("index.html", &page)]).unwrap();
        assert!(!tmp.exists());
        let cache = BuildCache::load(dir.path(), 42).expect("same key");
        assert_eq!(cache.page("index.html").map(|p| p.signature), Some(7));
        assert!(BuildCache::load(dir.path(), 43).is_none());
        let file = dir.path().join(CACHE_DIR).join(BUILD_FILE);
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, &text[..text.len() - 5]).unwrap();
        assert!(BuildCache::load(dir.path(), 42).is_none());
        forget(dir.path()).unwrap();
        assert!(!file.exists());
        forget(dir.path()).unwrap();
    }
}
