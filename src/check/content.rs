//! XHTML content documents: structure, ids, links and the navigation document.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use super::css;
use super::markup;
use super::ocf::{self, Book};
use super::opf::{Item, Package, XHTML_MEDIA_TYPE};
use super::semantics::{has_token, is_backlink, is_noteref, NS_OPS};
use super::url::{self, Reference};
use super::xml::{Document, Element, NS_MATHML, NS_SVG, NS_XHTML, NS_XLINK, NS_XML};
use super::Code;
use super::{excerpt, Report};

const CSS_MEDIA_TYPE: &str = "text/css";
const SVG_MEDIA_TYPE: &str = "image/svg+xml";

/// A content document that parsed.
#[derive(Debug)]
pub struct XhtmlDocument {
    /// Entry name of the document in the zip.
    pub path: String,
    /// Its elements, as parsed.
    pub document: Document,
    /// First element carrying each id.
    ids: HashMap<String, usize>,
}

impl XhtmlDocument {
    /// The element at `index`, in document order.
    pub fn element(&self, index: usize) -> Option<&Element> {
        self.document.elements.get(index)
    }
}

/// The parsed content documents, and what is needed to resolve links to them.
#[derive(Debug, Default)]
pub struct Documents {
    /// Every XHTML document that parsed, in manifest order.
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
    /// Position in the reading order, by entry name.
    spine_position: HashMap<String, usize>,
    /// Media type and whether a manifest fallback is named, by entry name.
    media: HashMap<String, (String, bool)>,
    /// Remote URLs the manifest declares, without fragments.
    remote: HashSet<String>,
    /// Entry name of the package document, which links may address by CFI.
    package: String,
    /// The text of each SVG document that was read, by entry name.
    svg_texts: HashMap<String, String>,
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
            // Fragment schemes such as epubcfi() address positions, not
            // ids; so does a media fragment (`xywh=`, a region of a page,
            // as region-based navigation links).
            Some(f) if f.contains('(') || f.starts_with("xywh=") => Resolved::Unchecked,
            Some(f) => match self.documents.get(document).and_then(|d| d.ids.get(f)) {
                Some(&element) => Resolved::Element { document, element },
                None => Resolved::NoFragment {
                    path,
                    fragment: f.to_owned(),
                },
            },
        }
    }

    /// The text of the SVG document at `path`, if it was read.
    pub fn svg_text(&self, path: &str) -> Option<&str> {
        self.svg_texts.get(path).map(String::as_str)
    }

    /// The parsed document at `document`, an index into [`Documents::documents`].
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
    // Documents cut short by a fatal error, as far as they could be read.
    let mut partial_documents: Vec<XhtmlDocument> = Vec::new();
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
        spine_position: package
            .spine
            .iter()
            .enumerate()
            .map(|(position, path)| (path.clone(), position))
            .rev()
            .collect(),
        media: package
            .items
            .iter()
            .filter_map(|item| {
                let path = item.path.clone()?;
                Some((path, (item.media_type.clone(), item.has_fallback)))
            })
            .collect(),
        remote: package
            .items
            .iter()
            .filter(|item| item.path.is_none())
            .map(|item| without_fragment(&item.href).to_owned())
            .collect(),
        package: package.path.clone(),
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
        let document = match ocf::parse_xml_as_far_as_possible(path, &bytes, report) {
            Ok(document) => document,
            Err(Some(partial)) => {
                // What came before a fatal error is still checked: its
                // markup and where its links lead. Its ids are unknown, so
                // links into it are not judged, and rules about the whole
                // document (title, properties, notes) wait for a whole one.
                markup::check_content_model(path, &partial, package.epub2, report);
                partial_documents.push(XhtmlDocument {
                    path: path.clone(),
                    document: partial,
                    ids: HashMap::new(),
                });
                continue;
            }
            Err(None) => continue,
        };
        let ids = check_structure(path, &document, report);
        markup::check_content_model(path, &document, package.epub2, report);
        documents
            .by_path
            .insert(path.clone(), documents.documents.len());
        documents.documents.push(XhtmlDocument {
            path: path.clone(),
            document,
            ids,
        });
    }
    for item in package.items.iter().filter(|i| i.fixed_layout && i.present) {
        let Some(path) = &item.path else { continue };
        if let Some(document) = documents.by_path.get(path).and_then(|&i| documents.get(i)) {
            check_viewport(document, report);
        }
    }
    for item in package
        .items
        .iter()
        .filter(|item| item.media_type == SVG_MEDIA_TYPE && item.present)
    {
        let Some(path) = &item.path else { continue };
        let Ok(bytes) = book.read(path, report) else {
            continue;
        };
        let Some(svg) = ocf::parse_xml(path, &bytes, report) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if item.fixed_layout {
            check_svg_view_box(path, &svg, report);
        }
        check_svg_uses(path, &svg, report);
        let remote = check_svg_resources(&documents, path, &svg, &text, report);
        if remote && !package.epub2 && !item.properties.iter().any(|p| p == "remote-resources") {
            report.add(
                Code::PropertyUndeclared,
                Some(path.clone()),
                format!(
                    "the SVG uses remote resources: its manifest item \"{}\" needs properties=\"remote-resources\"",
                    excerpt(&item.id)
                ),
            );
        }
        documents.svg_texts.insert(path.clone(), text);
    }
    for item in package
        .items
        .iter()
        .filter(|item| item.media_type == CSS_MEDIA_TYPE && item.present)
    {
        let Some(path) = &item.path else { continue };
        let Ok(bytes) = book.read(path, report) else {
            continue;
        };
        let sheet = css::scan(&String::from_utf8_lossy(&bytes));
        let uses = check_stylesheet(&documents, path, &sheet, 0, report);
        if !package.epub2 && uses.remote && !item.properties.iter().any(|p| p == "remote-resources")
        {
            report.add(
                Code::PropertyUndeclared,
                Some(path.clone()),
                format!(
                    "the style sheet uses remote fonts: its manifest item \"{}\" needs properties=\"remote-resources\"",
                    excerpt(&item.id)
                ),
            );
        }
    }
    for document in &partial_documents {
        check_links(&documents, document, report);
    }
    for document in &documents.documents {
        let mut found = check_links(&documents, document, report);
        for style in document
            .document
            .elements
            .iter()
            .filter(|e| e.is(NS_XHTML, "style"))
        {
            let sheet = css::scan(&style.text);
            let uses = check_stylesheet(&documents, &document.path, &sheet, style.line - 1, report);
            found.remote |= uses.remote;
        }
        if let Some(item) = package
            .items
            .iter()
            .find(|item| item.path.as_deref() == Some(document.path.as_str()))
        {
            if !package.epub2 {
                check_properties(item, &document.document, found, &document.path, report);
            }
        }
    }
    // EPUB 2 has no such rule: EPUBCheck leaves its non-linear items alone.
    if !package.epub2 {
        check_non_linear_reachable(&documents, package, report);
    }
    if let Some(nav) = package.items.iter().find(|item| item.is_nav()) {
        let parsed = nav
            .path
            .as_ref()
            .and_then(|p| documents.by_path.get(p))
            .and_then(|&i| documents.get(i));
        if let Some(nav) = parsed {
            check_nav(nav, &documents, report);
        }
    }
    documents
}

