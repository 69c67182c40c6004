//! Markdown text → document model, through pulldown-cmark's event stream.
//!
//! Both kinds of source end here: a plain Markdown essay directly, and a page
//! export once it has been put back into reading order and its page-foot notes
//! rewritten as standard `[^label]` footnotes. So this is the one place that
//! knows Markdown, inline HTML and footnotes.

use std::collections::HashMap;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{Block, Inline, Note};

/// A top-level block with its absolute heading level still attached, before
/// the essay is split into chapters.
#[derive(Debug, Clone, PartialEq)]
pub enum TopBlock {
    Heading { level: u8, content: Vec<Inline> },
    Block(Block),
}

/// What the Markdown said, in document order, with notes resolved.
#[derive(Debug, Default)]
pub struct Parsed {
    pub blocks: Vec<TopBlock>,
    /// Notes in order of first reference; unreferenced ones come last.
    pub notes: Vec<Note>,
    /// `key: values` from a leading `---` YAML block, if any: a list gives
    /// several values, a single value one.
    pub front_matter: Vec<(String, Vec<String>)>,
    /// Problems found, as (byte offset into the Markdown, message).
    pub problems: Vec<(usize, String)>,
}

/// The Markdown extensions every reading of a source uses.
fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

pub fn parse(markdown: &str) -> Parsed {
    let mut builder = Builder {
        events: DepthLimited {
            inner: Parser::new_ext(markdown, options()).into_offset_iter(),
            kept: Vec::new(),
        }
        .peekable(),
        html_depth: 0,
        note_order: HashMap::new(),
        note_labels: Vec::new(),
        definitions: HashMap::new(),
        definition_order: Vec::new(),
        parsed: Parsed::default(),
        offset: 0,
    };
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
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Iterator for DepthLimited<I> {
    type Item = (Event<'a>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (event, range) = self.inner.next()?;
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

    fn problem(&mut self, message: impl Into<String>) {
        self.parsed.problems.push((self.offset, message.into()));
    }

    fn document(&mut self) {
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let content = self.inlines(Until::End);
                    self.parsed.blocks.push(TopBlock::Heading {
                        level: heading_level(level),
                        content,
                    });
                }
                Event::Start(Tag::MetadataBlock(_)) => self.front_matter(),
                Event::Start(Tag::FootnoteDefinition(label)) => self.definition(label),
                other => {
                    if let Some(block) = self.block(other) {
                        self.parsed.blocks.push(TopBlock::Block(block));
                    }
                }
            }
        }
    }

    fn front_matter(&mut self) {
        let start = self.offset;
        let mut text = String::new();
        while let Some(event) = self.next() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        let (fields, problem) = front_matter_fields(&text);
        self.parsed.front_matter = fields;
        if let Some(problem) = problem {
            self.parsed.problems.push((start, problem));
        }
    }

    fn definition(&mut self, label: CowStr<'a>) {
        let start = self.offset;
        let blocks = self.blocks_until_end();
        let label = label.to_string();
        if self.definitions.contains_key(&label) {
            self.parsed.problems.push((
                start,
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
                Event::Start(Tag::Heading { .. }) => {
                    // A heading inside a quote, list or note: keep it as emphasised text.
                    let content = self.inlines(Until::End);
                    blocks.push(Block::Paragraph(vec![Inline::Strong(content)]));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => self.definition(label),
                other => blocks.extend(self.block(other)),
            }
        }
        blocks
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
                while let Some(event) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.item()),
                        Event::End(_) => break,
                        // Content of a flattened item: an item of its own.
                        other => items.extend(self.block(other).map(|b| vec![b])),
                    }
                }
                Some(Block::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items,
                })
            }
            Event::Start(Tag::CodeBlock(_)) => {
                let mut code = String::new();
                while let Some(event) = self.next() {
                    match event {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                // A printed page that begins inside code keeps no marker: code is shown as written.
                Some(Block::Code(strip_page_breaks(&code)))
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
                    self.problem("raw HTML block: scripts, frames and event handlers removed; the rest of its markup dropped and its text kept");
                } else {
                    self.problem("raw HTML block: its markup is dropped and its text kept");
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

    /// A list item: tight items hold bare inlines, loose ones hold paragraphs.
    fn item(&mut self) -> Vec<Block> {
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
                    if let Event::Start(Tag::Heading { .. }) = event {
                        let content = self.inlines(Until::End);
                        blocks.push(Block::Paragraph(vec![Inline::Strong(content)]));
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
        blocks
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
                out.push(Inline::Strikethrough(self.inlines(Until::End)))
            }
            Event::Start(Tag::Superscript) => {
                out.push(Inline::Superscript(self.inlines(Until::End)))
            }
            Event::Start(Tag::Subscript) => out.push(Inline::Subscript(self.inlines(Until::End))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = self.inlines(Until::End);
                if is_script_url(&dest_url) {
                    self.problem(format!(
                        "link to '{dest_url}' removed: scripts are not allowed in a book"
                    ));
                    out.extend(content);
                } else if !is_web_address(&dest_url) {
                    // A path or #fragment of the source's own world leads nowhere in the book.
                    let shown: String = dest_url.chars().take(60).collect();
                    let cut = if dest_url.chars().count() > 60 {
                        "..."
                    } else {
                        ""
                    };
                    self.problem(format!(
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
            if !html.trim_start().starts_with("<!--") {
                push_text(out, html);
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
            self.problem(format!(
                "<{name}> with a script or event handler removed; its text is kept"
            ));
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
            self.problem(format!(
                "<{name}> removed: active content is not allowed in a book"
            ));
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
                self.parsed.problems.push((offset, format!("note [^{label}] is never referred to in the text; it is kept at the end of the notes")));
                notes.push(Note { label, blocks });
            }
        }
        self.parsed.notes = notes;
        self.parsed.problems.extend(undefined_references(markdown));
        self.parsed.problems.sort_by_key(|(offset, _)| *offset);
        self.parsed
    }
}

/// How many code fences that are never closed are read as text in one
/// source. Each costs a reading of the whole source; a real one has one or two
/// (a converter's stray fence), and a hostile one must not cost a reading per line.
const MAX_UNCLOSED_FENCES: usize = 8;

/// A code fence that is never closed opens no code block, as pandoc reads it:
/// its line is text like the lines after it. CommonMark would put the whole
/// rest of the source in one code block, where a converter's stray fence
/// (PDF page text, then the converter's own Markdown summary) would show
/// headings and emphasis as marks. The fence's marks are escaped, so line
/// numbers stay; returns the text and the line (1-based) of each fence.
pub fn unclosed_fences_as_text(markdown: &str) -> (Cow<'_, str>, Vec<usize>) {
    let mut text = Cow::Borrowed(markdown);
    let mut lines = Vec::new();
    if !markdown.contains("```") && !markdown.contains("~~~") {
        return (text, lines);
    }
    while lines.len() < MAX_UNCLOSED_FENCES {
        let Some(at) = unclosed_fence(&text) else {
            break;
        };
        lines.push(text[..at].matches('\n').count() + 1);
        let mark = text.as_bytes()[at] as char;
        let run = text[at..].len() - text[at..].trim_start_matches(mark).len();
        let escaped = format!("\\{mark}").repeat(run);
        text.to_mut().replace_range(at..at + run, &escaped);
    }
    (text, lines)
}

/// Where the marks of the last fenced code block start, when that block is
/// never closed and so runs to the end of the text.
fn unclosed_fence(markdown: &str) -> Option<usize> {
    let range = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(
                event,
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
            )
            .then_some(range)
        })
        .last()?;
    if !markdown[range.end..].trim().is_empty() {
        return None; // closed, or ended with the list or quote holding it
    }
    let block = &markdown[range.clone()];
    let at = block.find(['`', '~'])?;
    let mark = block.as_bytes()[at] as char;
    let run = block[at..].len() - block[at..].trim_start_matches(mark).len();
    let mut lines = block.lines().filter(|line| !line.trim().is_empty());
    lines.next(); // the opening fence
    let closes = |line: &str| {
        let line = line.trim_start_matches([' ', '\t', '>']);
        let marks = line.len() - line.trim_start_matches(mark).len();
        marks >= run && line[marks..].trim().is_empty()
    };
    (!lines.next_back().is_some_and(closes)).then_some(range.start + at)
}

/// An invisible boundary between two delimiter runs: an empty HTML comment,
/// which [`parse`] drops. The `>` it ends with is punctuation, so a run after it
/// may open emphasis before punctuation.
const EMPHASIS_BOUNDARY: &str = "<!---->";

/// How many times its own length (16 KB at least) a source's blocks may be
/// read again to try splitting runs: a real one has a few such runs in short
/// headings, and a hostile one with thousands in one long paragraph must not
/// cost a reading each.
const FUSED_RUN_REREADING: usize = 4;

/// Emphasis that ends where the next begins (`*Title***: subtitle**`,
/// an italic title then bold text) fuses two delimiter runs into one that
/// CommonMark lets only close, before punctuation: the `**` is left as text
/// at both ends. pandoc reads emphasis then strong. Where the document's own
/// reading leaves such a run's marks as text, the run is split with
/// [`EMPHASIS_BOUNDARY`], and the split is kept only when both parts of the run
/// then pair and the block shows fewer marks as text. Nothing else changes: code, escaped marks and runs
/// CommonMark already pairs stay as they are.
/// Returns the text and how many runs were split.
pub fn split_fused_emphasis(markdown: &str) -> (Cow<'_, str>, usize) {
    let candidates = fused_runs(markdown);
    if candidates.is_empty() {
        return (Cow::Borrowed(markdown), 0);
    }
    // Each candidate whose marks the reading left as text, with its block.
    let mut left: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut block: Option<Range<usize>> = None;
    let mut verbatim = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                verbatim += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                block = Some(range)
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => block = None,
            Event::Text(_) if verbatim == 0 => {
                let Some(block) = &block else { continue };
                let first = candidates.partition_point(|run| run.end <= range.start);
                for run in candidates[first..]
                    .iter()
                    .take_while(|run| run.start < range.end)
                {
                    if left.last().map(|(r, _)| r) != Some(run) {
                        left.push((run.clone(), block.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    if left.is_empty() {
        return (Cow::Borrowed(markdown), 0);
    }
    let mut splits = 0;
    // Bytes read again to try splits so far.
    let mut rereading = 0;
    let mut out = String::with_capacity(markdown.len() + left.len() * EMPHASIS_BOUNDARY.len());
    let mut copied = 0;
    let mut index = 0;
    while index < left.len() {
        let block = left[index].1.clone();
        if block.start < copied {
            index += 1; // inside a block already rewritten (an item holding a paragraph)
            continue;
        }
        let mut text = markdown[block.clone()].to_string();
        // Bytes put into the block so far, which shift the runs after them.
        let mut inserted = 0;
        while index < left.len() && left[index].1 == block {
            let run = &left[index].0;
            let start = run.start - block.start + inserted;
            index += 1;
            if rereading > FUSED_RUN_REREADING * markdown.len().max(1 << 14) {
                continue;
            }
            let before = marks_left_as_text(&text, &[]).0;
            rereading += text.len() * (1 + run.len().min(4));
            // The part that closes: emphasis, strong, or both.
            for first in 1..run.len().min(4) {
                let mut split = text.clone();
                split.insert_str(start + first, EMPHASIS_BOUNDARY);
                let after = start + first + EMPHASIS_BOUNDARY.len();
                let end = start + run.len() + EMPHASIS_BOUNDARY.len();
                let (left, of_run) =
                    marks_left_as_text(&split, &[start..start + first, after..end]);
                if left < before && of_run == 0 {
                    text = split;
                    inserted += EMPHASIS_BOUNDARY.len();
                    splits += 1;
                    break;
                }
            }
        }
        out.push_str(&markdown[copied..block.start]);
        out.push_str(&text);
        copied = block.end;
    }
    if splits == 0 {
        return (Cow::Borrowed(markdown), 0);
    }
    out.push_str(&markdown[copied..]);
    (Cow::Owned(out), splits)
}

/// Runs of three or more `*` or `_` that follow a letter or digit and come
/// before punctuation: runs that can close emphasis but not open it. A run of
/// two there is nearly always a plain `**term**:` closing, and looking at each
/// would read most essays twice; two single marks fused (`*a**: b*`) are rare.
fn fused_runs(markdown: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    for mark in ['*', '_'] {
        let triple = if mark == '*' { "***" } else { "___" };
        let mut from = 0;
        while let Some(found) = super::text::find(&markdown[from..], triple) {
            let start = from + found;
            let end =
                start + markdown[start..].len() - markdown[start..].trim_start_matches(mark).len();
            from = end;
            let before = markdown[..start].chars().next_back();
            let after = markdown[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace())
            {
                runs.push(start..end);
            }
        }
    }
    runs.sort_by_key(|run| run.start);
    runs
}

/// How many emphasis marks a reading of this block leaves as text, and how
/// many pieces of text overlap one of `runs` (none when every run pairs).
fn marks_left_as_text(block: &str, runs: &[Range<usize>]) -> (usize, usize) {
    let mut left = 0;
    let mut of_runs = 0;
    for (event, range) in Parser::new_ext(block, options()).into_offset_iter() {
        if let Event::Text(_) = event {
            left += block[range.clone()].matches(['*', '_']).count();
            of_runs += runs
                .iter()
                .filter(|run| run.start < range.end && range.start < run.end)
                .count();
        }
    }
    (left, of_runs)
}

/// Rewrites pandoc's inline notes (`text^[the note]`) as standard footnotes
/// (`text[^inline-1]` and a definition at the end), so that they become notes
/// like the others. Code blocks and code spans are left as they are.
pub fn inline_notes(markdown: &str) -> std::borrow::Cow<'_, str> {
    if !markdown.contains("^[") {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let mut prefix = String::from("inline-");
    while markdown.contains(&format!("[^{prefix}")) {
        prefix.insert(0, 'x');
    }
    let mut out = String::with_capacity(markdown.len());
    let mut definitions = Vec::new();
    let mut fence: Option<String> = None;
    let mut prose = String::new();
    let flush = |prose: &mut String, out: &mut String, definitions: &mut Vec<String>| {
        out.push_str(&rewrite_inline_notes(prose, &prefix, definitions));
        prose.clear();
    };
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let opens = indent < 4
            && marker.len() >= 3
            && marker
                .chars()
                .all(|c| c == marker.chars().next().unwrap_or('`'));
        match &fence {
            Some(open) => {
                out.push_str(line);
                if opens
                    && marker.starts_with(open.as_str())
                    && trimmed[marker.len()..].trim().is_empty()
                {
                    fence = None;
                }
            }
            None if opens => {
                flush(&mut prose, &mut out, &mut definitions);
                out.push_str(line);
                fence = Some(marker);
            }
            None => prose.push_str(line),
        }
    }
    flush(&mut prose, &mut out, &mut definitions);
    if definitions.is_empty() {
        return std::borrow::Cow::Owned(out);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for (index, text) in definitions.iter().enumerate() {
        out.push_str(&format!("\n[^{prefix}{}]: {text}\n", index + 1));
    }
    std::borrow::Cow::Owned(out)
}

/// [`inline_notes`] on text with no code block in it.
fn rewrite_inline_notes(text: &str, prefix: &str, definitions: &mut Vec<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '`' {
            // A code span: copied whole, up to the closing run of as many backticks.
            let run = chars[i..].iter().take_while(|&&b| b == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|&&b| b == '`').count() == run
                    && (j == 0 || chars[j - 1] != '`')
            });
            let end = close.map(|j| j + run).unwrap_or(i + run);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let after_bracket = i > 0 && chars[i - 1] == '[';
        if c == '^' && chars.get(i + 1) == Some(&'[') && !after_bracket {
            if let Some(end) = closing_bracket(&chars, i + 1) {
                let note: String = chars[i + 2..end].iter().collect();
                let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
                if !note.is_empty() {
                    definitions.push(note);
                    out.push_str(&format!("[^{prefix}{}]", definitions.len()));
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The `]` matching the `[` at `open`, within its paragraph (no blank line).
fn closing_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '\n' if chars.get(i + 1) == Some(&'\n') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The fields of a YAML front-matter block: each top-level key with its
/// scalar value, or the scalars of its list. Text that is not valid YAML is
/// read line by line as `key: value`, with a problem saying so.
pub fn front_matter_fields(text: &str) -> (Vec<(String, Vec<String>)>, Option<String>) {
    use yaml_rust2::{Yaml, YamlLoader};
    fn scalar(value: &Yaml) -> Option<String> {
        match value {
            Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_string()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    }
    match YamlLoader::load_from_str(text) {
        Ok(documents) => {
            let mut fields = Vec::new();
            if let Some(Yaml::Hash(map)) = documents.first() {
                for (key, value) in map {
                    let Some(key) = scalar(key) else { continue };
                    let values: Vec<String> = match value {
                        Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
                        other => scalar(other).into_iter().collect(),
                    };
                    if !values.is_empty() {
                        fields.push((key, values));
                    }
                }
            }
            (fields, None)
        }
        Err(e) => {
            let fields = text
                .lines()
                .filter(|line| !line.starts_with([' ', '\t']))
                .filter_map(|line| line.split_once(':'))
                .map(|(key, value)| {
                    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                    (key.trim().to_string(), value.to_string())
                })
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| (key, vec![value]))
                .collect();
            (
                fields,
                Some(format!(
                    "front matter is not valid YAML ({e}); its `key: value` lines are read one by one"
                )),
            )
        }
    }
}

/// The text of one line of Markdown as a reader sees it: emphasis, links and
/// tags gone, images gone (their description is not a title), white space collapsed.
pub fn plain_line(markdown: &str) -> String {
    if reads_as_written(markdown) {
        // Superscript tags go; their text (a note's number, "th") stays.
        let untagged = match markdown.contains('<') {
            true => Cow::Owned(markdown.replace("<sup>", "").replace("</sup>", "")),
            false => Cow::Borrowed(markdown),
        };
        return super::text::collapse_whitespace(&untagged);
    }
    parsed_plain_line(markdown)
}

/// [`plain_line`] by the parser, for lines that need one.
fn parsed_plain_line(markdown: &str) -> String {
    let mut out = String::new();
    let mut image_depth = 0usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    super::text::collapse_whitespace(&out)
}

/// Whether one line is plain text to a Markdown reader: it opens with a letter
/// (no heading, list, quotation or code mark can start it) and holds nothing
/// that emphasis, links, code, tags, entities or escapes are made of. Most
/// lines of prose are; they need no parser. Brackets alone make no link: a
/// line that opens with a letter defines no reference for `[x]` to name, so
/// only `](` (an inline link or image) does; a note call `[^1]` stays as written.
/// Superscript tags (`<sup>25</sup>`, `8<sup>th</sup>`) are the one markup
/// allowed: tags the parser passes over, leaving their text.
fn reads_as_written(line: &str) -> bool {
    let bytes = line.as_bytes();
    let superscript_tag =
        |at: usize| bytes[at..].starts_with(b"<sup>") || bytes[at..].starts_with(b"</sup>");
    // An `&` opens an entity only before a name or `#`, a `<` a tag or an
    // address only before a letter or `/`, `!`, `?`: "Times & Confessions" and
    // "a < b" are text.
    let opens = |at: usize, also: &[u8]| {
        bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || also.contains(b))
    };
    line.chars().next().is_some_and(char::is_alphabetic)
        && !bytes.iter().enumerate().any(|(at, b)| match b {
            b'\n' | b'\r' | b'*' | b'_' | b'`' | b'~' | b'\\' => true,
            b']' => bytes.get(at + 1) == Some(&b'('),
            b'&' => opens(at, b"#"),
            b'<' => opens(at, b"/!?") && !superscript_tag(at),
            _ => false,
        })
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

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
    split_page_breaks(out);
}

/// Opens a printed page's marker in the Markdown handed to [`parse`]: a
/// noncharacter, which no source keeps (see [`page_break`]).
const PAGE_BREAK_OPEN: char = '\u{FDD0}';
/// Closes it: Unicode punctuation, so that emphasis (`_word_`) can open right
/// after the marker as it would after a space.
const PAGE_BREAK_CLOSE: char = '\u{2E31}';

/// The inert text that stands for a printed page's start in the Markdown,
/// which [`parse`] turns into [`Inline::PageBreak`].
pub fn page_break(label: &str) -> String {
    format!("{PAGE_BREAK_OPEN}{label}{PAGE_BREAK_CLOSE}")
}

/// Removes from a source the characters that would read as page markers.
pub fn without_page_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(PAGE_BREAK_OPEN) {
        text.replace(PAGE_BREAK_OPEN, "").into()
    } else {
        text.into()
    }
}

/// Text as inlines, its page markers made page breaks.
fn text_inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    push_text(&mut out, text);
    out
}

/// Text with its page markers taken out.
fn strip_page_breaks(text: &str) -> String {
    if !text.contains(PAGE_BREAK_OPEN) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(PAGE_BREAK_OPEN) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        match rest.find(PAGE_BREAK_CLOSE) {
            Some(close) => rest = &rest[close + PAGE_BREAK_CLOSE.len_utf8()..],
            None => rest = &rest[PAGE_BREAK_OPEN.len_utf8()..],
        }
    }
    out.push_str(rest);
    out
}

/// Turns complete page markers in the last text inline into page breaks.
fn split_page_breaks(out: &mut Vec<Inline>) {
    let Some(Inline::Text(last)) = out.last_mut() else {
        return;
    };
    let Some(open) = last.find(PAGE_BREAK_OPEN) else {
        return;
    };
    let label_start = open + PAGE_BREAK_OPEN.len_utf8();
    let Some(length) = last[label_start..].find(PAGE_BREAK_CLOSE) else {
        return; // the rest of the marker is in text still to come
    };
    let label = last[label_start..label_start + length].to_string();
    let rest = last[label_start + length + PAGE_BREAK_CLOSE.len_utf8()..].to_string();
    last.truncate(open);
    if last.is_empty() {
        out.pop();
    }
    out.push(Inline::PageBreak(label));
    if !rest.is_empty() {
        out.push(Inline::Text(rest));
        split_page_breaks(out);
    }
}

/// An address a reading system can follow from a book: the web, mail, telephone.
fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        && !lower.contains(char::is_whitespace)
}

fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take(11)
        .filter(|c| !c.is_whitespace())
        .collect();
    scheme.to_ascii_lowercase().starts_with("javascript:")
        || scheme.to_ascii_lowercase().starts_with("vbscript:")
}

/// Whether HTML carries something that would run: a script, a frame, an
/// `on…=` event handler or a `javascript:` address.
fn has_active_content(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let handler = lower.match_indices(" on").any(|(at, _)| {
        let rest = &lower[at + 3..];
        let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    });
    handler
        || [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "javascript:",
            "vbscript:",
        ]
        .iter()
        .any(|s| lower.contains(s))
}

/// `(is_closing, lowercase element name)` of a single HTML tag, or `None` if
/// `html` is not one (a comment, or text that merely looks like markup).
fn html_tag(html: &str) -> Option<(bool, String)> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((closing, name.to_ascii_lowercase()))
}

/// The text of an HTML fragment: tags dropped, script and style bodies dropped,
/// the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(start) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..start]);
        }
        let after = &rest[start..];
        let end = after.find('>').map(|e| e + 1).unwrap_or(after.len());
        let tag = &after[..end];
        if let Some((closing, name)) = html_tag(tag) {
            match (&skipping, closing) {
                (None, false) if matches!(name.as_str(), "script" | "style") => {
                    skipping = Some(name)
                }
                (Some(open), true) if *open == name => skipping = None,
                (None, _) if matches!(name.as_str(), "p" | "div" | "br" | "li" | "tr") => {
                    out.push(' ')
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every named and numeric character reference HTML knows (`&eacute;`, `&#233;`, `&nbsp;`).
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// `[^label]` references with no `[^label]:` definition. pulldown-cmark leaves
/// those as plain text, so they are found by scanning the source itself.
fn undefined_references(markdown: &str) -> Vec<(usize, String)> {
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
        while let Some(at) = super::text::find(rest, "[^") {
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
                format!("note marker [^{label}] has no note; it is left as text"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn page_markers_become_page_breaks_and_leave_emphasis_and_code_alone() {
        let source = format!(
            "the {}_state_ considered\n\n```\n{}code\n```\n",
            page_break("6"),
            page_break("7")
        );
        let parsed = parse(&source);
        assert_eq!(
            paragraph(&parsed, 0),
            &vec![
                Inline::Text("the ".into()),
                Inline::PageBreak("6".into()),
                Inline::Emphasis(vec![Inline::Text("state".into())]),
                Inline::Text(" considered".into()),
            ]
        );
        assert_eq!(
            parsed.blocks[1],
            TopBlock::Block(Block::Code("code\n".into()))
        );
        // A source's own noncharacters are taken out before markers are put in.
        assert_eq!(without_page_breaks("a\u{FDD0}6\u{2E31}b"), "a6\u{2E31}b");
    }

    use super::*;

    fn paragraph(parsed: &Parsed, index: usize) -> &Vec<Inline> {
        match &parsed.blocks[index] {
            TopBlock::Block(Block::Paragraph(inlines)) => inlines,
            other => panic!("expected a paragraph, got {other:?}"),
        }
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let parsed = parse("B[^b] then A[^a] and B again[^b].\n\n[^a]: Note *a*.\n[^b]: Note b.\n");
        assert_eq!(
            parsed
                .notes
                .iter()
                .map(|n| n.label.as_str())
                .collect::<Vec<_>>(),
            ["b", "a"]
        );
        let refs: Vec<_> = paragraph(&parsed, 0)
            .iter()
            .filter_map(|i| {
                if let Inline::NoteRef(n) = i {
                    Some(*n)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(refs, [0, 1, 0]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn superscript_html_that_is_not_a_note_stays_text() {
        let parsed = parse("the 8<sup>th</sup> of August");
        assert_eq!(
            paragraph(&parsed, 0),
            &vec![
                Inline::Text("the 8".into()),
                Inline::Superscript(vec![Inline::Text("th".into())]),
                Inline::Text(" of August".into())
            ]
        );
    }

    #[test]
    fn missing_and_unused_notes_are_reported() {
        let parsed = parse("Text[^1] and[^2].\n\n[^1]: One.\n[^3]: Three.\n");
        let messages: Vec<_> = parsed.problems.iter().map(|(_, m)| m.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("[^2] has no note")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("[^3] is never referred to")),
            "{messages:?}"
        );
        assert_eq!(parsed.notes.len(), 2);
    }

    #[test]
    fn yaml_front_matter_folded_values_and_lists() {
        let parsed = parse(
            "---\ntitle: >\n  A Folded\n  Title\nauthors: [Ann Lee, Bo Chan]\n---\n\nText.\n",
        );
        assert_eq!(
            parsed.front_matter,
            [
                ("title".to_string(), vec!["A Folded Title".to_string()]),
                (
                    "authors".to_string(),
                    vec!["Ann Lee".to_string(), "Bo Chan".to_string()]
                )
            ]
        );
        let (fields, problem) = front_matter_fields("title: A: b: c\n  bad: [\n");
        assert!(problem.is_some());
        assert_eq!(fields[0].0, "title");
    }

    #[test]
    fn lines_read_as_written_are_what_the_parser_makes_of_them() {
        for line in [
            "On Common Land (No. 100)",
            "Anarchy  and\tOrder: a reply, 1921 - 1922",
            "Émile Pouget! Le Père Peinard #3 > 2 | 4 = 5 + 6",
            "Pëtr Kropotkin\u{a0}and friends.",
            "Title ###",
            "Word http://example.org/a?b=c",
            "The Life, Times & Confessions of Victor Serge",
            "When a < b and b > c",
            "Ends with &",
            "Looked after by them.[^rules] This essay [sic] asks [why]",
            "A note[^1] and a bracket [ alone ] or ] ( apart",
            "Lie to us like this.”<sup>25</sup> It was, on the 8<sup>th</sup>,<sup>2</sup> a revolt",
            "Tags <sup> unclosed, </sup> stray",
        ] {
            assert!(reads_as_written(line), "{line}");
            assert_eq!(plain_line(line), parsed_plain_line(line), "{line}");
        }
        for line in [
            "1. First",
            "# Title",
            "    code",
            "- item",
            "A *b*",
            "Caf&eacute;",
            "Title\n===",
            "See [the archive](https://example.org)",
            "A ![picture](a.png) here",
            "Words in <sub>2</sub> or <b>bold</b>",
        ] {
            assert!(!reads_as_written(line), "{line}");
        }
    }

    #[test]
    fn a_rule_has_no_text() {
        for line in ["---", "-----"] {
            assert_eq!(plain_line(line), "");
            assert_eq!(plain_line(line), parsed_plain_line(line));
        }
        assert_eq!(plain_line("--"), parsed_plain_line("--"));
    }

    #[test]
    fn plain_lines_lose_their_markup() {
        assert_eq!(
            plain_line("**Bold** and [a link](http://x)"),
            "Bold and a link"
        );
        assert_eq!(plain_line("![](_page_0_Picture_0.jpeg)"), "");
        assert_eq!(plain_line("F*ck the Police"), "F*ck the Police");
        assert_eq!(plain_line("*Pëtr Kropotkin*"), "Pëtr Kropotkin");
    }

    #[test]
    fn inline_notes_become_footnotes() {
        let parsed = parse(&inline_notes(
            "Text^[An *inline* note.] and `code^[not a note]`.\n\n```\nx^[nor this]\n```\n",
        ));
        assert_eq!(parsed.notes.len(), 1);
        assert_eq!(
            parsed.notes[0].blocks,
            [Block::Paragraph(vec![
                Inline::Text("An ".into()),
                Inline::Emphasis(vec![Inline::Text("inline".into())]),
                Inline::Text(" note.".into())
            ])]
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let text = format!("{:?}", parsed.blocks);
        assert!(
            text.contains("code^[not a note]") && text.contains("x^[nor this]"),
            "{text}"
        );
        assert_eq!(inline_notes("a regex [^[] here"), "a regex [^[] here");
    }

    #[test]
    fn entities_in_html_blocks_are_characters() {
        assert_eq!(
            html_to_text("<p>Caf&eacute; &amp; th&#233;&nbsp;&hellip;</p>"),
            "Café & thé …"
        );
    }

    #[test]
    fn scripts_never_reach_the_model() {
        let parsed = parse("Hi <script>alert(1)</script> there [x](javascript:alert(1)).\n");
        let text = format!("{:?}", parsed.blocks);
        assert!(!text.contains("alert"), "{text}");
        assert_eq!(parsed.problems.len(), 2);
    }

    #[test]
    fn a_fence_never_closed_is_read_as_text() {
        let source = "Page text\n\n```\n   1\n\n## Summary\n\nConverted from **a.pdf**.\n";
        let (text, lines) = unclosed_fences_as_text(source);
        assert_eq!(lines, [3]);
        assert_eq!(text.lines().count(), source.lines().count());
        let parsed = parse(&text);
        let shown = format!("{:?}", parsed.blocks);
        assert!(shown.contains("Text(\"```"), "{shown}");
        assert!(
            parsed.blocks.contains(&TopBlock::Heading {
                level: 2,
                content: vec![Inline::Text("Summary".into())]
            }),
            "{shown}"
        );
        assert!(shown.contains("Strong([Text(\"a.pdf\")])"), "{shown}");
        // Tildes, an info string, a closing fence too short, a fence on the last line.
        assert_eq!(unclosed_fences_as_text("~~~\nx\n").1, [1]);
        // The shorter fence after it does not close it, and opens a block of its own.
        assert_eq!(
            unclosed_fences_as_text("a\n\n````python\nx\n```\n").1,
            [3, 5]
        );
        assert_eq!(unclosed_fences_as_text("a\n```").1, [2]);
    }

    #[test]
    fn closed_fences_stay_code() {
        for source in [
            "```rust\nlet a = **b;\n```\n",
            "```\ncode\n```",
            "````\n```\nstill code\n````\n",
            "> ```\n> quoted code\n\nThe quote has ended.\n",
            "- item\n\n  ```\n  code\n  ```\n",
            "`` ``` `` is a fence.\n",
        ] {
            assert_eq!(
                unclosed_fences_as_text(source),
                (Cow::Borrowed(source), vec![]),
                "{source}"
            );
        }
    }

    #[test]
    fn emphasis_ending_where_the_next_begins_is_split() {
        let heading = |source: &str| -> Vec<Inline> {
            let (text, runs) = split_fused_emphasis(source);
            assert_eq!(runs, 1, "{source}");
            match parse(&text).blocks.into_iter().next() {
                Some(TopBlock::Heading { content, .. }) => content,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            heading("#### *The Open Road***: a walking guide**\n"),
            [
                Inline::Emphasis(vec![Inline::Text("The Open Road".into())]),
                Inline::Strong(vec![Inline::Text(": a walking guide".into())]),
            ]
        );
        assert_eq!(
            heading("## **Youth***, in search*\n"),
            [
                Inline::Strong(vec![Inline::Text("Youth".into())]),
                Inline::Emphasis(vec![Inline::Text(", in search".into())]),
            ]
        );
        assert_eq!(
            heading("# _Soil___: movement__\n"),
            [
                Inline::Emphasis(vec![Inline::Text("Soil".into())]),
                Inline::Strong(vec![Inline::Text(": movement".into())]),
            ]
        );
        let (text, runs) = split_fused_emphasis("A list:\n\n- *a***: b** and *c***: d**\n");
        assert_eq!(runs, 2);
        let shown = format!("{:?}", parse(&text).blocks);
        assert!(!shown.contains('*'), "{shown}");
    }

    #[test]
    fn many_fused_runs_in_one_paragraph_cost_a_few_readings() {
        let source = format!("*x{}\n", "a***: b** *c".repeat(20_000));
        let (_, runs) = split_fused_emphasis(&source);
        // Splits stop once the paragraph has been read a few times over.
        assert!(runs > 0 && runs < 20_000, "{runs}");
    }

    #[test]
    fn emphasis_markdown_already_pairs_is_left_alone() {
        for source in [
            "***strong and emphasised***: text\n",
            "*a***b**\n",
            "x***: no emphasis opened\n",
            "*a***: no strong closed\n",
            "\\*a\\***: escaped**\n",
            "`*a***: code**`\n",
            "```\n*a***: code**\n```\n",
            "    *a***: indented code**\n",
            "<div>\n*a***: html**\n</div>\n",
            "snake_case___: name__\n",
        ] {
            assert_eq!(
                split_fused_emphasis(source),
                (Cow::Borrowed(source), 0),
                "{source}"
            );
        }
    }
}
