//! Book model → the documents of an EPUB: title page, one XHTML file per
//! chapter, the endnotes, the colophon, the navigation document and an NCX.
//!
//! Rendering is pure: a [`Book`] in, a list of [`Document`]s out. Packaging
//! them (OPF, zip) is the next stage's business.

pub mod cover;
pub mod stylesheet;
pub mod typography;
pub mod xhtml;

use crate::dates::human_date;
use crate::model::{Block, Book, Inline};
use xhtml::{escape, NoteLinker, Writer};

/// The book's stylesheet, shipped inside every book.
pub const STYLESHEET: &str = include_str!("../../styles/book.css");

/// One file of the book, with its path relative to the package document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its id in the package document's manifest.
    pub id: String,
    /// Its path relative to the package document.
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Its text.
    pub content: String,
    /// OPF manifest `properties`, e.g. `nav`.
    pub properties: Option<&'static str>,
    /// Whether the document is read in order (in the spine).
    pub in_spine: bool,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The entry's text.
    pub label: String,
    /// Where it leads, relative to the package document.
    pub href: String,
    /// 0 for an entry of the book's own list, 1 for a section inside a chapter, and so on.
    pub depth: u8,
}

/// The media type of XHTML documents.
pub const XHTML: &str = "application/xhtml+xml";
const TEXT_DIR: &str = "text";

/// Manifest id of the cover page, which the package's `<guide>` names as the cover.
pub const COVER_PAGE_ID: &str = "cover";

/// Manifest id of the essay's first chapter, where the package's `<guide>`
/// says the text starts.
pub const FIRST_CHAPTER_ID: &str = "chapter-1";

/// What the package document says of a document: all of it but its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// Its id in the package document's manifest.
    pub id: String,
    /// Its path relative to the package document.
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// OPF manifest `properties`, e.g. `nav`.
    pub properties: Option<&'static str>,
    /// Whether the document is read in order (in the spine).
    pub in_spine: bool,
}

impl Document {
    /// What the package document says of it.
    pub fn listing(&self) -> Listing {
        Listing {
            id: self.id.clone(),
            href: self.href.clone(),
            media_type: self.media_type,
            properties: self.properties,
            in_spine: self.in_spine,
        }
    }
}

/// Renders every document of the book, in reading order, then the navigation
/// documents and the stylesheet.
pub fn render(book: &Book) -> Vec<Document> {
    let mut docs = Vec::new();
    let rendered: Result<(), std::convert::Infallible> = render_each(book, |doc| {
        docs.push(doc);
        Ok(())
    });
    match rendered {
        Ok(()) => docs,
    }
}

/// Where a target of the contents or the page list is: its document's place
/// in the book, then its id's place in the document (a whole document is at
/// its start). The NCX's play order ranks them.
type Place = (usize, usize);

/// Hands each rendered document on as it is finished, so that a book is
/// never held whole as text: its documents' places in the book, and the
/// places of the contents' targets inside them, are kept as it goes.
struct Emitter<F> {
    sink: F,
    /// The path of each document handed on, in order.
    hrefs: Vec<String>,
    /// Each `file#id` target of the contents and page list, where it is.
    places: std::collections::HashMap<String, Place>,
    /// Whether the book brings its own stylesheet, linked after quire's so
    /// that its rules win.
    own_stylesheet: bool,
}

