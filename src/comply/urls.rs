//! URL keys: what makes two addresses "the same link" or "the same licence".

use std::borrow::Cow;

use url::Url;

/// Query parameters that only say how a reader arrived, never which page.
fn is_tracking(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("utm_"))
        || ["fbclid", "gclid", "mc_cid", "mc_eid"]
            .iter()
            .any(|t| key.eq_ignore_ascii_case(t))
}

/// Decodes `%XX` escapes of unreserved and non-ASCII bytes (a renderer may
/// or may not have encoded them; they mean the same address) and upper-cases
/// the hex of the escapes that stay, which do change the address.
fn decode_safe_escapes(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) if b >= 0x80 || b.is_ascii_alphanumeric() || b"-._~".contains(&b) => {
                out.push(b);
                i += 3;
            }
            (b'%', Some(b)) => {
                out.extend_from_slice(format!("%{b:02X}").as_bytes());
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Normalises an http(s) URL into the one form links are compared in:
/// `http` and `https` equal, host lower-cased and IDN in its ASCII form,
/// default port dropped, safe percent-escapes decoded, trailing slash,
/// fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`,
/// `mc_eid`) dropped, every other query parameter kept in order. Relative
/// URLs resolve against the site's base URL; `#` and other schemes give
/// `None`.
pub fn normalise_url(url: &str, base: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return None;
    }
    if url.starts_with('/') && !url.starts_with("//") {
        // A site-relative link (most of a theme's): on the base's origin.
        let origin_end = base
            .match_indices('/')
            .nth(2)
            .map_or(base.len(), |(i, _)| i);
        let absolute = format!("{}{url}", &base[..origin_end]);
        if let Some(key) = plain_key(&absolute) {
            return key;
        }
    }
    plain_key(url).unwrap_or_else(|| url_key(url, base))
}

/// The key of a plain absolute address (ASCII, a host of letters, digits,
/// dots and dashes, no dot segments, nothing the URL parser would escape)
/// without a full parse: the common case, made cheap because every link of
/// every page is keyed. `None` when the address needs the parser.
fn plain_key(url: &str) -> Option<Option<String>> {
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let special = |b: u8| {
        matches!(
            b,
            0..=b' ' | 0x7f.. | b'\\' | b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^' | b'\''
        )
    };
    if rest.bytes().any(special) {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        Some(_) => return None,
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with(['.', '-'])
        && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !host_ok {
        return None;
    }
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    // A dot segment needs a dot, plain or escaped; most paths have neither.
    let may_have_dots = path.bytes().any(|b| b == b'.' || b == b'%');
    let dot_segment = may_have_dots
        && path.split('/').any(|seg| {
            [".", "..", "%2e", "%2e%2e", ".%2e", "%2e."]
                .iter()
                .any(|d| seg.eq_ignore_ascii_case(d))
        });
    if dot_segment {
        return None;
    }
    let port = match port.map(str::parse::<u32>) {
        None | Some(Ok(80 | 443)) => String::new(),
        Some(Ok(p)) if p <= 65535 => format!(":{p}"),
        Some(_) => return None,
    };
    let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    };
    Some(Some(assemble(&host, &port, path, query)))
}

fn strip_prefix_ignore_case<'u>(url: &'u str, prefix: &str) -> Option<&'u str> {
    let head = url.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &url[prefix.len()..])
}

/// The key from its parts: safe escapes decoded, trailing slash and
/// tracking parameters dropped.
fn assemble(host: &str, port: &str, path: &str, query: &str) -> String {
    let path = decode_safe_escapes(path);
    let path = path.trim_end_matches('/');
    if query.is_empty() {
        // Every link of every page is keyed: no formatting machinery.
        let mut key = String::with_capacity(8 + host.len() + port.len() + path.len());
        for part in ["https://", host, port, path] {
            key.push_str(part);
        }
        return key;
    }
    let query: Vec<Cow<'_, str>> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !is_tracking(pair.split('=').next().unwrap_or("")))
        .map(decode_safe_escapes)
        .collect();
    if query.is_empty() {
        format!("https://{host}{port}{path}")
    } else {
        format!("https://{host}{port}{path}?{}", query.join("&"))
    }
}

/// [`normalise_url`] through the URL parser: IDN hosts, dot segments,
/// relative addresses.
fn url_key(url: &str, base: &str) -> Option<String> {
    let parsed = match Url::parse(url) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) if url.starts_with("//") => {
            Url::parse(&format!("https:{url}")).ok()?
        }
        Err(url::ParseError::RelativeUrlWithoutBase) if url.starts_with('/') => {
            Url::parse(base).ok()?.join(url).ok()?
        }
        Err(_) => return None,
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str().filter(|h| !h.is_empty())?;
    let port = match parsed.port() {
        // An explicit 80 under https (or 443 under http) is the other scheme's default.
        Some(80 | 443) | None => String::new(),
        Some(p) => format!(":{p}"),
    };
    Some(assemble(
        host,
        &port,
        parsed.path(),
        parsed.query().unwrap_or(""),
    ))
}

