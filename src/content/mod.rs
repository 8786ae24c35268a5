//! The load stage: walks `content/`, reads each article's front matter into
//! typed values, renders its Markdown, and assembles the `Site` that every
//! later stage reads and none changes.
//!
//! `sources` finds and reads the files, `front_matter` splits and reads the
//! YAML, `article` checks each field, `urls` and `taxonomies` work across
//! articles; `model` and `date` are the types the other stages read.

mod article;
mod date;
mod fingerprint;
mod front_matter;
mod model;
mod sources;
mod taxonomies;
mod urls;
mod validate;

pub use date::ArticleDate;
pub use fingerprint::fingerprint;
pub use front_matter::{Split, split_front_matter};
pub use model::{
    Article, Copyright, Image, Link, LoadOptions, PERMISSION_COVERS, Permission, Rights, Site,
    Taxonomy, Term, TermRef,
};
pub use sources::Sources;

pub use crate::layout::{CONTENT_DIR, is_ignored_name};
