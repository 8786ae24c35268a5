//! The article body: the page's main content without its furniture, as Markdown.

use super::furniture::{
    is_appeal, is_call_to_action, is_feed_footer, is_list_of_articles, is_standing_request,
};
use super::page::sel;
use scraper::{Html, Selector};

/// Page furniture that is never part of the article: navigation, hidden
/// and embedded things, forms.
const FURNITURE: &str = "nav, header, footer, aside, form, script, style, noscript, template, \
    textarea, iframe, [role=navigation], [hidden], [aria-hidden=true]";

/// Boxes known by their class: share buttons, newsletter boxes, related
/// links, the publisher's own republish box, promotions, bylines. A class
/// names a box only when the element is one: a publisher's story body may
/// carry `inline-promos` in its own class list.
const BOXES: &str = "[class*=share], [class*=social], [class*=newsletter], [class*=subscribe], \
    [class*=related], [class*=republish], [id*=republish], [class*=promo], \
    [class*=byline], [class*=author], [class*=comments], [class*=disclaimer], \
    [class*=ad-slot], [class*=advert], .ad, .tags, .breadcrumbs, [class*=donat], \
    [class*=fundrais], [class*=membership], [class*=support-us], [class*=support-our], \
    [class*=kg-cta], [class*=gh-cta], [class*=read-more], [class*=readmore], .gh-container, \
    p.date, div.date, p.post-date, div.post-date, .entry-meta, .post-meta, .article-meta";

/// Phrases of the provenance notices import turns into front matter
/// (the theme prints them again from there).
const PROVENANCE: &[&str] = &[
    "originally published",
    "original source of this article",
    "republished from",
    "republished with permission",
    "grants permission to cross-post",
    "first appeared",
    "first published",
];

/// Whether a block's text (lower-cased) is a notice about the article
/// rather than part of it: a copyright or licence line, a provenance
/// notice, a disclaimer. Story sentences that merely use the words ("The
/// ruling was originally published in French", "Copyright law has
/// changed") are not notices.
pub fn is_notice(lower: &str) -> bool {
    let text = lower.trim();
    if text.len() > 400 {
        return false;
    }
    let about_this = super::notice::about_this_piece(text);
    super::notice::starts_copyright_notice(text)
        || text.starts_with("disclaimer:")
        || text.starts_with("all rights reserved")
        // A site's fair-use notice ("… contains copyrighted material the use
        // of which has not always been specifically authorized …").
        || text.contains("contains copyrighted material")
        || PROVENANCE
            .iter()
            .any(|p| text.starts_with(p) || (about_this && text.contains(p)))
        || (about_this && (text.contains("licensed under") || text.contains("licenced under")))
        || super::notice::is_licence_notice(text)
}

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

