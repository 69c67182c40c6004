//! The passes over a source's text, each a thin wrapper over the function that
//! does the work (in [`text`], [`markdown`] or [`ligatures`]), and the two
//! lists [`read_with`](crate::source::read_with) runs.

use super::{LineMap, Pass, Rewritten, Said};
use crate::source::ligatures::{self, Scope};
use crate::source::{markdown, text};

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

/// The passes over the Markdown a source became, before it is parsed.
pub fn before_parsing(scope: Scope) -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(InlineNotes),
        Box::new(LostLigatures {
            scope,
            repaired: None,
        }),
        Box::new(FusedEmphasis::default()),
    ]
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
    fn run(&mut self, text: &str) -> Option<Rewritten> {
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
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        let (clean, removed) = text::strip_forbidden(text);
        self.removed = removed;
        same_lines(clean)
    }
    fn explain(&self, lines: &LineMap, said: &mut Said) {
        for (line, c) in &self.removed {
            said.warnings.push((
                Some(lines.source_line(*line)),
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
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        let (text, lines) = text::unglue_fences(text);
        Some(Rewritten {
            text,
            lines: lines.map(LineMap::from_lines).unwrap_or_default(),
        })
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Code fences never closed, read as text ([`markdown::unclosed_fences_as_text`]).
#[derive(Default)]
struct UnclosedFences {
    lines: Vec<usize>,
}

impl Pass for UnclosedFences {
    fn name(&self) -> &'static str {
        "code fences never closed"
    }
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        let (text, lines) = markdown::unclosed_fences_as_text(text);
        self.lines = lines;
        match text {
            std::borrow::Cow::Owned(text) => same_lines(text),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }
    fn explain(&self, lines: &LineMap, said: &mut Said) {
        for &line in &self.lines {
            let line = lines.source_line(line);
            said.explanation.push(format!(
                "line {line}: a code fence that is never closed is read as text, as pandoc reads it"
            ));
            said.warnings.push((
                Some(line),
                "this code fence is never closed, so it and the lines after it are read as text; close it to keep a code block".into(),
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
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        match text::encode_link_spaces(text) {
            std::borrow::Cow::Owned(encoded) => same_lines(encoded),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Characters that would read as page markers, removed ([`markdown::without_page_breaks`]).
struct PageMarkers;

impl Pass for PageMarkers {
    fn name(&self) -> &'static str {
        "page markers"
    }
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        match markdown::without_page_breaks(text) {
            std::borrow::Cow::Owned(text) => same_lines(text),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Pandoc's inline notes made standard footnotes ([`markdown::inline_notes`]).
struct InlineNotes;

impl Pass for InlineNotes {
    fn name(&self) -> &'static str {
        "inline notes"
    }
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        match markdown::inline_notes(text) {
            std::borrow::Cow::Owned(text) => same_lines(text),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }
    fn explain(&self, _: &LineMap, _: &mut Said) {}
}

/// Ligatures an export lost, put back ([`ligatures::repair`]). A page export
/// is repaired whenever a repair is sure; another text only when it shows the
/// loss throughout (see [`Scope::Evident`]).
struct LostLigatures {
    scope: Scope,
    repaired: Option<ligatures::Repaired>,
}

impl Pass for LostLigatures {
    fn name(&self) -> &'static str {
        "lost ligatures"
    }
    fn run(&mut self, text: &str) -> Option<Rewritten> {
        let mut repaired = ligatures::repair(text, self.scope)?;
        let text = std::mem::take(&mut repaired.text);
        self.repaired = Some(repaired);
        same_lines(text)
    }
    fn explain(&self, _: &LineMap, said: &mut Said) {
        let Some(repaired) = &self.repaired else {
            return;
        };
        said.explanation.push(format!(
            "ligatures: {} words repaired whose fi, fl, ff, ffi or ffl the export lost ({} distinct); {} with more than one possible repair left alone",
            repaired.count(),
            repaired.repairs.len(),
            repaired.ambiguous
        ));
        if !repaired.repairs.is_empty() {
            const LISTED: usize = 12;
            let mut list: Vec<String> = repaired
                .repairs
                .iter()
                .take(LISTED)
                .map(|r| {
                    let broken: String = r
                        .broken
                        .chars()
                        .map(|c| {
                            if ligatures::is_private_use(c) {
                                '\u{fffd}'
                            } else {
                                c
                            }
                        })
                        .collect();
                    match r.count {
                        1 => format!("{broken} → {}", r.repaired),
                        n => format!("{broken} → {} ({n})", r.repaired),
                    }
                })
                .collect();
            if repaired.repairs.len() > LISTED {
                list.push(format!("and {} more", repaired.repairs.len() - LISTED));
            }
            said.warnings.push((
                None,
                format!(
                    "repaired {} words whose ligatures the export lost: {}",
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
    fn run(&mut self, text: &str) -> Option<Rewritten> {
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
