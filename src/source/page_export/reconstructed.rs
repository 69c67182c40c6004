//! What reading a page export yields.

use super::contents::ContentsEntry;
use crate::diagnostic::WarningCode;
use crate::source::front_matter::FrontMatter;

/// The essay as plain Markdown, with a map back to the export's lines.
#[derive(Debug, Default)]
pub struct Reconstructed {
    /// The essay in reading order, as plain Markdown with standard footnotes.
    pub markdown: String,
    /// `line_map[i]` is the export's line number for line `i` of `markdown`.
    pub line_map: Vec<usize>,
    /// The facts of the title page and colophon.
    pub front: FrontMatter,
    /// The Contents page's entries.
    pub contents: Vec<ContentsEntry>,
    /// What was found and done, for `--explain`.
    pub explanation: Vec<String>,
    /// (export line, code, message)
    pub warnings: Vec<(usize, WarningCode, String)>,
    /// What the reconstruction changed in the text as a whole, one line each.
    pub notices: Vec<(WarningCode, String)>,
    /// Printed page numbers found (running feet, "N of M", "## Page N", pages
    /// placed by the Contents page or the booklet's layout), each with the byte
    /// offset in `markdown` where that page's text starts.
    pub page_labels: Vec<(String, usize)>,
}
