mod cli;

use std::process::ExitCode;

use clap::Parser;

// A build allocates and frees many small values per page across threads;
// mimalloc keeps that fast and avoids the allocator stalls seen with the
// system allocator after large frees (serve-mode rebuilds).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
