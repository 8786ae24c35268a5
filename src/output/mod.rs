//! The write stage. A build writes into a staging folder beside the output
//! and swaps it in only when every page passed; a failed or interrupted
//! build leaves the previous output exactly as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

mod statics;
pub use statics::{static_files, statics_beside_pages};

const STAGING_MARK: &str = ".reprint-staging-";
const OLD_MARK: &str = ".reprint-old-";
const TRASH_MARK: &str = ".reprint-trash-";

/// A folder being filled beside the output. Dropped without `commit`, it is
/// removed and the output is untouched.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The output being replaced, whose files are kept (hard-linked, so
    /// with their times) where the new bytes are the same: a deploy that
    /// goes by modification time then uploads only what changed.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Creates `PARENT/.NAME.reprint-staging-PID` beside `target`, clearing
    /// leftovers of interrupted builds first.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let name = target
            .file_name()
            .ok_or_else(|| {
                Diagnostic::new(target, "the output folder has no name")
                    .with_hint("pass --output DIR")
            })?
            .to_string_lossy()
            .into_owned();
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
        clear_leftovers(&parent, &name, target);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous: target.is_dir().then(|| target.to_path_buf()),
            committed: false,
        })
    }

    /// Writes one file at a `/`-separated path inside the staging folder.
    /// Returns the new file's metadata, read from the open file (`None`
    /// when the previous output's file was kept instead).
    pub fn write(&self, rel: &str, content: &[u8]) -> Result<Option<fs::Metadata>, Diagnostic> {
        if self.keep(rel, content) {
            return Ok(None);
        }
        write_path(&self.dir.join(rel), content).map(Some)
    }

    /// Like `write`, for a file made piece by piece (the report), which is
    /// then never held whole in memory.
    pub fn write_streamed(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        let file = fs::File::create(&path).map_err(|e| io_error(&path, &e))?;
        let mut w = io::BufWriter::with_capacity(64 * 1024, file);
        fill(&mut w)
            .and_then(|_| w.flush())
            .map_err(|e| io_error(&path, &e))?;
        drop(w);
        // As `keep` does: the previous file, when the bytes are the same.
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            let link = self.dir.join(format!("{rel}{STAGING_MARK}link"));
            if same_bytes(&old, &path) && fs::hard_link(&old, &link).is_ok() {
                fs::rename(&link, &path).map_err(|e| io_error(&path, &e))?;
            }
        }
        Ok(())
    }

    /// Links the previous output's file at `rel` in when it holds `content`.
    fn keep(&self, rel: &str, content: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        if !holds(&old, content) {
            return false;
        }
        let dest = self.dir.join(rel);
        dest.parent().is_none_or(|p| fs::create_dir_all(p).is_ok())
            && fs::hard_link(&old, &dest).is_ok()
    }

    /// Copies files into the staging folder at their output paths.
    pub fn copy_files(&self, files: &[(String, PathBuf)]) -> Result<(), Diagnostic> {
        for (rel, from) in files {
            if self.previous.is_some() {
                let bytes = fs::read(from).map_err(|e| io_error(from, &e))?;
                self.write(rel, &bytes)?;
                continue;
            }
            let dest = self.dir.join(rel);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
            }
            fs::copy(from, &dest).map_err(|e| io_error(from, &e))?;
        }
        Ok(())
    }

    /// Swaps the staging folder in as the output. Where the platform can
    /// exchange two names in one step, the output is never missing: a kill
    /// at any moment leaves either the old site or the new one in place.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let target = self.target.clone();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        if target.exists() {
            // After an exchange the staging name holds the old site.
            let old = if exchange(&self.dir, &target).is_ok() {
                self.dir.clone()
            } else {
                // Two renames: a kill between them leaves the output missing
                // and the old site under OLD_MARK, which the next build
                // puts back (see `clear_leftovers`).
                let old = self.dir.with_file_name(format!(".{name}{OLD_MARK}{pid}"));
                fs::rename(&target, &old).map_err(|e| io_error(&target, &e))?;
                if let Err(e) = fs::rename(&self.dir, &target) {
                    let _ = fs::rename(&old, &target);
                    return Err(io_error(&target, &e));
                }
                old
            };
            self.committed = true;
            // Renamed first, so a half-deleted tree never carries a name the
            // next build would restore as the output.
            let trash = self.dir.with_file_name(format!(".{name}{TRASH_MARK}{pid}"));
            if fs::rename(&old, &trash).is_ok() {
                remove_tree(&trash);
            }
        } else {
            fs::rename(&self.dir, &target).map_err(|e| io_error(&target, &e))?;
        }
        self.committed = true;
        Ok(())
    }
}

