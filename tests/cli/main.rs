//! Integration tests: the real `reprint` binary on fixture sites.

mod build;
mod commands;
mod comply;
mod errors;
mod http;
mod publish;
mod reports;
mod serve;
mod server;
mod support;
mod terms;