/// A spine item out of the reading order (`linear="no"`) can only be
/// reached by a hyperlink (or a script), so some document must link to it.
fn check_non_linear_reachable(documents: &Documents, package: &Package, report: &mut Report) {
    // A script may open it; what scripts do cannot be seen from here.
    let scripted = documents
        .documents
        .iter()
        .any(|d| d.document.elements.iter().any(|e| e.is(NS_XHTML, "script")));
    if scripted {
        return;
    }
    let mut linked = HashSet::new();
    for document in &documents.documents {
        for element in &document.document.elements {
            for (_, value, how) in urls_of(element) {
                if how == Use::Hyperlink {
                    if let Ok(Reference::Internal { path, .. }) =
                        url::resolve(&document.path, value)
                    {
                        linked.insert(path);
                    }
                }
            }
        }
    }
    for item in package.items.iter().filter(|i| i.in_spine && i.non_linear) {
        let Some(path) = &item.path else { continue };
        if !linked.contains(path) {
            report.add(
                Code::SpineNonLinearUnreachable,
                Some(package.path.clone()),
                format!(
                    "item \"{}\" is linear=\"no\" and no document links to it, so no reader can reach it",
                    excerpt(&item.id)
                ),
            );
        }
    }
}

/// What a document was found to use, for its manifest properties.
#[derive(Debug, Default, Clone, Copy)]
struct Uses {
    remote: bool,
}

/// A fixed-layout XHTML page gives its size in its first viewport `<meta>`:
/// `width=N, height=N` (numbers, or the device-width / device-height
/// keywords), each once.
fn check_viewport(document: &XhtmlDocument, report: &mut Report) {
    let viewport = document.document.elements.iter().find(|e| {
        e.is(NS_XHTML, "meta")
            && e.attr("name")
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("viewport"))
    });
    let Some(viewport) = viewport else {
        report.add(
            Code::FxlViewportMissing,
            Some(document.path.clone()),
            "a fixed-layout page needs <meta name=\"viewport\" content=\"width=…, height=…\">",
        );
        return;
    };
    let location = Some(format!("{}:{}", document.path, viewport.line));
    let content = viewport.attr("content").unwrap_or("");
    let mut seen: Vec<String> = Vec::new();
    for pair in content.split([',', ';']) {
        if pair.trim().is_empty() {
            continue;
        }
        let (key, value) = match pair.split_once('=') {
            Some((key, value)) => (key.trim().to_ascii_lowercase(), Some(value.trim())),
            None => (pair.trim().to_ascii_lowercase(), None),
        };
        if key.is_empty() || value == Some("") {
            report.add(
                Code::FxlViewportSyntax,
                location.clone(),
                format!(
                    "the viewport \"{}\" is not a list of name=value pairs",
                    excerpt(content)
                ),
            );
            return;
        }
        if key != "width" && key != "height" {
            continue;
        }
        if seen.contains(&key) {
            report.add(
                Code::FxlViewportDuplicate,
                location.clone(),
                format!("the viewport gives {key} more than once"),
            );
            return;
        }
        let keyword = format!("device-{key}");
        let valid = value.is_some_and(|v| {
            v.parse::<f64>().is_ok_and(|n| n > 0.0) || v.eq_ignore_ascii_case(&keyword)
        });
        if !valid {
            report.add(
                Code::FxlViewportValue,
                location.clone(),
                format!(
                    "the viewport's {key} must be a number of pixels without unit, or {keyword}"
                ),
            );
        }
        seen.push(key);
    }
    for needed in ["width", "height"] {
        if !seen.iter().any(|k| k == needed) {
            report.add(
                Code::FxlViewportIncomplete,
                location.clone(),
                format!("the viewport gives no {needed}"),
            );
        }
    }
}

