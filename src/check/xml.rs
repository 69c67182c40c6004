//! A small, strict XML reader producing a flat element tree.
//!
//! quick-xml tokenises; this module adds what well-formedness needs on top
//! (one root, every element closed, no text outside the root, declared
//! namespace prefixes) and resolves names to (namespace URI, local name).
//!
//! Elements are stored in document order in one `Vec`, each knowing its parent
//! and where its descendants end. Walking the tree is then a loop over a slice,
//! so a deeply nested hostile document cannot exhaust the stack.
//!
//! Entities: only the five predefined ones and numeric character references
//! are expanded. A DOCTYPE internal subset is refused outright, because
//! expanding the entities it declares is how "billion laughs" attacks work.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;

/// The namespace of `xml:lang`, `xml:base` and the other `xml:` attributes.
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations themselves.
pub const NS_XMLNS: &str = "http://www.w3.org/2000/xmlns/";
/// XHTML, the namespace of content documents.
pub const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";
/// SVG, in its own documents and inside XHTML.
pub const NS_SVG: &str = "http://www.w3.org/2000/svg";
/// XLink, for SVG's older `xlink:href`.
pub const NS_XLINK: &str = "http://www.w3.org/1999/xlink";
/// MathML inside XHTML.
pub const NS_MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// What kind of failure.
    pub kind: XmlErrorKind,
    /// 1-based line the problem was found on.
    pub line: usize,
    /// What is wrong, for a reader of the finding.
    pub message: String,
}

/// The kinds of failure to read XML, each a finding code of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlErrorKind {
    /// Not well-formed (or namespace-well-formed).
    Malformed,
    /// The DOCTYPE declares entities or other internal-subset markup.
    DoctypeSubset { declares_entities: bool },
    /// Not UTF-8.
    Encoding,
}

/// A parsed document: `elements[0]` is the root.
#[derive(Debug, Clone)]
pub struct Document {
    /// Every element, in document order; the root first.
    pub elements: Vec<Element>,
}

/// One element, with what the checker reads of it.
#[derive(Debug, Clone)]
pub struct Element {
    /// Namespace URI; empty for none.
    pub ns: String,
    /// Local name, without prefix.
    pub name: String,
    /// Attributes, namespace declarations aside.
    pub attributes: Vec<Attribute>,
    /// Text and CDATA directly inside this element, concatenated.
    pub text: String,
    /// Index of the parent element; `None` for the root.
    pub parent: Option<usize>,
    /// Index one past this element's last descendant.
    pub end: usize,
    /// 1-based line of the start tag.
    pub line: usize,
}

/// One attribute of an element.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// Namespace URI; empty for none.
    pub ns: String,
    /// Local name, without prefix.
    pub name: String,
    /// Its value, entities and character references expanded.
    pub value: String,
}

impl Element {
    /// True when the element is `name` in namespace `ns`.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// Value of the un-namespaced attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attr_ns("", name)
    }

    /// The value of attribute `name` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }
}

impl Document {
    /// The root element, if the document has one.
    pub fn root(&self) -> Option<&Element> {
        self.elements.first()
    }

    /// Elements inside `index`, in document order.
    pub fn descendants(&self, index: usize) -> impl Iterator<Item = (usize, &Element)> {
        let end = self.elements.get(index).map_or(index, |e| e.end);
        let start = (index + 1).min(end);
        self.elements
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(move |(i, e)| (start + i, e))
    }

    /// Direct children of `index`, in document order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = (usize, &Element)> {
        self.descendants(index)
            .filter(move |(_, e)| e.parent == Some(index))
    }

    /// True when `inner` is `outer` or lies inside it.
    pub fn contains(&self, outer: usize, inner: usize) -> bool {
        self.elements
            .get(outer)
            .is_some_and(|e| outer <= inner && inner < e.end)
    }
}

/// Parses `bytes` as a namespace-well-formed UTF-8 XML document.
#[cfg(test)]
pub fn parse(bytes: &[u8]) -> Result<Document, XmlError> {
    parse_as_far_as_possible(bytes).0
}

