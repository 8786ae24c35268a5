//! The load stage: walks `content/`, reads each article's front matter into
//! typed values, renders its Markdown, and assembles the `Site` that every
//! later stage reads and none changes.
//!
//! `sources` finds and reads the files, `front_matter` splits and reads the
//! YAML, `article` checks each field, `urls` and `taxonomies` work across
//! articles; `model`, `date` and `field_lines` are the types the other
//! stages read.

mod article;
mod body;
mod date;
mod field_lines;
mod fingerprint;
mod front_matter;
mod model;
mod page;
mod sections;
mod sources;
mod taxonomies;
mod urls;
mod validate;

pub use body::Body;
pub use date::ArticleDate;
pub use field_lines::FieldLines;
pub use fingerprint::fingerprint;
pub use front_matter::{Split, split_front_matter};
pub use model::{
    Article, Author, Copyright, Held, HeldReason, Image, Link, LoadOptions, PERMISSION_COVERS,
    Page, Permission, Rights, Section, SectionIndex, Site, Taxonomy, Term, TermRef,
};
pub use page::Entry;
pub use sources::{Sources, read_text};

pub use crate::layout::{CONTENT_DIR, is_ignored_name};

/// Reads one article from its text exactly as the loader reads a file under
/// `content/`: for commands that describe an article in arguments (audit).
pub fn parse_text(
    rel: &std::path::Path,
    text: &str,
    config: &crate::config::Config,
    licences: &crate::licences::Registry,
) -> Result<Article, Vec<crate::diagnostics::Diagnostic>> {
    let read = front_matter::read(rel, text)?;
    article::parse_article(rel, text, read, config, licences, true)
}
