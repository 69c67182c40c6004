//! The policy of page-export reading: the furniture goes, the export is cut
//! into pages, the order weighs them, a second reading is tried where pages
//! may have gone unseen, a booklet's colophon goes last, and the pages are
//! written out in reading order.

use super::contents::ContentsEntry;
use super::explain::{check_contents, describe_pages, notices};
use super::furniture::{self, FurnitureBreak};
use super::lines::ends_title_matter;
use super::pages::{broken_off_paragraphs, evidence, looks_like_colophon, split_pages, ExportPage};
use super::reconstructed::Reconstructed;
use super::writing::write_markdown;
use crate::source::front_matter;
use crate::source::order::{self, Layout, Order, OrderChoice, Role};
use crate::source::text::TextBlock;

/// Reads a page export: its front matter, and its essay as plain Markdown in reading order.
pub fn reconstruct(blocks: Vec<TextBlock>, choice: OrderChoice) -> Reconstructed {
    reconstruct_with(blocks, choice, true)
}

/// [`reconstruct`], with page furniture removed only when `repairs` is on.
pub fn reconstruct_with(
    blocks: Vec<TextBlock>,
    choice: OrderChoice,
    repairs: bool,
) -> Reconstructed {
    let mut out = Reconstructed::default();
    let mut export = furniture::remove(blocks, repairs);
    out.explanation.append(&mut export.explanation);
    let front_end = export
        .blocks
        .iter()
        .position(ends_title_matter)
        .unwrap_or(export.blocks.len());
    let (front, rest) = export.blocks.split_at(front_end);
    let read = |broken_off: bool| {
        Reading::of(
            front,
            rest,
            &export.breaks[front_end..],
            export.heads,
            broken_off,
            choice,
        )
    };
    let mut reading = read(false);
    let second_reading = read_again_at_broken_paragraphs(&mut reading, choice, || read(true));
    colophon_last(&mut reading);
    out.front = front_matter::read(&title_page_blocks(front, &reading.pages));
    out.contents = std::mem::take(&mut reading.contents);
    describe_pages(&mut out, &reading.pages, &reading.evidence, &reading.order);
    out.explanation.extend(second_reading);
    out.notices
        .extend(notices(&reading.order, export.removed_lines.len()));
    // The pages hold their own blocks: the export's are not needed to write
    // the Markdown, which a large source would otherwise hold beside them.
    drop(export);
    let body_pages: Vec<&ExportPage> = reading
        .order
        .body
        .iter()
        .map(|&i| &reading.pages[i])
        .collect();
    write_markdown(&mut out, &body_pages, &printed_labels(&reading));
    check_contents(&mut out, &body_pages);
    out
}

/// One reading of the export: its pages, what each tells the order, the
/// order found, and the Contents page's entries.
struct Reading {
    pages: Vec<ExportPage>,
    evidence: Vec<order::PageEvidence>,
    order: Order,
    contents: Vec<ContentsEntry>,
}

impl Reading {
    /// Cuts the essay into pages (after a paragraph that stops mid-sentence
    /// too, when `broken_off`) and restores their order as `choice` says.
    fn of(
        front: &[TextBlock],
        rest: &[TextBlock],
        breaks: &[Option<FurnitureBreak>],
        heads: bool,
        broken_off: bool,
        choice: OrderChoice,
    ) -> Self {
        let mut contents = Vec::new();
        let pages = split_pages(front, rest, breaks, heads, broken_off, &mut contents);
        let evidence: Vec<order::PageEvidence> =
            pages.iter().map(|p| evidence(p, &contents)).collect();
        let order = order::restore_with(&evidence, choice);
        Reading {
            pages,
            evidence,
            order,
            contents,
        }
    }
}

