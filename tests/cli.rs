//! `quire build` as a user meets it: defaults, errors that say where, batches
//! that go on past a bad book, and output that is never half-written.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const ESSAY: &str = "# An Essay\n\nSome opening words that are long enough to be prose in any reading of it.[^1]\n\n## Part\n\nMore words.\n\n[^1]: A note.\n";

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(std::result::Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn with_no_arguments_every_manifest_in_metadata_is_built_into_out() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "essays/a.md", ESSAY);
    write(
        dir.path(),
        "metadata/a.toml",
        "source = \"../essays/a.md\"\ntitle = \"A\"\n",
    );
    write(
        dir.path(),
        "metadata/b.toml",
        "source = \"../essays/a.md\"\ntitle = \"B\"\n",
    );
    let output = quire(dir.path(), &["build"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(files_in(&dir.path().join("out")), ["a.epub", "b.epub"]);
    assert!(
        text(&output).contains("2 built, 0 failed"),
        "{}",
        text(&output)
    );
}

#[test]
fn manifest_errors_name_the_file_key_and_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    let cases = [
        (
            "unknown.toml",
            "source = \"a.md\"\ntitle = \"T\"\nauthor = \"X\"\n",
            "unknown.toml:3: unknown key `author` (did you mean `authors`?)",
        ),
        (
            "date.toml",
            "source = \"a.md\"\ntitle = \"T\"\ndate = \"2001-02-29\"\n",
            "date.toml:3: `date`: \"2001-02-29\" is not a day of the calendar",
        ),
        (
            "notitle.toml",
            "source = \"a.md\"\n",
            "notitle.toml: missing required key `title`",
        ),
        (
            "nosource.toml",
            "title = \"T\"\nsource = \"missing.md\"\n",
            "nosource.toml:2: `source`: no such file",
        ),
        (
            "syntax.toml",
            "source = \"a.md\"\ntitle = \"T\n",
            "syntax.toml:2:",
        ),
        (
            "lang.toml",
            "source = \"a.md\"\ntitle = \"T\"\nlanguage = \"C\"\n",
            "lang.toml:3: `language`",
        ),
        (
            "english.toml",
            "source = \"a.md\"\ntitle = \"T\"\nlanguage = \"english\"\n",
            "english.toml:3: `language`: \"english\" is not a language tag (did you mean `en`?)",
        ),
        (
            "xx.toml",
            "source = \"a.md\"\ntitle = \"T\"\nlanguage = \"xx\"\n",
            "xx.toml:3: `language`: \"xx\" is not a language tag of the IANA registry",
        ),
        (
            "index.toml",
            "source = \"a.md\"\ntitle = \"T\"\nseries_index = 3\n",
            "index.toml:3: `series_index` is 3 but no `series` is named",
        ),
    ];
    for (name, manifest, expected) in cases {
        write(dir.path(), name, manifest);
        let out = dir.path().join(format!("out-{name}"));
        let output = quire(dir.path(), &["build", name, "-o", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", text(&output));
        assert!(
            text(&output).contains(expected),
            "{name}: expected {expected:?} in:\n{}",
            text(&output)
        );
        assert!(files_in(&out).is_empty(), "{name}: something was written");
    }
}

#[test]
fn bad_sources_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.md"), "").unwrap();
    fs::write(dir.path().join("binary.md"), b"# T\n\x00\x01\x02").unwrap();
    fs::write(
        dir.path().join("noise.md"),
        b"\x01\x02\x03\x04\x05\x06\x07\xff\xfe\x08",
    )
    .unwrap();
    for (name, expected) in [
        ("empty.md", "empty.md: the source is empty"),
        ("binary.md", "binary.md:2: the source holds binary data"),
        (
            "noise.md",
            "noise.md: the source is binary data, not text in any encoding",
        ),
        ("absent.md", "absent.md: cannot read the source"),
    ] {
        let output = quire(dir.path(), &["build", name, "-o", "out"]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(
            text(&output).contains(expected),
            "{name}: {}",
            text(&output)
        );
    }
    assert!(files_in(&dir.path().join("out")).is_empty());
    // Text in another encoding is not refused: it is read, with a warning naming the encoding.
    fs::write(dir.path().join("latin1.md"), b"# T\n\ncaf\xe9\n").unwrap();
    let output = quire(dir.path(), &["build", "latin1.md", "-o", "read"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("latin1.md:3: the source is not UTF-8; it was read as windows-1252"),
        "{}",
        text(&output)
    );
}

#[test]
fn one_bad_book_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    write(
        dir.path(),
        "1-good.toml",
        "source = \"a.md\"\ntitle = \"Good\"\n",
    );
    write(
        dir.path(),
        "2-bad.toml",
        "source = \"a.md\"\ntitle = \"Bad\"\ndate = \"soon\"\n",
    );
    write(
        dir.path(),
        "3-good.toml",
        "source = \"a.md\"\ntitle = \"Also good\"\n",
    );
    let output = quire(
        dir.path(),
        &["build", "1-good.toml", "2-bad.toml", "3-good.toml"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output).contains("2 built, 1 failed"),
        "{}",
        text(&output)
    );
    assert_eq!(
        files_in(&dir.path().join("out")),
        ["1-good.epub", "3-good.epub"]
    );
}

#[test]
fn a_failed_rebuild_leaves_the_earlier_book_intact() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    write(dir.path(), "a.toml", "source = \"a.md\"\ntitle = \"A\"\n");
    assert!(quire(dir.path(), &["build", "a.toml"]).status.success());
    let before = fs::read(dir.path().join("out/a.epub")).unwrap();
    write(
        dir.path(),
        "a.toml",
        "source = \"a.md\"\ntitle = \"A\"\ndate = \"2000-13\"\n",
    );
    assert!(!quire(dir.path(), &["build", "a.toml"]).status.success());
    assert_eq!(fs::read(dir.path().join("out/a.epub")).unwrap(), before);
    assert_eq!(files_in(&dir.path().join("out")), ["a.epub"]);
}

#[test]
fn rebuilds_are_byte_identical_wherever_they_run() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    for dir in [first.path(), second.path()] {
        write(dir, "essays/a.md", ESSAY);
        write(
            dir,
            "metadata/a.toml",
            "source = \"../essays/a.md\"\ntitle = \"A\"\nauthors = [\"W\"]\n",
        );
    }
    assert!(quire(first.path(), &["build"]).status.success());
    let one = fs::read(first.path().join("out/a.epub")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(quire(first.path(), &["build"]).status.success());
    assert_eq!(
        fs::read(first.path().join("out/a.epub")).unwrap(),
        one,
        "rebuild in place changed the bytes"
    );
    assert!(quire(second.path(), &["build"]).status.success());
    assert_eq!(
        fs::read(second.path().join("out/a.epub")).unwrap(),
        one,
        "a copy in another folder built differently"
    );
}

#[test]
fn source_date_epoch_sets_the_modified_date() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    write(dir.path(), "a.toml", "source = \"a.md\"\ntitle = \"A\"\n");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "a.toml"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    let book = Epub::open(&dir.path().join("out/a.epub"));
    assert_eq!(
        book.meta_property("dcterms:modified"),
        ["2023-11-14T22:13:20Z"]
    );
}

