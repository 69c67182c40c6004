//! What a batch build tells afterwards: one JSON line per book for
//! `--report` ([`Record`], its schema in `docs/report.schema.json`), and the
//! end-of-batch summary ([`Tally`]): warnings counted by code, the books with
//! most, and where to see one book's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::batch::{Job, Outcome};
use crate::diagnostic::{thousands, Kind, Warning, WarningCode};
use crate::source::SourceKind;

/// One book of a batch, as `--report` writes it: one JSON object per line.
/// Fields are written in this order; absent facts are `null`, never left out.
#[derive(Debug, Serialize)]
pub struct Record {
    /// The manifest or source the book was asked for by.
    pub input: String,
    /// The text the book was read from (a manifest's `source`), when known.
    pub source: Option<String>,
    /// The EPUB written, when one was.
    pub output: Option<String>,
    /// The Kobo EPUB written beside it, when one was.
    pub kepub: Option<String>,
    /// `built` or `failed`.
    pub status: &'static str,
    /// Why the book failed.
    pub error: Option<Located>,
    /// The book's title, as written into it.
    pub title: Option<String>,
    /// The book's authors, in order.
    pub authors: Vec<String>,
    /// The book's language tag.
    pub language: Option<String>,
    /// How the source was read: `markdown` or `page-export`.
    pub kind: Option<&'static str>,
    /// Sections (chapters) in the book.
    pub sections: Option<usize>,
    /// Notes in the book.
    pub notes: Option<usize>,
    /// Changes quire made to the text on its own evidence: pages reordered,
    /// running heads removed, words repaired.
    pub decisions: Vec<Entry>,
    /// What the source holds that the book cannot carry as written.
    pub warnings: Vec<Entry>,
    /// What was recognised and why, as `--explain` prints it.
    pub explanation: Vec<String>,
    /// Milliseconds to read, build and write the book.
    pub time_ms: u64,
    /// Size of the EPUB written, in bytes.
    pub bytes: Option<u64>,
}

/// A message with the file and line it is about.
#[derive(Debug, Serialize)]
pub struct Located {
    /// The file.
    pub file: String,
    /// Its line, counted from 1.
    pub line: Option<usize>,
    /// What is the matter.
    pub message: String,
}

/// A warning or decision in the report.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Its stable code, as [`WarningCode::as_str`] spells it.
    pub code: &'static str,
    /// The file it is about.
    pub file: String,
    /// Its line, counted from 1.
    pub line: Option<usize>,
    /// What was found and what became of it.
    pub message: String,
    /// Whether `quire.toml` or `--allow` kept it from being printed.
    pub silenced: bool,
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The name `--report` gives a kind of source.
pub fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Markdown => "markdown",
        SourceKind::PageExport => "page-export",
        SourceKind::Html => "html",
    }
}

/// The record of `job`, as `outcome` says it went; `silenced` says which
/// codes were kept from being printed for this book.
pub fn record(job: &Job, outcome: &Outcome, silenced: impl Fn(WarningCode) -> bool) -> Record {
    let time_ms = u64::try_from(outcome.elapsed.as_millis()).unwrap_or(u64::MAX);
    let input = shown(job.input.path());
    let entry = |w: &Warning| Entry {
        code: w.code.as_str(),
        file: shown(&w.file),
        line: w.line,
        message: w.message.clone(),
        silenced: silenced(w.code),
    };
    match &outcome.result {
        Ok(book) => Record {
            input,
            source: Some(shown(&book.source)),
            output: Some(shown(&book.path)),
            kepub: book.kepub.as_deref().map(shown),
            status: "built",
            error: None,
            title: Some(book.title.clone()),
            authors: book.authors.clone(),
            language: Some(book.language.clone()),
            kind: Some(kind_name(book.kind)),
            sections: Some(book.sections),
            notes: Some(book.notes),
            decisions: book
                .warnings
                .iter()
                .filter(|w| w.code.kind() == Kind::Decision)
                .map(entry)
                .collect(),
            warnings: book
                .warnings
                .iter()
                .filter(|w| w.code.kind() == Kind::Problem)
                .map(entry)
                .collect(),
            explanation: book.explanation.clone(),
            time_ms,
            bytes: Some(book.bytes),
        },
        Err(error) => Record {
            source: match &job.input {
                crate::batch::Input::Source(path) => Some(shown(path)),
                crate::batch::Input::Manifest(_) => None,
            },
            input,
            output: None,
            kepub: None,
            status: "failed",
            error: Some(Located {
                file: shown(&error.file),
                line: error.line,
                message: error.message.clone(),
            }),
            title: None,
            authors: Vec::new(),
            language: None,
            kind: None,
            sections: None,
            notes: None,
            decisions: Vec::new(),
            warnings: Vec::new(),
            explanation: Vec::new(),
            time_ms,
            bytes: None,
        },
    }
}

