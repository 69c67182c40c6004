//! Resolving the relative URLs found in a book to zip entry names.
//!
//! Entry names are stored unescaped, while hrefs are URLs: a reference is
//! percent-decoded, joined with the folder of the document it appears in, and
//! normalised (`.` and `..` removed) before it is compared with entry names.

use unicode_normalization::UnicodeNormalization;

/// What a URL in the book refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Has a scheme (`https:`, `mailto:` …) or is network-path (`//host`):
    /// outside the book, never followed.
    External,
    /// A file inside the container, with an optional fragment (both decoded).
    Internal {
        path: String,
        fragment: Option<String>,
    },
}

/// Resolves `href`, found in the entry `base_file`, to an entry name.
///
/// The error explains why the URL cannot name a file in the book.
pub fn resolve(base_file: &str, href: &str) -> Result<Reference, String> {
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if has_scheme(href) || href.starts_with("//") {
        return Ok(Reference::External);
    }
    let (before_fragment, fragment) = match href.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (href, None),
    };
    let path_part = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(path, _)| path);
    let fragment = fragment.map(percent_decode).transpose()?;
    if path_part.is_empty() {
        return Ok(Reference::Internal {
            path: base_file.to_owned(),
            fragment,
        });
    }
    let decoded = percent_decode(path_part)?;
    let path = match decoded.strip_prefix('/') {
        Some(from_root) => normalise("", from_root)?.0,
        None => normalise(parent_folder(base_file), &decoded)?.0,
    };
    // File names are compared as Unicode NFC, as EPUBCheck does: "ü" may be
    // one character in the zip and u + combining accent in an href.
    let path = path.nfc().collect();
    Ok(Reference::Internal { path, fragment })
}

/// True when a relative URL leaves the container: path-absolute (`/x`), or
/// climbing above the root with `..`. Such URLs resolve differently on each
/// reading system (EPUBCheck's RSC-026).
pub fn leaks(base_file: &str, href: &str) -> bool {
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if has_scheme(href) || href.starts_with("//") {
        return false;
    }
    let path_part = href.split(['#', '?']).next().unwrap_or("");
    if path_part.starts_with('/') {
        return true;
    }
    let decoded = percent_decode(path_part).unwrap_or_default();
    normalise(parent_folder(base_file), &decoded).is_ok_and(|(_, climbed)| climbed)
}

/// The folder part of an entry name, without the trailing slash.
pub fn parent_folder(entry: &str) -> &str {
    entry.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// True when the URL starts with `scheme:` as defined by RFC 3986.
fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Joins `relative` onto `folder` and removes `.` and `..` segments. A `..`
/// at the root stays at the root, as in any URL; the flag says it happened.
fn normalise(folder: &str, relative: &str) -> Result<(String, bool), String> {
    let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let mut climbed = false;
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => climbed |= segments.pop().is_none(),
            name => segments.push(name),
        }
    }
    if segments.is_empty() {
        return Err("it names the container root, not a file".to_owned());
    }
    Ok((segments.join("/"), climbed))
}

/// Decodes `%XX` escapes; the result must be UTF-8.
pub fn percent_decode(text: &str) -> Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let value = bytes
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| "it has a `%` that is not followed by two hex digits".to_owned())?;
            decoded.push(value);
            i += 3;
        } else {
            decoded.push(byte);
            i += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| "its percent-escapes do not decode to UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Reference {
        Reference::Internal {
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        }
    }

    #[test]
    fn resolves_relative_to_the_document_folder() {
        assert_eq!(
            resolve("OEBPS/a.xhtml", "b.xhtml#n1"),
            Ok(internal("OEBPS/b.xhtml", Some("n1")))
        );
        assert_eq!(
            resolve("OEBPS/text/a.xhtml", "../css/s.css"),
            Ok(internal("OEBPS/css/s.css", None))
        );
        assert_eq!(
            resolve("OEBPS/a.xhtml", "#top"),
            Ok(internal("OEBPS/a.xhtml", Some("top")))
        );
        assert_eq!(
            resolve("content.opf", "./x%20y.xhtml"),
            Ok(internal("x y.xhtml", None))
        );
        assert_eq!(
            resolve("OEBPS/a.xhtml", "/img/c.png"),
            Ok(internal("img/c.png", None))
        );
    }

    #[test]
    fn leaves_external_links_alone() {
        for href in [
            "https://example.org/",
            "mailto:a@b.c",
            "//cdn.example/x.css",
            "urn:isbn:1",
        ] {
            assert_eq!(
                resolve("OEBPS/a.xhtml", href),
                Ok(Reference::External),
                "{href}"
            );
        }
    }

    #[test]
    fn climbing_out_stays_inside_and_is_told() {
        assert_eq!(
            resolve("OEBPS/a.xhtml", "../../etc/passwd"),
            Ok(internal("etc/passwd", None))
        );
        assert!(leaks("OEBPS/a.xhtml", "../../etc/passwd"));
        assert!(leaks("OEBPS/a.xhtml", "/OEBPS/b.xhtml"));
        assert!(!leaks("OEBPS/a.xhtml", "../b.xhtml"));
        assert!(!leaks("OEBPS/a.xhtml", "https://example.org/"));
    }

    #[test]
    fn file_names_compare_as_nfc() {
        assert_eq!(
            resolve("a.xhtml", "u\u{308}.xhtml"),
            Ok(internal("\u{fc}.xhtml", None))
        );
    }

    #[test]
    fn rejects_bad_encoding() {
        assert!(resolve("OEBPS/a.xhtml", "b%2.xhtml").is_err());
        assert!(resolve("OEBPS/a.xhtml", "b%ff.xhtml").is_err());
        assert!(resolve("a.xhtml", "%").is_err());
    }
}
