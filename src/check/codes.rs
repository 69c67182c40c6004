//! What each finding code means to EPUBCheck: its message id and severity.
//!
//! One table, so that the checker, its JSON output and the README agree. A
//! code EPUBCheck also reports carries EPUBCheck's id and severity, so that a
//! pipeline can gate on the same things. quire's own stricter rules (a
//! language on every document, notes linked both ways) have no EPUBCheck id:
//! they are warnings for any book, and errors only when asked for
//! ([`super::Finding::strict`]), so a valid book from another tool is never
//! failed for them. The checker's own safety limits are errors: past them
//! nothing more can be said about the book.

use super::Severity;

/// Where a finding code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// EPUBCheck reports the same defect, with this id and severity.
    EpubCheck(&'static str, Severity),
    /// A rule of quire's own, stricter than EPUB: a warning unless strict.
    Own,
    /// A bound the checker sets on untrusted input, or its own failure.
    Limit(Severity),
    /// A message of EPUBCheck itself (`quire check --epubcheck`), which
    /// carries the id and severity EPUBCheck gave it.
    Relayed,
}

use Rule::{EpubCheck, Limit, Own, Relayed};
use Severity::{Error, Fatal, Usage, Warning};

/// Every finding code the checker gives, with its rule.
pub const RULES: &[(&str, Rule)] = &[
    ("IO-OPEN", Limit(Fatal)),
    ("CHECK-INTERNAL", Limit(Error)),
    ("OCF-ZIP-UNREADABLE", EpubCheck("PKG-008", Fatal)),
    ("OCF-TOO-MANY-ENTRIES", Limit(Error)),
    ("OCF-TOO-LARGE", Limit(Error)),
    ("OCF-ZIP-BOMB", Limit(Error)),
    ("OCF-ENTRY-NAME", EpubCheck("PKG-009", Error)),
    ("OCF-ENTRY-CORRUPT", EpubCheck("PKG-008", Fatal)),
    ("OCF-MIMETYPE-MISSING", EpubCheck("PKG-006", Error)),
    ("OCF-MIMETYPE-FIRST", EpubCheck("PKG-006", Error)),
    ("OCF-MIMETYPE-COMPRESSED", EpubCheck("PKG-007", Error)),
    ("OCF-MIMETYPE-CONTENT", EpubCheck("PKG-007", Error)),
    ("OCF-MIMETYPE-EXTRA-FIELD", EpubCheck("PKG-005", Error)),
    ("OCF-NAME-ENCODING", EpubCheck("PKG-027", Error)),
    ("OCF-NAME-CHARACTER", EpubCheck("PKG-009", Error)),
    ("OCF-NAME-DUPLICATE", EpubCheck("OPF-060", Error)),
    ("OCF-CONTAINER-MISSING", EpubCheck("RSC-002", Fatal)),
    ("OCF-CONTAINER-INVALID", EpubCheck("RSC-005", Error)),
    ("OCF-ROOTFILE-MISSING", EpubCheck("RSC-003", Error)),
    ("OCF-CONTAINER-CONTENT", EpubCheck("RSC-005", Error)),
    ("OCF-META-INF-CONTENT", EpubCheck("RSC-005", Error)),
    ("OCF-OBFUSCATED-NOT-FONT", EpubCheck("PKG-026", Error)),
    ("OCF-ROOTFILE-MEDIA-TYPE", EpubCheck("RSC-003", Error)),
    ("OCF-ROOTFILE-NOT-FOUND", EpubCheck("OPF-002", Fatal)),
    ("XML-MALFORMED", EpubCheck("RSC-016", Fatal)),
    ("XML-ENCODING", EpubCheck("RSC-028", Error)),
    ("XML-ENTITY-DECL", Own),
    ("XML-DOCTYPE-SUBSET", Own),
    ("OPF-NOT-PACKAGE", EpubCheck("RSC-005", Error)),
    ("OPF-VERSION", EpubCheck("OPF-001", Error)),
    ("OPF-DUPLICATE-ID", EpubCheck("RSC-005", Error)),
    ("OPF-SECTION-MISSING", EpubCheck("RSC-005", Error)),
    ("OPF-UNIQUE-ID", EpubCheck("OPF-030", Error)),
    ("OPF-TITLE-MISSING", EpubCheck("RSC-005", Error)),
    ("OPF-LANGUAGE-MISSING", EpubCheck("RSC-005", Error)),
    ("OPF-LANGUAGE-INVALID", EpubCheck("OPF-092", Error)),
    ("OPF-DATE-INVALID", EpubCheck("OPF-054", Error)),
    ("OPF-MODIFIED-MISSING", EpubCheck("RSC-005", Error)),
    ("OPF-MODIFIED-DUPLICATE", EpubCheck("RSC-005", Error)),
    ("OPF-MODIFIED-FORMAT", EpubCheck("RSC-005", Error)),
    ("MANIFEST-ITEM-INVALID", EpubCheck("RSC-005", Error)),
    ("MANIFEST-HREF-INVALID", EpubCheck("RSC-020", Error)),
    ("MANIFEST-FILE-MISSING", EpubCheck("RSC-001", Error)),
    ("MANIFEST-DUPLICATE-HREF", EpubCheck("OPF-074", Error)),
    ("MANIFEST-UNLISTED", EpubCheck("OPF-003", Usage)),
    ("MANIFEST-SELF", EpubCheck("OPF-099", Error)),
    ("MANIFEST-IN-META-INF", EpubCheck("PKG-025", Error)),
    ("MANIFEST-PROPERTY-UNKNOWN", EpubCheck("OPF-027", Error)),
    ("MANIFEST-FALLBACK-CIRCULAR", EpubCheck("OPF-045", Error)),
    ("URL-LEAKS", EpubCheck("RSC-026", Error)),
    ("SPINE-REMOTE", EpubCheck("RSC-006", Error)),
    ("MANIFEST-REMOTE-CONTENT", EpubCheck("RSC-006", Error)),
    ("SPINE-NCX-MISSING", EpubCheck("RSC-005", Error)),
    ("SPINE-NON-LINEAR-UNREACHABLE", EpubCheck("OPF-096", Error)),
    ("OPF-LINK-MEDIA-TYPE", EpubCheck("OPF-093", Error)),
    ("MANIFEST-NAV-MISSING", EpubCheck("RSC-005", Error)),
    ("MANIFEST-NAV-DUPLICATE", EpubCheck("RSC-005", Error)),
    ("MANIFEST-NAV-MEDIA-TYPE", EpubCheck("RSC-005", Error)),
    ("SPINE-EMPTY", EpubCheck("RSC-005", Error)),
    ("SPINE-IDREF-UNKNOWN", EpubCheck("OPF-049", Error)),
    ("SPINE-DUPLICATE-IDREF", EpubCheck("OPF-034", Error)),
    ("SPINE-MEDIA-TYPE", EpubCheck("OPF-043", Error)),
    ("XHTML-ROOT", EpubCheck("RSC-005", Error)),
    ("XHTML-LANG-MISSING", Own),
    ("XHTML-TITLE-MISSING", EpubCheck("RSC-017", Warning)),
    ("XHTML-DUPLICATE-ID", EpubCheck("RSC-005", Error)),
    ("XHTML-ID-INVALID", EpubCheck("RSC-005", Error)),
    ("XHTML-ELEMENT-UNKNOWN", EpubCheck("RSC-005", Error)),
    ("XHTML-ATTRIBUTE-MISSING", EpubCheck("RSC-005", Error)),
    ("XHTML-ATTRIBUTE-OBSOLETE", EpubCheck("RSC-005", Error)),
    ("XHTML-BLOCK-IN-INLINE", EpubCheck("RSC-005", Error)),
    ("XHTML-NESTING", EpubCheck("RSC-005", Error)),
    ("LINK-INVALID", EpubCheck("RSC-020", Error)),
    ("LINK-TARGET-MISSING", EpubCheck("RSC-007", Error)),
    ("LINK-FRAGMENT-MISSING", EpubCheck("RSC-012", Error)),
    ("LINK-NOT-IN-SPINE", EpubCheck("RSC-011", Error)),
    ("LINK-TARGET-UNDECLARED", EpubCheck("RSC-008", Error)),
    ("LINK-DATA-URL", EpubCheck("RSC-029", Error)),
    ("LINK-FILE-URL", EpubCheck("RSC-030", Error)),
    ("LINK-STYLESHEET-FRAGMENT", EpubCheck("RSC-013", Error)),
    ("SVG-USE-NO-FRAGMENT", EpubCheck("RSC-015", Error)),
    ("REMOTE-RESOURCE", EpubCheck("RSC-006", Error)),
    ("REMOTE-UNDECLARED", EpubCheck("RSC-008", Error)),
    ("RESOURCE-NO-FALLBACK", EpubCheck("RSC-032", Error)),
    ("PICTURE-IMG-FOREIGN", EpubCheck("MED-003", Error)),
    ("PICTURE-SOURCE-NO-TYPE", EpubCheck("MED-007", Error)),
    ("IMAGE-TYPE-MISMATCH", EpubCheck("OPF-029", Error)),
    ("IMAGE-CORRUPT", EpubCheck("MED-004", Error)),
    ("XML-EXTERNAL-IDENTIFIER", EpubCheck("OPF-073", Error)),
    ("NCX-LINK-MISSING", EpubCheck("RSC-012", Error)),
    ("PROPERTY-UNDECLARED", EpubCheck("OPF-014", Error)),
    ("PROPERTY-UNNEEDED", EpubCheck("OPF-015", Error)),
    ("XHTML-LANG-MISMATCH", EpubCheck("RSC-005", Error)),
    ("NAV-LINK-REMOTE", EpubCheck("NAV-010", Error)),
    ("CSS-CHARSET", EpubCheck("CSS-004", Error)),
    ("OVERLAY-TEXT-MISSING", EpubCheck("RSC-012", Error)),
    ("OVERLAY-AUDIO-TYPE", EpubCheck("MED-005", Error)),
    ("OVERLAY-SHARED", EpubCheck("MED-011", Error)),
    ("OVERLAY-ATTRIBUTE-MISSING", EpubCheck("MED-010", Error)),
    ("OVERLAY-WRONG", EpubCheck("MED-012", Error)),
    ("OVERLAY-UNUSED", EpubCheck("MED-013", Error)),
    ("OVERLAY-CLASS-NO-CSS", EpubCheck("CSS-030", Error)),
    ("FXL-VIEWPORT-MISSING", EpubCheck("HTM-046", Error)),
    ("FXL-VIEWPORT-SYNTAX", EpubCheck("HTM-047", Error)),
    ("FXL-VIEWPORT-INCOMPLETE", EpubCheck("HTM-056", Error)),
    ("FXL-VIEWPORT-VALUE", EpubCheck("HTM-057", Error)),
    ("FXL-VIEWPORT-DUPLICATE", EpubCheck("HTM-059", Error)),
    ("FXL-SVG-VIEWBOX", EpubCheck("HTM-048", Error)),
    ("CSS-PROPERTY-FORBIDDEN", EpubCheck("CSS-001", Error)),
    ("CSS-SYNTAX", EpubCheck("CSS-008", Error)),
    ("CSS-FONT-URL-EMPTY", EpubCheck("CSS-002", Error)),
    ("NAV-LINK-NOT-CONTENT", EpubCheck("RSC-010", Error)),
    ("NAV-TOC-MISSING", EpubCheck("RSC-005", Error)),
    ("NAV-TOC-NO-OL", EpubCheck("RSC-005", Error)),
    ("NOTE-TARGET-MISSING", EpubCheck("RSC-012", Error)),
    ("NOTE-NO-BACKLINK", Own),
    ("BACKLINK-TARGET-MISSING", EpubCheck("RSC-012", Error)),
    ("BACKLINK-NOT-NOTEREF", Own),
    ("BACKLINK-MISMATCH", Own),
    ("EPUBCHECK", Relayed),
];

/// The rule of a finding code. A code missing from [`RULES`] is a bug: test
/// builds stop on it, release builds count it as the checker's own error.
pub fn rule(code: &str) -> Rule {
    let found = RULES.iter().find(|(c, _)| *c == code);
    debug_assert!(found.is_some(), "finding code {code} has no rule");
    found.map_or(Limit(Error), |(_, rule)| *rule)
}

/// The severity a finding of this rule has, when checking any book.
pub fn severity(rule: Rule) -> Severity {
    match rule {
        EpubCheck(_, severity) | Limit(severity) => severity,
        Own => Warning,
        Relayed => Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_once() {
        let mut codes: Vec<&str> = RULES.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }
}
