//! Notes as reading systems read them: markers that are superscripts without a
//! stylesheet, notes that begin with their number and lead back from it, each
//! note named as a note, a way back from every citation (a note's too), and no
//! glyph an engine may draw as a colour emoji.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;

/// Builds the three books with notes once: the bundled essay (a page export,
/// 33 notes), a Markdown essay (a note cited twice, a note of two
/// paragraphs) and a Markdown essay whose notes cite notes.
fn books() -> &'static [PathBuf] {
    static BOOKS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let (out, output) = build_into_temp(&[
            "build",
            "metadata/bolsheviks-pet-anarchist.toml",
            "tests/fixtures/markdown/on-common-land.toml",
            "tests/fixtures/notes/notes-in-notes.toml",
        ]);
        assert!(output.status.success(), "{}", text(&output));
        assert!(!text(&output).contains("[note-"), "{}", text(&output));
        [
            "bolsheviks-pet-anarchist",
            "on-common-land",
            "notes-in-notes",
        ]
        .iter()
        .map(|name| out.join(format!("{name}.epub")))
        .collect()
    })
}

fn notes_in_notes() -> Epub {
    Epub::open(&books()[2])
}

/// Every content document of the spine, by its name in the zip.
fn documents(book: &Epub) -> Vec<(String, Element)> {
    book.spine()
        .into_iter()
        .map(|name| {
            let doc = book.document(&name);
            (name, doc)
        })
        .collect()
}

/// Every element anywhere in the book that `keep` accepts, with its document's name.
fn elements<'a>(
    docs: &'a [(String, Element)],
    keep: impl Fn(&Element) -> bool + 'a,
) -> Vec<(&'a str, &'a Element)> {
    docs.iter()
        .flat_map(|(name, doc)| {
            doc.descendants()
                .into_iter()
                .filter(|e| keep(e))
                .map(move |e| (name.as_str(), e))
        })
        .collect()
}

/// The element with this id in this document.
fn by_id<'a>(docs: &'a [(String, Element)], doc: &str, id: &str) -> Option<&'a Element> {
    let (_, document) = docs.iter().find(|(name, _)| name == doc)?;
    document
        .descendants()
        .into_iter()
        .find(|e| e.attr("id") == Some(id))
}

#[test]
fn every_note_marker_is_a_superscript_by_its_markup() {
    for path in books() {
        let book = Epub::open(path);
        let docs = documents(&book);
        let markers = elements(&docs, |e| e.has_type("noteref"));
        assert!(!markers.is_empty());
        // A marker counts once, inside the one <sup> that raises it.
        let raised: usize = elements(&docs, |e| e.name == "sup")
            .iter()
            .map(|(_, sup)| {
                sup.descendants()
                    .iter()
                    .filter(|e| e.has_type("noteref"))
                    .count()
            })
            .sum();
        assert_eq!(raised, markers.len(), "{}", path.display());
        for (_, marker) in &markers {
            assert!(
                marker.text().chars().all(|c| c.is_ascii_digit()),
                "a marker reads as its number alone: {:?}",
                marker.text()
            );
            assert!(marker.find_all("sup").is_empty(), "raised once, not twice");
        }
    }
}

#[test]
fn every_note_is_named_a_note_and_begins_with_its_number_leading_back() {
    for path in books() {
        let book = Epub::open(path);
        let docs = documents(&book);
        let notes = elements(&docs, |e| e.has_type("endnote"));
        let markers = elements(&docs, |e| e.has_type("noteref"));
        assert!(!notes.is_empty(), "{}", path.display());
        // Every marker leads to an element named a note, so pop-ups call it one.
        for (doc, marker) in &markers {
            let (target, fragment) = resolve(doc, marker.attr("href").unwrap());
            let note = by_id(&docs, &target, fragment.as_deref().unwrap()).unwrap();
            assert!(note.has_type("endnote"), "{:?} is no note", note.attrs);
            // And a role a screen reader (and calibre's viewer) knows, not the deprecated doc-endnote.
            assert_eq!(note.attr("role"), Some("doc-footnote"));
            // Not a list item: a list's own numbering would double the number.
            assert_ne!(note.name, "li");
            // Nor an aside, which Apple Books and Foliate hide from the page.
            assert_ne!(note.name, "aside");
        }
        for (position, (doc, note)) in notes.iter().enumerate() {
            let number = (position + 1).to_string();
            // The first thing a note says is its number, as text.
            let opening = collapse(&note.text());
            assert!(
                opening.starts_with(&format!("{number}.")),
                "note {number} opens {opening:?}"
            );
            // That number is a backlink to a marker of this very note.
            let first_link = note.find_all("a").into_iter().next().unwrap();
            assert_eq!(first_link.text(), number);
            assert!(first_link.has_type("backlink"));
            assert_eq!(first_link.attr("role"), Some("doc-backlink"));
            let (back_doc, back_id) = resolve(doc, first_link.attr("href").unwrap());
            let citation = by_id(&docs, &back_doc, back_id.as_deref().unwrap())
                .expect("the backlink leads to an element that exists");
            assert!(citation.has_type("noteref"));
            let (cited, cited_id) = resolve(&back_doc, citation.attr("href").unwrap());
            assert_eq!(
                (cited.as_str(), cited_id.as_deref()),
                (*doc, note.attr("id"))
            );
        }
    }
}

