//! The compliance pass: each rendered article page is parsed once with a real
//! HTML parser, the facts every rule needs are gathered in that one walk, and
//! the article's licence profile decides which rules apply.

use std::fmt::Write as _;

use jiff::Timestamp;
use scraper::{Html, Node};
use serde::Serialize;

use crate::content::{Article, Site};
use crate::diagnostics::Paint;
use crate::licences::{Commercial, Profile, Rule, Severity};

/// One way a page falls short of its licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    /// What to change.
    pub fix: String,
    /// Front-matter key the fix concerns, for pointing at its line.
    pub field: Option<&'static str>,
}

/// The verdict on one checked page.
#[derive(Debug, Clone)]
pub struct PageVerdict {
    /// The article's source path (`content/news/iran.md`), or for a feed
    /// entry the feed's output path (`atom.xml`).
    pub source: String,
    pub url: String,
    pub licence: String,
    /// Line in the source file for each violation (front-matter field, or 1).
    pub violations: Vec<(Violation, usize)>,
    /// For a feed entry, the source path of its article.
    pub entry_of: Option<String>,
}

impl PageVerdict {
    pub fn passed(&self) -> bool {
        !self
            .violations
            .iter()
            .any(|(v, _)| v.severity == Severity::Error)
    }
}

/// Every checked page of a build, in page order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: Vec<PageVerdict>,
}

impl Report {
    /// The report on a build's verdicts, in page order. A feed entry is
    /// listed only for what it breaks on its own: its article's page already
    /// reports a rule it fails for the same front-matter reason, and a
    /// passing entry adds nothing to the article's own verdict.
    pub fn new(verdicts: impl IntoIterator<Item = PageVerdict>) -> Report {
        let verdicts: Vec<PageVerdict> = verdicts.into_iter().collect();
        let failing: std::collections::HashSet<(&str, Rule)> = verdicts
            .iter()
            .filter(|v| v.entry_of.is_none())
            .flat_map(|v| {
                v.violations
                    .iter()
                    .map(move |(x, _)| (v.source.as_str(), x.rule))
            })
            .collect();
        let keep: Vec<Vec<bool>> = verdicts
            .iter()
            .map(|v| match &v.entry_of {
                None => vec![true; v.violations.len()],
                Some(article) => v
                    .violations
                    .iter()
                    .map(|(x, _)| !failing.contains(&(article.as_str(), x.rule)))
                    .collect(),
            })
            .collect();
        let pages = verdicts
            .into_iter()
            .zip(keep)
            .filter_map(|(mut v, keep)| {
                let mut keep = keep.into_iter();
                v.violations.retain(|_| keep.next().unwrap_or(true));
                (v.entry_of.is_none() || !v.violations.is_empty()).then_some(v)
            })
            .collect();
        Report { pages }
    }

    pub fn passed(&self) -> bool {
        self.pages.iter().all(PageVerdict::passed)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.pages
            .iter()
            .flat_map(|p| &p.violations)
            .filter(|(v, _)| v.severity == s)
            .count()
    }

    /// The JSON document DESIGN.md specifies.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'a> {
            pages: Vec<PageJson<'a>>,
            summary: Summary,
        }
        #[derive(Serialize)]
        struct PageJson<'a> {
            source: &'a str,
            url: &'a str,
            licence: &'a str,
            status: &'static str,
            violations: Vec<ViolationJson>,
        }
        #[derive(Serialize)]
        struct ViolationJson {
            rule: &'static str,
            severity: Severity,
            message: String,
        }
        #[derive(Serialize)]
        struct Summary {
            pages: usize,
            passed: usize,
            failed: usize,
        }
        let pages: Vec<PageJson> = self
            .pages
            .iter()
            .map(|p| PageJson {
                source: &p.source,
                url: &p.url,
                licence: &p.licence,
                status: if p.passed() { "pass" } else { "fail" },
                violations: p
                    .violations
                    .iter()
                    .map(|(v, _)| ViolationJson {
                        rule: v.rule.id(),
                        severity: v.severity,
                        message: v.one_line(),
                    })
                    .collect(),
            })
            .collect();
        let passed = self.pages.iter().filter(|p| p.passed()).count();
        let doc = Doc {
            summary: Summary {
                pages: pages.len(),
                passed,
                failed: pages.len() - passed,
            },
            pages,
        };
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Compiler-style report for people: violations grouped by page.
    pub fn to_text(&self, colour: bool) -> String {
        let paint = Paint(colour);
        let mut out = String::new();
        for p in self.pages.iter().filter(|p| !p.violations.is_empty()) {
            let _ = writeln!(out, "{} ({}, {})", paint.bold(&p.source), p.url, p.licence);
            for (v, line) in &p.violations {
                let label = match v.severity {
                    Severity::Error => paint.red(&format!("error[{}]", v.rule)),
                    Severity::Warning => paint.yellow(&format!("warning[{}]", v.rule)),
                };
                let _ = writeln!(out, "  {label}: {}", v.message);
                let _ = writeln!(out, "    --> {}:{line}", p.source);
                if let Some(e) = &v.expected {
                    let _ = writeln!(out, "    expected: {e}");
                }
                if let Some(f) = &v.found {
                    let _ = writeln!(out, "    found:    {f}");
                }
                let _ = writeln!(out, "    {} {}", paint.cyan("fix:"), v.fix);
            }
            out.push('\n');
        }
        let failed = self.pages.iter().filter(|p| !p.passed()).count();
        let summary = format!(
            "compliance: {} page{} checked, {} passed, {} failed ({} error{}, {} warning{})",
            self.pages.len(),
            plural(self.pages.len()),
            self.pages.len() - failed,
            failed,
            self.error_count(),
            plural(self.error_count()),
            self.warning_count(),
            plural(self.warning_count()),
        );
        let _ = writeln!(
            out,
            "{}",
            if failed == 0 {
                paint.green(&summary)
            } else {
                paint.red(&summary)
            }
        );
        out
    }

    /// GitHub Actions workflow commands, one annotation per violation.
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for p in &self.pages {
            for (v, line) in &p.violations {
                let _ = writeln!(
                    out,
                    "::{} file={},line={},title={}::{}",
                    v.severity.id(),
                    github_property(&p.source),
                    line,
                    github_property(&format!("{} ({})", v.rule, p.url)),
                    github_data(&v.one_line()),
                );
            }
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Violation {
    /// Message, expectation and fix in one line, for JSON and CI.
    pub fn one_line(&self) -> String {
        let mut s = self.message.clone();
        if let Some(e) = &self.expected {
            let _ = write!(s, "; expected {e}");
        }
        if let Some(f) = &self.found {
            let _ = write!(s, "; found {f}");
        }
        let _ = write!(s, ". Fix: {}", self.fix);
        s
    }
}

// ---------------------------------------------------------------------------
// Facts gathered from a rendered page in one walk
// ---------------------------------------------------------------------------

/// A link as the page presents it.
#[derive(Debug, Clone)]
struct Anchor {
    href: String,
    rel: Vec<String>,
    /// Shown to readers: not hidden, and with text or an image inside.
    shown: bool,
}

#[derive(Debug, Clone)]
struct Image {
    src: String,
    /// Hidden from readers or from loading (hidden subtree, `display:none`, lazy).
    hidden: bool,
}

/// What the rules look at, gathered from the rendered HTML.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Visible body text, one entry per block, whitespace collapsed.
    blocks: Vec<String>,
    anchors: Vec<Anchor>,
    /// `href`s of every `rel="license"` on the page, `<a>` or `<link>`, shown or not.
    licence_claims: Vec<String>,
    canonicals: Vec<String>,
    /// `(name, content)` of robots-style meta tags, lower-cased.
    robots: Vec<(String, String)>,
    images: Vec<Image>,
    /// `og:image` and `twitter:image` values.
    meta_images: Vec<String>,
    json_ld: Vec<String>,
    /// `lower()`, once asked for.
    lower: std::sync::OnceLock<(Vec<String>, String)>,
}

