//! Titles, authors and library-header facts read from sources with no
//! manifest: slugs in front matter give way to the document's own spelling,
//! lists give several creators, bylines name authors, and nothing is invented.
//!
//! Each case folder holds `sources/`, the facts each book must show
//! (`facts.toml`) and, in `explain/`, a snapshot of what `--explain` says about
//! each source's title and authors (`QUIRE_UPDATE_SNAPSHOTS=1` rewrites them).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const CASES: [&str; 2] = [
    "tests/fixtures/exports/front-matter-slugs-and-lists",
    "tests/fixtures/exports/titles-and-authors-in-the-text",
];

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

/// Each case's output folder and facts.
fn built() -> &'static Vec<(PathBuf, Vec<BookFacts>)> {
    static BUILT: OnceLock<Vec<(PathBuf, Vec<BookFacts>)>> = OnceLock::new();
    BUILT.get_or_init(|| {
        CASES
            .iter()
            .map(|case| {
                let (out, output) = build_into_temp(&["build", &format!("{case}/sources")]);
                assert!(output.status.success(), "{}", text(&output));
                let facts: Facts = toml::from_str(
                    &std::fs::read_to_string(repo().join(case).join("facts.toml")).unwrap(),
                )
                .unwrap();
                (out, facts.book)
            })
            .collect()
    })
}

/// Every book of every case, with its facts.
fn books() -> impl Iterator<Item = (&'static PathBuf, &'static BookFacts)> {
    built()
        .iter()
        .flat_map(|(out, facts)| facts.iter().map(move |f| (out, f)))
}

#[test]
fn every_book_passes_epubcheck() {
    let books: Vec<PathBuf> = books().map(|(out, f)| out.join(&f.epub)).collect();
    assert_epubcheck_clean(&books);
}

#[test]
fn titles_and_authors_are_the_ones_the_documents_show() {
    for (out, fact) in books() {
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
    for (out, fact) in books() {
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

#[test]
fn explain_snapshots_match() {
    let update = std::env::var_os("QUIRE_UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for case in CASES {
        let case = repo().join(case);
        let mut sources: Vec<PathBuf> = std::fs::read_dir(case.join("sources"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        sources.sort();
        for source in sources {
            let text_in = std::fs::read_to_string(&source).unwrap();
            let name = Path::new(source.file_name().unwrap());
            let assembled = quire::pipeline::from_text(&text_in, name, &Default::default());
            // What was read about title and authors: the decision and every other reading.
            let mut said: String = assembled
                .explanation
                .iter()
                .skip_while(|l| !l.starts_with("title:"))
                .take_while(|l| !l.starts_with("metadata:"))
                .map(|l| format!("{l}\n"))
                .collect();
            said.insert_str(0, &format!("{}:\n", name.display()));
            let snapshot = case
                .join("explain")
                .join(name.with_extension("txt").file_name().unwrap());
            if update {
                std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
                std::fs::write(&snapshot, &said).unwrap();
            } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(said.as_str()) {
                stale.push(said);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "--explain changed (QUIRE_UPDATE_SNAPSHOTS=1 rewrites the snapshots):\n{}",
        stale.join("\n")
    );
}
