//! A PDF converter's page-view export: a stamp (`*Converted from: ...*`,
//! `*Total pages: N*`, `*File size: N bytes*`, `*Converted: date*`), then per
//! PDF page `## Page N`, `### Figures and Images (N found)` with
//! `#### Figure: img-000.png` and its image, `### Complete Page View` with an
//! image of the page, and `### Extracted Text` with the page's text as layout
//! lines in a code fence. The book keeps the text, not the scaffolding: the
//! stamp goes to the colophon as provenance, page headings and page images
//! go, figures stay, lines repeated at the same edge of many pages (running
//! heads, page numbers) go, and the layout lines become paragraphs, headings
//! where the layout sets a line apart before text. PDF page indices are not
//! the printed page numbers, so no page list is made from them.

use std::collections::HashMap;

use super::preformatted::{paragraphs, reads_as_heading, write, Paragraph};
use super::{closes_fence, opens_fence, Out, Reflowed};

/// The stamp's lines, as the converter writes them (inside `*...*`).
const STAMP_LABELS: [&str; 4] = [
    "Converted from:",
    "Total pages:",
    "File size:",
    "Converted:",
];
/// Fewest stamp lines that name the converter: one could be an author's note.
const MIN_STAMP_LINES: usize = 2;
/// Fewest pages with their scaffolding that show the class when the stamp is
/// missing: a single `## Page 1` could be the essay's own heading.
const MIN_PAGES_WITHOUT_STAMP: usize = 2;
/// The section holding a page's text.
const TEXT_SECTION: &str = "### Extracted Text";
/// The section holding an image of the whole page: never in the book.
const PAGE_IMAGE_SECTION: &str = "### Complete Page View";
/// The section listing a page's figures, each under `#### Figure: NAME`.
const FIGURES_SECTION: &str = "### Figures and Images";
const FIGURE_HEADING: &str = "#### Figure:";
/// Fewest pages a line's shape must stand at the same edge of to be page
/// furniture (a running head or foot, a page number), as for other exports.
const FURNITURE_MIN_PAGES: usize = 3;
/// ... and the least share of the pages (per hundred): a line on three pages
/// of thirty is the essay's own.
const FURNITURE_MIN_PAGES_PER_HUNDRED: usize = 50;
/// Lines at each edge of a page looked at for furniture: a head and a date
/// line, a page number and a footer.
const FURNITURE_LINES_PER_EDGE: usize = 2;
/// Most lines `--explain` names one by one.
const LISTED: usize = 10;

/// One PDF page of the export.
#[derive(Debug, Default)]
struct Page {
    number: usize,
    /// The page's text lines, 0-based indices into the source lines.
    text: Vec<usize>,
    /// Figure images (0-based line indices), with their heading's line.
    figures: Vec<usize>,
    /// Lines of the page that are no scaffolding (kept as written).
    other: Vec<usize>,
}

/// The number of a page heading, `## Page 12`.
fn page_number(line: &str) -> Option<usize> {
    line.strip_prefix("## Page ")?.trim().parse().ok()
}

/// The stamp's label a line carries, `*Total pages: 12*`.
fn stamp_label(line: &str) -> Option<&'static str> {
    let inner = line.trim().trim_end_matches('\\').trim();
    let inner = inner.strip_prefix('*')?.strip_suffix('*')?;
    STAMP_LABELS.iter().copied().find(|l| inner.starts_with(l))
}

