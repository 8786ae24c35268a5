//! What a published site carries besides its pages: feeds, the sitemap,
//! robots.txt, and the machine-readable provenance in each article's head.

use serde_json::json;

use crate::config::Config;
use crate::content::{Article, Site};
use crate::licences::{Profile, Rule};

/// Which feed a feed page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feed {
    SiteAtom,
    SiteRss,
    /// JSON Feed 1.1 (`feed.json`), written without a template.
    SiteJson,
    TermAtom {
        taxonomy: usize,
        term: usize,
    },
    /// Atom for one section of the site.
    SectionAtom {
        section: usize,
    },
}

impl Feed {
    pub fn template(self) -> &'static str {
        match self {
            Feed::SiteRss => "rss.xml",
            _ => "atom.xml",
        }
    }

    pub fn url(self, site: &Site) -> String {
        match self {
            Feed::SiteAtom => "/atom.xml".into(),
            Feed::SiteRss => "/rss.xml".into(),
            Feed::SiteJson => "/feed.json".into(),
            Feed::TermAtom { taxonomy, term } => {
                format!("{}atom.xml", site.taxonomies[taxonomy].terms[term].url)
            }
            Feed::SectionAtom { section } => format!("{}atom.xml", site.sections[section].url),
        }
    }

    /// Indexes of the articles the feed carries, newest first.
    pub fn entries(self, site: &Site, all: &[usize]) -> Vec<usize> {
        let list: &[usize] = match self {
            Feed::TermAtom { taxonomy, term } => &site.taxonomies[taxonomy].terms[term].articles,
            Feed::SectionAtom { section } => &site.sections[section].articles,
            _ => all,
        };
        let limit = site.config.feed_limit;
        if limit == 0 {
            list.to_vec()
        } else {
            list.iter().copied().take(limit).collect()
        }
    }

    pub fn title(self, site: &Site) -> String {
        match self {
            Feed::TermAtom { taxonomy, term } => {
                let t = &site.taxonomies[taxonomy];
                format!("{}: {} ({})", site.config.title, t.terms[term].name, t.name)
            }
            Feed::SectionAtom { section } => {
                format!("{}: {}", site.config.title, site.sections[section].title)
            }
            _ => site.config.title.clone(),
        }
    }

    /// The HTML page the feed mirrors.
    pub fn alternate(self, site: &Site) -> String {
        match self {
            Feed::TermAtom { taxonomy, term } => site.taxonomies[taxonomy].terms[term].url.clone(),
            Feed::SectionAtom { section } => site.sections[section].url.clone(),
            _ => "/".into(),
        }
    }
}

/// Every feed of the site: Atom, RSS and JSON Feed for the whole site, Atom per term.
pub fn feeds(site: &Site) -> Vec<Feed> {
    let mut feeds = vec![Feed::SiteAtom, Feed::SiteRss, Feed::SiteJson];
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        for term in 0..taxonomy.terms.len() {
            feeds.push(Feed::TermAtom { taxonomy: t, term });
        }
    }
    feeds.extend((0..site.sections.len()).map(|section| Feed::SectionAtom { section }));
    feeds
}

/// Who a feed names as its author, for entries that name none: the
/// configured `author`, else the site.
pub fn feed_author(config: &Config) -> &str {
    config.author.as_deref().unwrap_or(&config.title)
}

/// The publication an entry was first published by, for Atom's `source`.
pub fn origin(a: &Article) -> Option<&crate::content::Link> {
    a.original
        .as_ref()
        .filter(|o| o.url.is_some())
        .or(a.source.as_ref().filter(|s| s.url.is_some()))
}

