//! A feed's words as a reader sees them: titles of type html decoded, an
//! RSS author's name after the address, the publisher a feed's title names.

use super::facts::clean;

/// A feed text as a reader sees it: an Atom `type="html"` (or `xhtml`)
/// text is markup whose character references are decoded
/// ("Fares &#038; the state&#8217;s" reads "Fares & the state’s").
pub(super) fn plain(text: &feed_rs::model::Text) -> String {
    let markup = matches!(
        text.content_type.subty().as_str(),
        "html" | "xhtml+xml" | "xhtml"
    );
    match markup {
        true => {
            let doc = scraper::Html::parse_fragment(&text.content);
            clean(&doc.root_element().text().collect::<String>())
        }
        false => clean(&text.content),
    }
}

/// A plain-text body (JSON Feed `content_text`, Atom `type="text"`) as
/// HTML: a paragraph for each run of lines between blank lines, and every
/// `<` and `&` in it text, not markup. Atom content whose type was left
/// out is text by RFC 4287, but a feed that leaves it out while writing
/// paragraphs in markup (`<p>`, `</p>`, `<br>`) meant HTML.
pub(super) fn text_body(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if ["<p>", "</p>", "<br", "</div>"]
        .iter()
        .any(|t| lower.contains(t))
    {
        return text.to_owned();
    }
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain([""]) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(format!("<p>{}</p>", escape(&current.join("\n"))));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    paragraphs.join("\n")
}

/// An author's name as RSS 2.0 writes it, after an e-mail address:
/// "ann.lee@b.example.org (Ann Lee)" and "(Ann Lee)" name Ann Lee; a bare
/// address names no one.
pub(super) fn person_name(raw: &str) -> String {
    let name = clean(raw);
    let in_parens = name
        .strip_suffix(')')
        .and_then(|n| n.split_once('('))
        .filter(|(before, _)| before.trim().is_empty() || before.contains('@'))
        .map(|(_, inner)| clean(inner));
    match in_parens {
        Some(inner) => inner,
        None if name.contains('@') && !name.contains(' ') => String::new(),
        None => name,
    }
}

/// The publisher a feed's title names, without the words that only say it
/// is a feed: "ProPublica – Partner Feed" and "Articles | The Conversation"
/// name ProPublica and The Conversation. A title with more than one part
/// that is not such words ("Politics – The Ledger") is kept whole.
pub(super) fn publisher_of(title: &str) -> String {
    const SEPARATORS: &[&str] = &[" – ", " — ", " - ", " | ", " · ", " » ", ": "];
    const FEED_WORDS: &[&str] = &[
        "all",
        "article",
        "articles",
        "atom",
        "content",
        "english",
        "feed",
        "feeds",
        "full",
        "json",
        "latest",
        "new",
        "news",
        "newest",
        "partner",
        "partners",
        "post",
        "posts",
        "recent",
        "republication",
        "republish",
        "republishable",
        "republishing",
        "rss",
        "stories",
        "story",
        "syndicated",
        "syndication",
        "text",
        "the",
        "top",
        "us",
        "uk",
        "au",
        "ca",
        "en",
    ];
    let mut parts = vec![title];
    for sep in SEPARATORS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    let feed_words_only = |part: &str| {
        part.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| FEED_WORDS.contains(&w.to_lowercase().as_str()))
    };
    let named: Vec<&str> = parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty() && !feed_words_only(p))
        .collect();
    match named.as_slice() {
        [one] => without_feed_tail(one).to_owned(),
        _ => title.to_owned(),
    }
}

/// "Bayside Climate Desk Partner Feed" and "Riverbend Dispatch Articles"
/// without the closing words that say it is a feed; "KFF Health News" and
/// a title of feed words only ("Partner Feed") stay whole.
fn without_feed_tail(name: &str) -> &str {
    const TAIL: &[&str] = &[
        "partner",
        "partners",
        "feed",
        "rss",
        "atom",
        "articles",
        "republishable",
        "republishing",
        "republication",
        "syndication",
        "syndicated",
    ];
    const SAYS_FEED: &[&str] = &["feed", "rss", "atom", "articles"];
    let words: Vec<&str> = name.split_whitespace().collect();
    let is = |set: &[&str], w: &str| set.contains(&w.to_lowercase().as_str());
    let keep = words.len() - words.iter().rev().take_while(|w| is(TAIL, w)).count();
    if keep == 0 || !words[keep..].iter().any(|w| is(SAYS_FEED, w)) {
        return name;
    }
    // `last` is a slice of `name`: where it ends is where the name does.
    let last = words[keep - 1];
    let end = last.as_ptr() as usize - name.as_ptr() as usize + last.len();
    &name[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_text_body_is_text_in_paragraphs() {
        let text = "Talks stalled.\n\nThe <b> tag & 2 * 3\nwere typos.\n \nTalks resume.";
        assert_eq!(
            text_body(text),
            "<p>Talks stalled.</p>\n<p>The &lt;b&gt; tag &amp; 2 * 3\nwere typos.</p>\n<p>Talks resume.</p>"
        );
        let markdown = crate::import::body::to_markdown(&text_body(text));
        assert!(markdown.contains("The \\<b> tag"), "{markdown}");
        assert!(!markdown.contains("**"), "{markdown}");
        assert_eq!(markdown.matches("\n\n").count(), 2, "{markdown}");
        let sloppy = "<p>Markup without its type.</p>";
        assert_eq!(text_body(sloppy), sloppy);
    }

    #[test]
    fn a_feed_title_names_its_publisher_without_the_feed_words() {
        for (title, publisher) in [
            ("ProPublica – Partner Feed", "ProPublica"),
            ("Articles | The Conversation", "The Conversation"),
            ("The Conversation – Articles (US)", "The Conversation"),
            ("KFF Health News", "KFF Health News"),
            ("Global Voices: Republishing feed", "Global Voices"),
            ("Politics – The Ledger", "Politics – The Ledger"),
            ("Partner Feed", "Partner Feed"),
            ("Bayside Climate Desk Partner Feed", "Bayside Climate Desk"),
            ("Riverbend Dispatch Articles", "Riverbend Dispatch"),
            (
                "Bayside Climate Desk | Republishable Stories",
                "Bayside Climate Desk",
            ),
            ("Feed Feed Articles", "Feed Feed Articles"),
        ] {
            assert_eq!(publisher_of(title), publisher, "{title}");
        }
    }
}