const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements whose content is never shown to readers.
const UNSHOWN_ELEMENTS: &[&str] = &["script", "style", "template", "noscript", "head", "title"];

impl PageFacts {
    pub fn extract(html: &str) -> PageFacts {
        let doc = Html::parse_document(html);
        let mut facts = PageFacts::default();
        let mut current = String::new();
        // Depth-first walk that knows whether each node is shown.
        let mut stack = vec![(doc.tree.root(), false, false)];
        while let Some((node, hidden, post)) = stack.pop() {
            if post {
                // Leaving a block element ends its line of text.
                if let Node::Element(e) = node.value()
                    && BLOCK_ELEMENTS.contains(&e.name())
                {
                    facts.end_block(&mut current);
                }
                continue;
            }
            match node.value() {
                Node::Text(t) if !hidden => current.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    let style = e
                        .attr("style")
                        .map(|s| s.to_ascii_lowercase().replace(' ', ""));
                    let styled_hidden = style.as_deref().is_some_and(|s| {
                        s.contains("display:none") || s.contains("visibility:hidden")
                    });
                    let self_hidden = hidden
                        || e.attr("hidden").is_some()
                        || styled_hidden
                        || UNSHOWN_ELEMENTS.contains(&name);
                    facts.element(node, e, hidden, self_hidden);
                    if name == "template" {
                        continue;
                    }
                    if BLOCK_ELEMENTS.contains(&name) {
                        facts.end_block(&mut current);
                        stack.push((node, self_hidden, true));
                    }
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, self_hidden, false));
                    }
                }
                Node::Document | Node::Fragment => {
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, hidden, false));
                    }
                }
                _ => {}
            }
        }
        facts.end_block(&mut current);
        facts
    }

    fn end_block(&mut self, current: &mut String) {
        let normalised = normalise_text(current);
        if !normalised.is_empty() {
            self.blocks.push(normalised);
        }
        current.clear();
    }

    fn element(
        &mut self,
        node: ego_tree::NodeRef<'_, Node>,
        e: &scraper::node::Element,
        inherited_hidden: bool,
        hidden: bool,
    ) {
        let rel_tokens = || -> Vec<String> {
            e.attr("rel")
                .map(|r| {
                    r.split_ascii_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default()
        };
        let in_template_or_comment = inherited_hidden && is_inside(node, "template");
        match e.name() {
            "a" => {
                let rel = rel_tokens();
                if let Some(href) = e.attr("href") {
                    if rel.iter().any(|r| r == "license") && !in_template_or_comment {
                        self.licence_claims.push(href.trim().to_owned());
                    }
                    let shown = !hidden && has_visible_content(node);
                    self.anchors.push(Anchor {
                        href: href.trim().to_owned(),
                        rel,
                        shown,
                    });
                }
            }
            "link" => {
                let rel = rel_tokens();
                if let Some(href) = e.attr("href").filter(|_| !in_template_or_comment) {
                    if rel.iter().any(|r| r == "license") {
                        self.licence_claims.push(href.trim().to_owned());
                    }
                    if rel.iter().any(|r| r == "canonical") {
                        self.canonicals.push(href.trim().to_owned());
                    }
                }
            }
            "meta" if !in_template_or_comment => {
                let name = e
                    .attr("name")
                    .or_else(|| e.attr("property"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let content = e.attr("content").unwrap_or("").trim().to_owned();
                match name.as_str() {
                    "robots" | "googlebot" | "googlebot-news" => {
                        self.robots.push((name, content.to_ascii_lowercase()))
                    }
                    "og:image" | "og:image:url" | "og:image:secure_url" | "twitter:image" => {
                        self.meta_images.push(content)
                    }
                    _ => {}
                }
            }
            "img" => {
                let lazy = e
                    .attr("loading")
                    .is_some_and(|l| l.eq_ignore_ascii_case("lazy"));
                let zero = e.attr("width").is_some_and(|w| w.trim() == "0")
                    || e.attr("height").is_some_and(|h| h.trim() == "0");
                let hidden = hidden || lazy || zero;
                if let Some(src) = e.attr("src") {
                    self.images.push(Image {
                        src: src.trim().to_owned(),
                        hidden,
                    });
                }
                if let Some(srcset) = e.attr("srcset") {
                    self.push_srcset(srcset, hidden);
                }
            }
            "source" => {
                if let Some(srcset) = e.attr("srcset") {
                    self.push_srcset(srcset, hidden);
                }
            }
            "script"
                if !in_template_or_comment
                    && e.attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                self.json_ld.push(text);
            }
            _ => {}
        }
    }

    fn push_srcset(&mut self, srcset: &str, hidden: bool) {
        for candidate in srcset.split(',') {
            if let Some(url) = candidate.split_whitespace().next() {
                self.images.push(Image {
                    src: url.to_owned(),
                    hidden,
                });
            }
        }
    }

    /// Whether the visible text contains `needle` (compared normalised,
    /// case-insensitively), within one block or across blocks.
    fn shows(&self, needle: &str) -> bool {
        let needle = normalise_text(needle).to_lowercase();
        needle.is_empty() || self.lower().1.contains(&needle)
    }

    /// The visible blocks lower-cased, and all of them joined by a space;
    /// made once per page, however many rules ask.
    fn lower(&self) -> &(Vec<String>, String) {
        self.lower.get_or_init(|| {
            let blocks: Vec<String> = self.blocks.iter().map(|b| b.to_lowercase()).collect();
            let joined = blocks.join(" ");
            (blocks, joined)
        })
    }

    fn shown_links_to(&self, url: &str, base: &str) -> bool {
        let target = normalise_url(url, base);
        target.is_some()
            && self
                .anchors
                .iter()
                .any(|a| a.shown && normalise_url(&a.href, base) == target)
    }

    fn shown_hrefs(&self) -> Vec<&str> {
        self.anchors
            .iter()
            .filter(|a| a.shown)
            .map(|a| a.href.as_str())
            .collect()
    }
}

fn is_inside(node: ego_tree::NodeRef<'_, Node>, name: &str) -> bool {
    node.ancestors()
        .any(|a| matches!(a.value(), Node::Element(e) if e.name() == name))
}

/// A link shows something: text, or an image.
fn has_visible_content(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| match d.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name() == "img",
        _ => false,
    })
}