/// `feed.json`: JSON Feed 1.1, with each item's attribution in its HTML as
/// in the other feeds, so a reader showing only the item still credits it.
pub fn json_feed(site: &Site, feed: Feed, entries: &[usize]) -> String {
    let config = &site.config;
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|&i| json_feed_item(site, &site.articles[i]))
        .collect();
    let mut doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title(site),
        "home_page_url": config.permalink(&feed.alternate(site)),
        "feed_url": config.permalink(&feed.url(site)),
        "language": config.language,
        "authors": [{"name": feed_author(config), "url": config.permalink("/")}],
        "items": items,
    });
    if let Some(d) = &config.description {
        doc["description"] = json!(d);
    }
    if let Some(logo) = &config.logo {
        doc["icon"] = json!(config_absolute(config, logo));
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn json_feed_item(site: &Site, a: &Article) -> serde_json::Value {
    let config = &site.config;
    let profile = site.licences.get(&a.licence);
    let credit = profile.and_then(|p| a.credit(p, &config.title)?.ok());
    let permalink = config.permalink(&a.url);
    let html = format!(
        "{}{}",
        a.body.html(),
        attribution_html(a, profile, credit.as_deref())
    );
    let mut item = json!({
        "id": permalink,
        "url": permalink,
        "title": a.title,
        "content_html": super::absolute::absolute_links(&html, &permalink),
        "date_published": a.date.rfc3339(),
        "date_modified": a.updated.unwrap_or(a.date).rfc3339(),
    });
    let m = item.as_object_mut().expect("a JSON object");
    let summary = a.summary_text();
    if !summary.is_empty() {
        m.insert("summary".into(), json!(summary));
    }
    if let Some(u) = a.source.as_ref().and_then(|s| s.url.as_ref()) {
        m.insert("external_url".into(), json!(u));
    }
    if !a.authors.is_empty() {
        let authors: Vec<_> = a.authors.iter().map(|n| json!({"name": n})).collect();
        m.insert("authors".into(), json!(authors));
    }
    if let Some(l) = &a.language {
        m.insert("language".into(), json!(l));
    }
    if let Some(img) =
        page_image(site, a).filter(|_| a.image_allowed(&site.licences, config.commercial))
    {
        m.insert("image".into(), json!(img));
    }
    let tags: Vec<&str> = a
        .taxonomies
        .iter()
        .filter(|(name, _)| name == "tags")
        .flat_map(|(_, terms)| terms.iter().map(|t| &*t.name))
        .collect();
    if !tags.is_empty() {
        m.insert("tags".into(), json!(tags));
    }
    // JSON Feed has no rights or licence fields: extensions start with "_".
    let mut rights = json!({});
    if let Some(line) = copyright_line(a) {
        rights["copyright"] = json!(line);
    }
    if let Some(u) = profile.and_then(|p| p.url.as_ref()) {
        rights["licence"] = json!(u);
    }
    if let Some(o) = origin(a) {
        rights["source"] = json!({"name": o.name, "url": o.url});
    }
    m.insert("_rights".into(), rights);
    item
}

/// The newest date among the given articles, for a feed's `updated`.
pub fn newest(site: &Site, entries: &[usize]) -> Option<crate::content::ArticleDate> {
    entries
        .iter()
        .map(|&i| {
            let a = &site.articles[i];
            a.updated.unwrap_or(a.date)
        })
        .max_by_key(|d| d.timestamp)
}

/// Whether search engines may index the article's page here: not when its
/// profile asks for `noindex`, nor when its canonical address is elsewhere.
pub fn indexable(site: &Site, a: &Article) -> bool {
    indexable_under(site, a, site.licences.get(&a.licence))
}

/// [`indexable`], with the article's licence profile already looked up.
pub fn indexable_under(site: &Site, a: &Article, profile: Option<&Profile>) -> bool {
    let wants = |r: Rule| profile.is_some_and(|p| p.has_rule(r));
    if wants(Rule::Noindex) {
        return false;
    }
    !wants(Rule::Canonical) || canonical(&site.config, a, profile) == site.config.permalink(&a.url)
}

/// The page's canonical address: the original's where the profile asks for
/// a canonical link, else the page's own.
pub fn canonical(config: &Config, a: &Article, profile: Option<&Profile>) -> String {
    if profile.is_some_and(|p| p.has_rule(Rule::Canonical)) {
        a.original
            .as_ref()
            .and_then(|o| o.url.clone())
            .or_else(|| a.source.as_ref().and_then(|s| s.url.clone()))
            .unwrap_or_else(|| config.permalink(&a.url))
    } else {
        config.permalink(&a.url)
    }
}

pub fn robots(site: &Site) -> String {
    let sitemap = site.config.permalink("/sitemap.xml");
    // The `Sitemap:` line takes a full address only; a site built with
    // relative URLs (`base_url = "/"`) has none to give.
    if sitemap.starts_with("http") {
        format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
    } else {
        "User-agent: *\nAllow: /\n".to_owned()
    }
}

/// The copyright line in the form notices print it: "Copyright © Holder, 2014".
pub fn copyright_line(a: &Article) -> Option<String> {
    let c = a.copyright.as_ref()?;
    let holder = c.holder.as_deref()?;
    Some(match &c.year {
        Some(y) => format!("Copyright \u{a9} {holder}, {y}"),
        None => format!("Copyright \u{a9} {holder}"),
    })
}

/// The image a page shows search engines and link previews: the lead image
/// when its rights allow, else the site's default `image`.
pub fn page_image(site: &Site, a: &Article) -> Option<String> {
    let config = &site.config;
    a.image
        .as_ref()
        .filter(|_| a.image_allowed(&site.licences, config.commercial))
        .map(|img| config_absolute(config, &img.src))
        .or_else(|| config.image.as_ref().map(|i| config_absolute(config, i)))
}

/// An image or link address made absolute against the site's base URL.
pub fn config_absolute(config: &crate::config::Config, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") {
        config.permalink(src)
    } else {
        src.to_owned()
    }
}

