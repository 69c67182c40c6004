//! Which addresses a book may link to.

/// An address a reading system can follow from a book: the web, mail, telephone.
pub(super) fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        && !lower.contains(char::is_whitespace)
}

pub(super) fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take(11)
        .filter(|c| !c.is_whitespace())
        .collect();
    scheme.to_ascii_lowercase().starts_with("javascript:")
        || scheme.to_ascii_lowercase().starts_with("vbscript:")
}
