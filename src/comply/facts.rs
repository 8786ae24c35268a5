//! Facts gathered from a rendered page in one walk of one parse: the visible
//! text index, the links, the head signals and the images the rules look at.

use scraper::{Html, Node};

use super::urls::normalise_url;

/// A link as the page presents it.
#[derive(Debug, Clone)]
pub(super) struct Anchor {
    pub(super) href: String,
    pub(super) rel: Vec<String>,
    /// Shown to readers: not hidden, and with text or an image inside.
    pub(super) shown: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Image {
    pub(super) src: String,
    /// Hidden from readers or from loading (hidden subtree, `display:none`, lazy).
    pub(super) hidden: bool,
}

/// What the rules look at, gathered from the rendered HTML.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Visible body text, one entry per block, whitespace collapsed.
    pub(super) blocks: Vec<String>,
    pub(super) anchors: Vec<Anchor>,
    /// `href`s of every `rel="license"` on the page, `<a>` or `<link>`, shown or not.
    pub(super) licence_claims: Vec<String>,
    pub(super) canonicals: Vec<String>,
    /// `(name, content)` of robots-style meta tags, lower-cased.
    pub(super) robots: Vec<(String, String)>,
    pub(super) images: Vec<Image>,
    /// `og:image` and `twitter:image` values.
    pub(super) meta_images: Vec<String>,
    pub(super) json_ld: Vec<String>,
    /// `src` of every `<script>` that loads (not inside `<template>`).
    pub(super) scripts: Vec<String>,
    /// Whether these are a feed entry's facts rather than a page's.
    pub(super) feed_entry: bool,
    /// The body the theme marks with `data-reprint="body"`, if it marks one.
    pub(super) body: Option<super::region::BodyRegion>,
    /// `lower()`, once asked for.
    lower: std::sync::OnceLock<(Vec<String>, String)>,
}

const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is never shown to readers.
const UNSHOWN_ELEMENTS: &[&str] = &["script", "style", "template", "noscript", "head", "title"];

