//! What a reader sees before and while reading: typography, the cover, the
//! stylesheet, repaired words and honest metadata, in books built end to end.

mod common;

use std::path::PathBuf;

use common::*;

/// Builds `args` into a fresh folder; the build must succeed.
fn build(args: &[&str]) -> (PathBuf, String) {
    let (out, output) = build_into_temp(args);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    (out, said)
}

fn chapter_text(book: &Epub) -> String {
    book.chapters()
        .iter()
        .map(|(_, c)| c.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn quotes_dashes_and_ellipses_are_set_and_code_is_untouched() {
    let (out, _) = build(&["build", "tests/fixtures/design/quotes.md"]);
    let path = out.join("quotes.epub");
    let book = Epub::open(&path);
    let text = collapse(&chapter_text(&book));
    for expected in [
        "The music’s “sound”",
        "It’s the ’90s, and rock ’n’ roll is “loud” – they said so… The Bolsheviks’ band",
        "played 1914–1918 songs—all of them. She said, “He told me ‘no’ twice.”",
        // Code spans, code blocks and web addresses keep every character.
        "quire build --explain",
        "it's \"raw\" -- ...",
        "http://example.org/it's--here",
        "let s = \"it's -- raw...\";",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert_eq!(book.metadata("dc:title"), ["Rock ’n’ roll in the ’90s"]);
    let title_page = book
        .document(&format!("{}text/title.xhtml", book.root))
        .text();
    assert!(
        title_page.contains("Rock ’n’ roll in the ’90s"),
        "{title_page}"
    );
    assert!(book
        .toc_labels()
        .contains(&"The music’s “sound”".to_string()));
    assert_epubcheck_clean(&[path]);
}

#[test]
fn typography_can_be_turned_off_in_front_matter_and_by_flag() {
    let (out, _) = build(&["build", "tests/fixtures/design/quotes-plain.md"]);
    let book = Epub::open(&out.join("quotes-plain.epub"));
    assert!(chapter_text(&book).contains("It's \"loud\" -- they said so..."));
    assert_eq!(book.metadata("dc:title"), ["Rock 'n' roll kept plain"]);

    let (out, said) = build(&[
        "build",
        "--typography",
        "off",
        "--explain",
        "tests/fixtures/design/quotes.md",
    ]);
    assert!(said.contains("typography: off"), "{said}");
    let book = Epub::open(&out.join("quotes.epub"));
    assert!(chapter_text(&book).contains("It's the '90s, and rock 'n' roll is \"loud\" --"));
}
