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
    weigh(blocks).removed
}

/// Why a line of a furniture-like shape stays in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kept {
    /// "Figure 3", "Table 2: ...", or the line under an image: the reader needs it.
    Caption,
    /// A number with its unit ("1,643/hectare", "12 km", "40%"): a datum of the text.
    Measure,
    /// A web address: a reference, never furniture to drop.
    Address,
    /// No text stands between it and another line of its shape: a list or a
    /// table's column, not a line each page repeats.
    NotAcrossPages,
}

impl Kept {
    /// What the line is, for `--explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Kept::Caption => "a figure or table caption",
            Kept::Measure => "a number with a unit",
            Kept::Address => "a web address",
            Kept::NotAcrossPages => "no page of text between it and the next line of its shape",
        }
    }
}

/// The lines weighed as page furniture: those removed, each with the page
/// number it prints, and those of a repeated shape kept, each with why.
#[derive(Debug, Default)]
pub struct Furniture {
    /// The blocks removed, by index, each with the page number it prints, if any.
    pub removed: Vec<(usize, Option<u32>)>,
    /// The blocks of a repeated shape kept, by index, each with why.
    pub kept: Vec<(usize, Kept)>,
}

impl Furniture {
    /// For `--explain`: what was weighed, then one line per line removed or
    /// kept, with its source line and text.
    pub fn explain(&self, blocks: &[TextBlock]) -> Vec<String> {
        if self.removed.is_empty() && self.kept.is_empty() {
            return Vec::new();
        }
        let quoted = |i: usize| {
            let text = blocks[i].text.trim();
            let short: String = text.chars().take(60).collect();
            if short.len() < text.len() {
                format!("\"{short}…\"")
            } else {
                format!("\"{short}\"")
            }
        };
        let mut lines: Vec<(usize, String)> = self
            .removed
            .iter()
            .map(|&(i, _)| {
                (
                    i,
                    format!("  line {}: {} removed", blocks[i].line, quoted(i)),
                )
            })
            .chain(self.kept.iter().map(|&(i, why)| {
                (
                    i,
                    format!(
                        "  line {}: {} kept: {}",
                        blocks[i].line,
                        quoted(i),
                        why.describe()
                    ),
                )
            }))
            .collect();
        lines.sort_by_key(|(i, _)| *i);
        std::iter::once(format!(
            "page furniture: {} lines removed as running heads, feet or page numbers (each of a shape that repeats across pages, one of them cutting a sentence); {} lines of such shapes kept",
            self.removed.len(),
            self.kept.len()
        ))
        .chain(lines.into_iter().map(|(_, line)| line))
        .collect()
    }
}

/// Weighs every line of a repeated shape as page furniture (see [`Kept`] for
/// what always stays).
pub fn weigh(blocks: &[TextBlock]) -> Furniture {
    let mut by_shape: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, block) in blocks.iter().enumerate() {
        if let Some(shape) = shape(&block.text) {
            by_shape.entry(shape).or_default().push(index);
        }
    }
    let mut furniture = Furniture::default();
    let mut groups: Vec<Vec<usize>> = by_shape.into_values().collect();
    groups.sort_unstable();
    for indices in groups {
        if indices.len() < MIN_REPEATS {
            continue;
        }
        let mut candidates = Vec::with_capacity(indices.len());
        let mut kept = Vec::new();
        for (at, &i) in indices.iter().enumerate() {
            let adjacent = |other: Option<&usize>| other.is_some_and(|&o| o.abs_diff(i) == 1);
            let why = if is_caption(blocks, i) {
                Some(Kept::Caption)
            } else if has_web_address(&blocks[i].text) {
                Some(Kept::Address)
            } else if has_measure(&blocks[i].text) {
                Some(Kept::Measure)
            } else if adjacent(at.checked_sub(1).and_then(|a| indices.get(a)))
                || adjacent(indices.get(at + 1))
            {
                Some(Kept::NotAcrossPages)
            } else {
                None
            };
            match why {
                Some(why) => kept.push((i, why)),
                None => candidates.push(i),
            }
        }
        let furniture_group = candidates.len() >= MIN_REPEATS
            && candidates.iter().any(|&i| cuts_a_sentence(blocks, i));
        if !furniture_group {
            // Only a group that would otherwise have gone is worth saying was kept.
            if indices.iter().any(|&i| cuts_a_sentence(blocks, i)) {
                furniture.kept.extend(kept);
            }
            continue;
        }
        furniture.kept.extend(kept);
        let numbers: Vec<Vec<u32>> = candidates
            .iter()
            .map(|&i| numbers(&blocks[i].text))
            .collect();
        let varying =
            (0..numbers[0].len()).find(|&k| numbers.iter().any(|n| n.get(k) != numbers[0].get(k)));
        furniture.removed.extend(
            candidates
                .into_iter()
                .zip(numbers)
                .map(|(i, n)| (i, varying.and_then(|k| n.get(k).copied()))),
        );
    }
    furniture.removed.sort_unstable();
    furniture.kept.sort_unstable();
    furniture
}

