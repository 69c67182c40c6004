//! Model blocks and inlines → XHTML markup, with the escaping XML needs.

use crate::model::{Block, Inline};

/// Appends `text` escaped for XML text or attribute values, dropping the
/// characters XML 1.0 cannot carry (control characters left by PDF extraction).
pub fn escape_into(out: &mut String, text: &str) {
    // Runs of bytes that need nothing are copied whole: only the four marks
    // and the characters XML cannot carry are touched.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !crate::xml_text::MAY_NEED_ESCAPING[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let (with, width) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            _ => match forbidden_at(bytes, at) {
                0 => {
                    at += 1;
                    continue;
                }
                width => ("", width),
            },
        };
        out.push_str(&text[copied..at]);
        out.push_str(with);
        at += width;
        copied = at;
    }
    out.push_str(&text[copied..]);
}

/// The characters an address may carry as they are: letters, digits and
/// the marks URLs use; anything else (spaces, `\`, `[`, backticks, letters
/// beyond ASCII) is percent-encoded, as CommonMark's renderers write them, so
/// the address is a valid URL. An existing `%XX` is kept.
const HREF_ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'!')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b';')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b',')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'%');

/// `href` with the characters a URL cannot carry percent-encoded (see [`HREF_ENCODED`]).
pub fn encoded_href(href: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::utf8_percent_encode(href, HREF_ENCODED).into()
}

/// `text` escaped for XML text or attribute values (see [`escape_into`]).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

use crate::xml_text::forbidden_at;
pub use crate::xml_text::is_xml_char;

/// Tells the writer how to link a note marker: it returns the marker's `id`
/// and the `href` of its note, and remembers the marker for the backlink. A
/// marker with no `id` is a plain cross-reference, since no backlink will
/// lead to it (the colophon's).
pub(crate) trait NoteLinker {
    fn link(&mut self, note: usize) -> (Option<String>, String);
}

/// Writes blocks and inlines as XHTML into `out`.
pub(crate) struct Writer<'a> {
    pub out: String,
    pub notes: &'a mut dyn NoteLinker,
    /// The level of the chapter heading; headings inside the chapter go below it.
    pub base_level: u8,
    /// The printed pages begun in what was written, as (number, marker `id`).
    pub page_breaks: Vec<(String, String)>,
    /// The ids of the headings to write, in the order they come.
    pub heading_ids: std::collections::VecDeque<String>,
    /// Where a link to a heading of the essay (`#name`) leads: the href in the book.
    pub internal_links: Option<&'a std::collections::HashMap<String, String>>,
    /// How many `<sup>` the writer is inside: a note marker there is raised already.
    superscripts: usize,
}

