//! Text put into XML or HTML by generated pages and the theme's filters:
//! escaped, or whole in a CDATA section.

/// `s` with the five XML special characters escaped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out` escaped as `xml_escape` escapes it.
pub fn push_escaped(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// `text` as an XML CDATA section, its bytes as they are: a feed reader
/// (and the compliance pass) takes it whole instead of decoding an entity
/// per markup character. A `]]>` inside is split across two sections;
/// empty text is no section at all.
pub fn cdata(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() + 12);
    out.push_str("<![CDATA[");
    for (i, part) in text.split("]]>").enumerate() {
        if i > 0 {
            out.push_str("]]]]><![CDATA[>");
        }
        out.push_str(part);
    }
    out.push_str("]]>");
    out
}

#[cfg(test)]
mod tests {
    use super::cdata;

    #[test]
    fn cdata_carries_any_text_through_an_xml_parser_unchanged() {
        for text in [
            "<p>A &amp; B</p>",
            "a]]>b",
            "]]>",
            "x]]>]]>y]]",
            "<![CDATA[ nested ]]>",
        ] {
            let xml = format!("<content>{}{}</content>", cdata(text), cdata("<p>tail</p>"));
            let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{xml}: {e}"));
            // One text node, as the feed check reads an entry's content.
            let read = doc.root_element().text();
            assert_eq!(read, Some(format!("{text}<p>tail</p>").as_str()), "{xml}");
        }
        assert_eq!(cdata(""), "");
    }
}
