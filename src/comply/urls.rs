//! URL keys: what makes two addresses "the same link" or "the same licence".

/// Normalises an absolute http(s) URL for comparison: scheme and host lower
/// case, default port dropped, fragment dropped, trailing slash ignored.
/// Relative URLs resolve against the site's base URL; `#` and other schemes
/// give `None`.
pub fn normalise_url(url: &str, base: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return None;
    }
    let absolute = if url.starts_with("//") {
        format!("https:{url}")
    } else if url.starts_with('/') {
        let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
        if !origin.starts_with("http") {
            return None;
        }
        format!("{origin}{url}")
    } else {
        url.to_owned()
    };
    let (scheme, rest) = absolute.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let split_at = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split_at);
    let authority = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_owned(),
        _ => authority,
    };
    if host.is_empty() {
        return None;
    }
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = path.trim_end_matches('/');
    Some(match query {
        Some(q) if !q.is_empty() => format!("{scheme}://{host}{path}?{q}"),
        _ => format!("{scheme}://{host}{path}"),
    })
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
            Some("http://example.org/a".into())
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
        assert_eq!(
            share_alike_of("https://creativecommons.org/licenses/by-sa/4.0/", BASE),
            Some(("by-sa".into(), (4, 0)))
        );
    }
}
