use super::*;

fn body(notes: &[u32], start: Start, end: End) -> PageEvidence {
    PageEvidence {
        role: Role::Body,
        notes: notes.to_vec(),
        anchor: None,
        start,
        end,
        printed_number: None,
        section: None,
        joined: false,
    }
}

#[test]
fn imposition_of_a_sixteen_page_booklet() {
    assert_eq!(
        imposition(16),
        [16, 1, 2, 15, 14, 3, 4, 13, 12, 5, 6, 11, 10, 7, 8, 9]
    );
    assert_eq!(imposition(4), [4, 1, 2, 3]);
}

#[test]
fn pages_in_order_stay_in_order() {
    let pages: Vec<PageEvidence> = (0..5u32)
        .map(|i| body(&[i * 2 + 1, i * 2 + 2], Start::Continuation, End::Open))
        .collect();
    let order = restore(&pages);
    assert_eq!(order.layout, Layout::AsExported);
    assert_eq!(order.body, [0, 1, 2, 3, 4]);
}

#[test]
fn an_eight_page_booklet_with_no_blanks_is_unimposed() {
    // Printed page p carries note p; exported in the order 8,1 | 2,7 | 6,3 | 4,5.
    let exported = imposition(8);
    let runs_on = |p: u32| {
        let start = if p == 1 {
            Start::Fresh
        } else {
            Start::Continuation
        };
        let end = if p == 8 { End::Closed } else { End::Open };
        (start, end)
    };
    let pages: Vec<PageEvidence> = exported
        .iter()
        .map(|&p| body(&[p], runs_on(p).0, runs_on(p).1))
        .collect();
    let order = restore(&pages);
    assert_eq!(
        order.layout,
        Layout::Booklet {
            pages: 8,
            blank: vec![]
        }
    );
    let reading: Vec<u32> = order.body.iter().map(|&i| exported[i]).collect();
    assert_eq!(reading, [1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn contents_page_numbers_place_pages_without_notes() {
    // A 12-page booklet whose printed pages 4..=11 have no notes; the
    // Contents page says which printed page sections start on.
    let exported = imposition(12);
    let pages: Vec<PageEvidence> = exported
        .iter()
        .map(|&p| PageEvidence {
            anchor: (p % 2 == 0).then_some(p),
            ..body(
                &[],
                if p == 1 {
                    Start::Fresh
                } else {
                    Start::Continuation
                },
                if p == 12 { End::Closed } else { End::Open },
            )
        })
        .collect();
    let order = restore(&pages);
    assert_eq!(
        order.layout,
        Layout::Booklet {
            pages: 12,
            blank: vec![]
        }
    );
    let reading: Vec<u32> = order.body.iter().map(|&i| exported[i]).collect();
    assert_eq!(reading, (1..=12).collect::<Vec<_>>());
}

#[test]
fn running_sentences_alone_keep_the_file_order_and_suggest_the_booklet() {
    // Text continuity alone: an imposed 4-page booklet 4,1 | 2,3 whose
    // pages run on mid-sentence only in reading order.
    let pages = vec![
        body(&[], Start::Continuation, End::Closed), // 4
        body(&[], Start::Fresh, End::Open),          // 1
        body(&[], Start::Continuation, End::Open),   // 2
        body(&[], Start::Continuation, End::Open),   // 3
    ];
    let order = restore(&pages);
    assert_eq!(order.layout, Layout::AsExported);
    assert_eq!(order.body, [0, 1, 2, 3]);
    assert!(order.suggest_booklet);
    let asked = restore_with(&pages, OrderChoice::Booklet);
    assert_eq!(asked.body, [1, 2, 3, 0]);
}

#[test]
fn note_numbers_alone_do_not_reorder() {
    let exported = imposition(8);
    let pages: Vec<PageEvidence> = exported
        .iter()
        .map(|&p| body(&[p], Start::Fresh, End::Closed))
        .collect();
    assert_eq!(restore(&pages).layout, Layout::AsExported);
}

#[test]
fn printed_page_numbers_in_file_order_forbid_a_reordering() {
    // Notes and sentences would fit an 8-page booklet, but the pages carry
    // their printed numbers, rising as exported.
    let exported = imposition(8);
    let pages: Vec<PageEvidence> = exported
        .iter()
        .enumerate()
        .map(|(i, &p)| PageEvidence {
            printed_number: Some(i as u32 + 1),
            ..body(&[p], Start::Fresh, End::Closed)
        })
        .collect();
    let order = restore(&pages);
    assert_eq!(order.layout, Layout::AsExported);
}

#[test]
fn notes_restarting_per_chapter_do_not_reorder() {
    // Two chapters, notes 1-2 in each, in reading order as exported.
    let pages = vec![
        body(&[1], Start::Fresh, End::Open),
        body(&[2], Start::Continuation, End::Closed),
        body(&[1], Start::Heading, End::Open),
        body(&[2], Start::Continuation, End::Closed),
    ];
    let order = restore(&pages);
    assert_eq!(order.layout, Layout::AsExported);
    assert_eq!(order.body, [0, 1, 2, 3]);
}

#[test]
fn the_order_key_parses() {
    assert_eq!(OrderChoice::parse("as-file"), Some(OrderChoice::AsFile));
    assert_eq!(
        OrderChoice::parse(" \"booklet\""),
        Some(OrderChoice::Booklet)
    );
    assert_eq!(OrderChoice::parse("shuffle"), None);
    assert_eq!(
        OrderChoice::from_yaml_block("---\ntitle: T\norder: booklet\n---\n\nText"),
        Some(OrderChoice::Booklet)
    );
    assert_eq!(OrderChoice::from_yaml_block("order: booklet\n"), None);
}

/// Page sets built to make the booklet search work hard: many pages, no
/// notes, no page numbers, starts and ends drawn from a few kinds so that many
/// orders score alike, and some title pages and joined pages, which each open
/// more than one way to go on.
fn adversarial_pages() -> impl proptest::strategy::Strategy<Value = Vec<PageEvidence>> {
    use proptest::prelude::*;
    let page = (0u8..20, 0u8..3, 0u8..3).prop_map(|(kind, start, end)| PageEvidence {
        role: if kind == 0 { Role::Matter } else { Role::Body },
        joined: kind == 1,
        start: [Start::Continuation, Start::Fresh, Start::Heading][start as usize],
        end: [End::Open, End::Closed, End::Hyphen][end as usize],
        ..body(&[], Start::Fresh, End::Closed)
    });
    proptest::collection::vec(page, 50..=120)
}

/// The booklet sizes the decision tries for these pages.
fn sizes_tried(pages: &[PageEvidence]) -> Vec<usize> {
    let min_slots = pages.iter().filter(|p| !p.joined).count();
    let first = min_slots.div_ceil(4).max(1) * 4;
    (first..=min_slots + booklet::MAX_BLANKS + 3)
        .step_by(4)
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// However the pages look, one booklet size's search takes no more steps
    /// than its budget, a fixed number per page.
    #[test]
    fn the_booklet_search_keeps_within_its_step_budget(pages in adversarial_pages()) {
        for n in sizes_tried(&pages) {
            let outcome = booklet::fit_booklet(&pages, n, false);
            proptest::prop_assert!(outcome.steps <= booklet::step_budget(pages.len()));
            proptest::prop_assert!(outcome.steps > 0);
        }
    }

    /// Body pages alone, however alike, are searched to the end within (slots + 1) ×
    /// (blank pages + 1)² steps, far below the budget: a blank page inside the
    /// text is pruned when it is left, not at the end of every placement that
    /// follows it.
    #[test]
    fn body_pages_alone_are_searched_to_the_end(pages in adversarial_pages()) {
        let pages: Vec<PageEvidence> = pages
            .into_iter()
            .map(|p| PageEvidence { role: Role::Body, joined: false, ..p })
            .collect();
        for n in sizes_tried(&pages) {
            let outcome = booklet::fit_booklet(&pages, n, false);
            proptest::prop_assert!(!outcome.exhausted);
            let blanks = n - pages.len();
            proptest::prop_assert!(
                outcome.steps <= (n + 1) * (blanks + 1) * (blanks + 1),
                "{} steps for {} pages on {} slots", outcome.steps, pages.len(), n
            );
        }
    }
}