/// An SVG document's style sheets (`xml-stylesheet`, `<style>`) and fonts
/// (`font-face-uri`). Returns true when it uses remote resources.
fn check_svg_resources(
    documents: &Documents,
    path: &str,
    svg: &Document,
    text: &str,
    report: &mut Report,
) -> bool {
    let mut remote = false;
    // Processing instructions are not kept by the parser: read the prolog.
    let prolog = &text[..text.find("<svg").unwrap_or(text.len())];
    for instruction in prolog.split("<?xml-stylesheet").skip(1) {
        let instruction = &instruction[..instruction.find("?>").unwrap_or(instruction.len())];
        let href = instruction
            .split("href=")
            .nth(1)
            .and_then(|v| v.chars().next().and_then(|q| v[1..].split(q).next()));
        if let Some(href) = href.filter(|h| is_remote(h)) {
            remote = true;
            report.add(
                Code::RemoteResource,
                Some(path.to_owned()),
                format!(
                    "the style sheet \"{}\" is remote; put it in the book",
                    excerpt(href)
                ),
            );
        }
    }
    for element in &svg.elements {
        if element.is(NS_SVG, "style") {
            let sheet = css::scan(&element.text);
            remote |= check_stylesheet(documents, path, &sheet, element.line - 1, report).remote;
        }
        if element.is(NS_SVG, "font-face-uri") && svg_href(element).is_some_and(is_remote) {
            remote = true;
        }
    }
    remote
}

/// An SVG `use` draws one element, so its URL must name it with `#id`, in an
/// SVG document as in an XHTML one.
fn check_svg_uses(path: &str, svg: &Document, report: &mut Report) {
    for element in svg.elements.iter().filter(|e| e.is(NS_SVG, "use")) {
        let Some(href) = svg_href(element) else {
            continue;
        };
        let local = scheme(href).is_none() && !href.trim().starts_with("//");
        if local && !href.contains('#') {
            report.add(
                Code::SvgUseNoFragment,
                Some(format!("{path}:{}", element.line)),
                format!(
                    "href=\"{}\": an SVG <use> must name an element with #id",
                    excerpt(href)
                ),
            );
        }
    }
}

/// A fixed-layout SVG page gives its size in `viewBox` on its root.
fn check_svg_view_box(path: &str, svg: &Document, report: &mut Report) {
    if let Some(root) = svg.root().filter(|r| r.is(NS_SVG, "svg")) {
        if root.attr("viewBox").is_none() {
            report.add(
                Code::FxlSvgViewbox,
                Some(format!("{path}:{}", root.line)),
                "a fixed-layout SVG page needs a viewBox on its <svg> root",
            );
        }
    }
}

/// A style sheet's references, encoding and properties. `line_offset` is
/// where an inline `<style>` starts in its document.
fn check_stylesheet(
    documents: &Documents,
    path: &str,
    sheet: &css::Sheet,
    line_offset: usize,
    report: &mut Report,
) -> Uses {
    let mut uses = Uses::default();
    let at = |line: usize| Some(format!("{path}:{}", line + line_offset));
    if let Some(charset) = &sheet.charset {
        if !matches!(charset.to_ascii_lowercase().as_str(), "utf-8" | "utf-16") {
            report.add(
                Code::CssCharset,
                at(1),
                format!(
                    "@charset \"{}\": style sheets must be UTF-8 (or UTF-16)",
                    excerpt(charset)
                ),
            );
        }
    }
    for (property, line) in &sheet.forbidden_properties {
        report.add(
            Code::CssPropertyForbidden,
            at(*line),
            format!(
                "EPUB style sheets must not set `{property}`; use the dir attribute in the markup"
            ),
        );
    }
    if let Some(line) = sheet.unclosed {
        report.add(
            Code::CssSyntax,
            at(line),
            "a block opened here is never closed with `}`",
        );
    }
    for url in &sheet.urls {
        let location = at(url.line);
        let value = url.value.trim();
        if value.is_empty() {
            if url.in_font_face {
                report.add(
                    Code::CssFontUrlEmpty,
                    location,
                    "@font-face has an empty url()",
                );
            }
            continue;
        }
        // A backslash in CSS escapes the next character; such a URL is
        // not judged here rather than misread.
        let syntax = url::syntax_error(value).filter(|_| !value.contains('\\'));
        if let Some(reason) = syntax {
            report.add(
                Code::UrlSyntax,
                location.clone(),
                format!("url({}) is not a valid URL: {reason}", excerpt(value)),
            );
        }
        match scheme(value).as_deref() {
            Some("data") => continue,
            Some("file") => {
                report.add(
                    Code::LinkFileUrl,
                    location,
                    format!("url({}): file: URLs point outside the book", excerpt(value)),
                );
                continue;
            }
            _ => {}
        }
        if is_remote(value) {
            if url.in_font_face {
                uses.remote = true;
                if !documents.remote.contains(without_fragment(value)) {
                    report.add(
                        Code::RemoteUndeclared,
                        location,
                        format!(
                            "url({}) is a remote font the manifest does not list; list it",
                            excerpt(value)
                        ),
                    );
                }
            } else if scheme(value).is_some_and(|s| s == "http" || s == "https")
                || value.starts_with("//")
            {
                uses.remote = true;
                report.add(
                    Code::RemoteResource,
                    location,
                    format!(
                        "url({}) is remote; only fonts may be, so put it in the book",
                        excerpt(value)
                    ),
                );
            }
            continue;
        }
        if url::leaks(path, value) {
            report.add(
                Code::UrlLeaks,
                location,
                format!(
                    "url({}) leaves the container; make it relative",
                    excerpt(value)
                ),
            );
            continue;
        }
        let Ok(Reference::Internal { path: target, .. }) = url::resolve(path, value) else {
            continue;
        };
        if documents.listed.contains(&target) {
            continue;
        }
        if documents.present.contains(&target) {
            report.add(
                Code::LinkTargetUndeclared,
                location,
                format!("url({}) leads to {target}, which is in the zip but not in the manifest; list it", excerpt(value)),
            );
        } else {
            report.add(
                Code::LinkTargetMissing,
                location,
                format!(
                    "url({}) leads to {target}, which is not in the book",
                    excerpt(value)
                ),
            );
        }
    }
    uses
}

