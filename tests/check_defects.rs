//! The checker against a minimal valid EPUB 3 built in memory, and against
//! variants of it that each carry one deliberate defect.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use quire::check::{
    check_bytes, check_epub, findings_to_json, CheckOptions, Code, Finding, Severity,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

const OPF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e</dc:identifier>
    <dc:title>Two Short Essays</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-31T12:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="chapter-1" href="chapter-1.xhtml" media-type="application/xhtml+xml"/>
    <item id="chapter-2" href="chapter-2.xhtml" media-type="application/xhtml+xml"/>
    <item id="style" href="style.css" media-type="text/css"/>
  </manifest>
  <spine>
    <itemref idref="chapter-1"/>
    <itemref idref="chapter-2"/>
  </spine>
</package>
"#;

const NAV: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head>
  <title>Contents</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <nav epub:type="toc" id="toc">
    <h1>Contents</h1>
    <ol>
      <li><a href="chapter-1.xhtml">On Walking</a></li>
      <li><a href="chapter-2.xhtml#top">On Reading</a></li>
    </ol>
  </nav>
</body>
</html>
"#;

const CHAPTER_1: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head>
  <title>On Walking</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <section id="top">
    <h1>On Walking</h1>
    <p>Walking is thinking with the feet.<a epub:type="noteref" id="ref-1" href="chapter-2.xhtml#note-1">1</a></p>
    <p>See <a href="chapter-2.xhtml#top">the next essay</a> and <a href="https://example.org/">elsewhere</a>.</p>
  </section>
</body>
</html>
"#;

const CHAPTER_2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head>
  <title>On Reading</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <section id="top">
    <h1>On Reading</h1>
    <p>Reading is walking with the eyes.</p>
    <aside epub:type="footnote" id="note-1">
      <p><a epub:type="backlink" href="chapter-1.xhtml#ref-1">&#8617;</a> Said first on a long walk.</p>
    </aside>
  </section>
</body>
</html>
"#;

const CSS: &str = "body { font-family: serif; line-height: 1.4; }\n";

const OPF_PATH: &str = "OEBPS/content.opf";
const CH1: &str = "OEBPS/chapter-1.xhtml";
const CH2: &str = "OEBPS/chapter-2.xhtml";
const NAV_PATH: &str = "OEBPS/nav.xhtml";

/// One zip entry of a book under test.
#[derive(Clone)]
struct Entry {
    name: String,
    data: Vec<u8>,
    method: CompressionMethod,
}

/// A book as a list of entries, edited by the tests before being zipped.
#[derive(Clone)]
struct TestBook {
    entries: Vec<Entry>,
}

impl TestBook {
    fn valid() -> Self {
        let stored = |name: &str, data: &str| Entry {
            name: name.to_owned(),
            data: data.as_bytes().to_vec(),
            method: CompressionMethod::Stored,
        };
        let deflated = |name: &str, data: &str| Entry {
            method: CompressionMethod::Deflated,
            ..stored(name, data)
        };
        TestBook {
            entries: vec![
                stored("mimetype", "application/epub+zip"),
                deflated("META-INF/container.xml", CONTAINER),
                deflated(OPF_PATH, OPF),
                deflated(NAV_PATH, NAV),
                deflated(CH1, CHAPTER_1),
                deflated(CH2, CHAPTER_2),
                deflated("OEBPS/style.css", CSS),
            ],
        }
    }

    fn position(&self, name: &str) -> usize {
        self.entries
            .iter()
            .position(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entry {name}"))
    }

    /// Replaces text in one entry; the text must be there, so that a test
    /// cannot silently stop introducing its defect.
    fn edit(mut self, name: &str, from: &str, to: &str) -> Self {
        let index = self.position(name);
        let text = String::from_utf8(self.entries[index].data.clone()).expect("utf-8 entry");
        assert!(text.contains(from), "{name} does not contain {from:?}");
        self.entries[index].data = text.replacen(from, to, 1).into_bytes();
        self
    }

    fn put(mut self, name: &str, data: impl Into<Vec<u8>>) -> Self {
        let data = data.into();
        match self.entries.iter().position(|e| e.name == name) {
            Some(index) => self.entries[index].data = data,
            None => self.entries.push(Entry {
                name: name.to_owned(),
                data,
                method: CompressionMethod::Deflated,
            }),
        }
        self
    }

    fn remove(mut self, name: &str) -> Self {
        let index = self.position(name);
        self.entries.remove(index);
        self
    }

    fn method(mut self, name: &str, method: CompressionMethod) -> Self {
        let index = self.position(name);
        self.entries[index].method = method;
        self
    }

    fn move_to_end(mut self, name: &str) -> Self {
        let index = self.position(name);
        let entry = self.entries.remove(index);
        self.entries.push(entry);
        self
    }

    fn zip(&self) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for entry in &self.entries {
            let options = SimpleFileOptions::default().compression_method(entry.method);
            writer
                .start_file(entry.name.as_str(), options)
                .expect("start entry");
            writer.write_all(&entry.data).expect("write entry");
        }
        writer.finish().expect("finish zip").into_inner()
    }
}

/// Replaces every occurrence of `from` by `to` (same length) in raw zip
/// bytes, which renames an entry in both its local and central headers.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len(), "a patch must keep the length");
    let mut hits = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            hits += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(hits > 0, "{} not found", String::from_utf8_lossy(from));
}

fn check(bytes: &[u8]) -> Vec<Finding> {
    check_bytes(bytes, &CheckOptions::default())
}

/// Each finding's code and location, for comparing with what is expected.
fn summary(findings: &[Finding]) -> Vec<(&str, Option<&str>)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.location.as_deref()))
        .collect()
}

fn listing(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("\n  {f}")).collect()
}

/// Asserts that a finding with `code` is reported, at a location starting
/// with `location` when one is given, and returns all findings.
fn expect(book: &TestBook, code: &str, location: Option<&str>) -> Vec<Finding> {
    expect_bytes(&book.zip(), code, location)
}

fn expect_bytes(bytes: &[u8], code: &str, location: Option<&str>) -> Vec<Finding> {
    let findings = check(bytes);
    let found = findings.iter().any(|f| {
        f.code == code
            && match location {
                Some(prefix) => f.location.as_deref().is_some_and(|l| l.starts_with(prefix)),
                None => true,
            }
    });
    assert!(
        found,
        "expected {code} at {location:?}, got:{}",
        listing(&findings)
    );
    findings
}

/// Like [`expect`], and no finding with another code.
fn expect_only(book: &TestBook, code: &str, location: Option<&str>) {
    let findings = expect(book, code, location);
    assert!(
        findings.iter().all(|f| f.code == code),
        "expected only {code}, got:{}",
        listing(&findings)
    );
}

#[test]
fn the_valid_book_is_clean() {
    let bytes = TestBook::valid().zip();
    let findings = check(&bytes);
    assert!(findings.is_empty(), "unexpected:{}", listing(&findings));
    // Set QUIRE_CHECK_SAMPLE to a path to keep the book, e.g. to compare
    // with another validator.
    if let Some(path) = std::env::var_os("QUIRE_CHECK_SAMPLE") {
        std::fs::write(path, &bytes).expect("write sample");
    }
}

// ---- OCF container ----

#[test]
fn mimetype_not_first() {
    let book = TestBook::valid().move_to_end("mimetype");
    expect_only(&book, "OCF-MIMETYPE-FIRST", Some("mimetype"));
}

#[test]
fn mimetype_last_and_compressed_are_two_defects() {
    let book = TestBook::valid()
        .move_to_end("mimetype")
        .method("mimetype", CompressionMethod::Deflated);
    let findings = check(&book.zip());
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["OCF-MIMETYPE-FIRST", "OCF-MIMETYPE-COMPRESSED"]);
}

#[test]
fn mimetype_compressed() {
    let book = TestBook::valid().method("mimetype", CompressionMethod::Deflated);
    expect_only(&book, "OCF-MIMETYPE-COMPRESSED", Some("mimetype"));
}

#[test]
fn mimetype_with_a_trailing_newline() {
    let book = TestBook::valid().put("mimetype", "application/epub+zip\n");
    expect_only(&book, "OCF-MIMETYPE-CONTENT", Some("mimetype"));
}

#[test]
fn mimetype_with_the_wrong_type() {
    let book = TestBook::valid().put("mimetype", "application/zip");
    expect_only(&book, "OCF-MIMETYPE-CONTENT", Some("mimetype"));
}

#[test]
fn mimetype_missing() {
    let book = TestBook::valid().remove("mimetype");
    expect_only(&book, "OCF-MIMETYPE-MISSING", None);
}

#[test]
fn container_missing() {
    let book = TestBook::valid().remove("META-INF/container.xml");
    expect_only(&book, "OCF-CONTAINER-MISSING", None);
}

#[test]
fn container_malformed() {
    let book = TestBook::valid().edit("META-INF/container.xml", "</rootfiles>", "");
    expect_only(&book, "XML-MALFORMED", Some("META-INF/container.xml:"));
}

#[test]
fn rootfile_points_nowhere() {
    let book = TestBook::valid().edit(
        "META-INF/container.xml",
        "OEBPS/content.opf",
        "OEBPS/package.opf",
    );
    expect_only(
        &book,
        "OCF-ROOTFILE-NOT-FOUND",
        Some("META-INF/container.xml:4"),
    );
}

#[test]
fn rootfile_with_the_wrong_media_type() {
    let book = TestBook::valid().edit(
        "META-INF/container.xml",
        "application/oebps-package+xml",
        "application/xml",
    );
    expect_only(
        &book,
        "OCF-ROOTFILE-MEDIA-TYPE",
        Some("META-INF/container.xml:4"),
    );
}

