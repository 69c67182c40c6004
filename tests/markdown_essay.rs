//! A plain Markdown essay with standard footnotes builds into a complete, valid book.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;

fn book_path() -> &'static PathBuf {
    static BOOK: OnceLock<PathBuf> = OnceLock::new();
    BOOK.get_or_init(|| {
        let (out, output) =
            build_into_temp(&["build", "tests/fixtures/markdown/on-common-land.toml"]);
        assert!(output.status.success(), "{}", text(&output));
        assert!(!text(&output).contains("warning:"), "{}", text(&output));
        out.join("on-common-land.epub")
    })
}

#[test]
fn passes_epubcheck() {
    assert_epubcheck_clean(&[book_path().clone()]);
}

#[test]
fn sections_split_at_the_second_level_under_a_title_heading() {
    let book = Epub::open(book_path());
    let headings = book.section_headings();
    assert_eq!(
        headings,
        [
            "Who could graze",
            "Who kept the hedges",
            "What enclosure ended"
        ]
    );
    // The opening text is its own chapter; the subsection stays inside its section.
    let chapters = book.chapters();
    assert_eq!(chapters.len(), 4);
    assert!(chapters[0]
        .1
        .text()
        .contains("Village commons were not empty"));
    assert_eq!(chapters[2].1.find_all("h3")[0].text(), "The reeve");
    // The title is the title page's, not a chapter heading.
    assert!(!book.body_paragraphs().iter().any(|p| p == "On Common Land"));
}

#[test]
fn footnotes_become_endnotes_linked_both_ways() {
    let book = Epub::open(book_path());
    let notes = book.document(&format!("{}text/endnotes.xhtml", book.root));
    let items: Vec<&Element> = notes
        .descendants()
        .into_iter()
        .filter(|e| e.has_type("endnote") && e.attr("id").is_some())
        .collect();
    assert_eq!(items.len(), 3);
    // Numbered by first reference; a note referred to twice has a backlink to each marker,
    // its number leading to the first.
    assert!(items[0].text().contains("thirteenth century"));
    let backlinks: Vec<&str> = items[1]
        .find_all("a")
        .into_iter()
        .filter(|a| a.has_type("backlink"))
        .map(|a| a.attr("href").unwrap())
        .collect();
    assert_eq!(
        backlinks,
        ["chapter-2.xhtml#noteref-2", "chapter-2.xhtml#noteref-2-2"]
    );
    assert_eq!(items[1].find_all("a")[0].text(), "2");
    // A note of two paragraphs keeps both; its number opens the first.
    let paragraphs = items[2].find_all("p");
    assert_eq!(paragraphs.len(), 2);
    assert!(collapse(&paragraphs[0].text()).starts_with("3. Fines were small"));
    assert!(paragraphs[0].find_all("a")[0].has_type("backlink"));
    let chapter2 = book.document(&format!("{}text/chapter-2.xhtml", book.root));
    let ids: Vec<&str> = chapter2
        .find_all("a")
        .into_iter()
        .filter(|a| a.has_type("noteref"))
        .map(|a| a.attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["noteref-2", "noteref-2-2"]);
}

#[test]
fn markdown_is_rendered_not_shown() {
    let book = Epub::open(book_path());
    let all: String = book.chapters().iter().map(|(_, d)| d.text()).collect();
    for raw in ["[^", "*stinted*", "](https", "<sup>", "> A common"] {
        assert!(!all.contains(raw), "raw Markdown {raw:?} in the book");
    }
    let chapter2 = book.document(&format!("{}text/chapter-2.xhtml", book.root));
    assert_eq!(chapter2.find_all("blockquote").len(), 1);
    assert_eq!(chapter2.find_all("em")[0].text(), "stinted");
    let chapter3 = book.document(&format!("{}text/chapter-3.xhtml", book.root));
    assert_eq!(chapter3.find_all("ol")[0].find_all("li").len(), 3);
    // The author's superscript, not a note marker's.
    let own: Vec<String> = chapter3
        .find_all("sup")
        .into_iter()
        .filter(|sup| sup.find_all("a").is_empty())
        .map(Element::text)
        .collect();
    assert_eq!(own, ["th"]);
}

#[test]
fn manifest_metadata_reaches_the_package() {
    let book = Epub::open(book_path());
    assert_eq!(book.metadata("dc:creator"), ["A. N. Example", "B. Writer"]);
    assert_eq!(book.metadata("dc:language"), ["en-GB"]);
    assert_eq!(book.metadata("dc:date"), ["2024-03-05"]);
    assert_eq!(
        book.meta_property("dcterms:modified"),
        ["2024-03-06T10:00:00Z"]
    );
    let title = book
        .document(&format!("{}text/title.xhtml", book.root))
        .text();
    assert!(
        title.contains("A. N. Example and B. Writer") && title.contains("5 March 2024"),
        "{title}"
    );
}

#[test]
fn an_essay_without_printed_page_numbers_claims_no_page_navigation() {
    let book = Epub::open(book_path());
    let features = book.meta_property("schema:accessibilityFeature");
    assert!(
        !features
            .iter()
            .any(|f| f == "pageBreakMarkers" || f == "pageNavigation"),
        "{features:?}"
    );
    assert!(book.meta_property("source-of").is_empty());
    let nav = book.file(&format!("{}nav.xhtml", book.root));
    assert!(!nav.contains("page-list"), "{nav}");
    for (name, _) in book.chapters() {
        assert!(!book.file(&name).contains("pagebreak"), "{name}");
    }
}
