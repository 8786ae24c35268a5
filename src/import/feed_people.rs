//! A feed entry's authors as people: a `dc:creator` may hold a whole
//! byline ("By Maya Lin and Robert Ochoa, Harbour Gazette"), and the same
//! person may be named by `<author>` and `<dc:creator>` both.

use super::facts::{Author, clean};

/// The people the entry's author elements name, each once, in order:
/// every element read as a byline is read on a page, without the feed's
/// own publisher beside them.
pub(super) fn authors(
    elements: impl IntoIterator<Item = String>,
    publisher: Option<&str>,
) -> Vec<Author> {
    let mut out: Vec<Author> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let key = |n: &str| clean(n).to_lowercase();
    let publisher = publisher.map(key);
    for element in elements {
        for author in people(&element) {
            let k = key(&author.name);
            if k.is_empty() || seen.contains(&k) {
                continue;
            }
            seen.push(k);
            out.push(author);
        }
    }
    // The publisher after the people is no author; named alone, it is the
    // byline the feed gives (a staff story).
    let is_publisher = |a: &Author| publisher.as_ref() == Some(&key(&a.name));
    if out.iter().any(|a| !is_publisher(a)) {
        out.retain(|a| !is_publisher(a));
    }
    out
}

/// One element's people. "Lin, Maya" is one person written surname
/// first, not two single names.
fn people(element: &str) -> Vec<Author> {
    let text = clean(element);
    if text.is_empty() {
        return Vec::new();
    }
    let names = super::byline::names(&text);
    let joined = [" and ", " & "].iter().any(|j| text.contains(j));
    let single_words = names.iter().all(|a| !a.name.contains(' '));
    if names.len() == 2 && single_words && !joined {
        return vec![Author {
            name: text,
            affiliation: None,
        }];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(elements: &[&str], publisher: Option<&str>) -> Vec<String> {
        authors(elements.iter().map(|e| (*e).to_owned()), publisher)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    #[test]
    fn a_byline_in_one_element_names_each_person_once() {
        let gazette = Some("Harbour Gazette");
        for (elements, want) in [
            (
                &["Maya Lin and Robert Ochoa"][..],
                &["Maya Lin", "Robert Ochoa"][..],
            ),
            (&["Maya Lin, Robert Ochoa"], &["Maya Lin", "Robert Ochoa"]),
            (&["By Maya Lin"], &["Maya Lin"]),
            (
                &["Maya Lin, Robert Ochoa and Ana Ruiz, Harbour Gazette"],
                &["Maya Lin", "Robert Ochoa", "Ana Ruiz"],
            ),
            (&["Maya Lin", "maya lin"], &["Maya Lin"]),
            (
                &["Maya Lin", "Robert Ochoa", "Maya  Lin"],
                &["Maya Lin", "Robert Ochoa"],
            ),
            (&["Lin, Maya"], &["Lin, Maya"]),
            (&["Madonna"], &["Madonna"]),
            (&["Robert Ochoa", "Harbour Gazette"], &["Robert Ochoa"]),
            (&["Harbour Gazette"], &["Harbour Gazette"]),
        ] {
            assert_eq!(names(elements, gazette), want, "{elements:?}");
        }
    }
}
