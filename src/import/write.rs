//! The article file an import writes: every fact found, a `FILL-IN` with a
//! comment saying where it looked for every fact not found.

use super::facts::{Facts, Found};
use super::looked::Looked;
use crate::scaffold::PLACEHOLDER;

/// Where an import came from and when, for the `imported` record.
pub struct Provenance<'a> {
    pub at: &'a str,
    pub from: &'a str,
    /// Where the import looked: a page's markup or a feed entry's elements.
    pub looked: &'a super::looked::Looked,
}

/// A YAML double-quoted scalar. JSON string syntax is valid YAML and
/// escapes quotes, backslashes and control characters; quoting every
/// string keeps colons, `#` and leading dashes literal.
pub fn q(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

fn fill(what: &str, looked: &str) -> String {
    format!(
        "{}  # not found; looked in {looked}",
        q(&format!("{PLACEHOLDER} {what}"))
    )
}

/// `key: value`, or, when nothing was found, a placeholder saying what
/// belongs there and where the import looked.
fn line(key: &str, value: Option<String>, what: &str, looked: &str) -> String {
    format!("{key}: {}", value.unwrap_or_else(|| fill(what, looked)))
}

/// One nested field: its key, its value if found, what belongs there and
/// where the import looked.
type Field<'a> = (&'a str, Option<String>, &'a str, &'a str);

/// A mapping's first line and its fields, each filled or left to fill.
fn mapping(fm: &mut Vec<String>, head: String, fields: impl IntoIterator<Item = Field<'static>>) {
    fm.push(head);
    for (key, value, what, looked) in fields {
        fm.push(line(key, value, what, looked));
    }
}

fn from<T>(f: &Found<T>) -> String {
    format!("  # from {}", f.from)
}

/// A found string, quoted, with where it was found.
fn quoted(f: &Option<Found<String>>) -> Option<String> {
    f.as_ref().map(|v| format!("{}{}", q(&v.value), from(v)))
}

/// A found value written as it is (a date, a year), with where it was found.
fn plain<T: std::fmt::Display>(f: &Option<Found<T>>) -> Option<String> {
    f.as_ref().map(|v| format!("{}{}", v.value, from(v)))
}

/// The whole file: front matter, then the Markdown body.
pub fn article(facts: &Facts, licence_flag: Option<&str>, body: &str, prov: &Provenance) -> String {
    let mut fm: Vec<String> = Vec::new();
    fm.push(
        "# Imported by reprint; check every value against the source before publishing.".into(),
    );
    let looked = prov.looked;
    fm.push(line(
        "title",
        quoted(&facts.title),
        "the headline",
        looked.title,
    ));
    // A date of change alone is no date of publication, but the editor
    // should see it.
    let date_looked = match &facts.updated {
        Some(u) if facts.date.is_none() => {
            format!(
                "{}; the source gives only the date it was updated, {}, kept as `updated`",
                looked.date, u.value
            )
        }
        _ => looked.date.to_owned(),
    };
    fm.push(line(
        "date",
        plain(&facts.date),
        "the publication date at the source",
        &date_looked,
    ));
    if let Some(u) = &facts.updated {
        fm.push(format!("updated: {}{}", u.value, from(u)));
    }
    authors(&mut fm, facts, looked);
    fm.push(match (licence_flag, &facts.licence) {
        (Some(id), _) => format!("licence: {id}  # from --licence"),
        (None, Some(l)) => format!("licence: {}{}", l.value, from(l)),
        (None, None) => match &facts.licence_doubt {
            Some(why) => format!(
                "licence: {}  # not taken: {why}",
                q(&format!("{PLACEHOLDER} the licence profile id"))
            ),
            None => format!(
                "licence: {}",
                fill("the licence profile id", looked.licence)
            ),
        },
    });
    source(&mut fm, facts, looked);
    original(&mut fm, facts);
    copyright(&mut fm, facts, looked);
    image(&mut fm, facts, looked);
    match &facts.pixel {
        Some(p) if p.value.script => {
            fm.push(format!("pixel: {}{}", q(&p.value.url), from(p)));
            fm.push(
                "# The publisher's tracker is a <script>, not an <img>: the pixel rule needs the theme to load it as a script."
                    .into(),
            );
        }
        Some(p) => fm.push(format!("pixel: {}{}", q(&p.value.url), from(p))),
        None => {}
    }
    // No text found is no article: a fingerprint of nothing would let an
    // empty copy pass as unchanged.
    let body = match (body.trim().is_empty(), &facts.excerpt) {
        (true, _) => format!(
            "{PLACEHOLDER} the article's text: none was found on the page; paste it here as published\n"
        ),
        // An excerpt kept as the story would be a cut-down copy: `check`
        // refuses the placeholder until the whole text replaces it.
        (false, Some(why)) => format!(
            "{PLACEHOLDER} the article's whole text: the feed gives only an excerpt ({why}); paste the story as published at {} in place of this excerpt\n\n{body}",
            facts
                .source_url
                .as_ref()
                .map_or("its source", |u| u.value.as_str())
        ),
        (false, None) => body.to_owned(),
    };
    match (body.starts_with(PLACEHOLDER), &facts.excerpt) {
        (true, Some(why)) => fm.push(format!(
            "fingerprint: {}  # not taken: the body is the feed's excerpt ({why}); run `reprint fingerprint FILE` once the whole text is in",
            q(&format!(
                "{PLACEHOLDER} the fingerprint of the article's whole text"
            ))
        )),
        (true, None) => fm.push(format!(
            "fingerprint: {}",
            fill("the fingerprint of the article's text", looked.body)
        )),
        (false, _) => fm.push(format!(
            "fingerprint: {}  # of the imported body",
            crate::content::fingerprint(&body)
        )),
    }
    fm.push("imported:".into());
    fm.push(format!("  at: {}", prov.at));
    fm.push(format!("  from: {}", q(prov.from)));
    format!("---\n{}\n---\n{}", fm.join("\n"), body)
}

