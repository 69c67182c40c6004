//! What each finding code means to EPUBCheck: its message id and severity.
//!
//! One list, [`Code`], so that the checker, its JSON output, the module
//! documentation and docs/checking.md agree: a misspelt code does not compile, and
//! a test holds the code tables of `check/mod.rs` and docs/checking.md to
//! [`Code::table`]. A code EPUBCheck also reports carries EPUBCheck's id and
//! severity, so that a pipeline can gate on the same things. quire's own
//! stricter rules (a language on every document, notes linked both ways) have
//! no EPUBCheck id: they are warnings for any book, and errors only when asked
//! for ([`super::Finding::strict`]), so a valid book from another tool is never
//! failed for them. The checker's own safety limits are errors: past them
//! nothing more can be said about the book.

use std::fmt;

use super::Severity;

/// Where a finding code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// EPUBCheck reports the same defect, with this id and severity. The id
    /// is spelt as EPUBCheck prints it, so that its output and quire's can be
    /// compared line by line: EPUBCheck 5.3 prints `HTM_053` to `HTM_061`,
    /// `MED_006`, `MED_007` and `MED_010` to `MED_018` with an underscore
    /// (its conformance cases spell them with a hyphen).
    EpubCheck(&'static str, Severity),
    /// EPUBCheck reports the same defect with one id in EPUB 3 books (the
    /// first) and another in EPUB 2 books (the second).
    EpubCheckByVersion(&'static str, &'static str, Severity),
    /// A rule of quire's own, stricter than EPUB: a warning unless strict.
    Own,
    /// A bound the checker sets on untrusted input, or its own failure.
    Limit(Severity),
    /// A message of EPUBCheck itself (`quire check --epubcheck`), which
    /// carries the id and severity EPUBCheck gave it.
    Relayed,
}

use Rule::{EpubCheck, EpubCheckByVersion, Limit, Own, Relayed};
use Severity::{Error, Fatal, Usage, Warning};

/// Declares [`Code`] from one list of `Variant = "NAME", rule;` entries, each
/// with a doc comment that is also its line in the code tables.
macro_rules! codes {
    ($( #[doc = $meaning:literal] $variant:ident = $name:literal, $rule:expr; )*) => {
        /// A finding code: a stable short name, its rule, and what it means.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $meaning] $variant, )*
        }

        impl Code {
            /// Every code, in the order of the tables.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name, e.g. `OCF-MIMETYPE-FIRST`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// Where the code comes from, and so its EPUBCheck id and severity.
            pub fn rule(self) -> Rule {
                match self { $(Code::$variant => $rule,)* }
            }

            /// What is wrong when a finding has this code, in a few words.
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => $meaning.trim(),)* }
            }
        }
    };
}