/// The attribution a feed entry carries in its content, so that a reader
/// showing only the entry still shows the credit: byline, source with link,
/// original with link, copyright, licence, changes and the profile's credit.
pub fn attribution_html(a: &Article, profile: Option<&Profile>, credit: Option<&str>) -> String {
    use crate::render::xml::push_escaped as push;
    // Written into one buffer: every article's page and feed entries make it.
    let mut out = String::with_capacity(512);
    out.push_str("<hr><p class=\"attribution\">");
    // Sentences are joined by a space: each ends in `.`, the opening tag in `>`.
    let sentence = |out: &mut String| {
        if !out.ends_with('>') {
            out.push(' ');
        }
    };
    if !a.authors.is_empty() {
        sentence(&mut out);
        out.push_str("By ");
        push(&mut out, &crate::render::join_names(&a.authors));
        out.push('.');
    }
    let link = |out: &mut String, l: &crate::content::Link| match (&l.name, &l.url) {
        (name, Some(u)) => {
            out.push_str("<a href=\"");
            push(out, u);
            out.push_str("\">");
            push(out, name.as_deref().unwrap_or(u));
            out.push_str("</a>");
        }
        (Some(n), None) => push(out, n),
        (None, None) => {}
    };
    let shown = |l: &crate::content::Link| l.name.is_some() || l.url.is_some();
    if let Some(s) = a.source.as_ref().filter(|l| shown(l)) {
        sentence(&mut out);
        out.push_str("Republished from ");
        link(&mut out, s);
        out.push('.');
    }
    if let Some(o) = a
        .original
        .as_ref()
        .filter(|o| a.source.as_ref().is_none_or(|s| s.url != o.url))
        .filter(|l| shown(l))
    {
        sentence(&mut out);
        out.push_str("Originally published by ");
        link(&mut out, o);
        out.push('.');
    }
    if let Some(c) = copyright_line(a) {
        sentence(&mut out);
        push(&mut out, &c);
        out.push('.');
    }
    if let Some(p) = profile {
        sentence(&mut out);
        out.push_str("Licence: ");
        match &p.url {
            Some(u) => {
                out.push_str("<a rel=\"license\" href=\"");
                push(&mut out, u);
                out.push_str("\">");
                push(&mut out, &p.name);
                out.push_str("</a>.");
            }
            None => {
                push(&mut out, &p.name);
                out.push('.');
            }
        }
    }
    out.push_str("</p>");
    if let Some(c) = &a.changes {
        out.push_str("<p>Changed from the original: ");
        push(&mut out, c);
        out.push_str("</p>");
    }
    if let Some(c) = credit {
        out.push_str("<p>");
        push(&mut out, c);
        out.push_str("</p>");
    }
    out
}
