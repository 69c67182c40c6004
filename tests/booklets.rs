//! Imposed booklets made from in-order exports read back in order, and the
//! in-order exports themselves are never reordered. Uses the generator in
//! `tests/booklet/`; `cargo run --example impose_booklets` prints the same
//! figures for the real documents in `../shared/corpus` as well.

mod booklet;

use std::fs;

use common::repo;

mod common;

/// In-order exports of this project's own fixtures, with their page boundaries.
const IN_ORDER: [&str; 10] = [
    "tests/fixtures/exports/book-notes-per-chapter/source.md",
    "tests/fixtures/exports/in-order-running-heads/source.md",
    "tests/fixtures/library/lamplighters-in-order.md",
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
        let trial = booklet::trial(path, &text).unwrap_or_else(|| panic!("{path}: too few pages"));
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
    ] {
        let text = fs::read_to_string(repo().join(path)).unwrap();
        let trial = booklet::trial(path, &text).unwrap_or_else(|| panic!("{path}: too few pages"));
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
