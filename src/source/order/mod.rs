//! Restores the reading order of the pages of a page-by-page export.
//!
//! A booklet printed for saddle stitching is exported sheet by sheet: for a
//! 16-page booklet, 16,1 | 2,15 | 14,3 | 4,13 | ... Blank pages leave no trace
//! in the export, and a title page and colophon printed side by side can come
//! out as one run of lines. So the order is found, not assumed: each layout
//! (pages as exported, or a booklet of N pages for every plausible N) is fitted
//! to the pages found, and a fit must agree with the evidence the pages carry:
//! note numbers rise through the text, and a section listed on the Contents
//! page as starting on page p is printed on page p. Among fits that agree,
//! sentences running on across page breaks decide.
//!
//! The rooms, each importing only the ones listed before it:
//! - [`pages`]: what one exported page tells (how it begins and ends, its
//!   numbers), the layouts, and a candidate reading of the pages;
//! - [`evidence`]: each kind of evidence with its weight and margin, and the
//!   weighing of a candidate against the file's order;
//! - [`booklet`]: the search for the best fit of the pages to a booklet;
//! - [`explain`]: what `--explain` says about the order taken;
//! - [`decision`]: the policy, which candidate is taken and why.

pub mod booklet;
pub mod decision;
pub mod evidence;
pub mod explain;
pub mod pages;

pub use booklet::imposition;
pub use decision::{restore, restore_with, Order, OrderChoice};
pub use explain::describe_layout;
pub use pages::{continuity, CandidateOrder, End, Layout, PageEvidence, Role, Start};

#[cfg(test)]
mod tests;
