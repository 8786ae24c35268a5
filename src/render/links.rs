//! What an article's body says that the build should tell its editor: what
//! the sanitiser removed (warnings), and links to site pages the build
//! does not produce (errors), each at the article's line.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::{Article, Site};
use crate::diagnostics::{Diagnostic, Severity};

use super::{Renderer, Theme};

/// A warning for everything the sanitiser removed from each article.
pub fn removal_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &site.articles {
        for r in &a.body.removed {
            let mut d = Diagnostic::new(&a.path, r.what.clone()).with_hint(r.hint.clone());
            d.line = a.body.first_line + r.line - 1;
            d.col = 1;
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
    out
}

/// An error for each link in an article body to a path on this site that
/// the build does not produce: a page, a static file or an asset.
pub fn broken_links(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    // Both halves on all cores: the build waits for this before any page.
    let renderer = Renderer::new(site, theme);
    let mut produced: HashSet<String> = renderer
        .pages()
        .into_par_iter()
        .map(|k| renderer.url_of(k))
        .collect();
    drop(renderer);
    produced.insert("/compliance.json".to_owned());
    for dir in [site.root.join("static"), theme.dir.join("static")] {
        add_files(&mut produced, &dir);
    }
    for asset in &site.assets {
        produced.insert(format!("/{}", asset.to_string_lossy().replace('\\', "/")));
    }
    // An article left out of this build (scheduled, withdrawn, withheld)
    // is another matter: `left_out_links` warns of links to it.
    produced.extend(site.held.iter().map(|h| h.url.clone()));
    let Ok(base) = ammonia::Url::parse(&site.config.base_url) else {
        return Vec::new();
    };
    site.articles
        .par_iter()
        .flat_map_iter(|a| {
            let (base, produced) = (&base, &produced);
            a.body.links.iter().filter_map(move |(link, link_line)| {
                let path = site_path(base, a, link)?;
                if leads_to(produced, &path) {
                    return None;
                }
                let mut d = Diagnostic::new(
                    &a.path,
                    format!("the link to {link} leads to no page of this site ({path})"),
                )
                .with_hint(
                    "correct the address, or link to the page's full address if it lives elsewhere",
                );
                d.line = a.body.first_line + link_line - 1;
                d.col = 1;
                Some(d)
            })
        })
        .collect()
}

/// Whether `path` is one of `pages`, written with or without its slash or
/// its `index.html`.
fn leads_to(pages: &HashSet<String>, path: &str) -> bool {
    pages.contains(path)
        || pages.contains(&format!("{path}/"))
        || pages.contains(&format!("{path}index.html"))
}

/// A warning for each link in an article body to an article this build
/// leaves out (scheduled, withdrawn or withheld): the link leads nowhere
/// until it is published again, and the build goes on without it.
pub fn left_out_links(site: &Site) -> Vec<Diagnostic> {
    if site.held.is_empty() {
        return Vec::new();
    }
    let Ok(base) = ammonia::Url::parse(&site.config.base_url) else {
        return Vec::new();
    };
    let held: std::collections::HashMap<&str, &crate::content::Held> =
        site.held.iter().map(|h| (h.url.as_str(), h)).collect();
    let find = |path: &str| {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        held.get(path)
            .or_else(|| held.get(format!("{path}/").as_str()))
            .copied()
    };
    site.articles
        .par_iter()
        .flat_map_iter(|a| {
            let (base, find) = (&base, &find);
            a.body.links.iter().filter_map(move |(link, line)| {
                let h = find(&site_path(base, a, link)?)?;
                let mut d = Diagnostic::new(
                    &a.path,
                    format!(
                        "the link to {link} leads to {}, which this build leaves out ({})",
                        h.path, h.reason
                    ),
                )
                .with_hint("readers following it find no page until that article is published again; remove the link if it stays out");
                d.line = a.body.first_line + line - 1;
                d.col = 1;
                d.severity = Severity::Warning;
                Some(d)
            })
        })
        .collect()
}

/// The site path a link in `a`'s body leads to, when it leads into this
/// site: `/x`, a relative `x.jpg` or `../x/`, or the site's own base URL.
fn site_path(base: &ammonia::Url, a: &Article, link: &str) -> Option<String> {
    if elsewhere(base, link.trim()) {
        return None;
    }
    let page = base.join(a.url.trim_start_matches('/')).ok()?;
    let target = page.join(link.trim()).ok()?;
    if target.origin() != base.origin() || !target.path().starts_with(base.path()) {
        return None;
    }
    if link.trim().starts_with('#') || link.trim().is_empty() {
        return None;
    }
    let path = &target.path()[base.path().len() - 1..];
    Some(percent_decode(path))
}

/// Whether `link` is plainly an address on another host: `http(s)://` and
/// a host name of letters, digits, dots and hyphens that is not the base's.
/// Anything less plain is left to the URL parser.
fn elsewhere(base: &ammonia::Url, link: &str) -> bool {
    let Some((scheme, rest)) = link.split_once("://") else {
        return false;
    };
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return false;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    plain
        && !base
            .host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case(host))
}

/// `%20` and friends back to characters, as files are named.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn add_files(produced: &mut HashSet<String>, dir: &std::path::Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            produced.insert(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
        }
    }
}
