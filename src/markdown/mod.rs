//! How an article body becomes HTML. One function owns every pulldown-cmark
//! option; raw HTML pasted from a source is sanitised here, before any
//! template sees it, so the compliance pass checks what readers get.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::text::LineList;

mod facts;
mod nesting;
mod sanitise;

pub use nesting::{MAX_NESTING, nesting_too_deep};
pub use sanitise::allowed_embed;

/// An article body rendered to HTML, with what later stages need from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RenderedBody {
    /// The HTML; empty until restored when the body came from the build
    /// cache, which keeps only what lists and checks need (see [`Self::html`]).
    #[serde(skip)]
    pub html: std::sync::OnceLock<String>,
    /// Plain text of the first paragraph, for list pages and feeds.
    pub first_paragraph: String,
    /// Every link destination of the body, in order, as written, each with
    /// its line counted from the body's first line (1).
    pub links: LineList,
    pub word_count: usize,
    /// What the sanitiser removed, each with its line in the body (from 1).
    pub removed: Vec<Removal>,
    /// The body's first line in its file, so body lines can be told as file lines.
    pub first_line: usize,
}

impl RenderedBody {
    /// The rendered HTML, or "" for a cached body not yet restored.
    pub fn html(&self) -> &str {
        self.html.get().map_or("", String::as_str)
    }
}

/// One thing the sanitiser took out of an article's raw HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Removal {
    /// Line in the body, from 1.
    pub line: usize,
    /// What was removed: "an <iframe> from example.com".
    pub what: String,
    /// What to do about it.
    pub hint: String,
}

/// How raw HTML in a body is treated.
#[derive(Debug, Clone, Copy)]
pub struct Sanitise<'a> {
    pub enabled: bool,
    /// Hosts whose https `<iframe>`s are kept.
    pub embeds: &'a [String],
    /// The address of a tracker script the article's profile declares
    /// (`pixel = "script"`): exactly that `<script src>` is kept.
    pub pixel_script: Option<&'a str>,
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
    render_with(
        markdown,
        Sanitise {
            enabled: sanitize,
            embeds: &[],
            pixel_script: None,
        },
    )
}

/// Renders Markdown, keeping `<iframe>`s from the allowed embed hosts and
/// recording everything the sanitiser removes.
pub fn render_with(markdown: &str, sanitise: Sanitise) -> RenderedBody {
    // Unchecked, it never stops early.
    render_within(markdown, sanitise, false, true, true).unwrap_or_default()
}

/// Like [`render_with`], but stops before any HTML is parsed when the body
/// nests deeper than [`MAX_NESTING`] (whose work grows with the square of
/// the depth), giving the byte offset and depth reached, as
/// [`nesting_too_deep`] does, without a second parse.
pub fn render_checked(markdown: &str, sanitise: Sanitise) -> Result<RenderedBody, (usize, usize)> {
    render_within(markdown, sanitise, true, true, true)
}

/// Only the HTML of a body already measured: what its page shows.
pub fn html_of(markdown: &str, sanitise: Sanitise) -> String {
    let body = render_within(markdown, sanitise, false, true, false).unwrap_or_default();
    body.html.into_inner().unwrap_or_default()
}

/// What [`render_checked`] finds out about a body, without keeping its HTML:
/// the loaded site keeps this much of every article, and renders a body
/// again only when its page is made. (A body the sanitiser must look at is
/// still rendered, to learn what it removes.)
pub fn measure_checked(markdown: &str, sanitise: Sanitise) -> Result<RenderedBody, (usize, usize)> {
    let mut body = render_within(markdown, sanitise, true, false, true)?;
    body.html = std::sync::OnceLock::new();
    Ok(body)
}

