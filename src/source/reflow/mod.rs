//! Paragraphs a converter broke, put back before the Markdown is read.
//!
//! Each class of broken source is one step, run as a pass in this order, each turning
//! Markdown into Markdown and keeping a map back to the source's lines:
//!
//! 1. [`page_view`]: a PDF converter's page-view export (a stamp, then per PDF
//!    page `## Page N`, a page image and the page's text as layout lines in a
//!    code fence) becomes the essay's text: the scaffolding goes, the stamp
//!    becomes provenance, running heads and page numbers that repeat across
//!    pages go, figures stay, the layout lines become paragraphs.
//! 2. [`preformatted`]: other prose a converter put in a code fence or an
//!    indented block becomes paragraphs; code stays code.
//! 3. [`line_paragraphs`]: a source that writes one paragraph per line with no
//!    blank line between gets the blank lines Markdown needs.
//!
//! A pass changes nothing unless its evidence (named constants in its file)
//! clearly shows the class; what it weighed and did goes to `--explain`.

pub mod line_paragraphs;
pub mod page_view;
pub mod preformatted;

/// Text rewritten by the passes, with where each of its lines came from.
#[derive(Debug, Default)]
pub struct Reflowed {
    /// The text, rewritten.
    pub text: String,
    /// The line of the input (1-based) each line of `text` came from.
    pub lines: Vec<usize>,
    /// What was weighed and done, for `--explain`.
    pub explanation: Vec<String>,
    /// Where the text came from, as a converter's stamp said: for the colophon.
    pub provenance: Vec<String>,
}

/// One step: the text in, and the source's line for each of its lines (for
/// `--explain`); the text out, if the step changed it. The steps run as passes
/// of [`super::prepare`], in the order above.
pub type Step = fn(&str, &dyn Fn(usize) -> usize) -> Option<Reflowed>;

/// Lines written out one by one, each with the input line it came from.
#[derive(Debug, Default)]
struct Out {
    text: String,
    lines: Vec<usize>,
}

impl Out {
    fn with_capacity(bytes: usize) -> Self {
        Out {
            text: String::with_capacity(bytes),
            lines: Vec::new(),
        }
    }

    fn line(&mut self, text: &str, source_line: usize) {
        self.text.push_str(text);
        self.text.push('\n');
        self.lines.push(source_line);
    }

    /// A blank line, unless the text already ends with one (or is empty).
    fn blank(&mut self, source_line: usize) {
        if !(self.text.is_empty() || self.text.ends_with("\n\n")) {
            self.line("", source_line);
        }
    }

    fn into_reflowed(self, explanation: Vec<String>) -> Reflowed {
        Reflowed {
            text: self.text,
            lines: self.lines,
            explanation,
            provenance: Vec::new(),
        }
    }
}

/// Whether a line ends a sentence: its last character, past closing quotes
/// and brackets, is `.`, `!` or `?`.
fn ends_sentence(line: &str) -> bool {
    let trimmed = line
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

/// The fence a line opens: its character and length.
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = rest.len() - rest.trim_start_matches(c).len();
    let info = &rest[len..];
    (indent <= 3 && len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len))
}

/// Whether a line closes the fence `open` opened.
fn closes_fence(line: &str, (c, len): (char, usize)) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line[indent..].trim_end();
    indent <= 3 && rest.len() >= len && rest.chars().all(|x| x == c)
}

/// Layout text as Markdown that shows it as it is: the characters Markdown
/// reads as marks are escaped, and a paragraph cannot open as a heading,
/// list item, quotation or rule.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // What opens a block when it starts a line: `#`, `-`, `+`, `=`, `1.`, `1)`.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The words of a line's lines, with the line breaks a layout made taken out:
/// a word split by a hyphen at a line's end is joined when the joined form is
/// a word (in the word list or elsewhere in `text`), and keeps its hyphen
/// otherwise ("self-made").
fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>, text: &str) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if let Some(left) = out.strip_suffix('-') {
            let left_word: String = left
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let right_word: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
            if !left_word.is_empty() && right_word.starts_with(char::is_lowercase) {
                let joined = format!("{left_word}{right_word}");
                if is_word(&joined, text) {
                    out.pop();
                }
                out.push_str(line);
                continue;
            }
        }
        out.push(' ');
        out.push_str(line);
    }
    out
}

/// A word of the language (the word list) or of the text itself, where it
/// stands whole somewhere other than across a line end.
fn is_word(word: &str, text: &str) -> bool {
    super::ligatures::is_known_word(word)
        || super::text::positions(text, word).any(|at| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_word_is_joined_only_where_the_join_is_a_word() {
        let text = "";
        assert_eq!(
            join_lines(["the move-", "ment grew"], text),
            "the movement grew"
        );
        assert_eq!(join_lines(["a self-", "made man"], text), "a self-made man");
        assert_eq!(join_lines(["a plain", "line"], text), "a plain line");
    }

    #[test]
    fn layout_text_is_escaped_so_it_reads_as_written() {
        assert_eq!(escape_text("1. not a list"), "1\\. not a list");
        assert_eq!(escape_text("# not a heading"), "\\# not a heading");
        assert_eq!(escape_text("a *star* and <b>"), "a \\*star\\* and \\<b\\>");
    }
}