#[test]
fn the_identifier_is_stable_and_follows_title_and_authors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    write(
        dir.path(),
        "a.toml",
        "source = \"a.md\"\ntitle = \"A\"\nauthors = [\"W\"]\n",
    );
    write(
        dir.path(),
        "b.toml",
        "source = \"a.md\"\ntitle = \"A\"\nauthors = [\"W\"]\ndate = \"1999\"\n",
    );
    write(
        dir.path(),
        "c.toml",
        "source = \"a.md\"\ntitle = \"C\"\nauthors = [\"W\"]\n",
    );
    assert!(quire(dir.path(), &["build", "a.toml", "b.toml", "c.toml"])
        .status
        .success());
    let id = |n: &str| {
        Epub::open(&dir.path().join(format!("out/{n}.epub"))).metadata("dc:identifier")[0].clone()
    };
    assert_eq!(id("a"), id("b"));
    assert_ne!(id("a"), id("c"));
}

/// Sources that break the rules still give a valid book, with a warning that says where.
#[test]
fn broken_notes_are_reported_and_still_give_valid_books() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("marker-without-note.md", "# T\n\nText with a marker[^1] and a missing one[^2].\n\n[^1]: One.\n", "marker-without-note.md:3: note marker [^2] has no note"),
        ("note-without-marker.md", "# T\n\nText with a marker[^1].\n\n[^1]: One.\n\n[^9]: Orphan.\n", "note-without-marker.md:7: note [^9] is never referred to"),
        ("page-marker-without-note.md", "Prose that goes on long enough to count as the text of the essay itself, page one.<sup>1</sup> And<sup>2</sup>\n\n---\n\n<sup>1</sup> The note.\n", "page-marker-without-note.md:1: note marker 2 has no note"),
        ("heading-with-note.md", "# T\n\n## A heading with a note[^1]\n\nText.\n\n[^1]: In a heading.\n", ""),
        ("script.md", "# T\n\nHello <script>alert(1)</script> [x](javascript:alert(1)).\n\n<iframe src=\"http://x\"></iframe>\n", "script.md:3: <script> removed"),
        ("no-heading.md", "Only a paragraph, and no heading at all.\n", ""),
        ("crlf-bom.md", "\u{feff}# T\r\n\r\nWindows text[^1].\r\n\r\n[^1]: A note.\r\n", ""),
    ];
    let mut books = Vec::new();
    for (name, source, expected) in cases {
        fs::write(dir.path().join(name), source).unwrap();
        let output = quire(dir.path(), &["build", name]);
        assert!(output.status.success(), "{name}: {}", text(&output));
        assert!(
            text(&output).contains(expected),
            "{name}: expected {expected:?} in {}",
            text(&output)
        );
        let book = dir.path().join("out").join(name.replace(".md", ".epub"));
        let all: String = Epub::open(&book)
            .entries
            .iter()
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert!(
            !all.contains("alert(1)") && !all.contains("<iframe"),
            "{name}: active content reached the book"
        );
        books.push(book);
    }
    assert_epubcheck_clean(&books);
}

