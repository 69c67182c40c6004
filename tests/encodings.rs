//! Sources in other encodings than UTF-8 build into the same book, with a
//! warning naming the encoding read; a manifest can name the encoding itself.

mod common;

use std::fs;

use common::*;

const ESSAY: &str = "examples/bolsheviks-pet-anarchist.md";

/// The spine documents' text of a book.
fn spine_text(book: &std::path::Path) -> String {
    let epub = Epub::open(book);
    epub.spine()
        .iter()
        .map(|d| collapse(&epub.document(d).text()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_bundled_essay_in_windows_1252_builds_the_same_book() {
    let utf8 = fs::read_to_string(repo().join(ESSAY)).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(
        !unmappable,
        "the essay has characters Windows-1252 cannot hold"
    );
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the saved copy must not be UTF-8"
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("essay.md"), &utf8).unwrap();
    fs::write(dir.path().join("essay-1252.md"), &bytes).unwrap();
    let manifest = fs::read_to_string(repo().join("metadata/bolsheviks-pet-anarchist.toml"))
        .unwrap()
        .replace("../examples/bolsheviks-pet-anarchist.md", "essay-1252.md");
    fs::write(
        dir.path().join("named.toml"),
        format!("{manifest}encoding = \"windows-1252\"\n"),
    )
    .unwrap();

    let output = quire(
        dir.path(),
        &["build", "essay.md", "essay-1252.md", "named.toml"],
    );
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("warning: essay-1252.md") && said.contains("read as windows-1252 (detected)"),
        "{said}"
    );
    // A named encoding is not guessed, so only the unnamed copy is warned about.
    assert_eq!(said.matches("read as windows-1252").count(), 1, "{said}");

    let out = dir.path().join("out");
    let books = [
        out.join("essay.epub"),
        out.join("essay-1252.epub"),
        out.join("named.epub"),
    ];
    assert_eq!(spine_text(&books[0]), spine_text(&books[1]));
    let opening: String = spine_text(&books[0]).chars().take(200).collect();
    assert!(spine_text(&books[2]).contains(&opening));
    assert_epubcheck_clean(&books);
}
