//! Facts from meta tags, links and visible text: trusted after JSON-LD.

use scraper::{ElementRef, Html, Selector};

use super::facts::{Author, Facts, Image, Original, Pixel, clean, found, human_date, iso_date};
use super::licence;

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
        f.authors = found(split_names(&a), "meta author");
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

/// "Ana Ruiz and Bo Li" / "Ana Ruiz, Bo Li" as two names.
fn split_names(text: &str) -> Vec<Author> {
    text.replace(" and ", ",")
        .replace(" & ", ",")
        .split(',')
        .map(clean)
        .filter(|n| !n.is_empty())
        .map(|name| Author {
            name,
            affiliation: None,
        })
        .collect()
}

/// Links and visible text: canonical, `rel="license"`, licence and
/// copyright lines, "originally published" notices, the byline, the title.
pub fn from_markup(doc: &Html) -> Facts {
    let mut f = Facts::default();
    if let Some(href) = doc
        .select(&sel(r#"link[rel~="canonical"]"#))
        .find_map(|l| l.value().attr("href"))
        .filter(|h| h.starts_with("http"))
    {
        f.canonical = found(href.trim().to_owned(), "link rel=canonical");
    }
    if let Some(id) = doc
        .select(&sel(r#"a[rel~="license"], link[rel~="license"]"#))
        .filter_map(|a| a.value().attr("href"))
        .find_map(licence::id_from_url)
    {
        f.licence = found(id, "rel=license link");
    }
    if f.licence.is_none()
        && let Some(id) = doc
            .select(&sel(r#"a[href*="creativecommons.org/"]"#))
            .filter_map(|a| a.value().attr("href"))
            .find_map(licence::id_from_url)
    {
        f.licence = found(id, "link to a licence deed");
    }
    f.image = lead_image(doc);
    let blocks = text_blocks(doc);
    if f.licence.is_none()
        && let Some(id) = blocks
            .iter()
            .filter(|(_, t)| t.to_lowercase().contains("licen"))
            .find_map(|(_, t)| licence::id_from_name(t))
    {
        f.licence = found(id, "licence text on the page");
    }
    if let Some((holder, year)) = blocks.iter().find_map(|(_, t)| copyright_line(t)) {
        f.copyright_holder = holder.and_then(|h| found(h, "copyright line on the page"));
        f.copyright_year = year.and_then(|y| found(y, "copyright line on the page"));
    }
    f.original = blocks.iter().find_map(|(el, t)| original_notice(*el, t));
    f.authors = byline(doc);
    if let Some(h1) = doc.select(&sel("h1")).map(text_of).find(|t| !t.is_empty()) {
        f.title = found(h1, "<h1>");
    } else if let Some(t) = doc
        .select(&sel("title"))
        .map(text_of)
        .find(|t| !t.is_empty())
    {
        f.title = found(t, "<title>");
    }
    if let Some(d) = doc
        .select(&sel("time[datetime]"))
        .filter_map(|t| t.value().attr("datetime"))
        .find_map(iso_date)
    {
        f.date = found(d, "<time datetime>");
    } else if let Some(d) = doc
        .select(&sel(".date, .dateline, .published, .post-date"))
        .find_map(|e| human_date(&text_of(e)))
    {
        f.date = found(d, "visible dateline");
    }
    f
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

/// "Copyright © Jon Queally, Common Dreams, 2014" → holder and year;
/// "© 2024 The Conversation US, Inc." likewise. A year range is not a year.
pub fn copyright_line(text: &str) -> Option<(Option<String>, Option<String>)> {
    let start = text.find('©').or_else(|| text.find("Copyright"))?;
    let mut rest = &text[start..];
    for prefix in ["Copyright", "©", "(c)"] {
        rest = rest.trim_start().trim_start_matches(prefix);
    }
    let rest = rest.trim_start_matches([' ', ':']);
    let rest = rest
        .split(". All rights")
        .next()
        .unwrap_or(rest)
        .trim_end_matches(['.', ' ']);
    if rest.is_empty() || rest.len() > 200 {
        return None;
    }
    let is_year = |w: &str| {
        w.len() == 4
            && w.chars().all(|c| c.is_ascii_digit())
            && (w.starts_with("19") || w.starts_with("20"))
    };
    let words: Vec<&str> = rest.split(' ').collect();
    let first = words.first().map(|w| w.trim_end_matches(','));
    let last = words.last().map(|w| w.trim_end_matches(['.', ',']));
    let (year, holder) = if first.is_some_and(is_year) {
        (first, words[1..].join(" "))
    } else if last.is_some_and(is_year) {
        (last, words[..words.len() - 1].join(" "))
    } else if words.first().is_some_and(|w| is_range(w)) {
        // "2005-2024 Name" is the website's own notice, not the article's.
        return None;
    } else {
        (None, rest.to_owned())
    };
    let holder = clean(holder.trim_end_matches([',', ' ']));
    Some((
        (!holder.is_empty()).then_some(holder),
        year.map(str::to_owned),
    ))
}

/// "2005-2024" or "2010–2024,": a span of years.
fn is_range(word: &str) -> bool {
    let w = word.trim_end_matches(',');
    let parts: Vec<&str> = w.split(['-', '–', '—']).collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
}

const ORIGINAL_PHRASES: &[&str] = &[
    "originally published",
    "original source of this article is",
    "first published",
    "first appeared",
];

fn original_notice(el: ElementRef, text: &str) -> Option<super::facts::Found<Original>> {
    let lower = text.to_lowercase();
    let phrase = ORIGINAL_PHRASES.iter().find(|p| lower.contains(*p))?;
    let link = el.select(&sel("a[href]")).next();
    let href = link.and_then(|a| a.value().attr("href"));
    let name = link.map(text_of).filter(|n| !n.is_empty());
    found(
        Original {
            name,
            url: href.filter(|h| h.starts_with("http")).map(str::to_owned),
            title: None,
            licence: None,
        },
        format!("\"{phrase}\" notice"),
    )
}

fn byline(doc: &Html) -> Option<super::facts::Found<Vec<Author>>> {
    // The most specific markup first; every match of the first that
    // matches at all, so two linked authors make two names.
    let selectors = [
        r#"[rel~="author"]"#,
        ".byline a, .author a",
        r#".author-name, [itemprop="author"]"#,
        ".byline, .author",
    ];
    for s in selectors {
        let mut names: Vec<Author> = Vec::new();
        for el in doc.select(&sel(s)) {
            // A byline often continues with a date after a line break.
            let mut raw = String::new();
            for node in el.descendants() {
                if let Some(e) = node.value().as_element()
                    && e.name() == "br"
                {
                    break;
                }
                if let Some(t) = node.value().as_text() {
                    raw.push_str(t);
                }
            }
            let raw = clean(&raw);
            let raw = raw
                .strip_prefix("By ")
                .or(raw.strip_prefix("by "))
                .unwrap_or(&raw);
            for a in split_names(raw) {
                if a.name.len() < 80
                    && !a.name.chars().any(|c| c.is_ascii_digit())
                    && !names.iter().any(|n| n.name == a.name)
                {
                    names.push(a);
                }
            }
        }
        if !names.is_empty() {
            return found(names, "visible byline");
        }
    }
    None
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
        let aff = block
            .select(&sel(
                "[class*=affiliation], [class*=institution], [class*=role], em",
            ))
            .next()
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
    fn copyright_lines() {
        assert_eq!(
            copyright_line("Copyright © Jon Queally, Common Dreams, 2014"),
            Some((
                Some("Jon Queally, Common Dreams".into()),
                Some("2014".into())
            ))
        );
        assert_eq!(
            copyright_line("© 2024 The Conversation US, Inc. All rights reserved."),
            Some((Some("The Conversation US, Inc".into()), Some("2024".into())))
        );
        assert_eq!(
            copyright_line("Copyright © 2005-2024 GlobalResearch.ca"),
            None
        );
        assert_eq!(
            copyright_line("Copyright © 2010–2024, The Conversation US, Inc."),
            None
        );
        assert_eq!(copyright_line("no notice here"), None);
    }

    #[test]
    fn trackers_and_byline() {
        let doc = Html::parse_document(
            r#"<p class="byline">By <a rel="author" href="/a">Ana Ruiz</a> and <a rel="author" href="/b">Bo Li</a></p>
            <img src="https://counter.theconversation.com/content/1/count.gif?distributor=republish-lightbox" alt="">
            <script src="https://pixel.propublica.org/pixel.js" async></script>"#,
        );
        let p = pixel(&doc).unwrap().value;
        assert!(p.url.contains("count.gif") && !p.script);
        let names: Vec<String> = byline(&doc)
            .unwrap()
            .value
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Ana Ruiz", "Bo Li"]);
    }
}