impl PageFacts {
    pub fn extract(html: &str) -> PageFacts {
        let doc = Html::parse_document(html);
        let mut facts = PageFacts::default();
        let mut current = String::new();
        // Depth-first walk that knows whether each node is shown.
        let mut stack = vec![(doc.tree.root(), false, false)];
        while let Some((node, hidden, post)) = stack.pop() {
            if post {
                // Leaving a block element ends its line of text.
                if let Node::Element(e) = node.value()
                    && BLOCK_ELEMENTS.contains(&e.name())
                {
                    facts.end_block(&mut current);
                }
                continue;
            }
            match node.value() {
                Node::Text(t) if !hidden => current.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    let style = e
                        .attr("style")
                        .map(|s| s.to_ascii_lowercase().replace(' ', ""));
                    let styled_hidden = style.as_deref().is_some_and(|s| {
                        s.contains("display:none") || s.contains("visibility:hidden")
                    });
                    let self_hidden = hidden
                        || e.attr("hidden").is_some()
                        || styled_hidden
                        || UNSHOWN_ELEMENTS.contains(&name);
                    facts.element(node, e, hidden, self_hidden);
                    if name == "template" {
                        continue;
                    }
                    if BLOCK_ELEMENTS.contains(&name) {
                        facts.end_block(&mut current);
                        stack.push((node, self_hidden, true));
                    }
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, self_hidden, false));
                    }
                }
                Node::Document | Node::Fragment => {
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, hidden, false));
                    }
                }
                _ => {}
            }
        }
        facts.end_block(&mut current);
        facts.body = super::region::body_region(&doc);
        facts
    }

    /// Facts for a feed entry's metadata: its texts (author names, rights)
    /// are shown as blocks, and its `via` links as shown anchors.
    pub fn feed_entry<'t>(
        texts: impl IntoIterator<Item = &'t str>,
        via: impl IntoIterator<Item = &'t str>,
    ) -> PageFacts {
        PageFacts {
            blocks: texts.into_iter().map(normalise_text).collect(),
            anchors: via
                .into_iter()
                .map(|href| Anchor {
                    href: href.to_owned(),
                    rel: vec!["via".to_owned()],
                    shown: true,
                })
                .collect(),
            feed_entry: true,
            ..PageFacts::default()
        }
    }

    fn end_block(&mut self, current: &mut String) {
        let normalised = normalise_text(current);
        if !normalised.is_empty() {
            self.blocks.push(normalised);
        }
        current.clear();
    }

    fn element(
        &mut self,
        node: ego_tree::NodeRef<'_, Node>,
        e: &scraper::node::Element,
        inherited_hidden: bool,
        hidden: bool,
    ) {
        let rel_tokens = || -> Vec<String> {
            e.attr("rel")
                .map(|r| {
                    r.split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default()
        };
        let in_template_or_comment = inherited_hidden && is_inside(node, "template");
        match e.name() {
            "a" => {
                let rel = rel_tokens();
                if let Some(href) = e.attr("href") {
                    if rel.iter().any(|r| r == "license") && !in_template_or_comment {
                        self.licence_claims.push(href.trim().to_owned());
                    }
                    let shown = !hidden && has_visible_content(node);
                    self.anchors.push(Anchor {
                        href: href.trim().to_owned(),
                        rel,
                        shown,
                    });
                }
            }
            "link" => {
                let rel = rel_tokens();
                if let Some(href) = e.attr("href").filter(|_| !in_template_or_comment) {
                    if rel.iter().any(|r| r == "license") {
                        self.licence_claims.push(href.trim().to_owned());
                    }
                    if rel.iter().any(|r| r == "canonical") {
                        self.canonicals.push(href.trim().to_owned());
                    }
                }
            }
            "meta" if !in_template_or_comment => self.meta(e),
            "img" => self.img(e, hidden),
            "source" => {
                if let Some(srcset) = e.attr("srcset") {
                    self.push_srcset(srcset, hidden);
                }
            }
            "script" if !in_template_or_comment && e.attr("src").is_some() => {
                self.scripts
                    .push(e.attr("src").unwrap_or_default().trim().to_owned());
            }
            "script"
                if !in_template_or_comment
                    && e.attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                self.json_ld.push(text);
            }
            _ => {}
        }
    }

    /// A robots directive or a social-card image.
    fn meta(&mut self, e: &scraper::node::Element) {
        let name = e
            .attr("name")
            .or_else(|| e.attr("property"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let content = e.attr("content").unwrap_or("").trim().to_owned();
        match name.as_str() {
            "robots" | "googlebot" | "googlebot-news" => {
                self.robots.push((name, content.to_ascii_lowercase()))
            }
            "og:image" | "og:image:url" | "og:image:secure_url" | "twitter:image" => {
                self.meta_images.push(content)
            }
            _ => {}
        }
    }

    /// An image and its `srcset`; lazy or zero-sized ones may never load.
    fn img(&mut self, e: &scraper::node::Element, hidden: bool) {
        let lazy = e
            .attr("loading")
            .is_some_and(|l| l.eq_ignore_ascii_case("lazy"));
        let zero = e.attr("width").is_some_and(|w| w.trim() == "0")
            || e.attr("height").is_some_and(|h| h.trim() == "0");
        let hidden = hidden || lazy || zero;
        if let Some(src) = e.attr("src") {
            self.images.push(Image {
                src: src.trim().to_owned(),
                hidden,
            });
        }
        if let Some(srcset) = e.attr("srcset") {
            self.push_srcset(srcset, hidden);
        }
    }

    fn push_srcset(&mut self, srcset: &str, hidden: bool) {
        for candidate in srcset.split(',') {
            if let Some(url) = candidate.split_whitespace().next() {
                self.images.push(Image {
                    src: url.to_owned(),
                    hidden,
                });
            }
        }
    }

    /// Whether the visible text contains `needle` (compared normalised,
    /// case-insensitively), within one block or across blocks.
    pub(super) fn shows(&self, needle: &str) -> bool {
        let needle = normalise_text(needle).to_lowercase();
        needle.is_empty() || self.lower().1.contains(&needle)
    }

    /// The visible blocks lower-cased, and all of them joined by a space;
    /// made once per page, however many rules ask.
    pub(super) fn lower(&self) -> &(Vec<String>, String) {
        self.lower.get_or_init(|| {
            let blocks: Vec<String> = self.blocks.iter().map(|b| b.to_lowercase()).collect();
            let joined = blocks.join(" ");
            (blocks, joined)
        })
    }

    pub(super) fn shown_links_to(&self, url: &str, base: &str) -> bool {
        let target = normalise_url(url, base);
        target.is_some()
            && self
                .anchors
                .iter()
                .any(|a| a.shown && normalise_url(&a.href, base) == target)
    }

    pub(super) fn shown_hrefs(&self) -> Vec<&str> {
        self.anchors
            .iter()
            .filter(|a| a.shown)
            .map(|a| a.href.as_str())
            .collect()
    }
}

fn is_inside(node: ego_tree::NodeRef<'_, Node>, name: &str) -> bool {
    node.ancestors()
        .any(|a| matches!(a.value(), Node::Element(e) if e.name() == name))
}

/// A link shows something: text, or an image.
fn has_visible_content(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| match d.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name() == "img",
        _ => false,
    })
}

