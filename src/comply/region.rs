//! The article body as the theme marks it (`data-reprint="body"`): its
//! visible blocks in order, which of them are paragraphs, and the links in
//! each. Credit position and excerpt terms are judged on these blocks, so a
//! credit above the body is not its first block.

use scraper::{Html, Node};

use super::matching::normalise_text;

/// The attribute a theme puts on the element that holds the article body.
pub const BODY_MARKER: &str = "data-reprint=\"body\"";

/// One visible block of the body.
#[derive(Debug, Clone, Default)]
pub(super) struct BodyBlock {
    /// Normalised, lower-cased text.
    pub(super) text: String,
    /// Whether the block is a `<p>`.
    pub(super) paragraph: bool,
    /// Every `href` inside the block, as written.
    pub(super) hrefs: Vec<String>,
}

/// The marked body's blocks, first to last.
#[derive(Debug, Clone, Default)]
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

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "div",
    "section",
    "aside",
    "header",
    "footer",
    "hr",
    "br",
];

/// Elements never shown to readers.
const UNSHOWN: &[&str] = &["script", "style", "template", "noscript"];

/// Classes the usual CSS frameworks use to hide text from sighted readers.
const HIDING_CLASSES: &[&str] = &["sr-only", "visually-hidden", "screen-reader-text"];

fn hides(e: &scraper::node::Element) -> bool {
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

/// The first element marked as the article body, read into blocks; `None`
/// when the theme marks none.
pub(super) fn body_region(doc: &Html) -> Option<BodyRegion> {
    let marked = doc.tree.root().descendants().find(|n| {
        matches!(n.value(), Node::Element(e) if e.attr("data-reprint").is_some_and(|v| v.trim() == "body"))
    })?;
    let mut region = BodyRegion::default();
    let mut current = BodyBlock::default();
    let mut raw = String::new();
    // (node, leaving): leaving a block element ends its block.
    let mut stack = vec![(marked, false)];
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Element(e) if leaving && BLOCKS.contains(&e.name()) => {
                end_block(&mut region, &mut current, &mut raw);
            }
            Node::Element(_) if leaving => {}
            Node::Element(e) => {
                if node != marked && hides(e) {
                    continue;
                }
                let name = e.name();
                if BLOCKS.contains(&name) {
                    end_block(&mut region, &mut current, &mut raw);
                    current.paragraph = name == "p";
                    stack.push((node, true));
                }
                if name == "a"
                    && let Some(href) = e.attr("href")
                {
                    current.hrefs.push(href.trim().to_owned());
                }
                for child in node.children().collect::<Vec<_>>().into_iter().rev() {
                    stack.push((child, false));
                }
            }
            Node::Text(t) => raw.push_str(t),
            _ => {}
        }
    }
    end_block(&mut region, &mut current, &mut raw);
    Some(region)
}

fn end_block(region: &mut BodyRegion, current: &mut BodyBlock, raw: &mut String) {
    let text = normalise_text(raw).to_lowercase();
    raw.clear();
    let block = std::mem::take(current);
    if !text.is_empty() {
        region.blocks.push(BodyBlock { text, ..block });
    }
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
