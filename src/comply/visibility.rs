//! What hides text from a sighted reader, and what marks an image caption:
//! the element, class and style tests the page walk applies.

/// Elements whose content is never shown to readers.
const UNSHOWN_ELEMENTS: &[&str] = &["script", "style", "template", "noscript", "head", "title"];

/// Classes themes use to hide text from sighted readers (screen readers only).
const HIDING_CLASSES: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
];

/// Classes of image captions and photo credits.
const CAPTION_CLASSES: &[&str] = &[
    "photo-credit",
    "image-credit",
    "media-credit",
    "wp-caption-text",
];

/// Whether an inline style hides text: `display:none`, `visibility:hidden`,
/// `font-size:0`, `opacity:0`.
pub(super) fn style_hides(style: &str) -> bool {
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let value = value.trim_end_matches("!important").trim();
        let zero = || {
            let number: String = value
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            !number.is_empty() && number.parse::<f64>().is_ok_and(|n| n == 0.0)
        };
        match prop.as_str() {
            "display" => value == "none",
            "visibility" => value == "hidden" || value == "collapse",
            "font-size" | "opacity" => zero(),
            _ => false,
        }
    })
}

/// Elements that start and end a block of text, both in the page's text and
/// in the marked body.
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

/// Sectioning and form elements that end a block of the page's text, while
/// the marked body reads through them as plain containers.
const PAGE_ONLY_BLOCKS: &[&str] = &[
    "address", "article", "body", "details", "fieldset", "form", "main", "nav", "summary",
];

/// Whether `name` starts and ends a block of the page's text.
pub(super) fn is_page_block(name: &str) -> bool {
    BLOCKS.contains(&name) || PAGE_ONLY_BLOCKS.contains(&name)
}

/// Whether `name` starts and ends a block of the marked body.
pub(super) fn is_body_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// An element as the page walks see it, whether it comes from a parsed tree
/// or from a tag in the token stream.
pub(super) trait ElementView {
    fn name(&self) -> &str;
    fn attr(&self, name: &str) -> Option<&str>;
    /// The class names, split on ASCII whitespace.
    fn classes(&self) -> impl Iterator<Item = &str>;
}

impl ElementView for scraper::node::Element {
    fn name(&self) -> &str {
        scraper::node::Element::name(self)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        scraper::node::Element::attr(self, name)
    }

    fn classes(&self) -> impl Iterator<Item = &str> {
        scraper::node::Element::classes(self)
    }
}

/// Whether the element itself (not its ancestors) hides its content from
/// a sighted reader.
pub(super) fn hides(e: &impl ElementView) -> bool {
    e.attr("hidden").is_some()
        || e.attr("style").is_some_and(style_hides)
        || has_class(e, HIDING_CLASSES)
        || UNSHOWN_ELEMENTS.contains(&e.name())
}

pub(super) fn has_class(e: &impl ElementView, names: &[&str]) -> bool {
    e.classes()
        .any(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
}

/// A caption of an image: `<figcaption>`, or a caption / photo-credit class.
pub(super) fn is_caption(e: &impl ElementView) -> bool {
    e.name() == "figcaption"
        || has_class(e, CAPTION_CLASSES)
        || e.classes()
            .any(|c| c.contains("caption") || c.contains("Caption"))
}

#[cfg(test)]
mod tests {
    use super::style_hides;

    #[test]
    fn inline_styles_that_hide_text() {
        for style in [
            "display: none",
            "color:red; visibility:hidden",
            "font-size: 0",
            "font-size:0px",
            "opacity: 0 !important",
            "OPACITY:0.0",
        ] {
            assert!(style_hides(style), "{style}");
        }
        for style in [
            "opacity: 0.4",
            "font-size: 0.8em",
            "display:block",
            "color: #000",
        ] {
            assert!(!style_hides(style), "{style}");
        }
    }
}
