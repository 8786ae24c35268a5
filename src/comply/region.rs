//! The article body as the theme marks it (`data-reprint="body"`): its
//! visible blocks in order, which paragraph of the story each belongs to,
//! and the links in each. Credit position and excerpt terms are judged on
//! these blocks, so a credit above the body is not its first block.

use scraper::{Html, Node};

use super::matching::{Normaliser, normalise_text};
use super::visibility::{ElementView, has_class, is_body_block, is_caption};

/// The attribute a theme puts on the element that holds the article body.
pub const BODY_MARKER: &str = "data-reprint=\"body\"";

/// One visible block of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct BodyBlock {
    /// Normalised, lower-cased text.
    pub(super) text: String,
    /// The paragraph of the story the block is part of, numbered from 0:
    /// a `<p>`, `<pre>` or `<blockquote>` is one, and a list outside them
    /// is one with all its items, as an editor counts an excerpt's
    /// paragraphs; so is text standing directly in a `<div>` or
    /// `<section>`, and each run of text after two `<br>`s. `None` for
    /// headings, captions, table cells and other blocks that are not
    /// running text.
    pub(super) paragraph: Option<usize>,
    /// Every `href` inside the block, as written.
    pub(super) hrefs: Vec<String>,
}

/// The marked body's blocks, first to last.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct BodyRegion {
    pub(super) blocks: Vec<BodyBlock>,
}

impl BodyRegion {
    pub(super) fn first(&self) -> Option<&BodyBlock> {
        self.blocks.first()
    }

    pub(super) fn last(&self) -> Option<&BodyBlock> {
        self.blocks.last()
    }

    /// The story's paragraphs the blocks `counted` take part in.
    pub(super) fn paragraphs(&self, counted: impl Fn(&BodyBlock) -> bool) -> usize {
        let mut seen: Vec<usize> = self
            .blocks
            .iter()
            .filter(|b| counted(b))
            .filter_map(|b| b.paragraph)
            .collect();
        seen.dedup();
        seen.len()
    }
}

/// Elements never shown to readers.
const UNSHOWN: &[&str] = &["script", "style", "template", "noscript"];

/// Classes the usual CSS frameworks use to hide text from sighted readers.
const HIDING_CLASSES: &[&str] = &["sr-only", "visually-hidden", "screen-reader-text"];

fn hides(e: &impl ElementView) -> bool {
    if e.attr("hidden").is_some() || UNSHOWN.contains(&e.name()) {
        return true;
    }
    if e.classes().any(|c| HIDING_CLASSES.contains(&c)) {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s = s.to_ascii_lowercase().replace(' ', "");
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether `e` is the element a theme marks as the article body.
pub(super) fn is_marked(e: &impl ElementView) -> bool {
    e.attr("data-reprint").is_some_and(|v| v.trim() == "body")
}

/// Reads the marked body block by block, element by element as a walk in
/// document order meets them; the tree walk and the token stream share it.
#[derive(Default)]
pub(super) struct RegionReader {
    region: BodyRegion,
    current: BodyBlock,
    /// The block's text, normalised as it comes.
    raw: Normaliser,
    /// Paragraphs begun so far.
    paragraphs: usize,
    /// The paragraph being read, and how many of its `PARAGRAPHS` elements
    /// are open (a list's items may hold paragraphs of their own).
    open: Option<(usize, usize)>,
    /// The block elements open inside the body, innermost last.
    frames: Vec<Frame>,
    /// How many of `frames` are headings, captions and other blocks that
    /// are not running text.
    uncounted: usize,
    /// The paragraph that text standing loose in a `<div>` or `<section>`
    /// makes, and the depth of `frames` it stands at.
    loose: Option<(usize, usize)>,
    /// `<br>`s in a row since the last text: two end a paragraph.
    breaks: u8,
}

/// What an open block element of the body means for the paragraphs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// A `<div>` or `<section>` inside the body: text standing directly in
    /// it is a paragraph of its own, as a reader sees it.
    Container,
    /// A heading, caption, table or list of terms: not running text.
    Uncounted,
    Other,
}

impl Frame {
    fn of(e: &impl ElementView, marked: bool) -> Frame {
        match e.name() {
            _ if marked => Frame::Other,
            _ if is_caption(e) => Frame::Uncounted,
            // A Markdown footnote's number stands loose before its text.
            "div" if has_class(e, &["footnote-definition"]) => Frame::Uncounted,
            "div" | "section" => Frame::Container,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "figure" | "figcaption" | "table" | "tr"
            | "td" | "th" | "dl" | "dt" | "dd" | "aside" | "header" | "footer" => Frame::Uncounted,
            _ => Frame::Other,
        }
    }
}

/// Elements that make one paragraph of the story, with all that is in them.
const PARAGRAPHS: &[&str] = &["p", "pre", "blockquote", "ul", "ol"];

/// What entering an element inside the body means for the reader.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Entered {
    /// Hidden: the element and everything in it is skipped.
    Skipped,
    /// A block: leaving it ends the block.
    Block,
    Inline,
}

