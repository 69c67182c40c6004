//! The evidence a reading order is weighed on.
//!
//! Each kind of evidence is one [`Evidence`] implementation: it scores a
//! candidate order of the exported pages, or abstains when the pages carry
//! none of it. The decision in [`order`](super::order) and the `--explain`
//! report use the same objects, so what is reported is what decided.
//!
//! Scores only mean something relative to the file's own order: a candidate
//! is better on one kind of evidence when its score beats the file order's
//! by that kind's margin.

use super::pages::{continuity, CandidateOrder, Layout, PageEvidence, Role};
/// What a kind of evidence can do in the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Numbers the pages themselves carry (notes, Contents entries, page and
    /// section numbers): a reordering needs at least one of these on its side.
    Anchoring,
    /// Sentences running on: orders can share it by chance, so it can second
    /// an anchoring kind, never lead.
    Supporting,
    /// Counts only in the total: the file's own order as a prior, and how
    /// cleanly a booklet fits (pages a search could not tell apart, such as a
    /// page without notes merged with the next, fit a wrong booklet as well).
    Prior,
}

/// One kind of evidence about reading order.
pub trait Evidence {
    /// Its name in `--explain`.
    fn name(&self) -> &'static str;
    /// What it can do in the decision.
    fn strength(&self) -> Strength;
    /// Weight of one point of score in the total.
    fn weight(&self) -> i64;
    /// Points by which a candidate must beat the file order for this evidence to count for it.
    fn margin(&self) -> i64;
    /// The candidate's score, or `None` when the pages carry no such evidence.
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64>;
}

/// Explicit page numbers outweigh everything else: they are the printer's own
/// statement of the order, read off the page.
const PRINTED_NUMBERS_WEIGHT: i64 = 10;
/// Note numbers, when they run through the whole text, are nearly as plain:
/// authors number notes in reading order.
const NOTE_ORDER_WEIGHT: i64 = 4;
/// A Contents page's numbers tie named sections to printed pages.
const CONTENTS_WEIGHT: i64 = 4;
/// Numbered sections (1, 2, 3; Chapter One, Two) rise through the text.
const SECTION_NUMBERING_WEIGHT: i64 = 3;
/// Sentences running on across a break are real evidence but noisy: page
/// breaks often fall between paragraphs, so many orders score alike.
const CONTINUITY_WEIGHT: i64 = 1;
/// A booklet that explains the pages with few blank pages fits the export;
/// one that needs many blanks is a stretch.
const IMPOSITION_FIT_WEIGHT: i64 = 1;
/// Export order is how the user gave the text: a reordering must overcome it.
const EXPORT_ORDER_WEIGHT: i64 = 3;

/// Rising pairs of an order must beat the file's by one pair turned round
/// (which moves the count by two).
const PAIR_MARGIN: i64 = 2;
/// Continuity needs more than one page break's worth of difference.
const CONTINUITY_MARGIN: i64 = 3;
/// Most blank pages a booklet can need and still count as a clean fit: the
/// inside covers and the last page or two are often left blank.
const CLEAN_FIT_BLANKS: usize = 3;

/// Pairs of consecutive numbered items that rise, minus those that fall.
fn rises_minus_falls(numbers: impl Iterator<Item = u32>) -> Option<i64> {
    let numbers: Vec<u32> = numbers.collect();
    if numbers.len() < 2 {
        return None;
    }
    Some(
        numbers
            .windows(2)
            .map(|w| match w[0].cmp(&w[1]) {
                std::cmp::Ordering::Less => 1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => -1,
            })
            .sum(),
    )
}

/// Page numbers printed on the pages: running feet, "N of M", "## Page N", `_page_N_` image names.
pub struct PrintedNumbers;

impl Evidence for PrintedNumbers {
    fn name(&self) -> &'static str {
        "printed page numbers"
    }
    fn strength(&self) -> Strength {
        Strength::Anchoring
    }
    fn weight(&self) -> i64 {
        PRINTED_NUMBERS_WEIGHT
    }
    fn margin(&self) -> i64 {
        PAIR_MARGIN
    }
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        rises_minus_falls(
            candidate
                .body
                .iter()
                .filter_map(|&i| pages[i].printed_number),
        )
    }
}

/// Note numbers rising through the text, or through each chapter when the
/// numbering restarts.
pub struct NoteOrder;

impl NoteOrder {
    /// Whether no note number is used twice. Numbering that restarts per
    /// chapter orders the pages within a chapter, not the chapters.
    pub fn is_global(pages: &[PageEvidence]) -> bool {
        let mut seen = std::collections::HashSet::new();
        pages
            .iter()
            .filter(|p| p.role == Role::Body)
            .flat_map(|p| &p.notes)
            .all(|n| seen.insert(*n))
    }

