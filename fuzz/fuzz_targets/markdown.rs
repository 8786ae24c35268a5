//! Markdown, the sanitiser and the compliance facts of the rendered HTML.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = reprint::fuzzing::markdown(text);
});
