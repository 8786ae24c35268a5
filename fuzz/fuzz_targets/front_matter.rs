//! Front matter splitting and body fingerprints on any text.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = reprint::fuzzing::front_matter(text);
});
