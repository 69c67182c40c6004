//! Reading an input: recognise its kind, restore reading order, rejoin what
//! page breaks split, collect notes, and produce the chapters of the model.
//!
//! Each kind of export is one module that turns its input into plain Markdown
//! with standard footnotes; [`markdown`] turns that into the model. A new kind
//! of export is a new module and one more arm in [`read`].

pub mod broken_forms;
pub mod contents;
pub mod encoding;

pub mod front_matter;
pub mod images;
pub mod ligatures;
pub mod markdown;
pub mod metadata;
pub mod order;
pub mod page_export;
pub mod running_heads;
pub mod text;

use crate::model::{Block, Chapter, Inline, Note};
use markdown::TopBlock;

pub use front_matter::FrontMatter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A page-by-page export of a printed booklet.
    PageExport,
    /// An essay written in Markdown, notes as standard `[^label]` footnotes.
    Markdown,
}

/// What a source said, before the manifest's metadata is joined to it.
#[derive(Debug, Default)]
pub struct Content {
    pub kind: Option<SourceKind>,
    /// The title heading, when the text opens with one (it is not repeated in the body).
    pub title: Option<String>,
    pub front: FrontMatter,
    /// Every reading of the title and authors, weighed later against the manifest and file name.
    pub readings: metadata::Readings,
    pub chapters: Vec<Chapter>,
    pub notes: Vec<Note>,
    /// What was recognised and why, for `--explain`.
    pub explanation: Vec<String>,
    /// (line in the source, message)
    pub warnings: Vec<(Option<usize>, String)>,
    /// A page export's printed page numbers, each with the line of the
    /// source where that page's text starts (not yet rendered).
    pub page_labels: Vec<(String, usize)>,
}

/// Reads a source text of any recognised kind.
pub fn read(input: &str) -> Content {
    read_with(input, None)
}

