//! The commonest XHTML content-model errors, found without a schema engine.
//!
//! Each rule is a row in one of the tables below, so what is covered can be
//! read here (and in the README) rather than inferred from code. Elements are
//! only judged in the XHTML namespace; SVG and MathML inside are left alone.
//! EPUBCheck reports all of these as RSC-005 (schema error).

use super::semantics::NS_OPS;
use super::xml::{Document, Element, NS_XHTML, NS_XML};
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

/// The attributes XHTML 1.1 gives `<html>` (EPUB 2); namespace declarations
/// aside, any other is a schema error there.
const XHTML_1_1_HTML_ATTRIBUTES: &[&str] = &["dir", "lang", "version"];

/// Attributes HTML added after XHTML 1.1, by name or (ending in `-`) by
/// prefix: EPUB 2 content documents may not have them.
const NEWER_GLOBAL_ATTRIBUTES: &[&str] = &[
    "aria-",
    "data-",
    "role",
    "hidden",
    "contenteditable",
    "draggable",
    "spellcheck",
    "translate",
];

/// The `aria-*` attributes of WAI-ARIA 1.2 and 1.3, which EPUB 3's schema
/// knows; any other `aria-` name is a schema error.
const ARIA_ATTRIBUTES: &[&str] = &[
    "activedescendant",
    "atomic",
    "autocomplete",
    "braillelabel",
    "brailleroledescription",
    "busy",
    "checked",
    "colcount",
    "colindex",
    "colindextext",
    "colspan",
    "controls",
    "current",
    "describedby",
    "description",
    "details",
    "disabled",
    "dropeffect",
    "errormessage",
    "expanded",
    "flowto",
    "grabbed",
    "haspopup",
    "hidden",
    "invalid",
    "keyshortcuts",
    "label",
    "labelledby",
    "level",
    "live",
    "modal",
    "multiline",
    "multiselectable",
    "orientation",
    "owns",
    "placeholder",
    "posinset",
    "pressed",
    "readonly",
    "relevant",
    "required",
    "roledescription",
    "rowcount",
    "rowindex",
    "rowindextext",
    "rowspan",
    "selected",
    "setsize",
    "sort",
    "valuemax",
    "valuemin",
    "valuenow",
    "valuetext",
];

/// (child, parents it may have): table parts belong in their table rows
/// and groups, in every version.
const PARENTS: &[(&str, &[&str])] = &[
    ("td", &["tr"]),
    ("th", &["tr"]),
    ("tr", &["table", "thead", "tbody", "tfoot"]),
    ("thead", &["table"]),
    ("tbody", &["table"]),
    ("tfoot", &["table"]),
    ("caption", &["table"]),
    ("colgroup", &["table"]),
];

/// Elements that XHTML 1.1 requires to hold at least one of the given
/// children (EPUB 2); HTML lets them be empty.
const NOT_EMPTY_IN_XHTML_1_1: &[(&str, &[&str])] = &[
    ("tr", &["td", "th"]),
    ("ul", &["li"]),
    ("ol", &["li"]),
    ("dl", &["dt", "dd"]),
    ("tbody", &["tr"]),
    ("thead", &["tr"]),
    ("tfoot", &["tr"]),
];

/// The pragmas HTML lets `<meta http-equiv>` declare (EPUB 3), lower-cased.
const HTTP_EQUIV: &[&str] = &[
    "content-type",
    "default-style",
    "refresh",
    "x-ua-compatible",
    "content-security-policy",
];

/// The DPUB-ARIA roles version 1.1 deprecates (EPUB 3; a warning).
const DEPRECATED_ROLES: &[&str] = &["doc-endnote", "doc-biblioentry"];

/// The HTML elements that have a `type` attribute (EPUB 3). On any other,
/// `type` is a schema error: often a structural semantic written without
/// its `epub:` prefix (`<section type="chapter">`).
const TYPED_ELEMENTS: &[&str] = &[
    "a", "button", "embed", "input", "link", "menu", "object", "ol", "script", "source", "style",
];