/// Parses `bytes`; when they are not well-formed, also the elements read
/// before the error (those still open then end where it stopped), so that
/// what is known up to the error can still be checked, as EPUBCheck does.
pub fn parse_as_far_as_possible(bytes: &[u8]) -> (Result<Document, XmlError>, Option<Document>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let error = XmlError {
                kind: XmlErrorKind::Encoding,
                line: line_of(bytes, err.valid_up_to()),
                message: "the file is not UTF-8; save it as UTF-8".to_owned(),
            };
            return (Err(error), None);
        }
    };
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        let error = XmlError {
            kind: XmlErrorKind::Malformed,
            line: line_of(bytes, offset),
            message: format!(
                "character U+{:04X}{} is not allowed in XML; remove it",
                u32::from(c),
                if c == '\u{c}' { " (form feed)" } else { "" }
            ),
        };
        let before = text.get(..offset).unwrap_or_default();
        let (_, partial) = Parser::new(before).run();
        return (Err(error), partial);
    }
    Parser::new(text).run()
}

use crate::xml_text::is_xml_char;

struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    elements: Vec<Element>,
    /// Indices of the elements currently open.
    open: Vec<usize>,
    /// In-scope namespace URIs per prefix ("" for the default), innermost
    /// last: a lookup costs the same however deep the document nests.
    bindings: HashMap<String, Vec<String>>,
    /// Prefixes each open element declared, to unbind them when it closes.
    declared: Vec<Vec<String>>,
    lines: LineCounter,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Parser {
            text,
            reader,
            elements: Vec::new(),
            open: Vec::new(),
            bindings: HashMap::new(),
            declared: Vec::new(),
            lines: LineCounter::default(),
        }
    }

    /// The document, or the error and the elements read before it.
    fn run(mut self) -> (Result<Document, XmlError>, Option<Document>) {
        match self.read() {
            Ok(line) => match self.open.is_empty() {
                true => (self.finish(line), None),
                false => {
                    let error = self.finish_error(line);
                    (Err(error), self.partial())
                }
            },
            Err(error) => {
                let partial = if error.kind == XmlErrorKind::Malformed {
                    self.partial()
                } else {
                    None
                };
                (Err(error), partial)
            }
        }
    }

    /// The elements read so far, those still open ending here.
    fn partial(mut self) -> Option<Document> {
        let end = self.elements.len();
        for &index in &self.open {
            if let Some(element) = self.elements.get_mut(index) {
                element.end = end;
            }
        }
        (!self.elements.is_empty()).then_some(Document {
            elements: self.elements,
        })
    }

    /// Reads every event to the end, returning the last line.
    fn read(&mut self) -> Result<usize, XmlError> {
        loop {
            let position = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                    return Err(self.malformed_at(at, err.to_string()));
                }
            };
            let line = self.lines.line_at(self.text.as_bytes(), position);
            match event {
                Event::Start(start) => self.open_element(&start, line)?,
                Event::Empty(start) => {
                    self.open_element(&start, line)?;
                    self.close_element();
                }
                Event::End(_) => self.close_element(),
                Event::Text(text) => self.text(&text, line)?,
                Event::CData(data) => {
                    let content = String::from_utf8_lossy(&data).into_owned();
                    self.append_text(&content, line)?;
                }
                Event::DocType(doctype) => self.doctype(&doctype, line)?,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => return Ok(line),
            }
        }
    }

    fn open_element(&mut self, start: &BytesStart, line: usize) -> Result<(), XmlError> {
        if self.open.is_empty() && !self.elements.is_empty() {
            return Err(self.malformed(line, "a second root element follows the first"));
        }
        let raw_attributes = self.read_attributes(start, line)?;
        let (ns, name) = self.resolve(start.name().as_ref(), true, line)?;
        let mut attributes = Vec::with_capacity(raw_attributes.len());
        // Two prefixes bound to one URI make `a:x` and `b:x` the same name.
        let mut expanded = HashSet::new();
        for (key, value) in raw_attributes {
            let (ns, name) = self.resolve(key.as_bytes(), false, line)?;
            if !expanded.insert((ns.clone(), name.clone())) {
                return Err(self.malformed(line, format!("attribute `{key}` is given twice")));
            }
            attributes.push(Attribute { ns, name, value });
        }
        let index = self.elements.len();
        self.elements.push(Element {
            ns,
            name,
            attributes,
            text: String::new(),
            parent: self.open.last().copied(),
            end: index + 1,
            line,
        });
        self.open.push(index);
        Ok(())
    }

    /// Reads the attributes of a start tag, binds the namespaces it declares
    /// and returns the other attributes as (qualified name, value).
    ///
    /// quick-xml's own duplicate check compares every pair of attributes;
    /// a set keeps a tag with thousands of attributes cheap.
    fn read_attributes(
        &mut self,
        start: &BytesStart,
        line: usize,
    ) -> Result<Vec<(String, String)>, XmlError> {
        let mut others = Vec::new();
        let mut declared = Vec::new();
        let mut keys = HashSet::new();
        for attribute in start.attributes().with_checks(false) {
            let attribute = attribute.map_err(|err| self.malformed(line, err.to_string()))?;
            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            if !keys.insert(key.clone()) {
                return Err(self.malformed(line, format!("attribute `{key}` is given twice")));
            }
            let value = attribute
                .unescape_value()
                .map_err(|err| self.malformed(line, describe_escape_error(&err.to_string())))?
                .into_owned();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => String::new(),
                Some(rest) if rest.len() > 1 && rest.starts_with(':') => {
                    rest.get(1..).unwrap_or_default().to_owned()
                }
                _ => {
                    others.push((key, value));
                    continue;
                }
            };
            if value.is_empty() && !prefix.is_empty() {
                return Err(self.malformed(
                    line,
                    format!("prefix `{prefix}` is bound to an empty namespace"),
                ));
            }
            self.bindings.entry(prefix.clone()).or_default().push(value);
            declared.push(prefix);
        }
        self.declared.push(declared);
        Ok(others)
    }

    /// Splits a qualified name and looks its prefix up. Un-prefixed attributes
    /// are in no namespace; un-prefixed elements take the default namespace.
    fn resolve(
        &self,
        qname: &[u8],
        is_element: bool,
        line: usize,
    ) -> Result<(String, String), XmlError> {
        let qname = String::from_utf8_lossy(qname);
        let (prefix, local) = qname.split_once(':').unwrap_or(("", &qname));
        let empty_prefix = prefix.is_empty() && qname.contains(':');
        if local.is_empty() || local.contains(':') || empty_prefix {
            return Err(self.malformed(line, format!("`{qname}` is not a valid name")));
        }
        if prefix.is_empty() && !is_element {
            return Ok((String::new(), local.to_owned()));
        }
        let ns = match prefix {
            "xml" => Some(NS_XML.to_owned()),
            "xmlns" => Some(NS_XMLNS.to_owned()),
            _ => self
                .bindings
                .get(prefix)
                .and_then(|uris| uris.last())
                .cloned(),
        };
        match ns {
            Some(ns) => Ok((ns, local.to_owned())),
            None if prefix.is_empty() => Ok((String::new(), local.to_owned())),
            None => Err(self.malformed(
                line,
                format!("namespace prefix `{prefix}` in `{qname}` is not declared; add xmlns:{prefix}=\"…\""),
            )),
        }
    }

    /// quick-xml has already checked that the end tag matches the open one.
    fn close_element(&mut self) {
        if let Some(index) = self.open.pop() {
            let end = self.elements.len();
            if let Some(element) = self.elements.get_mut(index) {
                element.end = end;
            }
        }
        for prefix in self.declared.pop().unwrap_or_default() {
            if let Some(uris) = self.bindings.get_mut(&prefix) {
                uris.pop();
            }
        }
    }

    fn text(&mut self, text: &BytesText, line: usize) -> Result<(), XmlError> {
        let content = text
            .unescape()
            .map_err(|err| self.malformed(line, describe_escape_error(&err.to_string())))?;
        self.append_text(&content, line)
    }

    fn append_text(&mut self, content: &str, line: usize) -> Result<(), XmlError> {
        match self.open.last().and_then(|&i| self.elements.get_mut(i)) {
            Some(element) => {
                element.text.push_str(content);
                Ok(())
            }
            None if content.trim_matches(is_xml_space).is_empty() => Ok(()),
            None => Err(self.malformed(line, "text appears outside the root element")),
        }
    }

    fn doctype(&self, doctype: &BytesText, line: usize) -> Result<(), XmlError> {
        if !self.elements.is_empty() {
            return Err(self.malformed(line, "a DOCTYPE appears after the root element"));
        }
        let content = String::from_utf8_lossy(doctype);
        if content.contains('[') {
            let declares_entities = content.contains("<!ENTITY");
            let message = if declares_entities {
                "the DOCTYPE declares entities; they are not expanded — write the characters \
                 themselves or numeric references, and use <!DOCTYPE html>"
            } else {
                "the DOCTYPE has an internal subset; use <!DOCTYPE html>"
            };
            return Err(XmlError {
                kind: XmlErrorKind::DoctypeSubset { declares_entities },
                line,
                message: message.to_owned(),
            });
        }
        Ok(())
    }

    /// The error of a document that ends with elements still open.
    fn finish_error(&self, line: usize) -> XmlError {
        let message = match self.open.last().and_then(|&i| self.elements.get(i)) {
            Some(element) => format!(
                "element <{}> (line {}) is never closed",
                element.name, element.line
            ),
            None => "the document ends early".to_owned(),
        };
        self.malformed(line, message)
    }

    fn finish(self, line: usize) -> Result<Document, XmlError> {
        if self.elements.is_empty() {
            return Err(self.malformed(line, "the document has no root element"));
        }
        Ok(Document {
            elements: self.elements,
        })
    }

    fn malformed(&self, line: usize, message: impl Into<String>) -> XmlError {
        XmlError {
            kind: XmlErrorKind::Malformed,
            line,
            message: message.into(),
        }
    }

    fn malformed_at(&mut self, offset: usize, message: String) -> XmlError {
        let line = self.lines.line_at(self.text.as_bytes(), offset);
        self.malformed(line, message)
    }
}

