//! The dates a feed states for each entry, as it states them: the feed
//! parser turns every date into UTC, and a copy must show the day the
//! publisher published it (an evening story at -05:00 is the next day in UTC).

use super::facts::iso_date;

/// Each entry's published and updated dates, in document order, as RFC
/// 3339 with the offset the feed gave; `None` where a date is missing or
/// unreadable. Empty when the text is not XML or JSON the reader knows.
pub fn stated(
    text: &str,
    doc: Option<&roxmltree::Document>,
) -> Vec<(Option<String>, Option<String>)> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return json(text);
    }
    let Some(doc) = doc else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| matches!(n.tag_name().name(), "item" | "entry"))
        .map(|entry| {
            let child = |names: &[&str]| {
                entry
                    .children()
                    .filter(|c| c.is_element() && names.contains(&c.tag_name().name()))
                    .find_map(|c| c.text().and_then(with_offset))
            };
            (
                child(&["pubDate", "published", "issued", "date"]),
                child(&["updated", "modified"]),
            )
        })
        .collect()
}

fn json(text: &str) -> Vec<(Option<String>, Option<String>)> {
    let Ok(feed) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let items = feed.get("items").and_then(|i| i.as_array());
    items
        .into_iter()
        .flatten()
        .map(|item| {
            let date = |k: &str| item.get(k).and_then(|v| v.as_str()).and_then(with_offset);
            (date("date_published"), date("date_modified"))
        })
        .collect()
}

/// An RFC 3339 or RFC 822 date as RFC 3339 with its own offset ("Mon, 10
/// Nov 2025 22:30:00 -0500" → "2025-11-10T22:30:00-05:00"; "Z" as +00:00).
pub fn with_offset(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(raw) {
        return Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    let date = iso_date(raw)?;
    Some(match date.strip_suffix(['Z', 'z']) {
        Some(local) => format!("{local}+00:00"),
        None => date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_the_offset_the_feed_gave() {
        for (raw, want) in [
            (
                "Mon, 10 Nov 2025 22:30:00 -0500",
                "2025-11-10T22:30:00-05:00",
            ),
            ("Tue, 02 Jan 2024 10:00:00 GMT", "2024-01-02T10:00:00+00:00"),
            ("2025-09-01T23:15:00+02:00", "2025-09-01T23:15:00+02:00"),
            ("2025-03-01T07:00:00Z", "2025-03-01T07:00:00+00:00"),
            ("2025-03-01", "2025-03-01"),
        ] {
            assert_eq!(with_offset(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(with_offset("last Tuesday"), None);
        let rss = r#"<rss version="2.0"><channel><title>T</title>
            <item><title>A</title><pubDate>Mon, 10 Nov 2025 22:30:00 -0500</pubDate></item>
            <item><title>B</title></item></channel></rss>"#;
        assert_eq!(
            stated(rss, crate::import::feed_detect::xml_tree(rss).as_ref()),
            [
                (Some("2025-11-10T22:30:00-05:00".to_owned()), None),
                (None, None)
            ]
        );
    }
}
