//! How an article body becomes HTML. One function owns every pulldown-cmark
//! option; raw HTML pasted from a source is sanitised here, before any
//! template sees it, so the compliance pass checks what readers get.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// An article body rendered to HTML, with what later stages need from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedBody {
    pub html: String,
    /// Plain text of the first paragraph, for list pages and feeds.
    pub first_paragraph: String,
    /// Every link destination of the body, in order, as written.
    pub links: Vec<String>,
    pub word_count: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown. With `sanitize`, raw HTML and dangerous link schemes are
/// cleaned (scripts, iframes, event handlers and `javascript:` URLs removed).
pub fn render(markdown: &str, sanitize: bool) -> RenderedBody {
    render_with_pixel(markdown, sanitize, None)
}

/// Renders Markdown; with `pixel_script`, the sanitiser lets through exactly
/// a `<script src>` of that address (a publisher's tracker pasted from its
/// republish snippet) and still removes every other script.
pub fn render_with_pixel(
    markdown: &str,
    sanitize: bool,
    pixel_script: Option<&str>,
) -> RenderedBody {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut links = Vec::new();
    let mut has_raw_html = false;
    let mut has_unsafe_url = false;
    let mut word_count = 0;
    let mut first_paragraph = String::new();
    let mut paragraph_state = ParagraphState::Before;

    for event in &events {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                has_unsafe_url |= is_unsafe_url(dest_url);
                links.push(dest_url.to_string());
            }
            Event::Start(Tag::Image { dest_url, .. }) => has_unsafe_url |= is_unsafe_url(dest_url),
            Event::Html(_) | Event::InlineHtml(_) => has_raw_html = true,
            Event::Text(t) | Event::Code(t) => {
                word_count += t
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count();
                if paragraph_state == ParagraphState::Inside {
                    first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if paragraph_state == ParagraphState::Inside => {
                first_paragraph.push(' ');
            }
            Event::Start(Tag::Paragraph) if paragraph_state == ParagraphState::Before => {
                paragraph_state = ParagraphState::Inside;
            }
            Event::End(TagEnd::Paragraph) if paragraph_state == ParagraphState::Inside => {
                paragraph_state = ParagraphState::After;
            }
            _ => {}
        }
    }
    add_heading_ids(&mut events);

    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut out, events.into_iter());
    if sanitize && (has_raw_html || has_unsafe_url) {
        let (held, kept) = match pixel_script {
            Some(pixel) => hold_pixel_scripts(&out, pixel),
            None => (out.clone(), 0),
        };
        out = sanitizer().clean(&held).to_string();
        if kept > 0 {
            let tag = format!(
                "<script src=\"{}\" async></script>",
                html_escape_attr(pixel_script.unwrap_or_default())
            );
            out = out.replace(PIXEL_TOKEN, &tag);
        }
    }
    RenderedBody {
        html: out,
        first_paragraph: first_paragraph.trim().to_owned(),
        links,
        word_count,
    }
}

/// Stands in for a declared pixel script while the sanitiser runs: plain
/// text it keeps, which no article plausibly contains.
const PIXEL_TOKEN: &str = "reprint-declared-pixel-script-7f3a9c";

