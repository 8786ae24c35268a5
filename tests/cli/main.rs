//! Integration tests: the real `reprint` binary on fixture sites.

mod audit;
mod build;
mod cache;
mod commands;
mod comply;
mod corpus;
mod errors;
mod harden;
mod http;
mod import;
mod import_feed_entries;
mod import_feeds;
mod import_pages;
mod import_server;
mod newsroom;
mod publish;
mod reports;
mod serve;
mod serve_limits;
mod server;
mod structure;
mod support;
mod terms;
mod upstream;
