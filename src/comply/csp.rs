//! Whether a Content-Security-Policy a page sets in a `<meta>` lets it
//! load an address: a policy whose `img-src` (or `script-src`) leaves the
//! publisher's host out stops the tracking pixel as surely as removing it.
//! This reads the CSP Level 3 source lists a page can state: `'none'`, `*`,
//! schemes, hosts with wildcards, ports and paths, `'self'`, nonces, hashes
//! (against a script's `integrity`) and `'strict-dynamic'`.

use super::urls::normalise_url;

/// The fetch a policy is asked about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Fetch {
    Image,
    Script,
}

impl Fetch {
    /// The directives that decide the fetch, most specific first: a
    /// `<script src>` is an element fetch, which CSP Level 3 lets
    /// `script-src-elem` decide before `script-src`.
    fn directives(self) -> &'static [&'static str] {
        match self {
            Fetch::Image => &["img-src", "default-src"],
            Fetch::Script => &["script-src-elem", "script-src", "default-src"],
        }
    }
}

/// What an element carries that a source list can match besides its
/// address: a `nonce` attribute, and the hashes of its `integrity`.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct Credentials<'a> {
    pub(super) nonce: Option<&'a str>,
    pub(super) integrity: Option<&'a str>,
}

/// The directive of `policy` that decides `fetch` and its source list, or
/// `None` when the policy does not restrict it.
pub(super) fn governing(policy: &str, fetch: Fetch) -> Option<(&'static str, Vec<&str>)> {
    let wanted = fetch.directives();
    let mut best: Option<(usize, Vec<&str>)> = None;
    // The first directive of a name counts; later repeats are ignored.
    let mut seen: Vec<String> = Vec::new();
    for directive in policy.split(';') {
        let mut tokens = directive.split_ascii_whitespace();
        let Some(name) = tokens.next().map(str::to_ascii_lowercase) else {
            continue;
        };
        if seen.contains(&name) {
            continue;
        }
        if let Some(rank) = wanted.iter().position(|w| *w == name)
            && best.as_ref().is_none_or(|(b, _)| rank < *b)
        {
            best = Some((rank, tokens.collect()));
        }
        seen.push(name);
    }
    best.map(|(rank, sources)| (wanted[rank], sources))
}

/// Whether `sources` allow loading `url` on a page at `page` (the origin
/// `'self'` means), for an element carrying `element`. A matching nonce or
/// hash allows it whatever its address; for a script under
/// `'strict-dynamic'` nothing else does, as browsers then ignore hosts,
/// schemes and `'self'`.
pub(super) fn allows(
    sources: &[&str],
    url: &str,
    page: &str,
    fetch: Fetch,
    element: Credentials,
) -> bool {
    if sources.iter().any(|s| credential_allows(s, element)) {
        return true;
    }
    if fetch == Fetch::Script
        && sources
            .iter()
            .any(|s| s.eq_ignore_ascii_case("'strict-dynamic'"))
    {
        return false;
    }
    let Some(target) = Origin::of(url, page) else {
        return false;
    };
    sources.iter().any(|s| source_allows(s, &target, page))
}

/// `'nonce-x'` for an element with `nonce="x"`, or `'sha256-…'` (384, 512)
/// for one whose `integrity` lists the same hash.
fn credential_allows(source: &str, element: Credentials) -> bool {
    let Some(inner) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) else {
        return false;
    };
    let Some((kind, value)) = inner.split_once('-') else {
        return false;
    };
    match kind.to_ascii_lowercase().as_str() {
        "nonce" => element
            .nonce
            .is_some_and(|n| !value.is_empty() && n == value),
        "sha256" | "sha384" | "sha512" => element.integrity.is_some_and(|i| {
            i.split_ascii_whitespace().any(|h| {
                // An integrity hash may carry `?options` after it.
                let h = h.split('?').next().unwrap_or(h);
                h.split_once('-')
                    .is_some_and(|(k, v)| k.eq_ignore_ascii_case(kind) && v == value)
            })
        }),
        _ => false,
    }
}

/// An address split as the source lists match it.
struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

impl Origin {
    fn of(url: &str, base: &str) -> Option<Origin> {
        let absolute = normalise_url(url, base)?;
        let parsed = url::Url::parse(&absolute).ok()?;
        Some(Origin {
            scheme: parsed.scheme().to_owned(),
            host: parsed.host_str()?.to_ascii_lowercase(),
            port: parsed.port_or_known_default(),
            path: parsed.path().to_owned(),
        })
    }
}

fn source_allows(source: &str, target: &Origin, page: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    match lower.as_str() {
        "*" => matches!(target.scheme.as_str(), "http" | "https"),
        "'self'" => Origin::of(page, page).is_some_and(|own| {
            own.host == target.host
                && own.port == target.port
                && (own.scheme == target.scheme
                    || (own.scheme == "http" && target.scheme == "https"))
        }),
        s if s.starts_with('\'') => false,
        s if s.ends_with(':') && !s.contains('/') => scheme_allows(&s[..s.len() - 1], target),
        s => host_source_allows(s, target),
    }
}

/// `http:` also allows `https:`, as a secure upgrade.
fn scheme_allows(scheme: &str, target: &Origin) -> bool {
    scheme == target.scheme || (scheme == "http" && target.scheme == "https")
}

