//! Printed page markers: inert text in the Markdown that the parser turns
//! into page breaks.

use crate::model::Inline;

/// Opens a printed page's marker in the Markdown handed to [`parse`]: a
/// noncharacter, which no source keeps (see [`page_break`]).
const PAGE_BREAK_OPEN: char = '\u{FDD0}';
/// Closes it: Unicode punctuation, so that emphasis (`_word_`) can open right
/// after the marker as it would after a space.
const PAGE_BREAK_CLOSE: char = '\u{2E31}';

/// The inert text that stands for a printed page's start in the Markdown,
/// which [`parse`] turns into [`Inline::PageBreak`].
pub fn page_break(label: &str) -> String {
    format!("{PAGE_BREAK_OPEN}{label}{PAGE_BREAK_CLOSE}")
}

/// Removes from a source the characters that would read as page markers.
pub fn without_page_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(PAGE_BREAK_OPEN) {
        text.replace(PAGE_BREAK_OPEN, "").into()
    } else {
        text.into()
    }
}

/// Text with its page markers taken out.
pub(super) fn strip_page_breaks(text: &str) -> String {
    if !text.contains(PAGE_BREAK_OPEN) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(PAGE_BREAK_OPEN) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        match rest.find(PAGE_BREAK_CLOSE) {
            Some(close) => rest = &rest[close + PAGE_BREAK_CLOSE.len_utf8()..],
            None => rest = &rest[PAGE_BREAK_OPEN.len_utf8()..],
        }
    }
    out.push_str(rest);
    out
}

/// Turns complete page markers in the last text inline into page breaks.
pub(super) fn split_page_breaks(out: &mut Vec<Inline>) {
    let Some(Inline::Text(last)) = out.last_mut() else {
        return;
    };
    let Some(open) = last.find(PAGE_BREAK_OPEN) else {
        return;
    };
    let label_start = open + PAGE_BREAK_OPEN.len_utf8();
    let Some(length) = last[label_start..].find(PAGE_BREAK_CLOSE) else {
        return; // the rest of the marker is in text still to come
    };
    let label = last[label_start..label_start + length].to_string();
    let rest = last[label_start + length + PAGE_BREAK_CLOSE.len_utf8()..].to_string();
    last.truncate(open);
    if last.is_empty() {
        out.pop();
    }
    out.push(Inline::PageBreak(label));
    if !rest.is_empty() {
        out.push(Inline::Text(rest));
        split_page_breaks(out);
    }
}
