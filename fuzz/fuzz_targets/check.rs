//! Any bytes as an EPUB: `quire check` reports, never panics, and stays within
//! its bounds (zip bombs, `../` entries, huge or malformed XML, entities).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = quire::check::CheckOptions { max_entries: 200, max_uncompressed: 8 << 20, max_ratio: 100 };
    let findings = quire::check::check_bytes(data, &options);
    // The checker's own panic guard must never be what saved it.
    assert!(findings.iter().all(|f| f.code != "CHECK-INTERNAL"), "{findings:?}");
});
