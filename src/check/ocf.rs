//! The OCF container: the zip itself, `mimetype` and `META-INF/container.xml`.
//!
//! [`Book`] is the only door to the zip's contents. It refuses entries with
//! unsafe names, and inflates every entry through a byte cap derived from the
//! remaining size budget and the allowed compression ratio, so neither a lying
//! header nor a zip bomb makes the checker read more than it agreed to.

use std::collections::HashMap;
use std::io::{self, Read, Seek};

use unicode_normalization::UnicodeNormalization;
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::url::{self, Reference};
use super::xml::{self, Document};
use super::Code;
use super::{excerpt, CheckOptions, Report};

const MIMETYPE: &str = "mimetype";
const MIMETYPE_CONTENT: &[u8] = b"application/epub+zip";
const CONTAINER: &str = "META-INF/container.xml";
const NS_CONTAINER: &str = "urn:oasis:names:tc:opendocument:xmlns:container";
const OPF_MEDIA_TYPE: &str = "application/oebps-package+xml";

/// Entries smaller than this are never called bombs: repetitive text (a long
/// list, a table of figures) legitimately compresses 200:1 and more, and the
/// total size budget already bounds what a lying entry can cost.
const RATIO_FLOOR: u64 = 8 * 1024 * 1024;

/// What the central directory says about one entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry name as stored, decoded.
    pub name: String,
    /// True for a folder entry (a name ending in `/`).
    pub is_dir: bool,
    /// False for names reported by `OCF-ENTRY-NAME`; such entries are never
    /// read, nor matched by any reference.
    pub safe_name: bool,
    /// Readable: safe name, local header found, not refused for its size.
    usable: bool,
    read: bool,
    compression: CompressionMethod,
    compressed_size: u64,
    header_start: u64,
}

/// An opened zip whose entries are read under the limits of [`CheckOptions`].
pub struct Book<R> {
    archive: ZipArchive<R>,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
    /// Lower-cased names of safe file entries, first entry wins.
    by_folded_name: HashMap<String, usize>,
    max_ratio: u64,
    /// Bytes the remaining entries may still inflate to.
    budget: u64,
    /// Set once the budget is spent; later reads are refused silently, as
    /// the one finding about it has been given.
    exhausted: bool,
}

/// Why [`Book::read`] returned no bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// No usable file entry by that name.
    Missing,
    /// The entry exists but was refused or failed; a finding says why.
    Reported,
}

impl<R: Read + Seek> Book<R> {
    /// Opens the zip and vets its central directory. `None` means nothing
    /// more can safely be checked; the report says why.
    pub fn open(mut reader: R, options: &CheckOptions, report: &mut Report) -> Option<Self> {
        let first_extra_field = first_entry_extra_field(&mut reader);
        let listed_twice = names_listed_twice(&mut reader, options.max_entries);
        let mut archive = match ZipArchive::new(reader) {
            Ok(archive) => archive,
            Err(err) => {
                report.add(
                    Code::OcfZipUnreadable,
                    None,
                    format!("the file is not a readable zip archive ({err}); an EPUB must be a zip file"),
                );
                return None;
            }
        };
        if archive.len() > options.max_entries {
            report.add(
                Code::OcfTooManyEntries,
                None,
                format!(
                    "the zip has {} entries, more than the limit of {}; not inspected further",
                    archive.len(),
                    options.max_entries
                ),
            );
            return None;
        }
        let entries = list_entries(&mut archive, options, report);
        let declared: u64 = entries
            .iter()
            .map(|(_, size)| *size)
            .fold(0, u64::saturating_add);
        if declared > options.max_uncompressed {
            report.add(
                Code::OcfTooLarge,
                None,
                format!(
                    "the entries declare {declared} bytes uncompressed, more than the limit of {}; \
                     not inspected further",
                    options.max_uncompressed
                ),
            );
            return None;
        }
        let entries: Vec<Entry> = entries.into_iter().map(|(entry, _)| entry).collect();
        report_duplicate_names(&entries, report);
        for name in listed_twice {
            report.add(
                Code::OcfNameDuplicate,
                Some(name.clone()),
                format!(
                    "the file name is in the zip twice (\"{}\"); keep one",
                    excerpt(&name)
                ),
            );
        }
        if first_extra_field > 0
            && entries
                .iter()
                .any(|e| e.name == MIMETYPE && e.header_start == 0)
        {
            report.add(
                Code::OcfMimetypeExtraField,
                Some(MIMETYPE.to_owned()),
                format!(
                    "the mimetype entry's zip header has a {first_extra_field}-byte extra field; \
                     write it without one, so the media type sits at its fixed offset"
                ),
            );
        }
        let by_name = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        Some(Book {
            archive,
            by_folded_name: folded_names(&entries),
            entries,
            by_name,
            max_ratio: options.max_ratio,
            budget: options.max_uncompressed,
            exhausted: false,
        })
    }

