//! The packaging floor for the batch benchmark: how long it takes just to
//! deflate the books' files into zips with quire's own settings and write
//! them out, on as many threads as `quire build` uses. Everything else
//! (reading, reconstructing, rendering) is done first and not timed.
//!
//! ```sh
//! cargo run --release --example packaging_floor -- target/corpus target/floor-out
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use quire::package::ocf::Method;

/// One file of a book as quire zips it: its name, bytes and method.
type Entry = (String, Vec<u8>, Method);
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: packaging_floor CORPUS_FOLDER OUT_FOLDER");
        std::process::exit(2);
    };
    let inputs = quire::batch::discover(&[PathBuf::from(corpus)]).expect("a corpus folder");
    std::fs::create_dir_all(out).expect("an output folder");
    let options = quire::pipeline::Options::default();

    // Untimed: every book's files, exactly as quire zips them.
    let books: Vec<(PathBuf, Vec<Entry>)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, input)| {
            let assembled = quire::pipeline::from_source(input.path(), &options).ok()?;
            let book = &assembled.book;
            let docs = quire::render::render(book);
            let opf = quire::package::opf::package_document(book, &docs);
            let entries = quire::package::zip_entries(book, &docs, &opf)
                .into_iter()
                .map(|(name, data, method)| (name, data.to_vec(), method))
                .collect();
            Some((Path::new(out).join(format!("{i}.epub")), entries))
        })
        .collect();
    let bytes: usize = books
        .iter()
        .flat_map(|(_, e)| e.iter().map(|(_, d, _)| d.len()))
        .sum();

    let workers = std::thread::available_parallelism()
        .map(std::num::NonZero::get)
        .unwrap_or(1);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in books.chunks(books.len().div_ceil(workers).max(1)) {
            scope.spawn(move || {
                for (path, entries) in chunk {
                    let borrowed: Vec<(String, &[u8], Method)> = entries
                        .iter()
                        .map(|(n, d, m)| (n.clone(), d.as_slice(), *m))
                        .collect();
                    let mut zip = Vec::new();
                    quire::package::write_zip(
                        &mut zip,
                        &borrowed,
                        quire::package::ocf::DosTime::new(2000, 1, 1, 0, 0, 0),
                    )
                    .expect("zip");
                    std::fs::write(path, zip).expect("write");
                }
            });
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "floor: {} books, {:.1} MB of XHTML deflated and written in {:.3} s on {workers} threads",
        books.len(),
        bytes as f64 / 1e6,
        seconds
    );
    println!("FLOOR_SECONDS={seconds:.4}");
}