/// Replaces each `<script src="PIXEL" ...></script>` with [`PIXEL_TOKEN`];
/// returns the HTML and how many were held.
fn hold_pixel_scripts(html: &str, pixel: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut held = 0;
    while let Some(start) = find_ascii_ci(rest, "<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = find_ascii_ci(&rest[open_end..], "</script>").map(|i| open_end + i)
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

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
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

#[derive(PartialEq, Eq)]
enum ParagraphState {
    Before,
    Inside,
    After,
}

fn is_unsafe_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// Gives every heading without an explicit `{#id}` an id from its text,
/// unique within the article, so sections can be linked to.
fn add_heading_ids(events: &mut [Event]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Explicit ids are taken first so generated ones never shadow them.
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            seen.insert(id.to_string(), 1);
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let mut base = crate::slug::slugify(&text);
            if base.is_empty() {
                base = "section".to_owned();
            }
            let id = match seen.get(&base).copied() {
                None => base.clone(),
                Some(mut n) => {
                    let mut candidate = format!("{base}-{n}");
                    while seen.contains_key(&candidate) {
                        n += 1;
                        candidate = format!("{base}-{n}");
                    }
                    seen.insert(base.clone(), n + 1);
                    candidate
                }
            };
            seen.entry(id.clone()).or_insert(1);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
}

fn sanitizer() -> ammonia::Builder<'static> {
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
    b.add_clean_content_tags([
        "script", "style", "iframe", "object", "embed", "noscript", "template",
    ]);
    b
}

/// The marker an editor puts in a body to end its summary there.
pub const MORE_MARKER: &str = "<!-- more -->";

/// Plain text of the Markdown before a `<!-- more -->` line, paragraphs
/// joined by a space; `None` without a marker (or with nothing before it).
pub fn summary_before_more(markdown: &str) -> Option<String> {
    let at = markdown.find(MORE_MARKER)?;
    let mut text = String::new();
    for event in Parser::new_ext(&markdown[..at], options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_commonmark_extensions_the_site_promises() {
        let md = "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\nNote[^1].\n\n[^1]: A footnote.\n";
        let body = render(md, true);
        assert!(body.html.contains("<h1 id=\"title\">Title</h1>"));
        assert!(body.html.contains("<table>"));
        assert!(body.html.contains("<del>old</del>"));
        assert!(body.html.contains("\u{201c}quoted\u{201d}"));
        assert!(body.html.contains("footnote-definition"));
    }

    #[test]
    fn heading_ids_are_unique_and_respect_explicit_ones() {
        let body = render("## Intro\n\n## Intro\n\n## Other {#intro-1}\n", true);
        assert!(body.html.contains("<h2 id=\"intro\">"));
        assert!(body.html.contains("<h2 id=\"intro-2\">"));
        assert!(body.html.contains("<h2 id=\"intro-1\">"));
    }

    #[test]
    fn template_syntax_in_a_body_stays_text() {
        let body = render("Quoted: {{ page.title }} and {% if %}", true);
        assert!(body.html.contains("{{ page.title }} and {% if %}"));
    }

    #[test]
    fn raw_html_is_sanitised_but_keeps_ids_pixels_and_links() {
        let md = "Text\n\n<script>alert(1)</script>\n<p onclick=\"x()\" id=\"keep\">Hi <a href=\"javascript:alert(1)\">bad</a> <a href=\"https://example.org/\">good</a></p>\n<iframe src=\"https://evil.example/\"></iframe>\n<img src=\"https://counter.example.org/p.gif\" width=\"1\" height=\"1\">\n";
        let html = render(md, true).html;
        assert!(
            !html.contains("<script") && !html.contains("alert(1)"),
            "{html}"
        );
        assert!(!html.contains("onclick"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("<iframe"));
        assert!(html.contains("id=\"keep\""));
        assert!(html.contains("href=\"https://example.org/\""));
        assert!(html.contains("src=\"https://counter.example.org/p.gif\""));
    }

    #[test]
    fn only_the_declared_pixel_script_passes_the_sanitiser() {
        let pixel = "https://pixel.propublica.org/pixel.js?a=1&b=2";
        let md = "Text\n\n<script src=\"https://pixel.propublica.org/pixel.js?a=1&amp;b=2\" async></script>\n<script src=\"https://tracker.example.net/t.js\"></script>\n<script src=\"https://pixel.propublica.org/pixel.js?a=1&amp;b=2\">alert(1)</script>\n";
        let html = render_with_pixel(md, true, Some(pixel)).html;
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains("src=\"https://pixel.propublica.org/pixel.js?a=1&amp;b=2\""));
        assert!(!html.contains("tracker.example.net") && !html.contains("alert"));
        let none = render_with_pixel(md, true, None).html;
        assert!(!none.contains("<script"), "{none}");
    }

    #[test]
    fn markdown_links_with_a_javascript_scheme_are_removed() {
        let html = render("[click](javascript:alert(1))", true).html;
        assert!(!html.contains("javascript:"), "{html}");
        let html = render("[click](JaVaScRiPt:alert(1))", true).html;
        assert!(!html.contains("alert"), "{html}");
    }

    #[test]
    fn sites_may_opt_out_of_sanitising() {
        let html = render("<div onclick=\"x()\">a</div>", false).html;
        assert!(html.contains("onclick"));
    }

    #[test]
    fn the_more_marker_ends_the_summary() {
        let md = "One *two*.\n\nThree `four`.\n\n<!-- more -->\n\nFive.";
        assert_eq!(
            summary_before_more(md).as_deref(),
            Some("One two. Three four.")
        );
        assert_eq!(summary_before_more("No marker."), None);
        assert_eq!(summary_before_more("<!-- more -->\nLater."), None);
    }

    #[test]
    fn collects_links_first_paragraph_and_words() {
        let body = render(
            "First *para* with [a link](https://example.org/a).\nSecond line.\n\nNext.",
            true,
        );
        assert_eq!(body.first_paragraph, "First para with a link. Second line.");
        assert_eq!(body.links, vec!["https://example.org/a"]);
        assert_eq!(body.word_count, 8);
    }
}
