//! Verifies a written EPUB without Java.
//!
//! The checker reads the book as untrusted input: every size it reads is
//! bounded by [`CheckOptions`], entry names that could escape a folder are
//! reported and never followed, and XML entities beyond the five predefined
//! ones are reported instead of expanded. It never panics, whatever the bytes.
//!
//! The stages run in the order a reading system would meet them:
//! `ocf` (the zip container, `mimetype`, `META-INF/container.xml`) →
//! `opf` (package document, manifest, spine) → `content` (XHTML
//! documents, links, navigation document) → `notes` (noteref and backlink
//! pairs). A stage that cannot run because an earlier one failed is skipped,
//! so one defect yields one finding rather than a cascade.
//!
//! # Finding codes
//!
//! | code | what is wrong |
//! | --- | --- |
//! | `IO-OPEN` | the book file cannot be opened |
//! | `CHECK-INTERNAL` | the checker itself failed on this book (a bug) |
//! | `OCF-ZIP-UNREADABLE` | not a zip archive |
//! | `OCF-TOO-MANY-ENTRIES` | more entries than [`CheckOptions::max_entries`] |
//! | `OCF-TOO-LARGE` | entries inflate past [`CheckOptions::max_uncompressed`] |
//! | `OCF-ZIP-BOMB` | an entry's compression ratio exceeds [`CheckOptions::max_ratio`] |
//! | `OCF-ENTRY-NAME` | entry name is absolute, has `..`, a backslash or a NUL |
//! | `OCF-ENTRY-CORRUPT` | an entry cannot be inflated (bad header, checksum) |
//! | `OCF-MIMETYPE-MISSING` | no `mimetype` entry |
//! | `OCF-MIMETYPE-FIRST` | `mimetype` is not the first entry |
//! | `OCF-MIMETYPE-COMPRESSED` | `mimetype` is compressed |
//! | `OCF-MIMETYPE-CONTENT` | `mimetype` is not exactly `application/epub+zip` |
//! | `OCF-CONTAINER-MISSING` | no `META-INF/container.xml` |
//! | `OCF-CONTAINER-INVALID` | its root is not `<container>` |
//! | `OCF-ROOTFILE-MISSING` | no `<rootfile>`, or no `full-path` |
//! | `OCF-ROOTFILE-MEDIA-TYPE` | the rootfile's media type is not the OPF's |
//! | `OCF-ROOTFILE-NOT-FOUND` | `full-path` names no file |
//! | `XML-MALFORMED` | not well-formed XML (includes undefined entities) |
//! | `XML-ENCODING` | not UTF-8 |
//! | `XML-ENTITY-DECL` | the DOCTYPE declares entities |
//! | `XML-DOCTYPE-SUBSET` | the DOCTYPE has another internal subset |
//! | `OPF-NOT-PACKAGE` | the package document's root is not `<package>` |
//! | `OPF-VERSION` | `version` is not `3.0` |
//! | `OPF-DUPLICATE-ID` | an id is used twice in the package document |
//! | `OPF-SECTION-MISSING` | no `<metadata>`, `<manifest>` or `<spine>` |
//! | `OPF-UNIQUE-ID` | `unique-identifier` names no non-empty `<dc:identifier>` |
//! | `OPF-TITLE-MISSING` | no non-empty `<dc:title>` |
//! | `OPF-LANGUAGE-MISSING` | no non-empty `<dc:language>` |
//! | `OPF-LANGUAGE-INVALID` | `<dc:language>` is not a language tag |
//! | `OPF-MODIFIED-MISSING` | no `dcterms:modified` |
//! | `OPF-MODIFIED-DUPLICATE` | more than one `dcterms:modified` |
//! | `OPF-MODIFIED-FORMAT` | `dcterms:modified` is not `CCYY-MM-DDThh:mm:ssZ` |
//! | `MANIFEST-ITEM-INVALID` | an item lacks `id`, `href` or `media-type` |
//! | `MANIFEST-HREF-INVALID` | an item's href cannot name a file in the book |
//! | `MANIFEST-FILE-MISSING` | an item's file is not in the zip |
//! | `MANIFEST-DUPLICATE-HREF` | two items name the same file |
//! | `MANIFEST-UNLISTED` | a file in the zip is not in the manifest |
//! | `MANIFEST-NAV-MISSING` | no item has `properties="nav"` |
//! | `MANIFEST-NAV-DUPLICATE` | more than one item has `properties="nav"` |
//! | `MANIFEST-NAV-MEDIA-TYPE` | the navigation document is not XHTML |
//! | `SPINE-EMPTY` | the spine has no itemref |
//! | `SPINE-IDREF-UNKNOWN` | an itemref names no manifest item |
//! | `SPINE-DUPLICATE-IDREF` | an item is in the spine twice |
//! | `SPINE-MEDIA-TYPE` | a spine item is neither XHTML nor SVG, without fallback |
//! | `XHTML-ROOT` | the root is not `<html>` in the XHTML namespace |
//! | `XHTML-LANG-MISSING` | `<html>` has no `xml:lang` or `lang` |
//! | `XHTML-TITLE-MISSING` | (warning) no `<title>` in `<head>` |
//! | `XHTML-DUPLICATE-ID` | an id is used twice in one document |
//! | `LINK-INVALID` | a URL cannot name a file in the book |
//! | `LINK-TARGET-MISSING` | a link leads to a file that is not in the book |
//! | `LINK-FRAGMENT-MISSING` | a link's `#fragment` names no id of its target |
//! | `LINK-NOT-IN-SPINE` | a hyperlink leads to a document outside the spine |
//! | `NAV-TOC-MISSING` | no `<nav epub:type="toc">` |
//! | `NAV-TOC-NO-OL` | the toc `<nav>` has no `<ol>` |
//! | `NOTE-TARGET-MISSING` | a noteref leads to no element |
//! | `NOTE-NO-BACKLINK` | (warning) a note has no backlink to its noteref |
//! | `BACKLINK-TARGET-MISSING` | a backlink leads to no element |
//! | `BACKLINK-NOT-NOTEREF` | a backlink leads to something that is not a noteref |
//! | `BACKLINK-MISMATCH` | a backlink's noteref points at another note |

