//! `--kepub`: the bundled essay's Kobo EPUB, read back as Kobo's reader reads
//! it, against the EPUB built beside it; and the settings that ask for one.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// Builds the bundled essay once with `--kepub`; returns the EPUB's and the KEPUB's paths.
fn books() -> &'static (PathBuf, PathBuf) {
    static BOOKS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let (out, output) =
            build_into_temp(&["build", "metadata/bolsheviks-pet-anarchist.toml", "--kepub"]);
        assert!(output.status.success(), "{}", text(&output));
        let epub = out.join("bolsheviks-pet-anarchist.epub");
        let kepub = out.join("bolsheviks-pet-anarchist.kepub.epub");
        assert!(epub.is_file(), "{}", text(&output));
        assert!(
            kepub.is_file(),
            "no .kepub.epub beside the book: {}",
            text(&output)
        );
        assert!(text(&output).contains("bolsheviks-pet-anarchist.kepub.epub"));
        (epub, kepub)
    })
}

fn body(doc: &Element) -> &Element {
    doc.find_all("body").into_iter().next().expect("a body")
}

fn is_kobo_span(e: &Element) -> bool {
    e.name == "span" && e.attr("class") == Some("koboSpan")
}

/// The words of a document's body, in order.
fn words(doc: &Element) -> Vec<String> {
    body(doc)
        .text()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Every id in a document.
fn ids(doc: &Element) -> Vec<String> {
    doc.descendants()
        .into_iter()
        .filter_map(|e| e.attr("id").map(str::to_string))
        .collect()
}

/// Text nodes with something to read that no koboSpan holds, with the element they are in.
fn loose_text(element: &Element, in_span: bool, loose: &mut Vec<(String, String)>) {
    for child in &element.children {
        match child {
            Node::Text(t) if !in_span && !t.trim().is_empty() => {
                loose.push((element.name.clone(), t.clone()));
            }
            Node::Text(_) => {}
            Node::Element(e) => loose_text(e, in_span || is_kobo_span(e), loose),
        }
    }
}

#[test]
fn passes_epubcheck() {
    assert_epubcheck_clean(&[books().1.clone()]);
}

#[test]
fn every_text_in_the_body_is_in_a_kobo_span_with_a_unique_id() {
    let kepub = Epub::open(&books().1);
    let mut spans = 0;
    for name in kepub.spine() {
        let doc = kepub.document(&name);
        let mut loose = Vec::new();
        loose_text(body(&doc), false, &mut loose);
        assert!(
            loose.is_empty(),
            "{name}: text outside koboSpans: {loose:?}"
        );
        let mut seen = BTreeSet::new();
        for id in ids(&doc) {
            assert!(seen.insert(id.clone()), "{name}: id {id} twice");
        }
        for span in doc.descendants().into_iter().filter(|e| is_kobo_span(e)) {
            spans += 1;
            let id = span
                .attr("id")
                .unwrap_or_else(|| panic!("{name}: a koboSpan without id"));
            let numbers: Vec<&str> = id.strip_prefix("kobo.").unwrap_or("").split('.').collect();
            assert!(
                numbers.len() == 2
                    && numbers
                        .iter()
                        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
                "{name}: {id} is not kobo.N.M"
            );
        }
        // Kobo's reader lays its columns out on these two, the body's only child.
        let wrapper: Vec<&Element> = body(&doc)
            .children
            .iter()
            .filter_map(|c| match c {
                Node::Element(e) => Some(e),
                Node::Text(_) => None,
            })
            .collect();
        assert_eq!(wrapper.len(), 1, "{name}");
        assert_eq!(wrapper[0].attr("id"), Some("book-columns"), "{name}");
        assert_eq!(
            wrapper[0].find_all("div")[0].attr("id"),
            Some("book-inner"),
            "{name}"
        );
    }
    // A sentence a span: the essay has hundreds.
    assert!(spans > 300, "{spans} spans");
}

#[test]
fn the_text_is_the_epubs_word_for_word_and_every_id_is_kept() {
    let (epub, kepub) = books();
    let (epub, kepub) = (Epub::open(epub), Epub::open(kepub));
    assert_eq!(epub.spine(), kepub.spine());
    for name in epub.spine() {
        let (before, after) = (epub.document(&name), kepub.document(&name));
        assert_eq!(words(&before), words(&after), "{name}");
        let kept: BTreeSet<String> = ids(&after).into_iter().collect();
        for id in ids(&before) {
            assert!(kept.contains(&id), "{name}: id {id} lost");
        }
    }
    // Everything outside the reading order is the EPUB's as it was.
    let spine: BTreeSet<String> = epub.spine().into_iter().collect();
    let names =
        |book: &Epub| -> Vec<String> { book.entries.iter().map(|(n, _)| n.clone()).collect() };
    assert_eq!(names(&epub), names(&kepub));
    for (name, bytes) in &epub.entries {
        if !spine.contains(name) {
            assert_eq!(bytes, &kepub.bytes(name), "{name} changed");
        }
    }
}

#[test]
fn note_links_lead_to_the_note_and_back() {
    let kepub = Epub::open(&books().1);
    let documents: BTreeMap<String, Element> = kepub
        .spine()
        .into_iter()
        .map(|name| {
            let doc = kepub.document(&name);
            (name, doc)
        })
        .collect();
    let find = |doc: &str, id: &str| -> Option<Element> {
        documents
            .get(doc)?
            .descendants()
            .into_iter()
            .find(|e| e.attr("id") == Some(id))
            .cloned()
    };
    let mut notes = 0;
    for (name, doc) in &documents {
        for marker in doc
            .find_all("a")
            .into_iter()
            .filter(|a| a.has_type("noteref"))
        {
            notes += 1;
            let marker_id = marker.attr("id").expect("a note marker with an id");
            let (file, fragment) = resolve(name, marker.attr("href").unwrap());
            let note = find(&file, &fragment.expect("a fragment"))
                .unwrap_or_else(|| panic!("{name}#{marker_id} leads nowhere"));
            let back = note.find_all("a").into_iter().any(|a| {
                let (to, at) = resolve(&file, a.attr("href").unwrap_or(""));
                to == *name && at.as_deref() == Some(marker_id)
            });
            assert!(
                back,
                "the note of {name}#{marker_id} does not lead back to it"
            );
        }
    }
    assert!(notes >= 33, "{notes} note markers");
}

#[test]
fn the_same_book_gives_the_same_kepub_bytes() {
    let (out, output) =
        build_into_temp(&["build", "metadata/bolsheviks-pet-anarchist.toml", "--kepub"]);
    assert!(output.status.success(), "{}", text(&output));
    let again = std::fs::read(out.join("bolsheviks-pet-anarchist.kepub.epub")).unwrap();
    assert!(again == std::fs::read(&books().1).unwrap());
}

/// A library of two essays in a fresh folder, with `settings` as its quire.toml
/// and `kepub_key` in the first essay's manifest; returns the folder.
fn library(settings: Option<&str>, kepub_key: Option<&str>) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    for name in ["first", "second"] {
        std::fs::write(
            dir.join(format!("{name}.md")),
            format!("# The {name} essay\n\nA sentence. Another one.[^1]\n\n[^1]: A note.\n"),
        )
        .unwrap();
    }
    let key = kepub_key
        .map(|k| format!("kepub = {k}\n"))
        .unwrap_or_default();
    std::fs::write(
        dir.join("first.toml"),
        format!("source = \"first.md\"\ntitle = \"The first essay\"\n{key}"),
    )
    .unwrap();
    if let Some(settings) = settings {
        std::fs::write(dir.join("quire.toml"), settings).unwrap();
    }
    dir
}