#[test]
fn help_teaches_the_commands() {
    let output = quire(Path::new("."), &["build", "--help"]);
    let said = text(&output);
    for needle in ["--output", "--explain", "SOURCE_DATE_EPOCH", "Examples:"] {
        assert!(said.contains(needle), "{needle} missing from help:\n{said}");
    }
}

#[test]
fn a_closed_pipe_does_not_make_quire_panic() {
    // `quire build --explain ... | head -1`: the reader goes away early.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "build",
            "--explain",
            "metadata/bolsheviks-pet-anarchist.toml",
            "-o",
        ])
        .arg(tempfile::tempdir().unwrap().keep())
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // close the pipe before quire writes to it
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!said.contains("panicked"), "{said}");
    assert_eq!(output.status.code(), Some(0), "{said}");
}

#[test]
fn an_output_ending_in_epub_is_the_one_book_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "essay.md", ESSAY);
    write(dir.path(), "other.md", ESSAY);
    // One input: the book is the file named, not a folder of that name.
    let output = quire(dir.path(), &["build", "essay.md", "-o", "books/mine.epub"]);
    assert!(output.status.success(), "{}", text(&output));
    let book = dir.path().join("books/mine.epub");
    assert!(book.is_file(), "{}", text(&output));
    assert_eq!(files_in(&dir.path().join("books")), ["mine.epub"]);
    assert_eq!(Epub::open(&book).metadata("dc:title"), ["An Essay"]);
    assert_epubcheck_clean(&[book]);
    // Several inputs for one file: refused before anything is written.
    let output = quire(
        dir.path(),
        &["build", "essay.md", "other.md", "-o", "two.epub"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("-o two.epub names one book, but 2 books were found"),
        "{}",
        text(&output)
    );
    assert!(!dir.path().join("two.epub").exists());
}

/// A folder holding `essay.md` and `essay.toml`, its manifest (`source` and
/// then `manifest`'s keys): each built with `flags` into `out.epub`, which
/// must build and pass EPUBCheck, then read by `check` with the input's name.
fn built_from_source_and_manifest(
    manifest: &str,
    flags: &[&str],
    check: impl Fn(&str, &Epub),
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "essay.md", ESSAY);
    write(
        dir.path(),
        "essay.toml",
        &format!("source = \"essay.md\"\n{manifest}"),
    );
    for input in ["essay.md", "essay.toml"] {
        let mut args = vec!["build", input, "-o", "out.epub"];
        args.extend(flags);
        let output = quire(dir.path(), &args);
        assert!(output.status.success(), "{input}: {}", text(&output));
        check(input, &Epub::open(&dir.path().join("out.epub")));
        assert_epubcheck_clean(&[dir.path().join("out.epub")]);
    }
    dir
}