    /// Entries in central-directory order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// True when a file (not folder) entry of that exact, safe name exists.
    pub fn has_file(&self, name: &str) -> bool {
        self.entry(name).is_some_and(|e| !e.is_dir && e.safe_name)
    }

    /// A file entry whose name differs from `name` only in letter case, to
    /// hint at the likely mistake.
    pub fn case_variant(&self, name: &str) -> Option<&str> {
        let index = *self.by_folded_name.get(&name.to_lowercase())?;
        let other = self.entries.get(index)?;
        (other.name != name).then_some(other.name.as_str())
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        self.by_name.get(name).and_then(|&i| self.entries.get(i))
    }

    /// Inflates one entry, within the size and ratio limits.
    pub fn read(&mut self, name: &str, report: &mut Report) -> Result<Vec<u8>, Unreadable> {
        let index = *self.by_name.get(name).ok_or(Unreadable::Missing)?;
        let entry = self.entries.get(index).ok_or(Unreadable::Missing)?;
        if entry.is_dir {
            return Err(Unreadable::Missing);
        }
        if !entry.usable || entry.read || self.exhausted {
            return Err(Unreadable::Reported);
        }
        let compressed_size = entry.compressed_size;
        if let Some(entry) = self.entries.get_mut(index) {
            entry.read = true;
        }
        let mut bytes = Vec::new();
        self.inflate(index, name, compressed_size, &mut bytes, report)?;
        Ok(bytes)
    }

    /// Inflates, and throws away, every entry no stage has read, so that
    /// corrupt data and bombs are found wherever they are.
    pub fn read_remaining(&mut self, report: &mut Report) {
        for index in 0..self.entries.len() {
            let Some(entry) = self.entries.get(index) else {
                break;
            };
            if entry.is_dir || !entry.usable || entry.read || self.exhausted {
                continue;
            }
            let (name, compressed_size) = (entry.name.clone(), entry.compressed_size);
            let _ = self.inflate(index, &name, compressed_size, &mut io::sink(), report);
        }
    }

    /// Copies entry `index` into `out` through a cap: the smaller of what the
    /// ratio allows and what is left of the budget. One byte more than the cap
    /// is asked for, to tell "exactly at the cap" from "over it".
    fn inflate(
        &mut self,
        index: usize,
        name: &str,
        compressed_size: u64,
        out: &mut impl io::Write,
        report: &mut Report,
    ) -> Result<(), Unreadable> {
        let ratio_cap = compressed_size
            .saturating_mul(self.max_ratio)
            .max(RATIO_FLOOR);
        let cap = ratio_cap.min(self.budget);
        let copied = match self.archive.by_index(index) {
            Ok(file) => io::copy(&mut file.take(cap.saturating_add(1)), out),
            Err(ZipError::Io(err)) => Err(err),
            Err(err) => Err(io::Error::other(err)),
        };
        let copied = match copied {
            Ok(copied) => copied,
            Err(err) => {
                report.add(
                    Code::OcfEntryCorrupt,
                    Some(name.to_owned()),
                    format!("the entry cannot be inflated ({err}); rebuild the zip"),
                );
                return Err(Unreadable::Reported);
            }
        };
        if copied <= cap {
            self.budget = self.budget.saturating_sub(copied);
            return Ok(());
        }
        if cap == ratio_cap {
            report.add(
                Code::OcfZipBomb,
                Some(name.to_owned()),
                format!(
                    "the entry inflates to more than {} times its compressed size of {compressed_size} \
                     bytes; refusing to read it",
                    self.max_ratio
                ),
            );
        } else {
            self.exhausted = true;
            report.add(
                Code::OcfTooLarge,
                Some(name.to_owned()),
                "the entries inflate to more than the size limit; the rest is not inspected",
            );
        }
        Err(Unreadable::Reported)
    }
}

