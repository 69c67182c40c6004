//! Footnotes as content systems write them, found by one mechanism: a link
//! in the article whose text is a short label (`1`, `[1]`, `*`, `†`)
//! pointing at an element that links back to it, or that stands in a notes
//! container, is a note marker, and that element's block is the note.
//! WordPress, Easy Footnotes, kramdown, pandoc, Hugo, Ghost, Substack, Word's
//! "Save as HTML" and Wikipedia's references all write one of these shapes.

use super::dom;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::{HashMap, HashSet};

/// The notes of a page.
#[derive(Debug, Default)]
pub struct Notes {
    /// Each marker link, with the number of the note it points to (from 1).
    pub refs: HashMap<NodeId, usize>,
    /// Each note's block, in the order first pointed to.
    pub bodies: Vec<NodeId>,
    /// What is left out of the text and the notes: links back to markers,
    /// and what held the notes once they are taken out (a "Notes" heading,
    /// the rule above them).
    pub skip: HashSet<NodeId>,
    /// What was found, for `--explain`.
    pub explanation: Vec<String>,
}

impl Notes {
    /// The notes' blocks, as a set.
    pub fn bodies_set(&self) -> HashSet<NodeId> {
        self.bodies.iter().copied().collect()
    }
}

/// One piece of evidence that a marker's target is a note.
#[derive(Debug, Clone, Copy)]
enum Evidence {
    /// The target's block links back to the marker.
    LinksBack,
    /// The target stands in a notes container (class or id with footnote,
    /// endnote or notes; `role="doc-endnotes"`; `epub:type` footnote(s)).
    InNotesContainer,
    /// The marker is set as one: in `<sup>`, or named a footnote reference.
    MarkedAsReference,
}

impl Evidence {
    fn weight(self) -> i32 {
        match self {
            // A note and its marker pointing at each other is what a
            // footnote is, in every system that links both ways.
            Evidence::LinksBack => 2,
            // A container the page names for notes holds notes.
            Evidence::InNotesContainer => 2,
            // A superscript label pointing into the page is most likely a
            // note, but it may point at a figure or a section: not alone.
            Evidence::MarkedAsReference => 1,
        }
    }
}

/// Evidence that sums to this makes a link a note marker.
const NOTE_AT: i32 = 2;

/// Words in a class or id that name a notes container.
const CONTAINER_NAMES: [&str; 6] = [
    "footnote",
    "endnote",
    "notes",
    "references",
    "reflist",
    "ftn",
];

/// Longest label a marker has: "[12]", "(iv)", "†".
const LABEL_CHARS: usize = 6;

/// Most digits a numbered label has: a year ("2021") is no note number.
const LABEL_DIGITS: usize = 3;

