//! The reference reader: html5ever's tree builder makes the tree a browser
//! would, and one depth-first walk gathers the facts from it.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::{BlockPlace, Gather, PageFacts};
use crate::comply::linked::PageSheets;
use crate::comply::stylesheet::{Cascade, StyleSheet};
use crate::comply::visibility::{hides, is_caption, is_page_block};

/// What the walk knows about a node from its ancestors.
#[derive(Clone, Copy, Default)]
struct Walk {
    hidden: bool,
    place: BlockPlace,
    /// The number of the parent element in document order.
    parent: u32,
}

/// The facts of `html`, with its marked body when `body` asks for it.
pub(super) fn extract(html: &str, body: bool, sheets: Option<PageSheets>) -> PageFacts {
    let doc = Html::parse_document(html);
    let sheet = style_sheet(&doc, sheets);
    let mut gather = Gather::default();
    // Elements are numbered in document order, as the stream reader meets them.
    let mut next_id = 0u32;
    // Depth-first walk that knows whether each node is shown and where
    // it stands; `true` marks leaving an element that ends a block.
    let mut stack = vec![(doc.tree.root(), Walk::default(), false)];
    while let Some((node, walk, post)) = stack.pop() {
        if post {
            gather.end_block();
            continue;
        }
        match node.value() {
            Node::Text(t) if !walk.hidden => gather.text(t, walk.place),
            Node::Element(e) => {
                let id = next_id;
                next_id += 1;
                let name = e.name();
                let self_hidden = walk.hidden || hides(e) || sheet.hides(e);
                let in_head = || {
                    node.ancestors()
                        .any(|a| a.value().as_element().is_some_and(|p| p.name() == "head"))
                };
                let sourced = name == "img" && in_picture_after_source(node);
                let pending = gather.element(e, self_hidden, in_head, sourced);
                if let Some(i) = pending.anchor {
                    gather.facts.anchors[i].shown = has_visible_content(node);
                }
                if pending.json_ld {
                    let text: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    gather.facts.json_ld.push(text);
                }
                if name == "template" {
                    continue;
                }
                let caption = is_caption(e);
                let inner = Walk {
                    hidden: self_hidden,
                    place: walk.place.inside(e, id, walk.parent, caption),
                    parent: id,
                };
                if is_page_block(name) || caption {
                    gather.end_block();
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
    gather.end_block();
    let mut facts = gather.facts;
    if body {
        facts.body = crate::comply::region::body_region(&doc);
    }
    facts
}

/// An `<img>` in a `<picture>` with a `<source>` before it.
fn in_picture_after_source(node: NodeRef<'_, Node>) -> bool {
    let is =
        |n: NodeRef<'_, Node>, name: &str| n.value().as_element().is_some_and(|e| e.name() == name);
    node.parent().is_some_and(|p| is(p, "picture")) && node.prev_siblings().any(|s| is(s, "source"))
}

/// The hiding rules of every `<style>` in the document and of every sheet
/// of the site's that it links (not those in a `<template>`, which are
/// inert).
fn style_sheet<'a>(doc: &Html, sheets: Option<PageSheets<'a>>) -> Cascade<'a> {
    let mut sheet = Cascade::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        if !matches!(e.name(), "style" | "link")
            || node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|p| p.name() == "template")
            })
        {
            continue;
        }
        if e.name() == "link" {
            if let Some(linked) = sheets.and_then(|s| s.of_link(e)) {
                sheet.link(linked);
            }
            continue;
        }
        let css: String = node
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        sheet.add(StyleSheet::parse(&css, e.attr("media")));
    }
    sheet
}

/// A link shows something: text, or an image.
fn has_visible_content(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| match d.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name() == "img",
        _ => false,
    })
}
