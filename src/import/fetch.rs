//! Polite, bounded HTTP fetching, shared by every command that reads
//! someone else's page (import, audit, check --upstream).

use std::time::Duration;

use ureq::ResponseExt;

/// The most a page, feed or snippet may weigh; anything bigger is not an article.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// How many redirects are followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;

/// What to ask for, and how patiently.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub timeout: Duration,
    pub max_bytes: u64,
    /// Sent as `If-None-Match`, so an unchanged page costs nothing.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(20),
            max_bytes: DEFAULT_MAX_BYTES,
            etag: None,
            last_modified: None,
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address after redirects.
    pub url: String,
    /// Every address that redirected, in order.
    pub redirects: Vec<String>,
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Empty when the server answered 304 Not Modified.
    pub body: String,
}

impl Fetched {
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}: only http and https addresses can be fetched")]
    Scheme(String),
    #[error("{url}: the host name could not be resolved (DNS)")]
    Dns { url: String },
    #[error("{url}: the secure connection failed (TLS): {detail}")]
    Tls { url: String, detail: String },
    #[error("{url}: no answer within {secs} seconds (timeout)")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: the server answered {status}{}", status_meaning(*.status))]
    Status { url: String, status: u16 },
    #[error("{url}: more than {MAX_REDIRECTS} redirects")]
    Redirects { url: String },
    #[error("{url}: larger than the {limit}-byte limit")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: {detail}")]
    Other { url: String, detail: String },
}

fn status_meaning(status: u16) -> &'static str {
    match status {
        404 => " (Not Found: the page does not exist there)",
        410 => " (Gone: the publisher removed the page)",
        451 => " (Unavailable For Legal Reasons: the publisher was made to remove the page)",
        401 | 403 => " (the publisher refuses access)",
        429 => " (Too Many Requests: try again later)",
        500..=599 => " (server error)",
        _ => "",
    }
}

/// The User-Agent every request carries, naming the program and its version.
pub fn user_agent() -> String {
    format!(
        "reprint/{} (static site generator for republished articles)",
        env!("CARGO_PKG_VERSION")
    )
}

/// GETs `url`: http(s) only, at most [`MAX_REDIRECTS`] redirects, no
/// cookies (ureq keeps none unless asked), bounded time and size. A 4xx or
/// 5xx answer is an error; 304 (after a conditional request) is not.
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, FetchError> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(FetchError::Scheme(url.to_owned()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .user_agent(user_agent())
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .save_redirect_history(true)
        .timeout_connect(Some(options.timeout))
        .timeout_recv_response(Some(options.timeout))
        .timeout_recv_body(Some(options.timeout))
        .timeout_global(Some(options.timeout * 3))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(etag) = &options.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(lm) = &options.last_modified {
        request = request.header("If-Modified-Since", lm);
    }
    let mut response = request.call().map_err(|e| classify(url, e, options))?;
    let status = response.status().as_u16();
    let final_url = response.get_uri().to_string();
    let redirects: Vec<String> = response
        .get_redirect_history()
        .map(|h| h.iter().map(|u| u.to_string()).collect())
        .unwrap_or_default();
    // The history includes the final address; keep only the hops before it.
    let redirects = match redirects.split_last() {
        Some((_, before)) => before.to_vec(),
        None => Vec::new(),
    };
    if status >= 400 {
        return Err(FetchError::Status {
            url: final_url,
            status,
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    let etag = header("etag");
    let last_modified = header("last-modified");
    if let Some(len) = response.body().content_length()
        && len > options.max_bytes
    {
        return Err(FetchError::TooLarge {
            url: final_url,
            limit: options.max_bytes,
        });
    }
    let body = if status == 304 {
        String::new()
    } else {
        let bytes = response
            .body_mut()
            .with_config()
            .limit(options.max_bytes)
            .read_to_vec()
            .map_err(|e| classify(&final_url, e, options))?;
        decode(&bytes, content_type.as_deref())
    };
    Ok(Fetched {
        url: final_url,
        redirects,
        status,
        content_type,
        etag,
        last_modified,
        body,
    })
}

fn classify(url: &str, error: ureq::Error, options: &FetchOptions) -> FetchError {
    let url = url.to_owned();
    match error {
        ureq::Error::HostNotFound => FetchError::Dns { url },
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            secs: options.timeout.as_secs(),
        },
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url,
            secs: options.timeout.as_secs(),
        },
        ureq::Error::TooManyRedirects => FetchError::Redirects { url },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url,
            limit: options.max_bytes,
        },
        ureq::Error::Tls(detail) => FetchError::Tls {
            url,
            detail: detail.to_owned(),
        },
        ureq::Error::Rustls(e) => FetchError::Tls {
            url,
            detail: e.to_string(),
        },
        ureq::Error::BadUri(_) => FetchError::Other {
            url,
            detail: "not a valid address".into(),
        },
        other => FetchError::Other {
            url,
            detail: other.to_string(),
        },
    }
}

/// The text of a page or feed in the charset it declares: a byte-order
/// mark, else the HTTP `Content-Type` charset, else the document's own
/// `<meta charset>`, `<meta http-equiv="Content-Type">` or XML declaration,
/// else UTF-8. Bytes the charset cannot map become U+FFFD, never a guess.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| declared_in_document(bytes))
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // `decode` lets a byte-order mark override the declaration, as browsers do.
    let (text, _, _) = declared.decode(bytes);
    text.into_owned()
}

/// `charset=…` of a `Content-Type` value, unquoted.
fn charset_param(value: &str) -> Option<&str> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a document names in its first 1024 bytes: `<meta
/// charset=…>`, `<meta http-equiv … content="…; charset=…">`, or `<?xml …
/// encoding="…"?>`. Those bytes are ASCII in every charset a page may use.
fn declared_in_document(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let after =
        |marker: &str, from: usize| head[from..].find(marker).map(|at| from + at + marker.len());
    let at = if head.trim_start().starts_with("<?xml") {
        after("encoding", 0)
    } else {
        after("<meta charset", 0)
            .or_else(|| after("http-equiv", 0).and_then(|at| after("charset", at)))
    }?;
    let rest = head[at..].trim_start_matches([' ', '=', '"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest.as_bytes()[..end]).map(|e| e.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_decoded_in_the_charset_they_declare() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><h1>Caf\xe9 na\xefve</h1>";
        assert!(decode(latin1, Some("text/html; charset=ISO-8859-1")).contains("Café naïve"));
        assert!(decode(latin1, Some("text/html")).contains("Café naïve"));
        assert!(decode(latin1, None).contains("Café naïve"));
        let cp1252 = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>It\x92s over \x96 the \x93end\x94</p>";
        assert!(decode(cp1252, None).contains("It’s over – the “end”"));
        let xml =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><title>Caf\xe9</title></rss>";
        assert!(decode(xml, Some("application/rss+xml")).contains("Café"));
        // The header wins over the document; UTF-8 without any declaration.
        assert!(
            decode(
                "<meta charset=\"iso-8859-1\">é".as_bytes(),
                Some("text/html; charset=utf-8")
            )
            .ends_with('é')
        );
        assert_eq!(decode("naïve".as_bytes(), None), "naïve");
    }
}