/// Is this an absolute http(s) address a reader can follow?
pub(crate) fn is_absolute_http(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("https://") || u.starts_with("http://")) && u.len() > "https://".len()
}

/// A licence URL reduced to what identifies the licence: for Creative
/// Commons, the elements and version (`by-nc-nd/3.0`, whatever the deed
/// language or `legalcode` suffix); otherwise the normalised URL.
pub(crate) fn licence_key(url: &str, base: &str) -> Option<String> {
    let n = normalise_url(url, base)?;
    let rest = n.split_once("://").map_or(n.as_str(), |(_, r)| r);
    if let Some(path) = rest
        .strip_prefix("creativecommons.org/")
        .or_else(|| rest.strip_prefix("www.creativecommons.org/"))
    {
        // A query names no licence: the chooser's own links carry `?ref=chooser-v1`.
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let parts: Vec<&str> = path.split('/').collect();
        if let [
            kind @ ("licenses" | "publicdomain"),
            code,
            version,
            tail @ ..,
        ] = parts.as_slice()
        {
            let port = tail
                .first()
                .filter(|t| !t.starts_with("deed") && !t.starts_with("legalcode") && !t.is_empty())
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            return Some(format!("cc:{kind}/{code}/{version}{port}"));
        }
    }
    Some(n)
}

/// ShareAlike family and version of a CC licence URL: ("by-sa", (4, 0)).
pub(crate) fn share_alike_of(url: &str, base: &str) -> Option<(String, (u8, u8))> {
    let key = licence_key(url, base)?;
    let rest = key.strip_prefix("cc:licenses/")?;
    let mut parts = rest.split('/');
    let code = parts.next()?.to_owned();
    let (major, minor) = parts.next()?.split_once('.')?;
    Some((code, (major.parse().ok()?, minor.parse().ok()?)))
}