/// The manifest `properties` of a content document must say what it holds:
/// scripts (a `<script>`, or an event handler such as `onclick`) or forms,
/// inline SVG or MathML, `epub:switch`, remote resources.
fn check_properties(item: &Item, document: &Document, uses: Uses, path: &str, report: &mut Report) {
    let has = |test: &dyn Fn(&Element) -> bool| document.elements.iter().any(test);
    let scripted = has(&|e| {
        (e.is(NS_XHTML, "script") && is_script_type(e.attr("type")))
            || e.is(NS_XHTML, "form")
            || (e.ns == NS_XHTML && e.attributes.iter().any(is_event_handler))
    });
    let needed = [
        ("scripted", scripted),
        ("svg", has(&|e| e.ns == NS_SVG)),
        ("mathml", has(&|e| e.ns == NS_MATHML)),
        ("switch", has(&|e| e.is(NS_OPS, "switch"))),
        ("remote-resources", uses.remote),
    ];
    let location = Some(path.to_owned());
    for (property, needed) in needed {
        let declared = item.properties.iter().any(|p| p == property);
        if needed && !declared {
            report.add(
                Code::PropertyUndeclared,
                location.clone(),
                format!(
                    "the document needs properties=\"{property}\" on its manifest item \"{}\"",
                    excerpt(&item.id)
                ),
            );
        } else if declared && !needed && matches!(property, "scripted" | "svg") {
            report.add(
                Code::PropertyUnneeded,
                location.clone(),
                format!(
                    "manifest item \"{}\" declares \"{property}\", but the document has none",
                    excerpt(&item.id)
                ),
            );
        }
    }
}

/// An HTML event handler attribute (`onclick`, `onload`...): script that runs.
fn is_event_handler(attribute: &super::xml::Attribute) -> bool {
    attribute.ns.is_empty() && attribute.name.len() > 2 && attribute.name.starts_with("on")
}

/// A `<script>` with no type, or a JavaScript type, runs; others (JSON-LD,
/// templates) are data blocks.
fn is_script_type(value: Option<&str>) -> bool {
    let Some(value) = value else { return true };
    let value = value.trim().to_ascii_lowercase();
    value.is_empty()
        || value == "module"
        || value.ends_with("javascript")
        || value.ends_with("ecmascript")
}