/// Reads a source text, its reading order fixed by `order` when given (a
/// manifest's `order` key); otherwise by the front matter's, or the evidence.
pub fn read_with(input: &str, order: Option<order::OrderChoice>) -> Content {
    let (normalized, removed) = text::strip_forbidden(&text::normalize(input));
    let (normalized, fence_lines) = text::unglue_fences(&normalized);
    let (normalized, unclosed_fences) = match markdown::unclosed_fences_as_text(&normalized) {
        (std::borrow::Cow::Owned(text), lines) => (text, lines),
        (std::borrow::Cow::Borrowed(_), lines) => (normalized, lines),
    };
    let normalized = match text::encode_link_spaces(&normalized) {
        std::borrow::Cow::Owned(encoded) => encoded,
        std::borrow::Cow::Borrowed(_) => normalized,
    };
    let normalized = markdown::without_page_breaks(&normalized).into_owned();
    // A line of the text read, as a line of the source.
    let source_line = |line: usize| -> usize {
        fence_lines
            .as_ref()
            .and_then(|map| map.get(line.wrapping_sub(1)).copied())
            .unwrap_or(line)
    };
    let blocks = text::blocks(&normalized);
    let mut readings = metadata::read_document(&normalized);
    let mut content = Content::default();
    for (line, c) in &removed {
        content.warnings.push((
            Some(*line),
            format!(
                "control character U+{:04X} removed: XML cannot carry it",
                *c as u32
            ),
        ));
    }
    let (markdown, line_map) = if page_export::recognise(&blocks) {
        content.kind = Some(SourceKind::PageExport);
        let choice = order
            .or_else(|| order::OrderChoice::from_front_matter(&normalized))
            .unwrap_or_default();
        let page = page_export::reconstruct(blocks, choice);
        content.front = page.front;
        content.explanation = page.explanation;
        content.page_labels = page
            .page_labels
            .iter()
            .map(|(label, offset)| {
                let line = page.markdown[..*offset].matches('\n').count();
                let line = page.line_map.get(line).copied().unwrap_or(0);
                (label.clone(), source_line(line))
            })
            .collect();
        content.warnings.extend(
            page.warnings
                .into_iter()
                .map(|(l, m)| (Some(source_line(l)), m)),
        );
        content
            .warnings
            .extend(page.notices.into_iter().map(|m| (None, m)));
        let markdown = page_export::mark_page_breaks(&page.markdown, &page.page_labels);
        (markdown, Some(page.line_map))
    } else {
        content.kind = Some(SourceKind::Markdown);
        content
            .explanation
            .push("recognised plain Markdown (no page-foot notes found)".into());
        (normalized, None)
    };
    for line in unclosed_fences {
        let line = source_line(line);
        content.explanation.push(format!(
            "line {line}: a code fence that is never closed is read as text, as pandoc reads it"
        ));
        content.warnings.push((
            Some(line),
            "this code fence is never closed, so it and the lines after it are read as text; close it to keep a code block".into(),
        ));
    }

    let markdown = markdown::inline_notes(&markdown).into_owned();
    let markdown = repair_ligatures(markdown, &mut content);
    let markdown = match markdown::split_fused_emphasis(&markdown) {
        (std::borrow::Cow::Owned(split), runs) => {
            content.explanation.push(format!(
                "emphasis: {runs} runs of marks split where one emphasis ends as the next begins (`*Title***: text**`)"
            ));
            split
        }
        (std::borrow::Cow::Borrowed(_), _) => markdown,
    };
    let parsed = markdown::parse(&markdown);
    // Offsets of line starts, so each problem's line is found by binary search.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| -> usize {
        let line = line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        source_line(match &line_map {
            Some(map) => map.get(line).copied().unwrap_or(0),
            None => line + 1,
        })
    };
    for (offset, message) in &parsed.problems {
        content
            .warnings
            .push((Some(line_of(*offset)), message.clone()));
    }
    content.warnings.sort_by_key(|(line, _)| *line);
    metadata::readers::read_title_page(
        &mut readings,
        content.front.title.as_deref(),
        &content.front.authors,
    );
    metadata::readers::read_yaml_fields(&mut readings, &parsed.front_matter);
    apply_front_matter(
        &mut content.front,
        &parsed.front_matter,
        &mut content.warnings,
    );
    let front = &mut content.front;
    if front.date.is_none() {
        front.date = readings.date.clone();
    }
    if front.source_url.is_none() {
        front.source_url = readings.source_url.clone();
    }
    if front.subjects.is_empty() {
        front.subjects = readings.subjects.clone();
    }
    let blocks = without_byline_headings(parsed.blocks, &mut content.explanation);
    let (title, chapters) = into_chapters(blocks);
    metadata::readers::read_lone_heading(&mut readings, title.as_deref());
    content.readings = readings;
    content.title = title;
    content.chapters = chapters;
    content.notes = parsed.notes;
    content.explanation.push(format!(
        "{} chapters, {} notes",
        content.chapters.len(),
        content.notes.len()
    ));
    content
}

/// Puts back the ligatures an export lost, saying what was done. A page
/// export is repaired whenever a repair is sure; another text only when it
/// shows the loss throughout (see [`ligatures::Scope::Evident`]).
fn repair_ligatures(markdown: String, content: &mut Content) -> String {
    use ligatures::Scope;
    let scope = match content.kind {
        Some(SourceKind::PageExport) => Scope::AllLosses,
        _ => Scope::Evident,
    };
    let Some(repaired) = ligatures::repair(&markdown, scope) else {
        return markdown;
    };
    content.explanation.push(format!(
        "ligatures: {} words repaired whose fi, fl, ff, ffi or ffl the export lost ({} distinct); {} with more than one possible repair left alone",
        repaired.count(),
        repaired.repairs.len(),
        repaired.ambiguous
    ));
    if !repaired.repairs.is_empty() {
        const LISTED: usize = 12;
        let mut list: Vec<String> = repaired
            .repairs
            .iter()
            .take(LISTED)
            .map(|r| {
                let broken: String = r
                    .broken
                    .chars()
                    .map(|c| {
                        if ligatures::is_private_use(c) {
                            '\u{fffd}'
                        } else {
                            c
                        }
                    })
                    .collect();
                match r.count {
                    1 => format!("{broken} → {}", r.repaired),
                    n => format!("{broken} → {} ({n})", r.repaired),
                }
            })
            .collect();
        if repaired.repairs.len() > LISTED {
            list.push(format!("and {} more", repaired.repairs.len() - LISTED));
        }
        content.warnings.push((
            None,
            format!(
                "repaired {} words whose ligatures the export lost: {}",
                repaired.count(),
                list.join(", ")
            ),
        ));
    }
    repaired.text
}

