//! `quire build --report`: one JSON line per book, in the batch's order,
//! each valid against `docs/report.schema.json`, with the warnings' codes and
//! lines and the decisions quire took.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn schema() -> Value {
    serde_json::from_str(&fs::read_to_string(repo().join("docs/report.schema.json")).unwrap())
        .unwrap()
}

/// A small library with one book per kind of record: clean, warned, a
/// manifest, a failure, a page export whose pages quire reorders.
fn library(dir: &Path) {
    write(
        dir,
        "lib/a-clean.md",
        "# A Clean Essay\n\nBy Ann Author\n\nSome opening words long enough to be prose in any reading of them.\n",
    );
    write(
        dir,
        "lib/b-warned.md",
        "# Warned\n\nSee [the notes](notes/today.md) and the map.\n\n![a map](missing.png)\n\nA bell\u{7} rang.\n",
    );
    write(dir, "lib/c-binary.md", "\u{7f}ELF\0\0 binary");
    write(
        dir,
        "lib/d.toml",
        "source = \"d-source.md\"\ntitle = \"Dee\"\nauthors = [\"Dee Writer\", \"Em Writer\"]\nlanguage = \"fr\"\n",
    );
    write(
        dir,
        "lib/d-source.md",
        "# Dee\n\nDes mots en français, assez longs pour être lus comme un texte.\n",
    );
    write(
        dir,
        "lib/e-booklet.md",
        &fs::read_to_string(repo().join("tests/fixtures/library/lamplighters-booklet.md")).unwrap(),
    );
}

fn lines_of(report: &str) -> Vec<Value> {
    report
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn every_line_is_one_book_valid_against_the_schema_in_the_batch_order() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let output = quire(
        dir.path(),
        &[
            "build",
            "lib",
            "-o",
            "out",
            "--report",
            "report.jsonl",
            "-j",
            "4",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let records = lines_of(&fs::read_to_string(dir.path().join("report.jsonl")).unwrap());
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for record in &records {
        let errors: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:?} in {record}");
    }
    // The schema holds: a record with a field of the wrong type fails it.
    let mut wrong = records[0].clone();
    wrong["sections"] = Value::from("three");
    assert!(!validator.is_valid(&wrong));
    let inputs: Vec<&str> = records
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            "lib/d.toml",
            "lib/a-clean.md",
            "lib/b-warned.md",
            "lib/c-binary.md",
            "lib/e-booklet.md"
        ]
    );
    let by_input = |name: &str| records.iter().find(|r| r["input"] == name).unwrap();

    let manifest = by_input("lib/d.toml");
    assert_eq!(manifest["source"], "lib/d-source.md");
    assert_eq!(manifest["output"], "out/d.epub");
    assert_eq!(manifest["title"], "Dee");
    assert_eq!(
        manifest["authors"],
        serde_json::json!(["Dee Writer", "Em Writer"])
    );
    assert_eq!(manifest["language"], "fr");
    let written = fs::metadata(dir.path().join("out/d.epub")).unwrap().len();
    assert_eq!(manifest["bytes"], written);

    let warned = by_input("lib/b-warned.md");
    let codes: Vec<(&str, u64)> = warned["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["code"].as_str().unwrap(), w["line"].as_u64().unwrap_or(0)))
        .collect();
    assert!(codes.contains(&("link-not-web", 3)), "{codes:?}");
    assert!(codes.contains(&("image-missing", 5)), "{codes:?}");
    assert!(codes.contains(&("control-char", 7)), "{codes:?}");

    let failed = by_input("lib/c-binary.md");
    assert_eq!(failed["status"], "failed");
    assert!(failed["error"]["message"]
        .as_str()
        .unwrap()
        .contains("binary data"));

    let booklet = by_input("lib/e-booklet.md");
    assert_eq!(booklet["kind"], "page-export");
    let decided: Vec<&str> = booklet["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(decided.contains(&"pages-reordered"), "{booklet}");
    assert!(!booklet["explanation"].as_array().unwrap().is_empty());
}

#[test]
fn the_report_on_standard_output_is_the_same_and_the_books_lines_move_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let to_file = quire(
        dir.path(),
        &["build", "lib", "-o", "out", "--report", "r.jsonl"],
    );
    let to_stdout = quire(dir.path(), &["build", "lib", "-o", "out", "--report", "-"]);
    let strip_time = |records: Vec<Value>| -> Vec<Value> {
        records
            .into_iter()
            .map(|mut r| {
                r["time_ms"] = Value::Null;
                r
            })
            .collect()
    };
    let from_file = strip_time(lines_of(
        &fs::read_to_string(dir.path().join("r.jsonl")).unwrap(),
    ));
    let from_stdout = strip_time(lines_of(
        &String::from_utf8(to_stdout.stdout.clone()).unwrap(),
    ));
    assert_eq!(from_file, from_stdout);
    let said = String::from_utf8_lossy(&to_stdout.stderr);
    assert!(said.contains("wrote out/d.epub"), "{said}");
    assert!(text(&to_file).contains("wrote out/d.epub"));
}

#[test]
fn a_silenced_code_is_still_in_the_report_marked_silenced() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    write(
        dir.path(),
        "lib/quire.toml",
        "[build]\nallow = [\"link-not-web\"]\n",
    );
    let output = quire(
        dir.path(),
        &["build", "lib", "-o", "out", "--report", "r.jsonl"],
    );
    let records = lines_of(&fs::read_to_string(dir.path().join("r.jsonl")).unwrap());
    assert!(
        !records.iter().any(|r| r["input"] == "lib/quire.toml"),
        "quire.toml is no book"
    );
    let warned = records
        .iter()
        .find(|r| r["input"] == "lib/b-warned.md")
        .unwrap();
    let link = warned["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "link-not-web")
        .unwrap();
    assert_eq!(link["silenced"], true);
    assert!(
        !text(&output).contains("[link-not-web]"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("[image-missing]"),
        "{}",
        text(&output)
    );
}

/// The schema's code lists are the builder's: a new code not added to the
/// schema fails here rather than making valid reports look invalid.
#[test]
fn the_schema_names_every_warning_code_and_no_other() {
    let schema = schema();
    let listed = |field: &str| -> Vec<String> {
        schema["properties"][field]["items"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    let mut in_schema = listed("warnings");
    in_schema.extend(listed("decisions"));
    in_schema.sort();
    let mut codes: Vec<String> = quire::WarningCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    codes.sort();
    assert_eq!(in_schema, codes);
    for code in quire::WarningCode::ALL {
        let field = match code.kind() {
            quire::diagnostic::Kind::Decision => "decisions",
            quire::diagnostic::Kind::Problem => "warnings",
        };
        assert!(listed(field).iter().any(|c| c == code.as_str()), "{code}");
    }
}