mod codes;
mod content;
mod css;
pub mod epubcheck;
mod json;
mod markup;
mod notes;
mod ocf;
mod opf;
mod overlays;
mod url;
mod xml;

use std::fmt;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

pub use codes::{Rule, RULES};
pub use json::findings_to_json;

/// Bounds on what the checker is willing to read from an untrusted book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Most entries the zip may hold.
    pub max_entries: usize,
    /// Most bytes all entries together may inflate to.
    pub max_uncompressed: u64,
    /// Highest uncompressed/compressed ratio of one entry before it is taken
    /// for a zip bomb (applies to entries above a small size floor).
    pub max_ratio: u64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            max_entries: 10_000,
            max_uncompressed: 512 * 1024 * 1024,
            max_ratio: 100,
        }
    }
}

/// How bad a finding is, on EPUBCheck's scale. Fatal and error findings make
/// a book invalid; warnings are worth a look; usage notes are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The book cannot be read further.
    Fatal,
    /// The book is not a valid EPUB.
    Error,
    /// Likely a mistake, but allowed.
    Warning,
    /// Advice on good practice.
    Usage,
}

impl Severity {
    /// The lower-case word used in text and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Usage => "usage",
        }
    }

    /// True for fatal and error: the book is not valid.
    pub fn fails(self) -> bool {
        self <= Severity::Error
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One defect found in a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable short code, e.g. `OCF-MIMETYPE-FIRST`.
    pub code: &'static str,
    /// EPUBCheck's id for the same defect, e.g. `RSC-007`, where it has one.
    pub epubcheck: Option<String>,
    /// File inside the book, possibly followed by `:line`.
    pub location: Option<String>,
    pub message: String,
}

impl Finding {
    /// A finding of `code`, with the severity and EPUBCheck id its rule gives.
    pub fn new(code: &'static str, location: Option<String>, message: impl Into<String>) -> Self {
        let rule = codes::rule(code);
        let epubcheck = match rule {
            Rule::EpubCheck(id, _) => Some(id.to_owned()),
            _ => None,
        };
        Finding::with_severity(
            codes::severity(rule),
            code,
            epubcheck,
            location,
            message.into(),
        )
    }

