//! The sanitiser: what raw HTML in an article may keep (allowed embeds and
//! a declared pixel script among it), and what it was told it lost.

use super::{Removal, Sanitise, is_unsafe_url};
use crate::text::find_ascii_ignore_case;

/// Stands in for a declared pixel script while the sanitiser runs: plain
/// text it keeps, which no article plausibly contains.
/// Cleans rendered HTML; `raw_html` (with body lines) is what the article
/// pasted, so each removal can be told where it came from.
pub(super) fn clean(
    rendered: &str,
    sanitise: &Sanitise,
    raw_html: &[(usize, String)],
) -> (String, Vec<Removal>) {
    let (held, kept) = match sanitise.pixel_script {
        Some(pixel) => hold_pixel_scripts(rendered, pixel),
        None => (rendered.to_owned(), 0),
    };
    let mut out = drop_emptied_iframes(&sanitizer(sanitise.embeds).clean(&held).to_string());
    if kept > 0 {
        let tag = format!(
            "<script src=\"{}\" async></script>",
            html_escape_attr(sanitise.pixel_script.unwrap_or_default())
        );
        out = out.replace(PIXEL_TOKEN, &tag);
    }
    let removed = removals(
        raw_html,
        sanitise.embeds,
        sanitise.pixel_script.map(|p| (p, kept)),
    );
    (out, removed)
}

const PIXEL_TOKEN: &str = "reprint-declared-pixel-script-7f3a9c";

/// Replaces each `<script src="PIXEL" ...></script>` with [`PIXEL_TOKEN`];
/// returns the HTML and how many were held.
fn hold_pixel_scripts(html: &str, pixel: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut held = 0;
    while let Some(start) = find_ascii_ignore_case(rest, "<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) =
            find_ascii_ignore_case(&rest[open_end..], "</script>").map(|i| open_end + i)
        else {
            break;
        };
        let open = &rest[start..open_end];
        let empty = rest[open_end..close].trim().is_empty();
        out.push_str(&rest[..start]);
        if empty && attr(open, "src").is_some_and(|s| s.trim() == pixel.trim()) {
            out.push_str(PIXEL_TOKEN);
            held += 1;
        } else {
            out.push_str(&rest[start..close + "</script>".len()]);
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, held)
}

/// A quoted attribute's value in an opening tag, entity `&amp;` decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before_ok = lower[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let v = tag[value_start..].trim_start();
        let (quote, body) = match v.chars().next()? {
            q @ ('"' | '\'') => (q, &v[1..]),
            _ => (' ', v),
        };
        let end = body.find([quote, '>']).unwrap_or(body.len());
        return Some(body[..end].replace("&amp;", "&"));
    }
    None
}

