//! Which character encoding a source is in, and its text.
//!
//! In this order: an encoding the manifest (or the front matter) names; a
//! byte-order mark; valid UTF-8; UTF-8 with a few stray bytes (each becomes
//! U+FFFD, with a warning giving its line); otherwise the encoding a detector
//! names, with a warning saying so. Only binary data is refused.

use crate::diagnostic::{SourceWarning, WarningCode};
use encoding_rs::{Encoding, UTF_8};

/// At most one stray byte in this many keeps a file UTF-8: a few bytes
/// damaged in copying, not a file written in another encoding.
const STRAY_BYTES_PER: usize = 1000;

/// How many stray-byte lines a warning lists before it says "and N more".
const LINES_LISTED: usize = 12;

/// Text with more of these control characters (other than tab and line ends)
/// per hundred characters is binary data in whatever encoding it is read.
const CONTROL_PER_HUNDRED: usize = 10;

/// A source's text and what was noticed reading it.
#[derive(Debug)]
pub struct Decoded {
    /// The text, decoded.
    pub text: String,
    /// The encoding's name, e.g. `UTF-8` or `windows-1252`.
    pub encoding: &'static str,
    /// (line, message) warnings.
    pub warnings: Vec<SourceWarning>,
}

/// Why bytes are not text: (line, message).
#[derive(Debug, PartialEq)]
pub struct NotText {
    /// The line it is on, when there is one.
    pub line: Option<usize>,
    /// Why, and what to do.
    pub message: String,
}

