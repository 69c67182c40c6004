//! The passes over a source's text, before and after its kind is read: each
//! one rewrites the text only where it must, keeps a map of where its lines
//! came from, and says what it did.
//!
//! The rooms:
//! - this file: the [`Pass`] trait, the [`LineMap`] every pass keeps, and
//!   [`run`], which runs a list of passes over a text;
//! - [`passes`]: the passes themselves, and the two lists
//!   [`source::read_with`](super::read_with) runs, in their order.

pub mod passes;

use std::borrow::Cow;

/// Where each line of a rewritten text came from: line `n` (counted from 1)
/// of the text written is line `n` of the text read unless the map says
/// otherwise. An empty map keeps every line where it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap(Vec<usize>);

impl LineMap {
    /// Every line where it was.
    pub fn unchanged() -> Self {
        LineMap(Vec::new())
    }

    /// Line `n` of the text written came from line `lines[n - 1]` of the text read.
    pub fn from_lines(lines: Vec<usize>) -> Self {
        LineMap(lines)
    }

    /// The line of the text read that line `line` of the text written came from.
    pub fn source_line(&self, line: usize) -> usize {
        self.0.get(line.wrapping_sub(1)).copied().unwrap_or(line)
    }

    /// This map, then `later` (a map of a rewriting of the text this one wrote).
    pub fn then(&self, later: &LineMap) -> LineMap {
        if later.0.is_empty() {
            return self.clone();
        }
        if self.0.is_empty() {
            return later.clone();
        }
        let lines = self.0.len().max(later.0.len());
        LineMap(
            (1..=lines)
                .map(|line| self.source_line(later.source_line(line)))
                .collect(),
        )
    }
}

/// What passes said: lines for `--explain`, and warnings, each with the line
/// of the source it is about when it is about one.
#[derive(Debug, Default)]
pub struct Said {
    /// Lines for `--explain`.
    pub explanation: Vec<String>,
    /// Warnings, each with its line of the source when it has one.
    pub warnings: Vec<crate::diagnostic::SourceWarning>,
    /// Where the text came from, as a converter's stamp said: for the colophon.
    pub provenance: Vec<String>,
}

/// A text a pass wrote, and where its lines came from in the text the pass read.
#[derive(Debug)]
pub struct Rewritten {
    /// The text written.
    pub text: String,
    /// Where its lines came from in the text read.
    pub lines: LineMap,
}

/// One pass over a source's text.
pub trait Pass {
    /// What the pass does, in a few words.
    fn name(&self) -> &'static str;
    /// Runs over `text`, whose lines `lines` maps to the source's: the text
    /// it leaves, or `None` when it changed nothing. What it found is kept for
    /// [`explain`](Pass::explain).
    fn run(&mut self, text: &str, lines: &LineMap) -> Option<Rewritten>;
    /// Says what the last run did; `lines` maps the lines of the text the
    /// pass read to the lines of the source.
    fn explain(&self, lines: &LineMap, said: &mut Said);
}

/// Runs `passes` over `text` in order, each explaining itself into `said`:
/// the text they leave (`text` itself when none changed it: a source is not
/// copied for nothing), and where its lines came from in `text`.
pub fn run<'a>(
    text: &'a str,
    passes: &mut [Box<dyn Pass>],
    said: &mut Said,
) -> (Cow<'a, str>, LineMap) {
    run_mapped(Cow::Borrowed(text), passes, said, LineMap::unchanged())
}

/// [`run`] over a text whose lines `lines` maps to the source's (a page
/// export's reading, say), so that what the passes say names source lines.
/// A text given owned is dropped as soon as a pass rewrites it.
pub fn run_mapped<'a>(
    text: Cow<'a, str>,
    passes: &mut [Box<dyn Pass>],
    said: &mut Said,
    lines: LineMap,
) -> (Cow<'a, str>, LineMap) {
    let mut text = text;
    let mut lines = lines;
    for pass in passes {
        let rewritten = pass.run(&text, &lines);
        pass.explain(&lines, said);
        if let Some(rewritten) = rewritten {
            // The text read is dropped here, before the next pass makes another.
            text = Cow::Owned(rewritten.text);
            lines = lines.then(&rewritten.lines);
        }
    }
    (text, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_maps_compose_in_the_order_the_passes_ran() {
        // The first pass split line 2 in two; the second put a line before everything.
        let first = LineMap::from_lines(vec![1, 2, 2, 3]);
        let second = LineMap::from_lines(vec![1, 1, 2, 3, 4]);
        let both = first.then(&second);
        assert_eq!(
            (1..=5).map(|l| both.source_line(l)).collect::<Vec<_>>(),
            [1, 1, 2, 2, 3]
        );
        assert_eq!(LineMap::unchanged().then(&first), first);
        assert_eq!(first.then(&LineMap::unchanged()), first);
        assert_eq!(LineMap::unchanged().source_line(7), 7);
    }
}
