//! Facts gathered from a rendered page in one pass: the visible text index,
//! the links, the head signals and the images the rules look at.
//!
//! Two readers gather the same facts. [`stream`] reads the token stream with
//! a small stack of open elements; it is fast, and it gives up on any page
//! where a plain stack might not be the tree a browser builds (misnested or
//! implied tags, foreign content, templates...). [`dom`] builds the tree with
//! html5ever's tree builder and walks it; it reads every page, and is the
//! reference the stream reader is tested against.

#[cfg(test)]
mod differential;
mod dom;
#[cfg(test)]
mod generator;
mod lexer;
mod stream;
#[cfg(test)]
mod tests;
mod tree;

use std::sync::OnceLock;

use super::linked::PageSheets;
use super::matching::{
    Normaliser, Words, fold, fold_normalised, normalise_text, phrase, shows_phrase,
};
use super::urls::normalise_url;
use super::visibility::{ElementView, script_runs};

/// A link as the page presents it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Anchor {
    pub(super) href: String,
    pub(super) rel: Vec<String>,
    /// Shown to readers: not hidden, and with text or an image inside.
    pub(super) shown: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Image {
    pub(super) src: String,
    /// Never loaded by a browser: lazy-loaded and hidden (a hidden eager
    /// image, even `display:none`, is still fetched), or an `<img>` whose
    /// `srcset` or `<picture>` source the browser fetches instead.
    pub(super) hidden: bool,
}

/// A `<script src>` that runs, with what a Content-Security-Policy may
/// allow it by besides its address.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Script {
    pub(super) src: String,
    pub(super) nonce: Option<String>,
    /// Its subresource-integrity hashes, as written.
    pub(super) integrity: Option<String>,
}

/// Where a block of text stands: in an image caption, or in a table or
/// description-list cell that may pair with its neighbour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct BlockPlace {
    /// Inside `<figcaption>` or a caption / photo-credit element.
    pub(super) caption: bool,
    cell: Option<Cell>,
}

/// A cell of a row (`<tr>`) or of a description list (`<dl>`), each named
/// by its element's number in document order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    row: u32,
    cell: u32,
    /// Can label the next cell: `<th>`, `<td>`, `<dt>` (a `<dd>` only answers).
    label: bool,
}

impl BlockPlace {
    /// The place inside element `e`, number `id`, whose parent is number
    /// `parent`, for text whose enclosing element stands at `self`.
    fn inside(self, e: &impl ElementView, id: u32, parent: u32, caption: bool) -> BlockPlace {
        let mut inner = self;
        inner.caption |= caption;
        let name = e.name();
        if matches!(name, "td" | "th" | "dt" | "dd") {
            inner.cell = Some(Cell {
                row: parent,
                cell: id,
                label: name != "dd",
            });
        }
        inner
    }
}

/// The addresses of a `srcset`'s candidates.
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// The page's text in its folded form, made once per page.
#[derive(Debug)]
struct Folded {
    /// All the blocks folded and joined by a space, and where each block
    /// stands in it: one buffer, as every page is folded.
    joined: String,
    blocks: Vec<std::ops::Range<usize>>,
    /// Each label cell read with the value cell beside it.
    pairs: Vec<String>,
}

impl Folded {
    fn blocks(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().map(|r| &self.joined[r.clone()])
    }
}

/// A value worked out from the facts once, when first asked for; two facts
/// are equal whatever their caches hold.
#[derive(Debug)]
struct Cache<T>(OnceLock<T>);

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache(OnceLock::new())
    }
}

