//! `reprint serve`: build once into memory, serve it, watch what the build
//! read, rebuild what a change affects, and tell open tabs.

pub mod http;
pub mod server;
pub mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::LoadOptions;
use crate::diagnostics::{Diagnostic, Paint};
use http::{Shared, Snapshot};
use state::{Built, Outcome};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// The address pages link to; by default the one each request was sent to.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub open: bool,
    pub poll: bool,
}

/// Why serve could not start.
#[derive(Debug)]
pub enum Error {
    /// The address or port cannot be listened on (already in use, or not
    /// this machine's): nothing is wrong with the site.
    Listen(Diagnostic),
    /// The site folder cannot be opened or watched.
    Setup(Diagnostic),
}

/// Prints to the terminal as the watch loop goes.
struct Terminal {
    colour: bool,
}

impl Terminal {
    fn line(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    fn errors(&self, errors: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for d in errors {
            let _ = write!(err, "{}", d.render(self.colour));
        }
        let _ = err.flush();
    }

    /// Each failing page with the rules it breaks, so the terminal says
    /// what to fix without opening the browser.
    fn failures(&self, built: &Built) {
        const SHOWN: usize = 10;
        let failures = built.failures();
        let paint = Paint(self.colour);
        for (source, rules) in failures.iter().take(SHOWN) {
            self.line(&format!(
                "  {} {source}: {}",
                paint.yellow("fails"),
                rules.join(", ")
            ));
        }
        if failures.len() > SHOWN {
            self.line(&format!(
                "  ... and {} more (see /compliance.json)",
                failures.len() - SHOWN
            ));
        }
    }

    fn outcome(&self, what: &str, o: &Outcome) {
        let paint = Paint(self.colour);
        let verdict = if o.failing_pages == 0 {
            String::new()
        } else {
            paint.yellow(&format!(
                "; {} page{}:",
                o.failing_pages,
                if o.failing_pages == 1 {
                    " fails its licence"
                } else {
                    "s fail their licences"
                }
            ))
        };
        self.line(&format!(
            "{what}: {} page{} rendered{} in {} ms{verdict}",
            o.rendered,
            if o.rendered == 1 { "" } else { "s" },
            if o.removed > 0 {
                format!(", {} removed", o.removed)
            } else {
                String::new()
            },
            o.elapsed.as_millis()
        ));
    }
}

/// Runs until the process is stopped (Ctrl-C). Returns only on a setup error.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = options.root.canonicalize().map_err(|e| {
        Error::Setup(Diagnostic::new(
            &options.root,
            format!("cannot open the site folder: {e}"),
        ))
    })?;
    let listener = listen(options)?;
    let addr = listener.local_addr().map_err(|e| {
        Error::Listen(Diagnostic::new(
            "reprint serve",
            format!("the server has no address: {e}"),
        ))
    })?;
    let url = match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    };
    let shared = Arc::new(Shared::new());
    // Pages are built against one address; on a non-loopback bind each
    // reply swaps it for the one the request was sent to, so the links work
    // from another device.
    if options.base_url.is_none() && !addr.ip().is_loopback() {
        let _ = shared.built_origin.set(url.clone());
    }
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some(options.base_url.clone().unwrap_or_else(|| url.clone())),
    };
    let term = Terminal {
        colour: std::io::IsTerminal::is_terminal(&std::io::stderr())
            && std::env::var_os("NO_COLOR").is_none(),
    };
    serve_on(options, &root, listener, &url, &load, &term, shared).map_err(Error::Setup)
}

fn listen(options: &ServeOptions) -> Result<std::net::TcpListener, Error> {
    let at = SocketAddr::new(options.bind, options.port);
    std::net::TcpListener::bind(at).map_err(|e| {
        let (message, hint) = if e.kind() == std::io::ErrorKind::AddrInUse {
            (
                format!("port {} is already in use on {}", options.port, options.bind),
                "another program (perhaps another `reprint serve`) listens there: stop it, or pass --port with a free one (--port 0 picks any)",
            )
        } else {
            (
                format!("cannot listen on {at}: {e}"),
                "pass an address of this machine with --bind, and a port you may use with --port",
            )
        };
        Error::Listen(Diagnostic::new("reprint serve", message).with_hint(hint))
    })
}

