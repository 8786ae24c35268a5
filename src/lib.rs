//! reprint: a static site generator for republished articles that checks
//! every rendered page against the article's licence before anything is
//! written.
//!
//! The pipeline runs one way: [`content`] loads the site (with [`config`],
//! [`licences`] and [`markdown`]), [`render`] turns it into pages through the
//! theme, [`comply`] checks each rendered page, and [`output`] writes them
//! into a staging folder that is swapped in only when the whole build passed.

pub mod audit;
pub mod build;
pub mod cache;
pub mod comply;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fuzzing;
pub mod import;
pub mod layout;
pub mod licences;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod slug;
#[cfg(test)]
mod testing;
pub mod text;
pub mod upstream;
pub mod urls;

pub use build::{BuildOptions, BuildOutcome, Error, build};