impl<'a> Writer<'a> {
    pub fn new(notes: &'a mut dyn NoteLinker, base_level: u8) -> Self {
        Writer {
            out: String::new(),
            notes,
            base_level,
            page_breaks: Vec::new(),
            heading_ids: Default::default(),
            internal_links: None,
            superscripts: 0,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(inlines) => {
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::Heading { level, content } => {
                let level = (self.base_level + level).min(6);
                match self.heading_ids.pop_front() {
                    Some(id) => self
                        .out
                        .push_str(&format!("<h{level} id=\"{}\">", escape(&id))),
                    None => self.out.push_str(&format!("<h{level}>")),
                }
                self.inlines(content);
                self.out.push_str(&format!("</h{level}>\n"));
            }
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks);
                self.out.push_str("</blockquote>\n");
            }
            Block::List {
                ordered,
                start,
                items,
                loose,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                if *ordered && *start != 1 {
                    self.out.push_str(&format!("<ol start=\"{start}\">\n"));
                } else {
                    self.out.push_str(&format!("<{tag}>\n"));
                }
                for item in items {
                    self.out.push_str("<li>");
                    match item.as_slice() {
                        [Block::Paragraph(inlines)] if !loose => self.inlines(inlines),
                        blocks if !loose => {
                            // A tight item's text stands in the item, its other blocks after it.
                            for block in blocks {
                                match block {
                                    Block::Paragraph(inlines) => {
                                        self.inlines(inlines);
                                        self.out.push('\n');
                                    }
                                    other => self.block(other),
                                }
                            }
                        }
                        blocks => {
                            self.out.push('\n');
                            self.blocks(blocks);
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(&format!("</{tag}>\n"));
            }
            Block::Code(code) => {
                match &code.language {
                    Some(language) => self.out.push_str(&format!(
                        "<pre><code class=\"language-{}\">",
                        escape(language)
                    )),
                    None => self.out.push_str("<pre><code>"),
                }
                escape_into(&mut self.out, code);
                self.out.push_str("</code></pre>\n");
            }
            Block::Rule => self.out.push_str("<hr/>\n"),
            Block::Table { head, rows } => {
                self.out.push_str("<table>\n");
                if !head.is_empty() {
                    self.out.push_str("<thead><tr>");
                    for cell in head {
                        self.out.push_str("<th>");
                        self.inlines(cell);
                        self.out.push_str("</th>");
                    }
                    self.out.push_str("</tr></thead>\n");
                }
                self.out.push_str("<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for cell in row {
                        self.out.push_str("<td>");
                        self.inlines(cell);
                        self.out.push_str("</td>");
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
        }
    }

    /// `page-7`, or `page-7-2` for a second page numbered 7 in the same document.
    fn page_break_id(&self, label: &str) -> String {
        let name: String = label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let base = format!("page-{name}");
        let taken = |id: &str| self.page_breaks.iter().any(|(_, used)| used == id);
        let mut id = base.clone();
        let mut n = 1;
        while taken(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn wrapped(&mut self, tag: &str, content: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        let raised = usize::from(tag == "sup");
        self.superscripts += raised;
        self.inlines(content);
        self.superscripts -= raised;
        self.out.push_str(&format!("</{tag}>"));
    }

    /// A note marker: a superscript by its markup, not only by CSS (engines
    /// that ignore the stylesheet, FBReader among them, would set it on the
    /// line). The `<sup>` goes around the link, so that the link alone is
    /// what a reader taps and what a reading system pops its note up from.
    fn note_marker(&mut self, note: usize) {
        let number = note + 1;
        let (id, href) = self.notes.link(note);
        let marker = match (id, href) {
            (_, href) if href.is_empty() => number.to_string(),
            (Some(id), href) => format!(
                "<a href=\"{href}\" id=\"{id}\" epub:type=\"noteref\" role=\"doc-noteref\">{number}</a>"
            ),
            (None, href) => format!("<a href=\"{href}\" class=\"note-xref\">{number}</a>"),
        };
        if self.superscripts > 0 {
            self.out.push_str(&marker);
        } else {
            self.out.push_str(&format!("<sup>{marker}</sup>"));
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => escape_into(&mut self.out, t),
            Inline::Emphasis(c) => self.wrapped("em", c),
            Inline::Strong(c) => self.wrapped("strong", c),
            Inline::Strikethrough(c) => self.wrapped("del", c),
            Inline::Superscript(c) => self.wrapped("sup", c),
            Inline::Subscript(c) => self.wrapped("sub", c),
            Inline::Code(t) => {
                self.out.push_str("<code>");
                escape_into(&mut self.out, t);
                self.out.push_str("</code>");
            }
            Inline::Link { href, content } if href.starts_with('#') => {
                // A link to a heading of the essay; with nowhere to lead, its text alone.
                match self.internal_links.and_then(|links| links.get(&href[1..])) {
                    Some(target) => {
                        let target = target.clone();
                        self.out.push_str("<a href=\"");
                        escape_into(&mut self.out, &target);
                        self.out.push_str("\">");
                        self.inlines(content);
                        self.out.push_str("</a>");
                    }
                    None => self.inlines(content),
                }
            }
            Inline::Link { href, content } => {
                self.out.push_str("<a href=\"");
                escape_into(&mut self.out, &encoded_href(href));
                self.out.push_str("\">");
                self.inlines(content);
                self.out.push_str("</a>");
            }
            // `src` names a resource of the book, relative to the package document.
            Inline::Image { src, alt } => {
                self.out.push_str("<img src=\"../");
                escape_into(&mut self.out, src);
                self.out.push_str("\" alt=\"");
                escape_into(&mut self.out, alt);
                self.out.push_str("\"/>");
            }
            Inline::LineBreak => self.out.push_str("<br/>\n"),
            Inline::PageBreak(label) => {
                let id = self.page_break_id(label);
                self.out.push_str(&format!(
                    "<span id=\"{id}\" epub:type=\"pagebreak\" role=\"doc-pagebreak\" aria-label=\"{}\"></span>",
                    escape(label)
                ));
                self.page_breaks.push((label.clone(), id));
            }
            Inline::NoteRef(note) => self.note_marker(*note),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl NoteLinker for Fixed {
        fn link(&mut self, note: usize) -> (Option<String>, String) {
            (
                Some(format!("noteref-{}", note + 1)),
                format!("endnotes.xhtml#note-{}", note + 1),
            )
        }
    }

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a < b & \"c\"\u{c}\u{0}"),
            "a &lt; b &amp; &quot;c&quot;"
        );
    }

    proptest::proptest! {
        /// Every character is kept, escaped or dropped by XML's rules alone,
        /// whatever text surrounds it (the escaper copies runs of bytes whole).
        #[test]
        fn each_character_is_escaped_by_its_own_rule(text in "(?s).{0,40}|[a-z&<>\"\\x00-\\x1f\u{fffe}\u{ffff}\u{fffd}\u{ef}é ]{0,40}") {
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    c if is_xml_char(c) => c.to_string(),
                    _ => String::new(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&text), expected);
        }
    }

    #[test]
    fn note_markers_are_links_raised_by_sup() {
        let mut linker = Fixed;
        let mut w = Writer::new(&mut linker, 2);
        w.block(&Block::Paragraph(vec![
            Inline::Text("Text.".into()),
            Inline::NoteRef(2),
        ]));
        assert_eq!(
            w.out,
            "<p>Text.<sup><a href=\"endnotes.xhtml#note-3\" id=\"noteref-3\" epub:type=\"noteref\" role=\"doc-noteref\">3</a></sup></p>\n"
        );
        // A marker the source already set in a superscript is not raised twice.
        let mut w = Writer::new(&mut linker, 2);
        w.inlines(&[Inline::Superscript(vec![Inline::NoteRef(0)])]);
        assert_eq!(w.out.matches("<sup>").count(), 1, "{}", w.out);
    }
}