impl RegionReader {
    /// Enters element `e`; `marked` is the marked element itself, which is
    /// read even when it hides.
    pub(super) fn enter(&mut self, e: &impl ElementView, marked: bool) -> Entered {
        if !marked && hides(e) {
            return Entered::Skipped;
        }
        let name = e.name();
        let mut entered = Entered::Inline;
        if is_body_block(name) {
            let ended = self.end_block();
            if name == "br" {
                self.breaks = match (ended, self.breaks) {
                    (true, _) => 1,
                    (false, 0) => 0,
                    (false, n) => n.saturating_add(1),
                };
            } else {
                self.breaks = 0;
                // Loose text after a block inside its container is a
                // paragraph apart.
                self.loose = None;
            }
            if PARAGRAPHS.contains(&name) {
                self.open = Some(match self.open {
                    Some((n, open)) => (n, open + 1),
                    None => (self.next_paragraph(), 1),
                });
            }
            self.current.paragraph = self.open.map(|(n, _)| n);
            let frame = Frame::of(e, marked);
            self.uncounted += usize::from(frame == Frame::Uncounted);
            self.frames.push(frame);
            entered = Entered::Block;
        }
        if name == "a"
            && let Some(href) = e.attr("href")
        {
            self.current.hrefs.push(href.trim().to_owned());
        }
        entered
    }

    pub(super) fn text(&mut self, text: &str) {
        self.raw.push(text);
    }

    /// Leaves block element `name`, which `enter` called a block.
    pub(super) fn leave(&mut self, name: &str) {
        self.end_block();
        if PARAGRAPHS.contains(&name) {
            self.open = match self.open {
                Some((n, open)) if open > 1 => Some((n, open - 1)),
                _ => None,
            };
        }
        if self.frames.pop() == Some(Frame::Uncounted) {
            self.uncounted -= 1;
        }
        if self
            .loose
            .is_some_and(|(_, depth)| depth > self.frames.len())
        {
            self.loose = None;
        }
        // Text after an inner block goes on in the paragraph still open.
        self.current.paragraph = self.open.map(|(n, _)| n);
    }

    fn next_paragraph(&mut self) -> usize {
        self.paragraphs += 1;
        self.paragraphs - 1
    }

    /// Ends the block being read; whether it had text.
    fn end_block(&mut self) -> bool {
        let normalised = self.raw.as_str();
        let text = if normalised.is_ascii() {
            normalised.to_ascii_lowercase()
        } else {
            normalised.to_lowercase()
        };
        self.raw.clear();
        if !text.is_empty() {
            self.place_text();
        }
        let paragraph = self.current.paragraph;
        let block = std::mem::replace(
            &mut self.current,
            BodyBlock {
                paragraph,
                ..BodyBlock::default()
            },
        );
        if text.is_empty() {
            return false;
        }
        self.region.blocks.push(BodyBlock { text, ..block });
        true
    }

    /// Decides the paragraph of text about to end a block: after two
    /// `<br>`s a new one begins, and text standing loose in a container
    /// outside any paragraph is one.
    fn place_text(&mut self) {
        if self.breaks >= 2 {
            if let Some((_, open)) = self.open {
                let n = self.next_paragraph();
                self.open = Some((n, open));
                self.current.paragraph = Some(n);
            }
            self.loose = None;
        }
        self.breaks = 0;
        if self.current.paragraph.is_none()
            && self.uncounted == 0
            && self.frames.last() == Some(&Frame::Container)
        {
            let depth = self.frames.len();
            let n = match self.loose {
                Some((n, at)) if at == depth => n,
                _ => self.next_paragraph(),
            };
            self.loose = Some((n, depth));
            self.current.paragraph = Some(n);
        }
    }

    pub(super) fn finish(mut self) -> BodyRegion {
        self.end_block();
        self.region
    }
}

/// The first element marked as the article body, read into blocks; `None`
/// when the theme marks none.
pub(super) fn body_region(doc: &Html) -> Option<BodyRegion> {
    let marked = doc
        .tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if is_marked(e)))?;
    let mut reader = RegionReader::default();
    // (node, leaving): leaving a block element ends its block.
    let mut stack = vec![(marked, false)];
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Element(e) if leaving => reader.leave(e.name()),
            Node::Element(e) => match reader.enter(e, node == marked) {
                Entered::Skipped => continue,
                entered => {
                    if entered == Entered::Block {
                        stack.push((node, true));
                    }
                    for child in node.children().collect::<Vec<_>>().into_iter().rev() {
                        stack.push((child, false));
                    }
                }
            },
            Node::Text(t) => reader.text(t),
            _ => {}
        }
    }
    Some(reader.finish())
}

