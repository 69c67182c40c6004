//! XHTML content documents: structure, ids, links and the navigation document.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use super::notes;
use super::ocf::{self, Book};
use super::opf::{Package, XHTML_MEDIA_TYPE};
use super::url::{self, Reference};
use super::xml::{Document, Element, NS_XML};
use super::{excerpt, Report};

pub const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";
pub const NS_OPS: &str = "http://www.idpf.org/2007/ops";
const NS_SVG: &str = "http://www.w3.org/2000/svg";
const NS_XLINK: &str = "http://www.w3.org/1999/xlink";

/// A content document that parsed.
#[derive(Debug)]
pub struct XhtmlDocument {
    pub path: String,
    pub document: Document,
    /// First element carrying each id.
    ids: HashMap<String, usize>,
}

impl XhtmlDocument {
    pub fn element(&self, index: usize) -> Option<&Element> {
        self.document.elements.get(index)
    }
}

/// The parsed content documents, and what is needed to resolve links to them.
#[derive(Debug, Default)]
pub struct Documents {
    pub documents: Vec<XhtmlDocument>,
    by_path: HashMap<String, usize>,
    /// Entry names the manifest lists.
    listed: HashSet<String>,
    /// Entry names of the zip's files.
    present: HashSet<String>,
    /// Lower-cased entry names of the zip's files, to the entry name.
    folded: HashMap<String, String>,
    /// Entry names of XHTML items in the spine.
    in_spine: HashSet<String>,
}

/// Where a URL found in a content document leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Outside the book: not followed.
    External,
    /// A file that exists but whose inside cannot be checked (not XHTML, not
    /// parsed, or not listed, which is reported elsewhere).
    Unchecked,
    /// A parsed document, without a fragment.
    Document { document: usize },
    /// An element of a parsed document.
    Element { document: usize, element: usize },
    /// No such file in the book.
    NoFile { path: String },
    /// The document exists, the id does not.
    NoFragment { path: String, fragment: String },
    /// The URL cannot name a file in the book.
    Invalid { reason: String },
}

impl Documents {
    /// Resolves `href`, found in the document at entry `from`.
    pub fn resolve(&self, from: &str, href: &str) -> Resolved {
        let (path, fragment) = match url::resolve(from, href) {
            Ok(Reference::External) => return Resolved::External,
            Ok(Reference::Internal { path, fragment }) => (path, fragment),
            Err(reason) => return Resolved::Invalid { reason },
        };
        if !self.listed.contains(&path) {
            return match self.present.contains(&path) {
                true => Resolved::Unchecked,
                false => Resolved::NoFile { path },
            };
        }
        let Some(&document) = self.by_path.get(&path) else {
            return Resolved::Unchecked;
        };
        match fragment.as_deref() {
            None | Some("") => Resolved::Document { document },
            // Fragment schemes such as epubcfi() address positions, not ids.
            Some(f) if f.contains('(') => Resolved::Unchecked,
            Some(f) => match self.documents.get(document).and_then(|d| d.ids.get(f)) {
                Some(&element) => Resolved::Element { document, element },
                None => Resolved::NoFragment {
                    path,
                    fragment: f.to_owned(),
                },
            },
        }
    }

    pub fn get(&self, document: usize) -> Option<&XhtmlDocument> {
        self.documents.get(document)
    }

    /// Name of a zip file that differs from `path` only in case.
    fn case_variant(&self, path: &str) -> Option<&str> {
        let other = self.folded.get(&path.to_lowercase())?;
        (other != path).then_some(other.as_str())
    }
}

/// Parses and checks every XHTML item of the manifest, then the links
/// between them and the navigation document.
pub fn check_documents<R: Read + Seek>(
    book: &mut Book<R>,
    package: &Package,
    report: &mut Report,
) -> Documents {
    let mut documents = Documents {
        listed: package
            .items
            .iter()
            .filter_map(|item| item.path.clone())
            .collect(),
        present: book
            .entries()
            .iter()
            .filter(|e| !e.is_dir)
            .map(|e| e.name.clone())
            .collect(),
        folded: ocf::folded_names(book.entries())
            .into_values()
            .filter_map(|i| book.entries().get(i))
            .map(|e| (e.name.to_lowercase(), e.name.clone()))
            .collect(),
        in_spine: package
            .items
            .iter()
            .filter(|item| item.in_spine)
            .filter_map(|item| item.path.clone())
            .collect(),
        ..Documents::default()
    };
    for item in package
        .items
        .iter()
        .filter(|item| item.media_type == XHTML_MEDIA_TYPE && item.present)
    {
        let Some(path) = &item.path else { continue };
        let Ok(bytes) = book.read(path, report) else {
            continue;
        };
        let Some(document) = ocf::parse_xml(path, &bytes, report) else {
            continue;
        };
        let ids = check_structure(path, &document, report);
        documents
            .by_path
            .insert(path.clone(), documents.documents.len());
        documents.documents.push(XhtmlDocument {
            path: path.clone(),
            document,
            ids,
        });
    }
    for document in &documents.documents {
        check_links(&documents, document, report);
    }
    if let Some(nav) = package.items.iter().find(|item| item.is_nav()) {
        let parsed = nav
            .path
            .as_ref()
            .and_then(|p| documents.by_path.get(p))
            .and_then(|&i| documents.get(i));
        if let Some(nav) = parsed {
            check_nav(nav, report);
        }
    }
    documents
}

