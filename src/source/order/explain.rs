//! What `--explain` says about the order taken.

use super::booklet::imposition;
use super::evidence;
use super::pages::{End, Layout, PageEvidence, Start};

/// A layout in a few words, for `--explain` and warnings.
pub fn describe_layout(layout: &Layout) -> String {
    match layout {
        Layout::AsExported => "the file's order".to_string(),
        Layout::Booklet { pages, .. } => format!("a booklet of {pages} pages"),
        Layout::ByNotes => "ordering the pages by their note numbers".to_string(),
    }
}

fn notes_ascend(pages: &[PageEvidence], order: &[usize]) -> bool {
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

pub(super) fn order_reasons(
    pages: &[PageEvidence],
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
