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
    /// The page number printed on the page itself (a running foot, "N of M", "## Page N").
    pub printed_number: Option<u32>,
    /// The number of a numbered section heading on the page ("2 Methods", "Chapter Two").
    pub section: Option<u32>,
    /// A section the Contents page lists begins here, after text that ended:
    /// the page may share the printed page of the exported page before it.
    pub joined: bool,
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

#[derive(Debug, Clone)]
pub struct Order {
    pub layout: Layout,
    /// Indices of the body pages, in reading order.
    pub body: Vec<usize>,
    /// The printed page number each exported page was given, where known.
    pub printed: Vec<Option<u32>>,
    /// Why this order: one sentence per piece of evidence.
    pub reasons: Vec<String>,
    /// The best other order found and how it weighed against the file's.
    pub weighed: Option<(Layout, Weighing)>,
    /// A booklet fits and sentences run on in it, but nothing else says so:
    /// the file order is kept and the user told how to ask for the booklet.
    pub suggest_booklet: bool,
    /// Booklet sizes whose search ran out of steps before it was complete.
    pub cut_short: Vec<usize>,
}

use super::evidence::{self, Candidate, Evidence, Weighing};

/// Largest booklet tried: saddle-stitched booklets rarely pass 100 pages,
/// and the search for a fit grows with the page count.
const MAX_BOOKLET_PAGES: usize = 128;
/// Largest number of blank pages a booklet is assumed to have.
const MAX_BLANKS: usize = 8;
/// Search steps allowed per booklet size; past it, the best fit so far is kept
/// and `--explain` says the search was cut short.
const STEP_BUDGET: usize = 2_000_000;

/// How the reading order is to be found: the user can overrule the evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrderChoice {
    /// Weigh the evidence; keep the file's order unless it clearly loses.
    #[default]
    Auto,
    /// The pages are in reading order as they are.
    AsFile,
    /// The pages are a booklet in printing order: take the best booklet fit.
    Booklet,
}

impl OrderChoice {
    /// Reads the value of an `order` key.
    pub fn parse(value: &str) -> Option<Self> {
        match value
            .trim()
            .trim_matches(['"', '\''])
            .to_ascii_lowercase()
            .as_str()
        {
            "auto" => Some(Self::Auto),
            "as-file" => Some(Self::AsFile),
            "booklet" => Some(Self::Booklet),
            _ => None,
        }
    }

    /// An `order:` line in the front matter at the top of a text, if any.
    pub fn from_front_matter(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()?.trim_end() != "---" {
            return None;
        }
        let block: Vec<&str> = lines
            .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
            .collect();
        // Read as the Markdown reader reads the same block, so the key means the same everywhere.
        let (fields, _) = super::markdown::front_matter_fields(&block.join("\n"));
        fields
            .into_iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("order"))
            .and_then(|(_, values)| Self::parse(values.first()?))
    }
}

/// Restores the reading order by weighing the evidence (see [`OrderChoice::Auto`]).
pub fn restore(pages: &[Page]) -> Order {
    restore_with(pages, OrderChoice::Auto)
}

