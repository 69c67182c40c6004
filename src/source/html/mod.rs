//! A saved web page (HTML or XHTML) read as the Markdown it stands for, so
//! that every later stage (notes, metadata weighing, typography, rendering)
//! is the one Markdown essays go through.
//!
//! Rooms, in the order they import each other:
//! - `dom`: what an element is (block or inline, dropped, its name tokens, its words);
//! - `escape`: text made literal Markdown, so `*`, `#` or `1.` in a page stay text;
//! - `recognise`: whether a source is HTML at all (its file name, its opening);
//! - `head`: the page's title, authors, date and language, and bylines;
//! - `chrome`: the policy of what is the article and what is the site around it;
//! - `notes`: footnotes as content systems write them, found by one mechanism;
//! - `write`: the article's elements written as Markdown.
//!
//! [`to_markdown`] runs them in that order.

pub mod dom;
pub mod escape;
pub mod recognise;

pub mod chrome;
pub mod head;
pub mod notes;
pub mod write;

pub use recognise::{is_html, HTML_EXTENSIONS};

use scraper::Html;

/// An HTML page as Markdown, and what was recognised reading it.
#[derive(Debug)]
pub struct Converted {
    /// The article as Markdown: a YAML block of what the page states about
    /// itself, the text, and its notes as `[^n]` footnotes.
    pub markdown: String,
    /// What was recognised and left out, for `--explain`.
    pub explanation: Vec<String>,
}

/// Reads an HTML page into Markdown: the article's text without the site
/// around it, its notes as footnotes, its metadata as front matter.
pub fn to_markdown(html: &str) -> Converted {
    let mut explanation = vec!["recognised HTML: read as the Markdown it stands for".to_string()];
    let opened = open_tags_at_most(html);
    if opened > MAX_OPEN_TAGS {
        // The parser's work grows with the square of the nesting: a page
        // this deep is read as its text between tags, unparsed.
        explanation.push(format!(
            "the page opens {opened} elements without closing them (more than {MAX_OPEN_TAGS}): read as plain text"
        ));
        return Converted {
            markdown: between_tags(html),
            explanation,
        };
    }
    let document = Html::parse_document(html);
    let depth = depth(&document);
    if depth > MAX_DEPTH {
        explanation.push(format!(
            "the page's elements nest {depth} deep (more than {MAX_DEPTH}): read as plain text"
        ));
        return Converted {
            markdown: plain_text(&document),
            explanation,
        };
    }
    let container = chrome::container(&document);
    explanation.push(container.explanation);
    let container = container.element;
    let found = notes::find(&document, container);
    let weighed = chrome::weigh(container, &found.bodies_set());
    explanation.extend(weighed.explanation.iter().cloned());
    let mut facts = head::read(&document, container);
    if facts.authors.is_empty() {
        facts.authors = weighed.byline_authors.clone();
    }
    explanation.extend(facts.explain());
    explanation.extend(found.explanation.iter().cloned());
    let mut skip = weighed.dropped.clone();
    skip.extend(found.skip.iter().copied());
    skip.extend(found.bodies.iter().copied());
    let writer = write::Writer::new(&skip, &found.refs);
    let mut markdown = facts.front_matter();
    markdown.push_str(&writer.article(container));
    for (index, &body) in found.bodies.iter().enumerate() {
        if let Some(note) = document.tree.get(body) {
            markdown.push_str(&writer.note(note, index + 1));
        }
    }
    Converted {
        markdown,
        explanation,
    }
}

/// Deepest nesting read element by element; a deeper page (no real page
/// nests so deep, a hostile one may) is read as plain text, whose reading
/// needs no recursion.
const MAX_DEPTH: usize = 256;

/// How deep the page's elements nest, counted without recursion.
fn depth(document: &Html) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for edge in document.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(_) => depth -= 1,
        }
    }
    deepest
}

/// The page's text as one escaped paragraph, scripts and styles left out.
fn plain_text(document: &Html) -> String {
    let mut words = Vec::new();
    for node in document.tree.root().descendants() {
        if let scraper::Node::Text(text) = node.value() {
            let dropped = node.ancestors().take(MAX_DEPTH).any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| dom::is_dropped(e.name()))
            });
            if !dropped {
                words.push(escape::text(text).trim().to_string());
            }
        }
    }
    let text = words.join(" ");
    format!("{}\n", escape::line_start(text.trim()))
}

/// Most elements a page may hold open at once before it is read unparsed.
const MAX_OPEN_TAGS: usize = 4096;

/// Elements that never hold anything, so never stay open.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p",
];

/// The most elements held open at once, counted on the text without parsing
/// it: each `<name` opens one (unless void or `/>`), each `</` closes one.
fn open_tags_at_most(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut open, mut most) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        match bytes.get(at + 1) {
            Some(b'/') => open = open.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .map(|&b| char::from(b.to_ascii_lowercase()))
                    .collect();
                let end = memchr::memchr(b'>', &bytes[at..]).map(|e| at + e);
                let closed = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
                if !closed && !VOID.contains(&name.as_str()) {
                    open += 1;
                    most = most.max(open);
                }
            }
            _ => {}
        }
    }
    most
}

/// The text between a page's tags, as one escaped paragraph.
fn between_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    format!("{}\n", escape::line_start(escape::text(&text).trim()))
}
