use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    reprint::cli::run(reprint::cli::Cli::parse())
}
