//! `quire check` on EPUBCheck's own conformance cases (../shared/epubcheck-suite
//! beside the project, or QUIRE_EPUBCHECK_SUITE): every valid book passes, and at
//! least the recorded number of invalid books is caught with one of the EPUBCheck
//! ids the case expects. The floors only go up. Without the suite the test is
//! skipped, except under CI=true, where it fails.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use quire::check::{check_file, CheckOptions};

/// Invalid cases caught with an expected EPUBCheck id, at least.
const CAUGHT_WITH_EXPECTED_ID: usize = 138;

fn suite() -> Option<PathBuf> {
    let folder = std::env::var_os("QUIRE_EPUBCHECK_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/epubcheck-suite"));
    folder.join("expected.json").is_file().then_some(folder)
}

#[test]
fn agrees_with_epubcheck_on_its_conformance_cases() {
    let Some(suite) = suite() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the EPUBCheck conformance suite is missing (set QUIRE_EPUBCHECK_SUITE)"
        );
        eprintln!("skipped: no EPUBCheck conformance suite beside the project");
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
        let ids: HashSet<&str> = checked
            .findings
            .iter()
            .filter(|f| f.severity.fails())
            .filter_map(|f| f.epubcheck.as_deref())
            .collect();
        let id = case["id"].as_str().unwrap_or("?");
        if case["expected"] == "valid" {
            if !checked.is_valid() {
                flagged.push(id.to_owned());
            }
            continue;
        }
        invalid += 1;
        let wanted: Vec<&str> = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e.as_str())
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
        caught >= CAUGHT_WITH_EXPECTED_ID,
        "caught {caught}, fewer than {CAUGHT_WITH_EXPECTED_ID}; missed: {missed:?}"
    );
}
