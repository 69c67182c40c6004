//! The `quire` command: a thin layer over the library.

/// `println!` and `eprintln!` panic when the reader goes away (`quire build
/// --explain | head`); these write what they can and carry on.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use {say, tell};

mod progress;

/// Building a book makes many small, short-lived allocations (a string per
/// line, word and note); mimalloc serves them faster than the system's allocator.
/// Without the `mimalloc` feature the system's allocator serves them, for heap profilers.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use quire::batch::{self, Outcome};
use quire::check::{self, CheckOptions, Severity};
use quire::pipeline::Options;

use progress::Progress;

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
Each book is described by a TOML manifest (see metadata/ for an example), or read from a source alone."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build EPUB books from manifests, sources, or folders of them.
    #[command(after_help = "Examples:\n  \
quire build                                     every manifest in ./metadata\n  \
quire build metadata/essay.toml                 one book, written to out/essay.epub\n  \
quire build metadata/*.toml -o books/           many books, written to books/\n  \
quire build library/                            every manifest below, and every .md without one\n  \
quire build notes/essay.md                      no manifest: metadata from the essay itself\n  \
quire build --explain metadata/essay.toml       also say what was recognised, and why\n\n\
Books are built in parallel; a bad book is reported (file, line, reason) and the others go on. \
Each book is written to a temporary file and renamed into place, so an error or Ctrl-C never \
leaves a partial EPUB and never destroys an earlier good one. The exit status is 1 if any book \
failed, 130 if interrupted.\n\n\
The book's dcterms:modified date comes from SOURCE_DATE_EPOCH when set, else from the manifest's \
`modified`, else from its `date`, so rebuilding unchanged inputs gives identical bytes. For a fresh \
timestamp: SOURCE_DATE_EPOCH=$(date +%s) quire build ...")]
    Build(BuildArgs),
    /// Verify EPUB files: container, package, links, notes, language, metadata.
    #[command(after_help = "Examples:\n  \
quire check out/essay.epub                      one finding per line\n  \
quire check --format json out/*.epub            for pipelines\n  \
quire check --strict out/essay.epub             quire's own rules are errors too\n  \
quire check --epubcheck out/essay.epub          also run EPUBCheck (Java) and merge its messages\n\n\
Each finding names EPUBCheck's id for the same defect, where there is one, and its severity \
(fatal, error, warning, usage). EPUB 3 books are checked by EPUB 3 rules, EPUB 2 books by EPUB 2 \
rules. Exit status: 0 when no book has a fatal or error finding (warnings too with \
--fail-on-warnings), 1 when one has, 2 when a file cannot be opened or read as a zip; the report \
is printed in every case.\n\n\
The book is read as untrusted input: entry counts, sizes and compression ratios are bounded, \
and entry names such as ../../x are reported, never followed.")]
    Check {
        /// EPUB files to verify.
        #[arg(required = true)]
        books: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also run EPUBCheck, when installed, and merge its findings.
        #[arg(long)]
        epubcheck: bool,
        /// Hold books to quire's own stricter rules too (a language on every
        /// document, notes linked both ways): they become errors.
        #[arg(long)]
        strict: bool,
        /// Exit 1 on warnings and usage notes too, not only on errors.
        #[arg(long)]
        fail_on_warnings: bool,
        /// List every place one of quire's own rules (advice) is not met,
        /// rather than one finding per book with a count.
        #[arg(short, long)]
        verbose: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build(args),
        Command::Check {
            books,
            format,
            epubcheck,
            strict,
            fail_on_warnings,
            verbose,
        } => check_books(
            &books,
            format,
            CheckFlags {
                epubcheck,
                strict,
                fail_on_warnings,
                verbose,
            },
        ),
    }
}

/// What `quire build` is asked to do.
#[derive(Args)]
struct BuildArgs {
    /// Manifests (.toml), sources (.md), or folders holding them. Without any: ./metadata.
    inputs: Vec<PathBuf>,
    /// Folder to write the books into.
    #[arg(short, long, default_value = "out")]
    output: PathBuf,
    /// How many books to build at once [default: all cores].
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Print what was recognised in each source: pages, reading order and why, joins, notes.
    #[arg(long)]
    explain: bool,
    /// Verify each book after writing it, as `quire check` does; findings fail the book.
    #[arg(long)]
    check: bool,
    /// Curly quotes, dashes and ellipses (on by default; `off` keeps the source's characters).
    #[arg(long, value_name = "on|off", value_parser = clap::builder::BoolishValueParser::new())]
    typography: Option<bool>,
    /// Ligature repair and page-furniture removal (on by default; `off` keeps every word and line as the source has them).
    #[arg(long, value_name = "on|off", value_parser = clap::builder::BoolishValueParser::new())]
    repairs: Option<bool>,
    /// The cover: a JPEG or PNG image at least 1000 px high, or `none`; without it quire draws one.
    #[arg(long, value_name = "IMAGE|none")]
    cover: Option<String>,
    /// A stylesheet read after quire's own; the fonts and images its url()s name are carried in.
    #[arg(long, value_name = "CSS")]
    stylesheet: Option<PathBuf>,
    /// Print only errors and the final summary's failures.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Print a line for every book, even on a terminal.
    #[arg(short, long)]
    verbose: bool,
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let paths = if args.inputs.is_empty() {
        vec![PathBuf::from("metadata")]
    } else {
        args.inputs.clone()
    };
    if args.inputs.is_empty() && !paths[0].is_dir() {
        tell!("error: no inputs given and no ./metadata folder here; name a manifest or a source (see quire build --help)");
        return ExitCode::from(2);
    }
    let inputs = match batch::discover(&paths) {
        Ok(inputs) => inputs,
        Err(error) => {
            tell!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let (jobs, naming_warnings) = batch::plan(inputs, &args.output);
    let workers = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(std::num::NonZero::get)
            .unwrap_or(1)
    });
    let options = Options {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        typography: args.typography,
        repairs: args.repairs,
        cover: args
            .cover
            .as_deref()
            .map(|c| quire::manifest::Cover::from_setting(c, std::path::Path::new(""))),
        stylesheet: args.stylesheet.clone(),
    };
    if let Some(css) = &options.stylesheet {
        if let Err(why) = quire::render::stylesheet::load(css) {
            tell!("error: --stylesheet: {why}");
            return ExitCode::from(2);
        }
    }
    if let Some(quire::manifest::Cover::Image(image)) = &options.cover {
        if let Err(why) = quire::manifest::read_cover_image(image) {
            tell!("error: --cover: {why}");
            return ExitCode::from(2);
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = Arc::clone(&stop);
    // A second Ctrl-C is not caught: the default handler ends the process at once.
    let _ = ctrlc::set_handler(move || handler_stop.store(true, Ordering::SeqCst));

    let mut progress = Progress::new(jobs.len(), args.quiet, args.verbose);
    for warning in &naming_warnings {
        progress.warn(&format!("warning: {warning}"));
    }
    let (mut built, mut failed, mut warnings) = (0usize, 0usize, naming_warnings.len());
    batch::run(
        &jobs,
        &options,
        workers,
        &stop,
        |Outcome { index, result }| {
            let result = result.and_then(|b| if args.check { verify(b) } else { Ok(b) });
            match result {
                Ok(book) => {
                    built += 1;
                    warnings += book.warnings.len();
                    if args.explain {
                        let mut text = format!("{}:", jobs[index].input.path().display());
                        for line in &book.explanation {
                            text.push_str(&format!("\n  {line}"));
                        }
                        progress.say(&text);
                    }
                    for warning in &book.warnings {
                        progress.warn(&format!("warning: {warning}"));
                    }
                    let notes = match book.notes {
                        1 => "1 note".to_string(),
                        n => format!("{n} notes"),
                    };
                    progress.book_done(
                        &format!(
                            "wrote {} ({} sections, {notes})",
                            book.path.display(),
                            book.sections
                        ),
                        false,
                    );
                }
                Err(error) => {
                    failed += 1;
                    progress.book_done(&format!("error: {error}"), true);
                }
            }
        },
    );
    progress.finish();

    let interrupted = stop.load(Ordering::SeqCst);
    let not_started = jobs.len() - built - failed;
    if !args.quiet || failed > 0 || interrupted {
        let mut summary = format!(
            "{built} built, {failed} failed, {warnings} warning{} in {:.2} s",
            if warnings == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        );
        if interrupted {
            summary.push_str(&format!("; interrupted, {not_started} not started"));
        }
        tell!("{summary}");
    }
    if interrupted {
        ExitCode::from(130)
    } else if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `--check`: a book with any finding, under quire's own rules too, counts as failed.
fn verify(book: batch::Built) -> Result<batch::Built, quire::Error> {
    let findings = check::check_epub(&book.path, &CheckOptions::default());
    if findings.is_empty() {
        return Ok(book);
    }
    let list: Vec<String> = findings
        .into_iter()
        .map(|f| f.strict().to_string())
        .collect();
    Err(quire::Error::new(
        &book.path,
        None,
        format!(
            "the written book does not pass quire check:\n  {}",
            list.join("\n  ")
        ),
    ))
}

/// How `quire check` judges and runs.
struct CheckFlags {
    epubcheck: bool,
    strict: bool,
    fail_on_warnings: bool,
    verbose: bool,
}

fn check_books(books: &[PathBuf], format: Format, flags: CheckFlags) -> ExitCode {
    let (mut failed, mut unreadable) = (false, false);
    let mut json = Vec::new();
    for book in books {
        let mut checked = if flags.verbose {
            check::check_file_in_full(book, &CheckOptions::default())
        } else {
            check::check_file(book, &CheckOptions::default())
        };
        if flags.epubcheck {
            match check::epubcheck::run(book) {
                Ok(more) => checked.findings.extend(more),
                Err(why) => tell!("warning: {}: EPUBCheck did not run: {why}", book.display()),
            }
        }
        if flags.strict {
            checked.findings = checked
                .findings
                .into_iter()
                .map(quire::check::Finding::strict)
                .collect();
        }
        unreadable |= checked.is_unreadable();
        failed |= !checked.is_valid() || (flags.fail_on_warnings && !checked.findings.is_empty());
        let findings = &checked.findings;
        match format {
            Format::Json => json.push(check::findings_to_json(
                book,
                checked.version.as_deref(),
                findings,
            )),
            Format::Text => {
                for finding in findings {
                    say!("{}: {finding}", book.display());
                }
                let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
                let version = checked
                    .version
                    .as_deref()
                    .map_or_else(String::new, |v| format!(" (EPUB {v})"));
                if findings.is_empty() {
                    tell!("{}{version}: clean", book.display());
                } else {
                    tell!(
                        "{}{version}: {} fatal, {} errors, {} warnings, {} usage",
                        book.display(),
                        count(Severity::Fatal),
                        count(Severity::Error),
                        count(Severity::Warning),
                        count(Severity::Usage)
                    );
                }
            }
        }
    }
    if format == Format::Json {
        say!("[{}]", json.join(",\n"));
    }
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
