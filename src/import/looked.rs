//! Where an import looked for each fact, for the comment beside a
//! `FILL-IN`: a page's markup, or a feed entry's elements, which have no
//! JSON-LD, meta tags or dateline.

/// The places named for each field.
pub struct Looked {
    pub title: &'static str,
    pub date: &'static str,
    pub authors: &'static str,
    pub licence: &'static str,
    pub source_name: &'static str,
    pub source_url: &'static str,
    pub holder: &'static str,
    pub year: &'static str,
    pub image_credit: &'static str,
    pub body: &'static str,
}

pub const PAGE: Looked = Looked {
    title: "JSON-LD headline, og:title, <h1>, <title>",
    date: "JSON-LD datePublished, article:published_time, <time>, the dateline",
    authors: "JSON-LD author, citation_author, meta author, the visible byline",
    licence: "JSON-LD license, rel=license links, licence notices around the story",
    source_name: "JSON-LD publisher, og:site_name, feed title",
    source_url: "the fetched address, link rel=canonical, og:url, the snippet's links",
    holder: "JSON-LD copyrightHolder, © and Copyright notices around the story",
    year: "JSON-LD copyrightYear, © and Copyright notices around the story",
    image_credit: "JSON-LD image credit, the caption",
    body: "the page's main content, which held no text",
};

pub const FEED: Looked = Looked {
    title: "the entry's <title> (JSON Feed title)",
    date: "the entry's <published>, <pubDate>, <dc:date> (JSON Feed date_published)",
    authors: "the entry's <author>, <dc:creator> (JSON Feed authors), a byline in its content",
    licence: "the entry's and the feed's <creativeCommons:license>, <cc:license>, <dcterms:license>, <link rel=\"license\">, <rights>, <dc:rights>, licence notices closing the entry's content",
    source_name: "the feed's <title>",
    source_url: "the entry's <link> (JSON Feed url)",
    holder: "the entry's and the feed's <rights>, <copyright>, <dc:rights>, © and Copyright notices closing the entry's content",
    year: "the entry's and the feed's <rights>, <copyright>, <dc:rights>, © and Copyright notices closing the entry's content",
    image_credit: "the entry's <media:credit>",
    body: "the entry's <content:encoded>, <content>, <description> (JSON Feed content_html, content_text), which held no text",
};