impl<F, E> Emitter<F>
where
    F: FnMut(Document) -> Result<(), E>,
{
    /// Hands `doc` on, after noting where each of `targets` (`file#id`
    /// hrefs inside it) stands in it.
    fn emit<'t>(
        &mut self,
        mut doc: Document,
        targets: impl Iterator<Item = &'t str>,
    ) -> Result<(), E> {
        let index = self.hrefs.len();
        let wanted: std::collections::HashMap<&str, &str> = targets
            .filter_map(|href| Some((href.split_once('#')?.1, href)))
            .collect();
        if !wanted.is_empty() {
            for (id, at) in ids_in(&doc.content) {
                if let Some(href) = wanted.get(id) {
                    self.places
                        .entry((*href).to_string())
                        .or_insert((index, at + 1));
                }
            }
        }
        if self.own_stylesheet && doc.media_type == XHTML {
            let depth = if doc.href.contains('/') { "../" } else { "" };
            let ours = format!(
                "<link rel=\"stylesheet\" type=\"text/css\" href=\"{depth}css/book.css\"/>\n"
            );
            let theirs = format!(
                "{ours}<link rel=\"stylesheet\" type=\"text/css\" href=\"{depth}{}\"/>\n",
                stylesheet::HREF
            );
            doc.content = doc.content.replacen(&ours, &theirs, 1);
        }
        self.hrefs.push(doc.href.clone());
        (self.sink)(doc)
    }

    /// Where `href` leads among the documents handed on so far; one past
    /// the last document when nowhere.
    fn place(&self, href: &str) -> Place {
        if let Some(place) = self.places.get(href) {
            return *place;
        }
        let file = href.split_once('#').map_or(href, |(file, _)| file);
        let index = self
            .hrefs
            .iter()
            .position(|h| h == file)
            .unwrap_or(self.hrefs.len());
        (index, 0)
    }
}

/// Each ` id="..."` attribute of an XHTML text, with the offset of the space before it.
fn ids_in(content: &str) -> impl Iterator<Item = (&str, usize)> {
    const OPENING: &str = " id=\"";
    memchr::memmem::find_iter(content.as_bytes(), OPENING).filter_map(move |at| {
        let start = at + OPENING.len();
        let length = content[start..].find('"')?;
        Some((&content[start..start + length], at))
    })
}

