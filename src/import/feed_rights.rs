//! A feed's and an entry's rights statements: Atom's and RSS 1.0's
//! `<rights>` / `<dc:rights>`, which the feed parser keeps, RSS 2.0's
//! `<copyright>`, and the Dublin Core `<dc:rights>` that RSS 2.0 feeds
//! carry at channel and item level, which it does not.

use super::facts::{Facts, Found, found};

/// The Dublin Core elements namespace.
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// A rights statement: its words, as text or as HTML (an Atom
/// `type="html"` with a `rel="license"` link).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rights {
    pub text: String,
    pub html: bool,
}

impl Rights {
    pub fn of(text: &feed_rs::model::Text) -> Rights {
        Rights {
            text: text.content.clone(),
            html: matches!(
                text.content_type.subty().as_str(),
                "html" | "xhtml" | "xhtml+xml"
            ),
        }
    }

    /// The licence and copyright notice the statement gives, found `from`
    /// ("feed rights", "feed entry rights").
    pub fn facts(&self, from: &str) -> Facts {
        // In a block of its own, as a page's notice would stand.
        let doc = scraper::Html::parse_fragment(&match self.html {
            true => format!("<div>{}</div>", self.text),
            false => format!("<div>{}</div>", escape_text(&self.text)),
        });
        let markup = super::page::from_markup(&doc);
        let relabel = |f: Option<Found<String>>| f.and_then(|f| found(f.value, from));
        // The rights text is about rights: a licence named without the word
        // "licence" ("Creative Commons Attribution 3.0") still names one.
        let named = || {
            let words = doc.root_element().text().collect::<String>();
            super::licence::id_from_name(&words)
                .or_else(|| {
                    words
                        .split_whitespace()
                        .find_map(super::licence::id_from_url)
                })
                .and_then(|id| found(id, from))
        };
        Facts {
            licence: relabel(markup.licence).or_else(named),
            copyright_holder: relabel(markup.copyright_holder),
            copyright_year: relabel(markup.copyright_year),
            ..Facts::default()
        }
    }

    /// The words by which the statement reserves its rights ("Copyright
    /// 2026 The Associated Press. All rights reserved."), when it does.
    pub fn reserved(&self) -> Option<String> {
        let words = match self.html {
            true => scraper::Html::parse_fragment(&self.text)
                .root_element()
                .text()
                .collect::<String>(),
            false => self.text.clone(),
        };
        super::page::reserves_rights(&words)
    }
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<dc:rights>` a feed states for its channel, and for each entry in
/// document order. Empty when the text is not XML.
pub(super) fn dc_rights(
    doc: Option<&roxmltree::Document>,
) -> (Option<Rights>, Vec<Option<Rights>>) {
    let Some(doc) = doc else {
        return (None, Vec::new());
    };
    let root = doc.root_element();
    let channel = match root.tag_name().name() {
        "feed" => Some(root),
        _ => root
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "channel"),
    };
    let entries = doc
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "item" | "entry"))
        .map(own_dc_rights)
        .collect();
    (channel.and_then(own_dc_rights), entries)
}

/// The text of `node`'s own `<dc:rights>` child, when it has words.
fn own_dc_rights(node: roxmltree::Node) -> Option<Rights> {
    node.children()
        .filter(|c| c.is_element())
        .filter(|c| c.tag_name().name() == "rights" && c.tag_name().namespace() == Some(DC))
        .map(|c| c.text().unwrap_or("").trim().to_owned())
        .find(|t| !t.is_empty())
        .map(|text| Rights { text, html: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss2_dc_rights_are_read_for_the_channel_and_each_item() {
        let rss = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>T</title><dc:rights>© 2026 Bay Observer</dc:rights>
<item><title>A</title><dc:rights>Copyright 2024 Kai Moreno</dc:rights></item>
<item><title>B</title><rights>not Dublin Core</rights></item>
</channel></rss>"#;
        let (channel, items) = dc_rights(crate::import::feed_detect::xml_tree(rss).as_ref());
        let text = |r: &Option<Rights>| r.as_ref().map(|r| r.text.clone());
        assert_eq!(text(&channel).as_deref(), Some("© 2026 Bay Observer"));
        assert_eq!(
            items.iter().map(text).collect::<Vec<_>>(),
            [Some("Copyright 2024 Kai Moreno".to_owned()), None]
        );
        let facts = items[0].as_ref().unwrap().facts("feed entry rights");
        assert_eq!(facts.copyright_holder.unwrap().value, "Kai Moreno");
        assert_eq!(facts.copyright_year.unwrap().value, "2024");
        assert_eq!(
            dc_rights(crate::import::feed_detect::xml_tree("{\"items\": []}").as_ref()),
            (None, Vec::new())
        );
    }
}
