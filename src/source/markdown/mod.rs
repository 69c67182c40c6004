//! Markdown text → document model, through pulldown-cmark's event stream.
//!
//! Both kinds of source end here: a plain Markdown essay directly, and a page
//! export once it has been put back into reading order and its page-foot notes
//! rewritten as standard `[^label]` footnotes. So this is the one place that
//! knows Markdown, inline HTML and footnotes.
//!
//! The rooms:
//! - [`anchors`]: links to the essay's own headings, and the headings' ids;
//! - [`repairs`]: what is mended in the text before it is parsed (fences never
//!   closed, emphasis fused to the next, inline notes);
//! - [`yaml`]: the `key: value` fields of a leading YAML block;
//! - [`page_breaks`]: the inert markers that stand for printed pages;
//! - [`urls`] and [`html`]: which addresses a book may link to, and whether
//!   HTML would run, its text;
//! - [`events`]: the policy, the builder that turns the parser's events into
//!   the model;
//! - [`headings`]: the headings that are no headings (sentence pieces, page
//!   footers, bylines, empty ones), read as what they are;
//! - [`bibliography`]: entries of a list of works a converter ran together,
//!   set one a paragraph;
//! - [`plain`]: the plain text of one line, as a reader sees it.

pub mod anchors;
pub mod bibliography;
pub mod dialect;
pub mod events;
pub mod headings;
pub mod html;
pub mod page_breaks;
pub mod plain;
pub mod repairs;
pub mod urls;
pub mod yaml;

pub use events::{parse, Parsed, TopBlock};
pub use headings::{text_not_headings, without_empty_headings};
pub use html::html_to_text;
pub use page_breaks::{page_break, without_page_breaks};
pub use plain::plain_line;
pub use repairs::{
    inline_notes, layout_line_ends_kept, split_fused_emphasis, unclosed_fences_as_text,
};
pub use yaml::yaml_fields;

#[cfg(test)]
mod tests;
