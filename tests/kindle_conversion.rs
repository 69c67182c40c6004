//! The bundled essay on the way most people take an EPUB to a Kindle besides
//! Send-to-Kindle: calibre's `ebook-convert` to AZW3, and back to EPUB to see
//! what the Kindle book holds.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;

/// Whether calibre's `ebook-convert` runs here. Without it the tests fail under
/// CI or `QUIRE_REQUIRE_EPUBCHECK` (scripts/test installs calibre) and are
/// skipped loudly elsewhere.
fn calibre_present() -> bool {
    let present = Command::new("ebook-convert")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        let message =
            "calibre's ebook-convert is not installed: run scripts/test (it installs calibre)";
        if std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("QUIRE_REQUIRE_EPUBCHECK").is_ok()
        {
            panic!("{message}");
        }
        eprintln!("WARNING: {message}; the Kindle conversion was not tried");
    }
    present
}

/// The essay as quire builds it, its AZW3 and the EPUB calibre makes back from
/// the AZW3, built and converted once.
struct Conversion {
    epub: PathBuf,
    azw3: PathBuf,
    back: PathBuf,
}

fn conversion() -> &'static Conversion {
    static CONVERSION: OnceLock<Conversion> = OnceLock::new();
    CONVERSION.get_or_init(|| {
        let (out, output) = build_into_temp(&["build", "metadata/bolsheviks-pet-anarchist.toml"]);
        assert!(output.status.success(), "{}", text(&output));
        let epub = out.join("bolsheviks-pet-anarchist.epub");
        let azw3 = out.join("book.azw3");
        let back = out.join("back.epub");
        convert(&epub, &azw3);
        convert(&azw3, &back);
        Conversion { epub, azw3, back }
    })
}

fn convert(from: &Path, to: &Path) {
    let output = Command::new("ebook-convert")
        .arg(from)
        .arg(to)
        .output()
        .expect("run ebook-convert");
    assert!(output.status.success(), "{}", text(&output));
}

/// The records of a Kindle book's EXTH header, by type: where KF8 keeps its
/// metadata (116 is the start position).
fn exth_records(azw3: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let u32_at =
        |bytes: &[u8], at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    // A Palm database: the first record's offset follows the 78-byte header.
    let record0 = &azw3[u32_at(azw3, 78) as usize..];
    assert_eq!(&record0[16..20], b"MOBI", "no MOBI header");
    let exth = 16 + u32_at(record0, 20) as usize;
    assert_eq!(&record0[exth..exth + 4], b"EXTH", "no EXTH header");
    let mut at = exth + 12;
    (0..u32_at(record0, exth + 8))
        .map(|_| {
            let (kind, len) = (u32_at(record0, at), u32_at(record0, at + 4) as usize);
            let data = record0[at + 8..at + len].to_vec();
            at += len;
            (kind, data)
        })
        .collect()
}

/// The `<guide>` reference of `kind`, resolved to a zip path and fragment.
fn guide_reference(book: &Epub, kind: &str) -> Option<(String, Option<String>)> {
    book.opf
        .find_all("reference")
        .into_iter()
        .find(|r| r.attr("type") == Some(kind))
        .map(|r| resolve(&format!("{}x", book.root), r.attr("href").unwrap()))
}

#[test]
fn the_kindle_book_opens_at_the_essay() {
    if !calibre_present() {
        return;
    }
    let conversion = conversion();
    let start = exth_records(&std::fs::read(&conversion.azw3).unwrap())
        .into_iter()
        .find(|(kind, _)| *kind == 116);
    assert!(start.is_some(), "the AZW3 has no start position");

    // Read back, the start is the essay's first chapter, not the cover or the title page.
    let original = Epub::open(&conversion.epub);
    let opening = original.body_paragraphs()[0].clone();
    let back = Epub::open(&conversion.back);
    let (file, _) = guide_reference(&back, "text").expect("a start of text in the guide");
    let first = back.document(&file).find_all("p")[0].text();
    assert_eq!(collapse(&first), opening);
}

