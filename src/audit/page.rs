//! What audit and upstream read from someone else's page besides the rule
//! facts: its article text (extracted as `import` extracts it), visible
//! advertising, correction notices and the licence it states.

use crate::import::page::sel;
use scraper::{ElementRef, Html, Node};

use crate::import::{body, jsonld, page};

/// A page's article text as Markdown, extracted exactly as `import` does,
/// so a republished copy and its source are compared in the same space.
pub fn article_markdown(html: &str, url: Option<&str>) -> String {
    body::to_markdown(&body::main_content(html, url, None))
}

/// A page's article text for comparing a republished copy with its
/// source: extracted as [`article_markdown`], without images, figures and
/// captions, which a republisher may drop or add (and the terms usually
/// treat apart from the text).
pub fn comparable_text(html: &str, url: Option<&str>) -> String {
    let content = body::main_content(html, url, None);
    let mut doc = Html::parse_fragment(&content);
    let media = sel("figure, figcaption, img, picture, video, audio");
    let ids: Vec<_> = doc.select(&media).map(|e| e.id()).collect();
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    body::to_markdown(&doc.html())
}

/// The page as a reader sees it before opening anything: the body of a
/// closed `<details>` (all but its `<summary>`) is not shown until opened,
/// so attribution inside it is not visible. Its images and scripts stay,
/// since a browser still loads them.
pub fn without_closed_details(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.to_ascii_lowercase().contains("<details") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut doc = Html::parse_document(html);
    let closed: Vec<_> = doc
        .select(&sel("details:not([open])"))
        .map(|e| e.id())
        .collect();
    let loaded = sel("img, script, source");
    for id in closed {
        let Some(details) = doc.tree.get(id) else {
            continue;
        };
        let body: Vec<_> = details
            .children()
            .filter(|c| c.value().as_element().is_none_or(|e| e.name() != "summary"))
            .collect();
        let kept: Vec<_> = body
            .iter()
            .filter_map(|c| ElementRef::wrap(*c))
            .flat_map(|e| {
                let own = loaded.matches(&e).then_some(e.id());
                own.into_iter().chain(e.select(&loaded).map(|x| x.id()))
            })
            .collect();
        let body: Vec<_> = body.iter().map(|c| c.id()).collect();
        for child in body {
            if let Some(mut node) = doc.tree.get_mut(child) {
                node.detach();
            }
        }
        if let Some(mut details) = doc.tree.get_mut(id) {
            for k in kept {
                details.append_id(k);
            }
        }
    }
    std::borrow::Cow::Owned(doc.html())
}

/// Classes that hide text from sighted readers (screen-reader text).
const READER_ONLY: &[&str] = &["screen-reader-text", "sr-only", "visually-hidden"];

/// The page's headline: its first `<h1>` with visible text that is not the
/// site's name in the masthead, else the story's own title heading
/// (`entry-title`, `post-title`, `itemprop=headline`), which many themes
/// print as an `<h2>` below a site-name `<h1>`.
pub fn headline(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let shown = |h: ElementRef| {
        let mut text = String::new();
        for node in h.descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let reader_only = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().classes().any(|c| READER_ONLY.contains(&c)));
            if !reader_only {
                text.push_str(t);
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let story_titles = sel("h1, h2, h3");
    doc.select(&sel("h1"))
        .filter(|h| !hidden(*h) && !masthead(*h))
        .map(shown)
        .find(|t| !t.is_empty())
        .or_else(|| {
            doc.select(&story_titles)
                .filter(|h| !hidden(*h) && is_story_title(*h))
                .map(shown)
                .find(|t| !t.is_empty())
        })
}

/// Whether a heading is the story's own title by its class or microdata.
fn is_story_title(h: ElementRef) -> bool {
    h.value().classes().any(|c| {
        matches!(
            c,
            "entry-title" | "post-title" | "article-title" | "headline"
        )
    }) || h.value().attr("itemprop") == Some("headline")
}

/// Whether an `<h1>` is the site's name in the masthead: a `site-title`
/// or logo class, a link to the home page (`rel="home"`), or a place in the
/// page's own header rather than an article's.
fn masthead(h: ElementRef) -> bool {
    let named = h.value().classes().any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("site-title") || c.contains("site-name") || c.contains("logo")
    });
    let home = h.select(&sel("a[rel]")).any(|a| {
        a.value()
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|t| t == "home"))
    });
    let in_page_header = h.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value().name() == "header"
            && !a
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|x| matches!(x.value().name(), "article" | "main"))
    });
    named || home || (in_page_header && !is_story_title(h))
}

