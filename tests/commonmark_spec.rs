//! The CommonMark spec's examples, each built as an essay (a title, an opening
//! paragraph, then the example): the body of its chapters, after the spec's own
//! HTML normalisation, must say what the spec's HTML says. The examples that
//! read differently are exactly those docs/reading-sources.md lists under "CommonMark
//! examples read otherwise", each with its reason, so the list can only shrink
//! as quire comes closer and never hides a new difference.
//!
//! The spec and its normaliser are read from `../shared/commonmark`; when they
//! are missing the test fails, since it is what holds quire to the spec.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;

/// The line that opens and closes each example in `spec.txt`.
const FENCE: &str = "````````````````````````````````";

/// The paragraph every essay opens with, before the example.
const OPENING: &str = "The opening paragraph of the essay.";

struct Example {
    number: u32,
    markdown: String,
    html: String,
}

/// The examples of `spec.txt`, numbered as the spec numbers them; `→` stands
/// for a tab.
fn examples(spec: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line != format!("{FENCE} example") {
            continue;
        }
        let mut markdown = String::new();
        let mut html = String::new();
        let mut in_html = false;
        for line in lines.by_ref() {
            if line == FENCE {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
        out.push(Example {
            number: out.len() as u32 + 1,
            markdown,
            html,
        });
    }
    out
}

/// The essay an example is built as.
fn essay(example: &Example) -> String {
    format!(
        "---\ntitle: Example {}\n---\n\n{OPENING}\n\n{}",
        example.number, example.markdown
    )
}

/// What the book's chapters hold, their `<section>` wrappers and the opening
/// paragraph taken away, heading levels and ids made alike (quire's headings
/// start under the book title, and carry ids for the contents).
fn chapter_bodies(markdown: &str) -> String {
    let options = quire::pipeline::Options {
        typography: Some(false),
        ..Default::default()
    };
    let assembled = quire::pipeline::from_text(markdown, Path::new("example.md"), &options);
    let mut body = String::new();
    for doc in quire::render::render(&assembled.book) {
        if !doc.href.contains("chapter-") {
            continue;
        }
        let content = &doc.content;
        let Some(open) = content.find("<section") else {
            continue;
        };
        let start = open + content[open..].find('>').unwrap() + 1;
        let end = content.rfind("</section>").unwrap();
        body.push_str(&content[start..end]);
    }
    let body = body.replacen(&format!("<p>{OPENING}</p>"), "", 1);
    headings_alike(body.trim())
}

/// `<h2 id="x">`…`</h6>` as `<h1>`…`</h1>`.
fn headings_alike(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let closing = rest.starts_with("</");
        let name = &rest[if closing { 2 } else { 1 }..];
        let is_heading = name.len() > 1
            && name.as_bytes()[0] == b'h'
            && (b'1'..=b'6').contains(&name.as_bytes()[1])
            && matches!(name.as_bytes().get(2), Some(b' ' | b'>'));
        match rest.find('>').filter(|_| is_heading) {
            Some(end) => {
                out.push_str(if closing { "</h1>" } else { "<h1>" });
                rest = &rest[end + 1..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Each (quire's, the spec's) pair through the spec's `normalize.py`, and
/// whether they are then equal.
fn equal_after_normalising(folder: &Path, pairs: &[(String, String)]) -> Vec<bool> {
    let script = "import sys, json\n\
        sys.path.insert(0, sys.argv[1])\n\
        from normalize import normalize_html\n\
        pairs = json.load(sys.stdin)\n\
        json.dump([normalize_html(a) == normalize_html(b) for a, b in pairs], sys.stdout)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs the spec's normaliser");
    let input = serde_json::to_vec(pairs).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "normalize.py failed");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The example numbers docs/reading-sources.md lists as read otherwise: every `#N` and
/// `#N-M` in that section.
fn documented_deviations(readme: &str) -> BTreeSet<u32> {
    let section = readme
        .split("\n## CommonMark examples read otherwise")
        .nth(1)
        .expect("docs/reading-sources.md has a section \"CommonMark examples read otherwise\"");
    let section = section.split("\n#").next().unwrap();
    let mut numbers = BTreeSet::new();
    {
        let mut rest = section;
        while let Some(at) = rest.find('#') {
            rest = &rest[at + 1..];
            let first: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Ok(first) = first.parse::<u32>() else {
                continue;
            };
            rest = &rest[first.to_string().len()..];
            let last = rest
                .strip_prefix('-')
                .map(|r| {
                    r.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(first);
            numbers.extend(first..=last);
        }
    }
    numbers
}

#[test]
fn commonmark_examples_keep_their_meaning() {
    let folder = common::repo().join("../shared/commonmark");
    let spec = std::fs::read_to_string(folder.join("spec.txt")).unwrap_or_else(|e| {
        panic!(
            "the CommonMark spec is missing at {}: {e}",
            folder.display()
        )
    });
    let examples = examples(&spec);
    assert_eq!(examples.len(), 655, "the spec's examples");
    let pairs: Vec<(String, String)> = examples
        .iter()
        .map(|e| (chapter_bodies(&essay(e)), headings_alike(e.html.trim())))
        .collect();
    let equal = equal_after_normalising(&folder, &pairs);
    let differ: BTreeSet<u32> = examples
        .iter()
        .zip(&equal)
        .filter(|(_, equal)| !**equal)
        .map(|(e, _)| e.number)
        .collect();
    if std::env::var_os("QUIRE_COMMONMARK_SHOW").is_some() {
        for (example, (ours, spec)) in examples.iter().zip(&pairs) {
            if differ.contains(&example.number) {
                eprintln!(
                    "## {}\n{}--- spec\n{spec}--- quire\n{ours}\n",
                    example.number, example.markdown
                );
            }
        }
    }
    let readme = std::fs::read_to_string(common::repo().join("docs/reading-sources.md")).unwrap();
    let documented = documented_deviations(&readme);
    let undocumented: Vec<_> = differ.difference(&documented).collect();
    let now_equal: Vec<_> = documented.difference(&differ).collect();
    assert!(
        undocumented.is_empty() && now_equal.is_empty(),
        "examples reading otherwise but not in docs/reading-sources.md: {undocumented:?}; \
         listed there but now equal (take them off): {now_equal:?}"
    );
}
