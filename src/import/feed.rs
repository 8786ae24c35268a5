//! RSS 2.0, Atom and JSON Feed: each entry becomes an import of its own.

use super::facts::{Facts, Image, clean, found, iso_date};
use super::feed_licence::Named;
use super::feed_rights::Rights;
use super::feed_text::{person_name, plain, publisher_of};

/// One feed entry: what the feed says about it, and its content as HTML
/// (a partner feed's content carries the credit line and the pixel).
#[derive(Debug, Clone)]
pub struct Entry {
    pub facts: Facts,
    /// What the feed says of every entry (its rights, its licence): for
    /// what neither the entry nor its content says.
    pub feed_facts: Facts,
    pub html: String,
    /// The address of terms the entry's own licence element names, when
    /// they are no licence reprint knows: the feed's licence is not its.
    pub own_terms: Option<String>,
    /// The words by which the entry's own rights element reserves its
    /// rights ("All rights reserved"), when it does.
    pub reserved: Option<String>,
    /// Why the entry's text is only an excerpt of the story, when it is.
    pub excerpt: Option<String>,
    /// For newest-first ordering; entries without a date sort last.
    pub sort_key: Option<jiff::Timestamp>,
}

pub use super::feed_detect::looks_like_feed;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FeedError(String);

/// The newest `limit` entries, newest first.
pub fn entries(text: &str, limit: usize) -> Result<(Option<String>, Vec<Entry>), FeedError> {
    entries_at(text, limit, None)
}

/// [`entries`] of the feed at `address`: relative links in the feed (an
/// entry's link, the links and images of its content) resolve against the
/// entry's `xml:base`, its link, the feed's own site link or `address`.
pub fn entries_at(
    text: &str,
    limit: usize,
    address: Option<&str>,
) -> Result<(Option<String>, Vec<Entry>), FeedError> {
    let text = &declared_utf8(text);
    let feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| FeedError(e.to_string()))?;
    let feed_title = feed.title.as_ref().map(plain);
    let publisher = feed_title.as_deref().map(publisher_of);
    let site = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.as_str())
        .filter(|h| url::Url::parse(h).is_ok());
    let base = site.or(address).map(str::to_owned);
    let place = Place {
        publisher: publisher.as_deref(),
        base: base.as_deref(),
    };
    let json_images = json_feed_images(text);
    // What the feed parser leaves out is read from one XML tree.
    let xml = super::feed_detect::xml_tree(text);
    let media = super::feed_media::images(xml.as_ref());
    let media = (media.len() == feed.entries.len()).then_some(media);
    // The parser's dates are in UTC; the feed's own words keep the offset.
    let stated = super::feed_dates::stated(text, xml.as_ref());
    let stated = (stated.len() == feed.entries.len()).then_some(stated);
    // RSS 2.0's <dc:rights>, where the parser found no rights element.
    let (dc_feed, dc_entries) = super::feed_rights::dc_rights(xml.as_ref());
    let dc_entries = (dc_entries.len() == feed.entries.len()).then_some(dc_entries);
    // An entry without rights of its own has the feed's (RFC 4287 §4.2.10).
    let feed_rights = feed
        .rights
        .as_ref()
        .map(Rights::of)
        .or(dc_feed)
        .map(|r| r.facts("feed rights"));
    let licences = super::feed_licence::stated(xml.as_ref());
    let feed_facts = Facts {
        licence: licences
            .feed
            .and_then(|id| found(id, "feed licence element")),
        ..Facts::default()
    }
    .or(feed_rights.unwrap_or_default());
    let own_licences = (licences.entries.len() == feed.entries.len()).then_some(licences.entries);
    let mut out: Vec<Entry> = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let dates = stated.as_ref().map(|s| s[i].clone()).unwrap_or_default();
            let own_rights = e
                .rights
                .as_ref()
                .map(Rights::of)
                .or_else(|| dc_entries.as_ref().and_then(|d| d[i].clone()));
            let own = own_rights.as_ref().map(|r| r.facts("feed entry rights"));
            let reserved = own_rights.as_ref().and_then(Rights::reserved);
            let json_image = json_images
                .iter()
                .find(|(id, _)| *id == e.id)
                .map(|(_, i)| i.clone());
            let raw_media = media.as_ref().and_then(|m| m[i].clone());
            let mut entry = entry(e, &place, dates, feed_facts.clone(), raw_media);
            if entry.facts.image.is_none() {
                // A relative image resolves as the item's links do.
                let base = entry.facts.source_url.as_ref().map(|u| u.value.as_str());
                entry.facts.image = raw_image(json_image, base.or(place.base))
                    .and_then(|i| found(i, "JSON Feed item image"));
            }
            match own_licences.as_ref().and_then(|l| l[i].clone()) {
                Some(Named::Known(id)) => {
                    entry.facts.licence = found(id, "feed entry licence element");
                }
                Some(Named::Other(address)) => entry.own_terms = Some(address),
                None => {}
            }
            entry.reserved = reserved;
            if let Some(r) = own {
                entry.facts = entry.facts.or(r);
            }
            entry
        })
        .collect();
    // Stable sort keeps feed order among equal or missing dates.
    out.sort_by_key(|e| std::cmp::Reverse(e.sort_key));
    out.truncate(limit);
    Ok((feed_title, out))
}

