//! Packaging: the OPF package document and the OCF zip container.
//! `accessibility` judges what the package document may claim of the book,
//! `opf` writes that document, `ocf` the zip.
//!
//! The zip is written so that the same book gives the same bytes: `mimetype`
//! first and stored, then the other files in a fixed order, every entry dated
//! from the book's `dcterms:modified` rather than the clock. `kepub` gives
//! the text documents the markup Kobo's readers want, for a KEPUB beside the
//! EPUB.

pub mod accessibility;
pub mod kepub;
pub mod ocf;
pub mod opf;

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Book;
use crate::render::{self, Document};
use ocf::{DosTime, Method, OcfWriter};

/// Folder inside the zip that holds the package document and its files.
const PACKAGE_DIR: &str = "EPUB";

/// Deflate level for text entries, on libdeflate's scale: 3, greedy matching.
/// Against its default (6, lazy matching) the text entries come out about 1.5%
/// larger (a book with its cover 0.1–0.4% larger), for about 40% less time
/// deflating, which was a quarter of a batch's work.
pub const DEFLATE_LEVEL: u32 = 3;

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/// Deflate level for the KEPUB's own documents (those Kobo's markup changed):
/// 1, libdeflate's fastest. A KEPUB is a copy made for one kind of reader;
/// deflating its documents at [`DEFLATE_LEVEL`] took as long again as the
/// EPUB's, a quarter of a batch, where level 1 takes about half that for
/// documents some 10% larger (the spans repeat, and compress well at any level).
pub const KEPUB_DEFLATE_LEVEL: u32 = 1;

thread_local! {
    /// One compressor per thread, reused for every entry of every book.
    static COMPRESSOR: RefCell<Option<ocf::Compress>> = const { RefCell::new(None) };
    /// The compressor of the KEPUB's own documents, at [`KEPUB_DEFLATE_LEVEL`].
    static KEPUB_COMPRESSOR: RefCell<Option<ocf::Compress>> = const { RefCell::new(None) };
}

/// The whole EPUB file for `book`, in memory.
pub fn epub_bytes(book: &Book) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_epub(book, &mut bytes)?;
    Ok(bytes)
}

/// Writes the EPUB for `book` to `out`.
pub fn write_epub<W: Write>(book: &Book, out: W) -> std::io::Result<()> {
    let documents = render::render(book);
    let opf = opf::package_document(book, &documents);
    write_zip(
        out,
        &zip_entries(book, &documents, &opf),
        zip_time(&book.meta.modified),
    )
}

/// The EPUB file for `book` and, when `kepub` is set, its KEPUB (the same
/// files, the documents of the reading order in Kobo's markup: see
/// [`kepub`]). The book is rendered once for both, and a file they share is
/// deflated once.
pub fn epub_and_kepub_bytes(
    book: &Book,
    kepub: bool,
) -> std::io::Result<(Vec<u8>, Option<Vec<u8>>)> {
    let documents = render::render(book);
    let opf = opf::package_document(book, &documents);
    let time = zip_time(&book.meta.modified);
    let mut epub = Vec::new();
    let entries = zip_entries(book, &documents, &opf);
    if !kepub {
        write_zip(&mut epub, &entries, time)?;
        return Ok((epub, None));
    }
    let mut kobo = Vec::new();
    let shared = take_compressor(&COMPRESSOR, DEFLATE_LEVEL);
    let own = take_compressor(&KEPUB_COMPRESSOR, KEPUB_DEFLATE_LEVEL);
    let mut epub_zip = OcfWriter::new(&mut epub, time, shared);
    let mut kobo_zip = OcfWriter::new(&mut kobo, time, own);
    // One document in Kobo's markup at a time, in one buffer: the entries
    // hold the documents in their order, each the document's own text.
    let mut spine = documents
        .iter()
        .filter(|d| d.in_spine && d.media_type == render::XHTML)
        .peekable();
    let mut text = String::new();
    for (name, data, method) in &entries {
        epub_zip.add(name, data, *method)?;
        match spine.next_if(|d| std::ptr::eq(d.content.as_bytes(), *data)) {
            Some(doc) => {
                kepub::transform_into(&doc.content, &mut text).map_err(|e| {
                    std::io::Error::other(format!("{}: not well formed: {e}", doc.href))
                })?;
                kobo_zip.add(name, text.as_bytes(), *method)?;
            }
            None => kobo_zip.add_same(&epub_zip, name, data)?,
        }
    }
    let (_, shared) = epub_zip.finish()?;
    let (_, own) = kobo_zip.finish()?;
    COMPRESSOR.with(|c| *c.borrow_mut() = Some(shared));
    KEPUB_COMPRESSOR.with(|c| *c.borrow_mut() = Some(own));
    Ok((epub, Some(kobo)))
}