/// Words that open a caption when a number follows them ("Figure 3", "Fig. 2",
/// "Table IV"), in the languages essays are most often written in.
const CAPTION_WORDS: &[&str] = &[
    "figure",
    "fig",
    "figs",
    "table",
    "chart",
    "graph",
    "map",
    "plate",
    "photo",
    "photograph",
    "image",
    "illustration",
    "diagram",
    "exhibit",
    "box",
    "source",
    "figura",
    "tabla",
    "cuadro",
    "gráfico",
    "tableau",
    "abbildung",
    "abb",
    "tabelle",
    "karte",
    "tabell",
    "bilde",
    "figur",
];

/// Whether the line at `index` is a caption: it opens with a caption word and
/// a number, or it stands right under an image.
fn is_caption(blocks: &[TextBlock], index: usize) -> bool {
    let under_image = index
        .checked_sub(1)
        .and_then(|i| blocks.get(i))
        .is_some_and(|b| {
            let t = b.text.trim();
            t.starts_with("![") || t.starts_with("<img") || t.starts_with("[![")
        });
    under_image || opens_with_caption_word(&blocks[index].text)
}

/// "Figure 3: ...", "**Table 2.**", "Fig. IV".
fn opens_with_caption_word(text: &str) -> bool {
    let line = text.trim_start().trim_start_matches(['*', '_', '#', ' ']);
    let word: String = line
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if !CAPTION_WORDS.contains(&word.as_str()) {
        return false;
    }
    let rest = line[line
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(line.len(), |(at, _)| at)..]
        .trim_start_matches(['.', ':', ' ', '\u{a0}']);
    rest.starts_with(|c: char| c.is_ascii_digit())
        || rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| "IVXLivxl".contains(c)))
}

/// Whether a line holds a web address: a scheme, "www.", or a name with a
/// dot and a path ("example.org/page").
fn has_web_address(text: &str) -> bool {
    text.contains("://")
        || text.to_ascii_lowercase().contains("www.")
        || text.split_whitespace().any(|word| {
            let Some((host, _path)) = word.split_once('/') else {
                return false;
            };
            host.split('.').count() >= 2
                && host.rsplit('.').next().is_some_and(|tld| {
                    tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
                })
                && host.split('.').all(|part| !part.is_empty())
        })
}

/// Units a measured number is written with, after the number (with or
/// without a space): lengths, areas, weights, volumes, shares, times, money.
/// A unit of one letter ("5 m", "4 t") is also a word or an initial, so it
/// counts only written against its number ("5m").
const UNITS: &[&str] = &[
    "%", "‰", "°", "°c", "°f", "km", "cm", "mm", "mi", "ft", "yd", "ha", "hectare", "hectares",
    "acre", "acres", "km²", "m²", "sq", "kg", "mg", "lb", "lbs", "oz", "ton", "tons", "tonnes",
    "ml", "gal", "kwh", "mw", "gw", "kw", "hz", "mph", "kph", "percent", "million", "billion",
    "trillion", "bn", "usd", "eur", "gbp",
];
const ATTACHED_UNITS: &[&str] = &["m", "g", "t", "l", "w", "v", "k", "m2", "km2"];

