//! Reads a page-by-page text export of a printed booklet.
//!
//! Such an export is Markdown, but its layout is the printer's: each page's
//! notes sit at its foot (`<sup>N</sup> text`, often after `---`), the pages
//! may come in printing order, sentences and words break across pages, and
//! the title page, colophon and Contents page are pages like any other. This
//! reader finds the pages, hands their evidence to [`order`](super::order),
//! rejoins what the page breaks split, and writes the essay out again as plain
//! Markdown with standard `[^label]` footnotes, so that the rest of the
//! pipeline sees one kind of input.

use std::collections::{HashMap, HashSet};

use super::contents::{self, ContentsEntry};
use super::front_matter::{self, FrontMatter};
use super::order::{self, End, Layout, Role, Start};
use super::running_heads;
use super::text::{self, heading_text, TextBlock};

/// The essay as plain Markdown, with a map back to the export's lines.
#[derive(Debug, Default)]
pub struct Reconstructed {
    pub markdown: String,
    /// `line_map[i]` is the export's line number for line `i` of `markdown`.
    pub line_map: Vec<usize>,
    pub front: FrontMatter,
    pub contents: Vec<ContentsEntry>,
    pub explanation: Vec<String>,
    /// (export line, message)
    pub warnings: Vec<(usize, String)>,
    /// What the reconstruction changed in the text as a whole, one line each.
    pub notices: Vec<String>,
    /// Printed page numbers found (running feet, "N of M", "## Page N", pages
    /// placed by the Contents page or the booklet's layout), each with the byte
    /// offset in `markdown` where that page's text starts.
    pub page_labels: Vec<(String, usize)>,
}

/// A page-foot note: `<sup>12</sup> Text of the note`.
#[derive(Debug, Clone)]
struct NoteDef {
    number: u32,
    line: usize,
    lines: Vec<String>,
}

#[derive(Debug, Default)]
struct Page {
    role: Option<Role>,
    body: Vec<TextBlock>,
    notes: Vec<NoteDef>,
    /// The page number printed on the page: its running head or foot, or a "## Page N" heading.
    printed_number: Option<u32>,
    /// Begins at a section the Contents page lists, after text that ended: it
    /// may go on the same printed page as the exported page before it, or start a
    /// page whose break left no other trace.
    joined: bool,
    /// Begins after a paragraph that stopped mid-sentence: the page before
    /// ended there, its sentence going on on a page exported elsewhere.
    after_broken_paragraph: bool,
}

/// Whether `text` reads as a page export: page-foot notes in `<sup>N</sup>`
/// form after the text has begun (superscripts above it are a paper's
/// affiliations), or running heads and feet. A file with standard `[^label]:`
/// definitions is Markdown.
pub fn recognise(blocks: &[TextBlock]) -> bool {
    if blocks.iter().any(|b| is_standard_definition(&b.text)) {
        return false;
    }
    let first_prose = blocks
        .iter()
        .position(|b| is_prose(b) || starts_text_with_markers(&b.text))
        .unwrap_or(blocks.len());
    blocks
        .iter()
        .skip(first_prose)
        .any(|b| note_number(definition_start(&b.text)).is_some())
        || !running_heads::find(blocks).is_empty()
}

/// A standard Markdown footnote definition, `[^label]: text`, at the start of a block.
pub fn is_standard_definition(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("[^")
            .and_then(|rest| rest.split_once("]:"))
            .is_some_and(|(label, _)| !label.is_empty() && !label.contains([' ', ']']))
    })
}

/// Where a note definition's number would start: past indentation and any
/// heading marks an export wrapped around it (`## <sup>1</sup>Pronounce ...`).
fn definition_start(text: &str) -> &str {
    let t = text.trim_start();
    let unmarked = t.trim_start_matches('#');
    if unmarked.len() < t.len() && unmarked.starts_with(' ') {
        unmarked.trim_start()
    } else {
        t
    }
}

pub fn reconstruct(blocks: Vec<TextBlock>, choice: order::OrderChoice) -> Reconstructed {
    reconstruct_with(blocks, choice, true)
}

