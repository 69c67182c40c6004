//! `quire build --incremental`: a library built again rebuilds only the books
//! whose inputs changed, and tells the others as the first run did.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const PROSE: &str = "Some opening words that are long enough to be prose in any reading of them.";

fn library(dir: &Path) {
    fs::create_dir_all(dir.join("lib")).unwrap();
    for name in ["one", "two", "three"] {
        fs::write(
            dir.join(format!("lib/{name}.md")),
            format!("# Essay {name}\n\n{PROSE}[^1]\n\n[^1]: A note.\n"),
        )
        .unwrap();
    }
    fs::write(
        dir.join("lib/pictured.md"),
        format!("# Pictured\n\n{PROSE}\n\n![a map of the field](map.png)\n"),
    )
    .unwrap();
}

fn build(dir: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "build",
        "lib",
        "--incremental",
        "-o",
        "out",
        "--report",
        "report.jsonl",
    ];
    args.extend(extra);
    let output = quire(dir, &args);
    assert!(output.status.success(), "{}", text(&output));
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let summary = said.lines().last().unwrap_or_default().to_string();
    (said, summary)
}

/// Each book's report line without its timing, which differs from run to run.
fn report(dir: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(dir.join("report.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            value.as_object_mut().unwrap().remove("time_ms");
            value
        })
        .collect()
}

fn modified(path: &Path) -> std::time::SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn a_second_run_builds_nothing_and_says_what_the_first_said() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let (first, summary) = build(dir.path(), &[]);
    assert!(
        summary.starts_with("4 built, 0 failed, 1 warning"),
        "{summary}"
    );
    let first_report = report(dir.path());
    let written = modified(&dir.path().join("out/one.epub"));

    let (second, summary) = build(dir.path(), &[]);
    assert!(
        summary.starts_with("0 built, 4 up to date, 0 failed, 1 warning"),
        "{summary}"
    );
    let warning = |said: &str| {
        said.lines()
            .filter(|l| l.starts_with("warning:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(warning(&first), warning(&second));
    assert!(warning(&second)[0].contains("[image-missing]"), "{second}");
    assert_eq!(report(dir.path()), first_report);
    assert_eq!(
        modified(&dir.path().join("out/one.epub")),
        written,
        "not written again"
    );
}

#[test]
fn a_changed_source_a_found_image_or_a_lost_book_is_built_again() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    build(dir.path(), &[]);

    fs::write(
        dir.path().join("lib/two.md"),
        format!("# Essay two, revised\n\n{PROSE}\n"),
    )
    .unwrap();
    let (_, summary) = build(dir.path(), &[]);
    assert!(summary.starts_with("1 built, 3 up to date"), "{summary}");
    let titles = Epub::open(&dir.path().join("out/two.epub")).metadata("dc:title");
    assert!(titles.join(" ").contains("revised"), "{titles:?}");

    fs::copy(
        repo().join("tests/fixtures/design/figures/field-map.png"),
        dir.path().join("lib/map.png"),
    )
    .unwrap();
    let (said, summary) = build(dir.path(), &[]);
    assert!(
        summary.starts_with("1 built, 3 up to date, 0 failed, 0 warnings"),
        "{summary}"
    );
    assert!(!said.contains("image-missing"), "{said}");

    fs::remove_file(dir.path().join("out/three.epub")).unwrap();
    let (_, summary) = build(dir.path(), &[]);
    assert!(summary.starts_with("1 built, 3 up to date"), "{summary}");
    assert!(dir.path().join("out/three.epub").is_file());
}

#[test]
fn other_settings_or_force_build_every_book() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    build(dir.path(), &[]);
    let (_, summary) = build(dir.path(), &["--typography", "off"]);
    assert!(summary.starts_with("4 built, 0 failed"), "{summary}");
    let (_, summary) = build(dir.path(), &["--typography", "off", "--force"]);
    assert!(summary.starts_with("4 built, 0 failed"), "{summary}");
    let (_, summary) = build(dir.path(), &["--typography", "off"]);
    assert!(summary.starts_with("0 built, 4 up to date"), "{summary}");
}

#[test]
fn without_the_flag_nothing_is_kept_beside_the_books() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let output = quire(dir.path(), &["build", "lib", "-o", "plain"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(!dir.path().join("plain/.quire-state.json").exists());
}

#[test]
fn parts_of_a_sharded_run_into_one_folder_keep_their_own_record() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    // Enough books that the two runs overlap.
    for n in 0..60 {
        fs::write(
            dir.path().join(format!("lib/more-{n}.md")),
            format!("# More {n}\n\n{PROSE}\n"),
        )
        .unwrap();
    }
    // Both parts at once, as a batch engine runs them.
    let parts: Vec<std::process::Child> = ["1/2", "2/2"]
        .iter()
        .map(|part| {
            std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
                .current_dir(dir.path())
                .args([
                    "build",
                    "lib",
                    "--incremental",
                    "-q",
                    "-o",
                    "out",
                    "--shard",
                    part,
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut part in parts {
        assert!(part.wait().unwrap().success());
    }
    // Each part again: the other part's run did not erase what this one built.
    for part in ["1/2", "2/2"] {
        let (_, again) = build(dir.path(), &["--shard", part]);
        assert!(again.starts_with("0 built, "), "{part}: {again}");
    }
}
