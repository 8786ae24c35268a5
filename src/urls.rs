//! Which URLs a field may hold. Front matter and configuration put URLs into
//! `href`, `src` and feed links; a `javascript:` or `data:` value there runs
//! script in the reader's browser, so every URL field is checked when read.

/// What a URL field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// An absolute `http(s)` address: source, original, pixel, licence and
    /// terms pages, the site's base URL.
    Absolute,
    /// An absolute `http(s)` address or a path on the site: images.
    AbsoluteOrSitePath,
}

/// The scheme a browser would see in `url`, lower-cased, if it has one.
///
/// Browsers drop leading spaces and control characters and ignore tabs and
/// line breaks anywhere in a URL, so ` Java\tScript:` is `javascript:`.
pub fn scheme(url: &str) -> Option<String> {
    let mut out = String::new();
    scan_scheme(url, |c| out.push(c.to_ascii_lowercase()))?;
    Some(out)
}

/// Hands each character of `url`'s scheme to `push`, as `scheme` reads it;
/// `None` when there is none. Stops at the first character no scheme may
/// hold, so a path or a plain word costs one look.
fn scan_scheme(url: &str, mut push: impl FnMut(char)) -> Option<()> {
    let mut first = true;
    for c in url.trim_start_matches(|c: char| c <= ' ').chars() {
        match c {
            '\t' | '\n' | '\r' => continue,
            ':' if !first => return Some(()),
            c if first && c.is_ascii_alphabetic() => {}
            c if !first && (c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) => {}
            _ => return None,
        }
        first = false;
        push(c);
    }
    None
}

/// Whether a link in an article body may point there: web addresses, mail
/// and telephone links, and anything without a scheme (paths, fragments).
/// Checked for every link of every body, without allocating.
pub fn is_safe_link(url: &str) -> bool {
    const LONGEST: usize = "mailto".len();
    let (mut buf, mut len) = ([0u8; LONGEST], 0);
    let scanned = scan_scheme(url, |c| {
        if len < LONGEST {
            // A scheme is ASCII.
            buf[len] = c.to_ascii_lowercase() as u8;
        }
        len += 1;
    });
    scanned.is_none()
        || (len <= LONGEST && matches!(&buf[..len], b"http" | b"https" | b"mailto" | b"tel"))
}

/// Why `value` may not stand in a field of this kind, if it may not.
///
/// Only a scheme other than http(s) is refused here: a `#` or a relative
/// source URL is a compliance matter (the page does not link its source),
/// reported by the rules with the rest, not an input error.
pub fn check(value: &str, kind: UrlKind) -> Result<(), String> {
    // `reprint new` leaves `FILL-IN: ...`, reported as a placeholder.
    if value.contains(crate::layout::PLACEHOLDER) {
        return Ok(());
    }
    // `//host/x` borrows the page's scheme and leaves the site: neither
    // a path on it nor a full address.
    let t = value.trim_start();
    if t.starts_with("//") || t.starts_with("\\\\") {
        return Err(format!(
            "`{}` leaves out the scheme; {}",
            t.chars().take(40).collect::<String>(),
            match kind {
                UrlKind::Absolute => "write the full address, starting with https://",
                UrlKind::AbsoluteOrSitePath =>
                    "write the full address, starting with https://, or a path on the site starting with a single /",
            }
        ));
    }
    // Characters an address never holds as written: a browser would
    // guess, and a validator refuses the page or feed that carries it.
    if let Some(c) = t
        .trim_end()
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
    {
        let how = match c {
            ' ' => "a space; write it as %20".to_owned(),
            c if c.is_whitespace() => {
                "a line break or tab; write the address on one line".to_owned()
            }
            c => format!("`{c}`; write it as %{:02X}", c as u32),
        };
        return Err(format!("the address holds {how}"));
    }
    match scheme(value) {
        None => Ok(()),
        Some(s) if s == "http" || s == "https" => Ok(()),
        Some(s) => Err(format!(
            "`{s}:` URLs are not allowed here; {}",
            match kind {
                UrlKind::Absolute => "only an http:// or https:// address",
                UrlKind::AbsoluteOrSitePath =>
                    "only an http:// or https:// address or a path on the site",
            }
        )),
    }
}

/// Whether `value` is an absolute http(s) address with a host.
pub fn is_absolute_web(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    ["http://", "https://"].iter().any(|p| {
        lower.starts_with(p)
            && v[p.len()..]
                .chars()
                .next()
                .is_some_and(|c| !matches!(c, '/' | '?' | '#'))
    })
}

/// The hint shown with a refused URL.
pub const HINT: &str = "write the address of the web page, starting with https://";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holding_a_space_or_markup_is_refused() {
        for (url, says) in [
            ("https://x.org/a b/", "a space; write it as %20"),
            ("https://x.org/a\tb/", "a line break or tab"),
            ("https://x.org/a<b>/", "`<`; write it as %3C"),
            ("https://x.org/\"x", "`\"`; write it as %22"),
        ] {
            let why = check(url, UrlKind::Absolute).unwrap_err();
            assert!(why.contains(says), "{url}: {why}");
        }
        assert!(check("https://x.org/a%20b/?q=1&r=2#top", UrlKind::Absolute).is_ok());
        assert!(check("  https://x.org/a/  ", UrlKind::Absolute).is_ok());
    }

    #[test]
    fn schemes_are_seen_as_a_browser_sees_them() {
        assert_eq!(
            scheme(" JavaScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}data:text/html,x").as_deref(), Some("data"));
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("#"), None);
        assert_eq!(scheme("img/a.png"), None);
        assert_eq!(scheme("https://x.org/").as_deref(), Some("https"));
    }

    #[test]
    fn only_web_addresses_and_paths_pass() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "//evil.example/x.png",
            " //evil.example/x.png",
            "\\\\evil.example\\x.png",
        ] {
            assert!(check(bad, UrlKind::Absolute).is_err(), "{bad}");
            assert!(check(bad, UrlKind::AbsoluteOrSitePath).is_err(), "{bad}");
        }
        for good in [
            "https://x.org/a",
            "HTTP://x.org",
            "#",
            "/images/a.png",
            "a.png",
            "FILL-IN: url",
        ] {
            assert!(check(good, UrlKind::Absolute).is_ok(), "{good}");
        }
        assert!(is_safe_link("mailto:a@b.org") && is_safe_link("tel:+1") && is_safe_link("#x"));
        assert!(!is_safe_link("javascript:x") && !is_safe_link(" DATA:x"));
        assert!(
            is_safe_link("HT\tTPS://x.org/") && is_safe_link("/a:b") && is_safe_link("img/a.png")
        );
        assert!(!is_safe_link("httpsx:x") && !is_safe_link("mailtox:x") && !is_safe_link("te:x"));
        assert!(!is_safe_link("chrome-extension://x") && !is_safe_link("h:x"));
        assert!(
            is_absolute_web("https://x.org")
                && !is_absolute_web("https:///x")
                && !is_absolute_web("/x")
        );
    }
}
