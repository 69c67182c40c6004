//! A small, deterministic writer for the OCF zip container.
//!
//! EPUB needs little of zip: stored and deflated entries, no encryption, no
//! zip64. Writing it here lets one deflate compressor serve every entry of
//! every book a thread writes; the `zip` crate allocates and zeroes a fresh
//! one (about 300 KB) for each entry, which was 40% of the time of a batch.
//! Entry order and times are exactly what the caller gives, so the same book
//! gives the same bytes.

use std::collections::HashMap;
use std::io::{self, Write};

/// A raw deflate compressor (no zlib header), reused from entry to entry and
/// from book to book. It remembers what it wrote under each entry name, so a
/// file every book carries unchanged (the container file, the stylesheet) is
/// deflated once, not once per book: each call also sets up tables of about
/// 200 KB, which for a small file costs more than the compressing.
pub struct Compress {
    compressor: libdeflater::Compressor,
    written: HashMap<String, Written>,
    /// Where an entry is deflated before it is copied out at its size.
    scratch: Vec<u8>,
}

/// What an entry name last held: its checksum and size, and once the same
/// content has come twice, the content and its deflated bytes.
struct Written {
    crc: u32,
    size: usize,
    repeated: Option<(Vec<u8>, Vec<u8>)>,
}

/// Content larger than this is not kept for reuse: a repeated file is small
/// (a stylesheet), and a large one would hold memory for little gain.
const MAX_REMEMBERED: usize = 64 * 1024;

impl Compress {
    /// `data` as the zip entry `name` holds it: deflated, or as is.
    pub fn pack(&mut self, name: &str, data: &[u8], method: Method) -> io::Result<Packed> {
        let crc = crc32fast::hash(data);
        let size = u32::try_from(data.len()).map_err(|_| too_large())?;
        let body = match method {
            Method::Stored => data.to_vec(),
            Method::Deflated => {
                let mut scratch = std::mem::take(&mut self.scratch);
                let deflated = self.deflate(name, data, crc, &mut scratch);
                let body = scratch.clone();
                self.scratch = scratch;
                deflated?;
                body
            }
        };
        Ok(Packed {
            method,
            crc,
            size,
            body,
        })
    }

    /// Deflates `data` (whose checksum is `crc`), stored under `name`, into `out`.
    fn deflate(&mut self, name: &str, data: &[u8], crc: u32, out: &mut Vec<u8>) -> io::Result<()> {
        let seen = self
            .written
            .get(name)
            .filter(|w| w.crc == crc && w.size == data.len());
        if let Some((_, deflated)) = seen
            .and_then(|w| w.repeated.as_ref())
            .filter(|(content, _)| content == data)
        {
            out.clear();
            out.extend_from_slice(deflated);
            return Ok(());
        }
        let again = seen.is_some();
        // The whole entry is in memory: one call, into a buffer the bound says is enough.
        out.clear();
        out.resize(self.compressor.deflate_compress_bound(data.len()), 0);
        let written = self
            .compressor
            .deflate_compress(data, out)
            .map_err(|e| io::Error::other(format!("deflate: {e:?}")))?;
        out.truncate(written);
        let written = Written {
            crc,
            size: data.len(),
            repeated: (again && data.len() <= MAX_REMEMBERED).then(|| (data.to_vec(), out.clone())),
        };
        // The name is copied only the first time it is seen.
        match self.written.get_mut(name) {
            Some(slot) => *slot = written,
            None => {
                self.written.insert(name.to_string(), written);
            }
        }
        Ok(())
    }
}

/// A zip entry's content as the zip holds it, ready to be written: packed
/// as soon as a document is rendered, a book's documents are held deflated
/// (a quarter of their size) until the package document, which comes first
/// in the zip, can be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    method: Method,
    crc: u32,
    size: u32,
    body: Vec<u8>,
}

impl Packed {
    /// The bytes the entry takes in the zip, headers included, under `name`.
    pub fn zipped_len(&self, name: &str) -> usize {
        LOCAL_HEADER + CENTRAL_HEADER + 2 * name.len() + self.body.len()
    }
}

