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

#[cfg(feature = "mimalloc")]
mod allocator;
mod progress;

/// Building a book makes many small, short-lived allocations (a string per
/// line, word and note); mimalloc serves them faster than the system's allocator
/// (and returns a large source's freed memory at once: see [`allocator`]).
/// Without the `mimalloc` feature the system's allocator serves them, for heap profilers.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator::new();

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use std::io::Write as _;

use quire::batch;
use quire::check::{self, CheckOptions, Severity};
use quire::diagnostic::{count, thousands};
use quire::pipeline::Options;
use quire::report::Tally;
use quire::settings::Settings;

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

// Parsed once per run: the size of the larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Build EPUB books from manifests, sources, or folders of them.
    #[command(after_help = "Examples:\n  \
quire build                                     every manifest in ./metadata\n  \
quire build metadata/essay.toml                 one book, written to out/essay.epub\n  \
quire build metadata/*.toml -o books/           many books, written to books/\n  \
quire build library/                            every manifest below, and every .md without one\n  \
quire build notes/essay.md                      no manifest: metadata from the essay itself\n  \
quire build notes/essay.md -o essay.epub        one book, written to the file named\n  \
quire build essay.md --title \"On Work\" --author \"Ann Vale\"   metadata given, over the source's\n  \
quire build essay.md -M series=\"Essays\" -M series_index=2   any manifest key, over the manifest's\n  \
quire build --explain metadata/essay.toml       also say what was recognised, and why\n  \
quire build metadata/essay.toml --kepub         also out/essay.kepub.epub, for Kobo readers\n  \
quire build library/ --report books.jsonl       also one JSON line per book (docs/report.schema.json)\n  \
quire build library/ --allow link-not-web       do not print one kind of warning\n\n\
Books are built in parallel; a bad book is reported (file, line, reason) and the others go on. \
Messages come in the inputs' order (a folder's files sorted by path), whatever order the books \
finish in. Each warning ends with its code, e.g. [image-missing]; a batch ends with the warnings \
counted by code and the books with most. A library's quire.toml (in the folder given, never read \
as a book) can silence codes for all its books: [build] allow = [\"link-not-web\"]. \
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
is printed in every case. The last line, on stderr, is the total \
(\"3 books: 2 clean, 1 with errors, 4 warnings\"); --quiet leaves out the clean books.\n\n\
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
        #[arg(short, long, conflicts_with = "quiet")]
        verbose: bool,
        /// Print only the books with findings, and the total.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print a completion script for a shell, to install where the shell reads them.
    #[command(after_help = "Examples:\n  \
quire completions bash > ~/.local/share/bash-completion/completions/quire\n  \
quire completions zsh > ~/.zfunc/_quire        (with fpath+=~/.zfunc before compinit)\n  \
quire completions fish > ~/.config/fish/completions/quire.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print quire's manual page (roff), to install where man reads pages.
    #[command(after_help = "Example:\n  \
quire man > ~/.local/share/man/man1/quire.1 && man quire")]
    Man,
}

/// A setting turned on or off (`true`/`false` and `yes`/`no` read as they say).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Switch {
    #[value(alias = "true", alias = "yes")]
    On,
    #[value(alias = "false", alias = "no")]
    Off,
}

impl Switch {
    fn on(switch: Option<Switch>) -> Option<bool> {
        switch.map(|s| s == Switch::On)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => build(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            // Written whole, then printed: a reader that closes the pipe early
            // (`| head`) ends the output, not the program with a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "quire", &mut script);
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            ExitCode::SUCCESS
        }
        Command::Man => {
            use clap::CommandFactory;
            // The page holds every subcommand's options, as one manual a reader can search.
            let page = clap_mangen::Man::new(Cli::command());
            let mut out = Vec::new();
            let written = page.render(&mut out).and_then(|()| {
                for sub in Cli::command().get_subcommands() {
                    let heading = format!("QUIRE {}", sub.get_name().to_uppercase());
                    out.extend_from_slice(format!(".SH \"{heading}\"\n").as_bytes());
                    let page = clap_mangen::Man::new(sub.clone());
                    page.render_description_section(&mut out)?;
                    page.render_options_section(&mut out)?;
                }
                std::io::Write::write_all(&mut std::io::stdout(), &out)
            });
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the manual page: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            books,
            format,
            epubcheck,
            strict,
            fail_on_warnings,
            verbose,
            quiet,
        } => check_books(
            &books,
            format,
            CheckFlags {
                epubcheck,
                strict,
                fail_on_warnings,
                verbose,
                quiet,
            },
        ),
    }
}

/// What `quire build` is asked to do.
#[derive(Args)]
struct BuildArgs {
    /// Manifests (.toml), sources (.md), or folders holding them. Without any: ./metadata.
    inputs: Vec<PathBuf>,
    /// Where to write: a folder for the books, or FILE.epub when building one book.
    #[arg(short, long, default_value = "out")]
    output: PathBuf,
    /// How many books to build at once, 1 or more [default: all cores].
    #[arg(short, long, value_parser = job_count)]
    jobs: Option<usize>,
    /// Print what was recognised in each source: pages, reading order and why, joins, notes.
    #[arg(long)]
    explain: bool,
    /// Verify each book after writing it, as `quire check` does; findings fail the book.
    #[arg(long)]
    check: bool,
    /// Curly quotes, dashes and ellipses (on by default; `off` keeps the source's characters).
    #[arg(long, value_enum, value_name = "on|off")]
    typography: Option<Switch>,
    /// Ligature repair and page-furniture removal (on by default; `off` keeps every word and line as the source has them).
    #[arg(long, value_enum, value_name = "on|off")]
    repairs: Option<Switch>,
    /// The cover: a JPEG or PNG image at least 1000 px high, or `none`; without it quire draws one.
    #[arg(long, value_name = "IMAGE|none")]
    cover: Option<String>,
    /// Also write a Kobo EPUB beside each book, NAME.kepub.epub: the same book in the markup Kobo's
    /// readers give page turns, reading statistics and pop-up notes to.
    #[arg(long)]
    kepub: bool,
    /// A stylesheet read after quire's own; the fonts and images its url()s name are carried in.
    #[arg(long, value_name = "CSS")]
    stylesheet: Option<PathBuf>,
    /// Read no file a source or manifest names outside their own folders: an image at an
    /// absolute path, one climbing out with `../` or a symlink leading out becomes its
    /// description, with a warning. For building other people's Markdown.
    #[arg(long)]
    sandbox: bool,
    /// The title, over the manifest's and whatever the source says.
    #[arg(long)]
    title: Option<String>,
    /// The subtitle, over the manifest's and the source's.
    #[arg(long)]
    subtitle: Option<String>,
    /// An author, over the manifest's and the source's (repeat for several, in order).
    #[arg(long = "author", value_name = "NAME")]
    authors: Vec<String>,
    /// The language, a tag such as `en` or `pt-BR`, over the manifest's and the front matter's.
    #[arg(long, value_name = "TAG", value_parser = language_tag)]
    language: Option<String>,
    /// The date of the text, YYYY, YYYY-MM or YYYY-MM-DD, over the manifest's and the source's.
    #[arg(long, value_name = "DATE", value_parser = quire::dates::check_date)]
    date: Option<String>,
    /// Any manifest key (repeatable), as pandoc's --metadata: `-M series="Essays" -M series_index=3`.
    /// The value is read as TOML when it is a number, a switch or a list, else as text; a list
    /// key given again adds to its list (`-M authors=A -M authors=B`). What wins: the named
    /// flags (--title, --subtitle, --author, --language, --date, --cover, --stylesheet,
    /// --typography, --repairs, --kepub), then -M, then the manifest, then the source.
    #[arg(short = 'M', long = "metadata", value_name = "KEY=VALUE")]
    metadata: Vec<String>,
    /// Print only errors and the one-line summary: no warnings, no per-book lines.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Rebuild only the books whose source, manifest, images, cover, stylesheet, settings or
    /// quire itself changed since the last --incremental run into the same folder (kept in its
    /// .quire-state.json); the others are told as they were.
    #[arg(long)]
    incremental: bool,
    /// With --incremental: rebuild every book all the same, and remember them anew.
    #[arg(long, requires = "incremental")]
    force: bool,
    /// Build only part K of N of the books found (a stable split by path), for running
    /// one library as many jobs: every part gets the names a whole run would give.
    #[arg(long, value_name = "K/N")]
    shard: Option<batch::Shard>,
    /// Do not print warnings with this code (repeatable), as `allow` in the
    /// library's quire.toml does; they are still counted and in --report.
    #[arg(long, value_name = "CODE", value_parser = allowed_code)]
    allow: Vec<quire::WarningCode>,
    /// Write one JSON line per book (source, output, metadata, decisions,
    /// warnings, time, size) to FILE, or to standard output for `-`.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print a line for every book, even on a terminal.
    #[arg(short, long)]
    verbose: bool,
}

fn language_tag(tag: &str) -> Result<String, String> {
    quire::language::given_tag_problem(tag).map_or_else(|| Ok(tag.to_string()), Err)
}

fn job_count(given: &str) -> Result<usize, String> {
    match given.trim().parse::<usize>() {
        Ok(0) => {
            Err("0 would build nothing: give 1 or more, or leave -j out to use every core".into())
        }
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{given:?} is not a number of books at once, such as 4"
        )),
    }
}

fn allowed_code(name: &str) -> Result<quire::WarningCode, String> {
    quire::settings::parse_code(name)
}

/// The inputs of every path given, and the library settings that govern each.
struct Discovered {
    inputs: Vec<batch::Input>,
    /// For each input, its settings' index in `settings`.
    governed_by: Vec<usize>,
    settings: Vec<Settings>,
}

/// The inputs of every path given, each governed by a folder's `quire.toml`,
/// or by the one beside a file given by itself.
fn discover_with_settings(paths: &[PathBuf]) -> Result<Discovered, quire::Error> {
    let (mut inputs, mut governed_by, mut settings) = (Vec::new(), Vec::new(), Vec::new());
    for path in paths {
        let folder = if path.is_dir() {
            path.as_path()
        } else {
            path.parent().unwrap_or(std::path::Path::new(""))
        };
        let folder = if folder.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            folder
        };
        let found = quire::settings::for_folder(folder)?;
        let index = settings
            .iter()
            .position(|s| *s == found)
            .unwrap_or_else(|| {
                settings.push(found);
                settings.len() - 1
            });
        let more = batch::discover(std::slice::from_ref(path))?;
        governed_by.extend(std::iter::repeat_n(index, more.len()));
        inputs.extend(more);
    }
    Ok(Discovered {
        inputs,
        governed_by,
        settings,
    })
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let mut metadata = quire::manifest::Overrides::default();
    for given in &args.metadata {
        if let Err(why) = metadata.add(given) {
            tell!("error: -M {given}: {why}");
            return ExitCode::from(2);
        }
    }
    let paths = if args.inputs.is_empty() {
        vec![PathBuf::from("metadata")]
    } else {
        args.inputs.clone()
    };
    if args.inputs.is_empty() && !paths[0].is_dir() {
        tell!("error: no inputs given and no ./metadata folder here; name a manifest or a source (see quire build --help)");
        return ExitCode::from(2);
    }
    let Discovered {
        inputs,
        governed_by,
        settings,
    } = match discover_with_settings(&paths) {
        Ok(found) => found,
        Err(error) => {
            tell!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let jobs = match batch::plan_output(inputs, &args.output) {
        Ok(mut jobs) => {
            for (job, index) in jobs.iter_mut().zip(&governed_by) {
                job.kepub = settings[*index].kepub;
            }
            jobs
        }
        Err(error) => {
            tell!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let (jobs, governed_by): (Vec<batch::Job>, Vec<usize>) = jobs
        .into_iter()
        .zip(governed_by)
        .filter(|(job, _)| args.shard.is_none_or(|shard| shard.holds(job.input.path())))
        .unzip();
    let silenced = |index: usize, code: quire::WarningCode| {
        args.allow.contains(&code) || settings[governed_by[index]].allow.contains(&code)
    };
    let report_to_stdout = args.report.as_deref() == Some(std::path::Path::new("-"));
    let mut report: Option<Box<dyn std::io::Write>> = match &args.report {
        None => None,
        Some(_) if report_to_stdout => Some(Box::new(std::io::stdout())),
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some(Box::new(std::io::BufWriter::new(file))),
            Err(e) => {
                tell!("error: --report {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let workers = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(std::num::NonZero::get)
            .unwrap_or(1)
    });
    let options = Options {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        typography: Switch::on(args.typography),
        repairs: Switch::on(args.repairs),
        cover: args
            .cover
            .as_deref()
            .map(|c| quire::manifest::Cover::from_setting(c, std::path::Path::new(""))),
        stylesheet: args.stylesheet.clone(),
        given: quire::pipeline::GivenMetadata {
            title: args.title.clone(),
            subtitle: args.subtitle.clone(),
            authors: args.authors.clone(),
            language: args.language.clone(),
            date: args.date.clone(),
        },
        sandbox: args.sandbox,
        kepub: args.kepub.then_some(true),
        metadata,
    };
    if let Err(error) = quire::pipeline::check_overrides(&options.metadata) {
        tell!("error: {error}");
        return ExitCode::from(2);
    }
    if let Some(css) = &options.stylesheet {
        if let Err(why) = quire::render::stylesheet::load(css, None) {
            tell!("error: --stylesheet: {why}");
            return ExitCode::from(2);
        }
    }
    if let Some(quire::manifest::Cover::Image(image)) = &options.cover {
        if let Err(why) = quire::pipeline::read_cover_image(image) {
            tell!("error: --cover: {why}");
            return ExitCode::from(2);
        }
    }

    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = Arc::clone(&stop);
    // A second Ctrl-C is not caught: the default handler ends the process at once.
    let _ = ctrlc::set_handler(move || handler_stop.store(true, Ordering::SeqCst));

    let mut progress = Progress::new(jobs.len(), args.quiet, args.verbose, report_to_stdout);
    let (mut built, mut failed, mut reused) = (0usize, 0usize, 0usize);
    let state_folder = if batch::names_one_book(&args.output) {
        args.output
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .to_path_buf()
    } else {
        args.output.clone()
    };
    let mut state = args
        .incremental
        .then(|| quire::build_state::BuildState::load(&state_folder, args.shard));
    let up_to_date: Vec<Option<batch::Built>> = jobs
        .iter()
        .map(|job| match &state {
            Some(state) if !args.force => state.up_to_date(job, &options),
            _ => None,
        })
        .collect();
    let mut tally = Tally::default();
    let mut report_failed = None;
    let reuse = |index: usize| up_to_date[index].clone();
    batch::run_in_order(&jobs, &options, workers, &stop, &reuse, |outcome| {
        let index = outcome.index;
        let job = &jobs[index];
        // A book that fails --check was still built: its warnings are told and counted.
        let mut failed_check_warnings = None;
        let outcome = batch::Outcome {
            result: outcome.result.and_then(|b| {
                if !args.check {
                    return Ok(b);
                }
                let warnings = b.warnings.clone();
                verify(b).inspect_err(|_| failed_check_warnings = Some(warnings))
            }),
            ..outcome
        };
        if let (Some(out), None) = (report.as_mut(), &report_failed) {
            let line = quire::report::record(job, &outcome, |c| silenced(index, c)).to_json_line();
            if let Err(e) = writeln!(out, "{line}") {
                report_failed = Some(e);
            }
        }
        if let Some(state) = state.as_mut() {
            match &outcome.result {
                Ok(book) => state.remember(job, &options, book),
                Err(_) => state.forget(job),
            }
        }
        match &outcome.result {
            Ok(book) => {
                if outcome.reused {
                    reused += 1;
                } else {
                    built += 1;
                }
                tally.add(job.input.path(), &book.warnings, |c| silenced(index, c));
                if args.explain {
                    let mut text = format!("{}:", job.input.path().display());
                    let path = job.input.path();
                    if matches!(job.input, batch::Input::Manifest(_))
                        && path
                            .file_name()
                            .is_some_and(|n| n == quire::settings::SETTINGS_FILE)
                    {
                        text.push_str("\n  quire.toml: this book's manifest (it names `title` or `source`), not the library's settings");
                    }
                    if let Some(file) = &settings[governed_by[index]].path {
                        text.push_str(&format!(
                            "\n  settings: {} (a [build] table, no book keys)",
                            file.display()
                        ));
                    }
                    for line in &book.explanation {
                        text.push_str(&format!("\n  {line}"));
                    }
                    progress.say(&text);
                }
                for warning in book.warnings.iter().filter(|w| !silenced(index, w.code)) {
                    progress.warn(&format!("warning: {warning}"));
                }
                let kepub = book
                    .kepub
                    .as_ref()
                    .map(|k| format!(" and {}", k.display()))
                    .unwrap_or_default();
                progress.book_done(
                    &format!(
                        "{} {}{kepub} ({}, {})",
                        if outcome.reused {
                            "up to date:"
                        } else {
                            "wrote"
                        },
                        book.path.display(),
                        count(book.sections, "section", "sections"),
                        count(book.notes, "note", "notes")
                    ),
                    false,
                );
            }
            Err(error) => {
                failed += 1;
                if let Some(warnings) = &failed_check_warnings {
                    tally.add(job.input.path(), warnings, |c| silenced(index, c));
                    for warning in warnings.iter().filter(|w| !silenced(index, w.code)) {
                        progress.warn(&format!("warning: {warning}"));
                    }
                }
                progress.book_done(&format!("error: {error}"), true);
            }
        }
    });
    progress.finish();
    if let Some(state) = &state {
        if let Err(e) = state.save() {
            tell!(
                "warning: cannot keep the build state in {}: {e}; the next --incremental run builds every book",
                state_folder.display()
            );
        }
    }
    let mut report_broken = false;
    if let Some(mut out) = report {
        if let Some(e) = report_failed.or_else(|| out.flush().err()) {
            tell!("error: --report: {e}");
            report_broken = true;
        }
    }

    let interrupted = stop.load(Ordering::SeqCst);
    let not_started = jobs.len().saturating_sub(built + reused + failed);
    if !args.quiet && jobs.len() > 1 {
        for line in tally.lines() {
            tell!("{line}");
        }
    }
    let up_to_date = if reused > 0 {
        format!("{} up to date, ", thousands(reused))
    } else {
        String::new()
    };
    let mut summary = format!(
        "{} built, {up_to_date}{} failed, {}",
        thousands(built),
        thousands(failed),
        count(tally.shown, "warning", "warnings")
    );
    if tally.silenced > 0 {
        summary.push_str(&format!(" ({} silenced)", thousands(tally.silenced)));
    }
    summary.push_str(&format!(" in {:.2} s", started.elapsed().as_secs_f64()));
    if interrupted {
        summary.push_str(&format!("; interrupted, {not_started} not started"));
    }
    tell!("{summary}");
    if interrupted {
        ExitCode::from(130)
    } else if failed > 0 || report_broken {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `--check`: a book with any finding, under quire's own rules too, counts as failed.
fn verify(book: batch::Built) -> Result<batch::Built, quire::Error> {
    // The Kobo EPUB beside the book, when there is one, is held to the same checks.
    for path in std::iter::once(&book.path).chain(&book.kepub) {
        let findings = check::check_epub(path, &CheckOptions::default());
        if findings.is_empty() {
            continue;
        }
        let list: Vec<String> = findings
            .into_iter()
            .map(|f| f.strict().to_string())
            .collect();
        return Err(quire::Error::new(
            path,
            None,
            format!(
                "the written book does not pass quire check:\n  {}",
                list.join("\n  ")
            ),
        ));
    }
    Ok(book)
}

/// How `quire check` judges and runs.
struct CheckFlags {
    epubcheck: bool,
    strict: bool,
    fail_on_warnings: bool,
    verbose: bool,
    quiet: bool,
}

fn check_books(books: &[PathBuf], format: Format, flags: CheckFlags) -> ExitCode {
    let (mut failed, mut unreadable) = (false, false);
    let mut json = Vec::new();
    let (mut clean, mut with_errors, mut warnings) = (0usize, 0usize, 0usize);
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
        clean += usize::from(checked.findings.is_empty());
        with_errors += usize::from(!checked.is_valid());
        warnings += checked
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
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
                    if !flags.quiet {
                        tell!("{}{version}: clean", book.display());
                    }
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
    // On stderr in either format: standard output stays the findings alone.
    tell!(
        "{}: {} clean, {} with errors, {}",
        count(books.len(), "book", "books"),
        thousands(clean),
        thousands(with_errors),
        count(warnings, "warning", "warnings")
    );
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