    /// The note numbers' score for body pages read in `order`. One numbering
    /// through the text: rising pairs minus falling ones. Numbering that
    /// restarts per chapter: a page whose first note follows the last note of
    /// the page before by one counts for the order, a restart at 1 counts
    /// neither way (a new chapter), any other step counts against it.
    pub fn order_score(pages: &[PageEvidence], order: &[usize]) -> Option<i64> {
        if Self::is_global(pages) {
            return rises_minus_falls(
                order
                    .iter()
                    .filter_map(|&i| pages[i].notes.first().copied()),
            );
        }
        let runs: Vec<(u32, u32)> = order
            .iter()
            .filter_map(|&i| Some((*pages[i].notes.first()?, *pages[i].notes.last()?)))
            .collect();
        if runs.len() < 2 {
            return None;
        }
        Some(
            runs.windows(2)
                .map(|w| {
                    let (last, next) = (w[0].1, w[1].0);
                    if next == last + 1 {
                        1
                    } else if next == 1 {
                        0
                    } else {
                        -1
                    }
                })
                .sum(),
        )
    }
}

impl Evidence for NoteOrder {
    fn name(&self) -> &'static str {
        "note numbers"
    }
    fn strength(&self) -> Strength {
        Strength::Anchoring
    }
    fn weight(&self) -> i64 {
        NOTE_ORDER_WEIGHT
    }
    fn margin(&self) -> i64 {
        PAIR_MARGIN
    }
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        Self::order_score(pages, &candidate.body)
    }
}

/// Sections starting on the printed pages the Contents page gives.
pub struct ContentsPages;

impl Evidence for ContentsPages {
    fn name(&self) -> &'static str {
        "Contents page numbers"
    }
    fn strength(&self) -> Strength {
        Strength::Anchoring
    }
    fn weight(&self) -> i64 {
        CONTENTS_WEIGHT
    }
    fn margin(&self) -> i64 {
        PAIR_MARGIN
    }
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        // Consecutive anchored pages must rise and leave room for the pages between them.
        let anchored: Vec<(usize, u32)> = candidate
            .body
            .iter()
            .enumerate()
            .filter_map(|(at, &i)| pages[i].anchor.map(|a| (at, a)))
            .collect();
        if anchored.len() < 2 {
            return None;
        }
        Some(
            anchored
                .windows(2)
                .map(|w| {
                    // Pages joined to the one before may share its printed page.
                    let room = candidate.body[w[0].0 + 1..=w[1].0]
                        .iter()
                        .filter(|&&i| !pages[i].joined)
                        .count();
                    let gap = w[1].1 as i64 - w[0].1 as i64;
                    if gap >= room as i64 {
                        1
                    } else {
                        -1
                    }
                })
                .sum(),
        )
    }
}

/// Numbered section headings (1, 2, 3; Chapter One, Two) rising through the text.
pub struct SectionNumbering;

impl Evidence for SectionNumbering {
    fn name(&self) -> &'static str {
        "section numbering"
    }
    fn strength(&self) -> Strength {
        Strength::Anchoring
    }
    fn weight(&self) -> i64 {
        SECTION_NUMBERING_WEIGHT
    }
    fn margin(&self) -> i64 {
        PAIR_MARGIN
    }
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        rises_minus_falls(candidate.body.iter().filter_map(|&i| pages[i].section))
    }
}

/// Sentences running on across page breaks.
pub struct Continuity;

impl Evidence for Continuity {
    fn name(&self) -> &'static str {
        "sentence continuity"
    }
    fn strength(&self) -> Strength {
        Strength::Supporting
    }
    fn weight(&self) -> i64 {
        CONTINUITY_WEIGHT
    }
    fn margin(&self) -> i64 {
        CONTINUITY_MARGIN
    }
    fn score(&self, pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        (candidate.body.len() >= 2).then(|| continuity(pages, &candidate.body))
    }
}

/// How cleanly a booklet layout explains the exported pages.
pub struct ImpositionFit;

impl Evidence for ImpositionFit {
    fn name(&self) -> &'static str {
        "imposition fit"
    }
    fn strength(&self) -> Strength {
        Strength::Prior
    }
    fn weight(&self) -> i64 {
        IMPOSITION_FIT_WEIGHT
    }
    fn margin(&self) -> i64 {
        1
    }
    fn score(&self, _pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        Some(match &candidate.layout {
            Layout::AsExported => 0,
            Layout::Booklet { blank, .. } if blank.len() <= CLEAN_FIT_BLANKS => 1,
            Layout::Booklet { .. } | Layout::ByNotes => -1,
        })
    }
}

/// The order the file gives, as a prior.
pub struct ExportOrder;