/// Swaps two existing paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    // SAFETY: both are valid NUL-terminated paths that outlive the call; the
    // raw syscall is used because older C libraries have no wrapper.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Deletes a tree, its top-level entries in parallel, so replacing a large
/// output costs the build little more than writing into a new folder.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            if p.is_dir() && !p.is_symlink() {
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Clears what interrupted builds left beside `target`. When the output is
/// missing but a complete old site survives (a kill between the two renames
/// of the fallback swap), that site is put back first.
fn clear_leftovers(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| {
            [STAGING_MARK, OLD_MARK, TRASH_MARK]
                .iter()
                .any(|m| n.starts_with(&format!(".{name}{m}")))
        })
        .collect();
    leftovers.sort();
    if !target.exists()
        && let Some((_, old)) = leftovers
            .iter()
            .rev()
            .find(|(n, _)| n.starts_with(&format!(".{name}{OLD_MARK}")))
    {
        let _ = fs::rename(old, target);
    }
    for (_, path) in leftovers {
        if path.exists() {
            remove_tree(&path);
        }
    }
}

/// The file every build writes; a folder holding it (with reprint's shape)
/// was written by reprint and may be replaced.
pub const MANIFEST: &str = "compliance.json";

/// Refuses to replace a non-empty folder that reprint did not write, unless
/// `force` is set. A folder missing or empty is always fine.
pub fn check_replaceable(output: &Path, force: bool) -> Result<(), Diagnostic> {
    if force || !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(
            Diagnostic::new(output, "the output path is a file, not a folder")
                .with_hint("pass --output with a folder, or --force to replace it"),
        );
    }
    let entries = fs::read_dir(output)
        .map_err(|e| Diagnostic::new(output, format!("cannot read the output folder: {e}")))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() || written_by_reprint(output) {
        return Ok(());
    }
    names.sort();
    Err(Diagnostic::new(
        output,
        format!(
            "the output folder is not empty and was not written by reprint (it holds `{}`); a build replaces the whole folder",
            names[0]
        ),
    )
    .with_hint("choose another --output, empty the folder, or pass --force to replace it"))
}

