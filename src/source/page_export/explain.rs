//! What `--explain` says about the pages, and what the Contents page lists
//! that the text does not have.

use super::contents;
use super::pages::ExportPage;
use super::reconstructed::Reconstructed;
use crate::diagnostic::WarningCode;
use crate::source::order::{self, Layout, Role};
use crate::source::text::heading_text;

pub(super) fn describe_pages(
    out: &mut Reconstructed,
    pages: &[ExportPage],
    evidence: &[order::PageEvidence],
    order: &order::Order,
) {
    out.explanation.push(format!(
        "recognised a page-by-page export: {} pages found",
        pages.len()
    ));
    // A long export is summarised: its first pages and its last.
    const SHOWN: usize = 40;
    for (i, (page, ev)) in pages.iter().zip(evidence).enumerate() {
        if pages.len() > SHOWN && i >= SHOWN - 5 && i < pages.len() - 5 {
            if i == SHOWN - 5 {
                out.explanation
                    .push(format!("  ... {} more pages ...", pages.len() - SHOWN));
            }
            continue;
        }
        let line = page
            .body
            .first()
            .map(|b| b.line)
            .or_else(|| page.notes.first().map(|n| n.line))
            .unwrap_or(0);
        let printed = match (ev.printed_number, order.printed.get(i).copied().flatten()) {
            (Some(p), _) => format!("printed page {p} (printed on it)"),
            (None, Some(p)) => format!("printed page {p}"),
            (None, None) => "printed page ?".into(),
        };
        let what = match ev.role {
            Role::Matter => "title page / colophon".to_string(),
            Role::Contents => format!("Contents ({} entries)", out.contents.len()),
            Role::Body if ev.notes.is_empty() => "text, no notes".to_string(),
            Role::Body => format!(
                "text, notes {}–{}",
                ev.notes[0],
                ev.notes[ev.notes.len() - 1]
            ),
        };
        let joined = if ev.joined {
            ", opens a listed section (may share the page before)"
        } else if page.after_broken_paragraph {
            ", after a paragraph that stops mid-sentence"
        } else {
            ""
        };
        out.explanation.push(format!(
            "  export page {:>2} (line {line:>3}): {printed}, {what}{joined}",
            i + 1
        ));
    }
    let layout = match order.layout {
        Layout::AsExported => "as exported".to_string(),
        Layout::Booklet { pages, .. } => format!("un-imposed from a booklet of {pages} pages"),
        Layout::ByNotes => "by note numbers".to_string(),
    };
    let reading = runs(order.body.iter().map(|&i| i + 1));
    out.explanation
        .push(format!("reading order ({layout}): export pages {reading}"));
    out.explanation
        .extend(order.reasons.iter().map(|r| format!("  because {r}")));
    if let Some((layout, weighing)) = &order.weighed {
        out.explanation.push(format!(
            "  weighed {} against the file's order (total {:+}; a reordering needs two kinds of evidence for it, one of them numbers on the pages, and none against):",
            order::describe_layout(layout),
            weighing.total()
        ));
        out.explanation.extend(
            weighing
                .verdicts
                .iter()
                .map(|v| format!("    {}", v.describe())),
        );
    }
    for n in &order.cut_short {
        out.explanation.push(format!(
            "  the search for a booklet of {n} pages ran out of steps; its best fit so far was weighed"
        ));
    }
    let notes: usize = pages.iter().map(|p| p.notes.len()).sum();
    out.explanation
        .push(format!("{notes} page-foot notes collected"));
}

/// `1, 2, 3, 4, 7, 6` as `1–4, 7, 6`: rising runs of three or more shortened.
pub(super) fn runs(numbers: impl Iterator<Item = usize>) -> String {
    let numbers: Vec<usize> = numbers.collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}–{}", numbers[i], numbers[j]));
        } else {
            parts.extend(numbers[i..=j].iter().map(usize::to_string));
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// Every Contents entry should name a section heading; say so where one does not.
pub(super) fn check_contents(out: &mut Reconstructed, pages: &[&ExportPage]) {
    let headings: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.body.iter().filter_map(|b| heading_text(&b.text)))
        .collect();
    for entry in &out.contents {
        if !headings
            .iter()
            .any(|h| contents::same_title(h, &entry.title))
        {
            out.explanation.push(format!(
                "Contents entry \"{}\" matches no section heading",
                entry.title
            ));
        }
    }
}

/// What the reading changed in the text as a whole, for the user to see
/// without `--explain`, and how to overrule it.
pub fn notices(order: &order::Order, furniture_removed: usize) -> Vec<(WarningCode, String)> {
    let mut notices = Vec::new();
    if order.layout != Layout::AsExported {
        notices.push((
            WarningCode::PagesReordered,
            format!(
                "pages reordered, read as {} (--explain says why; set order = \"as-file\" to keep the file's order)",
                order::describe_layout(&order.layout)
            ),
        ));
    }
    if furniture_removed > 0 {
        notices.push((
            WarningCode::FurnitureRemoved,
            format!(
                "{furniture_removed} line{} removed as running heads, feet or page numbers (--explain says why)",
                if furniture_removed == 1 { "" } else { "s" }
            ),
        ));
    }
    if order.suggest_booklet {
        notices.push((WarningCode::BookletSuspected, "the pages may be a booklet in printing order, but only running sentences say so: they are kept in the file's order; set order = \"booklet\" to un-impose them".to_string()));
    }
    notices
}
