//! Feed entries held to the rules a reader of the feed alone must see kept.

use roxmltree::Node;

use crate::content::Article;
use crate::licences::{Profile, Rule, Severity};

use super::facts::PageFacts;
use super::{CheckContext, EntryTarget, PageVerdict, rules};

/// The rules a feed entry is held to, where the article's profile asks:
/// a reader may show the entry and nothing else.
const FEED_RULES: [Rule; 5] = [
    Rule::Byline,
    Rule::Copyright,
    Rule::SourceLink,
    Rule::Credit,
    Rule::ImageRights,
];

/// Media RSS, whose `content` and `thumbnail` elements carry an entry's images.
const MEDIA_RSS: &str = "http://search.yahoo.com/mrss/";

/// Why a feed cannot be checked: a fault of its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedProblem {
    NotXml(String),
    NotJson(String),
    /// An entry whose links lead to no article and no page of the site.
    UnlinkedEntry(String),
}

impl FeedProblem {
    pub fn hint(&self) -> &'static str {
        match self {
            FeedProblem::NotXml(_) => {
                "the feed template must produce well-formed XML; put article HTML in with `| cdata` or `| embed`"
            }
            FeedProblem::NotJson(_) => "the JSON Feed must be valid JSON with an `items` list",
            FeedProblem::UnlinkedEntry(_) => {
                "give each entry a link to its article's page (`{{ page.permalink }}`), so the entry can be held to the article's licence"
            }
        }
    }
}

impl std::fmt::Display for FeedProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedProblem::NotXml(e) => write!(f, "the feed is not well-formed XML: {e}"),
            FeedProblem::NotJson(e) => write!(f, "{e}"),
            FeedProblem::UnlinkedEntry(what) => write!(
                f,
                "a feed entry ({what}) links to no article of the site, so it cannot be checked against the article's licence"
            ),
        }
    }
}

/// The article an entry is for, found from `links` (its page's address
/// first, then what else names it); `Ok(None)` for one of the site's own
/// pages; `Err` when the links lead nowhere the site knows.
fn entry_article<'l>(
    cx: &CheckContext,
    links: impl IntoIterator<Item = &'l str> + Clone,
    title: Option<&str>,
) -> Result<Option<usize>, FeedProblem> {
    match cx.entry_target(links.clone()) {
        EntryTarget::Article(i) => Ok(Some(i)),
        EntryTarget::OwnPage => Ok(None),
        EntryTarget::Unknown => {
            let shown: Vec<&str> = links.into_iter().map(str::trim).collect();
            let what = match (title, shown.is_empty()) {
                (Some(t), true) => format!("{t:?}, with no link"),
                (Some(t), false) => format!("{t:?}, linking {}", shown.join(", ")),
                (None, true) => "with no title and no link".to_owned(),
                (None, false) => format!("linking {}", shown.join(", ")),
            };
            Err(FeedProblem::UnlinkedEntry(what))
        }
    }
}

/// Checks every entry of a rendered Atom or RSS feed against its article's
/// profile. `Err` when the feed is not well-formed XML, or an entry cannot
/// be told apart from the site's articles (template errors).
pub fn check_feed(
    cx: &CheckContext,
    feed_path: &str,
    feed_url: &str,
    xml: &str,
) -> Result<Vec<PageVerdict>, FeedProblem> {
    if feed_path.ends_with(".json") {
        return check_json_feed(cx, feed_path, feed_url, xml);
    }
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        // The position is in the rendered feed, not the template: its line
        // says what to look for in the template.
        let row = e.pos().row as usize;
        let line: String = xml
            .lines()
            .nth(row.saturating_sub(1))
            .unwrap_or("")
            .trim()
            .chars()
            .take(120)
            .collect();
        FeedProblem::NotXml(format!("{e}, on the rendered feed's line {line:?}"))
    })?;
    let mut verdicts = Vec::new();
    let entries = doc
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "entry" | "item"));
    for entry in entries {
        let links = entry_links(entry);
        // Its page, else RSS's permalink `guid` or Atom's `id`, which
        // themes often set to the page's address.
        let named: Vec<String> = links
            .iter()
            .filter(|(rel, _)| rel == "alternate")
            .map(|(_, href)| href.clone())
            .chain(child_text(entry, "guid"))
            .chain(child_text(entry, "id"))
            .collect();
        let title = child_text(entry, "title").into_iter().next();
        let Some(index) = entry_article(cx, named.iter().map(String::as_str), title.as_deref())?
        else {
            continue;
        };
        verdicts.extend(entry_verdict(
            cx,
            feed_path,
            feed_url,
            index,
            |article, profile| check_entry(cx, entry, &links, article, profile),
        ));
    }
    Ok(verdicts)
}

