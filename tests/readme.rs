//! Every command README.md shows is run, so the guide cannot go stale.
//!
//! The README's examples are ```` ```console ```` blocks: a line `$ command`
//! (continued by a trailing `\`) is a command, and the lines after it, up to
//! the next command, are what it prints, standard error and output together as
//! a terminal shows them. `...` in the output stands for lines left out (at the end of a line, for the rest of it), and a
//! last line `[exit status N]` for a command that fails; without one the
//! command must succeed. Every other shown line must appear, in its order,
//! among the lines the command printed, after times (`0.60 s`) are set aside
//! and the temporary folder's path is taken off the paths a tool prints in full.
//! A block whose info string ends in `,file=PATH` (```` ```toml,file=library/quire.toml ````)
//! is a file the reader is shown writing: it is written there before the
//! commands after it run.
//!
//! The commands run in order, in one temporary folder, with `quire` on the
//! `PATH` being the binary under test and `HOME` inside the folder. The folder
//! holds what the guide's examples name: `metadata/` with the bundled essay's
//! manifest (and `examples/` with its source), `essay.md` (a Markdown essay
//! with notes) and `library/` (a folder of sources, the test fixtures of a
//! library). `cargo run --release --` stands for `quire`.
//!
//! Blocks marked ```` ```console,no-run ```` are shown, not run: installing
//! and the whole test suite, listed in [`NOT_RUN`] so that a new one is a
//! decision. Blocks marked ```` ```console,corpus ```` build
//! `../shared/corpus` with the test fixtures, from a folder laid out as the
//! repository's own; they run when that corpus is beside the project.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo;

/// The commands shown but not run, and why.
const NOT_RUN: &[&str] = &[
    // Installs into ~/.cargo/bin: the binary under test is the one installed.
    "cargo install --path .",
    // The whole test suite, this test among it.
    "scripts/test",
    // Needs GNU parallel; the shard commands it runs are run below without it.
    "parallel -j 4 'quire build library/ --shard {}/4 -j 1 -q -o books/ --report reports/{}.jsonl' ::: 1 2 3 4",
];

/// One ```` ```console ```` block's command, with what the README shows it print.
#[derive(Debug, Clone)]
struct Example {
    /// The block's flags after `console` (`no-run`, `corpus`).
    flags: Vec<String>,
    /// The README's line number of the command.
    line: usize,
    command: String,
    shown: Vec<String>,
    status: i32,
}

/// What the README shows, in order: commands, and files a reader is shown
/// writing (a block whose info string ends in `,file=PATH`).
#[derive(Debug)]
enum Step {
    Command(Example),
    File { path: String, text: String },
}

/// The README's console examples and files, in order.
fn steps(readme: &str) -> Vec<Step> {
    let mut found: Vec<Step> = Vec::new();
    // The open block: a console block's flags, or a file's path.
    enum Open {
        Console(Vec<String>),
        File,
    }
    let mut open: Option<Open> = None;
    let mut continued = false;
    for (index, line) in readme.lines().enumerate() {
        let Some(block) = &open else {
            if let Some(info) = line.strip_prefix("```console") {
                let flags = info
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(String::from)
                    .collect();
                open = Some(Open::Console(flags));
            } else if let Some((_, path)) = line
                .strip_prefix("```")
                .and_then(|info| info.split_once(",file="))
            {
                found.push(Step::File {
                    path: path.to_string(),
                    text: String::new(),
                });
                open = Some(Open::File);
            }
            continue;
        };
        if line.starts_with("```") {
            open = None;
            continued = false;
            continue;
        }
        let flags = match block {
            Open::File => {
                let Some(Step::File { text, .. }) = found.last_mut() else {
                    unreachable!()
                };
                text.push_str(line);
                text.push('\n');
                continue;
            }
            Open::Console(flags) => flags,
        };
        let last = match found.last_mut() {
            Some(Step::Command(example)) => Some(example),
            _ => None,
        };
        if continued {
            let example = last.unwrap();
            example.command.push('\n');
            example.command.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            found.push(Step::Command(Example {
                flags: flags.clone(),
                line: index + 1,
                command: command.to_string(),
                shown: Vec::new(),
                status: 0,
            }));
            continued = command.ends_with('\\');
        } else {
            let example = last.unwrap_or_else(|| {
                panic!("README.md:{}: output before any `$ ` command", index + 1)
            });
            match line
                .strip_prefix("[exit status ")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                Some(status) => example.status = status.parse().expect("an exit status"),
                None => example.shown.push(line.to_string()),
            }
        }
    }
    assert!(open.is_none(), "README.md ends inside a code block");
    found
}

