//! The loaded site's types: what every later stage reads. Parsing lives in
//! the sibling modules.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::date::ArticleDate;
use super::field_lines::FieldLines;
use crate::config::Config;
use crate::licences::{Commercial, CreditTemplate, EditKind, Placeholder, Profile, Registry};
use crate::markdown::RenderedBody;
use crate::text::join_names;

/// What the load stage needs besides the site folder.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// Everything the site is made of, read and checked. Immutable once loaded.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub licences: Registry,
    /// Newest first; ties broken by source path so the order never varies.
    pub articles: Vec<Arc<Article>>,
    pub taxonomies: Vec<Taxonomy>,
    /// Files under `content/` that are not articles (images beside an
    /// article), relative to `content/`; copied to the same place in the output.
    pub assets: Vec<PathBuf>,
    /// The site's own pages (`type: page`), by source path.
    pub pages: Vec<Arc<Page>>,
    /// One per top-level folder of `content/` that holds articles or an
    /// `_index.md`, by URL.
    pub sections: Vec<Section>,
    /// Articles left out of this build, and why.
    pub held: Vec<Held>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    /// Source path relative to the site root, `/`-separated: `content/news/iran.md`.
    pub path: String,
    /// Pretty URL path: `/news/iran/`.
    pub url: String,
    pub title: String,
    pub date: ArticleDate,
    pub updated: Option<ArticleDate>,
    /// The authors' names, as every byline and feed shows them.
    pub authors: Vec<String>,
    /// The authors with their affiliation and profile address, when given.
    pub author_details: Vec<Author>,
    /// The summary as written in front matter, if any.
    pub summary: Option<String>,
    /// Canonical id of the article's licence profile.
    pub licence: String,
    pub source: Option<Link>,
    pub original: Option<Link>,
    /// The headline as the original publisher published it.
    pub original_title: Option<String>,
    /// Canonical id of the original publisher's licence profile.
    pub original_licence: Option<String>,
    pub copyright: Option<Copyright>,
    /// Taxonomy name → its terms, in config order.
    pub taxonomies: Vec<(String, Vec<TermRef>)>,
    // Boxed, as most articles have none: the article stays small.
    pub image: Option<Box<Image>>,
    pub permission: Option<Box<Permission>>,
    pub pixel: Option<String>,
    pub fingerprint: Option<String>,
    /// What this copy changed, as text (the free text, or the note).
    pub changes: Option<String>,
    /// The kinds of change declared; `None` when `changes` is free text
    /// (kind unknown) or absent.
    pub change_kinds: Option<Vec<EditKind>>,
    pub rights: Option<Box<Rights>>,
    pub draft: bool,
    /// The article's own language (`fr`), when it differs from the site's.
    pub language: Option<String>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,

    pub body: super::body::Body,
    /// `sha256:` fingerprint of the body, when the article records one to compare with.
    pub body_fingerprint: Option<String>,
    /// File line of each top-level front-matter key, so reports can point at it.
    pub field_lines: FieldLines,
    /// Hash of the file's path and text: any edit changes it.
    pub source_hash: u64,
    /// Whether the front matter sets `slug`.
    pub has_slug: bool,
    /// Old addresses that redirect to this article: `/old/path/`.
    pub aliases: Vec<String>,
    /// Plain text before a `<!-- more -->` marker in the body, if it has one.
    pub more: Option<String>,
}

impl Article {
    /// Summary text for lists and feeds: the front matter's, else the text
    /// before a `<!-- more -->` marker, else the first paragraph.
    pub fn summary_text(&self) -> &str {
        self.summary
            .as_deref()
            .or(self.more.as_deref())
            .unwrap_or(&self.body.first_paragraph)
    }