#[test]
fn every_citation_has_a_way_back_from_its_note() {
    for path in books() {
        let book = Epub::open(path);
        let docs = documents(&book);
        // Where each note's backlinks lead.
        let mut backlinks: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
        for (doc, note) in elements(&docs, |e| e.has_type("endnote")) {
            for link in note
                .find_all("a")
                .into_iter()
                .filter(|a| a.has_type("backlink"))
            {
                let (to_doc, to_id) = resolve(doc, link.attr("href").unwrap());
                backlinks
                    .entry((doc.to_string(), note.attr("id").unwrap().to_string()))
                    .or_default()
                    .push((to_doc, to_id.unwrap()));
            }
        }
        for (doc, marker) in elements(&docs, |e| e.has_type("noteref")) {
            let (note_doc, note_id) = resolve(doc, marker.attr("href").unwrap());
            let id = marker
                .attr("id")
                .expect("every citation can be returned to");
            assert!(
                backlinks[&(note_doc, note_id.unwrap())].contains(&(doc.to_string(), id.into())),
                "no way back to the citation {id} in {doc}"
            );
        }
    }
}

#[test]
fn a_note_cited_in_a_note_leads_back_to_that_note() {
    let book = notes_in_notes();
    let docs = documents(&book);
    let notes = elements(&docs, |e| e.has_type("endnote"));
    assert_eq!(notes.len(), 3);
    // Note 2 cites note 3; note 3 cites note 1, which the text cites twice.
    let cites = |note: &Element| -> Vec<String> {
        note.find_all("a")
            .into_iter()
            .filter(|a| a.has_type("noteref"))
            .map(Element::text)
            .collect()
    };
    assert_eq!(cites(notes[1].1), ["3"]);
    assert_eq!(cites(notes[2].1), ["1"]);
    let back_from = |note: &Element| -> Vec<String> {
        note.find_all("a")
            .into_iter()
            .filter(|a| a.has_type("backlink"))
            .map(|a| a.attr("href").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        back_from(notes[0].1),
        [
            "chapter-1.xhtml#noteref-1",
            "chapter-1.xhtml#noteref-1-2",
            "endnotes.xhtml#noteref-1-3"
        ]
    );
    assert_eq!(
        back_from(notes[2].1),
        ["chapter-2.xhtml#noteref-3", "endnotes.xhtml#noteref-3-2"]
    );
    // The further citations read as such, not as other notes' numbers.
    assert!(
        collapse(&notes[0].1.text()).ends_with("Cited again: 2nd, 3rd."),
        "{}",
        notes[0].1.text()
    );
    // The citation in note 2 is where note 3's second backlink leads.
    let in_note_2: Vec<&str> = notes[1]
        .1
        .find_all("a")
        .into_iter()
        .filter(|a| a.has_type("noteref"))
        .map(|a| a.attr("id").unwrap())
        .collect();
    assert_eq!(in_note_2, ["noteref-3-2"]);
}

#[test]
fn a_note_that_opens_with_a_quotation_still_opens_with_its_number() {
    let book = notes_in_notes();
    let docs = documents(&book);
    let notes = elements(&docs, |e| e.has_type("endnote"));
    let rates = notes[2].1;
    let blocks: Vec<&str> = rates
        .children
        .iter()
        .filter_map(|n| match n {
            Node::Element(e) => Some(e.name.as_str()),
            Node::Text(_) => None,
        })
        .collect();
    assert_eq!(blocks, ["p", "blockquote", "p"]);
    assert_eq!(collapse(&rates.find_all("p")[0].text()), "3.");
}

#[test]
fn a_long_notes_paragraphs_are_spaced_apart() {
    // In the book's markup, each paragraph its own element, and spaced by the stylesheet.
    let book = notes_in_notes();
    let notes = book.document(&format!("{}text/endnotes.xhtml", book.root));
    let vestry = notes
        .descendants()
        .into_iter()
        .find(|e| e.attr("id") == Some("note-2"))
        .unwrap();
    assert_eq!(vestry.find_all("p").len(), 2);
    let css = book.file(&format!("{}css/book.css", book.root));
    let rule = css
        .split('}')
        .find(|rule| rule.contains(".note p + p"))
        .expect("a rule spaces a note's paragraphs");
    assert!(rule.contains("margin-top"), "{rule}");
}

#[test]
fn no_backlink_glyph_can_become_an_emoji() {
    // U+21A9 (↩) and its kind have emoji presentations that some engines use
    // even with U+FE0E after them; the way back is the note's number instead.
    for path in books() {
        let book = Epub::open(path);
        for (name, doc) in documents(&book) {
            let text = doc.text();
            for glyph in ['\u{21a9}', '\u{21aa}', '\u{2934}', '\u{2935}', '\u{fe0f}'] {
                assert!(!text.contains(glyph), "{glyph:?} in {name}");
            }
        }
    }
}

#[test]
fn passes_epubcheck() {
    assert_epubcheck_clean(books());
}
