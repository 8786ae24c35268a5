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
        response
            .body_mut()
            .with_config()
            .limit(options.max_bytes)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|e| classify(&final_url, e, options))?
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