codes! {
    /// The book file cannot be opened.
    IoOpen = "IO-OPEN", Limit(Fatal);
    /// The checker itself failed on this book (a bug).
    CheckInternal = "CHECK-INTERNAL", Limit(Error);
    /// Not a zip archive.
    OcfZipUnreadable = "OCF-ZIP-UNREADABLE", EpubCheck("PKG-008", Fatal);
    /// More entries than `CheckOptions::max_entries`.
    OcfTooManyEntries = "OCF-TOO-MANY-ENTRIES", Limit(Error);
    /// Entries inflate past `CheckOptions::max_uncompressed`.
    OcfTooLarge = "OCF-TOO-LARGE", Limit(Error);
    /// An entry's compression ratio exceeds `CheckOptions::max_ratio`.
    OcfZipBomb = "OCF-ZIP-BOMB", Limit(Error);
    /// Entry name is absolute, has `..`, a backslash or a NUL.
    OcfEntryName = "OCF-ENTRY-NAME", EpubCheck("PKG-009", Error);
    /// An entry cannot be inflated (bad header, checksum).
    OcfEntryCorrupt = "OCF-ENTRY-CORRUPT", EpubCheck("PKG-008", Fatal);
    /// No `mimetype` entry.
    OcfMimetypeMissing = "OCF-MIMETYPE-MISSING", EpubCheck("PKG-006", Error);
    /// `mimetype` is not the first entry.
    OcfMimetypeFirst = "OCF-MIMETYPE-FIRST", EpubCheck("PKG-006", Error);
    /// `mimetype` is compressed.
    OcfMimetypeCompressed = "OCF-MIMETYPE-COMPRESSED", EpubCheck("PKG-007", Error);
    /// `mimetype` is not exactly `application/epub+zip`.
    OcfMimetypeContent = "OCF-MIMETYPE-CONTENT", EpubCheck("PKG-007", Error);
    /// The `mimetype` entry has an extra field in its zip header.
    OcfMimetypeExtraField = "OCF-MIMETYPE-EXTRA-FIELD", EpubCheck("PKG-005", Error);
    /// An entry name is not UTF-8.
    OcfNameEncoding = "OCF-NAME-ENCODING", EpubCheck("PKG-027", Error);
    /// An entry name holds a character OCF forbids.
    OcfNameCharacter = "OCF-NAME-CHARACTER", EpubCheck("PKG-009", Error);
    /// Two entry names are the same after case folding and NFC.
    OcfNameDuplicate = "OCF-NAME-DUPLICATE", EpubCheck("OPF-060", Error);
    /// No `META-INF/container.xml`.
    OcfContainerMissing = "OCF-CONTAINER-MISSING", EpubCheck("RSC-002", Fatal);
    /// Its root is not `<container>`.
    OcfContainerInvalid = "OCF-CONTAINER-INVALID", EpubCheck("RSC-005", Error);
    /// No `<rootfile>`, or no `full-path`.
    OcfRootfileMissing = "OCF-ROOTFILE-MISSING", EpubCheck("RSC-003", Error);
    /// `container.xml` breaks its schema.
    OcfContainerContent = "OCF-CONTAINER-CONTENT", EpubCheck("RSC-005", Error);
    /// `encryption.xml` or `signatures.xml` breaks its schema.
    OcfMetaInfContent = "OCF-META-INF-CONTENT", EpubCheck("RSC-005", Error);
    /// An obfuscated resource is not a core font type.
    OcfObfuscatedNotFont = "OCF-OBFUSCATED-NOT-FONT", EpubCheck("PKG-026", Error);
    /// The rootfile's media type is not the OPF's.
    OcfRootfileMediaType = "OCF-ROOTFILE-MEDIA-TYPE", EpubCheck("RSC-003", Error);
    /// `full-path` names no file.
    OcfRootfileNotFound = "OCF-ROOTFILE-NOT-FOUND", EpubCheck("OPF-002", Fatal);
    /// Not well-formed XML (includes undefined entities).
    XmlMalformed = "XML-MALFORMED", EpubCheck("RSC-016", Fatal);
    /// Not UTF-8.
    XmlEncoding = "XML-ENCODING", EpubCheck("RSC-028", Error);
    /// The DOCTYPE declares entities.
    XmlEntityDecl = "XML-ENTITY-DECL", Own;
    /// The DOCTYPE has another internal subset.
    XmlDoctypeSubset = "XML-DOCTYPE-SUBSET", Own;
    /// The package document's root is not `<package>`.
    OpfNotPackage = "OPF-NOT-PACKAGE", EpubCheck("RSC-005", Error);
    /// `version` is not `3.0`.
    OpfVersion = "OPF-VERSION", EpubCheck("OPF-001", Error);
    /// An id is used twice in the package document.
    OpfDuplicateId = "OPF-DUPLICATE-ID", EpubCheck("RSC-005", Error);
    /// No `<metadata>`, `<manifest>` or `<spine>`.
    OpfSectionMissing = "OPF-SECTION-MISSING", EpubCheck("RSC-005", Error);
    /// `unique-identifier` names no non-empty `<dc:identifier>`.
    OpfUniqueId = "OPF-UNIQUE-ID", EpubCheck("OPF-030", Error);
    /// No non-empty `<dc:title>`.
    OpfTitleMissing = "OPF-TITLE-MISSING", EpubCheck("RSC-005", Error);
    /// No non-empty `<dc:language>`.
    OpfLanguageMissing = "OPF-LANGUAGE-MISSING", EpubCheck("RSC-005", Error);
    /// `<dc:language>` is not a language tag.
    OpfLanguageInvalid = "OPF-LANGUAGE-INVALID", EpubCheck("OPF-092", Error);
    /// EPUB 3: a property uses a prefix the package does not declare.
    OpfPrefixUndeclared = "OPF-PREFIX-UNDECLARED", EpubCheck("OPF-028", Error);
    /// EPUB 3: the `prefix` attribute declares `_`.
    OpfPrefixUnderscore = "OPF-PREFIX-UNDERSCORE", EpubCheck("OPF-007a", Error);
    /// EPUB 3: a prefix is declared for Dublin Core's `/elements/1.1/` namespace.
    OpfPrefixDcElements = "OPF-PREFIX-DC-ELEMENTS", EpubCheck("OPF-007c", Error);
    /// EPUB 3: a reserved prefix is declared for another vocabulary.
    OpfPrefixRedeclared = "OPF-PREFIX-REDECLARED", EpubCheck("OPF-007", Warning);
    /// EPUB 3: a Dublin Core element is empty.
    OpfDcEmpty = "OPF-DC-EMPTY", EpubCheck("RSC-005", Error);
    /// `<dc:date>` is not a W3C date.
    OpfDateInvalid = "OPF-DATE-INVALID", EpubCheck("OPF-054", Error);
    /// No `dcterms:modified`.
    OpfModifiedMissing = "OPF-MODIFIED-MISSING", EpubCheck("RSC-005", Error);
    /// More than one `dcterms:modified`.
    OpfModifiedDuplicate = "OPF-MODIFIED-DUPLICATE", EpubCheck("RSC-005", Error);
    /// `dcterms:modified` is not `CCYY-MM-DDThh:mm:ssZ`.
    OpfModifiedFormat = "OPF-MODIFIED-FORMAT", EpubCheck("RSC-005", Error);
    /// An item lacks `id`, `href` or `media-type`.
    ManifestItemInvalid = "MANIFEST-ITEM-INVALID", EpubCheck("RSC-005", Error);
    /// An item's href cannot name a file in the book.
    ManifestHrefInvalid = "MANIFEST-HREF-INVALID", EpubCheck("RSC-020", Error);
    /// An item's file is not in the zip.
    ManifestFileMissing = "MANIFEST-FILE-MISSING", EpubCheck("RSC-001", Error);
    /// Two items name the same file.
    ManifestDuplicateHref = "MANIFEST-DUPLICATE-HREF", EpubCheck("OPF-074", Error);
    /// A file in the zip is not in the manifest.
    ManifestUnlisted = "MANIFEST-UNLISTED", EpubCheck("OPF-003", Usage);
    /// The manifest lists the package document itself.
    ManifestSelf = "MANIFEST-SELF", EpubCheck("OPF-099", Error);
    /// A manifest item lies in `META-INF`.
    ManifestInMetaInf = "MANIFEST-IN-META-INF", EpubCheck("PKG-025", Error);
    /// A spine itemref property is not one EPUB defines.
    SpinePropertyUnknown = "SPINE-PROPERTY-UNKNOWN", EpubCheck("OPF-027", Error);
    /// A package-wide rendition or media property is given more than once.
    OpfPropertyRepeated = "OPF-PROPERTY-REPEATED", EpubCheck("RSC-005", Error);
    /// An item property is not one EPUB defines.
    ManifestPropertyUnknown = "MANIFEST-PROPERTY-UNKNOWN", EpubCheck("OPF-027", Error);
    /// A fallback chain runs in a circle.
    ManifestFallbackCircular = "MANIFEST-FALLBACK-CIRCULAR", EpubCheck("OPF-045", Error);
    /// A URL leaves the container.
    UrlLeaks = "URL-LEAKS", EpubCheck("RSC-026", Error);
    /// A spine item is a remote resource.
    SpineRemote = "SPINE-REMOTE", EpubCheck("RSC-006", Error);
    /// A content document is a remote resource.
    ManifestRemoteContent = "MANIFEST-REMOTE-CONTENT", EpubCheck("RSC-006", Error);
    /// EPUB 2: the spine names no NCX.
    SpineNcxMissing = "SPINE-NCX-MISSING", EpubCheck("RSC-005", Error);
    /// A non-linear spine item is reached by no link.
    SpineNonLinearUnreachable = "SPINE-NON-LINEAR-UNREACHABLE", EpubCheck("OPF-096", Error);
    /// A package `<link>` to a book file has no media type.
    OpfLinkMediaType = "OPF-LINK-MEDIA-TYPE", EpubCheck("OPF-093", Error);
    /// No item has `properties="nav"`.
    ManifestNavMissing = "MANIFEST-NAV-MISSING", EpubCheck("RSC-005", Error);
    /// More than one item has `properties="nav"`.
    ManifestNavDuplicate = "MANIFEST-NAV-DUPLICATE", EpubCheck("RSC-005", Error);
    /// The navigation document is not XHTML.
    ManifestNavMediaType = "MANIFEST-NAV-MEDIA-TYPE", EpubCheck("RSC-005", Error);
    /// The spine has no itemref.
    SpineEmpty = "SPINE-EMPTY", EpubCheck("RSC-005", Error);
    /// An itemref names no manifest item.
    SpineIdrefUnknown = "SPINE-IDREF-UNKNOWN", EpubCheck("OPF-049", Error);
    /// An item is in the spine twice.
    SpineDuplicateIdref = "SPINE-DUPLICATE-IDREF", EpubCheckByVersion("RSC-005", "OPF-034", Error);
    /// A spine item is neither XHTML nor SVG, without fallback.
    SpineMediaType = "SPINE-MEDIA-TYPE", EpubCheck("OPF-043", Error);
    /// The root is not `<html>` in the XHTML namespace.
    XhtmlRoot = "XHTML-ROOT", EpubCheck("RSC-005", Error);
    /// `<html>` has no `xml:lang` or `lang`.
    XhtmlLangMissing = "XHTML-LANG-MISSING", Own;
    /// No `<title>` in `<head>`.
    XhtmlTitleMissing = "XHTML-TITLE-MISSING", EpubCheck("RSC-017", Warning);
    /// An id is used twice in one document.
    XhtmlDuplicateId = "XHTML-DUPLICATE-ID", EpubCheck("RSC-005", Error);
    /// An id is empty, holds spaces or (EPUB 2) is not an XML name.
    XhtmlIdInvalid = "XHTML-ID-INVALID", EpubCheck("RSC-005", Error);
    /// An element is not HTML (EPUB 2: not XHTML 1.1).
    XhtmlElementUnknown = "XHTML-ELEMENT-UNKNOWN", EpubCheck("RSC-005", Error);
    /// EPUB 3: a DPUB-ARIA role that is deprecated (`doc-endnote`, `doc-biblioentry`).
    XhtmlRoleDeprecated = "XHTML-ROLE-DEPRECATED", EpubCheck("RSC-017", Warning);
    /// An element lacks an attribute it requires.
    XhtmlAttributeMissing = "XHTML-ATTRIBUTE-MISSING", EpubCheck("RSC-005", Error);
    /// An attribute the element does not allow.
    XhtmlAttributeObsolete = "XHTML-ATTRIBUTE-OBSOLETE", EpubCheck("RSC-005", Error);
    /// An attribute the element may not have in this EPUB version.
    XhtmlAttributeNotAllowed = "XHTML-ATTRIBUTE-NOT-ALLOWED", EpubCheck("RSC-005", Error);
    /// EPUB 2: an element XHTML 1.1 requires children of is empty.
    XhtmlContentIncomplete = "XHTML-CONTENT-INCOMPLETE", EpubCheck("RSC-005", Error);
    /// EPUB 2: a `lang` or `xml:lang` value is not a language tag.
    XhtmlLangInvalid = "XHTML-LANG-INVALID", EpubCheck("RSC-005", Error);
    /// A block element inside a text-level one.
    XhtmlBlockInInline = "XHTML-BLOCK-IN-INLINE", EpubCheck("RSC-005", Error);
    /// An element inside one it may not be in.
    XhtmlNesting = "XHTML-NESTING", EpubCheck("RSC-005", Error);
    /// A URL breaks the URL syntax (a space, `{`, `[`, `|`, a backslash, a stray `%`...).
    UrlSyntax = "URL-SYNTAX", EpubCheck("RSC-020", Error);
    /// A URL cannot name a file in the book.
    LinkInvalid = "LINK-INVALID", EpubCheck("RSC-020", Error);
    /// A link leads to a file that is not in the book.
    LinkTargetMissing = "LINK-TARGET-MISSING", EpubCheck("RSC-007", Error);
    /// A link's `#fragment` names no id of its target.
    LinkFragmentMissing = "LINK-FRAGMENT-MISSING", EpubCheck("RSC-012", Error);
    /// A hyperlink leads to a document outside the spine.
    LinkNotInSpine = "LINK-NOT-IN-SPINE", EpubCheck("RSC-011", Error);
    /// A link leads to a file that is in the zip but not the manifest.
    LinkTargetUndeclared = "LINK-TARGET-UNDECLARED", EpubCheck("RSC-008", Error);
    /// A hyperlink is a `data:` URL.
    LinkDataUrl = "LINK-DATA-URL", EpubCheck("RSC-029", Error);
    /// A URL is a `file:` URL.
    LinkFileUrl = "LINK-FILE-URL", EpubCheck("RSC-030", Error);
    /// A stylesheet link has a fragment.
    LinkStylesheetFragment = "LINK-STYLESHEET-FRAGMENT", EpubCheck("RSC-013", Error);
    /// A link's `#fragment` names an SVG definition it cannot use (a hyperlink to a `symbol`).
    LinkFragmentType = "LINK-FRAGMENT-TYPE", EpubCheck("RSC-014", Error);
    /// An SVG `use` names no fragment.
    SvgUseNoFragment = "SVG-USE-NO-FRAGMENT", EpubCheck("RSC-015", Error);
    /// A remote resource that may not be remote.
    RemoteResource = "REMOTE-RESOURCE", EpubCheck("RSC-006", Error);
    /// A remote resource the manifest does not list.
    RemoteUndeclared = "REMOTE-UNDECLARED", EpubCheck("RSC-008", Error);
    /// A foreign resource without a core-type fallback.
    ResourceNoFallback = "RESOURCE-NO-FALLBACK", EpubCheck("RSC-032", Error);
    /// A `picture`'s `img` is not a core image type.
    PictureImgForeign = "PICTURE-IMG-FOREIGN", EpubCheck("MED-003", Error);
    /// A `picture`'s foreign `source` has no `type`.
    PictureSourceNoType = "PICTURE-SOURCE-NO-TYPE", EpubCheck("MED_007", Error);
    /// An image's bytes are not its declared media type.
    ImageTypeMismatch = "IMAGE-TYPE-MISMATCH", EpubCheck("OPF-029", Error);
    /// An image's bytes are not an image.
    ImageCorrupt = "IMAGE-CORRUPT", EpubCheck("MED-004", Error);
    /// A DOCTYPE has an external identifier EPUB 3 does not allow.
    XmlExternalIdentifier = "XML-EXTERNAL-IDENTIFIER", EpubCheck("OPF-073", Error);
    /// An NCX link leads to nothing.
    NcxLinkMissing = "NCX-LINK-MISSING", EpubCheck("RSC-012", Error);
    /// A document needs a manifest property it lacks (`scripted`, `svg`...).
    PropertyUndeclared = "PROPERTY-UNDECLARED", EpubCheck("OPF-014", Error);
    /// A manifest property the document does not need.
    PropertyUnneeded = "PROPERTY-UNNEEDED", EpubCheck("OPF-015", Error);
    /// `lang` and `xml:lang` disagree.
    XhtmlLangMismatch = "XHTML-LANG-MISMATCH", EpubCheck("RSC-005", Error);
    /// The toc does not follow the reading order.
    NavTocOrder = "NAV-TOC-ORDER", EpubCheck("NAV-011", Warning);
    /// A toc, page-list or landmarks link is remote.
    NavLinkRemote = "NAV-LINK-REMOTE", EpubCheck("NAV-010", Error);
    /// A stylesheet's `@charset` is not UTF-8.
    CssCharset = "CSS-CHARSET", EpubCheck("CSS-004", Error);
    /// A media overlay's text target is missing.
    OverlayTextMissing = "OVERLAY-TEXT-MISSING", EpubCheck("RSC-012", Error);
    /// A media overlay's audio is not a core audio type.
    OverlayAudioType = "OVERLAY-AUDIO-TYPE", EpubCheck("MED-005", Error);
    /// Two documents share one media overlay.
    OverlayShared = "OVERLAY-SHARED", EpubCheck("MED_011", Error);
    /// A document read by an overlay lacks `media-overlay`.
    OverlayAttributeMissing = "OVERLAY-ATTRIBUTE-MISSING", EpubCheck("MED_010", Error);
    /// A document's `media-overlay` is not the overlay that reads it.
    OverlayWrong = "OVERLAY-WRONG", EpubCheck("MED_012", Error);
    /// An overlay reads a document that does not name it.
    OverlayUnused = "OVERLAY-UNUSED", EpubCheck("MED_013", Error);
    /// A playback class is declared without a stylesheet.
    OverlayClassNoCss = "OVERLAY-CLASS-NO-CSS", EpubCheck("CSS-030", Error);
    /// A fixed-layout document has no viewport.
    FxlViewportMissing = "FXL-VIEWPORT-MISSING", EpubCheck("HTM-046", Error);
    /// A viewport is not well formed.
    FxlViewportSyntax = "FXL-VIEWPORT-SYNTAX", EpubCheck("HTM-047", Error);
    /// A viewport lacks a width or height.
    FxlViewportIncomplete = "FXL-VIEWPORT-INCOMPLETE", EpubCheck("HTM_056", Error);
    /// A viewport width or height is not a number.
    FxlViewportValue = "FXL-VIEWPORT-VALUE", EpubCheck("HTM_057", Error);
    /// A viewport gives a width or height twice.
    FxlViewportDuplicate = "FXL-VIEWPORT-DUPLICATE", EpubCheck("HTM_059", Error);
    /// A fixed-layout SVG has no `viewBox`.
    FxlSvgViewbox = "FXL-SVG-VIEWBOX", EpubCheck("HTM-048", Error);
    /// `direction` or `unicode-bidi` in a stylesheet.
    CssPropertyForbidden = "CSS-PROPERTY-FORBIDDEN", EpubCheck("CSS-001", Error);
    /// A stylesheet leaves a block open.
    CssSyntax = "CSS-SYNTAX", EpubCheck("CSS-008", Error);
    /// An `@font-face` has an empty URL.
    CssFontUrlEmpty = "CSS-FONT-URL-EMPTY", EpubCheck("CSS-002", Error);
    /// A navigation link has no text.
    NavLinkNoText = "NAV-LINK-NO-TEXT", EpubCheck("RSC-005", Error);
    /// A navigation link leads to something not a content document.
    NavLinkNotContent = "NAV-LINK-NOT-CONTENT", EpubCheck("RSC-010", Error);
    /// No `<nav epub:type="toc">`.
    NavTocMissing = "NAV-TOC-MISSING", EpubCheck("RSC-005", Error);
    /// The toc `<nav>` has no `<ol>`.
    NavTocNoOl = "NAV-TOC-NO-OL", EpubCheck("RSC-005", Error);
    /// A noteref leads to no element.
    NoteTargetMissing = "NOTE-TARGET-MISSING", EpubCheck("RSC-012", Error);
    /// A note has no backlink to its noteref.
    NoteNoBacklink = "NOTE-NO-BACKLINK", Own;
    /// A backlink leads to no element.
    BacklinkTargetMissing = "BACKLINK-TARGET-MISSING", EpubCheck("RSC-012", Error);
    /// A backlink leads to something that is not a noteref.
    BacklinkNotNoteref = "BACKLINK-NOT-NOTEREF", Own;
    /// A backlink's noteref points at another note.
    BacklinkMismatch = "BACKLINK-MISMATCH", Own;
    /// A message of EPUBCheck itself (`--epubcheck`).
    Epubcheck = "EPUBCHECK", Relayed;
}

