//! The structural semantics content documents carry in `epub:type` and
//! `role`: what the content and notes stages both need to recognise, kept
//! apart so that neither depends on the other for it.

use super::xml::Element;

/// The namespace of `epub:type` and `epub:switch`.
pub const NS_OPS: &str = "http://www.idpf.org/2007/ops";

/// True when the whitespace-separated list `value` contains `token`.
pub fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_ascii_whitespace().any(|t| t == token))
}

/// A link to a note: `epub:type="noteref"` or `role="doc-noteref"`.
pub fn is_noteref(element: &Element) -> bool {
    has_token(element.attr_ns(NS_OPS, "type"), "noteref")
        || has_token(element.attr("role"), "doc-noteref")
}

/// A link from a note back to its noteref.
pub fn is_backlink(element: &Element) -> bool {
    has_token(element.attr_ns(NS_OPS, "type"), "backlink")
        || has_token(element.attr("role"), "doc-backlink")
}
