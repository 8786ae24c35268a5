//! The licences a feed names by address: the Creative Commons RSS module's
//! `<creativeCommons:license>`, RSS 1.0's `<cc:license rdf:resource>`,
//! `<dcterms:license>`, and Atom's `<link rel="license">` (RFC 4946). The
//! feed parser keeps none of them. An entry's own licence wins over the
//! feed's, which covers every entry that names none.

use super::licence::{id_from_name, id_from_url};

/// Where a feed names its licences: for the feed as a whole (a known
/// licence only), and for each entry in document order.
#[derive(Debug, Default, PartialEq)]
pub struct Licences {
    pub feed: Option<String>,
    pub entries: Vec<Option<Named>>,
}

/// What an entry's licence element names: a licence reprint knows, or
/// terms of the publisher's own at an address, which still say the entry
/// is not under the feed's licence.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    Known(String),
    Other(String),
}

/// The licences `text` names by address. Empty when the text is not XML
/// (a JSON Feed has no such field).
pub fn stated(doc: Option<&roxmltree::Document>) -> Licences {
    let Some(doc) = doc else {
        return Licences::default();
    };
    let root = doc.root_element();
    let channel = match root.tag_name().name() {
        "feed" => Some(root),
        _ => root
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "channel"),
    };
    Licences {
        feed: channel.and_then(named_licence).and_then(|n| match n {
            Named::Known(id) => Some(id),
            Named::Other(_) => None,
        }),
        entries: doc
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "item" | "entry"))
            .map(named_licence)
            .collect(),
    }
}

/// The first known licence among `node`'s own licence elements, or else
/// the address the first of them names.
fn named_licence(node: roxmltree::Node) -> Option<Named> {
    let addresses: Vec<&str> = node
        .children()
        .filter(|c| c.is_element())
        .filter_map(licence_address)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    addresses
        .iter()
        .find_map(|a| id_from_url(a).or_else(|| id_from_name(a)))
        .map(Named::Known)
        .or_else(|| addresses.first().map(|a| Named::Other((*a).to_owned())))
}

/// The address a child element gives as a licence, if it is one.
fn licence_address<'a>(e: roxmltree::Node<'a, 'a>) -> Option<&'a str> {
    match e.tag_name().name() {
        // A namespaced `license` (creativeCommons:, cc:, dcterms:): its
        // text, or the resource it points to.
        "license" if e.tag_name().namespace().is_some() => e
            .attributes()
            .find(|a| a.name() == "resource")
            .map(|a| a.value())
            .or_else(|| e.text()),
        "link" if e.attribute("rel").is_some_and(|r| r.trim() == "license") => e.attribute("href"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::feed_detect::xml_tree;

    #[test]
    fn the_cc_rss_module_names_a_licence_for_the_channel_and_for_an_item() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule">
<channel><title>Harbor Voice</title>
<creativeCommons:license>https://creativecommons.org/licenses/by-nd/4.0/</creativeCommons:license>
<item><title>One</title></item>
<item><title>Two</title>
<creativeCommons:license> http://creativecommons.org/licenses/by-sa/4.0/ </creativeCommons:license></item>
</channel></rss>"#;
        assert_eq!(
            stated(xml_tree(rss).as_ref()),
            Licences {
                feed: Some("CC-BY-ND-4.0".into()),
                entries: vec![None, Some(Named::Known("CC-BY-SA-4.0".into()))],
            }
        );
    }

    #[test]
    fn atom_license_links_and_rdf_resources_name_licences() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
<link rel="alternate" href="https://delta.example/"/>
<entry><link rel="alternate" href="https://delta.example/a"/>
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/></entry>
<entry><link rel="alternate" href="https://delta.example/b"/></entry>
</feed>"#;
        assert_eq!(
            stated(xml_tree(atom).as_ref()),
            Licences {
                feed: None,
                entries: vec![Some(Named::Known("CC-BY-4.0".into())), None],
            }
        );
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:cc="http://web.resource.org/cc/">
<channel><title>T</title><cc:license rdf:resource="http://creativecommons.org/licenses/by-nc-nd/3.0/"/></channel>
<item><title>A</title></item></rdf:RDF>"#;
        assert_eq!(
            stated(xml_tree(rdf).as_ref()),
            Licences {
                feed: Some("CC-BY-NC-ND-3.0".into()),
                entries: vec![None],
            }
        );
    }

    #[test]
    fn an_unknown_address_names_other_terms_and_an_unnamespaced_element_nothing() {
        let rss = r#"<rss version="2.0"><channel>
<license>https://creativecommons.org/licenses/by/4.0/</license>
<item><link>https://a.example/</link></item>
<item><creativeCommons:license xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule">https://example.com/our-terms</creativeCommons:license></item>
</channel></rss>"#;
        assert_eq!(
            stated(xml_tree(rss).as_ref()),
            Licences {
                feed: None,
                entries: vec![
                    None,
                    Some(Named::Other("https://example.com/our-terms".into()))
                ],
            }
        );
        assert_eq!(
            stated(xml_tree("{\"items\": []}").as_ref()),
            Licences::default()
        );
    }
}