/// `text`, already decoded, with its XML declaration naming UTF-8: the
/// parser would otherwise decode it a second time by the charset the feed
/// was sent in ("Café" read as ISO-8859-1 becomes "CafÃ©").
fn declared_utf8(text: &str) -> std::borrow::Cow<'_, str> {
    let body = text.trim_start_matches('\u{feff}');
    let Some(end) = body.find("?>").filter(|_| body.starts_with("<?xml")) else {
        return text.into();
    };
    let declaration = &body[..end];
    let Some(at) = declaration.find("encoding") else {
        return text.into();
    };
    let rest = &declaration[at + "encoding".len()..];
    let Some(open) = rest.find(['"', '\'']) else {
        return text.into();
    };
    let quote = &rest[open..=open];
    let Some(close) = rest[open + 1..].find(quote) else {
        return text.into();
    };
    let start = at + "encoding".len() + open + 1;
    let label = &body[start..start + close];
    if label.eq_ignore_ascii_case("utf-8") {
        return text.into();
    }
    format!("{}UTF-8{}", &body[..start], &body[start + close..]).into()
}

/// What an entry takes from its feed: the publisher the title names and
/// the address relative links resolve against.
struct Place<'a> {
    publisher: Option<&'a str>,
    base: Option<&'a str>,
}

/// `href` made absolute against `base`, when it is relative and can be.
pub(super) fn resolve(base: Option<&str>, href: &str) -> String {
    base.and_then(|b| url::Url::parse(b).ok())
        .filter(|_| url::Url::parse(href.trim()).is_err())
        .and_then(|b| b.join(href.trim()).ok())
        .map_or_else(|| href.to_owned(), |u| u.to_string())
}

/// One entry's facts; `stated` holds its published and updated dates as
/// the feed wrote them, where they could be read.
fn entry(
    e: feed_rs::model::Entry,
    place: &Place,
    stated: (Option<String>, Option<String>),
    feed_facts: Facts,
    raw_media: Option<Image>,
) -> Entry {
    let feed_title = place.publisher;
    let href = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.as_str());
    let (link, link_doubt) = super::feed_entry::checked_link(href, place.base);
    let content_base = match e.base.as_deref() {
        Some(b) => Some(resolve(link.as_deref().or(place.base), b)),
        None => link.clone().or(place.base.map(str::to_owned)),
    };
    let published = stated.0.or_else(|| e.published.map(|d| d.to_rfc3339()));
    let updated = stated.1.or_else(|| e.updated.map(|d| d.to_rfc3339()));
    let sort_key = e
        .published
        .or(e.updated)
        .and_then(|d| d.to_rfc3339().parse::<jiff::Timestamp>().ok());
    let content = e
        .content
        .as_ref()
        .and_then(|c| {
            let plain = c.content_type.subty() == "plain";
            let body = c.body.as_deref()?;
            Some(match plain {
                true => super::feed_text::text_body(body),
                false => body.to_owned(),
            })
        })
        .filter(|b| !b.trim().is_empty());
    let summary_only = content.is_none();
    let html = content
        .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    let excerpt = super::feed_excerpt::why(&html, summary_only);
    let html = match &content_base {
        Some(base) => super::body::absolute_links(&html, base),
        None => html,
    };
    let authors = super::feed_people::authors(
        e.authors
            .iter()
            .map(|p| person_name(p.name.as_deref().unwrap_or(""))),
        feed_title,
    );
    let facts = Facts {
        title: e
            .title
            .as_ref()
            .map(plain)
            .filter(|t| !t.is_empty())
            .and_then(|t| found(t, "feed entry title")),
        date: published
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "feed entry published date")),
        // Kept when it says more than the published date: a later change,
        // or the only date the entry gives.
        updated: updated
            .filter(|_| e.published != e.updated)
            .and_then(|d| iso_date(&d))
            .and_then(|d| found(d, "feed entry updated date")),
        authors: (!authors.is_empty())
            .then_some(authors)
            .and_then(|a| found(a, "feed entry author")),
        source_url: link.and_then(|u| found(u, "feed entry link")),
        source_url_doubt: link_doubt,
        source_name: feed_title.and_then(|t| found(t.to_owned(), "feed title")),
        image: media_image(&e.media)
            .or_else(|| raw_image(raw_media, content_base.as_deref()))
            .and_then(|i| found(i, "feed entry media")),
        ..Facts::default()
    };
    Entry {
        facts,
        feed_facts,
        html,
        own_terms: None,
        reserved: None,
        excerpt,
        sort_key,
    }
}

