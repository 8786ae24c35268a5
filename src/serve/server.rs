//! The preview server's connections: a small HTTP/1.1 server over
//! `std::net`, so that every limit is ours to set. Request heads are capped
//! in size (431 beyond it) and in time, idle keep-alive connections are
//! closed, connections and live-reload streams are counted and refused with
//! 503 past a cap, and a server bound to loopback answers only to loopback
//! host names, which defeats DNS rebinding.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http::{self, Reply, Shared};

/// What one client may take of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request line plus headers, in bytes.
    pub max_head: usize,
    /// Time to send a whole request head once its first byte has arrived.
    pub head_timeout: Duration,
    /// Time a kept-alive connection may wait for its next request.
    pub idle_timeout: Duration,
    /// Connections served at once, live-reload streams included.
    pub max_connections: usize,
    /// Live-reload streams (open tabs) at once.
    pub max_live: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_head: 16 * 1024,
            head_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(5),
            max_connections: 512,
            max_live: 64,
        }
    }
}

/// Decrements a counter when a connection or stream ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// Takes a slot if fewer than `max` are taken.
    fn take(counter: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        counter
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(counter)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

struct Server {
    shared: Arc<Shared>,
    limits: Limits,
    /// Bound to loopback: answer only requests addressed to a loopback name.
    loopback_only: bool,
    connections: Arc<AtomicUsize>,
    live: Arc<AtomicUsize>,
}

/// Accepts connections until the listener fails; each gets a thread of its own.
pub fn run(listener: TcpListener, shared: Arc<Shared>, limits: Limits) {
    let loopback_only = listener.local_addr().is_ok_and(|a| a.ip().is_loopback());
    let server = Arc::new(Server {
        shared,
        limits,
        loopback_only,
        connections: Arc::new(AtomicUsize::new(0)),
        live: Arc::new(AtomicUsize::new(0)),
    });
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Some(slot) = Slot::take(&server.connections, server.limits.max_connections) else {
            // Refused from the accepting thread: a fresh socket's send
            // buffer takes this at once, and the timeout bounds the rest.
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = write_reply(&mut stream, &busy("connections"), false, true);
            continue;
        };
        let server = Arc::clone(&server);
        let spawned = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let _slot = slot;
                server.connection(stream);
            });
        drop(spawned);
    }
}

fn busy(what: &str) -> Reply {
    let mut r = Reply::text(
        503,
        &format!("the preview server has too many open {what}; close some tabs or try again\n"),
    );
    r.retry_after = true;
    r
}

/// Why a request head could not be read.
enum HeadError {
    /// The peer closed, went idle or was too slow: nothing more to say.
    Gone,
    TooLarge,
    Slow,
}

/// One parsed request head.
pub struct Head {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
    /// The connection ends after this request.
    pub close: bool,
    /// A body follows that this server does not read.
    pub has_body: bool,
}

impl Server {
    fn connection(&self, mut stream: TcpStream) {
        let _ = stream.set_write_timeout(Some(self.limits.head_timeout));
        let _ = stream.set_nodelay(true);
        let mut buf = Vec::new();
        loop {
            let head = match read_head(&mut stream, &mut buf, &self.limits) {
                Ok(raw) => parse_head(&raw),
                Err(HeadError::Gone) => return,
                Err(HeadError::TooLarge) => {
                    let r = Reply::text(431, "request header fields too large\n");
                    return refuse(stream, &r);
                }
                Err(HeadError::Slow) => {
                    let r = Reply::text(408, "the request head took too long\n");
                    return refuse(stream, &r);
                }
            };
            let Some(head) = head else {
                return refuse(stream, &Reply::text(400, "bad request\n"));
            };
            let close = head.close || head.has_body;
            let head_only = head.method == "HEAD";
            if self.loopback_only && !head.host.as_deref().is_none_or(is_loopback_host) {
                let r = Reply::text(
                    403,
                    "this preview server answers only to localhost and loopback addresses; \
                     open it as http://localhost:PORT/ or http://127.0.0.1:PORT/\n",
                );
                return refuse(stream, &r);
            }
            if head.target.split('?').next() == Some("/__reprint/events")
                && (head.method == "GET" || head_only)
            {
                return self.event_stream(stream);
            }
            let mut reply = http::respond(&self.shared, &head.method, &head.target);
            if let Some(built) = self.shared.built_origin.get() {
                http::rebase(&mut reply, built, head.host.as_deref());
            }
            if write_reply(&mut stream, &reply, head_only, close).is_err() || close {
                return;
            }
        }
    }

