//! The one decision: which reading of the pages is taken, by the weighing of
//! the evidence or as the user chose.

use super::booklet::{fit_booklet, MAX_BLANKS};
use super::evidence::{self, Evidence, Weighing};
use super::explain::{describe_layout, order_reasons};
use super::pages::{CandidateOrder, Layout, PageEvidence, Role};

/// The reading order taken, and why.
#[derive(Debug, Clone)]
pub struct Order {
    /// The layout the pages were read in.
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

/// Largest booklet tried: saddle-stitched booklets rarely pass 100 pages,
/// and the search for a fit grows with the page count.
const MAX_BOOKLET_PAGES: usize = 128;

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
    pub fn from_yaml_block(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()?.trim_end() != "---" {
            return None;
        }
        let block: Vec<&str> = lines
            .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
            .collect();
        // Read as the Markdown reader reads the same block, so the key means the same everywhere.
        let (fields, _) = crate::source::markdown::yaml_fields(&block.join("\n"));
        fields
            .into_iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("order"))
            .and_then(|(_, values)| Self::parse(values.first()?))
    }
}

/// Restores the reading order by weighing the evidence (see [`OrderChoice::Auto`]).
pub fn restore(pages: &[PageEvidence]) -> Order {
    restore_with(pages, OrderChoice::Auto)
}

/// Restores the reading order as `choice` says.
pub fn restore_with(pages: &[PageEvidence], choice: OrderChoice) -> Order {
    let body: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].role == Role::Body)
        .collect();
    let anchors = pages.iter().filter(|p| p.anchor.is_some()).count();
    let noted = pages
        .iter()
        .filter(|p| p.role == Role::Body && !p.notes.is_empty())
        .count();
    let file_order = CandidateOrder {
        layout: Layout::AsExported,
        body: body.clone(),
        printed: printed_as_exported(pages),
    };

    let mut candidates: Vec<CandidateOrder> = Vec::new();
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
                let outcome = fit_booklet(pages, n, use_anchors);
                if outcome.exhausted && !cut_short.contains(&n) {
                    cut_short.push(n);
                }
                if let Some((order, printed, blank)) = outcome.fit {
                    candidates.push(CandidateOrder {
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
            candidates.push(CandidateOrder {
                layout: Layout::ByNotes,
                body: order_by_notes(pages, &body),
                printed: vec![None; pages.len()],
            });
        }
    }
    // A candidate that reads the pages in the file's order is the file order.
    candidates.retain(|c| c.body != body);

    let weighed: Vec<(CandidateOrder, Weighing)> = candidates
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
    reasons.extend(order_reasons(
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
fn rivalled(
    weighed: &[(CandidateOrder, Weighing)],
    best: &CandidateOrder,
    weighing: &Weighing,
) -> bool {
    weighed
        .iter()
        .any(|(c, w)| c.body != best.body && w.total() == weighing.total())
}

fn printed_as_exported(pages: &[PageEvidence]) -> Vec<Option<u32>> {
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

/// No layout fits: pages with notes go by note number; a page without notes
/// stays after the page it followed in the export.
fn order_by_notes(pages: &[PageEvidence], body: &[usize]) -> Vec<usize> {
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
