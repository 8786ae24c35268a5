//! Facts gathered from a rendered page in one walk of one parse: the visible
//! text index, the links, the head signals and the images the rules look at.

use std::sync::OnceLock;

use ego_tree::NodeId;
use scraper::{Html, Node};

use super::matching::{
    contains_words, fold, fold_normalised, normalise_text, phrase, shows_phrase,
};
use super::urls::normalise_url;
use super::visibility::{HIDING_CLASSES, UNSHOWN_ELEMENTS, has_class, is_caption, style_hides};

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
    /// Never loaded by a browser: lazy-loaded and hidden (a hidden eager
    /// image, even `display:none`, is still fetched).
    pub(super) hidden: bool,
}

/// Where a block of text stands: in an image caption, or in a table or
/// description-list cell that may pair with its neighbour.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct BlockPlace {
    /// Inside `<figcaption>` or a caption / photo-credit element.
    pub(super) caption: bool,
    cell: Option<Cell>,
}

/// A cell of a row (`<tr>`) or of a description list (`<dl>`).
#[derive(Debug, Clone, Copy)]
struct Cell {
    row: NodeId,
    cell: NodeId,
    /// Can label the next cell: `<th>`, `<td>`, `<dt>` (a `<dd>` only answers).
    label: bool,
}

/// The page's text in its folded form, made once per page.
#[derive(Debug)]
struct Folded {
    /// Folded blocks, and all of them joined by a space.
    lower: (Vec<String>, String),
    /// Each label cell read with the value cell beside it.
    pairs: Vec<String>,
}

/// What the rules look at, gathered from the rendered HTML.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Visible body text, one entry per block, whitespace collapsed.
    pub(super) blocks: Vec<String>,
    /// Where each of `blocks` stands.
    pub(super) places: Vec<BlockPlace>,
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
    /// The folded text, once asked for.
    folded: OnceLock<Folded>,
    /// Each anchor's normalised href, once asked for (the base is the site's).
    anchor_keys: OnceLock<Vec<Option<String>>>,
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

/// What the walk knows about a node from its ancestors.
#[derive(Clone, Copy, Default)]
struct Walk {
    hidden: bool,
    place: BlockPlace,
}

