//! The passes over a source's text, each a thin wrapper over the function that
//! does the work (in [`text`], [`markdown`] or [`ligatures`]), and the two
//! lists [`read_with`](crate::source::read_with) runs.

use super::{LineMap, Pass, Rewritten, Said};
use crate::diagnostic::{SourceWarning, WarningCode};
use crate::source::ligatures::{self, Language, Scope};
use crate::source::{markdown, reflow, text};

/// The passes before the kind of source is recognised, in their order: what
/// every reader must see done (line ends, characters XML cannot carry, fences
/// glued to text or never closed, spaces in link addresses, page markers).
pub fn before_reading() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(LineEnds),
        Box::new(ControlCharacters::default()),
        Box::new(GluedFences),
        Box::new(UnclosedFences::default()),
        Box::new(LinkSpaces),
        Box::new(PageMarkers),
    ]
}

/// The passes that restore the author's paragraphs where a converter broke
/// them ([`reflow`]), after the title and authors are read from the text as
/// the converter left it (its stamp and first page say where they stand).
pub fn converter_layout() -> Vec<Box<dyn Pass>> {
    vec![
        Reflow::pass(
            "page-view export read as the essay",
            reflow::page_view::reflow,
        ),
        Reflow::pass("prose in preformatted blocks", reflow::preformatted::reflow),
        Reflow::pass("one paragraph a line", reflow::line_paragraphs::reflow),
    ]
}

/// The passes over the Markdown a source became, before it is parsed. With
/// `repairs` off, no word is repaired; `language` is the one the source
/// states, if it states one.
pub fn before_parsing(
    scope: Scope,
    repairs: bool,
    language: Option<Language>,
) -> Vec<Box<dyn Pass>> {
    let mut passes: Vec<Box<dyn Pass>> = vec![Box::new(InlineNotes)];
    if repairs {
        passes.push(Box::new(LostLigatures {
            scope,
            language,
            repaired: None,
            repair_lines: Vec::new(),
        }));
    }
    passes.push(Box::new(FusedEmphasis::default()));
    passes
}

/// One of [`reflow`]'s steps, restoring the author's paragraphs where a
/// converter broke them. What it weighed names the source's lines, so it is
/// said as the step runs and kept for [`Pass::explain`].
struct Reflow {
    name: &'static str,
    step: reflow::Step,
    explanation: Vec<String>,
    provenance: Vec<String>,
}

impl Reflow {
    fn pass(name: &'static str, step: reflow::Step) -> Box<dyn Pass> {
        Box::new(Reflow {
            name,
            step,
            explanation: Vec::new(),
            provenance: Vec::new(),
        })
    }
}

impl Pass for Reflow {
    fn name(&self) -> &'static str {
        self.name
    }
    fn run(&mut self, text: &str, lines: &LineMap) -> Option<Rewritten> {
        let mut reflowed = (self.step)(text, &|line| lines.source_line(line))?;
        self.explanation = std::mem::take(&mut reflowed.explanation);
        self.provenance = std::mem::take(&mut reflowed.provenance);
        Some(Rewritten {
            text: reflowed.text,
            lines: LineMap::from_lines(reflowed.lines),
        })
    }
    fn explain(&self, _: &LineMap, said: &mut Said) {
        said.explanation.extend(self.explanation.iter().cloned());
        said.provenance.extend(self.provenance.iter().cloned());
    }
}