/// Restores the reading order as `choice` says.
pub fn restore_with(pages: &[Page], choice: OrderChoice) -> Order {
    let body: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Body)
        .collect();
    let anchors = pages.iter().filter(|p| p.anchor.is_some()).count();
    let noted = pages
        .iter()
        .filter(|p| p.role == Role::Body && !p.notes.is_empty())
        .count();
    let file_order = Candidate {
        layout: Layout::AsExported,
        body: body.clone(),
        printed: printed_as_exported(pages),
    };

    let mut candidates: Vec<Candidate> = Vec::new();
    let mut cut_short = Vec::new();
    if choice != OrderChoice::AsFile {
        for use_anchors in [true, false] {
            if !use_anchors && (anchors == 0 || !candidates.is_empty()) {
                break;
            }
            let min_slots = pages.len() - pages.iter().filter(|p| p.joined).count();
            if min_slots > MAX_BOOKLET_PAGES {
                break; // far past what saddle stitching can bind
            }
            let first = min_slots.div_ceil(4).max(1) * 4;
            for n in (first..=min_slots + MAX_BLANKS + 3).step_by(4) {
                let (fit, exhausted) = fit_booklet(pages, n, use_anchors);
                if exhausted && !cut_short.contains(&n) {
                    cut_short.push(n);
                }
                if let Some((order, printed, blank)) = fit {
                    candidates.push(Candidate {
                        layout: Layout::Booklet {
                            pages: n as u32,
                            blank,
                        },
                        body: order,
                        printed,
                    });
                }
            }
        }
        // Note numbers order the pages only when one numbering runs through
        // the text and every page carries a note: a page without one could
        // belong anywhere between its neighbours.
        if evidence::NoteOrder::is_global(pages) && noted >= 2 && noted == body.len() {
            candidates.push(Candidate {
                layout: Layout::ByNotes,
                body: order_by_notes(pages, &body),
                printed: vec![None; pages.len()],
            });
        }
    }
    // A candidate that reads the pages in the file's order is the file order.
    candidates.retain(|c| c.body != body);

    let weighed: Vec<(Candidate, Weighing)> = candidates
        .into_iter()
        .map(|c| {
            let w = Weighing::new(pages, &c, &file_order);
            (c, w)
        })
        .collect();
    // The best alternative: highest weighted total; on a tie the earlier (smaller booklet).
    let best = weighed
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| {
            choice != OrderChoice::Booklet || matches!(c.layout, Layout::Booklet { .. })
        })
        .max_by_key(|(i, (_, w))| (w.total(), std::cmp::Reverse(*i)))
        .map(|(_, c)| c.clone());

    let mut reasons = Vec::new();
    let mut suggest_booklet = false;
    let chosen = match (&best, choice) {
        (Some((candidate, _)), OrderChoice::Booklet) => {
            reasons.push("the order is set to \"booklet\"".to_string());
            candidate.clone()
        }
        (Some((candidate, weighing)), OrderChoice::Auto)
            if weighing.decisive() && !rivalled(&weighed, candidate, weighing) =>
        {
            candidate.clone()
        }
        (Some((candidate, weighing)), OrderChoice::Auto) => {
            let supporting = weighing.supporting();
            if matches!(candidate.layout, Layout::Booklet { .. })
                && !weighing.has_anchoring_evidence()
                && supporting
                    .iter()
                    .any(|v| v.name == evidence::Continuity.name())
            {
                suggest_booklet = true;
            }
            reasons.push(format!(
                "the pages stay in the file's order: {} is not decisive",
                describe_layout(&candidate.layout)
            ));
            file_order.clone()
        }
        (_, OrderChoice::AsFile) => {
            reasons.push("the order is set to \"as-file\"".to_string());
            file_order.clone()
        }
        (None, _) => file_order.clone(),
    };
    reasons.extend(explain(
        pages,
        &chosen.layout,
        &chosen.body,
        &chosen.printed,
        noted,
        anchors,
    ));
    let printed = if chosen.layout == Layout::AsExported && anchors == 0 {
        vec![None; pages.len()]
    } else {
        chosen.printed
    };
    Order {
        layout: chosen.layout,
        body: chosen.body,
        printed,
        reasons,
        weighed: best.map(|(c, w)| (c.layout, w)),
        suggest_booklet,
        cut_short,
    }
}

/// Whether another candidate, reading the pages in another order, weighs as
/// much: then the evidence fixes neither.
fn rivalled(weighed: &[(Candidate, Weighing)], best: &Candidate, weighing: &Weighing) -> bool {
    weighed
        .iter()
        .any(|(c, w)| c.body != best.body && w.total() == weighing.total())
}

/// A layout in a few words, for `--explain` and warnings.
pub fn describe_layout(layout: &Layout) -> String {
    match layout {
        Layout::AsExported => "the file's order".to_string(),
        Layout::Booklet { pages, .. } => format!("a booklet of {pages} pages"),
        Layout::ByNotes => "ordering the pages by their note numbers".to_string(),
    }
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

fn printed_as_exported(pages: &[Page]) -> Vec<Option<u32>> {
    // Printed numbers are only known relative to an anchor.
    let Some((at, page)) = pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| p.anchor.map(|a| (i, a)))
    else {
        return vec![None; pages.len()];
    };
    // Pages joined to the one before share its printed page.
    let starts: Vec<i64> = pages
        .iter()
        .scan(0i64, |n, p| {
            *n += i64::from(!p.joined);
            Some(*n)
        })
        .collect();
    (0..pages.len())
        .map(|i| {
            (page as i64 + starts[i] - starts[at])
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
fn fit_booklet(pages: &[Page], n: usize, use_anchors: bool) -> (Option<Fit>, bool) {
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

/// How well the text runs on across the page breaks of an order.
pub fn continuity(pages: &[Page], order: &[usize]) -> i64 {
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
        let how = if !evidence::NoteOrder::is_global(pages) {
            "start again at 1 in places (numbered per chapter), so they order pages within a chapter"
        } else if notes_ascend(pages, order) {
            "rise in this order"
        } else {
            "do not all rise in this order"
        };
        reasons.push(format!("{noted} pages carry notes, whose numbers {how}"));
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
        let runs_on = |p: u32| {
            let start = if p == 1 {
                Start::Fresh
            } else {
                Start::Continuation
            };
            let end = if p == 8 { End::Closed } else { End::Open };
            (start, end)
        };
        let pages: Vec<Page> = exported
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
        let pages: Vec<Page> = exported
            .iter()
            .map(|&p| Page {
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
        let pages: Vec<Page> = exported
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
        let pages: Vec<Page> = exported
            .iter()
            .enumerate()
            .map(|(i, &p)| Page {
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
            OrderChoice::from_front_matter("---\ntitle: T\norder: booklet\n---\n\nText"),
            Some(OrderChoice::Booklet)
        );
        assert_eq!(OrderChoice::from_front_matter("order: booklet\n"), None);
    }
}
