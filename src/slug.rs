//! URL slugs for paths, taxonomy terms and heading ids.

/// Lower-cases, keeps letters and digits (any script), and joins everything
/// else into single hyphens: "Middle East & North Africa" → "middle-east-north-africa".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(
            slugify("Middle East & North Africa"),
            "middle-east-north-africa"
        );
        assert_eq!(slugify("  US NATO War Agenda! "), "us-nato-war-agenda");
        assert_eq!(slugify("Über Zürich"), "über-zürich");
        assert_eq!(slugify("000123-the-slug"), "000123-the-slug");
        assert_eq!(slugify("C++"), "c");
        assert_eq!(slugify("---"), "");
    }
}
