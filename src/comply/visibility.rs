//! What hides text from a sighted reader, and what marks an image caption:
//! the element, class and style tests the page walk applies.

/// Elements whose content is never shown to readers.
pub(super) const UNSHOWN_ELEMENTS: &[&str] =
    &["script", "style", "template", "noscript", "head", "title"];

/// Classes themes use to hide text from sighted readers (screen readers only).
pub(super) const HIDING_CLASSES: &[&str] = &[
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

pub(super) fn has_class(e: &scraper::node::Element, names: &[&str]) -> bool {
    e.classes()
        .any(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
}

/// A caption of an image: `<figcaption>`, or a caption / photo-credit class.
pub(super) fn is_caption(e: &scraper::node::Element) -> bool {
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
