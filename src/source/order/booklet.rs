//! The booklet search: the best way to lay the exported pages onto the
//! printed pages of a saddle-stitched booklet of a given size.

use super::evidence::{self, Evidence};
use super::pages::{continuity, PageEvidence, Role};

/// Largest number of blank pages a booklet is assumed to have.
pub(super) const MAX_BLANKS: usize = 8;
/// Search steps allowed per booklet size; past it, the best fit so far is kept
/// and `--explain` says the search was cut short.
const STEP_BUDGET: usize = 2_000_000;

/// The printed page on each slot of an exported booklet of `n` pages.
pub fn imposition(n: usize) -> Vec<u32> {
    let n = n as u32;
    (0..n / 4)
        .flat_map(|i| [n - 2 * i, 2 * i + 1, 2 * i + 2, n - 2 * i - 1])
        .collect()
}

struct Search<'a> {
    pages: &'a [PageEvidence],
    slots: Vec<u32>,
    use_anchors: bool,
    assigned: Vec<Option<u32>>,
    /// A second printed page covered by a title page and colophon exported as one.
    second: Vec<Option<u32>>,
    steps: usize,
    best: Option<(FitScore, Fit)>,
    /// Another placement, in another reading order, scores as well as the best.
    tied: bool,
    /// One note numbering runs through the text, so notes fix which pages
    /// may precede which; numbering that restarts per chapter is weighed instead.
    global_notes: bool,
    /// From each exported page on, how many need a slot of their own (pages
    /// joined to the one before may share its slot): counted once, read at every step.
    slots_needed: Vec<usize>,
}

/// How good a placement is: the evidence it left open, weighed, then how many
/// printed pages it covers (fewer assumed blank).
type FitScore = (i64, usize);

/// A booklet fit: body pages in reading order, each exported page's printed page, the blank pages.
type Fit = (Vec<usize>, Vec<Option<u32>>, Vec<u32>);

/// The best way to lay the exported pages onto a booklet of `n` pages, leaving
/// some pages blank, that agrees with the evidence.
pub(super) fn fit_booklet(
    pages: &[PageEvidence],
    n: usize,
    use_anchors: bool,
) -> (Option<Fit>, bool) {
    let mut search = Search {
        pages,
        slots: imposition(n),
        use_anchors,
        assigned: vec![None; pages.len()],
        second: vec![None; pages.len()],
        steps: 0,
        best: None,
        tied: false,
        global_notes: evidence::NoteOrder::is_global(pages),
        slots_needed: {
            let mut needed: Vec<usize> = pages
                .iter()
                .rev()
                .scan(0, |n, p| {
                    *n += usize::from(!p.joined);
                    Some(*n)
                })
                .collect();
            needed.reverse();
            needed
        },
    };
    search.place(0, 0);
    let exhausted = search.steps > STEP_BUDGET;
    // When the evidence fits two reading orders equally, it fixes neither.
    let best = if search.tied { None } else { search.best };
    (best.map(|(_, fit)| fit), exhausted)
}

impl Search<'_> {
    fn place(&mut self, page: usize, slot: usize) {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return;
        }
        let slots_left = self.slots.len() - slot;
        if page == self.pages.len() {
            self.finish();
            return;
        }
        // Pages joined to the one before may need no slot of their own.
        let pages_left = self.slots_needed[page];
        if self.pages[page].joined && page > 0 {
            if let Some(shared) = self.assigned[page - 1] {
                if self.fits(page, shared) {
                    self.assigned[page] = Some(shared);
                    self.place(page + 1, slot);
                    self.assigned[page] = None;
                }
            }
        }
        // From here on this page takes a slot of its own.
        let pages_left = pages_left + usize::from(self.pages[page].joined);
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
        if !self.global_notes {
            return true;
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
        // A booklet's blank pages are its inside covers and last pages, never
        // a page inside the text: a fit that needs one has merged two pages
        // whose break left no trace, and would read them in a wrong order.
        let mut used = vec![false; self.slots.len() + 1];
        for &p in self.assigned.iter().chain(&self.second).flatten() {
            used[p as usize] = true;
        }
        let body_pages = || order.iter().filter_map(|&i| self.assigned[i]);
        if let (Some(first), Some(last)) = (body_pages().min(), body_pages().max()) {
            if (first + 1..last).any(|p| !used[p as usize]) {
                return;
            }
        }
        // Better continuity first; then fewer pages assumed blank.
        let covered = self
            .assigned
            .iter()
            .chain(&self.second)
            .filter(|p| p.is_some())
            .count();
        // The evidence the placement left open, weighed as the decision weighs it.
        let mut weighed = continuity(self.pages, &order) * evidence::Continuity.weight();
        if !self.global_notes {
            weighed += evidence::NoteOrder::order_score(self.pages, &order).unwrap_or(0)
                * evidence::NoteOrder.weight();
        }
        let score = (weighed, covered);
        if let Some((best, (best_order, _, _))) = &self.best {
            if score == *best && order != *best_order {
                self.tied = true;
            }
        }
        if self.best.as_ref().is_none_or(|(best, _)| score > *best) {
            self.tied = false;
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
            self.best = Some((score, (order, printed, blank)));
        }
    }
}
