//! Where the story stands on a third-party page. Our theme marks the article
//! body (`data-reprint="body"`) and the build judges where the credit stands
//! and how long an excerpt is on that element; no other site's page carries
//! the mark, so an audit finds the story the way `unmodified` does (the
//! page's extracted text) and judges those terms on it.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use crate::comply::{normalise_text, normalise_url};
use crate::import::page::{sel, text_of};
use crate::licences::CreditPosition;

use super::diff::{Attribution, paragraphs};
use super::furniture::story_only;
use super::page;

/// Blocks of text in reading order; only the innermost are read, so each
/// piece of text belongs to one block.
const BLOCKS: &str =
    "p, div, li, h1, h2, h3, h4, h5, h6, pre, blockquote, td, th, dt, dd, figcaption";

/// One visible block of the page.
#[derive(Debug)]
struct Block {
    /// Words only, lower-cased (see [`key`]).
    key: String,
    /// Whether it stands inside the element that holds the story.
    in_story: bool,
    hrefs: Vec<String>,
}

/// The page's story: its paragraphs as `unmodified` compares them, and the
/// page's blocks around it.
#[derive(Debug)]
pub(super) struct Story {
    pub(super) paragraphs: Vec<String>,
    blocks: Vec<Block>,
    /// The blocks holding the story's first and last paragraphs.
    first: usize,
    last: usize,
}