fn render_within(
    markdown: &str,
    sanitise: Sanitise,
    check_depth: bool,
    want_html: bool,
    want_facts: bool,
) -> Result<RenderedBody, (usize, usize)> {
    // Line numbers for links, counted on from the last one asked for.
    let mut counted = (0usize, 1usize);
    let mut line_of = |offset: usize| {
        let offset = offset.min(markdown.len());
        if offset < counted.0 {
            counted = (0, 1);
        }
        counted.1 += markdown.as_bytes()[counted.0..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted.0 = offset;
        counted.1
    };
    let mut depth = nesting::Depth::default();
    // Kept only to make HTML from: measuring a body needs each event once.
    let mut events = Vec::new();
    let mut raw_html: Vec<(usize, String)> = Vec::new();
    let mut facts = facts::Facts::default();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if check_depth && let Some(too_deep) = depth.step(&event, range.start) {
            return Err(too_deep);
        }
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let line = line_of(range.start);
                if want_facts {
                    facts.links.push(dest_url, line);
                }
                if is_unsafe_url(dest_url) {
                    raw_html.push((line, format!("<a href=\"{dest_url}\">")));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html.push((line_of(range.start), h.to_string()))
            }
            Event::Start(Tag::Image { dest_url, .. }) if is_unsafe_url(dest_url) => {
                raw_html.push((line_of(range.start), format!("<img src=\"{dest_url}\">")));
            }
            _ => {}
        }
        if want_facts {
            facts.take(&event);
        }
        if want_html {
            events.push(event);
        }
    }
    let sanitising = sanitise.enabled && !raw_html.is_empty();
    let mut out = String::new();
    let mut removed = Vec::new();
    if want_html || sanitising {
        if !want_html {
            // Measuring a body with raw HTML: the sanitiser reads it as HTML
            // to say what it removes.
            events = Parser::new_ext(markdown, options()).collect();
        }
        add_heading_ids(&mut events);
        drop_unsafe_destinations(&mut events);
        out.reserve(markdown.len() + markdown.len() / 4);
        html::push_html(&mut out, events.into_iter());
        if sanitising {
            (out, removed) = sanitise::clean(&out, &sanitise, &raw_html);
        }
    }
    Ok(RenderedBody {
        html: std::sync::OnceLock::from(out),
        first_paragraph: facts.first_paragraph.trim().to_owned(),
        links: facts.links.finish(),
        word_count: facts.word_count,
        removed,
        first_line: 1,
    })
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

/// The marker an editor puts in a body to end its summary there.
pub const MORE_MARKER: &str = "<!-- more -->";