/// Reads a page-view export as the essay; `None` for any other text.
pub fn reflow(text: &str, source_line: &dyn Fn(usize) -> usize) -> Option<Reflowed> {
    if !text.contains(TEXT_SECTION) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let first_page = lines.iter().position(|l| page_number(l).is_some())?;
    let stamp: Vec<usize> = (0..first_page)
        .filter(|&i| stamp_label(lines[i]).is_some())
        .collect();
    let pages = read_pages(&lines, first_page);
    let in_sequence = pages.iter().enumerate().all(|(k, p)| p.number == k + 1);
    let scaffolded = pages
        .iter()
        .all(|p| !p.text.is_empty() || !p.figures.is_empty());
    let stamped = stamp.len() >= MIN_STAMP_LINES;
    if !(in_sequence && scaffolded && (stamped || pages.len() >= MIN_PAGES_WITHOUT_STAMP)) {
        return None;
    }
    let mut explanation = vec![format!(
        "page-view export: {} `## Page N` headings in sequence, each with its text under `{TEXT_SECTION}`{}",
        pages.len(),
        if stamped {
            format!(
                "; the converter's stamp on lines {} ({} of {} lines, evidence at {MIN_STAMP_LINES})",
                list(&stamp, source_line),
                stamp.len(),
                STAMP_LABELS.len()
            )
        } else {
            format!(" (no stamp; {} pages, evidence at {MIN_PAGES_WITHOUT_STAMP})", pages.len())
        }
    )];
    explanation.push(
        "  page headings, page images and the export's section headings are left out; PDF page numbers are not printed page numbers, so they give no page list".into(),
    );
    let furniture = furniture(&lines, &pages, &mut explanation, source_line);

    let mut out = Out::with_capacity(text.len());
    // Above the first page: the front matter and title kept, the stamp set aside.
    let before_end = (0..first_page)
        .rev()
        .find(|&i| !(lines[i].trim().is_empty() || lines[i].trim() == "---"))
        .map_or(0, |i| i + 1);
    let heading_marks = if lines[..before_end].iter().any(|l| l.starts_with("# ")) {
        "##"
    } else {
        "#"
    };
    for (i, line) in lines.iter().enumerate().take(before_end) {
        if !stamp.contains(&i) {
            out.line(line, i + 1);
        }
    }
    // Every page's text read as one flow, a paragraph running on across pages.
    let mut flow: Vec<(usize, &str)> = Vec::new();
    let mut page_starts: Vec<(usize, &Page)> = Vec::new();
    for page in &pages {
        let kept: Vec<usize> = page
            .text
            .iter()
            .copied()
            .filter(|i| !furniture.contains(i))
            .collect();
        let first = kept.iter().position(|&i| !lines[i].trim().is_empty());
        let last = kept.iter().rposition(|&i| !lines[i].trim().is_empty());
        if let (Some(first), Some(last)) = (first, last) {
            page_starts.push((kept[first] + 1, page));
            flow.extend(kept[first..=last].iter().map(|&i| (i + 1, lines[i])));
            // A heading alone at a page's foot stands apart from the next page's text.
            let alone = last > first && lines[kept[last - 1]].trim().is_empty();
            if alone && reads_as_heading(lines[kept[last]].trim()) {
                flow.push((kept[last] + 1, ""));
            }
        } else {
            page_starts.push((usize::MAX, page));
        }
    }
    let found = paragraphs(&flow, text);
    let headings: Vec<&Paragraph> = found.iter().filter(|p| p.heading).collect();
    explanation.push(format!(
        "  {} layout lines read as {} paragraphs; {} lines set apart before text read as headings{}",
        flow.iter().filter(|(_, l)| !l.trim().is_empty()).count(),
        found.len() - headings.len(),
        headings.len(),
        if headings.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                headings
                    .iter()
                    .take(LISTED)
                    .map(|p| format!("line {}: \"{}\"", source_line(p.first), p.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    ));
    // Each page's figures and other lines after the paragraph its text opens in.
    let mut at = 0;
    let mut figures_kept = 0;
    for (k, paragraph) in found.iter().enumerate() {
        write(&mut out, std::slice::from_ref(paragraph), heading_marks);
        let next_first = found.get(k + 1).map_or(usize::MAX, |p| p.first);
        while at < page_starts.len() && page_starts[at].0 < next_first {
            let page = page_starts[at].1;
            for &i in page.figures.iter().chain(&page.other) {
                out.blank(i + 1);
                out.line(lines[i], i + 1);
                out.blank(i + 1);
            }
            figures_kept += page.figures.len();
            at += 1;
        }
    }
    for (_, page) in &page_starts[at..] {
        for &i in page.figures.iter().chain(&page.other) {
            out.blank(i + 1);
            out.line(lines[i], i + 1);
            out.blank(i + 1);
        }
        figures_kept += page.figures.len();
    }
    if figures_kept > 0 {
        explanation.push(format!(
            "  {figures_kept} figures kept, each where its page's text begins"
        ));
    }
    let mut reflowed = out.into_reflowed(explanation);
    if stamped {
        let entry: Vec<&str> = stamp.iter().map(|&i| lines[i].trim()).collect();
        reflowed.provenance.push(entry.join("\n"));
        reflowed
            .explanation
            .push("  the stamp is kept in the colophon, as where the text came from".into());
    }
    Some(reflowed)
}

/// Cuts the lines from the first page heading on into pages.
fn read_pages(lines: &[&str], first_page: usize) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut index = first_page;
    let mut section = "";
    while index < lines.len() {
        let line = lines[index];
        if let Some(number) = page_number(line) {
            pages.push(Page {
                number,
                ..Page::default()
            });
            section = "";
            index += 1;
            continue;
        }
        let Some(page) = pages.last_mut() else {
            break;
        };
        let trimmed = line.trim();
        if trimmed.starts_with(TEXT_SECTION) {
            section = TEXT_SECTION;
        } else if trimmed.starts_with(PAGE_IMAGE_SECTION) {
            section = PAGE_IMAGE_SECTION;
        } else if trimmed.starts_with(FIGURES_SECTION) || trimmed.starts_with(FIGURE_HEADING) {
            section = FIGURES_SECTION;
        } else if trimmed.is_empty() || trimmed == "---" {
            // Space and rules between the sections.
        } else if section == TEXT_SECTION {
            if let Some(open) = opens_fence(line) {
                let close = (index + 1..lines.len())
                    .find(|&i| closes_fence(lines[i], open))
                    .unwrap_or(lines.len());
                page.text.extend(index + 1..close);
                index = close + 1;
                continue;
            }
            page.text.push(index);
        } else if (section == PAGE_IMAGE_SECTION) && trimmed.starts_with("![") {
            // The image of the whole page: the text is the book's.
        } else if section == FIGURES_SECTION && trimmed.starts_with("![") {
            page.figures.push(index);
        } else {
            page.other.push(index);
        }
        index += 1;
    }
    pages
}

/// The lines at a page's edges whose shape stands at that edge of many pages:
/// running heads and feet, page numbers. Says what it found.
fn furniture(
    lines: &[&str],
    pages: &[Page],
    explanation: &mut Vec<String>,
    source_line: &dyn Fn(usize) -> usize,
) -> Vec<usize> {
    let edges = |page: &Page| -> [Vec<usize>; 2] {
        let filled: Vec<usize> = page
            .text
            .iter()
            .copied()
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let top: Vec<usize> = filled
            .iter()
            .copied()
            .take(FURNITURE_LINES_PER_EDGE)
            .collect();
        let bottom: Vec<usize> = filled
            .iter()
            .rev()
            .copied()
            .take(FURNITURE_LINES_PER_EDGE)
            .collect();
        [top, bottom]
    };
    let needed =
        FURNITURE_MIN_PAGES.max((pages.len() * FURNITURE_MIN_PAGES_PER_HUNDRED).div_ceil(100));
    let mut removed: Vec<usize> = Vec::new();
    for (edge, name) in [(0, "top"), (1, "foot")] {
        let mut pages_of: HashMap<String, usize> = HashMap::new();
        for page in pages {
            let mut seen: Vec<String> =
                edges(page)[edge].iter().map(|&i| shape(lines[i])).collect();
            seen.dedup();
            for s in seen {
                *pages_of.entry(s).or_default() += 1;
            }
        }
        let mut found: Vec<(&String, &usize)> =
            pages_of.iter().filter(|(_, &n)| n >= needed).collect();
        found.sort();
        for (s, n) in found {
            let at: Vec<usize> = pages
                .iter()
                .flat_map(|p| edges(p)[edge].clone())
                .filter(|&i| &shape(lines[i]) == s)
                .collect();
            explanation.push(format!(
                "  page furniture: \"{s}\" at the {name} of {n} of {} pages (evidence at {needed}: {FURNITURE_MIN_PAGES} pages and half of them) removed, lines {}",
                pages.len(),
                list(&at, source_line)
            ));
            removed.extend(at);
        }
    }
    if pages.len() < FURNITURE_MIN_PAGES {
        explanation.push(format!(
            "  page furniture: {} pages are too few to tell a running head from the text (evidence at {FURNITURE_MIN_PAGES}); nothing removed",
            pages.len()
        ));
    }
    removed.sort_unstable();
    removed
}

/// A line's shape: its words lowercased, each run of digits `#`, spaces collapsed.
fn shape(line: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !in_number {
                    out.push('#');
                }
                in_number = true;
            } else {
                in_number = false;
                out.extend(c.to_lowercase());
            }
        }
        in_number = false;
    }
    out
}

