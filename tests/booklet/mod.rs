// Shared by tests/booklets.rs and examples/impose_booklets.rs, each of which reads only part of it.
#![allow(dead_code)]

//! A booklet generator: takes an export in reading order whose page
//! boundaries are real ("## Page N" headings, running feet such as "3 of 12"
//! or "Title — 3", or the end of a page's foot notes), strips the explicit page
//! numbers, and re-imposes the pages as a saddle-stitched booklet of the right
//! size, exported sheet by sheet with its blank pages left out.
//!
//! Only an export that shows where every page ends is imposed. A page without
//! notes and without a page number leaves no end behind, so the text between
//! two ends the generator sees may be several printed pages; a booklet moves
//! printed pages one by one, never such a run as a whole, so imposing it would
//! make a booklet no printer could. Such a run is told by its length: more
//! words than one printed page holds (see [`MAX_PAGE_WORDS`]). The same test
//! applies to every export, the project's fixtures and real documents alike.

use quire::model::{Block, Inline};
use quire::source::order::OrderChoice;

/// Most words one printed page holds. A dense A4 page of 10-point text holds
/// 700 to 900 words, a booklet's A5 page 300 to 500; text running longer
/// than this between two page ends the export shows spans pages whose ends it
/// does not show.
pub const MAX_PAGE_WORDS: usize = 1_000;

/// A page-number line: "12", "3 of 12", "Page 3", "The Lamplighters — 3".
fn is_page_number_line(line: &str) -> bool {
    let line = line.trim().trim_end_matches('`').trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        [n] => number(n),
        [p, n] => p.eq_ignore_ascii_case("page") && number(n),
        [n, "of", m, ..] if number(n) && number(m) => true,
        [.., dash, n] => matches!(*dash, "—" | "-" | "–" | "|") && number(n) && words.len() <= 8,
        _ => false,
    }
}

fn page_heading(line: &str) -> bool {
    line.trim_start()
        .trim_start_matches('#')
        .trim()
        .strip_prefix("Page ")
        .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit()))
        && line.starts_with('#')
}

