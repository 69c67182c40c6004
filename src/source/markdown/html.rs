//! Inline and block HTML in Markdown: whether it would run, and its text.

/// Whether HTML carries something that would run: a script, a frame, an
/// `on…=` event handler or a `javascript:` address.
pub(super) fn has_active_content(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let handler = lower.match_indices(" on").any(|(at, _)| {
        let rest = &lower[at + 3..];
        let name_len = rest.chars().take_while(char::is_ascii_alphabetic).count();
        name_len > 0 && rest[name_len..].trim_start().starts_with('=')
    });
    handler
        || [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "javascript:",
            "vbscript:",
        ]
        .iter()
        .any(|s| lower.contains(s))
}

/// `(is_closing, lowercase element name)` of a single HTML tag, or `None` if
/// `html` is not one (a comment, or text that merely looks like markup).
pub(super) fn html_tag(html: &str) -> Option<(bool, String)> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((closing, name.to_ascii_lowercase()))
}

/// The text of an HTML fragment: tags dropped, script and style bodies dropped,
/// the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(start) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..start]);
        }
        let after = &rest[start..];
        // Markup that is no element, as CommonMark delimits it: a comment, a
        // processing instruction (`<?php … ?>`) and a declaration are dropped
        // whole; a CDATA section's content is text.
        if let Some((inside, end)) = non_element(after) {
            if skipping.is_none() {
                out.push_str(inside);
            }
            rest = &after[end..];
            continue;
        }
        let end = after.find('>').map(|e| e + 1).unwrap_or(after.len());
        let tag = &after[..end];
        if let Some((closing, name)) = html_tag(tag) {
            match (&skipping, closing) {
                (None, false) if matches!(name.as_str(), "script" | "style") => {
                    skipping = Some(name);
                }
                (Some(open), true) if *open == name => skipping = None,
                (None, _) if matches!(name.as_str(), "p" | "div" | "br" | "li" | "tr") => {
                    out.push(' ');
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    decode_entities(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every named and numeric character reference HTML knows (`&eacute;`, `&#233;`, `&nbsp;`).
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// A comment, processing instruction, declaration or CDATA section opening
/// `html`: the text it carries (a CDATA section's content, otherwise
/// nothing) and its length; `None` for anything else.
pub(super) fn non_element(html: &str) -> Option<(&str, usize)> {
    let closed = |open: &str, close: &str| {
        let body = html.strip_prefix(open)?;
        let at = body.find(close)?;
        Some((body, open.len() + at + close.len(), at))
    };
    if let Some((body, end, at)) = closed("<![CDATA[", "]]>") {
        return Some((&body[..at], end));
    }
    for (open, close) in [("<!--", "-->"), ("<?", "?>")] {
        if let Some((_, end, _)) = closed(open, close) {
            return Some(("", end));
        }
    }
    let declaration = html
        .strip_prefix("<!")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()));
    if declaration {
        return html.find('>').map(|at| ("", at + 1));
    }
    None
}
