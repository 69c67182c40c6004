//! Whether a source is an HTML page: by its file name, or, for a file named
//! as Markdown or text, by how it opens.

use std::path::Path;

/// File endings read as HTML pages.
pub const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// Whether the source at `path` with text `text` is HTML: its name ends in
/// `.html`, `.htm` or `.xhtml`, or it opens (after a byte-order mark and
/// white space, and an XML declaration) with `<!DOCTYPE html` or `<html`.
/// HTML inside a Markdown text is Markdown's business: only a whole page is
/// read as one.
pub fn is_html(text: &str, path: &Path) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| HTML_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    named || opens_as_html(text)
}

/// Whether a text opens as an HTML document.
pub fn opens_as_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    if rest.starts_with("<?xml") {
        match rest.find("?>") {
            Some(end) => rest = rest[end + 2..].trim_start(),
            None => return false,
        }
    }
    let head = rest.get(..14).unwrap_or(rest).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_by_name_or_by_its_opening() {
        assert!(is_html("text", Path::new("a.HTML")));
        assert!(is_html("text", Path::new("a.xhtml")));
        assert!(is_html(
            "\u{feff}\n <!DOCTYPE html>\n<p>x",
            Path::new("a.md")
        ));
        assert!(is_html(
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            Path::new("a.txt")
        ));
        assert!(!is_html("# Title\n\n<div>raw</div>\n", Path::new("a.md")));
        assert!(!is_html("<div>a fragment</div>", Path::new("a.md")));
    }
}
