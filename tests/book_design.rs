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

#[test]
fn every_book_gets_a_cover_packaged_the_way_readers_look_for_it() {
    let (out, said) = build(&[
        "build",
        "--explain",
        "metadata/bolsheviks-pet-anarchist.toml",
    ]);
    assert!(said.contains("cover: drawn, 900x1200 PNG"), "{said}");
    let path = out.join("bolsheviks-pet-anarchist.epub");
    let book = Epub::open(&path);
    // First in the spine, the image alone, with the title in its description.
    let spine = book.spine();
    assert_eq!(spine[0], format!("{}text/cover.xhtml", book.root));
    let page = book.document(&spine[0]);
    let body = &page.find_all("body")[0];
    assert!(body.has_type("cover"));
    let images = page.find_all("img");
    assert_eq!(images.len(), 1);
    assert_eq!(
        images[0].attr("alt"),
        Some("Cover: The Bolsheviks’ pet anarchist, by Dermot Sreenan")
    );
    assert_eq!(collapse(&body.text()), "");
    // The package names it twice: EPUB 3's cover-image and EPUB 2's meta, which Kobo reads.
    let opf = book.file(&format!("{}content.opf", book.root));
    assert!(opf.contains("<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>"), "{opf}");
    assert!(
        opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"),
        "{opf}"
    );
    let nav = book.file(&format!("{}nav.xhtml", book.root));
    assert!(nav.contains("<a epub:type=\"cover\" href=\"text/cover.xhtml\">Cover</a>"));
    // A real PNG of the size readers want.
    let png = book.bytes(&format!("{}images/cover.png", book.root));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 1200);

    // Built again, the book (cover included) is the same to the byte.
    let (again, _) = build(&["build", "metadata/bolsheviks-pet-anarchist.toml"]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.join("bolsheviks-pet-anarchist.epub")).unwrap()
    );
    let check = quire(&repo(), &["check", path.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check));
    assert_epubcheck_clean(&[path]);
}

#[test]
fn cover_none_leaves_it_out() {
    let (out, _) = build(&[
        "build",
        "--cover",
        "none",
        "tests/fixtures/design/quotes.md",
    ]);
    let book = Epub::open(&out.join("quotes.epub"));
    assert!(!book.spine()[0].ends_with("cover.xhtml"));
    let opf = book.file(&format!("{}content.opf", book.root));
    assert!(!opf.contains("cover"), "{opf}");
}

#[test]
fn a_cover_image_given_is_used_and_a_bad_one_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let essay = dir.path().join("essay.md");
    std::fs::write(&essay, "# An essay\n\nText.\n").unwrap();
    // A cover quire drew for another book serves as the given image.
    let (drawn, _) = build(&["build", "tests/fixtures/design/quotes.md"]);
    let png = Epub::open(&drawn.join("quotes.epub")).bytes("EPUB/images/cover.png");
    std::fs::write(dir.path().join("cover.png"), &png).unwrap();
    let manifest = dir.path().join("essay.toml");
    std::fs::write(
        &manifest,
        "source = \"essay.md\"\ntitle = \"An essay\"\ncover = \"cover.png\"\n",
    )
    .unwrap();
    let (out, said) = build(&["build", "--explain", manifest.to_str().unwrap()]);
    assert!(said.contains("cover: "), "{said}");
    let book = Epub::open(&out.join("essay.epub"));
    assert_eq!(book.bytes("EPUB/images/cover.png"), png);

    // Not an image, or too small: the manifest's line is named.
    std::fs::write(dir.path().join("cover.png"), b"not a picture").unwrap();
    let (_, output) = build_into_temp(&["build", manifest.to_str().unwrap()]);
    let said = text(&output);
    assert!(!output.status.success());
    assert!(
        said.contains("essay.toml:3") && said.contains("neither a JPEG nor a PNG"),
        "{said}"
    );
    std::fs::remove_file(dir.path().join("cover.png")).unwrap();
    let (_, output) = build_into_temp(&["build", manifest.to_str().unwrap()]);
    assert!(text(&output).contains("essay.toml:3"), "{}", text(&output));
}

#[test]
fn accessibility_metadata_follows_the_images_and_names_an_undescribed_one() {
    let (out, said) = build(&["build", "tests/fixtures/design/pictures.md"]);
    assert!(
        said.contains("the image images/") && said.contains("has no description"),
        "{said}"
    );
    let path = out.join("pictures.epub");
    let book = Epub::open(&path);
    assert_eq!(
        book.meta_property("schema:accessMode"),
        ["textual", "visual"]
    );
    // One image is not described, so text alone is not enough.
    assert_eq!(
        book.meta_property("schema:accessModeSufficient"),
        ["textual,visual"]
    );
    assert!(
        book.meta_property("schema:accessibilitySummary")[0].contains("not all of them described")
    );
    assert_epubcheck_clean(&[path]);

    // A text-only book with a cover stays textual: the cover repeats the title page.
    let (out, _) = build(&["build", "tests/fixtures/design/quotes.md"]);
    let book = Epub::open(&out.join("quotes.epub"));
    assert_eq!(book.meta_property("schema:accessMode"), ["textual"]);
    assert_eq!(
        book.meta_property("schema:accessModeSufficient"),
        ["textual"]
    );
}

