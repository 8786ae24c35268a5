//! The article body: the page's main content without its furniture, as Markdown.

use super::page::sel;
use scraper::{Html, Selector};

/// Page furniture that is never part of the article: navigation, share
/// buttons, newsletter boxes, related links, the publisher's own republish box.
const FURNITURE: &str = "nav, header, footer, aside, form, script, style, noscript, template, \
    textarea, iframe, [role=navigation], [hidden], [aria-hidden=true], \
    [class*=share], [class*=social], [class*=newsletter], [class*=subscribe], \
    [class*=related], [class*=republish], [id*=republish], [class*=promo], \
    [class*=byline], [class*=author], [class*=comments], [class*=disclaimer], \
    [class*=ad-slot], [class*=advert], .ad, .tags, .breadcrumbs";

/// Paragraphs that are provenance rather than article: import turns them
/// into front matter, and the theme prints them again from there.
const PROVENANCE: &[&str] = &[
    "originally published",
    "original source of this article",
    "republished from",
    "grants permission to cross-post",
    "this story was originally",
    "this article is republished",
    "first appeared on",
];

fn detach_all(doc: &mut Html, selector: &Selector, keep: impl Fn(&scraper::ElementRef) -> bool) {
    let ids: Vec<_> = doc
        .select(selector)
        .filter(|e| !keep(e))
        .map(|e| e.id())
        .collect();
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Removes furniture, provenance notices and tracking pixels.
pub fn strip(html: &str, fragment: bool, lead: Option<&str>) -> String {
    let mut doc = if fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    let furniture = sel(FURNITURE);
    detach_all(&mut doc, &furniture, |_| false);
    let paras = sel("p, div");
    let blocks = sel("p, div, ul, ol, table, blockquote");
    detach_all(&mut doc, &paras, |e| {
        // Only innermost blocks: a short wrapper holding a notice keeps
        // its other paragraphs.
        if e.select(&blocks).nth(1).is_some()
            || (e.value().name() == "div"
                && e.select(&blocks).next().is_some_and(|b| b.id() != e.id()))
        {
            return true;
        }
        let text = super::page::text_of(*e).to_lowercase();
        // A copyright line counts only on its own: "… © 2025 Name" at the end
        // of a real paragraph keeps the paragraph.
        let notice = ["copyright", "©", "disclaimer:"]
            .iter()
            .any(|p| text.starts_with(p));
        !notice && (text.len() > 400 || !PROVENANCE.iter().any(|p| text.contains(p)))
    });
    // The lead image goes into front matter; the theme shows it from there.
    if let Some(src) = lead {
        let figures = sel("figure");
        let img = sel("img");
        detach_all(&mut doc, &figures, |f| {
            !f.select(&img).any(|i| i.value().attr("src") == Some(src))
        });
    }
    let pixels = sel(r#"img[width="1"], img[src*="count.gif"], img[src*="pixel"]"#);
    detach_all(&mut doc, &pixels, |_| false);
    let h1 = sel("h1");
    detach_all(&mut doc, &h1, |_| false);
    doc.html()
}

/// The main content of a whole page, by readability scoring after the
/// furniture is gone; the whole cleaned page when scoring finds nothing.
pub fn main_content(html: &str, url: Option<&str>, lead: Option<&str>) -> String {
    let cleaned = strip(html, false, lead);
    let url = url.filter(|u| u.starts_with("http"));
    let config = dom_smoothie::Config {
        char_threshold: 200,
        ..Default::default()
    };
    match dom_smoothie::Readability::new(cleaned.as_str(), url, Some(config))
        .and_then(|mut r| r.parse())
    {
        Ok(article) if !article.text_content.trim().is_empty() => article.content.to_string(),
        _ => cleaned,
    }
}

/// HTML to Markdown: headings, emphasis, links exactly as written, lists,
/// quotes, tables, images with their alt text.
pub fn to_markdown(html: &str) -> String {
    let options = htmd::options::Options {
        bullet_list_marker: htmd::options::BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Default::default()
    };
    let converter = htmd::HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec!["script", "style", "head", "title"])
        .build();
    let md = converter.convert(html).unwrap_or_default();
    // Collapse runs of blank lines the converter leaves between containers.
    let mut out = String::new();
    let mut blank = 0;
    for line in md.lines() {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_end());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_wrapper_with_a_credit_line_keeps_its_story() {
        let html = r#"<div><p>Ferry fares rise.</p><p>This article first appeared on <a href="https://x.example/">X</a>.</p></div>"#;
        let md = to_markdown(&strip(html, true, None));
        assert_eq!(md, "Ferry fares rise.\n");
    }

    #[test]
    fn furniture_and_provenance_are_left_out() {
        let html = r##"<html><body><nav><a href="/">Home</a></nav><article>
            <h1>Title</h1><div class="share-tools"><a href="https://x.com/share">Share</a></div>
            <p>First <em>paragraph</em> with <a href="https://example.org/a?b=1&amp;c=2">a link</a>.</p>
            <div class="newsletter-signup"><p>Sign up!</p></div>
            <table><tr><th>Year</th><th>Cases</th></tr><tr><td>2014</td><td>12</td></tr></table>
            <blockquote><p>Quoted words.</p></blockquote>
            <ul><li>one</li><li>two</li></ul>
            <p>The original source of this article is <a href="#">Common Dreams</a></p>
            <p>Copyright © Jon Queally, Common Dreams, 2014</p>
            <img src="https://counter.example/count.gif" width="1" height="1">
            </article><aside class="related"><a href="/r">Related</a></aside></body></html>"##;
        let md = to_markdown(&strip(html, false, None));
        assert!(
            md.contains("First *paragraph* with [a link](https://example.org/a?b=1&c=2)."),
            "{md}"
        );
        assert!(md.contains("> Quoted words."), "{md}");
        assert!(md.contains("| Year | Cases |"), "{md}");
        assert!(md.contains("- one\n- two"), "{md}");
        for gone in [
            "Home",
            "Share",
            "Sign up",
            "Related",
            "original source",
            "Copyright",
            "count.gif",
            "Title",
        ] {
            assert!(!md.contains(gone), "{gone} left in: {md}");
        }
    }
}