/// The address a saved page names as its own: its canonical link, else
/// `og:url`, when absolute http(s).
pub fn own_address(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let own = sel(r#"link[rel~="canonical"], meta[property="og:url"]"#);
    doc.select(&own)
        .filter_map(|e| e.value().attr("href").or_else(|| e.value().attr("content")))
        .map(str::trim)
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(str::to_owned)
}

/// The licence profile id the page states, found as `import` finds it:
/// structured data, then meta tags, then links and visible text.
pub fn stated_licence(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    jsonld::extract(&doc)
        .or(page::from_meta(&doc))
        .or(page::from_markup(&doc))
        .licence
        .map(|l| l.value)
}

/// Labels that mark paid content on a page, compared with a whole short
/// label (lower-cased), never with words inside a sentence.
const AD_LABELS: &[&str] = &[
    "sponsored",
    "sponsored content",
    "sponsored post",
    "advertisement",
    "advertising",
    "paid content",
    "paid post",
    "promoted",
    "partner content",
    "promoted stories",
    "promoted content",
    "sponsored stories",
    "ad",
];

/// Openings of a short line that presents paid content ("Paid Post:
/// Harbor Marine…", "This story is sponsored by …").
const AD_OPENINGS: &[&str] = &[
    "sponsored by ",
    "paid post:",
    "sponsored:",
    "sponsored content:",
    "advertisement:",
    "promoted:",
    "this story is sponsored by ",
    "this article is sponsored by ",
    "this content is sponsored by ",
    "this post is sponsored by ",
];

/// Ad slots known by their markup, each with how a report names it: an
/// unlabelled AdSense or Google Ad Manager slot shows an ad all the same.
const AD_SLOTS: &[(&str, &str)] = &[
    ("ins.adsbygoogle", "an AdSense ad slot"),
    ("[id^='div-gpt-ad']", "a Google Ad Manager ad slot"),
    ("[data-ad-slot]", "an ad slot"),
];

/// Visible advertising on the page: the label and the text beside it, one
/// entry per labelled block, for evidence in a report.
pub fn advertising(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let all = sel("body *");
    let mut found = Vec::new();
    for el in doc.select(&all) {
        if hidden(el) {
            continue;
        }
        let own: String = el
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        let own = own.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = own.trim_end_matches(':').to_lowercase();
        // "Story continues below advertisement" labels an ad slot too.
        let labelled = AD_LABELS.contains(&label.as_str())
            || (label.len() < 200 && AD_OPENINGS.iter().any(|o| label.starts_with(o)))
            || (label.ends_with("below advertisement") && label.split(' ').count() <= 6);
        if !labelled {
            continue;
        }
        // The block the label belongs to, for what it advertises.
        let block = el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| {
                matches!(
                    a.value().name(),
                    "aside" | "div" | "section" | "li" | "figure" | "article"
                )
            })
            .unwrap_or(el);
        let text = words(block);
        let text: String = text.chars().take(120).collect();
        if !found.contains(&text) {
            found.push(text);
        }
    }
    for (slot, name) in AD_SLOTS {
        if found.is_empty() && doc.select(&sel(slot)).any(|e| !hidden(e)) {
            found.push((*name).to_owned());
        }
    }
    found
}

