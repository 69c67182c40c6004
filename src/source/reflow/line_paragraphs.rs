//! One paragraph per line, no blank line between: how many web scrapes and
//! converters write text. Markdown joins such lines into one paragraph, so a
//! whole essay can come out as a single wall of text. Where the lines are
//! paragraphs (each ends a sentence and runs longer than a wrapped line), a
//! blank line goes after each; hard-wrapped and one-sentence-per-line text is
//! left as it is.

use super::{closes_fence, ends_sentence, opens_fence, Out, Reflowed};

/// Shortest line counted as a paragraph: shorter lines are headings, labels
/// or list-like lines, which are left as they are.
const MIN_PARAGRAPH_LINE_CHARS: usize = 40;
/// A line this long is no hard wrap (those stay under about 100 characters)
/// and longer than nearly every single sentence: ending a sentence, it ends
/// a paragraph the author wrote on one line.
const UNWRAPPED_LINE_CHARS: usize = 200;
/// Unwrapped lines ending a sentence, within one block, that show the whole
/// block is written a paragraph to a line.
const UNWRAPPED_EVIDENCE_LINES: usize = 2;
/// Lines ending a sentence, one after another, that show a block is written
/// a paragraph to a line: wrapped prose ends a line with a sentence about one
/// time in ten, so four in a row is no accident ...
const SENTENCE_LINE_RUN: usize = 4;
/// ... when they average more than a wrapped line or a single sentence: text
/// written one sentence per line (semantic line breaks) keeps its paragraphs.
/// In a text that shows unwrapped paragraphs elsewhere, the run alone does.
const RUN_MEAN_CHARS: usize = 120;
/// In a text that shows unwrapped paragraphs, a block whose lines mostly
/// (this many per hundred) end a sentence is written a line per paragraph:
/// wrapped prose ends about one line in ten so.
const SENTENCE_LINES_PER_HUNDRED: usize = 50;
/// In a text that shows unwrapped paragraphs, a change of indentation of this
/// many columns after a line ending a sentence is the layout's own paragraph
/// edge (a first-line indent, or a hanging indent's end).
const INDENT_CHANGE_COLUMNS: usize = 2;
/// Most split lines `--explain` names one by one.
const LISTED_LINES: usize = 12;

/// Splits the blocks whose lines are paragraphs; `None` when there are none.
pub fn reflow(text: &str, source_line: &dyn Fn(usize) -> usize) -> Option<Reflowed> {
    let lines: Vec<&str> = text.lines().collect();
    let mut splits: Vec<usize> = Vec::new();
    let mut explanation = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // The runs of plain lines that open a block, as (first, end exclusive).
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // Runs of plain lines at the margin that run on into a list item above them.
    let mut lazy_runs: Vec<(usize, usize)> = Vec::new();
    let mut index = front_matter_end(&lines);
    while index < lines.len() {
        let line = lines[index];
        if let Some(open) = fence {
            if closes_fence(line, open) {
                fence = None;
            }
            index += 1;
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
            index += 1;
            continue;
        }
        if line.trim().is_empty() {
            index += 1;
            continue;
        }
        // A block: its run of plain lines from the start, when it starts as a paragraph.
        let start = index;
        let mut end = index;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        // A heading line or an indented code line opens no paragraph: the one
        // under it starts on the first line that is neither.
        let first = (start..end)
            .find(|&i| {
                let l = lines[i];
                crate::source::text::heading_text(l.trim_start()).is_none()
                    && l.len() - l.trim_start().len() <= 3
            })
            .unwrap_or(end);
        let opening = lines
            .get(first)
            .filter(|_| first < end)
            .copied()
            .unwrap_or("");
        let indent = opening.len() - opening.trim_start().len();
        if indent <= 3 && is_plain(opening) {
            let start = first;
            let run_end = (start + 1..end)
                .find(|&i| !is_plain(lines[i]) && !continues_paragraph(lines[i]))
                .unwrap_or(end);
            ranges.push((start, run_end));
        }
        lazy_runs.extend(lazy_runs_after_list_items(&lines, start, end));
        // A fence opened inside the block is taken up on its line.
        index = (start..end)
            .find(|&i| opens_fence(lines[i]).is_some())
            .unwrap_or(end);
    }
    // A text whose blocks show unwrapped paragraphs writes none wrapped.
    let unwrapped_text = ranges.iter().any(|&(start, end)| {
        weigh_block(&lines, start, end, false)
            .is_some_and(|f| f.unwrapped >= UNWRAPPED_EVIDENCE_LINES)
    });
    for &(start, end) in &ranges {
        if let Some(found) = weigh_block(&lines, start, end, unwrapped_text) {
            explanation.push(found.describe(source_line));
            splits.extend(found.splits);
        }
    }
    for &(start, end) in &lazy_runs {
        // Only where the run holds line paragraphs is it the text after the
        // list rather than more of the item: a blank line then ends the list.
        if let Some(found) = weigh_block(&lines, start, end, unwrapped_text) {
            explanation.push(format!(
                "{}; it runs on from a list item at its margin",
                found.describe(source_line)
            ));
            // The item's last line must end a sentence (a note number may
            // follow it), or the run's first line finishes the item's.
            let item_end = lines[start - 1]
                .trim_end()
                .trim_end_matches(|c: char| c.is_ascii_digit());
            if ends_sentence(item_end) {
                splits.push(start - 1);
            }
            splits.extend(found.splits);
        }
    }
    splits.sort_unstable();
    splits.dedup();
    if splits.is_empty() {
        return None;
    }
    let mut out = Out::with_capacity(text.len() + splits.len());
    let mut next_split = splits.iter().peekable();
    let mut after_split = false;
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        out.line(if after_split { line.trim_start() } else { line }, number);
        after_split = next_split.peek() == Some(&&i);
        if after_split {
            next_split.next();
            out.line("", number);
        }
    }
    let total = splits.len();
    explanation.insert(
        0,
        format!("line paragraphs: {total} lines that each hold a paragraph get the blank line after them that Markdown needs"),
    );
    Some(out.into_reflowed(explanation))
}

