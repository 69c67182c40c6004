//! Packaging: the OPF package document and the OCF zip container.
//!
//! The zip is written so that the same book gives the same bytes: `mimetype`
//! first and stored, then the other files in a fixed order, every entry dated
//! from the book's `dcterms:modified` rather than the clock.

pub mod opf;

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::model::{Book, Resource};
use crate::render::{self, Document};

/// Folder inside the zip that holds the package document and its files.
const PACKAGE_DIR: &str = "EPUB";

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/// The whole EPUB file for `book`, in memory.
pub fn epub_bytes(book: &Book) -> std::io::Result<Vec<u8>> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    write_epub(book, &mut buffer)?;
    Ok(buffer.into_inner())
}

/// Writes the EPUB for `book` to any seekable writer.
pub fn write_epub<W: Write + Seek>(book: &Book, writer: W) -> std::io::Result<()> {
    let documents = render::render(book);
    let opf = opf::package_document(&book.meta, &documents, &book.resources);
    write_container(
        writer,
        &documents,
        &book.resources,
        &opf,
        zip_time(&book.meta.modified),
    )
}

fn write_container<W: Write + Seek>(
    writer: W,
    documents: &[Document],
    resources: &[Resource],
    opf: &str,
    time: DateTime,
) -> std::io::Result<()> {
    let mut zip = ZipWriter::new(writer);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER_XML.as_bytes())?;
    zip.start_file(format!("{PACKAGE_DIR}/content.opf"), deflated)?;
    zip.write_all(opf.as_bytes())?;
    for doc in documents {
        zip.start_file(format!("{PACKAGE_DIR}/{}", doc.href), deflated)?;
        zip.write_all(doc.content.as_bytes())?;
    }
    for resource in resources {
        // Images are compressed already; deflating them again only costs time.
        zip.start_file(format!("{PACKAGE_DIR}/{}", resource.href), stored)?;
        zip.write_all(&resource.data)?;
    }
    zip.finish()?;
    Ok(())
}

/// Zip entry time from `YYYY-MM-DDThh:mm:ssZ`; zip cannot date before 1980.
fn zip_time(modified: &str) -> DateTime {
    let parse = || -> Option<DateTime> {
        let t = chrono::NaiveDateTime::parse_from_str(
            modified.trim_end_matches('Z'),
            "%Y-%m-%dT%H:%M:%S",
        )
        .ok()?;
        use chrono::{Datelike, Timelike};
        DateTime::from_date_and_time(
            u16::try_from(t.year().clamp(1980, 2107)).ok()?,
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
        )
        .ok()
    };
    parse().unwrap_or_default()
}

/// Writes `bytes` to `path` so that no reader ever sees a partial file: into a
/// temporary file beside it, then renamed over the target. The rename is
/// atomic, so an interrupted run leaves the old book or the new one, never a
/// mix. (No fsync per book: it would triple the time of a batch, and the
/// filesystem already orders a rename-over after the file's data.)
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_path(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
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
