//! Mapping licence deed addresses and licence names to profile ids.

use crate::licences::Registry;

/// The profile id for a Creative Commons deed URL such as
/// `https://creativecommons.org/licenses/by-nd/4.0/` (`CC-BY-ND-4.0`); the
/// 3.0 ports (`3.0/us/`) map to the 3.0 id, as their terms match.
pub fn id_from_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.split_once("creativecommons.org/").map(|(_, r)| r)?;
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let id = match parts.as_slice() {
        ["licenses" | "licences", kind, version, ..] => {
            format!("CC-{}-{}", kind.to_ascii_uppercase(), version)
        }
        ["publicdomain", "zero", version, ..] => format!("CC0-{version}"),
        ["publicdomain", "mark", version, ..] => format!("CC-PDM-{version}"),
        _ => return None,
    };
    known(&id)
}

/// The profile id for a licence named in words: "Creative Commons
/// Attribution-NoDerivatives 4.0 International License", "CC BY-NC-ND 3.0".
pub fn id_from_name(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower
        .find("creative commons")
        .or_else(|| lower.find("cc by"))?;
    let tail: String = lower[start..].chars().take(120).collect();
    let version = tail
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        // "CC BY-SA 4.0." ends its sentence.
        .map(|w| w.trim_end_matches('.'))
        .find(|w| matches!(*w, "1.0" | "2.0" | "2.5" | "3.0" | "4.0"))?;
    let has = |words: &[&str]| words.iter().any(|w| tail.contains(w));
    let mut id = String::from("CC-BY");
    if has(&["noncommercial", "non-commercial", "-nc"]) {
        id.push_str("-NC");
    }
    if has(&["noderiv", "no-deriv", "-nd"]) {
        id.push_str("-ND");
    }
    if has(&["sharealike", "share-alike", "share alike", "-sa"]) {
        id.push_str("-SA");
    }
    if !has(&["attribution", "cc by"]) {
        return None;
    }
    known(&format!("{id}-{version}"))
}

fn known(id: &str) -> Option<String> {
    Registry::builtin().get(id).map(|p| p.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each input read by `read` gives the profile id beside it, or none.
    fn assert_reads(read: fn(&str) -> Option<String>, cases: &[(&str, Option<&str>)]) {
        for (input, want) in cases {
            assert_eq!(read(input).as_deref(), *want, "{input}");
        }
    }

    #[test]
    fn deeds_map_to_profile_ids() {
        assert_reads(
            id_from_url,
            &[
                (
                    "https://creativecommons.org/licenses/by-nd/4.0/",
                    Some("CC-BY-ND-4.0"),
                ),
                (
                    "http://creativecommons.org/licenses/by-nc-nd/3.0/us/",
                    Some("CC-BY-NC-ND-3.0"),
                ),
                (
                    "https://creativecommons.org/licenses/by/3.0/deed.en",
                    Some("CC-BY-3.0"),
                ),
                (
                    "https://creativecommons.org/publicdomain/zero/1.0/",
                    Some("CC0-1.0"),
                ),
                ("https://example.org/licenses/by/4.0/", None),
            ],
        );
    }

    #[test]
    fn names_map_to_profile_ids() {
        assert_reads(
            id_from_name,
            &[
                (
                    "licensed under a Creative Commons Attribution-NoDerivatives 4.0 International License",
                    Some("CC-BY-ND-4.0"),
                ),
                ("Republished under CC BY-NC-ND 3.0", Some("CC-BY-NC-ND-3.0")),
                ("Licensed under CC BY-SA 4.0.", Some("CC-BY-SA-4.0")),
                (
                    "Creative Commons Attribution 3.0 license",
                    Some("CC-BY-3.0"),
                ),
                ("All rights reserved", None),
            ],
        );
    }
}
