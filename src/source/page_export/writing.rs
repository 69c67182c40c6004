//! The pages in reading order written out as plain Markdown: sentences and
//! words rejoined across page breaks, page-foot notes as standard footnotes,
//! and a marker where each printed page starts.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::lines::*;
use super::pages::ExportPage;
use super::reconstructed::Reconstructed;
use crate::diagnostic::WarningCode;
use crate::source::order::End;
use crate::source::text::{self, TextBlock};

/// Lines of one block in the output, each with the export line it came from.
pub(super) type Lines<'a> = Vec<(usize, Cow<'a, str>)>;

pub(super) fn write_markdown(
    out: &mut Reconstructed,
    pages: &[&ExportPage],
    labels: &[Option<u32>],
) {
    // Note labels: the printed number, unless numbering restarts and a number repeats.
    let mut seen: HashMap<u32, usize> = HashMap::new();
    for page in pages {
        for note in &page.notes {
            *seen.entry(note.number).or_default() += 1;
        }
    }
    let label = |number: u32, page: usize| -> String {
        if seen.get(&number).copied().unwrap_or(0) > 1 {
            format!("{number}-p{}", page + 1)
        } else {
            number.to_string()
        }
    };
    // The pages each note number's definitions sit on, for markers whose note is not on their own page.
    let mut defined_on: HashMap<u32, Vec<usize>> = HashMap::new();
    for (page_index, page) in pages.iter().enumerate() {
        for note in &page.notes {
            defined_on.entry(note.number).or_default().push(page_index);
        }
    }
    // A marker's note: on its own page, else the nearest page defining that
    // number (numbering that restarts per chapter keeps each note in its chapter).
    let resolve = |number: u32, page: usize, local: &HashSet<u32>| -> Option<String> {
        if local.contains(&number) {
            return Some(label(number, page));
        }
        let nearest = defined_on
            .get(&number)?
            .iter()
            .min_by_key(|&&q| (q.abs_diff(page), std::cmp::Reverse(q)))?;
        Some(label(number, *nearest))
    };

    let mut blocks: Vec<(bool, Lines)> = Vec::new(); // (is paragraph, lines)
    let mut joins = Vec::new();
    // (printed page, block, line in block, column) where each labelled page's text starts.
    let mut page_starts: Vec<(u32, usize, usize, usize)> = Vec::new();
    // The last note number met, while numbering runs in sequence (`None` once it has not).
    let mut sequence = Some(0);
    // Only needed to judge a hyphen at a page break; built at most once.
    let all_text = std::cell::OnceCell::new();
    let body_text = || {
        BodyText::of(
            pages
                .iter()
                .flat_map(|p| p.body.iter().map(|b| b.text.as_str()))
                .collect(),
        )
    };
    for (page_index, page) in pages.iter().enumerate() {
        let local: HashSet<u32> = page.notes.iter().map(|n| n.number).collect();
        for (k, block) in page.body.iter().enumerate() {
            note_sequence(block, &local, &mut sequence, &mut out.warnings);
            let mut lines: Lines = block
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    (
                        block.line + i,
                        markers_to_footnotes(
                            l,
                            block.line + i,
                            |n| resolve(n, page_index, &local),
                            &mut out.warnings,
                        ),
                    )
                })
                .collect();
            let paragraph =
                !block.text.trim_start().starts_with('#') && !is_rule(block.text.trim());
            if k == 0 && paragraph {
                let last_block = blocks.len().saturating_sub(1);
                if let Some((true, previous)) = blocks.last_mut() {
                    let column = previous.last().map_or(0, |(_, t)| t.trim_end().len());
                    if let Some(join) =
                        join_across_pages(previous, &mut lines, all_text.get_or_init(body_text))
                    {
                        joins.push(join);
                        if let Some(label) = labels.get(page_index).copied().flatten() {
                            // The page starts inside the rejoined line, after the previous page's words.
                            let at = previous.len() - 1;
                            page_starts.push((label, last_block, at, column));
                        }
                        previous.extend(lines);
                        continue;
                    }
                }
            }
            if k == 0 {
                if let Some(label) = labels.get(page_index).copied().flatten() {
                    page_starts.push((label, blocks.len(), 0, 0));
                }
            }
            blocks.push((paragraph, lines));
        }
    }
    // Sized exactly: the Markdown is as large as the source, and growing it
    // by doubling would hold twice that.
    let mut size: usize = blocks
        .iter()
        .map(|(_, lines)| lines.iter().map(|(_, t)| t.len() + 1).sum::<usize>() + 1)
        .sum();
    for (page_index, page) in pages.iter().enumerate() {
        for note in &page.notes {
            for (i, line) in note.lines.iter().enumerate() {
                size += line.len()
                    + if i == 0 {
                        "[^]: \n".len() + label(note.number, page_index).len()
                    } else {
                        "    \n".len()
                    };
            }
        }
    }
    out.markdown.reserve(size);
    let mut starts = page_starts.into_iter().peekable();
    for (index, (_, lines)) in blocks.iter().enumerate() {
        for (at, (line, text)) in lines.iter().enumerate() {
            while let Some((label, _, _, column)) =
                starts.next_if(|&(_, b, l, _)| b == index && l == at)
            {
                let offset = out.markdown.len() + column.min(text.len());
                out.page_labels.push((label.to_string(), offset));
            }
            out.markdown.push_str(text);
            out.markdown.push('\n');
            out.line_map.push(*line);
        }
        out.markdown.push('\n');
        out.line_map.push(lines.last().map(|l| l.0).unwrap_or(0));
    }
    for (page_index, page) in pages.iter().enumerate() {
        for note in &page.notes {
            for (i, line) in note.lines.iter().enumerate() {
                if i == 0 {
                    out.markdown.push_str(&format!(
                        "[^{}]: {}\n",
                        label(note.number, page_index),
                        line
                    ));
                } else {
                    out.markdown.push_str(&format!("    {line}\n"));
                }
                out.line_map.push(note.line + i);
            }
        }
    }
    out.explanation.push(format!(
        "{} page breaks rejoined mid-sentence:",
        joins.len()
    ));
    out.explanation
        .extend(joins.into_iter().map(|j| format!("  {j}")));
}

