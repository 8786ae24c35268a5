//! The terms real publishers set beyond a list of rules (docs/licences.md):
//! where the credit stands, the byline's form, which edits are allowed, an
//! excerpt's length, which links count as the source link, upstream
//! provenance, the tracker's element and media hosts that are off limits.
//! Each is read from a `[licences.ID]` table and checked where it is written.

use crate::config::{Config, ProfileConfig};
use crate::diagnostics::{Diagnostic, suggesting};

use super::{CreditTemplate, keyword, keyword_ids};

/// Where a profile's credit must stand in the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditPosition {
    /// The body's first block.
    Top,
    /// The body's last block.
    Bottom,
    /// Anywhere on the page.
    Any,
}

impl CreditPosition {
    pub const ALL: [CreditPosition; 3] = [
        CreditPosition::Top,
        CreditPosition::Bottom,
        CreditPosition::Any,
    ];

    pub fn id(self) -> &'static str {
        match self {
            CreditPosition::Top => "top",
            CreditPosition::Bottom => "bottom",
            CreditPosition::Any => "any",
        }
    }

    fn from_id(id: &str) -> Option<CreditPosition> {
        keyword(&CreditPosition::ALL, CreditPosition::id, id)
    }
}

/// A kind of change a republisher may make (docs/licences.md, EDIT).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EditKind {
    Headline,
    TimePlace,
    Style,
    CutsWithApproval,
    Translation,
}

impl EditKind {
    pub const ALL: [EditKind; 5] = [
        EditKind::Headline,
        EditKind::TimePlace,
        EditKind::Style,
        EditKind::CutsWithApproval,
        EditKind::Translation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            EditKind::Headline => "headline",
            EditKind::TimePlace => "time_place",
            EditKind::Style => "style",
            EditKind::CutsWithApproval => "cuts_with_approval",
            EditKind::Translation => "translation",
        }
    }

    pub fn from_id(id: &str) -> Option<EditKind> {
        keyword(&EditKind::ALL, EditKind::id, &id.replace('-', "_"))
    }

    /// Every id, for hints.
    pub fn ids() -> String {
        keyword_ids(&EditKind::ALL, EditKind::id)
    }
}

/// Excerpt-only terms: a few paragraphs and a trailer linking the source.
#[derive(Debug, Clone)]
pub struct Excerpt {
    pub max_paragraphs: usize,
    pub trailer: Option<CreditTemplate>,
}

/// What may satisfy `source-link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Source,
    Original,
    Url(String),
}

impl LinkTarget {
    pub fn describe(&self) -> String {
        match self {
            LinkTarget::Source => "the source article (`source.url`)".to_owned(),
            LinkTarget::Original => "the original article (`original.url`)".to_owned(),
            LinkTarget::Url(u) => u.clone(),
        }
    }
}

/// The element a publisher's tracker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PixelKind {
    #[default]
    Img,
    Script,
}

impl PixelKind {
    pub fn id(self) -> &'static str {
        match self {
            PixelKind::Img => "img",
            PixelKind::Script => "script",
        }
    }
}

/// The terms beyond the rule list, as a profile states them.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub credit_position: Option<CreditPosition>,
    /// The byline form, with `{author}` and `{affiliation}` for each author.
    pub byline: Option<CreditTemplate>,
    pub allowed_edits: Vec<EditKind>,
    pub excerpt: Option<Excerpt>,
    /// When set, replaces the default target (the source alone).
    pub link_targets: Option<Vec<LinkTarget>>,
    pub require_upstream: bool,
    pub pixel: PixelKind,
    /// Lower-cased hosts; each also covers its subdomains.
    pub media_hosts_denied: Vec<String>,
}

impl Conditions {
    /// Whether a credit position asks for the article body to be marked.
    pub fn needs_body_marker(&self) -> bool {
        matches!(
            self.credit_position,
            Some(CreditPosition::Top | CreditPosition::Bottom)
        )
    }

    /// Whether a change of this kind is allowed.
    pub fn allows(&self, kind: EditKind) -> bool {
        self.allowed_edits.contains(&kind)
    }

    /// Whether every kind is allowed, so a change of unknown kind is too.
    pub fn allows_any(&self) -> bool {
        EditKind::ALL.iter().all(|k| self.allows(*k))
    }
}

type Span = std::ops::Range<usize>;