/// The length of the extra field in the zip's first local file header, or 0
/// when there is none or the file is too short to say. Reading systems find
/// `application/epub+zip` at offset 38 only when this is 0.
fn first_entry_extra_field<R: Read + Seek>(reader: &mut R) -> u16 {
    let mut header = [0u8; 30];
    let read = reader.read_exact(&mut header).is_ok();
    let _ = reader.seek(io::SeekFrom::Start(0));
    if !read || header[..4] != *b"PK\x03\x04" {
        return 0;
    }
    u16::from_le_bytes([header[28], header[29]])
}

/// Names the central directory lists more than once, byte for byte. The zip
/// reader keeps one entry per name, so a second copy of a file (which one a
/// reading system unpacks is anyone's guess) is only seen here. Reads at most
/// `max_entries` records; a zip it cannot follow (ZIP64, a damaged directory)
/// gives no names, and the zip reader reports what is wrong with it.
fn names_listed_twice<R: Read + Seek>(reader: &mut R, max_entries: usize) -> Vec<String> {
    let names = central_directory_names(reader, max_entries).unwrap_or_default();
    let _ = reader.seek(io::SeekFrom::Start(0));
    let mut seen = std::collections::HashSet::new();
    let mut twice: Vec<String> = Vec::new();
    for name in names {
        let name = String::from_utf8_lossy(&name).nfc().collect::<String>();
        if !name.ends_with('/') && !seen.insert(name.clone()) && !twice.contains(&name) {
            twice.push(name);
        }
    }
    twice
}

/// The raw names of the central directory's records, in order.
fn central_directory_names<R: Read + Seek>(
    reader: &mut R,
    max_entries: usize,
) -> Option<Vec<Vec<u8>>> {
    const END_RECORD: &[u8] = b"PK\x05\x06";
    const RECORD: &[u8] = b"PK\x01\x02";
    // The end record is 22 bytes plus a comment of at most 65,535.
    let length = reader.seek(io::SeekFrom::End(0)).ok()?;
    let tail_start = length.saturating_sub(22 + 65_535);
    reader.seek(io::SeekFrom::Start(tail_start)).ok()?;
    let mut tail = Vec::new();
    reader
        .take(length - tail_start)
        .read_to_end(&mut tail)
        .ok()?;
    let end = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(END_RECORD))?;
    let field = |at: usize, width: usize| {
        tail[end + at..end + at + width]
            .iter()
            .rev()
            .fold(0u64, |n, &b| n << 8 | u64::from(b))
    };
    let (count, size) = (field(10, 2), field(12, 4));
    if count == 0xFFFF || size == 0xFFFF_FFFF {
        return None;
    }
    // Counted back from the end record, so that bytes prepended to the zip
    // do not shift it.
    let start = (tail_start + end as u64).checked_sub(size)?;
    reader.seek(io::SeekFrom::Start(start)).ok()?;
    let mut names = Vec::new();
    for _ in 0..count.min(max_entries as u64 + 1) {
        let mut header = [0u8; 46];
        reader.read_exact(&mut header).ok()?;
        if &header[..4] != RECORD {
            return None;
        }
        let width = |at: usize| u16::from_le_bytes([header[at], header[at + 1]]);
        let mut name = vec![0u8; usize::from(width(28))];
        reader.read_exact(&mut name).ok()?;
        let skip = i64::from(width(30)) + i64::from(width(32));
        reader.seek(io::SeekFrom::Current(skip)).ok()?;
        names.push(name);
    }
    Some(names)
}

