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
    Ok(epub_and_kepub_bytes(book, false)?.0)
}

/// The EPUB file for `book` and, when `kepub` is set, its KEPUB (the same
/// files, the documents of the reading order in Kobo's markup: see
/// [`kepub`]). The book is rendered once for both, and a file they share is
/// deflated once.
///
/// Each document is deflated as soon as it is rendered, so the book is
/// never held whole as text; the package document, first in the zip,
/// is written once every document is known.
pub fn epub_and_kepub_bytes(
    book: &Book,
    kepub: bool,
) -> std::io::Result<(Vec<u8>, Option<Vec<u8>>)> {
    // A large book's documents are deflated on a second thread as they are rendered.
    packed(book, kepub, book.is_large())?.write(book)
}

/// The book's documents rendered and deflated, on a second thread when `alongside`.
fn packed(book: &Book, kepub: bool, alongside: bool) -> std::io::Result<Packer> {
    let mut packer = Packer::new(kepub);
    if alongside {
        return pack_alongside(book, packer);
    }
    let mut index = 0;
    render::render_each(book, |doc| {
        index += 1;
        packer.pack(index, &doc)
    })?;
    Ok(packer)
}

/// [`epub_and_kepub_bytes`] from documents already rendered.
pub fn epub_from_documents(book: &Book, documents: &[Document]) -> std::io::Result<Vec<u8>> {
    let mut packer = Packer::new(false);
    for (index, doc) in documents.iter().enumerate() {
        packer.pack(index, doc)?;
    }
    Ok(packer.write(book)?.0)
}