#[test]
fn the_kindle_book_has_one_cover_and_keeps_the_main_title() {
    if !calibre_present() {
        return;
    }
    let conversion = conversion();
    let back = Epub::open(&conversion.back);
    let cover_id = back
        .opf
        .find_all("meta")
        .into_iter()
        .find(|m| m.attr("name") == Some("cover"))
        .and_then(|m| m.attr("content"))
        .expect("a cover image")
        .to_string();
    let cover_image = back
        .opf
        .find_all("item")
        .into_iter()
        .find(|i| i.attr("id") == Some(cover_id.as_str()))
        .and_then(|i| i.attr("href"))
        .expect("the cover image in the manifest")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let showing_cover: Vec<String> = back
        .spine()
        .into_iter()
        .filter(|doc| back.file(doc).contains(&cover_image))
        .collect();
    assert_eq!(showing_cover.len(), 1, "{showing_cover:?}");
    // The cover page opens the book; none is left among the text.
    assert_eq!(showing_cover[0], back.spine()[0]);

    // The title is the main title alone, as calibre reads both books.
    let original = Epub::open(&conversion.epub);
    let title = original.metadata("dc:title");
    assert_eq!(title.len(), 1);
    assert_eq!(back.metadata("dc:title"), title);
    let meta = Command::new("ebook-meta")
        .arg(&conversion.epub)
        .output()
        .expect("run ebook-meta");
    let shown = String::from_utf8_lossy(&meta.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Title")
                .map(|t| t.trim_start_matches([' ', ':']).to_string())
        })
        .expect("a title");
    assert_eq!(shown, title[0]);
}

#[test]
fn every_note_of_the_kindle_book_is_linked_both_ways() {
    if !calibre_present() {
        return;
    }
    let conversion = conversion();
    let original = Epub::open(&conversion.epub);
    let back = Epub::open(&conversion.back);
    let role = |book: &Epub, role: &str| -> Vec<(String, Element)> {
        book.spine()
            .into_iter()
            .flat_map(|doc| {
                let parsed = book.document(&doc);
                parsed
                    .descendants()
                    .into_iter()
                    .filter(|e| e.attr("role") == Some(role))
                    .map(|e| (doc.clone(), e.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let element = |file: &str, id: &str| -> Option<Element> {
        back.document(file)
            .descendants()
            .into_iter()
            .find(|e| e.attr("id") == Some(id))
            .cloned()
    };
    let noterefs = role(&back, "doc-noteref");
    assert_eq!(noterefs.len(), role(&original, "doc-noteref").len());
    for (doc, noteref) in &noterefs {
        let (file, id) = resolve(doc, noteref.attr("href").unwrap());
        let note = element(&file, &id.unwrap()).expect("the note a marker leads to");
        // The note leads back to this very marker.
        let back_to: Vec<(String, Option<String>)> = note
            .descendants()
            .into_iter()
            .filter(|e| e.attr("role") == Some("doc-backlink"))
            .map(|a| resolve(&file, a.attr("href").unwrap()))
            .collect();
        let marker = (doc.clone(), noteref.attr("id").map(str::to_string));
        assert!(
            back_to.contains(&marker),
            "{}: no way back to {marker:?} ({back_to:?})",
            noteref.text()
        );
    }
    assert_eq!(
        role(&back, "doc-backlink").len(),
        role(&original, "doc-backlink").len()
    );
}

#[test]
fn the_kindle_book_keeps_the_whole_contents() {
    if !calibre_present() {
        return;
    }
    let conversion = conversion();
    let original = Epub::open(&conversion.epub);
    let back = Epub::open(&conversion.back);
    let ncx_item = back
        .opf
        .find_all("item")
        .into_iter()
        .find(|i| i.attr("media-type") == Some("application/x-dtbncx+xml"))
        .and_then(|i| i.attr("href"))
        .expect("an NCX")
        .to_string();
    let ncx = back.document(&format!("{}{ncx_item}", back.root));
    let labels: Vec<String> = ncx
        .find_all("navPoint")
        .iter()
        .map(|p| collapse(&p.find_all("text")[0].text()))
        .collect();
    assert_eq!(labels, original.toc_labels());
}
