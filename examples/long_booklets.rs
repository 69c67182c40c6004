//! Writes long booklet exports for the benchmark: in-order exports of 60, 120
//! and 200 pages, their page numbers stripped and their pages re-imposed as a
//! saddle-stitched booklet by the booklet generator in `tests/booklet/`.
//!
//! The pages carry no page numbers and no numbering of notes that runs
//! through the text: every third page has one note, numbered 1 as on a page
//! that numbers its notes afresh. So nothing on the pages fixes their order and
//! many orders score alike, the hardest case for the booklet search.
//!
//! `cargo run --example long_booklets [FOLDER]` (default `tests/fixtures/booklets-long`).

#[path = "../tests/booklet/mod.rs"]
mod booklet;

use std::fmt::Write;

const WORDS: [&str; 24] = [
    "river", "meadow", "council", "water", "spring", "village", "tannery", "trough", "bucket",
    "winter", "summer", "chalk", "hollow", "green", "vicar", "custom", "children", "morning",
    "evening", "common", "lease", "parish", "road", "mill",
];

/// A small generator of pseudo-random numbers, so the exports are the same on every run.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn sentence(&mut self) -> String {
        let count = 8 + self.below(12);
        let mut words: Vec<String> = (0..count)
            .map(|_| WORDS[self.below(WORDS.len())].to_string())
            .collect();
        words[0] = words[0][..1].to_uppercase() + &words[0][1..];
        words.join(" ")
    }
}

/// An in-order export of `pages` pages, each under a "## Page N" heading.
fn in_order_export(title: &str, pages: usize, draw: &mut Draw) -> String {
    let mut text = format!("# {title}\n\n");
    for page in 1..=pages {
        write!(text, "## Page {page}\n\n").unwrap();
        let sentences: Vec<String> = (0..8 + draw.below(6)).map(|_| draw.sentence()).collect();
        text += &sentences.join(". ");
        if page % 3 == 0 {
            write!(
                text,
                "<sup>1</sup>.\n\n<sup>1</sup> {}.\n\n",
                draw.sentence()
            )
            .unwrap();
        } else {
            text += ".\n\n";
        }
    }
    text
}

fn main() {
    let folder = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/booklets-long".to_string());
    std::fs::create_dir_all(&folder).expect("cannot create the folder");
    for pages in [60, 120, 200] {
        let mut draw = Draw(pages as u64);
        let title = format!("The Long Valley in {pages} Pages");
        let export = in_order_export(&title, pages, &mut draw);
        let booklet = booklet::impose(&booklet::pages(&export));
        let path = format!("{folder}/long-valley-{pages}.md");
        std::fs::write(&path, booklet).expect("cannot write the booklet");
        println!("{path}");
    }
}
