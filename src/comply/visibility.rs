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
/// `content-visibility:hidden`, `font-size:0`, `opacity:0`, a transparent
/// `color`, and the ways of keeping text for screen readers only that
/// `sr-only` classes use, written inline: clipped to nothing, moved far off
/// the screen (by position, margin or translation), scaled to nothing, or
/// boxed to a pixel or less with its overflow hidden.
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
            "content-visibility" => value == "hidden",
            "color" => transparent(value) && !painted_otherwise(&declarations),
            "margin-left" | "margin-top" => far_off(value),
            // `margin: top [right [bottom [left]]]`: the top, or the left
            // (the right when there is no fourth).
            "margin" => {
                let sides: Vec<&str> = value.split_ascii_whitespace().collect();
                sides.first().is_some_and(|v| far_off(v))
                    || sides.get(3).or(sides.get(1)).is_some_and(|v| far_off(v))
            }
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
                    || translated_away(value)
            }
            "text-indent" => far_off(value),
            _ => false,
        });
    let positioned = get("position").is_some_and(|p| p == "absolute" || p == "fixed");
    let off_screen = positioned
        && ["left", "top", "right"]
            .iter()
            .any(|side| get(side).is_some_and(far_off));
    let boxed = get("overflow").is_some_and(|o| o == "hidden" || o == "clip")
        && ["height", "max-height", "width", "max-width"]
            .iter()
            .any(|side| get(side).and_then(length).is_some_and(|n| n <= 1.0));
    hides_alone || off_screen || boxed
}

/// A length that moves text off any screen to the left or top (the
/// `-9999px` of the screen-reader-only recipes).
fn far_off(value: &str) -> bool {
    length(value).is_some_and(|n| n <= -999.0)
}

/// Whether a `transform` moves the element a screen's width or more in any
/// direction: `translate(-10000px)`, `translateX(9999px)`, `translate3d(...)`.
fn translated_away(value: &str) -> bool {
    let mut rest = value;
    while let Some(at) = rest.find("translate") {
        rest = &rest[at + "translate".len()..];
        let Some(open) = rest.find('(') else {
            return false;
        };
        let end = rest[open..].find(')').map_or(rest.len(), |e| open + e);
        // Percentages move by the element's own size, which is unknown.
        if rest[open + 1..end]
            .split([',', ' '])
            .filter(|x| !x.is_empty() && !x.ends_with('%'))
            .any(|x| length(x).is_some_and(|n| n.abs() >= 999.0))
        {
            return true;
        }
        rest = &rest[end..];
    }
    false
}

/// Whether text with a transparent `color` is drawn by other means: a
/// background clipped to the glyphs (gradient text), its own fill colour,
/// or a shadow.
fn painted_otherwise(declarations: &[(String, String)]) -> bool {
    declarations
        .iter()
        .any(|(prop, value)| match prop.as_str() {
            "background-clip" | "-webkit-background-clip" => value == "text",
            "-webkit-text-fill-color" => !transparent(value),
            "text-shadow" => value != "none",
            _ => false,
        })
}

/// Whether a `color` draws no glyphs: `transparent`, or an alpha of zero
/// in `rgb[a]()`, `hsl[a]()`, `#rrggbbaa` or `#rgba`.
fn transparent(value: &str) -> bool {
    if value == "transparent" {
        return true;
    }
    if let Some(hex) = value.strip_prefix('#') {
        return match hex.len() {
            8 => hex.ends_with("00"),
            4 => hex.ends_with('0'),
            _ => false,
        };
    }
    let Some(args) = ["rgba(", "rgb(", "hsla(", "hsl("]
        .iter()
        .find_map(|f| value.strip_prefix(f))
        .and_then(|v| v.strip_suffix(')'))
    else {
        return false;
    };
    let parts: Vec<&str> = args
        .split([',', '/', ' '])
        .filter(|x| !x.is_empty())
        .collect();
    parts.len() == 4 && length(parts[3]).is_some_and(|n| n == 0.0)
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
        // Shown only when a script opens them, as `hidden` is until then.
        || e.attr("popover").is_some()
        || (e.name() == "dialog" && e.attr("open").is_none())
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

/// Whether a browser runs a `<script>`: its `type` is absent, empty, a
/// JavaScript MIME type or `module` (a consent manager's `text/plain`
/// parks it unrun), and it is not `nomodule`, which every browser that
/// runs modules skips.
pub(super) fn script_runs(e: &impl ElementView) -> bool {
    const JAVASCRIPT: &[&str] = &[
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
        "module",
    ];
    let runs_as = |t: &str| {
        let t = t.trim();
        t.is_empty() || JAVASCRIPT.iter().any(|j| t.eq_ignore_ascii_case(j))
    };
    e.attr("type").is_none_or(runs_as) && e.attr("nomodule").is_none()
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
            "color: rgba(0,0,0,0.8)",
            "color: #00000080",
            "color: #fff",
            "margin-left: -2em",
            "margin: 0 auto",
            "transform: translateX(-50%)",
            "transform: translate(10px, 20px)",
            "content-visibility: auto",
            // Gradient or shadowed text, drawn without its colour.
            "color: transparent; background: linear-gradient(red, blue); -webkit-background-clip: text",
            "color: transparent; -webkit-text-fill-color: #333",
            "color: rgba(0,0,0,0); text-shadow: 0 0 4px #000",
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
        // Transparent glyphs, content skipped, or moved off by margin or
        // translation.
        for style in [
            "color: transparent",
            "COLOR: Transparent !important",
            "color: rgba(0,0,0,0)",
            "color: rgba(0 0 0 / 0%)",
            "color: hsla(0, 0%, 0%, 0.0)",
            "color: #00000000",
            "color: #0000",
            "content-visibility: hidden",
            "margin-left: -9999px",
            "margin-top:-10000px",
            "margin: -9999px 0 0 0",
            "margin: 0 0 0 -9999px",
            "transform: translateX(-10000px)",
            "transform: translate(0, 9999px)",
            "transform: rotate(2deg) translate3d(-5000px, 0, 0)",
        ] {
            assert!(style_hides(style), "{style}");
        }
    }
}
