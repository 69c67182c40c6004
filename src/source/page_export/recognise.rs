//! Whether a text is a page export at all.

use super::lines::{
    definition_start, is_prose, is_standard_definition, note_number, starts_text_with_markers,
};
use crate::source::running_heads;
use crate::source::text::TextBlock;

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
        || !evident_furniture(blocks).is_empty()
}

/// Fewest look-alike numbered lines that can be the furniture of a page
/// export: three ("Stanza 1" to "Stanza 3", `make step1` to `step3`) are
/// often the essay's own lines, and a printed text of four pages or more
/// shows its furniture on each.
const MIN_FURNITURE_PAGES: usize = 4;

/// Fewest of those lines that must stand inside a sentence (the text before
/// stops mid-sentence, or the text after goes on in lowercase): where pages
/// end in the middle of sentences, a line between the halves is furniture; a
/// heading or a numbered label stands there once by chance, not twice.
const MIN_SENTENCES_CUT_THROUGH: usize = 2;

/// Least share of those lines whose printed numbers differ from every
/// other's: each page prints its own number (a booklet's pages come in print
/// order, not rising, so rising is no test), while an essay's labels may repeat.
const MIN_DISTINCT_NUMBERS: f64 = 0.8;

/// The running heads, feet and page numbers of `blocks` (with the numbers
/// they print), when the evidence that they are page furniture is plain:
/// [`MIN_FURNITURE_PAGES`] lines at least, numbers that differ
/// ([`MIN_DISTINCT_NUMBERS`]), and [`MIN_SENTENCES_CUT_THROUGH`] sentence cut
/// in two; otherwise none, and nothing is removed.
pub fn evident_furniture(blocks: &[TextBlock]) -> Vec<(usize, Option<u32>)> {
    let found = running_heads::find_numbered(blocks);
    if is_evident_furniture(blocks, &found) {
        found
    } else {
        Vec::new()
    }
}

/// Whether `found`, the lines of repeated shapes weighed as furniture, is
/// plain enough evidence to remove them (see [`evident_furniture`]).
pub fn is_evident_furniture(blocks: &[TextBlock], found: &[(usize, Option<u32>)]) -> bool {
    if found.len() < MIN_FURNITURE_PAGES {
        return false;
    }
    let numbers: Vec<u32> = found.iter().filter_map(|(_, n)| *n).collect();
    let distinct: std::collections::HashSet<u32> = numbers.iter().copied().collect();
    let distinct_share = distinct.len() as f64 / found.len() as f64;
    let cut_through = found
        .iter()
        .filter(|(i, _)| cuts_a_sentence_through(blocks, *i))
        .count();
    distinct_share >= MIN_DISTINCT_NUMBERS && cut_through >= MIN_SENTENCES_CUT_THROUGH
}

/// Whether the line at `index` stands inside a sentence: the prose before
/// it stops without a sentence's end, or the prose after it goes on in
/// lowercase.
fn cuts_a_sentence_through(blocks: &[TextBlock], index: usize) -> bool {
    let before = index
        .checked_sub(1)
        .and_then(|i| blocks.get(i))
        .map(|b| b.text.trim_end())
        .filter(|t| !t.starts_with(['#', '|', '`']) && !t.starts_with("    "));
    let after = blocks.get(index + 1).map(|b| b.text.trim_start());
    let open = before
        .and_then(|t| t.chars().last())
        .is_some_and(|c| c.is_alphabetic() || matches!(c, ',' | '-' | ';'));
    let continues = after
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_lowercase);
    open || continues
}
