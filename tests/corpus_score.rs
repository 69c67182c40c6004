//! A ratchet on the real-document corpus: runs `score-corpus` on this build
//! when `../shared/corpus` is present (under `CI=true` it must be) and asserts
//! at least the figures reached, so they can only go up.

use std::path::Path;
use std::process::Command;

mod common;

/// The figures reached, as the tool's summary line gives them.
const BUILT: u32 = 59;
const IN_ORDER: u32 = 59;
const NOTES_TWO_WAY: u32 = 48;
const TITLES_EXACT_OR_CLOSE: u32 = 52;
const AUTHORS: u32 = 40;
/// The most documents each structure figure may flag, as the tool's second
/// summary line gives them (they can only go down).
const PROSE_IN_PRE: u32 = 0;
const SCAFFOLD: u32 = 0;
const FRAGMENT_CONTENTS: u32 = 0;
const WALLS: u32 = 0;
const REWRITES: u32 = 0;

/// The number before `/` in `label N/M`, or before ` docs` for `leaks N docs`.
fn figure(summary: &str, label: &str) -> (u32, u32) {
    let at = summary
        .find(label)
        .unwrap_or_else(|| panic!("no {label:?} in {summary}"));
    let rest = summary[at + label.len()..].trim_start();
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/')
        .collect();
    let mut parts = token.split('/').map(|n| n.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn the_corpus_score_does_not_fall() {
    let shared = common::repo().join("../shared");
    let corpus = shared.join("corpus");
    if !corpus.join("truth.json").is_file() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing: under CI=true the corpus must be there",
            corpus.display()
        );
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let output = Command::new(shared.join("tools/score-corpus"))
        .arg(Path::new(env!("CARGO_BIN_EXE_quire")))
        .arg(&corpus)
        .output()
        .expect("score-corpus runs");
    let said = String::from_utf8_lossy(&output.stdout);
    let summary = said
        .lines()
        .rev()
        .find(|l| l.starts_with("corpus score:"))
        .unwrap_or_else(|| {
            panic!(
                "no summary line in:\n{said}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let (built, _) = figure(summary, "built");
    let (in_order, measured) = figure(summary, "in order");
    let (notes, _) = figure(summary, "notes");
    let (titles, _) = figure(summary, "titles exact-or-close");
    let (authors, _) = figure(summary, "authors");
    let (leaks, _) = figure(summary, "leaks");
    assert!(built >= BUILT, "{summary}");
    assert!(in_order >= IN_ORDER && in_order == measured, "{summary}");
    assert!(notes >= NOTES_TWO_WAY, "{summary}");
    assert!(titles >= TITLES_EXACT_OR_CLOSE, "{summary}");
    assert!(authors >= AUTHORS, "{summary}");
    // No document shows markup it should have rendered; none may again.
    assert_eq!(leaks, 0, "{summary}");
    let structure = said
        .lines()
        .rev()
        .find(|l| l.starts_with("structure:"))
        .unwrap_or_else(|| panic!("no structure line in:\n{said}"));
    for (label, most) in [
        ("prose in pre", PROSE_IN_PRE),
        ("scaffold", SCAFFOLD),
        ("fragment contents", FRAGMENT_CONTENTS),
        ("walls", WALLS),
        ("rewrites", REWRITES),
    ] {
        let (flagged, _) = figure(structure, label);
        assert!(flagged <= most, "{label}: {structure}");
    }
}
