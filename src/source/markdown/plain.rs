//! The plain text of one line of Markdown, as a reader sees it.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The text of one line of Markdown as a reader sees it: emphasis, links and
/// tags gone, images gone (their description is not a title), white space collapsed. A
/// superscript's text stays ("8<sup>th</sup>" reads "8th"); for the facts a title page states,
/// where a superscript is a note marker, see [`crate::source::front_matter::stated_text`].
pub fn plain_line(markdown: &str) -> String {
    if reads_as_written(markdown) {
        // Superscript tags go; their text (a note's number, "th") stays.
        let untagged = match markdown.contains('<') {
            true => Cow::Owned(markdown.replace("<sup>", "").replace("</sup>", "")),
            false => Cow::Borrowed(markdown),
        };
        return crate::source::text::collapse_whitespace(&untagged);
    }
    parsed_plain_line(markdown)
}

/// [`plain_line`] by the parser, for lines that need one.
pub(super) fn parsed_plain_line(markdown: &str) -> String {
    let mut out = String::new();
    let mut image_depth = 0usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    crate::source::text::collapse_whitespace(&out)
}

/// Whether one line is plain text to a Markdown reader: it opens with a letter
/// (no heading, list, quotation or code mark can start it) and holds nothing
/// that emphasis, links, code, tags, entities or escapes are made of. Most
/// lines of prose are; they need no parser. Brackets alone make no link: a
/// line that opens with a letter defines no reference for `[x]` to name, so
/// only `](` (an inline link or image) does; a note call `[^1]` stays as written.
/// Superscript tags (`<sup>25</sup>`, `8<sup>th</sup>`) are the one markup
/// allowed: tags the parser passes over, leaving their text.
pub(super) fn reads_as_written(line: &str) -> bool {
    let bytes = line.as_bytes();
    let superscript_tag =
        |at: usize| bytes[at..].starts_with(b"<sup>") || bytes[at..].starts_with(b"</sup>");
    // An `&` opens an entity only before a name or `#`, a `<` a tag or an
    // address only before a letter or `/`, `!`, `?`: "Times & Confessions" and
    // "a < b" are text.
    let opens = |at: usize, also: &[u8]| {
        bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || also.contains(b))
    };
    line.chars().next().is_some_and(char::is_alphabetic)
        && !bytes.iter().enumerate().any(|(at, b)| match b {
            b'\n' | b'\r' | b'*' | b'_' | b'`' | b'~' | b'\\' => true,
            b']' => bytes.get(at + 1) == Some(&b'('),
            b'&' => opens(at, b"#"),
            b'<' => opens(at, b"/!?") && !superscript_tag(at),
            _ => false,
        })
}