impl<T> PartialEq for Cache<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// What the rules look at, gathered from the rendered HTML.
#[derive(Debug, Default, PartialEq)]
pub struct PageFacts {
    /// Visible body text, one entry per block, whitespace collapsed.
    pub(super) blocks: Vec<String>,
    /// Where each of `blocks` stands.
    pub(super) places: Vec<BlockPlace>,
    pub(super) anchors: Vec<Anchor>,
    /// `href`s of every `rel="license"` on the page, `<a>` or `<link>`, shown or not.
    pub(super) licence_claims: Vec<String>,
    /// `href`s of the `<link rel="canonical">`s in the head.
    pub(super) canonicals: Vec<String>,
    /// `(name, content)` of robots-style meta tags in the head, lower-cased.
    pub(super) robots: Vec<(String, String)>,
    pub(super) images: Vec<Image>,
    /// `og:image` and `twitter:image` values.
    pub(super) meta_images: Vec<String>,
    /// The Content-Security-Policy of each `<meta http-equiv>` in the head
    /// (one in the body is ignored, as browsers ignore it).
    pub(super) csp: Vec<String>,
    /// What else the page embeds and loads: the `src` of frames, video,
    /// audio and embeds, and an object's `data`.
    pub(super) media: Vec<String>,
    pub(super) json_ld: Vec<String>,
    /// `src` of every `<script>` that loads (not inside `<template>`).
    pub(super) scripts: Vec<Script>,
    /// Whether these are a feed entry's facts rather than a page's.
    pub(super) feed_entry: bool,
    /// The body the theme marks with `data-reprint="body"`, if it marks one.
    pub(super) body: Option<super::region::BodyRegion>,
    /// The folded text, once asked for.
    folded: Cache<Folded>,
    /// Each anchor's normalised href, once asked for (the base is the site's).
    anchor_keys: Cache<Vec<Option<String>>>,
}

/// What an element asks of the reader beyond its attributes.
#[derive(Default)]
struct Pending {
    /// The index in `anchors` of a link whose `shown` depends on its content.
    anchor: Option<usize>,
    /// The element is JSON-LD: its text is pushed when it closes.
    json_ld: bool,
}

/// The facts under construction, with the text block being read.
#[derive(Default)]
struct Gather {
    facts: PageFacts,
    /// The block's text so far, normalised as it comes.
    current: Normaliser,
    /// Whether the block has had any text, even only whitespace.
    started: bool,
    /// Where the block's first text stands.
    place: BlockPlace,
}

impl Gather {
    fn text(&mut self, text: &str, place: BlockPlace) {
        if !self.started {
            self.place = place;
            self.started = !text.is_empty();
        }
        self.current.push(text);
    }

    fn end_block(&mut self) {
        let text = self.current.as_str();
        if !text.is_empty() {
            self.facts.blocks.push(text.to_owned());
            self.facts.places.push(self.place);
        }
        self.current.clear();
        self.started = false;
    }