/// Two entries whose names are the same once case is folded and Unicode is
/// normalised would overwrite each other when unpacked on many systems.
fn report_duplicate_names(entries: &[Entry], report: &mut Report) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for entry in entries.iter().filter(|e| !e.is_dir) {
        if let Some(first) = seen.insert(fold_name(&entry.name), &entry.name) {
            let how = if first == entry.name {
                "is in the zip twice"
            } else {
                "differs from another entry only in case or Unicode form"
            };
            report.add(
                Code::OcfNameDuplicate,
                Some(entry.name.clone()),
                format!("the file name {how} (\"{}\"); rename one", excerpt(first)),
            );
        }
    }
}

/// A file name with case fully folded (ß as ss) and in NFC.
fn fold_name(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .to_lowercase()
        .replace('ß', "ss")
        .nfc()
        .collect()
}

/// A character EPUB forbids in file names, if the name has one: characters
/// that some file systems reject or treat specially, controls, private-use
/// characters and non-characters; also a trailing full stop.
fn forbidden_character(name: &str) -> Option<char> {
    let forbidden = |c: char| {
        matches!(c, '"' | '*' | ':' | '<' | '>' | '?' | '\\' | '|' | '\u{7f}')
            || c.is_control()
            || ('\u{e000}'..='\u{f8ff}').contains(&c)
            || ('\u{fdd0}'..='\u{fdef}').contains(&c)
            || ('\u{fff0}'..='\u{ffff}').contains(&c)
            || c >= '\u{f0000}'
    };
    if let Some(c) = name.chars().find(|&c| forbidden(c)) {
        return Some(c);
    }
    name.ends_with('.').then_some('.')
}

/// Maps lower-cased names of safe file entries to their index.
pub fn folded_names(entries: &[Entry]) -> HashMap<String, usize> {
    let mut folded = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if !entry.is_dir && entry.safe_name {
            folded.entry(entry.name.to_lowercase()).or_insert(index);
        }
    }
    folded
}

/// Reads each entry's metadata, reporting unsafe names and declared bombs.
/// Returns the entries with their declared uncompressed sizes.
fn list_entries<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    options: &CheckOptions,
    report: &mut Report,
) -> Vec<(Entry, u64)> {
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let listed_name = archive.name_for_index(index).unwrap_or("").to_owned();
        let file = match archive.by_index_raw(index) {
            Ok(file) => file,
            Err(err) => {
                let name = listed_name;
                report.add(
                    Code::OcfEntryCorrupt,
                    Some(name.clone()),
                    format!("the entry's header cannot be read ({err}); rebuild the zip"),
                );
                let entry = Entry {
                    is_dir: name.ends_with('/'),
                    safe_name: unsafe_name(name.as_bytes()).is_none(),
                    name,
                    usable: false,
                    read: false,
                    compression: CompressionMethod::Stored,
                    compressed_size: 0,
                    header_start: u64::MAX,
                };
                entries.push((entry, 0));
                continue;
            }
        };
        // Names are kept in NFC, the form hrefs are compared in.
        let name: String = file.name().nfc().collect();
        if std::str::from_utf8(file.name_raw()).is_err() {
            report.add(
                Code::OcfNameEncoding,
                Some(name.clone()),
                "the file name is not UTF-8; EPUB file names must be UTF-8",
            );
        }
        let problem = unsafe_name(file.name_raw());
        if let Some(c) = forbidden_character(&name).filter(|_| problem.is_none()) {
            report.add(
                Code::OcfNameCharacter,
                Some(name.clone()),
                format!(
                    "the file name has {c:?}, a character EPUB forbids in file names; rename it"
                ),
            );
        }
        let mut usable = problem.is_none();
        if let Some(problem) = problem {
            report.add(
                Code::OcfEntryName,
                Some(name.clone()),
                format!("the entry name {problem}; it is not read — store files under relative, forward-slash paths"),
            );
        }
        let (size, compressed_size) = (file.size(), file.compressed_size());
        if usable && size > RATIO_FLOOR && size / compressed_size.max(1) > options.max_ratio {
            report.add(
                Code::OcfZipBomb,
                Some(name.clone()),
                format!(
                    "the entry declares {size} bytes from {compressed_size} compressed, a ratio above {}; \
                     refusing to read it",
                    options.max_ratio
                ),
            );
            usable = false;
        }
        let entry = Entry {
            is_dir: file.is_dir(),
            safe_name: problem.is_none(),
            name,
            usable,
            read: false,
            compression: file.compression(),
            compressed_size,
            header_start: file.header_start(),
        };
        entries.push((entry, size));
    }
    entries
}

