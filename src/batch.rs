//! Many books from one command: finding the inputs, giving each book a
//! collision-free output name, and building them in parallel with bounded
//! memory (each worker holds one book at a time).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Error, Warning, WarningCode};
use crate::pipeline::{self, Options};

/// What one book is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A TOML manifest naming its source.
    Manifest(PathBuf),
    /// A source with no manifest: its metadata comes from its own text.
    Source(PathBuf),
}

impl Input {
    /// The manifest's or the source's path.
    pub fn path(&self) -> &Path {
        match self {
            Input::Manifest(p) | Input::Source(p) => p,
        }
    }
}

/// File endings read as sources when a folder is given.
const SOURCE_EXTENSIONS: [&str; 7] = ["md", "markdown", "txt", "text", "html", "htm", "xhtml"];

/// Expands the command line's paths into inputs: a manifest or source is
/// itself; a folder gives every manifest below it and every source that no
/// manifest names. The order is sorted, so runs are repeatable. A folder's
/// `quire.toml` holds the library's settings ([`crate::settings`]), and is
/// never read as a book.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, Error> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            files.sort();
            let manifests: Vec<PathBuf> = files
                .iter()
                .filter(|f| has_extension(f, &["toml"]))
                .filter(|f| {
                    f.file_name()
                        .is_none_or(|n| n != crate::settings::SETTINGS_FILE)
                        || crate::settings::is_manifest(f)
                })
                .cloned()
                .collect();
            let named: BTreeSet<PathBuf> = manifests
                .iter()
                .filter_map(|m| pipeline::load_manifest(m).ok())
                .filter_map(|m| normalize(&m.source))
                .collect();
            let before = inputs.len();
            inputs.extend(manifests.into_iter().map(Input::Manifest));
            inputs.extend(
                files
                    .into_iter()
                    .filter(|f| has_extension(f, &SOURCE_EXTENSIONS))
                    .filter(|f| normalize(f).is_none_or(|n| !named.contains(&n)))
                    .map(Input::Source),
            );
            if inputs.len() == before {
                return Err(Error::new(
                    path,
                    None,
                    "no manifests (.toml) or sources (.md) in this folder",
                ));
            }
        } else if has_extension(path, &["toml"]) {
            inputs.push(Input::Manifest(path.clone()));
        } else {
            inputs.push(Input::Source(path.clone()));
        }
    }
    Ok(inputs)
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut visited = BTreeSet::new();
    walk_once(folder, files, &mut visited)
}

/// Lists `folder` into `files`, following symbolic links: a linked file is
/// read like any other, a linked folder is walked once (a link back to a
/// folder already walked is a loop, not more files), and a broken link is
/// kept as an input so that building it says what is wrong.
fn walk_once(
    folder: &Path,
    files: &mut Vec<PathBuf>,
    visited: &mut BTreeSet<PathBuf>,
) -> Result<(), Error> {
    if let Some(real) = normalize(folder) {
        if !visited.insert(real) {
            return Ok(());
        }
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|e| Error::new(folder, None, format!("cannot list the folder: {e}")))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let target = if kind.is_symlink() {
            std::fs::metadata(&path).map(|m| m.file_type()).ok()
        } else {
            Some(kind)
        };
        match target {
            Some(t) if t.is_dir() => walk_once(&path, files, visited)?,
            Some(t) if t.is_file() => files.push(path),
            None => files.push(path),
            _ => {}
        }
    }
    Ok(())
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn normalize(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok()
}

/// One book to build: its input and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// What the book is made from.
    pub input: Input,
    /// The EPUB file to write.
    pub output: PathBuf,
    /// What planning noticed about this book (its name taken by another);
    /// the book's own warnings follow these.
    pub warnings: Vec<Warning>,
    /// Whether the library's `quire.toml` asks for a Kobo EPUB beside the
    /// book (`--kepub` and the manifest come first); `None`: it does not say.
    pub kepub: Option<bool>,
}

/// Gives every input its output file in `folder`, named after the manifest or
/// source. Two inputs with the same name get `name.epub`, `name-2.epub`, ...
/// in input order, with a warning, rather than overwriting each other.
pub fn plan(inputs: Vec<Input>, folder: &Path) -> Vec<Job> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let stem = input
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "book".into());
        let count = taken.entry(stem.to_lowercase()).or_insert(0);
        *count += 1;
        let name = if *count == 1 {
            format!("{stem}.epub")
        } else {
            format!("{stem}-{count}.epub")
        };
        let mut warnings = Vec::new();
        if *count > 1 {
            warnings.push(Warning::new(
                input.path(),
                None,
                WarningCode::DuplicateName,
                format!("another book is also named {stem}.epub; this one is written as {name}"),
            ));
        }
        jobs.push(Job {
            output: folder.join(name),
            input,
            warnings,
            kepub: None,
        });
    }
    jobs
}

