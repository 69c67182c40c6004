//! The article's elements written as Markdown: headings, paragraphs, lists
//! (nested, numbered from their start), quotes, emphasis, code, links,
//! images with their descriptions, simple tables, line breaks and rules;
//! note markers as `[^n]` and the notes as their definitions.

use super::{dom, escape};
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};
use std::collections::{HashMap, HashSet};

/// A hard line break in Markdown.
const HARD_BREAK: &str = "\\\n";

/// Writes elements as Markdown, leaving out `skip` and writing each link in
/// `refs` as the marker of its note.
#[derive(Debug)]
pub struct Writer<'a> {
    skip: &'a HashSet<NodeId>,
    refs: &'a HashMap<NodeId, usize>,
}

impl<'a> Writer<'a> {
    /// A writer leaving out `skip`, with `refs` the note markers.
    pub fn new(skip: &'a HashSet<NodeId>, refs: &'a HashMap<NodeId, usize>) -> Self {
        Writer { skip, refs }
    }

    /// The article's text as Markdown blocks.
    pub fn article(&self, article: ElementRef) -> String {
        let mut blocks = Vec::new();
        self.children(*article, &mut blocks);
        let mut out = blocks.join("\n\n");
        out.push('\n');
        out
    }

    /// Note `number`'s definition, its continuation lines indented.
    pub fn note(&self, body: NodeRef<Node>, number: usize) -> String {
        let mut blocks = Vec::new();
        self.children(body, &mut blocks);
        let text = blocks.join("\n\n");
        format!("\n[^{number}]: {}\n", indent(&text, "    "))
    }

    /// The blocks of a node's children, inline runs between blocks made paragraphs.
    fn children(&self, parent: NodeRef<Node>, out: &mut Vec<String>) {
        let mut run = String::new();
        for child in parent.children() {
            if self.skip.contains(&child.id()) {
                continue;
            }
            match child.value() {
                Node::Text(text) => run.push_str(&escape::text(text)),
                Node::Element(element) => {
                    let name = element.name();
                    if dom::is_dropped(name) {
                        continue;
                    }
                    if dom::is_block(name) || self.holds_block(child) {
                        paragraph(&mut run, out);
                        self.block(child, name, out);
                    } else {
                        self.inline(child, &mut run);
                    }
                }
                _ => {}
            }
        }
        paragraph(&mut run, out);
    }

    /// Whether an inline element holds a block (a link around a paragraph).
    fn holds_block(&self, node: NodeRef<Node>) -> bool {
        node.descendants()
            .skip(1)
            .any(|d| ElementRef::wrap(d).is_some_and(|e| dom::is_block(e.value().name())))
    }