/// Renders every document of the book, in reading order, then the navigation
/// documents and the stylesheet, handing each to `sink` as it is finished.
pub fn render_each<E>(book: &Book, sink: impl FnMut(Document) -> Result<(), E>) -> Result<(), E> {
    let lang = &book.meta.language;
    let mut docs = Emitter {
        sink,
        hrefs: Vec::new(),
        places: Default::default(),
        own_stylesheet: book.resources.iter().any(|r| r.href == stylesheet::HREF),
    };
    let mut toc = Vec::new();

    if let Some(cover) = &book.cover {
        docs.emit(
            text_doc(COVER_PAGE_ID, "cover.xhtml", cover_page(book, &cover.href)),
            std::iter::empty(),
        )?;
    }
    docs.emit(
        text_doc(
            "title",
            "title.xhtml",
            page(lang, &book.meta.title, "frontmatter", &title_page(book)),
        ),
        std::iter::empty(),
    )?;
    toc.push(TocEntry {
        label: "Title page".into(),
        href: format!("{TEXT_DIR}/title.xhtml"),
        depth: 0,
    });

    // The printed edition's pages, where each began.
    let mut page_list = Vec::new();
    let mut refs = NoteRefs {
        file: String::new(),
        refs: vec![Vec::new(); book.notes.len()],
    };
    // Every heading's id, and where a link to the essay's own headings leads.
    let anchors = crate::source::markdown::anchors::anchors(&book.chapters);
    let internal_links: std::collections::HashMap<String, String> =
        crate::source::markdown::anchors::targets(&anchors)
            .into_iter()
            .map(|(name, (chapter, id))| {
                let file = format!("chapter-{}.xhtml", chapter + 1);
                let href = match id {
                    Some(id) => format!("{file}#{id}"),
                    None => file,
                };
                (name, href)
            })
            .collect();
    for (index, chapter) in book.chapters.iter().enumerate() {
        let number = index + 1;
        let file = format!("chapter-{number}.xhtml");
        refs.file = file.clone();
        let label = match &chapter.heading {
            Some(h) => nonempty(Inline::plain_text(h).trim(), &format!("Section {number}")),
            None => book.meta.title.clone(),
        };
        let mut writer = Writer::new(&mut refs, 2);
        writer.internal_links = Some(&internal_links);
        writer.heading_ids = anchors
            .iter()
            .filter(|a| a.chapter == index)
            .filter_map(|a| a.id.clone())
            .collect();
        let id = format!("chapter-{number}");
        match &chapter.heading {
            Some(heading) => {
                writer.out.push_str(&format!(
                    "<section id=\"{id}\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{id}-title\">\n<h2 id=\"{id}-title\">"
                ));
                writer.inlines(heading);
                writer.out.push_str("</h2>\n");
            }
            None => writer.out.push_str(&format!(
                "<section id=\"{id}\" epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"{}\">\n",
                escape(&label)
            )),
        }
        writer.blocks(&chapter.blocks);
        writer.out.push_str("</section>\n");
        let first_page = page_list.len();
        page_list.extend(writer.page_breaks.into_iter().map(|(label, id)| TocEntry {
            label,
            href: format!("{TEXT_DIR}/{file}#{id}"),
            depth: 0,
        }));
        let body = writer.out;
        let first_entry = toc.len();
        toc.push(TocEntry {
            label: label.clone(),
            href: format!("{TEXT_DIR}/{file}"),
            depth: 0,
        });
        // The chapter's own sections, nested as the author nested them.
        for anchor in anchors
            .iter()
            .filter(|a| a.chapter == index && a.in_outline && !a.label.is_empty())
        {
            if let Some(id) = &anchor.id {
                toc.push(TocEntry {
                    label: anchor.label.clone(),
                    href: format!("{TEXT_DIR}/{file}#{id}"),
                    depth: anchor.depth,
                });
            }
        }
        let targets = toc[first_entry..].iter().chain(&page_list[first_page..]);
        docs.emit(
            text_doc(&id, &file, page(lang, &label, "bodymatter", &body)),
            targets.map(|entry| entry.href.as_str()),
        )?;
    }

    if !book.notes.is_empty() {
        docs.emit(
            text_doc(
                "endnotes",
                "endnotes.xhtml",
                page(lang, "Notes", "backmatter", &endnotes(book, &mut refs)),
            ),
            std::iter::empty(),
        )?;
        toc.push(TocEntry {
            label: "Notes".into(),
            href: format!("{TEXT_DIR}/endnotes.xhtml"),
            depth: 0,
        });
    }
    docs.emit(
        text_doc(
            "colophon",
            "colophon.xhtml",
            page(lang, "Colophon", "backmatter", &colophon(book)),
        ),
        std::iter::empty(),
    )?;
    toc.push(TocEntry {
        label: "Colophon".into(),
        href: format!("{TEXT_DIR}/colophon.xhtml"),
        depth: 0,
    });

    let first_chapter = format!("{TEXT_DIR}/chapter-1.xhtml");
    let has_notes = !book.notes.is_empty();
    docs.emit(
        Document {
            id: "nav".into(),
            href: "nav.xhtml".into(),
            media_type: XHTML,
            content: nav(book, &toc, &page_list, &first_chapter, has_notes),
            properties: Some("nav"),
            in_spine: false,
        },
        std::iter::empty(),
    )?;
    let ncx = ncx(book, &toc, &page_list, |href| docs.place(href));
    docs.emit(
        Document {
            id: "ncx".into(),
            href: "toc.ncx".into(),
            media_type: "application/x-dtbncx+xml",
            content: ncx,
            properties: None,
            in_spine: false,
        },
        std::iter::empty(),
    )?;
    docs.emit(
        Document {
            id: "css".into(),
            href: "css/book.css".into(),
            media_type: "text/css",
            content: STYLESHEET.to_string(),
            properties: None,
            in_spine: false,
        },
        std::iter::empty(),
    )
}

fn nonempty(text: &str, fallback: &str) -> String {
    if text.is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    }
}

fn text_doc(id: &str, file: &str, content: String) -> Document {
    Document {
        id: id.into(),
        href: format!("{TEXT_DIR}/{file}"),
        media_type: XHTML,
        content,
        properties: None,
        in_spine: true,
    }
}

/// Where each note's markers are, so that its backlinks can point at them.
struct NoteRefs {
    file: String,
    /// For each note, the `file#id` of each of its markers, in reading order.
    refs: Vec<Vec<String>>,
}