/// One part of a library split `count` ways (`--shard K/N`), so that
/// machines or jobs of a batch engine can each build their part. The split
/// is by the input's path as found, with a hash fixed here (FNV-1a), so every
/// run on every machine puts a book in the same part; names are planned over
/// the whole library first, so a book's output name does not depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 1.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let wrong = || format!("`{text}` is not K/N with 1 <= K <= N, such as 1/4");
        let (index, count) = text.split_once('/').ok_or_else(wrong)?;
        let index: usize = index.trim().parse().map_err(|_| wrong())?;
        let count: usize = count.trim().parse().map_err(|_| wrong())?;
        if index == 0 || index > count {
            return Err(wrong());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the book read from `path` is built in this part.
    pub fn holds(&self, path: &Path) -> bool {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let text = path.to_string_lossy().replace('\\', "/");
        let hash = text.bytes().fold(OFFSET, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(PRIME)
        });
        hash % self.count as u64 == (self.index - 1) as u64
    }
}

/// Whether `-o` names one EPUB file rather than a folder: it ends in `.epub`
/// and is no folder already.
pub fn names_one_book(output: &Path) -> bool {
    output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("epub"))
        && !output.is_dir()
}

/// Plans the jobs for `-o`: one book written to the file it names
/// ([`names_one_book`]), or every book into the folder it names ([`plan`]).
/// A file named for many books is refused, before anything is built.
pub fn plan_output(inputs: Vec<Input>, output: &Path) -> Result<Vec<Job>, String> {
    if !names_one_book(output) {
        return Ok(plan(inputs, output));
    }
    match inputs.len() {
        1 => Ok(inputs
            .into_iter()
            .map(|input| Job {
                input,
                output: output.to_path_buf(),
                warnings: Vec::new(),
                kepub: None,
            })
            .collect()),
        n => Err(format!(
            "-o {} names one book, but {n} books were found; give a folder instead (-o books/)",
            output.display()
        )),
    }
}

/// What became of one job.
#[derive(Debug)]
pub struct Outcome {
    /// The job's index in the plan.
    pub index: usize,
    /// The book written, or why it could not be.
    pub result: Result<Built, Error>,
    /// How long the book took to read, build and write (or to fail).
    pub elapsed: Duration,
    /// Whether the book was up to date, and not built again.
    pub reused: bool,
}

/// A book written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Built {
    /// The EPUB file written.
    pub path: PathBuf,
    /// The Kobo EPUB written beside it, when one was asked for.
    pub kepub: Option<PathBuf>,
    /// The text the book was read from (a manifest's `source`, or the input itself).
    pub source: PathBuf,
    /// How many sections (chapters) the book has.
    pub sections: usize,
    /// How many notes the book has.
    pub notes: usize,
    /// What the user should know about the book.
    pub warnings: Vec<Warning>,
    /// What was recognised and why, for `--explain`.
    pub explanation: Vec<String>,
    /// The book's title, authors and language, as written into it.
    pub title: String,
    /// The book's authors, in order.
    pub authors: Vec<String>,
    /// The book's language tag.
    pub language: String,
    /// What kind of source the text was read as.
    pub kind: crate::source::SourceKind,
    /// The size of the EPUB written.
    pub bytes: u64,
    /// Every file the build read or looked for: manifest, source, images, cover, stylesheet.
    pub read: Vec<PathBuf>,
}

/// Builds one job: read, assemble, render, package, write.
pub fn build_one(job: &Job, options: &Options) -> Result<Built, Error> {
    let (assembled, source, mut read) = match &job.input {
        Input::Manifest(path) => {
            let manifest = pipeline::load_manifest_with(path, &options.metadata)?;
            let assembled = pipeline::from_manifest(&manifest, options)?;
            let read = vec![path.clone(), manifest.source.clone()];
            (assembled, manifest.source, read)
        }
        Input::Source(path) => (
            pipeline::from_source(path, options)?,
            path.clone(),
            vec![path.clone()],
        ),
    };
    read.extend(assembled.read.iter().cloned());
    let kepub = assembled.kepub.or(job.kepub).unwrap_or(false);
    let (path, kepub) = pipeline::write_with_kepub(&assembled, &job.output, kepub)?;
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let mut warnings = job.warnings.clone();
    warnings.extend(assembled.warnings);
    let meta = &assembled.book.meta;
    Ok(Built {
        path,
        kepub,
        source,
        sections: assembled.book.chapters.len(),
        notes: assembled.book.notes.len(),
        warnings,
        explanation: assembled.explanation,
        title: meta.title.clone(),
        authors: meta.authors.clone(),
        language: meta.language.clone(),
        kind: assembled.kind,
        bytes,
        read,
    })
}

/// Which books need no building: for a job's index, the book as it already
/// is ([`crate::build_state`]), or `None` to build it.
pub type Reuse<'a> = &'a (dyn Fn(usize) -> Option<Built> + Sync);

