//! The preview server: GET and HEAD only, answered from the in-memory site.
//! A request path is only ever a key into that map, never a file path, so
//! nothing outside the built site can be reached.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;

use super::state::Files;
use crate::diagnostics::Diagnostic;

/// What the server shows: the last good site and the current errors.
#[derive(Clone, Default)]
pub struct Snapshot {
    pub pages: Files,
    pub statics: Files,
    pub verdicts: super::state::Verdicts,
    /// Checked pages in build order, for `compliance.json`.
    pub checked_pages: Arc<Vec<String>>,
    /// Input errors of the last rebuild; empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
    /// Bumped on every successful rebuild; pages carry it so a tab can tell
    /// it is out of date.
    pub version: u64,
    pub has_site: bool,
}

/// State shared by the request threads and the watch loop.
pub struct Shared {
    pub snapshot: RwLock<Snapshot>,
    clients: Mutex<Vec<mpsc::Sender<String>>>,
    /// Differs on every start, so open tabs reload after a restart.
    server_id: String,
    /// The base URL pages were built with, when each reply should link to
    /// the address its request was sent to instead.
    pub built_origin: std::sync::OnceLock<String>,
}

impl Shared {
    pub fn new() -> Shared {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Shared {
            snapshot: RwLock::new(Snapshot::default()),
            clients: Mutex::new(Vec::new()),
            server_id: format!("{:x}-{}", nanos, std::process::id()),
            built_origin: std::sync::OnceLock::new(),
        }
    }

    pub fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) = snapshot;
    }

    fn current(&self) -> Snapshot {
        self.snapshot
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn tag(&self, version: u64) -> String {
        format!("{}:{version}", self.server_id)
    }

    /// Tells every open tab: `reload` after a good rebuild, `status` when
    /// only the errors changed.
    pub fn broadcast(&self, event: &str) {
        let version = self.current().version;
        let message = format!("event: {event}\ndata: {}\n\n", self.tag(version));
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.retain(|c| c.send(message.clone()).is_ok());
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

/// The answer to one request, by method and request target.
pub fn respond(shared: &Shared, method: &str, target: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut r = Reply::text(405, "only GET and HEAD are served\n");
        r.allow = Some("GET, HEAD");
        return r;
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let snap = shared.current();
    if path == "/__reprint/status" {
        status(&snap, query)
    } else if path == "/compliance.json" && snap.has_site {
        compliance(&snap)
    } else if path == "/__reprint/live.js" {
        Reply::new(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        )
    } else {
        page(&snap, shared, path)
    }
}

/// Swaps the address pages were built with for the one the request was
/// sent to (its `Host`), in text replies; a `Host` that is not a plain
/// host name or address with a port leaves the reply as it is.
pub fn rebase(reply: &mut Reply, built: &str, host: Option<&str>) {
    let Some(host) = host.filter(|h| {
        !h.is_empty()
            && h.len() < 256
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
    }) else {
        return;
    };
    let text = reply.content_type.starts_with("text/")
        || reply.content_type.contains("xml")
        || reply.content_type.contains("json")
        || reply.content_type.contains("javascript");
    if !text {
        return;
    }
    let Ok(body) = std::str::from_utf8(&reply.body) else {
        return;
    };
    if body.contains(built) {
        reply.body = body.replace(built, &format!("http://{host}/")).into_bytes();
    }
}

/// A response, written out by the connection that asked for it.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Percent-encoded, so always ASCII.
    pub location: Option<String>,
    pub allow: Option<&'static str>,
    pub retry_after: bool,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            location: None,
            allow: None,
            retry_after: false,
        }
    }

    pub fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

/// Percent-encodes a site key for a `Location` header: everything but
/// unreserved characters and `/`, so a non-ASCII or odd path stays one
/// valid header value.
pub fn encode_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for &b in key.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The output path a request path names, or why it cannot name one.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A key into the site: `news/a/index.html`.
    File(String),
    /// The path names a folder without its trailing slash.
    Bad,
}

