//! The build cache: what the last successful build read and decided, kept
//! in `.reprint-cache/build.bin` so the next build parses only the
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
/// A line of JSON saying which reprint wrote the cache and under which key,
/// then one record per article and per output file, each its length (four
/// bytes, little-endian) and its fields in `postcard`'s compact encoding:
/// a third the size of JSON, and made and read several times faster.
const BUILD_FILE: &str = "build.bin";
/// The length the file ends with in place of a record's: without it, the
/// file was cut short.
const END: u32 = u32::MAX;

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

/// An article as the cache holds it, with its record, written again as it
/// is when the article is reused.
struct CachedArticle {
    stamp: Stamp,
    article: Arc<Article>,
    /// Where its record, length included, stands in the cache's bytes.
    record: std::ops::Range<usize>,
}

/// A build cache read back from disk.
#[derive(Default)]
pub struct BuildCache {
    /// The file as read: each article's record is written again from here.
    bytes: Vec<u8>,
    articles: HashMap<PathBuf, CachedArticle>,
    pages: HashMap<String, CachedPage>,
}

impl BuildCache {
    /// The cache in `root`, when there is one written under `key`; a
    /// missing, foreign or damaged cache is no cache.
    pub fn load(root: &Path, key: u64) -> Option<BuildCache> {
        let bytes = fs::read(root.join(CACHE_DIR).join(BUILD_FILE)).ok()?;
        let head_end = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..head_end]).ok()?;
        if header.key != key || header.reprint != env!("CARGO_PKG_VERSION") {
            return None;
        }
        let records = records(&bytes, head_end + 1)?;
        let lines: Vec<(Line, std::ops::Range<usize>)> = records
            .into_par_iter()
            .map(|range| {
                let body = &bytes[range.start + 4..range.end];
                postcard::from_bytes(body).map(|line| (line, range))
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
                        record: range,
                    };
                    cache.articles.insert(path, article);
                }
                Line::Page { path, page } => {
                    cache.pages.insert(path, page);
                }
            }
        }
        cache.bytes = bytes;
        Some(cache)
    }

    /// The article read from `rel` when its file still has `stamp`. Its
    /// body carries no HTML: `Site::restore_bodies` renders it when needed.
    pub fn article(&self, rel: &Path, stamp: Option<Stamp>) -> Option<Arc<Article>> {
        let cached = self.articles.get(rel)?;
        (Some(cached.stamp) == stamp).then(|| Arc::clone(&cached.article))
    }

    /// The cache record of `article` when it is the very one this cache gave.
    fn record_of(&self, rel: &Path, article: &Arc<Article>) -> Option<&[u8]> {
        let cached = self.articles.get(rel)?;
        Arc::ptr_eq(&cached.article, article).then(|| &self.bytes[cached.record.clone()])
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
/// The articles' records come first, which a build knows
/// once its bodies are measured, while the last of its work (the report,
/// the output's swap) goes on; then the pages' records. Dropped unfinished,
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
        out.write_all(b"\n")?;
        let article_record = |&(path, stamp, article): &(&Path, Stamp, &Arc<Article>),
                              buf: &mut Vec<u8>| {
            match previous.and_then(|p| p.record_of(path, article)) {
                Some(record) => {
                    buf.extend_from_slice(record);
                    Ok(())
                }
                None => push_record(
                    buf,
                    &LineRef::Article {
                        path,
                        stamp,
                        article,
                    },
                ),
            }
        };
        let mut records = Records::new(out);
        records.write(articles, article_record)?;
        records.finish()?;
        Ok(writer)
    }

    /// Adds the lines of `pages` and puts the cache in place.
    pub fn finish(mut self, pages: &[(&str, &CachedPage)]) -> io::Result<()> {
        let mut out = self.out.take().expect("finished once");
        let page_record = |&(path, page): &(&str, &CachedPage), buf: &mut Vec<u8>| {
            push_record(buf, &LineRef::Page { path, page })
        };
        let mut records = Records::new(&mut out);
        records.write(pages, page_record)?;
        records.finish()?;
        // Not synced: a cache cut short (by a power loss) lacks its end
        // and is simply not used.
        out.write_all(&END.to_le_bytes())?;
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

/// Appends `line` to `buf` as a record: its length, then its bytes.
fn push_record(buf: &mut Vec<u8>, line: &LineRef) -> io::Result<()> {
    let start = buf.len();
    buf.extend_from_slice(&[0; 4]);
    let mut filled = postcard::to_extend(line, std::mem::take(buf)).map_err(io::Error::other)?;
    let len = u32::try_from(filled.len() - start - 4)
        .ok()
        .filter(|&n| n != END)
        .ok_or_else(|| io::Error::other("a cache record over 4 GiB"))?;
    filled[start..start + 4].copy_from_slice(&len.to_le_bytes());
    *buf = filled;
    Ok(())
}

/// Where each record of `bytes` stands, its length included, from `start`
/// to the end mark; `None` when the file is cut short or damaged.
fn records(bytes: &[u8], mut start: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let mut found = Vec::new();
    loop {
        let len = u32::from_le_bytes(bytes.get(start..start + 4)?.try_into().ok()?);
        if len == END {
            return (start + 4 == bytes.len()).then_some(found);
        }
        let end = start + 4 + usize::try_from(len).ok()?;
        if end > bytes.len() {
            return None;
        }
        found.push(start..end);
        start = end;
    }
}

/// How many records are made at once when the cache is written, and how
/// many of them one task makes.
const SLICE: usize = 2048;
const LINES_PER_TASK: usize = 64;

/// Records made in parallel a slice at a time, so the cache is never held
/// whole in memory; each slice is written while the next one is made.
struct Records<'f> {
    out: &'f mut fs::File,
    made: Vec<Vec<u8>>,
}