fn authors(fm: &mut Vec<String>, facts: &Facts, looked: &Looked) {
    let Some(a) = &facts.authors else {
        // A block list: a comment inside a flow list `[…]` would swallow
        // its closing bracket.
        fm.push("authors:".to_owned());
        fm.push(format!("  - {}", fill("the author's name", looked.authors)));
        return;
    };
    fm.push(format!("authors:{}", from(a)));
    for author in &a.value {
        match &author.affiliation {
            Some(aff) => fm.push(format!(
                "  - {{name: {}, affiliation: {}}}",
                q(&author.name),
                q(aff)
            )),
            None => fm.push(format!("  - {}", q(&author.name))),
        }
    }
}

fn source(fm: &mut Vec<String>, facts: &Facts, looked: &Looked) {
    let name = quoted(&facts.source_name);
    let url = quoted(&facts.source_url);
    mapping(
        fm,
        "source:".into(),
        [("  name", name, "the publication", looked.source_name)],
    );
    fm.push(match (url, &facts.source_url_doubt) {
        (None, Some(why)) => format!(
            "  url: {}  # not taken: {why}",
            q(&format!("{PLACEHOLDER} the article's address"))
        ),
        (url, _) => line("  url", url, "the article's address", looked.source_url),
    });
}

fn original(fm: &mut Vec<String>, facts: &Facts) {
    let Some(o) = &facts.original else { return };
    let name = o.value.name.as_ref().map(|n| q(n));
    let url = o.value.url.as_ref().map(|u| q(u));
    mapping(
        fm,
        format!("original:{}", from(o)),
        [
            (
                "  name",
                name,
                "the first publisher",
                "the notice's link text",
            ),
            (
                "  url",
                url,
                "the first publication's address",
                "the notice's link (a placeholder or missing)",
            ),
        ],
    );
    if let Some(t) = &o.value.title {
        fm.push(format!("  title: {}", q(t)));
    }
    if let Some(l) = &o.value.licence {
        fm.push(format!("  licence: {l}"));
    }
}

fn copyright(fm: &mut Vec<String>, facts: &Facts, looked: &Looked) {
    let holder = quoted(&facts.copyright_holder);
    let year = plain(&facts.copyright_year);
    mapping(
        fm,
        "copyright:".into(),
        [
            ("  holder", holder, "the copyright holder", looked.holder),
            ("  year", year, "the year of the notice", looked.year),
        ],
    );
}

fn image(fm: &mut Vec<String>, facts: &Facts, looked: &Looked) {
    let Some(i) = &facts.image else { return };
    fm.push(format!("image:{}", from(i)));
    fm.push(format!("  src: {}", q(&i.value.src)));
    if let Some(alt) = &i.value.alt {
        fm.push(format!("  alt: {}", q(alt)));
    }
    fm.push(line(
        "  credit",
        i.value.credit.as_ref().map(|c| q(c)),
        "the photographer or agency",
        looked.image_credit,
    ));
    // A photo is rarely covered by the article's licence: assume not.
    fm.push("  licence: all-rights-reserved".into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facts::found;

    #[test]
    fn quoting_keeps_yaml_literal() {
        assert_eq!(q(r#"A: "b" #c"#), r#""A: \"b\" #c""#);
        let facts = Facts {
            title: found("Iran: \"No\" #1".to_owned(), "og:title"),
            ..Facts::default()
        };
        let text = article(
            &facts,
            None,
            "Body.\n",
            &Provenance {
                at: "2026-01-01T00:00:00Z",
                from: "x",
                looked: &crate::import::looked::PAGE,
            },
        );
        assert!(text.contains("title: \"Iran: \\\"No\\\" #1\"  # from og:title"));
        assert!(text.contains(
            "date: \"FILL-IN: the publication date at the source\"  # not found; looked in"
        ));
        assert!(text.contains("licence: \"FILL-IN:"));
        assert!(text.ends_with("---\nBody.\n"));
    }

    #[test]
    fn no_text_found_is_a_placeholder_not_a_fingerprint_of_nothing() {
        let prov = Provenance {
            at: "2026-01-01T00:00:00Z",
            from: "x",
            looked: &crate::import::looked::PAGE,
        };
        let text = article(&Facts::default(), None, "\n", &prov);
        assert!(text.contains("fingerprint: \"FILL-IN:"), "{text}");
        assert!(text.contains("---\nFILL-IN: the article's text"), "{text}");
        assert!(!text.contains(&crate::content::fingerprint("")));
    }
}