/// An entry's picture from Media RSS (`media:content` of an image type, or
/// `media:thumbnail`) or an RSS enclosure, with its description as the alt
/// text and `media:credit` as the credit.
fn media_image(media: &[feed_rs::model::MediaObject]) -> Option<Image> {
    media.iter().find_map(|m| {
        let is_image = |c: &&feed_rs::model::MediaContent| match &c.content_type {
            Some(t) => t.ty() == "image",
            None => c.url.as_ref().is_some_and(|u| looks_like_image(u.path())),
        };
        let src = m
            .content
            .iter()
            .find(is_image)
            .and_then(|c| c.url.as_ref().map(|u| u.to_string()))
            .or_else(|| m.thumbnails.first().map(|t| t.image.uri.clone()))?;
        let text = |t: &Option<feed_rs::model::Text>| {
            t.as_ref()
                .map(|t| clean(&t.content))
                .filter(|t| !t.is_empty())
        };
        Some(Image {
            src,
            alt: text(&m.description).or_else(|| text(&m.title)),
            credit: m
                .credits
                .iter()
                .map(|c| clean(&c.entity))
                .find(|c| !c.is_empty()),
        })
    })
}

/// The picture the feed's Media RSS names where the parser found none
/// (an item-level or grouped thumbnail, a relative address), its address
/// made absolute against the entry's base; one that stays relative is
/// no address on this site.
fn raw_image(raw: Option<Image>, base: Option<&str>) -> Option<Image> {
    let raw = raw?;
    let src = resolve(base, &raw.src);
    url::Url::parse(&src)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))?;
    Some(Image { src, ..raw })
}

pub(super) fn looks_like_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
        .iter()
        .any(|x| lower.ends_with(x))
}

/// Each JSON Feed item's `image` (or `banner_image`), by item id: the feed
/// parser leaves them out.
fn json_feed_images(text: &str) -> Vec<(String, Image)> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{') {
        return Vec::new();
    }
    let Ok(feed) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let items = feed.get("items").and_then(|i| i.as_array());
    items
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let id = item.get("id").and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })?;
            let src = ["image", "banner_image"]
                .iter()
                .find_map(|k| item.get(*k).and_then(|v| v.as_str()))
                .filter(|s| !s.trim().is_empty())?;
            let image = Image {
                src: src.trim().to_owned(),
                alt: None,
                credit: None,
            };
            Some((id, image))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_has_its_own_rights_or_the_feeds() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Global Voices</title><id>https://gv.example/feed</id>
  <updated>2025-06-03T10:00:00Z</updated>
  <rights>Creative Commons Attribution 3.0</rights>
  <entry><title>A</title><id>https://gv.example/a</id>
    <link href="https://gv.example/a"/><updated>2025-06-03T09:00:00Z</updated>
    <rights type="html">© 2025 Ana Ruiz. &lt;a rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/"&gt;CC BY-ND 4.0&lt;/a&gt;</rights>
  </entry>
  <entry><title>B</title><id>https://gv.example/b</id>
    <link href="https://gv.example/b"/><updated>2025-06-02T09:00:00Z</updated>
  </entry>