    fn event_stream(&self, mut stream: TcpStream) {
        let Some(_slot) = Slot::take(&self.live, self.limits.max_live) else {
            let _ = write_reply(&mut stream, &busy("live-reload connections"), false, true);
            return;
        };
        http::event_stream(&mut stream, &self.shared);
    }
}

/// Reads up to the blank line ending a request head, leaving any bytes
/// after it in `buf` for the next request.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Vec<u8>, HeadError> {
    let mut deadline = (!buf.is_empty()).then(|| Instant::now() + limits.head_timeout);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buf) {
            let rest = buf.split_off(end);
            return Ok(std::mem::replace(buf, rest));
        }
        if buf.len() > limits.max_head {
            return Err(HeadError::TooLarge);
        }
        let wait = match deadline {
            None => limits.idle_timeout,
            Some(d) => d.saturating_duration_since(Instant::now()),
        };
        if wait.is_zero() {
            return Err(HeadError::Slow);
        }
        let _ = stream.set_read_timeout(Some(wait));
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                deadline.get_or_insert_with(|| Instant::now() + limits.head_timeout);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if deadline.is_some()
                    && matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
            {
                return Err(HeadError::Slow);
            }
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// Answers and closes without reading what the client is still sending;
/// the unread rest is drained for a moment first, so the reply is not lost
/// to a reset.
fn refuse(mut stream: TcpStream, r: &Reply) {
    if write_reply(&mut stream, r, false, true).is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < until && matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}

fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2))
}

/// Parses a request line and the headers this server cares about.
pub fn parse_head(raw: &[u8]) -> Option<Head> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || method.is_empty() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        host: None,
        close: version == "HTTP/1.0",
        has_body: false,
    };
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => head.host = Some(value.to_owned()),
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    head.close = true;
                } else if v.contains("keep-alive") {
                    head.close = false;
                }
            }
            "content-length" => head.has_body |= value != "0",
            "transfer-encoding" => head.has_body = true,
            _ => {}
        }
    }
    Some(head)
}

/// `localhost`, a name under `.localhost`, or a loopback address, with or
/// without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, _)) => ip,
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn write_reply(w: &mut impl Write, r: &Reply, head_only: bool, close: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if let Some(location) = &r.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if let Some(allow) = r.allow {
        head.push_str(&format!("Allow: {allow}\r\n"));
    }
    if r.retry_after {
        head.push_str("Retry-After: 1\r\n");
    }
    head.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "\r\n"
    });
    w.write_all(head.as_bytes())?;
    if !head_only {
        w.write_all(&r.body)?;
    }
    w.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_told_apart_from_others() {
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "site.localhost:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.9.9.9",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "10.0.0.1",
            "[::2]:80",
            "[::1",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn request_heads_are_parsed() {
        let h = parse_head(b"GET /a?b HTTP/1.1\r\nHost: x:1\r\nConnection: close\r\n\r\n").unwrap();
        assert_eq!((h.method.as_str(), h.target.as_str()), ("GET", "/a?b"));
        assert_eq!(h.host.as_deref(), Some("x:1"));
        assert!(h.close && !h.has_body);
        assert!(parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap().close);
        assert!(
            parse_head(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n")
                .unwrap()
                .has_body
        );
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / SPDY/3\r\n\r\n",
            b"\xff / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nnocolon\r\n\r\n",
        ] {
            assert!(parse_head(bad).is_none());
        }
    }

    #[test]
    fn connections_past_the_cap_get_503() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = Limits {
            max_connections: 2,
            ..Limits::default()
        };
        std::thread::spawn(move || run(listener, Arc::new(Shared::new()), limits));
        let _a = TcpStream::connect(addr).unwrap();
        let _b = TcpStream::connect(addr).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut answer = String::new();
        let _ = c.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(answer.contains("too many open connections"), "{answer}");
    }
}