/// An element's text with its pieces kept apart by a space.
fn words(el: ElementRef) -> String {
    el.text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an element or one of its ancestors hides it from readers.
pub(super) fn hidden(el: ElementRef) -> bool {
    std::iter::once(*el)
        .chain(el.ancestors())
        .any(|n| match n.value() {
            Node::Element(e) => {
                let style = e
                    .attr("style")
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .replace(' ', "");
                e.attr("hidden").is_some()
                    || style.contains("display:none")
                    || matches!(e.name(), "script" | "style" | "template" | "noscript")
            }
            _ => false,
        })
}

/// Phrases with which publishers mark a corrected or updated story.
const CORRECTION_MARKS: &[&str] = &[
    "correction:",
    "corrections:",
    "clarification:",
    "editor's note",
    "editor\u{2019}s note",
    "this story has been updated",
    "this article has been updated",
    "this story was updated",
    "this article was updated",
    "an earlier version of this",
    "this article has been corrected",
    "this story has been corrected",
];

/// The first correction or update notice the page shows, if any.
pub fn correction_notice(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let blocks = sel("p, div, aside, section, em, strong");
    doc.select(&blocks)
        .filter(|b| !hidden(*b))
        .map(words)
        .filter(|t| t.len() < 600)
        .find(|t| {
            let lower = t.to_lowercase();
            CORRECTION_MARKS.iter().any(|m| lower.contains(m))
        })
        .map(|t| t.chars().take(160).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_labels_are_found_but_not_words_in_sentences() {
        let html = r#"<html><body><p>Nothing here is sponsored by anyone.</p>
            <aside class="promo"><span>Sponsored</span><a href="https://shop.example/">Buy boots</a></aside>
            <div hidden><span>Advertisement</span></div></body></html>"#;
        assert_eq!(advertising(html), vec!["Sponsored Buy boots".to_owned()]);
        assert!(advertising("<p>An advertisement campaign failed.</p>").is_empty());
        for (html, found) in [
            (
                r#"<div><ins class="adsbygoogle" style="display:block"></ins></div>"#,
                "an AdSense ad slot",
            ),
            (
                "<aside><p>Paid Post: Marine Supply sale</p></aside>",
                "Paid Post: Marine Supply sale",
            ),
            (
                "<aside><p>Promoted Stories</p><a href=\"/x\">Deals</a></aside>",
                "Promoted Stories Deals",
            ),
            (
                "<p><em>This story is sponsored by Marine Supply.</em></p>",
                "This story is sponsored by Marine Supply.",
            ),
        ] {
            assert_eq!(advertising(html), vec![found.to_owned()], "{html}");
        }
        assert_eq!(
            advertising(
                r#"<body><div class="ad"><p>Story continues below advertisement</p><div id="gpt"></div></div></body>"#
            ),
            vec!["Story continues below advertisement".to_owned()]
        );
    }

    #[test]
    fn a_closed_details_body_is_not_shown() {
        let html = r#"<body><p>Story.</p><details><summary>About this story</summary><p>© 2025 Quay Post</p><img src="https://q.example/p.gif"></details>
            <details open><summary>More</summary><p>Shown</p></details></body>"#;
        let seen = without_closed_details(html);
        assert!(!seen.contains("© 2025"), "{seen}");
        assert!(
            seen.contains("About this story") && seen.contains("Shown"),
            "{seen}"
        );
        assert!(seen.contains("https://q.example/p.gif"), "{seen}");
        assert!(matches!(
            without_closed_details("<p>x</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_headline_is_the_storys_not_the_site_name() {
        let page = r#"<body><header id="masthead"><h1 class="site-title"><a href="/" rel="home">Harbor Weekly</a></h1></header>
            <main><article><h2 class="entry-title">Ferry fares rise</h2><p>Text.</p></article></main></body>"#;
        assert_eq!(headline(page).as_deref(), Some("Ferry fares rise"));
        let page = r#"<body><h1 class="entry-title"><a href="/x" rel="bookmark"><span class="screen-reader-text">Permalink to </span>Ferry fares rise</a></h1></body>"#;
        assert_eq!(headline(page).as_deref(), Some("Ferry fares rise"));
        let page = r#"<body><main><article><header><h1>Ferry fares rise</h1></header></article></main></body>"#;
        assert_eq!(headline(page).as_deref(), Some("Ferry fares rise"));
    }

    #[test]
    fn corrections_and_licences_are_read_from_the_page() {
        let html = r#"<html><body><article><p>Text.</p>
            <p><em>Correction: an earlier version misspelled the mayor's name.</em></p>
            <p>Licensed <a rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/">CC BY-ND 4.0</a></p>
            </article></body></html>"#;
        assert!(correction_notice(html).is_some_and(|c| c.starts_with("Correction:")));
        assert_eq!(stated_licence(html).as_deref(), Some("CC-BY-ND-4.0"));
        assert_eq!(correction_notice("<p>No notice.</p>"), None);
        assert_eq!(
            own_address(r#"<head><meta property="og:url" content="https://r.example/a"><link rel="canonical" href="/a"></head>"#).as_deref(),
            Some("https://r.example/a")
        );
    }
}
