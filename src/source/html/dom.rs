//! What an element of a parsed page is: block or inline, dropped with all
//! it holds, the words of its class and id, the words of its text.

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// Elements that are never text of a book: programs, styles, forms, embedded
/// players, and the document's head.
pub const DROPPED_TAGS: [&str; 24] = [
    "script", "style", "template", "noscript", "form", "iframe", "button", "input", "select",
    "textarea", "label", "svg", "canvas", "object", "embed", "video", "audio", "head", "link",
    "meta", "title", "dialog", "map", "frame",
];

/// Elements that stand as blocks of their own (a paragraph ends before them).
const BLOCK_TAGS: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tr",
    "td",
    "ul",
];

/// Whether an element named `name` is dropped with everything in it.
pub fn is_dropped(name: &str) -> bool {
    DROPPED_TAGS.contains(&name)
}

/// Whether an element named `name` is a block.
pub fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name) || matches!(name, "th" | "thead" | "tfoot" | "caption")
}

/// An attribute's value, its name compared without case (so `epub:type` and
/// `xml:lang` are found however the page spells them).
pub fn attr<'a>(element: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    element
        .value()
        .attrs()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// The words of an element's class and id (`post-footer share_bar` gives
/// post, footer, share, bar), lower-cased: a content system's own names for
/// what a block is.
pub fn name_tokens(element: &ElementRef) -> Vec<String> {
    let class = attr(element, "class").unwrap_or("");
    let id = attr(element, "id").unwrap_or("");
    class
        .split_whitespace()
        .chain(id.split_whitespace())
        .flat_map(|word| word.split(['-', '_', ':']))
        .filter(|token| !token.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The whole class and id, lower-cased, for names written as one word
/// (`sharebar`, `footnotes`).
pub fn names(element: &ElementRef) -> String {
    format!(
        "{} {}",
        attr(element, "class").unwrap_or(""),
        attr(element, "id").unwrap_or("")
    )
    .to_ascii_lowercase()
}

/// The text a reader would see in a node, dropped elements left out, white
/// space collapsed.
pub fn text(node: NodeRef<Node>) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect_text(node: NodeRef<Node>, out: &mut String) {
    match node.value() {
        Node::Text(text) => out.push_str(text),
        Node::Element(element) => {
            if is_dropped(element.name()) {
                return;
            }
            if is_block(element.name()) || element.name() == "br" {
                out.push(' ');
            }
            for child in node.children() {
                collect_text(child, out);
            }
            if is_block(element.name()) {
                out.push(' ');
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                collect_text(child, out);
            }
        }
        _ => {}
    }
}

/// How many words a node's text has.
pub fn words(node: NodeRef<Node>) -> usize {
    text(node).split_whitespace().count()
}

/// How many words stand in paragraphs (and list items, quotes, cells) under
/// a node: prose, where a site's chrome is mostly links and labels.
pub fn prose_words(node: NodeRef<Node>) -> usize {
    match ElementRef::wrap(node) {
        Some(element) if is_dropped(element.value().name()) => 0,
        Some(element) if matches!(element.value().name(), "p" | "pre" | "blockquote") => {
            words(node)
        }
        _ => node.children().map(prose_words).sum(),
    }
}

/// The nearest element at or above `node` that is a block.
pub fn block_of(node: NodeRef<Node>) -> Option<ElementRef> {
    std::iter::once(node)
        .chain(node.ancestors())
        .filter_map(ElementRef::wrap)
        .find(|e| is_block(e.value().name()))
}

/// Whether `inner` is `outer` or inside it.
pub fn within(inner: NodeRef<Node>, outer: NodeRef<Node>) -> bool {
    inner.id() == outer.id() || inner.ancestors().any(|a| a.id() == outer.id())
}
