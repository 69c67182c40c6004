//! Prose a converter put in a code fence or an indented block: in the book it
//! would be monospace lines that never reflow on a small screen. Where the
//! block reads as prose (long lines of words, sentences, nothing code-like),
//! its layout lines become paragraphs; code, poems and tables stay as they
//! are. [`paragraphs`] is also how a page-view export's page text is read.

use super::{closes_fence, escape_text, join_lines, opens_fence, Out, Reflowed};
use crate::source::text::MAX_LAYOUT_PARAGRAPH_WORDS;

/// Fewest non-empty lines a block needs to be judged prose: one or two lines
/// are a command, a quotation or a signature, whatever they hold.
const MIN_PROSE_LINES: usize = 3;
/// Fewest words a prose block's lines average: a layout line of running text
/// holds ten or more, while code, poems, addresses and lists hold fewer.
const MIN_WORDS_PER_LINE: usize = 7;
/// Most code-like lines (braces, `=`, `;` at the end, a prompt, a call) a
/// prose block may hold, per hundred lines: prose quoting a formula may hold one.
const MAX_CODE_LINES_PER_HUNDRED: usize = 5;
/// Extra indentation, in columns, that marks a paragraph's first line in a
/// layout: one column is the ragged edge of extraction, two are an indent.
const PARAGRAPH_INDENT: usize = 2;
/// A layout line shorter than this share (per hundred) of the page's full
/// line ends its paragraph when the next line opens a sentence: lines are
/// filled to the measure except the last of a paragraph.
const SHORT_LINE_PER_HUNDRED: usize = 75;
/// Most words a line standing alone can have to be a heading.
const HEADING_MAX_WORDS: usize = 10;
/// Fewest words of the paragraph after a heading: a heading leads into text,
/// while a title page's lines (a name, a place, a year) lead into more lines.
const HEADING_TEXT_WORDS: usize = 30;

/// A paragraph read from layout lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Paragraph {
    /// Source lines of its first and last line.
    pub first: usize,
    pub last: usize,
    /// Its text, the layout's line ends and runs of spaces taken out (not escaped).
    pub text: String,
    /// A short line standing alone before running text: a heading.
    pub heading: bool,
    /// The layout's lines, kept as lines (the text then holds them one a
    /// line) when joining them would pass [`MAX_LAYOUT_PARAGRAPH_WORDS`].
    pub layout_lines: bool,
}

/// Reads layout lines (each with its source line; blank lines included) as
/// paragraphs. `text` is the whole source, the vocabulary for line-end hyphens.
pub(super) fn paragraphs(lines: &[(usize, &str)], text: &str) -> Vec<Paragraph> {
    let columns = |line: &str| line.trim_end().chars().count();
    let indent = |line: &str| line.chars().take_while(|c| c.is_whitespace()).count();
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(_, l)| columns(l))
        .collect();
    widths.sort_unstable();
    // The measure: nine lines in ten are no longer (a stray long line aside).
    let full = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    let mut groups: Vec<(Vec<(usize, &str)>, bool)> = Vec::new();
    let mut after_blank = true;
    let mut previous: Option<&str> = None;
    for &(number, line) in lines {
        if line.trim().is_empty() {
            after_blank = true;
            previous = None;
            continue;
        }
        let starts_afresh = line
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase());
        let breaks = match previous {
            None => true,
            Some(before) => {
                // A deeper line under a list item is the item's hanging indent.
                (starts_afresh
                    && indent(line) >= indent(before) + PARAGRAPH_INDENT
                    && !opens_item(before))
                    || (starts_afresh && columns(before) * 100 < full * SHORT_LINE_PER_HUNDRED)
                    || opens_item(line)
            }
        };
        if breaks {
            groups.push((Vec::new(), after_blank));
        }
        if let Some((group, _)) = groups.last_mut() {
            group.push((number, line));
        }
        after_blank = false;
        previous = Some(line);
    }
    let mut out: Vec<Paragraph> = groups
        .iter()
        .map(|(group, _)| {
            let joined = crate::source::text::collapse_whitespace(&join_lines(
                group.iter().map(|(_, l)| *l),
                text,
            ));
            let layout_lines =
                crate::source::text::has_words(&joined, MAX_LAYOUT_PARAGRAPH_WORDS + 1);
            Paragraph {
                first: group[0].0,
                last: group[group.len() - 1].0,
                text: if layout_lines {
                    group
                        .iter()
                        .map(|(_, l)| crate::source::text::collapse_whitespace(l))
                        .collect::<Vec<String>>()
                        .join("\n")
                } else {
                    joined
                },
                heading: false,
                layout_lines,
            }
        })
        .collect();
    for k in 0..out.len() {
        let alone = groups[k].1 && groups[k].0.len() == 1;
        let before_text = groups.get(k + 1).is_some_and(|(_, blank)| *blank)
            && out
                .get(k + 1)
                .is_some_and(|next| crate::source::text::has_words(&next.text, HEADING_TEXT_WORDS));
        out[k].heading = alone && before_text && reads_as_heading(&out[k].text);
    }
    out
}