/// Checks every item of a JSON Feed: the byline in its `authors`, and the
/// rest in its `content_html`, which carries the attribution.
fn check_json_feed(
    cx: &CheckContext,
    feed_path: &str,
    feed_url: &str,
    json: &str,
) -> Result<Vec<PageVerdict>, FeedProblem> {
    let doc: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| FeedProblem::NotJson(format!("the feed is not valid JSON: {e}")))?;
    let items = doc["items"]
        .as_array()
        .ok_or_else(|| FeedProblem::NotJson("the JSON Feed has no `items` list".into()))?;
    let mut verdicts = Vec::new();
    for item in items {
        let named = ["url", "external_url", "id"]
            .into_iter()
            .filter_map(|k| item[k].as_str());
        let Some(index) = entry_article(cx, named, item["title"].as_str())? else {
            continue;
        };
        let names: Vec<&str> = item["authors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str())
            .collect();
        let html = item["content_html"].as_str().unwrap_or("");
        verdicts.extend(entry_verdict(
            cx,
            feed_path,
            feed_url,
            index,
            |article, profile| {
                let rules = feed_rules(profile, article)?;
                let byline = PageFacts::feed_entry(names.iter().copied(), std::iter::empty());
                let mut content = PageFacts::extract(html);
                // A JSON Feed item's own images, read as an enclosure's.
                let attachments = item["attachments"].as_array().into_iter().flatten();
                content.media.extend(
                    [&item["image"], &item["banner_image"]]
                        .into_iter()
                        .chain(attachments.map(|a| &a["url"]))
                        .filter_map(|v| v.as_str().map(str::to_owned)),
                );
                let facts = |rule: Rule| {
                    if rule == Rule::Byline {
                        &byline
                    } else {
                        &content
                    }
                };
                Some(entry_violations(cx, article, profile, &rules, facts))
            },
        ));
    }
    Ok(verdicts)
}

/// The verdict on the feed entry for article `index`, from `check` with the
/// article and its profile; `None` when neither asks anything of the entry.
fn entry_verdict(
    cx: &CheckContext,
    feed_path: &str,
    feed_url: &str,
    index: usize,
    check: impl FnOnce(&Article, &Profile) -> Option<Vec<(super::Violation, usize)>>,
) -> Option<PageVerdict> {
    let article = &cx.site.articles[index];
    let profile = cx.site.licences.get(&article.licence)?;
    let violations = check(article, profile)?;
    Some(PageVerdict {
        source: feed_path.to_owned(),
        url: feed_url.to_owned(),
        licence: profile.id.clone(),
        violations,
        entry_of: Some(article.path.clone()),
    })
}

/// The feed rules the profile asks for, with those the article's own front
/// matter brings in (`image-rights` when it has an image); `None` when the
/// entry is held to no rule.
fn feed_rules(profile: &Profile, article: &Article) -> Option<Vec<(Rule, Severity)>> {
    let rules: Vec<(Rule, Severity)> = super::applicable_rules(profile, article)
        .into_iter()
        .filter(|(r, _)| FEED_RULES.contains(r))
        .collect();
    (!rules.is_empty()).then_some(rules)
}

/// Each rule checked on the facts `facts` gives for it, its violations
/// told as the entry's, each with line 1.
fn entry_violations<'f>(
    cx: &CheckContext,
    article: &Article,
    profile: &Profile,
    rules: &[(Rule, Severity)],
    facts: impl Fn(Rule) -> &'f PageFacts,
) -> Vec<(super::Violation, usize)> {
    let mut found = Vec::new();
    for &(rule, severity) in rules {
        for mut v in rules::check(cx, rule, article, profile, facts(rule)) {
            v.severity = severity;
            // The rules speak of the article page; here the feed is at fault.
            v.message = format!(
                "entry for {}: {}",
                article.path,
                v.message
                    .replace("the rendered page", "the feed entry")
                    .replace("on the page", "in the feed entry")
            );
            v.fix = v
                .fix
                .replace("the theme's article.html", "the feed template")
                .replace("the article template", "the feed template");
            found.push((v, 1));
        }
    }
    found
}

