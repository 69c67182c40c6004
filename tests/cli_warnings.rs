//! What `quire build` prints about a batch: warnings with their code, file
//! and line, in the inputs' order; the end-of-batch summary; `-q`; silencing
//! codes with `--allow` or a library's `quire.toml`; and `quire check`'s total.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const PROSE: &str = "Some opening words that are long enough to be prose in any reading of them.";

/// A library of twelve books: `b-links.md` with two links that lead nowhere,
/// `c-image.md` with a missing image, the rest clean.
fn library(dir: &Path) {
    for i in 0..10 {
        write(
            dir,
            &format!("lib/clean-{i:02}.md"),
            &format!("# Clean {i}\n\n{PROSE}\n\n## Part\n\n{PROSE}[^1]\n\n[^1]: A note.\n"),
        );
    }
    write(
        dir,
        "lib/b-links.md",
        &format!("# Links\n\n{PROSE}\n\nSee [one](one.md).\n\nSee [two](../two.html).\n"),
    );
    write(
        dir,
        "lib/c-image.md",
        &format!("# Image\n\n{PROSE}\n\n![a map of the town](map.png)\n"),
    );
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn each_warning_names_file_line_and_code() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let output = quire(dir.path(), &["build", "lib/b-links.md", "lib/c-image.md"]);
    assert!(output.status.success(), "{}", text(&output));
    let said = stderr(&output);
    assert!(
        said.contains("warning: lib/b-links.md:5: link to 'one.md' is not a web address and would lead nowhere in the book; its text is kept [link-not-web]"),
        "{said}"
    );
    assert!(
        said.contains("warning: lib/c-image.md:5: image map.png is missing; its description \"a map of the town\" stands in its place [image-missing]"),
        "{said}"
    );
}

#[test]
fn a_batch_prints_in_the_inputs_order_and_ends_with_counts_by_code_and_the_worst_books() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let output = quire(dir.path(), &["build", "lib", "-j", "4"]);
    assert!(output.status.success(), "{}", text(&output));
    let wrote: Vec<String> = stdout(&output)
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap().to_string())
        .collect();
    let mut sorted = wrote.clone();
    sorted.sort();
    assert_eq!(wrote.len(), 12);
    assert_eq!(wrote, sorted, "books reported out of order");
    assert!(
        stdout(&output).contains("wrote out/clean-00.epub (2 sections, 1 note)"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("wrote out/b-links.epub (1 section, 0 notes)"),
        "{}",
        stdout(&output)
    );
    let said = stderr(&output);
    let lines: Vec<&str> = said.lines().collect();
    let table = lines
        .iter()
        .position(|l| l.starts_with("warnings by code"))
        .unwrap_or_else(|| panic!("no summary in:\n{said}"));
    assert!(
        lines[table + 1]
            .trim_start()
            .starts_with("2  link-not-web "),
        "{said}"
    );
    assert!(
        lines[table + 2]
            .trim_start()
            .starts_with("1  image-missing "),
        "{said}"
    );
    assert_eq!(
        lines[table + 3],
        "books with most warnings (2 of 2 with any):"
    );
    assert_eq!(lines[table + 4], "  2  lib/b-links.md");
    assert_eq!(lines[table + 5], "  1  lib/c-image.md");
    assert!(
        lines[table + 6].contains("--explain BOOK") && lines[table + 6].contains("--report FILE")
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("12 built, 0 failed, 3 warnings in "),
        "{said}"
    );
    // The warnings themselves come before the summary, in the books' order.
    let first_link = said.find("[link-not-web]").unwrap();
    let image = said.find("[image-missing]").unwrap();
    assert!(first_link < image && image < said.find("warnings by code").unwrap());
}