/// Reconstructs the essay; page furniture is removed only when `repairs` is on.
pub fn reconstruct_with(
    blocks: Vec<TextBlock>,
    choice: order::OrderChoice,
    repairs: bool,
) -> Reconstructed {
    let mut out = Reconstructed::default();
    // Running heads and feet go; each leaves a page break behind.
    let weighed = if repairs {
        running_heads::weigh(&blocks)
    } else {
        running_heads::Furniture::default()
    };
    out.explanation.extend(weighed.explain(&blocks));
    let numbered = weighed.removed;
    let furniture: Vec<usize> = numbered.iter().map(|(i, _)| *i).collect();
    // For each kept block: whether a page break follows it, and the page number the furniture there printed.
    let mut breaks: Vec<Option<Option<u32>>> = Vec::with_capacity(blocks.len());
    let mut kept = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.into_iter().enumerate() {
        if let Ok(at) = furniture.binary_search(&index) {
            if let Some(last) = breaks.last_mut() {
                *last = Some(numbered[at].1);
            }
        } else {
            kept.push(block);
            breaks.push(None);
        }
    }
    let blocks = kept;
    let front_end = blocks
        .iter()
        .position(ends_front_matter)
        .unwrap_or(blocks.len());
    let (front, rest) = blocks.split_at(front_end);
    // Furniture with the essay's text after the last of it stands at the top of pages (running
    // heads), so its number is the next page's; otherwise it is at the foot, numbering the page before.
    let heads = !furniture.is_empty() && blocks_after_last_furniture(&breaks);
    let split = |broken_off: bool| {
        let mut contents = Vec::new();
        let pages = split_pages(
            front,
            rest,
            &breaks[front_end..],
            heads,
            broken_off,
            &mut contents,
        );
        let evidence: Vec<order::Page> = pages.iter().map(|p| evidence(p, &contents)).collect();
        let order = order::restore_with(&evidence, choice);
        (pages, evidence, order, contents)
    };
    let (mut pages, mut evidence, mut order, contents) = split(false);
    out.contents = contents;
    // Paragraphs that stop mid-sentence before one that starts afresh are
    // where pages without notes may have ended unseen. Only when the pages as
    // first found fit no booklet at all, or the order found prints a section
    // the Contents page lists off its page, are they read again with a break
    // at each (otherwise no page went unseen), and that reading is taken only
    // if it reorders; a file kept in its order keeps its paragraphs as they were.
    let broken_off = broken_off_paragraphs(&pages);
    let mut second_reading = None;
    let no_booklet_fits = match &order.weighed {
        Some((Layout::Booklet { .. }, _)) => !sections_on_listed_pages(&evidence, &order),
        _ => order.layout == Layout::AsExported,
    };
    if !broken_off.is_empty() && no_booklet_fits && choice != order::OrderChoice::AsFile {
        let lines: Vec<String> = broken_off.iter().map(usize::to_string).collect();
        let lines = format!(
            "line{} {}",
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        );
        let again = split(true);
        let better = again.2.layout != Layout::AsExported
            && (order.layout == Layout::AsExported || sections_on_listed_pages(&again.1, &again.2));
        second_reading = Some(if better {
            let said = format!(
                "a paragraph that stops mid-sentence before one that starts afresh ({lines}) ends a page without notes: with a page break after each, {} fits",
                order::describe_layout(&again.2.layout)
            );
            (pages, evidence, order, out.contents) = again;
            said
        } else {
            format!("a paragraph that stops mid-sentence before one that starts afresh ({lines}) may end a page without notes: read again with a page break after each, no reordering is decisive either, so the paragraphs stay as they are")
        });
    }
    // A booklet's colophon is its last printed page, exported among the first
    // sheets: once the pages are in reading order it ends the essay like any colophon.
    if order.layout != Layout::AsExported {
        while let Some(&last) = order.body.last() {
            if order.body.len() < 2 || !looks_like_colophon(&pages[last]) {
                break;
            }
            pages[last].role = Some(Role::Matter);
            evidence[last].role = Role::Matter;
            order.body.pop();
        }
    }
    // Every line above the essay is read as front matter, numbered lines too:
    // a paper's affiliations (`<sup>1</sup>Institute of ...`) stand there, and
    // what front matter does not take as a fact is kept as provenance, not lost.
    let mut matter: Vec<TextBlock> = front.to_vec();
    // The front page, inserted first, is already in `matter`.
    for page in pages.iter().skip(usize::from(!front.is_empty())) {
        if page.role == Some(Role::Matter) {
            matter.extend(page.body.iter().cloned());
        }
    }
    out.front = front_matter::read(&matter);

    describe_pages(&mut out, &pages, &evidence, &order);
    out.explanation.extend(second_reading);
    let mut changes = Vec::new();
    if order.layout != Layout::AsExported {
        changes.push(format!(
            "pages reordered, read as {}",
            order::describe_layout(&order.layout)
        ));
    }
    if !furniture.is_empty() {
        changes.push(format!(
            "{} lines removed as running heads, feet or page numbers",
            furniture.len()
        ));
    }
    if !changes.is_empty() {
        let overrule = if order.layout != Layout::AsExported {
            "; set order = \"as-file\" to keep the file's order"
        } else {
            ""
        };
        out.notices.push(format!(
            "{} (--explain says why{overrule})",
            changes.join("; ")
        ));
    }
    if order.suggest_booklet {
        out.notices.push("the pages may be a booklet in printing order, but only running sentences say so: they are kept in the file's order; set order = \"booklet\" to un-impose them".to_string());
    }
    let body_pages: Vec<&Page> = order.body.iter().map(|&i| &pages[i]).collect();
    // Printed page numbers: read off the page, or given by the Contents page and the booklet's layout.
    let mut labels: Vec<Option<u32>> = order
        .body
        .iter()
        .map(|&i| evidence[i].printed_number.or(order.printed[i]))
        .collect();
    // A section joined to the page before it shares that page's number: one marker.
    for at in (1..labels.len()).rev() {
        if labels[at].is_some() && labels[at] == labels[at - 1] {
            labels[at] = None;
        }
    }
    write_markdown(&mut out, &body_pages, &labels);
    check_contents(&mut out, &body_pages);
    out
}

