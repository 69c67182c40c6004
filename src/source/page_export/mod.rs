//! Reads a page-by-page text export of a printed booklet.
//!
//! Such an export is Markdown, but its layout is the printer's: each page's
//! notes sit at its foot (`<sup>N</sup> text`, often after `---`), the pages
//! may come in printing order, sentences and words break across pages, and
//! the title page, colophon and Contents page are pages like any other. This
//! reader finds the pages, hands their evidence to [`order`](super::order),
//! rejoins what the page breaks split, and writes the essay out again as plain
//! Markdown with standard `[^label]` footnotes, so that the rest of the
//! pipeline sees one kind of input.
//!
//! The rooms, each importing only the ones listed before it:
//! - [`contents`]: a Contents page's entries, and whether a heading is one of them;
//! - [`lines`]: what one block or line is (prose, a note, a page heading, a rule),
//!   how a paragraph begins and ends;
//! - [`recognise`]: whether a text is a page export at all;
//! - [`furniture`]: running heads and feet taken out, page breaks left behind;
//! - [`pages`]: the export cut into pages, and what each tells the order;
//! - [`reconstructed`]: what a reading yields;
//! - [`reconstruct`]: the policy, from furniture to Markdown in reading order
//!   (with [`explain`] and [`writing`], which write what it found).

pub mod contents;
pub mod explain;
pub mod furniture;
pub mod lines;
pub mod pages;
pub mod recognise;
pub mod reconstruct;
pub mod reconstructed;
pub mod writing;

pub use lines::is_standard_definition;
pub use recognise::recognise;
pub use reconstruct::{reconstruct, reconstruct_with};
pub use reconstructed::Reconstructed;
pub use writing::mark_page_breaks;

#[cfg(test)]
mod tests;
