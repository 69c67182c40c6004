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
    let document = Html::parse_document(html);
    let mut explanation = vec!["recognised HTML: read as the Markdown it stands for".to_string()];
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