/// Collapses whitespace and folds typographic quotes and dashes, so a
/// theme's typography does not decide whether a name "is shown".
pub fn normalise_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let bytes = s.as_bytes();
    let ascii_space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if ascii_space(b) {
                space = !out.is_empty();
                i += 1;
                continue;
            }
            // A run of plain ASCII is copied as it is.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii() && !ascii_space(bytes[i]) {
                i += 1;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push_str(&s[start..i]);
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Normalises an absolute http(s) URL for comparison: scheme and host lower
/// case, default port dropped, fragment dropped, trailing slash ignored.
/// Relative URLs resolve against the site's base URL; `#` and other schemes
/// give `None`.
pub fn normalise_url(url: &str, base: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return None;
    }
    let absolute = if url.starts_with("//") {
        format!("https:{url}")
    } else if url.starts_with('/') {
        let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
        if !origin.starts_with("http") {
            return None;
        }
        format!("{origin}{url}")
    } else {
        url.to_owned()
    };
    let (scheme, rest) = absolute.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let split_at = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split_at);
    let authority = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_owned(),
        _ => authority,
    };
    if host.is_empty() {
        return None;
    }
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = path.trim_end_matches('/');
    Some(match query {
        Some(q) if !q.is_empty() => format!("{scheme}://{host}{path}?{q}"),
        _ => format!("{scheme}://{host}{path}"),
    })
}

/// Is this an absolute http(s) address a reader can follow?
fn is_absolute_http(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("https://") || u.starts_with("http://")) && u.len() > "https://".len()
}

/// A licence URL reduced to what identifies the licence: for Creative
/// Commons, the elements and version (`by-nc-nd/3.0`, whatever the deed
/// language or `legalcode` suffix); otherwise the normalised URL.
fn licence_key(url: &str, base: &str) -> Option<String> {
    let n = normalise_url(url, base)?;
    let rest = n.split_once("://").map_or(n.as_str(), |(_, r)| r);
    if let Some(path) = rest
        .strip_prefix("creativecommons.org/")
        .or_else(|| rest.strip_prefix("www.creativecommons.org/"))
    {
        let parts: Vec<&str> = path.split('/').collect();
        if let [
            kind @ ("licenses" | "publicdomain"),
            code,
            version,
            tail @ ..,
        ] = parts.as_slice()
        {
            let port = tail
                .first()
                .filter(|t| !t.starts_with("deed") && !t.starts_with("legalcode") && !t.is_empty())
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            return Some(format!("cc:{kind}/{code}/{version}{port}"));
        }
    }
    Some(n)
}