</feed>"#;
        let (_, entries) = entries(atom, 10).unwrap();
        let value = |f: &Option<super::super::facts::Found<String>>| {
            f.as_ref().map(|f| (f.value.clone(), f.from.clone()))
        };
        let a = &entries[0].facts;
        assert_eq!(
            value(&a.licence),
            Some(("CC-BY-ND-4.0".into(), "feed entry rights".into()))
        );
        assert_eq!(
            value(&a.copyright_holder),
            Some(("Ana Ruiz".into(), "feed entry rights".into()))
        );
        assert_eq!(value(&a.copyright_year).map(|v| v.0), Some("2025".into()));
        // B's rights are the feed's, kept for what its content does not say.
        assert_eq!(entries[1].facts.licence, None);
        let b = &entries[1].feed_facts;
        assert_eq!(
            value(&b.licence),
            Some(("CC-BY-3.0".into(), "feed rights".into()))
        );
        assert_eq!(b.copyright_holder, None);
    }

    #[test]
    fn one_rights_line_gives_both_copyright_and_licence() {
        for line in [
            "© 2025 Harbor Voice. Licensed under CC BY-SA 4.0.",
            "© 2025 Harbor Voice. https://creativecommons.org/licenses/by-sa/4.0/",
            "© 2025 Harbor Voice. CC BY-SA 4.0",
        ] {
            let atom = format!(
                r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor Voice</title><id>urn:f</id>
                <updated>2025-09-02T08:00:00Z</updated><rights>{line}</rights>
                <entry><title>A</title><id>urn:a</id><link href="https://hv.example/a"/>
                <updated>2025-09-01T08:00:00Z</updated></entry></feed>"#
            );
            let (_, list) = entries(&atom, 1).unwrap();
            let f = &list[0].feed_facts;
            let value = |f: &Option<super::super::facts::Found<String>>| {
                f.as_ref().map(|f| f.value.clone())
            };
            assert_eq!(value(&f.licence).as_deref(), Some("CC-BY-SA-4.0"), "{line}");
            assert_eq!(
                value(&f.copyright_holder).as_deref(),
                Some("Harbor Voice"),
                "{line}"
            );
            assert_eq!(value(&f.copyright_year).as_deref(), Some("2025"), "{line}");
        }
    }

    #[test]
    fn feed_texts_read_as_a_reader_sees_them() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbor Voice</title><id>urn:f</id><updated>2025-09-02T06:00:00Z</updated>
