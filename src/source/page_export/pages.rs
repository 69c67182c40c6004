//! The export cut into pages, and what each page tells the order.

use super::contents::{self, ContentsEntry};
use super::furniture::FurnitureBreak;
use super::lines::*;
use crate::source::order::{self, End, Role, Start};
use crate::source::text::{heading_text, TextBlock};

/// A page-foot note: `<sup>12</sup> Text of the note`.
#[derive(Debug, Clone)]
pub(super) struct NoteDef {
    pub(super) number: u32,
    pub(super) line: usize,
    pub(super) lines: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct ExportPage {
    pub(super) role: Option<Role>,
    pub(super) body: Vec<TextBlock>,
    pub(super) notes: Vec<NoteDef>,
    /// The page number printed on the page: its running head or foot, or a "## Page N" heading.
    pub(super) printed_number: Option<u32>,
    /// Begins at a section the Contents page lists, after text that ended: it
    /// may go on the same printed page as the exported page before it, or start a
    /// page whose break left no other trace.
    pub(super) joined: bool,
    /// Begins after a paragraph that stopped mid-sentence: the page before
    /// ended there, its sentence going on on a page exported elsewhere.
    pub(super) after_broken_paragraph: bool,
}

/// Cuts the export into pages (see [`split_pages_of`]), the front matter above
/// the essay a page of its own.
pub(super) fn split_pages(
    front: &[TextBlock],
    blocks: &[TextBlock],
    breaks: &[Option<FurnitureBreak>],
    heads: bool,
    broken_off: bool,
    contents_out: &mut Vec<ContentsEntry>,
) -> Vec<ExportPage> {
    let mut pages = split_pages_of(blocks, breaks, heads, broken_off, contents_out);
    // Superscript-numbered lines above the text are a paper's affiliations, not names or titles.
    if !front.is_empty() {
        pages.insert(
            0,
            ExportPage {
                role: Some(Role::Matter),
                body: front.to_vec(),
                ..ExportPage::default()
            },
        );
    }
    pages
}

/// The export lines of body paragraphs that stop mid-sentence, followed on
/// the same page by a paragraph that starts afresh.
pub(super) fn broken_off_paragraphs(pages: &[ExportPage]) -> Vec<usize> {
    pages
        .iter()
        .filter(|p| p.role.is_none())
        .flat_map(|p| p.body.windows(2))
        .filter(|pair| stops_before_fresh_start(&pair[0], &pair[1]))
        .map(|pair| pair[0].line)
        .collect()
}

/// Cuts the essay into pages: a page ends after its foot notes, before a
/// Contents page, where `breaks` says a running head or foot stood, and, when
/// `broken_off` is set, after a paragraph that stops mid-sentence before one
/// that starts afresh.
pub(super) fn split_pages_of(
    blocks: &[TextBlock],
    breaks: &[Option<FurnitureBreak>],
    heads: bool,
    broken_off: bool,
    contents_out: &mut Vec<ContentsEntry>,
) -> Vec<ExportPage> {
    let mut pages = Vec::new();
    let mut page = ExportPage::default();
    let mut index = 0;
    while index < blocks.len() {
        let block = &blocks[index];
        let trimmed = block.text.trim();
        let next_is_note = blocks
            .get(index + 1)
            .is_some_and(|b| note_number(definition_start(&b.text)).is_some());
        if note_number(definition_start(trimmed)).is_some() {
            page.notes.extend(note_defs(block));
        } else if let Some(number) = page_heading(trimmed) {
            // "## Page N": an export's own page boundary.
            close(&mut pages, &mut page);
            page.printed_number = Some(number);
            page.body.push(block.clone());
        } else if is_rule(trimmed) && next_is_note {
            // The rule that separates a page's text from its notes.
        } else if let Some(entries) = contents_at(blocks, index) {
            // A Contents page is a page of its own: close the one before. A
            // page of a title and short lines just before it is the title page
            // (printed pages 1 and 2 are always exported side by side), even
            // where the export does not begin with it.
            if page.role.is_none()
                && page.notes.is_empty()
                && page.body.first().is_some_and(|b| b.text.starts_with("# "))
                && !page.body.iter().any(is_prose)
            {
                page.role = Some(Role::Matter);
            }
            close(&mut pages, &mut page);
            let heading = usize::from(trimmed.starts_with('#'));
            contents_out.extend(entries);
            pages.push(ExportPage {
                role: Some(Role::Contents),
                body: blocks[index..=index + heading].to_vec(),
                ..ExportPage::default()
            });
            index += heading;
        } else {
            // Text after notes starts the next page; so does a blank line in
            // mid-sentence, where a page without notes ended, and a paragraph
            // that goes on mid-sentence after one that ended (no writer starts
            // a paragraph with a lower-case word carrying on a sentence, but a
            // booklet's page, exported out of order, does).
            let hidden_break = page.body.last().is_some_and(|last| {
                !last.text.trim_start().starts_with('#')
                    && starts_mid_sentence(&block.text)
                    && match sentence_end(&last.text) {
                        End::Open | End::Hyphen => true,
                        End::Closed => {
                            (is_prose(last) || is_colophon_block(last))
                                && !block.text.contains("  \n")
                                && block.text.trim_start().starts_with(char::is_lowercase)
                        }
                        End::Empty => false,
                    }
            });
            // A title page (a top heading and short lines) is a page of its own.
            let title_block = block.text.starts_with("# ");
            let after_title_page = is_prose(block)
                && page.body.first().is_some_and(|b| b.text.starts_with("# "))
                && !page.body.iter().any(is_prose);
            let broken_off_before = broken_off
                && page
                    .body
                    .last()
                    .is_some_and(|last| stops_before_fresh_start(last, block));
            if !page.notes.is_empty() || hidden_break || title_block || after_title_page {
                close(&mut pages, &mut page);
            } else if broken_off_before {
                close(&mut pages, &mut page);
                page.after_broken_paragraph = true;
            } else if listed_section_after_text(&page, block, contents_out) {
                close(&mut pages, &mut page);
                page.joined = true;
            }
            page.body.push(block.clone());
        }
        if let Some(Some(FurnitureBreak { printed })) = breaks.get(index) {
            if heads {
                close(&mut pages, &mut page);
                page.printed_number = *printed;
            } else {
                page.printed_number = page.printed_number.or(*printed);
                close(&mut pages, &mut page);
            }
        }
        index += 1;
    }
    close(&mut pages, &mut page);
    // Short, non-prose pages after the essay are a colophon.
    let mut colophon = false;
    for page in pages.iter_mut().rev() {
        if page.role.is_some() {
            continue;
        }
        if looks_like_colophon(page) {
            page.role = Some(Role::Matter);
            colophon = true;
        } else {
            break;
        }
    }
    // A colophon page whose break left no trace (the last text page has no
    // notes) is still the run of colophon lines after the essay's last sentence.
    if !colophon {
        if let Some(last) = pages
            .last_mut()
            .filter(|p| p.role.is_none() && p.notes.is_empty())
        {
            let lines_from = last
                .body
                .iter()
                .rposition(|b| !is_colophon_block(b))
                .map_or(0, |at| at + 1);
            let ended = lines_from > 0
                && is_prose(&last.body[lines_from - 1])
                && sentence_end(&last.body[lines_from - 1].text) == End::Closed;
            if ended && lines_from < last.body.len() {
                let lines = last.body.split_off(lines_from);
                pages.push(ExportPage {
                    role: Some(Role::Matter),
                    body: lines,
                    ..ExportPage::default()
                });
            }
        }
    }
    pages
}

/// A page of short lines (a name, a printer, a year) or links, with no prose,
/// headings or notes: a colophon when it ends the essay.
pub(super) fn looks_like_colophon(page: &ExportPage) -> bool {
    page.notes.is_empty()
        && !page.body.is_empty()
        && page
            .body
            .iter()
            .all(|b| !is_prose(b) && !b.text.starts_with('#'))
        && page
            .body
            .iter()
            .any(|b| b.text.contains("](") || b.text.contains("  \n"))
}

/// A heading the Contents page lists, after prose that ended on this page.
pub(super) fn listed_section_after_text(
    page: &ExportPage,
    block: &TextBlock,
    contents: &[ContentsEntry],
) -> bool {
    page.notes.is_empty()
        && page.role.is_none()
        && page
            .body
            .last()
            .is_some_and(|last| is_prose(last) && sentence_end(&last.text) == End::Closed)
        && heading_text(&block.text)
            .is_some_and(|h| contents.iter().any(|e| contents::same_title(&e.title, h)))
}

pub(super) fn close(pages: &mut Vec<ExportPage>, page: &mut ExportPage) {
    if !page.body.is_empty() || !page.notes.is_empty() || page.role.is_some() {
        pages.push(std::mem::take(page));
    }
}

/// Contents entries starting at `index`: an entry block, or a heading followed by one.
pub(super) fn contents_at(blocks: &[TextBlock], index: usize) -> Option<Vec<ContentsEntry>> {
    let block = blocks.get(index)?;
    if block.text.trim_start().starts_with('#') {
        return contents::parse_block(&blocks.get(index + 1)?.text);
    }
    contents::parse_block(&block.text)
}

/// The note definitions in a block; a line that starts with another marker starts another note.
pub(super) fn note_defs(block: &TextBlock) -> Vec<NoteDef> {
    let mut defs: Vec<NoteDef> = Vec::new();
    for (offset, line) in block.lines().enumerate() {
        match (note_number(definition_start(line)), defs.last_mut()) {
            (Some(number), _) => {
                let text = definition_start(line);
                let after = &text[text.find("</sup>").map(|e| e + 6).unwrap_or(0)..];
                defs.push(NoteDef {
                    number,
                    line: block.line + offset,
                    lines: vec![after.trim().to_string()],
                });
            }
            (None, Some(def)) => def.lines.push(line.trim().to_string()),
            (None, None) => {}
        }
    }
    defs
}

pub(super) fn evidence(page: &ExportPage, contents: &[ContentsEntry]) -> order::PageEvidence {
    let role = page.role.unwrap_or(Role::Body);
    let mut notes: Vec<u32> = page.notes.iter().map(|n| n.number).collect();
    notes.sort_unstable();
    let anchor = page
        .body
        .iter()
        .filter_map(|b| heading_text(&b.text))
        .find_map(|h| {
            contents
                .iter()
                .find(|e| contents::same_title(&e.title, h))
                .map(|e| e.page)
        });
    let start = match page.body.first() {
        None => Start::Empty,
        Some(b) if b.text.starts_with('#') => Start::Heading,
        Some(b) if starts_mid_sentence(&b.text) => Start::Continuation,
        Some(_) => Start::Fresh,
    };
    let end = match page.body.last() {
        None => End::Empty,
        Some(b) if b.text.starts_with('#') || is_rule(b.text.trim()) => End::Closed,
        Some(b) => sentence_end(&b.text),
    };
    let printed_number = page
        .printed_number
        .or_else(|| page.body.iter().find_map(|b| image_page(&b.text)));
    let section = page.body.iter().find_map(|b| section_number(&b.text));
    order::PageEvidence {
        role,
        notes,
        anchor,
        start,
        end,
        printed_number,
        section,
        joined: page.joined,
    }
}
