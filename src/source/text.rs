//! Plain-text groundwork shared by the source readers: normalising an input and
//! cutting it into blank-line separated blocks that remember their line numbers.

use std::borrow::Cow;

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
pub fn strip_forbidden(text: &str) -> (Cow<'_, str>, Vec<(usize, char)>) {
    use crate::xml_text::{forbidden_at, MAY_BE_FORBIDDEN};
    // Read off the bytes, the runs between forbidden characters copied whole.
    let bytes = text.as_bytes();
    let mut removed = Vec::new();
    let mut clean = String::new();
    let (mut copied, mut line, mut counted) = (0, 1, 0);
    let mut at = 0;
    while at < bytes.len() {
        let width = match MAY_BE_FORBIDDEN[usize::from(bytes[at])] {
            true => forbidden_at(bytes, at),
            false => 0,
        };
        if width == 0 {
            at += 1;
            continue;
        }
        if clean.capacity() == 0 {
            clean.reserve(text.len());
        }
        clean.push_str(&text[copied..at]);
        line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
        counted = at;
        removed.extend(text[at..].chars().next().map(|c| (line, c)));
        at += width;
        copied = at;
    }
    if removed.is_empty() {
        return (Cow::Borrowed(text), removed);
    }
    clean.push_str(&text[copied..]);
    (Cow::Owned(clean), removed)
}

/// Most words a paragraph made of layout lines may run to before the
/// layout's line ends are kept. Printed paragraphs rarely pass 500 words; a
/// run of lines past this shows no paragraph end at all (two columns
/// extracted side by side, line by line), and joining it would make one wall
/// of text.
pub const MAX_LAYOUT_PARAGRAPH_WORDS: usize = 1_500;

/// The number of a converter's page label, "Page 12" (the whole text).
pub fn page_label(text: &str) -> Option<u32> {
    let text = text.trim();
    let number = text
        .strip_prefix("Page ")
        .or_else(|| text.strip_prefix("page "))?;
    number.trim().parse().ok()
}

/// The text of an ATX heading line (`## Title`, one to six marks and a
/// space), or `None` for other lines: what Markdown itself takes for a heading.
pub fn heading_text(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then(|| rest.trim().trim_end_matches('#').trim())
}

/// Web scrapes keep a space that an address had in a link
/// (`[its](https://twitter.com/Boston Patrolmen?ref=x)`). Markdown reads no link
/// there and shows the brackets and the address as text; the address with its
/// spaces written `%20` is the link the page had. Lines stay where they were.
pub fn encode_link_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if find(text, "](http").is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let Some(close) = rest.find([')', '\n']) else {
            continue;
        };
        let destination = &rest[..close];
        if rest[close..].starts_with(')')
            && destination.contains(' ')
            && !destination.contains(['"', '\'', '(', '<'])
        {
            out.push_str(&destination.replace(' ', "%20"));
            rest = &rest[close..];
            changed = true;
        }
    }
    if !changed {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Some PDF converters open a code fence and start a page's text on the same
/// line (`` ``` Murray Bookchin``), and close it at the end of the page's last
/// line (`` 1 of 12 ```  ``). Markdown takes the first for a fence whose
/// language is the text, dropping that line, and never sees the second, so the
/// rest of the export ends up in one code block. This puts each fence on a line
/// of its own, returning the new text and, when it changed, the source line of
/// each of its lines.
pub fn unglue_fences(text: &str) -> (Cow<'_, str>, Option<Vec<usize>>) {
    let opener_text = |line: &str| -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        let after = &rest[ticks..];
        (indent <= 3
            && ticks >= 3
            && after.starts_with([' ', '\t'])
            && !after.contains('`')
            && after.split_whitespace().count() >= 2)
            .then_some(indent + ticks)
    };
    // An opener holds three backticks: most texts hold none.
    if find(text, "```").is_none() || !text.lines().any(|l| opener_text(l).is_some()) {
        return (Cow::Borrowed(text), None);
    }
    let closer_at = |line: &str| -> Option<usize> {
        let trimmed = line.trim_end();
        let body = trimmed.strip_suffix("```")?;
        (!line.trim_start().starts_with('`') && !body.trim().is_empty() && !body.ends_with('`'))
            .then_some(body.len())
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut map = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut push = |part: &str| {
            out.push_str(part);
            out.push('\n');
            map.push(index + 1);
        };
        if let Some(split) = opener_text(line) {
            push(&line[..split]);
            push(line[split..].trim_start());
        } else if let Some(split) = closer_at(line) {
            push(line[..split].trim_end());
            push("```");
        } else {
            push(line);
        }
    }
    (Cow::Owned(out), Some(map))
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
    /// The block's lines.
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
                });
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