/// A YAML metadata block at the top of a Markdown essay. Its title and
/// authors are evidence to weigh (see [`metadata::readers::read_yaml_fields`]);
/// its other facts are taken as they are.
fn apply_front_matter(
    front: &mut FrontMatter,
    fields: &[(String, Vec<String>)],
    warnings: &mut Vec<(Option<usize>, String)>,
) {
    for (key, values) in fields {
        let value = values.join(", ");
        match key.to_ascii_lowercase().as_str() {
            "subtitle" => front.subtitle = Some(value),
            "date" => match front_matter::parse_date(&value)
                .or_else(|| crate::manifest::check_date(&value).ok())
                .or_else(|| date_of_timestamp(&value))
            {
                Some(date) => front.date = Some(date),
                None => warnings.push((None, format!("front matter date \"{value}\" is not a date such as 2000-11-05; it is ignored"))),
            },
            "lang" | "language" => match metadata::language::stated_tag(&value) {
                Some(tag) => front.language = Some(tag),
                None => warnings.push((None, format!("front matter language \"{value}\" is not a language tag such as fr or pt-BR; it is ignored"))),
            },
            "description" | "abstract" | "summary" => {
                front.description = front.description.take().or(Some(value.clone()))
            }
            "keywords" | "tags" | "subject" | "subjects" => {
                front.subjects.extend(front_matter::split_subjects(values))
            }
            "identifier" => front.identifier = Some(value.clone()),
            "publisher" => front.publisher = Some(value.clone()),
            "rights" => front.rights = Some(value.clone()),
            "cover" => front.cover = Some(value.clone()),
            "stylesheet" => front.stylesheet = Some(value.clone()),
            "typography" => match value.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => front.typography = Some(true),
                "false" | "no" | "off" => front.typography = Some(false),
                _ => warnings.push((None, format!("front matter typography \"{value}\" is not true or false; it is ignored"))),
            },
            _ => {}
        }
    }
    let unused = front_matter::unused_keys(fields);
    if !unused.is_empty() {
        warnings.push((
            None,
            format!(
                "front matter keys quire does not use, left out of the book: {}",
                unused.join(", ")
            ),
        ));
    }
}

/// The day of a timestamp such as `2020-09-22T15:15:00-0600`.
fn date_of_timestamp(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    (value.len() > 10 && value[10..].starts_with(['T', ' ']))
        .then(|| crate::manifest::check_date(day).ok())
        .flatten()
}

/// How many blocks from the top a byline set as a heading is looked for in:
/// it stands with the title, before the text.
const BYLINE_HEADING_BLOCKS: usize = 6;

/// The text without a heading that is only a byline (`## By Jane Doe`): the
/// name is metadata, read by [`metadata::readers`], never a chapter.
fn without_byline_headings(blocks: Vec<TopBlock>, explanation: &mut Vec<String>) -> Vec<TopBlock> {
    let mut kept = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.into_iter().enumerate() {
        if let TopBlock::Heading { content, .. } = &block {
            let text = Inline::plain_text(content);
            if index < BYLINE_HEADING_BLOCKS && metadata::readers::byline_heading(&text).is_some() {
                explanation.push(format!(
                    "heading \"{}\" is a byline: read as the author, not made a chapter",
                    text.trim()
                ));
                continue;
            }
        }
        kept.push(block);
    }
    kept
}

/// Most words a heading can have; longer, it is a paragraph marked as a heading.
const MAX_HEADING_WORDS: usize = 40;