#[test]
fn series_contributors_and_isbn_reach_the_package() {
    let (out, _) = build(&["build", "tests/fixtures/design/series.toml"]);
    let path = out.join("series.epub");
    let book = Epub::open(&path);
    let opf = book.file(&format!("{}content.opf", book.root));
    for expected in [
        "<meta property=\"belongs-to-collection\" id=\"series\">Essays on Noise</meta>",
        "<meta refines=\"#series\" property=\"collection-type\">series</meta>",
        "<meta refines=\"#series\" property=\"group-position\">2</meta>",
        "<meta name=\"calibre:series\" content=\"Essays on Noise\"/>",
        "<meta name=\"calibre:series_index\" content=\"2\"/>",
        "<dc:contributor id=\"contributor-1\">B. Translator</dc:contributor>",
        "<meta refines=\"#contributor-1\" property=\"role\" scheme=\"marc:relators\">trl</meta>",
        "<meta refines=\"#contributor-2\" property=\"role\" scheme=\"marc:relators\">edt</meta>",
        "<dc:identifier id=\"isbn\">urn:isbn:9780306406157</dc:identifier>",
    ] {
        assert!(opf.contains(expected), "missing {expected} in {opf}");
    }
    // The manifest's title gets the same typography as the text.
    assert_eq!(book.metadata("dc:title"), ["Rock ’n’ roll in the ’90s"]);
    assert_epubcheck_clean(&[path]);
}

#[test]
fn a_wrong_isbn_or_role_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.md"), "Text.\n").unwrap();
    for (line, expected) in [
        ("isbn = \"978-0-306-40615-8\"", "not a valid ISBN"),
        (
            "contributors = [{ name = \"X\", role = \"caterer\" }]",
            "not a role quire knows",
        ),
        ("series_index = \"second\"", "series_index"),
    ] {
        let manifest = dir.path().join("m.toml");
        std::fs::write(
            &manifest,
            format!("source = \"e.md\"\ntitle = \"T\"\n{line}\n"),
        )
        .unwrap();
        let (_, output) = build_into_temp(&["build", manifest.to_str().unwrap()]);
        let said = text(&output);
        assert!(!output.status.success(), "{said}");
        assert!(
            said.contains("m.toml:3") && said.contains(expected),
            "{said}"
        );
    }
}

#[test]
fn a_stylesheet_of_its_own_comes_after_quires_with_the_files_it_names() {
    let (out, said) = build(&[
        "build",
        "--explain",
        "--stylesheet",
        "tests/fixtures/design/extra.css",
        "tests/fixtures/design/quotes.md",
    ]);
    assert!(
        said.contains("stylesheet: tests/fixtures/design/extra.css after quire's, with 1 file(s)"),
        "{said}"
    );
    let path = out.join("quotes.epub");
    let book = Epub::open(&path);
    let chapter = book.file(&book.spine()[2]);
    let ours = chapter
        .find("href=\"../css/book.css\"")
        .expect("quire's stylesheet");
    let theirs = chapter
        .find("href=\"../css/extra.css\"")
        .expect("the book's stylesheet");
    assert!(ours < theirs, "{chapter}");
    let css = book.file(&format!("{}css/extra.css", book.root));
    assert!(css.contains("url(\"assets/1-field-map.png\")"), "{css}");
    assert!(book.has_file(&format!("{}css/assets/1-field-map.png", book.root)));
    assert_epubcheck_clean(&[path]);
}

#[test]
fn the_default_stylesheet_hyphenates_and_keeps_lines_together() {
    let css = std::fs::read_to_string(repo().join("styles/book.css")).unwrap();
    for rule in ["hyphens: auto", "widows: 2", "orphans: 2"] {
        assert!(css.contains(rule), "{rule}");
    }
    // Hyphenation follows the book's language, which every document declares.
    let (out, _) = build(&["build", "tests/fixtures/design/quotes.md"]);
    let book = Epub::open(&out.join("quotes.epub"));
    for (name, chapter) in book.chapters() {
        assert_eq!(
            chapter.find_all("html")[0].attr("lang"),
            Some("en"),
            "{name}"
        );
    }
}
