//! Re-imposes in-order exports as saddle-stitched booklets and reports how
//! many quire restores exactly, and how many in-order exports it keeps in order.
//!
//! `cargo run --release --example impose_booklets [FILE_OR_FOLDER ...]`: by
//! default this project's own in-order fixtures and, when present, the real
//! documents in `../shared/corpus/docs`. `--show FILE` prints the booklet made from FILE, `--in-order FILE` its pages
//! in order with their page numbers stripped, `--pages FILE` the same pages marked,
//! `--read FILE` the text quire reads from the pages in order and from their booklet.
//! An export whose pages are not all marked (a run of text between two page
//! ends longer than a printed page) is listed and not imposed.

#[path = "../tests/booklet/mod.rs"]
mod booklet;

use std::path::{Path, PathBuf};

fn sources(args: &[String]) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = if args.is_empty() {
        [
            "tests/fixtures/exports/book-notes-per-chapter",
            "tests/fixtures/exports/in-order-running-heads",
            "tests/fixtures/exports/paper-affiliations",
            "tests/fixtures/library/lamplighters-in-order.md",
            "tests/fixtures/library/lamplighters-running-feet.md",
            "tests/fixtures/booklets",
            // Real documents, every one in reading order as given.
            "../shared/corpus/docs",
        ]
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut files = Vec::new();
    for root in roots {
        collect(&root, &mut files);
    }
    files.sort();
    files
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            collect(&entry.path(), files);
        }
    } else if path.extension().is_some_and(|e| e == "md") {
        files.push(path.to_path_buf());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, file] = args.as_slice() {
        let text = || std::fs::read_to_string(file).expect("readable source");
        if flag == "--show" {
            print!("{}", booklet::impose(&booklet::pages(&text())));
            return;
        }
        if flag == "--pages" {
            for (n, page) in booklet::pages(&text()).iter().enumerate() {
                println!("=== page {}\n{page}\n", n + 1);
            }
            return;
        }
        if flag == "--read" {
            // What quire reads from the in-order pages and from their booklet, to compare.
            let pages = booklet::pages(&text());
            let (in_order, _) = booklet::read(&(pages.join("\n\n") + "\n"), None);
            let (imposed, _) = booklet::read(&booklet::impose(&pages), None);
            print!("{in_order}\n=== read from the booklet\n{imposed}");
            return;
        }
        if flag == "--in-order" {
            print!("{}", booklet::pages(&text()).join("\n\n") + "\n");
            return;
        }
    }
    // (tried, restored, left as exported, restored when told) for booklets with and without numbers.
    let mut numbered = [0usize; 4];
    let mut sentences_only = [0usize; 4];
    let (mut third, mut kept, mut tried) = (0, 0, 0);
    let mut unmarked = Vec::new();
    for file in sources(&args) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let trial = match booklet::trial(&file.display().to_string(), &text) {
            Ok(trial) => trial,
            Err(booklet::NotImposed::PagesNotAllMarked {
                words,
                in_order_kept,
            }) => {
                unmarked.push((file.display().to_string(), words, in_order_kept));
                continue;
            }
            Err(booklet::NotImposed::TooFewPages) => continue,
        };
        tried += 1;
        let tally = if trial.carries_numbers {
            &mut numbered
        } else {
            &mut sentences_only
        };
        tally[0] += 1;
        tally[1] += usize::from(trial.restored);
        tally[2] += usize::from(!trial.restored && trial.left_as_file);
        tally[3] += usize::from(trial.restored_when_told);
        third += usize::from(!trial.restored && !trial.left_as_file);
        kept += usize::from(trial.in_order_kept);
        println!(
            "{:<90} {:>3} pages  {:<15} booklet {:<16}  told \"booklet\" {:<12} in-order file {}",
            trial.name,
            trial.pages,
            if trial.carries_numbers {
                "notes/Contents"
            } else {
                "sentences only"
            },
            if trial.restored {
                "restored"
            } else if trial.left_as_file {
                "left as exported"
            } else {
                "MISORDERED"
            },
            if trial.restored_when_told {
                "restored"
            } else {
                "not restored"
            },
            if trial.in_order_kept {
                "kept"
            } else {
                "REORDERED"
            }
        );
    }
    for (file, words, in_order_kept) in &unmarked {
        println!(
            "{file:<90} not imposed: {words} words between two page ends the export shows (a printed page holds at most {}); in-order file {}",
            booklet::MAX_PAGE_WORDS,
            if *in_order_kept { "kept" } else { "REORDERED" }
        );
    }
    let [n, r, l, t] = numbered;
    println!("booklets whose pages carry notes or a Contents page: restored exactly {r}/{n}; left as exported {l}/{n}; restored when told order = \"booklet\" {t}/{n}");
    let [n, r, l, t] = sentences_only;
    println!("booklets with only running sentences to go on: restored exactly {r}/{n}; left as exported {l}/{n} (the rule: sentences alone never reorder); restored when told order = \"booklet\" {t}/{n}");
    println!("booklets read in a third order (neither restored nor as exported): {third}/{tried}; in-order files kept in order: {kept}/{tried}");
    println!(
        "exports not imposed because their pages are not all marked: {}; of them kept in order as files: {}/{}",
        unmarked.len(),
        unmarked.iter().filter(|u| u.2).count(),
        unmarked.len()
    );
}
