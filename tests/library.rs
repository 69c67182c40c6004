//! A small library of messy essays, built in one batch the way a user builds a
//! real one: every book written must pass EPUBCheck and `quire check`, and
//! each oddity must come out the way a reader would want.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;

struct Library {
    out: PathBuf,
    log: String,
    success: bool,
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let (out, output) = build_into_temp(&["build", "tests/fixtures/library", "--jobs", "2"]);
        Library {
            out,
            log: text(&output),
            success: output.status.success(),
        }
    })
}

fn book(name: &str) -> Epub {
    let path = library().out.join(name);
    assert!(path.is_file(), "{name} was not built:\n{}", library().log);
    Epub::open(&path)
}

fn books() -> Vec<PathBuf> {
    let mut books: Vec<PathBuf> = std::fs::read_dir(&library().out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    books.sort();
    books
}

#[test]
fn the_bad_file_fails_and_every_other_book_is_built() {
    let library = library();
    assert!(
        !library.success,
        "a broken source should make the exit status non-zero"
    );
    assert!(
        library
            .log
            .contains("broken-binary.md:1: the source holds binary data"),
        "{}",
        library.log
    );
    assert!(
        library.log.contains("16 built, 1 failed"),
        "{}",
        library.log
    );
    // Only finished books are left: no temporary files.
    for book in books() {
        assert_eq!(book.extension().unwrap(), "epub", "{}", book.display());
    }
}

#[test]
fn every_book_passes_epubcheck() {
    assert_epubcheck_clean(&books());
}

#[test]
fn every_book_passes_quire_check() {
    let mut args = vec!["check".to_string()];
    args.extend(books().iter().map(|b| b.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = quire(&repo(), &args);
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn books_with_the_same_name_do_not_overwrite_each_other() {
    assert!(
        library().log.contains(
            "another book is also named images.epub; this one is written as images-2.epub"
        ),
        "{}",
        library().log
    );
    assert_eq!(
        book("images.epub").metadata("dc:title"),
        ["Maps of the Open Fields"]
    );
    assert_eq!(
        book("images-2.epub").metadata("dc:title"),
        ["Another Essay Named Images"]
    );
}

#[test]
fn a_manifest_claims_its_source() {
    assert_eq!(
        book("with-manifest.epub").metadata("dc:title"),
        ["A Book with a Manifest"]
    );
    assert!(
        !library().out.join("with-manifest-2.epub").exists(),
        "the source a manifest names was built twice"
    );
}

#[test]
fn local_images_are_carried_in_and_the_rest_stand_as_text_or_links() {
    let epub = book("images.epub");
    let images: Vec<&Element> = epub
        .opf
        .find_all("item")
        .into_iter()
        .filter(|i| i.attr("media-type") == Some("image/png"))
        .filter(|i| i.attr("properties") != Some("cover-image"))
        .collect();
    assert_eq!(images.len(), 1, "the same image twice is carried once");
    let (_, chapter) = &epub.chapters()[0];
    let imgs = chapter.find_all("img");
    assert_eq!(imgs.len(), 2);
    assert_eq!(
        imgs[0].attr("alt"),
        Some("A map of strips in three open fields")
    );
    let text = chapter.text();
    assert!(text.contains("A lost sketch of the north field"));
    assert!(chapter
        .find_all("a")
        .iter()
        .any(|a| a.attr("href") == Some("https://images.example.org/award.png")));
    let log = &library().log;
    assert!(
        log.contains("images.md:11: remote image https://images.example.org/award.png"),
        "{log}"
    );
    assert!(
        log.contains("images.md:9: image figures/lost-sketch.png is missing"),
        "{log}"
    );
    assert!(
        log.contains("images.md:13: image figures/not-an-image.png is not PNG, JPEG, GIF or WebP"),
        "{log}"
    );
}

#[test]
fn control_characters_are_dropped_with_a_warning() {
    let epub = book("control-characters.epub");
    // Text entries only: the cover image's bytes may hold any byte.
    let all: String = epub
        .entries
        .iter()
        .filter(|(name, _)| !name.contains("/images/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains('\u{c}') && !all.contains('\u{7}'));
    assert!(epub
        .body_paragraphs()
        .iter()
        .any(|p| p.contains("And a bell rang.")));
    assert!(
        library()
            .log
            .contains("control-characters.md:5: control character U+000C removed"),
        "{}",
        library().log
    );
}

#[test]
fn raw_html_keeps_its_text_and_loses_its_scripts() {
    let epub = book("raw-html.epub");
    // Text entries only: the cover image's bytes may hold any byte.
    let all: String = epub
        .entries
        .iter()
        .filter(|(name, _)| !name.contains("/images/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    for bad in ["steal()", "<script", "onclick", "javascript:", "never"] {
        assert!(!all.contains(bad), "{bad} reached the book");
    }
    let text = epub.body_paragraphs().join(" ");
    for kept in [
        "A boxed aside, written in HTML.",
        "inline spans",
        "HTML table",
        "A paragraph with a handler.",
        "unsafe link",
    ] {
        assert!(text.contains(kept), "{kept:?} lost: {text}");
    }
}

#[test]
fn odd_structures_still_give_a_navigable_book() {
    for (name, first_toc_entry_after_title) in [
        ("no-heading.epub", "no heading"),
        ("odd-headings.epub", "A fourth-level start"),
        ("several-titles.epub", "First Part"),
        ("tables.epub", "Yields by Decade"),
    ] {
        let epub = book(name);
        let toc = epub.toc_labels();
        assert!(toc.len() >= 3, "{name}: {toc:?}");
        assert!(
            toc[1].contains(first_toc_entry_after_title),
            "{name}: {toc:?}"
        );
    }
    let tables = book("tables.epub");
    let (_, chapter) = &tables.chapters()[0];
    assert_eq!(chapter.find_all("tr").len(), 3);
    assert!(
        chapter.find_all("td")[4]
            .find_all("a")
            .iter()
            .any(|a| a.has_type("noteref")),
        "a note called from a table cell"
    );
}

#[test]
fn notes_in_headings_keep_the_navigation_plain() {
    let epub = book("heading-notes.epub");
    let toc = epub.toc_labels();
    assert!(
        toc.contains(&"A heading with a note and a link".to_string()),
        "{toc:?}"
    );
    assert!(
        toc.contains(&"Emphasis in a heading".to_string()),
        "{toc:?}"
    );
}

#[test]
fn front_matter_and_the_title_heading_give_metadata() {
    let epub = book("front-matter.epub");
    assert_eq!(epub.metadata("dc:title"), ["Letters from the Fen"]);
    assert_eq!(epub.metadata("dc:creator"), ["M. Drainer"]);
    assert_eq!(epub.metadata("dc:date"), ["1952-06-01"]);
    assert_eq!(book("windows.epub").metadata("dc:title"), ["Windows File"]);
    assert_eq!(book("no-heading.epub").metadata("dc:title"), ["no heading"]);
}

#[test]
fn running_feet_are_removed_and_the_sentences_they_cut_rejoined() {
    let digits = |p: &String| -> String { p.chars().filter(|c| !c.is_ascii_digit()).collect() };
    let with_feet: Vec<String> = book("lamplighters-running-feet.epub")
        .body_paragraphs()
        .iter()
        .map(digits)
        .collect();
    let with_notes: Vec<String> = book("lamplighters-in-order.epub")
        .body_paragraphs()
        .iter()
        .map(digits)
        .collect();
    assert_eq!(with_feet, with_notes);
    assert!(
        !with_feet.iter().any(|p| p.contains("The Lamplighters ·")),
        "a running foot reached the text"
    );
}

#[test]
fn an_imposed_booklet_and_an_ordered_export_read_the_same() {
    let imposed = book("lamplighters-booklet.epub").body_paragraphs();
    let ordered = book("lamplighters-in-order.epub").body_paragraphs();
    assert_eq!(imposed, ordered);
    assert!(imposed[0].starts_with("Before gas, the lamps of the town burned oil"));
    assert!(imposed[0].contains("longer in winter, when the wicks froze"));
    assert!(imposed
        .iter()
        .any(|p| p.contains("which the men had to buy themselves from the contractor.")));
    assert!(imposed.last().unwrap().ends_with("and the trade was gone."));
    for name in ["lamplighters-booklet.epub", "lamplighters-in-order.epub"] {
        let epub = book(name);
        assert_eq!(epub.metadata("dc:creator"), ["R. Wick"], "{name}");
        assert_eq!(epub.metadata("dc:rights"), ["Public domain"], "{name}");
        let headings = epub.section_headings();
        assert_eq!(
            headings,
            ["The trade", "The strike", "After the strike"],
            "{name}"
        );
    }
}