#[test]
fn metadata_given_on_the_command_line_wins_over_manifest_and_source() {
    let flags = [
        "--title",
        "On Work",
        "--subtitle",
        "A Reply",
        "--author",
        "Ann Vale",
        "--author",
        "Tom Okafor",
        "--language",
        "fr",
        "--date",
        "2020-05",
    ];
    let manifest =
        "title = \"From the Manifest\"\nauthors = [\"Manifest Author\"]\nlanguage = \"en\"\n";
    let dir = built_from_source_and_manifest(manifest, &flags, |input, book| {
        // One dc:title, the main one; the subtitle is on the title page.
        assert_eq!(book.metadata("dc:title"), ["On Work"], "{input}");
        assert!(
            book.file("EPUB/text/title.xhtml").contains("A Reply"),
            "{input}"
        );
        assert_eq!(
            book.metadata("dc:creator"),
            ["Ann Vale", "Tom Okafor"],
            "{input}"
        );
        assert_eq!(book.metadata("dc:language"), ["fr"], "{input}");
        assert_eq!(book.metadata("dc:date"), ["2020-05"], "{input}");
    });
    // A language's name where its tag belongs, and a date that is none: refused with a hint.
    let output = quire(dir.path(), &["build", "essay.md", "--language", "english"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("did you mean `en`?"),
        "{}",
        text(&output)
    );
    let output = quire(dir.path(), &["build", "essay.md", "--date", "2020-13"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}

/// A zip file holding the entries given, as office suites and EPUB writers make them.
fn zip_with(path: &Path, entries: &[(&str, &str)]) {
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, body) in entries {
        // The formats store `mimetype` uncompressed, first.
        let options =
            zip::write::SimpleFileOptions::default().compression_method(if *name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            });
        zip.start_file(*name, options).unwrap();
        std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn documents_of_other_formats_are_refused_with_the_command_that_converts_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("paper.pdf"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    )
    .unwrap();
    zip_with(
        &dir.path().join("essay.docx"),
        &[
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ],
    );
    zip_with(
        &dir.path().join("essay.odt"),
        &[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "<office/>"),
        ],
    );
    zip_with(
        &dir.path().join("book.epub"),
        &[
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", "<container/>"),
        ],
    );
    for (name, expected) in [
        ("paper.pdf", "paper.pdf: the source is a PDF, not text: convert it first (e.g. `pdftotext"),
        ("essay.docx", "essay.docx: the source is a Word document (DOCX), not Markdown: convert it first with `pandoc -t gfm"),
        ("essay.odt", "essay.odt: the source is an OpenDocument text (ODT), not Markdown: convert it first with `pandoc -t gfm"),
        ("book.epub", "book.epub: the source is an EPUB book already: `quire check` checks it"),
    ] {
        let output = quire(dir.path(), &["build", name, "-o", "out"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", text(&output));
        assert!(text(&output).contains(expected), "{name}: {}", text(&output));
    }
    assert!(files_in(&dir.path().join("out")).is_empty());
}

#[test]
fn shards_together_build_the_whole_library_each_book_once_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let library = repo().join("tests/fixtures/library");
    let library = library.to_string_lossy();
    let whole = dir.path().join("whole");
    let output = quire(
        dir.path(),
        &["build", &library, "-q", "-o", &whole.to_string_lossy()],
    );
    assert!(output.status.code() == Some(1), "{}", text(&output));
    let mut seen: Vec<String> = Vec::new();
    for k in 1..=3 {
        let part = dir.path().join(format!("part-{k}"));
        let report = dir.path().join(format!("part-{k}.jsonl"));
        let shard = format!("{k}/3");
        let output = quire(
            dir.path(),
            &[
                "build",
                &library,
                "-q",
                "--shard",
                &shard,
                "-o",
                &part.to_string_lossy(),
                "--report",
                &report.to_string_lossy(),
            ],
        );
        assert!(output.status.code().is_some(), "{}", text(&output));
        let books = files_in(&part);
        assert!(!books.is_empty(), "shard {shard} built nothing");
        let lines = fs::read_to_string(&report).unwrap().lines().count();
        assert!(lines >= books.len(), "shard {shard}: {lines} report lines");
        seen.extend(books);
    }
    let mut whole_books = files_in(&whole);
    whole_books.sort();
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), count, "a book was built by two shards");
    assert_eq!(
        seen, whole_books,
        "the shards' books are the whole run's, same names"
    );
}