/// ShareAlike family and version of a CC licence URL: ("by-sa", (4, 0)).
fn share_alike_of(url: &str, base: &str) -> Option<(String, (u8, u8))> {
    let key = licence_key(url, base)?;
    let rest = key.strip_prefix("cc:licenses/")?;
    let mut parts = rest.split('/');
    let code = parts.next()?.to_owned();
    let (major, minor) = parts.next()?.split_once('.')?;
    Some((code, (major.parse().ok()?, minor.parse().ok()?)))
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// Everything the checks need besides the page.
pub struct CheckContext<'a> {
    pub site: &'a Site,
    /// The build's date, for rights windows.
    pub now: Timestamp,
    /// Article index by absolute URL, to find a feed entry's article.
    by_permalink: std::collections::HashMap<String, usize>,
}

impl<'a> CheckContext<'a> {
    pub fn new(site: &'a Site, now: Timestamp) -> CheckContext<'a> {
        let by_permalink = site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (site.config.permalink(&a.url), i))
            .collect();
        CheckContext {
            site,
            now,
            by_permalink,
        }
    }
}

/// The rules a feed entry is held to, where the article's profile asks:
/// a reader may show the entry and nothing else.
const FEED_RULES: [Rule; 4] = [
    Rule::Byline,
    Rule::Copyright,
    Rule::SourceLink,
    Rule::Credit,
];

/// Checks every entry of a rendered Atom or RSS feed against its article's
/// profile. `Err` when the feed is not well-formed XML (a template error).
pub fn check_feed(
    cx: &CheckContext,
    feed_path: &str,
    feed_url: &str,
    xml: &str,
) -> Result<Vec<PageVerdict>, String> {
    let doc = roxmltree::Document::parse(xml)
        .map_err(|e| format!("the feed is not well-formed XML: {e}"))?;
    let mut verdicts = Vec::new();
    for entry in doc
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "entry" | "item"))
    {
        let child_text = |name: &str| -> Vec<String> {
            entry
                .children()
                .filter(|c| c.is_element() && c.tag_name().name() == name)
                .map(|c| c.text().unwrap_or("").to_owned())
                .collect()
        };
        let links: Vec<(String, String)> = entry
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
            .collect();
        let Some(&index) = links
            .iter()
            .filter(|(rel, _)| rel == "alternate")
            .find_map(|(_, href)| cx.by_permalink.get(href.trim()))
        else {
            continue;
        };
        let article = &cx.site.articles[index];
        let Some(profile) = cx.site.licences.get(&article.licence) else {
            continue;
        };
        let rules: Vec<(Rule, Severity)> = profile
            .all_rules()
            .filter(|(r, _)| FEED_RULES.contains(r))
            .collect();
        if rules.is_empty() {
            continue;
        }
        // Each format carries attribution in its own elements: Atom in
        // <author>, <rights> and rel="via"; RSS in dc:creator and dc:rights,
        // with the source link in the content. The credit is always in the content.
        let atom = entry.tag_name().name() == "entry";
        let mut meta = PageFacts::default();
        for name in ["name", "creator", "author"] {
            for n in entry
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == name)
            {
                if let Some(t) = n.text() {
                    meta.blocks.push(normalise_text(t));
                }
            }
        }
        for rights in child_text("rights") {
            meta.blocks.push(normalise_text(&rights));
        }
        for (rel, href) in &links {
            if rel == "via" {
                meta.anchors.push(Anchor {
                    href: href.clone(),
                    rel: vec![rel.clone()],
                    shown: true,
                });
            }
        }
        let in_content = |r: Rule| r == Rule::Credit || (!atom && r == Rule::SourceLink);
        let content = if rules.iter().any(|(r, _)| in_content(*r)) {
            let html = child_text("content")
                .into_iter()
                .chain(child_text("description"))
                .collect::<String>();
            PageFacts::extract(&html)
        } else {
            PageFacts::default()
        };
        let mut found = Vec::new();
        for &(rule, severity) in &rules {
            let facts = if in_content(rule) { &content } else { &meta };
            for mut v in check_rule(cx, rule, article, profile, facts) {
                v.severity = severity;
                found.push(v);
            }
        }
        let violations = found
            .into_iter()
            .map(|mut v| {
                v.message = format!(
                    "entry for {}: {}",
                    article.path,
                    v.message.replace("the rendered page", "the feed entry")
                );
                (v, 1)
            })
            .collect();
        verdicts.push(PageVerdict {
            source: feed_path.to_owned(),
            url: feed_url.to_owned(),
            licence: profile.id.clone(),
            violations,
            entry_of: Some(article.path.clone()),
        });
    }
    Ok(verdicts)
}

/// Checks one rendered article page against its licence profile.
pub fn check_article(cx: &CheckContext, article: &Article, html: &str) -> PageVerdict {
    let site = cx.site;
    let mut violations: Vec<Violation> = Vec::new();
    let Some(profile) = site.licences.get(&article.licence) else {
        return PageVerdict {
            source: article.path.clone(),
            url: article.url.clone(),
            licence: article.licence.clone(),
            violations: Vec::new(),
            entry_of: None,
        };
    };
    let facts = PageFacts::extract(html);
    for (rule, severity) in applicable_rules(profile, article) {
        for mut v in check_rule(cx, rule, article, profile, &facts) {
            v.severity = severity;
            violations.push(v);
        }
    }
    let violations = violations
        .into_iter()
        .map(|v| {
            let line = v.field.map_or(1, |f| article.line_of(f));
            (v, line)
        })
        .collect();
    PageVerdict {
        source: article.path.clone(),
        url: article.url.clone(),
        licence: profile.id.clone(),
        violations,
        entry_of: None,
    }
}