<entry><title type="html"><![CDATA[Ferry fares to rise &#038; the state&#8217;s &#8220;lifeline&#8221; route ends]]></title>
<link href="https://hv.example/a"/><id>urn:a</id><updated>2025-09-02T05:00:00Z</updated></entry>
<entry><title type="html">Fares &amp;amp; routes</title>
<link href="https://hv.example/b"/><id>urn:b</id><updated>2025-09-01T05:00:00Z</updated></entry></feed>"#;
        let (_, list) = entries(atom, 10).unwrap();
        let title = |i: usize| list[i].facts.title.as_ref().unwrap().value.clone();
        assert_eq!(
            title(0),
            "Ferry fares to rise & the state’s “lifeline” route ends"
        );
        assert_eq!(title(1), "Fares & routes");

        for (author, name) in [
            ("ann.lee@b.example.org (Ann Lee)", Some("Ann Lee")),
            ("x@y.z (Ana Silva)", Some("Ana Silva")),
            ("Ana Silva", Some("Ana Silva")),
            ("x@y.z", None),
        ] {
            let rss = format!(
                r#"<rss version="2.0"><channel><title>B</title><item><title>S</title>
                <link>https://b.example/s</link><author>{author}</author></item></channel></rss>"#
            );
            let (_, list) = entries(&rss, 1).unwrap();
            let got = list[0]
                .facts
                .authors
                .as_ref()
                .map(|a| a.value[0].name.clone());
            assert_eq!(got.as_deref(), name, "{author}");
        }
    }

    #[test]
    fn relative_links_in_a_feed_resolve_against_its_bases() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>HV</title><id>urn:f</id>
            <updated>2025-09-02T06:00:00Z</updated>
            <entry><title>A</title><id>urn:a</id><updated>2025-09-02T05:00:00Z</updated>
            <link rel="alternate" href="https://hv.example/2025/09/ferry-fares/"/>
            <content type="html" xml:base="https://hv.example/2025/09/ferry-fares/">&lt;p&gt;The &lt;a href="/port-authority/"&gt;port authority&lt;/a&gt; said.&lt;/p&gt;</content></entry></feed>"#;
        let (_, list) = entries_at(atom, 1, Some("http://127.0.0.1:1/feed.xml")).unwrap();
        assert!(
            list[0]
                .html
                .contains(r#"href="https://hv.example/port-authority/""#),
            "{}",
            list[0].html
        );
        let rss = r#"<rss version="2.0"><channel><title>HV</title><link>https://hv.example/</link>
            <item><title>A</title><link>/2025/09/hot/</link>
            <description>&lt;p&gt;See &lt;a href="../archive/"&gt;the archive&lt;/a&gt; &lt;img src="/up/chart.png"&gt;&lt;/p&gt;</description></item>
            </channel></rss>"#;
        let (_, list) = entries_at(rss, 1, Some("http://hv.example/feed/")).unwrap();
        let url = &list[0].facts.source_url.as_ref().unwrap().value;
        assert_eq!(url, "https://hv.example/2025/09/hot/");
        assert!(
            list[0]
                .html
                .contains(r#"href="https://hv.example/2025/09/archive/""#),
            "{}",
            list[0].html
        );
        assert!(
            list[0]
                .html
                .contains(r#"src="https://hv.example/up/chart.png""#),
            "{}",
            list[0].html
        );
    }

    #[test]
    fn a_feed_in_another_charset_is_decoded_once() {
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>Caf\xe9 na\xefve</title><link>https://x.example/a</link></item></channel></rss>";
        let text = crate::import::fetch::decode(xml, None);
        let (title, list) = entries(&text, 1).unwrap();
        assert_eq!(title.as_deref(), Some("Café"));
        assert_eq!(list[0].facts.title.as_ref().unwrap().value, "Café naïve");
    }

    #[test]
    fn newest_entries_first() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Partner</title>
            <item><title>Old</title><link>https://p.example/old</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
            <item><title>New</title><link>https://p.example/new</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
            </channel></rss>"#;
        let (title, list) = entries(rss, 1).unwrap();
        assert_eq!(title.as_deref(), Some("Partner"));
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].facts.title.as_ref().unwrap().value, "New");
        assert_eq!(
            list[0].facts.source_url.as_ref().unwrap().value,
            "https://p.example/new"
        );
    }

    #[test]
    fn an_entry_takes_its_picture_from_media_rss_or_the_json_feed() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><title>ProPublica – Partner Feed</title>
            <item><title>Debt</title><link>https://p.example/debt</link>
              <pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
              <media:content url="https://img.p.example/debt.jpg" medium="image" type="image/jpeg">
                <media:description>A courthouse in Richmond</media:description>
                <media:credit>Ana Ruiz for ProPublica</media:credit>
              </media:content>
            </item>
            <item><title>Audio</title><link>https://p.example/audio</link>
              <enclosure url="https://p.example/episode.mp3" type="audio/mpeg" length="1"/>
            </item></channel></rss>"#;
        let (_, list) = entries(rss, 10).unwrap();
        let debt = &list[0].facts;
        assert_eq!(debt.source_name.as_ref().unwrap().value, "ProPublica");
        let image = &debt.image.as_ref().expect("media:content").value;
        assert_eq!(image.src, "https://img.p.example/debt.jpg");
        assert_eq!(image.alt.as_deref(), Some("A courthouse in Richmond"));
        assert_eq!(image.credit.as_deref(), Some("Ana Ruiz for ProPublica"));
        assert!(
            list[1].facts.image.is_none(),
            "an audio enclosure is no picture"
        );

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Grist",
            "items": [{"id": "g-1", "url": "https://grist.example/a", "title": "A",
              "content_html": "<p>Text.</p>", "image": "https://grist.example/a.jpg",
              "date_published": "2025-06-03T09:00:00Z"},
             {"id": "g-2", "url": "https://grist.example/b", "title": "B",
              "content_html": "<p>Text.</p>", "date_published": "2025-06-02T09:00:00Z"}]}"#;
        let (_, list) = entries(json, 10).unwrap();
        let a = list[0].facts.image.as_ref().expect("JSON Feed image");
        assert_eq!(a.value.src, "https://grist.example/a.jpg");
        assert_eq!(a.from, "JSON Feed item image");
        assert!(list[1].facts.image.is_none());
    }
}
