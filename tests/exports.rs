//! One folder per class of real-world export in `tests/fixtures/exports/`:
//! each holds a `source.md`, the facts its book must show (`facts.txt`) and a
//! snapshot of what `--explain` says about it (`explain.txt`). Run with
//! `QUIRE_UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a deliberate change.
//!
//! Facts, one a line: `kind: page export | markdown`, `layout: as exported |
//! booklet of N pages`, `opens: TEXT` (the body's first words), `sequence: A |
//! B | C` (each in the body, in that order), `notes: N` (notes linked both
//! ways), `no text: TEXT` (absent from the body), `page labels: 1, 2, 3`,
//! `authors: A; B`, `title: TEXT` and `language: TAG` (the package's),
//! `no heading: TEXT` (no section heading shows it),
//! `warning: TEXT` and `no warning: TEXT`, `paragraph: TEXT` (a body
//! paragraph opens with it), `preformatted: N` (`<pre>` blocks in the body),
//! `figures: N` (images in the chapters), `longest run: N words` (no body
//! paragraph runs longer without a line break), `contents: A | > A.1 | B` (the
//! contents as nested, `> ` per level), `link: TEXT -> HEADING` (a link of
//! the text leads to that heading) and `page list: none | 1, 2, 3` (`none`:
//! neither a page list nor a claim of one).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_epubcheck_clean, quire, repo, text, Epub};
use quire::source::SourceKind;

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(repo().join("tests/fixtures/exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("source.md").is_file())
        .collect();
    cases.sort();
    cases
}

fn facts(case: &Path) -> Vec<(String, String)> {
    fs::read_to_string(case.join("facts.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, value) = l.split_once(':').expect("a fact is `key: value`");
            (key.trim().to_string(), value.trim().to_string())
        })
        .collect()
}

/// The text of the book's chapters, headings and lists included, in reading order.
fn body_text(book: &Epub) -> String {
    book.chapters()
        .iter()
        .map(|(_, doc)| common::collapse(&doc.text()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The most words a reader meets in a body paragraph between two breaks
/// (the paragraph's ends or a line break).
fn longest_run(book: &Epub) -> usize {
    fn runs(element: &common::Element, current: &mut usize, longest: &mut usize) {
        for child in &element.children {
            match child {
                common::Node::Text(t) => *current += t.split_whitespace().count(),
                common::Node::Element(e) if e.name == "br" => {
                    *longest = (*longest).max(*current);
                    *current = 0;
                }
                common::Node::Element(e) => runs(e, current, longest),
            }
        }
    }
    let mut longest = 0;
    for (_, doc) in book.chapters() {
        for p in doc.find_all("p") {
            let mut current = 0;
            runs(p, &mut current, &mut longest);
            longest = longest.max(current);
        }
    }
    longest
}

/// The text of the heading a link of the chapters (by its text) leads to:
/// the element its fragment names, or the chapter's own heading.
fn link_target(book: &Epub, text: &str) -> Option<String> {
    for (name, doc) in book.chapters() {
        for link in doc.find_all("a") {
            if common::collapse(&link.text()) != text {
                continue;
            }
            let (file, fragment) = common::resolve(&name, link.attr("href")?);
            let target = book.document(&file);
            let element = match fragment {
                Some(id) => target
                    .descendants()
                    .into_iter()
                    .find(|e| e.attr("id") == Some(id.as_str()))?
                    .clone(),
                None => (*target.find_all("h2").first()?).clone(),
            };
            return Some(common::collapse(&element.text()));
        }
    }
    None
}

#[test]
fn every_export_class_gives_the_book_its_facts() {
    let out = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let source = case.join("source.md");
        let text_in = fs::read_to_string(&source).unwrap();
        let content = quire::source::read(&text_in);
        let output = quire(
            &case,
            &[
                "build",
                "source.md",
                "-o",
                out.path().join(&name).to_str().unwrap(),
            ],
        );
        let said = text(&output);
        assert!(output.status.success(), "{name}: {said}");
        let epub_path = out.path().join(&name).join("source.epub");
        let book = Epub::open(&epub_path);
        books.push(epub_path);
        let body = body_text(&book);
        let explanation = content.explanation.join("\n");
        let mut fail = |what: String| failures.push(format!("{name}: {what}"));
        for (key, value) in facts(&case) {
            match key.as_str() {
                "kind" => {
                    let kind = match content.kind {
                        Some(SourceKind::PageExport) => "page export",
                        _ => "markdown",
                    };
                    if kind != value {
                        fail(format!("read as {kind}, not {value}"));
                    }
                }
                "layout" => {
                    let booklet_said = value.starts_with("booklet")
                        && explanation.contains(&format!("un-imposed from a {value}"));
                    if !booklet_said && !explanation.contains(&format!("reading order ({value})")) {
                        fail(format!("layout is not {value}:\n{explanation}"));
                    }
                }
                "opens" => {
                    let first = book
                        .body_paragraphs()
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    if !first.starts_with(&value) {
                        fail(format!("the first paragraph is {first:?}"));
                    }
                }
                "sequence" => {
                    let mut from = 0;
                    for part in value.split(" | ") {
                        match body[from..].find(part) {
                            Some(at) => from += at + part.len(),
                            None => fail(format!("{part:?} missing or out of order")),
                        }
                    }
                }
                "notes" => {
                    let refs: usize = book
                        .chapters()
                        .iter()
                        .map(|(_, doc)| {
                            doc.descendants()
                                .into_iter()
                                .filter(|e| e.has_type("noteref"))
                                .count()
                        })
                        .sum();
                    let notes = content.notes.len();
                    if refs.to_string() != value || notes.to_string() != value {
                        fail(format!(
                            "{refs} note references and {notes} notes, not {value}"
                        ));
                    }
                }
                "kept" => {
                    // Anywhere in the book: title page, chapters, notes or colophon.
                    let whole = book
                        .spine()
                        .iter()
                        .map(|name| common::collapse(&book.document(name).text()))
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !whole.contains(&value) {
                        fail(format!("the book lost {value:?}"));
                    }
                }
                "authors" => {
                    let authors = book.metadata("dc:creator").join("; ");
                    if authors != value {
                        fail(format!("authors {authors:?}, not {value:?}"));
                    }
                }
                "title" => {
                    let title = book
                        .metadata("dc:title")
                        .first()
                        .cloned()
                        .unwrap_or_default();
                    if title != value {
                        fail(format!("title {title:?}, not {value:?}"));
                    }
                }
                "language" => {
                    let language = book.metadata("dc:language").join("; ");
                    if language != value {
                        fail(format!("language {language:?}, not {value:?}"));
                    }
                }
                "no heading" => {
                    let headings = book.section_headings();
                    if headings.iter().any(|h| h.contains(&value)) {
                        fail(format!("a section heading shows {value:?}: {headings:?}"));
                    }
                }
                "no text" => {
                    if body.contains(&value) {
                        fail(format!("body shows {value:?}"));
                    }
                }
                "page labels" => {
                    let labels: Vec<&str> = content
                        .page_labels
                        .iter()
                        .map(|(l, _)| l.as_str())
                        .collect();
                    if labels.join(", ") != value {
                        fail(format!("page labels {labels:?}, not {value}"));
                    }
                }
                "warning" => {
                    if !said.contains(&value) {
                        fail(format!("no warning {value:?} in {said}"));
                    }
                }
                "no warning" => {
                    if said.contains(&value) {
                        fail(format!("warning {value:?} in {said}"));
                    }
                }
                "paragraph" => {
                    let paragraphs = book.body_paragraphs();
                    if !paragraphs.iter().any(|p| p.starts_with(&value)) {
                        fail(format!("no paragraph opens with {value:?}: {paragraphs:?}"));
                    }
                }
                "longest run" => {
                    let most: usize = value
                        .trim_end_matches(" words")
                        .parse()
                        .expect("`longest run: N words`");
                    let longest = longest_run(&book);
                    if longest > most {
                        fail(format!(
                            "a paragraph runs {longest} words without a break, more than {most}"
                        ));
                    }
                }
                "preformatted" => {
                    let pres: usize = book
                        .chapters()
                        .iter()
                        .map(|(_, doc)| doc.find_all("pre").len())
                        .sum();
                    if pres.to_string() != value {
                        fail(format!("{pres} preformatted blocks, not {value}"));
                    }
                }
                "figures" => {
                    let images: usize = book
                        .chapters()
                        .iter()
                        .map(|(_, doc)| doc.find_all("img").len())
                        .sum();
                    if images.to_string() != value {
                        fail(format!("{images} figures, not {value}"));
                    }
                }
                "contents" => {
                    let outline: Vec<String> = book
                        .toc_outline()
                        .into_iter()
                        .map(|(depth, label)| format!("{}{label}", "> ".repeat(depth)))
                        .collect();
                    if outline.join(" | ") != value {
                        fail(format!("contents {outline:?}, not {value}"));
                    }
                }
                "link" => {
                    let (text, heading) =
                        value.split_once(" -> ").expect("`link: TEXT -> HEADING`");
                    match link_target(&book, text) {
                        Some(target) if target == heading => {}
                        other => fail(format!(
                            "the link {text:?} leads to {other:?}, not {heading:?}"
                        )),
                    }
                }
                "page list" => {
                    let claimed = book
                        .meta_property("schema:accessibilityFeature")
                        .iter()
                        .any(|f| f == "pageNavigation");
                    let shown = match book.page_list() {
                        None if !claimed => "none".to_string(),
                        None => "none, but claimed".to_string(),
                        Some(labels) => labels.join(", "),
                    };
                    if shown != value {
                        fail(format!("page list {shown}, not {value}"));
                    }
                }
                other => panic!("{name}: unknown fact {other}"),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_epubcheck_clean(&books);
}

#[test]
fn explain_snapshots_match() {
    let update = std::env::var_os("QUIRE_UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for case in cases() {
        let text_in = fs::read_to_string(case.join("source.md")).unwrap();
        let assembled =
            quire::pipeline::from_text(&text_in, Path::new("source.md"), &Default::default());
        let mut said = assembled.explanation.join("\n");
        said.push('\n');
        for warning in &assembled.warnings {
            said.push_str(&format!("warning: {warning}\n"));
        }
        let snapshot = case.join("explain.txt");
        if update {
            fs::write(&snapshot, &said).unwrap();
        } else if fs::read_to_string(&snapshot).ok().as_deref() != Some(said.as_str()) {
            stale.push(format!(
                "{}:\n{said}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "--explain changed (QUIRE_UPDATE_SNAPSHOTS=1 rewrites the snapshots):\n{}",
        stale.join("\n")
    );
}
