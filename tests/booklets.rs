//! Imposed booklets made from in-order exports read back in order, and the
//! in-order exports themselves are never reordered. Uses the generator in
//! `tests/booklet/`; `cargo run --example impose_booklets` prints the same
//! figures for the real documents in `../shared/corpus` as well.

mod booklet;

use std::fs;

use common::repo;

mod common;

/// In-order exports of this project's own fixtures, with their page boundaries.
const IN_ORDER: [&str; 11] = [
    "tests/fixtures/exports/book-notes-per-chapter/source.md",
    "tests/fixtures/exports/in-order-running-heads/source.md",
    "tests/fixtures/library/lamplighters-in-order.md",
    "tests/fixtures/booklets/allotment-wars.md",
    "tests/fixtures/booklets/canal-strike.md",
    "tests/fixtures/booklets/co-op-bakery.md",
    "tests/fixtures/booklets/cycling-club.md",
    "tests/fixtures/booklets/lending-library.md",
    "tests/fixtures/booklets/printers-union.md",
    "tests/fixtures/booklets/seed-exchange.md",
    "tests/fixtures/booklets/water-dispute.md",
];

/// The in-order exports are never reordered. How many of their booklets
/// are restored is reported by the example, not asserted here: a booklet
/// whose moved pages carry no evidence is rightly left as exported.
#[test]
fn in_order_fixtures_stay_in_order_once_their_page_numbers_are_stripped() {
    for path in IN_ORDER {
        let text = fs::read_to_string(repo().join(path)).unwrap();
        let trial = booklet::trial(path, &text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert!(trial.in_order_kept, "{trial:?}");
    }
}

/// Booklets whose pages carry numbers quire can weigh (notes numbered
/// through the text or per chapter, a Contents page) come back in reading
/// order, their colophon at the end as in the in-order export.
#[test]
fn booklets_with_notes_or_contents_are_restored() {
    for path in [
        // Notes restarting at 1 in every chapter.
        "tests/fixtures/exports/book-notes-per-chapter/source.md",
        // A Contents page, and a colophon printed on the last page.
        "tests/fixtures/library/lamplighters-in-order.md",
        // Pages without notes whose text carries on a sentence another page began.
        "tests/fixtures/exports/in-order-running-heads/source.md",
        // A 10-page pamphlet whose last page, with no notes, is exported
        // before a page that opens with a section the Contents page lists.
        "tests/fixtures/booklets/canal-strike.md",
        // 15 pages with numbered sections; 7 pages, few of them with notes;
        // 18 pages with notes restarting in every section.
        "tests/fixtures/booklets/lending-library.md",
        "tests/fixtures/booklets/seed-exchange.md",
        "tests/fixtures/booklets/water-dispute.md",
        // 12 and 27 pages whose colophon, exported beside the Contents page,
        // runs into the next page's text; the in-order colophon shares the last page.
        "tests/fixtures/booklets/co-op-bakery.md",
        "tests/fixtures/booklets/cycling-club.md",
        // A page without notes that stops mid-sentence, exported before a
        // page that opens a new paragraph: 22 pages, and 8 with a title page
        // that is not the first page exported.
        "tests/fixtures/booklets/printers-union.md",
        "tests/fixtures/booklets/allotment-wars.md",
    ] {
        let text = fs::read_to_string(repo().join(path)).unwrap();
        let trial = booklet::trial(path, &text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert!(trial.restored, "{trial:?}");
    }
}

#[test]
fn the_generator_strips_page_numbers_and_imposes_sheet_by_sheet() {
    let text = "First page text.\n\n1 of 5\n\nSecond.\n\n2 of 5\n\nThird.\n\n3 of 5\n\nFourth.\n\n4 of 5\n\nFifth.\n\n5 of 5\n";
    let pages = booklet::pages(text);
    assert_eq!(
        pages,
        ["First page text.", "Second.", "Third.", "Fourth.", "Fifth."]
    );
    // An 8-page booklet 8,1 | 2,7 | 6,3 | 4,5 with pages 6-8 blank.
    assert_eq!(
        booklet::impose(&pages),
        "First page text.\n\nSecond.\n\nThird.\n\nFourth.\n\nFifth.\n"
    );
    let seven: Vec<String> = (1..=7).map(|p| format!("P{p}.")).collect();
    assert_eq!(
        booklet::impose(&seven),
        "P1.\n\nP2.\n\nP7.\n\nP6.\n\nP3.\n\nP4.\n\nP5.\n"
    );
}

/// A paragraph that stops mid-sentence in an export kept in its order is
/// left as it is: not joined to the next, which starts afresh.
#[test]
fn an_in_order_paragraph_that_stops_mid_sentence_stays_apart() {
    let path = "tests/fixtures/exports/in-order-paragraph-stops-mid-sentence/source.md";
    let text = fs::read_to_string(repo().join(path)).unwrap();
    let (read, kept) = booklet::read(&text, None);
    assert!(kept);
    assert!(
        read.contains("was told that the\nThe manager would not see anyone"),
        "{read}"
    );
}

/// Text running longer than a printed page between two page ends the export
/// shows hides page ends, so no booklet is made from it; a rule left between
/// a page's foot and the next page heading is no page.
#[test]
fn the_generator_imposes_only_exports_whose_pages_are_all_marked() {
    let long = "word ".repeat(booklet::MAX_PAGE_WORDS + 1);
    let text =
        format!("First page.\n\n1 of 4\n\n{long}\n\n2 of 4\n\nThird.\n\n3 of 4\n\nFourth.\n");
    assert_eq!(
        booklet::trial("long", &text).unwrap_err(),
        booklet::NotImposed::PagesNotAllMarked {
            words: booklet::MAX_PAGE_WORDS + 1,
            in_order_kept: true
        }
    );
    let marked = "## Page 1\n\nOne.\n\n---\n\n## Page 2\n\nTwo.\n\n---\n\n## Page 3\n\nThree.\n";
    assert_eq!(booklet::pages(marked), ["One.", "Two.", "Three."]);
}
