//! The style rules a page walk reads, on element stand-ins.

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
        ".attribution { display: none } @media (min-width: 40em) { aside.attribution { display: flex } }",
        &ASIDE
    ));
    // A conditional rule the hiding one outranks shows nothing.
    assert!(hides(
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

#[test]
fn the_cascade_decides_between_rules_that_hide_and_show() {
    // Later wins at equal specificity; the more specific wins anyway.
    assert!(hides(
        ".attribution{display:block} .attribution{display:none}",
        &ASIDE
    ));
    assert!(!hides(
        ".attribution{display:none} .attribution{display:block}",
        &ASIDE
    ));
    assert!(hides(
        "article,aside,footer{display:block} .attribution{display:none}",
        &ASIDE
    ));
    assert!(hides(
        ".attribution{display:none} aside{display:block}",
        &ASIDE
    ));
    assert!(hides(
        ".attribution{display:block} #credits{display:none}",
        &ASIDE
    ));
    // An important rule wins over a later or more specific one, and over
    // a normal inline style.
    assert!(hides(
        ".note{display:none!important} #credits{display:block}",
        &ASIDE
    ));
    let inline = El(
        "aside",
        &[("class", "attribution"), ("style", "display: block")],
    );
    assert!(hides(".attribution { display: none !important }", &inline));
    // Sheets added later come later in the cascade, linked or the page's.
    let shows = StyleSheet::parse(".attribution{display:block}", None);
    let mut cascade = Cascade::default();
    cascade.link(&shows);
    cascade.add(StyleSheet::parse(".attribution{display:none}", None));
    assert!(cascade.hides(&ASIDE));
    let mut cascade = Cascade::default();
    cascade.add(StyleSheet::parse(".attribution{display:none}", None));
    cascade.link(&shows);
    assert!(!cascade.hides(&ASIDE));
    // A linked sheet that only shows undoes the page's own hiding: the
    // guard against a flash of unstyled content.
    let reveal = StyleSheet::parse("html{visibility:visible}", None);
    let root = El("html", &[]);
    let mut cascade = Cascade::default();
    cascade.add(StyleSheet::parse("html{visibility:hidden}", None));
    assert!(cascade.hides(&root));
    cascade.link(&reveal);
    assert!(!cascade.hides(&root));
    // A less specific rule in a later sheet does not win.
    let mut cascade = Cascade::default();
    cascade.add(StyleSheet::parse("#credits{display:none}", None));
    cascade.link(&shows);
    assert!(cascade.hides(&ASIDE));
}

#[test]
fn attribute_selectors_and_media_are_read() {
    let link = El(
        "a",
        &[
            ("rel", "license noopener"),
            ("href", "https://creativecommons.org/licenses/by/4.0/"),
        ],
    );
    for css in [
        "a[rel~=license]{display:none}",
        "[rel~=\"license\"]{visibility:hidden}",
        "a[href^='https://creativecommons.org']{display:none}",
        "a[href*=licenses]{display:none}",
        "[href$=\"/4.0/\"]{display:none}",
        "a[rel]{display:none}",
        "@media screen { a[rel~=license] { display: none } }",
        "@media only screen { a[rel~=license] { display: none } }",
        "a[rel~=LICENSE i]{display:none}",
        "a[href*=\"Creative\" i]{display:none}",
    ] {
        assert!(hides(css, &link), "{css}");
    }
    for css in [
        "a[rel=license]{display:none}",
        "a[rel~=License]{display:none}",
        "a[rel=LICENSE s]{display:none}",
        "a[title]{display:none}",
        "@media print { a[rel] { display: none } }",
        "@media screen and (max-width: 30em) { a[rel] { display: none } }",
    ] {
        assert!(!hides(css, &link), "{css}");
    }
    for media in ["only screen", "not print", "all, print", "screen"] {
        assert!(
            StyleSheet::parse(".note{display:none}", Some(media)).hides(&ASIDE),
            "{media}"
        );
    }
    for media in [
        "print",
        "screen and (min-width: 60em)",
        "only print, speech",
    ] {
        assert!(
            !StyleSheet::parse(".note{display:none}", Some(media)).hides(&ASIDE),
            "{media}"
        );
    }
    // A byte-order mark does not spoil the first rule.
    assert!(hides("\u{feff}.note{display:none}", &ASIDE));
}

#[test]
fn rules_hide_by_any_declaration_an_inline_style_hides_by() {
    for css in [
        ".note { opacity: 0 }",
        ".note { content-visibility: hidden }",
        ".note { clip-path: inset(50%) }",
        ".note { transform: scale(0) }",
        ".note { margin-left: -10000px }",
    ] {
        assert!(hides(css, &ASIDE), "{css}");
    }
    for css in [
        ".note { opacity: 0.5 }",
        ".note { opacity: 0 } #credits { opacity: 1 }",
        ".note { color: #333 }",
        // Inherited properties a child sets again: a row's `font-size: 0`
        // with each item sized is not read as hiding the items.
        ".note { font-size: 0 }",
        ".note { color: transparent }",
        ".note { text-indent: -9999px }",
        // A fade-in starts where it is hidden, and ends shown.
        ".note { opacity: 0; animation: fade-in 0.4s ease forwards }",
        ".note { visibility: hidden; animation-name: reveal }",
    ] {
        assert!(!hides(css, &ASIDE), "{css}");
    }
    let inline = El(
        "aside",
        &[("class", "attribution"), ("style", "opacity: 1")],
    );
    assert!(!hides(".attribution { opacity: 0 }", &inline));
}
