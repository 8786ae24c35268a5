//! The page's own `<style>` rules that hide whole elements: `display:none`
//! or `visibility:hidden` under a simple selector (`p`, `.class`, `#id`,
//! `p.class`, and comma lists of them). A theme can drop attribution that
//! way as surely as with an inline style, so the page walks read these
//! rules too; anything subtler (combinators, pseudo-classes, attribute
//! selectors, rules under `@media`) is not evaluated.

use super::visibility::ElementView;

/// A compound selector of a tag and any classes and ids, all to match.
#[derive(Debug, Clone, PartialEq)]
struct Selector {
    tag: Option<String>,
    classes: Vec<String>,
    ids: Vec<String>,
}

impl Selector {
    /// `tag`, `.class`, `#id` and their compounds; `None` for anything else.
    fn parse(text: &str) -> Option<Selector> {
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii();
        let mut selector = Selector {
            tag: None,
            classes: Vec::new(),
            ids: Vec::new(),
        };
        let tag_end = text.find(['.', '#']).unwrap_or(text.len());
        let tag = &text[..tag_end];
        if !tag.is_empty() && tag != "*" {
            (tag.chars().all(ident) && tag.starts_with(|c: char| c.is_ascii_alphabetic()))
                .then_some(())?;
            selector.tag = Some(tag.to_ascii_lowercase());
        }
        let mut rest = &text[tag_end..];
        while let Some(kind) = rest.chars().next() {
            let name_end = rest[1..].find(['.', '#']).map_or(rest.len(), |e| e + 1);
            let name = &rest[1..name_end];
            (!name.is_empty() && name.chars().all(ident)).then_some(())?;
            match kind {
                '.' => selector.classes.push(name.to_owned()),
                _ => selector.ids.push(name.to_owned()),
            }
            rest = &rest[name_end..];
        }
        (selector.tag.is_some() || !selector.classes.is_empty() || !selector.ids.is_empty())
            .then_some(selector)
    }

    fn matches(&self, e: &impl ElementView) -> bool {
        self.tag
            .as_deref()
            .is_none_or(|t| e.name().eq_ignore_ascii_case(t))
            && self.classes.iter().all(|c| e.classes().any(|x| x == c))
            && self
                .ids
                .iter()
                .all(|id| e.attr("id").is_some_and(|x| x == id))
    }
}

/// One property's rules: the selectors that hide by it, and those that set
/// it to something else anywhere, which may show the element after all.
#[derive(Debug, Default, Clone, PartialEq)]
struct Property {
    hide: Vec<Selector>,
    show: Vec<Selector>,
}

impl Property {
    /// Whether the rules hide `e`, unless its own `style` sets `name`.
    fn hides(&self, e: &impl ElementView, name: &str) -> bool {
        self.hide.iter().any(|s| s.matches(e))
            && !self.show.iter().any(|s| s.matches(e))
            && !e
                .attr("style")
                .is_some_and(|style| declarations(style).any(|(p, _)| p == name))
    }

    fn is_empty(&self) -> bool {
        self.hide.is_empty() && self.show.is_empty()
    }
}

/// The hiding rules of a page's style sheets.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct StyleSheet {
    display: Property,
    visibility: Property,
}

impl StyleSheet {
    /// The rules of one `<style>` element with the `media` attribute
    /// `media`: one for print only hides nothing on the screen.
    pub(super) fn parse(css: &str, media: Option<&str>) -> StyleSheet {
        let mut sheet = StyleSheet::default();
        if for_screen(media) {
            let stripped;
            let css = if css.contains("/*") {
                stripped = strip_comments(css);
                &stripped
            } else {
                css
            };
            sheet.read_rules(css, true);
        }
        sheet
    }

    pub(super) fn is_empty(&self) -> bool {
        self.display.is_empty() && self.visibility.is_empty()
    }

    /// Whether any rule hides: a sheet that only shows hides nothing itself.
    pub(super) fn can_hide(&self) -> bool {
        !self.display.hide.is_empty() || !self.visibility.hide.is_empty()
    }

    /// Adds the rules of `other`, which comes later in the page.
    pub(super) fn extend(&mut self, other: StyleSheet) {
        self.display.hide.extend(other.display.hide);
        self.display.show.extend(other.display.show);
        self.visibility.hide.extend(other.visibility.hide);
        self.visibility.show.extend(other.visibility.show);
    }

    /// Whether the rules hide element `e` itself.
    pub(super) fn hides(&self, e: &impl ElementView) -> bool {
        !self.is_empty()
            && (self.display.hides(e, "display") || self.visibility.hides(e, "visibility"))
    }