#[test]
fn quiet_prints_errors_and_the_one_line_summary_only() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    write(dir.path(), "lib/zz-empty.md", "\n");
    let output = quire(dir.path(), &["build", "-q", "lib"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let said = stderr(&output);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(
        lines[0].starts_with("error: lib/zz-empty.md: the source is empty"),
        "{said}"
    );
    assert!(
        lines[1].starts_with("12 built, 1 failed, 3 warnings in "),
        "{said}"
    );
}

#[test]
fn allow_and_quire_toml_silence_codes_and_say_how_many() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let allowed = quire(dir.path(), &["build", "lib", "--allow", "link-not-web"]);
    let said = stderr(&allowed);
    assert!(!said.contains("link-not-web"), "{said}");
    assert!(said.contains("[image-missing]"), "{said}");
    assert!(
        said.lines()
            .last()
            .unwrap()
            .starts_with("12 built, 0 failed, 1 warning (2 silenced) in "),
        "{said}"
    );

    write(
        dir.path(),
        "lib/quire.toml",
        "# this library's settings\n[build]\nallow = [\"link-not-web\", \"image-missing\"]\n",
    );
    let configured = quire(dir.path(), &["build", "lib"]);
    let said = stderr(&configured);
    assert!(configured.status.success(), "{said}");
    assert!(!said.contains("warning:"), "{said}");
    assert!(!said.contains("warnings by code"), "{said}");
    assert!(
        said.lines()
            .last()
            .unwrap()
            .starts_with("12 built, 0 failed, 0 warnings (3 silenced) in "),
        "{said}"
    );
    assert!(
        !dir.path().join("out/quire.epub").exists(),
        "quire.toml built as a book"
    );
}

#[test]
fn an_unknown_code_or_setting_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let flag = quire(dir.path(), &["build", "lib", "--allow", "link-not-wbe"]);
    assert_eq!(flag.status.code(), Some(2));
    assert!(
        stderr(&flag)
            .contains("\"link-not-wbe\" is not a warning code; the codes are encoding-replaced,"),
        "{}",
        stderr(&flag)
    );
    write(
        dir.path(),
        "lib/quire.toml",
        "[build]\nallow = [\"link-not-web\"]\nquiet = true\n",
    );
    let file = quire(dir.path(), &["build", "lib"]);
    assert_eq!(file.status.code(), Some(2));
    assert!(
        stderr(&file).contains("error: lib/quire.toml:3: unknown field `quiet`"),
        "{}",
        stderr(&file)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn check_ends_with_a_total_and_quiet_leaves_out_the_clean_books() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let built = quire(dir.path(), &["build", "lib/clean-00.md", "lib/clean-01.md"]);
    assert!(built.status.success(), "{}", text(&built));
    write(dir.path(), "not-a-book.epub", "plain text, not a zip");
    let args = [
        "check",
        "out/clean-00.epub",
        "out/clean-01.epub",
        "not-a-book.epub",
    ];
    let output = quire(dir.path(), &args);
    let said = stderr(&output);
    assert!(
        said.contains("out/clean-00.epub (EPUB 3.0): clean"),
        "{said}"
    );
    assert_eq!(
        said.lines().last().unwrap(),
        "3 books: 2 clean, 1 with errors, 0 warnings",
        "{said}"
    );
    let mut quiet_args = args.to_vec();
    quiet_args.push("--quiet");
    let quiet = quire(dir.path(), &quiet_args);
    let said = stderr(&quiet);
    assert!(!said.contains(": clean"), "{said}");
    assert!(said.contains("not-a-book.epub"), "{said}");
    assert_eq!(
        said.lines().last().unwrap(),
        "3 books: 2 clean, 1 with errors, 0 warnings"
    );
    // The JSON on standard output keeps its shape; the total is on stderr.
    let json = quire(
        dir.path(),
        &["check", "--format", "json", "out/clean-00.epub"],
    );
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), 1);
    assert_eq!(parsed[0]["clean"], true);
    assert_eq!(
        stderr(&json).lines().last().unwrap(),
        "1 book: 1 clean, 0 with errors, 0 warnings"
    );
}
