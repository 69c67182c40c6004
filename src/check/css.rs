//! A small, bounded CSS scanner: what a checker needs from a stylesheet
//! without a full CSS parser. It finds `url()` and `@import` references (and
//! whether they sit in `@font-face`), `@charset`, the properties EPUB
//! forbids, and braces left open. One linear pass; nothing is allocated per
//! character.

/// A URL a stylesheet refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    /// The URL as written, unquoted.
    pub value: String,
    /// 1-based line in the stylesheet.
    pub line: usize,
    /// Inside an `@font-face` rule: a font, which may be remote.
    pub in_font_face: bool,
}

/// What the scanner saw in one stylesheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Every `url()` and `@import`, in order.
    pub urls: Vec<CssUrl>,
    /// The `@charset` the sheet declares, if any.
    pub charset: Option<String>,
    /// `direction` and `unicode-bidi` declarations, which EPUB forbids
    /// (the markup's `dir` says it), with their lines.
    pub forbidden_properties: Vec<(String, usize)>,
    /// Line of the first block still open at the end, if any.
    pub unclosed: Option<usize>,
}

/// EPUB style sheets may not set these; `dir` in the markup does the work.
const FORBIDDEN_PROPERTIES: &[&str] = &["direction", "unicode-bidi"];

/// Scans `text`.
pub fn scan(text: &str) -> Sheet {
    let mut sheet = Sheet::default();
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut open: Vec<(usize, bool)> = Vec::new(); // (line, is font-face)
    let mut pending_font_face = false;
    let mut at_declaration_start = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                line += text[i..end].matches('\n').count();
                i = end;
            }
            b'"' | b'\'' => {
                let end = string_end(bytes, i);
                line += text[i..end].matches('\n').count();
                i = end;
            }
            b'{' => {
                open.push((line, pending_font_face));
                pending_font_face = false;
                at_declaration_start = true;
                i += 1;
            }
            b'}' => {
                open.pop();
                at_declaration_start = false;
                i += 1;
            }
            b';' => {
                at_declaration_start = !open.is_empty();
                i += 1;
            }
            b'@' => {
                let name_end = ident_end(bytes, i + 1);
                let name = text[i + 1..name_end].to_ascii_lowercase();
                match name.as_str() {
                    "font-face" => pending_font_face = true,
                    "charset" => {
                        let rest = &text[name_end..];
                        let quoted = rest.trim_start();
                        if let Some(q) = quoted.chars().next().filter(|c| *c == '"' || *c == '\'') {
                            let value = quoted[1..].split(q).next().unwrap_or("");
                            sheet.charset = Some(value.to_owned());
                        }
                    }
                    "import" => {
                        let rest = text[name_end..].trim_start();
                        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                            let value = rest[1..].split(q).next().unwrap_or("");
                            sheet.urls.push(CssUrl {
                                value: value.to_owned(),
                                line,
                                in_font_face: false,
                            });
                        }
                    }
                    // A namespace's url() names the namespace, not a resource.
                    "namespace" => {
                        let end = text[name_end..]
                            .find(';')
                            .map_or(text.len(), |e| name_end + e);
                        line += text[i..end].matches('\n').count();
                        i = end;
                        continue;
                    }
                    _ => {}
                }
                at_declaration_start = false;
                i = name_end.max(i + 1);
            }
            b if b.is_ascii_alphabetic() || b == b'-' || b == b'_' => {
                let end = ident_end(bytes, i);
                let word = &text[i..end];
                if bytes.get(end) == Some(&b'(') && word.eq_ignore_ascii_case("url") {
                    let (value, close) = url_value(text, end + 1);
                    sheet.urls.push(CssUrl {
                        value,
                        line,
                        in_font_face: open.iter().any(|(_, font)| *font),
                    });
                    line += text[i..close].matches('\n').count();
                    i = close;
                    continue;
                }
                if at_declaration_start {
                    let after = text[end..].trim_start_matches([' ', '\t', '\r', '\n']);
                    let property = word.to_ascii_lowercase();
                    if after.starts_with(':') && FORBIDDEN_PROPERTIES.contains(&property.as_str()) {
                        sheet.forbidden_properties.push((property, line));
                    }
                }
                at_declaration_start = false;
                i = end;
            }
            _ => {
                if !b.is_ascii_whitespace() {
                    at_declaration_start = false;
                }
                i += 1;
            }
        }
    }
    sheet.unclosed = open.first().map(|(line, _)| *line);
    sheet
}

/// Index just past the string starting at `start` (a quote), or the end.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'\n' => return i,
            _ if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Index just past the identifier starting at `start`.
fn ident_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || *b >= 0x80)
    {
        i += 1;
    }
    i
}

/// The URL of `url(` whose content starts at `start`, and the index past `)`.
fn url_value(text: &str, start: usize) -> (String, usize) {
    let rest = &text[start..];
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    if let Some(q) = trimmed.bytes().next().filter(|c| *c == b'"' || *c == b'\'') {
        let quote_at = start + skipped;
        let end = string_end(text.as_bytes(), quote_at);
        let closed = end > quote_at + 1 && text.as_bytes().get(end - 1) == Some(&q);
        let value_end = if closed { end - 1 } else { end };
        let value = text.get(quote_at + 1..value_end).unwrap_or("").to_owned();
        let close = text[end..].find(')').map_or(text.len(), |c| end + c + 1);
        return (value, close);
    }
    let close = rest.find(')').map_or(text.len(), |c| start + c + 1);
    let value = text[start..close.saturating_sub(1).max(start)]
        .trim()
        .to_owned();
    (value, close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_imports_and_fonts() {
        let sheet = scan(
            "@charset \"utf-8\";\n@import 'a.css';\n/* url(no.png) */\np { background: url( b.png ) }\n\
             @font-face { src: url(\"f.otf\") format('opentype') }\n",
        );
        let urls: Vec<(&str, usize, bool)> = sheet
            .urls
            .iter()
            .map(|u| (u.value.as_str(), u.line, u.in_font_face))
            .collect();
        assert_eq!(
            urls,
            [("a.css", 2, false), ("b.png", 4, false), ("f.otf", 5, true)]
        );
        assert_eq!(sheet.charset.as_deref(), Some("utf-8"));
        assert_eq!(sheet.unclosed, None);
        assert!(scan("@namespace x url('http://www.w3.org/1999/xlink');")
            .urls
            .is_empty());
    }

    #[test]
    fn finds_forbidden_properties_and_open_blocks() {
        let sheet = scan("p { color: red; direction: rtl }\nh1 {\n  unicode-bidi: embed;\n");
        assert_eq!(
            sheet.forbidden_properties,
            [("direction".to_owned(), 1), ("unicode-bidi".to_owned(), 3)]
        );
        assert_eq!(sheet.unclosed, Some(2));
        assert!(scan("p { content: \"direction: rtl\" }")
            .forbidden_properties
            .is_empty());
    }

    #[test]
    fn an_empty_url_is_kept_empty() {
        let sheet = scan("@font-face { src: url(''); }");
        assert_eq!(sheet.urls[0].value, "");
        assert!(sheet.urls[0].in_font_face);
    }
}
