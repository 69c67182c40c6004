//! Reading an input: recognise its kind, restore reading order, rejoin what
//! page breaks split, collect notes, and produce the chapters of the model.
//!
//! Each kind of export is one module that turns its input into plain Markdown
//! with standard footnotes; [`markdown`] turns that into the model. A new kind
//! of export is a new module and one more arm in [`read`].

pub mod broken_forms;
pub mod encoding;

pub mod front_matter;
pub mod html;
pub mod images;
pub mod ligatures;
pub mod markdown;
pub mod metadata;
pub mod order;
pub mod page_export;
pub mod prepare;
pub mod reflow;
pub mod repairs;
pub mod running_heads;
pub mod text;

use std::borrow::Cow;

use crate::dates;
use crate::diagnostic::{SourceWarning, WarningCode};
use crate::model::{Block, Chapter, Inline, Note};
use markdown::TopBlock;

pub use front_matter::FrontMatter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
/// The kinds of source quire reads.
pub enum SourceKind {
    /// A page-by-page export of a printed booklet.
    PageExport,
    /// An essay written in Markdown, notes as standard `[^label]` footnotes.
    Markdown,
    /// A saved web page (HTML or XHTML), read as the Markdown it stands for.
    Html,
}

/// What a source said, before the manifest's metadata is joined to it.
#[derive(Debug, Default)]
pub struct Content {
    /// What kind of source it was; `None` until recognised.
    pub kind: Option<SourceKind>,
    /// The title heading, when the text opens with one (it is not repeated in the body).
    pub title: Option<String>,
    /// That heading as written, for a book whose title comes from elsewhere
    /// and differs: there it stays, as the first chapter's heading.
    pub title_heading: Option<Vec<Inline>>,
    /// The facts it states about itself (title page, colophon, front matter).
    pub front: FrontMatter,
    /// Every reading of the title and authors, weighed later against the manifest and file name.
    pub readings: metadata::Readings,
    /// The text, one chapter per section.
    pub chapters: Vec<Chapter>,
    /// The notes markers point to.
    pub notes: Vec<Note>,
    /// What was recognised and why, for `--explain`.
    pub explanation: Vec<String>,
    /// What was noticed, each with its line of the source where it has one.
    pub warnings: Vec<SourceWarning>,
    /// A page export's printed page numbers, each with the line of the
    /// source where that page's text starts (not yet rendered).
    pub page_labels: Vec<(String, usize)>,
    /// Each image's `src` as written, with the line of the source it stands
    /// on, in reading order: a warning about an image names its line
    /// without the source being read again.
    pub image_lines: Vec<(String, usize)>,
}

/// Reads a source text of any recognised kind.
pub fn read(input: &str) -> Content {
    read_with(input, None)
}

/// Reads a source file's text: as an HTML page when its name or its opening
/// says it is one ([`html::is_html`]), otherwise as [`read_with_repairs`] does.
pub fn read_file(
    input: Cow<'_, str>,
    path: &std::path::Path,
    order: Option<order::OrderChoice>,
    repairs: Option<bool>,
) -> Content {
    if html::is_html(&input, path) {
        read_html(&input, repairs)
    } else {
        read_text(input, order, repairs)
    }
}

/// Reads an HTML page: its article as Markdown ([`html::to_markdown`]), then
/// read as every Markdown essay is. Warnings name no line: the lines are
/// those of the Markdown, not of the page.
pub fn read_html(input: &str, repairs: Option<bool>) -> Content {
    let converted = html::to_markdown(input);
    let mut content = read_owned(converted.markdown, None, repairs);
    content.kind = Some(SourceKind::Html);
    content
        .explanation
        .retain(|line| !line.starts_with("recognised plain Markdown"));
    content.explanation.splice(0..0, converted.explanation);
    for warning in &mut content.warnings {
        warning.line = None;
    }
    // An image's line is the page's own: where its `src` is written.
    for (src, line) in &mut content.image_lines {
        *line = input
            .find(src.as_str())
            .map_or(0, |at| encoding::line_at(input.as_bytes(), at));
    }
    content.image_lines.retain(|(_, line)| *line > 0);
    content
}

/// Reads a source text, its reading order fixed by `order` when given (a
/// manifest's `order` key); otherwise by the front matter's, or the evidence.
pub fn read_with(input: &str, order: Option<order::OrderChoice>) -> Content {
    read_with_repairs(input, order, None)
}

/// Reads a source text as [`read_with`] does; `repairs` (the command line's or
/// the manifest's, over the front matter's; on by default) says whether words
/// may be repaired and page furniture removed.
pub fn read_with_repairs(
    input: &str,
    order: Option<order::OrderChoice>,
    repairs: Option<bool>,
) -> Content {
    read_text(Cow::Borrowed(input), order, repairs)
}

/// Reads a source text as [`read_with_repairs`] does, taking the text: it is
/// dropped as soon as a pass has rewritten it, or kept as the text read
/// when none does, so that a large source is not held twice.
pub fn read_owned(
    input: String,
    order: Option<order::OrderChoice>,
    repairs: Option<bool>,
) -> Content {
    read_text(Cow::Owned(input), order, repairs)
}