/// Whether a link's text is a note marker's label: a number, a number in
/// brackets, a roman numeral or a letter, or footnote symbols.
pub fn is_label(text: &str) -> bool {
    let inner = text
        .trim()
        .trim_start_matches(['[', '('])
        .trim_end_matches(['.', ':'])
        .trim_end_matches([']', ')']);
    if inner.is_empty() || text.trim().chars().count() > LABEL_CHARS {
        return false;
    }
    (inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= LABEL_DIGITS)
        || inner.chars().all(|c| "*†‡§¶‖#".contains(c))
        || inner.chars().all(|c| "ivxlc".contains(c))
        || (inner.chars().count() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
}

/// Whether a link's text is a way back to a marker: an arrow, a caret, a
/// label, or nothing.
fn is_backlink_text(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || is_label(text)
        || text
            .chars()
            .all(|c| "↩↑⤴^︎\u{fe0e}\u{fe0f}⇧⬆↵".contains(c) || c.is_whitespace())
        || matches!(
            text.to_lowercase().as_str(),
            "back" | "return" | "return to text" | "back to text" | "jump up"
        )
}

/// Finds the notes whose markers stand in `article`.
pub fn find(document: &Html, article: ElementRef) -> Notes {
    let links = Selector::parse("a[href]").expect("a fixed selector parses");
    let mut targets: HashMap<&str, ElementRef> = HashMap::new();
    for element in document.root_element().descendent_elements() {
        if let Some(id) = dom::attr(&element, "id") {
            targets.entry(id).or_insert(element);
        }
        if element.value().name() == "a" {
            if let Some(name) = dom::attr(&element, "name") {
                targets.entry(name).or_insert(element);
            }
        }
    }
    let mut notes = Notes::default();
    let mut numbers: HashMap<NodeId, usize> = HashMap::new();
    let mut marker_ids: HashSet<String> = HashSet::new();
    for link in article.select(&links) {
        let Some(target) = dom::attr(&link, "href")
            .and_then(|h| h.strip_prefix('#'))
            .and_then(|id| targets.get(id))
        else {
            continue;
        };
        if !is_label(&dom::text(*link)) {
            continue;
        }
        // A link inside a note found already is its way back, not a marker.
        let in_note = notes
            .bodies
            .iter()
            .filter_map(|&b| document.tree.get(b))
            .any(|b| dom::within(*link, b));
        if in_note {
            continue;
        }
        let Some(body) = dom::block_of(**target) else {
            continue;
        };
        // A note is apart from its marker, and never holds the article.
        if dom::within(*link, *body) || dom::within(*article, *body) {
            continue;
        }
        let ids = marker_ids_of(link);
        let mut evidence = Vec::new();
        let links_back = body.select(&links).any(|back| {
            dom::attr(&back, "href")
                .and_then(|h| h.strip_prefix('#'))
                .is_some_and(|id| ids.iter().any(|m| m == id))
        });
        if links_back {
            evidence.push(Evidence::LinksBack);
        }
        if std::iter::once(*body)
            .chain(body.ancestors())
            .filter_map(ElementRef::wrap)
            .any(|e| is_notes_container(&e))
        {
            evidence.push(Evidence::InNotesContainer);
        }
        let in_sup = link
            .ancestors()
            .take(3)
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "sup")
            || link
                .children()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "sup")
            || dom::names(&link).contains("footnote")
            || dom::attr(&link, "role").is_some_and(|r| r == "doc-noteref");
        if in_sup {
            evidence.push(Evidence::MarkedAsReference);
        }
        if evidence.iter().map(|e| e.weight()).sum::<i32>() < NOTE_AT {
            continue;
        }
        let next = numbers.len() + 1;
        let number = *numbers.entry(body.id()).or_insert_with(|| {
            notes.bodies.push(body.id());
            next
        });
        notes.refs.insert(link.id(), number);
        marker_ids.extend(ids);
    }
    for &body in &notes.bodies {
        let Some(body) = document.tree.get(body).and_then(ElementRef::wrap) else {
            continue;
        };
        for back in body.select(&links) {
            let to_marker = dom::attr(&back, "href")
                .and_then(|h| h.strip_prefix('#'))
                .is_some_and(|id| marker_ids.contains(id));
            if to_marker && is_backlink_text(&dom::text(*back)) {
                notes.skip.insert(back.id());
            }
        }
    }
    let bodies = notes.bodies_set();
    let mut emptied: Vec<NodeId> = Vec::new();
    for &body in &notes.bodies {
        let Some(node) = document.tree.get(body) else {
            continue;
        };
        let mut highest = None;
        for ancestor in node.ancestors() {
            if ancestor.id() == article.id() || !dom::within(ancestor, *article) {
                break;
            }
            if leftover_words(ancestor, &bodies, &notes.skip) {
                break;
            }
            highest = Some(ancestor);
        }
        if let Some(held) = highest {
            if !emptied.contains(&held.id()) {
                emptied.push(held.id());
            }
        }
    }
    // The rule and the "Notes" heading set above the notes go with them.
    let mut tops: Vec<NodeId> = emptied.clone();
    tops.extend(notes.bodies.iter().copied());
    notes.skip.extend(emptied);
    for top in tops {
        let Some(node) = document.tree.get(top) else {
            continue;
        };
        let mut before = node.prev_sibling();
        while let Some(sibling) = before {
            let notes_apart = bodies.contains(&sibling.id()) || notes.skip.contains(&sibling.id());
            match sibling.value() {
                Node::Text(t) if t.trim().is_empty() => {}
                _ if notes_apart => {}
                Node::Element(e)
                    if e.name() == "hr"
                        || (e.name().len() == 2
                            && e.name().starts_with('h')
                            && is_notes_heading(&dom::text(sibling))) =>
                {
                    notes.skip.insert(sibling.id());
                }
                _ => break,
            }
            before = sibling.prev_sibling();
        }
    }
    if !notes.bodies.is_empty() {
        notes.explanation.push(format!(
            "HTML notes: {} pointing at {}, each linked both ways",
            crate::diagnostic::count(notes.refs.len(), "marker", "markers"),
            crate::diagnostic::count(notes.bodies.len(), "note", "notes")
        ));
    }
    notes
}

