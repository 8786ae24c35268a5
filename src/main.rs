mod cli;

use std::process::ExitCode;

use clap::Parser;

// A build allocates and frees many small values per page across threads;
// mimalloc keeps that fast and avoids the allocator stalls seen with the
// system allocator after large frees (serve-mode rebuilds).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v2 and v3 alike; v3,
/// which mimalloc builds by default, makes it 1,000 ms).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a pipe whose reader has gone
    // (`reprint import … --dry-run | head -1`) panics. With the default
    // action the process ends quietly, as other command-line tools do.
    // Sockets are unaffected: the standard library sends with MSG_NOSIGNAL.
    #[cfg(target_os = "linux")]
    // SAFETY: called first, before any other thread exists; it only
    // resets one signal's disposition to the system default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = cli::Cli::parse();
    // Pages render and are dropped one after another on every thread: memory
    // freed by one is handed back to the system after 10 ms instead of 1 s,
    // so a build's peak stays near what it holds at once (110 MiB instead of
    // 120-150 at 10,000 articles). 1 ms saves another 8 MiB but costs 5% of
    // the time in zeroing pages again (docs/benchmarks.md). Serve keeps
    // the default: it holds the site anyway, and memory handed back after
    // one rebuild would be faulted in again, zeroed, by the next.
    if !matches!(cli.command, cli::Command::Serve(_)) {
        // SAFETY: setting an option is allowed at any time, from any thread.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
        // mimalloc asks for transparent huge pages; a build touches a few
        // pages of many 2 MiB regions between purges, and each was faulted
        // in (and zeroed) whole: 20 MiB more at its peak at 10,000 articles,
        // for no gain in time.
        #[cfg(target_os = "linux")]
        // SAFETY: the call takes plain integers and changes only this
        // process's paging.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
        };
    }
    cli::run(cli)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_documented_as_1000_ms() {
        // SAFETY: reading an option has no preconditions.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(
            delay, 1000,
            "mimalloc's option numbering or default changed"
        );
    }
}
