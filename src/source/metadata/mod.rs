//! Which title and authors a book gets, weighed from every place that names them.
//!
//! Front matter in real libraries is often wrong (a file slug, a ".pdf" name,
//! a truncated author), so no single place is trusted blindly. Each place a
//! title or an author was read is a clue ([`ClueKind`]) with a named weight;
//! values that merely repeat the file's name are marked down; the heaviest
//! plausible candidate wins, and `--explain` lists every candidate with its
//! score. A manifest value is not evidence but an order: it always wins.
//!
//! The rooms, each importing only the ones listed before it:
//! - [`clues`]: the clue kinds and their weights, and the readings collected;
//! - [`names`]: what reads as a person's or a group's name;
//! - [`bylines`]: the byline forms, one opener and names, or names and a date;
//! - [`library_header`]: the header line a library export opens with;
//! - [`prose_credits`]: the readers of credits in running prose ("writes X",
//!   "first published by X", signed tags, "Who we are" panels, signatures);
//! - [`readers`]: every other reader of clues, one per kind of place in the
//!   text, and [`read_document`], which runs them all;
//! - [`decision`]: the policy, the weighing of the readings and its explanation.
//!
//! Beside them, [`language`]: which language the book is in, stated or detected.

pub mod bylines;
pub mod clues;
pub mod decision;
pub mod language;
pub mod library_header;
pub mod names;
pub mod prose_credits;
pub mod readers;

pub use clues::{Clue, ClueKind, OpeningLine, Readings, MAX_TITLE_CHARS};
pub use decision::{clean_title, decide, Decision, Given};
pub use readers::read_document;

#[cfg(test)]
mod tests;