/// Currency signs written before a number.
const CURRENCY_SIGNS: &[char] = &['$', '€', '£', '¥', '₹'];

/// Whether a line holds a number with a unit: "1,643/hectare", "12 km",
/// "40%", "$3.2 million".
fn has_measure(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && (chars[at].is_ascii_digit() || matches!(chars[at], ',' | '.')) {
            at += 1;
        }
        let before = chars[..start].iter().rev().find(|c| **c != ' ');
        if before.is_some_and(|c| CURRENCY_SIGNS.contains(c)) {
            return true;
        }
        let mut after = at;
        // "1,643/hectare", "3 per km": a rate is a unit too.
        if chars.get(after) == Some(&'/') && chars.get(after + 1).is_some_and(|c| c.is_alphabetic())
        {
            return true;
        }
        let attached = chars.get(after) != Some(&' ');
        if !attached {
            after += 1;
        }
        let unit: String = chars[after..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '%' | '‰' | '°' | '²'))
            .flat_map(|c| c.to_lowercase())
            .collect();
        if UNITS.contains(&unit.as_str()) || (attached && ATTACHED_UNITS.contains(&unit.as_str())) {
            return true;
        }
    }
    false
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

    /// Text whose sentences run across three pages, each line of `lines`
    /// standing where a page breaks.
    fn across_pages(lines: [&str; 3]) -> String {
        format!(
            "It runs\n\n{}\n\non and\n\n{}\n\non and\n\n{}\n\nend.\n",
            lines[0], lines[1], lines[2]
        )
    }

    #[test]
    fn captions_measures_and_addresses_are_never_furniture() {
        for lines in [
            ["Figure 2", "Figure 3", "Figure 4"],
            ["Table 1: yields", "Table 2: yields", "Table 3: yields"],
            ["1,643/hectare", "2,210/hectare", "1,980/hectare"],
            ["12 km", "15 km", "40 km"],
            ["41%", "18%", "7%"],
            [
                "https://example.org/a/1",
                "https://example.org/a/2",
                "https://example.org/a/3",
            ],
        ] {
            let weighed = weigh(&blocks(&across_pages(lines)));
            assert!(weighed.removed.is_empty(), "{lines:?}");
            assert_eq!(weighed.kept.len(), 3, "{lines:?}");
        }
        // A running head is still one.
        let heads = across_pages(["Harvests — 2", "Harvests — 3", "Harvests — 4"]);
        assert_eq!(find(&blocks(&heads)), [1, 3, 5]);
    }

    #[test]
    fn a_line_under_an_image_is_its_caption() {
        let text = "It runs\n\n![](a.png)\n\nPlot 1\n\non and\n\n![](b.png)\n\nPlot 2\n\non and\n\n![](c.png)\n\nPlot 3\n\nend.\n";
        let weighed = weigh(&blocks(text));
        assert!(weighed.removed.is_empty());
        assert!(weighed.kept.iter().all(|(_, why)| *why == Kept::Caption));
    }

    #[test]
    fn lines_of_one_shape_with_no_text_between_are_a_list() {
        let text = "It runs\n\nRow 1\n\nRow 2\n\nRow 3\n\non and on.\n";
        assert!(find(&blocks(text)).is_empty());
    }

    #[test]
    fn captions_that_cut_no_sentence_stay() {
        let b =
            blocks("A map.\n\nFigure 1\n\nAnother.\n\nFigure 2\n\nA third.\n\nFigure 3\n\nEnd.\n");
        assert!(find(&b).is_empty());
    }
}