/// Root element, language, title and unique ids. Returns the id index.
fn check_structure(path: &str, document: &Document, report: &mut Report) -> HashMap<String, usize> {
    let at = |element: &Element| Some(format!("{path}:{}", element.line));
    if let Some(root) = document.root() {
        if !root.is(NS_XHTML, "html") {
            report.add(
                Code::XhtmlRoot,
                at(root),
                format!("the root element must be <html xmlns=\"{NS_XHTML}\">"),
            );
        } else {
            let lang = root.attr_ns(NS_XML, "lang").or_else(|| root.attr("lang"));
            if lang.is_none_or(|l| l.trim().is_empty()) {
                report.add(
                    Code::XhtmlLangMissing,
                    at(root),
                    "the <html> element has no xml:lang (or lang); add the document's language",
                );
            }
            let head = document.children(0).find(|(_, e)| e.is(NS_XHTML, "head"));
            let has_title = head
                .is_some_and(|(h, _)| document.children(h).any(|(_, e)| e.is(NS_XHTML, "title")));
            if !has_title {
                report.add(
                    Code::XhtmlTitleMissing,
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
                Code::XhtmlDuplicateId,
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

/// How an element uses the URL it holds; the rules differ for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// `a`, `area`: must lead to a document in the spine.
    Hyperlink,
    /// `link`: exempt from fallbacks, no fragment allowed for stylesheets.
    Link,
    /// Audio and video: may be remote when the manifest declares them.
    Media,
    /// An image or other embedded resource shown in place of the element.
    Embedded,
    /// A frame or script: must be in the book.
    Resource,
    /// `object`: may hold remote audio or video the manifest declares.
    Object,
    /// `cite`: a reference to a source, checked only when local.
    Cite,
    /// SVG `use`: must name an element.
    SvgReference,
}

impl Use {
    /// Whether a reference of this use may name an SVG definition of `kind`
    /// (see [`svg_definition`]): a hyperlink leads to something a reader can
    /// see, which a definition is not; an SVG `use` draws a symbol, not a
    /// paint or a clip.
    fn may_name(self, kind: &str) -> bool {
        match self {
            Use::Hyperlink => false,
            Use::SvgReference => kind == "symbol",
            _ => true,
        }
    }
}

/// The SVG definition an element is, if it is one: something drawn only
/// where another element refers to it (a `symbol` by `use`, a gradient or
/// pattern as a paint, a `clipPath` as a clip). Any other id is an anchor.
fn svg_definition(element: &Element) -> Option<&'static str> {
    if element.ns != NS_SVG {
        return None;
    }
    match element.name.as_str() {
        "symbol" => Some("symbol"),
        "linearGradient" => Some("linearGradient"),
        "radialGradient" => Some("radialGradient"),
        "pattern" => Some("pattern"),
        "clipPath" => Some("clipPath"),
        _ => None,
    }
}

/// The attributes of `element` that hold a URL, as (attribute, value, use).
fn urls_of(element: &Element) -> Vec<(&'static str, &str, Use)> {
    let pick = |name: &'static str, how: Use| element.attr(name).map(|v| (name, v, how));
    let found = match (element.ns.as_str(), element.name.as_str()) {
        (NS_XHTML, "a" | "area") => vec![pick("href", Use::Hyperlink)],
        (NS_XHTML, "link") => vec![pick("href", Use::Link)],
        (NS_XHTML, "video") => vec![pick("src", Use::Media), pick("poster", Use::Embedded)],
        (NS_XHTML, "audio" | "source") => vec![pick("src", Use::Media)],
        (NS_XHTML, "img" | "embed" | "input") => vec![pick("src", Use::Embedded)],
        (NS_XHTML, "track") => vec![pick("src", Use::Link)],
        (NS_XHTML, "script" | "iframe") => vec![pick("src", Use::Resource)],
        (NS_XHTML, "object") => vec![pick("data", Use::Object)],
        (NS_XHTML, "blockquote" | "q" | "del" | "ins") => vec![pick("cite", Use::Cite)],
        (NS_MATHML, "math") => vec![pick("altimg", Use::Embedded)],
        (NS_SVG, "use") => vec![svg_href(element).map(|v| ("href", v, Use::SvgReference))],
        (NS_SVG, "a") => vec![svg_href(element).map(|v| ("href", v, Use::Hyperlink))],
        (NS_SVG, "image") => vec![svg_href(element).map(|v| ("href", v, Use::Embedded))],
        _ => Vec::new(),
    };
    let mut found: Vec<_> = found.into_iter().flatten().collect();
    // Each candidate of a srcset is a URL followed by an optional descriptor.
    if element.ns == NS_XHTML && matches!(element.name.as_str(), "img" | "source") {
        if let Some(srcset) = element.attr("srcset") {
            for candidate in srcset.split(',') {
                if let Some(url) = candidate.split_ascii_whitespace().next() {
                    found.push(("srcset", url, Use::Embedded));
                    // A data: URL holds commas of its own; the rest is its data.
                    if url.starts_with("data:") {
                        break;
                    }
                }
            }
        }
    }
    found
}

fn svg_href(element: &Element) -> Option<&str> {
    element
        .attr("href")
        .or_else(|| element.attr_ns(NS_XLINK, "href"))
}

/// The core media types besides fonts ([`ocf::CORE_FONTS`]): reading systems
/// must show these, so they need no fallback. Parameters such as `codecs=` are ignored.
const CORE_MEDIA_TYPES: &[&str] = &[
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/svg+xml",
    "image/webp",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "audio/opus",
    "application/xhtml+xml",
    "text/css",
    "application/javascript",
    "application/ecmascript",
    "text/javascript",
    "application/x-dtbncx+xml",
    "application/smil+xml",
    "application/pls+xml",
];

/// Core media types need no fallback; nor does video, which EPUB exempts.
fn needs_no_fallback(media_type: &str) -> bool {
    let bare = media_type.split(';').next().unwrap_or("").trim();
    CORE_MEDIA_TYPES
        .iter()
        .chain(ocf::CORE_FONTS)
        .any(|t| t.eq_ignore_ascii_case(bare))
        || bare.to_ascii_lowercase().starts_with("video/")
}

/// The base URL that relative URLs in `element` resolve against, when it
/// is outside the book: `xml:base` on the element or an ancestor, or the
/// document's `<base href>` (given with its element's index) when it comes
/// before: a URL read before the `<base>` is resolved against the book.
fn external_base<'a>(
    document: &'a Document,
    index: usize,
    html_base: Option<(usize, &'a str)>,
) -> Option<&'a str> {
    let mut at = Some(index);
    while let Some(i) = at {
        let element = document.elements.get(i)?;
        if let Some(base) = element.attr_ns(NS_XML, "base") {
            return is_remote(base).then_some(base);
        }
        at = element.parent;
    }
    html_base
        .filter(|&(at, base)| at < index && is_remote(base))
        .map(|(_, base)| base)
}

/// A URL without its `#fragment`, trimmed.
fn without_fragment(value: &str) -> &str {
    value.trim().split('#').next().unwrap_or("")
}

/// True for a URL with a scheme or host, i.e. outside the container.
fn is_remote(value: &str) -> bool {
    matches!(url::resolve("", value), Ok(Reference::External))
}

/// The scheme of a URL, lower-cased, if it has one.
fn scheme(value: &str) -> Option<String> {
    let (scheme, _) = value.trim().split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Every internal URL must lead to a file of the book and, with a fragment,
/// to an element of it; hyperlinks must lead to documents in the spine.
/// Broken noterefs and backlinks are left to the notes stage, which names the
/// defect more precisely.
fn check_links(documents: &Documents, document: &XhtmlDocument, report: &mut Report) -> Uses {
    let mut uses = Uses::default();
    let html_base = document
        .document
        .elements
        .iter()
        .enumerate()
        .find(|(_, e)| e.is(NS_XHTML, "base"))
        .and_then(|(at, e)| Some((at, e.attr("href")?)));
    for (index, element) in document.document.elements.iter().enumerate() {
        check_lang_pair(element, &document.path, report);
        if element.is(NS_XHTML, "audio") || element.is(NS_XHTML, "video") {
            check_media_fallback(documents, document, index, report);
        }
        let in_notes = is_noteref(element) || is_backlink(element);
        for (attribute, value, how) in urls_of(element) {
            let location = Some(format!("{}:{}", document.path, element.line));
            let shown = excerpt(value);
            let malformed = url::syntax_error(value);
            if let Some(reason) = &malformed {
                report.add(
                    Code::UrlSyntax,
                    location.clone(),
                    format!("{attribute}=\"{shown}\" is not a valid URL: {reason}"),
                );
            }
            let scheme = scheme(value);
            match scheme.as_deref() {
                Some("data") => {
                    if how == Use::Hyperlink {
                        report.add(
                            Code::LinkDataUrl,
                            location,
                            format!("{attribute}=\"{shown}\": a hyperlink must not be a data: URL"),
                        );
                    } else if how == Use::Embedded && !in_picture(&document.document, index) {
                        let media_type = value
                            .trim()
                            .get(5..)
                            .and_then(|v| v.split([';', ',']).next())
                            .unwrap_or("");
                        if !media_type.is_empty() && !needs_no_fallback(media_type) {
                            report.add(
                                Code::ResourceNoFallback,
                                location,
                                format!(
                                    "{attribute}: a data: URL of type {} is not a core media type \
                                     and has no fallback",
                                    excerpt(media_type)
                                ),
                            );
                        }
                    }
                    continue;
                }
                Some("file") => {
                    report.add(
                        Code::LinkFileUrl,
                        location,
                        format!("{attribute}=\"{shown}\": file: URLs point outside the book"),
                    );
                    continue;
                }
                _ => {}
            }
            let remote_base =
                scheme.is_none() && external_base(&document.document, index, html_base).is_some();
            if scheme.is_some() || value.trim().starts_with("//") || remote_base {
                if matches!(scheme.as_deref(), Some("http" | "https"))
                    || value.trim().starts_with("//")
                    || remote_base
                {
                    check_remote(
                        documents, how, attribute, value, location, &mut uses, report,
                    );
                }
                continue;
            }
            if url::leaks(&document.path, value) {
                report.add(
                    Code::UrlLeaks,
                    location.clone(),
                    format!(
                        "{attribute}=\"{shown}\" leaves the container (path-absolute, or above the root); \
                         make it relative"
                    ),
                );
                // A reading system still resolves it, from the root; when
                // nothing is there, the link is broken as well (EPUBCheck
                // says both).
                if let Ok(Reference::Internal { path, .. }) = url::resolve(&document.path, value) {
                    if !documents.present.contains(&path) {
                        report.add(
                            Code::LinkTargetMissing,
                            location.clone(),
                            format!(
                                "{attribute}=\"{shown}\" leads to {}, which is not in the book",
                                excerpt(&path)
                            ),
                        );
                    }
                }
                continue;
            }
            if how == Use::Link
                && value.contains('#')
                && has_token(element.attr("rel"), "stylesheet")
            {
                report.add(
                    Code::LinkStylesheetFragment,
                    location.clone(),
                    format!("href=\"{shown}\": a stylesheet link must not have a #fragment"),
                );
            }
            if how == Use::SvgReference && !value.contains('#') {
                report.add(
                    Code::SvgUseNoFragment,
                    location.clone(),
                    format!("href=\"{shown}\": an SVG <use> must name an element with #id"),
                );
            }
            let resolved = documents.resolve(&document.path, value);
            let definition = match resolved {
                Resolved::Element { document, element } => documents
                    .get(document)
                    .and_then(|d| d.element(element))
                    .and_then(svg_definition),
                _ => None,
            };
            if how == Use::Embedded && !in_picture(&document.document, index) {
                check_fallback(
                    documents,
                    &document.path,
                    attribute,
                    value,
                    location.clone(),
                    report,
                );
            } else if in_picture(&document.document, index)
                && (how == Use::Embedded || element.is(NS_XHTML, "source"))
            {
                check_picture_source(
                    documents,
                    &document.path,
                    element,
                    value,
                    location.clone(),
                    report,
                );
            }
            match resolved {
                Resolved::External => {}
                Resolved::Unchecked => {
                    if let Ok(Reference::Internal { path, .. }) =
                        url::resolve(&document.path, value)
                    {
                        let undeclared = !documents.listed.contains(&path)
                            && documents.present.contains(&path)
                            && path != documents.package;
                        if undeclared {
                            report.add(
                                Code::LinkTargetUndeclared,
                                location,
                                format!(
                                    "{attribute}=\"{shown}\" leads to {path}, which is in the zip \
                                     but not in the manifest; list it"
                                ),
                            );
                        }
                    }
                }
                Resolved::Document { document: target }
                | Resolved::Element {
                    document: target, ..
                } => {
                    let target_path = documents.get(target).map_or("", |d| d.path.as_str());
                    {
                        if let Some(kind) = definition.filter(|&k| !how.may_name(k)) {
                            let why = match how {
                                Use::Hyperlink => {
                                    "drawn only where it is used: a link cannot lead to it"
                                }
                                _ => "not something an SVG <use> can draw",
                            };
                            report.add(
                                Code::LinkFragmentType,
                                location.clone(),
                                format!("{attribute}=\"{shown}\" names an SVG <{kind}>, {why}"),
                            );
                        }
                    }
                    if how == Use::Hyperlink && !documents.in_spine.contains(target_path) {
                        report.add(
                            Code::LinkNotInSpine,
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
                        Code::LinkTargetMissing,
                        location,
                        format!(
                            "{attribute}=\"{shown}\" leads to {path}, which is not in the book{hint}"
                        ),
                    );
                }
                Resolved::NoFragment { path, fragment } => report.add(
                    Code::LinkFragmentMissing,
                    location,
                    format!(
                        "{attribute}=\"{shown}\": {path} has no element with id \"{}\"",
                        excerpt(&fragment)
                    ),
                ),
                // Said once, as a syntax error.
                Resolved::Invalid { .. } if malformed.is_some() => {}
                Resolved::Invalid { reason } => report.add(
                    Code::LinkInvalid,
                    location,
                    format!("{attribute}=\"{shown}\" is unusable: {reason}"),
                ),
            }
        }
    }
    uses
}

/// A remote URL: audio and video may stay remote when the manifest lists
/// them; frames, scripts, images and stylesheets must be in the book.
fn check_remote(
    documents: &Documents,
    how: Use,
    attribute: &str,
    value: &str,
    location: Option<String>,
    uses: &mut Uses,
    report: &mut Report,
) {
    let shown = excerpt(value);
    match how {
        // A hyperlink leaves the book; one to a resource the manifest lists
        // as part of the publication asks a reading system to show it remote.
        Use::Hyperlink if documents.remote.contains(without_fragment(value)) => report.add(
            Code::RemoteResource,
            location,
            format!("{attribute}=\"{shown}\" links to a remote publication resource; put it in the book"),
        ),
        Use::Hyperlink | Use::Cite => {}
        Use::Object if documents.remote.contains(without_fragment(value)) => uses.remote = true,
        Use::Media => {
            uses.remote = true;
            if !documents.remote.contains(without_fragment(value)) {
                report.add(
                    Code::RemoteUndeclared,
                    location,
                    format!("{attribute}=\"{shown}\" is a remote resource the manifest does not list; list it"),
                );
            }
        }
        Use::Link | Use::Embedded | Use::Resource | Use::Object | Use::SvgReference => {
            uses.remote = true;
            report.add(
                Code::RemoteResource,
                location,
                format!("{attribute}=\"{shown}\" is remote; only audio, video and fonts may be, so put it in the book"),
            );
        }
    }
}

/// A resource shown in place of an element must be of a core media type,
/// or name a manifest fallback that is.
fn check_fallback(
    documents: &Documents,
    from: &str,
    attribute: &str,
    value: &str,
    location: Option<String>,
    report: &mut Report,
) {
    let Ok(Reference::Internal { path, .. }) = url::resolve(from, value) else {
        return;
    };
    let Some((media_type, has_fallback)) = documents.media.get(&path) else {
        return;
    };
    if !needs_no_fallback(media_type) && !has_fallback {
        report.add(
            Code::ResourceNoFallback,
            location,
            format!(
                "{attribute}=\"{}\" is {}, not a core media type, and its manifest item names no fallback",
                excerpt(value),
                excerpt(media_type)
            ),
        );
    }
}

/// Inside `<picture>`, the `<img>` is the fallback, so it must be of a core
/// media type; a `<source>` of another type must say so in `type`.
fn check_picture_source(
    documents: &Documents,
    from: &str,
    element: &Element,
    value: &str,
    location: Option<String>,
    report: &mut Report,
) {
    let Ok(Reference::Internal { path, .. }) = url::resolve(from, value) else {
        return;
    };
    let Some((media_type, _)) = documents.media.get(&path) else {
        return;
    };
    if needs_no_fallback(media_type) {
        return;
    }
    if element.is(NS_XHTML, "img") {
        report.add(
            Code::PictureImgForeign,
            location,
            format!(
                "the <img> of a <picture> is its fallback, so it must be a core media type, not {}",
                excerpt(media_type)
            ),
        );
    } else if element.is(NS_XHTML, "source") && element.attr("type").is_none() {
        report.add(
            Code::PictureSourceNoType,
            location,
            format!(
                "this <source> is {}, not a core media type: give its type=\"…\"",
                excerpt(media_type)
            ),
        );
    }
}

/// An `<audio>` or `<video>` needs one source a reading system can play: its
/// `src`, or one of its `<source>` children, of a core media type (any video
/// type counts, as EPUB exempts video) or with a manifest fallback. Inner flow
/// content does not count: it is for older browsers.
fn check_media_fallback(
    documents: &Documents,
    document: &XhtmlDocument,
    index: usize,
    report: &mut Report,
) {
    let Some(media) = document.element(index) else {
        return;
    };
    let sources = media.attr("src").into_iter().chain(
        document
            .document
            .children(index)
            .filter(|(_, e)| e.is(NS_XHTML, "source"))
            .filter_map(|(_, e)| e.attr("src")),
    );
    let mut foreign = None;
    for src in sources {
        if is_remote(src) || scheme(src).is_some() {
            return;
        }
        let Ok(Reference::Internal { path, .. }) = url::resolve(&document.path, src) else {
            return;
        };
        match documents.media.get(&path) {
            Some((media_type, has_fallback)) if !has_fallback && !needs_no_fallback(media_type) => {
                foreign.get_or_insert((src, media_type.clone()));
            }
            _ => return,
        }
    }
    if let Some((src, media_type)) = foreign {
        report.add(
            Code::ResourceNoFallback,
            Some(format!("{}:{}", document.path, media.line)),
            format!(
                "<{}> plays only \"{}\", of type {}, which is not a core media type; \
                 add a <source> a reading system can play, or a manifest fallback",
                media.name,
                excerpt(src),
                excerpt(&media_type)
            ),
        );
    }
}

/// Inside `<picture>`, `<source type>` gives the fallbacks; left alone.
fn in_picture(document: &Document, index: usize) -> bool {
    let mut at = document.elements.get(index).and_then(|e| e.parent);
    while let Some(i) = at {
        let Some(element) = document.elements.get(i) else {
            break;
        };
        if element.is(NS_XHTML, "picture") {
            return true;
        }
        at = element.parent;
    }
    false
}

/// `lang` and `xml:lang` on one element must agree.
fn check_lang_pair(element: &Element, path: &str, report: &mut Report) {
    if let (Some(lang), Some(xml_lang)) = (element.attr("lang"), element.attr_ns(NS_XML, "lang")) {
        if !lang.trim().eq_ignore_ascii_case(xml_lang.trim()) {
            report.add(
                Code::XhtmlLangMismatch,
                Some(format!("{path}:{}", element.line)),
                format!(
                    "lang=\"{}\" and xml:lang=\"{}\" disagree; give both the same value",
                    excerpt(lang),
                    excerpt(xml_lang)
                ),
            );
        }
    }
}

/// The navigation document needs `<nav epub:type="toc">` holding an `<ol>`.
fn check_nav(nav: &XhtmlDocument, documents: &Documents, report: &mut Report) {
    let document = &nav.document;
    check_nav_links(nav, documents, report);
    let toc = document
        .elements
        .iter()
        .enumerate()
        .find(|(_, e)| e.is(NS_XHTML, "nav") && has_token(e.attr_ns(NS_OPS, "type"), "toc"));
    let Some((index, toc)) = toc else {
        report.add(
            Code::NavTocMissing,
            Some(nav.path.clone()),
            "the navigation document has no <nav epub:type=\"toc\">",
        );
        return;
    };
    if !document.children(index).any(|(_, e)| e.is(NS_XHTML, "ol")) {
        report.add(
            Code::NavTocNoOl,
            Some(format!("{}:{}", nav.path, toc.line)),
            "the toc <nav> must contain an <ol> listing the chapters",
        );
    }
    check_toc_order(nav, index, documents, report);
}

/// The toc lists the book in reading order: each link leads to the place of
/// the previous one or after it, by the spine and then within a document (a
/// document's start before its elements). Links that lead outside the spine,
/// or to no element, are left to the other rules.
fn check_toc_order(nav: &XhtmlDocument, toc: usize, documents: &Documents, report: &mut Report) {
    let mut previous: Option<(usize, usize)> = None;
    for (_, link) in nav
        .document
        .descendants(toc)
        .filter(|(_, e)| e.is(NS_XHTML, "a"))
    {
        let Some(href) = link.attr("href") else {
            continue;
        };
        let Ok(Reference::Internal { path, fragment }) = url::resolve(&nav.path, href) else {
            continue;
        };
        let Some(&in_spine) = documents.spine_position.get(&path) else {
            continue;
        };
        let in_document = match fragment.as_deref() {
            None | Some("") => 0,
            Some(id) => {
                let target = documents
                    .by_path
                    .get(&path)
                    .and_then(|&d| documents.get(d))
                    .and_then(|d| d.ids.get(id));
                match target {
                    Some(&element) => element + 1,
                    None => continue,
                }
            }
        };
        let place = (in_spine, in_document);
        if let Some(before) = previous.filter(|&before| place < before) {
            let order = if in_spine < before.0 {
                "spine"
            } else {
                "document"
            };
            report.add(
                Code::NavTocOrder,
                Some(format!("{}:{}", nav.path, link.line)),
                format!(
                    "href=\"{}\" leads before the previous link's target in {order} order; \
                     list the toc in reading order",
                    excerpt(href)
                ),
            );
        }
        previous = Some(place);
    }
}

/// The toc, page-list and landmarks lead into the book, to content documents.
fn check_nav_links(nav: &XhtmlDocument, documents: &Documents, report: &mut Report) {
    let document = &nav.document;
    for (index, element) in document.elements.iter().enumerate() {
        let listed = ["toc", "page-list", "landmarks"]
            .iter()
            .any(|t| has_token(element.attr_ns(NS_OPS, "type"), t));
        if !element.is(NS_XHTML, "nav") || !listed {
            continue;
        }
        for (link_index, link) in document
            .descendants(index)
            .filter(|(_, e)| e.is(NS_XHTML, "a"))
        {
            let location = Some(format!("{}:{}", nav.path, link.line));
            let has_text = !link.text.trim().is_empty()
                || document.descendants(link_index).any(|(_, e)| {
                    !e.text.trim().is_empty()
                        || e.attr("alt").is_some_and(|alt| !alt.trim().is_empty())
                });
            if !has_text {
                report.add(
                    Code::NavLinkNoText,
                    location.clone(),
                    "a navigation link must have text a reader can choose",
                );
            }
            let Some(href) = link.attr("href") else {
                continue;
            };
            if is_remote(href) {
                report.add(
                    Code::NavLinkRemote,
                    location,
                    format!(
                        "href=\"{}\": the navigation must lead into the book",
                        excerpt(href)
                    ),
                );
                continue;
            }
            let Ok(Reference::Internal { path, .. }) = url::resolve(&nav.path, href) else {
                continue;
            };
            // A foreign item with a manifest fallback is read through its
            // fallback chain, which ends in a content document: EPUB 3.3
            // counts it as one, and so does EPUBCheck.
            if let Some((media_type, has_fallback)) = documents.media.get(&path) {
                if media_type != XHTML_MEDIA_TYPE && media_type != "image/svg+xml" && !has_fallback
                {
                    report.add(
                        Code::NavLinkNotContent,
                        location,
                        format!(
                            "href=\"{}\" leads to {}, which is not a content document",
                            excerpt(href),
                            excerpt(media_type)
                        ),
                    );
                }
            }
        }
    }
}
