//! Who made the book, as a reader finds it: the title page and the colophon
//! name the translator, the editor and the others, the series and the book's
//! number in it, and the ISBN; and the text's own opening heading stays when
//! the book's title, given from outside, says something else.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const ESSAY: &str = "# The Conquest of Bread\n\nSome opening words that are long enough to be prose in any reading of it.\n\n## Our Riches\n\nMore words.\n";

fn build(dir: &Path, manifest: &str) -> Epub {
    build_from(dir, ESSAY, manifest)
}

fn build_from(dir: &Path, essay: &str, manifest: &str) -> Epub {
    fs::write(dir.join("essay.md"), essay).unwrap();
    fs::write(dir.join("book.toml"), manifest).unwrap();
    let output = quire(dir, &["build", "book.toml", "-o", "book.epub"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_epubcheck_clean(&[dir.join("book.epub")]);
    Epub::open(&dir.join("book.epub"))
}

/// Each paragraph of a document's body as a reader reads it, its lines joined by " / ".
fn paragraphs(book: &Epub, name: &str) -> Vec<String> {
    book.document(name)
        .find_all("p")
        .into_iter()
        .map(|p| {
            let xml = p.text();
            collapse(&xml)
        })
        .collect()
}

#[test]
fn the_title_page_and_colophon_credit_contributors_series_and_isbn() {
    let dir = tempfile::tempdir().unwrap();
    let book = build(
        dir.path(),
        "source = \"essay.md\"\ntitle = \"The Conquest of Bread\"\nauthors = \"Peter Kropotkin\"\n\
         series = \"Classics of Mutual Aid\"\nseries_index = 3\nisbn = \"978-0-306-40615-7\"\n\
         publisher = \"Freedom Press\"\nrights = \"Public domain\"\n\
         contributors = [\n  { name = \"Ada Reyes\", role = \"editor\" },\n  { name = \"Bo Lind\", role = \"translator\" },\n  \
         { name = \"Cy Moss\", role = \"translator\" },\n  { name = \"Di Ray\", role = \"foreword\" },\n  \
         { name = \"Eve Sato\", role = \"cover designer\" },\n]\n",
    );
    // Chicago's order: title, author, translators, editor, the front matter's writer, series.
    assert_eq!(
        paragraphs(&book, "EPUB/text/title.xhtml"),
        [
            "Peter Kropotkin",
            "Translated by Bo Lind and Cy Moss",
            "Edited by Ada Reyes",
            "With a foreword by Di Ray",
            "Classics of Mutual Aid, 3",
        ]
    );
    let title_page = book.file("EPUB/text/title.xhtml");
    assert!(
        title_page.contains("epub:type=\"titlepage\""),
        "{title_page}"
    );
    // The cover's designer is credited where the book's making is: the colophon.
    assert!(!title_page.contains("Eve Sato"), "{title_page}");
    let colophon = paragraphs(&book, "EPUB/text/colophon.xhtml");
    let said = colophon.join("\n");
    for expected in [
        "by Peter Kropotkin",
        "translated by Bo Lind and Cy Moss",
        "edited by Ada Reyes",
        "with a foreword by Di Ray",
        "cover design by Eve Sato",
        "Classics of Mutual Aid, 3",
        "Freedom Press",
        "This edition: ISBN 9780306406157",
    ] {
        assert!(said.contains(expected), "{expected:?} not in {said}");
    }
    // The ISBN stands where the package's own identifier stood.
    assert!(!said.contains("urn:uuid"), "{said}");
}

#[test]
fn a_book_without_credits_keeps_its_title_page_and_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let book = build(
        dir.path(),
        "source = \"essay.md\"\ntitle = \"The Conquest of Bread\"\nauthors = \"Peter Kropotkin\"\nseries = \"Classics\"\n",
    );
    // A series without a number is named alone.
    assert_eq!(
        paragraphs(&book, "EPUB/text/title.xhtml"),
        ["Peter Kropotkin", "Classics"]
    );
    let colophon = paragraphs(&book, "EPUB/text/colophon.xhtml").join("\n");
    let identifier = book.metadata("dc:identifier");
    assert!(identifier[0].starts_with("urn:uuid:"), "{identifier:?}");
    assert!(
        colophon.contains(&format!("This edition: {}", identifier[0])),
        "{colophon}"
    );
}

#[test]
fn the_opening_heading_stays_when_the_title_given_differs() {
    let dir = tempfile::tempdir().unwrap();
    // The manifest's title reads otherwise: the heading is the author's, and stays.
    let book = build(
        dir.path(),
        "source = \"essay.md\"\ntitle = \"Bread and Freedom\"\n",
    );
    assert_eq!(book.metadata("dc:title"), ["Bread and Freedom"]);
    assert_eq!(
        book.section_headings(),
        ["The Conquest of Bread", "Our Riches"]
    );
    assert_eq!(book.toc_labels()[1], "The Conquest of Bread");
    // The same title, in other case, punctuation or markup: said once, on the title page.
    for (heading, title) in [
        ("The Conquest of Bread", "The Conquest of Bread"),
        ("The Conquest of Bread", "the conquest of bread!"),
        ("The *Conquest* of Bread", "The Conquest of Bread"),
    ] {
        let essay = ESSAY.replace("# The Conquest of Bread", &format!("# {heading}"));
        let book = build_from(
            dir.path(),
            &essay,
            &format!("source = \"essay.md\"\ntitle = \"{title}\"\n"),
        );
        assert_eq!(
            book.section_headings(),
            ["Our Riches"],
            "{heading} / {title}"
        );
    }
    // Title and subtitle together are the heading too.
    fs::write(
        dir.path().join("essay.md"),
        "# Bread: A Study\n\nSome opening words that are long enough to be prose.\n",
    )
    .unwrap();
    let output = quire(
        dir.path(),
        &[
            "build",
            "essay.md",
            "--title",
            "Bread",
            "--subtitle",
            "A Study",
            "-o",
            "s.epub",
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert!(Epub::open(&dir.path().join("s.epub"))
        .section_headings()
        .is_empty());
}