/// Decodes and checks a request path. `..` segments, backslashes, NUL bytes
/// and undecodable escapes are refused outright.
pub fn resolve(path: &str) -> Target {
    // Absolute-form requests ("GET http://host/a") carry the path after the host.
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    };
    if !path.starts_with('/') {
        return Target::Bad;
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Bad;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::Bad;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Target::Bad,
            s if s.contains(':') && segments.is_empty() => return Target::Bad,
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Target::File(key)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn lookup(snap: &Snapshot, key: &str) -> Option<Arc<Vec<u8>>> {
    let found = snap
        .pages
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .get(key)
        .cloned();
    found.or_else(|| {
        snap.statics
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    })
}

fn page(snap: &Snapshot, shared: &Shared, path: &str) -> Reply {
    if !snap.has_site {
        let body = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>reprint: the site cannot be built</title></head><body><h1>The site cannot be built yet</h1><p>Fix the errors shown below (they are also printed in the terminal); this page reloads by itself.</p>{}</body></html>",
            script_tag(shared, snap.version)
        );
        return Reply::new(500, "text/html; charset=utf-8", body.into_bytes());
    }
    let key = match resolve(path) {
        Target::File(key) => key,
        Target::Bad => {
            return Reply::new(
                400,
                "text/plain; charset=utf-8",
                b"bad request path\n".to_vec(),
            );
        }
    };
    if let Some(bytes) = lookup(snap, &key) {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject(&bytes, &script_tag(shared, snap.version))
        } else {
            bytes.to_vec()
        };
        return Reply::new(200, content_type, body);
    }
    // `/news/a` names the folder `/news/a/`: send the browser there.
    if !key.ends_with("index.html") && lookup(snap, &format!("{key}/index.html")).is_some() {
        let mut r = Reply::new(301, "text/plain; charset=utf-8", b"moved\n".to_vec());
        r.location = Some(format!("/{}/", encode_path(&key)));
        return r;
    }
    let body = match lookup(snap, "404.html") {
        Some(b) => inject(&b, &script_tag(shared, snap.version)),
        None => b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_vec(),
    };
    Reply::new(404, "text/html; charset=utf-8", body)
}

fn script_tag(shared: &Shared, version: u64) -> String {
    format!(
        "<script src=\"/__reprint/live.js\" data-version=\"{}\" defer></script>",
        shared.tag(version)
    )
}

/// Adds the reload script before `</body>`, or at the end.
fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[derive(Serialize)]
struct Status<'a> {
    version: u64,
    errors: Vec<ErrorView<'a>>,
    violations: Vec<ViolationView<'a>>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    location: String,
    message: &'a str,
    source_line: Option<&'a str>,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct ViolationView<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    fix: &'a str,
}

