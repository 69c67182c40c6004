//! The booklet search: the best way to lay the exported pages onto the
//! printed pages of a saddle-stitched booklet of a given size.

use super::evidence::{self, Evidence};
use super::pages::{continuity, PageEvidence, Role};

/// Largest number of blank pages a booklet is assumed to have.
pub(super) const MAX_BLANKS: usize = 8;
/// Search steps allowed per exported page, for each booklet size tried. The
/// search is bounded by construction: at most `STEPS_PER_PAGE × pages` steps
/// per size (see [`step_budget`]), and each step costs at most one pass over the
/// pages, so its share of a build stays fixed however the pages look. Past the
/// budget the best fit so far is kept and `--explain` says the search was cut
/// short. Real booklets are searched within a few steps per page once blank
/// pages inside the text are pruned (see [`Search::place`]); the budget only
/// binds on pages that tell nothing apart.
pub(super) const STEPS_PER_PAGE: usize = 2_000;

/// The most steps the search of one booklet size may take for `pages` exported pages.
pub(super) fn step_budget(pages: usize) -> usize {
    STEPS_PER_PAGE * pages.max(1)
}

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
    /// A placement was left untried because the budget was spent.
    exhausted: bool,
    best: Option<(FitScore, Fit)>,
    /// Another placement, in another reading order, scores as well as the best.
    tied: bool,
    /// One note numbering runs through the text, so notes fix which pages
    /// may precede which; numbering that restarts per chapter is weighed instead.
    global_notes: bool,
    /// From each exported page on, how many need a slot of their own (pages
    /// joined to the one before may share its slot): counted once, read at every step.
    slots_needed: Vec<usize>,
    budget: usize,
    /// Lowest and highest printed page given to a body page so far.
    body_span: Option<(u32, u32)>,
    /// Printed pages left blank so far, in the order they were left.
    blanks: Vec<u32>,
    /// Reused at every finished placement: body pages by printed page.
    by_printed: Vec<Vec<usize>>,
}

/// What one booklet size's search found, and what it cost.
pub(super) struct Outcome {
    /// The best fit, unless none agrees with the evidence or two reading orders tie.
    pub fit: Option<Fit>,
    /// The search ran out of steps before it was complete.
    pub exhausted: bool,
    /// Steps taken, never more than [`step_budget`] of the pages: read by the
    /// tests that hold the search to its bound.
    #[cfg_attr(not(test), allow(dead_code))]
    pub steps: usize,
}

/// How good a placement is: the evidence it left open, weighed, then how many
/// printed pages it covers (fewer assumed blank).
type FitScore = (i64, usize);

/// A booklet fit: body pages in reading order, each exported page's printed page, the blank pages.
pub(super) type Fit = (Vec<usize>, Vec<Option<u32>>, Vec<u32>);

/// The best way to lay the exported pages onto a booklet of `n` pages, leaving
/// some pages blank, that agrees with the evidence.
pub(super) fn fit_booklet(pages: &[PageEvidence], n: usize, use_anchors: bool) -> Outcome {
    let budget = step_budget(pages.len());
    let mut search = Search {
        budget,
        body_span: None,
        blanks: Vec::new(),
        by_printed: vec![Vec::new(); n + 1],
        pages,
        slots: imposition(n),
        use_anchors,
        assigned: vec![None; pages.len()],
        second: vec![None; pages.len()],
        steps: 0,
        exhausted: false,
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
    // When the evidence fits two reading orders equally, it fixes neither.
    let best = if search.tied { None } else { search.best };
    Outcome {
        fit: best.map(|(_, fit)| fit),
        exhausted: search.exhausted,
        steps: search.steps,
    }
}

impl Search<'_> {
    /// Places pages from `page` on, onto slots from `slot` on, in export order.
    ///
    /// A booklet's blank pages are its inside covers and last pages, never a
    /// page inside the text, so a placement is pruned as soon as it leaves a
    /// blank page between two body pages: a slot is left blank only outside
    /// the printed pages the body holds so far, and a body page is placed only
    /// where it puts no blank page inside them. What is pruned could never be
    /// a fit, so pruning changes no result; it keeps the search near one path
    /// per way of leaving the outer pages blank.
    fn place(&mut self, page: usize, slot: usize) {
        if self.steps == self.budget {
            self.exhausted = true;
            return;
        }
        self.steps += 1;
        let slots_left = self.slots.len() - slot;
        if page == self.pages.len() {
            self.finish(slot);
            return;
        }
        // Pages joined to the one before may need no slot of their own.
        let pages_left = self.slots_needed[page];
        if self.pages[page].joined && page > 0 {
            if let Some(shared) = self.assigned[page - 1] {
                if self.fits(page, shared) {
                    if let Some(span) = self.take(page, shared) {
                        self.place(page + 1, slot);
                        self.give_back(page, span);
                    }
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
        let printed = self.slots[slot];
        if self.fits(page, printed) {
            if let Some(span) = self.take(page, printed) {
                self.place(page + 1, slot + 1);
                // A title page and colophon exported as one run may cover two slots.
                if self.pages[page].role == Role::Matter && slot + 1 < self.slots.len() {
                    self.second[page] = Some(self.slots[slot + 1]);
                    self.place(page + 1, slot + 2);
                    self.second[page] = None;
                }
                self.give_back(page, span);
            }
        }
        // Or this slot is a blank page, if that leaves no blank inside the text.
        if slots_left > pages_left && !self.inside_body(printed) {
            self.blanks.push(printed);
            self.place(page, slot + 1);
            self.blanks.pop();
        }
    }

    /// Whether a printed page lies strictly between the body's lowest and highest so far.
    fn inside_body(&self, printed: u32) -> bool {
        self.body_span
            .is_some_and(|(low, high)| low < printed && printed < high)
    }

    /// Gives `page` the printed page `printed`, unless a page left blank would
    /// then lie inside the text; returns the body's span to restore after.
    fn take(&mut self, page: usize, printed: u32) -> Option<Option<(u32, u32)>> {
        let before = self.body_span;
        if self.pages[page].role == Role::Body {
            let (low, high) = before.map_or((printed, printed), |(low, high)| {
                (low.min(printed), high.max(printed))
            });
            if self.blanks.iter().any(|&b| low < b && b < high) {
                return None;
            }
            self.body_span = Some((low, high));
        }
        self.assigned[page] = Some(printed);
        Some(before)
    }

    fn give_back(&mut self, page: usize, span: Option<(u32, u32)>) {
        self.assigned[page] = None;
        self.body_span = span;
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

    /// Every page is placed; the slots from `slot` on are left blank.
    fn finish(&mut self, slot: usize) {
        // The slots skipped on the way lie outside the body (see `place`); the
        // ones left over at the end must too.
        if self.slots[slot..].iter().any(|&p| self.inside_body(p)) {
            return;
        }
        // Body pages in reading order: by printed page, in export order on a
        // shared printed page. Printed pages are few, so they are counted out
        // rather than sorted.
        for i in 0..self.pages.len() {
            if self.pages[i].role == Role::Body {
                if let Some(p) = self.assigned[i] {
                    self.by_printed[p as usize].push(i);
                }
            }
        }
        let mut order = Vec::with_capacity(self.pages.len());
        for bucket in &mut self.by_printed {
            order.append(bucket);
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
