//! The bundled essay, built as a user builds it, read back as a reader sees it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;

const SOURCE: &str = "examples/bolsheviks-pet-anarchist.md";

/// Builds the essay once with `quire build` and returns the book's path.
fn book_path() -> &'static PathBuf {
    static BOOK: OnceLock<PathBuf> = OnceLock::new();
    BOOK.get_or_init(|| {
        let (out, output) = build_into_temp(&["build", "metadata/bolsheviks-pet-anarchist.toml"]);
        assert!(output.status.success(), "{}", text(&output));
        let book = out.join("bolsheviks-pet-anarchist.epub");
        assert!(book.is_file(), "{}", text(&output));
        book
    })
}

fn book() -> Epub {
    Epub::open(book_path())
}

#[test]
fn passes_epubcheck() {
    assert_epubcheck_clean(&[book_path().clone()]);
}

#[test]
fn the_essay_opens_and_closes_where_the_author_did() {
    let paragraphs = book().body_paragraphs();
    assert!(
        paragraphs
            .first()
            .unwrap()
            .starts_with("Leninists are fond of quoting"),
        "{}",
        paragraphs[0]
    );
    assert!(
        paragraphs
            .last()
            .unwrap()
            .ends_with("that is a truth that we are here to build for."),
        "{}",
        paragraphs.last().unwrap()
    );
}

#[test]
fn sections_come_in_the_order_of_the_contents_page() {
    let book = book();
    let headings = book.section_headings();
    let contents = [
        "Dawn and Decline",
        "The enemies within?",
        "Whose Revolution is this?",
        "The killing of hope in Kronstadt",
        "Do not mourn — Organise!",
    ];
    assert_eq!(headings, contents);
    // The reader's menu lists the same sections, after the opening text.
    let toc = book.toc_labels();
    let listed: Vec<&str> = toc
        .iter()
        .map(String::as_str)
        .filter(|l| contents.contains(l))
        .collect();
    assert_eq!(listed, contents);
    assert!(toc.contains(&"Notes".to_string()), "{toc:?}");
    // The printed Contents page is replaced by the menu, not repeated as text.
    let all_text: String = book.body_paragraphs().join(" ");
    assert!(
        !all_text.contains(". . . ."),
        "the Contents page leaked into the text"
    );
}

#[test]
fn sentences_and_words_split_by_page_breaks_read_whole() {
    let text = book().body_paragraphs().join("\n");
    assert!(text.contains(
        "Nasty times to be living in if the state considered you to be a revolutionary."
    ));
    assert!(text.contains("saw plots and treachery everywhere. The Cheka were formed"));
    assert!(!text.contains("every-") && !text.contains("every where"));
    // Paragraphs that really ended at a page break stay apart.
    assert!(
        text.contains("found the whole situation incomprehensible.\n")
            || text.contains("found the whole situation incomprehensible.")
    );
}

#[test]
fn every_paragraph_of_the_essay_is_there_once() {
    // Letters only: markup, note numbers and the joins at page breaks do not count.
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let source = std::fs::read_to_string(repo().join(SOURCE)).unwrap();
    let book_text = letters(&book().body_paragraphs().join(" "));
    let mut source_letters = 0;
    let blocks: Vec<&str> = source
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    // The title page and colophon come first: short lines, until the first prose.
    let first_prose = blocks
        .iter()
        .position(|b| b.split_whitespace().count() >= 20)
        .unwrap();
    for block in &blocks[first_prose..] {
        let furniture = block.starts_with("<sup>")
            || block.starts_with('#')
            || *block == "---"
            || block.contains(". . . .");
        if furniture {
            continue;
        }
        let key = letters(&strip_note_markers(block));
        source_letters += key.len();
        assert_eq!(
            book_text.matches(&key).count(),
            1,
            "this paragraph is not in the book exactly once:\n{block}"
        );
    }
    assert_eq!(
        book_text.len(),
        source_letters,
        "the book's text is longer or shorter than the essay's"
    );
}

