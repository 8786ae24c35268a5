//! Facts from JSON-LD `NewsArticle` / `Article` blocks: the most trusted source.

use scraper::{Html, Selector};
use serde_json::Value;

use super::facts::{Author, Facts, Found, Image, Original, found, iso_date};
use super::licence;

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
];

pub fn extract(doc: &Html) -> Facts {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).expect("selector");
    for script in doc.select(&selector) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut nodes = Vec::new();
        flatten(&value, &mut nodes);
        if let Some(article) = nodes.iter().find(|n| is_article(n)) {
            return facts(&resolve(article, &nodes, 3));
        }
    }
    Facts::default()
}

/// Top-level arrays and `@graph` lists hold the nodes side by side.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| flatten(v, out)),
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                flatten(graph, out);
            }
        }
        _ => {}
    }
}

/// `value` with each reference to another node of the same document
/// (`{"@id": "…#/schema/person/1"}`, as Yoast writes an article's author,
/// publisher and copyright holder) replaced by that node, `depth` levels
/// down: a node that refers back to the article cannot loop.
fn resolve(value: &Value, nodes: &[&Value], depth: usize) -> Value {
    match value {
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| resolve(v, nodes, depth)).collect())
        }
        Value::Object(map) if depth > 0 => {
            let target = map
                .get("@id")
                .and_then(Value::as_str)
                .filter(|_| map.keys().all(|k| k == "@id" || k == "@type"))
                .and_then(|id| {
                    nodes.iter().find(|n| {
                        n.get("@id").and_then(Value::as_str) == Some(id)
                            && n.as_object().is_some_and(|m| m.len() > 1)
                    })
                });
            match target {
                Some(node) => resolve(node, nodes, depth - 1),
                None => Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), resolve(v, nodes, depth - 1)))
                        .collect(),
                ),
            }
        }
        other => other.clone(),
    }
}

fn is_article(node: &Value) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => text(map.get("name")).or_else(|| text(map.get("url"))),
        Value::Array(items) => items.iter().find_map(|v| text(Some(v))),
        _ => None,
    }
}

fn authors(value: &Value) -> Vec<Author> {
    match value {
        Value::Array(items) => items.iter().flat_map(authors).collect(),
        // "Jane Doe and John Roe", "By Jane Doe": a byline's words.
        Value::String(s) if !s.trim().is_empty() => super::byline::names(s),
        Value::Object(map) => text(map.get("name"))
            .map(|name| Author {
                name,
                affiliation: text(map.get("affiliation").or(map.get("worksFor"))),
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

fn facts(a: &Value) -> Facts {
    let mut f = Facts {
        title: text(a.get("headline"))
            .or_else(|| text(a.get("name")))
            .and_then(|t| found(t, "JSON-LD headline")),
        date: text(a.get("datePublished"))
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "JSON-LD datePublished")),
        updated: text(a.get("dateModified"))
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "JSON-LD dateModified")),
        source_name: text(a.get("publisher")).and_then(|p| found(p, "JSON-LD publisher")),
        copyright_holder: text(a.get("copyrightHolder"))
            .and_then(|h| found(h, "JSON-LD copyrightHolder")),
        copyright_year: text(a.get("copyrightYear"))
            .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
            .and_then(|y| found(y, "JSON-LD copyrightYear")),
        ..Facts::default()
    };
    if let Some(list) = a.get("author").map(authors).filter(|l| !l.is_empty()) {
        f.authors = found(list, "JSON-LD author");
    }
    if let Some(l) = text(a.get("license")) {
        let id = licence::id_from_url(&l).or_else(|| licence::id_from_name(&l));
        if let Some(id) = id {
            f.licence = found(id, "JSON-LD license");
        }
    }
    f.original = a.get("isBasedOn").and_then(based_on);
    f.image = a.get("image").and_then(image);
    f
}