/// A text a function gave back, rewritten (its lines where they were) only
/// when the function changed it.
fn when_changed(text: std::borrow::Cow<'_, str>) -> Option<Rewritten> {
    match text {
        std::borrow::Cow::Owned(text) => same_lines(text),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

/// A text rewritten with its lines where they were.
fn same_lines(text: String) -> Option<Rewritten> {
    Some(Rewritten {
        text,
        lines: LineMap::unchanged(),
    })
}

/// A byte-order mark dropped, CRLF and lone CR line ends made LF ([`text::normalize`]).
struct LineEnds;

impl Pass for LineEnds {
    fn name(&self) -> &'static str {
        "line ends"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        if !text.starts_with('\u{feff}') && !text.contains('\r') {
            return None;
        }
        same_lines(text::normalize(text))
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Characters XML cannot carry, removed ([`text::strip_forbidden`]).
#[derive(Default)]
struct ControlCharacters {
    removed: Vec<(usize, char)>,
}

impl Pass for ControlCharacters {
    fn name(&self) -> &'static str {
        "control characters"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        let (clean, removed) = text::strip_forbidden(text);
        self.removed = removed;
        when_changed(clean)
    }
    fn explain(&self, lines: &LineMap, said: &mut Said) {
        for (line, c) in &self.removed {
            said.warnings.push(SourceWarning::new(
                Some(lines.source_line(*line)),
                WarningCode::ControlChar,
                format!(
                    "control character U+{:04X} removed: XML cannot carry it",
                    *c as u32
                ),
            ));
        }
    }
}

/// Text glued to a code fence put on a line of its own ([`text::unglue_fences`]).
struct GluedFences;

impl Pass for GluedFences {
    fn name(&self) -> &'static str {
        "fences glued to text"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        let (text, lines) = text::unglue_fences(text);
        // Copied only when rewritten: the text as read is the source's size.
        let lines = LineMap::from_lines(lines?);
        Some(Rewritten {
            text: text.into_owned(),
            lines,
        })
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Code fences never closed, read as text ([`markdown::unclosed_fences_as_text`]).
#[derive(Default)]
struct UnclosedFences {
    lines: Vec<usize>,
    /// Runs of the fence's lines kept as lines ([`markdown::layout_line_ends_kept`]).
    layout_runs: usize,
}

impl Pass for UnclosedFences {
    fn name(&self) -> &'static str {
        "code fences never closed"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        let (text, lines) = markdown::unclosed_fences_as_text(text);
        let first = lines.iter().min().copied();
        self.lines = lines;
        let kept = first.and_then(|line| markdown::layout_line_ends_kept(&text, line));
        match (kept, text) {
            (Some((kept, runs)), _) => {
                self.layout_runs = runs;
                same_lines(kept)
            }
            (None, std::borrow::Cow::Owned(text)) => same_lines(text),
            (None, std::borrow::Cow::Borrowed(_)) => None,
        }
    }
    fn explain(&self, lines: &LineMap, said: &mut Said) {
        for &line in &self.lines {
            let line = lines.source_line(line);
            said.explanation.push(format!(
                "line {line}: a code fence that is never closed is read as text, as pandoc reads it"
            ));
            said.warnings.push(SourceWarning::new(
                Some(line),
                WarningCode::CodeFenceUnclosed,
                "this code fence is never closed, so it and the lines after it are read as text; close it to keep a code block",
            ));
        }
        if self.layout_runs > 0 {
            let runs = if self.layout_runs == 1 {
                "1 run of its lines shows".to_string()
            } else {
                format!("{} runs of its lines show", self.layout_runs)
            };
            said.explanation.push(format!(
                "  {runs} no paragraph end in over {} words (columns side by side?): the line ends are kept, not joined into one wall of text",
                text::MAX_LAYOUT_PARAGRAPH_WORDS
            ));
        }
    }
}

/// Spaces in a link's web address written `%20` ([`text::encode_link_spaces`]).
struct LinkSpaces;

impl Pass for LinkSpaces {
    fn name(&self) -> &'static str {
        "spaces in link addresses"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        when_changed(text::encode_link_spaces(text))
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Characters that would read as page markers, removed ([`markdown::without_page_breaks`]).
struct PageMarkers;

impl Pass for PageMarkers {
    fn name(&self) -> &'static str {
        "page markers"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        when_changed(markdown::without_page_breaks(text))
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Pandoc's inline notes made standard footnotes ([`markdown::inline_notes`]).
struct InlineNotes;

impl Pass for InlineNotes {
    fn name(&self) -> &'static str {
        "inline notes"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        when_changed(markdown::inline_notes(text))
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Ligatures an export lost, put back ([`ligatures::repair_in`]). A page
/// export is repaired whenever a repair is sure; another text only when it
/// shows the loss throughout (see [`Scope::Evident`]); never a word of the
/// text's language, nor a name, nor anything when the font lost whole letters.
struct LostLigatures {
    scope: Scope,
    language: Option<Language>,
    repaired: Option<ligatures::Repaired>,
    /// For each repair, the lines (of the text read) it was made on.
    repair_lines: Vec<Vec<usize>>,
}

/// A repair's broken form as a reader can see it (private-use marks shown as �).
fn shown(broken: &str) -> String {
    broken
        .chars()
        .map(|c| {
            if ligatures::is_private_use(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

impl Pass for LostLigatures {
    fn name(&self) -> &'static str {
        "lost ligatures"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        let mut repaired = ligatures::repair_in(text, self.scope, self.language)?;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.repair_lines = repaired
            .repairs
            .iter()
            .map(|r| {
                let mut lines: Vec<usize> =
                    r.at.iter()
                        .map(|&at| line_starts.partition_point(|&start| start <= at))
                        .collect();
                lines.dedup();
                lines
            })
            .collect();
        let text = std::mem::take(&mut repaired.text);
        self.repaired = Some(repaired);
        same_lines(text)
    }
    fn explain(&self, lines: &LineMap, said: &mut Said) {
        let Some(repaired) = &self.repaired else {
            return;
        };
        let weighed_in = repaired.language.map_or("en", |l| l.tag());
        if !repaired.missing_letters.is_empty() {
            let letters: Vec<String> = repaired
                .missing_letters
                .iter()
                .map(char::to_string)
                .collect();
            let message = format!(
                "the text lacks the letters {} throughout: its font lost whole letters, not only ligatures, so no word was repaired",
                letters.join(", ")
            );
            said.explanation.push(format!("ligatures: {message}"));
            said.warnings
                .push(SourceWarning::new(None, WarningCode::LettersLost, message));
            return;
        }
        if repaired.unsystematic > 0 {
            said.explanation.push(format!(
                "ligatures: {} words read as if they had lost a ligature, but the text writes most of its fi, fl and ff whole and not these words: they stay as written",
                repaired.unsystematic
            ));
        }
        if repaired.repairs.is_empty() && repaired.ambiguous == 0 {
            return;
        }
        said.explanation.push(format!(
            "ligatures: {} words repaired whose fi, fl, ff, ffi or ffl the export lost ({} distinct, weighed in language {weighed_in}); {} with more than one possible repair left alone",
            repaired.count(),
            repaired.repairs.len(),
            repaired.ambiguous
        ));
        for (r, at) in repaired.repairs.iter().zip(&self.repair_lines) {
            let mut on: Vec<usize> = at.iter().map(|&l| lines.source_line(l)).collect();
            on.dedup();
            let on: Vec<String> = on.iter().map(usize::to_string).collect();
            said.explanation.push(format!(
                "  line{} {}: \"{}\" → \"{}\"",
                if on.len() == 1 { "" } else { "s" },
                on.join(", "),
                shown(&r.broken),
                r.repaired
            ));
        }
        if !repaired.repairs.is_empty() {
            const LISTED: usize = 12;
            let mut list: Vec<String> = repaired
                .repairs
                .iter()
                .take(LISTED)
                .map(|r| match r.count {
                    1 => format!("{} → {}", shown(&r.broken), r.repaired),
                    n => format!("{} → {} ({n})", shown(&r.broken), r.repaired),
                })
                .collect();
            if repaired.repairs.len() > LISTED {
                list.push(format!("and {} more", repaired.repairs.len() - LISTED));
            }
            said.warnings.push(SourceWarning::new(
                None,
                WarningCode::WordsRepaired,
                format!(
                    "repaired {} words whose ligatures the export lost: {} (--explain lists each with its line; repairs = false keeps every word as written)",
                    repaired.count(),
                    list.join(", ")
                ),
            ));
        }
    }
}

/// Emphasis that ends where the next begins, split ([`markdown::split_fused_emphasis`]).
#[derive(Default)]
struct FusedEmphasis {
    /// Runs split, when any text was.
    runs: Option<usize>,
}

impl Pass for FusedEmphasis {
    fn name(&self) -> &'static str {
        "fused emphasis"
    }
    fn run(&mut self, text: &str, _: &LineMap) -> Option<Rewritten> {
        match markdown::split_fused_emphasis(text) {
            (std::borrow::Cow::Owned(split), runs) => {
                self.runs = Some(runs);
                same_lines(split)
            }
            (std::borrow::Cow::Borrowed(_), _) => None,
        }
    }
    fn explain(&self, _: &LineMap, said: &mut Said) {
        if let Some(runs) = self.runs {
            said.explanation.push(format!(
                "emphasis: {runs} runs of marks split where one emphasis ends as the next begins (`*Title***: text**`)"
            ));
        }
    }
}