impl NoteLinker for NoteRefs {
    fn link(&mut self, note: usize) -> (Option<String>, String) {
        let number = note + 1;
        let Some(markers) = self.refs.get_mut(note) else {
            return (None, String::new()); // no such note: the number stays as text
        };
        let id = match markers.len() {
            0 => format!("noteref-{number}"),
            n => format!("noteref-{number}-{}", n + 1),
        };
        markers.push(format!("{}#{id}", self.file));
        (Some(id), format!("endnotes.xhtml#note-{number}"))
    }
}

/// An XHTML document around `body`.
fn page(lang: &str, title: &str, section: &str, body: &str) -> String {
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../css/book.css\"/>\n</head>\n<body epub:type=\"{section}\">\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The cover image alone on its page; its description names the book.
fn cover_page(book: &Book, image: &str) -> String {
    let meta = &book.meta;
    let mut alt = format!("Cover: {}", meta.title);
    if !meta.authors.is_empty() {
        alt.push_str(&format!(", by {}", join_in_prose(&meta.authors)));
    }
    let lang = escape(&meta.language);
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>Cover</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../css/book.css\"/>\n</head>\n<body epub:type=\"cover\" class=\"cover\">\n<img src=\"../{}\" alt=\"{}\" role=\"doc-cover\"/>\n</body>\n</html>\n",
        escape(image),
        escape(&alt)
    )
}

fn title_page(book: &Book) -> String {
    let meta = &book.meta;
    let mut out = String::from("<section id=\"titlepage\" epub:type=\"titlepage\" class=\"titlepage\" aria-label=\"Title page\">\n");
    out.push_str(&format!(
        "<h1 epub:type=\"title\">{}</h1>\n",
        escape(&meta.title)
    ));
    if let Some(subtitle) = &meta.subtitle {
        out.push_str(&format!(
            "<p class=\"subtitle\" role=\"doc-subtitle\">{}</p>\n",
            escape(subtitle)
        ));
    }
    if !meta.authors.is_empty() {
        out.push_str(&format!(
            "<p class=\"author\">{}</p>\n",
            escape(&join_in_prose(&meta.authors))
        ));
    }
    for (role, names) in credits(meta) {
        if role != COVER_DESIGN {
            out.push_str(&format!(
                "<p class=\"credit\">{role} {}</p>\n",
                escape(&names)
            ));
        }
    }
    if let Some(series) = series(meta) {
        out.push_str(&format!("<p class=\"series\">{}</p>\n", escape(&series)));
    }
    if let Some(date) = &meta.date {
        out.push_str(&format!(
            "<p class=\"date\">{}</p>\n",
            escape(&human_date(date))
        ));
    }
    out.push_str("</section>\n");
    out
}

/// What the title page says of each role, in the order a title page gives
/// them (the Chicago Manual of Style's: translator, then editor, then the
/// writers of the front and back matter, then the pictures): by the role's
/// name as the manifest wrote it, and by its MARC relator code.
const CREDITS: [(&str, &str, &str); 11] = [
    ("translator", "trl", "Translated by"),
    ("editor", "edt", "Edited by"),
    ("compiler", "com", "Compiled by"),
    ("introduction", "aui", "With an introduction by"),
    ("foreword", "aui", "With a foreword by"),
    ("afterword", "aft", "With an afterword by"),
    ("illustrator", "ill", "Illustrated by"),
    ("photographer", "pht", "Photographs by"),
    ("narrator", "nrt", "Read by"),
    ("contributor", "ctb", "With contributions by"),
    ("cover designer", "cov", COVER_DESIGN),
];

/// A credit for the colophon only: a title page credits the book's text, not its cover.
const COVER_DESIGN: &str = "Cover design by";

