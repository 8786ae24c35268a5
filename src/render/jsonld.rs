//! schema.org `NewsArticle` for a republished article: this site as
//! publisher, the original newsroom as source organisation and copyright
//! holder, and the original as what the page is based on.
//!
//! Every article page carries one, so it is written straight from typed
//! values rather than built as a JSON tree. Keys are in byte order, as
//! they always were, so a page's JSON-LD does not change between versions.

use serde::Serialize;

use super::publish::{config_absolute, copyright_line, page_image};
use crate::config::Config;
use crate::content::{Article, Site};
use crate::licences::Profile;

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acquireLicensePage", skip_serializing_if = "Option::is_none")]
    acquire_licence_page: Option<&'a str>,
    /// An article without a byline has no `author` at all, never an empty list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person<'a>>,
    #[serde(rename = "copyrightHolder", skip_serializing_if = "Option::is_none")]
    copyright_holder: Option<Organization<'a>>,
    #[serde(rename = "copyrightNotice", skip_serializing_if = "Option::is_none")]
    copyright_notice: Option<String>,
    #[serde(rename = "copyrightYear", skip_serializing_if = "Option::is_none")]
    copyright_year: Option<Year<'a>>,
    #[serde(rename = "creditText", skip_serializing_if = "Option::is_none")]
    credit_text: Option<String>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: WebPage<'a>,
    publisher: Publisher<'a>,
    #[serde(rename = "sourceOrganization", skip_serializing_if = "Option::is_none")]
    source_organization: Option<Organization<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Organization<'a> {
    fn new(name: Option<&'a str>, url: Option<&'a str>) -> Organization<'a> {
        Organization {
            kind: "Organization",
            name,
            url,
        }
    }
}

/// This site as the publisher, with its logo when configured.
#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<ImageObject>,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ImageObject {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
}

/// A copyright year as a number when it is one, else as written.
#[derive(Serialize)]
#[serde(untagged)]
enum Year<'a> {
    Number(u32),
    Text(&'a str),
}

/// The page's JSON-LD document, safe to place inside `<script>`.
pub fn json_ld(
    site: &Site,
    a: &Article,
    profile: Option<&Profile>,
    credit: Option<&str>,
) -> String {
    let config = &site.config;
    let url = config.permalink(&a.url);
    let origin = a.original.as_ref().or(a.source.as_ref());
    let doc = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        acquire_licence_page: profile.and_then(|p| p.terms.as_deref()),
        author: authors(a),
        copyright_holder: a
            .copyright
            .as_ref()
            .and_then(|c| c.holder.as_deref())
            .map(|h| Organization::new(Some(h), None)),
        copyright_notice: copyright_line(a),
        copyright_year: a
            .copyright
            .as_ref()
            .and_then(|c| c.year.as_deref())
            .map(|y| y.parse().map_or(Year::Text(y), Year::Number)),
        credit_text: credit.map(str::to_owned).or_else(|| {
            a.source
                .as_ref()
                .and_then(|s| s.name.as_ref())
                .map(|n| format!("Republished from {n}"))
        }),
        date_modified: a.updated.unwrap_or(a.date).rfc3339(),
        date_published: a.date.rfc3339(),
        headline: &a.title,
        image: page_image(site, a).map(|image| [image]),
        in_language: a.language.as_deref().unwrap_or(&config.language),
        is_based_on: origin.and_then(|o| o.url.as_deref()),
        license: profile.and_then(|p| p.url.as_deref()),
        main_entity_of_page: WebPage {
            id: &url,
            kind: "WebPage",
        },
        publisher: publisher(config),
        source_organization: origin
            .filter(|o| o.name.is_some() || o.url.is_some())
            .map(|o| Organization::new(o.name.as_deref(), o.url.as_deref())),
        url: &url,
    };
    script_safe(serde_json::to_string(&doc).unwrap_or_default())
}

/// JSON text that cannot change how the HTML parser reads the `<script>`
/// around it. Escaping "</" alone is not enough: "<!--" followed by
/// "<script" puts the parser into its double-escaped state, where the
/// element's own `</script>` no longer closes it and the rest of the page
/// becomes script text. JSON allows `\u003c` wherever `<` appears (only
/// inside strings), so every `<` is written that way; most documents hold
/// none, and are not copied.
fn script_safe(text: String) -> String {
    match memchr::memchr(b'<', text.as_bytes()) {
        Some(_) => text.replace('<', "\\u003c"),
        None => text,
    }
}

fn publisher(config: &Config) -> Publisher<'_> {
    Publisher {
        kind: "Organization",
        logo: config.logo.as_ref().map(|logo| ImageObject {
            kind: "ImageObject",
            url: config_absolute(config, logo),
        }),
        name: &config.title,
        url: config.permalink("/"),
    }
}

/// The byline's people, each with the page that identifies them when the
/// article gives one: the author's own `url`, else `extra.author_urls`
/// (name to address).
fn authors(a: &Article) -> Vec<Person<'_>> {
    let urls = a.extra.get("author_urls");
    a.authors
        .iter()
        .map(|n| {
            let own = a
                .author_details
                .iter()
                .find(|d| &d.name == n)
                .and_then(|d| d.url.as_deref());
            // `extra` is the user's own: only a web address goes out.
            let extra = urls.and_then(|u| u.get(n)).and_then(|u| u.as_str());
            Person {
                kind: "Person",
                name: n,
                url: own.or(extra).filter(|u| crate::urls::is_absolute_web(u)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn no_text_inside_the_script_can_open_or_close_a_tag() {
        let json = serde_json::json!({
            "a": "x <!--",
            "b": "</script><script>alert(1)</script>",
            "c": "<SCRIPT>",
        })
        .to_string();
        let safe = script_safe(json.clone());
        assert!(!safe.contains('<'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        );
        assert_eq!(script_safe("{\"a\":\"b\"}".into()), "{\"a\":\"b\"}");
    }
}
