//! In a real browser: Debian's headless Chromium, driven through chromedriver
//! (WebDriver over HTTP). Ignored by plain `cargo test`; `.ci/run` installs
//! the browser and runs it with `--include-ignored`, where a missing browser
//! fails the test.

#[path = "cli/http.rs"]
mod http;
#[path = "cli/server.rs"]
mod server;
#[path = "cli/support.rs"]
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::{Server, eventually};
use support::TestSite;

struct Driver {
    child: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver and a headless Chromium session; fails the test
    /// when they are not installed, since then nothing would be tested.
    fn start() -> Driver {
        let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .map(std::path::PathBuf::from)
            .find(|p| p.is_file())
            .expect("chromedriver is missing: install Debian's chromium and chromium-driver");
        // Port 0: chromedriver binds a free port itself and says which, so no
        // other process can take the port between choosing and binding it.
        let mut child = Command::new(chromedriver)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let Some(port) = announced_port(child.stdout.take().expect("chromedriver's stdout")) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromedriver did not say which port it listens on");
        };
        let addr = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut options = json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-quic",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        });
        if std::path::Path::new("/usr/bin/chromium").is_file() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}});
        let mut driver = Driver {
            child,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let created = driver.call("POST", "/session", Some(caps));
        driver.session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_owned();
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let r = http::request(&self.addr, method, path, body.as_deref());
        serde_json::from_str(&r.body)
            .unwrap_or_else(|e| panic!("WebDriver answered {} ({e}): {}", r.status, r.body))
    }

    fn goto(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({"url": url})),
        );
    }

    fn eval(&self, script: &str) -> Value {
        let r = self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({"script": script, "args": []})),
        );
        r["value"].clone()
    }

    fn text(&self) -> String {
        self.eval("return document.body ? document.body.innerText : '';")
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// The error overlay's text, or `None` when none is shown.
    fn overlay(&self) -> Option<String> {
        self.eval(
            "var o = document.getElementById('reprint-overlay'); return o ? o.innerText : null;",
        )
        .as_str()
        .map(str::to_owned)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http::request(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port chromedriver says it listens on ("ChromeDriver was started
/// successfully on port 41234."). Its output is read to the end by a
/// thread, so a full pipe never blocks it.
fn announced_port(stdout: std::process::ChildStdout) -> Option<u16> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let port = line
                .strip_prefix("ChromeDriver was started successfully on port ")
                .and_then(|rest| rest.trim_end_matches('.').parse::<u16>().ok());
            if let Some(port) = port {
                let _ = tx.send(port);
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(20)).ok()
}

#[test]
#[ignore = "needs chromium and chromedriver; .ci/run runs it"]
fn an_open_tab_follows_edits_and_shows_what_breaks_the_licence() {
    let browser = Driver::start();
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    browser.goto(&format!("http://{}/news/harbour/", server.addr));
    assert!(browser.text().contains("A second paragraph follows."));
    assert_eq!(browser.overlay(), None);

    // An edit shows up in the open tab, which the test never navigates again.
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "A second paragraph follows.",
            "Edited while the tab was open.",
        )
    });
    eventually("the tab shows the edit", || {
        browser.text().contains("Edited while the tab was open.")
    });

    // Breaking the licence's terms brings up the overlay with the rule's name.
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
            "url: \"#\"",
        )
    });
    eventually("the overlay names source-link", || {
        browser.overlay().is_some_and(|o| o.contains("source-link"))
    });

    // Fixing it clears the overlay, again without the test touching the tab.
    site.edit("content/news/harbour.md", |s| {
        s.replace(
            "url: \"#\"",
            "url: https://northshore.example.org/2026/10/14/salt-marsh",
        )
    });
    eventually("the overlay goes", || browser.overlay().is_none());

    // A file that cannot be read as an article: the last good page stays,
    // with the error and its line over it, until the file is fixed.
    site.edit("content/news/harbour.md", |s| {
        s.replace("date: 2026-10-14", "date: 2026-13-14")
    });
    eventually("the overlay shows the input error", || {
        browser
            .overlay()
            .is_some_and(|o| o.contains("content/news/harbour.md:3:7") && o.contains("bad `date`"))
    });
    assert!(browser.text().contains("Edited while the tab was open."));
    site.edit("content/news/harbour.md", |s| {
        s.replace("date: 2026-13-14", "date: 2026-10-14")
    });
    eventually("the overlay goes after the fix", || {
        browser.overlay().is_none()
    });
}
