//! Inputs the fuzzers found (tests/fixtures/fuzz/TARGET/), kept so that what
//! was fixed stays fixed. Each is held to its fuzz target's promise.

use std::path::{Path, PathBuf};

fn cases(target: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn found_sources_give_books_that_pass_quire_check() {
    let cases = cases("source");
    assert!(!cases.is_empty());
    for case in cases {
        let text = String::from_utf8_lossy(&std::fs::read(&case).unwrap()).into_owned();
        let assembled = quire::pipeline::from_text(
            &text,
            Path::new("/nonexistent/fuzz.md"),
            &Default::default(),
        );
        let bytes = quire::package::epub_bytes(&assembled.book).unwrap();
        let findings = quire::check::check_bytes(&bytes, &quire::check::CheckOptions::default());
        assert!(findings.is_empty(), "{}: {findings:?}", case.display());
    }
}

#[test]
fn found_books_are_checked_without_the_panic_guard() {
    let options = quire::check::CheckOptions {
        max_entries: 200,
        max_uncompressed: 8 << 20,
        max_ratio: 100,
    };
    for case in cases("check") {
        let findings = quire::check::check_bytes(&std::fs::read(&case).unwrap(), &options);
        assert!(
            findings.iter().all(|f| f.code != "CHECK-INTERNAL"),
            "{}: {findings:?}",
            case.display()
        );
    }
}

#[test]
fn found_manifests_are_parsed_without_panic() {
    for case in cases("manifest") {
        if let Ok(text) = std::str::from_utf8(&std::fs::read(&case).unwrap()) {
            let _ = quire::manifest::parse(text, Path::new("fuzz.toml"));
        }
    }
}
