//! The commonest XHTML content-model errors, found without a schema engine.
//!
//! Each rule is a row in one of the tables below, so what is covered can be
//! read here (and in the README) rather than inferred from code. Elements are
//! only judged in the XHTML namespace; SVG and MathML inside are left alone.
//! EPUBCheck reports all of these as RSC-005 (schema error).

use super::content::NS_XHTML;
use super::xml::{Document, Element};
use super::Code;
use super::{excerpt, Report};

/// The elements of HTML as EPUB 3 allows them.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The elements of XHTML 1.1 as EPUB 2 (OPS 2.0.1) allows them: no forms,
/// and none of HTML5's newer elements.
const XHTML_1_1_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "b",
    "base",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "link",
    "map",
    "meta",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "pre",
    "q",
    "samp",
    "script",
    "small",
    "span",
    "strong",
    "style",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "ul",
    "var",
];

/// (element, attribute) that HTML has and XHTML 1.1 has not (EPUB 2 only).
const NEWER_ATTRIBUTES: &[(&str, &str)] = &[("ol", "start"), ("ol", "reversed"), ("li", "value")];

/// Elements whose content is phrasing only: no blocks inside.
const PHRASING_ONLY: &[&str] = &[
    "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "i", "kbd", "label", "mark", "p", "pre", "q", "ruby", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var",
];

/// Block elements: flow content that is not phrasing.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements whose content model is their parent's: a block inside `<a>`
/// is fine in a `<div>` and wrong in a `<p>`.
const TRANSPARENT: &[&str] = &[
    "a", "audio", "canvas", "del", "ins", "map", "noscript", "object", "slot", "video",
];

/// (outer, inner): `inner` must not appear anywhere inside `outer`.
const NOT_INSIDE: &[(&str, &str)] = &[
    ("a", "a"),
    ("a", "button"),
    ("button", "a"),
    ("button", "button"),
    ("dfn", "dfn"),
    ("form", "form"),
    ("label", "label"),
    ("meter", "meter"),
    ("progress", "progress"),
    ("address", "address"),
    ("address", "header"),
    ("address", "footer"),
    ("header", "header"),
    ("header", "footer"),
    ("footer", "header"),
    ("footer", "footer"),
];

/// (element, attribute) that the element must have.
const REQUIRED_ATTRIBUTES: &[(&str, &str)] = &[
    ("img", "src"),
    ("bdo", "dir"),
    ("map", "name"),
    ("optgroup", "label"),
    ("track", "src"),
    ("link", "href"),
];

/// (element or `*`, attribute) that HTML no longer allows (EPUB 3 only).
const OBSOLETE_ATTRIBUTES: &[(&str, &str)] = &[
    ("*", "align"),
    ("*", "bgcolor"),
    ("*", "valign"),
    ("*", "background"),
    ("a", "name"),
    ("br", "clear"),
    ("img", "border"),
    ("img", "hspace"),
    ("img", "vspace"),
    ("script", "language"),
];

/// Checks every XHTML element of `document` against the tables.
pub fn check_content_model(path: &str, document: &Document, epub2: bool, report: &mut Report) {
    let at = |element: &Element| Some(format!("{path}:{}", element.line));
    for (index, element) in document.elements.iter().enumerate() {
        if element.ns != NS_XHTML {
            continue;
        }
        if let Some(id) = element.attr("id") {
            if !is_html_id(id) {
                report.add(
                    Code::XhtmlIdInvalid,
                    at(element),
                    format!(
                        "id \"{}\" is not a valid id: it must be non-empty and hold no spaces",
                        excerpt(id)
                    ),
                );
            }
        }
        let name = element.name.as_str();
        let known = match epub2 {
            true => XHTML_1_1_ELEMENTS.contains(&name),
            false => HTML_ELEMENTS.contains(&name),
        };
        if !known {
            report.add(
                Code::XhtmlElementUnknown,
                at(element),
                format!(
                    "<{}> is not an element of XHTML; use a known element with a class",
                    excerpt(name)
                ),
            );
            continue;
        }
        for (_, attribute) in REQUIRED_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
            if element.attr(attribute).is_none() {
                report.add(
                    Code::XhtmlAttributeMissing,
                    at(element),
                    format!("<{name}> needs a {attribute} attribute"),
                );
            }
        }
        if epub2 {
            for (_, attribute) in NEWER_ATTRIBUTES
                .iter()
                .filter(|(e, a)| *e == name && element.attr(a).is_some())
            {
                report.add(
                    Code::XhtmlAttributeObsolete,
                    at(element),
                    format!("<{name}> may not have {attribute}=\"…\" in EPUB 2 (XHTML 1.1)"),
                );
            }
        } else {
            for (_, attribute) in OBSOLETE_ATTRIBUTES
                .iter()
                .filter(|(e, a)| (*e == "*" || *e == name) && element.attr(a).is_some())
            {
                report.add(
                    Code::XhtmlAttributeObsolete,
                    at(element),
                    format!(
                        "<{name}> may not have {attribute}=\"…\" in EPUB 3; use CSS or id instead"
                    ),
                );
            }
        }
        if BLOCKS.contains(&name) {
            if let Some(parent) = phrasing_parent(document, element) {
                report.add(
                    Code::XhtmlBlockInInline,
                    at(element),
                    format!("<{name}> is a block and cannot be inside <{parent}>, which holds only text-level content"),
                );
            }
        }
        for (outer, _) in NOT_INSIDE.iter().filter(|(_, inner)| *inner == name) {
            if has_ancestor(document, index, outer) {
                report.add(
                    Code::XhtmlNesting,
                    at(element),
                    format!("<{name}> cannot be inside <{outer}>"),
                );
            }
        }
    }
}

/// The nearest non-transparent XHTML ancestor, when it holds phrasing only.
fn phrasing_parent<'a>(document: &'a Document, element: &Element) -> Option<&'a str> {
    let mut at = element.parent;
    while let Some(i) = at {
        let parent = document.elements.get(i)?;
        if parent.ns != NS_XHTML {
            return None;
        }
        if !TRANSPARENT.contains(&parent.name.as_str()) {
            return PHRASING_ONLY
                .contains(&parent.name.as_str())
                .then_some(parent.name.as_str());
        }
        at = parent.parent;
    }
    None
}

fn has_ancestor(document: &Document, index: usize, name: &str) -> bool {
    let mut at = document.elements.get(index).and_then(|e| e.parent);
    while let Some(i) = at {
        let Some(element) = document.elements.get(i) else {
            return false;
        };
        if element.ns == NS_XHTML && element.name == name {
            return true;
        }
        at = element.parent;
    }
    false
}

/// An HTML id: at least one character, none of them ASCII whitespace.
fn is_html_id(id: &str) -> bool {
    !id.is_empty() && !id.contains(|c: char| c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_html_ids() {
        for good in ["a", "_1", "note-1", "ch1.2", "é", "1"] {
            assert!(is_html_id(good), "{good}");
        }
        for bad in ["", "a b", " a", "a\t"] {
            assert!(!is_html_id(bad), "{bad}");
        }
    }

    #[test]
    fn tables_do_not_contradict_each_other() {
        for name in PHRASING_ONLY.iter().chain(BLOCKS).chain(TRANSPARENT) {
            assert!(
                HTML_ELEMENTS.contains(name) || XHTML_1_1_ELEMENTS.contains(name),
                "{name}"
            );
        }
        for (outer, inner) in NOT_INSIDE {
            assert!(HTML_ELEMENTS.contains(outer) && HTML_ELEMENTS.contains(inner));
        }
    }
}
