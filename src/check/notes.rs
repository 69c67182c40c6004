//! Notes: every noteref leads to a note, and every backlink in a note leads
//! back to a noteref that points at that same note.
//!
//! A noteref is an element whose `epub:type` has `noteref` or whose `role`
//! has `doc-noteref`; a backlink likewise with `backlink` / `doc-backlink`.
//! The note is the element the noteref's fragment names; a backlink belongs
//! to the note it sits in.

use std::collections::HashMap;

use super::content::{Documents, Resolved, XhtmlDocument};
use super::semantics::{is_backlink, is_noteref};
use super::Code;
use super::{excerpt, Report};

/// Checks every noteref and backlink, in document order.
pub fn check_notes(documents: &Documents, report: &mut Report) {
    let backlinks = backlinks_by_target(documents);
    for (index, document) in documents.documents.iter().enumerate() {
        for (position, element) in document.document.elements.iter().enumerate() {
            let anchor = Anchor {
                document: index,
                element: position,
            };
            if is_noteref(element) {
                check_noteref(documents, &backlinks, document, anchor, report);
            } else if is_backlink(element) {
                check_backlink(documents, document, anchor, report);
            }
        }
    }
}

/// Every backlink that works, grouped by the element it leads to. Built once
/// so that pairing stays linear however many notes a book has.
fn backlinks_by_target(documents: &Documents) -> HashMap<Anchor, Vec<Anchor>> {
    let mut by_target: HashMap<Anchor, Vec<Anchor>> = HashMap::new();
    for (index, document) in documents.documents.iter().enumerate() {
        for (position, element) in document.document.elements.iter().enumerate() {
            if !is_backlink(element) || is_noteref(element) {
                continue;
            }
            let backlink = Anchor {
                document: index,
                element: position,
            };
            if let Ok(Some(target)) = target(documents, backlink) {
                by_target.entry(target).or_default().push(backlink);
            }
        }
    }
    by_target
}

/// One element of one parsed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Anchor {
    document: usize,
    element: usize,
}

/// Where the `href` of `anchor` leads: `Ok(None)` when it leaves the book or
/// cannot be checked, `Err` with a reason when it is broken.
fn target(documents: &Documents, anchor: Anchor) -> Result<Option<Anchor>, String> {
    let Some(document) = documents.get(anchor.document) else {
        return Ok(None);
    };
    let Some(href) = document
        .element(anchor.element)
        .and_then(|e| e.attr("href"))
    else {
        return Err("it has no href".to_owned());
    };
    let shown = excerpt(href);
    match documents.resolve(&document.path, href) {
        Resolved::External | Resolved::Unchecked => Ok(None),
        Resolved::Element { document, element } => Ok(Some(Anchor { document, element })),
        Resolved::Document { .. } => Err(format!(
            "href=\"{shown}\" has no #fragment naming an element"
        )),
        Resolved::NoFile { path } => Err(format!(
            "href=\"{shown}\" leads to {path}, which is not in the book"
        )),
        Resolved::NoFragment { path, fragment } => Err(format!(
            "href=\"{shown}\": {path} has no element with id \"{}\"",
            excerpt(&fragment)
        )),
        Resolved::Invalid { reason } => Err(format!("href=\"{shown}\" is unusable: {reason}")),
    }
}

fn location(document: &XhtmlDocument, anchor: Anchor) -> Option<String> {
    let line = document.element(anchor.element).map_or(0, |e| e.line);
    Some(format!("{}:{line}", document.path))
}

/// The note must exist; a backlink inside it should lead back here.
fn check_noteref(
    documents: &Documents,
    backlinks: &HashMap<Anchor, Vec<Anchor>>,
    document: &XhtmlDocument,
    noteref: Anchor,
    report: &mut Report,
) {
    let note = match target(documents, noteref) {
        Ok(Some(note)) => note,
        Ok(None) => return,
        Err(reason) => {
            report.add(
                Code::NoteTargetMissing,
                location(document, noteref),
                format!("the noteref does not lead to a note: {reason}"),
            );
            return;
        }
    };
    let links_back = backlinks.get(&noteref).is_some_and(|sources| {
        sources.iter().any(|backlink| {
            backlink.document == note.document
                && documents
                    .get(note.document)
                    .is_some_and(|d| d.document.contains(note.element, backlink.element))
        })
    });
    if !links_back {
        let has_id = document
            .element(noteref.element)
            .and_then(|e| e.attr("id"))
            .is_some();
        let message = if has_id {
            "the note has no backlink leading back to this noteref; readers cannot return"
        } else {
            "the noteref has no id, so its note cannot link back to it; give it an id"
        };
        report.add(Code::NoteNoBacklink, location(document, noteref), message);
    }
}

/// The backlink must lead to a noteref, and that noteref must point at the
/// note this backlink sits in.
fn check_backlink(
    documents: &Documents,
    document: &XhtmlDocument,
    backlink: Anchor,
    report: &mut Report,
) {
    let noteref = match target(documents, backlink) {
        Ok(Some(noteref)) => noteref,
        Ok(None) => return,
        Err(reason) => {
            report.add(
                Code::BacklinkTargetMissing,
                location(document, backlink),
                format!("the backlink does not lead back to a noteref: {reason}"),
            );
            return;
        }
    };
    let Some(referrer) = documents.get(noteref.document) else {
        return;
    };
    let Some(noteref_element) = referrer.element(noteref.element) else {
        return;
    };
    if !is_noteref(noteref_element) {
        report.add(
            Code::BacklinkNotNoteref,
            location(document, backlink),
            format!(
                "the backlink leads to <{}> at {}, which is not a noteref (epub:type=\"noteref\")",
                noteref_element.name,
                location(referrer, noteref).unwrap_or_default()
            ),
        );
        return;
    }
    // A broken noteref is reported on its own; only a working one can be
    // compared with the note holding this backlink.
    let Ok(Some(note)) = target(documents, noteref) else {
        return;
    };
    let inside = note.document == backlink.document
        && document.document.contains(note.element, backlink.element);
    if !inside {
        let note_id = documents
            .get(note.document)
            .and_then(|d| d.element(note.element))
            .and_then(|e| e.attr("id"))
            .unwrap_or("");
        report.add(
            Code::BacklinkMismatch,
            location(document, backlink),
            format!(
                "the backlink leads to the noteref at {}, but that noteref refers to note \"{}\", not the note holding this backlink",
                location(referrer, noteref).unwrap_or_default(),
                excerpt(note_id)
            ),
        );
    }
}