/// Root element, language, title and unique ids. Returns the id index.
fn check_structure(path: &str, document: &Document, report: &mut Report) -> HashMap<String, usize> {
    let at = |element: &Element| Some(format!("{path}:{}", element.line));
    if let Some(root) = document.root() {
        if !root.is(NS_XHTML, "html") {
            report.add(
                "XHTML-ROOT",
                at(root),
                format!("the root element must be <html xmlns=\"{NS_XHTML}\">"),
            );
        } else {
            let lang = root.attr_ns(NS_XML, "lang").or_else(|| root.attr("lang"));
            if lang.is_none_or(|l| l.trim().is_empty()) {
                report.add(
                    "XHTML-LANG-MISSING",
                    at(root),
                    "the <html> element has no xml:lang (or lang); add the document's language",
                );
            }
            let head = document.children(0).find(|(_, e)| e.is(NS_XHTML, "head"));
            let has_title = head
                .is_some_and(|(h, _)| document.children(h).any(|(_, e)| e.is(NS_XHTML, "title")));
            if !has_title {
                report.add(
                    "XHTML-TITLE-MISSING",
                    at(root),
                    "the document needs a <title> inside <head>",
                );
            }
        }
    }
    let mut ids = HashMap::new();
    for (index, element) in document.elements.iter().enumerate() {
        let Some(id) = element.attr("id") else {
            continue;
        };
        if ids.contains_key(id) {
            report.add(
                "XHTML-DUPLICATE-ID",
                at(element),
                format!(
                    "id \"{}\" is used more than once in this document",
                    excerpt(id)
                ),
            );
        } else {
            ids.insert(id.to_owned(), index);
        }
    }
    ids
}

/// The attributes of `element` that hold a URL, as (attribute name, value).
/// Hyperlinks (`a`, `area`) are told apart because they must lead to spine
/// documents.
fn urls_of(element: &Element) -> Vec<(&'static str, &str, bool)> {
    let pick =
        |name: &'static str, hyperlink: bool| element.attr(name).map(|v| (name, v, hyperlink));
    let found = match (element.ns.as_str(), element.name.as_str()) {
        (NS_XHTML, "a" | "area") => vec![pick("href", true)],
        (NS_XHTML, "link") => vec![pick("href", false)],
        (NS_XHTML, "video") => vec![pick("src", false), pick("poster", false)],
        (
            NS_XHTML,
            "img" | "audio" | "source" | "track" | "script" | "iframe" | "embed" | "input",
        ) => {
            vec![pick("src", false)]
        }
        (NS_XHTML, "object") => vec![pick("data", false)],
        (NS_SVG, "a" | "image" | "use") => vec![element
            .attr("href")
            .or_else(|| element.attr_ns(NS_XLINK, "href"))
            .map(|v| ("href", v, false))],
        _ => Vec::new(),
    };
    found.into_iter().flatten().collect()
}

/// Every internal URL must lead to a file of the book and, with a fragment,
/// to an element of it; hyperlinks must lead to documents in the spine.
/// Broken noterefs and backlinks are left to [`notes`], which names the
/// defect more precisely.
fn check_links(documents: &Documents, document: &XhtmlDocument, report: &mut Report) {
    for element in &document.document.elements {
        let in_notes = notes::is_noteref(element) || notes::is_backlink(element);
        for (attribute, value, hyperlink) in urls_of(element) {
            let location = Some(format!("{}:{}", document.path, element.line));
            let shown = excerpt(value);
            match documents.resolve(&document.path, value) {
                Resolved::External | Resolved::Unchecked => {}
                Resolved::Document { document: target }
                | Resolved::Element {
                    document: target, ..
                } => {
                    let target_path = documents.get(target).map_or("", |d| d.path.as_str());
                    if hyperlink && !documents.in_spine.contains(target_path) {
                        report.add(
                            "LINK-NOT-IN-SPINE",
                            location,
                            format!(
                                "{attribute}=\"{shown}\" links to {target_path}, which is not \
                                 in the spine; add it to the spine"
                            ),
                        );
                    }
                }
                _ if in_notes => {}
                Resolved::NoFile { path } => {
                    let hint = documents
                        .case_variant(&path)
                        .map(|other| format!(" (the zip has \"{other}\", which differs in case)"))
                        .unwrap_or_default();
                    report.add(
                        "LINK-TARGET-MISSING",
                        location,
                        format!(
                            "{attribute}=\"{shown}\" leads to {path}, which is not in the book{hint}"
                        ),
                    );
                }
                Resolved::NoFragment { path, fragment } => report.add(
                    "LINK-FRAGMENT-MISSING",
                    location,
                    format!(
                        "{attribute}=\"{shown}\": {path} has no element with id \"{}\"",
                        excerpt(&fragment)
                    ),
                ),
                Resolved::Invalid { reason } => report.add(
                    "LINK-INVALID",
                    location,
                    format!("{attribute}=\"{shown}\" is unusable: {reason}"),
                ),
            }
        }
    }
}

/// The navigation document needs `<nav epub:type="toc">` holding an `<ol>`.
fn check_nav(nav: &XhtmlDocument, report: &mut Report) {
    let document = &nav.document;
    let toc = document
        .elements
        .iter()
        .enumerate()
        .find(|(_, e)| e.is(NS_XHTML, "nav") && has_token(e.attr_ns(NS_OPS, "type"), "toc"));
    let Some((index, toc)) = toc else {
        report.add(
            "NAV-TOC-MISSING",
            Some(nav.path.clone()),
            "the navigation document has no <nav epub:type=\"toc\">",
        );
        return;
    };
    if !document.children(index).any(|(_, e)| e.is(NS_XHTML, "ol")) {
        report.add(
            "NAV-TOC-NO-OL",
            Some(format!("{}:{}", nav.path, toc.line)),
            "the toc <nav> must contain an <ol> listing the chapters",
        );
    }
}

/// True when the whitespace-separated list `value` contains `token`.
pub fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_ascii_whitespace().any(|t| t == token))
}