    fn block(&self, node: NodeRef<Node>, name: &str, out: &mut Vec<String>) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let mut run = String::new();
                self.inline_children(node, &mut run);
                let text = tidy(&run).replace(HARD_BREAK, " ");
                if !text.is_empty() {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    out.push(format!("{} {text}", "#".repeat(level)));
                }
            }
            "ul" | "ol" | "menu" | "dir" => self.list(node, name == "ol", out),
            "blockquote" => {
                let mut inner = Vec::new();
                self.children(node, &mut inner);
                if !inner.is_empty() {
                    let text = inner.join("\n\n");
                    out.push(
                        text.lines()
                            .map(|l| {
                                if l.is_empty() {
                                    ">".to_string()
                                } else {
                                    format!("> {l}")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                }
            }
            "pre" => out.push(fenced(node)),
            "hr" => out.push("---".into()),
            "table" => self.table(node, out),
            _ => self.children(node, out),
        }
    }

    fn list(&self, node: NodeRef<Node>, ordered: bool, out: &mut Vec<String>) {
        let start: usize = ElementRef::wrap(node)
            .and_then(|e| dom::attr(&e, "start"))
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items: Vec<Vec<String>> = Vec::new();
        for child in node.children() {
            if self.skip.contains(&child.id()) {
                continue;
            }
            match ElementRef::wrap(child) {
                Some(e) if e.value().name() == "li" => {
                    let mut blocks = Vec::new();
                    self.children(child, &mut blocks);
                    items.push(blocks);
                }
                Some(e) if matches!(e.value().name(), "ul" | "ol") => {
                    // A list set straight in a list belongs to the item before it.
                    let mut blocks = Vec::new();
                    self.block(child, e.value().name(), &mut blocks);
                    match items.last_mut() {
                        Some(last) => last.extend(blocks),
                        None => items.push(blocks),
                    }
                }
                _ => {}
            }
        }
        if items.is_empty() {
            return;
        }
        // Tight unless an item holds two blocks besides its nested lists.
        let is_list = |b: &String| {
            b.starts_with("- ")
                || b.split_once(". ")
                    .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
        };
        let tight = items
            .iter()
            .all(|i| i.iter().filter(|b| !is_list(b)).count() <= 1);
        let written: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(index, blocks)| {
                let marker = if ordered {
                    format!("{}. ", start + index)
                } else {
                    "- ".to_string()
                };
                let text = blocks.join(if tight { "\n" } else { "\n\n" });
                let pad = " ".repeat(marker.len());
                format!("{marker}{}", indent(&text, &pad))
                    .trim_end()
                    .to_string()
            })
            .collect();
        out.push(written.join(if tight { "\n" } else { "\n\n" }));
    }

    fn table(&self, node: NodeRef<Node>, out: &mut Vec<String>) {
        let rows: Vec<NodeRef<Node>> = node
            .descendants()
            .filter(|d| ElementRef::wrap(*d).is_some_and(|e| e.value().name() == "tr"))
            .collect();
        fn cells<'n>(row: &NodeRef<'n, Node>) -> Vec<NodeRef<'n, Node>> {
            row.children()
                .filter(|c| {
                    ElementRef::wrap(*c).is_some_and(|e| matches!(e.value().name(), "td" | "th"))
                })
                .collect()
        }
        let simple = !rows.is_empty()
            && rows.iter().flat_map(cells).all(|cell| {
                let element = ElementRef::wrap(cell).expect("cells are elements");
                let span = |a| dom::attr(&element, a).is_none_or(|v| v.trim() == "1");
                span("rowspan")
                    && span("colspan")
                    && !cell.descendants().skip(1).any(|d| {
                        ElementRef::wrap(d).is_some_and(|e| {
                            dom::is_block(e.value().name()) && e.value().name() != "p"
                        })
                    })
            });
        if !simple {
            // Each cell's text as blocks of its own, in reading order.
            for row in &rows {
                for cell in cells(row) {
                    self.children(cell, out);
                }
            }
            return;
        }
        let grid: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                cells(row)
                    .into_iter()
                    .map(|cell| {
                        let mut run = String::new();
                        self.inline_children(cell, &mut run);
                        tidy(&run).replace(HARD_BREAK, " ")
                    })
                    .collect()
            })
            .collect();
        let width = grid.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let line = |row: &Vec<String>| {
            let mut cells = row.clone();
            cells.resize(width, String::new());
            format!("| {} |", cells.join(" | "))
        };
        let mut lines = vec![line(&grid[0]), format!("|{}", " --- |".repeat(width))];
        lines.extend(grid[1..].iter().map(line));
        out.push(lines.join("\n"));
    }

    fn inline_children(&self, node: NodeRef<Node>, run: &mut String) {
        for child in node.children() {
            if !self.skip.contains(&child.id()) {
                self.inline(child, run);
            }
        }
    }

    fn inline(&self, node: NodeRef<Node>, run: &mut String) {
        let element = match node.value() {
            Node::Text(text) => {
                run.push_str(&escape::text(text));
                return;
            }
            Node::Element(element) => element,
            _ => return,
        };
        let name = element.name();
        if dom::is_dropped(name) || self.skip.contains(&node.id()) {
            return;
        }
        let el = ElementRef::wrap(node).expect("an element");
        match name {
            "br" => {
                if !tidy(run).is_empty() {
                    run.push_str(HARD_BREAK);
                }
            }
            "img" => {
                let source = dom::attr(&el, "src")
                    .filter(|s| !s.starts_with("data:"))
                    .or_else(|| dom::attr(&el, "data-src"))
                    .unwrap_or("");
                let alt = escape::text(dom::attr(&el, "alt").unwrap_or("").trim());
                if source.trim().is_empty() {
                    run.push_str(&alt);
                } else {
                    run.push_str(&format!("![{}]({})", alt.trim(), escape::url(source)));
                }
            }
            "a" => {
                if let Some(number) = self.refs.get(&node.id()) {
                    // A marker stands against its word.
                    let kept = run.trim_end().len();
                    run.truncate(kept);
                    run.push_str(&format!("[^{number}]"));
                    return;
                }
                let mut inner = String::new();
                self.inline_children(node, &mut inner);
                let href = dom::attr(&el, "href").unwrap_or("").trim();
                let web = href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:");
                if web && !tidy(&inner).is_empty() {
                    wrap(run, &format!("[{}]", inner.trim()), "", "");
                    run.push_str(&format!("({})", escape::url(href)));
                } else {
                    run.push_str(&inner);
                }
            }
            "em" | "i" | "cite" | "dfn" | "var" => self.wrapped(node, run, "*"),
            "strong" | "b" => self.wrapped(node, run, "**"),
            "s" | "del" | "strike" => self.wrapped(node, run, "~~"),
            "code" | "kbd" | "samp" | "tt" => {
                run.push_str(&escape::code_span(&dom::text(node)));
            }
            "q" => {
                run.push('"');
                self.inline_children(node, run);
                run.push('"');
            }
            _ => {
                if dom::is_block(name) {
                    run.push(' ');
                    self.inline_children(node, run);
                    run.push(' ');
                } else {
                    self.inline_children(node, run);
                }
            }
        }
    }

    fn wrapped(&self, node: NodeRef<Node>, run: &mut String, mark: &str) {
        let mut inner = String::new();
        self.inline_children(node, &mut inner);
        let inner = inner.trim_end_matches(HARD_BREAK);
        wrap(run, inner, mark, mark);
    }
}

