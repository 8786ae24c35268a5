//! The files a site publishes as they are (theme and site `static/`, files
//! beside articles), and how they share the output with the pages.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The static files `files` (output path, source) less those at the path
/// of one of `pages` (a page wins over a static file). `Err` names a file
/// that stands where pages need a folder (`news` beside `news/index.html`):
/// neither could be written, and the site must say which it meant.
pub fn statics_beside_pages<S: std::hash::BuildHasher>(
    root: &Path,
    files: Vec<(String, PathBuf)>,
    pages: &HashSet<&str, S>,
) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let folders: HashSet<&str> = pages
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    if let Some((path, from)) = files.iter().find(|(p, _)| folders.contains(p.as_str())) {
        let page = pages
            .iter()
            .filter(|p| p.starts_with(path.as_str()) && p[path.len()..].starts_with('/'))
            .min()
            .copied()
            .unwrap_or_default();
        return Err(Diagnostic::new(
            from.strip_prefix(root).unwrap_or(from),
            format!(
                "this file would be published as `{path}`, but the page `{page}` needs `{path}/` to be a folder"
            ),
        )
        .with_hint("rename the file, or move it into a folder of its own"));
    }
    Ok(files
        .into_iter()
        .filter(|(p, _)| !pages.contains(p.as_str()))
        .collect())
}

/// A static file or folder that cannot be listed, in the site's words: an
/// input problem to fix in the site, not a failure to write the output.
fn unreadable(root: &Path, dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir);
    let path = path.strip_prefix(root).unwrap_or(path);
    let (message, hint) = match e.loop_ancestor() {
        Some(ancestor) => (
            format!(
                "this is a symbolic link that loops back to {}",
                ancestor.strip_prefix(root).unwrap_or(ancestor).display()
            ),
            "remove the link, or point it at a folder outside the one it is in",
        ),
        None => (
            match e.io_error() {
                Some(io) => format!("cannot read this file or folder: {io}"),
                None => format!("cannot read this file or folder: {e}"),
            },
            "check that you may read it; symbolic links must point at existing files",
        ),
    };
    Diagnostic::new(path, message).at("", 1, 1).with_hint(hint)
}

/// The files a site publishes as they are: its theme's `static/`, then its
/// own `static/` over it, then the files kept beside articles in `content/`.
/// Returns `(output path, source file)`, later sources replacing earlier ones
/// at the same output path. Links that lead outside the site folder are left
/// out, so a stray symlink can never publish a file from elsewhere.
pub fn static_files(root: &Path, theme_dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let site_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files: std::collections::BTreeMap<String, PathBuf> = Default::default();
    let trees = [
        (theme_dir.join("static"), false),
        (root.join("static"), false),
        (root.join(crate::content::CONTENT_DIR), true),
    ];
    for (dir, skip_articles) in trees {
        if !dir.is_dir() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy())
            });
        for entry in walker {
            let entry = entry.map_err(|e| unreadable(root, &dir, &e))?;
            let path = entry.path();
            if !entry.file_type().is_file()
                || (skip_articles && path.extension().is_some_and(|e| e == "md"))
            {
                continue;
            }
            if entry.path_is_symlink() || entry.depth() > 0 {
                let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
                if !real.starts_with(&site_root) {
                    continue;
                }
            }
            let rel = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, path.to_path_buf());
        }
    }
    Ok(files.into_iter().collect())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_static_link_that_loops_is_named_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/a")).unwrap();
        std::os::unix::fs::symlink("..", root.join("static/a/loop")).unwrap();
        let d = static_files(root, &root.join("themes/none")).unwrap_err();
        assert_eq!(d.path, Path::new("static/a/loop"));
        assert!(d.message.contains("loops back to static"), "{}", d.message);
        assert!(d.hint.is_some());
    }
}
