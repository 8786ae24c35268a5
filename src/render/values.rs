//! Template values that do not depend on which page is rendered: the site,
//! its licences and taxonomies, and each article's summary, image and head.

use tera::{Map, Value};

use crate::config::Config;
use crate::content::{Article, Site, Taxonomy, Term, TermRef};
use crate::licences::{Profile, Rule};
use crate::text::join_names;

use super::i18n::Translations;
use super::publish;

pub(super) fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(map(pairs))
}

/// A map of `pairs`, with room for `extra` more.
pub(super) fn map_with<const N: usize>(pairs: [(&'static str, Value); N], extra: usize) -> Map {
    let mut m = Map::with_capacity(N + extra);
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    m
}

fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Map {
    map_with(pairs, 0)
}

pub(super) fn opt_str(s: Option<String>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

/// `opt_str` for text held elsewhere: copied once, into the value.
pub(super) fn opt_ref(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

pub(super) fn link_value(link: Option<&crate::content::Link>) -> Value {
    match link {
        Some(l) => obj([
            ("name", opt_ref(l.name.as_deref())),
            ("url", opt_ref(l.url.as_deref())),
        ]),
        None => Value::none(),
    }
}

pub(super) fn site_value(site: &Site) -> Value {
    let c = &site.config;
    let licence = c
        .licence
        .as_ref()
        .and_then(|l| site.licences.get(l.get_ref()));
    let taxonomies: Vec<Value> = site
        .taxonomies
        .iter()
        .map(|t| taxonomy_value(c, t))
        .collect();
    let link = |title: &str, url: &str| {
        obj([
            ("title", title.into()),
            ("url", url.into()),
            ("permalink", c.permalink(url).into()),
        ])
    };
    let pages: Vec<Value> = site.pages.iter().map(|p| link(&p.title, &p.url)).collect();
    let sections: Vec<Value> = site
        .sections
        .iter()
        .map(|s| link(&s.title, &s.url))
        .collect();
    obj([
        ("title", c.title.as_str().into()),
        ("description", opt_ref(c.description.as_deref())),
        ("pages", Value::from(pages)),
        ("sections", Value::from(sections)),
        ("base_url", c.base_url.as_str().into()),
        ("language", c.language.as_str().into()),
        ("commercial", c.commercial.into()),
        (
            "licence",
            licence.map_or_else(Value::none, |p| licence_value(c, p)),
        ),
        ("taxonomies", Value::from(taxonomies)),
        (
            "logo",
            opt_str(c.logo.as_ref().map(|l| publish::config_absolute(c, l))),
        ),
        (
            "image",
            opt_str(c.image.as_ref().map(|l| publish::config_absolute(c, l))),
        ),
        ("author", opt_ref(c.author.as_deref())),
        ("extra", Value::from_serializable(&c.extra)),
    ])
}

pub(super) fn licence_value(config: &Config, p: &Profile) -> Value {
    let rules: Vec<Value> = p.rules.iter().map(|r| Value::from(r.id())).collect();
    obj([
        ("id", p.id.as_str().into()),
        ("name", p.name.as_str().into()),
        ("short_name", short_name(config, p).into()),
        ("url", opt_ref(p.url.as_deref())),
        ("terms", opt_ref(p.terms.as_deref())),
        ("creative_commons", p.is_creative_commons().into()),
        ("rules", Value::from(rules)),
    ])
}

/// What the theme needs to render the terms a profile sets beyond its
/// rules: where the credit stands, the tracker's element, each author in
/// the byline form, the original headline and an excerpt's trailer.
pub(super) fn insert_terms(
    m: &mut Map,
    site: &crate::content::Site,
    a: &Article,
    profile: Option<&Profile>,
) {
    let c = profile.map(|p| &p.conditions);
    m.insert(
        "credit_position".into(),
        opt_str(c.and_then(|c| c.credit_position).map(|p| p.id().to_owned())),
    );
    m.insert(
        "pixel_kind".into(),
        c.map_or("img", |c| c.pixel.id()).into(),
    );
    let bylines: Vec<Value> = match (profile, c.and_then(|c| c.byline.as_ref())) {
        (Some(p), Some(form)) => a
            .byline_forms(form, p, &site.config.title)
            .into_iter()
            .filter_map(|(_, filled)| filled.ok().map(Value::from))
            .collect(),
        _ => Vec::new(),
    };
    m.insert("bylines".into(), Value::from(bylines));
    m.insert(
        "original_title".into(),
        opt_ref(a.original_title.as_deref()),
    );
    // The first publisher's licence, when the article names it: the page must
    // carry that licence's notice as well as the notice it was taken under.
    let upstream = a
        .original_licence
        .as_deref()
        .and_then(|id| site.licences.get(id))
        .map_or_else(Value::none, |p| licence_value(&site.config, p));
    m.insert("original_licence".into(), upstream);
    let trailer = match (profile, c.and_then(|c| c.excerpt.as_ref())) {
        (Some(p), Some(e)) => e
            .trailer
            .as_ref()
            .and_then(|t| t.fill(|x| a.credit_value(x, p, &site.config.title)).ok()),
        _ => None,
    };
    m.insert("excerpt_trailer".into(), opt_str(trailer));
}

/// What readers see of a licence: "CC BY-NC-ND 4.0" for a Creative Commons
/// profile, a configured profile's `short` (else its `name`), never an id.
pub fn short_name(config: &Config, p: &Profile) -> String {
    if let crate::licences::Origin::Config { .. } = p.origin {
        let table = config
            .licences
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(&p.id));
        return table
            .and_then(|(_, t)| t.get_ref().short.clone())
            .unwrap_or_else(|| p.name.clone());
    }
    match p.id.strip_prefix("CC-") {
        // CC-BY-NC-ND-4.0 → CC BY-NC-ND 4.0; the Public Domain Mark keeps its name.
        Some(rest) if !rest.starts_with("PDM") => match rest.rsplit_once('-') {
            Some((elements, version)) => format!("CC {elements} {version}"),
            None => p.name.clone(),
        },
        _ => match p.id.split_once('-') {
            Some(("CC0", version)) => format!("CC0 {version}"),
            _ => p.name.clone(),
        },
    }
}

/// The language an article is shown in: its own, else the site's.
pub(super) fn language_of<'a>(config: &'a Config, a: &'a Article) -> &'a str {
    a.language.as_deref().unwrap_or(&config.language)
}

pub(super) fn taxonomy_value(config: &Config, t: &Taxonomy) -> Value {
    obj([
        ("name", t.name.as_str().into()),
        ("url", t.url.as_str().into()),
        ("permalink", config.permalink(&t.url).into()),
        ("count", t.terms.len().into()),
    ])
}

pub(super) fn term_value(config: &Config, t: &Term) -> Value {
    obj([
        ("name", t.name.as_str().into()),
        ("slug", t.slug.as_str().into()),
        ("url", t.url.as_str().into()),
        ("permalink", config.permalink(&t.url).into()),
        ("count", t.articles.len().into()),
    ])
}

/// Values many summaries hold alike, made once and shared between them
/// (tera's maps are reference-counted): each licence and each term.
pub(super) struct Shared {
    licences: foldhash::HashMap<String, Value>,
    /// By taxonomy, then slug: each term as its own page names it, which
    /// is how nearly every article spells it.
    terms: foldhash::HashMap<String, foldhash::HashMap<String, (String, Value)>>,
}

impl Shared {
    pub(super) fn new(site: &Site) -> Shared {
        let licences = site
            .licences
            .iter()
            .map(|p| (p.id.clone(), licence_value(&site.config, p)))
            .collect();
        // From the taxonomies, not the articles: serve makes this on every
        // save, and a site has far fewer terms than articles.
        let terms = site
            .taxonomies
            .iter()
            .map(|t| {
                let by_slug = t
                    .terms
                    .iter()
                    .map(|term| {
                        let value = term_ref_value(site, &t.name, &term.name, &term.slug);
                        (term.slug.clone(), (term.name.clone(), value))
                    })
                    .collect();
                (t.name.clone(), by_slug)
            })
            .collect();
        Shared { licences, terms }
    }

    fn licence(&self, site: &Site, p: &Profile) -> Value {
        match self.licences.get(&p.id) {
            Some(v) => v.clone(),
            None => licence_value(&site.config, p),
        }
    }

    fn term(&self, site: &Site, taxonomy: &str, t: &TermRef) -> Value {
        match self
            .terms
            .get(taxonomy)
            .and_then(|known| known.get(&*t.slug))
        {
            Some((name, v)) if **name == *t.name => v.clone(),
            _ => term_ref_value(site, taxonomy, &t.name, &t.slug),
        }
    }
}

/// A term as an article's summary shows it, spelt `name`.
fn term_ref_value(site: &Site, taxonomy: &str, name: &str, slug: &str) -> Value {
    let url = Term::url_of(taxonomy, slug);
    let permalink = site.config.permalink(&url);
    obj([
        ("name", name.into()),
        ("slug", slug.into()),
        ("url", url.into()),
        ("permalink", permalink.into()),
    ])
}

/// What list pages and the article page share, with room for `extra` more
/// entries (an article page's own).
pub(super) fn summary_map(
    site: &Site,
    words: &Translations,
    shared: &Shared,
    a: &Article,
    extra: usize,
) -> Map {
    let language = language_of(&site.config, a);
    let profile = site.licences.get(&a.licence);
    let mut taxonomies = Map::new();
    for (name, terms) in &a.taxonomies {
        let list: Vec<Value> = terms.iter().map(|t| shared.term(site, name, t)).collect();
        taxonomies.insert(name.clone().into(), Value::from(list));
    }
    let authors: Vec<Value> = a.authors.iter().map(|s| Value::from(s.as_str())).collect();
    map_with(
        [
            ("title", a.title.as_str().into()),
            ("url", a.url.as_str().into()),
            ("permalink", site.config.permalink(&a.url).into()),
            ("date", a.date.iso().into()),
            ("date_display", words.date(&a.date, language).into()),
            ("language", language.into()),
            ("year", i64::from(a.date.year()).into()),
            ("authors", Value::from(authors)),
            ("authors_text", join_names(&a.authors).into()),
            // `authors` stays a list of names for existing themes; the details
            // (affiliation, profile url) sit beside it.
            (
                "author_details",
                Value::from(
                    a.author_details
                        .iter()
                        .map(|au| {
                            obj([
                                ("name", au.name.as_str().into()),
                                (
                                    "affiliation",
                                    au.affiliation
                                        .as_deref()
                                        .map_or_else(Value::none, Value::from),
                                ),
                                (
                                    "url",
                                    au.url.as_deref().map_or_else(Value::none, Value::from),
                                ),
                            ])
                        })
                        .collect::<Vec<Value>>(),
                ),
            ),
            ("summary", a.summary_text().into()),
            ("source", link_value(a.source.as_ref())),
            ("original", link_value(a.original.as_ref())),
            (
                "licence",
                profile.map_or_else(Value::none, |p| shared.licence(site, p)),
            ),
            ("taxonomies", Value::from(taxonomies)),
            ("image", image_value(site, a)),
            (
                "reading_time",
                a.body.word_count.div_ceil(200).max(1).into(),
            ),
        ],
        extra,
    )
}

pub(super) fn copyright_value(a: &Article) -> Value {
    match &a.copyright {
        Some(c) => obj([
            ("holder", opt_ref(c.holder.as_deref())),
            ("year", opt_ref(c.year.as_deref())),
        ]),
        None => Value::none(),
    }
}

pub(super) fn permission_value(a: &Article) -> Value {
    match &a.permission {
        Some(p) => {
            let covers: Vec<Value> = p.covers.iter().map(|c| Value::from(c.as_str())).collect();
            obj([
                ("granted_by", opt_ref(p.granted_by.as_deref())),
                ("date", opt_str(p.date.map(|d| d.iso()))),
                ("reference", opt_ref(p.reference.as_deref())),
                ("covers", Value::from(covers)),
            ])
        }
        None => Value::none(),
    }
}

/// The lead image, with `allowed` saying whether its rights let it be shown.
pub(super) fn image_value(site: &Site, a: &Article) -> Value {
    match &a.image {
        Some(img) => obj([
            ("src", img.src.as_str().into()),
            (
                "permalink",
                publish::config_absolute(&site.config, &img.src).into(),
            ),
            ("alt", opt_ref(img.alt.as_deref())),
            ("credit", opt_ref(img.credit.as_deref())),
            ("licence", opt_ref(img.licence.as_deref())),
            (
                "allowed",
                a.image_allowed(&site.licences, site.config.commercial)
                    .into(),
            ),
        ]),
        None => Value::none(),
    }
}

/// Search-engine signals the article's profile asks for: a canonical link to
/// the original, `noindex`, or by default a canonical link to this page.
pub(super) fn head_value(site: &Site, a: &Article, profile: Option<&Profile>) -> Value {
    let wants = |r: Rule| profile.is_some_and(|p| p.has_rule(r));
    obj([
        (
            "canonical",
            publish::canonical(&site.config, a, profile).into(),
        ),
        ("noindex", wants(Rule::Noindex).into()),
        ("image", opt_str(publish::page_image(site, a))),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_like_a_sentence() {
        let n = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&["A"]), "A");
        assert_eq!(n(&["A", "B"]), "A and B");
        assert_eq!(n(&["A", "B", "C"]), "A, B and C");
    }
}