fn html_escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Removes the `<iframe>`s whose address the sanitiser refused (it keeps
/// the element but drops the attribute).
fn drop_emptied_iframes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let open_end = after.find('>').map_or(after.len(), |i| i + 1);
        let close = after
            .find("</iframe>")
            .map_or(open_end, |i| i + "</iframe>".len());
        if after[..open_end].contains(" src=\"") {
            out.push_str(&after[..close]);
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// What the sanitiser takes out of each piece of raw HTML (with its body
/// line): elements it does not allow, attributes it drops, iframes from
/// hosts not in `embeds`, and links with a script scheme.
fn removals(
    raw_html: &[(usize, String)],
    embeds: &[String],
    pixel_script: Option<(&str, usize)>,
) -> Vec<Removal> {
    // The declared pixel scripts the sanitiser kept are not removals.
    let mut kept_pixels = pixel_script.map_or(0, |(_, n)| n);
    let b = sanitizer(embeds);
    let tags = b.clone_tags();
    let tag_attributes = b.clone_tag_attributes();
    let generic = b.clone_generic_attributes();
    let mut out = Vec::new();
    for (line, html) in raw_html {
        for (name, attributes) in start_tags(html) {
            let line = *line;
            let attr = |a: &str| {
                attributes
                    .iter()
                    .find(|(n, _)| n == a)
                    .map(|(_, v)| v.as_str())
            };
            if name == "script"
                && kept_pixels > 0
                && pixel_script
                    .is_some_and(|(p, _)| attr("src").is_some_and(|s| s.trim() == p.trim()))
            {
                kept_pixels -= 1;
                continue;
            }
            if name == "iframe" {
                let src = attr("src").unwrap_or("");
                if !allowed_embed(src, embeds) {
                    let host = ammonia::Url::parse(src.trim())
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_owned))
                        .unwrap_or_else(|| "an unknown address".to_owned());
                    out.push(Removal {
                        line,
                        what: format!("an <iframe> from {host} was removed"),
                        hint: format!("allow its host in `embeds` in config.toml if you trust it (embeds = [\"{host}\"]); only https addresses are kept"),
                    });
                }
                continue;
            }
            if !tags.contains(name.as_str()) {
                out.push(Removal {
                    line,
                    what: format!("a <{name}> element was removed"),
                    hint: "the sanitiser keeps text and formatting only; show this content another way, or set sanitize_html = false if you trust every article's HTML".to_owned(),
                });
                continue;
            }
            for (a, value) in &attributes {
                let allowed = generic.contains(a.as_str())
                    || tag_attributes
                        .get(name.as_str())
                        .is_some_and(|t| t.contains(a.as_str()));
                let unsafe_url = matches!(a.as_str(), "href" | "src") && is_unsafe_url(value);
                if !allowed || unsafe_url {
                    out.push(Removal {
                        line,
                        what: format!("the `{a}` attribute of a <{name}> was removed"),
                        hint: "scripts, styles and event handlers never reach the page; remove the attribute from the article".to_owned(),
                    });
                }
            }
        }
    }
    out
}

/// The start tags in a piece of HTML: lower-case names and attributes.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let fragment = scraper::Html::parse_fragment(html);
    fragment
        .tree
        .nodes()
        .filter_map(|n| n.value().as_element())
        .filter(|e| !matches!(e.name(), "html" | "head" | "body"))
        .map(|e| {
            let attributes = e
                .attrs()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
                .collect();
            (e.name().to_ascii_lowercase(), attributes)
        })
        .collect()
}

/// Whether `src` is an https address on one of the allowed embed hosts.
pub fn allowed_embed(src: &str, embeds: &[String]) -> bool {
    ammonia::Url::parse(src.trim()).is_ok_and(|u| {
        u.scheme() == "https"
            && u.host_str()
                .is_some_and(|h| embeds.iter().any(|e| e.eq_ignore_ascii_case(h)))
    })
}

fn sanitizer(embeds: &[String]) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"])
        .add_tags([
            "figure",
            "figcaption",
            "section",
            "aside",
            "mark",
            "picture",
            "source",
        ])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .add_tag_attributes("source", ["srcset", "type", "media"])
        .add_tag_attributes("a", ["rel"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .link_rel(None);
    b.rm_clean_content_tags(["script", "style"]);
    b.add_clean_content_tags(["script", "style", "object", "embed", "noscript", "template"]);
    if embeds.is_empty() {
        b.add_clean_content_tags(["iframe"]);
    } else {
        // Kept iframes run sandboxed and load only when scrolled to. Scripts
        // may run, but never with the frame's own origin: both together would
        // let the frame lift its own sandbox.
        let embeds = embeds.to_vec();
        b.add_tags(["iframe"])
            .add_tag_attributes(
                "iframe",
                [
                    "src",
                    "title",
                    "width",
                    "height",
                    "allow",
                    "allowfullscreen",
                ],
            )
            .set_tag_attribute_value(
                "iframe",
                "sandbox",
                "allow-scripts allow-popups allow-presentation",
            )
            .set_tag_attribute_value("iframe", "loading", "lazy")
            .attribute_filter(move |element, attribute, value| {
                if element == "iframe" && attribute == "src" && !allowed_embed(value, &embeds) {
                    None
                } else {
                    Some(value.into())
                }
            });
    }
    b
}
