//! The publication and update dates a page's `<time>` elements and
//! visible dateline state, told apart by their labels.

use scraper::{ElementRef, Html};

use super::facts::{Found, found, human_date, iso_date};
use super::page::{sel, text_of};

/// The page's publication date and last update, when its markup says
/// which is which: the time labelled published (else the first unlabelled
/// one, else a visible dateline) and the time labelled updated.
pub fn from_times(doc: &Html) -> (Option<Found<String>>, Option<Found<String>>) {
    let mut date = None;
    let times: Vec<(TimeLabel, String)> = doc
        .select(&sel("time[datetime]"))
        .filter_map(|t| Some((time_label(t), iso_date(t.value().attr("datetime")?)?)))
        .collect();
    let first = |want: &[TimeLabel]| {
        times
            .iter()
            .find(|(label, _)| want.contains(label))
            .map(|(_, d)| d.clone())
    };
    let updated = first(&[TimeLabel::Updated]).and_then(|d| found(d, "<time> labelled updated"));
    if let Some(d) = first(&[TimeLabel::Published]) {
        date = found(d, "<time> labelled published");
    } else if let Some(d) = first(&[TimeLabel::None]) {
        date = found(d, "<time datetime>");
    } else if let Some(d) = doc
        .select(&sel(".date, .dateline, .published, .post-date"))
        .find_map(|e| human_date(&text_of(e)))
    {
        date = found(d, "visible dateline");
    }
    (date, updated)
}

/// What a `<time>` says it is: the publication, the last update, or
/// neither.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TimeLabel {
    Published,
    Updated,
    None,
}

/// The label of a `<time>`: its class or its parent's (WordPress's
/// `updated` / `published`), else the words just before it ("Updated:",
/// "Published:").
fn time_label(t: ElementRef) -> TimeLabel {
    let parent = t.parent().and_then(ElementRef::wrap);
    let classes = [Some(t), parent]
        .into_iter()
        .flatten()
        .filter_map(|e| e.value().attr("class"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let before: String = t
        .prev_siblings()
        .map_while(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let before = before.trim_end_matches([' ', ':', '\u{a0}']);
    let said = |words: &[&str]| words.iter().any(|w| before.ends_with(w));
    if classes.contains("published") || said(&["published", "posted", "published on"]) {
        TimeLabel::Published
    } else if classes.contains("updated")
        || classes.contains("modified")
        || said(&["updated", "last updated", "modified", "updated on"])
    {
        TimeLabel::Updated
    } else {
        TimeLabel::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::page::from_markup;

    #[test]
    fn the_time_labelled_updated_is_no_publication_date() {
        let dates = |html: &str| {
            let f = from_markup(&Html::parse_document(html));
            (f.date.map(|d| d.value), f.updated.map(|d| d.value))
        };
        let want = (
            Some("2025-06-03T16:30:00-05:00".to_owned()),
            Some("2025-06-05T09:00:00-05:00".to_owned()),
        );
        assert_eq!(
            dates(
                r#"<p><span>Updated: <time datetime="2025-06-05T09:00:00-05:00">June 5</time></span>
                <span>Published: <time datetime="2025-06-03T16:30:00-05:00">June 3</time></span></p>"#
            ),
            want
        );
        assert_eq!(
            dates(
                r#"<p><time class="updated" datetime="2025-06-05T09:00:00-05:00">June 5</time>
                <time class="entry-date published" datetime="2025-06-03T16:30:00-05:00">June 3</time></p>"#
            ),
            want
        );
        assert_eq!(
            dates(r#"<p><time datetime="2025-06-03T16:30:00-05:00">June 3</time></p>"#),
            (want.0.clone(), None)
        );
    }
}
