//! Bad, broken and hostile input. Each case names what it is; a refused input
//! must say which file (and line or byte offset), what is wrong and what to do,
//! exit with the right status and leave no file behind; an input that can be
//! made into a book must give a valid one, saying what it changed.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const ESSAY: &str = "# An Essay\n\nOpening words of the essay, long enough to read as its text.[^1]\n\n[^1]: A note.\n";
const ESSAY_BYTES: &[u8] = ESSAY.as_bytes();

struct Refused {
    what: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    status: i32,
    says: &'static [&'static str],
}

fn setup(dir: &Path, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let out = dir.join("out");
    fs::read_dir(&out)
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn refused_inputs_say_where_what_and_what_to_do() {
    let cases = [
        Refused {
            what: "empty source",
            files: &[("a.md", b"")],
            args: &["build", "a.md"],
            status: 1,
            says: &["a.md: the source is empty"],
        },
        Refused {
            what: "blank source",
            files: &[("a.md", b" \n\t\n")],
            args: &["build", "a.md"],
            status: 1,
            says: &["a.md: the source is empty"],
        },
        Refused {
            what: "binary data",
            files: &[("a.md", b"# T\n\nsome\x00\x01\x02")],
            args: &["build", "a.md"],
            status: 1,
            says: &["a.md:3: the source holds binary data (a NUL byte at offset 9)"],
        },
        Refused {
            what: "binary data in no text encoding",
            files: &[("a.md", b"\x01\x02\x03\x04\x05\x06\x07\xff\xfe\x08")],
            args: &["build", "a.md"],
            status: 1,
            says: &["a.md: the source is binary data, not text in any encoding"],
        },
        Refused {
            what: "TOML syntax error",
            files: &[
                ("a.md", ESSAY_BYTES),
                ("m.toml", b"source = \"a.md\"\ntitle = \"T\n"),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:2:"],
        },
        Refused {
            what: "unknown key",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\nautor = \"X\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &[
                "m.toml:3: unknown key `autor` (did you mean `authors`?)",
                "the keys are source, title",
            ],
        },
        Refused {
            what: "wrong type: a string for a list",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\nsubjects = \"X\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3:", "invalid type"],
        },
        Refused {
            what: "wrong type: a number for a title",
            files: &[
                ("a.md", ESSAY_BYTES),
                ("m.toml", b"source = \"a.md\"\ntitle = 5\n"),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:2:", "invalid type"],
        },
        Refused {
            what: "impossible date",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\ndate = \"2001-02-29\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `date`: \"2001-02-29\" is not a day of the calendar"],
        },
        Refused {
            what: "month 13",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\ndate = \"2000-13\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `date`: \"2000-13\" has no month 13"],
        },
        Refused {
            what: "a date in another form",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\ndate = \"5/11/2000\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &[
                "m.toml:3: `date`",
                "in the form 2000, 2000-11 or 2000-11-05",
            ],
        },
        Refused {
            what: "a language tag from a locale",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\nlanguage = \"C\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `language`: \"C\" is not a language tag"],
        },
        Refused {
            what: "a bad modified time",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\nmodified = \"yesterday\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `modified`"],
        },
        Refused {
            what: "an encoding quire does not know",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\nencoding = \"klingon\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `encoding`: \"klingon\" is not an encoding label"],
        },
        Refused {
            what: "an order quire does not know",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"source = \"a.md\"\n\norder = \"shuffle\"\ntitle = \"T\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `order`: \"shuffle\" is not one of"],
        },
        Refused {
            what: "a cover that is no image",
            files: &[
                ("a.md", ESSAY_BYTES),
                ("c.png", b"not a picture"),
                (
                    "m.toml",
                    b"source = \"a.md\"\ntitle = \"T\"\ncover = \"c.png\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `cover`:", "or \"none\""],
        },
        Refused {
            what: "a stylesheet that is not there",
            files: &[
                ("a.md", ESSAY_BYTES),
                (
                    "m.toml",
                    b"title = \"T\"\nsource = \"a.md\"\nstylesheet = \"gone.css\"\n",
                ),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `stylesheet`: cannot read the stylesheet"],
        },
        Refused {
            what: "a bad cover and a missing source: the cover is named first",
            files: &[(
                "m.toml",
                b"source = \"gone.md\"\ntitle = \"T\"\ncover = \"c.png\"\n",
            )],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:3: `cover`:"],
        },
        Refused {
            what: "missing title",
            files: &[("a.md", ESSAY_BYTES), ("m.toml", b"source = \"a.md\"\n")],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml: missing required key `title`"],
        },
        Refused {
            what: "missing source file",
            files: &[("m.toml", b"title = \"T\"\nsource = \"gone.md\"\n")],
            args: &["build", "m.toml"],
            status: 1,
            says: &[
                "m.toml:2: `source`: no such file",
                "relative to the manifest's folder",
            ],
        },
        Refused {
            what: "a folder with nothing to build",
            files: &[("dir.md/x", b"")],
            args: &["build", "dir.md"],
            status: 2,
            says: &["dir.md", "no manifests (.toml) or sources (.md)"],
        },
        Refused {
            what: "a source that is a folder",
            files: &[
                ("dir/x", b""),
                ("m.toml", b"source = \"dir\"\ntitle = \"T\"\n"),
            ],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml:1: `source`:", "is a folder, not a file"],
        },
        Refused {
            what: "missing manifest",
            files: &[],
            args: &["build", "nothing.toml"],
            status: 1,
            says: &["nothing.toml: cannot read the manifest"],
        },
        Refused {
            what: "manifest not UTF-8",
            files: &[("m.toml", b"title = \"caf\xe9\"\n")],
            args: &["build", "m.toml"],
            status: 1,
            says: &["m.toml: the manifest is not UTF-8 text (invalid byte at offset 12)"],
        },
        Refused {
            what: "unwritable output folder",
            files: &[("a.md", ESSAY_BYTES), ("file", b"")],
            args: &["build", "a.md", "-o", "file/out"],
            status: 1,
            says: &["file/out", "cannot create the output folder"],
        },
        Refused {
            what: "no inputs and no metadata folder",
            files: &[],
            args: &["build"],
            status: 2,
            says: &["no ./metadata folder here", "see quire build --help"],
        },
        Refused {
            what: "an unknown option",
            files: &[],
            args: &["build", "--colour"],
            status: 2,
            says: &["unexpected argument '--colour'"],
        },
    ];
    assert!(cases.len() >= 20);
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        setup(dir.path(), case.files);
        let output = quire(dir.path(), case.args);
        let said = text(&output);
        assert_eq!(
            output.status.code(),
            Some(case.status),
            "{}: {said}",
            case.what
        );
        for needle in case.says {
            assert!(
                said.contains(needle),
                "{}: expected {needle:?} in:\n{said}",
                case.what
            );
        }
        assert!(
            leftovers(dir.path()).is_empty(),
            "{}: left {:?}",
            case.what,
            leftovers(dir.path())
        );
    }
}

