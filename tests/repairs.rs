//! The repairs switch: `--repairs off`, `repairs = false` in a manifest and
//! `repairs: false` in front matter each keep every word and line as the
//! source has them; by default broken ligatures are repaired and running heads
//! removed, and `--explain` lists each with its line.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_epubcheck_clean, quire, repo, text, Epub};

fn fixture(class: &str) -> String {
    fs::read_to_string(
        repo()
            .join("tests/fixtures/exports")
            .join(class)
            .join("source.md"),
    )
    .unwrap()
}

/// The book's body text, in reading order.
fn body(book: &Path) -> String {
    Epub::open(book)
        .chapters()
        .iter()
        .map(|(_, doc)| common::collapse(&doc.text()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds `args` in `dir` and returns the book's body and what quire said.
fn build(dir: &Path, args: &[&str], book: &str) -> (String, String) {
    let output = quire(dir, args);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    (body(&dir.join("out").join(book)), said)
}

#[test]
fn repairs_off_keeps_every_word_and_line_by_flag_manifest_and_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let broken = fixture("ligature-broken-names-and-foreign-words");
    let paged = fixture("in-order-running-heads");
    fs::write(dir.path().join("broken.md"), &broken).unwrap();
    fs::write(dir.path().join("paged.md"), &paged).unwrap();

    // By default: repaired, the furniture gone, and each repair explained with its line.
    let (repaired, said) = build(
        dir.path(),
        &["build", "broken.md", "-o", "out", "--explain"],
        "broken.epub",
    );
    assert!(
        repaired.contains("a different kind of market"),
        "{repaired}"
    );
    assert!(
        said.contains("line 3: \"dierent\" → \"different\""),
        "{said}"
    );
    let (paged_body, said) = build(
        dir.path(),
        &["build", "paged.md", "-o", "out", "--explain"],
        "paged.epub",
    );
    assert!(!paged_body.contains("The Lamplighters — 3"), "{paged_body}");
    assert!(
        said.contains("line 14: \"The Lamplighters — 3\" removed"),
        "{said}"
    );

    // --repairs off.
    let (kept, said) = build(
        dir.path(),
        &["build", "broken.md", "-o", "out", "--repairs", "off"],
        "broken.epub",
    );
    assert!(kept.contains("a dierent kind of market"), "{kept}");
    assert!(!said.contains("repaired"), "{said}");
    let (paged_kept, _) = build(
        dir.path(),
        &["build", "paged.md", "-o", "out", "--repairs", "off"],
        "paged.epub",
    );
    assert!(paged_kept.contains("The Lamplighters — 3"), "{paged_kept}");

    // A manifest's `repairs = false`.
    fs::write(
        dir.path().join("broken.toml"),
        "source = \"broken.md\"\ntitle = \"The River Fair\"\nrepairs = false\n",
    )
    .unwrap();
    let (kept, _) = build(
        dir.path(),
        &["build", "broken.toml", "-o", "out"],
        "broken.epub",
    );
    assert!(kept.contains("a dierent kind of market"), "{kept}");
    // ... which the command line overrules.
    let (repaired, _) = build(
        dir.path(),
        &["build", "broken.toml", "-o", "out", "--repairs", "on"],
        "broken.epub",
    );
    assert!(
        repaired.contains("a different kind of market"),
        "{repaired}"
    );

    // Front matter's `repairs: false`.
    fs::write(
        dir.path().join("fronted.md"),
        format!("---\nrepairs: false\n---\n\n{broken}"),
    )
    .unwrap();
    let (kept, said) = build(
        dir.path(),
        &["build", "fronted.md", "-o", "out", "--explain"],
        "fronted.epub",
    );
    assert!(kept.contains("a dierent kind of market"), "{kept}");
    assert!(said.contains("repairs: off"), "{said}");

    let books: Vec<_> = ["broken", "paged", "fronted"]
        .iter()
        .map(|b| dir.path().join("out").join(format!("{b}.epub")))
        .collect();
    assert_epubcheck_clean(&books);
}