fn read_text(
    input: Cow<'_, str>,
    order: Option<order::OrderChoice>,
    repairs: Option<bool>,
) -> Content {
    let mut content = Content::default();
    let mut said = prepare::Said::default();
    let (normalized, source_lines) = prepare::run_mapped(
        input,
        &mut prepare::passes::before_reading(),
        &mut said,
        prepare::LineMap::unchanged(),
    );
    let mut readings = metadata::read_document(&normalized);
    let (normalized, source_lines) = prepare::run_mapped(
        normalized,
        &mut prepare::passes::converter_layout(),
        &mut said,
        source_lines,
    );
    content.warnings = std::mem::take(&mut said.warnings);
    // A line of the text read, as a line of the source.
    let source_line = |line: usize| source_lines.source_line(line);
    let stated = repairs::from_front_matter(&normalized);
    let repairs_on = repairs.or(stated.repairs).unwrap_or(true);
    let blocks = text::blocks(&normalized);
    let (markdown, line_map) = if page_export::recognise(&blocks) {
        content.kind = Some(SourceKind::PageExport);
        let choice = order
            .or_else(|| order::OrderChoice::from_yaml_block(&normalized))
            .unwrap_or_default();
        // The blocks hold the text: the text itself is no longer needed.
        drop(normalized);
        let page = page_export::reconstruct_with(blocks, choice, repairs_on);
        content.front = page.front;
        content.explanation = page.explanation;
        // Line ends found once: counting them up to each label would read the
        // text once per printed page.
        let line_ends: Vec<usize> = memchr::memchr_iter(b'\n', page.markdown.as_bytes()).collect();
        content.page_labels = page
            .page_labels
            .iter()
            .map(|(label, offset)| {
                let line = line_ends.partition_point(|&end| end < *offset);
                let line = page.line_map.get(line).copied().unwrap_or(0);
                (label.clone(), source_line(line))
            })
            .collect();
        content.warnings.extend(
            page.warnings
                .into_iter()
                .map(|(l, code, m)| SourceWarning::new(Some(source_line(l)), code, m)),
        );
        content.warnings.extend(
            page.notices
                .into_iter()
                .map(|(code, m)| SourceWarning::new(None, code, m)),
        );
        let markdown = page_export::mark_page_breaks(&page.markdown, &page.page_labels);
        (std::borrow::Cow::Owned(markdown), Some(page.line_map))
    } else {
        drop(blocks);
        content.kind = Some(SourceKind::Markdown);
        content
            .explanation
            .push("recognised plain Markdown (no page-foot notes found)".into());
        (normalized, None)
    };
    content.front.provenance.append(&mut said.provenance);
    content.explanation.append(&mut said.explanation);
    if !repairs_on {
        content.explanation.push(
            "repairs: off; no word is repaired and no running head, foot or page number removed"
                .into(),
        );
    }
    let scope = match content.kind {
        Some(SourceKind::PageExport) => ligatures::Scope::AllLosses,
        _ => ligatures::Scope::Evident,
    };
    let language = stated
        .language
        .as_deref()
        .map(ligatures::Language::from_tag);
    // Each line of the Markdown read, as a line of the source: a page
    // export's Markdown has its own lines; plain Markdown keeps the text's.
    let markdown_lines = match &line_map {
        Some(map) => prepare::LineMap::from_lines(map.iter().map(|&l| source_line(l)).collect()),
        None => source_lines.clone(),
    };
    let (markdown, _) = prepare::run_mapped(
        markdown,
        &mut prepare::passes::before_parsing(scope, repairs_on, language),
        &mut said,
        markdown_lines,
    );
    content.explanation.append(&mut said.explanation);
    content.warnings.append(&mut said.warnings);
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
    for (offset, code, message) in &parsed.problems {
        content.warnings.push(SourceWarning::new(
            Some(line_of(*offset)),
            *code,
            message.clone(),
        ));
    }
    content.image_lines = parsed
        .images
        .into_iter()
        .map(|(src, offset)| (src, line_of(offset)))
        .collect();
    // The model holds the text from here on.
    drop(line_starts);
    drop(markdown);
    content.warnings.sort_by_key(|w| w.line);
    metadata::readers::read_title_page(
        &mut readings,
        content.front.title.as_deref(),
        &content.front.authors,
    );
    metadata::readers::read_yaml_fields(&mut readings, &parsed.yaml_fields);
    apply_front_matter(
        &mut content.front,
        &parsed.yaml_fields,
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
    let (blocks, not_headings) = markdown::text_not_headings(blocks);
    explain_listed(&mut content.explanation, not_headings);
    let (blocks, entries) = markdown::bibliography::entries_apart(blocks);
    content.explanation.extend(entries);
    let (title_heading, chapters) = into_chapters(blocks);
    let title = title_heading
        .as_ref()
        .map(|h| Inline::plain_text(h).trim().to_string());
    metadata::readers::read_lone_heading(&mut readings, title.as_deref());
    let mut chapters = chapters;
    let mut notes = parsed.notes;
    for warning in
        markdown::anchors::resolve_internal_links(&mut chapters, &mut notes, &parsed.heading_names)
    {
        content
            .warnings
            .push(SourceWarning::new(None, WarningCode::LinkNoTarget, warning));
    }
    content.readings = readings;
    content.title = title;
    content.title_heading = title_heading;
    content.chapters = chapters;
    content.notes = notes;
    content.explanation.push(format!(
        "{}, {}",
        crate::diagnostic::count(content.chapters.len(), "chapter", "chapters"),
        crate::diagnostic::count(content.notes.len(), "note", "notes")
    ));
    content
}

/// Most lines one kind of decision adds to `--explain`; the rest are counted.
const EXPLAINED_EACH: usize = 12;

/// Adds `lines` to the explanation, the first [`EXPLAINED_EACH`] of them and
/// a count of the rest.
fn explain_listed(explanation: &mut Vec<String>, lines: Vec<String>) {
    let more = lines.len().saturating_sub(EXPLAINED_EACH);
    explanation.extend(lines.into_iter().take(EXPLAINED_EACH));
    if more > 0 {
        explanation.push(format!("and {more} more like these"));
    }
}

/// A YAML metadata block at the top of a Markdown essay. Its title and
/// authors are evidence to weigh (see [`metadata::readers::read_yaml_fields`]);
/// its other facts are taken as they are.
fn apply_front_matter(
    front: &mut FrontMatter,
    fields: &[(String, Vec<String>)],
    warnings: &mut Vec<SourceWarning>,
) {
    let mut invalid = |message: String| {
        warnings.push(SourceWarning::new(
            None,
            WarningCode::FrontMatterInvalid,
            message,
        ));
    };
    for (key, values) in fields {
        let value = values.join(", ");
        match key.to_ascii_lowercase().as_str() {
            "subtitle" => front.subtitle = Some(value),
            "date" => match front_matter::date_line(&value)
                .or_else(|| dates::check_date(&value).ok())
                .or_else(|| dates::day_of_timestamp(&value))
            {
                Some(date) => front.date = Some(date),
                None => invalid(format!("front matter date \"{value}\" is not a date such as 2000-11-05; it is ignored")),
            },
            "lang" | "language" => match metadata::language::stated_tag(&value) {
                Some(tag) => front.language = Some(tag),
                None => invalid(format!("front matter language \"{value}\" is not a language tag such as fr or pt-BR; it is ignored")),
            },
            "description" | "abstract" | "summary" => {
                front.description = front.description.take().or(Some(value.clone()));
            }
            "keywords" | "tags" | "subject" | "subjects" => {
                front.subjects.extend(front_matter::split_subjects(values));
            }
            "identifier" => front.identifier = Some(value.clone()),
            "publisher" => front.publisher = Some(value.clone()),
            "rights" => front.rights = Some(value.clone()),
            "cover" => front.cover = Some(value.clone()),
            "stylesheet" => front.stylesheet = Some(value.clone()),
            "repairs" if repairs::parse_switch(&value).is_none() => {
                invalid(format!("front matter repairs \"{value}\" is not true or false; repairs stay on"));
            }
            "typography" => match value.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => front.typography = Some(true),
                "false" | "no" | "off" => front.typography = Some(false),
                _ => invalid(format!("front matter typography \"{value}\" is not true or false; it is ignored")),
            },
            _ => {}
        }
    }
    let unused = front_matter::unused_keys(fields);
    if !unused.is_empty() {
        warnings.push(SourceWarning::new(
            None,
            WarningCode::FrontMatterUnused,
            format!(
                "front matter keys quire does not use, left out of the book: {}",
                unused.join(", ")
            ),
        ));
    }
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
            if index < BYLINE_HEADING_BLOCKS && metadata::bylines::byline_heading(&text).is_some() {
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
/// chapter of its own. Returns the title heading taken out, as written.
pub fn into_chapters(blocks: Vec<TopBlock>) -> (Option<Vec<Inline>>, Vec<Chapter>) {
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
                if let TopBlock::Heading { content, .. } = blocks.remove(0) {
                    title = Some(content);
                }
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
            TopBlock::Block(mut block) => {
                let deepest_allowed = deepest + 1;
                relative_inner_headings(&mut block, section_level, deepest_allowed);
                current.blocks.push(block);
            }
        }
    }
    if current.heading.is_some() || !current.blocks.is_empty() || chapters.is_empty() {
        chapters.push(current);
    }
    (title, chapters)
}

/// Headings inside quotes and list items come from the parser with their
/// level as written; like the others they go one below the section heading at
/// least, and never more than `deepest` levels down.
fn relative_inner_headings(block: &mut Block, section_level: Option<u8>, deepest: u8) {
    match block {
        Block::Heading { level, .. } => {
            *level = level
                .saturating_sub(section_level.unwrap_or(*level))
                .clamp(1, deepest.max(1));
        }
        Block::Quote(blocks) => blocks
            .iter_mut()
            .for_each(|b| relative_inner_headings(b, section_level, deepest)),
        Block::List { items, .. } => items
            .iter_mut()
            .flatten()
            .for_each(|b| relative_inner_headings(b, section_level, deepest)),
        _ => {}
    }
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
