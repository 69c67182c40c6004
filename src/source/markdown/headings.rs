//! Headings that are not headings: lines a converter or a reader-view print
//! marked with `#` though they are pieces of a sentence, page numbers, page
//! footers, table rows or bylines. Each is weighed from named evidence and,
//! when the evidence is plain, read as the paragraph it is; a heading with no
//! text at all (an image that is missing), or only a converter's page label
//! ("Page 65"), is no heading and no chapter.

use crate::model::{Block, Chapter, Inline};

use super::events::TopBlock;

/// A heading that starts with a lowercase word ("and brown tenants the
/// most."): section titles start with a capital or a number, sentence pieces
/// in lowercase. Counted for two words or more ("## foo" is a heading an
/// author may write), and alone not enough.
const LOWERCASE_START: u32 = 2;

/// The paragraph before stops mid-sentence (a letter, comma or hyphen at its
/// end): the "heading" is where the sentence goes on.
const CONTINUES_SENTENCE_BEFORE: u32 = 2;

/// The same, before a heading that opens with a capital, as a section does:
/// many a paragraph before a heading ends without its full stop, so this
/// alone with a prose length is no sentence going on.
const CONTINUES_SENTENCE_BEFORE_CAPITAL: u32 = 1;

/// The heading ends with a comma, semicolon or hyphen: a sentence cut off.
const ENDS_MID_SENTENCE: u32 = 3;

/// The heading's last word is an article, preposition or conjunction in
/// lowercase ("has seen an", "published in Spanish on"): the sentence goes on
/// after it.
const ENDS_WITH_FUNCTION_WORD: u32 = 2;

/// The heading has as many words as a stretch of running text
/// ([`SEVERAL_WORDS`] or more): with another sign, a line of prose.
const RUNS_LONG: u32 = 1;

/// Words from which a heading [`RUNS_LONG`].
const SEVERAL_WORDS: usize = 5;

/// A lowercase Roman numeral alone ("xiv"): a printed page number of the
/// front matter, which a print marked as a heading.
const ROMAN_PAGE_NUMBER: u32 = 3;

/// A page footer a browser prints: "1 of 11 10/23/25, 10:56 PM".
const PRINTED_PAGE_FOOTER: u32 = 3;

/// A table row (`| a | b |`) marked as a heading.
const TABLE_ROW: u32 = 3;

/// A byline ("By Iris Kwok -"): who wrote the text, not a section of it.
const BYLINE: u32 = 3;

/// The heading shows no letter or digit (private-use glyphs of a lost font,
/// `***`, a dash): nothing a reader could find in the contents.
const NO_LETTER_OR_DIGIT: u32 = 3;

/// Evidence from which a heading is read as text.
const NOT_A_HEADING: u32 = 3;

/// The words a sentence cannot end on (English).
const FUNCTION_WORDS: [&str; 24] = [
    "a", "an", "the", "of", "on", "in", "to", "for", "with", "by", "at", "from", "as", "and", "or",
    "but", "that", "is", "was", "were", "are", "its", "their", "his",
];

/// The evidence that a heading is no heading, as (name, weight).
fn evidence(text: &str, before: Option<&TopBlock>) -> Vec<(&'static str, u32)> {
    let mut found = Vec::new();
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(first) = words.first() else {
        return found;
    };
    let first_word = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if !first_word.is_empty() && first_word.chars().all(char::is_lowercase) {
        if words.len() == 1 && first_word.chars().all(|c| "ivxlc".contains(c)) {
            found.push((
                "a lowercase Roman numeral alone, a page number",
                ROMAN_PAGE_NUMBER,
            ));
        } else if words.len() > 1 {
            found.push(("starts with a lowercase word", LOWERCASE_START));
        }
    }
    if let Some(TopBlock::Block(Block::Paragraph(inlines))) = before {
        let before = Inline::plain_text(inlines);
        let open = before
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() || matches!(c, ',' | '-'));
        if open {
            let capital = first_word.chars().next().is_some_and(char::is_uppercase);
            found.push((
                "the paragraph before stops mid-sentence",
                if capital {
                    CONTINUES_SENTENCE_BEFORE_CAPITAL
                } else {
                    CONTINUES_SENTENCE_BEFORE
                },
            ));
        }
    }
    if text.ends_with([',', ';', '-', '\u{2010}', '\u{2013}']) && !is_byline(text) {
        found.push(("ends mid-sentence", ENDS_MID_SENTENCE));
    }
    // Written in lowercase: a title-cased "What We Stand For" ends as titles may.
    let last = *words.last().unwrap_or(first);
    if words.len() > 1 && FUNCTION_WORDS.contains(&last) {
        found.push((
            "ends on a word a sentence goes on after",
            ENDS_WITH_FUNCTION_WORD,
        ));
    }
    if words.len() >= SEVERAL_WORDS {
        found.push(("runs as long as prose", RUNS_LONG));
    }
    if !text.chars().any(char::is_alphanumeric) {
        found.push(("shows no letter or digit", NO_LETTER_OR_DIGIT));
    }
    if is_page_footer(&words) {
        found.push(("a printed page footer", PRINTED_PAGE_FOOTER));
    }
    if text.starts_with('|') || text.matches('|').count() >= 2 {
        found.push(("a table row", TABLE_ROW));
    }
    if is_byline(text) {
        found.push(("a byline", BYLINE));
    }
    found
}