/// Puts a page marker (see [`page_break`](crate::source::markdown::page_break)) where
/// each printed page's text begins: before the first word that starts on the
/// page, after a word the page break split, past the marks that open a
/// heading, quotation or list item. A page with no text after it gets none.
pub fn mark_page_breaks(markdown: &str, page_labels: &[(String, usize)]) -> String {
    let mut positions: Vec<(usize, &str)> = page_labels
        .iter()
        .filter_map(|(label, offset)| Some((marker_position(markdown, *offset)?, label.as_str())))
        .collect();
    positions.sort_by_key(|&(at, _)| at);
    let markers: Vec<(usize, String)> = positions
        .into_iter()
        .map(|(at, label)| (at, crate::source::markdown::page_break(label)))
        .collect();
    // Sized exactly: the text is the size of the source, and growing it by
    // doubling would hold twice that.
    let size = markdown.len() + markers.iter().map(|(_, m)| m.len()).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut from = 0;
    for (at, marker) in markers {
        out.push_str(&markdown[from..at]);
        out.push_str(&marker);
        from = at;
    }
    out.push_str(&markdown[from..]);
    out
}

/// Where the first word at or after `offset` begins, skipping the rest of a
/// word `offset` falls inside, and Markdown's block marks.
pub(super) fn marker_position(markdown: &str, offset: usize) -> Option<usize> {
    let mut at = offset.min(markdown.len());
    while !markdown.is_char_boundary(at) {
        at += 1;
    }
    let before = markdown[..at].chars().next_back();
    if before.is_some_and(|c| !c.is_whitespace()) {
        at += markdown[at..]
            .find(char::is_whitespace)
            .unwrap_or(markdown.len() - at);
    }
    loop {
        at += markdown[at..].len() - markdown[at..].trim_start_matches([' ', '\t']).len();
        let rest = &markdown[at..];
        if rest.is_empty() {
            return None;
        }
        if let Some(next_line) = rest.strip_prefix('\n') {
            at = markdown.len() - next_line.len();
            continue;
        }
        if at == 0 || markdown.as_bytes()[at - 1] == b'\n' {
            let line = rest.lines().next().unwrap_or("");
            if is_standard_definition(line) {
                return None; // the notes: the body has ended
            }
            let fence = line.starts_with("```") || line.starts_with("~~~");
            if is_rule(line) || fence {
                at += line.len();
                continue;
            }
            at += block_marks(line);
            if markdown[at..].starts_with('\n') || at == markdown.len() {
                continue;
            }
        }
        return Some(at);
    }
}

/// The length of the marks opening a line of Markdown: quotation marks,
/// heading marks, list bullets and numbers, a table row's bar.
pub(super) fn block_marks(line: &str) -> usize {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        let mark = if trimmed.starts_with(['>', '|']) {
            1
        } else if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            hashes
        } else if trimmed.starts_with(['-', '*', '+']) && trimmed[1..].starts_with(' ') {
            1
        } else if digits > 0
            && trimmed[digits..].starts_with(['.', ')'])
            && trimmed[digits + 1..].starts_with(' ')
        {
            digits + 1
        } else {
            return line.len() - trimmed.len();
        };
        rest = &trimmed[mark..];
    }
}

/// All body text, for deciding whether a hyphen at a page break is part of
/// the word: searched where it lies, block by block, not copied whole. A word
/// with no whitespace in it stands inside one run of non-blank characters, so
/// a hyphenated one is looked for among the runs that hold a hyphen, kept
/// apart (a few per page), not through the whole text.
pub(super) struct BodyText<'a> {
    blocks: Vec<&'a str>,
    hyphenated: String,
}