/// The first block of the essay proper: prose, a note, or a section heading.
fn ends_front_matter(block: &TextBlock) -> bool {
    let t = block.text.trim_start();
    if contents::parse_block(&block.text).is_some() {
        return true;
    }
    if t.starts_with("##") && note_number(definition_start(t)).is_none()
        || starts_text_with_markers(t)
    {
        return true;
    }
    is_prose(block)
}

/// Title pages carry no note markers; text that does is the essay.
fn has_note_marker(text: &str) -> bool {
    super::text::positions(text, "<sup>").any(|at| note_number(&text[at..]).is_some())
}

/// Text calling notes: not a paper's author line, nor a definition itself.
fn starts_text_with_markers(text: &str) -> bool {
    has_note_marker(text)
        && !front_matter::is_marked_name_list(text)
        && note_number(definition_start(text)).is_none()
}

/// Running text rather than a title-page line: a longer paragraph without hard line breaks.
fn is_prose(block: &TextBlock) -> bool {
    let t = block.text.trim_start();
    !t.starts_with('#')
        && !block.text.contains("  \n")
        && !block.text.contains("\\\n")
        && text::has_words(&block.text, 20)
}

/// Whether essay text (not only notes) follows the last page break left by furniture.
fn blocks_after_last_furniture(breaks: &[Option<Option<u32>>]) -> bool {
    breaks
        .iter()
        .rposition(Option::is_some)
        .is_some_and(|at| at + 1 < breaks.len())
}

