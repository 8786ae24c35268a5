//! The facts an import needs, each with where it was found.

/// A value and the markup it came from ("JSON-LD headline", "og:title").
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub from: String,
}

pub fn found<T>(value: T, from: impl Into<String>) -> Option<Found<T>> {
    Some(Found {
        value,
        from: from.into(),
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub name: String,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Original {
    pub name: Option<String>,
    /// `None` when the page names the first publisher but links nowhere
    /// real (a `#` placeholder), so the editor must fill it in.
    pub url: Option<String>,
    pub title: Option<String>,
    pub licence: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pixel {
    pub url: String,
    /// A `<script src>` tracker rather than an `<img>`.
    pub script: bool,
}

/// Everything an import learned about one article. Each `Option` is `None`
/// when no markup said it: the writer turns that into a `FILL-IN`.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub title: Option<Found<String>>,
    pub date: Option<Found<String>>,
    pub updated: Option<Found<String>>,
    pub authors: Option<Found<Vec<Author>>>,
    pub source_name: Option<Found<String>>,
    pub source_url: Option<Found<String>>,
    /// Why the address the source gave was not taken (a feed entry's
    /// `<link>#</link>`), for the editor.
    pub source_url_doubt: Option<String>,
    pub canonical: Option<Found<String>>,
    pub original: Option<Found<Original>>,
    pub copyright_holder: Option<Found<String>>,
    pub copyright_year: Option<Found<String>>,
    pub licence: Option<Found<String>>,
    /// Why a licence the page names was not taken, for the editor.
    pub licence_doubt: Option<String>,
    pub image: Option<Found<Image>>,
    pub pixel: Option<Found<Pixel>>,
    /// Why the body is only an excerpt of the story (a feed's summary
    /// ending "[…]"): not to be recorded as the whole text.
    pub excerpt: Option<String>,
}

impl Facts {
    /// Fills every field `self` lacks from `other`: `self` is the more trusted.
    pub fn or(mut self, other: Facts) -> Facts {
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f; } )* };
        }
        fill!(
            title,
            date,
            updated,
            authors,
            source_name,
            source_url,
            source_url_doubt,
            canonical,
            original,
            copyright_holder,
            copyright_year,
            licence,
            licence_doubt,
            image,
            pixel,
            excerpt
        );
        self
    }
}

/// Collapses whitespace runs and trims.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps only the date part of an ISO 8601 / RFC 3339 timestamp when it
/// carries no zone, and the whole timestamp when it does; rejects anything
/// that is not a date, so a stray string never becomes a publication date.
pub fn iso_date(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() < 10 || !t.is_char_boundary(10) {
        return None;
    }
    jiff::civil::Date::strptime("%Y-%m-%d", &t[..10]).ok()?;
    if t.len() > 10 && t.parse::<jiff::Timestamp>().is_ok() {
        return Some(t.to_owned());
    }
    Some(t[..10].to_owned())
}

/// Reads a human date such as "December 03, 2014" or "3 December 2014".
pub fn human_date(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_owned())
        .collect();
    for window in words.windows(3) {
        for candidate in [
            format!("{} {} {}", window[0], window[1], window[2]),
            format!("{} {} {}", window[1], window[0], window[2]),
        ] {
            for fmt in ["%B %d %Y", "%b %d %Y"] {
                if let Ok(d) = jiff::civil::Date::strptime(fmt, &candidate) {
                    return Some(d.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_not_guessed() {
        type Reader = fn(&str) -> Option<String>;
        let cases: [(Reader, &str, Option<&str>); 7] = [
            (iso_date, "2024-03-05", Some("2024-03-05")),
            (
                iso_date,
                "2024-03-05T10:00:00-05:00",
                Some("2024-03-05T10:00:00-05:00"),
            ),
            (iso_date, "2024-03-05T10:00:00", Some("2024-03-05")),
            (iso_date, "March 2024", None),
            (
                human_date,
                "Global Research, December 03, 2014",
                Some("2014-12-03"),
            ),
            (human_date, "3 December 2014", Some("2014-12-03")),
            (human_date, "Global Research", None),
        ];
        for (read, input, want) in cases {
            assert_eq!(read(input).as_deref(), want, "{input}");
        }
    }
}
