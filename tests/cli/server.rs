//! A running `reprint serve` for tests, and waiting for what it does.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `reprint serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    lines: mpsc::Receiver<String>,
    /// Every line printed so far; stdout and stderr interleave in no fixed order.
    seen: std::cell::RefCell<Vec<String>>,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Server::start_with(site, &["--port", "0"])
    }

    /// `reprint serve ARGS --root SITE`.
    pub fn start_with(site: &TestSite, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reprint"))
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(site.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("reprint serve starts");
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx2.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        loop {
            let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve printed no address:\n{}", seen.join("\n"));
            };
            if let Some(rest) = line.strip_prefix("serving http://") {
                let addr = rest.split('/').next().unwrap().to_owned();
                return Server {
                    child,
                    addr,
                    lines,
                    // What the first build printed, before the address.
                    seen: std::cell::RefCell::new(seen),
                };
            }
            seen.push(line);
        }
    }

    /// Takes in everything printed so far, so `wait_for_next` looks only at what follows.
    pub fn drain(&self) {
        let mut seen = self.seen.borrow_mut();
        while let Ok(line) = self.lines.try_recv() {
            seen.push(line);
        }
    }

    /// Waits for a line containing `needle` printed since the last `drain`.
    pub fn wait_for_next(&self, needle: &str) -> String {
        self.receive_until(needle)
    }

    /// Waits until the terminal has shown a line containing `needle`.
    pub fn wait_for_line(&self, needle: &str) -> String {
        if let Some(line) = self.seen.borrow().iter().find(|l| l.contains(needle)) {
            return line.clone();
        }
        self.receive_until(needle)
    }

    fn receive_until(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = self.seen.borrow_mut();
        loop {
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => {
                    seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {needle:?}; saw:\n{}", seen.join("\n")),
            }
        }
    }
}

impl Server {
    /// Sends SIGINT, as Ctrl-C does, and waits (up to ten seconds) for the exit.
    #[cfg(unix)]
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill runs");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` until it returns true, or fails after 20 seconds.
#[track_caller]
pub fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}");
}