/// `/__reprint/status?page=/news/a/`: the input errors, and the violations of that page.
fn status(snap: &Snapshot, query: &str) -> Reply {
    let page = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(percent_decode)
        .unwrap_or_default();
    let verdicts = snap.verdicts.read().unwrap_or_else(|p| p.into_inner());
    let verdict = match resolve(&page) {
        Target::File(key) => verdicts.get(&key),
        Target::Bad => None,
    };
    let status = Status {
        version: snap.version,
        errors: snap
            .errors
            .iter()
            .map(|d| ErrorView {
                location: d.location(),
                message: &d.message,
                source_line: d.source_line.as_deref(),
                hint: d.hint.as_deref(),
            })
            .collect(),
        violations: verdict
            .map(|v| {
                v.iter()
                    .flat_map(|v| &v.violations)
                    .map(|(v, _)| ViolationView {
                        rule: v.rule.id(),
                        severity: v.severity.id(),
                        message: &v.message,
                        fix: &v.fix,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    let body = serde_json::to_vec(&status).unwrap_or_default();
    Reply::new(200, "application/json", body)
}

/// The provenance manifest a build writes, made when asked: it exists, as
/// in a build, only while every page passes.
fn compliance(snap: &Snapshot) -> Reply {
    let verdicts = snap.verdicts.read().unwrap_or_else(|p| p.into_inner());
    let report = crate::comply::Report::new(
        snap.checked_pages
            .iter()
            .filter_map(|p| verdicts.get(p))
            .flat_map(|v| v.iter().cloned()),
    );

    if report.passed() {
        Reply::new(200, "application/json", report.to_json().into_bytes())
    } else {
        Reply::new(
            404,
            "text/plain; charset=utf-8",
            b"some pages fail their licence: no compliance.json\n".to_vec(),
        )
    }
}

/// Server-sent events: `hello` on connect, then `reload` and `status` as
/// rebuilds happen. Written straight to the socket so each event leaves at once;
/// a tab that stops reading is dropped when a write times out.
pub fn event_stream(w: &mut impl Write, shared: &Shared) {
    let (tx, rx) = mpsc::channel::<String>();
    shared
        .clients
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(tx);
    let version = shared.current().version;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let hello = format!(
        "retry: 500\nevent: hello\ndata: {}\n\n",
        shared.tag(version)
    );
    if w.write_all(head.as_bytes())
        .and_then(|_| w.write_all(hello.as_bytes()))
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment line keeps proxies from closing the stream and
            // finds out when the tab has gone.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(message.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The script added to HTML responses: reloads the tab after a good rebuild
/// and shows errors and the page's licence violations as an overlay.
const LIVE_JS: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var loaded = me ? me.getAttribute("data-version") : null;
  var OVERLAY = "reprint-overlay";
  function line(box, text, css) {
    var p = document.createElement("div");
    p.textContent = text;
    p.style.cssText = css || "";
    box.appendChild(p);
  }
  function show(status) {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
    var errors = status.errors || [], violations = status.violations || [];
    if (!errors.length && !violations.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#1c1b1a;color:#f4f1ea;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "padding:1rem 1.25rem;border-left:6px solid #e5484d;box-shadow:0 10px 30px rgba(0,0,0,.45);white-space:pre-wrap";
    line(box, errors.length
      ? "reprint: the site cannot be rebuilt \u2014 still serving the last good version"
      : "reprint: this page does not meet its licence terms",
      "font-weight:bold;color:#ff8a80;margin-bottom:.5rem");
    errors.forEach(function (e) {
      line(box, e.location + ": " + e.message, "margin-top:.5rem");
      if (e.source_line) line(box, "    " + e.source_line, "color:#c9c3b8");
      if (e.hint) line(box, "  hint: " + e.hint, "color:#8fd3ff");
    });
    violations.forEach(function (v) {
      line(box, v.severity + "[" + v.rule + "]: " + v.message, "margin-top:.5rem");
      line(box, "  fix: " + v.fix, "color:#8fd3ff");
    });
    var close = document.createElement("button");
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "position:absolute;top:.4rem;right:.6rem;background:none;border:0;color:inherit;font-size:1.4rem;cursor:pointer";
    close.onclick = function () { box.parentNode.removeChild(box); };
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }
  function refresh() {
    fetch("/__reprint/status?page=" + encodeURIComponent(location.pathname), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {});
  }
  function connect() {
    var events = new EventSource("/__reprint/events");
    function stale(e) { return loaded !== null && e.data !== loaded; }
    events.addEventListener("hello", function (e) { if (stale(e)) location.reload(); });
    events.addEventListener("reload", function (e) { if (stale(e)) location.reload(); });
    events.addEventListener("status", refresh);
  }
  refresh();
  connect();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_resolve_to_site_keys() {
        assert_eq!(resolve("/"), Target::File("index.html".into()));
        assert_eq!(
            resolve("/news/a/"),
            Target::File("news/a/index.html".into())
        );
        assert_eq!(resolve("/style.css"), Target::File("style.css".into()));
        assert_eq!(
            resolve("/news/caf%C3%A9/"),
            Target::File("news/café/index.html".into())
        );
        assert_eq!(
            resolve("http://127.0.0.1:1111/a/"),
            Target::File("a/index.html".into())
        );
        assert_eq!(resolve("//etc/passwd"), Target::File("etc/passwd".into()));
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/news/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5c..%5cetc",
            "/a\\..\\b",
            "/a%00b",
            "/%zz",
            "/C:/Windows",
            "relative/path",
        ] {
            assert_eq!(resolve(bad), Target::Bad, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "<script></script>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script></script></BODY></html>"
        );
        let out = inject(b"<p>no body</p>", "<s>");
        assert_eq!(out, b"<p>no body</p><s>");
    }
}