/// Pushes `inner` between `open` and `close`, its outer spaces kept outside
/// (emphasis cannot open or close on a space).
fn wrap(run: &mut String, inner: &str, open: &str, close: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        run.push_str(inner);
        return;
    }
    if inner.starts_with(' ') {
        run.push(' ');
    }
    run.push_str(open);
    run.push_str(trimmed);
    run.push_str(close);
    if inner.ends_with(' ') {
        run.push(' ');
    }
}

/// A run of inline Markdown tidied: spaces single, none around line breaks.
fn tidy(run: &str) -> String {
    let mut out = String::with_capacity(run.len());
    for c in run.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ') || out.ends_with('\n')) {
            continue;
        }
        if c == '\n' && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    let mut text = out.trim_end().to_string();
    while let Some(shorter) = text.strip_suffix('\\') {
        text = shorter.trim_end().to_string();
    }
    text
}

/// Ends the inline run as a paragraph, each line's start made literal.
fn paragraph(run: &mut String, out: &mut Vec<String>) {
    let text = tidy(run);
    run.clear();
    if text.is_empty() {
        return;
    }
    out.push(
        text.split('\n')
            .map(escape::line_start)
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// A `<pre>` block as a fenced code block, its text as it is.
fn fenced(node: NodeRef<Node>) -> String {
    let mut code = String::new();
    fn raw(node: NodeRef<Node>, out: &mut String) {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            Node::Element(e) if dom::is_dropped(e.name()) => {}
            _ => node.children().for_each(|c| raw(c, out)),
        }
    }
    raw(node, &mut code);
    let language = node
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|e| dom::attr(&e, "class"))
        .flat_map(str::split_whitespace)
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .unwrap_or("")
        .to_string();
    let code = code.strip_suffix('\n').unwrap_or(&code);
    let fence = "`".repeat(escape::longest_run(code, '`').max(2) + 1);
    format!("{fence}{language}\n{code}\n{fence}")
}

/// `text` with every line after the first indented by `pad` (blank lines left blank).
fn indent(text: &str, pad: &str) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or("").to_string();
    for line in lines {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(pad);
            out.push_str(line);
        }
    }
    out
}