/// Whether `url` names the ShareAlike licence `sa` or a later version of
/// it, as an adaptation may be offered under (CC BY-SA 3.0 §4(b)). Version
/// 1.0 allows no later version: its adaptations stay under 1.0 itself.
pub(crate) fn offers_share_alike(url: &str, sa: &crate::licences::ShareAlike, base: &str) -> bool {
    share_alike_of(url, base).is_some_and(|(f, v)| {
        f.eq_ignore_ascii_case(sa.family)
            && (v == sa.version || (sa.version > (1, 0) && v > sa.version))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/";

    #[test]
    fn urls_normalise_scheme_host_port_and_trailing_slash() {
        let n = |u| normalise_url(u, BASE);
        assert_eq!(n("HTTPS://Example.ORG:443/a/"), n("https://example.org/a"));
        assert_eq!(
            n("http://example.org:80/a"),
            Some("https://example.org/a".into())
        );
        assert_eq!(n("https://example.org/a#frag"), n("https://example.org/a"));
        assert_ne!(n("https://example.org/a?x=1"), n("https://example.org/a"));
        assert_eq!(n("#"), None);
        assert_eq!(n("mailto:a@example.org"), None);
        assert_eq!(n("/news/"), Some("https://example.org/news".into()));
        assert_eq!(
            normalise_url("/news/", "/"),
            None,
            "relative with no base host"
        );
    }

    #[test]
    fn urls_compare_as_a_reader_follows_them() {
        let n = |u| normalise_url(u, BASE);
        assert_eq!(n("http://example.org/a"), n("https://example.org/a/"));
        assert_eq!(
            n("https://bücher.example/x"),
            n("https://xn--bcher-kva.example/x")
        );
        assert_eq!(
            n("https://example.org/caf%C3%A9"),
            n("https://example.org/café")
        );
        assert_eq!(
            n("https://example.org/caf%c3%a9"),
            n("https://example.org/café")
        );
        assert_eq!(
            n("https://example.org/%7Euser%2dx"),
            n("https://example.org/~user-x")
        );
        assert_ne!(n("https://example.org/a%2Fb"), n("https://example.org/a/b"));
        assert_ne!(n("https://example.org/Path"), n("https://example.org/path"));
        assert_eq!(
            n("https://example.org/a?aid=1&utm_source=x&fbclid=y&gclid=z&mc_cid=c&mc_eid=e#top"),
            n("https://example.org/a?aid=1")
        );
        assert_ne!(
            n("https://example.org/a?aid=1"),
            n("https://example.org/a?aid=2")
        );
        assert_eq!(
            n("https://example.org/a?utm_medium=x"),
            n("https://example.org/a")
        );
        assert_eq!(n("//example.org/a"), n("https://example.org/a"));
    }

    #[test]
    fn the_plain_path_agrees_with_the_parser() {
        for url in [
            "https://Example.ORG:443/a/",
            "http://example.org:8080/a/b?x=1&utm_source=y#f",
            "https://example.org",
            "https://example.org/caf%c3%a9/%7e?q=%2f&fbclid=1",
            "https://example.org/a//b/",
            "HTTP://WWW.Example.org/A?B=C",
        ] {
            assert_eq!(plain_key(url), Some(url_key(url, BASE)), "{url}");
        }
        for url in [
            "https://bücher.example/",
            "https://example.org/a/../b",
            "https://example.org/%2e/a",
            "https://example.org/a/%2E%2e",
            "https://example.org/a b",
            "https://user@example.org/",
            "https://127.0.0.1/",
            "/relative",
        ] {
            assert_eq!(plain_key(url), None, "{url} needs the parser");
        }
        for url in ["/news/a/", "/news/../b?x=1", "/caf%C3%A9"] {
            assert_eq!(normalise_url(url, BASE), url_key(url, BASE), "{url}");
        }
    }

    #[test]
    fn the_plain_path_agrees_with_the_parser_on_random_addresses() {
        let starts = [
            "https://example.org",
            "http://Example.ORG",
            "HTTPS://www.example.org:443",
            "https://a-b.example:8080",
            "http://example.org:80",
            "https://example",
        ];
        let pieces = [
            "a",
            "B",
            "-",
            ".",
            "..",
            "/",
            "/",
            "/",
            "//",
            ":",
            "?",
            "&",
            "=",
            "#",
            "%2e",
            "%2E",
            "%41",
            "%7e",
            "%2f",
            "%c3%a9",
            "%zz",
            "utm_source=x",
            "fbclid=1",
            "q=1",
            " ",
            "@",
            "\\",
            "caf\u{e9}",
            "1",
        ];
        let tails = crate::testing::random_texts(0x5eed, 100_000, 10, &pieces);
        let mut agreed = 0;
        for (n, tail) in tails.iter().enumerate() {
            let url = format!("{}{tail}", starts[n % starts.len()]);
            if let Some(key) = plain_key(&url) {
                assert_eq!(key, url_key(&url, BASE), "{url:?}");
                agreed += 1;
            }
        }
        assert!(
            agreed > 3_000,
            "only {agreed} addresses took the plain path"
        );
    }

    #[test]
    fn cc_licence_urls_match_whatever_the_deed_suffix() {
        let k = |u| licence_key(u, BASE);
        assert_eq!(
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/"),
            k("http://creativecommons.org/licenses/by-nc-nd/3.0/deed.en")
        );
        assert_eq!(
            k("https://creativecommons.org/licenses/by/4.0/legalcode"),
            k("https://creativecommons.org/licenses/by/4.0")
        );
        assert_ne!(
            k("https://creativecommons.org/licenses/by/4.0/"),
            k("https://creativecommons.org/licenses/by-sa/4.0/")
        );
        assert_ne!(
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/us/"),
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/")
        );
        // The licence chooser's own markup links with a referral query.
        assert_eq!(
            k("http://creativecommons.org/licenses/by/4.0/?ref=chooser-v1"),
            k("https://creativecommons.org/licenses/by/4.0/")
        );
        assert_eq!(
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/us/?ref=chooser-v1"),
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/us/")
        );
        assert_eq!(
            share_alike_of("https://creativecommons.org/licenses/by-sa/4.0/", BASE),
            Some(("by-sa".into(), (4, 0)))
        );
    }

    #[test]
    fn a_share_alike_adaptation_takes_the_same_or_a_later_version_but_1_0_only_itself() {
        use crate::licences::ShareAlike;
        let sa = |family, version| ShareAlike { family, version };
        let url = |u: &str| format!("https://creativecommons.org/licenses/{u}/");
        assert!(offers_share_alike(
            &url("by-sa/4.0"),
            &sa("BY-SA", (2, 0)),
            BASE
        ));
        assert!(offers_share_alike(
            &url("by-sa/2.5"),
            &sa("BY-SA", (2, 5)),
            BASE
        ));
        assert!(!offers_share_alike(
            &url("by-sa/2.0"),
            &sa("BY-SA", (2, 5)),
            BASE
        ));
        assert!(!offers_share_alike(
            &url("by-nc-sa/4.0"),
            &sa("BY-SA", (3, 0)),
            BASE
        ));
        assert!(offers_share_alike(
            &url("by-sa/1.0"),
            &sa("BY-SA", (1, 0)),
            BASE
        ));
        assert!(!offers_share_alike(
            &url("by-sa/2.0"),
            &sa("BY-SA", (1, 0)),
            BASE
        ));
    }
}