/// Renders `book` on this thread while `packer` and a second packer deflate
/// its documents on two others: deflating takes twice as long as rendering,
/// so two deflate while one renders and the machine's cores are kept busy.
fn pack_alongside(book: &Book, packer: Packer) -> std::io::Result<Packer> {
    let second = Packer::with_compressors(
        ocf::compressor(DEFLATE_LEVEL),
        packer
            .kobo
            .is_some()
            .then(|| ocf::compressor(KEPUB_DEFLATE_LEVEL)),
    );
    // A document waiting at most for each packer: the text held stays a few documents' worth.
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Document)>(2);
    let receive = std::sync::Mutex::new(receive);
    let receive = &receive;
    std::thread::scope(|scope| {
        let work = |mut packer: Packer| {
            move || -> std::io::Result<Packer> {
                loop {
                    let next = receive.lock().map(|r| r.recv());
                    let Ok(Ok((index, doc))) = next else {
                        return Ok(packer);
                    };
                    packer.pack(index, &doc)?;
                }
            }
        };
        let workers = [scope.spawn(work(packer)), scope.spawn(work(second))];
        let mut index = 0;
        let rendered = render::render_each(book, |doc| {
            index += 1;
            send.send((index, doc))
                .map_err(|_| std::io::Error::other("the documents stopped being packed"))
        });
        drop(send);
        // The packers' own failures first: the renderer's is only that they stopped.
        let [first, second] = workers.map(|worker| match worker.join() {
            Ok(packed) => packed,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        let (mut packer, second) = (first?, second?);
        packer.headings_in_order &= second.headings_in_order;
        packer.documents.extend(second.documents);
        rendered.map(|()| packer)
    })
}

/// One document of the book as the zip holds it, with what the package
/// document says of it.
struct PackedDocument {
    listing: render::Listing,
    epub: ocf::Packed,
    /// The KEPUB's own version, where Kobo's markup changed the document.
    kobo: Option<ocf::Packed>,
}

/// Deflates a book's documents one by one as they are rendered, and then
/// writes the zips around them.
struct Packer {
    epub: ocf::Compress,
    kobo: Option<ocf::Compress>,
    /// One document in Kobo's markup at a time, in one buffer.
    kobo_text: String,
    /// Each document packed, with its place among the book's documents.
    documents: Vec<(usize, PackedDocument)>,
    headings_in_order: bool,
}

impl Packer {
    /// A packer with this thread's compressors, for a KEPUB too when `kepub` is set.
    fn new(kepub: bool) -> Packer {
        Packer::with_compressors(
            take_compressor(&COMPRESSOR, DEFLATE_LEVEL),
            kepub.then(|| take_compressor(&KEPUB_COMPRESSOR, KEPUB_DEFLATE_LEVEL)),
        )
    }

    fn with_compressors(epub: ocf::Compress, kobo: Option<ocf::Compress>) -> Packer {
        Packer {
            epub,
            kobo,
            kobo_text: String::new(),
            documents: Vec::new(),
            headings_in_order: true,
        }
    }

    /// Packs `doc`, the `index`th of the book's documents.
    fn pack(&mut self, index: usize, doc: &Document) -> std::io::Result<()> {
        let name = entry_name(&doc.href);
        if doc.media_type == render::XHTML {
            self.headings_in_order &= accessibility::headings_in_order(&doc.content);
        }
        let epub = self
            .epub
            .pack(&name, doc.content.as_bytes(), Method::Deflated)?;
        let kobo = match &mut self.kobo {
            Some(compress) if doc.in_spine && doc.media_type == render::XHTML => {
                kepub::transform_into(&doc.content, &mut self.kobo_text).map_err(|e| {
                    std::io::Error::other(format!("{}: not well formed: {e}", doc.href))
                })?;
                Some(compress.pack(&name, self.kobo_text.as_bytes(), Method::Deflated)?)
            }
            _ => None,
        };
        self.documents.push((
            index,
            PackedDocument {
                listing: doc.listing(),
                epub,
                kobo,
            },
        ));
        Ok(())
    }

    /// The EPUB and, when packing for one, the KEPUB: every file in the
    /// order OCF wants, `mimetype` first and stored, the container, the
    /// package document, the documents, then the resources (stored: images
    /// are compressed already). The compressors go back to the thread.
    fn write(mut self, book: &Book) -> std::io::Result<(Vec<u8>, Option<Vec<u8>>)> {
        self.documents.sort_by_key(|(index, _)| *index);
        let documents: Vec<PackedDocument> = std::mem::take(&mut self.documents)
            .into_iter()
            .map(|(_, document)| document)
            .collect();
        let listings: Vec<render::Listing> = documents.iter().map(|d| d.listing.clone()).collect();
        let assessment = accessibility::Assessment::of(book, self.headings_in_order);
        let opf = opf::package_document(book, &listings, &assessment);
        drop(listings);
        let opf_name = format!("{PACKAGE_DIR}/content.opf");
        let mut head = vec![
            (
                "mimetype".to_string(),
                self.epub
                    .pack("mimetype", b"application/epub+zip", Method::Stored)?,
            ),
            (
                "META-INF/container.xml".to_string(),
                self.epub.pack(
                    "META-INF/container.xml",
                    CONTAINER_XML.as_bytes(),
                    Method::Deflated,
                )?,
            ),
        ];
        head.push((
            opf_name.clone(),
            self.epub
                .pack(&opf_name, opf.as_bytes(), Method::Deflated)?,
        ));
        let mut resources = Vec::new();
        for resource in book.cover.iter().chain(&book.resources) {
            let name = entry_name(&resource.href);
            let packed = self.epub.pack(&name, &resource.data, Method::Stored)?;
            resources.push((name, packed));
        }
        let time = zip_time(&book.meta.modified);
        let names: Vec<String> = documents
            .iter()
            .map(|d| entry_name(&d.listing.href))
            .collect();
        let zip = |kobo: bool| -> std::io::Result<Vec<u8>> {
            let documents = documents.iter().zip(&names).map(|(d, name)| {
                (
                    name,
                    if kobo {
                        d.kobo.as_ref().unwrap_or(&d.epub)
                    } else {
                        &d.epub
                    },
                )
            });
            let all: Vec<(&String, &ocf::Packed)> = head
                .iter()
                .map(|(n, p)| (n, p))
                .chain(documents)
                .chain(resources.iter().map(|(n, p)| (n, p)))
                .collect();
            let size =
                all.iter().map(|(n, p)| p.zipped_len(n)).sum::<usize>() + ocf::END_OF_DIRECTORY;
            let mut zip = OcfWriter::new(Vec::with_capacity(size), time);
            for (name, packed) in all {
                zip.add_packed(name, packed)?;
            }
            zip.finish()
        };
        let epub = zip(false)?;
        let kobo = match self.kobo.is_some() {
            true => Some(zip(true)?),
            false => None,
        };
        COMPRESSOR.with(|c| *c.borrow_mut() = Some(self.epub));
        if let Some(own) = self.kobo {
            KEPUB_COMPRESSOR.with(|c| *c.borrow_mut() = Some(own));
        }
        Ok((epub, kobo))
    }
}

/// A file's name in the zip, from its path relative to the package document.
fn entry_name(href: &str) -> String {
    format!("{PACKAGE_DIR}/{href}")
}

/// The thread's compressor in `slot`, or a new one at `level`.
fn take_compressor(
    slot: &'static std::thread::LocalKey<RefCell<Option<ocf::Compress>>>,
    level: u32,
) -> ocf::Compress {
    slot.with(|c| c.borrow_mut().take())
        .unwrap_or_else(|| ocf::compressor(level))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Chapter, Inline};

    /// A book of `chapters` chapters, each of `paragraphs` paragraphs.
    fn book(chapters: usize, paragraphs: usize) -> Book {
        let paragraph = "The strips were shared out among neighbours, \"so that good soil and bad\" were held by all -- and the common with them. ";
        let mut book = Book {
            chapters: (1..=chapters)
                .map(|n| Chapter {
                    heading: Some(vec![Inline::Text(format!("Part {n}"))]),
                    blocks: (0..paragraphs)
                        .map(|p| Block::Paragraph(vec![Inline::Text(format!("{p}. {paragraph}"))]))
                        .collect(),
                })
                .collect(),
            ..Book::default()
        };
        book.meta.title = "Open Fields".into();
        book.meta.language = "en".into();
        book
    }

    #[test]
    fn a_book_packed_on_a_second_thread_is_the_same_book() {
        let large = book(40, 250);
        assert!(large.is_large(), "{} bytes", large.text_len());
        for kepub in [false, true] {
            let alone = packed(&large, kepub, false).unwrap().write(&large).unwrap();
            let alongside = packed(&large, kepub, true).unwrap().write(&large).unwrap();
            assert!(alone == alongside, "kepub: {kepub}");
            assert_eq!(alone.1.is_some(), kepub);
        }
    }
}