/// Reads the conditions of `[licences.ID]`, each bad value reported at its place.
pub(super) fn conditions(
    config: &Config,
    id: &str,
    raw: &ProfileConfig,
    errors: &mut Vec<Diagnostic>,
) -> Conditions {
    let mut bad = |span: Span, key: &str, value: &str, valid: &str| {
        let hint = format!("`{key}` takes one of: {valid}");
        let hint = suggesting(value, valid.split(", "), hint);
        errors.push(
            config
                .error_at(
                    span,
                    format!("unknown value {value:?} for `{key}` in licence profile `{id}`"),
                )
                .with_hint(hint),
        );
    };
    let credit_position = raw.credit_position.as_ref().and_then(|p| {
        let v = CreditPosition::from_id(p.get_ref());
        if v.is_none() {
            bad(
                p.span(),
                "credit_position",
                p.get_ref(),
                &keyword_ids(&CreditPosition::ALL, CreditPosition::id),
            );
        }
        v
    });
    let mut allowed_edits = Vec::new();
    for e in raw.allowed_edits.iter().flatten() {
        match EditKind::from_id(e.get_ref()) {
            Some(k) if !allowed_edits.contains(&k) => allowed_edits.push(k),
            Some(_) => {}
            None => bad(e.span(), "allowed_edits", e.get_ref(), &EditKind::ids()),
        }
    }
    let link_targets = raw
        .link_targets
        .as_ref()
        .map(|list| link_targets(list, &mut bad));
    let pixel = match &raw.pixel {
        None => PixelKind::Img,
        Some(p) => match p.get_ref().trim().to_ascii_lowercase().as_str() {
            "img" => PixelKind::Img,
            "script" => PixelKind::Script,
            other => {
                bad(p.span(), "pixel", other, "img, script");
                PixelKind::Img
            }
        },
    };
    let media_hosts_denied = denied_hosts(config, &raw.media_hosts_denied, errors);
    Conditions {
        credit_position,
        byline: template(config, raw.byline.as_ref(), true, errors),
        allowed_edits,
        excerpt: raw.excerpt.as_ref().map(|e| Excerpt {
            max_paragraphs: e.get_ref().max_paragraphs,
            trailer: template(config, e.get_ref().trailer.as_ref(), false, errors),
        }),
        link_targets,
        require_upstream: raw.require_upstream,
        pixel,
        media_hosts_denied,
    }
}

/// Where `link_targets` may point: the source, the original or a fixed
/// address; anything else is told to `bad`.
fn link_targets(
    list: &[toml::Spanned<String>],
    bad: &mut dyn FnMut(Span, &str, &str, &str),
) -> Vec<LinkTarget> {
    let mut targets = Vec::new();
    for t in list {
        let v = t.get_ref().trim();
        match v.to_ascii_lowercase().as_str() {
            "source" => targets.push(LinkTarget::Source),
            "original" => targets.push(LinkTarget::Original),
            _ if v.starts_with("https://") || v.starts_with("http://") => {
                targets.push(LinkTarget::Url(v.to_owned()))
            }
            _ => bad(
                t.span(),
                "link_targets",
                v,
                "source, original, an absolute http(s) address",
            ),
        }
    }
    targets
}

/// The bare host names in `media_hosts_denied`, lower-case, `*.` dropped.
fn denied_hosts(
    config: &Config,
    list: &[toml::Spanned<String>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut media_hosts_denied = Vec::new();
    for h in list {
        let host = h
            .get_ref()
            .trim()
            .trim_start_matches("*.")
            .to_ascii_lowercase();
        if host.is_empty() || host.contains(['/', ':', ' ']) {
            errors.push(
                config
                    .error_at(
                        h.span(),
                        format!(
                            "{:?} in `media_hosts_denied` is not a host name",
                            h.get_ref()
                        ),
                    )
                    .with_hint(
                        "write a bare host such as \"propublica.org\"; it covers its subdomains",
                    ),
            );
        } else {
            media_hosts_denied.push(host);
        }
    }
    media_hosts_denied
}

/// A wording with placeholders (a profile's credit, byline form or excerpt
/// trailer), its errors placed inside the quoted string.
pub(super) fn template(
    config: &Config,
    text: Option<&toml::Spanned<String>>,
    byline: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<CreditTemplate> {
    let t = text?;
    let parsed = if byline {
        CreditTemplate::parse_byline(t.get_ref())
    } else {
        CreditTemplate::parse(t.get_ref())
    };
    match parsed {
        Ok(t) => Some(t),
        Err((offset, message)) => {
            // The span covers the quoted string; step past the opening quote.
            let at = t.span().start + 1 + offset;
            errors.push(config.error_at(at..at, message).with_hint(
                "placeholders are filled from the article's front matter; write {{ and }} for literal braces",
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::licences::Registry;

    fn profile_errors(table: &str) -> Vec<Diagnostic> {
        let src = format!("title = \"T\"\n[licences.p]\nterms = \"https://p.example/\"\n{table}\n");
        let config = Config::parse(&src, "config.toml".into()).expect("config parses");
        match Registry::from_config(&config) {
            Ok(_) => Vec::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn unknown_values_are_errors_at_their_line() {
        for (table, word) in [
            ("credit_position = \"middle\"", "middle"),
            ("allowed_edits = [\"style\", \"headlines\"]", "headlines"),
            ("link_targets = [\"source\", \"home\"]", "home"),
            ("pixel = \"iframe\"", "iframe"),
            ("byline = \"{author}, {school}\"", "{school}"),
        ] {
            let errors = profile_errors(table);
            assert_eq!(errors.len(), 1, "{table}: {errors:?}");
            assert_eq!(errors[0].line, 4, "{table}");
            assert!(errors[0].message.contains(word), "{}", errors[0].message);
        }
        assert!(profile_errors("credit_position = \"top\"\npixel = \"script\"").is_empty());
    }

    #[test]
    fn edit_kinds_and_positions_read_their_ids() {
        assert_eq!(EditKind::from_id("time-place"), Some(EditKind::TimePlace));
        assert_eq!(EditKind::from_id("rewrite"), None);
        assert_eq!(
            CreditPosition::from_id("Bottom"),
            Some(CreditPosition::Bottom)
        );
        let all = Conditions {
            allowed_edits: EditKind::ALL.to_vec(),
            ..Conditions::default()
        };
        assert!(all.allows_any());
        assert!(!Conditions::default().allows_any());
    }
}
