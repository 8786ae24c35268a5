//! The article body as the theme marks it (`data-reprint="body"`): its
//! visible blocks in order, which of them are paragraphs, and the links in
//! each. Credit position and excerpt terms are judged on these blocks, so a
//! credit above the body is not its first block.

use scraper::{Html, Node};

use super::matching::{Normaliser, normalise_text};
use super::visibility::{ElementView, is_body_block};

/// The attribute a theme puts on the element that holds the article body.
pub const BODY_MARKER: &str = "data-reprint=\"body\"";

/// One visible block of the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct BodyBlock {
    /// Normalised, lower-cased text.
    pub(super) text: String,
    /// Whether the block is a `<p>`.
    pub(super) paragraph: bool,
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

    pub(super) fn paragraphs(&self) -> usize {
        self.blocks.iter().filter(|b| b.paragraph).count()
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
}

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
            self.end_block();
            self.current.paragraph = name == "p";
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

    pub(super) fn end_block(&mut self) {
        let normalised = self.raw.as_str();
        let text = if normalised.is_ascii() {
            normalised.to_ascii_lowercase()
        } else {
            normalised.to_lowercase()
        };
        self.raw.clear();
        let block = std::mem::take(&mut self.current);
        if !text.is_empty() {
            self.region.blocks.push(BodyBlock { text, ..block });
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
            Node::Element(_) if leaving => reader.end_block(),
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
        assert_eq!(r.paragraphs(), 2);
        assert_eq!(r.first().unwrap().hrefs, ["https://a.example/"]);
        assert!(block_holds(r.last().unwrap(), "LAST"));
        assert!(!block_holds(r.first().unwrap(), "Above"));
    }

    #[test]
    fn an_unmarked_page_has_no_body_region() {
        assert!(region("<article><p>Text</p></article>").is_none());
    }
}