    /// Whether `new` (this article's file, edited) keeps this article's
    /// place in the site: the same file, address, date, terms, aliases,
    /// schedule and draft state. Lists, sections, term pages and addresses
    /// then stay as they were; what the article says may differ.
    pub fn keeps_its_place(&self, new: &Article) -> bool {
        // Listed in full, so that a field added later must be placed here.
        let Article {
            path,
            url,
            date,
            taxonomies,
            aliases,
            rights,
            draft,
            has_slug,
            title: _,
            updated: _,
            authors: _,
            author_details: _,
            summary: _,
            licence: _,
            source: _,
            original: _,
            original_title: _,
            original_licence: _,
            copyright: _,
            image: _,
            permission: _,
            pixel: _,
            fingerprint: _,
            changes: _,
            change_kinds: _,
            language: _,
            extra: _,
            field_lines: _,
            body: _,
            body_fingerprint: _,
            source_hash: _,
            more: _,
        } = self;
        *path == new.path
            && *url == new.url
            && *date == new.date
            && *taxonomies == new.taxonomies
            && *aliases == new.aliases
            && *rights == new.rights
            && *draft == new.draft
            && *has_slug == new.has_slug
    }

    /// Line of a top-level front-matter key in the source file, else the
    /// opening `---` line.
    pub fn line_of(&self, key: &str) -> usize {
        self.field_lines.line_of(key).unwrap_or(1)
    }

    /// The profile's credit wording filled from this article, or the
    /// placeholders it lacks; `None` when the profile prescribes no wording.
    pub fn credit(
        &self,
        profile: &Profile,
        site_title: &str,
    ) -> Option<Result<String, Vec<Placeholder>>> {
        let template = profile.credit.as_ref()?;
        Some(template.fill(|p| self.credit_value(p, profile, site_title)))
    }

    /// The byline form filled for each author, or the placeholders one lacks.
    pub fn byline_forms(
        &self,
        template: &CreditTemplate,
        profile: &Profile,
        site_title: &str,
    ) -> Vec<(String, Result<String, Vec<Placeholder>>)> {
        self.author_details
            .iter()
            .map(|author| {
                let filled = template.fill(|p| match p {
                    Placeholder::Author => Some(author.name.clone()),
                    Placeholder::Affiliation => author.affiliation.clone(),
                    Placeholder::Authors => Some(join_names(&self.authors)),
                    other => self.credit_value(other, profile, site_title),
                });
                (author.name.clone(), filled)
            })
            .collect()
    }

    /// The value of one credit placeholder for this article.
    pub fn credit_value(
        &self,
        p: Placeholder,
        profile: &Profile,
        site_title: &str,
    ) -> Option<String> {
        match p {
            Placeholder::Title => Some(self.title.clone()),
            Placeholder::Authors => Some(join_names(&self.authors)),
            Placeholder::Date => Some(self.date.display()),
            Placeholder::SourceName => self.source.as_ref()?.name.clone(),
            Placeholder::SourceUrl => self.source.as_ref()?.url.clone(),
            Placeholder::OriginalName => self.original.as_ref()?.name.clone(),
            Placeholder::OriginalUrl => self.original.as_ref()?.url.clone(),
            Placeholder::CopyrightHolder => self.copyright.as_ref()?.holder.clone(),
            Placeholder::CopyrightYear => self.copyright.as_ref()?.year.clone(),
            Placeholder::LicenceName => Some(profile.name.clone()),
            Placeholder::LicenceUrl => profile.url.clone(),
            Placeholder::SiteTitle => Some(site_title.to_owned()),
            Placeholder::Author | Placeholder::Affiliation => None,
        }
    }

    /// Whether the lead image may be shown: its own licence names a profile
    /// whose terms cover images (not one with `media_hosts_denied`),
    /// or a written permission covers images. No licence, or
    /// `all-rights-reserved`, means it may not.
    /// An image under a NonCommercial licence may not appear on a
    /// `commercial = true` site.
    pub fn image_allowed(&self, licences: &Registry, commercial_site: bool) -> bool {
        let Some(image) = &self.image else {
            return false;
        };
        if self.permission.as_ref().is_some_and(|p| p.covers("images")) {
            return true;
        }
        image.licence.as_deref().is_some_and(|l| {
            !l.eq_ignore_ascii_case("all-rights-reserved")
                && licences.get(l).is_some_and(|p| {
                    p.licenses_images() && !(commercial_site && p.commercial != Commercial::Allowed)
                })
        })
    }

