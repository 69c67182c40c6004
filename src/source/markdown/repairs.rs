//! Repairs made to the Markdown before it is parsed, each only where the
//! text would otherwise be read as something it is not.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::dialect::options;
use crate::source::text::MAX_LAYOUT_PARAGRAPH_WORDS;

/// How many code fences that are never closed are read as text in one
/// source. Each costs a reading of the whole source; a real one has one or two
/// (a converter's stray fence), and a hostile one must not cost a reading per line.
const MAX_UNCLOSED_FENCES: usize = 8;

/// A code fence that is never closed, where what it would hold is plainly
/// Markdown, opens no code block, as pandoc reads it: its line is text like
/// the lines after it. CommonMark puts the whole rest of the source in one
/// code block, and where that rest shows the author's Markdown (a converter's
/// stray fence, then PDF page text and the converter's own Markdown summary)
/// a reader would see headings and emphasis as marks. A fence whose rest
/// does not read so is code as CommonMark says (see [`reads_as_markdown`]).
/// The fence's marks are escaped, so line numbers stay; returns the text and
/// the line (1-based) of each fence.
pub fn unclosed_fences_as_text(markdown: &str) -> (Cow<'_, str>, Vec<usize>) {
    let mut text = Cow::Borrowed(markdown);
    let mut lines = Vec::new();
    let holds = |needle| crate::source::text::find(markdown, needle).is_some();
    if !holds("```") && !holds("~~~") {
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

/// The lines after a fence never closed (`after_line`, 1-based) that would run
/// into one paragraph of more than [`MAX_LAYOUT_PARAGRAPH_WORDS`] words keep
/// the layout's line ends: each line but a run's last ends with a hard break
/// (`\`). Returns the text and how many runs were kept so, or `None`.
pub fn layout_line_ends_kept(markdown: &str, after_line: usize) -> Option<(String, usize)> {
    use crate::source::reflow::line_paragraphs::{continues_paragraph, is_plain};
    let mut lines: Vec<String> = markdown.split('\n').map(str::to_string).collect();
    let mut runs = 0;
    let mut index = after_line.min(lines.len());
    while index < lines.len() {
        if !is_plain(&lines[index]) {
            index += 1;
            continue;
        }
        // The lines Markdown runs into one paragraph with this one.
        let end = (index + 1..lines.len())
            .find(|&i| !is_plain(&lines[i]) && !continues_paragraph(&lines[i]))
            .unwrap_or(lines.len());
        let words: usize = lines[index..end]
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum();
        if words > MAX_LAYOUT_PARAGRAPH_WORDS {
            runs += 1;
            for line in &mut lines[index..end - 1] {
                if !line.trim_end().ends_with('\\') {
                    let kept = line.trim_end().len();
                    line.truncate(kept);
                    line.push('\\');
                }
            }
        }
        index = end;
    }
    (runs > 0).then(|| (lines.join("\n"), runs))
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
    if lines.next_back().is_some_and(closes) {
        return None;
    }
    let held = block.split_once('\n').map_or("", |(_, rest)| rest);
    reads_as_markdown(held).then_some(range.start + at)
}

/// What a Markdown heading standing apart (a blank line before and after, or
/// the text's end) says of the text a fence would hold: code comments sit
/// against their code, a section heading stands apart.
const HEADING_APART: u32 = 2;

/// What a line with Markdown's strong marks or a link (`**Shelf:**`,
/// `[text](https://…)`) says: code rarely holds them, a converter's summary does.
const INLINE_MARKUP_LINE: u32 = 1;

/// How much evidence the text a never-closed fence would hold needs before
/// it is read as Markdown: a heading standing apart and one more sign.
const READS_AS_MARKDOWN: u32 = 3;

/// Whether the text a never-closed fence would hold reads as the author's
/// Markdown rather than code: weighed from [`HEADING_APART`] and
/// [`INLINE_MARKUP_LINE`] against [`READS_AS_MARKDOWN`].
fn reads_as_markdown(held: &str) -> bool {
    let lines: Vec<&str> = held.lines().collect();
    let blank =
        |i: Option<usize>| i.is_none_or(|i| lines.get(i).is_none_or(|l| l.trim().is_empty()));
    let mut evidence = 0;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        let hashes = line.len() - line.trim_start_matches('#').len();
        let heading = (1..=6).contains(&hashes)
            && line[hashes..].starts_with(' ')
            && line[hashes..].trim().chars().any(char::is_alphabetic);
        if heading && blank(i.checked_sub(1)) && blank(Some(i + 1)) {
            evidence += HEADING_APART;
        } else if has_inline_markup(line) {
            evidence += INLINE_MARKUP_LINE;
        }
        if evidence >= READS_AS_MARKDOWN {
            return true;
        }
    }
    false
}

/// `**strong**` or a `[link](address)` in a line.
fn has_inline_markup(line: &str) -> bool {
    let strong = line
        .split("**")
        .nth(1)
        .is_some_and(|inside| !inside.trim().is_empty() && line.matches("**").count() >= 2);
    strong || (line.contains("](") && line.contains('['))
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
                verbatim += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                block = Some(range);
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
        while let Some(found) = crate::source::text::find(&markdown[from..], triple) {
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
    if crate::source::text::find(markdown, "^[").is_none() {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let mut prefix = String::from("inline-");
    while crate::source::text::find(markdown, &format!("[^{prefix}")).is_some() {
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
        let marker = &trimmed[..trimmed.len() - trimmed.trim_start_matches(['`', '~']).len()];
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
                fence = Some(marker.to_string());
            }
            None => prose.push_str(line),
        }
    }
    flush(&mut prose, &mut out, &mut definitions);
    if definitions.is_empty() {
        // No note: the text as it was, not a copy the passes after would take for a rewrite.
        return match out == markdown {
            true => std::borrow::Cow::Borrowed(markdown),
            false => std::borrow::Cow::Owned(out),
        };
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
