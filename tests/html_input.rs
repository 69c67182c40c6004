//! Saved web pages read as the articles they hold: ten pages written as ten
//! content systems write them (WordPress, Substack, Ghost, Medium, Drupal,
//! Word's "Save as HTML", pandoc, Jekyll, a news site, hand-written XHTML),
//! each built beside its Markdown twin (`NAME.twin.md`, so that a folder
//! build names the two books apart). A reader must find the same words in
//! the same order, the same headings, the same notes linked both ways, the
//! same title, author and language, and none of the site around the article.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The fixtures: each page and its Markdown twin.
const PAGES: [&str; 10] = [
    "wordpress-walking.html",
    "substack-letters.html",
    "ghost-bridges.html",
    "medium-kitchens.html",
    "drupal-archives.html",
    "word-orchard.htm",
    "pandoc-maps.html",
    "jekyll-bees.html",
    "news-harbour.html",
    "xhtml-silence.xhtml",
];

/// Words a site puts around an article; none of them is in the articles.
const CHROME_WORDS: [&str; 9] = [
    "Subscribe",
    "Share",
    "Related posts",
    "cookies",
    "Advertisement",
    "Leave a Reply",
    "Sign up",
    "Most read",
    "min read",
];

fn fixture(name: &str) -> String {
    format!("tests/fixtures/html/{name}")
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// The pages' books and the twins' books, built once: (pages, twins).
fn books() -> &'static (PathBuf, PathBuf) {
    static BOOKS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let pages: Vec<String> = PAGES.iter().map(|p| fixture(p)).collect();
        let mut args = vec!["build"];
        args.extend(pages.iter().map(String::as_str));
        let (page_books, output) = build_into_temp(&args);
        assert!(output.status.success(), "{}", text(&output));
        let twins: Vec<String> = PAGES
            .iter()
            .map(|p| fixture(&format!("{}.twin.md", stem(p))))
            .collect();
        let mut args = vec!["build"];
        args.extend(twins.iter().map(String::as_str));
        let (twin_books, output) = build_into_temp(&args);
        assert!(output.status.success(), "{}", text(&output));
        (page_books, twin_books)
    })
}

fn pair(page: &str) -> (Epub, Epub) {
    let (pages, twins) = books();
    (
        Epub::open(&pages.join(format!("{}.epub", stem(page)))),
        Epub::open(&twins.join(format!("{}.twin.epub", stem(page)))),
    )
}