    pub fn terms(&self, taxonomy: &str) -> &[TermRef] {
        self.taxonomies
            .iter()
            .find(|(t, _)| t == taxonomy)
            .map_or(&[], |(_, terms)| terms.as_slice())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub name: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copyright {
    pub holder: Option<String>,
    pub year: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub credit: Option<String>,
    #[serde(alias = "license")]
    pub licence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    pub granted_by: Option<String>,
    pub date: Option<ArticleDate>,
    pub reference: Option<String>,
    pub covers: Vec<String>,
}

impl Permission {
    /// Whether this written permission lifts `what`. A record that does not
    /// say who granted it (`granted_by`) is no evidence of permission.
    pub fn covers(&self, what: &str) -> bool {
        self.granted_by
            .as_deref()
            .is_some_and(|g| !g.trim().is_empty())
            && self.covers.iter().any(|c| c == what)
    }
}

/// What a written permission may lift: commercial use, third-party images,
/// and cuts a publisher approves (`cuts_with_approval`).
pub const PERMISSION_COVERS: &[&str] = &["commercial", "images", "cuts"];

/// An author as the front matter names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub affiliation: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rights {
    pub from: Option<ArticleDate>,
    pub until: Option<ArticleDate>,
}

/// One of an article's terms, as the article spells it. Its page is at
/// [`TermRef::url`] in the taxonomy that lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TermRef {
    pub name: Box<str>,
    pub slug: Box<str>,
}

impl TermRef {
    /// The term's page in `taxonomy`: `/tags/water/`.
    pub fn url(&self, taxonomy: &str) -> String {
        Term::url_of(taxonomy, &self.slug)
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub url: String,
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

impl Term {
    /// The page of the term `slug` in `taxonomy`: `/tags/water/`.
    pub fn url_of(taxonomy: &str, slug: &str) -> String {
        format!("/{taxonomy}/{slug}/")
    }
}

/// One of the site's own pages (About, Contact, a policy): the site's own
/// work under its own licence, never checked as a republication.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to the site root: `content/about.md`.
    pub path: String,
    pub url: String,
    pub title: String,
    pub date: Option<ArticleDate>,
    pub updated: Option<ArticleDate>,
    pub summary: Option<String>,
    pub body: RenderedBody,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub extra: serde_json::Value,
    pub field_lines: FieldLines,
    pub source_hash: u64,
}

impl Page {
    pub fn line_of(&self, key: &str) -> usize {
        self.field_lines.line_of(key).unwrap_or(1)
    }
}

/// A top-level folder's `_index.md`: the section's title and introduction.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    pub path: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: RenderedBody,
    pub extra: serde_json::Value,
    pub source_hash: u64,
}

/// A top-level folder of `content/` as a list of its articles.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder's name: `news`.
    pub name: String,
    /// `/news/`.
    pub url: String,
    /// The `_index.md` title, else the folder name with a capital.
    pub title: String,
    pub index: Option<Arc<SectionIndex>>,
    /// Indexes into `Site::articles`, newest first.
    pub articles: Vec<usize>,
}

/// An article this build leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub path: String,
    pub url: String,
    pub title: String,
    pub reason: HeldReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldReason {
    /// `rights.from` is after the build's date.
    Scheduled(ArticleDate),
    /// `rights.until` has passed.
    Withdrawn(ArticleDate),
    /// It failed its licence and the build withholds failing articles:
    /// the rules it broke.
    Withheld(Vec<String>),
}

impl HeldReason {
    /// The status `compliance.json` gives it.
    pub fn status(&self) -> &'static str {
        match self {
            HeldReason::Scheduled(_) => "held",
            HeldReason::Withdrawn(_) => "withdrawn",
            HeldReason::Withheld(_) => "withheld",
        }
    }
}

impl std::fmt::Display for HeldReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeldReason::Scheduled(d) => write!(f, "held until {}", d.iso()),
            HeldReason::Withdrawn(d) => {
                write!(f, "withdrawn: the right to republish ended on {}", d.iso())
            }
            HeldReason::Withheld(rules) => write!(f, "withheld: fails {}", rules.join(", ")),
        }
    }
}

/// Front matter's free-form `extra` as JSON text, for formats that only
/// read what they are told to expect (the build cache): a JSON value says
/// what it is only as it is read.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
