//! How deep an article body may nest, measured before it is rendered so a
//! hostile body cannot make parsing slow.

use pulldown_cmark::{Event, Parser};

use super::options;

/// How deep elements may nest in an article body, Markdown and raw HTML
/// together. Parsing HTML nested thousands deep takes time that grows with
/// the square of the depth; no real article comes near this.
pub const MAX_NESTING: usize = 100;

/// Where the body first nests deeper than [`MAX_NESTING`]: the byte offset
/// into `markdown` and the depth reached there.
pub fn nesting_too_deep(markdown: &str) -> Option<(usize, usize)> {
    let mut depth = Depth::default();
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .find_map(|(event, range)| depth.step(&event, range.start))
}

/// The nesting depth so far of a stream of Markdown events.
#[derive(Default)]
pub(super) struct Depth {
    depth: usize,
    html_depth: usize,
}

impl Depth {
    /// Takes one event starting at byte `start`; returns where and how deep
    /// the body first nests too deep, if this event does that.
    pub(super) fn step(&mut self, event: &Event, start: usize) -> Option<(usize, usize)> {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let room = MAX_NESTING.saturating_sub(self.depth);
                match html_nesting(html, self.html_depth, room) {
                    Ok(d) => self.html_depth = d,
                    Err(at) => return Some((start + at, MAX_NESTING + 1)),
                }
            }
            _ => {}
        }
        (self.depth + self.html_depth > MAX_NESTING)
            .then_some((start, self.depth + self.html_depth))
    }
}

/// Depth of open HTML elements after `html`, starting from `depth`, or the
/// offset of the tag that opens more than `room` of them. Void elements and
/// those whose end tag may be left out (`p`, `li`, ...) are not counted:
/// browsers close them without nesting.
fn html_nesting(html: &str, mut depth: usize, room: usize) -> Result<usize, usize> {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
        "tbody", "tfoot", "rb", "rt", "rp", "colgroup", "caption",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..tag_end].ends_with('/');
        if NOT_NESTING.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > room {
                return Err(html.len() - rest.len() - 1);
            }
        }
    }
    Ok(depth)
}