/// The words of the chapters, markup stripped, in reading order.
fn chapter_words(book: &Epub) -> Vec<String> {
    book.chapters()
        .iter()
        .flat_map(|(_, doc)| {
            doc.find_all("body")
                .iter()
                .map(|b| b.text())
                .collect::<Vec<_>>()
        })
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Every word of every document of the book, markup stripped.
fn all_text(book: &Epub) -> String {
    book.spine()
        .iter()
        .map(|name| collapse(&book.document(name).text()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each note marker of the chapters as (its document, its id, where it points).
fn markers(book: &Epub) -> Vec<(String, String, String)> {
    book.chapters()
        .iter()
        .flat_map(|(name, doc)| {
            doc.find_all("a")
                .into_iter()
                .filter(|a| a.has_type("noteref"))
                .map(|a| {
                    (
                        name.clone(),
                        a.attr("id").unwrap_or("").to_string(),
                        a.attr("href").unwrap_or("").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The notes' texts, in order.
fn note_texts(book: &Epub) -> Vec<String> {
    book.spine()
        .iter()
        .flat_map(|name| {
            book.document(name)
                .descendants()
                .into_iter()
                .filter(|e| e.has_type("endnote") || e.has_type("footnote"))
                .map(|e| collapse(&e.text()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn each_page_reads_as_its_markdown_twin() {
    for page in PAGES {
        let (html, markdown) = pair(page);
        let words = chapter_words(&html);
        assert!(words.len() > 80, "{page}: {} words", words.len());
        assert_eq!(words, chapter_words(&markdown), "{page}: the words differ");
        let headings = html.section_headings();
        assert_eq!(headings.len(), 2, "{page}: {headings:?}");
        assert_eq!(headings, markdown.section_headings(), "{page}");
        assert_eq!(note_texts(&html).len(), 2, "{page}");
        assert_eq!(note_texts(&html), note_texts(&markdown), "{page}");
        for name in ["dc:title", "dc:creator", "dc:language", "dc:date"] {
            assert_eq!(
                html.metadata(name),
                markdown.metadata(name),
                "{page}: {name}"
            );
        }
        assert_ne!(html.metadata("dc:title"), [stem(page).replace('-', " ")]);
    }
}

#[test]
fn notes_are_linked_both_ways() {
    for page in PAGES {
        let (html, _) = pair(page);
        let found = markers(&html);
        assert_eq!(found.len(), 2, "{page}: {found:?}");
        for (from, id, href) in found {
            let (document, target) = resolve(&from, &href);
            let target = target.expect("a marker points at a note");
            let doc = html.document(&document);
            let note = doc
                .descendants()
                .into_iter()
                .find(|e| e.attr("id") == Some(target.as_str()))
                .unwrap_or_else(|| panic!("{page}: no note #{target}"));
            let back = note.find_all("a").into_iter().any(|a| {
                a.attr("href")
                    .map(|h| resolve(&document, h))
                    .is_some_and(|(d, t)| d == from && t.as_deref() == Some(id.as_str()))
            });
            assert!(back, "{page}: note #{target} does not lead back to #{id}");
        }
    }
}

#[test]
fn no_site_chrome_reaches_the_book() {
    for page in PAGES {
        let (html, _) = pair(page);
        let text = all_text(&html);
        for word in CHROME_WORDS {
            assert!(!text.contains(word), "{page}: \"{word}\" in the book");
        }
    }
}

#[test]
fn the_books_of_pages_pass_epubcheck() {
    let (pages, _) = books();
    let books: Vec<PathBuf> = PAGES
        .iter()
        .map(|p| pages.join(format!("{}.epub", stem(p))))
        .collect();
    assert_epubcheck_clean(&books);
}

#[test]
fn explain_says_what_was_recognised_and_left_out() {
    let (_, output) = build_into_temp(&["build", "--explain", &fixture("news-harbour.html")]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    for line in [
        "recognised HTML",
        "the article is <article class=\"story\"",
        "left out <div class=\"share-bar\">",
        "left out <aside class=\"inline-promo\">",
        "left out <div class=\"newsletter-signup\">",
        "byline <div class=\"story-byline\">",
        "HTML notes: 2 markers pointing at 2 notes",
        "HTML author Daniel Moreau read from <meta name=\"author\">",
    ] {
        assert!(said.contains(line), "no \"{line}\" in:\n{said}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_markdown_file_is_html_only_when_it_opens_as_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "page.md",
        "\u{feff}\n<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Le titre</title></head>\n<body><p>Un <em>texte</em> assez court.</p></body></html>\n",
    );
    let essay = write(
        dir.path(),
        "essay.md",
        "# An essay\n\n<div>Raw HTML in Markdown stays Markdown's business.</div>\n\nA *paragraph*.\n",
    );
    let out = dir.path().join("out");
    let output = quire(
        dir.path(),
        &[
            "build",
            page.to_str().unwrap(),
            essay.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    let page = Epub::open(&out.join("page.epub"));
    assert_eq!(page.metadata("dc:title"), ["Le titre"]);
    assert_eq!(page.metadata("dc:language"), ["fr"]);
    assert_eq!(page.body_paragraphs(), ["Un texte assez court."]);
    let essay = Epub::open(&out.join("essay.epub"));
    assert_eq!(essay.metadata("dc:title"), ["An essay"]);
}

#[test]
fn markdown_syntax_in_a_page_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "literal.html",
        "<!DOCTYPE html><html lang=\"en\"><body><article><h1>Literal</h1>\
         <p>1. This is no list, *this* no emphasis, [this] no link, &lt;b&gt; no tag, a\\b one backslash.</p>\
         <p># Nor is this a heading<br>- nor this an item</p>\
         <ol start=\"4\"><li>four</li><li>five<ul><li>inner</li></ul></li></ol>\
         <pre><code>let x = *y;</code></pre></article></body></html>",
    );
    let out = dir.path().join("out");
    let output = quire(
        dir.path(),
        &["build", page.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", text(&output));
    let book = Epub::open(&out.join("literal.epub"));
    let paragraphs = book.body_paragraphs();
    assert_eq!(
        paragraphs[..2],
        [
            "1. This is no list, *this* no emphasis, [this] no link, <b> no tag, a\\b one backslash.",
            "# Nor is this a heading - nor this an item",
        ]
    );
    let (_, chapter) = &book.chapters()[0];
    let list = chapter.find_all("ol");
    assert_eq!(list[0].attr("start"), Some("4"));
    assert_eq!(chapter.find_all("ul").len(), 1, "the inner list is nested");
    assert!(collapse(&chapter.find_all("pre")[0].text()).contains("let x = *y;"));
}

#[test]
fn a_hostile_page_nested_deep_is_read_as_text_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let deep_divs = format!(
        "<!DOCTYPE html><html><body>{}Deep words here.{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let deep_emphasis = format!(
        "<!DOCTYPE html><html><body><p>{}Emphatic words.{}</p></body></html>",
        "<em>".repeat(3_000),
        "</em>".repeat(3_000)
    );
    let a = write(dir.path(), "divs.html", &deep_divs);
    let b = write(dir.path(), "emphasis.html", &deep_emphasis);
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let output = quire(
        dir.path(),
        &[
            "build",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let divs = Epub::open(&out.join("divs.epub"));
    assert_eq!(divs.body_paragraphs(), ["Deep words here."]);
    let emphasis = Epub::open(&out.join("emphasis.epub"));
    assert_eq!(emphasis.body_paragraphs(), ["Emphatic words."]);
}
