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
/// `font-size:0`, `opacity:0`, and the ways of keeping text for screen
/// readers only that `sr-only` classes use, written inline: clipped to
/// nothing, moved far off the screen, scaled to nothing, or boxed to a
/// pixel or less with its overflow hidden.
pub(super) fn style_hides(style: &str) -> bool {
    let mut declarations = Vec::new();
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let value = value.trim_end_matches("!important").trim().to_owned();
        declarations.push((prop, value));
    }
    let get = |name: &str| {
        declarations
            .iter()
            .rev()
            .find(|(p, _)| p == name)
            .map(|(_, v)| v.as_str())
    };
    let hides_alone = declarations
        .iter()
        .any(|(prop, value)| match prop.as_str() {
            "display" => value == "none",
            "visibility" => value == "hidden" || value == "collapse",
            "font-size" | "opacity" => length(value).is_some_and(|n| n == 0.0),
            "clip" => value
                .strip_prefix("rect(")
                .and_then(|v| v.strip_suffix(')'))
                .is_some_and(|v| {
                    v.split([',', ' '])
                        .filter(|x| !x.is_empty())
                        .all(|x| length(x).is_some_and(|n| n <= 1.0))
                }),
            "clip-path" => value.starts_with("inset(50%") || value.starts_with("inset(100%"),
            "transform" => {
                value.contains("scale(0)")
                    || value.contains("scale(0,")
                    || value.contains("scale(0 ")
            }
            "text-indent" => length(value).is_some_and(|n| n <= -999.0),
            _ => false,
        });
    let positioned = get("position").is_some_and(|p| p == "absolute" || p == "fixed");
    let off_screen = positioned
        && ["left", "top", "right"]
            .iter()
            .any(|side| get(side).and_then(length).is_some_and(|n| n <= -999.0));
    let boxed = get("overflow").is_some_and(|o| o == "hidden" || o == "clip")
        && ["height", "max-height", "width", "max-width"]
            .iter()
            .any(|side| get(side).and_then(length).is_some_and(|n| n <= 1.0));
    hides_alone || off_screen || boxed
}

/// The number a CSS length starts with (`-10000px` → -10000, `0` → 0).
fn length(value: &str) -> Option<f64> {
    let number: String = value
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '+')
        .collect();
    if number.is_empty() {
        return None;
    }
    number.parse::<f64>().ok()
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
            // Positioned or sized, but on the screen and whole.
            "position:absolute;left:10px",
            "left:-10000px",
            "height:0",
            "overflow:hidden;height:20em",
            "clip:rect(0 100px 20px 0)",
            "transform:scale(1.5)",
            "text-indent:-2em",
        ] {
            assert!(!style_hides(style), "{style}");
        }
        // The screen-reader-only techniques, inline.
        for style in [
            "clip:rect(0 0 0 0);position:absolute",
            "clip: rect(1px, 1px, 1px, 1px)",
            "clip-path: inset(50%)",
            "height:0;overflow:hidden",
            "max-height:0;overflow:hidden",
            "position:absolute;left:-10000px",
            "text-indent:-9999px;overflow:hidden",
            "transform:scale(0)",
            "width:1px;height:1px;overflow:hidden;position:absolute",
        ] {
            assert!(style_hides(style), "{style}");
        }
    }
}
