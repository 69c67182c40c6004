//! Any bytes as a manifest: an error or a manifest, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = quire::manifest::parse(text, std::path::Path::new("fuzz.toml"));
    }
});