impl Evidence for ExportOrder {
    fn name(&self) -> &'static str {
        "export order"
    }
    fn strength(&self) -> Strength {
        Strength::Prior
    }
    fn weight(&self) -> i64 {
        EXPORT_ORDER_WEIGHT
    }
    fn margin(&self) -> i64 {
        1
    }
    fn score(&self, _pages: &[PageEvidence], candidate: &CandidateOrder) -> Option<i64> {
        Some(i64::from(candidate.layout == Layout::AsExported))
    }
}

/// Every kind of evidence, strongest first: the order `--explain` reports them in.
pub fn all() -> [&'static dyn Evidence; 7] {
    [
        &PrintedNumbers,
        &NoteOrder,
        &ContentsPages,
        &SectionNumbering,
        &Continuity,
        &ImpositionFit,
        &ExportOrder,
    ]
}

/// How one kind of evidence compares a candidate with the file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The kind of evidence's name in `--explain`.
    pub name: &'static str,
    /// What the kind of evidence can do in the decision.
    pub strength: Strength,
    /// (candidate, file order) scores; `None` when the evidence abstains.
    pub scores: Option<(i64, i64)>,
    /// Points by which the candidate must beat the file order for this to count.
    pub margin: i64,
    /// Weight of one point of score in the total.
    pub weight: i64,
}

impl Verdict {
    /// Score difference, candidate minus file order.
    pub fn difference(&self) -> i64 {
        self.scores.map(|(c, f)| c - f).unwrap_or(0)
    }
    /// Whether the evidence is decisively for the candidate.
    pub fn supports(&self) -> bool {
        self.scores.is_some() && self.difference() >= self.margin
    }
    /// Whether the evidence is decisively against the candidate.
    pub fn opposes(&self) -> bool {
        self.scores.is_some() && self.difference() <= -self.margin
    }
    /// One line for `--explain`.
    pub fn describe(&self) -> String {
        match self.scores {
            None => format!("{}: none in the pages", self.name),
            Some((c, f)) => {
                let side = if self.strength == Strength::Prior {
                    "in the total only"
                } else if self.supports() {
                    "for"
                } else if self.opposes() {
                    "against"
                } else {
                    "no decisive difference"
                };
                format!(
                    "{}: {c} against the file order's {f} ({side}; margin {}, weight {})",
                    self.name, self.margin, self.weight
                )
            }
        }
    }
}

/// The weighing of one candidate against the file order.
#[derive(Debug, Clone)]
pub struct Weighing {
    /// One verdict per kind of evidence, strongest first.
    pub verdicts: Vec<Verdict>,
}

impl Weighing {
    /// Weighs `candidate` against `file_order` on every kind of evidence.
    pub fn new(
        pages: &[PageEvidence],
        candidate: &CandidateOrder,
        file_order: &CandidateOrder,
    ) -> Self {
        let verdicts = all()
            .iter()
            .map(|e| Verdict {
                name: e.name(),
                strength: e.strength(),
                scores: e.score(pages, candidate).zip(e.score(pages, file_order)),
                margin: e.margin(),
                weight: e.weight(),
            })
            .collect();
        Weighing { verdicts }
    }

    /// Weighted total of the differences, the export-order prior included.
    pub fn total(&self) -> i64 {
        self.verdicts
            .iter()
            .map(|v| match (v.strength, v.scores) {
                (Strength::Prior, Some((c, f))) => (c - f) * v.weight,
                (_, Some(_)) => v.difference() * v.weight,
                (_, None) => 0,
            })
            .sum()
    }

    /// The verdicts decisively for the candidate (priors left out).
    pub fn supporting(&self) -> Vec<&Verdict> {
        self.verdicts
            .iter()
            .filter(|v| v.strength != Strength::Prior && v.supports())
            .collect()
    }

    /// The verdicts decisively against the candidate (priors left out).
    pub fn opposing(&self) -> Vec<&Verdict> {
        self.verdicts
            .iter()
            .filter(|v| v.strength != Strength::Prior && v.opposes())
            .collect()
    }

    /// Whether any numbers on the pages (notes, Contents, page or section numbers) say anything.
    pub fn has_anchoring_evidence(&self) -> bool {
        self.verdicts
            .iter()
            .any(|v| v.strength == Strength::Anchoring && v.scores.is_some())
    }

    /// The rule: a reordering needs two kinds of evidence decisively for it,
    /// one of them numbers on the pages, none decisively against, and a
    /// total that overcomes the file order.
    pub fn decisive(&self) -> bool {
        let supporting = self.supporting();
        supporting.len() >= 2
            && supporting.iter().any(|v| v.strength == Strength::Anchoring)
            && self.opposing().is_empty()
            && self.total() > 0
    }
}
