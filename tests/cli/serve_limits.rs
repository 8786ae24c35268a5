//! `reprint serve` under hostile clients, on loopback only and bounded in
//! count and time: it refuses what is too big, too slow, too many or
//! addressed to a foreign host, and keeps answering a normal request fast.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::server::Server;
use crate::support::TestSite;

/// Sends raw bytes and reads the answer until the server closes or `wait` passes.
fn exchange(addr: &str, raw: &[u8], wait: Duration) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A normal request: answered 200, in well under a second.
fn assert_fast(addr: &str) -> Duration {
    let started = Instant::now();
    let answer = exchange(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        Duration::from_secs(5),
    );
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
    assert!(
        took < Duration::from_millis(500),
        "a normal request took {took:?}"
    );
    took
}

#[test]
fn hostile_clients_are_refused_and_normal_requests_stay_fast() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site);
    let addr = server.addr.clone();
    let mut slowest = assert_fast(&addr);

    // An oversized header: 431, nothing held.
    let mut big = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: ").into_bytes();
    big.resize(big.len() + 64 * 1024, b'a');
    big.extend_from_slice(b"\r\n\r\n");
    let answer = exchange(&addr, &big, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer:.200}");
    slowest = slowest.max(assert_fast(&addr));

    // A foreign Host (DNS rebinding): refused with a reason; loopback names pass.
    let answer = exchange(
        &addr,
        b"GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n",
        Duration::from_secs(5),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer:.200}");
    assert!(answer.contains("localhost"), "{answer}");
    let port = addr.rsplit(':').next().unwrap();
    for host in [format!("localhost:{port}"), "127.0.0.1".to_owned()] {
        let answer = exchange(
            &addr,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
            Duration::from_secs(5),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer:.200}");
    }

    // Slow clients: 40 that send half a head and stop.
    let slow: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
            s
        })
        .collect();
    // Live-reload clients past the cap of 64.
    let mut refused = 0;
    let mut streams = Vec::new();
    for _ in 0..80 {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(b"GET /__reprint/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut first = [0u8; 256];
        let n = s.read(&mut first).unwrap_or(0);
        let mut text = String::from_utf8_lossy(&first[..n]).into_owned();
        if text.starts_with("HTTP/1.1 503") {
            let _ = s.read_to_string(&mut text);
            assert!(text.contains("too many"), "{text}");
            refused += 1;
        } else {
            assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        }
        streams.push(s);
    }
    assert_eq!(refused, 80 - 64, "live-reload clients past the cap");
    for _ in 0..5 {
        slowest = slowest.max(assert_fast(&addr));
    }

    // The slow clients are cut off once their time for a head is up.
    let started = Instant::now();
    for mut s in slow {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 408"));
    }
    assert!(started.elapsed() < Duration::from_secs(8));
    drop(streams);
    slowest = slowest.max(assert_fast(&addr));
    eprintln!("slowest normal request under attack: {slowest:?}");
}

#[test]
fn a_folder_with_a_non_ascii_name_is_redirected_with_an_encoded_location() {
    let site = TestSite::fixture("basic");
    site.write(
        "static/news/café/index.html",
        "<!DOCTYPE html><title>x</title>",
    );
    let server = Server::start(&site);
    let addr = &server.addr;
    let answer = exchange(
        addr,
        format!("GET /news/caf%C3%A9 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
        Duration::from_secs(5),
    );
    assert!(answer.starts_with("HTTP/1.1 301"), "{answer:.300}");
    assert!(
        answer.contains("Location: /news/caf%C3%A9/\r\n"),
        "{answer}"
    );
    assert_fast(addr);
}
