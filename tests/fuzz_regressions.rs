//! Inputs the fuzzers found, kept so that what was fixed stays fixed: the
//! `source` finds in tests/fixtures/fuzz/source/, and the kept corpora of
//! the `check` and `manifest` targets in fuzz/corpus/. Each is held to its
//! fuzz target's promise. A missing or empty folder fails, so that a moved
//! corpus can never make these tests pass by replaying nothing.

use std::path::{Path, PathBuf};

fn cases_in(folder: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the kept fuzz inputs are missing",
            folder.display()
        )
    });
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no fuzz inputs",
        folder.display()
    );
    files
}

fn cases(target: &str) -> Vec<PathBuf> {
    match target {
        "source" => cases_in("tests/fixtures/fuzz/source"),
        other => cases_in(&format!("fuzz/corpus/{other}")),
    }
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
    let cases = cases("check");
    assert!(cases.len() > 100, "only {} check cases", cases.len());
    for case in cases {
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