impl<'f> Records<'f> {
    fn new(out: &'f mut fs::File) -> Records<'f> {
        Records {
            out,
            made: Vec::new(),
        }
    }

    fn write<T: Sync>(
        &mut self,
        items: &[T],
        record: impl Fn(&T, &mut Vec<u8>) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        for slice in items.chunks(SLICE) {
            let make = || {
                slice
                    .par_chunks(LINES_PER_TASK)
                    .map(|task| {
                        let mut buf = Vec::new();
                        for item in task {
                            record(item, &mut buf)?;
                        }
                        Ok(buf)
                    })
                    .collect::<io::Result<Vec<_>>>()
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

    /// An article with every kind of field set, as the loader reads it.
    fn rich_article() -> Article {
        let text = "---\ntitle: \"Ferry \\\"Quay\\\" Report\"\ndate: 2025-01-01T09:30:00+02:00\n\
            updated: 2025-01-02\nauthors: [Jo Marsh, Ann Lee]\nlicence: CC-BY-ND-4.0\nlanguage: fr\n\
            summary: Ferries.\nsource: {name: Quay Post, url: \"https://quay.example/a\"}\n\
            original: {name: Harbour Times, url: \"https://harbour.example/a\"}\n\
            copyright: {holder: Harbour Times, year: 2025}\ntags: [Ferries, Harbour]\n\
            image: {src: \"https://cdn.quay.example/dock.jpg\", alt: Dock, credit: Jo Marsh, licence: all-rights-reserved}\n\
            permission: {granted_by: Photo desk, date: 2025-01-03, covers: [images]}\n\
            rights: {from: 2025-01-01, until: 2099-12-31}\naliases: [/old/ferry/]\n\
            extra: {desk: metro, weights: [1, 2.5], nested: {on: true}}\n---\n\
            Text with [a link](https://quay.example/b).\n\n<!-- more -->\n\nMore.\n";
        let config = crate::config::Config::parse(
            "title = \"t\"\ntaxonomies = [\"tags\"]\n",
            "config.toml".into(),
        )
        .unwrap();
        let licences = crate::licences::Registry::from_config(&config).unwrap();
        crate::content::parse_text(Path::new("content/a.md"), text, &config, &licences).unwrap()
    }

    #[test]
    fn an_article_comes_back_from_its_record_as_it_went_in() {
        let article = rich_article();
        assert!(article.image.is_some() && article.permission.is_some());
        assert!(article.rights.is_some() && article.extra["nested"]["on"] == true);
        let stamp = Stamp {
            len: 9,
            secs: 8,
            nanos: 7,
        };
        let mut buf = b"{}\n".to_vec();
        let line = LineRef::Article {
            path: Path::new("content/a.md"),
            stamp,
            article: &article,
        };
        push_record(&mut buf, &line).unwrap();
        buf.extend_from_slice(&END.to_le_bytes());
        let found = records(&buf, 3).unwrap();
        assert_eq!(found.len(), 1);
        let back: Line = postcard::from_bytes(&buf[found[0].start + 4..found[0].end]).unwrap();
        let Line::Article {
            path,
            stamp: read,
            article: back,
        } = back
        else {
            panic!("an article record read as a page");
        };
        assert_eq!((path.as_path(), read), (Path::new("content/a.md"), stamp));
        assert_eq!(format!("{back:?}"), format!("{article:?}"));
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
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() - 5]).unwrap();
        assert!(BuildCache::load(dir.path(), 42).is_none());
        // A record whose length runs past the end.
        let mut long = bytes.clone();
        let at = long.iter().position(|&b| b == b'\n').unwrap() + 1;
        long[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
        fs::write(&file, &long).unwrap();
        assert!(BuildCache::load(dir.path(), 42).is_none());
        forget(dir.path()).unwrap();
        assert!(!file.exists());
        forget(dir.path()).unwrap();
    }
}