/// Splits the essay into chapters at its section headings.
///
/// A single level-1 heading that opens the text is the book's title, not a
/// section. Sections are the highest heading level left; deeper headings stay
/// inside their section. Text before the first section heading is an opening
/// chapter of its own.
pub fn into_chapters(blocks: Vec<TopBlock>) -> (Option<String>, Vec<Chapter>) {
    // A "heading" a page long is an export's whole text marked as one: it is body text.
    let mut blocks: Vec<TopBlock> = blocks
        .into_iter()
        .map(|b| match b {
            TopBlock::Heading { content, .. }
                if text::has_words(&Inline::plain_text(&content), MAX_HEADING_WORDS + 1) =>
            {
                TopBlock::Block(Block::Paragraph(content))
            }
            other => other,
        })
        .collect();
    let level_ones = blocks
        .iter()
        .filter(|b| matches!(b, TopBlock::Heading { level: 1, .. }))
        .count();
    let mut title = None;
    if level_ones == 1 {
        if let Some(TopBlock::Heading { level: 1, content }) = blocks.first() {
            let text = Inline::plain_text(content).trim().to_string();
            // A heading holding a whole paragraph is text, not a title: it stays in the body.
            if text.chars().count() <= metadata::MAX_TITLE_CHARS {
                title = Some(text);
                blocks.remove(0);
            } else if let Some(TopBlock::Heading { content, .. }) = blocks.first_mut() {
                let content = std::mem::take(content);
                blocks[0] = TopBlock::Block(Block::Paragraph(content));
            }
        }
    }
    let section_level = blocks
        .iter()
        .filter_map(|b| {
            if let TopBlock::Heading { level, .. } = b {
                Some(*level)
            } else {
                None
            }
        })
        .min();

    let mut chapters: Vec<Chapter> = Vec::new();
    let mut current = Chapter::default();
    // The level of the last heading inside the current chapter (0: none yet).
    let mut deepest = 0;
    for block in blocks {
        match block {
            TopBlock::Heading { level, content } if Some(level) == section_level => {
                if current.heading.is_some() || !current.blocks.is_empty() {
                    chapters.push(std::mem::take(&mut current));
                }
                current.heading = Some(content);
                deepest = 0;
            }
            TopBlock::Heading { level, content } => {
                // Never deeper than one below the heading before it: a reader's outline
                // (and assistive technology) cannot follow a skipped level.
                let relative = level
                    .saturating_sub(section_level.unwrap_or(level))
                    .max(1)
                    .min(deepest + 1);
                deepest = relative;
                current.blocks.push(Block::Heading {
                    level: relative,
                    content,
                });
            }
            TopBlock::Block(block) => current.blocks.push(block),
        }
    }
    if current.heading.is_some() || !current.blocks.is_empty() || chapters.is_empty() {
        chapters.push(current);
    }
    (title, chapters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(chapters: &[Chapter]) -> Vec<Option<String>> {
        chapters
            .iter()
            .map(|c| c.heading.as_ref().map(|h| Inline::plain_text(h)))
            .collect()
    }

    #[test]
    fn a_lone_top_heading_is_the_title_and_sections_split() {
        let content =
            read("# Title\n\nOpening.\n\n## One\n\nText.\n\n### Sub\n\nMore.\n\n## Two\n\nEnd.\n");
        assert_eq!(content.title.as_deref(), Some("Title"));
        assert_eq!(
            headings(&content.chapters),
            [None, Some("One".into()), Some("Two".into())]
        );
        assert!(matches!(
            content.chapters[1].blocks[1],
            Block::Heading { level: 1, .. }
        ));
    }

    #[test]
    fn several_top_headings_are_sections() {
        let content = read("# One\n\nA.\n\n# Two\n\nB.\n");
        assert_eq!(content.title, None);
        assert_eq!(
            headings(&content.chapters),
            [Some("One".into()), Some("Two".into())]
        );
    }

    #[test]
    fn a_whole_text_under_one_heading_keeps_its_body() {
        let words = vec!["word"; 300].join(" ");
        let content = read(&format!("# Title {words}\n"));
        assert_eq!(content.title, None);
        assert_eq!(content.chapters.len(), 1);
        assert!(matches!(content.chapters[0].blocks[0], Block::Paragraph(_)));
    }

    #[test]
    fn a_heading_never_skips_a_level() {
        let content = read("## One\n\nA.\n\n#### Deep\n\nB.\n\n###### Deeper\n\nC.\n");
        let levels: Vec<u8> = content.chapters[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [1, 2]);
    }

    #[test]
    fn no_heading_at_all_is_one_chapter() {
        let content = read("Just a paragraph.\n");
        assert_eq!(content.chapters.len(), 1);
        assert_eq!(content.chapters[0].heading, None);
    }

    #[test]
    fn an_empty_source_still_gives_one_chapter() {
        assert_eq!(read("").chapters.len(), 1);
    }
}
