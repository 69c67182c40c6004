//! Text of a page made literal Markdown: what would be syntax in Markdown
//! (`*`, `_`, `[`, `<`, a backslash; `#`, `>`, `-` or `1.` at a line's start)
//! is escaped, so the book shows what the page showed.

/// Characters escaped wherever they stand: each could open emphasis, a link,
/// raw HTML, an entity, a code span, a table cell, strike-through or heading
/// attributes.
const ESCAPED: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '|', '{', '}',
];

/// A run of a page's text as Markdown: white space collapsed to single
/// spaces (as a browser shows it), syntax characters escaped.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if c.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if ESCAPED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

/// A line of a paragraph with what would open a block at a line's start
/// escaped: a heading's `#`, a quote's `>`, a list's `-`, `+` or `1.`, a
/// setext underline's `=`.
pub fn line_start(line: &str) -> String {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    let marker = line.starts_with(['#', '>', '='])
        || (line.starts_with(['-', '+'])
            && line[1..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '-'));
    if marker {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

/// A code span holding `code` as it is: fenced by one more backtick than
/// its longest run.
pub fn code_span(code: &str) -> String {
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() {
        return String::new();
    }
    let ticks = "`".repeat(longest_run(&code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

/// The longest run of `c` in `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A link's address as Markdown writes it: spaces encoded, in angle
/// brackets when it holds parentheses.
pub fn url(address: &str) -> String {
    let address = address.trim().replace(' ', "%20").replace('>', "%3E");
    if address.contains(['(', ')']) || address.is_empty() {
        format!("<{address}>")
    } else {
        address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_text_stays_literal() {
        assert_eq!(text("a *b* [c]\n  <d>"), r"a \*b\* \[c\] \<d\>");
        assert_eq!(line_start("1. not a list"), r"1\. not a list");
        assert_eq!(line_start("# not a heading"), r"\# not a heading");
        assert_eq!(line_start("- not an item"), r"\- not an item");
        assert_eq!(line_start("-5 degrees"), "-5 degrees");
        assert_eq!(code_span("a`b"), "``a`b``");
    }
}