/// `(rel, href)` of an entry's links: Atom's `href` attribute, or RSS's text.
fn entry_links(entry: Node) -> Vec<(String, String)> {
    entry
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "link")
        .map(|c| {
            let href = c
                .attribute("href")
                .map(str::to_owned)
                .unwrap_or_else(|| c.text().unwrap_or("").trim().to_owned());
            (
                c.attribute("rel")
                    .unwrap_or("alternate")
                    .to_ascii_lowercase(),
                href,
            )
        })
        .collect()
}

/// Whether an entry's images could break the terms of `profile`: the
/// article's lead image may not be shown, or the terms deny some hosts.
fn images_matter(cx: &CheckContext, article: &Article, profile: &Profile) -> bool {
    let lead = article.image.is_some()
        && !article.image_allowed(&cx.site.licences, cx.site.config.commercial);
    let hosts = !profile.conditions.media_hosts_denied.is_empty()
        && !article
            .permission
            .as_ref()
            .is_some_and(|p| p.covers("images"));
    lead || hosts
}

/// The addresses of an entry's enclosures: RSS `<enclosure url>`, Atom
/// `<link rel="enclosure">`, Media RSS `<media:content>` and `<media:thumbnail>`.
fn enclosures<'e>(
    entry: Node<'e, 'e>,
    links: &'e [(String, String)],
) -> impl Iterator<Item = String> + 'e {
    let atom = links
        .iter()
        .filter(|(rel, _)| rel == "enclosure")
        .map(|(_, href)| href.clone());
    let elements = entry.descendants().filter_map(|n| {
        let name = n.tag_name();
        let wanted = match name.namespace() {
            Some(MEDIA_RSS) => matches!(name.name(), "content" | "thumbnail"),
            None => name.name() == "enclosure",
            Some(_) => false,
        };
        (n.is_element() && wanted)
            .then(|| n.attribute("url"))
            .flatten()
            .map(str::to_owned)
    });
    atom.chain(elements)
}

/// The texts of an entry's children named `name`.
fn child_text(entry: Node, name: &str) -> Vec<String> {
    entry
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .map(|c| c.text().unwrap_or("").to_owned())
        .collect()
}

/// The entry's violations, each with line 1, or `None` when the profile
/// holds feed entries to no rule.
fn check_entry(
    cx: &CheckContext,
    entry: Node,
    links: &[(String, String)],
    article: &Article,
    profile: &Profile,
) -> Option<Vec<(super::Violation, usize)>> {
    let rules = feed_rules(profile, article)?;
    // Each format carries attribution in its own elements: Atom in
    // <author>, <rights> and rel="via"; RSS in dc:creator and dc:rights,
    // with the source link in the content. The credit is always in the content.
    let atom = entry.tag_name().name() == "entry";
    let names: Vec<&str> = ["name", "creator", "author"]
        .into_iter()
        .flat_map(|name| {
            entry
                .descendants()
                .filter(move |n| n.is_element() && n.tag_name().name() == name)
                .filter_map(|n| n.text())
        })
        .collect();
    let rights = child_text(entry, "rights");
    let meta = PageFacts::feed_entry(
        names.into_iter().chain(rights.iter().map(String::as_str)),
        links
            .iter()
            .filter(|(rel, _)| rel == "via")
            .map(|(_, href)| href.as_str()),
    );
    let in_content =
        |r: Rule| matches!(r, Rule::Credit | Rule::ImageRights) || (!atom && r == Rule::SourceLink);
    // Images are read only when one could break the terms: the lead image
    // may not be shown, or the terms put some hosts off limits.
    let needs =
        |r: Rule| in_content(r) && (r != Rule::ImageRights || images_matter(cx, article, profile));
    let content = if rules.iter().any(|(r, _)| needs(*r)) {
        let html = child_text(entry, "content")
            .into_iter()
            .chain(child_text(entry, "description"))
            .collect::<String>();
        let mut facts = PageFacts::extract(&html);
        facts.media.extend(enclosures(entry, links));
        facts
    } else {
        PageFacts::default()
    };
    let facts = |rule: Rule| if in_content(rule) { &content } else { &meta };
    Some(entry_violations(cx, article, profile, &rules, facts))
}