/// Names that could escape the extraction folder, or mean different files on
/// different systems.
fn unsafe_name(raw: &[u8]) -> Option<&'static str> {
    if raw.is_empty() {
        return Some("is empty");
    }
    if raw.contains(&0) {
        return Some("contains a NUL byte");
    }
    if raw.contains(&b'\\') {
        return Some("contains a backslash");
    }
    let drive_letter = matches!(raw, [letter, b':', ..] if letter.is_ascii_alphabetic());
    if raw.starts_with(b"/") || drive_letter {
        return Some("is an absolute path");
    }
    if raw.split(|&b| b == b'/').any(|segment| segment == b"..") {
        return Some("contains a `..` segment");
    }
    None
}

/// The `mimetype` entry must come first, stored, with the exact media type,
/// so that tools can sniff the file type from fixed offsets.
pub fn check_mimetype<R: Read + Seek>(book: &mut Book<R>, report: &mut Report) {
    let Some(entry) = book.entry(MIMETYPE).filter(|e| !e.is_dir).cloned() else {
        report.add(
            Code::OcfMimetypeMissing,
            None,
            "there is no mimetype entry; write one first, stored, containing application/epub+zip",
        );
        return;
    };
    // Reading systems sniff the media type at a fixed offset of the file,
    // which only works when the entry is physically first and stored.
    if entry.header_start != 0 {
        report.add(
            Code::OcfMimetypeFirst,
            Some(MIMETYPE.to_owned()),
            "the mimetype entry is not the first entry of the zip; write it first",
        );
    }
    if entry.compression != CompressionMethod::Stored {
        report.add(
            Code::OcfMimetypeCompressed,
            Some(MIMETYPE.to_owned()),
            "the mimetype entry is compressed; store it uncompressed",
        );
    }
    let Ok(content) = book.read(MIMETYPE, report) else {
        return;
    };
    if content != MIMETYPE_CONTENT {
        report.add(
            Code::OcfMimetypeContent,
            Some(MIMETYPE.to_owned()),
            format!(
                "the mimetype entry holds {:?}; it must be exactly application/epub+zip with no newline",
                excerpt(&String::from_utf8_lossy(&content))
            ),
        );
    }
}