// ---- untrusted input ----

#[test]
fn entry_names_that_escape_are_reported_and_not_followed() {
    for evil in [
        &b"../../evil.txt"[..],
        b"/OEBPS/evil.txt",
        b"OEBPS\\evil.txt",
        b"OEBPS/evil\0.txt",
        b"OEBPS/../../x.t",
    ] {
        let placeholder = "OEBPS/placeholder-0.txt"
            .get(..evil.len())
            .expect("placeholder long enough");
        let book = TestBook::valid().put(placeholder, "x");
        let mut bytes = book.zip();
        patch(&mut bytes, placeholder.as_bytes(), evil);
        let findings = check(&bytes);
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            ["OCF-ENTRY-NAME"],
            "{}:{}",
            String::from_utf8_lossy(evil),
            listing(&findings)
        );
    }
}

/// Megabytes of zeros deflate to a few kilobytes.
fn bomb_book() -> TestBook {
    TestBook::valid()
        .put("OEBPS/bomb.txt", vec![0u8; 16 << 20])
        .edit(
            OPF_PATH,
            "</manifest>",
            r#"<item id="bomb" href="bomb.txt" media-type="text/plain"/></manifest>"#,
        )
}

#[test]
fn zip_bomb_by_declared_ratio() {
    expect_only(&bomb_book(), "OCF-ZIP-BOMB", Some("OEBPS/bomb.txt"));
}

#[test]
fn zip_bomb_with_lying_sizes_is_caught_while_inflating() {
    let mut bytes = bomb_book().zip();
    // Claim 1000 bytes in both headers instead of 16 MiB: the declared ratio
    // looks harmless, so only the capped read can notice.
    let real = (16u32 << 20).to_le_bytes();
    let lie = 1000u32.to_le_bytes();
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(4) {
        if bytes[i..i + 4] == real {
            bytes[i..i + 4].copy_from_slice(&lie);
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "local and central header sizes");
    let findings = expect_bytes(&bytes, "OCF-ZIP-BOMB", Some("OEBPS/bomb.txt"));
    assert!(
        findings.iter().all(|f| f.code == "OCF-ZIP-BOMB"),
        "{}",
        listing(&findings)
    );
}

#[test]
fn too_many_entries() {
    let options = CheckOptions {
        max_entries: 3,
        ..CheckOptions::default()
    };
    let findings = check_bytes(&TestBook::valid().zip(), &options);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["OCF-TOO-MANY-ENTRIES"]);
}

#[test]
fn too_large_uncompressed() {
    let options = CheckOptions {
        max_uncompressed: 1000,
        ..CheckOptions::default()
    };
    let findings = check_bytes(&TestBook::valid().zip(), &options);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["OCF-TOO-LARGE"]);
}

#[test]
fn corrupt_entry_data() {
    let book = TestBook::valid().method("OEBPS/style.css", CompressionMethod::Stored);
    let mut bytes = book.zip();
    patch(&mut bytes, b"font-family: serif", b"font-family: sans!");
    expect_bytes(&bytes, "OCF-ENTRY-CORRUPT", Some("OEBPS/style.css"));
}

#[test]
fn random_garbage_is_not_a_zip() {
    let garbage: Vec<u8> = Lcg(7).take(4096).collect();
    let findings = expect_bytes(&garbage, "OCF-ZIP-UNREADABLE", None);
    assert_eq!(findings.len(), 1);
    expect_bytes(&[], "OCF-ZIP-UNREADABLE", None);
}

// ---- package document ----

#[test]
fn package_malformed() {
    let book = TestBook::valid().edit(OPF_PATH, "</metadata>", "</metadat>");
    expect_only(&book, "XML-MALFORMED", Some("OEBPS/content.opf:8"));
}

#[test]
fn package_version_4() {
    let book = TestBook::valid().edit(OPF_PATH, r#"version="3.0""#, r#"version="4.0""#);
    expect_only(&book, "OPF-VERSION", Some(OPF_PATH));
}

#[test]
fn an_epub_2_package_is_held_to_epub_2_rules() {
    // An EPUB 3 package relabelled 2.0 lacks the NCX, and its HTML5 elements
    // are not XHTML 1.1; its nav and dcterms:modified are not asked for.
    let book = TestBook::valid().edit(OPF_PATH, r#"version="3.0""#, r#"version="2.0""#);
    let findings = expect(&book, "SPINE-NCX-MISSING", Some(OPF_PATH));
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(
        codes
            .iter()
            .all(|c| ["SPINE-NCX-MISSING", "XHTML-ELEMENT-UNKNOWN"].contains(c)),
        "{codes:?}"
    );
    let checked_version = {
        let path = temp_path("epub2.epub");
        std::fs::write(&path, book.zip()).expect("write book");
        let checked = quire::check::check_file(&path, &CheckOptions::default());
        std::fs::remove_file(&path).expect("remove book");
        checked.version
    };
    assert_eq!(checked_version.as_deref(), Some("2.0"));
    // XHTML 1.1 has no <section> and no ol/@start; EPUB 3's HTML has both.
    let modern = book.clone().edit(
        CH1,
        "<p>Walking",
        "<ol start=\"3\"><li>x</li></ol><p>Walking",
    );
    let findings = check(&modern.zip());
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(
        codes.contains(&"XHTML-ELEMENT-UNKNOWN") && codes.contains(&"XHTML-ATTRIBUTE-OBSOLETE"),
        "{codes:?}"
    );
}

#[test]
fn unique_identifier_mismatch() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        r#"unique-identifier="book-id""#,
        r#"unique-identifier="uid""#,
    );
    expect_only(&book, "OPF-UNIQUE-ID", Some(OPF_PATH));
}

#[test]
fn title_missing() {
    let book = TestBook::valid().edit(OPF_PATH, "<dc:title>Two Short Essays</dc:title>", "");
    expect_only(&book, "OPF-TITLE-MISSING", Some(OPF_PATH));
}

#[test]
fn language_missing() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        "<dc:language>en</dc:language>",
        "<dc:language> </dc:language>",
    );
    expect_only(&book, "OPF-LANGUAGE-MISSING", Some(OPF_PATH));
}

#[test]
fn modified_missing() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        r#"<meta property="dcterms:modified">2024-01-31T12:00:00Z</meta>"#,
        "",
    );
    expect_only(&book, "OPF-MODIFIED-MISSING", Some(OPF_PATH));
}

#[test]
fn modified_badly_formed() {
    let book = TestBook::valid().edit(OPF_PATH, "2024-01-31T12:00:00Z", "2024-01-31 12:00");
    expect_only(&book, "OPF-MODIFIED-FORMAT", Some("OEBPS/content.opf:7"));
}

#[test]
fn modified_twice() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        "</metadata>",
        r#"<meta property="dcterms:modified">2024-02-01T12:00:00Z</meta></metadata>"#,
    );
    expect_only(&book, "OPF-MODIFIED-DUPLICATE", Some(OPF_PATH));
}

// ---- manifest and spine ----

#[test]
fn manifest_item_missing_from_zip() {
    let book = TestBook::valid().remove("OEBPS/style.css");
    expect_only(&book, "MANIFEST-FILE-MISSING", Some("OEBPS/content.opf:13"));
}

#[test]
fn manifest_item_differs_in_case() {
    let book = TestBook::valid().edit(OPF_PATH, r#"href="style.css""#, r#"href="Style.css""#);
    let findings = expect(&book, "MANIFEST-FILE-MISSING", Some(OPF_PATH));
    assert!(findings
        .iter()
        .any(|f| f.message.contains("differs in case")));
}

#[test]
fn file_in_zip_not_in_manifest() {
    let book = TestBook::valid().put("OEBPS/images/extra.png", vec![0x89, b'P', b'N', b'G']);
    expect_only(&book, "MANIFEST-UNLISTED", Some("OEBPS/images/extra.png"));
}

#[test]
fn duplicate_manifest_ids() {
    let book = TestBook::valid().edit(OPF_PATH, r#"id="style""#, r#"id="chapter-2""#);
    expect_only(&book, "OPF-DUPLICATE-ID", Some("OEBPS/content.opf:13"));
}

#[test]
fn spine_idref_unknown() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        r#"<itemref idref="chapter-2"/>"#,
        r#"<itemref idref="chapter-3"/>"#,
    );
    let findings = expect(&book, "SPINE-IDREF-UNKNOWN", Some("OEBPS/content.opf:17"));
    // Chapter 2 has thereby left the spine, so the links to it are wrong too.
    assert!(findings
        .iter()
        .all(|f| ["SPINE-IDREF-UNKNOWN", "LINK-NOT-IN-SPINE"].contains(&f.code.as_str())));
}

#[test]
fn spine_item_that_is_not_xhtml() {
    let book = TestBook::valid().edit(
        OPF_PATH,
        r#"<itemref idref="chapter-2"/>"#,
        r#"<itemref idref="chapter-2"/><itemref idref="style"/>"#,
    );
    expect_only(&book, "SPINE-MEDIA-TYPE", Some("OEBPS/content.opf:17"));
}