/// Whether a block holds `wording`, compared as readers see it: normalised,
/// case-folded, and with trailing punctuation not deciding the match.
pub(super) fn block_holds(block: &BodyBlock, wording: &str) -> bool {
    let want = normalise_text(wording).to_lowercase();
    let want = want.trim_end_matches(['.', ',', ';', ':', '!']);
    !want.is_empty() && block.text.contains(want)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(html: &str) -> Option<BodyRegion> {
        body_region(&Html::parse_document(html))
    }

    #[test]
    fn blocks_of_the_marked_body_only() {
        let r = region(
            r#"<p>Above</p><div data-reprint="body"><p>First <a href="https://a.example/">link</a></p>
            <h2>Heading</h2><p class="sr-only">Hidden</p><p>Last.</p></div><p>Below</p>"#,
        )
        .expect("marked");
        let texts: Vec<&str> = r.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["first link", "heading", "last."]);
        assert_eq!(r.paragraphs(|_| true), 2);
        assert_eq!(r.first().unwrap().hrefs, ["https://a.example/"]);
        assert!(block_holds(r.last().unwrap(), "LAST"));
        assert!(!block_holds(r.first().unwrap(), "Above"));
    }

    #[test]
    fn a_list_or_a_quote_is_one_paragraph_and_a_heading_none() {
        let r = region(
            r#"<div data-reprint="body"><h2>Heading</h2><p>One<br>line on</p>
            <ul><li>A</li><li><p>B</p></li></ul><blockquote>Quoted<p>on</p></blockquote>
            <figure><figcaption>Caption</figcaption></figure><p>Last</p></div>"#,
        )
        .expect("marked");
        let units: Vec<(&str, Option<usize>)> = r
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.paragraph))
            .collect();
        assert_eq!(
            units,
            [
                ("heading", None),
                ("one", Some(0)),
                ("line on", Some(0)),
                ("a", Some(1)),
                ("b", Some(1)),
                ("quoted", Some(2)),
                ("on", Some(2)),
                ("caption", None),
                ("last", Some(3)),
            ]
        );
        assert_eq!(r.paragraphs(|_| true), 4);
        assert_eq!(r.paragraphs(|b| b.text != "last"), 3);
    }

    fn paragraphs_of(body: &str) -> Vec<(String, Option<usize>)> {
        let html = format!(r#"<div data-reprint="body">{body}</div>"#);
        let r = region(&html).expect("marked");
        // The stream reader reads the same paragraphs.
        let streamed = crate::comply::facts::PageFacts::extract(&html).body;
        assert_eq!(streamed.as_ref(), Some(&r), "{body}");
        r.blocks
            .into_iter()
            .map(|b| (b.text, b.paragraph))
            .collect()
    }

    #[test]
    fn text_standing_in_a_div_or_section_is_a_paragraph() {
        let units = paragraphs_of(
            "<p>One</p>\n<div>Two<br>still two</div>\n<section>Three</section>\n\
             <div><div>Four</div></div><div><p>Five</p></div>\n\
             <div>Six<p>Seven</p>Eight</div>",
        );
        let numbers: Vec<Option<usize>> = units.iter().map(|u| u.1).collect();
        assert_eq!(numbers, [0, 1, 1, 2, 3, 4, 5, 6, 7].map(Some), "{units:?}");
    }

    #[test]
    fn headings_captions_and_cells_in_divs_stay_uncounted() {
        let units = paragraphs_of(
            "<h2><div>Heading</div></h2><figure><figcaption><div>Caption</div></figcaption></figure>\
             <table><tr><td><div>Cell</div></td></tr></table><div class=\"wp-caption-text\">Credit</div>\
             <p>Story</p>",
        );
        let numbers: Vec<Option<usize>> = units.iter().map(|u| u.1).collect();
        assert_eq!(numbers, [None, None, None, None, Some(0)], "{units:?}");
    }

    #[test]
    fn a_footnote_is_one_paragraph_its_number_none() {
        let units = paragraphs_of(
            "<p>Story<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\
             <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>A note.</p></div>",
        );
        let numbers: Vec<Option<usize>> = units.iter().map(|u| u.1).collect();
        assert_eq!(numbers, [Some(0), None, Some(1)], "{units:?}");
    }

    #[test]
    fn two_line_breaks_part_paragraphs() {
        let units = paragraphs_of(
            "<p>One<br>same<br><br>Two<br> <br>Three</p><p><br><br>Four<br><br></p>\
             <div>Five<br><br>Six</div>",
        );
        let numbers: Vec<Option<usize>> = units.iter().map(|u| u.1).collect();
        assert_eq!(numbers, [0, 0, 1, 2, 3, 4, 5].map(Some), "{units:?}");
    }

    #[test]
    fn an_unmarked_page_has_no_body_region() {
        assert!(region("<article><p>Text</p></article>").is_none());
    }
}