/// Removes furniture, the lead image's figure, tracking pixels and the
/// title: what is never part of the article wherever it stands.
fn strip_furniture(html: &str, fragment: bool, lead: Option<&str>) -> Html {
    let mut doc = if fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    let furniture = sel(FURNITURE);
    detach_all(&mut doc, &furniture, |_| false);
    // A box holds a few lines; an element with a good part of the page's
    // text, or several paragraphs of it, is the story itself.
    let total = doc.root_element().text().map(str::len).sum::<usize>();
    let paragraphs = sel("p");
    let boxes = sel(BOXES);
    detach_all(&mut doc, &boxes, |e| {
        let own = e.text().map(str::len).sum::<usize>();
        let paras = e
            .select(&paragraphs)
            .filter(|p| p.text().any(|t| !t.trim().is_empty()))
            .count();
        own * 5 > total * 2 || paras >= 4
    });
    let blocks = sel("p, div");
    detach_all(&mut doc, &blocks, |e| {
        // The innermost blocks only: the story around an appeal stays.
        e.select(&blocks).nth(1).is_some()
            || !(is_appeal(e)
                || is_call_to_action(e)
                || is_standing_request(e)
                || is_feed_footer(e))
    });
    let sections = sel("section, div, aside");
    detach_all(&mut doc, &sections, |e| {
        let own = e.text().map(str::len).sum::<usize>();
        own * 5 > total * 2 || !is_list_of_articles(e)
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
    doc
}

/// Removes the notices (copyright, licence, provenance lines) that open or
/// close the article: a notice between two of its paragraphs is part of
/// the story and stays, so nothing the author wrote is ever lost.
fn strip_edge_notices(doc: &mut Html) {
    // The article's blocks in reading order: innermost text containers.
    let blocks = sel("p, div, li, h2, h3, h4, h5, h6, pre, td, th, dt, dd, figcaption");
    let leaves: Vec<(ego_tree::NodeId, bool)> = doc
        .select(&blocks)
        .filter(|e| e.select(&blocks).nth(1).is_none())
        .filter_map(|e| {
            let text = super::page::text_of(e);
            let notice = matches!(e.value().name(), "p" | "div") && is_notice(&text.to_lowercase());
            (!text.is_empty()).then_some((e.id(), notice))
        })
        .collect();
    let leading = leaves.iter().take_while(|(_, notice)| *notice).count();
    let trailing = leaves[leading..]
        .iter()
        .rev()
        .take_while(|(_, notice)| *notice)
        .count();
    let edges = leaves[..leading]
        .iter()
        .chain(&leaves[leaves.len() - trailing..]);
    let ids: Vec<_> = edges.map(|(id, _)| *id).collect();
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// The article body of a republish snippet or a feed item's content.
pub fn fragment_content(html: &str) -> String {
    let mut doc = strip_furniture(html, true, None);
    strip_edge_notices(&mut doc);
    doc.html()
}

/// The main content of a whole page, by readability scoring after the
/// furniture is gone (the whole cleaned page when scoring finds nothing),
/// without the notices around it.
pub fn main_content(html: &str, url: Option<&str>, lead: Option<&str>) -> String {
    let cleaned = strip_furniture(html, false, lead).html();
    let url = url.filter(|u| u.starts_with("http"));
    let config = dom_smoothie::Config {
        char_threshold: 200,
        ..Default::default()
    };
    // Readability takes the first element that looks like a byline out of
    // the text, a `class="dateline"` span of the story's first sentence
    // included ("PORTO ALEGRE, Brazil —"). The page's bylines are gone
    // already: an empty one in front is what it takes instead.
    let body_open = cleaned
        .find("<body")
        .and_then(|at| cleaned[at..].find('>').map(|end| at + end + 1));
    let marked = match body_open {
        Some(at) => format!(
            "{}<p class=\"byline\">{BYLINE_STAND_IN}</p>{}",
            &cleaned[..at],
            &cleaned[at..]
        ),
        None => cleaned.clone(),
    };
    let content = match dom_smoothie::Readability::new(marked.as_str(), url, Some(config))
        .and_then(|mut r| r.parse())
    {
        Ok(article)
            if !article.text_content.trim().is_empty()
                && !article.content.contains(BYLINE_STAND_IN) =>
        {
            article.content.to_string()
        }
        _ => cleaned,
    };
    let mut doc = Html::parse_fragment(&content);
    strip_edge_notices(&mut doc);
    doc.html()
}

/// `html` with each relative link and image address made absolute against
/// `base` (a feed entry's `xml:base` or its own link), as a page's are
/// against the page's address: the copy must keep the story's links.
pub fn absolute_links(html: &str, base: &str) -> String {
    let Ok(base) = url::Url::parse(base) else {
        return html.to_owned();
    };
    let mut doc = Html::parse_fragment(html);
    let ids: Vec<_> = doc
        .select(&sel("a[href], img[src]"))
        .map(|e| e.id())
        .collect();
    for id in ids {
        let Some(mut node) = doc.tree.get_mut(id) else {
            continue;
        };
        let scraper::Node::Element(el) = node.value() else {
            continue;
        };
        for (name, value) in el.attrs.iter_mut() {
            let relative = !value.starts_with('#') && url::Url::parse(value.trim()).is_err();
            if matches!(&*name.local, "href" | "src")
                && relative
                && let Ok(absolute) = base.join(value.trim())
            {
                *value = absolute.as_str().into();
            }
        }
    }
    doc.root_element().inner_html()
}

/// The text of an HTML fragment with whitespace collapsed, as
/// [`super::page::text_of`] reads a block's.
pub fn plain_text(html: &str) -> String {
    super::facts::clean(
        &Html::parse_fragment(html)
            .root_element()
            .text()
            .collect::<String>(),
    )
}

/// `html` with the first row of each table that has no header cell made
/// its header (`<td>` to `<th>`): a Markdown table needs a header row, and
/// without one the converter writes every cell as a paragraph of its own.
fn with_header_rows(html: &str) -> String {
    if !html.contains("<table") {
        return html.to_owned();
    }
    let mut doc = Html::parse_fragment(html);
    let (tables, rows, th) = (sel("table"), sel("tr"), sel("th"));
    let cells: Vec<ego_tree::NodeId> = doc
        .select(&tables)
        .filter(|t| t.select(&th).next().is_none())
        .filter_map(|t| t.select(&rows).next())
        .flat_map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .filter(|c| c.value().name() == "td")
                .map(|c| c.id())
                .collect::<Vec<_>>()
        })
        .collect();
    if cells.is_empty() {
        return html.to_owned();
    }
    for td in cells {
        let header = scraper::node::Element::new(
            html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("th")),
            Vec::new(),
        );
        let Some(mut cell) = doc.tree.get_mut(td) else {
            continue;
        };
        let th = cell.insert_before(scraper::Node::Element(header)).id();
        if let Some(mut th) = doc.tree.get_mut(th) {
            th.reparent_from_id_append(td);
        }
        if let Some(mut cell) = doc.tree.get_mut(td) {
            cell.detach();
        }
    }
    doc.html()
}

