//! A Kobo EPUB (KEPUB) from the book's own XHTML.
//!
//! Kobo's readers give page turns, reading statistics, highlights and
//! reliable pop-up notes only to books in their own flavour of EPUB: the
//! same files, each text document marked up the way Kobo's store books are.
//! kepubify (the converter people use) documents the rules, checked by its
//! author against Kobo's own books; quire applies those that concern what it
//! writes:
//!
//! - every run of text in the body is cut after each sentence (`.`, `!` or
//!   `?`, perhaps one closing quote, then white space), and each piece put in
//!   `<span class="koboSpan" id="kobo.P.S">`: P counts the blocks (a
//!   paragraph, heading, list or table starts the next one), S the pieces in
//!   it. Kobo's reader locates highlights, bookmarks and its reading
//!   statistics by these spans. White space between blocks is left bare; in a
//!   paragraph it is a piece too;
//! - an image is a block of its own, in a span of its own;
//! - text in `pre`, `script`, `style`, `svg`, `math`, `audio` and `video` is
//!   left as it is (its white space or its markup is meaningful);
//! - the body's content is wrapped in `<div id="book-columns"><div
//!   id="book-inner">`, the elements Kobo's reader lays its columns out on;
//! - the style hack kepubify keeps of Kobo's (`div#book-inner` without top
//!   and bottom margins), in the head of each document.
//!
//! Not applied, and why: the package document already names its cover with
//! `properties="cover-image"` (kepubify's one change to it); quire writes no
//! calibre or iTunes files, no Adobe or Word tags and no U+FFFD to clean away;
//! punctuation smartening is quire's typography, done on the model. Only the
//! documents in the reading order are changed: the navigation document is
//! read by the reader's own table of contents, not paged through.
//!
//! quire's XHTML is well formed and of a known shape, so the transformation
//! streams it: every byte outside the body's text is copied as written, and
//! the ids already there (note links, page breaks, headings) are kept.

use quick_xml::events::Event;
use quick_xml::Reader;

/// What Kobo's style hack says, as kepubify keeps it: Kobo's own hack also
/// sets font sizes, link colours and every margin inside the book to zero,
/// which undoes the book's own spacing; only the wrapper's margins are
/// Kobo's business.
const KOBO_STYLE: &str = "<style type=\"text/css\" class=\"kobostylehacks\">div#book-inner { margin-top: 0; margin-bottom: 0; }</style>\n";

/// Opening and closing the two wrappers Kobo's reader lays its columns out on.
const WRAPPERS_OPEN: &str = "<div id=\"book-columns\"><div id=\"book-inner\">";
const WRAPPERS_CLOSE: &str = "</div></div>";

/// Elements whose text keeps its form: preformatted text, code, media.
const KEPT_AS_IS: [&[u8]; 7] = [
    b"pre", b"script", b"style", b"svg", b"math", b"audio", b"video",
];

/// Elements whose first text starts the next block of span ids (Kobo's "paragraph").
const BLOCKS: [&[u8]; 10] = [
    b"p", b"ol", b"ul", b"table", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6",
];

/// The counters of span ids through one document.
#[derive(Default)]
struct Spans {
    /// The block (Kobo's paragraph) number.
    block: u32,
    /// The piece's number within its block.
    piece: u32,
    /// A block element has opened: the next piece starts a new block.
    new_block: bool,
}

impl Spans {
    /// Opens the span of the next piece.
    fn open(&mut self, out: &mut String) {
        if self.new_block {
            self.block += 1;
            self.piece = 0;
            self.new_block = false;
        }
        self.piece += 1;
        out.push_str("<span class=\"koboSpan\" id=\"kobo.");
        push_number(out, self.block);
        out.push('.');
        push_number(out, self.piece);
        out.push_str("\">");
    }

    /// An image: a block of its own, with a span of its own.
    fn open_image(&mut self, out: &mut String) {
        self.new_block = true;
        self.open(out);
    }
}

fn push_number(out: &mut String, n: u32) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// The KEPUB form of one XHTML document (see the module's notes); an error if
/// it is not well formed.
pub fn transform(xhtml: &str) -> Result<String, quick_xml::Error> {
    let mut out = String::new();
    transform_into(xhtml, &mut out)?;
    Ok(out)
}

