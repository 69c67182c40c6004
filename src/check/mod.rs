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
//! Every code, from [`Code`]; a test keeps this table and docs/checking.md's equal
//! to [`Code::table`].
//!
//! | code | EPUBCheck | severity | what is wrong |
//! | --- | --- | --- | --- |
//! | `IO-OPEN` | — | fatal | The book file cannot be opened. |
//! | `CHECK-INTERNAL` | — | error | The checker itself failed on this book (a bug). |
//! | `OCF-ZIP-UNREADABLE` | `PKG-008` | fatal | Not a zip archive. |
//! | `OCF-TOO-MANY-ENTRIES` | — | error | More entries than `CheckOptions::max_entries`. |
//! | `OCF-TOO-LARGE` | — | error | Entries inflate past `CheckOptions::max_uncompressed`. |
//! | `OCF-ZIP-BOMB` | — | error | An entry's compression ratio exceeds `CheckOptions::max_ratio`. |
//! | `OCF-ENTRY-NAME` | `PKG-009` | error | Entry name is absolute, has `..`, a backslash or a NUL. |
//! | `OCF-ENTRY-CORRUPT` | `PKG-008` | fatal | An entry cannot be inflated (bad header, checksum). |
//! | `OCF-MIMETYPE-MISSING` | `PKG-006` | error | No `mimetype` entry. |
//! | `OCF-MIMETYPE-FIRST` | `PKG-006` | error | `mimetype` is not the first entry. |
//! | `OCF-MIMETYPE-COMPRESSED` | `PKG-007` | error | `mimetype` is compressed. |
//! | `OCF-MIMETYPE-CONTENT` | `PKG-007` | error | `mimetype` is not exactly `application/epub+zip`. |
//! | `OCF-MIMETYPE-EXTRA-FIELD` | `PKG-005` | error | The `mimetype` entry has an extra field in its zip header. |
//! | `OCF-NAME-ENCODING` | `PKG-027` | error | An entry name is not UTF-8. |
//! | `OCF-NAME-CHARACTER` | `PKG-009` | error | An entry name holds a character OCF forbids. |
//! | `OCF-NAME-DUPLICATE` | `OPF-060` | error | Two entry names are the same after case folding and NFC. |
//! | `OCF-CONTAINER-MISSING` | `RSC-002` | fatal | No `META-INF/container.xml`. |
//! | `OCF-CONTAINER-INVALID` | `RSC-005` | error | Its root is not `<container>`. |
//! | `OCF-ROOTFILE-MISSING` | `RSC-003` | error | No `<rootfile>`, or no `full-path`. |
//! | `OCF-CONTAINER-CONTENT` | `RSC-005` | error | `container.xml` breaks its schema. |
//! | `OCF-META-INF-CONTENT` | `RSC-005` | error | `encryption.xml` or `signatures.xml` breaks its schema. |
//! | `OCF-OBFUSCATED-NOT-FONT` | `PKG-026` | error | An obfuscated resource is not a core font type. |
//! | `OCF-ROOTFILE-MEDIA-TYPE` | `RSC-003` | error | The rootfile's media type is not the OPF's. |
//! | `OCF-ROOTFILE-NOT-FOUND` | `OPF-002` | fatal | `full-path` names no file. |
//! | `XML-MALFORMED` | `RSC-016` | fatal | Not well-formed XML (includes undefined entities). |
//! | `XML-ENCODING` | `RSC-028` | error | Not UTF-8. |
//! | `XML-ENTITY-DECL` | — | warning (error under `--strict`) | The DOCTYPE declares entities. |
//! | `XML-DOCTYPE-SUBSET` | — | warning (error under `--strict`) | The DOCTYPE has another internal subset. |
//! | `OPF-NOT-PACKAGE` | `RSC-005` | error | The package document's root is not `<package>`. |
//! | `OPF-VERSION` | `OPF-001` | error | `version` is not `3.0`. |
//! | `OPF-DUPLICATE-ID` | `RSC-005` | error | An id is used twice in the package document. |
//! | `OPF-SECTION-MISSING` | `RSC-005` | error | No `<metadata>`, `<manifest>` or `<spine>`. |
//! | `OPF-UNIQUE-ID` | `OPF-030` | error | `unique-identifier` names no non-empty `<dc:identifier>`. |
//! | `OPF-TITLE-MISSING` | `RSC-005` | error | No non-empty `<dc:title>`. |
//! | `OPF-LANGUAGE-MISSING` | `RSC-005` | error | No non-empty `<dc:language>`. |
//! | `OPF-LANGUAGE-INVALID` | `OPF-092` | error | `<dc:language>` is not a language tag. |
//! | `OPF-PREFIX-UNDECLARED` | `OPF-028` | error | EPUB 3: a property uses a prefix the package does not declare. |
//! | `OPF-PREFIX-UNDERSCORE` | `OPF-007a` | error | EPUB 3: the `prefix` attribute declares `_`. |
//! | `OPF-PREFIX-DC-ELEMENTS` | `OPF-007c` | error | EPUB 3: a prefix is declared for Dublin Core's `/elements/1.1/` namespace. |
//! | `OPF-PREFIX-REDECLARED` | `OPF-007` | warning | EPUB 3: a reserved prefix is declared for another vocabulary. |
//! | `OPF-DC-EMPTY` | `RSC-005` | error | EPUB 3: a Dublin Core element is empty. |
//! | `OPF-DATE-INVALID` | `OPF-054` | error | `<dc:date>` is not a W3C date. |
//! | `OPF-MODIFIED-MISSING` | `RSC-005` | error | No `dcterms:modified`. |
//! | `OPF-MODIFIED-DUPLICATE` | `RSC-005` | error | More than one `dcterms:modified`. |
//! | `OPF-MODIFIED-FORMAT` | `RSC-005` | error | `dcterms:modified` is not `CCYY-MM-DDThh:mm:ssZ`. |
//! | `MANIFEST-ITEM-INVALID` | `RSC-005` | error | An item lacks `id`, `href` or `media-type`. |
//! | `MANIFEST-HREF-INVALID` | `RSC-020` | error | An item's href cannot name a file in the book. |
//! | `MANIFEST-FILE-MISSING` | `RSC-001` | error | An item's file is not in the zip. |
//! | `MANIFEST-DUPLICATE-HREF` | `OPF-074` | error | Two items name the same file. |
//! | `MANIFEST-UNLISTED` | `OPF-003` | usage | A file in the zip is not in the manifest. |
//! | `MANIFEST-SELF` | `OPF-099` | error | The manifest lists the package document itself. |
//! | `MANIFEST-IN-META-INF` | `PKG-025` | error | A manifest item lies in `META-INF`. |
//! | `SPINE-PROPERTY-UNKNOWN` | `OPF-027` | error | A spine itemref property is not one EPUB defines. |
//! | `OPF-PROPERTY-REPEATED` | `RSC-005` | error | A package-wide rendition or media property is given more than once. |
//! | `MANIFEST-PROPERTY-UNKNOWN` | `OPF-027` | error | An item property is not one EPUB defines. |
//! | `MANIFEST-FALLBACK-CIRCULAR` | `OPF-045` | error | A fallback chain runs in a circle. |
//! | `URL-LEAKS` | `RSC-026` | error | A URL leaves the container. |
//! | `SPINE-REMOTE` | `RSC-006` | error | A spine item is a remote resource. |
//! | `MANIFEST-REMOTE-CONTENT` | `RSC-006` | error | A content document is a remote resource. |
//! | `SPINE-NCX-MISSING` | `RSC-005` | error | EPUB 2: the spine names no NCX. |
//! | `SPINE-NON-LINEAR-UNREACHABLE` | `OPF-096` | error | A non-linear spine item is reached by no link. |
//! | `OPF-LINK-MEDIA-TYPE` | `OPF-093` | error | A package `<link>` to a book file has no media type. |
//! | `MANIFEST-NAV-MISSING` | `RSC-005` | error | No item has `properties="nav"`. |
//! | `MANIFEST-NAV-DUPLICATE` | `RSC-005` | error | More than one item has `properties="nav"`. |
//! | `MANIFEST-NAV-MEDIA-TYPE` | `RSC-005` | error | The navigation document is not XHTML. |
//! | `SPINE-EMPTY` | `RSC-005` | error | The spine has no itemref. |
//! | `SPINE-IDREF-UNKNOWN` | `OPF-049` | error | An itemref names no manifest item. |
//! | `SPINE-DUPLICATE-IDREF` | `RSC-005` (EPUB 2: `OPF-034`) | error | An item is in the spine twice. |
//! | `SPINE-MEDIA-TYPE` | `OPF-043` | error | A spine item is neither XHTML nor SVG, without fallback. |
//! | `XHTML-ROOT` | `RSC-005` | error | The root is not `<html>` in the XHTML namespace. |
//! | `XHTML-LANG-MISSING` | — | warning (error under `--strict`) | `<html>` has no `xml:lang` or `lang`. |
//! | `XHTML-TITLE-MISSING` | `RSC-017` | warning | No `<title>` in `<head>`. |
//! | `XHTML-DUPLICATE-ID` | `RSC-005` | error | An id is used twice in one document. |
//! | `XHTML-ID-INVALID` | `RSC-005` | error | An id is empty, holds spaces or (EPUB 2) is not an XML name. |
//! | `XHTML-ELEMENT-UNKNOWN` | `RSC-005` | error | An element is not HTML (EPUB 2: not XHTML 1.1). |
//! | `XHTML-ROLE-DEPRECATED` | `RSC-017` | warning | EPUB 3: a DPUB-ARIA role that is deprecated (`doc-endnote`, `doc-biblioentry`). |
//! | `XHTML-ATTRIBUTE-MISSING` | `RSC-005` | error | An element lacks an attribute it requires. |
//! | `XHTML-ATTRIBUTE-OBSOLETE` | `RSC-005` | error | An attribute the element does not allow. |
//! | `XHTML-ATTRIBUTE-NOT-ALLOWED` | `RSC-005` | error | An attribute the element may not have in this EPUB version. |
//! | `XHTML-CONTENT-INCOMPLETE` | `RSC-005` | error | EPUB 2: an element XHTML 1.1 requires children of is empty. |
//! | `XHTML-LANG-INVALID` | `RSC-005` | error | EPUB 2: a `lang` or `xml:lang` value is not a language tag. |
//! | `XHTML-BLOCK-IN-INLINE` | `RSC-005` | error | A block element inside a text-level one. |
//! | `XHTML-NESTING` | `RSC-005` | error | An element inside one it may not be in. |
//! | `URL-SYNTAX` | `RSC-020` | error | A URL breaks the URL syntax (a space, `{`, `[`, `|`, a backslash, a stray `%`...). |
//! | `LINK-INVALID` | `RSC-020` | error | A URL cannot name a file in the book. |
//! | `LINK-TARGET-MISSING` | `RSC-007` | error | A link leads to a file that is not in the book. |
//! | `LINK-FRAGMENT-MISSING` | `RSC-012` | error | A link's `#fragment` names no id of its target. |
//! | `LINK-NOT-IN-SPINE` | `RSC-011` | error | A hyperlink leads to a document outside the spine. |
//! | `LINK-TARGET-UNDECLARED` | `RSC-008` | error | A link leads to a file that is in the zip but not the manifest. |
//! | `LINK-DATA-URL` | `RSC-029` | error | A hyperlink is a `data:` URL. |
//! | `LINK-FILE-URL` | `RSC-030` | error | A URL is a `file:` URL. |
//! | `LINK-STYLESHEET-FRAGMENT` | `RSC-013` | error | A stylesheet link has a fragment. |
//! | `LINK-FRAGMENT-TYPE` | `RSC-014` | error | A link's `#fragment` names an SVG definition it cannot use (a hyperlink to a `symbol`). |
//! | `SVG-USE-NO-FRAGMENT` | `RSC-015` | error | An SVG `use` names no fragment. |
//! | `REMOTE-RESOURCE` | `RSC-006` | error | A remote resource that may not be remote. |
//! | `REMOTE-UNDECLARED` | `RSC-008` | error | A remote resource the manifest does not list. |
//! | `RESOURCE-NO-FALLBACK` | `RSC-032` | error | A foreign resource without a core-type fallback. |
//! | `PICTURE-IMG-FOREIGN` | `MED-003` | error | A `picture`'s `img` is not a core image type. |
//! | `PICTURE-SOURCE-NO-TYPE` | `MED_007` | error | A `picture`'s foreign `source` has no `type`. |
//! | `IMAGE-TYPE-MISMATCH` | `OPF-029` | error | An image's bytes are not its declared media type. |
//! | `IMAGE-CORRUPT` | `MED-004` | error | An image's bytes are not an image. |
//! | `XML-EXTERNAL-IDENTIFIER` | `OPF-073` | error | A DOCTYPE has an external identifier EPUB 3 does not allow. |
//! | `NCX-LINK-MISSING` | `RSC-012` | error | An NCX link leads to nothing. |
//! | `PROPERTY-UNDECLARED` | `OPF-014` | error | A document needs a manifest property it lacks (`scripted`, `svg`...). |
//! | `PROPERTY-UNNEEDED` | `OPF-015` | error | A manifest property the document does not need. |
//! | `XHTML-LANG-MISMATCH` | `RSC-005` | error | `lang` and `xml:lang` disagree. |
//! | `NAV-TOC-ORDER` | `NAV-011` | warning | The toc does not follow the reading order. |
//! | `NAV-LINK-REMOTE` | `NAV-010` | error | A toc, page-list or landmarks link is remote. |
//! | `CSS-CHARSET` | `CSS-004` | error | A stylesheet's `@charset` is not UTF-8. |
//! | `OVERLAY-TEXT-MISSING` | `RSC-012` | error | A media overlay's text target is missing. |
//! | `OVERLAY-AUDIO-TYPE` | `MED-005` | error | A media overlay's audio is not a core audio type. |
//! | `OVERLAY-SHARED` | `MED_011` | error | Two documents share one media overlay. |
//! | `OVERLAY-ATTRIBUTE-MISSING` | `MED_010` | error | A document read by an overlay lacks `media-overlay`. |
//! | `OVERLAY-WRONG` | `MED_012` | error | A document's `media-overlay` is not the overlay that reads it. |
//! | `OVERLAY-UNUSED` | `MED_013` | error | An overlay reads a document that does not name it. |
//! | `OVERLAY-CLASS-NO-CSS` | `CSS-030` | error | A playback class is declared without a stylesheet. |
//! | `FXL-VIEWPORT-MISSING` | `HTM-046` | error | A fixed-layout document has no viewport. |
//! | `FXL-VIEWPORT-SYNTAX` | `HTM-047` | error | A viewport is not well formed. |
//! | `FXL-VIEWPORT-INCOMPLETE` | `HTM_056` | error | A viewport lacks a width or height. |
//! | `FXL-VIEWPORT-VALUE` | `HTM_057` | error | A viewport width or height is not a number. |
//! | `FXL-VIEWPORT-DUPLICATE` | `HTM_059` | error | A viewport gives a width or height twice. |
//! | `FXL-SVG-VIEWBOX` | `HTM-048` | error | A fixed-layout SVG has no `viewBox`. |
//! | `CSS-PROPERTY-FORBIDDEN` | `CSS-001` | error | `direction` or `unicode-bidi` in a stylesheet. |
//! | `CSS-SYNTAX` | `CSS-008` | error | A stylesheet leaves a block open. |
//! | `CSS-FONT-URL-EMPTY` | `CSS-002` | error | An `@font-face` has an empty URL. |
//! | `NAV-LINK-NO-TEXT` | `RSC-005` | error | A navigation link has no text. |
//! | `NAV-LINK-NOT-CONTENT` | `RSC-010` | error | A navigation link leads to something not a content document. |
//! | `NAV-TOC-MISSING` | `RSC-005` | error | No `<nav epub:type="toc">`. |
//! | `NAV-TOC-NO-OL` | `RSC-005` | error | The toc `<nav>` has no `<ol>`. |
//! | `NOTE-TARGET-MISSING` | `RSC-012` | error | A noteref leads to no element. |
//! | `NOTE-NO-BACKLINK` | — | warning (error under `--strict`) | A note has no backlink to its noteref. |
//! | `BACKLINK-TARGET-MISSING` | `RSC-012` | error | A backlink leads to no element. |
//! | `BACKLINK-NOT-NOTEREF` | — | warning (error under `--strict`) | A backlink leads to something that is not a noteref. |
//! | `BACKLINK-MISMATCH` | — | warning (error under `--strict`) | A backlink's noteref points at another note. |
//! | `EPUBCHECK` | its own | its own | A message of EPUBCheck itself (`--epubcheck`). |