/// A local file header's size before the name.
const LOCAL_HEADER: usize = 30;
/// A central directory header's size before the name.
const CENTRAL_HEADER: usize = 46;
/// The end of central directory record's size.
pub const END_OF_DIRECTORY: usize = 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How a zip entry is stored.
pub enum Method {
    /// As is (the `mimetype` entry must be).
    Stored,
    /// Compressed with deflate.
    Deflated,
}

/// A raw deflate compressor at `level` (0–12, libdeflate's scale).
pub fn compressor(level: u32) -> Compress {
    let level = i32::try_from(level.min(12)).unwrap_or(6);
    Compress {
        compressor: libdeflater::Compressor::new(
            libdeflater::CompressionLvl::new(level).unwrap_or_default(),
        ),
        written: HashMap::new(),
        scratch: Vec::new(),
    }
}

/// A zip entry's date and time in MS-DOS form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosTime {
    /// The date: years since 1980, month and day, in bit fields.
    pub date: u16,
    /// The time: hours, minutes and seconds halved, in bit fields.
    pub time: u16,
}

impl DosTime {
    /// From calendar fields; years are clamped to what zip can say (1980–2107).
    pub fn new(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> DosTime {
        let year = year.clamp(1980, 2107) as u32;
        DosTime {
            date: (((year - 1980) << 9) | (month.clamp(1, 12) << 5) | day.clamp(1, 31)) as u16,
            time: ((hour.min(23) << 11) | (minute.min(59) << 5) | (second.min(59) / 2)) as u16,
        }
    }
}

struct CentralEntry {
    name: String,
    method: Method,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// Writes an EPUB's zip container entry by entry: fixed order, fixed times.
pub(crate) struct OcfWriter<W: Write> {
    out: W,
    offset: u64,
    time: DosTime,
    entries: Vec<CentralEntry>,
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "an EPUB entry or the whole book is over 4 GiB, which zip without zip64 cannot hold",
    )
}

impl<W: Write> OcfWriter<W> {
    /// Every entry gets `time`.
    pub fn new(out: W, time: DosTime) -> Self {
        OcfWriter {
            out,
            offset: 0,
            time,
            entries: Vec::new(),
        }
    }

    /// Adds the entry `name` as [`Compress::pack`] packed it.
    pub fn add_packed(&mut self, name: &str, packed: &Packed) -> io::Result<()> {
        Self::append(
            &mut self.out,
            &mut self.offset,
            &mut self.entries,
            self.time,
            (name, packed.method, packed.crc, packed.size),
            &packed.body,
        )
    }

    /// Writes one entry's header and body, and remembers it for the directory.
    fn append(
        out: &mut W,
        at: &mut u64,
        entries: &mut Vec<CentralEntry>,
        time: DosTime,
        (name, method, crc, size): (&str, Method, u32, u32),
        body: &[u8],
    ) -> io::Result<()> {
        let compressed = u32::try_from(body.len()).map_err(|_| too_large())?;
        let offset = u32::try_from(*at).map_err(|_| too_large())?;
        let mut header = Vec::with_capacity(LOCAL_HEADER + name.len());
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        header.extend_from_slice(&0u16.to_le_bytes()); // flags
        header.extend_from_slice(&method_code(method).to_le_bytes());
        header.extend_from_slice(&time.time.to_le_bytes());
        header.extend_from_slice(&time.date.to_le_bytes());
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&compressed.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(
            &u16::try_from(name.len())
                .map_err(|_| too_large())?
                .to_le_bytes(),
        );
        header.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        header.extend_from_slice(name.as_bytes());
        out.write_all(&header)?;
        out.write_all(body)?;
        *at += (header.len() + body.len()) as u64;
        entries.push(CentralEntry {
            name: name.to_string(),
            method,
            crc,
            compressed,
            size,
            offset,
        });
        Ok(())
    }

