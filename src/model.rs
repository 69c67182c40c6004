//! The document model every source reader produces and every renderer consumes.
//!
//! It is deliberately small: a book is metadata, chapters made of blocks, and a
//! list of notes that inline markers point into. Nothing here knows about XHTML
//! or about where the text came from.

/// A finished, reading-ordered book, ready to render.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    /// Everything said about the book.
    pub meta: Metadata,
    /// The text, one chapter per section, in reading order.
    pub chapters: Vec<Chapter>,
    /// Notes in the order of their first marker; `Inline::NoteRef` indexes into this.
    pub notes: Vec<Note>,
    /// Files the text refers to, such as images; `Inline::Image::src` names one by `href`.
    pub resources: Vec<Resource>,
    /// The cover image, shown first and in readers' library views.
    pub cover: Option<Resource>,
}

/// A file carried in the book besides the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    /// Path inside the book, relative to the package document: `images/1-map.png`.
    pub href: String,
    /// Its media type: `image/png`, `text/css`...
    pub media_type: String,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// What the colophon prints of the book's provenance, read from its Markdown
/// when the book is assembled, so that rendering never reads Markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Colophon {
    /// Each provenance entry, line by line, each line as its inlines.
    pub provenance: Vec<Vec<Vec<Inline>>>,
    /// The provenance already states the original publication: the colophon does not say it twice.
    pub states_original_publication: bool,
    /// The provenance already states the source address: the colophon does not say it twice.
    pub states_source_url: bool,
}

/// Everything said about the book rather than in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// The book's title.
    pub title: String,
    /// The subtitle, if any.
    pub subtitle: Option<String>,
    /// The authors, in order.
    pub authors: Vec<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// The language the text clearly reads as, as a tag, when the build read
    /// it (`None` when the text does not show one clearly, or nothing read
    /// it): what the accessibility metadata checks `language` against.
    pub text_language: Option<String>,
    /// Original publication date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who published the text.
    pub publisher: Option<String>,
    /// The rights statement, as written.
    pub rights: Option<String>,
    /// Where the text was taken from (becomes `dc:source`).
    pub source_url: Option<String>,
    /// Free-text provenance entries shown in the colophon ("Retrieved on ..."),
    /// as written: Markdown, one or more lines each.
    pub provenance: Vec<String>,
    /// The colophon's provenance, parsed when the book is assembled (see [`Colophon`]).
    pub colophon: Colophon,
    /// Where and when the text first appeared, as written.
    pub original_publication: Option<String>,
    /// A short description of the book.
    pub description: Option<String>,
    /// Subjects or keywords.
    pub subjects: Vec<String>,
    /// A full identifier such as `urn:uuid:...`.
    pub identifier: String,
    /// `dcterms:modified`, already in `YYYY-MM-DDThh:mm:ssZ` form.
    pub modified: String,
    /// The series the book belongs to, and its place in it ("2", "2.5").
    pub series: Option<String>,
    /// The book's place in its series, as written.
    pub series_index: Option<String>,
    /// People besides the authors, each with a MARC relator code (`trl`, `edt`, `ill`).
    pub contributors: Vec<Contributor>,
    /// The book's ISBN, digits only, checked.
    pub isbn: Option<String>,
}

/// Someone who contributed to the book other than as its author.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contributor {
    /// The person's name, as written.
    pub name: String,
    /// A MARC relator code: `trl` translator, `edt` editor, `ill` illustrator...
    pub role: String,
    /// The role as named where a code stands for more than one (`foreword`
    /// and `introduction` are both `aui`): what the title page says of it.
    pub role_name: Option<String>,
}

impl Book {
    /// The printed page numbers marked in the text, in reading order.
    pub fn page_breaks(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.for_each_inline(false, &mut |inline| {
            if let Inline::PageBreak(label) = inline {
                out.push(label.as_str());
            }
        });
        out
    }

    /// Every image in the text and notes, as (source, description), in reading order.
    pub fn images(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        self.for_each_inline(true, &mut |inline| {
            if let Inline::Image { src, alt } = inline {
                out.push((src.as_str(), alt.as_str()));
            }
        });
        out
    }

    /// The bytes of text of the chapters and notes: a measure of the book's
    /// size, taken without rendering it.
    pub fn text_len(&self) -> usize {
        let notes: usize = self.notes.iter().map(|n| blocks_text_len(&n.blocks)).sum();
        self.chapters.iter().map(Chapter::text_len).sum::<usize>() + notes
    }

    /// Whether the book is [`LARGE_TEXT`] or more.
    pub fn is_large(&self) -> bool {
        self.text_len() >= LARGE_TEXT
    }

    /// Calls `f` on every inline of the chapters (headings included) and,
    /// when `notes` is set, of the notes, nested ones too, in reading order.
    fn for_each_inline<'a>(&'a self, notes: bool, f: &mut impl FnMut(&'a Inline)) {
        for chapter in &self.chapters {
            if let Some(heading) = &chapter.heading {
                for_each_inline(heading, f);
            }
            for_each_inlines(&chapter.blocks, &mut |inlines| for_each_inline(inlines, f));
        }
        if notes {
            for note in &self.notes {
                for_each_inlines(&note.blocks, &mut |inlines| for_each_inline(inlines, f));
            }
        }
    }
}

