//! The event builder: pulldown-cmark's events become the blocks, inlines
//! and notes of the document model.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::WarningCode;
use crate::model::{Block, Code, Inline, Note};

use super::anchors::github_slug;
use super::dialect::options;
use super::html::{has_active_content, html_tag, html_to_text, non_element};
use super::page_breaks::{split_page_breaks, strip_page_breaks};
use super::urls::{is_script_url, is_web_address};
use super::yaml::{leading_block, yaml_fields};

/// A top-level block with its absolute heading level still attached, before
/// the essay is split into chapters.
#[derive(Debug, Clone, PartialEq)]
pub enum TopBlock {
    /// A heading, before the essay is cut into chapters at its headings.
    Heading {
        /// Its level as written: 1 for `#`, 2 for `##`...
        level: u8,
        /// Its text.
        content: Vec<Inline>,
    },
    /// Any other block.
    Block(Block),
}

/// What the Markdown said, in document order, with notes resolved.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The top-level blocks, in document order.
    pub blocks: Vec<TopBlock>,
    /// Notes in order of first reference; unreferenced ones come last.
    pub notes: Vec<Note>,
    /// `key: values` from a leading `---` YAML block, if any: a list gives
    /// several values, a single value one.
    pub yaml_fields: Vec<(String, Vec<String>)>,
    /// Problems found, as (byte offset into the Markdown, code, message).
    pub problems: Vec<(usize, WarningCode, String)>,
    /// Names the author gave headings (`## Using X {#using}`), each with the
    /// heading's GitHub slug, which links by that name are made to use.
    pub heading_names: HashMap<String, String>,
    /// Each image's `src` as written, with the byte offset of the image in
    /// the Markdown, in reading order: where a warning about it points.
    pub images: Vec<(String, usize)>,
}

/// Parses Markdown into blocks and notes, reading a leading YAML block apart.
pub fn parse(markdown: &str) -> Parsed {
    // The leading YAML block is read apart; the body after it is parsed
    // alone (not copied), its offsets shifted so that they are the text's.
    let (start, front_matter) = match leading_block(markdown) {
        Some((end, yaml)) => (end, Some(yaml)),
        None => (0, None),
    };
    let mut builder = Builder {
        events: DepthLimited {
            inner: Parser::new_ext(&markdown[start..], options()).into_offset_iter(),
            kept: Vec::new(),
            shift: start,
        }
        .peekable(),
        html_depth: 0,
        note_order: HashMap::new(),
        note_labels: Vec::new(),
        definitions: HashMap::new(),
        definition_order: Vec::new(),
        parsed: Parsed::default(),
        offset: 0,
        in_note: false,
    };
    if let Some(yaml) = front_matter {
        let (fields, problem) = yaml_fields(yaml);
        builder.parsed.yaml_fields = fields;
        builder
            .parsed
            .problems
            .extend(problem.map(|p| (0, WarningCode::FrontMatterInvalid, p)));
    }
    builder.document();
    builder.finish(markdown)
}

type Events<'a> = std::iter::Peekable<DepthLimited<pulldown_cmark::OffsetIter<'a>>>;

/// How deeply containers (quotes, lists, emphasis, ...) may nest. Deeper
/// ones are flattened into their parent, keeping their content: no essay
/// nests this deep, and unbounded nesting would exhaust the stack.
const MAX_DEPTH: usize = 48;

/// Drops the Start and End events of containers nested deeper than
/// [`MAX_DEPTH`], so the builder's recursion is bounded whatever the input.
struct DepthLimited<I> {
    inner: I,
    /// For each open container, whether its Start was passed on.
    kept: Vec<bool>,
    /// Where the text parsed starts in the whole text, added to each range.
    shift: usize,
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Iterator for DepthLimited<I> {
    type Item = (Event<'a>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (event, range) = self.inner.next()?;
            let range = range.start + self.shift..range.end + self.shift;
            match &event {
                Event::Start(_) => {
                    let keep = self.kept.len() < MAX_DEPTH;
                    self.kept.push(keep);
                    if keep {
                        return Some((event, range));
                    }
                }
                Event::End(_) => {
                    if self.kept.pop().unwrap_or(true) {
                        return Some((event, range));
                    }
                }
                _ => return Some((event, range)),
            }
        }
    }
}