/// The book's contributors as credits a reader reads: each role's phrase and
/// its people ("Translated by", "Ann Lee and Bo Chan"), in [`CREDITS`]' order.
/// A relator code with no phrase of its own counts as a contribution.
fn credits(meta: &crate::model::Metadata) -> Vec<(&'static str, String)> {
    let phrase = |c: &crate::model::Contributor| {
        let named = c
            .role_name
            .as_deref()
            .and_then(|name| CREDITS.iter().find(|(n, _, _)| *n == name));
        named
            .or_else(|| CREDITS.iter().find(|(_, code, _)| *code == c.role))
            .map_or("With contributions by", |(_, _, phrase)| phrase)
    };
    let mut out = Vec::new();
    for (_, _, role) in CREDITS {
        let names: Vec<String> = meta
            .contributors
            .iter()
            .filter(|c| phrase(c) == role)
            .map(|c| c.name.clone())
            .collect();
        if !names.is_empty() {
            out.push((role, join_in_prose(&names)));
        }
    }
    out
}

/// "Essays on Noise, 2": the series, and the book's number in it when given.
fn series(meta: &crate::model::Metadata) -> Option<String> {
    let series = meta.series.as_deref()?;
    Some(match &meta.series_index {
        Some(index) => format!("{series}, {index}"),
        None => series.to_string(),
    })
}

/// The notes, each a block of its own that begins with its number.
///
/// The number is text, linking back to the note's first citation, so that
/// it shows where no list numbering does (FBReader draws an `<ol>`'s items
/// with bullets) and is never doubled where list numbering does: the notes
/// are no list (as pandoc 3 writes them, and the Kindle Publishing
/// Guidelines show a note beginning with its linked number). Each note is a
/// `div`, not an `aside`: Apple Books and Foliate hide an `aside` note from
/// the text, and this page is one a reader turns to. Its role is
/// `doc-footnote`, the one DPUB-ARIA 1.1 leaves a note that is no list item
/// (`doc-endnote` is deprecated); calibre's viewer needs a role it knows to
/// pop up the whole note, and not only up to a citation inside it. A note cited again, in
/// the text or in another note, links back to each further citation at its
/// end ("Cited again: 2nd, 3rd").
fn endnotes(book: &Book, refs: &mut NoteRefs) -> String {
    // Every note is written before any is put together: a note cited from a
    // later note needs that citation's backlink too.
    refs.file = "endnotes.xhtml".into();
    let bodies: Vec<NoteBody> = book
        .notes
        .iter()
        .map(|note| NoteBody::write(&note.blocks, refs))
        .collect();
    let mut out = String::from(
        "<section id=\"endnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\" aria-labelledby=\"endnotes-title\">\n<h2 id=\"endnotes-title\">Notes</h2>\n",
    );
    for (index, body) in bodies.into_iter().enumerate() {
        let number = index + 1;
        let markers = refs.refs.get(index).map(Vec::as_slice).unwrap_or_default();
        let lead = match markers.first() {
            Some(href) => format!(
                "<a href=\"{href}\" class=\"note-number\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to the text of note {number}\">{number}</a>.\u{a0}"
            ),
            // Cited nowhere: the number stays, with nowhere to lead.
            None => format!("<span class=\"note-number\">{number}</span>.\u{a0}"),
        };
        let again: Vec<String> = markers
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, href)| {
                format!(
                    "<a href=\"{href}\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to citation {} of note {number}\">{}</a>",
                    k + 1,
                    ordinal(k + 1)
                )
            })
            .collect();
        let again = if again.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"note-citations\">Cited again: {}.</span>",
                again.join(", ")
            )
        };
        out.push_str(&format!(
            "<div id=\"note-{number}\" epub:type=\"endnote\" role=\"doc-footnote\" class=\"note\">\n"
        ));
        // Links to further citations close the note's last paragraph, or its
        // only one, or stand in a paragraph of their own.
        let (first, last) = match (body.first, body.last) {
            (Some(first), None) if body.middle.is_empty() => (format!("{first}{again}"), None),
            (first, Some(last)) => (first.unwrap_or_default(), Some(format!("{last}{again}"))),
            (first, None) => (
                first.unwrap_or_default(),
                (!again.is_empty()).then(|| again.trim_start().to_string()),
            ),
        };
        let lead = if first.is_empty() {
            lead.trim_end_matches('\u{a0}')
        } else {
            &lead
        };
        out.push_str(&format!("<p>{lead}{first}</p>\n"));
        out.push_str(&body.middle);
        if let Some(last) = last {
            out.push_str(&format!("<p>{last}</p>\n"));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    out
}