/// `[scheme://]host[:port][/path]`, the host perhaps `*.` a domain.
fn host_source_allows(source: &str, target: &Origin) -> bool {
    let (scheme, rest) = match source.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, source),
    };
    match scheme {
        Some(s) if !scheme_allows(s, target) => return false,
        // Without a scheme, the page's own is meant; a pixel is http(s).
        None if !matches!(target.scheme.as_str(), "http" | "https") => return false,
        _ => {}
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], Some(&rest[at..])),
        None => (rest, None),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let host_ok = match host.strip_prefix("*.") {
        Some(domain) => target.host.ends_with(&format!(".{domain}")),
        None => host == "*" || host == target.host,
    };
    let port_ok = match port {
        Some("*") => true,
        Some(p) => p.parse::<u16>().ok() == target.port,
        None => {
            let default = |s: &str| match s {
                "http" => Some(80),
                "https" => Some(443),
                _ => None,
            };
            // A source without a port matches its scheme's default, and
            // an upgrade from 80 to 443.
            target.port == default(&target.scheme)
        }
    };
    let path_ok = match path {
        None | Some("/") => true,
        Some(p) if p.ends_with('/') => target.path.starts_with(p),
        Some(p) => target.path == p,
    };
    host_ok && port_ok && path_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://news.example/story/";
    const PIXEL: &str = "https://pixel.wp.com/g.gif?blog=1";

    fn image_allowed(policy: &str, url: &str) -> bool {
        match governing(policy, Fetch::Image) {
            Some((_, sources)) => allows(&sources, url, PAGE, Fetch::Image, Credentials::default()),
            None => true,
        }
    }

    #[test]
    fn img_src_decides_and_default_src_stands_in_for_it() {
        assert!(image_allowed("script-src 'self'", PIXEL));
        assert!(!image_allowed("default-src 'self'", PIXEL));
        assert!(image_allowed("default-src 'none'; img-src *", PIXEL));
        assert!(!image_allowed("img-src 'none'", PIXEL));
        assert!(!image_allowed("img-src 'self' data:", PIXEL));
        assert!(image_allowed("img-src 'self'", "/images/a.png"));
        // The first of two img-src directives counts.
        assert!(!image_allowed("img-src 'self'; img-src *", PIXEL));
    }

    #[test]
    fn hosts_match_with_wildcards_schemes_ports_and_paths() {
        for (policy, allowed) in [
            ("img-src https:", true),
            ("img-src http:", true),
            ("img-src pixel.wp.com", true),
            ("img-src PIXEL.WP.COM", true),
            ("img-src *.wp.com", true),
            ("img-src *.pixel.wp.com", false),
            ("img-src wp.com", false),
            ("img-src https://pixel.wp.com", true),
            ("img-src http://pixel.wp.com", true),
            ("img-src ftp://pixel.wp.com", false),
            ("img-src pixel.wp.com:8443", false),
            ("img-src pixel.wp.com:*", true),
            ("img-src pixel.wp.com/g.gif", true),
            ("img-src pixel.wp.com/other/", false),
            ("img-src pixel.wp.com/", true),
        ] {
            assert_eq!(image_allowed(policy, PIXEL), allowed, "{policy}");
        }
    }

    fn script_with(policy: &str, element: Credentials) -> bool {
        match governing(policy, Fetch::Script) {
            Some((_, sources)) => allows(
                &sources,
                "https://t.example/pixel.js",
                PAGE,
                Fetch::Script,
                element,
            ),
            None => true,
        }
    }

    #[test]
    fn scripts_have_their_own_directive() {
        let script = |policy: &str| script_with(policy, Credentials::default());
        assert!(script("img-src 'none'"));
        assert!(!script("script-src 'self' 'unsafe-inline'"));
        assert!(script(
            "default-src 'self'; script-src 'self' https://t.example"
        ));
    }

    #[test]
    fn script_src_elem_decides_element_scripts_first() {
        let script = |policy: &str| script_with(policy, Credentials::default());
        assert!(!script("script-src-elem 'self'"));
        assert!(!script("script-src *; script-src-elem 'self'"));
        assert!(script(
            "script-src 'self'; script-src-elem https://t.example"
        ));
        assert!(script("default-src 'none'; script-src-elem https:"));
        assert_eq!(
            governing("default-src 'self'; script-src-elem 'none'", Fetch::Script).map(|g| g.0),
            Some("script-src-elem")
        );
    }

    #[test]
    fn strict_dynamic_leaves_only_nonces_and_hashes() {
        let none = Credentials::default();
        let nonce = Credentials {
            nonce: Some("r4nd0m"),
            integrity: None,
        };
        let hashed = Credentials {
            nonce: None,
            integrity: Some("sha384-abc sha256-xyz="),
        };
        assert!(!script_with(
            "script-src 'sha256-xyz=' 'strict-dynamic' https:",
            none
        ));
        assert!(!script_with("script-src 'self' 'strict-dynamic' *", none));
        assert!(script_with(
            "script-src 'nonce-r4nd0m' 'strict-dynamic' https:",
            nonce
        ));
        assert!(!script_with(
            "script-src 'nonce-other' 'strict-dynamic'",
            nonce
        ));
        assert!(script_with(
            "script-src 'sha256-xyz=' 'strict-dynamic'",
            hashed
        ));
        assert!(!script_with(
            "script-src 'sha256-other' 'strict-dynamic'",
            hashed
        ));
    }

    #[test]
    fn a_matching_nonce_allows_a_script_from_any_host() {
        let nonce = Credentials {
            nonce: Some("abc"),
            integrity: None,
        };
        assert!(script_with("script-src 'nonce-abc'", nonce));
        assert!(script_with("script-src 'self' 'NONCE-abc'", nonce));
        assert!(!script_with("script-src 'nonce-ABC'", nonce));
        assert!(!script_with(
            "script-src 'nonce-abc'",
            Credentials::default()
        ));
        // Images have no nonce: it is never asked of them.
        assert!(!image_allowed("img-src 'nonce-abc'", PIXEL));
        // `'strict-dynamic'` speaks of scripts only.
        assert!(image_allowed("default-src https: 'strict-dynamic'", PIXEL));
    }
}
