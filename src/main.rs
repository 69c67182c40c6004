//! The `quire` command: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use quire::manifest;
use quire::pipeline::{self, Assembled, Options};

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "Package essays into valid, readable EPUB 3 books",
    long_about = "quire turns essays into EPUB 3 books that pass EPUBCheck and read well on any e-reader.\n\n\
It reads plain Markdown (notes as standard [^1] footnotes) and page-by-page text exports of printed \
booklets, whose pages may come in printing (imposition) order with each page's notes at its foot: \
quire restores the reading order, rejoins sentences and words split across pages, and links every \
note both ways.\n\n\
Each book is described by a TOML manifest (see metadata/ for an example)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build EPUB books from manifests or source files.
    #[command(after_help = "Examples:\n  \
quire build                                     every manifest in ./metadata\n  \
quire build metadata/essay.toml                 one book, written to out/essay.epub\n  \
quire build metadata/essay.toml -o books/       written to books/essay.epub\n  \
quire build --explain metadata/essay.toml       also say what was recognised, and why\n  \
quire build notes/essay.md                      a source without a manifest\n\n\
The book's dcterms:modified date comes from SOURCE_DATE_EPOCH when set, else from the manifest's \
`modified`, else from its `date`, so rebuilding unchanged inputs gives identical bytes. For a fresh \
timestamp: SOURCE_DATE_EPOCH=$(date +%s) quire build ...")]
    Build {
        /// Manifests (.toml), Markdown sources (.md), or folders holding manifests.
        /// Without any: every manifest in ./metadata.
        inputs: Vec<PathBuf>,
        /// Folder to write the books into.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Print what was recognised in each source: pages, reading order and why, joins, notes.
        #[arg(long)]
        explain: bool,
        /// Print only errors.
        #[arg(short, long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            inputs,
            output,
            explain,
            quiet,
        } => build(inputs, &output, explain, quiet),
    }
}

/// One unit of work: a manifest, or a source with no manifest.
enum Job {
    Manifest(PathBuf),
    Source(PathBuf),
}

fn build(inputs: Vec<PathBuf>, output: &Path, explain: bool, quiet: bool) -> ExitCode {
    let jobs = match collect_jobs(inputs) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
    };
    let (mut built, mut failed, mut warned) = (0, 0, 0);
    for job in &jobs {
        let assembled = match job {
            Job::Manifest(path) => {
                manifest::load(path).and_then(|m| pipeline::from_manifest(&m, &options))
            }
            Job::Source(path) => pipeline::from_source(path, &options),
        };
        let result = assembled.and_then(|a| {
            report(&a, explain, quiet);
            pipeline::write(&a, output).map(|path| (a, path))
        });
        match result {
            Ok((assembled, path)) => {
                built += 1;
                warned += assembled.warnings.len();
                if !quiet {
                    println!(
                        "wrote {} ({} sections, {} notes{})",
                        path.display(),
                        assembled.book.chapters.len(),
                        assembled.book.notes.len(),
                        match assembled.warnings.len() {
                            0 => String::new(),
                            1 => ", 1 warning".into(),
                            n => format!(", {n} warnings"),
                        }
                    );
                }
            }
            Err(error) => {
                failed += 1;
                eprintln!("error: {error}");
            }
        }
    }
    if jobs.len() > 1 && !quiet {
        println!("{built} built, {failed} failed, {warned} warnings");
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn report(assembled: &Assembled, explain: bool, quiet: bool) {
    if explain {
        println!("{}:", assembled.file_name);
        for line in &assembled.explanation {
            println!("  {line}");
        }
    }
    if !quiet {
        for warning in &assembled.warnings {
            eprintln!("warning: {warning}");
        }
    }
}

fn collect_jobs(inputs: Vec<PathBuf>) -> Result<Vec<Job>, String> {
    let inputs = if inputs.is_empty() {
        let folder = PathBuf::from("metadata");
        if !folder.is_dir() {
            return Err("no inputs given and no ./metadata folder here; name a manifest or a source (see quire build --help)".into());
        }
        vec![folder]
    } else {
        inputs
    };
    let mut jobs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut manifests: Vec<PathBuf> = std::fs::read_dir(&input)
                .map_err(|e| format!("{}: cannot list the folder: {e}", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            manifests.sort();
            if manifests.is_empty() {
                return Err(format!(
                    "{}: no manifests (.toml) in this folder",
                    input.display()
                ));
            }
            jobs.extend(manifests.into_iter().map(Job::Manifest));
        } else if input.extension().is_some_and(|e| e == "toml") {
            jobs.push(Job::Manifest(input));
        } else {
            jobs.push(Job::Source(input));
        }
    }
    Ok(jobs)
}