/// Whether a line of `text` ends in Markdown's hard-break marker (two spaces
/// or a backslash before its line end), read at the line ends only.
pub fn has_hard_break(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\n', bytes).any(|end| {
        let line = &bytes[..end];
        line.ends_with(b"  ") || line.ends_with(b"\\")
    })
}

/// The words of `text` with one space between each: runs of white space
/// (line breaks, tabs, no-break spaces) become one space, and none is left at
/// either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Where `needle` first occurs in `haystack`. The same answer as
/// [`str::find`], by memchr's search, which sets nothing up per call: the
/// page-export reader looks for `<sup>` and `[^` in every line.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// Where each occurrence of `needle` in `haystack` starts, as
/// [`str::match_indices`] finds them (not overlapping), by memchr's search.
pub fn positions<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(haystack.as_bytes(), needle.as_bytes())
}

/// Lowercase letters and digits only, after compatibility normalisation
/// (NFKC): how a reader compares two renderings of one line, ignoring case,
/// punctuation and spacing that exports change, and the ligatures ("ﬁ") and
/// combining accents ("e" + U+0301) some exports write instead of letters.
pub fn compare_key(text: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    // Most lines are ASCII or already normal: they need no normalising pass.
    if text.is_ascii() {
        return text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => key_of(text.chars()),
        _ => key_of(text.nfkc()),
    }
}

fn key_of(chars: impl Iterator<Item = char>) -> String {
    chars
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` has at least `words` words, for telling prose from short
/// title-page lines: counts no further than that.
pub fn has_words(text: &str, words: usize) -> bool {
    // Words as `split_whitespace` finds them, counted in one pass over the
    // characters: its splitter costs five times as much, and page exports ask
    // this of every paragraph many times over.
    let mut found = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            found += 1;
            if found >= words {
                return true;
            }
        }
    }
    words == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_finds_them(
            text in "([a-zé]{1,4}|[ \t\n]|\u{a0}|\u{2003}|\u{3000}|[.,])*",
            words in 0usize..8,
        ) {
            proptest::prop_assert_eq!(
                has_words(&text, words),
                words == 0 || text.split_whitespace().nth(words - 1).is_some()
            );
        }
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn characters_xml_forbids_are_removed_and_located() {
        let (clean, removed) = strip_forbidden("a\u{c}b\nc\u{1}\n");
        assert_eq!(clean, "ab\nc\n");
        assert_eq!(removed, [(1, '\u{c}'), (2, '\u{1}')]);
        let (clean, removed) = strip_forbidden("é\u{fffe}\n\n\t«\u{ffff}»\u{fffd}\r\n\u{c}");
        assert_eq!(clean, "é\n\n\t«»\u{fffd}\r\n");
        assert_eq!(removed, [(1, '\u{fffe}'), (3, '\u{ffff}'), (4, '\u{c}')]);
        assert!(matches!(
            strip_forbidden("é\t«»\u{fffd}"),
            (Cow::Borrowed(_), _)
        ));
    }

    #[test]
    fn compare_keys_see_through_ligatures_and_combining_accents() {
        assert_eq!(compare_key("Café"), compare_key("Cafe\u{301}"));
        assert_eq!(compare_key("\u{fb01}rst"), compare_key("First"));
        assert_ne!(compare_key("Café"), compare_key("Cafe"));
    }

    #[test]
    fn spaces_in_a_web_address_become_part_of_the_link() {
        assert_eq!(
            encode_link_spaces("on [its](https://x.org/Boston Patrolmen?r=1) page"),
            "on [its](https://x.org/Boston%20Patrolmen?r=1) page"
        );
        // A title in quotes, a relative path and text without links stay as they are.
        for same in [
            "[a](https://x.org/a \"A title\")",
            "[a](notes/a b.md)",
            "no link (https://x.org/a b)",
        ] {
            assert_eq!(encode_link_spaces(same), same);
        }
    }

    #[test]
    fn page_text_glued_to_fences_is_kept() {
        let (text, map) =
            unglue_fences("``` Murray Bookchin\n\n  1991\n1 of 12 ```\n\n```rust\ncode\n```\n");
        assert_eq!(
            text,
            "```\nMurray Bookchin\n\n  1991\n1 of 12\n```\n\n```rust\ncode\n```\n"
        );
        assert_eq!(map.unwrap(), [1, 1, 2, 3, 4, 4, 5, 6, 7, 8]);
        assert_eq!(unglue_fences("```rust\nx\n```\n").1, None);
    }

    #[test]
    fn blocks_keep_their_first_line_number() {
        let b = blocks("\n\nfirst\nsecond\n\n\nthird\n");
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].line, b[0].text.as_str()), (3, "first\nsecond"));
        assert_eq!((b[1].line, b[1].text.as_str()), (7, "third"));
    }
}