#[test]
fn the_manual_page_and_completions_know_every_option_of_build() {
    let dir = tempfile::tempdir().unwrap();
    let help = quire(dir.path(), &["build", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let options: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("--") && w.len() > 3)
        .map(|w| w.trim_end_matches([',', '.', ')']))
        .filter(|w| w[2..].chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    assert!(
        options.contains(&"--sandbox") && options.contains(&"--kepub"),
        "{options:?}"
    );

    let man = quire(dir.path(), &["man"]);
    assert!(man.status.success(), "{}", text(&man));
    // roff writes a hyphen in an option's name as \-.
    let man = String::from_utf8_lossy(&man.stdout).replace("\\-", "-");
    assert!(man.contains(".TH quire 1"), "{man}");
    for option in &options {
        assert!(man.contains(option), "the manual page lacks {option}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = quire(dir.path(), &["completions", shell]);
        assert!(script.status.success(), "{}", text(&script));
        let script = String::from_utf8_lossy(&script.stdout).into_owned();
        for option in &options {
            assert!(
                script.contains(option.trim_start_matches('-')),
                "{shell} completions lack {option}"
            );
        }
    }
}

#[test]
fn one_author_needs_no_list() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", ESSAY);
    write(
        dir.path(),
        "a.toml",
        "source = \"a.md\"\ntitle = \"T\"\nauthors = \"Jane Doe\"\n",
    );
    let output = quire(dir.path(), &["build", "a.toml", "-o", "a.epub"]);
    assert!(output.status.success(), "{}", text(&output));
    let book = Epub::open(&dir.path().join("a.epub"));
    assert_eq!(book.metadata("dc:creator"), ["Jane Doe"]);
}

#[test]
fn switches_are_on_or_off_and_a_batch_needs_one_job_at_least() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# A\n\nShe said \"no\" -- twice...\n");
    let help = text(&quire(dir.path(), &["build", "--help"]));
    for switch in ["--typography <on|off>", "--repairs <on|off>"] {
        assert!(help.contains(switch), "{help}");
    }
    assert!(help.contains("[possible values: on, off]"), "{help}");
    assert!(!help.contains("possible values: true, false"), "{help}");
    // `off` keeps the source's characters; true/false are still read, as they say.
    for (given, expected) in [
        ("off", "She said \"no\" -- twice..."),
        ("false", "She said \"no\" -- twice..."),
        ("on", "She said “no” – twice…"),
    ] {
        let output = quire(
            dir.path(),
            &["build", "a.md", "--typography", given, "-o", "a.epub"],
        );
        assert!(output.status.success(), "{given}: {}", text(&output));
        let book = Epub::open(&dir.path().join("a.epub"));
        assert_eq!(book.body_paragraphs(), [expected], "{given}");
    }
    let output = quire(dir.path(), &["build", "a.md", "--typography", "maybe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("[possible values: on, off]"),
        "{}",
        text(&output)
    );
    let output = quire(dir.path(), &["build", "a.md", "-j", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains(
            "invalid value '0' for '--jobs <JOBS>': 0 would build nothing: give 1 or more"
        ),
        "{}",
        text(&output)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn metadata_keys_given_with_dash_m_sit_between_the_named_flags_and_the_manifest() {
    let flags = [
        "-M",
        "authors=Ann Vale",
        "-M",
        "authors=Tom Okafor",
        "-M",
        "subtitle=From -M",
        "-M",
        "title=1984",
        "-M",
        "series=Essays on Work",
        "-M",
        "series_index=2",
        "-M",
        "date=2000-11-05",
        "-M",
        "subjects=[\"work\", \"time\"]",
        "-M",
        "typography=off",
        "--title",
        "From the Flag",
    ];
    let manifest = "title = \"An Essay\"\nauthors = [\"Manifest Author\"]\nsubtitle = \"From the Manifest\"\nseries = \"Manifest Series\"\n";
    let dir = built_from_source_and_manifest(manifest, &flags, |input, book| {
        // The named flag over -M, -M over the manifest and the source.
        assert_eq!(book.metadata("dc:title"), ["From the Flag"], "{input}");
        // A list key given twice is both, in order.
        assert_eq!(
            book.metadata("dc:creator"),
            ["Ann Vale", "Tom Okafor"],
            "{input}"
        );
        assert_eq!(book.metadata("dc:subject"), ["work", "time"], "{input}");
        // A number, where the key takes one; a date as written, where the key takes text.
        assert_eq!(book.meta_property("group-position"), ["2"], "{input}");
        assert_eq!(book.metadata("dc:date"), ["2000-11-05"], "{input}");
        let title_page = collapse(&book.document("EPUB/text/title.xhtml").text());
        assert!(
            title_page.contains("From -M") && title_page.contains("Essays on Work, 2"),
            "{input}: {title_page}"
        );
    });
    // A text value TOML would read as a number stays text for a key that takes text.
    let output = quire(
        dir.path(),
        &["build", "essay.toml", "-o", "n.epub", "-M", "title=1984"],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(
        Epub::open(&dir.path().join("n.epub")).metadata("dc:title"),
        ["1984"]
    );
    // Mistakes are refused before anything is built, as the manifest's are.
    for (given, expected) in [
        (
            "autor=X",
            "error: -M autor=X: unknown key `autor` (did you mean `authors`?)",
        ),
        (
            "language=english",
            "error: -M: `language`: \"english\" is not a language tag (did you mean `en`?)",
        ),
        ("title", "error: -M title: \"title\" is not KEY=VALUE"),
        (
            "typography=sometimes",
            "error: -M: `typography`: invalid type: string \"sometimes\", expected a boolean",
        ),
    ] {
        let output = quire(dir.path(), &["build", "essay.toml", "-M", given]);
        assert_eq!(output.status.code(), Some(2), "{given}: {}", text(&output));
        assert!(
            text(&output).contains(expected),
            "{given}: expected {expected:?} in {}",
            text(&output)
        );
    }
    assert!(!dir.path().join("out").exists());
    // A series number needs a series: the manifest's, or one given with it.
    let output = quire(
        dir.path(),
        &["build", "essay.md", "-o", "s.epub", "-M", "series_index=3"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("`series_index` is 3 but no `series` is named"),
        "{}",
        text(&output)
    );
    let output = quire(
        dir.path(),
        &[
            "build",
            "essay.toml",
            "-o",
            "s.epub",
            "-M",
            "series_index=3",
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    let help = collapse(&text(&quire(dir.path(), &["build", "--help"])));
    assert!(
        help.contains("-M, --metadata <KEY=VALUE>")
            && help.contains("then -M, then the manifest, then the source"),
        "{help}"
    );
}

#[test]
fn a_book_failing_check_keeps_its_warnings_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    // A stylesheet EPUB forbids (it sets `direction`) fails --check; the
    // missing image is a warning the book has all the same.
    write(dir.path(), "rtl.css", "p { direction: rtl }\n");
    for name in ["a.md", "b.md"] {
        write(
            dir.path(),
            name,
            "# A\n\nSome words. ![a picture](missing.png)\n",
        );
    }
    let output = quire(
        dir.path(),
        &[
            "build",
            "a.md",
            "b.md",
            "--stylesheet",
            "rtl.css",
            "--check",
        ],
    );
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("warning: a.md:3: image missing.png is missing"),
        "{said}"
    );
    assert!(said.contains("2  image-missing"), "{said}");
    assert!(said.contains("0 built, 2 failed, 2 warnings"), "{said}");
}

#[test]
fn a_manifest_named_quire_toml_is_a_book_and_settings_stay_settings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "book/essay.md", ESSAY);
    write(
        dir.path(),
        "book/quire.toml",
        "source = \"essay.md\"\ntitle = \"Named for the Tool\"\n",
    );
    // Given by itself, or beside a source given by itself, or in a folder: a book.
    for args in [
        &["build", "book/quire.toml", "-o", "one.epub", "--explain"][..],
        &["build", "book/essay.md", "-o", "two.epub"][..],
    ] {
        let output = quire(dir.path(), args);
        assert!(output.status.success(), "{args:?}: {}", text(&output));
    }
    assert!(text(&quire(dir.path(), &["build", "book/quire.toml", "-o", "one.epub", "--explain"]))
        .contains("quire.toml: this book's manifest (it names `title` or `source`), not the library's settings"));
    assert_eq!(
        Epub::open(&dir.path().join("one.epub")).metadata("dc:title"),
        ["Named for the Tool"]
    );
    let output = quire(dir.path(), &["build", "book", "-o", "folder"]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(files_in(&dir.path().join("folder")), ["quire.epub"]);
    // A [build] table with no book key is the library's settings, and --explain says so.
    write(
        dir.path(),
        "lib/quire.toml",
        "[build]\nallow = [\"image-missing\"]\n",
    );
    write(dir.path(), "lib/a.md", "# A\n\nWords. ![x](gone.png)\n");
    let output = quire(dir.path(), &["build", "lib", "-o", "lib-out", "--explain"]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert_eq!(files_in(&dir.path().join("lib-out")), ["a.epub"]);
    assert!(
        said.contains("settings: lib/quire.toml (a [build] table, no book keys)"),
        "{said}"
    );
    assert!(!said.contains("warning: lib/a.md"), "{said}");
}
