//! What one block or line of an export is: prose, a note, a page heading,
//! a rule, a section number; how a paragraph begins and ends.

use super::contents;
use crate::source::front_matter;
use crate::source::order::End;
use crate::source::text::{self, heading_text, TextBlock};

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
pub(super) fn definition_start(text: &str) -> &str {
    let t = text.trim_start();
    let unmarked = t.trim_start_matches('#');
    if unmarked.len() < t.len() && unmarked.starts_with(' ') {
        unmarked.trim_start()
    } else {
        t
    }
}

/// The first block of the essay proper: prose, a note, or a section heading.
pub(super) fn ends_title_matter(block: &TextBlock) -> bool {
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
pub(super) fn has_note_marker(text: &str) -> bool {
    crate::source::text::positions(text, "<sup>").any(|at| note_number(&text[at..]).is_some())
}

/// Text calling notes: not a paper's author line, nor a definition itself.
pub(super) fn starts_text_with_markers(text: &str) -> bool {
    has_note_marker(text)
        && !front_matter::is_marked_name_list(text)
        && note_number(definition_start(text)).is_none()
}

/// Running text rather than a title-page line: a longer paragraph without hard line breaks.
pub(super) fn is_prose(block: &TextBlock) -> bool {
    let t = block.text.trim_start();
    // Lines ended by hard breaks are a poem's or an address's, not prose.
    !t.starts_with('#') && !text::has_hard_break(&block.text) && text::has_words(&block.text, 20)
}

/// A paragraph of running text that stops mid-sentence on a word ("… a wine
/// bar, although"), then a paragraph that opens with a capital: no writer ends
/// a paragraph so, but a page does, and the page that went on with the
/// sentence was exported elsewhere. The next paragraph may begin another page.
pub(super) fn stops_before_fresh_start(last: &TextBlock, next: &TextBlock) -> bool {
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

/// Lines set one under another (a printer, a place, a year), neither prose nor a heading.
pub(super) fn is_colophon_block(block: &TextBlock) -> bool {
    !block.text.starts_with('#') && !is_prose(block) && block.text.contains("  \n")
}

/// The number of an export's page heading: `## Page 12`.
pub(super) fn page_heading(text: &str) -> Option<u32> {
    let rest = text.strip_prefix('#')?.trim_start_matches('#');
    text::page_label(rest.strip_prefix(' ')?)
}

/// The page number in an extracted image's name, `_page_3_Figure_1.jpeg`
/// (counted from 0 by the exporter, so page 4).
pub(super) fn image_page(text: &str) -> Option<u32> {
    crate::source::text::positions(text, "_page_").find_map(|at| {
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
pub(super) fn section_number(text: &str) -> Option<u32> {
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

pub(super) fn is_rule(line: &str) -> bool {
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
pub(super) fn note_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("<sup>")?;
    let end = text::find(rest, "</sup>")?;
    let number = rest[..end].trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

pub(super) fn starts_mid_sentence(text: &str) -> bool {
    let stripped = text.trim_start().trim_start_matches(['*', '_']);
    stripped
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ')' | '…'))
}

/// How a paragraph's last sentence ends, looking past note markers and emphasis marks.
pub(super) fn sentence_end(text: &str) -> End {
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