impl PageFacts {
    pub fn extract(html: &str) -> PageFacts {
        let doc = Html::parse_document(html);
        let mut facts = PageFacts::default();
        let mut current = String::new();
        let mut current_place = BlockPlace::default();
        // Depth-first walk that knows whether each node is shown and where
        // it stands; `true` marks leaving an element that ends a block.
        let mut stack = vec![(doc.tree.root(), Walk::default(), false)];
        while let Some((node, walk, post)) = stack.pop() {
            if post {
                facts.end_block(&mut current, current_place);
                continue;
            }
            match node.value() {
                Node::Text(t) if !walk.hidden => {
                    if current.is_empty() {
                        current_place = walk.place;
                    }
                    current.push_str(t)
                }
                Node::Element(e) => {
                    let name = e.name();
                    let self_hidden = walk.hidden
                        || e.attr("hidden").is_some()
                        || e.attr("style").is_some_and(style_hides)
                        || has_class(e, HIDING_CLASSES)
                        || UNSHOWN_ELEMENTS.contains(&name);
                    facts.element(node, e, walk.hidden, self_hidden);
                    if name == "template" {
                        continue;
                    }
                    let caption = is_caption(e);
                    let mut inner = Walk {
                        hidden: self_hidden,
                        place: walk.place,
                    };
                    inner.place.caption |= caption;
                    if let ("td" | "th" | "dt" | "dd", Some(parent)) = (name, node.parent()) {
                        inner.place.cell = Some(Cell {
                            row: parent.id(),
                            cell: node.id(),
                            label: name != "dd",
                        });
                    }
                    if BLOCK_ELEMENTS.contains(&name) || caption {
                        facts.end_block(&mut current, current_place);
                        stack.push((node, inner, true));
                    }
                    for child in node.children().rev() {
                        stack.push((child, inner, false));
                    }
                }
                Node::Document | Node::Fragment => {
                    for child in node.children().rev() {
                        stack.push((child, walk, false));
                    }
                }
                _ => {}
            }
        }
        facts.end_block(&mut current, current_place);
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
            places: Vec::new(),
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

    fn end_block(&mut self, current: &mut String, place: BlockPlace) {
        // Most boundaries close only the whitespace between tags.
        if current.trim().is_empty() {
            current.clear();
            return;
        }
        let normalised = normalise_text(current);
        if !normalised.is_empty() {
            self.blocks.push(normalised);
            self.places.push(place);
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

    /// An image and its `srcset`. Browsers fetch every eager image, shown
    /// or not; a lazy one only when it comes into view, so never when hidden.
    fn img(&mut self, e: &scraper::node::Element, hidden: bool) {
        let lazy = e
            .attr("loading")
            .is_some_and(|l| l.trim().eq_ignore_ascii_case("lazy"));
        let hidden = hidden && lazy;
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

    /// Whether the visible text shows the wording `needle` (folded, as whole
    /// words, its end punctuation aside), within one block or across blocks.
    pub(super) fn shows(&self, needle: &str) -> bool {
        let needle = phrase(needle);
        needle.is_empty() || shows_phrase(&self.folded().lower.1, &needle)
    }

    /// Whether the page names `name` as whole words in one block of the
    /// story, not only in an image caption or alt text.
    pub(super) fn shows_name(&self, name: &str) -> bool {
        let name = fold(name);
        // Block by block, so a name never runs from one block into the next.
        let place = |i: usize| self.places.get(i).copied().unwrap_or_default();
        name.is_empty()
            || self
                .folded()
                .lower
                .0
                .iter()
                .enumerate()
                .any(|(i, b)| !place(i).caption && contains_words(b, &name))
    }

    /// Each visible block folded, plus each label cell read with the cell
    /// beside it (`<th>`/`<td>`, `<dt>`/`<dd>`, adjacent `<td>`s).
    pub(super) fn statements(&self) -> impl Iterator<Item = &str> {
        let folded = self.folded();
        folded
            .lower
            .0
            .iter()
            .chain(&folded.pairs)
            .map(String::as_str)
    }

    fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| {
            // `blocks` are normalised already.
            let blocks: Vec<String> = self.blocks.iter().map(|b| fold_normalised(b)).collect();
            let joined = blocks.join(" ");
            let place = |i: usize| self.places.get(i).copied().unwrap_or_default();
            let mut pairs = Vec::new();
            for i in 1..blocks.len() {
                if let (Some(a), Some(b)) = (place(i - 1).cell, place(i).cell)
                    && a.row == b.row
                    && a.cell != b.cell
                    && a.label
                {
                    pairs.push(format!("{} {}", blocks[i - 1], blocks[i]));
                }
            }
            Folded {
                lower: (blocks, joined),
                pairs,
            }
        })
    }

    pub(super) fn shown_links_to(&self, url: &str, base: &str) -> bool {
        let Some(target) = normalise_url(url, base) else {
            return false;
        };
        self.anchor_keys(base)
            .iter()
            .zip(&self.anchors)
            .any(|(k, a)| a.shown && k.as_deref() == Some(target.as_str()))
    }

    /// Every anchor's normalised href, in `anchors` order, made once per page.
    pub(super) fn anchor_keys(&self, base: &str) -> &[Option<String>] {
        self.anchor_keys.get_or_init(|| {
            self.anchors
                .iter()
                .map(|a| normalise_url(&a.href, base))
                .collect()
        })
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
        assert!(!f.images[0].hidden, "a shown lazy image loads");
    }

    #[test]
    fn visually_hidden_classes_and_styles_hide_text_but_aria_hidden_does_not() {
        let html = r#"<body>
            <p class="byline sr-only">Sr Name</p><span class="visually-hidden">Vh Name</span>
            <p><span class="screen-reader-text">Srt Name</span></p>
            <p style="visibility: hidden">Vis Name</p><p style="font-size:0px">Font Name</p>
            <p style="opacity: 0.0 !important">Opacity Name</p>
            <p style="opacity: 0.5; font-size: 10px">Faint Name</p>
            <p aria-hidden="true">Aria Name</p></body>"#;
        let f = PageFacts::extract(html);
        for name in [
            "Sr Name",
            "Vh Name",
            "Srt Name",
            "Vis Name",
            "Font Name",
            "Opacity Name",
        ] {
            assert!(!f.shows_name(name), "{name} should be hidden");
        }
        assert!(f.shows_name("Faint Name"));
        assert!(
            f.shows_name("Aria Name"),
            "sighted readers see aria-hidden text"
        );
    }

    #[test]
    fn names_are_whole_words_joined_across_inline_tags_not_blocks() {
        let html =
            "<body><p>Reporting from Somalia</p><p>By <b>Jon</b> Queally and Mark Andersen</p>
            <div>Ana</div><div>Ibarra</div><p>O&#39;Neill, Jose\u{301}</p></body>";
        let f = PageFacts::extract(html);
        assert!(f.shows_name("Jon Queally"));
        assert!(!f.shows_name("Ali"));
        assert!(!f.shows_name("Mark Anders"));
        assert!(f.shows_name("mark andersen"));
        assert!(!f.shows_name("Ana Ibarra"), "blocks separate words");
        assert!(f.shows_name("O\u{2019}Neill"));
        assert!(f.shows_name("José"));
    }

    #[test]
    fn captions_and_alt_text_are_not_bylines() {
        let html = r#"<body><figure><img src="/a.jpg" alt="Alt Name"><figcaption>Photo: Cap Name</figcaption></figure>
            <p><span class="photo-credit">Credit Name</span></p><p>Story text</p></body>"#;
        let f = PageFacts::extract(html);
        for name in ["Alt Name", "Cap Name", "Credit Name"] {
            assert!(!f.shows_name(name), "{name} credits the picture");
        }
        assert!(f.shows("Photo: Cap Name"), "captions are still shown text");
    }

    #[test]
    fn labels_read_with_their_values() {
        let html = r#"<body><table><tr><td>Copyright ©</td><td>2014 Jon Queally</td></tr></table>
            <table><tr><th>Copyright</th><td>2015 Ana</td></tr></table>
            <dl><dt>©</dt><dd>2016 Mia</dd></dl><p>Copyright</p><p>2017 Leo</p></body>"#;
        let f = PageFacts::extract(html);
        let st: Vec<&str> = f.statements().collect();
        assert!(st.contains(&"copyright © 2014 jon queally"));
        assert!(st.contains(&"copyright 2015 ana"));
        assert!(st.contains(&"© 2016 mia"));
        assert!(
            !st.iter().any(|s| s.contains("copyright 2017")),
            "paragraphs stay apart"
        );
    }

    #[test]
    fn hidden_eager_pixels_load_and_hidden_lazy_ones_do_not() {
        let html = r#"<body><img src="https://p.example/a.gif" style="display:none">
            <div hidden><img src="https://p.example/b.gif"></div>
            <div style="display:none"><img src="https://p.example/c.gif" loading="lazy"></div>
            <img src="https://p.example/d.gif" loading="lazy" hidden></body>"#;
        let f = PageFacts::extract(html);
        let loads: Vec<bool> = f.images.iter().map(|i| !i.hidden).collect();
        assert_eq!(loads, vec![true, true, false, false]);
    }

    #[test]
    fn links_compare_in_canonical_form() {
        let html = r#"<body><a href="http://Example.com/caf%C3%A9/?utm_source=x#top" rel="nofollow noopener" target="_blank">x</a></body>"#;
        let f = PageFacts::extract(html);
        assert!(f.shown_links_to("https://example.com/café", BASE));
        assert!(!f.shown_links_to("https://example.com/café?aid=2", BASE));
    }
}