/// "1 of 11" followed by a date or a time.
fn is_page_footer(words: &[&str]) -> bool {
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    words
        .windows(3)
        .any(|w| number(w[0]) && w[1] == "of" && number(w[2]))
        && words.iter().any(|w| {
            w.matches('/').count() == 2
                || (w.contains(':') && w.chars().any(|c| c.is_ascii_digit()))
        })
}

/// "By Iris Kwok -", "By Iris Kwok": "By" then two to four capitalised words,
/// perhaps a closing dash.
fn is_byline(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("By ") else {
        return false;
    };
    let rest = rest.trim_end_matches(['-', '\u{2013}', '\u{2014}', ' ', ',']);
    let names: Vec<&str> = rest.split_whitespace().collect();
    (2..=4).contains(&names.len())
        && names
            .iter()
            .all(|n| n.chars().next().is_some_and(char::is_uppercase))
}

/// Reads the headings that are no headings as paragraphs, and drops headings
/// with no text; returns the blocks and one line per heading read otherwise,
/// for `--explain`.
pub fn text_not_headings(blocks: Vec<TopBlock>) -> (Vec<TopBlock>, Vec<String>) {
    let mut out: Vec<TopBlock> = Vec::with_capacity(blocks.len());
    let mut explained = Vec::new();
    for block in join_wrapped_headings(blocks, &mut explained) {
        let TopBlock::Heading { level, content } = block else {
            out.push(block);
            continue;
        };
        if is_empty(&content) {
            explained.push("an empty heading is no heading: dropped".to_string());
            continue;
        }
        let text = Inline::plain_text(&content);
        if let Some(page) = crate::source::text::page_label(&text) {
            explained.push(format!(
                "\"{}\" labels page {page} of the print a converter read, not a section: left out",
                shortened(&text)
            ));
            continue;
        }
        let found = evidence(&text, out.last());
        let weight: u32 = found.iter().map(|(_, w)| w).sum();
        if weight >= NOT_A_HEADING {
            let why: Vec<&str> = found.iter().map(|(name, _)| *name).collect();
            explained.push(format!(
                "\"{}\" is text, not a heading ({}: {weight} of {NOT_A_HEADING} needed)",
                shortened(&text),
                why.join(", ")
            ));
            out.push(TopBlock::Block(Block::Paragraph(content)));
        } else {
            out.push(TopBlock::Heading { level, content });
        }
    }
    (out, explained)
}

/// Whether a heading's text cannot end there: it stops on a word a sentence
/// goes on after, or with a comma, a hyphen, a colon or an ampersand (a
/// title's subtitle follows its colon). A converter that wraps a long heading
/// writes its next line as a heading of the same level.
fn runs_on(text: &str) -> bool {
    let text = text.trim();
    let last = text
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    (text.split_whitespace().count() > 1 && FUNCTION_WORDS.contains(&last.as_str()))
        || text.ends_with([',', '-', '\u{2010}', ':', '&'])
}

/// Joins a heading that runs on into the heading of the same level right
/// after it (`## "We Called for Help, and` + `## They Killed My Son"`): one
/// heading wrapped over two lines, not a fragment and a section.
fn join_wrapped_headings(blocks: Vec<TopBlock>, explained: &mut Vec<String>) -> Vec<TopBlock> {
    let mut out: Vec<TopBlock> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (
            Some(TopBlock::Heading {
                level: before_level,
                content: before,
            }),
            TopBlock::Heading { level, content },
        ) = (out.last_mut(), &block)
        {
            let first = Inline::plain_text(before);
            let second = Inline::plain_text(content);
            // A title wrapped in title case goes on with a capital; a list of
            // sentence pieces goes on in lowercase, and stays pieces.
            let goes_on_as_title = second
                .trim_start()
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| !c.is_lowercase());
            if *before_level == *level && runs_on(&first) && goes_on_as_title {
                explained.push(format!(
                    "\"{}\" and \"{}\" are one heading wrapped over two lines: joined",
                    shortened(&first),
                    shortened(&second)
                ));
                before.push(Inline::Text(" ".into()));
                before.extend(content.iter().cloned());
                continue;
            }
        }
        out.push(block);
    }
    out
}