/// The ids a note may link back to for `link`: its own id or name, those of
/// the inline elements it stands in (`<sup id="fnref:1">`), and of an empty
/// anchor set just before them.
fn marker_ids_of(link: ElementRef) -> Vec<String> {
    let mut ids = Vec::new();
    let mut node: NodeRef<Node> = *link;
    loop {
        if let Some(element) = ElementRef::wrap(node) {
            ids.extend(dom::attr(&element, "id").map(str::to_string));
            ids.extend(dom::attr(&element, "name").map(str::to_string));
        }
        let mut before = node.prev_sibling();
        while let Some(sibling) = before {
            match ElementRef::wrap(sibling) {
                Some(e) if dom::words(sibling) == 0 => {
                    ids.extend(dom::attr(&e, "id").map(str::to_string));
                    before = sibling.prev_sibling();
                }
                _ => break,
            }
        }
        match node.parent() {
            Some(parent)
                if ElementRef::wrap(parent).is_some_and(|p| !dom::is_block(p.value().name())) =>
            {
                node = parent;
            }
            _ => break,
        }
    }
    ids
}

/// Whether an element is named or typed as holding notes.
fn is_notes_container(element: &ElementRef) -> bool {
    let names = dom::names(element);
    let typed = dom::attr(element, "epub:type")
        .is_some_and(|t| t.contains("footnote") || t.contains("endnote") || t.contains("rearnote"));
    let role = dom::attr(element, "role").is_some_and(|r| {
        matches!(
            r,
            "doc-endnotes" | "doc-footnotes" | "doc-endnote" | "doc-footnote"
        )
    });
    let word_style =
        dom::attr(element, "style").is_some_and(|s| s.contains("mso-element:footnote"));
    typed || role || word_style || CONTAINER_NAMES.iter().any(|n| names.contains(n))
}

/// Whether a heading's text names a notes section.
fn is_notes_heading(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(':').to_lowercase().as_str(),
        "notes" | "footnotes" | "endnotes" | "references" | "notes and references"
    )
}

/// Whether `node` holds any words besides the notes and what is skipped
/// (a "Notes" heading counts as none).
fn leftover_words(node: NodeRef<Node>, bodies: &HashSet<NodeId>, skip: &HashSet<NodeId>) -> bool {
    fn visit(node: NodeRef<Node>, bodies: &HashSet<NodeId>, skip: &HashSet<NodeId>) -> bool {
        if bodies.contains(&node.id()) || skip.contains(&node.id()) {
            return false;
        }
        match node.value() {
            Node::Text(t) => !t.trim().is_empty(),
            Node::Element(e) if dom::is_dropped(e.name()) => false,
            Node::Element(e) if e.name().len() == 2 && e.name().starts_with('h') => {
                !is_notes_heading(&dom::text(node))
            }
            Node::Element(_) => node.children().any(|c| visit(c, bodies, skip)),
            _ => false,
        }
    }
    visit(node, bodies, skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_numbers_and_symbols() {
        for label in ["1", "[12]", "(3)", "*", "†", "iv", "a"] {
            assert!(is_label(label), "{label}");
        }
        for text in ["see here", "2021", "Notes", ""] {
            assert!(!is_label(text), "{text}");
        }
    }
}