fn written_by_reprint(output: &Path) -> bool {
    /// The report's shape, read without keeping it: a large site's report
    /// is tens of megabytes.
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "pages")]
        _pages: serde::de::IgnoredAny,
        #[serde(rename = "summary")]
        _summary: serde::de::IgnoredAny,
    }
    let Ok(file) = fs::File::open(output.join(MANIFEST)) else {
        return false;
    };
    serde_json::from_reader::<_, Manifest>(io::BufReader::new(file)).is_ok()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether two files hold the same bytes, read a piece at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    match (fa.metadata(), fb.metadata()) {
        (Ok(ma), Ok(mb)) if ma.is_file() && ma.len() == mb.len() => {}
        _ => return false,
    }
    let (mut ra, mut rb) = (io::BufReader::new(fa), io::BufReader::new(fb));
    let (mut ba, mut bb) = ([0u8; 8192], [0u8; 8192]);
    loop {
        let n = match ra.read(&mut ba) {
            Ok(0) => return rb.read(&mut bb).is_ok_and(|m| m == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Whether the file at `path` holds exactly `content`.
pub fn holds(path: &Path, content: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == content.len() as u64)
        && fs::read(path).is_ok_and(|old| old == content)
}

/// An output folder reprint wrote, changed file by file: the build cache
/// knows it, so only the pages whose bytes changed are replaced, each in one
/// rename from a scratch folder beside it (a reader never sees half a page,
/// and a kill leaves no stray file inside the output), and files that left
/// the site are removed. Everything is checked before the first file is
/// touched; the caller removes the build cache first, so a build killed
/// midway is followed by a clean one.
pub struct InPlace {
    dir: PathBuf,
    /// Never committed: dropped, it is removed with whatever is left in it.
    scratch: Staging,
    written: std::sync::atomic::AtomicUsize,
}

impl InPlace {
    pub fn open(dir: &Path) -> Result<InPlace, Diagnostic> {
        Ok(InPlace {
            dir: dir.to_path_buf(),
            scratch: Staging::create(dir)?,
            written: Default::default(),
        })
    }

    /// Replaces one file with `content` unless it already holds exactly that.
    /// Returns whether it wrote.
    pub fn replace(&self, rel: &str, content: &[u8]) -> Result<bool, Diagnostic> {
        let path = self.dir.join(rel);
        if holds(&path, content) {
            return Ok(false);
        }
        let n = self
            .written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self.scratch.dir.join(n.to_string());
        write_path(&tmp, content)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        fs::rename(&tmp, &path).map_err(|e| io_error(&path, &e))?;
        Ok(true)
    }

    /// Copies the static files whose bytes differ from the output's.
    pub fn copy_files(&self, files: &[(String, PathBuf)]) -> Result<(), Diagnostic> {
        for (rel, from) in files {
            let bytes = fs::read(from).map_err(|e| io_error(from, &e))?;
            self.replace(rel, &bytes)?;
        }
        Ok(())
    }

    /// Removes the files at the output paths `gone`, and the folders they
    /// leave empty.
    pub fn remove(&self, gone: &[&str]) -> Result<(), Diagnostic> {
        for rel in gone {
            let path = self.dir.join(rel);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&path, &e)),
                _ => {}
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.dir) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

pub fn write_file(base: &Path, rel: &str, content: &[u8]) -> Result<(), Diagnostic> {
    write_path(&base.join(rel), content).map(drop)
}

/// Writes `content` to `path` and returns the file's metadata as written.
fn write_path(path: &Path, content: &[u8]) -> Result<fs::Metadata, Diagnostic> {
    if let Some(parent) = path.parent() {
        make_parent(parent).map_err(|e| io_error(parent, &e))?;
    }
    // Written whole, in one call: a page is already one buffer. The
    // metadata comes from the open file, with no second lookup of the path.
    fs::File::create(path)
        .and_then(|mut f| {
            f.write_all(content)?;
            f.metadata()
        })
        .map_err(|e| io_error(path, &e))
}

/// Makes the folder a file goes in. Most pages are alone in a new folder
/// (`news/a/index.html`) whose parent exists: one `mkdir` does, where
/// `create_dir_all` would look up the folder and its parent first.
fn make_parent(dir: &Path) -> io::Result<()> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(()),
        // A file in the way fails the file's creation, which names it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir),
        Err(e) => Err(e),
    }
}

fn io_error(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::new(path, format!("cannot write: {e}"))
        .with_hint("check that the output folder's parent exists and is writable")
}

/// `path` made absolute with every folder that exists resolved (links and
/// `..` included) and the rest taken as written, one component at a time:
/// `public/../content` is `content` whether or not `public` exists yet.
/// Making the staging folder's parent creates `public`, so resolving only
/// what exists up front would let `..` disguise the folder replaced.
pub fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut resolved = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

/// Whether `output` names a folder through `..`, which [`resolve`] should
/// settle before anything checks or writes it.
pub fn needs_resolving(output: &Path) -> bool {
    output
        .components()
        .any(|c| c == std::path::Component::ParentDir)
}

/// Refuses output folders that would replace the site itself.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = resolve(root);
    let out = resolve(output);
    let protected = ["content", "themes", "static", "config.toml", "src", ".git"];
    if root.starts_with(&out) || protected.iter().any(|p| out.starts_with(root.join(p))) {
        return Err(Diagnostic::new(
            output,
            "this output folder would replace the site's own files",
        )
        .with_hint("write the site to a folder of its own, such as `public`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_the_staging_folder_in() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let staging = Staging::create(&target).unwrap();
        staging.write("news/a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("news/a/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn dropping_without_commit_leaves_the_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("index.html"), "previous").unwrap();
        {
            let staging = Staging::create(&target).unwrap();
            staging.write("index.html", b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_site_folder_is_never_an_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        // Through a folder that does not exist yet, whose `..` the OS
        // would follow once the staging folder's parent is made.
        assert!(check_output_dir(root, &root.join("public/../content")).is_err());
        assert!(check_output_dir(root, &root.join("a/b/../../static/x")).is_err());
        assert!(check_output_dir(root, &root.join("a/../public")).is_ok());
    }

    #[test]
    fn resolving_settles_dots_whether_or_not_folders_exist() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        fs::create_dir(root.join("site")).unwrap();
        assert_eq!(
            resolve(&root.join("missing/../site/./out")),
            root.join("site/out")
        );
        assert_eq!(resolve(&root.join("site/../..")), root.parent().unwrap());
    }
}