mod codes;
mod content;
mod css;
/// Running EPUBCheck itself, for `quire check --epubcheck`.
pub mod epubcheck;
mod json;
mod markup;
mod notes;
mod ocf;
mod opf;
mod overlays;
mod resources;
mod semantics;
mod url;
mod xml;

use std::fmt;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

pub use codes::{Code, Rule};
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
    /// How bad it is; its rule's severity unless relayed or made strict.
    pub severity: Severity,
    /// What kind of defect, e.g. [`Code::OcfMimetypeFirst`].
    pub code: Code,
    /// EPUBCheck's id for the same defect, e.g. `RSC-007`, where it has one.
    pub epubcheck: Option<String>,
    /// File inside the book, possibly followed by `:line`.
    pub location: Option<String>,
    /// What is wrong here, in words, with values taken from the book.
    pub message: String,
}

impl Finding {
    /// A finding of `code`, with the severity and EPUBCheck id its rule gives.
    pub fn new(code: Code, location: Option<String>, message: impl Into<String>) -> Self {
        Finding::in_version(code, false, location, message)
    }

    /// A finding of `code` in a book of EPUB 2 (`epub2`) or EPUB 3, whose
    /// EPUBCheck id may differ between the two.
    pub fn in_version(
        code: Code,
        epub2: bool,
        location: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        let rule = code.rule();
        let epubcheck = match rule {
            Rule::EpubCheck(id, _) => Some(id.to_owned()),
            Rule::EpubCheckByVersion(id, epub2_id, _) => {
                Some(if epub2 { epub2_id } else { id }.to_owned())
            }
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
        code: Code,
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

    /// True for a rule of quire's own, stricter than EPUB (see [`Rule::Own`]).
    pub fn is_own_rule(&self) -> bool {
        self.code.rule() == Rule::Own
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

    /// One finding per book for each of quire's own rules: the first place
    /// it is not met, with how many more there are. A calibre library omits
    /// `lang` on every document; a reader needs to hear that once, not once
    /// per file. EPUB's rules keep every finding.
    pub fn group_advice(mut self) -> Self {
        let mut counts: Vec<(Code, usize)> = Vec::new();
        for finding in self.findings.iter().filter(|f| f.is_own_rule()) {
            match counts.iter_mut().find(|(code, _)| *code == finding.code) {
                Some((_, count)) => *count += 1,
                None => counts.push((finding.code, 1)),
            }
        }
        let mut seen: Vec<Code> = Vec::new();
        self.findings.retain_mut(|finding| {
            if !finding.is_own_rule() {
                return true;
            }
            if seen.contains(&finding.code) {
                return false;
            }
            seen.push(finding.code);
            let more = counts
                .iter()
                .find(|(code, _)| *code == finding.code)
                .map_or(0, |(_, count)| count - 1);
            if more > 0 {
                finding.message = format!(
                    "{}; the same in {more} more place{} in this book (`quire check --verbose` lists each)",
                    finding.message,
                    if more == 1 { "" } else { "s" }
                );
            }
            true
        });
        self
    }

    /// True when the file could not be opened or read as a zip at all.
    pub fn is_unreadable(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code == Code::IoOpen || f.code == Code::OcfZipUnreadable)
    }
}

/// Checks the EPUB file at `path`. quire's own rules are advice: each
/// gives one finding per book, with a count ([`Checked::group_advice`]).
pub fn check_file(path: &Path, options: &CheckOptions) -> Checked {
    check_file_in_full(path, options).group_advice()
}

/// Checks the EPUB file at `path`, with a finding for every place one of
/// quire's own rules is not met (`quire check --verbose`).
pub fn check_file_in_full(path: &Path, options: &CheckOptions) -> Checked {
    match std::fs::File::open(path) {
        Ok(file) => guarded(|| check_archive(BufReader::new(file), options)),
        Err(err) => Checked {
            version: None,
            findings: vec![Finding::new(
                Code::IoOpen,
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

/// Checks an EPUB held in memory, quire's own rules grouped as in
/// [`check_file`].
pub fn check_bytes(bytes: &[u8], options: &CheckOptions) -> Vec<Finding> {
    guarded(|| check_archive(Cursor::new(bytes), options))
        .group_advice()
        .findings
}

/// The zip and deflate decoders are third-party code fed hostile bytes; should
/// one of them panic, the caller still gets a finding instead of a crash.
fn guarded(run: impl FnOnce() -> Checked) -> Checked {
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| Checked {
        version: None,
        findings: vec![Finding::new(
            Code::CheckInternal,
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
            let media_type = |path: &str| {
                package
                    .items
                    .iter()
                    .find(|item| item.path.as_deref() == Some(path))
                    .map(|item| item.media_type.clone())
            };
            ocf::check_meta_inf(&mut book, &media_type, &mut report);
            let documents = content::check_documents(&mut book, &package, &mut report);
            overlays::check_overlays(&mut book, &package, &documents, &mut report);
            resources::check_resources(&mut book, &package, &documents, &mut report);
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

    fn add(&mut self, code: Code, location: Option<String>, message: impl Into<String>) {
        let epub2 = self.version.as_deref().is_some_and(|v| v.starts_with('2'));
        self.findings
            .push(Finding::in_version(code, epub2, location, message));
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
