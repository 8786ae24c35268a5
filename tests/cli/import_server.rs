//! The fixture HTTP server `reprint import` is tested against, on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use crate::support::fixture_dir;

/// A tiny HTTP server for the fixtures under tests/fixtures/import; `{BASE}`
/// in a fixture becomes the server's own address.
pub fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let base = b.clone();
            std::thread::spawn(move || answer(stream, &base));
        }
    });
    base
}

fn answer(mut stream: TcpStream, base: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap();
    let mut headers = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        headers.push_str(&line);
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
    if path == "/etag" {
        let (status, body) = if headers
            .to_ascii_lowercase()
            .contains("if-none-match: \"v1\"")
        {
            ("304 Not Modified", "")
        } else {
            ("200 OK", "<p>fresh</p>")
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nETag: \"v1\"\r\nLast-Modified: Tue, 01 Jul 2025 10:00:00 GMT\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        return;
    }
    let file = |name: &str| {
        std::fs::read_to_string(fixture_dir("import").join(name))
            .unwrap()
            .replace("{BASE}", base)
    };
    let (status, extra, body) = match path.as_str() {
        "/article/county-jail-medical-care-delays" => (200, String::new(), file("propublica.html")),
        "/why-salt-marshes-are-worth-more-than-we-thought-219876" => {
            (200, String::new(), file("conversation.html"))
        }
        "/2014/12/rejecting-pentagon-claims" => (200, String::new(), file("globalresearch.html")),
        "/2023/09/18/in-kyrgyzstan-a-village-library-becomes-a-town-square/" => {
            (200, String::new(), file("globalvoices.html"))
        }
        "/moved" => (
            301,
            format!(
                "Location: {base}/2023/09/18/in-kyrgyzstan-a-village-library-becomes-a-town-square/\r\n"
            ),
            String::new(),
        ),
        "/feed/partners/" => (200, String::new(), file("partner-feed.xml")),
        "/mall-clinic" => (200, String::new(), file("nolicence.html")),
        "/river-sensors" => (200, String::new(), file("split.html")),
        "/drought" => (200, String::new(), file("crosspost.html")),
        "/eu-snippets" => (200, String::new(), file("notice-words.html")),
        "/wire/storm" => (200, String::new(), file("wire.html")),
        "/heat-dome" => (200, String::new(), file("conversation-promos.html")),
        "/floods" => (200, String::new(), file("dateline.html")),
        "/gone" => (410, String::new(), "gone".into()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            (200, String::new(), "late".into())
        }
        "/huge" => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                11 * 1024 * 1024
            );
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..176 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
            return;
        }
        _ => (404, String::new(), "not found".into()),
    };
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        410 => "Gone",
        _ => "Not Found",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
}

/// A server on 127.0.0.1 whose answers `route(base, path, request headers)`
/// decides: status, extra header lines (each ending in CRLF) and body.
pub fn serve_with<F>(route: F) -> String
where
    F: Fn(&str, &str, &str) -> (u16, String, String) + Send + Sync + 'static,
{
    serve_bytes(move |base, path, headers| {
        let (status, extra, body) = route(base, path, headers);
        (status, extra, body.into_bytes())
    })
}

/// [`serve_with`] for bodies of any bytes (pictures, pages in Latin-1).
pub fn serve_bytes<F>(route: F) -> String
where
    F: Fn(&str, &str, &str) -> (u16, String, Vec<u8>) + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    let route = std::sync::Arc::new(route);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let (base, route) = (b.clone(), route.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap_or(0);
                let mut headers = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    headers.push_str(&line);
                }
                let path = request.split(' ').nth(1).unwrap_or("/");
                let (status, extra, body) = route(&base, path, &headers.to_ascii_lowercase());
                // HTML unless the route names its own Content-Type.
                let html = match extra.to_ascii_lowercase().contains("content-type:") {
                    true => "",
                    false => "Content-Type: text/html; charset=utf-8\r\n",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\n{html}Content-Length: {}\r\nConnection: close\r\n{extra}\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    base
}