/// The README's console examples, in order.
fn examples(readme: &str) -> Vec<Example> {
    steps(readme)
        .into_iter()
        .filter_map(|step| match step {
            Step::Command(example) => Some(example),
            Step::File { .. } => None,
        })
        .collect()
}

/// A line as compared: trailing space dropped, and every time in seconds
/// (`0.60 s`, `12 s`) written `# s`, since times vary from run to run.
fn normalise(line: &str) -> String {
    let line = line.trim_end();
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_number =
            chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if starts_number {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let seconds = chars.get(j) == Some(&' ')
                && chars.get(j + 1) == Some(&'s')
                && chars.get(j + 2).is_none_or(|c| !c.is_alphanumeric());
            if seconds {
                out.push('#');
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Runs `command` in `dir` with the binary under test as `quire`; returns
/// what it printed (standard error and output as one stream) and its status.
fn run(dir: &Path, command: &str) -> (String, i32) {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_quire"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let command = command.replace("cargo run --release -- ", "quire ");
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run sh");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// Asserts that `example` run in `dir` prints what the README shows.
fn check(dir: &Path, example: &Example) {
    let (printed, status) = run(dir, &example.command);
    let context = format!(
        "README.md:{}: `{}`\nprinted:\n{printed}",
        example.line, example.command
    );
    assert_eq!(status, example.status, "exit status of {context}");
    // A path a tool prints in full is shown as the reader's own, relative.
    let printed = printed.replace(&format!("{}/", dir.display()), "");
    let printed: Vec<String> = printed.lines().map(normalise).collect();
    let mut from = 0;
    for shown in &example.shown {
        if shown.trim() == "..." {
            continue;
        }
        let wanted = normalise(shown);
        // A shown line ending in "..." stands for a printed line that begins so.
        let same = |line: &String| match wanted.strip_suffix("...") {
            Some(start) => line.starts_with(start),
            None => *line == wanted,
        };
        match printed[from..].iter().position(same) {
            Some(at) => from += at + 1,
            None => panic!(
                "{context}\nthe README shows, and it did not print (in this order): {shown:?}"
            ),
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn readme() -> String {
    fs::read_to_string(repo().join("README.md")).unwrap()
}

#[test]
fn every_command_of_the_readme_prints_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(&repo().join("metadata"), &root.join("metadata"));
    fs::create_dir_all(root.join("examples")).unwrap();
    fs::copy(
        repo().join("examples/bolsheviks-pet-anarchist.md"),
        root.join("examples/bolsheviks-pet-anarchist.md"),
    )
    .unwrap();
    fs::copy(
        repo().join("tests/fixtures/markdown/on-common-land.md"),
        root.join("essay.md"),
    )
    .unwrap();
    copy_tree(
        &repo().join("tests/fixtures/library"),
        &root.join("library"),
    );

    // The library's book meant to fail is left out: the guide's library
    // builds, and failures are shown on the corpus.
    fs::remove_file(root.join("library/broken-binary.md")).unwrap();
    fs::create_dir_all(root.join("home")).unwrap();

    let mut ran = 0;
    for step in steps(&readme()) {
        match step {
            Step::File { path, text } => {
                let path = root.join(path);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            Step::Command(example) if example.flags.is_empty() => {
                check(root, &example);
                ran += 1;
            }
            Step::Command(_) => {}
        }
    }
    assert!(ran >= 20, "only {ran} commands found to run");
}

#[test]
fn the_commands_shown_but_not_run_are_the_known_few() {
    let examples = examples(&readme());
    let not_run: Vec<&str> = examples
        .iter()
        .filter(|e| e.flags.iter().any(|f| f == "no-run"))
        .map(|e| e.command.as_str())
        .collect();
    assert_eq!(not_run, NOT_RUN, "console,no-run commands in README.md");
    let unknown: Vec<&String> = examples
        .iter()
        .flat_map(|e| &e.flags)
        .filter(|f| !["no-run", "corpus"].contains(&f.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "unknown console block flags: {unknown:?}"
    );
}

#[test]
fn the_test_command_of_the_readme_is_what_ci_runs() {
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    let command = ci
        .lines()
        .find_map(|line| line.strip_prefix("exec "))
        .expect(".ci/run execs one command");
    assert!(
        examples(&readme()).iter().any(|e| e.command == command),
        "README.md shows no `$ {command}`, which .ci/run runs"
    );
}

#[test]
fn the_batch_summary_of_the_readme_is_what_the_corpus_prints() {
    let corpus = repo().join("../shared/corpus/docs");
    if !corpus.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "../shared/corpus is missing"
        );
        eprintln!("../shared/corpus is not beside the project: the corpus example is not run");
        return;
    }
    // A folder laid out as the repository and its neighbour are, so that the
    // paths the summary prints are the ones the README shows.
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("quire");
    fs::create_dir_all(&work).unwrap();
    std::os::unix::fs::symlink(repo().join("tests"), work.join("tests")).unwrap();
    std::os::unix::fs::symlink(
        repo().join("../shared").canonicalize().unwrap(),
        dir.path().join("shared"),
    )
    .unwrap();
    let examples = examples(&readme());
    let corpus: Vec<&Example> = examples
        .iter()
        .filter(|e| e.flags.iter().any(|f| f == "corpus"))
        .collect();
    assert_eq!(corpus.len(), 1, "one corpus example in README.md");
    // Its books go to a folder of this test's own, wherever the README sends them.
    let example = Example {
        command: corpus[0].command.replace(
            "-o /tmp/books",
            &format!("-o {}", dir.path().join("books").display()),
        ),
        ..corpus[0].clone()
    };
    // Shown only when it fails: new fixtures change the counts.
    eprintln!(
        "the README's summary is `{}` run in the repository (with ../shared beside it): \
         when fixtures were added, paste its summary anew",
        corpus[0].command
    );
    check(&work, &example);
}

#[test]
fn times_are_set_aside_and_nothing_else() {
    assert_eq!(
        normalise("274 built, 16 failed, 546 warnings in 0.60 s"),
        "274 built, 16 failed, 546 warnings in # s"
    );
    assert_eq!(normalise("first run 12 s  "), "first run # s");
    assert_eq!(normalise("6 sections, 33 notes"), "6 sections, 33 notes");
    assert_eq!(normalise("page 5 see"), "page 5 see");
}

/// The `--long` names in `text`.
fn long_flags(text: &str) -> std::collections::BTreeSet<String> {
    let mut flags = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 2..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect();
        let starts_word = before.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if starts_word && name.starts_with(|c: char| c.is_ascii_lowercase()) {
            flags.insert(format!("--{name}"));
        }
    }
    flags
}

#[test]
fn every_flag_the_readme_names_is_one_quire_defines() {
    let mut defined = std::collections::BTreeSet::new();
    for subcommand in [&[][..], &["build"][..], &["check"][..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(subcommand)
            .arg("--help")
            .output()
            .unwrap();
        assert!(output.status.success());
        defined.extend(long_flags(&String::from_utf8_lossy(&output.stdout)));
    }
    // Cargo's, in `cargo install --path .` and `cargo run --release --`.
    defined.extend(["--path".to_string(), "--release".to_string()]);
    let named = long_flags(&readme());
    let unknown: Vec<&String> = named.difference(&defined).collect();
    assert!(
        unknown.is_empty(),
        "README.md names flags quire does not define: {unknown:?}"
    );
    assert!(named.contains("--incremental") && named.contains("--fail-on-warnings"));
}