/// Elements whose `type` is a MIME type ("text/html", parameters allowed).
const MIME_TYPED_ELEMENTS: &[&str] = &["a", "link"];

/// Elements of the document's `<head>` that may not carry `epub:type`:
/// structural semantics describe content, and EPUB 3's schema leaves it
/// off the metadata elements.
const NO_EPUB_TYPE: &[&str] = &["head", "title", "meta", "base", "link"];

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
            } else if epub2 && !is_ncname(id) {
                report.add(
                    Code::XhtmlIdInvalid,
                    at(element),
                    format!(
                        "id \"{}\" is not a valid id in EPUB 2 (XHTML 1.1): it must be an XML name \
                         without colons, starting with a letter or _",
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
        check_attributes(element, epub2, report, &at);
        check_parent(document, element, epub2, report, &at);
        if epub2 {
            for (_, children) in NOT_EMPTY_IN_XHTML_1_1.iter().filter(|(e, _)| *e == name) {
                let filled = document
                    .children(index)
                    .any(|(_, c)| c.ns == NS_XHTML && children.contains(&c.name.as_str()));
                if !filled {
                    report.add(
                        Code::XhtmlContentIncomplete,
                        at(element),
                        format!(
                            "<{name}> must hold at least one <{}> in EPUB 2 (XHTML 1.1)",
                            children.join("> or <")
                        ),
                    );
                }
            }
            if name == "img" && element.attr("alt").is_none() {
                report.add(
                    Code::XhtmlAttributeMissing,
                    at(element),
                    "<img> needs an alt attribute in EPUB 2 (XHTML 1.1); alt=\"\" marks a decorative one",
                );
            }
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

/// Attributes the element may not have in this version: in EPUB 2 those
/// XHTML 1.1 lacks, in EPUB 3 `aria-*` names ARIA does not define; in both,
/// `lang` values that are no language tag (EPUB 2), `epub:type` in the head
/// and `type` where HTML has none or a link's `type` is no MIME type (EPUB 3).
fn check_attributes(
    element: &Element,
    epub2: bool,
    report: &mut Report,
    at: &dyn Fn(&Element) -> Option<String>,
) {
    let name = element.name.as_str();
    let mut not_allowed = |attribute: &str, why: &str| {
        report.add(
            Code::XhtmlAttributeNotAllowed,
            at(element),
            format!("<{name}> may not have {} {why}", excerpt(attribute)),
        );
    };
    if epub2 {
        for attribute in element.attributes.iter().filter(|a| a.ns.is_empty()) {
            let newer = NEWER_GLOBAL_ATTRIBUTES
                .iter()
                .any(|n| match n.strip_suffix('-') {
                    Some(_) => attribute.name.starts_with(n),
                    None => attribute.name == *n,
                });
            let off_html =
                name == "html" && !XHTML_1_1_HTML_ATTRIBUTES.contains(&attribute.name.as_str());
            if newer || off_html {
                not_allowed(&attribute.name, "in EPUB 2 (XHTML 1.1)");
            }
        }
        for value in [element.attr("lang"), element.attr_ns(NS_XML, "lang")]
            .into_iter()
            .flatten()
        {
            if !is_rfc3066(value) {
                report.add(
                    Code::XhtmlLangInvalid,
                    at(element),
                    format!(
                        "language \"{}\" is not a language tag (RFC 3066), as EPUB 2 requires",
                        excerpt(value)
                    ),
                );
            }
        }
    } else {
        for attribute in element.attributes.iter().filter(|a| a.ns.is_empty()) {
            if let Some(aria) = attribute.name.strip_prefix("aria-") {
                if !ARIA_ATTRIBUTES.contains(&aria) {
                    not_allowed(&attribute.name, "(not an ARIA attribute)");
                }
            }
        }
        if let Some(pragma) = element.attr("http-equiv").filter(|_| name == "meta") {
            if !HTTP_EQUIV.contains(&pragma.trim().to_ascii_lowercase().as_str()) {
                not_allowed(
                    &format!("http-equiv=\"{pragma}\""),
                    "(HTML allows content-type, default-style, refresh, x-ua-compatible and content-security-policy)",
                );
            }
        }
        if NO_EPUB_TYPE.contains(&name) && element.attr_ns(NS_OPS, "type").is_some() {
            not_allowed("epub:type", "(it describes content, not metadata)");
        }
        if let Some(value) = element.attr("type") {
            if !TYPED_ELEMENTS.contains(&name) {
                not_allowed("type", "(a semantic is written epub:type)");
            } else if MIME_TYPED_ELEMENTS.contains(&name) && !is_mime_type(value) {
                not_allowed(
                    &format!("type=\"{value}\""),
                    "(its type is a MIME type, such as text/html)",
                );
            }
        }
        if let Some(role) = element.attr("role") {
            for deprecated in role
                .split_ascii_whitespace()
                .filter(|r| DEPRECATED_ROLES.contains(r))
            {
                report.add(
                    Code::XhtmlRoleDeprecated,
                    at(element),
                    format!(
                        "role \"{deprecated}\" is deprecated (DPUB-ARIA 1.1): a note is \"doc-footnote\" \
                         or a list item of \"doc-endnotes\", a bibliography entry a list item of \"doc-bibliography\""
                    ),
                );
            }
        }
    }
}

/// A MIME type: `type/subtype`, each an HTTP token, then any `;` parameters.
fn is_mime_type(value: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence
        .split_once('/')
        .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}

/// Table parts must sit in their table rows and groups; `col` in EPUB 3
/// only inside a `colgroup`, in EPUB 2 in a table or a `colgroup`.
fn check_parent(
    document: &Document,
    element: &Element,
    epub2: bool,
    report: &mut Report,
    at: &dyn Fn(&Element) -> Option<String>,
) {
    let name = element.name.as_str();
    let allowed: &[&str] = match PARENTS.iter().find(|(child, _)| *child == name) {
        Some((_, parents)) => parents,
        None if name == "col" && epub2 => &["table", "colgroup"],
        None if name == "col" => &["colgroup"],
        None => return,
    };
    let Some(parent) = element.parent.and_then(|i| document.elements.get(i)) else {
        return;
    };
    // Inside foreign content or a template the rule is not this table's.
    if parent.ns != NS_XHTML || parent.name == "template" {
        return;
    }
    if !allowed.contains(&parent.name.as_str()) {
        report.add(
            Code::XhtmlNesting,
            at(element),
            format!(
                "<{name}> cannot be directly inside <{}>; it belongs in <{}>",
                excerpt(&parent.name),
                allowed.join("> or <")
            ),
        );
    }
}

/// A language tag as RFC 3066 (EPUB 2's XHTML) has it: 1 to 8 letters, then
/// subtags of 1 to 8 letters or digits.
fn is_rfc3066(value: &str) -> bool {
    let mut subtags = value.split('-');
    let primary = subtags.next().unwrap_or("");
    (1..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
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

/// An XML name without colons (XML Namespaces' NCName), as XHTML 1.1 types
/// its ids: a letter or `_`, then letters, digits, `-`, `.`, `_` and
/// combining marks.
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    let starts = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic());
    starts
        && chars.all(|c| {
            c.is_alphanumeric()
                || matches!(c, '-' | '.' | '_' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
        })
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
    fn recognises_xhtml_1_1_ids() {
        for good in ["a", "_1", "note-1", "ch1.2", "é", "fn_1"] {
            assert!(is_ncname(good), "{good}");
        }
        for bad in ["", "fn:1", "1", "-a", ".a", "a b", "a/b"] {
            assert!(!is_ncname(bad), "{bad}");
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