/// [`transform`], into `out` (cleared first): one buffer can serve every
/// document of a book.
pub fn transform_into(xhtml: &str, out: &mut String) -> Result<(), quick_xml::Error> {
    let mut reader = Reader::from_str(xhtml);
    reader.config_mut().trim_text(false);
    out.clear();
    // The spans and wrappers add about a third to a chapter.
    out.reserve(xhtml.len() + xhtml.len() / 2);
    let mut spans = Spans::default();
    // For each open element inside the body, whether it is a paragraph.
    let mut open: Vec<bool> = Vec::new();
    let mut in_body = false;
    // Depth inside an element kept as is (0: not in one).
    let mut kept = 0usize;
    loop {
        let start = position(&reader);
        let event = reader.read_event()?;
        let raw = &xhtml[start..position(&reader)];
        match event {
            Event::Eof => break,
            // quire's text is escaped as the spans need it: written as it came.
            Event::Text(_) if in_body && kept == 0 => {
                let in_paragraph = open.last().copied().unwrap_or(false);
                write_text(out, raw, in_paragraph, &mut spans);
            }
            Event::Start(e) => {
                out.push_str(raw);
                let name = e.local_name();
                let name = name.as_ref();
                if !in_body {
                    if name == b"body" {
                        in_body = true;
                        out.push_str(WRAPPERS_OPEN);
                    }
                    continue;
                }
                if kept > 0 || KEPT_AS_IS.contains(&name) {
                    kept += 1;
                } else if BLOCKS.contains(&name) {
                    spans.new_block = true;
                }
                open.push(name == b"p");
            }
            Event::End(e) => {
                let name = e.local_name();
                if in_body && open.is_empty() && name.as_ref() == b"body" {
                    in_body = false;
                    out.push_str(WRAPPERS_CLOSE);
                } else if !in_body && name.as_ref() == b"head" {
                    out.push_str(KOBO_STYLE);
                }
                out.push_str(raw);
                if in_body {
                    open.pop();
                    kept = kept.saturating_sub(1);
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                if in_body && kept == 0 && name.as_ref() == b"img" {
                    spans.open_image(out);
                    out.push_str(raw);
                    out.push_str("</span>");
                } else if !in_body && name.as_ref() == b"body" {
                    // An empty body still gets its wrappers, as Kobo's books have them.
                    out.push_str(&raw[..raw.len() - 2]);
                    out.push('>');
                    out.push_str(WRAPPERS_OPEN);
                    out.push_str(WRAPPERS_CLOSE);
                    out.push_str("</body>");
                } else {
                    out.push_str(raw);
                }
            }
            _ => out.push_str(raw),
        }
    }
    Ok(())
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// Writes a run of text (escaped, as it stands in the document), each
/// sentence in its span.
fn write_text(out: &mut String, text: &str, in_paragraph: bool, spans: &mut Spans) {
    for piece in sentences(text) {
        if !in_paragraph && piece.bytes().all(is_space) {
            out.push_str(piece);
            continue;
        }
        spans.open(out);
        out.push_str(piece);
        out.push_str("</span>");
    }
}

/// White space as Kobo's sentence rule counts it: ASCII's alone (a no-break
/// space joins, as it should).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Ends a sentence.
fn is_stop(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?')
}

/// What may follow a sentence's stop before the space, as escaped XML text
/// writes it: one closing quote or an ellipsis.
const CLOSING: [&str; 10] = [
    "\'", "\"", "&quot;", "&apos;", "&#39;", "&#34;", "”", "’", "“", "…",
];

/// Where the first sentence of `text` ends: after a stop (`.`, `!`, `?`, as
/// many as there are), perhaps one closing mark, and the white space after
/// them, which stays with the sentence it ends; the whole text if no
/// sentence ends in it.
fn sentence_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Only a stop can end a sentence: the bytes between are skipped whole.
    while let Some(stop) = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]) {
        let mut at = from + stop + 1;
        while at < bytes.len() && is_stop(bytes[at]) {
            at += 1;
        }
        if let Some(mark) = bytes
            .get(at)
            .filter(|b| !b.is_ascii_alphanumeric() && !is_space(**b))
            .and_then(|_| CLOSING.iter().find(|m| text[at..].starts_with(*m)))
        {
            at += mark.len();
        }
        let space = at;
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        if at > space {
            return at;
        }
        from = at;
    }
    text.len()
}

/// `text` (escaped XML text) cut after each sentence ([`sentence_end`]). The
/// pieces joined are `text`; no piece cuts an escape.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (piece, after) = rest.split_at(sentence_end(rest));
        rest = after;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_after_the_stop_its_quote_and_the_space() {
        let cut: Vec<&str> = sentences("He said “No.” Then left! Why? 3.5 km… e.g. done").collect();
        assert_eq!(
            cut,
            [
                "He said “No.” ",
                "Then left! ",
                "Why? ",
                "3.5 km… e.g. ",
                "done"
            ]
        );
        let escaped: Vec<&str> = sentences("&quot;Go.&quot; A &amp; B?! &#8220;C").collect();
        assert_eq!(escaped, ["&quot;Go.&quot; ", "A &amp; B?! ", "&#8220;C"]);
        let no_space: Vec<&str> = sentences("“Yes.”. No.”” end").collect();
        assert_eq!(no_space, ["“Yes.”. ", "No.”” end"]);
        assert_eq!(sentences("").count(), 0);
        assert_eq!(sentences("  ").collect::<Vec<_>>(), ["  "]);
    }

    #[test]
    fn a_document_gets_wrappers_style_and_spans_and_keeps_its_ids() {
        let doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>T. Two.</title></head>\n<body>\n<section id=\"s\">\n<h1>One. Two</h1>\n<p>A &amp; b. <a href=\"n.xhtml#n1\" id=\"r1\">1</a> C<br/>d.</p>\n<pre>x. y</pre>\n<p><img src=\"a.png\" alt=\"\"/></p>\n</section>\n</body>\n</html>\n";
        let kepub = transform(doc).unwrap();
        assert_eq!(
            kepub,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>T. Two.</title>".to_string()
                + KOBO_STYLE
                + "</head>\n<body><div id=\"book-columns\"><div id=\"book-inner\">\n<section id=\"s\">\n<h1><span class=\"koboSpan\" id=\"kobo.1.1\">One. </span><span class=\"koboSpan\" id=\"kobo.1.2\">Two</span></h1>\n<p><span class=\"koboSpan\" id=\"kobo.2.1\">A &amp; b. </span><a href=\"n.xhtml#n1\" id=\"r1\"><span class=\"koboSpan\" id=\"kobo.2.2\">1</span></a><span class=\"koboSpan\" id=\"kobo.2.3\"> C</span><br/><span class=\"koboSpan\" id=\"kobo.2.4\">d.</span></p>\n<pre>x. y</pre>\n<p><span class=\"koboSpan\" id=\"kobo.3.1\"><img src=\"a.png\" alt=\"\"/></span></p>\n</section>\n</div></div></body>\n</html>\n"
        );
    }

    #[test]
    fn broken_markup_is_an_error_not_a_book() {
        assert!(transform("<html><body><p>a</b></body></html>").is_err());
    }
}
