//! Titles, authors and library-header facts read from sources with no
//! manifest: slugs in front matter give way to the document's own spelling,
//! lists give several creators, bylines name authors, and nothing is invented.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;

const CASE: &str = "tests/fixtures/exports/front-matter-slugs-and-lists";

#[derive(serde::Deserialize)]
struct Facts {
    book: Vec<BookFacts>,
}

#[derive(serde::Deserialize)]
struct BookFacts {
    epub: String,
    title: String,
    authors: Vec<String>,
    #[serde(default)]
    subjects: Vec<String>,
    source_url: Option<String>,
    body_starts: Option<String>,
}

fn built() -> &'static (PathBuf, Vec<BookFacts>) {
    static BUILT: OnceLock<(PathBuf, Vec<BookFacts>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (out, output) = build_into_temp(&["build", &format!("{CASE}/sources")]);
        assert!(output.status.success(), "{}", text(&output));
        let facts: Facts =
            toml::from_str(&std::fs::read_to_string(repo().join(CASE).join("facts.toml")).unwrap())
                .unwrap();
        (out, facts.book)
    })
}

#[test]
fn every_book_passes_epubcheck() {
    let (out, facts) = built();
    let books: Vec<PathBuf> = facts.iter().map(|f| out.join(&f.epub)).collect();
    assert_epubcheck_clean(&books);
}

#[test]
fn titles_and_authors_are_the_ones_the_documents_show() {
    let (out, facts) = built();
    for fact in facts {
        let book = Epub::open(&out.join(&fact.epub));
        assert_eq!(
            book.metadata("dc:title"),
            std::slice::from_ref(&fact.title),
            "{}",
            fact.epub
        );
        assert_eq!(book.metadata("dc:creator"), fact.authors, "{}", fact.epub);
        let subjects = book.metadata("dc:subject");
        for subject in &fact.subjects {
            assert!(subjects.contains(subject), "{}: {subjects:?}", fact.epub);
        }
        if let Some(url) = &fact.source_url {
            assert_eq!(
                book.metadata("dc:source"),
                std::slice::from_ref(url),
                "{}",
                fact.epub
            );
        }
        if let Some(start) = &fact.body_starts {
            let body = book.body_paragraphs().join(" ");
            assert!(body.starts_with(start.as_str()), "{}: {body}", fact.epub);
        }
    }
}

#[test]
fn titles_and_nav_labels_carry_no_markup() {
    let (out, facts) = built();
    for fact in facts {
        let book = Epub::open(&out.join(&fact.epub));
        for label in book
            .toc_labels()
            .iter()
            .chain(book.metadata("dc:title").iter())
        {
            for mark in ["**", "](", "![", "<", "_page_"] {
                assert!(!label.contains(mark), "{}: {label}", fact.epub);
            }
        }
    }
}
