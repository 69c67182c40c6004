//! The accessibility metadata says of each book only what is true of it:
//! conformance where quire's checks on that book hold, and in the summary
//! what keeps a book from it. No book claims an evaluator's certification.

mod common;

use std::path::PathBuf;

use common::*;

const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

const FIXTURES: [&str; 4] = [
    "open-fields",
    "undescribed",
    "korean-declared-english",
    "too-short",
];

fn build(fixture: &str) -> (PathBuf, Epub) {
    let source = format!("tests/fixtures/accessibility/{fixture}.md");
    let (out, output) = build_into_temp(&["build", &source]);
    assert!(output.status.success(), "{}", text(&output));
    let path = out.join(format!("{fixture}.epub"));
    let book = Epub::open(&path);
    (path, book)
}

fn summary(book: &Epub) -> String {
    let summaries = book.meta_property("schema:accessibilitySummary");
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    summaries[0].clone()
}

#[test]
fn an_english_essay_with_described_images_claims_conformance_and_no_certification() {
    let (_, book) = build("open-fields");
    assert_eq!(book.meta_property("dcterms:conformsTo"), [CONFORMANCE]);
    assert!(book.meta_property("a11y:certifiedBy").is_empty());
    let summary = summary(&book);
    assert!(
        summary.contains("each image described in text"),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("It claims {CONFORMANCE}")),
        "{summary}"
    );
}

#[test]
fn an_image_without_a_description_withholds_the_claim_and_the_summary_says_so() {
    let (_, book) = build("undescribed");
    assert!(book.meta_property("dcterms:conformsTo").is_empty());
    assert!(book.meta_property("a11y:certifiedBy").is_empty());
    let summary = summary(&book);
    assert!(
        summary.contains("an image has no text description"),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("does not claim {CONFORMANCE}")),
        "{summary}"
    );
}

#[test]
fn korean_text_declared_english_withholds_the_claim_and_the_summary_names_the_language() {
    let (_, book) = build("korean-declared-english");
    assert_eq!(book.metadata("dc:language"), ["en"]);
    assert!(book.meta_property("dcterms:conformsTo").is_empty());
    let summary = summary(&book);
    assert!(
        summary.contains("the text reads as Korean (ko)"),
        "{summary}"
    );
}

#[test]
fn a_text_too_short_to_show_its_language_claims_nothing_it_cannot_check() {
    let (_, book) = build("too-short");
    assert!(book.meta_property("dcterms:conformsTo").is_empty());
    let summary = summary(&book);
    assert!(
        summary.contains("does not show clearly that it is in the language the book declares"),
        "{summary}"
    );
}

#[test]
fn every_book_passes_epubcheck_with_or_without_the_claim() {
    let books: Vec<PathBuf> = FIXTURES.iter().map(|f| build(f).0).collect();
    assert_epubcheck_clean(&books);
}