/// A short line that opens with a capital or a number, holds a letter and
/// stops without a sentence's or a clause's punctuation.
pub(super) fn reads_as_heading(text: &str) -> bool {
    text.split_whitespace().nth(HEADING_MAX_WORDS).is_none()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && text.chars().any(char::is_alphabetic)
        && !text.ends_with(['.', ',', ';', ':', '-', '!', '?', '…'])
        && !opens_item(text)
}

/// A layout line opening a list item: a bullet, or a number and a stop.
fn opens_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['•', '●', '○', '▪', '■', '◦', '-', '–', '*'])
        && t.chars().nth(1).is_some_and(char::is_whitespace)
    {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && t[digits + 1..].starts_with(char::is_whitespace)
}

/// Writes paragraphs as Markdown, a blank line after each.
pub(super) fn write(out: &mut Out, paragraphs: &[Paragraph], heading_marks: &str) {
    for p in paragraphs {
        out.blank(p.first);
        if p.heading {
            out.line(
                &format!("{heading_marks} {}", escape_text(&p.text)),
                p.first,
            );
        } else if p.layout_lines {
            // One layout line a line, each but the last ending in a hard break.
            let lines: Vec<&str> = p.text.lines().collect();
            for (k, line) in lines.iter().enumerate() {
                let end = if k + 1 < lines.len() { "\\" } else { "" };
                out.line(&format!("{}{end}", escape_text(line)), p.first + k);
            }
        } else {
            out.line(&escape_text(&p.text), p.first);
        }
        out.blank(p.last);
    }
}

/// Whether a block's lines read as prose rather than code or verse.
pub(super) fn is_prose(lines: &[&str]) -> bool {
    let filled: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if filled.len() < MIN_PROSE_LINES {
        return false;
    }
    let words: usize = filled.iter().map(|l| l.split_whitespace().count()).sum();
    let code = filled.iter().filter(|l| is_code_like(l)).count();
    words >= MIN_WORDS_PER_LINE * filled.len()
        && code * 100 <= MAX_CODE_LINES_PER_HUNDRED * filled.len()
        && filled
            .iter()
            .any(|l| super::ends_sentence(l) || l.contains(". "))
}

/// A line that reads as code: braces, assignments, statement ends, prompts,
/// calls, arrows, comments.
fn is_code_like(line: &str) -> bool {
    line.contains(['{', '}', '=', '<', '>', '$'])
        || line.ends_with(';')
        || line.contains("()")
        || line.contains("->")
        || line.starts_with("//")
        || line.starts_with('#')
}

/// Whether a line opens a footnote's definition: `[^label]:`.
fn opens_note_definition(line: &str) -> bool {
    line.strip_prefix("[^")
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(label, _)| !label.is_empty() && !label.contains([' ', ']']))
}