fn serve_on(
    options: &ServeOptions,
    root: &std::path::Path,
    listener: std::net::TcpListener,
    url: &str,
    load: &LoadOptions,
    term: &Terminal,
    shared: Arc<Shared>,
) -> Result<(), Diagnostic> {
    let root = root.to_path_buf();
    let url = url.to_owned();
    let load = load.clone();

    // Ctrl-C ends serve; handling it here also works when the process was
    // started with SIGINT ignored (as background jobs of scripts are).
    ctrlc::set_handler(|| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "stopped");
        let _ = out.flush();
        std::process::exit(0);
    })
    .map_err(|e| Diagnostic::new("reprint serve", format!("cannot handle Ctrl-C: {e}")))?;

    // Watch before the first build, so a save during it is not missed.
    let (_watcher, events) = watch::watch(&root, options.poll).map_err(|e| {
        Diagnostic::new(&root, format!("cannot watch the site's files: {e}"))
            .with_hint("try --poll")
    })?;

    let mut version = 0;
    let (mut built, mut warned) = first_build(&root, &load, term, &shared);

    let http_shared = Arc::clone(&shared);
    std::thread::spawn(move || server::run(listener, http_shared, server::Limits::default()));
    term.line(&format!("serving {url} (Ctrl-C to stop)"));
    if options.open {
        open_browser(&url);
    }

    for result in events {
        let Some(paths) = changed_paths(result, term) else {
            continue;
        };
        let theme = built
            .as_ref()
            .map_or("default", |b| b.theme_name())
            .to_owned();
        let mut change = watch::classify(&root, &theme, paths);
        if change.is_empty() {
            continue;
        }
        let what = change.describe();
        let result = match built.as_mut() {
            Some(b) => b.rebuild(&change),
            None => {
                // No good build yet: try a full one.
                change.config = true;
                Built::new(&root, &load).map(|(b, o)| {
                    built = Some(b);
                    o
                })
            }
        };
        match (result, built.as_ref()) {
            (Ok(outcome), Some(b)) => {
                version += 1;
                term.outcome(&what, &outcome);
                term.failures(b);
                // Warnings are told once, and again only when they change.
                let warnings = b.warnings();
                if warnings != warned {
                    term.errors(&warnings);
                    warned = warnings;
                }
                shared.publish(snapshot(b, Vec::new(), version));
                shared.broadcast("reload");
            }
            (Err(errors), b) => still_serving(term, &shared, &what, errors, b, version),
            (Ok(_), None) => {}
        }
    }
    Ok(())
}

/// The first build, told and published; with the warnings it told.
fn first_build(
    root: &std::path::Path,
    load: &LoadOptions,
    term: &Terminal,
    shared: &Shared,
) -> (Option<Built>, Vec<Diagnostic>) {
    match Built::new(root, load) {
        Ok((b, outcome)) => {
            term.outcome("built", &outcome);
            term.failures(&b);
            let warned = b.warnings();
            term.errors(&warned);
            shared.publish(snapshot(&b, Vec::new(), 0));
            (Some(b), warned)
        }
        Err(errors) => {
            term.errors(&errors);
            shared.publish(Snapshot {
                errors: Arc::new(errors),
                ..Snapshot::default()
            });
            (None, Vec::new())
        }
    }
}

/// The paths a batch of watch events changed; `None` (after telling the
/// watcher's errors) when the batch failed.
fn changed_paths(
    result: notify_debouncer_full::DebounceEventResult,
    term: &Terminal,
) -> Option<Vec<PathBuf>> {
    match result {
        Ok(events) => Some(
            events
                .into_iter()
                .filter(|e| watch::is_change(&e.event.kind))
                .flat_map(|e| e.event.paths.clone())
                .collect(),
        ),
        Err(errors) => {
            for e in errors {
                term.line(&format!("watch error: {e}"));
            }
            None
        }
    }
}

/// A rebuild failed: tell it, and keep serving the last good site with
/// the errors on its status page.
fn still_serving(
    term: &Terminal,
    shared: &Shared,
    what: &str,
    errors: Vec<Diagnostic>,
    b: Option<&Built>,
    version: u64,
) {
    term.line(&format!(
        "{what}: {} error{}; still serving the last good site",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    term.errors(&errors);
    let snap = match b {
        Some(b) => snapshot(b, errors, version),
        None => Snapshot {
            errors: Arc::new(errors),
            version,
            ..Snapshot::default()
        },
    };
    shared.publish(snap);
    shared.broadcast("status");
}

fn snapshot(b: &Built, errors: Vec<Diagnostic>, version: u64) -> Snapshot {
    Snapshot {
        pages: b.pages(),
        statics: b.statics(),
        verdicts: b.verdicts(),
        checked_pages: b.checked_pages(),
        errors: Arc::new(errors),
        version,
        has_site: true,
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