impl<'a> BodyText<'a> {
    /// The body text of these blocks.
    pub(super) fn of(blocks: Vec<&'a str>) -> Self {
        let mut hyphenated = String::new();
        for block in &blocks {
            // The run around each hyphen, once however many hyphens it holds.
            let mut done = 0;
            for at in memchr::memchr_iter(b'-', block.as_bytes()) {
                if at < done {
                    continue;
                }
                let start = block[..at]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let end = block[at..]
                    .find(char::is_whitespace)
                    .map_or(block.len(), |i| at + i);
                hyphenated.push_str(&block[start..end]);
                hyphenated.push(' ');
                done = end;
            }
        }
        BodyText { blocks, hyphenated }
    }

    /// Whether `word` (no whitespace in it) stands in the text.
    pub(super) fn contains(&self, word: &str) -> bool {
        if word.contains('-') {
            return self.hyphenated.contains(word);
        }
        let finder = memchr::memmem::Finder::new(word);
        self.blocks
            .iter()
            .any(|block| finder.find(block.as_bytes()).is_some())
    }
}

/// Rejoins a paragraph that a page break cut, returning a description of the join.
pub(super) fn join_across_pages(
    previous: &mut Lines<'_>,
    next: &mut Lines<'_>,
    all_text: &BodyText,
) -> Option<String> {
    let (prev_line, prev_text) = previous.last_mut()?;
    let (next_line, next_text) = next.first_mut()?;
    let end = sentence_end(prev_text);
    let continues = starts_mid_sentence(next_text);
    if !(matches!(end, End::Open | End::Hyphen) || continues) {
        return None;
    }
    let left_word: String = prev_text
        .trim_end()
        .trim_end_matches('-')
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_string();
    let right_word: String = next_text
        .trim_start()
        .split(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_string();
    let joined = if end == End::Hyphen && continues {
        let right_core: String = right_word
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let hyphenated = format!("{left_word}-{right_core}");
        if all_text.contains(&hyphenated) && !all_text.contains(&format!("{left_word}{right_core}"))
        {
            format!("{}{}", prev_text.trim_end(), next_text.trim_start())
        } else {
            format!(
                "{}{}",
                prev_text.trim_end().trim_end_matches('-'),
                next_text.trim_start()
            )
        }
    } else {
        format!("{} {}", prev_text.trim_end(), next_text.trim_start())
    };
    let description = format!(
        "lines {prev_line}/{next_line}: \"…{}\" + \"{}…\"",
        tail_words(prev_text, 4),
        head_words(next_text, 4)
    );
    *prev_text = Cow::Owned(joined);
    next.remove(0);
    Some(description)
}

pub(super) fn tail_words(text: &str, n: usize) -> String {
    // Read from the end: a paragraph rejoined across pages can be long.
    let mut words: Vec<&str> = text.split_whitespace().rev().take(n).collect();
    words.reverse();
    words.join(" ")
}

pub(super) fn head_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Notes are numbered in reading order in the book. Where the source's own
/// numbers do not rise, say so once, at the first marker out of sequence
/// (numbering that restarts on each page is a layout, not a mistake).
pub(super) fn note_sequence(
    block: &TextBlock,
    local: &HashSet<u32>,
    last: &mut Option<u32>,
    warnings: &mut Vec<(usize, WarningCode, String)>,
) {
    let Some(previous) = *last else { return };
    let mut previous = previous;
    for (offset, line) in block.lines().enumerate() {
        for at in text::positions(line, "<sup>") {
            let Some(number) = note_number(&line[at..]).filter(|n| local.contains(n)) else {
                continue;
            };
            if number < previous && number != 1 {
                warnings.push((
                    block.line + offset,
                    WarningCode::NoteSequence,
                    format!("note {number} comes after note {previous}: the source's note numbers are out of sequence; the book numbers notes in reading order"),
                ));
                *last = None;
                return;
            }
            previous = number;
        }
    }
    *last = Some(previous);
}

/// Rewrites `<sup>N</sup>` note markers as `[^label]` footnote references.
/// A superscript that is not a number, or a number with no note, stays as it is.
pub(super) fn markers_to_footnotes<'a>(
    line: &'a str,
    line_number: usize,
    label: impl Fn(u32) -> Option<String>,
    warnings: &mut Vec<(usize, WarningCode, String)>,
) -> Cow<'a, str> {
    if text::find(line, "<sup>").is_none() {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = text::find(rest, "<sup>") {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match (note_number(after), text::find(after, "</sup>")) {
            (Some(number), Some(close)) => {
                if let Some(label) = label(number) {
                    out.push_str(&format!("[^{label}]"));
                } else {
                    warnings.push((
                        line_number,
                        WarningCode::NoteUndefined,
                        format!("note marker {number} has no note; it is kept as a superscript"),
                    ));
                    out.push_str(&after[..close + 6]);
                }
                rest = &after[close + 6..];
            }
            _ => {
                out.push_str("<sup>");
                rest = &after[5..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