fn strip_note_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("<sup>") {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find("</sup>")
            .map(|e| at + e + 6)
            .unwrap_or(rest.len());
        let inner = &rest[at + 5..end.saturating_sub(6).max(at + 5)];
        if !inner.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(inner);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn all_33_notes_are_linked_both_ways_in_order() {
    let book = book();
    let notes_doc_name = format!("{}text/endnotes.xhtml", book.root);
    let notes_doc = book.document(&notes_doc_name);
    let items: Vec<&Element> = notes_doc
        .descendants()
        .into_iter()
        .filter(|e| e.has_type("endnote") && e.attr("id").is_some())
        .collect();
    assert_eq!(items.len(), 33);
    let notes_by_id: BTreeMap<&str, &Element> = items
        .iter()
        .map(|note| (note.attr("id").unwrap(), *note))
        .collect();

    let mut seen = Vec::new();
    for (name, doc) in book.chapters() {
        for marker in doc
            .find_all("a")
            .into_iter()
            .filter(|a| a.has_type("noteref"))
        {
            assert_eq!(marker.attr("role"), Some("doc-noteref"));
            assert_eq!(
                marker.text().trim(),
                marker.text(),
                "the link is the number alone"
            );
            let (target_doc, fragment) = resolve(&name, marker.attr("href").unwrap());
            assert_eq!(target_doc, notes_doc_name);
            let note = notes_by_id[fragment.as_deref().unwrap()];
            // The note's backlink returns to this very marker.
            let back: Vec<&Element> = note
                .find_all("a")
                .into_iter()
                .filter(|a| a.has_type("backlink"))
                .collect();
            assert_eq!(back.len(), 1);
            assert_eq!(back[0].attr("role"), Some("doc-backlink"));
            let (back_doc, back_fragment) = resolve(&notes_doc_name, back[0].attr("href").unwrap());
            assert_eq!(
                (back_doc.as_str(), back_fragment.as_deref()),
                (name.as_str(), marker.attr("id"))
            );
            seen.push(marker.text().parse::<u32>().unwrap());
        }
    }
    assert_eq!(
        seen,
        (1..=33).collect::<Vec<_>>(),
        "markers read 1 to 33 in reading order"
    );
    // Notes keep their text, Markdown rendered.
    let note_2 = notes_by_id["note-3"].text();
    assert!(
        note_2.contains("An anarcho-syndicalist and educational reformer"),
        "{note_2}"
    );
    assert!(notes_by_id["note-26"]
        .find_all("em")
        .iter()
        .any(|e| e.text() == "Isvestiya"));
}

#[test]
fn every_link_in_the_book_resolves() {
    let book = book();
    let names: BTreeSet<String> = book.entries.iter().map(|(n, _)| n.clone()).collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let docs: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with(".xhtml"))
        .cloned()
        .collect();
    for name in &docs {
        let doc = book.document(name);
        ids.insert(
            name.clone(),
            doc.descendants()
                .iter()
                .filter_map(|e| e.attr("id").map(String::from))
                .collect(),
        );
    }
    let mut checked = 0;
    for name in &docs {
        for a in book.document(name).descendants() {
            let Some(href) = a.attr("href").or(a.attr("src")) else {
                continue;
            };
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = resolve(name, href);
            assert!(names.contains(&target), "{name}: link to missing {href}");
            if let Some(fragment) = fragment {
                assert!(
                    ids[&target].contains(&fragment),
                    "{name}: link to missing #{fragment} in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 66, "only {checked} links checked");
}

#[test]
fn the_manifest_metadata_is_in_the_package() {
    let book = book();
    // The main title alone: a reading system that reads a second dc:title shows
    // it as the title, or joins the two.
    assert_eq!(book.metadata("dc:title"), ["The Bolsheviks’ pet anarchist"]);
    assert_eq!(book.metadata("dc:creator"), ["Dermot Sreenan"]);
    assert_eq!(book.metadata("dc:language"), ["en"]);
    assert_eq!(book.metadata("dc:date"), ["2000-11"]);
    assert_eq!(book.metadata("dc:publisher"), ["The Anarchist Library"]);
    assert_eq!(book.metadata("dc:rights"), ["Anti-Copyright"]);
    // Where the text was taken from, then the printed booklet its page numbers are from.
    assert_eq!(
        book.metadata("dc:source"),
        [
            "http://struggle.ws",
            "The Bolsheviks’ pet anarchist, The Anarchist Library print edition"
        ]
    );
    assert!(book
        .metadata("dc:subject")
        .contains(&"Victor Serge".to_string()));
    let description = &book.metadata("dc:description")[0];
    assert!(
        description.starts_with("A critique of Victor Serge’s Memoirs"),
        "{description}"
    );
    let id = &book.metadata("dc:identifier")[0];
    assert!(id.starts_with("urn:uuid:"), "{id}");
    // Accessibility metadata, as EPUB Accessibility 1.1 asks.
    assert_eq!(book.meta_property("schema:accessMode"), ["textual"]);
    assert_eq!(
        book.meta_property("schema:accessModeSufficient"),
        ["textual"]
    );
    assert_eq!(book.meta_property("schema:accessibilityHazard"), ["none"]);
    assert!(book
        .meta_property("schema:accessibilityFeature")
        .contains(&"tableOfContents".to_string()));
    // Its checks hold (English text declared English, headings in order, no
    // images), so it claims conformance; no evaluator has certified it.
    assert_eq!(
        book.meta_property("dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    );
    assert!(book.meta_property("a11y:certifiedBy").is_empty());
    assert_eq!(book.meta_property("schema:accessibilitySummary").len(), 1);
    let modified = book.meta_property("dcterms:modified");
    assert_eq!(modified.len(), 1);
    assert!(
        chrono::NaiveDateTime::parse_from_str(&modified[0], "%Y-%m-%dT%H:%M:%SZ").is_ok(),
        "{modified:?}"
    );
}

#[test]
fn quotes_and_apostrophes_are_curly_everywhere_a_reader_looks() {
    let book = book();
    let mut quoted = 0;
    for (name, chapter) in book.chapters() {
        let text = chapter.text();
        assert!(
            !text.contains(['"', '\'']),
            "{name} keeps a typewriter quote: {}",
            text.lines().find(|l| l.contains(['"', '\''])).unwrap_or("")
        );
        quoted += text.matches('“').count();
        assert_eq!(
            text.matches('“').count(),
            text.matches('”').count(),
            "{name}: every quotation opened is closed"
        );
    }
    assert!(quoted >= 5, "only {quoted} quotations found");
    assert!(book.toc_labels().iter().all(|l| !l.contains('\'')));
    let colophon = book
        .document(&format!("{}text/colophon.xhtml", book.root))
        .text();
    assert!(
        colophon.contains("The Bolsheviks’ pet anarchist"),
        "{colophon}"
    );
    let nav = book.file(&format!("{}toc.ncx", book.root));
    assert!(nav.contains("The Bolsheviks’ pet anarchist"), "{nav}");
}

#[test]
fn title_page_and_colophon_carry_the_books_provenance() {
    let book = book();
    let title = collapse(
        &book
            .document(&format!("{}text/title.xhtml", book.root))
            .text(),
    );
    assert!(
        title.contains("The Bolsheviks’ pet anarchist")
            && title.contains("Dermot Sreenan")
            && title.contains("November 2000"),
        "{title}"
    );
    let colophon = collapse(
        &book
            .document(&format!("{}text/colophon.xhtml", book.root))
            .text(),
    );
    for fact in [
        "Retrieved on 8th August 2021 from struggle.ws",
        "originally published in Red & Black Revolution No 4.",
        "theanarchistlibrary.org",
        "Anti-Copyright",
    ] {
        assert!(
            colophon.contains(fact),
            "colophon lacks {fact:?}: {colophon}"
        );
    }
    // The title page's text is not repeated at the start of the essay.
    assert!(!book.body_paragraphs()[0].contains("Anti-Copyright"));
}

#[test]
fn every_document_declares_its_language() {
    let book = book();
    for (name, _) in book.entries.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let html = book.document(name).find_all("html")[0].clone();
        assert_eq!(html.attr("xml:lang"), Some("en"), "{name}");
        assert_eq!(html.attr("lang"), Some("en"), "{name}");
    }
}

#[test]
fn explain_says_how_the_order_was_found() {
    let output = quire(
        &repo(),
        &[
            "build",
            "--explain",
            "metadata/bolsheviks-pet-anarchist.toml",
            "-o",
            tempfile::tempdir().unwrap().path().to_str().unwrap(),
        ],
    );
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("booklet of 16 pages"), "{said}");
    assert!(said.contains("33 page-foot notes"), "{said}");
    assert!(
        said.contains("5 of 5 sections start on the page the Contents page gives"),
        "{said}"
    );
    assert!(
        said.contains("\"…plots and treachery every-\" + \"where. The Cheka were…\""),
        "{said}"
    );
}

/// The text of an XHTML fragment, its tags dropped.
fn untagged(xhtml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each printed page's marker, as (number, text just before it in its
/// paragraph, text just after it), in reading order.
fn page_markers(book: &Epub) -> Vec<(String, String, String)> {
    let mut markers = Vec::new();
    for (name, _) in book.chapters() {
        let xhtml = book.file(&name);
        for (at, _) in xhtml.match_indices("<span id=\"page-") {
            let end = at + xhtml[at..].find("</span>").unwrap() + "</span>".len();
            let span = &xhtml[at..end];
            assert!(span.contains("epub:type=\"pagebreak\""), "{span}");
            assert!(span.contains("role=\"doc-pagebreak\""), "{span}");
            assert!(
                untagged(span).is_empty(),
                "a marker carries no text: {span}"
            );
            let label = span.split("aria-label=\"").nth(1).unwrap();
            let label = label[..label.find('"').unwrap()].to_string();
            let paragraph_start = xhtml[..at].rfind("<p>").unwrap();
            let paragraph_end = end + xhtml[end..].find("</p>").unwrap();
            markers.push((
                label,
                untagged(&xhtml[paragraph_start..at]),
                untagged(&xhtml[end..paragraph_end]),
            ));
        }
    }
    markers
}

#[test]
fn printed_pages_5_to_15_are_marked_before_the_first_word_each_began_with() {
    let markers = page_markers(&book());
    let labels: Vec<&str> = markers.iter().map(|(l, _, _)| l.as_str()).collect();
    let expected: Vec<String> = (5..=15).map(|n| n.to_string()).collect();
    assert_eq!(labels, expected);
    let around = |label: &str| {
        let (_, before, after) = markers.iter().find(|(l, _, _)| l == label).unwrap();
        (before.clone(), after.clone())
    };
    // A page that begins a paragraph.
    let (before, after) = around("5");
    assert_eq!(before, "");
    assert!(
        after.starts_with("Leninists are fond of quoting"),
        "{after}"
    );
    // Pages that begin mid-sentence.
    let (before, after) = around("6");
    assert!(
        before.ends_with("Nasty times to be living in if the "),
        "{before}"
    );
    assert!(after.starts_with("state considered you to be"), "{after}");
    let (before, after) = around("15");
    assert!(before.ends_with("So we "), "{before}");
    assert!(after.starts_with("did not mourn"), "{after}");
    // A word the page break split ("every-" + "where."): the marker follows it whole.
    let (before, after) = around("8");
    assert!(
        before.ends_with("plots and treachery everywhere. "),
        "{before}"
    );
    assert!(after.starts_with("The Cheka were formed"), "{after}");
}

#[test]
fn the_page_list_leads_to_each_printed_page() {
    let book = book();
    let nav_name = format!("{}nav.xhtml", book.root);
    let nav = book.document(&nav_name);
    let page_list = nav
        .find_all("nav")
        .into_iter()
        .find(|n| n.has_type("page-list"))
        .expect("a page-list nav")
        .clone();
    let entries: Vec<(String, String)> = page_list
        .find_all("a")
        .iter()
        .map(|a| (collapse(&a.text()), a.attr("href").unwrap().to_string()))
        .collect();
    let labels: Vec<&str> = entries.iter().map(|(l, _)| l.as_str()).collect();
    let expected: Vec<String> = (5..=15).map(|n| n.to_string()).collect();
    assert_eq!(labels, expected);
    let mut ids = BTreeSet::new();
    for (label, href) in &entries {
        let (file, fragment) = resolve(&nav_name, href);
        let fragment = fragment.expect("a link to a place in the text");
        let target = book.file(&file);
        assert!(
            target.contains(&format!("<span id=\"{fragment}\" epub:type=\"pagebreak\" role=\"doc-pagebreak\" aria-label=\"{label}\">")),
            "{href} does not lead to page {label}"
        );
        assert!(ids.insert(href.clone()), "{href} twice");
    }
}

#[test]
fn the_ncx_gives_epub_2_readers_the_same_pages_in_reading_order() {
    let book = book();
    let ncx = book.document(&format!("{}toc.ncx", book.root));
    let play_order = |e: &Element| e.attr("playOrder").unwrap().parse::<usize>().unwrap();
    let targets: Vec<(String, String, usize)> = ncx
        .find_all("pageTarget")
        .into_iter()
        .map(|t| {
            let label = collapse(&t.find_all("text")[0].text());
            let src = t.find_all("content")[0].attr("src").unwrap().to_string();
            (label, src, play_order(t))
        })
        .collect();
    // The pages the navigation document lists, to the same places.
    let (_, nav) = book.nav();
    let page_nav = nav
        .find_all("nav")
        .into_iter()
        .find(|n| n.has_type("page-list"))
        .expect("a page-list nav")
        .clone();
    let listed: Vec<(String, String)> = page_nav
        .find_all("a")
        .iter()
        .map(|a| (collapse(&a.text()), a.attr("href").unwrap().to_string()))
        .collect();
    let in_ncx: Vec<(String, String)> = targets
        .iter()
        .map(|(l, s, _)| (l.clone(), s.clone()))
        .collect();
    assert_eq!(in_ncx, listed);
    // Each page is played after the chapter it is in begins and before the next one does.
    let chapters: Vec<(String, usize)> = ncx
        .find_all("navPoint")
        .into_iter()
        .map(|p| {
            (
                p.find_all("content")[0].attr("src").unwrap().to_string(),
                play_order(p),
            )
        })
        .collect();
    for (label, src, order) in &targets {
        let file = src.split('#').next().unwrap();
        let at = chapters
            .iter()
            .position(|(s, _)| s == file)
            .expect("its chapter in the navMap");
        assert!(chapters[at].1 < *order, "page {label} before its chapter");
        if let Some((_, next)) = chapters.get(at + 1) {
            assert!(order < next, "page {label} after the next chapter");
        }
    }
    let mut orders: Vec<usize> = targets.iter().map(|t| t.2).collect();
    assert!(orders.windows(2).all(|w| w[0] < w[1]), "{orders:?}");
    orders.extend(chapters.iter().map(|c| c.1));
    let count = orders.len();
    orders.sort_unstable();
    orders.dedup();
    assert_eq!(orders.len(), count, "two places share a playOrder");
    assert_eq!(
        ncx.find_all("meta")
            .into_iter()
            .find(|m| m.attr("name") == Some("dtb:totalPageCount"))
            .and_then(|m| m.attr("content")),
        Some(targets.len().to_string().as_str())
    );
}

#[test]
fn the_package_says_the_pages_are_the_printed_editions() {
    let book = book();
    let features = book.meta_property("schema:accessibilityFeature");
    for feature in ["pageBreakMarkers", "pageNavigation"] {
        assert!(
            features.iter().any(|f| f == feature),
            "{feature} missing: {features:?}"
        );
    }
    // The printed edition, the last dc:source, is declared the source of the pagination.
    let opf = book.file("EPUB/content.opf");
    assert!(
        opf.contains("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>"),
        "{opf}"
    );
    let check = quire(&repo(), &["check", book_path().to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check));
}