/// Cuts the export into pages (see [`split_pages_of`]), the front matter above
/// the essay a page of its own.
fn split_pages(
    front: &[TextBlock],
    blocks: &[TextBlock],
    breaks: &[Option<Option<u32>>],
    heads: bool,
    broken_off: bool,
    contents_out: &mut Vec<ContentsEntry>,
) -> Vec<Page> {
    let mut pages = split_pages_of(blocks, breaks, heads, broken_off, contents_out);
    // Superscript-numbered lines above the text are a paper's affiliations, not names or titles.
    if !front.is_empty() {
        pages.insert(
            0,
            Page {
                role: Some(Role::Matter),
                body: front.to_vec(),
                ..Page::default()
            },
        );
    }
    pages
}

/// Whether an order prints every section the Contents page lists on the
/// page it gives (true when nothing is listed).
fn sections_on_listed_pages(evidence: &[order::Page], order: &order::Order) -> bool {
    evidence
        .iter()
        .zip(&order.printed)
        .all(|(page, printed)| page.anchor.is_none() || page.anchor == *printed)
}

/// The export lines of body paragraphs that stop mid-sentence, followed on
/// the same page by a paragraph that starts afresh.
fn broken_off_paragraphs(pages: &[Page]) -> Vec<usize> {
    pages
        .iter()
        .filter(|p| p.role.is_none())
        .flat_map(|p| p.body.windows(2))
        .filter(|pair| stops_before_fresh_start(&pair[0], &pair[1]))
        .map(|pair| pair[0].line)
        .collect()
}

/// A paragraph of running text that stops mid-sentence on a word ("… a wine
/// bar, although"), then a paragraph that opens with a capital: no writer ends
/// a paragraph so, but a page does, and the page that went on with the
/// sentence was exported elsewhere. The next paragraph may begin another page.
fn stops_before_fresh_start(last: &TextBlock, next: &TextBlock) -> bool {
    let opens_paragraph = |b: &TextBlock| {
        b.text
            .trim_start()
            .trim_start_matches(['*', '_'])
            .starts_with(|c: char| c.is_alphabetic() || matches!(c, '"' | '“' | '‘' | '«'))
    };
    let last_word = last.text.split_whitespace().next_back().unwrap_or("");
    let last_word = last_word.trim_end_matches([',', ';']);
    opens_paragraph(last)
        && is_prose(last)
        && sentence_end(&last.text) == End::Open
        && !last_word.is_empty()
        && last_word
            .chars()
            .all(|c| c.is_lowercase() || matches!(c, '\'' | '’'))
        && opens_paragraph(next)
        && is_prose(next)
        && next
            .text
            .trim_start()
            .trim_start_matches(['*', '_'])
            .starts_with(|c: char| c.is_uppercase() || matches!(c, '"' | '“' | '‘' | '«'))
}

/// Cuts the essay into pages: a page ends after its foot notes, before a
/// Contents page, where `breaks` says a running head or foot stood, and, when
/// `broken_off` is set, after a paragraph that stops mid-sentence before one
/// that starts afresh.
fn split_pages_of(
    blocks: &[TextBlock],
    breaks: &[Option<Option<u32>>],
    heads: bool,
    broken_off: bool,
    contents_out: &mut Vec<ContentsEntry>,
) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut page = Page::default();
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
            pages.push(Page {
                role: Some(Role::Contents),
                body: blocks[index..=index + heading].to_vec(),
                ..Page::default()
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
        if let Some(Some(printed)) = breaks.get(index) {
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
                pages.push(Page {
                    role: Some(Role::Matter),
                    body: lines,
                    ..Page::default()
                });
            }
        }
    }
    pages
}