/// 0-based line indices as 1-based line numbers, a long list cut short.
fn list(indices: &[usize], source_line: &dyn Fn(usize) -> usize) -> String {
    let mut shown: Vec<String> = indices
        .iter()
        .take(LISTED)
        .map(|i| source_line(i + 1).to_string())
        .collect();
    if indices.len() > LISTED {
        shown.push(format!("and {} more", indices.len() - LISTED));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(pages: &[&str]) -> String {
        let mut text = String::from("# A Title\n\n*Converted from: `./a.pdf`*  \n*Total pages: 3*  \n*File size: 100 bytes*  \n*Converted: Mon Jan 1 2024*\n\n---\n\n");
        for (k, body) in pages.iter().enumerate() {
            let n = k + 1;
            text.push_str(&format!("## Page {n}\n\n### Complete Page View\n![Page {n} Complete](images/page_{n:03}_full.png)\n\n### Extracted Text\n\n```\nA Running Head\n{body}\n\n{n}\n```\n\n---\n\n"));
        }
        text
    }

    #[test]
    fn the_scaffolding_goes_and_the_text_flows() {
        let text = export(&[
            "    The essay opens on the first page and its sentence runs\nacross the page's end into the",
            "next page, where it goes on and ends. Then the page holds\nmore text until its end.",
            "    A new paragraph opens on the last page, indented as the\nlayout sets it.",
        ]);
        let out = reflow(&text, &|l| l).expect("a page-view export");
        for gone in [
            "## Page",
            "Complete Page View",
            "Extracted Text",
            "page_001_full",
            "A Running Head",
            "```",
            "Total pages",
        ] {
            assert!(!out.text.contains(gone), "{gone} stays:\n{}", out.text);
        }
        assert!(
            out.text.contains("into the next page, where it goes on"),
            "{}",
            out.text
        );
        assert!(out.text.contains("# A Title"));
        assert_eq!(out.provenance.len(), 1);
        assert!(out.provenance[0].contains("Total pages: 3"));
    }

    #[test]
    fn a_heading_page_is_not_a_page_view_export() {
        let text = "## Page 1\n\nSome text about the first page of a book.\n";
        assert!(reflow(text, &|l| l).is_none());
    }
}