/// The profile's rules, plus those the article's own front matter triggers:
/// `rights-window` when `rights` is set, `image-rights` when `image` is set,
/// `non-commercial` when the profile restricts commercial use.
pub fn applicable_rules(profile: &Profile, article: &Article) -> Vec<(Rule, Severity)> {
    let mut rules: Vec<(Rule, Severity)> = profile.all_rules().collect();
    let mut implied = |rule: Rule, when: bool| {
        if when && !rules.iter().any(|(r, _)| *r == rule) {
            rules.push((rule, Severity::Error));
        }
    };
    implied(Rule::RightsWindow, article.rights.is_some());
    implied(Rule::ImageRights, article.image.is_some());
    implied(
        Rule::NonCommercial,
        profile.commercial != Commercial::Allowed,
    );
    rules
}

fn violation(rule: Rule, message: impl Into<String>, fix: impl Into<String>) -> Violation {
    Violation {
        rule,
        severity: Severity::Error,
        message: message.into(),
        expected: None,
        found: None,
        fix: fix.into(),
        field: None,
    }
}

impl Violation {
    fn expected(mut self, e: impl Into<String>) -> Self {
        self.expected = Some(e.into());
        self
    }
    fn found(mut self, f: impl Into<String>) -> Self {
        self.found = Some(f.into());
        self
    }
    fn field(mut self, f: &'static str) -> Self {
        self.field = Some(f);
        self
    }
}

fn list_found(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else if items.len() > 6 {
        format!("{} and {} more", items[..6].join(", "), items.len() - 6)
    } else {
        items.join(", ")
    }
}