fn shortened(text: &str) -> String {
    const SHOWN: usize = 60;
    let shown: String = text.trim().chars().take(SHOWN).collect();
    if text.trim().chars().count() > SHOWN {
        format!("{shown}…")
    } else {
        shown
    }
}

/// Whether a heading shows nothing: no text and no image.
fn is_empty(content: &[Inline]) -> bool {
    let mut shows = false;
    crate::model::for_each_inline(content, &mut |inline| {
        if matches!(inline, Inline::Image { .. }) {
            shows = true;
        }
    });
    !shows && Inline::plain_text(content).trim().is_empty()
}

/// Once images are resolved, a heading that shows nothing (an image-only
/// heading whose image is missing and has no description) is no heading: its
/// chapter's text joins the chapter before, and a heading inside a chapter is
/// dropped. Returns how many were taken away.
pub fn without_empty_headings(chapters: &mut Vec<Chapter>) -> usize {
    let mut removed = 0;
    let mut kept: Vec<Chapter> = Vec::with_capacity(chapters.len());
    for mut chapter in chapters.drain(..) {
        let before = chapter.blocks.len();
        chapter
            .blocks
            .retain(|b| !matches!(b, Block::Heading { content, .. } if is_empty(content)));
        removed += before - chapter.blocks.len();
        if chapter.heading.as_deref().is_some_and(is_empty) {
            removed += 1;
            match kept.last_mut() {
                Some(previous) => {
                    previous.blocks.append(&mut chapter.blocks);
                    continue;
                }
                None => chapter.heading = None,
            }
        }
        kept.push(chapter);
    }
    *chapters = kept;
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str) -> TopBlock {
        TopBlock::Heading {
            level: 2,
            content: vec![Inline::Text(text.into())],
        }
    }

    fn kept_as_headings(blocks: Vec<TopBlock>) -> Vec<String> {
        text_not_headings(blocks)
            .0
            .iter()
            .filter_map(|b| match b {
                TopBlock::Heading { content, .. } => Some(Inline::plain_text(content)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_wrapped_over_two_lines_is_one_heading() {
        let blocks = vec![
            heading("\u{201c}We Called for Help, and"),
            heading("They Killed My Son\u{201d}"),
            heading("Sources"),
        ];
        assert_eq!(
            kept_as_headings(blocks),
            [
                "\u{201c}We Called for Help, and They Killed My Son\u{201d}",
                "Sources"
            ]
        );
        let blocks = vec![
            heading("The Commons We Keep:"),
            heading("Notes on Mutual Aid"),
            heading("Sources"),
        ];
        assert_eq!(
            kept_as_headings(blocks),
            ["The Commons We Keep: Notes on Mutual Aid", "Sources"]
        );
    }

    #[test]
    fn sentence_pieces_footers_rows_and_bylines_are_text() {
        let blocks = vec![
            heading("Mutual Aid in the Valley"),
            heading("Notes on"),
            heading("and brown tenants the most."),
            heading("The nonprofit industry in the U.S. has seen an"),
            heading("1 of 11 10/23/25, 10:56 PM"),
            heading("| Region | Members |"),
            heading("By Iris Kwok -"),
            heading("keep an eye on, I think"),
            heading("xiv"),
            heading("Sources"),
            heading("\u{e01f}\u{e01c}"),
            heading("***"),
            heading("foo"),
            heading("iPhone tips"),
        ];
        assert_eq!(
            kept_as_headings(blocks),
            [
                "Mutual Aid in the Valley",
                "Notes on",
                "Sources",
                "foo",
                "iPhone tips"
            ]
        );
    }

    #[test]
    fn a_heading_continuing_the_sentence_before_is_text() {
        let paragraph = TopBlock::Block(Block::Paragraph(vec![Inline::Text(
            "The staff voted to form".into(),
        )]));
        assert!(kept_as_headings(vec![paragraph.clone(), heading("their union today")]).is_empty());
        assert_eq!(
            kept_as_headings(vec![paragraph, heading("The Vote")]),
            ["The Vote"]
        );
    }

    #[test]
    fn an_empty_heading_is_dropped_and_its_text_joins_the_chapter_before() {
        let mut chapters = vec![
            Chapter {
                heading: Some(vec![Inline::Text("One".into())]),
                blocks: vec![Block::Paragraph(vec![Inline::Text("a".into())])],
            },
            Chapter {
                heading: Some(vec![Inline::Text(" ".into())]),
                blocks: vec![Block::Paragraph(vec![Inline::Text("b".into())])],
            },
        ];
        assert_eq!(without_empty_headings(&mut chapters), 1);
        assert_eq!(chapters.len(), 1);
        assert_eq!(chapters[0].blocks.len(), 2);
    }
}
