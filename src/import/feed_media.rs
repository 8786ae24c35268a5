//! An entry's Media RSS picture as the feed wrote it: `media:content`,
//! `media:thumbnail` at item level, in a `media:group` or in a video's
//! `media:content`, whose address may be relative. The feed parser drops a
//! relative address and an item-level thumbnail.

use super::facts::{Image, clean};

/// The Media RSS namespace, as feeds write it with and without the slash.
fn is_media(node: &roxmltree::Node) -> bool {
    node.is_element()
        && matches!(
            node.tag_name().namespace(),
            Some("http://search.yahoo.com/mrss/" | "http://search.yahoo.com/mrss")
        )
}

/// Each entry's picture in document order, its `src` as written (relative
/// or not). Empty when the text is not XML.
pub(super) fn images(doc: Option<&roxmltree::Document>) -> Vec<Option<Image>> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| matches!(n.tag_name().name(), "item" | "entry"))
        .map(picture)
        .collect()
}

/// The entry's first image `media:content`, or else its first
/// `media:thumbnail` wherever it stands, with the description or title
/// and credit nearest to it: its own, its group's or content's, the item's.
fn picture(item: roxmltree::Node) -> Option<Image> {
    let media: Vec<roxmltree::Node> = item.descendants().filter(is_media).collect();
    let named = |n: &roxmltree::Node, name: &str| n.tag_name().name() == name;
    let chosen = media
        .iter()
        .find(|n| named(n, "content") && is_image(n))
        .or_else(|| media.iter().find(|n| named(n, "thumbnail")))?;
    let src = chosen
        .attribute("url")
        .map(str::trim)
        .filter(|u| !u.is_empty())?;
    let near = |names: &[&str]| {
        chosen
            .ancestors()
            .take_while(|a| *a != item.parent().unwrap_or(item))
            .find_map(|a| {
                a.children()
                    .filter(|c| is_media(c) && names.contains(&c.tag_name().name()))
                    .map(|c| clean(c.text().unwrap_or("")))
                    .find(|t| !t.is_empty())
            })
    };
    Some(Image {
        src: src.to_owned(),
        alt: near(&["description"]).or_else(|| near(&["title"])),
        credit: near(&["credit"]),
    })
}

fn is_image(node: &roxmltree::Node) -> bool {
    match (node.attribute("medium"), node.attribute("type")) {
        (Some(medium), _) => medium == "image",
        (None, Some(kind)) => kind.starts_with("image/"),
        (None, None) => node.attribute("url").is_some_and(|u| {
            super::feed::looks_like_image(u.split(['?', '#']).next().unwrap_or(""))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_media_rss_shape_gives_the_picture_as_written() {
        let rss = r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
<item><title>A</title><media:thumbnail url="https://h.example/img/t1.jpg"/></item>
<item><title>B</title><media:group><media:thumbnail url="https://h.example/img/t2.jpg"/><media:credit>AP Photo</media:credit></media:group></item>
<item><title>C</title><media:content url="/img/rel3.jpg" medium="image"><media:credit>Reuters</media:credit><media:description>The pier</media:description></media:content></item>
<item><title>D</title><media:content url="https://h.example/clip.mp4" type="video/mp4" medium="video"><media:thumbnail url="https://h.example/img/clip.jpg"/></media:content></item>
<item><title>E</title><media:content url="https://h.example/a.mp3" medium="audio"/></item>
</channel></rss>"#;
        type Seen = Option<(String, Option<String>, Option<String>)>;
        let got: Vec<Seen> = images(crate::import::feed_detect::xml_tree(rss).as_ref())
            .into_iter()
            .map(|i| i.map(|i| (i.src, i.credit, i.alt)))
            .collect();
        let some = |src: &str, credit: Option<&str>, alt: Option<&str>| {
            Some((
                src.to_owned(),
                credit.map(str::to_owned),
                alt.map(str::to_owned),
            ))
        };
        assert_eq!(
            got,
            [
                some("https://h.example/img/t1.jpg", None, None),
                some("https://h.example/img/t2.jpg", Some("AP Photo"), None),
                some("/img/rel3.jpg", Some("Reuters"), Some("The pier")),
                some("https://h.example/img/clip.jpg", None, None),
                None,
            ]
        );
    }
}
