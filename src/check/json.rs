//! Findings as JSON, written by hand with a fixed field order so that the
//! output is stable enough to diff and to snapshot in tests.

use std::fmt::Write;
use std::path::Path;

use super::{Finding, Severity};

/// Renders the findings about `book`, checked against EPUB `version` (when
/// the package document said), as a JSON object:
///
/// ```json
/// {"book": "…", "epub_version": "3.0" | null, "valid": false, "clean": false,
///  "fatal": 0, "errors": 1, "warnings": 0, "usage": 0,
///  "findings": [{"severity": "error", "code": "…", "epubcheck": "RSC-007" | null,
///                "location": "…" | null, "message": "…"}]}
/// ```
///
/// `valid` means no fatal or error finding; `clean` means no finding at all.
pub fn findings_to_json(book: &Path, version: Option<&str>, findings: &[Finding]) -> String {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let optional = |value: Option<&str>| value.map_or_else(|| "null".to_owned(), string);
    let mut out = String::new();
    out.push_str("{\n");
    let _ = writeln!(out, "  \"book\": {},", string(&book.to_string_lossy()));
    let _ = writeln!(out, "  \"epub_version\": {},", optional(version));
    let valid = !findings.iter().any(|f| f.severity.fails());
    let _ = writeln!(out, "  \"valid\": {valid},");
    let _ = writeln!(out, "  \"clean\": {},", findings.is_empty());
    let _ = writeln!(out, "  \"fatal\": {},", count(Severity::Fatal));
    let _ = writeln!(out, "  \"errors\": {},", count(Severity::Error));
    let _ = writeln!(out, "  \"warnings\": {},", count(Severity::Warning));
    let _ = writeln!(out, "  \"usage\": {},", count(Severity::Usage));
    if findings.is_empty() {
        out.push_str("  \"findings\": []\n}");
        return out;
    }
    out.push_str("  \"findings\": [\n");
    for (i, finding) in findings.iter().enumerate() {
        let _ = write!(
            out,
            "    {{\"severity\": {}, \"code\": {}, \"epubcheck\": {}, \"location\": {}, \"message\": {}}}",
            string(finding.severity.as_str()),
            string(finding.code.as_str()),
            optional(finding.epubcheck.as_deref()),
            optional(finding.location.as_deref()),
            string(&finding.message)
        );
        out.push_str(if i + 1 < findings.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]\n}");
    out
}

/// A JSON string literal.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Code;

    #[test]
    fn escapes_and_orders_fields() {
        let findings = vec![
            Finding::new(
                Code::LinkTargetMissing,
                Some("x\"y.xhtml:3".to_owned()),
                "back\\slash\tand\u{1}",
            ),
            Finding::new(Code::NoteNoBacklink, None, "plain"),
        ];
        let json = findings_to_json(Path::new("book.epub"), Some("3.0"), &findings);
        assert_eq!(
            json,
            "{\n  \"book\": \"book.epub\",\n  \"epub_version\": \"3.0\",\n  \"valid\": false,\n  \"clean\": false,\n  \"fatal\": 0,\n  \"errors\": 1,\n  \"warnings\": 1,\n  \"usage\": 0,\n  \"findings\": [\n    {\"severity\": \"error\", \"code\": \"LINK-TARGET-MISSING\", \"epubcheck\": \"RSC-007\", \"location\": \"x\\\"y.xhtml:3\", \"message\": \"back\\\\slash\\\\tand\\\\u{1}\"},\n    {\"severity\": \"warning\", \"code\": \"NOTE-NO-BACKLINK\", \"epubcheck\": null, \"location\": null, \"message\": \"plain\"}\n  ]\n}"
        );
    }

    #[test]
    fn an_empty_list_is_clean() {
        let json = findings_to_json(Path::new("b.epub"), None, &[]);
        assert!(json.contains("\"clean\": true") && json.contains("\"findings\": []"));
        assert!(json.contains("\"valid\": true") && json.contains("\"epub_version\": null"));
        assert!(string("\u{7}") == "\"\\u0007\"");
    }
}