#[test]
fn hyperlink_to_a_document_outside_the_spine() {
    let book = TestBook::valid().edit(OPF_PATH, r#"<itemref idref="chapter-2"/>"#, "");
    let findings = check(&book.zip());
    let summary = summary(&findings);
    // The nav entry, the noteref and the plain link all lead to chapter 2.
    assert_eq!(
        summary,
        [
            ("LINK-NOT-IN-SPINE", Some("OEBPS/nav.xhtml:13")),
            ("LINK-NOT-IN-SPINE", Some("OEBPS/chapter-1.xhtml:11")),
            ("LINK-NOT-IN-SPINE", Some("OEBPS/chapter-1.xhtml:12")),
        ],
        "{}",
        listing(&findings)
    );
}

#[test]
fn no_nav_item() {
    let book = TestBook::valid().edit(OPF_PATH, r#" properties="nav""#, "");
    expect_only(&book, "MANIFEST-NAV-MISSING", Some(OPF_PATH));
}

// ---- navigation document ----

#[test]
fn nav_without_toc() {
    let book = TestBook::valid().edit(NAV_PATH, r#"epub:type="toc""#, r#"epub:type="landmarks""#);
    expect_only(&book, "NAV-TOC-MISSING", Some(NAV_PATH));
}

#[test]
fn toc_without_ol() {
    let book = TestBook::valid()
        .edit(NAV_PATH, "<ol>", "<ul>")
        .edit(NAV_PATH, "</ol>", "</ul>");
    expect_only(&book, "NAV-TOC-NO-OL", Some("OEBPS/nav.xhtml:9"));
}

#[test]
fn broken_link_in_nav() {
    let book = TestBook::valid().edit(
        NAV_PATH,
        r#"href="chapter-1.xhtml""#,
        r#"href="chapter-one.xhtml""#,
    );
    expect_only(&book, "LINK-TARGET-MISSING", Some("OEBPS/nav.xhtml:12"));
}

// ---- XHTML content ----

#[test]
fn malformed_xhtml() {
    let book = TestBook::valid().edit(CH1, "</p>", "</div>");
    expect_only(&book, "XML-MALFORMED", Some("OEBPS/chapter-1.xhtml:11"));
}

#[test]
fn undefined_html_entity() {
    let book = TestBook::valid().edit(CH1, "Walking is", "Walking&nbsp;is");
    let findings = expect(&book, "XML-MALFORMED", Some("OEBPS/chapter-1.xhtml:11"));
    assert!(
        findings[0].message.contains("&nbsp;"),
        "{}",
        listing(&findings)
    );
}

#[test]
fn doctype_entity_expansion_attempt() {
    let laughs = r#"<!DOCTYPE html [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>"#;
    let book = TestBook::valid().edit(CH2, "<!DOCTYPE html>", laughs).edit(
        CH2,
        "Reading is walking",
        "&lol2;",
    );
    expect_only(&book, "XML-ENTITY-DECL", Some("OEBPS/chapter-2.xhtml:2"));
}

#[test]
fn missing_xml_lang() {
    let book = TestBook::valid().edit(CH2, r#" xml:lang="en" lang="en""#, "");
    expect_only(&book, "XHTML-LANG-MISSING", Some("OEBPS/chapter-2.xhtml:3"));
}

#[test]
fn missing_title_is_a_warning() {
    let book = TestBook::valid().edit(CH2, "<title>On Reading</title>", "");
    expect_only(&book, "XHTML-TITLE-MISSING", Some(CH2));
    let findings = check(&book.zip());
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[test]
fn wrong_root_namespace() {
    let book = TestBook::valid().edit(
        CH2,
        r#"xmlns="http://www.w3.org/1999/xhtml""#,
        r#"xmlns="http://example.org/""#,
    );
    expect_only(&book, "XHTML-ROOT", Some(CH2));
}

#[test]
fn duplicate_id() {
    let book = TestBook::valid().edit(
        CH2,
        "<h1>On Reading</h1>",
        r#"<h1 id="top">On Reading</h1>"#,
    );
    expect_only(
        &book,
        "XHTML-DUPLICATE-ID",
        Some("OEBPS/chapter-2.xhtml:10"),
    );
}

#[test]
fn broken_link() {
    let book = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top""#,
        r#"href="chapter-3.xhtml#top""#,
    );
    expect_only(
        &book,
        "LINK-TARGET-MISSING",
        Some("OEBPS/chapter-1.xhtml:12"),
    );
}

#[test]
fn broken_fragment() {
    let book = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top""#,
        r#"href="chapter-2.xhtml#bottom""#,
    );
    expect_only(
        &book,
        "LINK-FRAGMENT-MISSING",
        Some("OEBPS/chapter-1.xhtml:12"),
    );
}

#[test]
fn broken_stylesheet_and_image() {
    let book = TestBook::valid()
        .edit(CH2, r#"href="style.css""#, r#"href="css/style.css""#)
        .edit(
            CH2,
            "<h1>On Reading</h1>",
            r#"<h1><img src="../images/cover.jpg" alt=""/></h1>"#,
        );
    let findings = check(&book.zip());
    let broken: Vec<&str> = findings
        .iter()
        .filter_map(|f| f.location.as_deref())
        .collect();
    assert_eq!(
        broken,
        ["OEBPS/chapter-2.xhtml:6", "OEBPS/chapter-2.xhtml:10"],
        "{}",
        listing(&findings)
    );
    assert!(findings.iter().all(|f| f.code == "LINK-TARGET-MISSING"));
}

#[test]
fn link_leaving_the_container() {
    let book = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top""#,
        r#"href="../../chapter-2.xhtml""#,
    );
    expect(&book, "URL-LEAKS", Some("OEBPS/chapter-1.xhtml:12"));
}

// ---- notes ----

#[test]
fn noteref_target_missing() {
    let book = TestBook::valid().edit(CH1, "chapter-2.xhtml#note-1", "chapter-2.xhtml#note-9");
    expect_only(
        &book,
        "NOTE-TARGET-MISSING",
        Some("OEBPS/chapter-1.xhtml:11"),
    );
}

#[test]
fn note_without_backlink_is_a_warning() {
    let book = TestBook::valid().edit(
        CH2,
        r#"<a epub:type="backlink" href="chapter-1.xhtml#ref-1">&#8617;</a>"#,
        "",
    );
    let findings = check(&book.zip());
    assert_eq!(findings.len(), 1, "{}", listing(&findings));
    assert_eq!(findings[0].code, "NOTE-NO-BACKLINK");
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(
        findings[0].location.as_deref(),
        Some("OEBPS/chapter-1.xhtml:11")
    );
}

#[test]
fn backlink_target_missing() {
    let book = TestBook::valid().edit(CH2, "chapter-1.xhtml#ref-1", "chapter-1.xhtml#ref-7");
    let findings = expect(
        &book,
        "BACKLINK-TARGET-MISSING",
        Some("OEBPS/chapter-2.xhtml:13"),
    );
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    // The noteref in chapter 1 comes first in reading order.
    assert_eq!(codes, ["NOTE-NO-BACKLINK", "BACKLINK-TARGET-MISSING"]);
}

#[test]
fn backlink_to_something_that_is_not_a_noteref() {
    let book = TestBook::valid().edit(CH2, "chapter-1.xhtml#ref-1", "chapter-1.xhtml#top");
    expect(
        &book,
        "BACKLINK-NOT-NOTEREF",
        Some("OEBPS/chapter-2.xhtml:13"),
    );
}

#[test]
fn backlink_not_pointing_back() {
    // A second note whose backlink leads to the first noteref.
    let book = TestBook::valid()
        .edit(
            CH1,
            "with the feet.",
            r#"with the feet.<a epub:type="noteref" id="ref-2" href="chapter-2.xhtml#note-2">2</a>"#,
        )
        .edit(
            CH2,
            "</section>",
            r#"<aside epub:type="footnote" id="note-2"><p><a epub:type="backlink" href="chapter-1.xhtml#ref-1">&#8617;</a> Second.</p></aside>
  </section>"#,
        );
    let findings = check(&book.zip());
    let summary = summary(&findings);
    assert_eq!(
        summary,
        [
            ("NOTE-NO-BACKLINK", Some("OEBPS/chapter-1.xhtml:11")),
            ("BACKLINK-MISMATCH", Some("OEBPS/chapter-2.xhtml:15")),
        ],
        "{}",
        listing(&findings)
    );
}

#[test]
fn notes_marked_with_aria_roles_are_checked_too() {
    let book = TestBook::valid()
        .edit(CH1, r#"epub:type="noteref""#, r#"role="doc-noteref""#)
        .edit(
            CH2,
            r#"epub:type="backlink" href="chapter-1.xhtml#ref-1""#,
            r#"role="doc-backlink" href="chapter-1.xhtml#top""#,
        );
    expect(&book, "BACKLINK-NOT-NOTEREF", Some(CH2));
}

// ---- API: files, output, robustness ----

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("quire-check-{}-{name}", std::process::id()))
}

#[test]
fn checks_a_file_and_reports_json() {
    let path = temp_path("book.epub");
    std::fs::write(&path, TestBook::valid().move_to_end("mimetype").zip()).expect("write book");
    let findings = check_epub(&path, &CheckOptions::default());
    std::fs::remove_file(&path).expect("remove book");
    assert_eq!(findings.len(), 1, "{}", listing(&findings));
    let line = findings[0].to_string();
    assert!(
        line.starts_with("error[OCF-MIMETYPE-FIRST] [PKG-006] mimetype: "),
        "{line}"
    );
    let json = findings_to_json(&path, Some("3.0"), &findings);
    assert!(json.contains(r#""clean": false"#), "{json}");
    assert!(json.contains(r#""epub_version": "3.0""#), "{json}");
    assert!(json.contains(r#"{"severity": "error", "code": "OCF-MIMETYPE-FIRST", "epubcheck": "PKG-006", "location": "mimetype", "message": "#), "{json}");
}

#[test]
fn a_missing_file_is_reported() {
    let findings = check_epub(&temp_path("absent.epub"), &CheckOptions::default());
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["IO-OPEN"]);
}

#[test]
fn findings_are_deterministic() {
    let book = TestBook::valid()
        .remove("OEBPS/style.css")
        .put("OEBPS/a.txt", "a")
        .put("OEBPS/b.txt", "b")
        .edit(CH1, "#note-1", "#note-2")
        .edit(
            CH2,
            "<h1>On Reading</h1>",
            r#"<h1 id="top"><a href="missing.xhtml">x</a></h1>"#,
        );
    let bytes = book.zip();
    let first = check(&bytes);
    assert!(first.len() >= 5, "{}", listing(&first));
    for _ in 0..3 {
        assert_eq!(check(&bytes), first);
    }
}

/// A tiny deterministic byte generator, so that failures reproduce.
struct Lcg(u64);

impl Iterator for Lcg {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Some((self.0 >> 33) as u8)
    }
}

fn assert_no_internal_fault(findings: &[Finding], what: &str) {
    assert!(
        findings.iter().all(|f| f.code != "CHECK-INTERNAL"),
        "{what}:{}",
        listing(findings)
    );
}

#[test]
fn truncated_books_never_panic_and_are_never_clean() {
    let bytes = TestBook::valid().zip();
    for length in 0..bytes.len() {
        let findings = check(&bytes[..length]);
        assert_no_internal_fault(&findings, &format!("truncated to {length}"));
        assert!(!findings.is_empty(), "truncated to {length} looked clean");
    }
}

#[test]
fn corrupted_books_never_panic() {
    let bytes = TestBook::valid().zip();
    let mut random = Lcg(42);
    for round in 0..1500 {
        let mut damaged = bytes.clone();
        let flips = 1 + usize::from(random.next().unwrap_or(0) % 8);
        for _ in 0..flips {
            let high = usize::from(random.next().unwrap_or(0));
            let low = usize::from(random.next().unwrap_or(0));
            let at = (high << 8 | low) % damaged.len();
            damaged[at] = random.next().unwrap_or(0);
        }
        assert_no_internal_fault(&check(&damaged), &format!("round {round}"));
    }
}

/// Markup characters are what XML parsers trip on, so mutations favour them.
const MARKUP: &[u8] = b"<>&;#\"'=/:![]?- axlmns0\n\xc3\xa9\xff";

#[test]
fn mutated_documents_never_panic() {
    let names = ["META-INF/container.xml", OPF_PATH, NAV_PATH, CH1, CH2];
    let mut random = Lcg(2024);
    let mut byte = move || random.next().unwrap_or(0);
    for round in 0..600 {
        let name = names[usize::from(byte()) % names.len()];
        let mut book = TestBook::valid();
        let index = book.position(name);
        let data = &mut book.entries[index].data;
        for _ in 0..1 + byte() % 4 {
            let at = (usize::from(byte()) << 8 | usize::from(byte())) % (data.len() + 1);
            let insert = MARKUP[usize::from(byte()) % MARKUP.len()];
            match byte() % 3 {
                0 => data.insert(at, insert),
                1 if at < data.len() => {
                    data.remove(at);
                }
                _ if at < data.len() => data[at] = insert,
                _ => data.push(insert),
            }
        }
        let findings = check(&book.zip());
        assert_no_internal_fault(&findings, &format!("round {round} in {name}"));
    }
}

/// Smaller defects, one text replacement each: (entry, from, to, code).
#[test]
fn one_edit_defects() {
    let cases = [
        (
            "META-INF/container.xml",
            "urn:oasis:names:tc:opendocument:xmlns:container",
            "urn:example:container",
            "OCF-CONTAINER-INVALID",
        ),
        (
            "META-INF/container.xml",
            r#"full-path="OEBPS/content.opf" "#,
            "",
            "OCF-ROOTFILE-MISSING",
        ),
        (
            OPF_PATH,
            r#"<package xmlns="http://www.idpf.org/2007/opf""#,
            r#"<package xmlns="http://www.idpf.org/2007/opf#""#,
            "OPF-NOT-PACKAGE",
        ),
        (
            OPF_PATH,
            "<spine>",
            r#"<spine xmlns="urn:example:other">"#,
            "OPF-SECTION-MISSING",
        ),
        (
            OPF_PATH,
            "<dc:language>en</dc:language>",
            "<dc:language>en_GB</dc:language>",
            "OPF-LANGUAGE-INVALID",
        ),
        (
            OPF_PATH,
            r#"<item id="style" href="style.css" "#,
            r#"<item id="style" "#,
            "MANIFEST-ITEM-INVALID",
        ),
        (
            OPF_PATH,
            r#"href="style.css""#,
            r#"href="../../style.css""#,
            "URL-LEAKS",
        ),
        (
            OPF_PATH,
            r#"href="style.css""#,
            r#"href="chapter-2.xhtml""#,
            "MANIFEST-DUPLICATE-HREF",
        ),
        (
            OPF_PATH,
            r#"media-type="text/css""#,
            r#"media-type="text/css" properties="nav""#,
            "MANIFEST-NAV-DUPLICATE",
        ),
        (
            OPF_PATH,
            r#"href="nav.xhtml" media-type="application/xhtml+xml""#,
            r#"href="nav.xhtml" media-type="text/html""#,
            "MANIFEST-NAV-MEDIA-TYPE",
        ),
        (
            OPF_PATH,
            r#"<itemref idref="chapter-2"/>"#,
            r#"<itemref idref="chapter-2"/><itemref idref="chapter-2"/>"#,
            "SPINE-DUPLICATE-IDREF",
        ),
        (
            CH1,
            "<!DOCTYPE html>",
            r#"<!DOCTYPE html [<!ATTLIST p class CDATA "x">]>"#,
            "XML-DOCTYPE-SUBSET",
        ),
        (
            CH1,
            r#"xmlns:epub="http://www.idpf.org/2007/ops" "#,
            "",
            "XML-MALFORMED",
        ),
    ];
    for (entry, from, to, code) in cases {
        let book = TestBook::valid().edit(entry, from, to);
        expect(&book, code, Some(entry));
    }
}

#[test]
fn spine_without_itemrefs() {
    let book = TestBook::valid()
        .edit(OPF_PATH, r#"<itemref idref="chapter-1"/>"#, "")
        .edit(OPF_PATH, r#"<itemref idref="chapter-2"/>"#, "");
    expect(&book, "SPINE-EMPTY", Some(OPF_PATH));
}

#[test]
fn documents_that_are_not_utf8() {
    let utf16: Vec<u8> = CHAPTER_2
        .replace("UTF-8", "UTF-16")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let book = TestBook::valid().put(CH2, [&[0xFF, 0xFE][..], &utf16].concat());
    expect_only(&book, "XML-ENCODING", Some(CH2));
}

// ---- EPUBCheck's ids and severities ----

/// Asserts that `code` is reported in `entry`, as an error carrying
/// EPUBCheck's id `epubcheck`.
fn expect_epubcheck(book: &TestBook, code: &str, entry: &str, epubcheck: &str) {
    let findings = expect(book, code, Some(entry));
    let finding = findings.iter().find(|f| f.code == code).unwrap();
    assert_eq!(finding.epubcheck.as_deref(), Some(epubcheck), "{finding}");
    assert!(finding.severity.fails(), "{finding}");
}

#[test]
fn one_edit_defects_carry_epubchecks_ids() {
    let cases = [
        (
            OPF_PATH,
            r#"href="chapter-1.xhtml""#,
            r#"href="/OEBPS/chapter-1.xhtml""#,
            "URL-LEAKS",
            "RSC-026",
        ),
        (
            OPF_PATH,
            r#"href="chapter-1.xhtml""#,
            r#"href="missing.xhtml""#,
            "MANIFEST-FILE-MISSING",
            "RSC-001",
        ),
        (
            OPF_PATH,
            r#"media-type="text/css""#,
            r#"media-type="text/css" properties="glossy""#,
            "MANIFEST-PROPERTY-UNKNOWN",
            "OPF-027",
        ),
        (
            OPF_PATH,
            r#"media-type="text/css""#,
            r#"media-type="text/css" properties="rendition:layout-pre-paginated""#,
            "MANIFEST-PROPERTY-UNKNOWN",
            "OPF-027",
        ),
        (
            OPF_PATH,
            r#"<item id="style" href="style.css""#,
            r#"<item id="self" href="content.opf" media-type="application/oebps-package+xml"/><item id="style" href="style.css""#,
            "MANIFEST-SELF",
            "OPF-099",
        ),
        (
            OPF_PATH,
            r#"<item id="style" href="style.css" media-type="text/css"/>"#,
            r#"<item id="style" href="style.css" media-type="text/css" fallback="other"/><item id="other" href="https://example.org/a.css" media-type="text/css" fallback="style"/>"#,
            "MANIFEST-FALLBACK-CIRCULAR",
            "OPF-045",
        ),
        (
            OPF_PATH,
            r#"<itemref idref="chapter-2"/>"#,
            r#"<itemref idref="nowhere"/>"#,
            "SPINE-IDREF-UNKNOWN",
            "OPF-049",
        ),
        (
            OPF_PATH,
            "<dc:language>en</dc:language>",
            "<dc:language>en_GB</dc:language>",
            "OPF-LANGUAGE-INVALID",
            "OPF-092",
        ),
        (
            CH1,
            r#"href="chapter-2.xhtml#top">the next"#,
            r#"href="chapter-3.xhtml">the next"#,
            "LINK-TARGET-MISSING",
            "RSC-007",
        ),
        (
            CH1,
            r#"href="chapter-2.xhtml#top">the next"#,
            r#"href="chapter-2.xhtml#nowhere">the next"#,
            "LINK-FRAGMENT-MISSING",
            "RSC-012",
        ),
        (
            CH1,
            r#"href="https://example.org/">"#,
            r#"href="data:text/plain,hi">"#,
            "LINK-DATA-URL",
            "RSC-029",
        ),
        (
            CH1,
            "<p>Walking",
            r#"<p><img src="https://example.org/a.png" alt=""/>Walking"#,
            "REMOTE-RESOURCE",
            "RSC-006",
        ),
        (
            CH1,
            "<p>Walking",
            r#"<p><img src="picture.png" alt=""/>Walking"#,
            "LINK-TARGET-MISSING",
            "RSC-007",
        ),
        (
            CH1,
            "<p>Walking",
            r#"<blockquote cite="sources.xhtml"><p>Quoted.</p></blockquote><p>Walking"#,
            "LINK-TARGET-MISSING",
            "RSC-007",
        ),
        (
            CH1,
            "<p>Walking",
            r#"<p><audio src="https://example.org/a.mp3"></audio>Walking"#,
            "REMOTE-UNDECLARED",
            "RSC-008",
        ),
        (
            CH1,
            r#"href="style.css""#,
            r#"href="style.css#top""#,
            "LINK-STYLESHEET-FRAGMENT",
            "RSC-013",
        ),
        (
            CH1,
            "<head>",
            r#"<head><base href="https://example.org/"/>"#,
            "REMOTE-RESOURCE",
            "RSC-006",
        ),
        (
            CH1,
            r#"<section id="top">"#,
            r#"<section id="top" lang="fr" xml:lang="de">"#,
            "XHTML-LANG-MISMATCH",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p><widget>x</widget>Walking",
            "XHTML-ELEMENT-UNKNOWN",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p><span><div>x</div></span>Walking",
            "XHTML-BLOCK-IN-INLINE",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p><a href=\"#top\"><a href=\"#top\">x</a></a>Walking",
            "XHTML-NESTING",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p><img alt=\"\"/>Walking",
            "XHTML-ATTRIBUTE-MISSING",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p align=\"left\">Walking",
            "XHTML-ATTRIBUTE-OBSOLETE",
            "RSC-005",
        ),
        (
            CH1,
            r#"<section id="top">"#,
            r#"<section id="top"><p id="">x</p>"#,
            "XHTML-ID-INVALID",
            "RSC-005",
        ),
        (
            CH1,
            "<p>Walking",
            "<p><script>let a = 1;</script>Walking",
            "PROPERTY-UNDECLARED",
            "OPF-014",
        ),
        (
            CH1,
            "<p>Walking",
            r#"<p><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>Walking"#,
            "PROPERTY-UNDECLARED",
            "OPF-014",
        ),
        (
            NAV_PATH,
            r#"href="chapter-1.xhtml""#,
            r#"href="https://example.org/""#,
            "NAV-LINK-REMOTE",
            "NAV-010",
        ),
        (
            NAV_PATH,
            r#"href="chapter-1.xhtml""#,
            r#"href="style.css""#,
            "NAV-LINK-NOT-CONTENT",
            "RSC-010",
        ),
        (
            "OEBPS/style.css",
            "body {",
            "body { direction: rtl;",
            "CSS-PROPERTY-FORBIDDEN",
            "CSS-001",
        ),
        (
            "OEBPS/style.css",
            "body {",
            "@charset \"ISO-8859-1\";\nbody {",
            "CSS-CHARSET",
            "CSS-004",
        ),
        ("OEBPS/style.css", "}", "", "CSS-SYNTAX", "CSS-008"),
        (
            "OEBPS/style.css",
            "body {",
            "@font-face { src: url(''); }\nbody {",
            "CSS-FONT-URL-EMPTY",
            "CSS-002",
        ),
        (
            "OEBPS/style.css",
            "body {",
            "body { background: url(paper.png);",
            "LINK-TARGET-MISSING",
            "RSC-007",
        ),
        (
            "OEBPS/style.css",
            "body {",
            "body { background: url(https://example.org/paper.png);",
            "REMOTE-RESOURCE",
            "RSC-006",
        ),
        (
            "META-INF/container.xml",
            "<rootfiles>",
            "<extra/><rootfiles>",
            "OCF-CONTAINER-CONTENT",
            "RSC-005",
        ),
    ];
    for (entry, from, to, code, epubcheck) in cases {
        let book = TestBook::valid().edit(entry, from, to);
        expect_epubcheck(&book, code, entry, epubcheck);
    }
    let scripted = TestBook::valid().edit(
        OPF_PATH,
        r#"href="chapter-1.xhtml" media-type="application/xhtml+xml""#,
        r#"href="chapter-1.xhtml" media-type="application/xhtml+xml" properties="scripted""#,
    );
    expect_epubcheck(&scripted, "PROPERTY-UNNEEDED", CH1, "OPF-015");
}

#[test]
fn file_names_are_checked_as_epub_asks() {
    let forbidden = TestBook::valid().put("OEBPS/a|b.txt", "x");
    expect_epubcheck(&forbidden, "OCF-NAME-CHARACTER", "OEBPS/a|b.txt", "PKG-009");
    let cased = TestBook::valid().put("OEBPS/Chapter-1.xhtml", "x");
    expect_epubcheck(
        &cased,
        "OCF-NAME-DUPLICATE",
        "OEBPS/Chapter-1.xhtml",
        "OPF-060",
    );
    let in_meta_inf = TestBook::valid().put("META-INF/cover.css", "p {}").edit(
        OPF_PATH,
        r#"<item id="style""#,
        r#"<item id="m" href="../META-INF/cover.css" media-type="text/css"/><item id="style""#,
    );
    expect_epubcheck(&in_meta_inf, "MANIFEST-IN-META-INF", OPF_PATH, "PKG-025");
}

/// The same name twice in the zip: which copy a reading system unpacks is
/// anyone's guess. The zip writer refuses it, so the second name is patched in.
#[test]
fn the_same_entry_twice_in_the_zip_is_an_error() {
    let book = TestBook::valid().put("OEBPS/chapter-X.xhtml", CHAPTER_1);
    let mut bytes = book.zip();
    let (from, to) = (b"OEBPS/chapter-X.xhtml", b"OEBPS/chapter-1.xhtml");
    let mut patched = 0;
    for at in 0..bytes.len() - from.len() {
        if &bytes[at..at + from.len()] == from {
            bytes[at..at + to.len()].copy_from_slice(to);
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the local and the central header");
    let findings = expect_bytes(&bytes, "OCF-NAME-DUPLICATE", Some(CH1));
    let finding = findings
        .iter()
        .find(|f| f.code == "OCF-NAME-DUPLICATE")
        .unwrap();
    assert_eq!(finding.epubcheck.as_deref(), Some("OPF-060"));
    assert_eq!(
        findings.iter().filter(|f| f.severity.fails()).count(),
        1,
        "{}",
        listing(&findings)
    );
}

#[test]
fn a_name_in_another_unicode_form_still_names_its_file() {
    // "é" as one character in the zip, and as e + combining accent in hrefs.
    let book = TestBook::valid()
        .put("OEBPS/caf\u{e9}.xhtml", CHAPTER_2.replace("On Reading", "Coffee"))
        .edit(OPF_PATH, r#"<item id="style""#, "<item id=\"cafe\" href=\"cafe\u{301}.xhtml\" media-type=\"application/xhtml+xml\"/><item id=\"style\"")
        .edit(OPF_PATH, r#"<itemref idref="chapter-2"/>"#, r#"<itemref idref="chapter-2"/><itemref idref=" cafe "/>"#);
    let findings = check(&book.zip());
    let errors: Vec<&Finding> = findings.iter().filter(|f| f.severity.fails()).collect();
    assert!(errors.is_empty(), "{}", listing(&findings));
}

#[test]
fn an_unlisted_file_is_a_usage_note_not_an_error() {
    let book = TestBook::valid().put("OEBPS/notes.txt", "x");
    let findings = check(&book.zip());
    assert_eq!(
        summary(&findings),
        [("MANIFEST-UNLISTED", Some("OEBPS/notes.txt"))]
    );
    assert_eq!(findings[0].severity, Severity::Usage);
    assert_eq!(findings[0].epubcheck.as_deref(), Some("OPF-003"));
}

#[test]
fn quires_own_rules_are_warnings_unless_strict() {
    let book = TestBook::valid().edit(CH2, r#" xml:lang="en" lang="en""#, "");
    let findings = check(&book.zip());
    assert_eq!(
        summary(&findings),
        [("XHTML-LANG-MISSING", Some("OEBPS/chapter-2.xhtml:3"))]
    );
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].epubcheck, None);
    assert_eq!(findings[0].clone().strict().severity, Severity::Error);
    // A rule EPUBCheck shares keeps its severity under strict.
    let missing = check(&TestBook::valid().remove("OEBPS/style.css").zip());
    assert!(missing
        .iter()
        .all(|f| f.clone().strict().severity == f.severity));
}

#[test]
fn a_fixed_layout_page_needs_a_complete_viewport() {
    let fixed = TestBook::valid().edit(
        OPF_PATH,
        "</metadata>",
        r#"<meta property="rendition:layout">pre-paginated</meta></metadata>"#,
    );
    let with = |content: &str| {
        fixed.clone().edit(
            CH1,
            "<title>",
            &format!(r#"<meta name="viewport" content="{content}"/><title>"#),
        )
    };
    expect_epubcheck(&fixed, "FXL-VIEWPORT-MISSING", CH1, "HTM-046");
    expect_epubcheck(
        &with("width=600, height="),
        "FXL-VIEWPORT-SYNTAX",
        CH1,
        "HTM-047",
    );
    expect_epubcheck(
        &with("width=600"),
        "FXL-VIEWPORT-INCOMPLETE",
        CH1,
        "HTM_056",
    );
    expect_epubcheck(
        &with("width=600px, height=800"),
        "FXL-VIEWPORT-VALUE",
        CH1,
        "HTM_057",
    );
    expect_epubcheck(
        &with("width=600, height=800, width=700"),
        "FXL-VIEWPORT-DUPLICATE",
        CH1,
        "HTM_059",
    );
    let good = with("width=600.5, height=device-height");
    let findings = check(&good.zip());
    assert!(
        findings
            .iter()
            .all(|f| f.location.as_deref().is_none_or(|l| !l.starts_with(CH1))),
        "{}",
        listing(&findings)
    );
}

/// A user compares `quire check` with EPUBCheck's output line by line, so an
/// id must be spelt as EPUBCheck prints it: 5.3 prints a few with an
/// underscore (`HTM_057`), though its own conformance cases write a hyphen.
/// Runs the real EPUBCheck when it is installed (required under CI).
#[test]
fn viewport_ids_are_spelt_as_epubcheck_prints_them() {
    let Some(_) = quire::check::epubcheck::find_jar() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "EPUBCheck is not installed"
        );
        eprintln!("WARNING: EPUBCheck is not installed; this test did not run");
        return;
    };
    let viewport = |name: &str, content: &str, book: TestBook| {
        book.edit(
            name,
            "<title>",
            &format!(r#"<meta name="viewport" content="{content}"/><title>"#),
        )
    };
    let fixed = TestBook::valid().edit(
        OPF_PATH,
        "</metadata>",
        r#"<meta property="rendition:layout">pre-paginated</meta></metadata>"#,
    );
    let book = viewport(CH1, "width=600px, height=800", fixed);
    let book = viewport(CH2, "width=600, height=800, width=700", book);
    let ours: Vec<String> = check(&book.zip())
        .into_iter()
        .filter(|f| f.code == "FXL-VIEWPORT-VALUE" || f.code == "FXL-VIEWPORT-DUPLICATE")
        .filter_map(|f| f.epubcheck)
        .collect();
    assert_eq!(ours.len(), 2, "{ours:?}");
    let path = temp_path("viewport-ids.epub");
    std::fs::write(&path, book.zip()).expect("write book");
    let printed = quire::check::epubcheck::run(&path).expect("EPUBCheck runs");
    std::fs::remove_file(&path).expect("remove book");
    let printed: Vec<&str> = printed
        .iter()
        .filter_map(|f| f.epubcheck.as_deref())
        .collect();
    for id in &ours {
        assert!(
            printed.contains(&id.as_str()),
            "quire {id}, EPUBCheck {printed:?}"
        );
    }
}

#[test]
fn svg_documents_keep_their_style_sheets_in_the_book() {
    let svg = r#"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="https://example.org/s.css"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>@import url(https://example.org/t.css);</style></svg>
"#;
    let book = TestBook::valid().put("OEBPS/a.svg", svg).edit(
        OPF_PATH,
        r#"<item id="style""#,
        r#"<item id="a" href="a.svg" media-type="image/svg+xml" properties="remote-resources"/><item id="style""#,
    );
    let findings = expect(&book, "REMOTE-RESOURCE", Some("OEBPS/a.svg"));
    let remote = findings
        .iter()
        .filter(|f| f.code == "REMOTE-RESOURCE")
        .count();
    assert_eq!(remote, 2, "{}", listing(&findings));
}

#[test]
fn images_must_be_what_the_manifest_says() {
    let png = b"\x89PNG\r\n\x1a\n rest of a picture".to_vec();
    let book = TestBook::valid().put("OEBPS/a.gif", png).edit(
        OPF_PATH,
        r#"<item id="style""#,
        r#"<item id="a" href="a.gif" media-type="image/gif"/><item id="style""#,
    );
    expect_epubcheck(&book, "IMAGE-TYPE-MISMATCH", "OEBPS/a.gif", "OPF-029");
    let corrupt = TestBook::valid().put("OEBPS/a.png", "not a picture").edit(
        OPF_PATH,
        r#"<item id="style""#,
        r#"<item id="a" href="a.png" media-type="image/png"/><item id="style""#,
    );
    expect_epubcheck(&corrupt, "IMAGE-CORRUPT", "OEBPS/a.png", "MED-004");
}

#[test]
fn exit_status_follows_severity() {
    let run = |book: &TestBook, name: &str, flags: &[&str]| {
        let path = temp_path(name);
        std::fs::write(&path, book.zip()).expect("write book");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("check")
            .args(flags)
            .arg(&path)
            .output()
            .expect("run quire");
        std::fs::remove_file(&path).expect("remove book");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let warned = TestBook::valid().edit(CH2, r#" xml:lang="en" lang="en""#, "");
    let (status, said) = run(&warned, "warned.epub", &[]);
    assert_eq!(status, Some(0), "{said}");
    assert!(said.contains("warning[XHTML-LANG-MISSING]"), "{said}");
    assert_eq!(
        run(&warned, "warned.epub", &["--fail-on-warnings"]).0,
        Some(1)
    );
    let (status, said) = run(&warned, "warned.epub", &["--strict", "--format", "json"]);
    assert_eq!(status, Some(1), "{said}");
    assert!(
        said.contains(r#""severity": "error", "code": "XHTML-LANG-MISSING", "epubcheck": null"#),
        "{said}"
    );
    let broken = TestBook::valid().remove("OEBPS/style.css");
    let (status, said) = run(&broken, "broken.epub", &[]);
    assert_eq!(status, Some(1), "{said}");
    assert!(
        said.contains("error[MANIFEST-FILE-MISSING] [RSC-001]"),
        "{said}"
    );
    let path = temp_path("not-a-zip.epub");
    std::fs::write(&path, "plain text").expect("write file");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("run quire");
    std::fs::remove_file(&path).expect("remove file");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains(r#""epubcheck": "PKG-008""#));
}

/// A book whose first chapter is read aloud by a media overlay playing remote audio.
fn read_aloud_from_afar(chapter_properties: &str) -> TestBook {
    const SMIL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">
  <body>
    <par id="p1">
      <text src="chapter-1.xhtml#top"/>
      <audio src="https://example.org/walking.mp3" clipBegin="0s" clipEnd="10s"/>
    </par>
  </body>
</smil>
"#;
    TestBook::valid()
        .edit(
            OPF_PATH,
            r#"<item id="chapter-1" href="chapter-1.xhtml" media-type="application/xhtml+xml"/>"#,
            &format!(
                r#"<item id="chapter-1" href="chapter-1.xhtml" media-type="application/xhtml+xml" media-overlay="overlay"{chapter_properties}/>
    <item id="overlay" href="overlay.smil" media-type="application/smil+xml"/>
    <item id="audio" href="https://example.org/walking.mp3" media-type="audio/mpeg"/>"#
            ),
        )
        .edit(
            OPF_PATH,
            "</metadata>",
            r##"<meta property="media:duration" refines="#overlay">0:00:10</meta>
    <meta property="media:duration">0:00:10</meta>
  </metadata>"##,
        )
        .put("OEBPS/overlay.smil", SMIL)
}

#[test]
fn a_document_read_by_an_overlay_with_remote_audio_declares_remote_resources() {
    let findings = expect(
        &read_aloud_from_afar(""),
        "PROPERTY-UNDECLARED",
        Some(OPF_PATH),
    );
    assert!(
        findings
            .iter()
            .any(|f| f.code == "PROPERTY-UNDECLARED" && f.epubcheck.as_deref() == Some("OPF-014")),
        "{}",
        listing(&findings)
    );
    let declared = check(&read_aloud_from_afar(r#" properties="remote-resources""#).zip());
    assert!(
        declared.iter().all(|f| f.code != "PROPERTY-UNDECLARED"),
        "{}",
        listing(&declared)
    );
}

/// A `<seq>` or the overlay's `<body>` names, in `epub:textref`, the part of
/// the text it reads: a fragment there must name an element too.
#[test]
fn an_overlay_textref_leads_to_an_element() {
    let remote = r#" properties="remote-resources""#;
    let textref = |target: &str| {
        read_aloud_from_afar(remote).edit(
            "OEBPS/overlay.smil",
            "<body>",
            &format!(r#"<body epub:textref="chapter-1.xhtml#{target}">"#),
        )
    };
    let clean = check(&textref("top").zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
    expect_only(
        &textref("gone"),
        "OVERLAY-TEXT-MISSING",
        Some("OEBPS/overlay.smil:3"),
    );
}

/// EPUB exempts video from fallbacks, not whatever a `<video>` is given to play.
#[test]
fn foreign_audio_in_a_video_needs_a_fallback() {
    let playing = |media_type: &str| {
        TestBook::valid()
            .put("OEBPS/clip.bin", "not really media")
            .edit(
                OPF_PATH,
                r#"<item id="style""#,
                &format!(
                    r#"<item id="clip" href="clip.bin" media-type="{media_type}"/><item id="style""#
                ),
            )
            .edit(CH1, "<p>See", r#"<video src="clip.bin"></video><p>See"#)
    };
    let video = check(&playing("video/x-matroska").zip());
    assert!(
        video.iter().all(|f| !f.severity.fails()),
        "{}",
        listing(&video)
    );
    expect_epubcheck(
        &playing("audio/x-foreign"),
        "RESOURCE-NO-FALLBACK",
        CH1,
        "RSC-032",
    );
}

/// An SVG image's `<use>` draws one element, named with `#id`, as in XHTML.
#[test]
fn an_svg_use_in_an_svg_image_names_an_element() {
    let svg = |href: &str| {
        let image = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><symbol id="dot"><circle cx="5" cy="5" r="4"/></symbol></defs>
  <use xlink:href="{href}"/>
</svg>
"#
        );
        TestBook::valid()
            .put("OEBPS/dot.svg", image)
            .edit(
                OPF_PATH,
                r#"<item id="style""#,
                r#"<item id="dot" href="dot.svg" media-type="image/svg+xml"/><item id="style""#,
            )
            .edit(
                CH1,
                "<p>See",
                r#"<p><img src="dot.svg" alt="a dot"/></p><p>See"#,
            )
    };
    let clean = check(&svg("#dot").zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
    expect_epubcheck(
        &svg("chapter-1.xhtml"),
        "SVG-USE-NO-FRAGMENT",
        "OEBPS/dot.svg:4",
        "RSC-015",
    );
}

/// A symbol is drawn only where a `<use>` draws it: a hyperlink to it leads
/// nowhere a reader can see.
#[test]
fn a_hyperlink_to_an_svg_symbol_is_an_error() {
    let linking = |target: &str| {
        TestBook::valid()
            .edit(
                OPF_PATH,
                r#"href="chapter-1.xhtml" media-type="application/xhtml+xml""#,
                r#"href="chapter-1.xhtml" media-type="application/xhtml+xml" properties="svg""#,
            )
            .edit(
                CH1,
                "<p>See",
                &format!(
                    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><symbol id="dot"><circle cx="5" cy="5" r="4"/></symbol><g id="drawn"><use href="#dot"/></g></svg><p><a href="#{target}">the dot</a></p><p>See"##
                ),
            )
    };
    let clean = check(&linking("drawn").zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
    expect_epubcheck(&linking("dot"), "LINK-FRAGMENT-TYPE", CH1, "RSC-014");
}

/// A URL with a character URLs never hold unescaped: a reading system may
/// repair it, each its own way. Said once, even when the link also leads nowhere.
#[test]
fn a_url_must_be_a_valid_url() {
    let book = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top">the next"#,
        r#"href="chapter-2.xhtml#epubcfi(/4[top])">the next"#,
    );
    expect_epubcheck(&book, "URL-SYNTAX", CH1, "RSC-020");
    let findings = check(&book.zip());
    assert_eq!(
        findings.iter().filter(|f| f.severity.fails()).count(),
        1,
        "{}",
        listing(&findings)
    );
    let escaped = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top">the next"#,
        r#"href="chapter-2.xhtml#epubcfi(/4%5Btop%5D)">the next"#,
    );
    let clean = check(&escaped.zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
}

/// A `<base>` sets the base of the URLs after it: the style sheet linked
/// before it is still the book's own.
#[test]
fn a_base_applies_to_the_urls_after_it() {
    let base = r#"<base href="https://example.org/"/>"#;
    let after = TestBook::valid().edit(CH1, "</head>", &format!("{base}</head>"));
    let clean = check(&after.zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
    let before = TestBook::valid().edit(CH1, "<title>", &format!("{base}<title>"));
    expect_epubcheck(&before, "REMOTE-RESOURCE", CH1, "RSC-006");
}

/// Region-based navigation (EPUB Region-Based Navigation 1.0): a `data-nav`
/// document whose links name regions of a page with media fragments.
#[test]
fn region_based_navigation_is_no_defect() {
    let region = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top">the next"#,
        r#"href="chapter-2.xhtml#xywh=percent:5,5,15,15">the next"#,
    );
    let clean = check(&region.zip());
    assert!(clean.is_empty(), "{}", listing(&clean));
    let data_nav = TestBook::valid().edit(
        OPF_PATH,
        r#"id="chapter-2" href="chapter-2.xhtml" media-type="application/xhtml+xml""#,
        r#"id="chapter-2" href="chapter-2.xhtml" media-type="application/xhtml+xml" properties="data-nav""#,
    );
    let findings = check(&data_nav.zip());
    assert!(
        findings
            .iter()
            .all(|f| f.code != "MANIFEST-PROPERTY-UNKNOWN"),
        "{}",
        listing(&findings)
    );
}

/// An event handler attribute is script, as much as a `<script>` is.
#[test]
fn an_event_handler_makes_a_document_scripted() {
    let book = TestBook::valid().edit(CH1, "<p>See", r#"<p onclick="go()">See"#);
    expect_epubcheck(&book, "PROPERTY-UNDECLARED", CH1, "OPF-014");
}

/// `type` is an attribute of a few HTML elements (a link's is a MIME type);
/// elsewhere it is most often a semantic that lost its `epub:` prefix.
#[test]
fn type_only_where_html_has_it() {
    let section = TestBook::valid().edit(
        CH1,
        r#"<section id="top">"#,
        r#"<section id="top" type="chapter">"#,
    );
    expect_epubcheck(&section, "XHTML-ATTRIBUTE-NOT-ALLOWED", CH1, "RSC-005");
    let body = TestBook::valid().edit(CH1, "<body>", r#"<body type="bodymatter">"#);
    expect_epubcheck(&body, "XHTML-ATTRIBUTE-NOT-ALLOWED", CH1, "RSC-005");
    let link = |value: &str| {
        TestBook::valid().edit(
            CH1,
            r#"<a href="https://example.org/">"#,
            &format!(r#"<a href="https://example.org/" type="{value}">"#),
        )
    };
    expect_epubcheck(
        &link("noteref"),
        "XHTML-ATTRIBUTE-NOT-ALLOWED",
        CH1,
        "RSC-005",
    );
    let mime = check(&link("text/html; charset=utf-8").zip());
    assert!(mime.is_empty(), "{}", listing(&mime));
}

/// A toc out of reading order is a warning: a reader expects the contents
/// in the order the book is read.
#[test]
fn a_toc_out_of_reading_order_is_a_warning() {
    let book = TestBook::valid().edit(
        NAV_PATH,
        r#"<li><a href="chapter-1.xhtml">On Walking</a></li>
      <li><a href="chapter-2.xhtml#top">On Reading</a></li>"#,
        r#"<li><a href="chapter-2.xhtml#top">On Reading</a></li>
      <li><a href="chapter-1.xhtml">On Walking</a></li>"#,
    );
    let findings = expect(&book, "NAV-TOC-ORDER", Some(NAV_PATH));
    assert_eq!(findings.len(), 1, "{}", listing(&findings));
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].epubcheck.as_deref(), Some("NAV-011"));
}

/// The package's prefix mappings: `_` is never declared, no prefix stands
/// for Dublin Core's elements, and a reserved prefix keeps its vocabulary.
#[test]
fn prefix_mappings_follow_epubs_reservations() {
    let declaring = |mapping: &str| {
        TestBook::valid().edit(
            OPF_PATH,
            r#"unique-identifier="book-id""#,
            &format!(r#"unique-identifier="book-id" prefix="{mapping}""#),
        )
    };
    let own = check(
        &declaring("dcterms: http://purl.org/dc/terms/ foaf: http://xmlns.com/foaf/spec/").zip(),
    );
    assert!(own.is_empty(), "{}", listing(&own));
    expect_epubcheck(
        &declaring("_: http://example.org/"),
        "OPF-PREFIX-UNDERSCORE",
        OPF_PATH,
        "OPF-007a",
    );
    expect_epubcheck(
        &declaring("dc: http://purl.org/dc/elements/1.1/"),
        "OPF-PREFIX-DC-ELEMENTS",
        OPF_PATH,
        "OPF-007c",
    );
    let redeclared = check(&declaring("schema: https://schema.org/").zip());
    assert_eq!(
        summary(&redeclared),
        [("OPF-PREFIX-REDECLARED", Some("OEBPS/content.opf:2"))]
    );
    assert_eq!(redeclared[0].severity, Severity::Warning);
    assert_eq!(redeclared[0].epubcheck.as_deref(), Some("OPF-007"));
}

/// DPUB-ARIA 1.1 deprecates `doc-endnote`: a warning a reader can act on.
#[test]
fn a_deprecated_role_is_a_warning() {
    let book = TestBook::valid().edit(
        CH2,
        r#"<aside epub:type="footnote" id="note-1">"#,
        r#"<aside epub:type="footnote" role="doc-endnote" id="note-1">"#,
    );
    let findings = check(&book.zip());
    assert_eq!(
        summary(&findings),
        [("XHTML-ROLE-DEPRECATED", Some("OEBPS/chapter-2.xhtml:12"))]
    );
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].epubcheck.as_deref(), Some("RSC-017"));
}

/// The valid book relabelled EPUB 2, with its chapters' HTML5 sectioning
/// made XHTML 1.1 divisions: its only finding is the missing NCX.
fn epub2_book() -> TestBook {
    let mut book = TestBook::valid()
        .edit(OPF_PATH, r#"version="3.0""#, r#"version="2.0""#)
        .edit(OPF_PATH, r#" properties="nav""#, "");
    for chapter in [CH1, CH2] {
        book = book
            .edit(chapter, "<section", "<div")
            .edit(chapter, "</section>", "</div>");
    }
    book.edit(CH2, "<aside", "<div")
        .edit(CH2, "</aside>", "</div>")
        .edit(
            NAV_PATH,
            r#"<nav epub:type="toc" id="toc">"#,
            r#"<div id="toc">"#,
        )
        .edit(NAV_PATH, "</nav>", "</div>")
}

/// The EPUBCheck ids of the error findings, for comparing with EPUBCheck.
fn error_ids(book: &TestBook) -> Vec<String> {
    check(&book.zip())
        .into_iter()
        .filter(|f| f.severity.fails())
        .filter_map(|f| f.epubcheck)
        .collect()
}

#[test]
fn xhtml_1_1_rules_hold_in_epub_2_books_only() {
    let base = epub2_book();
    let findings = check(&base.zip());
    let codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Code::SpineNcxMissing], "{}", listing(&findings));
    // Each edit is valid HTML in EPUB 3 and a schema error in XHTML 1.1.
    let cases: &[(&str, &str, &str, &str)] = &[
        (CH1, r#"id="ref-1""#, r#"id="fn:1""#, "XHTML-ID-INVALID"),
        (
            CH1,
            "<html ",
            r#"<html class="calibre" "#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
        (
            CH1,
            r#"<a href="https"#,
            r#"<a aria-hidden="true" href="https"#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
        (
            CH1,
            "<p>See",
            r#"<p data-cites="x">See"#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
        (
            CH1,
            "<p>See",
            "<table><tr></tr></table><p>See",
            "XHTML-CONTENT-INCOMPLETE",
        ),
        (
            CH1,
            "<p>See",
            r#"<p><img src="style.css"/></p><p>See"#,
            "XHTML-ATTRIBUTE-MISSING",
        ),
        (CH1, r#"lang="en">"#, r#"lang="">"#, "XHTML-LANG-INVALID"),
    ];
    for (file, from, to, code) in cases {
        let epub2 = base.clone().edit(file, from, to);
        expect(&epub2, code, Some(file));
        let epub3 = TestBook::valid().edit(file, from, to);
        let findings = check(&epub3.zip());
        assert!(
            findings.iter().all(|f| f.code != *code),
            "{to}: EPUB 3 allows it, got:{}",
            listing(&findings)
        );
    }
}

#[test]
fn html_rules_of_epub_3() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            CH1,
            "<title>",
            r#"<title epub:type="footnote">"#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
        (
            CH1,
            r#"<a href="https"#,
            r#"<a aria-role="link" href="https"#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
        (
            CH1,
            "<p>See",
            "<table><col/><tr><td>x</td></tr></table><p>See",
            "XHTML-NESTING",
        ),
        (
            CH1,
            "<p>See",
            "<table><thead><th>x</th></thead></table><p>See",
            "XHTML-NESTING",
        ),
        (NAV_PATH, ">On Walking</a>", "></a>", "NAV-LINK-NO-TEXT"),
        (
            CH1,
            "<title>",
            r#"<meta http-equiv="Content-Style-Type" content="text/css"/><title>"#,
            "XHTML-ATTRIBUTE-NOT-ALLOWED",
        ),
    ];
    for (file, from, to, code) in cases {
        let book = TestBook::valid().edit(file, from, to);
        expect(&book, code, Some(file));
        assert!(
            error_ids(&book).iter().all(|id| id == "RSC-005"),
            "{to}: {:?}",
            error_ids(&book)
        );
    }
    // The same table parts where they belong are fine.
    let fine = TestBook::valid().edit(
        CH1,
        "<p>See",
        "<table><colgroup><col/></colgroup><thead><tr><th>x</th></tr></thead></table><p>See",
    );
    assert_eq!(summary(&check(&fine.zip())), []);
}

#[test]
fn package_rules_of_epub_3() {
    let opf = |from: &str, to: &str| TestBook::valid().edit(OPF_PATH, from, to);
    let language = "<dc:language>en</dc:language>";
    // Empty Dublin Core elements are schema errors in EPUB 3; an empty date
    // is one too, where EPUB 2 calls it a bad date.
    let subject = opf(language, &format!("{language}<dc:subject/>"));
    assert_eq!(error_ids(&subject), ["RSC-005"]);
    let date = opf(language, &format!("{language}<dc:date></dc:date>"));
    assert_eq!(error_ids(&date), ["RSC-005"]);
    let modified = r#"<meta property="dcterms:modified">"#;
    let layout = r#"<meta property="rendition:layout">reflowable</meta>"#;
    let repeated = opf(modified, &format!("{layout}{layout}{modified}"));
    assert_eq!(error_ids(&repeated), ["RSC-005"]);
    let once = opf(modified, &format!("{layout}{modified}"));
    assert_eq!(error_ids(&once), Vec::<String>::new());
    let unknown = opf(
        r#"<itemref idref="chapter-2"/>"#,
        r#"<itemref idref="chapter-2" properties="untrustworthy"/>"#,
    );
    assert_eq!(error_ids(&unknown), ["OPF-027"]);
    let undeclared = opf(
        modified,
        &format!(r#"<meta property="calibre:timestamp">2024</meta>{modified}"#),
    );
    assert_eq!(error_ids(&undeclared), ["OPF-028"]);
    let declared = undeclared.edit(
        OPF_PATH,
        "<package ",
        r#"<package prefix="calibre: https://calibre-ebook.com" "#,
    );
    assert_eq!(error_ids(&declared), Vec::<String>::new());
    let spread = opf(
        r#"<itemref idref="chapter-2"/>"#,
        r#"<itemref idref="chapter-2" properties="page-spread-left rendition:spread-none"/>"#,
    );
    assert_eq!(error_ids(&spread), Vec::<String>::new());
}

#[test]
fn a_spine_item_twice_has_the_id_epubcheck_gives_in_each_version() {
    let twice = |book: TestBook| {
        book.edit(
            OPF_PATH,
            r#"<itemref idref="chapter-2"/>"#,
            r#"<itemref idref="chapter-2"/><itemref idref="chapter-2"/>"#,
        )
    };
    assert_eq!(error_ids(&twice(TestBook::valid())), ["RSC-005"]);
    let epub2 = error_ids(&twice(epub2_book()));
    assert!(epub2.contains(&"OPF-034".to_owned()), "{epub2:?}");
}

#[test]
fn a_nav_link_to_a_foreign_item_with_a_fallback_is_fine() {
    let book = TestBook::valid()
        .put("OEBPS/data.json", "{}")
        .edit(
            OPF_PATH,
            r#"<item id="style""#,
            r#"<item id="data" href="data.json" media-type="application/json" fallback="chapter-2"/><item id="style""#,
        )
        .edit(OPF_PATH, "<spine>", r#"<spine><itemref idref="data"/>"#)
        .edit(NAV_PATH, r#"<li><a href="chapter-1.xhtml">"#, r#"<li><a href="data.json">Data</a></li><li><a href="chapter-1.xhtml">"#);
    assert_eq!(summary(&check(&book.zip())), []);
    // Without the fallback it is no content document.
    let bare = book.edit(OPF_PATH, r#" fallback="chapter-2""#, "");
    assert!(
        error_ids(&bare).contains(&"RSC-010".to_owned()),
        "{:?}",
        error_ids(&bare)
    );
}

#[test]
fn a_path_absolute_link_to_nothing_is_also_broken() {
    let book = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top""#,
        r#"href="/OEBPS/nothing.xhtml""#,
    );
    assert_eq!(error_ids(&book), ["RSC-026", "RSC-007"]);
    let there = TestBook::valid().edit(
        CH1,
        r#"href="chapter-2.xhtml#top""#,
        r#"href="/OEBPS/chapter-2.xhtml#top""#,
    );
    assert_eq!(error_ids(&there), ["RSC-026"]);
}

#[test]
fn quires_own_rules_give_one_finding_per_book() {
    // Both chapters without a language: one warning, counting the other;
    // the full check lists both.
    let book = TestBook::valid()
        .edit(CH1, r#" xml:lang="en" lang="en""#, "")
        .edit(CH2, r#" xml:lang="en" lang="en""#, "");
    let findings = check(&book.zip());
    assert_eq!(
        summary(&findings),
        [("XHTML-LANG-MISSING", Some("OEBPS/chapter-1.xhtml:3"))]
    );
    assert!(
        findings[0].message.contains("the same in 1 more place"),
        "{}",
        listing(&findings)
    );
    let path = temp_path("two-without-lang.epub");
    std::fs::write(&path, book.zip()).expect("write book");
    let full = quire::check::check_file_in_full(&path, &CheckOptions::default());
    let verbose = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["check", "--verbose"])
        .arg(&path)
        .output()
        .expect("run quire check --verbose");
    std::fs::remove_file(&path).expect("remove book");
    let printed = String::from_utf8_lossy(&verbose.stdout).into_owned()
        + &String::from_utf8_lossy(&verbose.stderr);
    assert!(
        printed.contains("chapter-1.xhtml:3") && printed.contains("chapter-2.xhtml:3"),
        "quire check --verbose names each place:\n{printed}"
    );
    assert_eq!(
        summary(&full.findings),
        [
            ("XHTML-LANG-MISSING", Some("OEBPS/chapter-1.xhtml:3")),
            ("XHTML-LANG-MISSING", Some("OEBPS/chapter-2.xhtml:3"))
        ]
    );
}

#[test]
fn a_fatal_error_does_not_hide_what_came_before_it() {
    // A missing picture, then a form feed further down: EPUBCheck reports
    // both, and so must quire.
    let book = TestBook::valid().edit(
        CH1,
        "<p>See",
        "<p><img src=\"missing.png\" alt=\"\"/></p>\n<p>Page\u{c}break</p>\n<p>See",
    );
    let findings = check(&book.zip());
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(
        codes.contains(&"XML-MALFORMED") && codes.contains(&"LINK-TARGET-MISSING"),
        "{}",
        listing(&findings)
    );
    // Links into the cut-short document are not judged by its ids, which
    // are unknown past the error.
    assert!(
        !codes.contains(&"LINK-FRAGMENT-MISSING") && !codes.contains(&"NOTE-TARGET-MISSING"),
        "{}",
        listing(&findings)
    );
}