fn is_definition(block: &str) -> bool {
    let t = block.trim_start();
    t.strip_prefix("<sup>")
        .and_then(|r| r.split_once("</sup>"))
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The pages of an in-order export, explicit page numbers stripped.
pub fn pages(text: &str) -> Vec<String> {
    let mut pages = Vec::new();
    let mut page: Vec<String> = Vec::new();
    let mut after_notes = false;
    for block in text
        .split("\n\n")
        .map(str::trim_end)
        .filter(|b| !b.trim().is_empty())
    {
        let single = !block.trim().contains('\n');
        if single && page_heading(block) {
            if !page.is_empty() {
                pages.push(page.join("\n\n"));
                page.clear();
            }
            after_notes = false;
            continue;
        }
        if single && is_page_number_line(block) {
            if !page.is_empty() {
                pages.push(page.join("\n\n"));
                page.clear();
            }
            after_notes = false;
            continue;
        }
        let definition = is_definition(block);
        if after_notes && !definition {
            pages.push(page.join("\n\n"));
            page.clear();
        }
        after_notes = definition;
        // A running foot glued to the page's last line ("... 3 of 12 ```") goes
        // too, leaving the code fence it closes; a bare number inside a block
        // (a year in a colophon) stays.
        let lines: Vec<&str> = block
            .lines()
            .filter_map(|l| {
                if !is_page_number_line(l) || l.trim().chars().all(|c| c.is_ascii_digit()) {
                    Some(l)
                } else if l.trim_end().ends_with("```") {
                    Some("```")
                } else {
                    None
                }
            })
            .collect();
        if !lines.is_empty() {
            page.push(lines.join("\n").replace("_page_", "_image_"));
        }
    }
    if !page.is_empty() {
        pages.push(page.join("\n\n"));
    }
    // A rule between a page's foot and the next page's heading separates
    // pages: it belongs to neither.
    pages
        .into_iter()
        .filter_map(|p| {
            let blocks: Vec<&str> = p.split("\n\n").collect();
            let first = blocks.iter().position(|b| !is_rule(b))?;
            let last = blocks.iter().rposition(|b| !is_rule(b))?;
            Some(blocks[first..=last].join("\n\n"))
        })
        .collect()
}

fn is_rule(block: &str) -> bool {
    let t = block.trim();
    t.len() >= 3 && t.chars().all(|c| c == '-' || c == '*' || c == '_')
}

/// The most words between two page ends the export shows.
pub fn longest_page(pages: &[String]) -> usize {
    pages
        .iter()
        .map(|p| p.split_whitespace().count())
        .max()
        .unwrap_or(0)
}

/// The pages as a saddle-stitched booklet exported sheet by sheet: the
/// smallest multiple of four pages that holds them, the blank pages at the end left out.
pub fn impose(pages: &[String]) -> String {
    let sheets = pages.len().div_ceil(4) * 4;
    quire::source::order::imposition(sheets)
        .into_iter()
        .map(|p| p as usize)
        .filter(|&p| p <= pages.len())
        .map(|p| pages[p - 1].as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// The body text quire reads from `text` (in the order `order` fixes, if
/// given), and whether it kept the file's order.
pub fn read(text: &str, order: Option<OrderChoice>) -> (String, bool) {
    let content = quire::source::read_with(text, order);
    let mut out = String::new();
    fn walk(blocks: &[Block], out: &mut String) {
        for block in blocks {
            match block {
                Block::Paragraph(i) | Block::Heading { content: i, .. } => {
                    out.push_str(&Inline::plain_text(i));
                    out.push('\n');
                }
                Block::Quote(b) => walk(b, out),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Code(c) => out.push_str(c),
                _ => {}
            }
        }
    }
    for chapter in &content.chapters {
        if let Some(h) = &chapter.heading {
            out.push_str(&Inline::plain_text(h));
            out.push('\n');
        }
        walk(&chapter.blocks, &mut out);
    }
    let kept = !content
        .explanation
        .iter()
        .any(|l| l.starts_with("reading order (") && !l.starts_with("reading order (as exported)"));
    (out, kept)
}

/// What the generator found for one in-order export.
#[derive(Debug)]
pub struct Trial {
    pub name: String,
    pub pages: usize,
    /// Two or more pages carry foot notes, or one is a Contents page: numbers
    /// a reader (and quire) can order the pages by once page numbers are gone.
    /// Without them only running sentences say where a page belongs, which by
    /// quire's rule is not enough to reorder on its own.
    pub carries_numbers: bool,
    /// The booklet read with `order = "booklet"` comes back exactly.
    pub restored_when_told: bool,
    /// The in-order export (page numbers stripped) kept its order.
    pub in_order_kept: bool,
    /// The imposed booklet read back exactly as the in-order export does.
    pub restored: bool,
    /// The imposed booklet was left in the file's order (no third order).
    pub left_as_file: bool,
}

/// Why an export was not imposed.
#[derive(Debug, PartialEq, Eq)]
pub enum NotImposed {
    /// Fewer pages than imposing would move (one or two).
    TooFewPages,
    /// Some run of text between two page ends the export shows is longer
    /// than a printed page: it hides page ends (see [`MAX_PAGE_WORDS`]).
    /// Its pages in order (page numbers stripped) are still read: whether
    /// quire kept them in order.
    PagesNotAllMarked { words: usize, in_order_kept: bool },
}

/// Imposes one in-order export and reads both versions back.
pub fn trial(name: &str, text: &str) -> Result<Trial, NotImposed> {
    let pages = pages(text);
    let longest = longest_page(&pages);
    let in_order = pages.join("\n\n") + "\n";
    if longest > MAX_PAGE_WORDS && pages.len() > 1 {
        return Err(NotImposed::PagesNotAllMarked {
            words: longest,
            in_order_kept: read(&in_order, None).1,
        });
    }
    if pages.len() < 3 || impose(&pages) == in_order {
        return Err(NotImposed::TooFewPages);
    }
    let (expected, in_order_kept) = read(&in_order, None);
    let imposed = impose(&pages);
    let (got, _) = read(&imposed, None);
    let (as_file, _) = read(&imposed, Some(OrderChoice::AsFile));
    let (told, _) = read(&imposed, Some(OrderChoice::Booklet));
    let noted = pages
        .iter()
        .filter(|p| p.split("\n\n").any(is_definition))
        .count();
    let contents = pages.iter().any(|p| {
        p.lines().any(|l| {
            l.trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("contents")
        })
    });
    Ok(Trial {
        name: name.to_string(),
        pages: pages.len(),
        carries_numbers: noted >= 2 || contents,
        restored_when_told: told == expected,
        in_order_kept,
        restored: got == expected,
        left_as_file: got == as_file,
    })
}