/// quick-xml reports the byte range of an unknown entity; a reader of the
/// finding wants to know what to write instead.
fn describe_escape_error(raw: &str) -> String {
    match raw.split_once("unrecognized entity `") {
        Some((_, rest)) => {
            let name = rest.trim_end_matches('`');
            format!(
                "undefined entity &{name}; — XML knows only &lt; &gt; &amp; &quot; &apos;; \
                 write the character itself or a numeric reference such as &#160;"
            )
        }
        None => raw.to_owned(),
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// 1-based line of a byte offset, counted incrementally: offsets asked for
/// mostly grow, so each byte is scanned about once.
#[derive(Debug, Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        let offset = offset.min(bytes.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        let scanned = bytes.get(self.offset..offset).unwrap_or(&[]);
        self.newlines += scanned.iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        self.newlines + 1
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    LineCounter::default().line_at(bytes, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XHTML: &str = "http://www.w3.org/1999/xhtml";

    #[test]
    fn builds_a_tree_with_namespaces_and_lines() {
        let doc = parse(
            br#"<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en">
<body><p id="a">x &amp; y &#169;</p><a epub:type="noteref"/></body></html>"#,
        )
        .expect("well-formed");
        let root = doc.root().expect("root");
        assert!(root.is(XHTML, "html"));
        assert_eq!(root.attr_ns(NS_XML, "lang"), Some("en"));
        let p = doc.elements.iter().find(|e| e.name == "p").expect("p");
        assert_eq!((p.text.as_str(), p.line), ("x & y ©", 3));
        let a = doc.elements.iter().position(|e| e.name == "a").expect("a");
        assert_eq!(
            doc.elements[a].attr_ns("http://www.idpf.org/2007/ops", "type"),
            Some("noteref")
        );
        assert!(doc.contains(0, a));
        assert_eq!(doc.children(0).count(), 1);
        assert_eq!(doc.descendants(0).count(), 3);
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        for bad in [
            &b"<a><b></a>"[..],
            b"<a>",
            b"<a/><b/>",
            b"text<a/>",
            b"<a>&nbsp;</a>",
            b"<a x='1' x='2'/>",
            b"<p:a/>",
            b"",
            b"<a>\xff</a>",
            b"<a>page\x0cbreak</a>",
            b"<a b=\"\x01\"/>",
            b"<a xmlns:=\"u\"/>",
            b"<:a/>",
            b"<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>",
            b"<a><p:b xmlns:p=\"u\"/><p:c/></a>",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn refuses_entity_declarations_without_expanding_them() {
        let err = parse(b"<!DOCTYPE a [<!ENTITY x \"xx\">]><a>&x;</a>").expect_err("refused");
        assert_eq!(
            err.kind,
            XmlErrorKind::DoctypeSubset {
                declares_entities: true
            }
        );
        assert!(parse(b"<!DOCTYPE html><html/>").is_ok());
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 100_000;
        let doc = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let parsed = parse(doc.as_bytes()).expect("well-formed");
        assert_eq!(parsed.descendants(0).count(), depth - 1);
    }
}
