//! Restores the reading order of the pages of a page-by-page export.
//!
//! A booklet printed for saddle stitching is exported sheet by sheet: for a
//! 16-page booklet, 16,1 | 2,15 | 14,3 | 4,13 | ... Blank pages leave no trace
//! in the export, and a title page and colophon printed side by side can come
//! out as one run of lines. So the order is found, not assumed: each layout
//! (pages as exported, or a booklet of N pages for every plausible N) is fitted
//! to the pages found, and a fit must agree with the evidence the pages carry:
//! note numbers rise through the text, and a section listed on the Contents
//! page as starting on page p is printed on page p. Among fits that agree,
//! sentences running on across page breaks decide.

/// How a page's text begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Lowercase, or punctuation that continues a sentence.
    Continuation,
    /// A capital letter, a quote, a number.
    Fresh,
    Heading,
    Empty,
}

/// How a page's text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Mid-sentence.
    Open,
    /// A word broken by a hyphen.
    Hyphen,
    Closed,
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// Title page or colophon: may fill one or two printed pages.
    Matter,
    Contents,
}

/// What one exported page tells about where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub role: Role,
    /// Numbers of the notes at the page's foot.
    pub notes: Vec<u32>,
    /// The printed page number a Contents entry gives for a section on this page.
    pub anchor: Option<u32>,
    pub start: Start,
    pub end: End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Pages are already in reading order.
    AsExported,
    /// A saddle-stitched booklet of `pages` printed pages, exported sheet by sheet.
    Booklet { pages: u32, blank: Vec<u32> },
    /// No layout fits; pages that carry notes are ordered by their numbers.
    ByNotes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub layout: Layout,
    /// Indices of the body pages, in reading order.
    pub body: Vec<usize>,
    /// The printed page number each exported page was given, where known.
    pub printed: Vec<Option<u32>>,
    /// Why this order: one sentence per piece of evidence.
    pub reasons: Vec<String>,
}

/// Largest booklet tried: saddle-stitched booklets rarely pass 100 pages,
/// and the search for a fit grows with the page count.
const MAX_BOOKLET_PAGES: usize = 128;
/// Largest number of blank pages a booklet is assumed to have.
const MAX_BLANKS: usize = 8;
/// Search steps allowed per booklet size before that size is given up.
const STEP_BUDGET: usize = 2_000_000;

pub fn restore(pages: &[Page]) -> Order {
    let body: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Body)
        .collect();
    let anchors = pages.iter().filter(|p| p.anchor.is_some()).count();
    let noted = pages
        .iter()
        .filter(|p| p.role == Role::Body && !p.notes.is_empty())
        .count();

    let mut candidates: Vec<(Layout, Vec<usize>, Vec<Option<u32>>)> = Vec::new();
    for use_anchors in [true, false] {
        if !use_anchors && (anchors == 0 || !candidates.is_empty()) {
            break;
        }
        if as_exported_fits(pages, &body, use_anchors) {
            let printed = if use_anchors {
                printed_as_exported(pages)
            } else {
                vec![None; pages.len()]
            };
            candidates.push((Layout::AsExported, body.clone(), printed));
        }
        let min_slots = pages.len();
        if min_slots > MAX_BOOKLET_PAGES {
            continue; // far past what saddle stitching can bind
        }
        let first = min_slots.div_ceil(4).max(1) * 4;
        for n in (first..=min_slots + MAX_BLANKS + 3).step_by(4) {
            if let Some((order, printed, blank)) = fit_booklet(pages, n, use_anchors) {
                candidates.push((
                    Layout::Booklet {
                        pages: n as u32,
                        blank,
                    },
                    order,
                    printed,
                ));
            }
        }
    }

    let best = candidates
        .into_iter()
        .enumerate()
        // Higher continuity wins; on a tie the earlier candidate (as exported, then the smaller booklet).
        .max_by_key(|(i, (_, order, _))| (continuity(pages, order), std::cmp::Reverse(*i)))
        .map(|(_, c)| c);

    let (layout, order, printed) = match best {
        Some(best) => best,
        None => (
            Layout::ByNotes,
            order_by_notes(pages, &body),
            vec![None; pages.len()],
        ),
    };
    let reasons = explain(pages, &layout, &order, &printed, noted, anchors);
    Order {
        layout,
        body: order,
        printed,
        reasons,
    }
}

/// Pages in export order agree with the notes and the Contents page.
fn as_exported_fits(pages: &[Page], body: &[usize], use_anchors: bool) -> bool {
    notes_ascend(pages, body) && (!use_anchors || anchors_fit_in_order(pages, body))
}

fn notes_ascend(pages: &[Page], order: &[usize]) -> bool {
    let mut last = 0;
    for &i in order {
        let notes = &pages[i].notes;
        if let (Some(&first), Some(&end)) = (notes.first(), notes.last()) {
            if first <= last {
                return false;
            }
            last = end;
        }
    }
    true
}

