//! `quire check` on books whose EPUBCheck verdicts are known, beside the
//! project: EPUBCheck's own conformance cases (../shared/epubcheck-suite, or
//! QUIRE_EPUBCHECK_SUITE) and the W3C EPUB 3.3 test books
//! (../shared/w3c-epub-tests, or QUIRE_W3C_EPUB_TESTS), each with EPUBCheck
//! 5.3's verdict in `expected.json`. Every valid book passes, and at least the
//! recorded number of invalid books is caught with one of the EPUBCheck ids
//! the case expects. The floors only go up. Without a set its test is
//! skipped, except under CI=true, where it fails.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use quire::check::{check_file, CheckOptions};

/// EPUBCheck's conformance cases caught with an expected id, at least (of 143).
const SUITE_CAUGHT_WITH_EXPECTED_ID: usize = 143;

/// W3C test books caught with an expected id, at least (of 31).
const W3C_CAUGHT_WITH_EXPECTED_ID: usize = 31;

/// An EPUBCheck id with its separator unified. EPUBCheck 5.3 prints some ids
/// with an underscore (`HTM_057`), as quire gives them and the W3C set records
/// them; its own conformance cases spell the same ids with a hyphen.
fn same_id(id: &str) -> String {
    id.replace('_', "-")
}

fn folder(variable: &str, beside: &str) -> Option<PathBuf> {
    let folder = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared")
                .join(beside)
        });
    folder.join("expected.json").is_file().then_some(folder)
}

/// Checks every book of the set in `folder` against EPUBCheck's verdicts.
fn agrees_with_epubcheck(folder: Option<PathBuf>, variable: &str, floor: usize) {
    let Some(suite) = folder else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "a set of books with EPUBCheck's verdicts is missing (set {variable})"
        );
        eprintln!("skipped: {variable} is not set and the set is not beside the project");
        return;
    };
    let text = std::fs::read_to_string(suite.join("expected.json")).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = expected["cases"].as_array().expect("a list of cases");
    let (mut invalid, mut caught, mut flagged) = (0, 0, Vec::new());
    let mut missed = Vec::new();
    for case in cases {
        let book = suite.join(case["book"].as_str().unwrap());
        let checked = check_file(&book, &CheckOptions::default());
        let ids: HashSet<String> = checked
            .findings
            .iter()
            .filter(|f| f.severity.fails())
            .filter_map(|f| f.epubcheck.as_deref())
            .map(same_id)
            .collect();
        let id = case["id"].as_str().unwrap_or("?");
        if case["expected"] == "valid" {
            if !checked.is_valid() {
                flagged.push(id.to_owned());
            }
            continue;
        }
        invalid += 1;
        let wanted: Vec<String> = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e.as_str())
            .map(same_id)
            .collect();
        if wanted.iter().any(|w| ids.contains(w)) {
            caught += 1;
        } else {
            missed.push(id.to_owned());
        }
    }
    eprintln!(
        "caught {caught}/{invalid} with an expected id; valid flagged {}",
        flagged.len()
    );
    assert!(flagged.is_empty(), "valid books flagged: {flagged:?}");
    assert!(
        caught >= floor,
        "caught {caught}, fewer than {floor}; missed: {missed:?}"
    );
}

#[test]
fn agrees_with_epubcheck_on_its_conformance_cases() {
    let variable = "QUIRE_EPUBCHECK_SUITE";
    let suite = folder(variable, "epubcheck-suite");
    agrees_with_epubcheck(suite, variable, SUITE_CAUGHT_WITH_EXPECTED_ID);
}

#[test]
fn agrees_with_epubcheck_on_the_w3c_test_books() {
    let variable = "QUIRE_W3C_EPUB_TESTS";
    let books = folder(variable, "w3c-epub-tests");
    agrees_with_epubcheck(books, variable, W3C_CAUGHT_WITH_EXPECTED_ID);
}