/// Builds one job, timed, unless `reuse` has it already.
fn timed(index: usize, job: &Job, options: &Options, reuse: Reuse) -> Outcome {
    let started = Instant::now();
    if let Some(book) = reuse(index) {
        return Outcome {
            index,
            result: Ok(book),
            elapsed: started.elapsed(),
            reused: true,
        };
    }
    let result = build_one(job, options);
    Outcome {
        index,
        result,
        elapsed: started.elapsed(),
        reused: false,
    }
}

/// As [`run`], but `report` is called in the plan's order, whatever order the
/// books finish in: what is printed of a batch is the same from run to run.
/// A book that finished waits, held in memory as its [`Outcome`] (not its
/// EPUB), until every book before it has been reported.
pub fn run_in_order(
    jobs: &[Job],
    options: &Options,
    workers: usize,
    stop: &AtomicBool,
    reuse: Reuse,
    mut report: impl FnMut(Outcome),
) {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    run(jobs, options, workers, stop, reuse, |outcome| {
        waiting.insert(outcome.index, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            report(outcome);
            next += 1;
        }
    });
    // Books after one never started (Ctrl-C) still say what became of them.
    for outcome in waiting.into_values() {
        report(outcome);
    }
}

/// Builds every job on `workers` threads, calling `report` on the calling
/// thread as each book finishes (in completion order). Once `stop` is set, no
/// new book is started; books under way finish, so nothing is left half-written.
pub fn run(
    jobs: &[Job],
    options: &Options,
    workers: usize,
    stop: &AtomicBool,
    reuse: Reuse,
    mut report: impl FnMut(Outcome),
) {
    if let Some(parent) = jobs.first().and_then(|j| j.output.parent()) {
        // Created once up front, so that an unwritable folder is one clear error per book, not a race.
        let _ = std::fs::create_dir_all(parent);
    }
    let workers = workers.clamp(1, jobs.len().max(1));
    if workers == 1 {
        // No threads to start for one book, or when asked for one worker.
        for (index, job) in jobs.iter().enumerate() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            report(timed(index, job, options, reuse));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<Outcome>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(index) else { break };
                if sender.send(timed(index, job, options, reuse)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for outcome in receiver {
            report(outcome);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_a_library_without_overlap() {
        let paths: Vec<PathBuf> = (0..200)
            .map(|i| PathBuf::from(format!("lib/essay-{i}.md")))
            .collect();
        let shards: Vec<Shard> = (1..=4).map(|k| format!("{k}/4").parse().unwrap()).collect();
        for path in &paths {
            assert_eq!(
                shards.iter().filter(|s| s.holds(path)).count(),
                1,
                "{path:?}"
            );
        }
        for shard in &shards {
            let held = paths.iter().filter(|p| shard.holds(p)).count();
            assert!((30..=70).contains(&held), "{shard:?} holds {held} of 200");
        }
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
        assert!("two".parse::<Shard>().is_err());
    }

    #[test]
    fn same_names_do_not_collide() {
        let inputs = vec![
            Input::Manifest("a/essay.toml".into()),
            Input::Source("b/essay.md".into()),
            Input::Source("b/other.md".into()),
            Input::Manifest("c/Essay.toml".into()),
        ];
        let jobs = plan(inputs, Path::new("out"));
        let names: Vec<_> = jobs
            .iter()
            .map(|j| j.output.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "out/essay.epub",
                "out/essay-2.epub",
                "out/other.epub",
                "out/Essay-3.epub"
            ]
        );
        let renamed: Vec<usize> = jobs.iter().map(|j| j.warnings.len()).collect();
        assert_eq!(renamed, [0, 1, 0, 1]);
        assert_eq!(jobs[1].warnings[0].code, WarningCode::DuplicateName);
    }

    #[cfg(unix)]
    #[test]
    fn linked_sources_and_folders_are_followed_and_loops_end() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&library).unwrap();
        std::fs::create_dir_all(elsewhere.join("more")).unwrap();
        std::fs::write(library.join("own.md"), "# Own\n").unwrap();
        std::fs::write(elsewhere.join("linked.md"), "# Linked\n").unwrap();
        std::fs::write(elsewhere.join("more/deep.md"), "# Deep\n").unwrap();
        symlink(elsewhere.join("linked.md"), library.join("linked.md")).unwrap();
        symlink(elsewhere.join("more"), library.join("more")).unwrap();
        symlink(&library, library.join("more-loop")).unwrap();
        symlink(elsewhere.join("gone.md"), library.join("broken.md")).unwrap();
        let inputs = discover(std::slice::from_ref(&library)).unwrap();
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                i.path()
                    .strip_prefix(&library)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["broken.md", "linked.md", "more/deep.md", "own.md"]);
    }
}