fn check_rule(
    cx: &CheckContext,
    rule: Rule,
    a: &Article,
    profile: &Profile,
    facts: &PageFacts,
) -> Vec<Violation> {
    let base = cx.site.config.base_url.as_str();
    let mut out = Vec::new();
    match rule {
        Rule::Byline => {
            if a.authors.is_empty() {
                out.push(
                    violation(rule, "the article names no author, so the page cannot credit one", "add `authors: [Name]` to the front matter, as the source credits them")
                        .field("title"),
                );
            }
            let missing: Vec<&str> = a
                .authors
                .iter()
                .map(String::as_str)
                .filter(|n| !facts.shows(n))
                .collect();
            if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|n| format!("{n:?}")).collect();
                let shown = a.authors.len() - missing.len();
                out.push(
                    violation(rule, format!("not shown on the page: {}", names.join(", ")), "show every author in the byline; the theme's article.html renders `page.authors`")
                        .expected(format!("visible text naming all {} author{}", a.authors.len(), plural(a.authors.len())))
                        .found(if shown == 0 { "no author named".to_owned() } else { format!("{shown} of {} named", a.authors.len()) })
                        .field("authors"),
                );
            }
        }
        Rule::Copyright => {
            let holder = a.copyright.as_ref().and_then(|c| c.holder.clone());
            let year = a.copyright.as_ref().and_then(|c| c.year.clone());
            match (holder, year) {
                (Some(holder), Some(year)) => {
                    let holder_n = normalise_text(&holder).to_lowercase();
                                        let year = year.to_lowercase();
                    let shown = facts.lower().0.iter().any(|b| {
                        (b.contains('\u{a9}') || b.contains("copyright") || b.contains("(c)"))
                                                        && b.contains(&year)
                            && b.contains(&holder_n)
                    });
                    if !shown {
                        out.push(
                            violation(rule, "no visible copyright line names the holder and year", "show the copyright notice in the page's text, for example \"Copyright \u{a9} {year} {holder}\"; text in comments, scripts or hidden elements does not count")
                                .expected(format!("\u{a9} or \"Copyright\", {year} and {holder:?} in one visible line"))
                                .found("no such line")
                                .field("copyright"),
                        );
                    }
                }
                (holder, year) => {
                    let missing = match (holder.is_none(), year.is_none()) {
                        (true, true) => "`copyright.holder` and `copyright.year`",
                        (true, false) => "`copyright.holder`",
                        _ => "`copyright.year`",
                    };
                    out.push(
                        violation(rule, format!("the front matter has no {missing}, so the copyright notice cannot be kept"), "add `copyright: {holder: ..., year: ...}` as the source's notice states it")
                            .field(if a.copyright.is_some() { "copyright" } else { "title" }),
                    );
                }
            }
        }
        Rule::SourceLink => out.extend(link_rule(rule, "source", a.source.as_ref().and_then(|s| s.url.as_deref()), facts, base)),
        Rule::OriginalLink => {
            if let Some(original) = &a.original {
                out.extend(link_rule(rule, "original", original.url.as_deref(), facts, base));
            }
        }
        Rule::LicenceLink => out.extend(licence_link_rule(profile, facts, base)),
        Rule::Canonical => {
            let target = a
                .original
                .as_ref()
                .and_then(|o| o.url.as_deref())
                .or_else(|| a.source.as_ref().and_then(|s| s.url.as_deref()))
                .filter(|u| is_absolute_http(u));
            match target {
                None => out.push(
                    violation(rule, "no absolute `original.url` or `source.url` for the canonical link to point at", "add the original article's address as `original.url` (or `source.url`)")
                        .field("source"),
                ),
                Some(target) => {
                    let want = normalise_url(target, base);
                    let found: Vec<&str> = facts.canonicals.iter().map(String::as_str).collect();
                    if found.len() != 1 || normalise_url(found[0], base) != want {
                        out.push(
                            violation(rule, "the page does not have exactly one canonical link to the original", "render one <link rel=\"canonical\" href=\"{{ page.head.canonical }}\"> in the page head")
                                .expected(format!("one <link rel=\"canonical\" href=\"{target}\">"))
                                .found(if found.is_empty() { "no canonical link".to_owned() } else { list_found(&found) }),
                        );
                    }
                }
            }
        }
        Rule::Noindex => {
            let ok = facts.robots.iter().any(|(_, c)| c.split([',', ' ']).any(|t| t.trim() == "noindex" || t.trim() == "none"));
            if !ok {
                out.push(
                    violation(rule, "the page does not ask search engines to leave this copy out", "render <meta name=\"robots\" content=\"noindex\"> (or name=\"googlebot-news\") in the page head when page.head.noindex is true")
                        .expected("<meta name=\"robots\" content=\"noindex\">")
                        .found(if facts.robots.is_empty() { "no robots meta tag".to_owned() } else { facts.robots.iter().map(|(n, c)| format!("{n}={c}")).collect::<Vec<_>>().join(", ") }),
                );
            }
        }
        Rule::Credit => match a.credit(profile, &cx.site.config.title) {
            None => out.push(violation(
                rule,
                format!("profile `{}` asks for a credit but sets no wording", profile.id),
                "add credit = \"...\" to the profile in config.toml",
            )),
            Some(Err(missing)) => {
                let names: Vec<String> = missing.iter().map(|p| format!("`{}`", p.name())).collect();
                out.push(
                    violation(rule, format!("the credit wording needs {} from the front matter", names.join(", ")), format!("add {} to the front matter", names.join(" and ")))
                        .expected(profile.credit.as_ref().map(|c| c.text.clone()).unwrap_or_default())
                        .field(missing.first().map_or("title", |p| p.name().split('.').next().unwrap_or("title"))),
                );
            }
            Some(Ok(credit)) => {
                if !facts.shows(&credit) {
                    out.push(
                        violation(rule, "the credit wording is not shown on the page", "show `page.credit` as visible text in the article template")
                            .expected(format!("visible text {credit:?}"))
                            .found("no visible text with that wording"),
                    );
                }
            }
        },
        Rule::Pixel => match &a.pixel {
            None => out.push(
                violation(rule, "the profile requires the publisher's tracking pixel but the front matter has no `pixel`", "add `pixel: URL` with the address from the publisher's republish snippet")
                    .field("title"),
            ),
            Some(pixel) => {
                let want = normalise_url(pixel, base);
                let matches: Vec<&Image> = facts.images.iter().filter(|i| want.is_some() && normalise_url(&i.src, base) == want).collect();
                if !matches.iter().any(|i| !i.hidden) {
                    let found = if matches.is_empty() { "no <img> with that src".to_owned() } else { "an <img> that is hidden or lazy-loaded".to_owned() };
                    out.push(
                        violation(rule, "the tracking pixel is not loaded by the page", "render <img src=\"{{ page.pixel }}\" alt=\"\" width=\"1\" height=\"1\"> without hidden, display:none or loading=\"lazy\"")
                            .expected(format!("<img src=\"{pixel}\">"))
                            .found(found)
                            .field("pixel"),
                    );
                }
            }
        },
        Rule::LinksKept => {
            let hrefs: Vec<Option<String>> = facts.anchors.iter().map(|x| normalise_url(&x.href, base)).collect();
            let raw: Vec<&str> = facts.anchors.iter().map(|x| x.href.as_str()).collect();
            for link in &a.body.links {
                let kept = match normalise_url(link, base) {
                    Some(n) => hrefs.iter().any(|h| h.as_deref() == Some(n.as_str())),
                    None => raw.contains(&link.as_str()),
                };
                if !kept {
                    out.push(
                        violation(rule, format!("the body's link to {link} is missing from the page"), "keep every link of the original story; check that the sanitiser or the theme does not drop it")
                            .expected(format!("<a href=\"{link}\">"))
                            .found("no such link"),
                    );
                }
            }
        }
        Rule::Unmodified => {
            if a.changes.is_some() {
                out.push(
                    violation(rule, "the article declares `changes`, but its licence allows no shared adaptations", "republish the original text unchanged and remove `changes`, or ask the publisher for permission")
                        .field("changes"),
                );
            }
            match &a.fingerprint {
                None => out.push(
                    violation(rule, "no `fingerprint` of the original text, so the copy cannot be shown to be unchanged", "add `fingerprint:` computed from the original text as received (`reprint fingerprint FILE` prints it)")
                        .field("title"),
                ),
                                Some(f) if Some(f) != a.body_fingerprint.as_ref() => out.push(
                    violation(rule, "the body differs from the original text recorded in `fingerprint`", "restore the original wording (re-wrapping lines is fine; changing words is not)")
                        .expected(f.clone())
                                                .found(a.body_fingerprint.clone().unwrap_or_default())
                        .field("fingerprint"),
                ),
                Some(_) => {}
            }
        }
        Rule::ChangesNoted => {
                        let differs = a.fingerprint.is_some() && a.fingerprint != a.body_fingerprint;
            match &a.changes {
                Some(changes) if !facts.shows(changes) => out.push(
                    violation(rule, "the article was changed from the original, but the page does not say how", "show `page.changes` on the page, for example \"Changes from the original: ...\"")
                        .expected(format!("visible text {changes:?}"))
                        .found("no visible text with that wording")
                        .field("changes"),
                ),
                Some(_) => {}
                None if differs => out.push(
                    violation(rule, "the body no longer matches the original's `fingerprint`, and `changes` does not say what changed", "describe the modification in `changes:` so the page can indicate it")
                        .field("fingerprint"),
                ),
                None => {}
            }
        }
        Rule::NonCommercial => {
            let permitted = a.permission.as_ref().is_some_and(|p| p.covers("commercial"));
            if cx.site.config.commercial {
                let lifted = permitted && profile.commercial != Commercial::Forbidden;
                if !lifted {
                    let fix = if profile.commercial == Commercial::Forbidden {
                        "this profile forbids commercial reuse outright: publish it on a non-commercial site only"
                    } else {
                        "obtain written permission and record it as `permission: {granted_by, date, reference, covers: [commercial]}`, or set commercial = false if the site sells no ads, access or sponsorship"
                    };
                    out.push(
                        violation(rule, format!("the site is commercial (commercial = true) but `{}` does not allow commercial use", profile.id), fix)
                            .field("permission"),
                    );
                }
            }
        }
        Rule::ShareAlike => {
            if a.changes.is_some() {
                let Some(sa) = profile.share_alike else {
                    return out;
                };
                let family = sa.family.to_ascii_lowercase();
                let claims: Vec<&str> = facts.licence_claims.iter().map(String::as_str).collect();
                let ok_claims = claims
                    .iter()
                    .filter(|c| share_alike_of(c, base).is_some_and(|(f, v)| f == family && v >= sa.version))
                    .count();
                if ok_claims == 0 {
                    out.push(
                        violation(rule, format!("this adaptation must be offered under {} or a later version", profile.id), "render <a rel=\"license\" href=\"{{ page.licence.url }}\"> for the article")
                            .expected(format!("rel=\"license\" naming {} {}.{}+", sa.family, sa.version.0, sa.version.1))
                            .found(list_found(&claims)),
                    );
                }
                if ok_claims != claims.len() {
                    let others: Vec<&str> = claims.iter().copied().filter(|c| !share_alike_of(c, base).is_some_and(|(f, v)| f == family && v >= sa.version)).collect();
                    out.push(
                        violation(rule, "the page also licenses this adaptation under another licence", "scope the site's own licence to its own pages; an adaptation of a ShareAlike article keeps the article's licence")
                            .found(list_found(&others)),
                    );
                }
            }
        }
        Rule::RightsWindow => {
            if let Some(r) = &a.rights {
                if let Some(from) = &r.from
                    && cx.now < from.timestamp
                {
                    out.push(
                        violation(rule, format!("the right to republish starts on {}, after this build", from.iso()), "wait until the window opens (mark the article `draft: true` meanwhile) or correct `rights.from`")
                            .field("rights"),
                    );
                }
                if let Some(until) = &r.until {
                    let end = if until.has_time { until.timestamp } else { until.timestamp + jiff::SignedDuration::from_hours(24) };
                    if cx.now >= end {
                        out.push(
                            violation(rule, format!("the right to republish ended on {}", until.iso()), "take the article down (delete it or mark it `draft: true`), or record an extended window in `rights.until`")
                                .field("rights"),
                        );
                    }
                }
            }
        }
        Rule::ImageRights => {
            if let Some(image) = &a.image
                && !a.image_allowed(&cx.site.licences)
            {
                let want = normalise_url(&image.src, base);
                let same = |u: &str| match (&want, normalise_url(u, base)) {
                    (Some(w), Some(n)) => *w == n,
                    _ => u.trim() == image.src.trim(),
                };
                let mut places = Vec::new();
                if facts.images.iter().any(|i| same(&i.src)) {
                    places.push("an <img>");
                }
                if facts.meta_images.iter().any(|m| same(m)) {
                    places.push("og:image/twitter:image");
                }
                let in_json = |j: &String| j.contains(&image.src) || want.as_ref().is_some_and(|w| j.contains(w.as_str()));
                if facts.json_ld.iter().any(in_json) {
                    places.push("JSON-LD");
                }
                if !places.is_empty() {
                    let why = match &image.licence {
                        None => "has no licence of its own".to_owned(),
                        Some(l) => format!("is {l}"),
                    };
                    out.push(
                        violation(rule, format!("the lead image {why}, but the page shows it"), "drop the image, give `image.licence` a profile id if its creator licensed it, or record a `permission` that covers images")
                            .found(places.join(", "))
                            .field("image"),
                    );
                }
            }
        }
    }
    out
}