/// Collapses whitespace and folds typographic quotes and dashes, so a
/// theme's typography does not decide whether a name "is shown".
pub fn normalise_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let bytes = s.as_bytes();
    let ascii_space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if ascii_space(b) {
                space = !out.is_empty();
                i += 1;
                continue;
            }
            // A run of plain ASCII is copied as it is.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii() && !ascii_space(bytes[i]) {
                i += 1;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push_str(&s[start..i]);
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/";

    #[test]
    fn hidden_text_and_links_do_not_count_as_shown() {
        let html = r#"<!doctype html><html><head><title>Jon Queally</title></head><body>
            <!-- Copyright © 2014 Common Dreams -->
            <p>Visible <span>words</span></p>
            <script>var x = "Script Name";</script>
            <template><p>Template Name</p></template>
            <noscript><p>Noscript Name</p></noscript>
            <div hidden><p>Hidden Name</p><a href="https://example.com/hidden">x</a></div>
            <p style="display: none">Styled Name</p>
            <a href="https://example.com/shown">shown</a><a href="https://example.com/empty"></a>
            </body></html>"#;
        let f = PageFacts::extract(html);
        assert!(f.shows("Visible words"));
        for name in [
            "Jon Queally",
            "Common Dreams",
            "Script Name",
            "Template Name",
            "Noscript Name",
            "Hidden Name",
            "Styled Name",
        ] {
            assert!(!f.shows(name), "{name} should not count as shown");
        }
        assert!(f.shown_links_to("https://example.com/shown/", BASE));
        assert!(!f.shown_links_to("https://example.com/hidden", BASE));
        assert!(!f.shown_links_to("https://example.com/empty", BASE));
    }

    #[test]
    fn text_matching_ignores_typography() {
        let f = PageFacts::extract("<p>By Seán O\u{2019}Brien \u{2014} and\n   Ana</p>");
        assert!(f.shows("Seán O'Brien - and Ana"));
    }

    #[test]
    fn facts_collect_head_signals() {
        let html = r#"<html><head><link rel="canonical" href="https://a.example/x"><meta name="robots" content="noindex, follow">
            <meta property="og:image" content="https://example.org/i.jpg"><script type="application/ld+json">{"image":"/i.jpg"}</script>
            <link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head>
            <body><img src="https://p.example/p.gif" loading="lazy"><a rel="license nofollow" href="https://creativecommons.org/licenses/by-nd/4.0/">CC</a></body></html>"#;
        let f = PageFacts::extract(html);
        assert_eq!(f.canonicals, vec!["https://a.example/x"]);
        assert_eq!(f.robots[0].1, "noindex, follow");
        assert_eq!(f.meta_images, vec!["https://example.org/i.jpg"]);
        assert_eq!(f.json_ld.len(), 1);
        assert_eq!(f.licence_claims.len(), 2);
        assert!(f.images[0].hidden, "lazy images may never load");
    }
}