/// The work an article is based on: its address, publisher and title.
fn based_on(based: &Value) -> Option<Found<Original>> {
    let url = match based {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => text(m.get("url")).or_else(|| text(m.get("@id"))),
        _ => None,
    };
    let name = match based {
        Value::Object(m) => text(m.get("publisher")),
        _ => None,
    };
    let title = match based {
        Value::Object(m) => text(m.get("headline")).or_else(|| text(m.get("name"))),
        _ => None,
    };
    if url.is_none() && name.is_none() {
        return None;
    }
    found(
        Original {
            name,
            url: url.filter(|u| u.starts_with("http")),
            title,
            licence: None,
        },
        "JSON-LD isBasedOn",
    )
}

/// The first lead image: its address, caption and credit.
fn image(img: &Value) -> Option<Found<Image>> {
    let first = match img {
        Value::Array(items) => items.first(),
        other => Some(other),
    };
    let first = first?;
    let src = match first {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => text(m.get("url")).or_else(|| text(m.get("contentUrl"))),
        _ => None,
    }?;
    let credit = first
        .get("creditText")
        .or(first.get("copyrightHolder"))
        .or(first.get("author"));
    found(
        Image {
            src,
            alt: text(first.get("caption")),
            credit: text(credit),
        },
        "JSON-LD image",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_graph_and_author_arrays() {
        let html = Html::parse_document(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Site"},
            {"@type":["NewsArticle"],"headline":"A: \"quoted\"","datePublished":"2024-05-01T09:00:00-04:00",
             "author":[{"@type":"Person","name":"Ana Ruiz","affiliation":{"name":"Univ. X"}},"Bo Li"],
             "publisher":{"@type":"Organization","name":"ProPublica"},
             "license":"https://creativecommons.org/licenses/by-nc-nd/3.0/us/",
             "copyrightYear":2024,"copyrightHolder":{"name":"Pro Publica Inc."}}]}</script>"#,
        );
        let f = extract(&html);
        assert_eq!(f.title.unwrap().value, "A: \"quoted\"");
        assert_eq!(f.date.unwrap().value, "2024-05-01T09:00:00-04:00");
        let authors = f.authors.unwrap().value;
        assert_eq!(authors[0].affiliation.as_deref(), Some("Univ. X"));
        assert_eq!(authors[1].name, "Bo Li");
        assert_eq!(f.source_name.unwrap().value, "ProPublica");
        assert_eq!(f.licence.unwrap().value, "CC-BY-NC-ND-3.0");
        assert_eq!(f.copyright_year.unwrap().value, "2024");
        assert_eq!(f.copyright_holder.unwrap().value, "Pro Publica Inc.");
    }

    #[test]
    fn resolves_references_to_other_nodes_of_the_graph() {
        let html = Html::parse_document(
            r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"NewsArticle","@id":"https://v.example/s#article","headline":"Cooling centers",
             "isPartOf":{"@id":"https://v.example/s"},
             "author":[{"@id":"https://v.example/#/schema/person/a1"},{"@id":"https://v.example/#/schema/person/b2"}],
             "publisher":{"@id":"https://v.example/#organization"},
             "copyrightHolder":{"@id":"https://v.example/#organization"}},
            {"@type":"WebPage","@id":"https://v.example/s","mainEntity":{"@id":"https://v.example/s#article"}},
            {"@type":"Organization","@id":"https://v.example/#organization","name":"Valley Ledger"},
            {"@type":"Person","@id":"https://v.example/#/schema/person/a1","name":"Rosa Alvarez"},
            {"@type":"Person","@id":"https://v.example/#/schema/person/b2","name":"Tom Becker"}]}</script>"##,
        );
        let f = extract(&html);
        let names: Vec<String> = f
            .authors
            .unwrap()
            .value
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Rosa Alvarez", "Tom Becker"]);
        assert_eq!(f.copyright_holder.unwrap().value, "Valley Ledger");
        assert_eq!(f.source_name.unwrap().value, "Valley Ledger");
    }
}
