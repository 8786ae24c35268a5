//! The preview server's request heads: parsing, Host check, path resolution.
#![no_main]
libfuzzer_sys::fuzz_target!(|head: &[u8]| {
    let _ = reprint::fuzzing::request(head);
});