impl Record {
    /// The record as one line of JSON, without the line end.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a record is plain data")
    }
}

/// How many books the summary names as having most warnings.
pub const WORST_BOOKS: usize = 10;

/// Warnings of a batch, counted as the books are reported.
#[derive(Debug, Default)]
pub struct Tally {
    /// Printed warnings by code.
    pub by_code: BTreeMap<WarningCode, usize>,
    /// Printed warnings of each book that had any, in the batch's order.
    pub by_book: Vec<(PathBuf, usize)>,
    /// Warnings printed.
    pub shown: usize,
    /// Warnings kept from being printed by `quire.toml` or `--allow`.
    pub silenced: usize,
}

impl Tally {
    /// Counts `warnings` of the book asked for by `input`.
    pub fn add(
        &mut self,
        input: &Path,
        warnings: &[Warning],
        silenced: impl Fn(WarningCode) -> bool,
    ) {
        let mut count = 0;
        for warning in warnings {
            if silenced(warning.code) {
                self.silenced += 1;
            } else {
                *self.by_code.entry(warning.code).or_default() += 1;
                count += 1;
            }
        }
        self.shown += count;
        if count > 0 {
            self.by_book.push((input.to_path_buf(), count));
        }
    }

    /// The summary's lines before its last: counts by code (most first), the
    /// [`WORST_BOOKS`] books with most warnings, and how to see one book's.
    /// Nothing when no warning was printed.
    pub fn lines(&self) -> Vec<String> {
        if self.shown == 0 {
            return Vec::new();
        }
        let mut lines = vec!["warnings by code (silence one with --allow CODE, or in quire.toml: [build] allow = [\"CODE\"]):".to_string()];
        let mut codes: Vec<(WarningCode, usize)> =
            self.by_code.iter().map(|(&c, &n)| (c, n)).collect();
        codes.sort_by_key(|&(code, n)| (std::cmp::Reverse(n), code.as_str()));
        let width = thousands(codes.first().map_or(0, |c| c.1)).len();
        let name_width = codes.iter().map(|c| c.0.as_str().len()).max().unwrap_or(0);
        for (code, n) in codes {
            lines.push(format!(
                "  {:>width$}  {:<name_width$}  {}",
                thousands(n),
                code.as_str(),
                code.meaning()
            ));
        }
        let mut books: Vec<&(PathBuf, usize)> = self.by_book.iter().collect();
        // Stable: books with as many warnings keep the batch's order.
        books.sort_by_key(|b| std::cmp::Reverse(b.1));
        books.truncate(WORST_BOOKS);
        if self.by_book.len() > 1 {
            lines.push(format!(
                "books with most warnings ({} of {} with any):",
                books.len(),
                self.by_book.len()
            ));
            let width = thousands(books.first().map_or(0, |b| b.1)).len();
            for (book, n) in books {
                lines.push(format!("  {:>width$}  {}", thousands(*n), book.display()));
            }
        }
        lines.push(
            "one book's warnings: quire build --explain BOOK; every book's: --report FILE (one JSON line each)"
                .into(),
        );
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_codes_most_first_and_leaves_silenced_ones_out() {
        let warn = |code| Warning::new("a.md", Some(1), code, "m");
        let mut tally = Tally::default();
        let silenced = |c| c == WarningCode::ControlChar;
        tally.add(
            Path::new("a.md"),
            &[
                warn(WarningCode::ImageMissing),
                warn(WarningCode::ControlChar),
            ],
            silenced,
        );
        tally.add(
            Path::new("b.md"),
            &[warn(WarningCode::LinkNotWeb), warn(WarningCode::LinkNotWeb)],
            silenced,
        );
        tally.add(Path::new("c.md"), &[], silenced);
        let lines = tally.lines();
        assert!(lines[1].contains("2  link-not-web"), "{lines:?}");
        assert!(lines[2].contains("1  image-missing"), "{lines:?}");
        assert!(
            !lines.iter().any(|l| l.contains("control-char")),
            "{lines:?}"
        );
        let books = lines
            .iter()
            .position(|l| l.starts_with("books with most"))
            .unwrap();
        assert_eq!(lines[books + 1], "  2  b.md");
        assert_eq!(lines[books + 2], "  1  a.md");
        assert_eq!((tally.shown, tally.silenced), (3, 1));
    }
}