    /// Reads the rules of `css`; `top` says whether they apply always (not
    /// under a condition such as `@media`), when only they can hide.
    fn read_rules(&mut self, css: &str, top: bool) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            // Statements such as `@import ...;` end before the prelude.
            let prelude = rest[..open].rsplit([';', '}']).next().unwrap_or("").trim();
            let body = &rest[open + 1..];
            let mut depth = 1usize;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(body.len(), |(i, _)| i);
            let block = &body[..end];
            match prelude.strip_prefix('@') {
                Some(at) => {
                    let name = at
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .next()
                        .unwrap_or("");
                    match name.to_ascii_lowercase().as_str() {
                        "layer" => self.read_rules(block, top),
                        "media" | "supports" | "container" => self.read_rules(block, false),
                        _ => {}
                    }
                }
                // Nested rules are not read; nor is the rule around them.
                None if !block.contains('{') => self.read_rule(prelude, block, top),
                None => {}
            }
            rest = body.get(end + 1..).unwrap_or("");
        }
    }

    fn read_rule(&mut self, selectors: &str, block: &str, top: bool) {
        // Most rules set neither property: no need to split them.
        let mentions = |p: &str| crate::text::find_ascii_ignore_case(block, p).is_some();
        if !mentions("display") && !mentions("visibility") {
            return;
        }
        let mut display = None;
        let mut visibility = None;
        for (prop, value) in declarations(block) {
            match prop.as_str() {
                "display" => display = Some(value == "none"),
                "visibility" => visibility = Some(value == "hidden" || value == "collapse"),
                _ => {}
            }
        }
        for (property, hides) in [
            (&mut self.display, display),
            (&mut self.visibility, visibility),
        ] {
            let Some(hides) = hides else {
                continue;
            };
            for selector in selectors
                .split(',')
                .filter_map(|s| Selector::parse(s.trim()))
            {
                match hides {
                    true if top => property.hide.push(selector),
                    true => {}
                    false => property.show.push(selector),
                }
            }
        }
    }
}

/// Whether a style sheet under the `media` attribute `media` applies on a
/// screen at any size: with none, `all` or `screen` among its queries.
pub(super) fn for_screen(media: Option<&str>) -> bool {
    media.is_none_or(|m| {
        m.split(',').map(str::trim).any(|m| {
            m.is_empty() || m.eq_ignore_ascii_case("all") || m.eq_ignore_ascii_case("screen")
        })
    })
}

/// A declaration block's `(property, value)` pairs, lower-cased, without
/// `!important`.
fn declarations(block: &str) -> impl Iterator<Item = (String, String)> {
    block.split(';').filter_map(|decl| {
        let (prop, value) = decl.split_once(':')?;
        let value = value.trim().to_ascii_lowercase();
        let value = value.trim_end_matches("!important").trim().to_owned();
        Some((prop.trim().to_ascii_lowercase(), value))
    })
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
        out.push(' ');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct El(&'static str, &'static [(&'static str, &'static str)]);

    impl ElementView for El {
        fn name(&self) -> &str {
            self.0
        }
        fn attr(&self, name: &str) -> Option<&str> {
            self.1.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        }
        fn classes(&self) -> impl Iterator<Item = &str> {
            self.attr("class").unwrap_or("").split_ascii_whitespace()
        }
    }

    const ASIDE: El = El("aside", &[("class", "attribution note"), ("id", "credits")]);
    const P: El = El("p", &[("class", "byline")]);

    fn hides(css: &str, e: &El) -> bool {
        StyleSheet::parse(css, None).hides(e)
    }

    #[test]
    fn simple_selectors_hide() {
        for css in [
            ".attribution { display: none; }",
            "#credits{visibility:hidden}",
            "aside{display:none !important}",
            "aside.attribution, p.other { display: none }",
            "h1, .note { color: red; display: none }",
            "/* credits */ .attribution.note { display: none }",
            "@import url(x.css); .attribution { display: none }",
            "@layer base { .attribution { display: none } }",
            "ASIDE#credits { visibility: collapse }",
        ] {
            assert!(hides(css, &ASIDE), "{css}");
        }
        assert!(!hides(".attribution { display: none }", &P));
    }

    #[test]
    fn subtler_rules_are_not_evaluated() {
        for css in [
            "main .attribution { display: none }",
            ".attribution:hover { display: none }",
            "aside > p, [hidden] { display: none }",
            "@media print { .attribution { display: none } }",
            "@media (max-width: 30em) { #credits { display: none } }",
            ".Attribution { display: none }",
            ".attribution { display: block }",
            "/* .attribution { display: none } */",
            ".attribution { .note { display: none } }",
        ] {
            assert!(!hides(css, &ASIDE), "{css}");
        }
        let print = StyleSheet::parse(".attribution { display: none }", Some("print"));
        assert!(!print.hides(&ASIDE));
        let screen = StyleSheet::parse(".attribution { display: none }", Some("screen, print"));
        assert!(screen.hides(&ASIDE));
    }

    #[test]
    fn a_rule_that_shows_the_element_again_undoes_the_hiding() {
        assert!(!hides(
            ".attribution { display: none } #credits { display: block }",
            &ASIDE
        ));
        assert!(!hides(
            ".attribution { display: none } @media (min-width: 40em) { aside { display: flex } }",
            &ASIDE
        ));
        assert!(hides(
            ".attribution { display: none; visibility: visible } p { display: block }",
            &ASIDE
        ));
        let inline = El(
            "aside",
            &[("class", "attribution"), ("style", "display: block")],
        );
        assert!(!hides(".attribution { display: none }", &inline));
    }
}