/// Calls `f` on each inline of `inlines` and on those nested inside them
/// (emphasis, links...), in reading order.
pub fn for_each_inline<'a>(inlines: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => for_each_inline(c, f),
            _ => {}
        }
    }
}

/// One section of the essay; each becomes one XHTML document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chapter {
    /// The section heading; `None` for the opening text before the first heading.
    pub heading: Option<Vec<Inline>>,
    /// The section's text.
    pub blocks: Vec<Block>,
}

impl Chapter {
    /// The bytes of text of its heading and blocks.
    pub fn text_len(&self) -> usize {
        self.heading.as_deref().map_or(0, inlines_text_len) + blocks_text_len(&self.blocks)
    }
}

/// A book's text from which its longest stages (setting its punctuation,
/// deflating its documents) take a second thread: below it, a thread costs
/// more than it saves (an essay is 10 to 100 KB), and a batch keeps every
/// core busy with books anyway.
pub const LARGE_TEXT: usize = 1 << 20;

fn blocks_text_len(blocks: &[Block]) -> usize {
    let mut len = 0;
    for_each_inlines(blocks, &mut |inlines| len += inlines_text_len(inlines));
    len
}

fn inlines_text_len(inlines: &[Inline]) -> usize {
    let mut len = 0;
    for_each_inline(inlines, &mut |inline| {
        if let Inline::Text(text) | Inline::Code(text) = inline {
            len += text.len();
        }
    });
    len
}

#[derive(Debug, Clone, PartialEq)]
/// A block of a chapter or a note.
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A heading inside a chapter; `level` is relative, 1 = one below the chapter heading.
    Heading {
        /// How far below the chapter heading, from 1.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A block quotation.
    Quote(Vec<Block>),
    /// A list.
    List {
        /// Numbered rather than bulleted.
        ordered: bool,
        /// The number of the first item (for a numbered list).
        start: u64,
        /// The items, each its blocks.
        items: Vec<Vec<Block>>,
        /// A loose list (items apart, or holding several paragraphs): each
        /// item's paragraphs are paragraphs. In a tight one their text stands
        /// in the item itself, as the author wrote it.
        loose: bool,
    },
    /// A code block.
    Code(Code),
    /// A thematic break (a rule between passages).
    Rule,
    /// A table.
    Table {
        /// The header row's cells.
        head: Vec<Vec<Inline>>,
        /// The body rows, each its cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

/// A code block's text as written, with the language its fence names
/// (```` ```rust ````), if any. It reads as its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Code {
    /// The code as written.
    pub text: String,
    /// The language the fence names, if any.
    pub language: Option<String>,
}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Code {
    fn from(text: String) -> Self {
        Code {
            text,
            language: None,
        }
    }
}

impl From<&str> for Code {
    fn from(text: &str) -> Self {
        text.to_string().into()
    }
}

#[derive(Debug, Clone, PartialEq)]
/// A run of text inside a block, with its formatting.
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised text (italics).
    Emphasis(Vec<Inline>),
    /// Strongly emphasised text (bold).
    Strong(Vec<Inline>),
    /// Struck-through text.
    Strikethrough(Vec<Inline>),
    /// Superscript.
    Superscript(Vec<Inline>),
    /// Subscript.
    Subscript(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link.
    Link {
        /// Where it leads.
        href: String,
        /// The link's text.
        content: Vec<Inline>,
    },
    /// An image, by its path in the book.
    Image {
        /// The image's `href` among the book's resources (or as written, until resolved).
        src: String,
        /// The image's description (alt text).
        alt: String,
    },
    /// A hard line break.
    LineBreak,
    /// A marker pointing at `Book::notes[index]`.
    NoteRef(usize),
    /// Where a page of the printed edition began, with the number printed on
    /// it; it carries no text.
    PageBreak(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
/// A note (footnote or endnote) that markers in the text point to.
pub struct Note {
    /// The label the source used (`"12"`, `"author-note"`), kept for messages.
    pub label: String,
    /// The note's text.
    pub blocks: Vec<Block>,
}

impl Inline {
    /// The plain text of a run of inlines, as a reader would read it aloud.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => {
                for i in c {
                    i.push_plain_text(out);
                }
            }
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef(_) | Inline::PageBreak(_) => {}
        }
    }
}

/// Calls `f` on every run of inlines in `blocks`, in reading order.
pub fn for_each_inlines<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a [Inline])) {
    for block in blocks {
        match block {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => f(c),
            Block::Quote(inner) => for_each_inlines(inner, f),
            Block::List { items, .. } => items.iter().for_each(|i| for_each_inlines(i, f)),
            Block::Table { head, rows } => head
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|cell| f(cell)),
            Block::Code(_) | Block::Rule => {}
        }
    }
}
