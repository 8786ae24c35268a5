//! Facts from meta tags, links and visible text: trusted after JSON-LD.

use scraper::{ElementRef, Html, Selector};

use super::byline;
use super::facts::{Author, Facts, Image, Pixel, clean, found, iso_date};
use super::licence;
use super::notice::{copyright_line, original_notice, starts_copyright_notice};

/// A selector written in the code, so known to parse.
pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// The first non-empty `content` of a `<meta>` with this property or name.
fn meta(doc: &Html, key: &str) -> Option<String> {
    metas(doc, key).into_iter().next()
}

fn metas(doc: &Html, key: &str) -> Vec<String> {
    let s = sel(&format!(r#"meta[name="{key}"], meta[property="{key}"]"#));
    doc.select(&s)
        .filter_map(|m| m.value().attr("content"))
        .map(clean)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The page's own address as its `og:url` states it, when absolute http(s).
pub fn og_url(doc: &Html) -> Option<String> {
    meta(doc, "og:url").filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

pub fn text_of(el: ElementRef) -> String {
    clean(&el.text().collect::<String>())
}

/// Meta tags: Open Graph, `article:*`, `author`, Highwire `citation_*`.
pub fn from_meta(doc: &Html) -> Facts {
    let mut f = Facts {
        title: meta(doc, "og:title")
            .and_then(|t| found(t, "og:title"))
            .or_else(|| meta(doc, "citation_title").and_then(|t| found(t, "citation_title"))),
        date: meta(doc, "article:published_time")
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "article:published_time"))
            .or_else(|| {
                meta(doc, "citation_publication_date")
                    .and_then(|d| iso_date(&d.replace('/', "-")))
                    .and_then(|d| found(d, "citation_publication_date"))
            }),
        updated: meta(doc, "article:modified_time")
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "article:modified_time")),
        source_name: meta(doc, "og:site_name").and_then(|n| found(n, "og:site_name")),
        ..Facts::default()
    };
    let cited = metas(doc, "citation_author");
    if !cited.is_empty() {
        let institutions = metas(doc, "citation_author_institution");
        let list = cited
            .into_iter()
            .enumerate()
            .map(|(i, name)| Author {
                name,
                affiliation: institutions.get(i).cloned(),
            })
            .collect();
        f.authors = found(list, "citation_author");
    } else if let Some(a) = meta(doc, "author").filter(|a| !a.starts_with("http")) {
        f.authors = found(byline::names(&a), "meta author");
    }
    if let Some(src) = meta(doc, "og:image") {
        f.image = found(
            Image {
                src,
                alt: meta(doc, "og:image:alt"),
                credit: None,
            },
            "og:image",
        );
    }
    f
}

/// Links and visible text: canonical, `rel="license"`, licence and
/// copyright lines, "originally published" notices, the byline, the title.
pub fn from_markup(doc: &Html) -> Facts {
    from_markup_beside(doc, "")
}