/// What one block showed, and the lines (0-based) after which it splits.
struct Found {
    first: usize,
    last: usize,
    unwrapped: usize,
    longest_run: usize,
    unwrapped_text: bool,
    mostly_sentences: bool,
    whole_block: bool,
    splits: Vec<usize>,
}

impl Found {
    fn describe(&self, source_line: &dyn Fn(usize) -> usize) -> String {
        let why = if self.whole_block {
            format!(
                "{} lines over {UNWRAPPED_LINE_CHARS} characters end a sentence (evidence at {UNWRAPPED_EVIDENCE_LINES}), {} lines in a row end one (evidence at {SENTENCE_LINE_RUN}, averaging over {RUN_MEAN_CHARS} characters{}){}: every line ending a sentence ends a paragraph",
                self.unwrapped,
                self.longest_run,
                if self.unwrapped_text { ", or any length in a text that shows unwrapped paragraphs" } else { "" },
                if self.mostly_sentences {
                    format!(", and most lines end one (evidence at {SENTENCE_LINES_PER_HUNDRED} in 100, in a text that shows unwrapped paragraphs)")
                } else {
                    String::new()
                }
            )
        } else {
            format!(
                "only lines over {UNWRAPPED_LINE_CHARS} characters ending a sentence ({}){} end a paragraph",
                self.unwrapped,
                if self.unwrapped_text {
                    format!(", and lines ending one where the indentation changes by {INDENT_CHANGE_COLUMNS} columns or more,")
                } else {
                    String::new()
                }
            )
        };
        let mut listed: Vec<String> = self
            .splits
            .iter()
            .take(LISTED_LINES)
            .map(|i| source_line(i + 1).to_string())
            .collect();
        if self.splits.len() > LISTED_LINES {
            listed.push(format!("and {} more", self.splits.len() - LISTED_LINES));
        }
        format!(
            "  lines {}–{}: {why}; paragraph ends after lines {}",
            source_line(self.first + 1),
            source_line(self.last + 1),
            listed.join(", ")
        )
    }
}