/// "2nd", "3rd", "11th": which citation a further backlink leads to, in a
/// form no reader takes for another note's number.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One note written out: the inlines of its opening paragraph (where the
/// number goes), the blocks between, and the inlines of its closing paragraph
/// (where links to further citations go).
struct NoteBody {
    first: Option<String>,
    middle: String,
    last: Option<String>,
}

impl NoteBody {
    fn write(blocks: &[Block], refs: &mut NoteRefs) -> NoteBody {
        // Markers in the note are citations like those in the text: each
        // gets an id, and the note it cites a backlink to it.
        let inlines = |inlines: &[Inline], refs: &mut NoteRefs| {
            let mut writer = Writer::new(refs, 2);
            writer.inlines(inlines);
            writer.out
        };
        let (first, rest) = match blocks.split_first() {
            Some((Block::Paragraph(first), rest)) => (Some(inlines(first, refs)), rest),
            _ => (None, blocks),
        };
        let (last, middle) = match rest.split_last() {
            Some((Block::Paragraph(last), middle)) => (Some(last), middle),
            _ => (None, rest),
        };
        let mut writer = Writer::new(refs, 2);
        writer.blocks(middle);
        let middle = writer.out;
        let last = last.map(|last| inlines(last, refs));
        NoteBody {
            first,
            middle,
            last,
        }
    }
}

/// A note cited in the colophon is a plain cross-reference.
struct NoNotes;
impl NoteLinker for NoNotes {
    fn link(&mut self, note: usize) -> (Option<String>, String) {
        (None, format!("#note-{}", note + 1))
    }
}

fn colophon(book: &Book) -> String {
    let meta = &book.meta;
    let mut out = String::from("<section id=\"colophon\" epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\" aria-labelledby=\"colophon-title\">\n<h2 id=\"colophon-title\">Colophon</h2>\n");
    let mut title = format!("<i>{}</i>", escape(&meta.title));
    if let Some(subtitle) = &meta.subtitle {
        title.push_str(&format!(": {}", escape(subtitle)));
    }
    if !meta.authors.is_empty() {
        title.push_str(&format!(
            "<br/>\nby {}",
            escape(&join_in_prose(&meta.authors))
        ));
    }
    // Each credit carries on the sentence the authors' "by" begins.
    for (role, names) in credits(meta) {
        let role = match meta.authors.is_empty() {
            true => role.to_string(),
            false => role.to_lowercase(),
        };
        title.push_str(&format!("<br/>\n{role} {}", escape(&names)));
    }
    if let Some(series) = series(meta) {
        title.push_str(&format!("<br/>\n{}", escape(&series)));
    }
    if let Some(date) = &meta.date {
        title.push_str(&format!("<br/>\n{}", escape(&human_date(date))));
    }
    out.push_str(&format!("<p>{title}</p>\n"));

    for entry in &meta.colophon.provenance {
        out.push_str("<p>");
        for (i, line) in entry.iter().enumerate() {
            if i > 0 {
                out.push_str("<br/>\n");
            }
            out.push_str(&colophon_line(line));
        }
        out.push_str("</p>\n");
    }
    // Facts the printed colophon already states are not said twice.
    if let Some(original) = &meta.original_publication {
        if !meta.colophon.states_original_publication {
            out.push_str(&format!(
                "<p>First published in {}.</p>\n",
                escape(original.trim_end_matches('.'))
            ));
        }
    }
    if let Some(url) = &meta.source_url {
        if !meta.colophon.states_source_url {
            out.push_str(&format!(
                "<p>Source: <a href=\"{0}\">{0}</a></p>\n",
                escape(url)
            ));
        }
    }
    let mut imprint = Vec::new();
    if let Some(publisher) = &meta.publisher {
        imprint.push(escape(publisher));
    }
    if let Some(rights) = &meta.rights {
        imprint.push(escape(rights));
    }
    if !imprint.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", imprint.join("<br/>\n")));
    }
    if let Some(description) = &meta.description {
        out.push_str(&format!("<p>{}</p>\n", escape(description)));
    }
    // A reader (or a bookshop) looks a book up by its ISBN; the package's own identifier is
    // only what tells one edition from another where there is none.
    let edition = match &meta.isbn {
        Some(isbn) => format!("ISBN {isbn}"),
        None => meta.identifier.clone(),
    };
    out.push_str(&format!(
        "<p class=\"edition\">This edition: {}</p>\n",
        escape(&edition)
    ));
    out.push_str("</section>\n");
    out
}

