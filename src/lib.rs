//! quire turns essays into EPUB 3 books.
//!
//! The pipeline, one module per stage:
//! `source` (read an input, recognise its kind, restore reading order, collect
//! notes) → [`model`] (book, chapters, blocks, notes) → `render` (XHTML, nav)
//! → `package` (OPF, OCF zip) → `check` (verify what was written).

pub mod check;
pub mod dates;
pub mod diagnostic;
pub mod language;
pub mod model;
pub mod sandbox;
pub mod xml_text;

pub use diagnostic::{Diagnostic, Error, SourceWarning, Warning, WarningCode};
pub mod batch;
pub mod build_state;
pub mod manifest;
pub mod package;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod settings;
pub mod source;
