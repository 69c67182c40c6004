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

use quire::model::Book;
use quire::render::Document;
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
    let books: Vec<(PathBuf, Book, Vec<Document>)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, input)| {
            let assembled = quire::pipeline::from_source(input.path(), &options).ok()?;
            let docs = quire::render::render(&assembled.book);
            Some((
                Path::new(out).join(format!("{i}.epub")),
                assembled.book,
                docs,
            ))
        })
        .collect();
    let bytes: usize = books
        .iter()
        .flat_map(|(_, _, docs)| docs.iter().map(|d| d.content.len()))
        .sum();

    let workers = std::thread::available_parallelism()
        .map(std::num::NonZero::get)
        .unwrap_or(1);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in books.chunks(books.len().div_ceil(workers).max(1)) {
            scope.spawn(move || {
                for (path, book, docs) in chunk {
                    let zip = quire::package::epub_from_documents(book, docs).expect("zip");
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
