//! Plain-text groundwork shared by the source readers: normalising an input and
//! cutting it into blank-line separated blocks that remember their line numbers.

/// Removes a UTF-8 byte-order mark and turns CRLF and lone CR line ends into LF,
/// so that every reader sees the same text whatever editor wrote the file.
pub fn normalize(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if !input.contains('\r') {
        return input.to_string();
    }
    input.replace("\r\n", "\n").replace('\r', "\n")
}

/// Removes the characters XML 1.0 cannot carry (form feeds and other control
/// characters that PDF extraction leaves behind), returning the clean text and
/// the (line, character) of each one removed.
pub fn strip_forbidden(text: &str) -> (String, Vec<(usize, char)>) {
    let allowed = |c: char| crate::render::xhtml::is_xml_char(c);
    if text.chars().all(allowed) {
        return (text.to_string(), Vec::new());
    }
    let mut line = 1;
    let mut removed = Vec::new();
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if allowed(c) {
            clean.push(c);
        } else {
            removed.push((line, c));
        }
    }
    (clean, removed)
}

/// A run of non-blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// 1-based line number of the block's first line.
    pub line: usize,
    /// The block's lines, joined with `\n`, trailing blanks kept (they can be hard breaks).
    pub text: String,
}

impl TextBlock {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }
}

/// Cuts text into blocks at blank lines.
pub fn blocks(text: &str) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut current: Option<TextBlock> = None;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if let Some(block) = current.take() {
                out.push(block);
            }
            continue;
        }
        match current.as_mut() {
            Some(block) => {
                block.text.push('\n');
                block.text.push_str(line);
            }
            None => {
                current = Some(TextBlock {
                    line: index + 1,
                    text: line.to_string(),
                })
            }
        }
    }
    out.extend(current);
    out
}

/// The line with Markdown's hard-break marker (two trailing spaces or a
/// backslash) and surrounding white space removed.
pub fn strip_hard_break(line: &str) -> &str {
    let line = line.trim();
    line.strip_suffix('\\').map(str::trim_end).unwrap_or(line)
}

/// Lowercase letters and digits only, after compatibility normalisation
/// (NFKC): how a reader compares two renderings of one line, ignoring case,
/// punctuation and spacing that exports change, and the ligatures ("ﬁ") and
/// combining accents ("e" + U+0301) some exports write instead of letters.
pub fn compare_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The months' English names, January first: one list for reading dates and printing them.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Counts words, for telling prose from short title-page lines.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn characters_xml_forbids_are_removed_and_located() {
        let (clean, removed) = strip_forbidden("a\u{c}b\nc\u{1}\n");
        assert_eq!(clean, "ab\nc\n");
        assert_eq!(removed, [(1, '\u{c}'), (2, '\u{1}')]);
    }

    #[test]
    fn compare_keys_see_through_ligatures_and_combining_accents() {
        assert_eq!(compare_key("Café"), compare_key("Cafe\u{301}"));
        assert_eq!(compare_key("\u{fb01}rst"), compare_key("First"));
        assert_ne!(compare_key("Café"), compare_key("Cafe"));
    }

    #[test]
    fn blocks_keep_their_first_line_number() {
        let b = blocks("\n\nfirst\nsecond\n\n\nthird\n");
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].line, b[0].text.as_str()), (3, "first\nsecond"));
        assert_eq!((b[1].line, b[1].text.as_str()), (7, "third"));
    }
}