fn link_rule(
    rule: Rule,
    field: &'static str,
    url: Option<&str>,
    facts: &PageFacts,
    base: &str,
) -> Vec<Violation> {
    let url_field = if field == "source" {
        "`source.url`"
    } else {
        "`original.url`"
    };
    match url {
        None => vec![violation(rule, format!("the front matter has no {url_field}"), format!("add {url_field}: the absolute address of the {field} article"))
            .field(if field == "source" { "source" } else { "original" })],
        Some(u) if !is_absolute_http(u) => vec![
            violation(rule, format!("{url_field} {u:?} is not an absolute http(s) address, so no link can satisfy it"), format!("set {url_field} to the {field} article's full address, starting with https://"))
                .field(field),
        ],
        Some(u) => {
            if facts.shown_links_to(u, base) {
                vec![]
            } else {
                vec![
                    violation(rule, format!("no <a href> to {u} in the rendered page"), format!("link to the {field} article with a visible <a href=\"{{{{ page.{field}.url }}}}\">"))
                        .expected(format!("a visible <a href=\"{u}\">"))
                        .found(format!("links to {}", list_found(&facts.shown_hrefs())))
                        .field(field),
                ]
            }
        }
    }
}

fn licence_link_rule(profile: &Profile, facts: &PageFacts, base: &str) -> Vec<Violation> {
    let rule = Rule::LicenceLink;
    let Some(url) = &profile.url else {
        return vec![violation(
            rule,
            format!("profile `{}` has no licence address to link to", profile.id),
            format!(
                "add terms = \"https://...\" (or licence_url) to [licences.{}] in config.toml",
                profile.id
            ),
        )];
    };
    let want = licence_key(url, base);
    let claims: Vec<&str> = facts.licence_claims.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let linked = facts.anchors.iter().any(|a| {
        a.shown && a.rel.iter().any(|r| r == "license") && licence_key(&a.href, base) == want
    });
    let others: Vec<&str> = claims
        .iter()
        .copied()
        .filter(|c| licence_key(c, base) != want)
        .collect();
    if !linked {
        let message = if others.is_empty() {
            format!("no visible <a rel=\"license\"> to {}", profile.name)
        } else {
            format!(
                "the page's rel=\"license\" names another licence instead of {}",
                profile.name
            )
        };
        out.push(
            violation(rule, message, "link the article's licence with <a rel=\"license\" href=\"{{ page.licence.url }}\">{{ page.licence.name }}</a>, and no other")
                .expected(format!("<a rel=\"license\" href=\"{url}\">"))
                .found(if claims.is_empty() { "no rel=\"license\" on the page".to_owned() } else { format!("rel=\"license\" to {}", list_found(&claims)) }),
        );
    } else if !others.is_empty() {
        out.push(
            violation(rule, "another rel=\"license\" on the page names a different licence, claiming the republished article for it", "scope the site's own licence link to the site's own pages: drop rel=\"license\" from the footer on article pages")
                .expected(format!("only {url}"))
                .found(list_found(&others)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/";

    #[test]
    fn urls_normalise_scheme_host_port_and_trailing_slash() {
        let n = |u| normalise_url(u, BASE);
        assert_eq!(n("HTTPS://Example.ORG:443/a/"), n("https://example.org/a"));
        assert_eq!(
            n("http://example.org:80/a"),
            Some("http://example.org/a".into())
        );
        assert_eq!(n("https://example.org/a#frag"), n("https://example.org/a"));
        assert_ne!(n("https://example.org/a?x=1"), n("https://example.org/a"));
        assert_eq!(n("#"), None);
        assert_eq!(n("mailto:a@example.org"), None);
        assert_eq!(n("/news/"), Some("https://example.org/news".into()));
        assert_eq!(
            normalise_url("/news/", "/"),
            None,
            "relative with no base host"
        );
    }

    #[test]
    fn cc_licence_urls_match_whatever_the_deed_suffix() {
        let k = |u| licence_key(u, BASE);
        assert_eq!(
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/"),
            k("http://creativecommons.org/licenses/by-nc-nd/3.0/deed.en")
        );
        assert_eq!(
            k("https://creativecommons.org/licenses/by/4.0/legalcode"),
            k("https://creativecommons.org/licenses/by/4.0")
        );
        assert_ne!(
            k("https://creativecommons.org/licenses/by/4.0/"),
            k("https://creativecommons.org/licenses/by-sa/4.0/")
        );
        assert_ne!(
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/us/"),
            k("https://creativecommons.org/licenses/by-nc-nd/3.0/")
        );
        assert_eq!(
            share_alike_of("https://creativecommons.org/licenses/by-sa/4.0/", BASE),
            Some(("by-sa".into(), (4, 0)))
        );
    }

    #[test]
    fn hidden_text_and_links_do_not_count_as_shown() {
        let html = r#"<!doctype html><html><head><title>Jon Queally</title></head><body>
            <!-- Copyright © 2014 Common Dreams -->
            <p>Visible <span>words</span></p>
            <script>var x = "Script Name";</script>
            <template><p>Template Name</p></template>
            <noscript><p>Noscript Name</p></noscript>
            <div hidden><p>Hidden Name</p><a href="https://example.com/hidden">x</a></div>
            <p style="display: none">Styled Name</p>
            <a href="https://example.com/shown">shown</a><a href="https://example.com/empty"></a>
            </body></html>"#;
        let f = PageFacts::extract(html);
        assert!(f.shows("Visible words"));
        for name in [
            "Jon Queally",
            "Common Dreams",
            "Script Name",
            "Template Name",
            "Noscript Name",
            "Hidden Name",
            "Styled Name",
        ] {
            assert!(!f.shows(name), "{name} should not count as shown");
        }
        assert!(f.shown_links_to("https://example.com/shown/", BASE));
        assert!(!f.shown_links_to("https://example.com/hidden", BASE));
        assert!(!f.shown_links_to("https://example.com/empty", BASE));
    }

    #[test]
    fn text_matching_ignores_typography() {
        let f = PageFacts::extract("<p>By Seán O\u{2019}Brien \u{2014} and\n   Ana</p>");
        assert!(f.shows("Seán O'Brien - and Ana"));
    }

    #[test]
    fn facts_collect_head_signals() {
        let html = r#"<html><head><link rel="canonical" href="https://a.example/x"><meta name="robots" content="noindex, follow">
            <meta property="og:image" content="https://example.org/i.jpg"><script type="application/ld+json">{"image":"/i.jpg"}</script>
            <link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head>
            <body><img src="https://p.example/p.gif" loading="lazy"><a rel="license nofollow" href="https://creativecommons.org/licenses/by-nd/4.0/">CC</a></body></html>"#;
        let f = PageFacts::extract(html);
        assert_eq!(f.canonicals, vec!["https://a.example/x"]);
        assert_eq!(f.robots[0].1, "noindex, follow");
        assert_eq!(f.meta_images, vec!["https://example.org/i.jpg"]);
        assert_eq!(f.json_ld.len(), 1);
        assert_eq!(f.licence_claims.len(), 2);
        assert!(f.images[0].hidden, "lazy images may never load");
    }
}