/// The thread's compressor in `slot`, or a new one at `level`.
fn take_compressor(
    slot: &'static std::thread::LocalKey<RefCell<Option<ocf::Compress>>>,
    level: u32,
) -> ocf::Compress {
    slot.with(|c| c.borrow_mut().take())
        .unwrap_or_else(|| ocf::compressor(level))
}

/// Every file of the book as a zip entry, in the order OCF wants: `mimetype`
/// first and stored, the container, the package document, the documents, then
/// the resources (stored: images are compressed already).
pub fn zip_entries<'a>(
    book: &'a Book,
    documents: &'a [Document],
    opf: &'a str,
) -> Vec<(String, &'a [u8], Method)> {
    let mut entries: Vec<(String, &[u8], Method)> =
        Vec::with_capacity(documents.len() + book.resources.len() + 4);
    entries.push(("mimetype".into(), b"application/epub+zip", Method::Stored));
    entries.push((
        "META-INF/container.xml".into(),
        CONTAINER_XML.as_bytes(),
        Method::Deflated,
    ));
    entries.push((
        format!("{PACKAGE_DIR}/content.opf"),
        opf.as_bytes(),
        Method::Deflated,
    ));
    for doc in documents {
        entries.push((
            format!("{PACKAGE_DIR}/{}", doc.href),
            doc.content.as_bytes(),
            Method::Deflated,
        ));
    }
    for resource in book.cover.iter().chain(&book.resources) {
        entries.push((
            format!("{PACKAGE_DIR}/{}", resource.href),
            &resource.data,
            Method::Stored,
        ));
    }
    entries
}

/// Writes `entries` as a zip, in order, all dated `time`.
pub fn write_zip<W: Write>(
    out: W,
    entries: &[(String, &[u8], Method)],
    time: DosTime,
) -> std::io::Result<()> {
    let compressor = COMPRESSOR
        .with(|c| c.borrow_mut().take())
        .unwrap_or_else(|| ocf::compressor(DEFLATE_LEVEL));
    let mut zip = OcfWriter::new(out, time, compressor);
    for (name, data, method) in entries {
        zip.add(name, data, *method)?;
    }
    let (_, compressor) = zip.finish()?;
    COMPRESSOR.with(|c| *c.borrow_mut() = Some(compressor));
    Ok(())
}

/// Zip entry time from `YYYY-MM-DDThh:mm:ssZ`.
fn zip_time(modified: &str) -> DosTime {
    use chrono::{Datelike, Timelike};
    match chrono::NaiveDateTime::parse_from_str(modified.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S")
    {
        Ok(t) => DosTime::new(
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
        ),
        Err(_) => DosTime::new(1980, 1, 1, 0, 0, 0),
    }
}

/// Writes `bytes` to `path` so that no reader ever sees a partial file: into a
/// temporary file beside it, then renamed over the target. The rename is
/// atomic, so an interrupted run leaves the old book or the new one, never a
/// mix. (No fsync per book: it would triple the time of a batch, and the
/// filesystem already orders a rename-over after the file's data.)
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, bytes, |p| std::fs::File::create(p))
}

/// [`write_atomically`], with the temporary file opened by `create`: a test
/// can hand in a writer that fails part way, as a full disk does.
pub fn write_atomically_with<W: Write>(
    path: &Path,
    bytes: &[u8],
    create: impl FnOnce(&Path) -> std::io::Result<W>,
) -> std::io::Result<()> {
    let temporary = temporary_path(path);
    let result = (|| {
        let mut file = create(&temporary)?;
        file.write_all(bytes)?;
        file.flush()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book.epub".into());
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}
