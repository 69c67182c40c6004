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

/// Schemes the URL standard parses with an authority (`scheme://host`).
const SPECIAL_SCHEMES: &[&str] = &["http", "https", "ftp", "ws", "wss"];

/// Why `href` is not a valid URL by the URL standard, which EPUB requires of
/// every URL it holds (EPUBCheck's RSC-020): a character URLs never carry
/// unescaped (a space, `{`, `[`, `|`, a backslash...), a `%` without two hex
/// digits, a second `#`, a tab or line break, a web address without `//` or
/// with an unusable host or port. A reading system may still repair such a
/// URL, each in its own way. Whitespace around the URL is allowed (the
/// attribute is trimmed), and inside a `data:` URL too (it is dropped).
pub fn syntax_error(href: &str) -> Option<String> {
    let trimmed = href.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let scheme = trimmed
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| has_scheme(&format!("{s}:")))
        .map(str::to_ascii_lowercase);
    let data;
    let href = if scheme.as_deref() == Some("data") {
        data = trimmed.replace(|c: char| c.is_ascii_whitespace(), "");
        data.as_str()
    } else {
        trimmed
    };
    if href.contains(['\t', '\n', '\r']) {
        return Some("it holds a tab or a line break".to_owned());
    }
    if href.contains('\\')
        && scheme
            .as_deref()
            .is_none_or(|s| SPECIAL_SCHEMES.contains(&s))
    {
        return Some("it uses a backslash (\\) where a URL has a slash".to_owned());
    }
    let mut rest = href;
    if let Some(scheme) = &scheme {
        rest = &href[scheme.len() + 1..];
        if SPECIAL_SCHEMES.contains(&scheme.as_str()) {
            let Some(after) = rest.strip_prefix("//") else {
                return Some(format!("\"{scheme}:\" is not followed by \"//\""));
            };
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            if let Some(problem) = authority_error(&after[..end]) {
                return Some(problem);
            }
            rest = &after[end..];
        }
    }
    let (before, fragment) = match rest.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (rest, None),
    };
    let part = |text: &str, name: &str| -> Option<String> {
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            if c == '%' {
                let hex = bytes.get(i + 1..i + 3);
                if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    return Some(format!(
                        "a % in its {name} is not followed by two hex digits"
                    ));
                }
            } else if !is_url_code_point(c) {
                return Some(format!(
                    "its {name} holds {c:?}, which a URL must percent-encode"
                ));
            }
        }
        None
    };
    let (path, query) = match before.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (before, None),
    };
    let path_name = if scheme.is_some()
        && !scheme
            .as_deref()
            .is_some_and(|s| SPECIAL_SCHEMES.contains(&s))
    {
        "address"
    } else {
        "path"
    };
    part(path, path_name)
        .or_else(|| query.and_then(|q| part(q, "query")))
        .or_else(|| fragment.and_then(|f| part(f, "fragment")))
}

/// What is wrong with the `user@host:port` of a web address, if anything.
fn authority_error(authority: &str) -> Option<String> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return Some("it names no host".to_owned());
    }
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((address, after)) = literal.split_once(']') else {
            return Some("its host opens a [ it does not close".to_owned());
        };
        if !address
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Some("its host is not an IPv6 address".to_owned());
        }
        (None, after.strip_prefix(':'))
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(host_port), None),
        }
    };
    if let Some(c) = host.and_then(|h| {
        h.chars()
            .find(|&c| c == ' ' || c.is_control() || matches!(c, '<' | '>' | '[' | ']' | '\\'))
    }) {
        return Some(format!("its host holds {c:?}"));
    }
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        if !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u32>().map_or(true, |n| n > 65_535)
        {
            return Some(format!("its port \"{port}\" is not a number below 65536"));
        }
    }
    None
}

/// A character a URL may hold unescaped: ASCII letters and digits, the
/// punctuation the URL standard allows, and any other Unicode character but
/// the non-characters.
fn is_url_code_point(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!$&'()*+,-./:;=?@_~".contains(c)
        || (c >= '\u{a0}'
            && !(('\u{fdd0}'..='\u{fdef}').contains(&c) || (c as u32 & 0xfffe) == 0xfffe))
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

    /// Each verdict is EPUBCheck 5.3's on the same URL in a link.
    #[test]
    fn url_syntax_as_epubcheck_judges_it() {
        for bad in [
            "c2.xhtml#p 1",
            "c 2.xhtml",
            "c2.xhtml#{p1}",
            "sub\\c2.xhtml",
            "c2[1].xhtml",
            "c2.xhtml#p[1]",
            "c2.xhtml#epubcfi(/6/4[chap01ref]!/4[body01]/10[para05]/3:10)",
            "c2.xhtml#a|b",
            "c2.xhtml#a^b",
            "c2.xhtml#a<b",
            "c2.xhtml#a%zz",
            "c2.xhtml#a#b",
            "c2\t.xhtml",
            "https://www.example .com",
            "https://example.com/a[1]",
            "https://example.com\\a",
            "https://example.com/{a}",
            "https://example.com/a`b",
            "https://example.com/a\"b",
            "https://example.com/?a=b|c",
            "https://example.com/#a b",
            "https:///a",
            "https:example.com",
            "https:/example.com",
            "http://example.com:99999/",
            "https://example.com:ab/",
            "http://[::1/",
            "mailto:a b@example.com",
            "tel:+1 555 0100",
            "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        ] {
            assert!(syntax_error(bad).is_some(), "{bad}");
        }
        for good in [
            " c2.xhtml ",
            "c2.xhtml#",
            "#",
            "c2.xhtml#epubcfi(/4/2)",
            "c2.xhtml#\u{e9}",
            "c2.xhtml#a:b",
            "c2.xhtml#p%31",
            "c%202.xhtml",
            "1:c2.xhtml",
            "https://example.com/a'(b)*!$;,=~",
            "https://user:pw@example.com/",
            "http://[::1]/",
            "https://ex\u{e4}mple.com/",
            "https://example.com:/",
            "mailto:a@example.com?subject=Hi%20there",
            "urn:isbn:978-3-16-148410-0",
            "javascript:void(0)",
            "data:image/png;base64,iVBORw0KGgo AAAA",
        ] {
            assert_eq!(syntax_error(good), None, "{good}");
        }
    }

    #[test]
    fn rejects_bad_encoding() {
        assert!(resolve("OEBPS/a.xhtml", "b%2.xhtml").is_err());
        assert!(resolve("OEBPS/a.xhtml", "b%ff.xhtml").is_err());
        assert!(resolve("a.xhtml", "%").is_err());
    }
}
