//! Incremental builds: a library built again rebuilds only the books whose
//! inputs changed.
//!
//! Beside the books, `.quire-state.json` keeps for each one what it was made
//! from: quire's version and the build's settings, and every file the build
//! read (the manifest, the source, its images, the cover and the stylesheet),
//! each by size and CRC-32 of its bytes, or as absent (an image that was
//! missing and appears later rebuilds the book). A book is up to date when
//! all of these are the same and the EPUB is still there at its size; then
//! what its build said (warnings, explanation, metadata) is told again from
//! the state, so a second run prints and reports what the first did.
//! `--force` rebuilds every book. Each part of a sharded run (`--shard K/N`)
//! keeps its own `.quire-state.K-of-N.json`, so parts writing into one folder
//! at the same time never overwrite each other's record.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::batch::{Built, Job, Shard};
use crate::pipeline::Options;

/// The state file's name, in the folder the books are written to.
pub const FILE_NAME: &str = ".quire-state.json";

/// The state file's name for one part of a sharded run, or the whole run's.
pub fn file_name(shard: Option<Shard>) -> String {
    match shard {
        Some(Shard { index, count }) => format!(".quire-state.{index}-of-{count}.json"),
        None => FILE_NAME.to_string(),
    }
}

/// What the books in one output folder were built from.
#[derive(Debug, Default)]
pub struct BuildState {
    path: PathBuf,
    books: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// quire's version, the settings and the input, as one string.
    key: String,
    /// Each of `book.read`, in its order, as the build read it.
    stamps: Vec<Stamp>,
    book: Built,
}

/// A file's size and CRC-32 as a build read it; `None` when it was not there.
type Stamp = Option<(u64, u32)>;

fn stamp(path: &Path) -> Stamp {
    std::fs::read(path)
        .ok()
        .map(|bytes| (bytes.len() as u64, crc32fast::hash(&bytes)))
}

impl BuildState {
    /// The state of the folder `output` writes into (`output` itself, or the
    /// folder of `FILE.epub`); empty when there is none or it cannot be read.
    /// `shard` names the part of a sharded run, which keeps its own state.
    pub fn load(folder: &Path, shard: Option<Shard>) -> BuildState {
        let path = folder.join(file_name(shard));
        let books = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        BuildState { path, books }
    }

    /// The book `job` would build, told from the state, when nothing it was
    /// made from has changed since.
    pub fn up_to_date(&self, job: &Job, options: &Options) -> Option<Built> {
        let entry = self.books.get(&name_of(job))?;
        if entry.key != key(job, options) {
            return None;
        }
        let on_disk = std::fs::metadata(&job.output).ok()?.len();
        if on_disk != entry.book.bytes
            || entry.stamps.len() != entry.book.read.len()
            || entry
                .book
                .read
                .iter()
                .zip(&entry.stamps)
                .any(|(path, was)| stamp(path) != *was)
        {
            return None;
        }
        if entry
            .book
            .kepub
            .as_ref()
            .is_some_and(|kepub| !kepub.is_file())
        {
            return None;
        }
        Some(entry.book.clone())
    }

    /// Remembers `book`, just built by `job`.
    pub fn remember(&mut self, job: &Job, options: &Options, book: &Built) {
        let stamps = book.read.iter().map(|path| stamp(path)).collect();
        self.books.insert(
            name_of(job),
            Entry {
                key: key(job, options),
                stamps,
                book: book.clone(),
            },
        );
    }

    /// Forgets the book `job` writes (it failed, or was not built).
    pub fn forget(&mut self, job: &Job) {
        self.books.remove(&name_of(job));
    }

    /// Writes the state beside the books (a temporary file of this process,
    /// then renamed).
    pub fn save(&self) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(&self.books).map_err(std::io::Error::other)?;
        crate::package::write_atomically(&self.path, &json)
    }
}

fn name_of(job: &Job) -> String {
    job.output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What, besides the files read, decides a book's bytes: quire's version, the
/// settings (all of them, as written out), and which input it came from.
fn key(job: &Job, options: &Options) -> String {
    format!(
        "{} {:?} {:?} {:?}",
        quire_build(),
        job.input,
        job.kepub,
        options
    )
}

/// This quire: its version and its program file's size and time, so that a
/// new build of the same version still rebuilds every book (reading the
/// program's bytes would cost more than a small library's second run).
fn quire_build() -> &'static str {
    static BUILD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BUILD.get_or_init(|| {
        let program = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let time = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                format!("{} {}", m.len(), time.map_or(0, |t| t.as_nanos()))
            })
            .unwrap_or_default();
        format!("{} {program}", env!("CARGO_PKG_VERSION"))
    })
}