    /// Writes the central directory; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let start = u32::try_from(self.offset).map_err(|_| too_large())?;
        let mut directory = Vec::new();
        for e in &self.entries {
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0, MS-DOS attributes
            directory.extend_from_slice(&20u16.to_le_bytes()); // version needed
            directory.extend_from_slice(&0u16.to_le_bytes()); // flags
            directory.extend_from_slice(&method_code(e.method).to_le_bytes());
            directory.extend_from_slice(&self.time.time.to_le_bytes());
            directory.extend_from_slice(&self.time.date.to_le_bytes());
            directory.extend_from_slice(&e.crc.to_le_bytes());
            directory.extend_from_slice(&e.compressed.to_le_bytes());
            directory.extend_from_slice(&e.size.to_le_bytes());
            directory.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            directory.extend_from_slice(&[0; 12]); // extra, comment, disk, internal and external attributes
            directory.extend_from_slice(&e.offset.to_le_bytes());
            directory.extend_from_slice(e.name.as_bytes());
        }
        let count = u16::try_from(self.entries.len()).map_err(|_| too_large())?;
        let size = u32::try_from(directory.len()).map_err(|_| too_large())?;
        directory.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        directory.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        directory.extend_from_slice(&count.to_le_bytes());
        directory.extend_from_slice(&count.to_le_bytes());
        directory.extend_from_slice(&size.to_le_bytes());
        directory.extend_from_slice(&start.to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes()); // no comment
        self.out.write_all(&directory)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn method_code(method: Method) -> u16 {
    match method {
        Method::Stored => 0,
        Method::Deflated => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Books written one after another by one compressor, each with a file
    /// of the same name: what each book holds is what it was given, whether
    /// the file repeats the one before or differs from it (even at the same size).
    #[test]
    fn a_file_repeated_from_book_to_book_reads_back_as_given() {
        let same = "p { margin: 0 } ".repeat(100);
        let other = same.replace("0", "1");
        let mut compressor = compressor(6);
        for (round, css) in [&same, &same, &same, &other, &same, &other]
            .into_iter()
            .enumerate()
        {
            let mut writer = OcfWriter::new(Vec::new(), DosTime::new(2000, 1, 1, 0, 0, 0));
            let text = format!("Book {round}. ").repeat(50);
            for (name, data) in [
                ("EPUB/book.css", css.as_bytes()),
                ("EPUB/a.xhtml", text.as_bytes()),
            ] {
                let packed = compressor.pack(name, data, Method::Deflated).unwrap();
                writer.add_packed(name, &packed).unwrap();
            }
            let bytes = writer.finish().unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for (name, expected) in [("EPUB/book.css", css), ("EPUB/a.xhtml", &text)] {
                let mut content = String::new();
                zip.by_name(name)
                    .unwrap()
                    .read_to_string(&mut content)
                    .unwrap();
                assert_eq!(&content, expected, "{name} of book {round}");
            }
        }
    }

    #[test]
    fn the_zip_crate_reads_what_is_written() {
        let mut writer = OcfWriter::new(Vec::new(), DosTime::new(2000, 11, 1, 12, 30, 4));
        let mut compressor = compressor(6);
        let text = "A line of text. ".repeat(500);
        for (name, data, method) in [
            ("mimetype", &b"application/epub+zip"[..], Method::Stored),
            ("EPUB/a.xhtml", text.as_bytes(), Method::Deflated),
            ("EPUB/empty.css", b"", Method::Deflated),
        ] {
            let packed = compressor.pack(name, data, method).unwrap();
            writer.add_packed(name, &packed).unwrap();
        }
        let bytes = writer.finish().unwrap();
        assert_eq!(&bytes[30..38], b"mimetype");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        let mut content = String::new();
        first.read_to_string(&mut content).unwrap();
        assert_eq!(content, "application/epub+zip");
        drop(first);
        let mut second = zip.by_name("EPUB/a.xhtml").unwrap();
        assert!(second.compressed_size() < 200);
        let mut content = String::new();
        second.read_to_string(&mut content).unwrap();
        assert_eq!(content, text);
        let time = second.last_modified().unwrap();
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute(),
                time.second()
            ),
            (2000, 11, 1, 12, 30, 4)
        );
    }
}
