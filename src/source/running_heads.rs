//! Finds running heads and feet: the lines a printed page repeats at its top
//! or foot ("The Lamplighters — 4", "Page 4 of 16", a bare "4"), which an
//! export leaves in the text, often in the middle of a sentence. They are page
//! furniture, not the essay: they are taken out, and each marks a page break,
//! so the sentence they cut is rejoined like any other split by a page.

use std::collections::HashMap;

use super::text::TextBlock;

/// Fewest repeats of a line's shape before it is taken for page furniture.
const MIN_REPEATS: usize = 3;

/// Indices of the blocks that are running heads, running feet or page numbers.
pub fn find(blocks: &[TextBlock]) -> Vec<usize> {
    find_numbered(blocks).into_iter().map(|(i, _)| i).collect()
}

/// The running heads, feet and page numbers, each with the page number it
/// prints: of the numbers in a line ("Page 4 of 16", "The Lamplighters 1998 — 4"),
/// the first that changes from one repeat to the next.
pub fn find_numbered(blocks: &[TextBlock]) -> Vec<(usize, Option<u32>)> {
    let mut by_shape: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, block) in blocks.iter().enumerate() {
        if let Some(shape) = shape(&block.text) {
            by_shape.entry(shape).or_default().push(index);
        }
    }
    let mut found: Vec<(usize, Option<u32>)> = by_shape
        .into_values()
        .filter(|indices| {
            indices.len() >= MIN_REPEATS && indices.iter().any(|&i| cuts_a_sentence(blocks, i))
        })
        .flat_map(|indices| {
            let numbers: Vec<Vec<u32>> =
                indices.iter().map(|&i| numbers(&blocks[i].text)).collect();
            let varying = (0..numbers[0].len())
                .find(|&k| numbers.iter().any(|n| n.get(k) != numbers[0].get(k)));
            indices
                .into_iter()
                .zip(numbers)
                .map(move |(i, n)| (i, varying.and_then(|k| n.get(k).copied())))
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort_unstable();
    found
}

/// The numbers in a line, in order.
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// Whether the line at `index` stands inside a sentence: the text before it
/// stops mid-sentence, or the text after it goes on in lowercase. Captions such
/// as "Figure 1", "Figure 2" repeat too, but never cut a sentence in two.
fn cuts_a_sentence(blocks: &[TextBlock], index: usize) -> bool {
    // Only running text counts as cut: a heading before the line is not a sentence.
    let before = index
        .checked_sub(1)
        .and_then(|i| blocks.get(i))
        .map(|b| b.text.trim_end())
        .filter(|t| !t.starts_with('#'));
    let after = blocks.get(index + 1).map(|b| b.text.trim_start());
    let open = before
        .and_then(|t| t.chars().last())
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | ';'));
    let continues = after
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_lowercase);
    open || continues
}

/// The shape of a one-line block that could be a running head or foot: its
/// words with every number replaced by `#`. Only lines that carry a number (the
/// page's) have a shape: a repeated line without one could be the essay's own.
fn shape(text: &str) -> Option<String> {
    let line = text.trim();
    // The cheap tests first: most blocks are long prose, or carry no number.
    // A running head carries no sentence punctuation at its end.
    if line.ends_with(['.', '?', '!', ':', ',', ';'])
        || line.split_whitespace().nth(8).is_some()
        || !line.bytes().any(|b| b.is_ascii_digit())
        || line.contains('\n')
        || line.is_empty()
        || line.starts_with('#')
        || line.starts_with("<sup>")
        || line.starts_with('|')
        || line.starts_with("[^")
        || is_list_item(line)
        || starts_with_a_date(line)
    {
        return None;
    }
    let mut shape = String::new();
    let mut has_number = false;
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                shape.push('#');
                has_number = true;
            }
            in_number = true;
        } else {
            in_number = false;
            shape.extend(c.to_lowercase());
        }
    }
    has_number.then_some(shape)
}

/// A bullet or numbered list item: a web page's dated entries and lists, not furniture.
fn is_list_item(line: &str) -> bool {
    if line.starts_with(['-', '*', '+', '•']) {
        return line.chars().nth(1).is_some_and(char::is_whitespace);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(['.', ')']) && line[digits + 1..].starts_with(' ')
}

/// A line that opens with a month name: a date or a comment's timestamp
/// ("March 3, 2017 at 4:15 pm"), which a web page repeats in its own text.
fn starts_with_a_date(line: &str) -> bool {
    let first: String = line
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    first.len() >= 3
        && crate::dates::MONTH_NAMES
            .iter()
            .map(|m| m.to_lowercase())
            .any(|m| m == first || (first.len() == 3 && m.starts_with(&first)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::text::blocks;

    #[test]
    fn repeated_numbered_lines_are_furniture() {
        let text = "Some text that runs on\n\nThe Lamplighters — 4\n\nacross the page.\n\nThe Lamplighters — 5\n\nMore text.\n\nThe Lamplighters — 6\n\nIn 1851 the men struck.\n";
        let b = blocks(text);
        assert_eq!(find(&b), [1, 3, 5]);
    }

    #[test]
    fn bare_page_numbers_are_furniture_but_prose_with_numbers_is_not() {
        let b = blocks("Text that runs\n\n12\n\non and\n\n13\n\nText\n\n14\n\nIn 1851.\n\nIn 1852.\n\nIn 1853.\n");
        assert_eq!(find(&b), [1, 3, 5]);
        assert!(find(&blocks("Chapter 1\n\nText.\n\nChapter 2\n\nText.\n")).is_empty());
    }

    #[test]
    fn the_changing_number_is_the_page_number() {
        let text = "Text that runs\n\n2 of 12 10/18/25\n\non and\n\n3 of 12 10/18/25\n\non and\n\n4 of 12 10/18/25\n\nEnd.\n";
        let found = find_numbered(&blocks(text));
        assert_eq!(found, [(1, Some(2)), (3, Some(3)), (5, Some(4))]);
    }

    #[test]
    fn dated_list_items_timestamps_and_definitions_are_not_furniture() {
        for lines in [
            [
                "- September 1, 2016",
                "- September 3, 2016",
                "- September 7, 2016",
            ],
            [
                "March 3, 2017 at 4:15 pm",
                "March 4, 2017 at 9:02 am",
                "April 1, 2017 at 1:00 pm",
            ],
            [
                "[^5]: ibid page 76",
                "[^6]: ibid page 79",
                "[^7]: ibid page 80",
            ],
            ["1. Item 4", "2. Item 5", "3. Item 6"],
        ] {
            let text = format!(
                "It runs\n\n{}\n\non and\n\n{}\n\non and\n\n{}\n\nend.\n",
                lines[0], lines[1], lines[2]
            );
            assert!(find(&blocks(&text)).is_empty(), "{lines:?}");
        }
    }

    #[test]
    fn captions_that_cut_no_sentence_stay() {
        let b =
            blocks("A map.\n\nFigure 1\n\nAnother.\n\nFigure 2\n\nA third.\n\nFigure 3\n\nEnd.\n");
        assert!(find(&b).is_empty());
    }
}