/// [`from_markup`] for a page whose story body has the text `story`
/// (whitespace collapsed; empty when unknown). A sentence of the story
/// that names a licence or a copyright ("The photos were released under a
/// Creative Commons licence, the museum said") is the story's, not a
/// notice about it: only a `rel="license"` link, the notices around the
/// story (which the body leaves out) and the site's own chrome may name the
/// licence and the copyright; the chrome's copyright only on a page that
/// does not republish the story from another publisher.
pub fn from_markup_beside(doc: &Html, story: &str) -> Facts {
    let mut f = Facts::default();
    if let Some(href) = doc
        .select(&sel(r#"link[rel~="canonical"]"#))
        .find_map(|l| l.value().attr("href"))
        .filter(|h| h.starts_with("http"))
    {
        f.canonical = found(href.trim().to_owned(), "link rel=canonical");
    }
    let blocks = text_blocks(doc);
    f.original = blocks.iter().find_map(|(el, t)| original_notice(*el, t));
    rights_beside(doc, &blocks, story, &mut f);
    f.image = lead_image(doc);
    f.authors = byline::byline(doc);
    if let Some(h1) = doc.select(&sel("h1")).map(text_of).find(|t| !t.is_empty()) {
        f.title = found(h1, "<h1>");
    } else if let Some(t) = doc
        .select(&sel("title"))
        .map(text_of)
        .find(|t| !t.is_empty())
    {
        f.title = found(t, "<title>");
    }
    (f.date, f.updated) = super::dates::from_times(doc);
    f
}

/// The licence and copyright the page states beside the story whose text
/// is `story` (see [`from_markup_beside`]), into `f`.
fn rights_beside(doc: &Html, blocks: &[(ElementRef, String)], story: &str, f: &mut Facts) {
    // A block at the very start or end of the story's text opens or
    // closes it, as a notice does; one between its sentences is the story's.
    let in_story = |t: &str| {
        !story.is_empty()
            && !t.is_empty()
            && story.contains(t)
            && !story.starts_with(t)
            && !story.ends_with(t)
            && !closes_with_notice(story, t)
    };
    // A licence the site's own chrome states (a footer for "our own
    // reporting") does not cover an article that reserves its rights, as
    // wire copy does: then the licence is left for the editor.
    let reserved = blocks
        .iter()
        .filter(|(e, _)| !in_site_chrome(*e))
        .find_map(|(_, t)| reserves_rights(t));
    let usable = |e: &ElementRef| reserved.is_none() || !in_site_chrome(*e);
    let deed = |selector: &str, anywhere: bool| {
        doc.select(&sel(selector))
            .filter(usable)
            .filter(|a| anywhere || !in_story(&text_of(enclosing_block(*a))))
            .filter_map(|a| a.value().attr("href"))
            .find_map(licence::id_from_url)
    };
    if let Some(id) = deed(r#"a[rel~="license"], link[rel~="license"]"#, true) {
        f.licence = found(id, "rel=license link");
    } else if let Some(id) = deed(r#"a[href*="creativecommons.org/"]"#, false) {
        f.licence = found(id, "link to a licence deed");
    }
    if f.licence.is_none()
        && let Some(id) = blocks
            .iter()
            .filter(|(e, t)| usable(e) && !in_story(t) && t.to_lowercase().contains("licen"))
            .find_map(|(_, t)| licence::id_from_name(t))
    {
        f.licence = found(id, "licence text on the page");
    }
    if f.licence.is_none() {
        f.licence_doubt = reserved.map(|notice| {
            format!("the article says {notice:?}, and only the site's own footer names a licence, which does not cover it")
        });
    }
    // The notices around the story first; a block that is a notice before
    // a notice inside a sentence.
    let first_line = |chrome: bool| {
        let notices: Vec<_> = blocks
            .iter()
            .filter(|(e, t)| in_site_chrome(*e) == chrome && !in_story(t))
            .collect();
        notices
            .iter()
            .filter(|(_, t)| starts_copyright_notice(t))
            .chain(&notices)
            .find_map(|(_, t)| copyright_line(t))
    };
    // Then the site's footer ("© 2024 The Ledger"), on the publisher's own
    // page. On a page that says it republishes the story from another
    // publisher, the footer's line is the republisher's, not the story's.
    let (notice, place) = match first_line(false) {
        Some(n) => (Some(n), "copyright line on the page"),
        None if f.original.is_none() => (first_line(true), "copyright line in the site's footer"),
        None => (None, ""),
    };
    if let Some((holder, year)) = notice {
        f.copyright_holder = holder.and_then(|h| found(h, place));
        f.copyright_year = year.and_then(|y| found(y, place));
    }
}

/// The first figure's image, with the credit its caption gives (a
/// `.credit` element, or the caption's closing parentheses).
pub fn lead_image(doc: &Html) -> Option<super::facts::Found<Image>> {
    let figure = doc
        .select(&sel("figure"))
        .find(|f| f.select(&sel("img[src]")).next().is_some())?;
    let img = figure.select(&sel("img[src]")).next()?;
    let caption = figure.select(&sel("figcaption")).next();
    let credit = figure
        .select(&sel("[class*=credit]"))
        .next()
        .map(text_of)
        .or_else(|| {
            let text = caption.map(text_of)?;
            let inner = text.strip_suffix(')')?;
            let open = inner.rfind('(')?;
            Some(inner[open + 1..].trim().to_owned())
        })
        .filter(|c| !c.is_empty());
    let alt = img.value().attr("alt").map(clean).filter(|a| !a.is_empty());
    found(
        Image {
            src: img.value().attr("src")?.to_owned(),
            alt,
            credit,
        },
        "first <figure>",
    )
}

/// Whether the story's text ends with the copyright notice that ends
/// `block` ("Barn owls nest in the mill again. © 2025 Kai Berg").
fn closes_with_notice(story: &str, block: &str) -> bool {
    let lower = block.to_ascii_lowercase();
    ["©", "(c)", "copyright"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .and_then(|at| block.get(at..))
        .is_some_and(|tail| story.ends_with(tail))
}

/// The paragraph (or other text block) an inline element such as a link
/// stands in.
fn enclosing_block(e: ElementRef) -> ElementRef {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| {
            matches!(
                a.value().name(),
                "p" | "li" | "div" | "footer" | "small" | "figcaption" | "td" | "blockquote"
            )
        })
        .unwrap_or(e)
}

/// Whether `e` stands in the site's own chrome (a page footer, header,
/// navigation or sidebar) rather than in the article, whose own footer
/// is the article's.
fn in_site_chrome(e: ElementRef) -> bool {
    let mut chrome = false;
    for a in e.ancestors().filter_map(ElementRef::wrap) {
        match a.value().name() {
            "article" => return false,
            "footer" | "header" | "nav" | "aside" => chrome = true,
            _ => {}
        }
    }
    chrome
}

/// The words by which the article in `doc` reserves its rights, outside
/// the site's own chrome, when it does.
pub(super) fn reserved_notice(doc: &Html) -> Option<String> {
    text_blocks(doc)
        .iter()
        .filter(|(e, _)| !in_site_chrome(*e))
        .find_map(|(_, t)| reserves_rights(t))
}

/// The words by which an article reserves its rights ("All rights
/// reserved", "may not be published…"), when it does.
pub(super) fn reserves_rights(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    [
        "all rights reserved",
        "may not be published",
        "may not be republished",
        "may not be reproduced",
        "may not be redistributed",
    ]
    .iter()
    .find_map(|p| {
        let at = lower.find(p)?;
        text.get(at..at + p.len()).map(str::to_owned)
    })
}

/// Small blocks of visible text (paragraphs, footers, captions), in page order.
fn text_blocks(doc: &Html) -> Vec<(ElementRef<'_>, String)> {
    doc.select(&sel("p, small, footer, li, span, div, figcaption"))
        .filter(|e| {
            !e.children()
                .filter_map(ElementRef::wrap)
                .any(|c| matches!(c.value().name(), "p" | "div" | "footer" | "li"))
        })
        .map(|e| (e, text_of(e)))
        .filter(|(_, t)| !t.is_empty() && t.len() < 600)
        .collect()
}

/// "Name, <em>Institution</em>" author credits (The Conversation's shape)
/// and author blocks with an affiliation element, by name.
pub fn affiliations(doc: &Html) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in doc.select(&sel("[class*=author], p, span")) {
        let name = block
            .select(&sel(
                r#"a[href*="/profiles/"], [class*=author-name], [rel~="author"]"#,
            ))
            .next()
            .map(text_of);
        // The institution before a job title where a page gives both
        // ("Professor of Hydrology, University of Reading").
        let aff = [
            "[class*=affiliation], [class*=institution]",
            "[class*=role]",
            "em",
        ]
        .iter()
        .find_map(|s| block.select(&sel(s)).next())
        .map(text_of);
        if let (Some(n), Some(a)) = (name, aff)
            && !n.is_empty()
            && !a.is_empty()
            && a.len() < 200
            && !out.iter().any(|(o, _): &(String, String)| *o == n)
        {
            out.push((n, a));
        }
    }
    out
}

/// The first publisher's counter where a republished story carries it in
/// the page itself (The Conversation's `count.gif`, the Republication
/// Tracker Tool's image): a known republication tracker only, never any
/// 1×1 image of the republisher's own.
pub fn republication_pixel(doc: &Html) -> Option<super::facts::Found<Pixel>> {
    doc.select(&sel("img[src]"))
        .filter_map(|img| img.value().attr("src"))
        .find(|src| {
            let s = src.to_ascii_lowercase();
            ["count.gif", "republication-pixel", "republication-tracker"]
                .iter()
                .any(|t| s.contains(t))
        })
        .and_then(|src| {
            found(
                Pixel {
                    url: src.to_owned(),
                    script: false,
                },
                "republication counter on the page",
            )
        })
}

/// A tracking pixel: an `<img>` tracker (1x1, `count.gif`, a republication
/// pixel) or a `<script src>` tracker.
pub fn pixel(doc: &Html) -> Option<super::facts::Found<Pixel>> {
    for img in doc.select(&sel("img[src]")) {
        let v = img.value();
        let src = v.attr("src").unwrap_or("");
        let tiny = v.attr("width") == Some("1") && v.attr("height") == Some("1");
        if tiny || is_tracker(src) {
            return found(
                Pixel {
                    url: src.to_owned(),
                    script: false,
                },
                "tracking <img>",
            );
        }
    }
    doc.select(&sel("script[src]"))
        .filter_map(|s| s.value().attr("src"))
        .find(|src| is_tracker(src))
        .and_then(|src| {
            found(
                Pixel {
                    url: src.to_owned(),
                    script: true,
                },
                "tracking <script src>",
            )
        })
}

fn is_tracker(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    [
        "count.gif",
        "republication-pixel",
        "pixel.propublica.org",
        "/pixel.",
        "pixel.gif",
        "tracker",
    ]
    .iter()
    .any(|t| s.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trackers_and_byline() {
        let doc = Html::parse_document(
            r#"<p class="byline">By <a rel="author" href="/a">Ana Ruiz</a> and <a rel="author" href="/b">Bo Li</a></p>
            <img src="https://counter.theconversation.com/content/1/count.gif?distributor=republish-lightbox" alt="">
            <script src="https://pixel.propublica.org/pixel.js" async></script>"#,
        );
        let p = pixel(&doc).unwrap().value;
        assert!(p.url.contains("count.gif") && !p.script);
        let names: Vec<String> = byline::byline(&doc)
            .unwrap()
            .value
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Ana Ruiz", "Bo Li"]);
    }
}