/// Anchored pages must rise, leaving room for the pages between them.
fn anchors_fit_in_order(pages: &[Page], body: &[usize]) -> bool {
    let mut previous: Option<(usize, u32)> = None;
    for (position, &i) in body.iter().enumerate() {
        if let Some(page) = pages[i].anchor {
            if let Some((p, q)) = previous {
                if page < q + (position - p) as u32 {
                    return false;
                }
            }
            previous = Some((position, page));
        }
    }
    true
}

fn printed_as_exported(pages: &[Page]) -> Vec<Option<u32>> {
    // Printed numbers are only known relative to an anchor.
    let Some((at, page)) = pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| p.anchor.map(|a| (i, a)))
    else {
        return vec![None; pages.len()];
    };
    (0..pages.len())
        .map(|i| {
            (page as i64 + i as i64 - at as i64)
                .try_into()
                .ok()
                .filter(|&p: &u32| p > 0)
        })
        .collect()
}

/// The printed page on each slot of an exported booklet of `n` pages.
pub fn imposition(n: usize) -> Vec<u32> {
    let n = n as u32;
    (0..n / 4)
        .flat_map(|i| [n - 2 * i, 2 * i + 1, 2 * i + 2, n - 2 * i - 1])
        .collect()
}

struct Search<'a> {
    pages: &'a [Page],
    slots: Vec<u32>,
    use_anchors: bool,
    assigned: Vec<Option<u32>>,
    /// A second printed page covered by a title page and colophon exported as one.
    second: Vec<Option<u32>>,
    steps: usize,
    best: Option<((i64, usize), Vec<usize>, Vec<Option<u32>>, Vec<u32>)>,
}

/// The best way to lay the exported pages onto a booklet of `n` pages, leaving
/// some pages blank, that agrees with the evidence.
fn fit_booklet(
    pages: &[Page],
    n: usize,
    use_anchors: bool,
) -> Option<(Vec<usize>, Vec<Option<u32>>, Vec<u32>)> {
    let mut search = Search {
        pages,
        slots: imposition(n),
        use_anchors,
        assigned: vec![None; pages.len()],
        second: vec![None; pages.len()],
        steps: 0,
        best: None,
    };
    search.place(0, 0);
    search
        .best
        .map(|(_, order, printed, blank)| (order, printed, blank))
}

impl Search<'_> {
    fn place(&mut self, page: usize, slot: usize) {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return;
        }
        let slots_left = self.slots.len() - slot;
        let pages_left = self.pages.len() - page;
        if page == self.pages.len() {
            self.finish();
            return;
        }
        if slots_left < pages_left
            || slots_left - pages_left > MAX_BLANKS + 4 && slot > 0 && page == 0
        {
            return;
        }
        // This page on this slot.
        if self.fits(page, self.slots[slot]) {
            self.assigned[page] = Some(self.slots[slot]);
            self.place(page + 1, slot + 1);
            // A title page and colophon exported as one run may cover two slots.
            if self.pages[page].role == Role::Matter && slot + 1 < self.slots.len() {
                self.second[page] = Some(self.slots[slot + 1]);
                self.place(page + 1, slot + 2);
                self.second[page] = None;
            }
            self.assigned[page] = None;
        }
        // Or this slot is a blank page.
        if slots_left > pages_left {
            self.place(page, slot + 1);
        }
    }

    fn fits(&self, page: usize, printed: u32) -> bool {
        let this = &self.pages[page];
        if this.role != Role::Body {
            return true;
        }
        if self.use_anchors && this.anchor.is_some_and(|a| a != printed) {
            return false;
        }
        let (Some(&first), Some(&last)) = (this.notes.first(), this.notes.last()) else {
            return true;
        };
        self.assigned.iter().zip(self.pages).all(|(other, p)| {
            match (other, p.notes.first(), p.notes.last()) {
                (Some(q), Some(&f), Some(&l)) if p.role == Role::Body => {
                    if *q < printed {
                        l < first
                    } else {
                        f > last
                    }
                }
                _ => true,
            }
        })
    }

    fn finish(&mut self) {
        let mut order: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].role == Role::Body)
            .collect();
        order.sort_by_key(|&i| self.assigned[i]);
        // Better continuity first; then fewer pages assumed blank.
        let covered = self
            .assigned
            .iter()
            .chain(&self.second)
            .filter(|p| p.is_some())
            .count();
        let score = (continuity(self.pages, &order), covered);
        if self
            .best
            .as_ref()
            .is_none_or(|(best, _, _, _)| score > *best)
        {
            let mut printed = self.assigned.clone();
            // Report the lower page of a two-page run: the title page rather than the colophon.
            for (p, second) in printed.iter_mut().zip(&self.second) {
                if let (Some(a), Some(b)) = (*p, *second) {
                    *p = Some(a.min(b));
                }
            }
            let used: Vec<u32> = self
                .assigned
                .iter()
                .chain(&self.second)
                .flatten()
                .copied()
                .collect();
            let mut blank: Vec<u32> = self
                .slots
                .iter()
                .copied()
                .filter(|p| !used.contains(p))
                .collect();
            blank.sort_unstable();
            self.best = Some((score, order, printed, blank));
        }
    }
}

