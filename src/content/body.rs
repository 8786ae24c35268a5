//! An article's body: measured when the site is loaded (what lists, checks
//! and reports need), rendered to HTML when its page is made. A clean build
//! measures it as its page renders instead, from the same parse.

use std::ops::Deref;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use super::article::Fields;
use super::front_matter;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::licences::{PixelKind, Registry};
use crate::markdown;

/// What an article keeps of its body (see [`markdown::RenderedBody`]):
/// measured when it is loaded, or, in a build that defers it, when its page
/// is rendered, which then parses the body once for both.
#[derive(Debug, Clone, Default)]
pub struct Body(OnceLock<markdown::RenderedBody>);

/// What an unmeasured body reads as: nothing. A build measures every body
/// before anything but its own page reads it.
static UNMEASURED: LazyLock<markdown::RenderedBody> = LazyLock::new(Default::default);

impl Body {
    pub fn measured(body: markdown::RenderedBody) -> Body {
        Body(OnceLock::from(body))
    }

    pub fn is_measured(&self) -> bool {
        self.0.get().is_some()
    }

    /// Records the measure; a body measured already keeps its first.
    pub(super) fn set(&self, body: markdown::RenderedBody) {
        let _ = self.0.set(body);
    }
}

impl Deref for Body {
    type Target = markdown::RenderedBody;

    fn deref(&self) -> &markdown::RenderedBody {
        debug_assert!(self.is_measured(), "a body read before it was measured");
        self.0.get().unwrap_or(&UNMEASURED)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        **self == **other
    }
}

impl Eq for Body {}

impl serde::Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Body, D::Error> {
        markdown::RenderedBody::deserialize(d).map(Body::measured)
    }
}

/// What the site keeps of a body, its lines counted from the file's: what
/// lists, checks and reports need, and its HTML only `with_html` (the
/// measure then comes from the parse that renders it).
pub(super) fn measure_body(
    split: &front_matter::Split,
    config: &Config,
    licences: &Registry,
    terms: (&str, Option<&str>),
    with_html: bool,
) -> Result<markdown::RenderedBody, (usize, usize)> {
    let sanitise = sanitise(config, licences, terms);
    let mut body = if with_html {
        markdown::render_checked(split.body, sanitise)?
    } else {
        markdown::measure_checked(split.body, sanitise)?
    };
    body.first_line = split.front_matter_line + split.front_matter.lines().count() + 1;
    Ok(body)
}

/// The body as its page shows it.
pub(super) fn body_html(
    split: &front_matter::Split,
    config: &Config,
    licences: &Registry,
    terms: (&str, Option<&str>),
) -> String {
    markdown::html_of(split.body, sanitise(config, licences, terms))
}

/// How the body's raw HTML is cleaned under the article's licence terms.
fn sanitise<'a>(
    config: &'a Config,
    licences: &Registry,
    (licence, pixel): (&str, Option<&'a str>),
) -> markdown::Sanitise<'a> {
    // A profile that says its tracker is a script lets exactly that script
    // through the sanitiser, as pasted from the publisher's snippet.
    let pixel_script = licences
        .get(licence)
        .filter(|p| p.conditions.pixel == PixelKind::Script)
        .and(pixel)
        .map(str::trim)
        .filter(|p| p.starts_with("https://") || p.starts_with("http://"));
    markdown::Sanitise {
        enabled: config.sanitize_html,
        embeds: &config.embeds,
        pixel_script,
    }
}

/// A body nested deeper than the renderer allows, at the line where it goes too deep.
pub(super) fn nesting_error(f: &mut Fields, body: &str, too_deep: (usize, usize)) {
    let e = nesting_diagnostic(f.rel, f.text, body, too_deep);
    f.errors.push(e);
}

/// The error for `body`, a part of the file `text`, nested `depth` levels
/// deep at byte `offset` of the body.
pub(super) fn nesting_diagnostic(
    rel: &Path,
    text: &str,
    body: &str,
    (offset, depth): (usize, usize),
) -> Diagnostic {
    let start = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let mut e = Diagnostic::new(
        rel,
        format!(
            "the body nests {depth} levels deep; at most {} levels of lists, quotes and HTML elements are allowed",
            markdown::MAX_NESTING
        ),
    )
    .at_offset(text, start + offset)
    .with_hint("flatten the nesting here: close lists, quotes or HTML elements before opening new ones");
    // The line can be the whole file; show only up to the point reached.
    e.source_line = e.source_line.map(|l| l.chars().take(e.col + 20).collect());
    e
}

/// Any edit to the file, or a move, changes it.
pub(super) fn source_hash(rel: &Path, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::text::change_hasher();
    rel.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}