/// The severity a finding of this rule has, when checking any book.
pub fn severity(rule: Rule) -> Severity {
    match rule {
        EpubCheck(_, severity) | EpubCheckByVersion(_, _, severity) | Limit(severity) => severity,
        Own => Warning,
        Relayed => Error,
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl Code {
    /// The code table of the module documentation and docs/checking.md, in
    /// Markdown: code, EPUBCheck id, severity for any book, meaning.
    pub fn table() -> String {
        let mut table = String::from(
            "| code | EPUBCheck | severity | what is wrong |\n| --- | --- | --- | --- |\n",
        );
        for code in Code::ALL {
            let (id, severity) = match code.rule() {
                EpubCheck(id, severity) => (format!("`{id}`"), severity.as_str()),
                EpubCheckByVersion(id, epub2, severity) => {
                    (format!("`{id}` (EPUB 2: `{epub2}`)"), severity.as_str())
                }
                Own => ("—".to_owned(), "warning (error under `--strict`)"),
                Limit(severity) => ("—".to_owned(), severity.as_str()),
                Relayed => ("its own".to_owned(), "its own"),
            };
            table.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                code.as_str(),
                id,
                severity,
                code.meaning()
            ));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_once() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    /// The tables a reader sees are the list itself: the module documentation
    /// (as `//!` lines) and docs/checking.md.
    #[test]
    fn documented_tables_are_the_list() {
        let table = Code::table();
        let module: String = table.lines().map(|line| format!("//! {line}\n")).collect();
        assert!(
            include_str!("mod.rs").contains(&module),
            "src/check/mod.rs's code table differs from the list; it should read:\n{module}"
        );
        assert!(
            include_str!("../../docs/checking.md").contains(&table),
            "docs/checking.md's code table differs from the list; it should read:\n{table}"
        );
    }
}