/// Finds the `Encoding` a label such as `latin1` or `windows-1252` names.
pub fn named(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`; `forced` is an encoding label the user gave (manifest).
/// A UTF-8 text with nothing naming another encoding (most sources) becomes
/// the text without being copied.
pub fn decode(bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, NotText> {
    if let Some(decoded) = decode_declared(&bytes, forced)? {
        return Ok(decoded);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            warnings: Vec::new(),
        }),
        Err(not_utf8) => decode_undeclared(not_utf8.as_bytes()),
    }
}

/// The text of `bytes` when something names its encoding (`forced`, the
/// front matter, a byte-order mark); an error when they are no text; `None`
/// for UTF-8 or an encoding to be found.
fn decode_declared(bytes: &[u8], forced: Option<&str>) -> Result<Option<Decoded>, NotText> {
    if let Some(refusal) = document_format(bytes) {
        return Err(NotText {
            line: None,
            message: refusal.to_string(),
        });
    }
    if let Some(label) = forced
        .map(str::to_string)
        .or_else(|| front_matter_label(bytes))
    {
        let encoding = named(&label).ok_or_else(|| NotText {
            line: None,
            message: format!(
                "`encoding`: \"{label}\" is not an encoding quire knows (try utf-8, windows-1252, latin1, utf-16)"
            ),
        })?;
        let (text, _, had_errors) = encoding.decode(bytes);
        let mut warnings = Vec::new();
        if had_errors {
            warnings.push(SourceWarning::new(
                None,
                WarningCode::EncodingReplaced,
                format!(
                    "some bytes are not {} text; each became U+FFFD",
                    encoding.name()
                ),
            ));
        }
        return Ok(Some(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings,
        }));
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        let warnings = if had_errors {
            vec![SourceWarning::new(None, WarningCode::EncodingReplaced, format!("some bytes are not {} text, though a byte-order mark names it; each became U+FFFD", encoding.name()))]
        } else {
            Vec::new()
        };
        return Ok(Some(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            warnings,
        }));
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(NotText {
            line: Some(line_at(bytes, at)),
            message: format!("the source holds binary data (a NUL byte at offset {at}); quire reads Markdown text"),
        });
    }
    Ok(None)
}

/// The text of `bytes`, not UTF-8 and with nothing naming its encoding:
/// UTF-8 with stray bytes, or the encoding its bytes show.
fn decode_undeclared(bytes: &[u8]) -> Result<Decoded, NotText> {
    let stray = stray_utf8_bytes(bytes);
    let multi_byte = bytes.iter().filter(|&&b| b >= 0xC0).count() > stray.len();
    if multi_byte && stray.len() * STRAY_BYTES_PER <= bytes.len() {
        let mut lines: Vec<usize> = stray.iter().map(|&at| line_at(bytes, at)).collect();
        lines.dedup();
        let listed: Vec<String> = lines
            .iter()
            .take(LINES_LISTED)
            .map(usize::to_string)
            .collect();
        let more = lines.len().saturating_sub(LINES_LISTED);
        let message = format!(
            "{} byte{} not UTF-8 in a UTF-8 text, each replaced by U+FFFD, on line{} {}{}",
            stray.len(),
            if stray.len() == 1 { " is" } else { "s are" },
            if lines.len() == 1 { "" } else { "s" },
            listed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8.name(),
            warnings: vec![SourceWarning::new(
                lines.first().copied(),
                WarningCode::EncodingReplaced,
                message,
            )],
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if controls * 100 > text.chars().count() * CONTROL_PER_HUNDRED {
        return Err(NotText {
            line: None,
            message: "the source is binary data, not text in any encoding quire can find; quire reads Markdown text".into(),
        });
    }
    let first = stray_utf8_bytes(bytes)
        .first()
        .map(|&at| line_at(bytes, at));
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warnings: vec![SourceWarning::new(
            first,
            WarningCode::EncodingGuessed,
            format!(
                "the source is not UTF-8; it was read as {} (detected); if that is wrong, name the encoding with `encoding` in the manifest or front matter",
                encoding.name()
            ),
        )],
    })
}

/// Offsets of the bytes that break UTF-8.
fn stray_utf8_bytes(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => break,
            Err(e) => {
                let bad = at + e.valid_up_to();
                let len = e.error_len().unwrap_or(bytes.len() - bad);
                out.extend(bad..bad + len);
                at = bad + len;
            }
        }
    }
    out
}

/// The line (from 1) of the byte at `offset`.
pub(crate) fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The `encoding:` of a leading `---` front-matter block, read from the raw
/// bytes (front matter is ASCII in every encoding that matters here).
fn front_matter_label(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    if lines.next()?.trim() != "---" {
        return None;
    }
    lines
        .take_while(|l| !matches!(l.trim(), "---" | "..."))
        .find_map(|l| l.strip_prefix("encoding:"))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|v| !v.is_empty())
}

/// A file of a document format quire does not read, known by its first
/// bytes, and the sentence that refuses it with the command that converts it.
fn document_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("the source is a PDF, not text: convert it first (e.g. `pdftotext -layout essay.pdf essay.md`, or a PDF-to-Markdown converter), then build the .md");
    }
    // DOCX, ODT and EPUB are zip files; the entries near the start say which.
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let holds = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    Some(
        if holds(b"application/epub+zip") || holds(b"META-INF/container.xml") {
            "the source is an EPUB book already: `quire check` checks it; to rebuild it, convert it to Markdown first (`pandoc -t gfm book.epub -o book.md`)"
        } else if holds(b"application/vnd.oasis.opendocument.text") {
            "the source is an OpenDocument text (ODT), not Markdown: convert it first with `pandoc -t gfm essay.odt -o essay.md`, then build the .md"
        } else if holds(b"word/") || holds(b"[Content_Types].xml") {
            "the source is a Word document (DOCX), not Markdown: convert it first with `pandoc -t gfm essay.docx -o essay.md`, then build the .md"
        } else {
            "the source is a zip archive, not Markdown text: unpack it and build the Markdown inside"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_boms() {
        assert_eq!(decode("café".into(), None).unwrap().text, "café");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(utf16, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("hé", "UTF-16LE"));
    }

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_and_located() {
        let mut text = "Ça va, déjà vu.\n".repeat(100).into_bytes();
        text.extend(b"one bad \xff byte\n");
        let d = decode(text, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("bad \u{fffd} byte"));
        assert_eq!(d.warnings.len(), 1);
        assert!(
            d.warnings[0].message.contains("on line 101"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn windows_1252_is_detected_with_a_warning() {
        let d = decode(b"# T\n\ncaf\xe9 au lait, \x93quoted\x94\n".to_vec(), None).unwrap();
        assert!(
            d.text.contains("café au lait, \u{201c}quoted\u{201d}"),
            "{}",
            d.text
        );
        assert!(
            d.warnings[0].message.contains("read as windows-1252"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn a_named_encoding_wins() {
        let d = decode(b"caf\xe9".to_vec(), Some("latin1")).unwrap();
        assert_eq!(d.text, "café");
        let d = decode(
            b"---\nencoding: windows-1252\n---\n\ncaf\xe9\n".to_vec(),
            None,
        )
        .unwrap();
        assert!(d.text.ends_with("café\n") && d.warnings.is_empty());
        assert!(decode(b"x".to_vec(), Some("klingon")).is_err());
    }

    #[test]
    fn binary_data_is_refused() {
        let e = decode(b"# T\n\nsome\x00\x01".to_vec(), None).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(decode(
            [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xff, 0xfe, 0x08][2..].to_vec(),
            None
        )
        .is_err());
    }
}