/// Weighs the plain lines `start..end` of a block; `unwrapped_text` when
/// other blocks showed that the text writes its paragraphs unwrapped, so a
/// run of lines ending sentences needs no length to be paragraphs.
fn weigh_block(lines: &[&str], start: usize, end: usize, unwrapped_text: bool) -> Option<Found> {
    if end - start < 2 {
        return None;
    }
    // A junction: a line holding a whole sentence's end, with text directly after it.
    let chars: Vec<usize> = (start..end - 1)
        .map(|i| {
            let line = lines[i].trim();
            if ends_sentence(line) {
                line.chars().count()
            } else {
                0
            }
        })
        .collect();
    let is_junction = |c: usize| c >= MIN_PARAGRAPH_LINE_CHARS;
    let junctions = chars.iter().filter(|&&c| is_junction(c)).count();
    if junctions == 0 {
        return None;
    }
    let indent = |i: usize| lines[i].len() - lines[i].trim_start().len();
    let indent_changes = |k: usize| {
        let (this, next) = (indent(start + k), indent(start + k + 1));
        this.abs_diff(next) >= INDENT_CHANGE_COLUMNS
    };
    let unwrapped = chars.iter().filter(|&&c| c >= UNWRAPPED_LINE_CHARS).count();
    // The longest run of junctions that averages more than a sentence.
    let mut longest_run = 0;
    let mut run: Vec<usize> = Vec::new();
    for &c in chars.iter().chain(std::iter::once(&0)) {
        if is_junction(c) {
            run.push(c);
            continue;
        }
        if run.len() >= SENTENCE_LINE_RUN
            && (unwrapped_text || run.iter().sum::<usize>() / run.len() > RUN_MEAN_CHARS)
        {
            longest_run = longest_run.max(run.len());
        }
        run.clear();
    }
    let mostly_sentences = unwrapped_text
        && junctions >= 2
        && junctions * 100 >= SENTENCE_LINES_PER_HUNDRED * chars.len();
    let whole_block = unwrapped >= UNWRAPPED_EVIDENCE_LINES
        || longest_run >= SENTENCE_LINE_RUN
        || mostly_sentences;
    let splits: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|&(k, &c)| {
            if whole_block {
                is_junction(c)
            } else {
                c >= UNWRAPPED_LINE_CHARS || (unwrapped_text && is_junction(c) && indent_changes(k))
            }
        })
        .map(|(k, _)| start + k)
        .collect();
    (!splits.is_empty()).then_some(Found {
        first: start,
        last: end - 1,
        unwrapped,
        longest_run,
        unwrapped_text,
        mostly_sentences,
        whole_block,
        splits,
    })
}

/// The line after a YAML metadata block at the very top, or 0.
fn front_matter_end(lines: &[&str]) -> usize {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return 0;
    }
    lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.trim_end(), "---" | "..."))
        .map_or(0, |p| p + 2)
}

/// The runs of plain lines at the margin inside the block `start..end` that
/// follow a list item's lines: CommonMark reads them as more of the item (a
/// lazy continuation), though a converter that writes one paragraph a line
/// means the text after the list.
fn lazy_runs_after_list_items(lines: &[&str], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut in_item = false;
    let mut i = start;
    while i < end {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        if indent <= 3 && !is_plain(line) && is_list_item(line) {
            in_item = true;
        } else if in_item && indent == 0 && is_plain(line) {
            let run_end = (i + 1..end)
                .find(|&k| !is_plain(lines[k]) && !continues_paragraph(lines[k]))
                .unwrap_or(end);
            runs.push((i, run_end));
            in_item = false;
            i = run_end;
            continue;
        } else if indent == 0 {
            in_item = false;
        }
        i += 1;
    }
    runs
}

/// Whether a line opens a list item (`- `, `* `, `+ `, `1. `, `1) `).
fn is_list_item(line: &str) -> bool {
    let t = line.trim();
    let bullet = t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    bullet
        || ((1..=9).contains(&digits)
            && t[digits..].starts_with(['.', ')'])
            && t[digits + 1..].starts_with([' ', '\t']))
}

/// A numbered line that cannot interrupt a paragraph: only a list starting
/// at 1 can, so "2002. Print." goes on with the text above it.
pub(crate) fn continues_paragraph(line: &str) -> bool {
    let t = line.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && &t[..digits] != "1" && t[digits..].starts_with(['.', ')'])
}