/// One provenance line of the colophon rendered inline.
fn colophon_line(line: &[Inline]) -> String {
    let mut unused = NoNotes;
    let mut writer = Writer::new(&mut unused, 2);
    let mut inlines = line.to_vec();
    // The colophon carries no images of its own: a picture there stands as its description.
    images_to_text(&mut inlines);
    writer.inlines(&inlines);
    writer.out
}

fn images_to_text(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Image { alt, .. } => *inline = Inline::Text(std::mem::take(alt)),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => images_to_text(c),
            _ => {}
        }
    }
}

fn nav(
    book: &Book,
    toc: &[TocEntry],
    page_list: &[TocEntry],
    first_chapter: &str,
    has_notes: bool,
) -> String {
    let lang = escape(&book.meta.language);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>Contents</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/book.css\"/>\n</head>\n<body>\n<nav id=\"toc\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Contents</h2>\n"
    );
    out.push_str(&nested_list(toc));
    out.push_str("</nav>\n");
    if !page_list.is_empty() {
        // Hidden like the landmarks: reading systems offer it as "go to page".
        out.push_str("<nav epub:type=\"page-list\" role=\"doc-pagelist\" aria-label=\"Pages of the printed edition\" hidden=\"hidden\">\n<ol>\n");
        for entry in page_list {
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(&entry.href),
                escape(&entry.label)
            ));
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str(
        "<nav epub:type=\"landmarks\" aria-label=\"Landmarks\" hidden=\"hidden\">\n<ol>\n",
    );
    if book.cover.is_some() {
        out.push_str(&format!(
            "<li><a epub:type=\"cover\" href=\"{TEXT_DIR}/cover.xhtml\">Cover</a></li>\n"
        ));
    }
    out.push_str(&format!(
        "<li><a epub:type=\"titlepage\" href=\"{TEXT_DIR}/title.xhtml\">Title page</a></li>\n"
    ));
    out.push_str(&format!(
        "<li><a epub:type=\"bodymatter\" href=\"{first_chapter}\">Start of text</a></li>\n"
    ));
    if has_notes {
        out.push_str(&format!(
            "<li><a epub:type=\"endnotes\" href=\"{TEXT_DIR}/endnotes.xhtml\">Notes</a></li>\n"
        ));
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}

/// The entries as nested `<ol>` lists, each entry's deeper ones inside its
/// `<li>`; an entry deeper than the one before by more than a level sits one
/// level down, as a reader's outline cannot skip one.
fn nested_list(toc: &[TocEntry]) -> String {
    let mut out = String::from("<ol>\n");
    // The depth of each list open, the outer one first.
    let mut open: Vec<u8> = vec![0];
    for (index, entry) in toc.iter().enumerate() {
        let depth = entry.depth.min(open.last().copied().unwrap_or(0) + 1);
        if index > 0 {
            if depth > *open.last().unwrap_or(&0) {
                out.push_str("\n<ol>\n");
                open.push(depth);
            } else {
                out.push_str("</li>\n");
                while open.len() > 1 && depth < *open.last().unwrap_or(&0) {
                    open.pop();
                    out.push_str("</ol>\n</li>\n");
                }
            }
        }
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape(&entry.href),
            escape(&entry.label)
        ));
    }
    if !toc.is_empty() {
        out.push_str("</li>\n");
    }
    while open.len() > 1 {
        open.pop();
        out.push_str("</ol>\n</li>\n");
    }
    out.push_str("</ol>\n");
    out
}