struct Builder<'a> {
    events: Events<'a>,
    /// Inline HTML elements open around the current position, bounded like containers.
    html_depth: usize,
    /// label → index into the final notes list, assigned at the first reference.
    note_order: HashMap<String, usize>,
    note_labels: Vec<String>,
    definitions: HashMap<String, (usize, Vec<Block>)>,
    definition_order: Vec<String>,
    parsed: Parsed,
    /// Byte offset of the event being handled, for locating problems.
    offset: usize,
    /// Whether a note's definition is being read: a heading there is no
    /// section of the essay and stays emphasised text.
    in_note: bool,
}

/// Where a run of inlines stops: at the end of its Markdown container, or at
/// the closing tag of an inline HTML element such as `</sup>`.
#[derive(Clone, Copy, PartialEq)]
enum Until {
    End,
    Html(&'static str),
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.events.next()?;
        self.offset = range.start;
        Some(event)
    }

    fn problem(&mut self, code: WarningCode, message: impl Into<String>) {
        self.parsed
            .problems
            .push((self.offset, code, message.into()));
    }

    fn document(&mut self) {
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    let content = self.inlines(Until::End);
                    self.name_heading(id, &content);
                    self.parsed.blocks.push(TopBlock::Heading {
                        level: heading_level(level),
                        content,
                    });
                }
                Event::Start(Tag::FootnoteDefinition(label)) => self.definition(label),
                other => {
                    if let Some(block) = self.block(other) {
                        self.parsed.blocks.push(TopBlock::Block(block));
                    }
                }
            }
        }
    }

    fn definition(&mut self, label: CowStr<'a>) {
        let start = self.offset;
        let outer = std::mem::replace(&mut self.in_note, true);
        let blocks = self.blocks_until_end();
        self.in_note = outer;
        let label = label.to_string();
        if self.definitions.contains_key(&label) {
            self.parsed.problems.push((
                start,
                WarningCode::NoteDuplicate,
                format!("note [^{label}] is defined more than once; the first definition is kept"),
            ));
            return;
        }
        self.definition_order.push(label.clone());
        self.definitions.insert(label, (start, blocks));
    }

    /// Blocks up to the End of the container that was just opened.
    fn blocks_until_end(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::End(_) => break,
                Event::Start(Tag::Heading { level, id, .. }) => {
                    blocks.push(self.inner_heading(level, id));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => self.definition(label),
                other => blocks.extend(self.block(other)),
            }
        }
        blocks
    }

    /// A heading inside a quote or list item, kept a heading with its level as
    /// written (made relative to its chapter with the others); inside a note,
    /// emphasised text.
    fn inner_heading(&mut self, level: HeadingLevel, id: Option<CowStr<'a>>) -> Block {
        let content = self.inlines(Until::End);
        if !self.in_note {
            self.name_heading(id, &content);
        }
        if self.in_note {
            Block::Paragraph(vec![Inline::Strong(content)])
        } else {
            Block::Heading {
                level: heading_level(level),
                content,
            }
        }
    }

    fn name_heading(&mut self, id: Option<CowStr<'a>>, content: &[Inline]) {
        if let Some(id) = id {
            let slug = github_slug(Inline::plain_text(content).trim());
            self.parsed.heading_names.insert(id.to_string(), slug);
        }
    }

    /// One block starting with `event`; `None` for events that make no block.
    fn block(&mut self, event: Event<'a>) -> Option<Block> {
        match event {
            Event::Start(Tag::Paragraph) => {
                let inlines = self.inlines(Until::End);
                (!inlines.is_empty()).then_some(Block::Paragraph(inlines))
            }
            Event::Start(Tag::BlockQuote(_)) => Some(Block::Quote(self.blocks_until_end())),
            Event::Start(Tag::List(start)) => {
                let mut items = Vec::new();
                // The parser wraps item text in paragraphs only in loose lists.
                let mut loose = false;
                while let Some(event) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            let (item, paragraphs) = self.item();
                            loose |= paragraphs;
                            items.push(item);
                        }
                        Event::End(_) => break,
                        // Content of a flattened item: an item of its own.
                        other => items.extend(self.block(other).map(|b| vec![b])),
                    }
                }
                Some(Block::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items,
                    loose,
                })
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                // The fence's first word names the language (```` ```rust ````).
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                let mut code = String::new();
                while let Some(event) = self.next() {
                    match event {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                // A printed page that begins inside code keeps no marker: code is shown as written.
                Some(Block::Code(Code {
                    text: strip_page_breaks(&code),
                    language,
                }))
            }
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                while let Some(event) = self.next() {
                    match event {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                let text = html_to_text(&html);
                if has_active_content(&html) {
                    self.problem(WarningCode::ScriptRemoved, "raw HTML block: scripts, frames and event handlers removed; the rest of its markup dropped and its text kept");
                } else {
                    self.problem(
                        WarningCode::HtmlDropped,
                        "raw HTML block: its markup is dropped and its text kept",
                    );
                }
                (!text.trim().is_empty()).then(|| Block::Paragraph(text_inlines(text.trim())))
            }
            Event::Start(Tag::Table(_)) => Some(self.table()),
            Event::Rule => Some(Block::Rule),
            Event::Start(Tag::DefinitionList) | Event::Start(Tag::DefinitionListTitle) => {
                Some(Block::Paragraph(self.inlines(Until::End)))
            }
            Event::Start(_) => {
                let inlines = self.inlines(Until::End);
                (!inlines.is_empty()).then_some(Block::Paragraph(inlines))
            }
            // Stray inline content at block level (tight list items are handled in `item`).
            Event::Text(t) => Some(Block::Paragraph(text_inlines(&t))),
            _ => None,
        }
    }

    /// A list item: tight items hold bare inlines, loose ones hold paragraphs;
    /// and whether the parser gave it paragraphs (the list is loose).
    fn item(&mut self) -> (Vec<Block>, bool) {
        let mut paragraphs = false;
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        while let Some((event, _)) = self.events.peek() {
            match event {
                Event::End(TagEnd::Item) => {
                    self.next();
                    break;
                }
                Event::Start(Tag::Paragraph)
                | Event::Start(Tag::List(_))
                | Event::Start(Tag::BlockQuote(_))
                | Event::Start(Tag::CodeBlock(_))
                | Event::Start(Tag::HtmlBlock)
                | Event::Start(Tag::Table(_))
                | Event::Start(Tag::Heading { .. })
                | Event::Rule => {
                    if !loose.is_empty() {
                        blocks.push(Block::Paragraph(std::mem::take(&mut loose)));
                    }
                    let Some(event) = self.next() else { break };
                    paragraphs |= matches!(event, Event::Start(Tag::Paragraph));
                    if let Event::Start(Tag::Heading { level, id, .. }) = event {
                        blocks.push(self.inner_heading(level, id));
                    } else {
                        blocks.extend(self.block(event));
                    }
                }
                _ => {
                    let Some(event) = self.next() else { break };
                    self.inline(event, &mut loose, Until::End);
                }
            }
        }
        if !loose.is_empty() {
            blocks.push(Block::Paragraph(loose));
        }
        (blocks, paragraphs)
    }

    fn table(&mut self) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => head = self.cells(),
                Event::Start(Tag::TableRow) => rows.push(self.cells()),
                Event::End(TagEnd::Table) => break,
                Event::Text(t) => rows.push(vec![text_inlines(&t)]),
                _ => {}
            }
        }
        Block::Table { head, rows }
    }

    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines(Until::End)),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Inline content up to `until`.
    fn inlines(&mut self, until: Until) -> Vec<Inline> {
        let mut out = self.inlines_grown(until);
        fit(&mut out);
        out
    }

    /// [`Self::inlines`], as they grew while read.
    fn inlines_grown(&mut self, until: Until) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.events.peek() {
            if let (Until::Html(name), Event::InlineHtml(html)) = (until, event) {
                if html_tag(html) == Some((true, name.to_string())) {
                    self.next();
                    return out;
                }
            }
            if let Event::End(_) = event {
                if until == Until::End {
                    self.next();
                }
                // An inline HTML element left open closes with its container.
                return out;
            }
            let Some(event) = self.next() else { break };
            self.inline(event, &mut out, until);
        }
        out
    }

    fn inline(&mut self, event: Event<'a>, out: &mut Vec<Inline>, until: Until) {
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(t) => out.push(Inline::Code(t.to_string())),
            Event::SoftBreak => push_text(out, " "),
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::FootnoteReference(label) => out.push(Inline::NoteRef(self.reference(&label))),
            Event::InlineHtml(html) | Event::Html(html) => self.inline_html(&html, out, until),
            Event::Start(Tag::Emphasis) => out.push(Inline::Emphasis(self.inlines(Until::End))),
            Event::Start(Tag::Strong) => out.push(Inline::Strong(self.inlines(Until::End))),
            Event::Start(Tag::Strikethrough) => {
                out.push(Inline::Strikethrough(self.inlines(Until::End)));
            }
            Event::Start(Tag::Superscript) => {
                out.push(Inline::Superscript(self.inlines(Until::End)));
            }
            Event::Start(Tag::Subscript) => out.push(Inline::Subscript(self.inlines(Until::End))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = self.inlines(Until::End);
                if is_script_url(&dest_url) {
                    self.problem(
                        WarningCode::ScriptRemoved,
                        format!("link to '{dest_url}' removed: scripts are not allowed in a book"),
                    );
                    out.extend(content);
                } else if dest_url.starts_with('#') && dest_url.len() > 1 {
                    // A link to a heading of the essay: resolved once the essay's headings are known.
                    out.push(Inline::Link {
                        href: dest_url.to_string(),
                        content,
                    });
                } else if !is_web_address(&dest_url) {
                    // A path or #fragment of the source's own world leads nowhere in the book.
                    let shown: String = dest_url.chars().take(60).collect();
                    let cut = if dest_url.chars().count() > 60 {
                        "..."
                    } else {
                        ""
                    };
                    self.problem(WarningCode::LinkNotWeb, format!(
                        "link to '{shown}{cut}' is not a web address and would lead nowhere in the book; its text is kept"
                    ));
                    out.extend(content);
                } else {
                    out.push(Inline::Link {
                        href: dest_url.to_string(),
                        content,
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.parsed.images.push((dest_url.to_string(), self.offset));
                let alt = Inline::plain_text(&self.inlines(Until::End));
                out.push(Inline::Image {
                    src: dest_url.to_string(),
                    alt,
                });
            }
            Event::Start(_) => out.extend(self.inlines(Until::End)),
            Event::TaskListMarker(done) => push_text(out, if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push(Inline::Code(t.to_string())),
            Event::End(_) | Event::Rule => {}
        }
    }

    /// Inline HTML: the few elements that carry meaning in essays become model
    /// inlines; anything else is dropped, keeping its text.
    fn inline_html(&mut self, html: &str, out: &mut Vec<Inline>, _until: Until) {
        let Some((closing, name)) = html_tag(html) else {
            match non_element(html.trim_start()) {
                // Raw HTML that is no element: its markup dropped, a CDATA section's text kept.
                Some((text, _)) if !text.is_empty() => push_text(out, text),
                Some(_) => {}
                None => push_text(out, html),
            }
            return;
        };
        if closing {
            return; // a closing tag with no opener, or one for a dropped element
        }
        let active_element = matches!(
            name.as_str(),
            "script" | "style" | "iframe" | "object" | "embed"
        );
        if !active_element && has_active_content(html) {
            self.problem(
                WarningCode::ScriptRemoved,
                format!("<{name}> with a script or event handler removed; its text is kept"),
            );
        }
        let self_closing = html.trim_end().ends_with("/>");
        if self.html_depth >= MAX_DEPTH && !active_element {
            return; // nested too deep: the tag is dropped, its text kept
        }
        self.html_depth += 1;
        self.inline_element(&name, self_closing, out);
        self.html_depth -= 1;
    }

    fn inline_element(&mut self, name: &str, self_closing: bool, out: &mut Vec<Inline>) {
        /// Element names as `'static` strings, for matching their closing tags.
        const NAMES: [&str; 11] = [
            "sup", "sub", "em", "i", "strong", "b", "script", "style", "iframe", "object", "embed",
        ];
        if name == "br" {
            out.push(Inline::LineBreak);
            return;
        }
        let Some(&name) = NAMES.iter().find(|n| **n == name) else {
            return;
        };
        if matches!(name, "script" | "style" | "iframe" | "object" | "embed") {
            self.problem(
                WarningCode::ScriptRemoved,
                format!("<{name}> removed: active content is not allowed in a book"),
            );
            if !self_closing {
                drop(self.inlines(Until::Html(name)));
            }
            return;
        }
        if self_closing {
            return;
        }
        let content = self.inlines(Until::Html(name));
        out.push(match name {
            "sup" => Inline::Superscript(content),
            "sub" => Inline::Subscript(content),
            "em" | "i" => Inline::Emphasis(content),
            _ => Inline::Strong(content),
        });
    }

    fn reference(&mut self, label: &str) -> usize {
        if let Some(&index) = self.note_order.get(label) {
            return index;
        }
        let index = self.note_labels.len();
        self.note_labels.push(label.to_string());
        self.note_order.insert(label.to_string(), index);
        index
    }

    fn finish(mut self, markdown: &str) -> Parsed {
        let mut notes = Vec::with_capacity(self.note_labels.len());
        for label in &self.note_labels {
            let blocks = match self.definitions.remove(label) {
                Some((_, blocks)) => blocks,
                None => Vec::new(),
            };
            notes.push(Note {
                label: label.clone(),
                blocks,
            });
        }
        for label in std::mem::take(&mut self.definition_order) {
            if let Some((offset, blocks)) = self.definitions.remove(&label) {
                self.parsed.problems.push((offset, WarningCode::NoteUnreferenced, format!("note [^{label}] is never referred to in the text; it is kept at the end of the notes")));
                notes.push(Note { label, blocks });
            }
        }
        self.parsed.notes = notes;
        self.parsed.problems.extend(undefined_references(markdown));
        self.parsed.problems.sort_by_key(|(offset, ..)| *offset);
        self.parsed
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Inlines held at their size: a paragraph's text grows line by line, to
/// up to twice its length, and a model of a large source would hold that
/// slack for the rest of the build (a 20 MB source's model, 38 MB → 27 MB).
fn fit(inlines: &mut Vec<Inline>) {
    for inline in inlines.iter_mut() {
        if let Inline::Text(text) = inline {
            text.shrink_to_fit();
        }
    }
    inlines.shrink_to_fit();
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
    split_page_breaks(out);
}

/// Text as inlines, its page markers made page breaks.
fn text_inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    push_text(&mut out, text);
    out
}

/// `[^label]` references with no `[^label]:` definition. pulldown-cmark leaves
/// those as plain text, so they are found by scanning the source itself.
fn undefined_references(markdown: &str) -> Vec<(usize, WarningCode, String)> {
    let mut defined = std::collections::HashSet::new();
    let mut references = Vec::new();
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut search_from = 0;
        if indent < 4 {
            if let Some(label) = trimmed
                .strip_prefix("[^")
                .and_then(|r| r.split_once("]:"))
                .map(|(l, _)| l)
            {
                defined.insert(label.to_string());
                search_from = label.len() + 4;
            }
        }
        let mut rest = &trimmed[search_from.min(trimmed.len())..];
        let mut offset = line_start + indent + search_from.min(trimmed.len());
        while let Some(at) = crate::source::text::find(rest, "[^") {
            let after = &rest[at + 2..];
            if let Some(end) = after.find(']') {
                let label = &after[..end];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    references.push((offset + at, label.to_string()));
                }
            }
            offset += at + 2;
            rest = after;
        }
        line_start += line.len();
    }
    references
        .into_iter()
        .filter(|(_, label)| !defined.contains(label))
        .map(|(offset, label)| {
            (
                offset,
                WarningCode::NoteUndefined,
                format!("note marker [^{label}] has no note; it is left as text"),
            )
        })
        .collect()
}
