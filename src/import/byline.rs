//! Author names from a byline's words: "By Maya Lin and Robert Ochoa,
//! ProPublica" names two people, and the outlet after them is no author.

use scraper::Html;

use super::facts::{Author, Found, clean, found};
use super::page::sel;

/// Words that open a byline before the names, in the languages seen.
const LEAD_INS: &[&str] = &[
    "by",
    "written by",
    "story by",
    "words by",
    "reporting by",
    "text by",
    "report by",
    "por",
    "par",
    "von",
    "di",
    "door",
];

/// Wire services a byline names after the reporters without a comma
/// ("By JAMIE STENGLE and KEN MILLER Associated Press").
const WIRES: &[&str] = &[
    "associated press",
    "the associated press",
    "reuters",
    "afp",
    "ap",
];

/// The people a byline's words name: without the lead-in ("By", "Written
/// by", "Por"), what follows a bar or slash ("| Photos by …", "/ The Texas
/// Tribune"), the outlet after the names, and a wire service's name.
pub(super) fn names(raw: &str) -> Vec<Author> {
    let raw = clean(raw);
    let mut text = raw.as_str();
    for sep in [" | ", " / ", " — ", " – "] {
        if let Some((first, _)) = text.split_once(sep) {
            text = first;
        }
    }
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = LEAD_INS.iter().find_map(|l| {
        lower
            .strip_prefix(l)
            .filter(|r| r.starts_with(' '))
            .map(|r| text.len() - r.len())
    }) {
        text = text[rest..].trim_start_matches([' ', ':']);
    }
    split_names(text)
        .into_iter()
        .map(|a| Author {
            name: without_wire(&a.name),
            ..a
        })
        .filter(|a| !a.name.is_empty())
        .collect()
}

/// "KEN MILLER Associated Press" → "Ken Miller": a wire service named
/// after the reporter goes, and a name in capitals is written as a name.
fn without_wire(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = WIRES
        .iter()
        .filter_map(|w| lower.strip_suffix(w).filter(|r| r.ends_with(' ')))
        .map(str::len)
        .max();
    // Only after a person's name: "The Associated Press" alone stays.
    let name = match cut {
        Some(len) if name[..len].split_whitespace().count() > 1 => name[..len].trim(),
        _ => name,
    };
    let shouting = name.chars().any(char::is_alphabetic)
        && !name.chars().any(char::is_lowercase)
        && name.split_whitespace().count() > 1;
    if !shouting {
        return name.to_owned();
    }
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Ana Ruiz and Bo Li" / "Ana Ruiz, Bo Li" as two names.
fn split_names(text: &str) -> Vec<Author> {
    let names: Vec<String> = text
        .replace(" and ", ",")
        .replace(" & ", ",")
        .split(',')
        .map(clean)
        .map(|n| n.strip_prefix("and ").map(str::to_owned).unwrap_or(n))
        .filter(|n| !n.is_empty())
        .collect();
    // A person has a first name and a surname; "ProPublica" or
    // "CalMatters" after the names is the outlet.
    let person = |n: &str| !is_organisation(n) && n.split_whitespace().count() > 1;
    let people = names.iter().filter(|n| person(n)).count();
    names
        .into_iter()
        // "By Chris Walsh, High Desert News": the publication is no author.
        .filter(|n| people == 0 || person(n))
        .map(|name| Author {
            name,
            affiliation: None,
        })
        .collect()
}

/// Whether a byline's name is a publication or an institution rather than
/// a person: "High Desert News", "The Ledger", "KFF Health News". Words
/// that are also surnames (Post, Press, Times) do not decide it.
fn is_organisation(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "news",
        "magazine",
        "journal",
        "network",
        "media",
        "newsroom",
        "radio",
        "institute",
        "university",
        "foundation",
        "center",
        "centre",
        "project",
        "inc",
        "llc",
        "ltd",
        "publications",
        "tribune",
        "gazette",
        "chronicle",
        "calmatters",
        "propublica",
    ];
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.len() > 1 && (words[0] == "the" || words.iter().any(|w| WORDS.contains(&w.as_str())))
}

/// The names a visible byline gives: the most specific markup first.
pub(super) fn byline(doc: &Html) -> Option<Found<Vec<Author>>> {
    // The most specific markup first; every match of the first that
    // matches at all, so two linked authors make two names.
    let selectors = [
        r#"[rel~="author"]"#,
        ".byline a, .author a",
        r#".author-name, [itemprop="author"]"#,
        ".byline, .author",
    ];
    for s in selectors {
        let mut people: Vec<Author> = Vec::new();
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
            for a in names(&raw) {
                if a.name.len() < 80
                    && !a.name.chars().any(|c| c.is_ascii_digit())
                    && !people.iter().any(|n| n.name == a.name)
                {
                    people.push(a);
                }
            }
        }
        if !people.is_empty() {
            return found(people, "visible byline");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bylines_publication_is_no_author() {
        let names =
            |t: &str| -> Vec<String> { split_names(t).into_iter().map(|a| a.name).collect() };
        assert_eq!(names("Chris Walsh, High Desert News"), ["Chris Walsh"]);
        assert_eq!(
            names("Mei Lin, Daniel Okafor, and Sofia Rossi, Inside Climate News"),
            ["Mei Lin", "Daniel Okafor", "Sofia Rossi"]
        );
        // A surname that is also a paper's name is still a person.
        assert_eq!(
            names("Emily Post and Ana Press"),
            ["Emily Post", "Ana Press"]
        );
        // A byline of a newsroom alone keeps it: there is no one else.
        assert_eq!(names("The Associated Press"), ["The Associated Press"]);
    }

    #[test]
    fn a_bylines_own_words_are_no_names() {
        let read =
            |t: &str| -> Vec<String> { super::names(t).into_iter().map(|a| a.name).collect() };
        for (byline, want) in [
            (
                "By Maya Lin and Robert Ochoa, ProPublica",
                &["Maya Lin", "Robert Ochoa"][..],
            ),
            ("By Ben Christopher, CalMatters", &["Ben Christopher"]),
            (
                "By JAMIE STENGLE and KEN MILLER Associated Press",
                &["Jamie Stengle", "Ken Miller"],
            ),
            ("Written by Aminu Bello", &["Aminu Bello"]),
            (
                "Story by Carla Mendes | Photos by Lee Park",
                &["Carla Mendes"],
            ),
            ("By Ana Silva / The Texas Tribune", &["Ana Silva"]),
            ("Por María López", &["María López"]),
            ("Jane Doe and John Roe", &["Jane Doe", "John Roe"]),
            ("By Jane Doe", &["Jane Doe"]),
            ("Bylines Ana Ruiz", &["Bylines Ana Ruiz"]),
            ("By The Associated Press", &["The Associated Press"]),
        ] {
            assert_eq!(read(byline), want, "{byline}");
        }
    }
}
