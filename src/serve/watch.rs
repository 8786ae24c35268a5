//! Watching the site's inputs: a debouncer folds an editor's save (swap
//! files, write-then-rename, bursts of events) into one change, classified
//! by what it touches.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

use super::state::Change;
use crate::config::CONFIG_FILE;
use crate::content::{CONTENT_DIR, is_ignored_name};
use crate::render::THEMES_DIR;

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watcher {
    _inner: Box<dyn Send>,
}

/// How long a burst of events may last before it counts as one change.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// Watches `content/`, `themes/`, `static/` and `config.toml` under `root`.
pub fn watch(root: &Path, poll: bool) -> notify::Result<(Watcher, Receiver<DebounceEventResult>)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let folders = [CONTENT_DIR, THEMES_DIR, "static"];
    let inner: Box<dyn Send> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
            DEBOUNCE,
            None,
            tx,
            notify_debouncer_full::NoCache,
            config,
        )?;
        for f in folders {
            if root.join(f).is_dir() {
                d.watch(root.join(f), RecursiveMode::Recursive)?;
            }
        }
        d.watch(root.join(CONFIG_FILE), RecursiveMode::NonRecursive)?;
        Box::new(d)
    } else {
        let mut d = new_debouncer(DEBOUNCE, None, tx)?;
        for f in folders {
            if root.join(f).is_dir() {
                d.watch(root.join(f), RecursiveMode::Recursive)?;
            }
        }
        // The root itself, not recursively: config.toml, and folders created later.
        d.watch(root, RecursiveMode::NonRecursive)?;
        Box::new(d)
    };
    Ok((Watcher { _inner: inner }, rx))
}

/// Whether an event changes a file. Reads (the build's own, included) and
/// metadata such as access times are not changes.
pub fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Sorts changed paths into what they affect. `root` must be the watched
/// (absolute) root; `theme` is the active theme's name.
pub fn classify(root: &Path, theme: &str, paths: impl IntoIterator<Item = PathBuf>) -> Change {
    let mut change = Change::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() || parts.iter().any(|p| is_ignored_name(p) || p == "4913") {
            continue;
        }
        match parts[0].as_str() {
            CONFIG_FILE if parts.len() == 1 => change.config = true,
            CONTENT_DIR => {
                if rel.extension().is_some_and(|e| e == "md") {
                    if !change.articles.iter().any(|a| a == rel) {
                        change.articles.push(rel.to_path_buf());
                    }
                } else if path.is_dir() || rel.extension().is_none() {
                    change.rescan = true;
                } else {
                    change.statics = true;
                    change.rescan = true;
                }
            }
            THEMES_DIR if parts.len() > 2 && parts[1] == theme => match parts[2].as_str() {
                "templates" => change.templates = true,
                "static" => {
                    change.statics = true;
                    change.styles |= is_style_sheet(rel);
                }
                _ => {}
            },
            // A theme folder appearing or going may be the one config.toml names.
            THEMES_DIR if parts.len() <= 2 => change.templates = true,
            "static" => {
                change.statics = true;
                change.styles |= is_style_sheet(rel) || path.is_dir();
            }
            _ => {}
        }
    }
    change
}

/// A style sheet, which the compliance pass reads for rules that hide.
fn is_style_sheet(rel: &Path) -> bool {
    rel.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("css"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(paths: &[&str]) -> Change {
        let root = Path::new("/site");
        classify(root, "default", paths.iter().map(|p| root.join(p)))
    }

    #[test]
    fn changes_are_classified_by_what_they_touch() {
        assert_eq!(
            c(&["content/a.md"]).articles,
            vec![PathBuf::from("content/a.md")]
        );
        assert!(c(&["config.toml"]).config);
        assert!(c(&["themes/default/templates/article.html"]).templates);
        assert!(c(&["themes/default/static/style.css"]).statics);
        assert!(c(&["static/logo.svg"]).statics);
        // A style sheet may hide what pages show: they are checked again.
        assert!(c(&["themes/default/static/style.css"]).styles);
        assert!(c(&["static/css/site.CSS"]).styles);
        assert!(!c(&["static/logo.svg"]).styles);
        assert!(c(&["content/news/photo.jpg"]).statics);
        assert!(c(&["themes/other/templates/article.html"]).is_empty());
        assert!(c(&["public/index.html", "target/x"]).is_empty());
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        assert!(
            c(&[
                "content/.a.md.swp",
                "content/a.md~",
                "content/.#a.md",
                "content/#a.md#",
                "content/4913"
            ])
            .is_empty()
        );
        assert!(c(&["content/.git/index"]).is_empty());
    }

    #[test]
    fn one_file_saved_twice_is_one_change() {
        assert_eq!(c(&["content/a.md", "content/a.md"]).articles.len(), 1);
    }
}