/// Reads `META-INF/container.xml` and returns the entry name of the package
/// document it points at, if that entry exists.
pub fn check_container<R: Read + Seek>(book: &mut Book<R>, report: &mut Report) -> Option<String> {
    let location = Some(CONTAINER.to_owned());
    let bytes = match book.read(CONTAINER, report) {
        Ok(bytes) => bytes,
        Err(Unreadable::Missing) => {
            report.add(
                Code::OcfContainerMissing,
                None,
                "META-INF/container.xml is missing; it must point at the package document",
            );
            return None;
        }
        Err(Unreadable::Reported) => return None,
    };
    let document = parse_xml(CONTAINER, &bytes, report)?;
    if !document
        .root()
        .is_some_and(|root| root.is(NS_CONTAINER, "container"))
    {
        report.add(
            Code::OcfContainerInvalid,
            location,
            format!("the root element must be <container xmlns=\"{NS_CONTAINER}\">"),
        );
        return None;
    }
    for (_, child) in document.children(0) {
        let allowed =
            child.ns == NS_CONTAINER && matches!(child.name.as_str(), "rootfiles" | "links");
        if !allowed {
            report.add(
                Code::OcfContainerContent,
                Some(format!("{CONTAINER}:{}", child.line)),
                format!(
                    "<{}> is not allowed in <container>; only <rootfiles> and <links> are",
                    excerpt(&child.name)
                ),
            );
        }
    }
    let Some((_, rootfile)) = document
        .descendants(0)
        .find(|(_, e)| e.is(NS_CONTAINER, "rootfile"))
    else {
        report.add(
            Code::OcfRootfileMissing,
            location,
            "there is no <rootfile> element",
        );
        return None;
    };
    let place = Some(format!("{CONTAINER}:{}", rootfile.line));
    if rootfile.attr("media-type") != Some(OPF_MEDIA_TYPE) {
        report.add(
            Code::OcfRootfileMediaType,
            place.clone(),
            format!("the rootfile's media-type must be {OPF_MEDIA_TYPE}"),
        );
    }
    let Some(full_path) = rootfile.attr("full-path") else {
        report.add(
            Code::OcfRootfileMissing,
            place,
            "the <rootfile> has no full-path attribute",
        );
        return None;
    };
    let resolved = url::resolve("", full_path);
    match resolved {
        Ok(Reference::Internal {
            path,
            fragment: None,
        }) if book.has_file(&path) => Some(path),
        _ => {
            report.add(
                Code::OcfRootfileNotFound,
                place,
                format!(
                    "full-path \"{}\" does not name a file in the zip; it is relative to the zip root",
                    excerpt(full_path)
                ),
            );
            None
        }
    }
}

const ENCRYPTION: &str = "META-INF/encryption.xml";
const SIGNATURES: &str = "META-INF/signatures.xml";
const NS_ENC: &str = "http://www.w3.org/2001/04/xmlenc#";
const NS_COMPRESSION: &str = "http://www.idpf.org/2016/encryption#compression";
/// The font obfuscation algorithm, allowed on fonts only.
const OBFUSCATION: &str = "http://www.idpf.org/2008/embedding";
/// Fonts of a core media type: the only resources that may be obfuscated.
pub(crate) const CORE_FONTS: &[&str] = &[
    "font/ttf",
    "font/otf",
    "font/woff",
    "font/woff2",
    "application/font-sfnt",
    "application/font-woff",
    "application/vnd.ms-opentype",
];