/// The NCX, for EPUB 2 reading systems and converters (calibre's Kindle
/// output among them): the contents, and the printed edition's pages as a
/// `pageList` when the book has them.
fn ncx(
    book: &Book,
    toc: &[TocEntry],
    page_list: &[TocEntry],
    place: impl Fn(&str) -> Place,
) -> String {
    let pages = page_list.len();
    let max_page = page_list
        .iter()
        .filter_map(|p| p.label.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"{pages}\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"{max_page}\"/>\n</head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n",
        escape(&book.meta.language),
        escape(&book.meta.identifier),
        toc.iter().map(|e| e.depth).max().unwrap_or(0) + 1,
        escape(&book.meta.title)
    );
    let play_order = play_order(toc.iter().chain(page_list), place);
    // Nested as the navigation document nests them.
    let mut open = 0u8;
    for (i, entry) in toc.iter().enumerate() {
        let depth = entry.depth.min(if i == 0 { 0 } else { open + 1 });
        if i > 0 {
            for _ in depth..=open {
                out.push_str("</navPoint>\n");
            }
        }
        open = depth;
        out.push_str(&format!(
            "<navPoint id=\"navpoint-{}\" playOrder=\"{}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>",
            i + 1,
            play_order(&entry.href),
            escape(&entry.label),
            escape(&entry.href)
        ));
    }
    if !toc.is_empty() {
        for _ in 0..=open {
            out.push_str("</navPoint>\n");
        }
    }
    out.push_str("</navMap>\n");
    if !page_list.is_empty() {
        out.push_str(
            "<pageList>\n<navLabel><text>Pages of the printed edition</text></navLabel>\n",
        );
        for (i, page) in page_list.iter().enumerate() {
            // NCX sorts pages as front matter (roman numerals), the body's
            // numbered pages (with their number as `value`), or special.
            let (kind, value) = match page.label.parse::<u32>() {
                Ok(n) if n > 0 => ("normal", format!(" value=\"{n}\"")),
                _ if is_roman(&page.label) => ("front", String::new()),
                _ => ("special", String::new()),
            };
            out.push_str(&format!(
                "<pageTarget id=\"pagetarget-{}\" type=\"{kind}\"{value} playOrder=\"{}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/></pageTarget>\n",
                i + 1,
                play_order(&page.href),
                escape(&page.label),
                escape(&page.href)
            ));
        }
        out.push_str("</pageList>\n");
    }
    out.push_str("</ncx>\n");
    out
}

/// The NCX's `playOrder` of each target: its rank in reading order, the
/// navMap's and the pageList's targets counted together, one number for
/// targets at the same place, as the NCX specification asks.
fn play_order<'a>(
    entries: impl Iterator<Item = &'a TocEntry>,
    place: impl Fn(&str) -> Place,
) -> impl Fn(&str) -> usize + 'a {
    let targets: Vec<(&str, Place)> = entries.map(|e| (e.href.as_str(), place(&e.href))).collect();
    let mut places: Vec<Place> = targets.iter().map(|(_, at)| *at).collect();
    places.sort_unstable();
    places.dedup();
    let ranks: std::collections::HashMap<&str, usize> = targets
        .into_iter()
        .map(|(href, at)| (href, places.binary_search(&at).map_or(0, |rank| rank + 1)))
        .collect();
    move |href: &str| ranks.get(href).copied().unwrap_or(0)
}

/// Whether a page label is a roman numeral, as front matter is numbered.
fn is_roman(label: &str) -> bool {
    !label.is_empty()
        && (label.chars().all(|c| "ivxlcdm".contains(c))
            || label.chars().all(|c| "IVXLCDM".contains(c)))
}

/// "A", "A and B", "A, B and C": names, or any list a sentence gives.
pub fn join_in_prose(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
