//! Any text through the whole pipeline: reading, reconstruction, rendering and
//! packaging must not panic, and the book written must pass `quire check`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A folder that does not exist: images are looked for and not found.
    let path = std::path::Path::new("/nonexistent/fuzz.md");
    let assembled = quire::pipeline::from_text(&text, path, &Default::default());
    let bytes = quire::package::epub_bytes(&assembled.book).expect("packaging in memory cannot fail");
    let findings = quire::check::check_bytes(&bytes, &quire::check::CheckOptions::default());
    assert!(findings.is_empty(), "a written book fails quire check: {findings:?}");
});