/// Plain text of the Markdown before a `<!-- more -->` line, paragraphs
/// joined by a space; `None` without a marker (or with nothing before it).
pub fn summary_before_more(markdown: &str) -> Option<String> {
    // `contains` is the vectorised search; most bodies have no marker.
    if !markdown.contains(MORE_MARKER) {
        return None;
    }
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
        assert!(body.html().contains("<h1 id=\"title\">Title</h1>"));
        assert!(body.html().contains("<table>"));
        assert!(body.html().contains("<del>old</del>"));
        assert!(body.html().contains("\u{201c}quoted\u{201d}"));
        assert!(body.html().contains("footnote-definition"));
    }

    #[test]
    fn heading_ids_are_unique_and_respect_explicit_ones() {
        let body = render("## Intro\n\n## Intro\n\n## Other {#intro-1}\n", true);
        assert!(body.html().contains("<h2 id=\"intro\">"));
        assert!(body.html().contains("<h2 id=\"intro-2\">"));
        assert!(body.html().contains("<h2 id=\"intro-1\">"));
    }

    #[test]
    fn template_syntax_in_a_body_stays_text() {
        let body = render("Quoted: {{ page.title }} and {% if %}", true);
        assert!(body.html().contains("{{ page.title }} and {% if %}"));
    }

    #[test]
    fn raw_html_is_sanitised_but_keeps_ids_pixels_and_links() {
        let md = "Text\n\n<script>alert(1)</script>\n<p onclick=\"x()\" id=\"keep\">Hi <a href=\"javascript:alert(1)\">bad</a> <a href=\"https://example.org/\">good</a></p>\n<iframe src=\"https://evil.example/\"></iframe>\n<img src=\"https://counter.example.org/p.gif\" width=\"1\" height=\"1\">\n";
        let html = render(md, true).html().to_owned();
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
        let with = |pixel_script| {
            render_with(
                md,
                Sanitise {
                    enabled: true,
                    embeds: &[],
                    pixel_script,
                },
            )
        };
        let body = with(Some(pixel));
        let html = body.html().to_owned();
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains("src=\"https://pixel.propublica.org/pixel.js?a=1&amp;b=2\""));
        assert!(!html.contains("tracker.example.net") && !html.contains("alert"));
        // The declared pixel is not reported as removed; the other scripts are.
        assert_eq!(body.removed.len(), 2, "{:?}", body.removed);
        let none = with(None).html().to_owned();
        assert!(!none.contains("<script"), "{none}");
    }

    #[test]
    fn markdown_links_with_a_javascript_scheme_are_removed() {
        let html = render("[click](javascript:alert(1))", true)
            .html()
            .to_owned();
        assert!(!html.contains("javascript:"), "{html}");
        let html = render("[click](JaVaScRiPt:alert(1))", true)
            .html()
            .to_owned();
        assert!(!html.contains("alert"), "{html}");
    }

    #[test]
    fn iframes_from_allowed_hosts_stay_sandboxed_and_every_removal_is_told() {
        let embeds = vec!["www.youtube-nocookie.com".to_owned()];
        let md = "Intro\n\n<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\"></iframe>\n\n<iframe src=\"https://example.com/x\"></iframe>\n\n<iframe src=\"http://www.youtube-nocookie.com/embed/y\"></iframe>\n\n<p onclick=\"x()\">Hi</p>\n\n<script>alert(1)</script>\n";
        let body = render_with(
            md,
            Sanitise {
                enabled: true,
                embeds: &embeds,
                pixel_script: None,
            },
        );
        let html = body.html();
        assert!(
            html.contains("src=\"https://www.youtube-nocookie.com/embed/x\""),
            "{html}"
        );
        assert!(html.contains("sandbox=\"allow-scripts"), "{html}");
        assert!(html.contains("loading=\"lazy\""), "{html}");
        assert!(
            !html.contains("example.com") && !html.contains("embed/y"),
            "{html}"
        );
        assert_eq!(html.matches("<iframe").count(), 1, "{html}");
        let told: Vec<(usize, &str)> = body
            .removed
            .iter()
            .map(|r| (r.line, r.what.as_str()))
            .collect();
        assert_eq!(
            told,
            [
                (5, "an <iframe> from example.com was removed"),
                (7, "an <iframe> from www.youtube-nocookie.com was removed"),
                (9, "the `onclick` attribute of a <p> was removed"),
                (11, "a <script> element was removed"),
            ]
        );
        // Without an allow-list every iframe goes, and is told.
        let body = render(md, true);
        assert!(!body.html().contains("<iframe"));
        assert_eq!(
            body.removed
                .iter()
                .filter(|r| r.what.contains("<iframe>"))
                .count(),
            3
        );
    }

    #[test]
    fn sites_may_opt_out_of_sanitising() {
        let html = render("<div onclick=\"x()\">a</div>", false)
            .html()
            .to_owned();
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
    fn markdown_links_keep_safe_schemes_without_sanitising() {
        let md = "[a](javascript:alert(1)) <javascript:alert(2)> [b][r] ![i]( DATA:text/html,x) [m](mailto:a@b.org) [t](tel:+1) [h](https://x.org/) [f](#top)\n\n[r]: vbscript:msgbox\n";
        let html = render(md, false).html().to_owned();
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
        // Rendering finds the same place, in its one parse.
        let mixed = format!(
            "- a\n{}\n{}",
            "  ".repeat(3),
            "<section>".repeat(MAX_NESTING)
        );
        for body in [
            "- a\n  - b\n",
            &lists,
            &quotes,
            &divs,
            &closed,
            &paragraphs,
            &mixed,
        ] {
            let checked = render_checked(
                body,
                Sanitise {
                    enabled: true,
                    embeds: &[],
                    pixel_script: None,
                },
            );
            assert_eq!(checked.err(), nesting_too_deep(body), "{body:.40}");
        }
    }

    #[test]
    fn collects_links_first_paragraph_and_words() {
        let body = render(
            "First *para* with [a link](https://example.org/a).\nSecond line.\n\nNext.",
            true,
        );
        assert_eq!(body.first_paragraph, "First para with a link. Second line.");
        assert_eq!(
            body.links.iter().collect::<Vec<_>>(),
            [("https://example.org/a", 1)]
        );
        assert_eq!(body.word_count, 8);
    }
}