    /// A finding whose severity and EPUBCheck id are given, as when they come
    /// from EPUBCheck itself. Control characters come from the book (entry
    /// names, attribute values); escaping them keeps every finding on one line.
    pub fn with_severity(
        severity: Severity,
        code: &'static str,
        epubcheck: Option<String>,
        location: Option<String>,
        message: String,
    ) -> Self {
        Finding {
            severity,
            code,
            epubcheck,
            location: location.map(|l| escape_controls(&l)),
            message: escape_controls(&message),
        }
    }

    /// True for a rule of quire's own, stricter than EPUB (see [`RULES`]).
    pub fn is_own_rule(&self) -> bool {
        codes::rule(self.code) == Rule::Own
    }

    /// The finding as `quire build --check` and `quire check --strict` see
    /// it: quire's own rules are errors there.
    pub fn strict(mut self) -> Self {
        if self.is_own_rule() {
            self.severity = Severity::Error;
        }
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity, self.code)?;
        if let Some(id) = &self.epubcheck {
            write!(f, " [{id}]")?;
        }
        match &self.location {
            Some(location) => write!(f, " {}: {}", location, self.message),
            None => write!(f, ": {}", self.message),
        }
    }
}

/// What checking one book found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// The EPUB version the book was checked against (`"3.0"`, `"2.0"`),
    /// from its package document; `None` when that could not be read.
    pub version: Option<String>,
    /// Findings in the order the stages produce them.
    pub findings: Vec<Finding>,
}

impl Checked {
    /// True when no finding is fatal or an error.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity.fails())
    }

    /// True when the file could not be opened or read as a zip at all.
    pub fn is_unreadable(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == "IO-OPEN" || f.code == "OCF-ZIP-UNREADABLE")
    }
}

/// Checks the EPUB file at `path`.
pub fn check_file(path: &Path, options: &CheckOptions) -> Checked {
    match std::fs::File::open(path) {
        Ok(file) => guarded(|| check_archive(BufReader::new(file), options)),
        Err(err) => Checked {
            version: None,
            findings: vec![Finding::new(
                "IO-OPEN",
                None,
                format!("cannot open {}: {}", path.display(), err),
            )],
        },
    }
}

/// The findings about the EPUB file at `path`.
pub fn check_epub(path: &Path, options: &CheckOptions) -> Vec<Finding> {
    check_file(path, options).findings
}

/// Checks an EPUB held in memory.
pub fn check_bytes(bytes: &[u8], options: &CheckOptions) -> Vec<Finding> {
    guarded(|| check_archive(Cursor::new(bytes), options)).findings
}

/// The zip and deflate decoders are third-party code fed hostile bytes; should
/// one of them panic, the caller still gets a finding instead of a crash.
fn guarded(run: impl FnOnce() -> Checked) -> Checked {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| Checked {
        version: None,
        findings: vec![Finding::new(
            "CHECK-INTERNAL",
            None,
            "the checker stopped on an internal fault while reading this book; please report it",
        )],
    })
}

fn check_archive<R: Read + Seek>(reader: R, options: &CheckOptions) -> Checked {
    let mut report = Report::default();
    let Some(mut book) = ocf::Book::open(reader, options, &mut report) else {
        return report.done();
    };
    ocf::check_mimetype(&mut book, &mut report);
    if let Some(opf_path) = ocf::check_container(&mut book, &mut report) {
        if let Some(package) = opf::check_package(&mut book, &opf_path, &mut report) {
            let documents = content::check_documents(&mut book, &package, &mut report);
            overlays::check_overlays(&mut book, &package, &documents, &mut report);
            notes::check_notes(&documents, &mut report);
        }
    }
    // Whatever no stage needed is still inflated, so that corrupt or
    // oversized entries are found too.
    book.read_remaining(&mut report);
    report.done()
}

/// Findings in the order the stages produce them.
#[derive(Debug, Default)]
struct Report {
    findings: Vec<Finding>,
    /// The package document's EPUB version, once read.
    version: Option<String>,
}

impl Report {
    fn done(self) -> Checked {
        Checked {
            version: self.version,
            findings: self.findings,
        }
    }

    fn add(&mut self, code: &'static str, location: Option<String>, message: impl Into<String>) {
        self.findings.push(Finding::new(code, location, message));
    }
}

/// Replaces control characters with Rust-style escapes.
fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Shortens a value taken from the book so that messages stay readable.
fn excerpt(text: &str) -> String {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}