/// The text of the stand-in byline readability takes instead of story text.
const BYLINE_STAND_IN: &str = "reprint byline stand-in";

/// HTML to Markdown: headings, emphasis, links exactly as written, lists,
/// quotes, tables, images with their alt text.
pub fn to_markdown(html: &str) -> String {
    let html = with_header_rows(html);
    let html = html.as_str();
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
    fn only_notices_at_the_edges_of_the_story_are_left_out() {
        let html = r#"<p>Originally published by <a href="https://x.example/a">X</a>.</p>
            <p>Copyright law changed in 2019.</p>
            <p>The text was first published in French.</p>
            <p>© 2025 X. All rights reserved.</p>
            <p>The court met again.</p>
            <p>This article is licensed under CC BY 4.0.</p>"#;
        let md = to_markdown(&fragment_content(html));
        assert_eq!(
            md,
            "Copyright law changed in 2019.\n\nThe text was first published in French.\n\n\
             © 2025 X. All rights reserved.\n\nThe court met again.\n"
        );
    }

    #[test]
    fn a_publishers_own_licence_notice_closing_the_story_is_left_out() {
        for notice in [
            "This article is published under a Creative Commons license.",
            "Republish this article for free under a Creative Commons licence.",
            "Our work is licensed under Creative Commons (CC BY-NC-ND 3.0). Feel free to republish and share widely.",
            "Unless otherwise noted, you can republish our articles for free under a Creative Commons license.",
        ] {
            let html = format!(
                "<p>The council met.</p><p>The museum released its photos under a Creative Commons licence.</p><p>It adjourned.</p><p>{notice}</p>"
            );
            assert_eq!(
                to_markdown(&fragment_content(&html)),
                "The council met.\n\nThe museum released its photos under a Creative Commons licence.\n\nIt adjourned.\n",
                "{notice}"
            );
        }
    }

    #[test]
    fn appeals_for_money_are_left_out_and_a_story_about_giving_stays() {
        let html = r#"<p>The flood closed the bridge.</p>
            <p><strong>Support our journalism.</strong> <a href="https://x.example/donate/">Donate now</a></p>
            <p>Volunteers asked residents to give through <a href="https://charity.example/donate">the Red Cross appeal</a>.</p>
            <div class="donation-box"><h3>We rely on readers</h3><p>Every gift counts.</p></div>
            <p>Repairs start in May.</p>
            <p><a href="https://x.example/support">Become a member today →</a></p>"#;
        assert_eq!(
            to_markdown(&fragment_content(html)),
            "The flood closed the bridge.\n\nVolunteers asked residents to give through \
             [the Red Cross appeal](https://charity.example/donate).\n\nRepairs start in May.\n"
        );
    }

    #[test]
    fn subscribe_and_share_buttons_and_read_more_lists_are_left_out() {
        let html = r##"<div class="body markup"><p>Walk three blocks east.</p>
            <p class="button-wrapper"><a class="button primary" href="/subscribe?utm_source=post"><span>Subscribe now</span></a></p>
            <div class="kg-card kg-cta-card"><div class="kg-cta-content"><p>Enjoying Prairie Notes? <a href="#/portal/signup">Subscribe for free</a> to get every issue.</p></div></div>
            <p>Read <a href="https://city.example/share-plan">the city's plan to share costs</a>.</p>
            <p class="button-wrapper"><a class="button primary" href="/p/zoning?action=share"><span>Share</span></a></p>
            <section class="gh-cta"><h2>This post is for subscribers only</h2><a href="#/portal/signup">Subscribe now</a></section>
            <p>The city says a new map is coming.</p>
            <section class="posts"><h2>Read more</h2><article><a href="/other/"><h3>Another post</h3></a></article></section></div>"##;
        assert_eq!(
            to_markdown(&fragment_content(html)),
            "Walk three blocks east.\n\nRead [the city's plan to share costs](https://city.example/share-plan).\n\n\
             The city says a new map is coming.\n"
        );
    }

    #[test]
    fn relative_links_resolve_against_the_base() {
        let html = r##"<p><a href="/data/heat-2025/">our data</a>, <a href="../archive/">the archive</a>,
            <a href="#note">a note</a>, <a href="https://other.example/x">elsewhere</a>
            <img src="/wp-content/uploads/chart.png" alt="Chart"></p>"##;
        let md = to_markdown(&absolute_links(html, "https://hv.example/2025/09/hot/"));
        assert_eq!(
            md,
            "[our data](https://hv.example/data/heat-2025/), [the archive](https://hv.example/2025/09/archive/), \
             [a note](#note), [elsewhere](https://other.example/x) ![Chart](https://hv.example/wp-content/uploads/chart.png)\n"
        );
    }

    #[test]
    fn a_sites_standing_requests_and_fair_use_notice_are_left_out() {
        let html = r#"<div class="article"><p class="date">Region: USA | Theme: Militarization | Global Research, June 11, 2024</p>
            <p><strong>To receive Global Research’s Daily Newsletter (selected articles), <a href="/newsletter">click here</a>.</strong></p>
            <p><strong>Click the share button above to email/forward this article. Follow us on <a href="https://ig.example/gr">Instagram</a>.</strong></p>
            <p>The Pentagon has never passed an audit.</p>
            <p>To receive a refund, residents must <a href="https://city.example/refunds">apply by May</a>, and few did.</p>
            <p>www.globalresearch.ca contains copyrighted material the use of which has not always been specifically authorized by the copyright owner.</p></div>"#;
        assert_eq!(
            to_markdown(&fragment_content(html)),
            "The Pentagon has never passed an audit.\n\nTo receive a refund, residents must \
             [apply by May](https://city.example/refunds), and few did.\n"
        );
    }

    #[test]
    fn a_table_without_a_header_row_is_still_a_table() {
        let html = r#"<table><tbody><tr><td>Route</td><td><a href="https://x.example/">Length</a></td></tr><tr><td>Main St</td><td>2.1 mi</td></tr></tbody></table>"#;
        assert_eq!(
            to_markdown(html),
            "| Route   | [Length](https://x.example/) |\n| ------- | ---------------------------- |\n| Main St | 2.1 mi                       |\n"
        );
    }

    #[test]
    fn a_short_wrapper_with_a_credit_line_keeps_its_story() {
        let html = r#"<div><p>Ferry fares rise.</p><p>This article first appeared on <a href="https://x.example/">X</a>.</p></div>"#;
        let md = to_markdown(&fragment_content(html));
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
        let mut doc = strip_furniture(html, false, None);
        strip_edge_notices(&mut doc);
        let md = to_markdown(&doc.html());
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
