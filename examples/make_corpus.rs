//! Writes a corpus of distinct essays for the batch benchmark:
//!
//! ```sh
//! cargo run --release --example make_corpus -- 1000 target/corpus
//! cargo run --release --example make_corpus -- --scale 100 target/big.md
//! ```
//!
//! Every third essay is the bundled booklet export (16 pages, imposed), every
//! third a plain Markdown essay with standard footnotes, every third a small
//! imposed booklet; each is varied by its number so that no two are identical.
//! `--scale K` writes one Markdown essay K times the size of the plain one.

use std::fs;
use std::path::Path;

const BOOKLET: &str = include_str!("bolsheviks-pet-anarchist.md");
const MARKDOWN: &str = include_str!("../tests/fixtures/markdown/on-common-land.md");
const SMALL_BOOKLET: &str = include_str!("../tests/fixtures/library/lamplighters-booklet.md");

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, scale, path] if flag == "--scale" => {
            let scale: usize = scale.parse().expect("--scale takes a whole number");
            fs::write(path, scaled_markdown(scale))
        }
        [count, folder] => {
            let count: usize = count.parse().expect("the count is a whole number");
            write_corpus(count, Path::new(folder))
        }
        _ => {
            eprintln!("usage: make_corpus COUNT FOLDER | make_corpus --scale K FILE");
            std::process::exit(2);
        }
    }
}

fn write_corpus(count: usize, folder: &Path) -> std::io::Result<()> {
    for i in 0..count {
        // A library is a tree: a hundred essays to a folder.
        let shelf = folder.join(format!("shelf-{:03}", i / 100));
        fs::create_dir_all(&shelf)?;
        let text = match i % 3 {
            0 => vary(BOOKLET, i, &["Serge", "Kronstadt", "Bolsheviks"]),
            1 => {
                let mut text = vary(MARKDOWN, i, &["common", "court", "hedge"]);
                for extra in 0..(i % 5) {
                    text.push_str(&format!("\n## Further notes {extra} on essay {i}\n\nA further paragraph, the {extra} of essay {i}, with a note.[^x{extra}]\n\n[^x{extra}]: Note {extra} of essay {i}.\n"));
                }
                text
            }
            _ => vary(SMALL_BOOKLET, i, &["lamplighter", "ladder", "oil"]),
        };
        fs::write(shelf.join(format!("essay-{i:05}.md")), text)?;
    }
    Ok(())
}

/// The text with its title and a few words marked with the essay's number.
fn vary(text: &str, i: usize, words: &[&str]) -> String {
    let mut out = text.to_string();
    for word in words {
        out = out.replace(word, &format!("{word}{}", i % 97));
    }
    match out
        .find("\n# ")
        .or_else(|| out.starts_with("# ").then_some(0))
    {
        Some(at) => {
            let end = out[at + 1..]
                .find('\n')
                .map(|e| at + 1 + e)
                .unwrap_or(out.len());
            out.insert_str(end, &format!(" (No. {i})"));
            out
        }
        None => out,
    }
}

/// One plain essay, `scale` times as long: its sections repeated with new names.
fn scaled_markdown(scale: usize) -> String {
    let (head, body) = MARKDOWN.split_at(MARKDOWN.find("\n## ").unwrap_or(0));
    let (body, notes) = body.split_at(body.find("\n[^").unwrap_or(body.len()));
    let mut out = head.to_string();
    // The first copy keeps the labels the opening text refers to.
    let label = |copy: usize| {
        if copy == 0 {
            "[^".to_string()
        } else {
            format!("[^c{copy}-")
        }
    };
    for copy in 0..scale.max(1) {
        out.push_str(
            &body
                .replace("\n## ", &format!("\n## Part {copy}: "))
                .replace("[^", &label(copy)),
        );
    }
    for copy in 0..scale.max(1) {
        out.push_str(&notes.replace("[^", &label(copy)));
    }
    out
}