/// Turns prose in unlabelled code fences and indented blocks into paragraphs.
pub fn reflow(text: &str, source_line: &dyn Fn(usize) -> usize) -> Option<Reflowed> {
    let holds = |needle| crate::source::text::find(text, needle).is_some();
    if !(holds("```") || holds("~~~") || holds("\n    ")) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    // Each block: its first line, its content lines, the line after it (0-based).
    let mut blocks: Vec<(usize, std::ops::Range<usize>, usize)> = Vec::new();
    let mut index = 0;
    let mut previous_flush_paragraph = false;
    // Whether the paragraph the line is in opens with a note's definition (`[^1]: ...`).
    let mut in_note_definition = false;
    while index < lines.len() {
        let line = lines[index];
        if let Some(open) = opens_fence(line) {
            let info = line.trim_start().trim_start_matches(open.0).trim();
            let close = (index + 1..lines.len())
                .find(|&i| closes_fence(lines[i], open))
                .unwrap_or(lines.len());
            if info.is_empty() && is_prose(&lines[index + 1..close]) {
                blocks.push((index, index + 1..close, (close + 1).min(lines.len())));
            }
            index = close + 1;
            previous_flush_paragraph = false;
            continue;
        }
        // An indented block after a blank line, below text set flush left:
        // under a list item it would be the item's own paragraph.
        if line.starts_with("    ")
            && index > 0
            && lines[index - 1].trim().is_empty()
            && previous_flush_paragraph
        {
            let end = (index..lines.len())
                .find(|&i| !(lines[i].starts_with("    ") || lines[i].trim().is_empty()))
                .unwrap_or(lines.len());
            if is_prose(&lines[index..end]) {
                blocks.push((index, index..end, end));
            }
            index = end;
            continue;
        }
        if !line.trim().is_empty() {
            let t = line.trim_start();
            if index == 0 || lines[index - 1].trim().is_empty() {
                in_note_definition = line.len() == t.len() && opens_note_definition(t);
            }
            // An indented block after a note's definition is the note's next
            // paragraph, as Markdown's footnotes read it, not layout.
            previous_flush_paragraph = line.len() == t.len()
                && !in_note_definition
                && !t.starts_with(['-', '*', '+', '>', '|', '<'])
                && !t.starts_with(|c: char| c.is_ascii_digit());
        }
        index += 1;
    }
    if blocks.is_empty() {
        return None;
    }
    let mut out = Out::with_capacity(text.len());
    let mut explanation = vec![format!(
        "preformatted prose: {} blocks of layout lines read as paragraphs (at least {MIN_PROSE_LINES} lines averaging {MIN_WORDS_PER_LINE} words or more, a sentence's end, at most {MAX_CODE_LINES_PER_HUNDRED} code-like lines in 100)",
        blocks.len()
    )];
    let mut next = 0;
    for (open, content, end) in &blocks {
        for (i, line) in lines.iter().enumerate().take(*open).skip(next) {
            out.line(line, i + 1);
        }
        let numbered: Vec<(usize, &str)> = content.clone().map(|i| (i + 1, lines[i])).collect();
        let found = paragraphs(&numbered, text);
        explanation.push(format!(
            "  lines {}–{}: {} paragraphs",
            source_line(open + 1),
            source_line(*end),
            found.len()
        ));
        for p in found.iter().filter(|p| p.layout_lines) {
            explanation.push(format!(
                "  lines {}–{}: no paragraph end shows in over {MAX_LAYOUT_PARAGRAPH_WORDS} words (columns side by side?): the layout's lines are kept as lines, not joined into one wall of text",
                source_line(p.first),
                source_line(p.last)
            ));
        }
        write(&mut out, &found, "####");
        next = *end;
    }
    for (i, line) in lines.iter().enumerate().skip(next) {
        out.line(line, i + 1);
    }
    Some(out.into_reflowed(explanation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notes_indented_paragraph_stays_the_notes() {
        let text = "The text, flush left, long enough to read as prose in any reading of it.[^a]\n\n[^a]: The first note, which has a second paragraph.\n\n    The second paragraph of the first note runs over\n    three lines of the source, as an editor wraps it\n    when the note is long enough to need it.\n\n[^b]: The second note.\n";
        assert!(reflow(text, &|line| line).is_none());
        // The same lines under a paragraph of text are layout, and read as prose.
        let text = text.replace("[^a]: The first note", "The first note");
        assert!(reflow(&text, &|line| line).is_some());
    }

    #[test]
    fn layout_lines_become_paragraphs() {
        let layout = [
            (1, "    The first paragraph starts here and runs on to the"),
            (2, "end of the measure, where the layout broke the line; it"),
            (3, "ends here."),
            (4, "    The second paragraph opens with an indent and is a"),
            (5, "little longer than a single line of the page's text."),
        ];
        let found = paragraphs(&layout, "");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].text.ends_with("broke the line; it ends here."));
        assert_eq!((found[1].first, found[1].last), (4, 5));
    }

    #[test]
    fn a_line_alone_before_text_is_a_heading() {
        let body = vec!["word"; 40].join(" ");
        let layout = [(1, "Means and Ends"), (2, ""), (3, body.as_str())];
        let found = paragraphs(&layout, "");
        assert!(found[0].heading);
        let layout = [(1, "Means and Ends,"), (2, ""), (3, body.as_str())];
        assert!(!paragraphs(&layout, "")[0].heading);
    }

    #[test]
    fn prose_in_a_fence_becomes_paragraphs_and_code_stays() {
        let prose = "Intro.\n\n```\nThe converter kept this text in a code block though it is prose\nthat a reader would want to read as a paragraph on any screen, with\nits lines joined as the author wrote them. It ends here.\n```\n";
        let out = reflow(prose, &|l| l).expect("prose in a fence is reflowed");
        assert!(!out.text.contains("```"), "{}", out.text);
        assert!(out.text.contains("prose that a reader"));
        let code = "Intro.\n\n```\nlet total = items.iter().map(|i| i.price).sum();\nfor item in items { println!(\"{item}\"); }\nreturn total;\n```\n";
        assert!(reflow(code, &|l| l).is_none());
        let labelled = prose.replace("```\nThe", "```text\nThe");
        assert!(reflow(&labelled, &|l| l).is_none());
    }
}