/// How well the text runs on across the page breaks of an order.
fn continuity(pages: &[Page], order: &[usize]) -> i64 {
    let mut score = 0;
    if let Some(&first) = order.first() {
        if pages[first].start == Start::Continuation {
            score -= 2;
        }
    }
    for pair in order.windows(2) {
        score += join_score(pages[pair[0]].end, pages[pair[1]].start);
    }
    score
}

fn join_score(end: End, start: Start) -> i64 {
    match (end, start) {
        (End::Hyphen, Start::Continuation) => 3,
        (End::Open, Start::Continuation) => 2,
        (End::Closed, Start::Fresh | Start::Heading) => 1,
        (End::Open, Start::Fresh) => 0,
        (End::Hyphen, Start::Fresh) => -1,
        (End::Open | End::Hyphen, Start::Heading) | (End::Closed, Start::Continuation) => -2,
        _ => 0,
    }
}

/// No layout fits: pages with notes go by note number; a page without notes
/// stays after the page it followed in the export.
fn order_by_notes(pages: &[Page], body: &[usize]) -> Vec<usize> {
    let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
    for &i in body {
        match (pages[i].notes.first(), groups.last_mut()) {
            (Some(&n), _) => groups.push((n, vec![i])),
            (None, Some((_, group))) => group.push(i),
            (None, None) => groups.push((0, vec![i])),
        }
    }
    groups.sort_by_key(|(n, _)| *n);
    groups.into_iter().flat_map(|(_, g)| g).collect()
}

fn explain(
    pages: &[Page],
    layout: &Layout,
    order: &[usize],
    printed: &[Option<u32>],
    noted: usize,
    anchors: usize,
) -> Vec<String> {
    let mut reasons = Vec::new();
    match layout {
        Layout::AsExported => reasons.push("the pages are already in reading order".to_string()),
        Layout::Booklet { pages: n, blank } => {
            let sheets: Vec<String> = imposition(*n as usize)
                .chunks(2)
                .map(|c| format!("{},{}", c[0], c[1]))
                .collect();
            reasons.push(format!(
                "the export is a booklet of {n} pages in printing order (sheets {})",
                sheets.join(" | ")
            ));
            if !blank.is_empty() {
                let list: Vec<String> = blank.iter().map(u32::to_string).collect();
                reasons.push(format!(
                    "printed pages {} are blank or not in the export",
                    list.join(", ")
                ));
            }
        }
        Layout::ByNotes => reasons.push(
            "no page layout fits the evidence; pages are ordered by their note numbers".to_string(),
        ),
    }
    if noted > 0 {
        let ascending = notes_ascend(pages, order);
        reasons.push(format!(
            "{noted} pages carry notes, whose numbers {} in this order",
            if ascending { "rise" } else { "do not all rise" }
        ));
    }
    if anchors > 0 {
        let matched = pages
            .iter()
            .zip(printed)
            .filter(|(p, q)| p.anchor.is_some() && p.anchor == **q)
            .count();
        reasons.push(format!(
            "{matched} of {anchors} sections start on the page the Contents page gives"
        ));
    }
    let breaks = order.len().saturating_sub(1);
    let running = order
        .windows(2)
        .filter(|w| {
            matches!(pages[w[0]].end, End::Open | End::Hyphen)
                && pages[w[1]].start != Start::Heading
        })
        .count();
    if breaks > 0 {
        reasons.push(format!(
            "{running} of {breaks} page breaks fall mid-sentence and are rejoined"
        ));
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(notes: &[u32], start: Start, end: End) -> Page {
        Page {
            role: Role::Body,
            notes: notes.to_vec(),
            anchor: None,
            start,
            end,
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
        let pages: Vec<Page> = (0..5u32)
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
        let pages: Vec<Page> = exported
            .iter()
            .map(|&p| body(&[p], Start::Fresh, End::Closed))
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
        let pages: Vec<Page> = exported
            .iter()
            .map(|&p| Page {
                anchor: (p % 2 == 0).then_some(p),
                ..body(&[], Start::Fresh, End::Closed)
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
    fn running_sentences_decide_when_nothing_else_does() {
        // Text continuity alone: an imposed 4-page booklet 4,1 | 2,3 whose
        // pages run on mid-sentence only in reading order.
        let pages = vec![
            body(&[], Start::Continuation, End::Closed), // 4
            body(&[], Start::Fresh, End::Open),          // 1
            body(&[], Start::Continuation, End::Open),   // 2
            body(&[], Start::Continuation, End::Open),   // 3
        ];
        let order = restore(&pages);
        assert_eq!(order.body, [1, 2, 3, 0]);
    }
}
