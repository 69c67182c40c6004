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

/// A printed page number as a position in its numbering: the front matter's
/// Roman numerals (`xiv`) come before the body's Arabic ones.
fn page_position(label: &str) -> Option<(u8, u32)> {
    let label = label.trim();
    if let Ok(number) = label.parse::<u32>() {
        return Some((1, number));
    }
    let value = |c: char| match c.to_ascii_lowercase() {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Option<Vec<u32>> = label.chars().map(value).collect();
    let values = values.filter(|v| !v.is_empty())?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    (total > 0).then_some((0, total as u32))
}

/// Whether printed page numbers, in reading order, form a sequence a reader
/// can go to: each a number, each once, rising (Roman numerals before Arabic).
pub fn is_page_sequence(labels: &[&str]) -> bool {
    let positions: Option<Vec<(u8, u32)>> = labels.iter().map(|l| page_position(l)).collect();
    positions.is_some_and(|p| p.windows(2).all(|w| w[0] < w[1]))
}

/// Keeps the printed pages only where they are a sequence a reader can go
/// to: a page marker inside a heading is taken out (a page begins before a
/// heading, never inside it), and when the numbers left are no sequence (see
/// [`is_page_sequence`]) every marker is taken out, so the book offers no page
/// list and claims none. Returns what was done, for `--explain`.
pub fn keep_page_sequence(
    chapters: &mut [crate::model::Chapter],
    notes: &mut [crate::model::Note],
) -> Vec<String> {
    use crate::model::Block;
    fn strip(inlines: &mut Vec<Inline>) -> usize {
        let before = inlines.len();
        inlines.retain(|i| !matches!(i, Inline::PageBreak(_)));
        let mut removed = before - inlines.len();
        for inline in inlines.iter_mut() {
            if let Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } = inline
            {
                removed += strip(c);
            }
        }
        removed
    }
    fn strip_blocks(blocks: &mut [Block], headings_only: bool) -> usize {
        let mut removed = 0;
        for block in blocks {
            match block {
                Block::Heading { content, .. } => removed += strip(content),
                Block::Paragraph(inlines) if !headings_only => removed += strip(inlines),
                Block::Quote(inner) => removed += strip_blocks(inner, headings_only),
                Block::List { items, .. } => {
                    for item in items {
                        removed += strip_blocks(item, headings_only);
                    }
                }
                Block::Table { head, rows } if !headings_only => {
                    removed += head.iter_mut().map(strip).sum::<usize>();
                    removed += rows.iter_mut().flatten().map(strip).sum::<usize>();
                }
                _ => {}
            }
        }
        removed
    }
    let mut said = Vec::new();
    let mut in_headings = 0;
    for chapter in chapters.iter_mut() {
        // A page that begins with the chapter's heading begins with its text.
        let moved: Vec<Inline> = chapter
            .heading
            .iter_mut()
            .flat_map(|h| {
                let pages: Vec<Inline> = h
                    .iter()
                    .filter(|i| matches!(i, Inline::PageBreak(_)))
                    .cloned()
                    .collect();
                h.retain(|i| !matches!(i, Inline::PageBreak(_)));
                pages
            })
            .collect();
        in_headings += moved.len();
        if let Some(Block::Paragraph(first)) = chapter.blocks.first_mut() {
            first.splice(0..0, moved);
        }
        in_headings += strip_blocks(&mut chapter.blocks, true);
    }
    if in_headings > 0 {
        said.push(format!(
            "pages: {in_headings} page markers inside headings moved to the text after the chapter's heading, or taken out (a page begins before a heading, not inside it)"
        ));
    }
    let mut labels = Vec::new();
    for chapter in chapters.iter() {
        for_each_page(&chapter.blocks, &mut |label| labels.push(label.to_string()));
    }
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    if !labels.is_empty() && !is_page_sequence(&label_refs) {
        let shown: Vec<&str> = label_refs.iter().take(12).copied().collect();
        said.push(format!(
            "pages: the printed page numbers ({}{}) are no rising sequence with each page once, so the book has no page list",
            shown.join(", "),
            if labels.len() > 12 { ", …" } else { "" }
        ));
        for chapter in chapters.iter_mut() {
            strip_blocks(&mut chapter.blocks, false);
        }
        for note in notes.iter_mut() {
            strip_blocks(&mut note.blocks, false);
        }
    }
    said
}

fn for_each_page(blocks: &[crate::model::Block], f: &mut impl FnMut(&str)) {
    crate::model::for_each_inlines(blocks, &mut |inlines| {
        crate::model::for_each_inline(inlines, &mut |inline| {
            if let Inline::PageBreak(label) = inline {
                f(label);
            }
        });
    });
}

#[cfg(test)]
mod sequence_tests {
    use super::*;

    #[test]
    fn page_numbers_rise_each_once_roman_before_arabic() {
        assert!(is_page_sequence(&["ix", "x", "1", "2", "5"]));
        assert!(!is_page_sequence(&["2", "56", "10"]));
        assert!(!is_page_sequence(&["3", "3"]));
        assert!(!is_page_sequence(&["1", "ii"]));
        assert!(!is_page_sequence(&["1", "A"]));
    }
}