/// The words of a text, lower-cased and joined by one space, so markup,
/// punctuation and typography never keep two texts apart.
fn key(text: &str) -> String {
    normalise_text(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether block text `block` holds `text` as whole words.
fn holds(block: &str, text: &str) -> bool {
    !text.is_empty() && format!(" {block} ").contains(&format!(" {text} "))
}

impl Story {
    /// The story of the page `html`, or `None` when its extracted text
    /// cannot be found among the page's blocks.
    pub(super) fn find(html: &str, url: Option<&str>, attribution: &Attribution) -> Option<Story> {
        let all = story_only(&paragraphs(&page::comparable_text(html, url)));
        // A byline or an author's bio around the story is not its first or
        // last paragraph (an excerpt's trailer is judged on all of them).
        let mut story: &[String] = &all;
        while story
            .first()
            .is_some_and(|p| attribution.is_attribution(p) || attribution.is_byline(p))
        {
            story = &story[1..];
        }
        while story.last().is_some_and(|p| attribution.is_attribution(p)) {
            story = &story[..story.len() - 1];
        }
        let doc = Html::parse_document(html);
        let blocks = sel(BLOCKS);
        let leaves: Vec<ElementRef> = doc
            .select(&blocks)
            .filter(|e| e.select(&blocks).nth(1).is_none() && !page::hidden(*e))
            .filter(|e| !text_of(*e).is_empty())
            .collect();
        let keys: Vec<String> = leaves.iter().map(|e| key(&text_of(*e))).collect();
        let at = |para: &str, from_end: bool| {
            let want = key(para);
            let mut order: Vec<usize> = (0..keys.len()).collect();
            if from_end {
                order.reverse();
            }
            order
                .iter()
                .copied()
                .find(|&i| keys[i] == want)
                .or_else(|| order.into_iter().find(|&i| holds(&keys[i], &want)))
        };
        // The first and last paragraphs found on the page: one whose markup
        // joins words the extraction keeps apart is passed over.
        let first = story.iter().find_map(|p| at(p, false))?;
        let last = story
            .iter()
            .rev()
            .find_map(|p| at(p, true))
            .filter(|l| *l >= first)?;
        let container = around(leaves[first], leaves[last]);
        let blocks = leaves
            .iter()
            .zip(keys)
            .map(|(e, key)| Block {
                key,
                in_story: e.ancestors().any(|a| a.id() == container),
                hrefs: e
                    .select(&sel("a[href]"))
                    .filter_map(|a| a.value().attr("href"))
                    .map(str::to_owned)
                    .collect(),
            })
            .collect();
        Some(Story {
            paragraphs: all,
            blocks,
            first,
            last,
        })
    }

    /// Whether `credit` stands where `position` asks: at the top, in the
    /// story's element before (or in) its first paragraph; at the bottom,
    /// after (or in) its last. `Err` says where it stands instead.
    pub(super) fn credit_at(&self, credit: &str, position: CreditPosition) -> Result<(), String> {
        let credit = key(credit);
        let placed = |i: usize, b: &Block| {
            b.in_story
                && match position {
                    CreditPosition::Any => true,
                    CreditPosition::Top => i <= self.first,
                    CreditPosition::Bottom => i >= self.last,
                }
        };
        let found: Vec<usize> = (0..self.blocks.len())
            .filter(|&i| holds(&self.blocks[i].key, &credit))
            .collect();
        if found.iter().any(|&i| placed(i, &self.blocks[i])) {
            return Ok(());
        }
        Err(match found.first() {
            None => "no block of the page holds the credit".to_owned(),
            Some(&i) if !self.blocks[i].in_story => "the credit, outside the story".to_owned(),
            Some(&i) if i < self.first => {
                "the credit, above the story's first paragraph".to_owned()
            }
            Some(&i) if i > self.last => "the credit, below the story's last paragraph".to_owned(),
            Some(_) => "the credit, between the story's paragraphs".to_owned(),
        })
    }

    /// The story's paragraphs an excerpt counts: without the credit, the
    /// trailer and the attribution (a byline, a bio) that opens or closes it.
    pub(super) fn counted(
        &self,
        credit: Option<&str>,
        trailer: Option<&str>,
        attribution: &Attribution,
    ) -> Vec<&str> {
        let notes: Vec<String> = credit.into_iter().chain(trailer).map(key).collect();
        let mut kept: Vec<&str> = self
            .paragraphs
            .iter()
            .map(String::as_str)
            .filter(|p| !notes.iter().any(|n| holds(&key(p), n)))
            .collect();
        while kept.last().is_some_and(|p| attribution.is_attribution(p)) {
            kept.pop();
        }
        let byline = kept
            .iter()
            .take_while(|p| attribution.is_attribution(p) || attribution.is_byline(p))
            .count();
        kept.split_off(byline)
    }

    /// Whether the story ends with `trailer`, and whether the page links
    /// it to `source` (`base` resolves relative links). `None`: the trailer
    /// closes the story and links the source; else what is wrong.
    pub(super) fn trailer_problem(
        &self,
        trailer: &str,
        credit: Option<&str>,
        attribution: &Attribution,
        source: Option<&str>,
        base: &str,
    ) -> Option<TrailerProblem> {
        let want = key(trailer);
        let credit = credit.map(key);
        let mut ending: Vec<&String> = self
            .paragraphs
            .iter()
            .filter(|p| credit.as_ref().is_none_or(|c| !holds(&key(p), c)))
            .collect();
        while ending
            .last()
            .is_some_and(|p| !holds(&key(p), &want) && attribution.is_attribution(p))
        {
            ending.pop();
        }
        if !ending.last().is_some_and(|p| holds(&key(p), &want)) {
            return Some(if self.paragraphs.iter().any(|p| holds(&key(p), &want)) {
                TrailerProblem::NotLast
            } else {
                TrailerProblem::Missing
            });
        }
        let source = source.and_then(|s| normalise_url(s, base))?;
        let linked = self
            .blocks
            .iter()
            .filter(|b| holds(&b.key, &want))
            .flat_map(|b| &b.hrefs)
            .any(|h| normalise_url(h, base).as_ref() == Some(&source));
        (!linked).then_some(TrailerProblem::Unlinked)
    }
}

/// What is wrong with an excerpt's trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TrailerProblem {
    Missing,
    NotLast,
    Unlinked,
}

/// The element that holds both blocks: their nearest common ancestor, or
/// the `<article>` around it, whose header may carry a credit above the
/// story's own element.
fn around(first: ElementRef, last: ElementRef) -> NodeId {
    let of_first: HashSet<NodeId> = std::iter::once(first.id())
        .chain(first.ancestors().map(|a| a.id()))
        .collect();
    let common = std::iter::once(*last)
        .chain(last.ancestors())
        .find(|n| of_first.contains(&n.id()));
    let Some(common) = common else {
        return first.id();
    };
    // A one-paragraph story's element is its paragraph: the story's
    // element is the one around it.
    let common = if common.id() == first.id() && first.id() == last.id() {
        common.parent().unwrap_or(common)
    } else {
        common
    };
    std::iter::once(common)
        .chain(common.ancestors())
        .find(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        })
        .unwrap_or(common)
        .id()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><body><header><p class="site-title"><a href="/">Harbor Weekly</a></p></header>
        <main><article><h1>Ferry fares rise</h1><div class="entry-content">
        <p><em>This story was first published by Quay Post.</em></p>
        <p>Island commuters will pay a third more for a return ticket from January, after the county voted to halve its subsidy.</p>
        <p>The fare for a return crossing rises from nine dollars to twelve, and season tickets rise by a quarter.</p>
        <p>A public hearing on the timetable is set for October at the island's community hall.</p>
        <p><a href="https://quay.example/ferry">Read the full story at Quay Post</a></p>
        </div></article></main>
        <footer><p>Republished with credit to Quay Post.</p></footer></body></html>"#;

    #[test]
    fn the_credit_is_placed_against_the_story_the_page_shows() {
        let none = Attribution::new(["Quay Post"], ["Maya Lindqvist"]);
        let story = Story::find(PAGE, Some("https://harbor.example/x"), &none).expect("found");
        let credit = "This story was first published by Quay Post.";
        assert_eq!(story.credit_at(credit, CreditPosition::Top), Ok(()));
        assert_eq!(
            story.credit_at(credit, CreditPosition::Bottom),
            Err("the credit, above the story's first paragraph".into())
        );
        assert_eq!(
            story.credit_at(
                "Republished with credit to Quay Post.",
                CreditPosition::Bottom
            ),
            Err("the credit, outside the story".into())
        );
        assert!(story.credit_at("Never shown", CreditPosition::Top).is_err());
        // A byline above the story and a bio below it are not its paragraphs.
        let page = PAGE
            .replace("<p><em>This story", "<p>By Maya Lindqvist<br>May 2, 2025</p><p><em>This story")
            .replace(
                "Read the full story at Quay Post</a></p>",
                "Read the full story at Quay Post</a></p><p>First appeared in Quay Post.</p><p><em>Maya Lindqvist and Tom Okafor are reporters at Quay Post.</em></p>",
            );
        let story = Story::find(&page, None, &none).expect("found");
        assert_eq!(story.credit_at(credit, CreditPosition::Top), Ok(()));
        assert_eq!(
            story.credit_at("First appeared in Quay Post.", CreditPosition::Bottom),
            Ok(())
        );
        let counted = story.counted(
            Some(credit),
            Some("Read the full story at Quay Post"),
            &none,
        );
        assert_eq!(counted.len(), 3, "{counted:?}");
    }

    #[test]
    fn an_excerpt_counts_the_story_without_its_credit_and_trailer() {
        let none = Attribution::new(["Quay Post"], ["Maya Lindqvist"]);
        let story = Story::find(PAGE, Some("https://harbor.example/x"), &none).expect("found");
        let trailer = "Read the full story at Quay Post";
        let credit = "This story was first published by Quay Post.";
        let counted = story.counted(Some(credit), Some(trailer), &none);
        assert_eq!(counted.len(), 3, "{counted:?}");
        let base = "https://harbor.example/";
        let source = Some("https://quay.example/ferry/");
        assert_eq!(
            story.trailer_problem(trailer, Some(credit), &none, source, base),
            None
        );
        assert_eq!(
            story.trailer_problem(
                trailer,
                Some(credit),
                &none,
                Some("https://quay.example/other"),
                base
            ),
            Some(TrailerProblem::Unlinked)
        );
        assert_eq!(
            story.trailer_problem("Read more at Quay Post", Some(credit), &none, source, base),
            Some(TrailerProblem::Missing)
        );
    }
}