/// A page of short lines (a name, a printer, a year) or links, with no prose,
/// headings or notes: a colophon when it ends the essay.
fn looks_like_colophon(page: &Page) -> bool {
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

/// Lines set one under another (a printer, a place, a year), neither prose nor a heading.
fn is_colophon_block(block: &TextBlock) -> bool {
    !block.text.starts_with('#') && !is_prose(block) && block.text.contains("  \n")
}

/// A heading the Contents page lists, after prose that ended on this page.
fn listed_section_after_text(page: &Page, block: &TextBlock, contents: &[ContentsEntry]) -> bool {
    page.notes.is_empty()
        && page.role.is_none()
        && page
            .body
            .last()
            .is_some_and(|last| is_prose(last) && sentence_end(&last.text) == End::Closed)
        && heading_text(&block.text)
            .is_some_and(|h| contents.iter().any(|e| contents::same_title(&e.title, h)))
}

fn close(pages: &mut Vec<Page>, page: &mut Page) {
    if !page.body.is_empty() || !page.notes.is_empty() || page.role.is_some() {
        pages.push(std::mem::take(page));
    }
}

/// Contents entries starting at `index`: an entry block, or a heading followed by one.
fn contents_at(blocks: &[TextBlock], index: usize) -> Option<Vec<ContentsEntry>> {
    let block = blocks.get(index)?;
    if block.text.trim_start().starts_with('#') {
        return contents::parse_block(&blocks.get(index + 1)?.text);
    }
    contents::parse_block(&block.text)
}

/// The number of an export's page heading: `## Page 12`.
fn page_heading(text: &str) -> Option<u32> {
    let rest = text.strip_prefix('#')?.trim_start_matches('#');
    let rest = rest.strip_prefix(' ')?.trim();
    let number = rest
        .strip_prefix("Page ")
        .or_else(|| rest.strip_prefix("page "))?;
    number.trim().parse().ok()
}

/// The page number in an extracted image's name, `_page_3_Figure_1.jpeg`
/// (counted from 0 by the exporter, so page 4).
fn image_page(text: &str) -> Option<u32> {
    super::text::positions(text, "_page_").find_map(|at| {
        let rest = &text[at + 6..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[digits.len()..].chars().next();
        (after == Some('_'))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .map(|n| n + 1)
    })
}

/// The number of a numbered section heading: "## 2 Methods", "## 3. Results",
/// "# Chapter Two", "## IV. The strike". Subsections ("2.1") have none.
fn section_number(text: &str) -> Option<u32> {
    let title = heading_text(text)?;
    let title = [
        "Chapter ", "CHAPTER ", "Part ", "PART ", "Section ", "SECTION ",
    ]
    .iter()
    .find_map(|p| title.strip_prefix(p))
    .unwrap_or(title);
    let word: String = title.chars().take_while(|c| c.is_alphanumeric()).collect();
    let after = title[word.len()..].chars().next();
    // "2.1" is a subsection; "2." or "2 " opens a section.
    if matches!(after, Some('.'))
        && title[word.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    if !matches!(after, None | Some(' ' | '.' | ':' | ')')) {
        return None;
    }
    if let Ok(n) = word.parse::<u32>() {
        return (n > 0 && n < 1000).then_some(n);
    }
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = word.to_lowercase();
    if let Some(i) = WORDS.iter().position(|w| *w == lower) {
        return Some(i as u32 + 1);
    }
    const ROMAN: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    // A lone "I" could be the pronoun: only with a full stop after it.
    ROMAN
        .iter()
        .position(|r| *r == word && (word != "I" || after == Some('.')))
        .map(|i| i as u32 + 1)
}

fn is_rule(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let Some(first @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// The number of a note definition line, `<sup>12</sup> ...`.
fn note_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("<sup>")?;
    let end = text::find(rest, "</sup>")?;
    let number = rest[..end].trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

/// The note definitions in a block; a line that starts with another marker starts another note.
fn note_defs(block: &TextBlock) -> Vec<NoteDef> {
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

fn evidence(page: &Page, contents: &[ContentsEntry]) -> order::Page {
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
    order::Page {
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

fn starts_mid_sentence(text: &str) -> bool {
    let stripped = text.trim_start().trim_start_matches(['*', '_']);
    stripped
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ')' | '…'))
}

/// How a paragraph's last sentence ends, looking past note markers and emphasis marks.
fn sentence_end(text: &str) -> End {
    let mut t = text.trim_end();
    loop {
        let before = t;
        t = t.trim_end_matches(['*', '_']).trim_end();
        if let Some(stripped) = t.strip_suffix("</sup>") {
            if let Some(open) = stripped.rfind("<sup>") {
                t = &stripped[..open];
            }
        }
        if t == before {
            break;
        }
    }
    let mut chars = t.chars().rev();
    match (chars.next(), chars.next()) {
        (None, _) => End::Empty,
        (Some('-'), Some(c)) if c.is_alphabetic() => End::Hyphen,
        (Some('.' | '!' | '?' | '…' | ':' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'), _) => {
            End::Closed
        }
        _ => End::Open,
    }
}

/// Lines of one block in the output, each with the export line it came from.
type Lines = Vec<(usize, String)>;

fn write_markdown(out: &mut Reconstructed, pages: &[&Page], labels: &[Option<u32>]) {
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
                    if let Some(join) = join_across_pages(
                        previous,
                        &mut lines,
                        all_text.get_or_init(|| blocks_text(pages)),
                    ) {
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

/// Puts a page marker (see [`page_break`](super::markdown::page_break)) where
/// each printed page's text begins: before the first word that starts on the
/// page, after a word the page break split, past the marks that open a
/// heading, quotation or list item. A page with no text after it gets none.
pub fn mark_page_breaks(markdown: &str, page_labels: &[(String, usize)]) -> String {
    let mut positions: Vec<(usize, &str)> = page_labels
        .iter()
        .filter_map(|(label, offset)| Some((marker_position(markdown, *offset)?, label.as_str())))
        .collect();
    positions.sort_by_key(|&(at, _)| at);
    let mut out = String::with_capacity(markdown.len() + positions.len() * 8);
    let mut from = 0;
    for (at, label) in positions {
        out.push_str(&markdown[from..at]);
        out.push_str(&super::markdown::page_break(label));
        from = at;
    }
    out.push_str(&markdown[from..]);
    out
}

/// Where the first word at or after `offset` begins, skipping the rest of a
/// word `offset` falls inside, and Markdown's block marks.
fn marker_position(markdown: &str, offset: usize) -> Option<usize> {
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
fn block_marks(line: &str) -> usize {
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

/// All body text, for deciding whether a hyphen at a page break is part of the word.
fn blocks_text(pages: &[&Page]) -> String {
    pages
        .iter()
        .flat_map(|p| p.body.iter().map(|b| b.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rejoins a paragraph that a page break cut, returning a description of the join.
fn join_across_pages(previous: &mut Lines, next: &mut Lines, all_text: &str) -> Option<String> {
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
    *prev_text = joined;
    next.remove(0);
    Some(description)
}

fn tail_words(text: &str, n: usize) -> String {
    // Read from the end: a paragraph rejoined across pages can be long.
    let mut words: Vec<&str> = text.split_whitespace().rev().take(n).collect();
    words.reverse();
    words.join(" ")
}

fn head_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Notes are numbered in reading order in the book. Where the source's own
/// numbers do not rise, say so once, at the first marker out of sequence
/// (numbering that restarts on each page is a layout, not a mistake).
fn note_sequence(
    block: &TextBlock,
    local: &HashSet<u32>,
    last: &mut Option<u32>,
    warnings: &mut Vec<(usize, String)>,
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
fn markers_to_footnotes(
    line: &str,
    line_number: usize,
    label: impl Fn(u32) -> Option<String>,
    warnings: &mut Vec<(usize, String)>,
) -> String {
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
    out
}

fn describe_pages(
    out: &mut Reconstructed,
    pages: &[Page],
    evidence: &[order::Page],
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
fn runs(numbers: impl Iterator<Item = usize>) -> String {
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
fn check_contents(out: &mut Reconstructed, pages: &[&Page]) {
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

#[cfg(test)]
mod tests {

    /// The Markdown with each page marker shown as `[N]`.
    fn marked(markdown: &str, labels: &[(&str, usize)]) -> String {
        let labels: Vec<(String, usize)> =
            labels.iter().map(|(l, o)| (l.to_string(), *o)).collect();
        mark_page_breaks(markdown, &labels)
            .replace('\u{FDD0}', "[")
            .replace('\u{2E31}', "]")
    }

    #[test]
    fn page_markers_go_before_a_word_never_inside_one_or_a_blocks_marks() {
        let text = "Plots every-\nwhere. The end.\n\n## A heading\n\n> quoted\n";
        // Inside "everywhere." (a rejoined word): after it.
        assert_eq!(
            marked("plots everywhere. The", &[("8", 8)]),
            "plots everywhere. [8]The"
        );
        // At the space a sentence was rejoined at: before the next word.
        assert_eq!(marked("if the state", &[("6", 6)]), "if the [6]state");
        assert_eq!(marked(text, &[("3", 32)]), text.replace("## A", "## [3]A"));
        assert_eq!(
            marked(text, &[("4", 45)]),
            text.replace("> quoted", "> [4]quoted")
        );
        // A page whose text is only the notes that follow gets none.
        assert_eq!(
            marked("End.\n\n[^1]: A note.\n", &[("9", 5)]),
            "End.\n\n[^1]: A note.\n"
        );
    }

    use super::*;

    #[test]
    fn sentence_ends_look_past_markers_and_emphasis() {
        assert_eq!(sentence_end("the storm of 1914.”<sup>3</sup>"), End::Closed);
        assert_eq!(
            sentence_end("Nasty times to be living in if the"),
            End::Open
        );
        assert_eq!(sentence_end("saw plots and treachery every-"), End::Hyphen);
        assert_eq!(sentence_end("autobiography “*Memoirs*”"), End::Closed);
    }

    #[test]
    fn markers_become_footnotes_but_ordinals_stay() {
        let mut warnings = Vec::new();
        let out = markers_to_footnotes(
            "On the 8<sup>th</sup>, 1914.<sup>3</sup> and<sup>9</sup>",
            7,
            |n| (n == 3).then(|| n.to_string()),
            &mut warnings,
        );
        assert_eq!(out, "On the 8<sup>th</sup>, 1914.[^3] and<sup>9</sup>");
        assert_eq!(
            warnings,
            [(
                7,
                "note marker 9 has no note; it is kept as a superscript".to_string()
            )]
        );
    }

    #[test]
    fn a_word_hyphenated_across_pages_is_rejoined() {
        let mut prev: Lines = vec![(1, "saw treachery every-".into())];
        let mut next: Lines = vec![(9, "where. The Cheka".into())];
        assert!(join_across_pages(&mut prev, &mut next, "").is_some());
        assert_eq!(prev[0].1, "saw treachery everywhere. The Cheka");
    }

    #[test]
    fn a_real_compound_keeps_its_hyphen() {
        let mut prev: Lines = vec![(1, "waved good-".into())];
        let mut next: Lines = vec![(9, "bye to it".into())];
        join_across_pages(&mut prev, &mut next, "to say good-bye and");
        assert_eq!(prev[0].1, "waved good-bye to it");
    }

    #[test]
    fn a_paragraph_stopping_on_a_word_before_a_fresh_one_may_end_a_page() {
        let block = |text: &str| TextBlock {
            line: 1,
            text: text.to_string(),
        };
        let running = "The railway company's lawyers spent the whole of that summer trying to read the old clause away from the deed, although";
        let fresh = block("Platt's first act was to write to every member of the council, by name, asking each one how he meant to vote that day.");
        assert!(stops_before_fresh_start(&block(running), &fresh));
        // A sentence that ended, a number, a short line or a heading is no sign.
        let ended = running.replace(", although", ".");
        assert!(!stops_before_fresh_start(&block(&ended), &fresh));
        let year = running.replace("although", "in 1851");
        assert!(!stops_before_fresh_start(&block(&year), &fresh));
        assert!(!stops_before_fresh_start(
            &block("Agnes Threlfall and"),
            &fresh
        ));
        assert!(!stops_before_fresh_start(
            &block(running),
            &block("## The last season")
        ));
    }

    #[test]
    fn paragraphs_that_ended_at_a_page_break_stay_apart() {
        let mut prev: Lines = vec![(1, "The end of a paragraph.".into())];
        let mut next: Lines = vec![(9, "A new one.".into())];
        assert!(join_across_pages(&mut prev, &mut next, "").is_none());
    }
}