struct Survived {
    what: &'static str,
    name: &'static str,
    source: &'static [u8],
    warns: &'static [&'static str],
    reads: &'static [&'static str],
    never: &'static [&'static str],
}

/// Inputs that break a rule but can still make a good book: each gives a valid
/// one, with a warning where something was changed.
#[test]
fn repairable_inputs_give_valid_books_and_say_what_changed() {
    let cases = [
        Survived { what: "BOM and CRLF line ends", name: "crlf.md", source: b"\xef\xbb\xbf# Title\r\n\r\nLine one[^1].\r\n\r\n[^1]: Note.\r\n", warns: &[], reads: &["Line one"], never: &["\r", "\u{feff}"] },
        Survived { what: "marker with no note", name: "m1.md", source: b"# T\n\nText[^1] and[^2].\n\n[^1]: One.\n", warns: &["m1.md:3: note marker [^2] has no note"], reads: &["and[^2]."], never: &[] },
        Survived { what: "note with no marker", name: "m2.md", source: b"# T\n\nText[^1].\n\n[^1]: One.\n\n[^9]: Orphan.\n", warns: &["m2.md:7: note [^9] is never referred to"], reads: &["Orphan."], never: &[] },
        Survived { what: "note defined twice", name: "m3.md", source: b"# T\n\nText[^1].\n\n[^1]: First.\n\n[^1]: Second.\n", warns: &["m3.md:7: note [^1] is defined more than once"], reads: &["First."], never: &[] },
        Survived { what: "page notes numbered again on each page", name: "p1.md", source: b"Page one of a text that is long enough to read as prose, with a note.<sup>1</sup>\n\n---\n\n<sup>1</sup> The first page note.\n\nPage two of the text, again long enough to be prose, and again a note.<sup>1</sup>\n\n---\n\n<sup>1</sup> The second page note.\n", warns: &[], reads: &["The first page note.", "The second page note."], never: &["<sup>1</sup>"] },
        Survived { what: "page notes out of sequence", name: "p2.md", source: b"Page one of a text that is long enough to read as prose, with notes.<sup>1</sup> More.<sup>3</sup>\n\n---\n\n<sup>1</sup> One.\n\n<sup>3</sup> Three.\n\nPage two of the text, again long enough to be prose, and another note.<sup>2</sup>\n\n---\n\n<sup>2</sup> Two.\n", warns: &["p2.md:9: note 2 comes after note 3"], reads: &["One.", "Two.", "Three."], never: &["<sup>1</sup>", "<sup>2</sup>", "<sup>3</sup>", "&lt;sup"] },
        Survived { what: "page marker with no note", name: "p3.md", source: b"Page one of a text that is long enough to read as prose, with a note.<sup>1</sup> And<sup>7</sup>.\n\n---\n\n<sup>1</sup> The note.\n", warns: &["p3.md:1: note marker 7 has no note"], reads: &["The note."], never: &[] },
        Survived { what: "ordinal superscripts that are not notes", name: "s.md", source: b"# T\n\nOn the 8<sup>th</sup> of August and the 5<sup>th</sup>.\n", warns: &[], reads: &["8th of August"], never: &["noteref"] },
        Survived { what: "unclosed raw HTML", name: "h1.md", source: b"# T\n\n<div>An unclosed block\n\nand an unclosed <sup>superscript and <em>emphasis.\n", warns: &["h1.md:3: raw HTML block"], reads: &["An unclosed block", "superscript and emphasis."], never: &["<div"] },
        Survived { what: "scripts, frames, handlers, javascript: links", name: "h2.md", source: b"# T\n\n<script>alert('x')</script>\n\nHi <img src=x onerror=\"alert(1)\"> [go](javascript:alert(1)) <iframe src=\"http://evil\"></iframe>.\n\n<p onclick=\"alert(2)\">Click.</p>\n", warns: &["h2.md:3: raw HTML block: scripts", "h2.md:5: <img> with a script or event handler removed", "h2.md:5: link to 'javascript:alert(1)' removed", "h2.md:5: <iframe> removed"], reads: &["Click."], never: &["alert", "<script", "onerror", "onclick", "javascript:", "<iframe"] },
        Survived { what: "notes and links inside headings", name: "hn.md", source: b"# T\n\n## A heading[^1] with a [link](https://example.org)\n\nText.\n\n[^1]: A note from a heading.\n", warns: &[], reads: &["A note from a heading."], never: &[] },
        Survived { what: "Windows-1252 text", name: "w.md", source: b"# T\n\ncaf\xe9 au lait\n", warns: &["w.md:3: the source is not UTF-8; it was read as windows-1252 (detected)"], reads: &["caf\u{e9} au lait"], never: &["\u{fffd}"] },
        Survived { what: "one stray byte in UTF-8", name: "u.md", source: b"# T\n\nD\xc3\xa9j\xc3\xa0 vu, \xc3\xa7a va, \xc3\xa9t\xc3\xa9 \xc3\xa0 la plage, au caf\xc3\xa9 avec des amis, puis au th\xc3\xa9\xc3\xa2tre le soir, quand la pluie commen\xc3\xa7ait \xc3\xa0 tomber sur les toits de la ville et que les rues se vidaient lentement, une \xc3\xa0 une, vers la nuit qui venait; on parlait encore longtemps de ce que chacun avait vu et entendu, des voix et des lumi\xc3\xa8res, de la mer et des bateaux qui rentraient au port avant l'orage, des filets et du poisson, du march\xc3\xa9 du lendemain et des prix qui montaient toujours, des enfants qui grandissaient et des vieux qui se souvenaient de tout, des guerres, des gr\xc3\xa8ves, des f\xc3\xaates et des morts, de tout ce qui fait une vie et de ce qui reste quand elle est pass\xc3\xa9e, et de ce qui ne reste pas, et le bruit de la mer couvrait tout, m\xc3\xaame les voix, m\xc3\xaame les rires, jusqu'\xc3\xa0 l'aube, quand les premiers bateaux repartaient vers le large sous un ciel encore gris et bas, et que la ville dormait enfin; le caf\xc3\xa9 fermait ses volets, le patron comptait la caisse, et la serveuse rentrait chez elle \xc3\xa0 pied, par le quai, en regardant la mer une derni\xc3\xa8re fois avant de dormir. Un \xff seul octet.\n", warns: &["u.md:3: 1 byte is not UTF-8 in a UTF-8 text, each replaced by U+FFFD, on line 3"], reads: &["D\u{e9}j\u{e0} vu", "Un \u{fffd} seul octet."], never: &[] },
        Survived { what: "data: URLs in images and links", name: "d.md", source: b"# T\n\nA dot ![a dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg) and [a data link](data:text/plain;base64,SGk=) and <a href=\"data:text/html,hi\">an html link</a>.\n\n![not an image](data:text/plain,hello)\n", warns: &["d.md:3: link to 'data:text/plain;base64,SGk=' is not a web address", "d.md:5: embedded image (data:text/plain,hello) is not PNG"], reads: &["a data link", "an html link", "not an image"], never: &["data:", "href=\"data"] },
        Survived { what: "entities in an HTML block", name: "e.md", source: b"# T\n\n<p>Caf&eacute; au lait &amp; th&#233;</p>\n", warns: &["e.md:3: raw HTML block"], reads: &["Caf\u{e9} au lait & th\u{e9}"], never: &["&amp;eacute;", "eacute"] },
        Survived { what: "pandoc inline notes", name: "n.md", source: b"# T\n\nText with an inline note.^[The inline note, with [a link](https://example.org).] And a standard one.[^1]\n\n[^1]: The standard note.\n", warns: &[], reads: &["The inline note, with a link.", "The standard note."], never: &["^["] },
        Survived { what: "control characters from a PDF", name: "cc.md", source: b"# T\n\nA form feed\x0c and a bell\x07.\n", warns: &["cc.md:3: control character U+000C removed", "cc.md:3: control character U+0007 removed"], reads: &["A form feed and a bell."], never: &["\x0c", "\x07"] },
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    for case in &cases {
        fs::write(dir.path().join(case.name), case.source).unwrap();
        let output = quire(dir.path(), &["build", case.name]);
        let said = text(&output);
        assert_eq!(output.status.code(), Some(0), "{}: {said}", case.what);
        for needle in case.warns {
            assert!(
                said.contains(&format!("warning: {needle}")),
                "{}: expected warning {needle:?} in:\n{said}",
                case.what
            );
        }
        if case.warns.is_empty() {
            assert!(
                !said.contains("warning:"),
                "{}: unexpected warning:\n{said}",
                case.what
            );
        }
        let book = dir
            .path()
            .join("out")
            .join(case.name.replace(".md", ".epub"));
        let epub = Epub::open(&book);
        let all: String = epub
            .entries
            .iter()
            // Text entries only: an image's bytes (the cover's) may hold any byte.
            .filter(|(name, _)| !name.ends_with(".css") && !name.contains("/images/"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        let visible: String = epub
            .spine()
            .iter()
            .map(|d| collapse(&epub.document(d).text()))
            .collect::<Vec<_>>()
            .join(" ");
        for needle in case.reads {
            assert!(
                visible.contains(needle),
                "{}: {needle:?} not in the book's text:\n{visible}",
                case.what
            );
        }
        for needle in case.never {
            assert!(
                !all.contains(needle),
                "{}: {needle:?} reached the book",
                case.what
            );
        }
        books.push(book);
    }
    // Every note that is in the book is linked both ways: `quire check` and EPUBCheck agree.
    let mut args = vec!["check".to_string()];
    args.extend(books.iter().map(|b| b.to_string_lossy().into_owned()));
    let check = quire(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(check.status.success(), "{}", text(&check));
    assert_epubcheck_clean(&books);
}

#[test]
fn a_50_mb_source_and_10000_notes_and_deep_nesting_are_built() {
    let dir = tempfile::tempdir().unwrap();
    // About 50 MB of essay: a hundred long sections, a note every tenth paragraph.
    let mut big = String::from("# A Very Long Essay\n\n");
    let mut notes = String::new();
    let sentence = "A sentence of the essay with some *emphasis* and a [link](https://example.org/), long enough to fill a line. ";
    let (mut paragraph, mut note) = (0, 0);
    while big.len() < 50_000_000 {
        if paragraph % 500 == 0 {
            big.push_str(&format!("## Section {}\n\n", paragraph / 500 + 1));
        }
        big.push_str(&sentence.repeat(8));
        if paragraph % 10 == 0 {
            note += 1;
            big.push_str(&format!("[^{note}]"));
            notes.push_str(&format!("[^{note}]: Note {note}.\n"));
        }
        big.push_str("\n\n");
        paragraph += 1;
    }
    big.push_str(&notes);
    fs::write(dir.path().join("big.md"), &big).unwrap();
    // Ten thousand notes, each cited once.
    let mut many = String::from("# Many Notes\n\n");
    for i in 1..=10_000 {
        many.push_str(&format!("Sentence {i}.[^{i}] "));
    }
    many.push_str("\n\n");
    for i in 1..=10_000 {
        many.push_str(&format!("[^{i}]: Note {i}.\n"));
    }
    fs::write(dir.path().join("many.md"), &many).unwrap();
    // A hundred thousand nested quotes, lists and emphasis.
    let deep = format!(
        "# Deep\n\n{}deep quote\n\n{}x{}\n",
        "> ".repeat(100_000),
        "<sup>".repeat(100_000),
        "</sup>".repeat(100_000)
    );
    fs::write(dir.path().join("deep.md"), deep).unwrap();

    let output = quire(dir.path(), &["build", "big.md", "many.md", "deep.md"]);
    assert!(output.status.success(), "{}", text(&output));
    let check = quire(
        dir.path(),
        &["check", "out/big.epub", "out/many.epub", "out/deep.epub"],
    );
    assert!(check.status.success(), "{}", text(&check));
    let many = Epub::open(&dir.path().join("out/many.epub"));
    let notes = many.document(&format!("{}text/endnotes.xhtml", many.root));
    let written = notes
        .descendants()
        .into_iter()
        .filter(|e| e.has_type("endnote"))
        .count();
    assert_eq!(written, 10_000);
    let deep = Epub::open(&dir.path().join("out/deep.epub"));
    assert!(
        deep.body_paragraphs()
            .iter()
            .any(|p| p.contains("deep quote")),
        "the text of deep nesting is kept"
    );
}

/// A writer that fails part way, as a full disk does.
struct FullDisk {
    file: fs::File,
    room: usize,
}

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        self.file.write(&buf[..n])
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[test]
fn a_full_disk_leaves_the_earlier_book_and_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("book.epub");
    fs::write(&target, b"the earlier, good book").unwrap();
    let result = quire::package::write_atomically_with(&target, &vec![7u8; 100_000], |path| {
        Ok(FullDisk {
            file: fs::File::create(path)?,
            room: 4096,
        })
    });
    let error = result.expect_err("the write must fail");
    assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
    assert_eq!(fs::read(&target).unwrap(), b"the earlier, good book");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["book.epub"], "a partial file was left behind");
}

#[test]
fn ctrl_c_stops_a_batch_with_only_whole_books_written() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    fs::create_dir(&library).unwrap();
    let essay = fs::read_to_string(repo().join("examples/bolsheviks-pet-anarchist.md")).unwrap();
    for i in 0..400 {
        fs::write(
            library.join(format!("essay-{i:03}.md")),
            essay.replace("Serge", &format!("Serge {i}")),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "-q", "-j", "1", "library", "-o", "out"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt as soon as the first book is written.
    let started = std::time::Instant::now();
    while fs::read_dir(&out)
        .map(std::iter::Iterator::count)
        .unwrap_or(0)
        == 0
    {
        assert!(started.elapsed().as_secs() < 60, "no book written");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{said}");
    assert!(said.contains("interrupted"), "{said}");
    let written: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        !written.is_empty() && written.len() < 400,
        "{} books",
        written.len()
    );
    for book in &written {
        assert_eq!(
            book.extension().unwrap(),
            "epub",
            "a partial file was left: {}",
            book.display()
        );
        let findings = quire::check::check_epub(book, &Default::default());
        assert!(findings.is_empty(), "{}: {findings:?}", book.display());
    }
}