/// `META-INF/encryption.xml` and `signatures.xml`, when present: their root
/// element, unique `Id`s, compression metadata, and obfuscation of fonts
/// only. `media_type` gives a file's manifest media type.
pub fn check_meta_inf<R: Read + Seek>(
    book: &mut Book<R>,
    media_type: &dyn Fn(&str) -> Option<String>,
    report: &mut Report,
) {
    if let Ok(bytes) = book.read(SIGNATURES, report) {
        if let Some(document) = parse_xml(SIGNATURES, &bytes, report) {
            if !document
                .root()
                .is_some_and(|r| r.is(NS_CONTAINER, "signatures"))
            {
                report.add(
                    Code::OcfMetaInfContent,
                    Some(SIGNATURES.to_owned()),
                    format!("the root element must be <signatures xmlns=\"{NS_CONTAINER}\">"),
                );
            }
        }
    }
    let Ok(bytes) = book.read(ENCRYPTION, report) else {
        return;
    };
    let Some(document) = parse_xml(ENCRYPTION, &bytes, report) else {
        return;
    };
    if !document
        .root()
        .is_some_and(|r| r.is(NS_CONTAINER, "encryption"))
    {
        report.add(
            Code::OcfMetaInfContent,
            Some(ENCRYPTION.to_owned()),
            format!("the root element must be <encryption xmlns=\"{NS_CONTAINER}\">"),
        );
        return;
    }
    let mut ids = std::collections::HashSet::new();
    for (index, element) in document.elements.iter().enumerate() {
        let at = Some(format!("{ENCRYPTION}:{}", element.line));
        if let Some(id) = element.attr("Id") {
            if !ids.insert(id) {
                report.add(
                    Code::OcfMetaInfContent,
                    at.clone(),
                    format!("Id \"{}\" is used twice", excerpt(id)),
                );
            }
        }
        if element.is(NS_COMPRESSION, "Compression") {
            let method_ok = matches!(element.attr("Method"), Some("0" | "8"));
            let length_ok = element
                .attr("OriginalLength")
                .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
            if !method_ok || !length_ok {
                report.add(
                    Code::OcfMetaInfContent,
                    at.clone(),
                    "<Compression> needs Method=\"0\" or \"8\" and OriginalLength as a whole number",
                );
            }
        }
        if element.is(NS_ENC, "EncryptedData") {
            let obfuscated = document.descendants(index).any(|(_, e)| {
                e.is(NS_ENC, "EncryptionMethod") && e.attr("Algorithm") == Some(OBFUSCATION)
            });
            let target = document
                .descendants(index)
                .find(|(_, e)| e.is(NS_ENC, "CipherReference"))
                .and_then(|(_, e)| e.attr("URI"));
            if let (true, Some(uri)) = (obfuscated, target) {
                let Ok(Reference::Internal { path, .. }) = url::resolve("", uri) else {
                    continue;
                };
                let kind = media_type(&path);
                if !kind.as_deref().is_some_and(|k| CORE_FONTS.contains(&k)) {
                    report.add(
                        Code::OcfObfuscatedNotFont,
                        at,
                        format!(
                            "{path} is obfuscated, but it is {}; only fonts of a core media type may be",
                            kind.map_or("not in the manifest".to_owned(), |k| excerpt(&k))
                        ),
                    );
                }
            }
        }
    }
}

/// Parses an XML entry, turning a parse failure into a finding.
pub fn parse_xml(name: &str, bytes: &[u8], report: &mut Report) -> Option<Document> {
    parse_xml_as_far_as_possible(name, bytes, report).ok()
}

/// Parses an XML entry, turning a parse failure into a finding; on a
/// well-formedness error, what was read before it, if anything.
pub fn parse_xml_as_far_as_possible(
    name: &str,
    bytes: &[u8],
    report: &mut Report,
) -> Result<Document, Option<Document>> {
    let (parsed, partial) = xml::parse_as_far_as_possible(bytes);
    match parsed {
        Ok(document) => Ok(document),
        Err(err) => {
            let code = match err.kind {
                xml::XmlErrorKind::Malformed => Code::XmlMalformed,
                xml::XmlErrorKind::Encoding => Code::XmlEncoding,
                xml::XmlErrorKind::DoctypeSubset {
                    declares_entities: true,
                } => Code::XmlEntityDecl,
                xml::XmlErrorKind::DoctypeSubset {
                    declares_entities: false,
                } => Code::XmlDoctypeSubset,
            };
            report.add(code, Some(format!("{name}:{}", err.line)), err.message);
            Err(partial)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unsafe_name;

    #[test]
    fn flags_names_that_escape_or_confuse() {
        for bad in [
            &b"../x"[..],
            b"a/../../x",
            b"/etc/passwd",
            b"C:/x",
            b"a\\b",
            b"a\0b",
            b"",
        ] {
            assert!(
                unsafe_name(bad).is_some(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        for good in [&b"mimetype"[..], b"OEBPS/a..b.xhtml", b"META-INF/", b"./x"] {
            assert!(
                unsafe_name(good).is_none(),
                "{}",
                String::from_utf8_lossy(good)
            );
        }
    }
}
