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
    drop_unsafe_destinations(&mut events);

    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut out, events.into_iter());
    if sanitize && (has_raw_html || has_unsafe_url) {
        out = sanitizer().clean(&out).to_string();
    }
    RenderedBody {
        html: out,
        first_paragraph: first_paragraph.trim().to_owned(),
        links,
        word_count,
    }
}

#[derive(PartialEq, Eq)]
enum ParagraphState {
    Before,
    Inside,
    After,
}

fn is_unsafe_url(url: &str) -> bool {
    !crate::urls::is_safe_link(url)
}

/// Empties link and image destinations with a scheme other than http(s),
/// mailto and tel. Done whether or not raw HTML is sanitised: turning that
/// off is about HTML pasted from a source, not about Markdown links.
fn drop_unsafe_destinations(events: &mut [Event]) {
    for event in events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && is_unsafe_url(dest_url)
        {
            *dest_url = CowStr::Borrowed("");
        }
    }
}

/// How deep elements may nest in an article body, Markdown and raw HTML
/// together. Parsing HTML nested thousands deep takes time that grows with
/// the square of the depth; no real article comes near this.
pub const MAX_NESTING: usize = 100;

/// Where the body first nests deeper than [`MAX_NESTING`]: the byte offset
/// into `markdown` and the depth reached there.
pub fn nesting_too_deep(markdown: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let room = MAX_NESTING.saturating_sub(depth);
                match html_nesting(&html, html_depth, room) {
                    Ok(d) => html_depth = d,
                    Err(at) => return Some((range.start + at, MAX_NESTING + 1)),
                }
            }
            _ => {}
        }
        if depth + html_depth > MAX_NESTING {
            return Some((range.start, depth + html_depth));
        }
    }
    None
}

/// Depth of open HTML elements after `html`, starting from `depth`, or the
/// offset of the tag that opens more than `room` of them. Void elements and
/// those whose end tag may be left out (`p`, `li`, ...) are not counted:
/// browsers close them without nesting.
fn html_nesting(html: &str, mut depth: usize, room: usize) -> Result<usize, usize> {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
        "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..tag_end].ends_with('/');
        if NOT_NESTING.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > room {
                return Err(html.len() - rest.len() - 1);
            }
        }
    }
    Ok(depth)
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
    fn markdown_links_keep_safe_schemes_without_sanitising() {
        let md = "[a](javascript:alert(1)) <javascript:alert(2)> [b][r] ![i]( DATA:text/html,x) [m](mailto:a@b.org) [t](tel:+1) [h](https://x.org/) [f](#top)\n\n[r]: vbscript:msgbox\n";
        let html = render(md, false).html;
        // The autolink's text stays as text; no destination keeps the scheme.
        assert_eq!(html.matches("href=\"\"").count(), 3, "{html}");
        assert!(html.contains("src=\"\""), "{html}");
        assert!(
            !html.contains("vbscript") && !html.contains("DATA:"),
            "{html}"
        );
        for good in ["mailto:a@b.org", "tel:+1", "https://x.org/", "#top"] {
            assert!(html.contains(good), "{good} missing from {html}");
        }
    }

    #[test]
    fn nesting_is_measured_in_markdown_and_raw_html() {
        assert_eq!(nesting_too_deep("- a\n  - b\n\n> q\n"), None);
        let lists = format!("{}x", "- ".repeat(MAX_NESTING));
        assert!(nesting_too_deep(&lists).is_some());
        let quotes = format!("{}x", "> ".repeat(MAX_NESTING + 1));
        assert!(nesting_too_deep(&quotes).is_some());
        let divs = format!("{}x", "<div>".repeat(MAX_NESTING + 1));
        assert!(nesting_too_deep(&divs).is_some());
        let closed = "<div>x</div>\n".repeat(MAX_NESTING * 2);
        assert_eq!(nesting_too_deep(&closed), None);
        let paragraphs = format!("<div>{}</div>", "<p>x<br>".repeat(MAX_NESTING * 2));
        assert_eq!(nesting_too_deep(&paragraphs), None);
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