/// Paragraphs that stop mid-sentence before one that starts afresh are
/// where pages without notes may have ended unseen. Only when the pages as
/// first found fit no booklet at all, or the order found prints a section
/// the Contents page lists off its page, are they read again with a break
/// at each (otherwise no page went unseen), and that reading is taken only
/// if it reorders; a file kept in its order keeps its paragraphs as they were.
/// Returns what `--explain` says about it, when a second reading was made.
fn read_again_at_broken_paragraphs(
    first: &mut Reading,
    choice: OrderChoice,
    read_again: impl FnOnce() -> Reading,
) -> Option<String> {
    let broken_off = broken_off_paragraphs(&first.pages);
    let no_booklet_fits = match &first.order.weighed {
        Some((Layout::Booklet { .. }, _)) => {
            !sections_on_listed_pages(&first.evidence, &first.order)
        }
        _ => first.order.layout == Layout::AsExported,
    };
    if broken_off.is_empty() || !no_booklet_fits || choice == OrderChoice::AsFile {
        return None;
    }
    let lines: Vec<String> = broken_off.iter().map(usize::to_string).collect();
    let lines = format!(
        "line{} {}",
        if lines.len() == 1 { "" } else { "s" },
        lines.join(", ")
    );
    let again = read_again();
    let better = again.order.layout != Layout::AsExported
        && (first.order.layout == Layout::AsExported
            || sections_on_listed_pages(&again.evidence, &again.order));
    Some(if better {
        let said = format!(
            "a paragraph that stops mid-sentence before one that starts afresh ({lines}) ends a page without notes: with a page break after each, {} fits",
            order::describe_layout(&again.order.layout)
        );
        *first = again;
        said
    } else {
        format!("a paragraph that stops mid-sentence before one that starts afresh ({lines}) may end a page without notes: read again with a page break after each, no reordering is decisive either, so the paragraphs stay as they are")
    })
}

/// A booklet's colophon is its last printed page, exported among the first
/// sheets: once the pages are in reading order it ends the essay like any colophon.
fn colophon_last(reading: &mut Reading) {
    if reading.order.layout == Layout::AsExported {
        return;
    }
    while let Some(&last) = reading.order.body.last() {
        if reading.order.body.len() < 2 || !looks_like_colophon(&reading.pages[last]) {
            break;
        }
        reading.pages[last].role = Some(Role::Matter);
        reading.evidence[last].role = Role::Matter;
        reading.order.body.pop();
    }
}

/// Every line above the essay is read as front matter, numbered lines too:
/// a paper's affiliations (`<sup>1</sup>Institute of ...`) stand there, and
/// what front matter does not take as a fact is kept as provenance, not lost.
/// Title pages and colophons found among the pages join them.
fn title_page_blocks(front: &[TextBlock], pages: &[ExportPage]) -> Vec<TextBlock> {
    let mut matter: Vec<TextBlock> = front.to_vec();
    // The front page, inserted first, is already in `matter`.
    for page in pages.iter().skip(usize::from(!front.is_empty())) {
        if page.role == Some(Role::Matter) {
            matter.extend(page.body.iter().cloned());
        }
    }
    matter
}

/// Printed page numbers of the body pages in reading order: read off the
/// page, or given by the Contents page and the booklet's layout.
fn printed_labels(reading: &Reading) -> Vec<Option<u32>> {
    let mut labels: Vec<Option<u32>> = reading
        .order
        .body
        .iter()
        .map(|&i| {
            reading.evidence[i]
                .printed_number
                .or(reading.order.printed[i])
        })
        .collect();
    // A section joined to the page before it shares that page's number: one marker.
    for at in (1..labels.len()).rev() {
        if labels[at].is_some() && labels[at] == labels[at - 1] {
            labels[at] = None;
        }
    }
    labels
}

/// Whether an order prints every section the Contents page lists on the
/// page it gives (true when nothing is listed).
fn sections_on_listed_pages(evidence: &[order::PageEvidence], order: &order::Order) -> bool {
    evidence
        .iter()
        .zip(&order.printed)
        .all(|(page, printed)| page.anchor.is_none() || page.anchor == *printed)
}