    /// Records what element `e` shows or claims; `hidden` is whether it is
    /// hidden, itself or by an ancestor.
    /// `in_head` says whether the element stands in the document's head;
    /// `sourced`, whether it is an `<img>` in a `<picture>` after a
    /// `<source>`, which a browser loads in its place.
    fn element(
        &mut self,
        e: &impl ElementView,
        hidden: bool,
        in_head: impl Fn() -> bool,
        sourced: bool,
    ) -> Pending {
        let facts = &mut self.facts;
        let rel_tokens = || -> Vec<String> {
            e.attr("rel")
                .map(|r| {
                    r.split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut pending = Pending::default();
        if let Some(style) = e.attr("style") {
            facts.push_style_images(style, hidden);
        }
        match e.name() {
            "a" => {
                if let Some(href) = e.attr("href") {
                    let rel = rel_tokens();
                    if rel.iter().any(|r| r == "license") {
                        facts.licence_claims.push(href.trim().to_owned());
                    }
                    pending.anchor = (!hidden).then_some(facts.anchors.len());
                    facts.anchors.push(Anchor {
                        href: href.trim().to_owned(),
                        rel,
                        shown: false,
                    });
                }
            }
            "link" => {
                if let Some(href) = e.attr("href") {
                    let rel = rel_tokens();
                    if rel.iter().any(|r| r == "license") {
                        facts.licence_claims.push(href.trim().to_owned());
                    }
                    // Search engines read a canonical link in the head only.
                    if rel.iter().any(|r| r == "canonical") && in_head() {
                        facts.canonicals.push(href.trim().to_owned());
                    }
                }
            }
            "meta" => {
                let csp = e
                    .attr("http-equiv")
                    .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-security-policy"));
                match e.attr("content") {
                    Some(policy) if csp && in_head() => facts.csp.push(policy.to_owned()),
                    _ => facts.meta(e, in_head),
                }
            }
            "img" => facts.img(e, hidden, sourced),
            "input"
                if e.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("image")) =>
            {
                facts.img(e, hidden, false)
            }
            "source" => {
                if let Some(srcset) = e.attr("srcset") {
                    facts.push_srcset(srcset, hidden);
                }
                facts.push_media(e.attr("src"));
            }
            "video" => {
                if let Some(poster) = e.attr("poster") {
                    facts.images.push(Image {
                        src: poster.trim().to_owned(),
                        hidden,
                    });
                }
                facts.push_media(e.attr("src"));
            }
            "audio" | "iframe" | "embed" => facts.push_media(e.attr("src")),
            "object" => facts.push_media(e.attr("data")),
            "script" => {
                if let Some(src) = e.attr("src") {
                    if script_runs(e) {
                        facts.scripts.push(Script {
                            src: src.trim().to_owned(),
                            nonce: e.attr("nonce").map(|n| n.trim().to_owned()),
                            integrity: e.attr("integrity").map(str::to_owned),
                        });
                    }
                } else {
                    pending.json_ld = e
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                }
            }
            _ => {}
        }
        pending
    }
}

impl PageFacts {
    /// The facts of a rendered page or fragment: read from the token stream
    /// when the stream reader can be sure of the tree, else from the tree.
    pub fn extract(html: &str) -> PageFacts {
        PageFacts::read(html, true, None)
    }

    /// [`PageFacts::extract`] of a page of the site, whose links to the
    /// site's own style sheets bring in their rules; `body` says whether
    /// to read the marked body.
    pub(crate) fn extract_linking(html: &str, body: bool, sheets: PageSheets) -> PageFacts {
        PageFacts::read(html, body, Some(sheets))
    }

    /// [`PageFacts::extract`] without the marked body, for a page whose
    /// rules never look at it: reading it is text normalised twice.
    pub fn extract_without_body(html: &str) -> PageFacts {
        PageFacts::read(html, false, None)
    }

    fn read(html: &str, body: bool, sheets: Option<PageSheets>) -> PageFacts {
        match stream::extract(html, body, sheets) {
            Some(facts) => {
                #[cfg(test)]
                differential::streamed(html, body, sheets, &facts);
                facts
            }
            None => {
                #[cfg(test)]
                differential::declined(html);
                dom::extract(html, body, sheets)
            }
        }
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

    /// A robots directive (read in the head only, as search engines read
    /// it) or a social-card image.
    fn meta(&mut self, e: &impl ElementView, in_head: impl Fn() -> bool) {
        let name = e
            .attr("name")
            .or_else(|| e.attr("property"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let content = e.attr("content").unwrap_or("").trim().to_owned();
        match name.as_str() {
            "robots" | "googlebot" | "googlebot-news" if in_head() => {
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
    /// Its `src` is only a fallback: a browser fetches a `srcset` candidate
    /// instead, or a `<source>` of its `<picture>` (`sourced`) instead of both.
    fn img(&mut self, e: &impl ElementView, hidden: bool, sourced: bool) {
        let lazy = e
            .attr("loading")
            .is_some_and(|l| l.trim().eq_ignore_ascii_case("lazy"));
        let hidden = (hidden && lazy) || sourced;
        let srcset = e.attr("srcset");
        if let Some(src) = e.attr("src") {
            let src = src.trim();
            let replaced = srcset.is_some_and(|set| {
                let mut candidates = srcset_urls(set).peekable();
                candidates.peek().is_some() && candidates.all(|c| c != src)
            });
            self.images.push(Image {
                src: src.to_owned(),
                hidden: hidden || replaced,
            });
        }
        if let Some(srcset) = srcset {
            self.push_srcset(srcset, hidden);
        }
    }

    fn push_media(&mut self, src: Option<&str>) {
        if let Some(src) = src.map(str::trim).filter(|s| !s.is_empty()) {
            self.media.push(src.to_owned());
        }
    }

    /// The images an inline style shows (`background: url(...)`).
    fn push_style_images(&mut self, style: &str, hidden: bool) {
        let mut rest = style;
        while let Some(at) = crate::text::find_ascii_ignore_case(rest, "url(") {
            rest = &rest[at + 4..];
            let end = rest.find(')').unwrap_or(rest.len());
            let url = rest[..end].trim().trim_matches(['"', '\'']).trim();
            if !url.is_empty() && !url.starts_with("data:") {
                self.images.push(Image {
                    src: url.to_owned(),
                    hidden,
                });
            }
            rest = &rest[end..];
        }
    }

    fn push_srcset(&mut self, srcset: &str, hidden: bool) {
        for url in srcset_urls(srcset) {
            self.images.push(Image {
                src: url.to_owned(),
                hidden,
            });
        }
    }

    /// Whether the visible text shows the wording `needle` (folded, as whole
    /// words, its end punctuation aside), within one block or across blocks.
    pub(super) fn shows(&self, needle: &str) -> bool {
        let needle = phrase(needle);
        needle.is_empty() || shows_phrase(&self.folded().joined, &needle)
    }

    /// Whether the page names `name` as whole words in one block of the
    /// story, not only in an image caption or alt text.
    pub(super) fn shows_name(&self, name: &str) -> bool {
        let name = fold(name);
        let words = Words::new(&name);
        // Block by block, so a name never runs from one block into the next.
        let place = |i: usize| self.places.get(i).copied().unwrap_or_default();
        name.is_empty()
            || self
                .folded()
                .blocks()
                .enumerate()
                .any(|(i, b)| !place(i).caption && words.found_in(b))
    }

    /// Which of `other`'s visible blocks this page's visible text does not
    /// show, in order after the ones before it: the first such block's text.
    pub(super) fn first_not_shown<'o>(&self, other: &'o PageFacts) -> Option<&'o str> {
        let joined = &self.folded().joined;
        let mut from = 0;
        for (i, block) in other.folded().blocks().enumerate() {
            match joined[from..].find(block) {
                Some(at) => from += at + block.len(),
                None => return other.blocks.get(i).map(String::as_str),
            }
        }
        None
    }

    /// Each visible block folded, plus each label cell read with the cell
    /// beside it (`<th>`/`<td>`, `<dt>`/`<dd>`, adjacent `<td>`s).
    pub(super) fn statements(&self) -> impl Iterator<Item = &str> {
        let folded = self.folded();
        folded
            .blocks()
            .chain(folded.pairs.iter().map(String::as_str))
    }

    fn folded(&self) -> &Folded {
        self.folded.0.get_or_init(|| {
            // `blocks` are normalised already.
            let size = self.blocks.iter().map(|b| b.len() + 1).sum();
            let mut joined = String::with_capacity(size);
            let mut blocks = Vec::with_capacity(self.blocks.len());
            for (i, block) in self.blocks.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                let start = joined.len();
                if block.is_ascii() {
                    joined.push_str(block);
                    joined[start..].make_ascii_lowercase();
                } else {
                    joined.push_str(&fold_normalised(block));
                }
                blocks.push(start..joined.len());
            }
            let place = |i: usize| self.places.get(i).copied().unwrap_or_default();
            let mut pairs = Vec::new();
            for i in 1..blocks.len() {
                if let (Some(a), Some(b)) = (place(i - 1).cell, place(i).cell)
                    && a.row == b.row
                    && a.cell != b.cell
                    && a.label
                {
                    let (a, b) = (&joined[blocks[i - 1].clone()], &joined[blocks[i].clone()]);
                    pairs.push(format!("{a} {b}"));
                }
            }
            Folded {
                joined,
                blocks,
                pairs,
            }
        })
    }

    pub(super) fn shown_links_to(&self, url: &str, base: &str) -> bool {
        let Some(target) = normalise_url(url, base) else {
            return false;
        };
        // A theme links to the address as written, most often: equal
        // addresses need no keys.
        if self.anchors.iter().any(|a| a.shown && a.href == url) {
            return true;
        }
        self.anchor_keys(base)
            .iter()
            .zip(&self.anchors)
            .any(|(k, a)| a.shown && k.as_deref() == Some(target.as_str()))
    }

    /// Every anchor's normalised href, in `anchors` order, made once per page.
    pub(super) fn anchor_keys(&self, base: &str) -> &[Option<String>] {
        self.anchor_keys.0.get_or_init(|| {
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