fn built(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["build", ".", "-o", "out"];
    all.extend(args);
    let output = quire(dir, &all);
    assert!(output.status.success(), "{}", text(&output));
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_library_the_manifest_and_the_flag_ask_for_a_kepub_in_that_order() {
    let none = built(&library(None, None), &[]);
    assert_eq!(none, ["first.epub", "second.epub"]);
    // `--check` holds the KEPUB to quire check's rules too.
    let flag = built(&library(None, None), &["--kepub", "--check"]);
    assert_eq!(
        flag,
        [
            "first.epub",
            "first.kepub.epub",
            "second.epub",
            "second.kepub.epub"
        ]
    );
    let manifest = built(&library(None, Some("true")), &[]);
    assert_eq!(manifest, ["first.epub", "first.kepub.epub", "second.epub"]);
    let settings = "[build]\nkepub = true\n";
    let library_wide = built(&library(Some(settings), Some("false")), &[]);
    assert_eq!(
        library_wide,
        ["first.epub", "second.epub", "second.kepub.epub"]
    );
}

#[test]
fn the_report_names_the_kepub_written() {
    let dir = library(None, Some("true"));
    let output = quire(&dir, &["build", ".", "-o", "out", "--report", "-", "-q"]);
    assert!(output.status.success(), "{}", text(&output));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["kepub"]
        .as_str()
        .is_some_and(|k| k.ends_with("first.kepub.epub")));
    assert!(lines[1]["kepub"].is_null());
}