/// A line Markdown reads as paragraph text: not a heading, quotation, list
/// item, table row, HTML, fence, rule, setext underline or note definition.
pub(crate) fn is_plain(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.starts_with(['#', '>', '|', '<']) || opens_fence(t).is_some() {
        return false;
    }
    // A note or link definition, `[^1]: ...` or `[label]: ...`.
    if t.starts_with('[') && (t.starts_with("[^") || t.split_once("]:").is_some()) {
        return false;
    }
    if t.chars().all(|c| matches!(c, '=' | '-' | '*' | '_' | ' ')) {
        return false;
    }
    !is_list_item(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(words: usize, n: usize) -> String {
        let body = vec!["word"; words].join(" ");
        format!("Paragraph {n} says {body}.")
    }

    #[test]
    fn lines_that_are_paragraphs_are_split() {
        let text = (1..=4)
            .map(|n| paragraph(50, n))
            .collect::<Vec<_>>()
            .join("\n");
        let out = reflow(&text, &|l| l).expect("a wall of line paragraphs is split");
        assert_eq!(out.text.matches("\n\n").count(), 3, "{}", out.text);
        assert_eq!(out.lines.len(), 7);
        assert_eq!(
            out.lines[1], 1,
            "the blank line maps to the line it follows"
        );
    }

    #[test]
    fn wrapped_prose_and_sentence_lines_stay_as_written() {
        let wrapped = "A paragraph wrapped at seventy-two columns, as many\n\
            editors do. It ends some lines with a sentence's end.\n\
            But not most of them, and never four in a row as a\n\
            paragraph-per-line source does.\n";
        assert!(reflow(wrapped, &|l| l).is_none());
        let sentences = "One sentence on its own line, as some writers prefer.\n\
            Another sentence follows it, and it is a little longer.\n\
            A third sentence makes the point of the paragraph clear.\n\
            A fourth sentence closes the paragraph, as it should.\n\
            The fifth is the last.\n";
        assert!(reflow(sentences, &|l| l).is_none());
    }

    #[test]
    fn a_text_that_shows_unwrapped_paragraphs_splits_its_shorter_ones_too() {
        let long = (1..=3)
            .map(|n| paragraph(50, n))
            .collect::<Vec<_>>()
            .join("\n");
        // Under a heading; entries whose hanging indent ends after a sentence.
        let text = format!(
            "{long}\n\n## Sources\nAdler, Ruth. A Book About Rivers and the Towns\n    Along Them. Leeds and London: Quay Press, 2001.\nBrand, Ole. Another Book. Oslo: Fjord, 1999.\n"
        );
        let out = reflow(&text, &|l| l).unwrap();
        assert!(out.text.contains("2001.\n\nBrand, Ole."), "{}", out.text);
        // Alone, the same entries are left as written.
        let alone = "Adler, Ruth. A Book About Rivers and the Towns\n    Along Them. Leeds and London: Quay Press, 2001.\nBrand, Ole. Another Book. Oslo: Fjord, 1999.\n";
        assert!(reflow(alone, &|l| l).is_none());
    }

    #[test]
    fn line_paragraphs_running_on_from_a_list_item_follow_the_list() {
        let long = paragraph(45, 1);
        let text = format!(
            "{long}\n\n   - A first point, wrapped by the layout\n     onto a second line.\n{}\n{}\n{}\n",
            paragraph(45, 2),
            paragraph(45, 3),
            paragraph(45, 4)
        );
        let reflowed = reflow(&text, &|l| l).expect("split");
        assert!(
            reflowed.text.contains("onto a second line.\n\n"),
            "{}",
            reflowed.text
        );
        // An item whose line stops mid-sentence keeps the line that finishes it.
        let unfinished = format!(
            "   - A first point that goes on\n{}\n{}\n{}\n",
            paragraph(45, 2),
            paragraph(45, 3),
            paragraph(45, 4)
        );
        let reflowed = reflow(&unfinished, &|l| l).expect("split");
        assert!(reflowed
            .text
            .starts_with("   - A first point that goes on\nParagraph 2"));
        // A list item whose next line at the margin is one short sentence stays one item.
        let lazy = "   - A point\nthat goes on.\n";
        assert!(reflow(lazy, &|l| l).is_none());
    }

    #[test]
    fn code_and_front_matter_are_left_alone() {
        let long = paragraph(50, 1);
        let text = format!(
            "---\ntitle: {long}\nauthor: {long}\n---\n\n```\n{long}\n{long}\n{long}\n```\n"
        );
        assert!(reflow(&text, &|l| l).is_none());
    }

    #[test]
    fn a_split_line_indented_by_the_layout_does_not_become_code() {
        let text = format!("{}\n    {}\n", paragraph(50, 1), paragraph(50, 2));
        let out = reflow(&text, &|l| l).unwrap();
        assert!(out.text.contains("\n\nParagraph 2"), "{}", out.text);
    }
}
