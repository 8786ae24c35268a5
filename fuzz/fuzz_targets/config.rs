//! `config.toml` and the licence profiles it defines.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = reprint::fuzzing::config(text);
});
