//! `cargo bench`: the pipeline's stages on the bundled essay, timed apart.
//!
//! A plain harness (no external framework): each stage runs for about a
//! second, and the median of its per-iteration times is printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use quire::source;

const ESSAY: &str = include_str!("../examples/bolsheviks-pet-anarchist.md");

fn measure(name: &str, mut stage: impl FnMut()) {
    for _ in 0..20 {
        stage(); // warm-up
    }
    let mut samples = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) || samples.len() < 50 {
        let t = Instant::now();
        stage();
        samples.push(t.elapsed());
    }
    samples.sort();
    let median = samples[samples.len() / 2];
    let fastest = samples[0];
    println!(
        "{name:<34} median {:>9.1} µs   fastest {:>9.1} µs   ({} runs)",
        median.as_secs_f64() * 1e6,
        fastest.as_secs_f64() * 1e6,
        samples.len()
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with --test-ish flags; time only under `cargo bench`.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    println!(
        "bundled essay: {} bytes, {} lines",
        ESSAY.len(),
        ESSAY.lines().count()
    );

    measure("read (normalise, blocks)", || {
        let text = source::text::normalize(black_box(ESSAY));
        black_box(source::text::blocks(&text));
    });
    let blocks = source::text::blocks(&source::text::normalize(ESSAY));
    measure("reconstruct (pages, order, joins)", || {
        black_box(source::page_export::reconstruct(
            black_box(blocks.clone()),
            Default::default(),
        ));
    });
    let markdown = source::page_export::reconstruct(blocks.clone(), Default::default()).markdown;
    measure("ligatures (look for lost ones)", || {
        black_box(source::ligatures::repair(
            black_box(&markdown),
            source::ligatures::Scope::AllLosses,
        ));
    });
    measure("metadata (title and author evidence)", || {
        black_box(source::metadata::read_document(black_box(ESSAY)));
    });
    measure("parse (Markdown to model)", || {
        black_box(source::markdown::parse(black_box(&markdown)));
    });
    measure("source total (read → model)", || {
        black_box(source::read(black_box(ESSAY)));
    });

    let manifest = quire::pipeline::load_manifest(std::path::Path::new(
        "metadata/bolsheviks-pet-anarchist.toml",
    ))
    .expect("the bundled manifest");
    let assembled =
        quire::pipeline::from_manifest(&manifest, &Default::default()).expect("the bundled essay");
    measure("render (XHTML, nav, NCX)", || {
        black_box(quire::render::render(black_box(&assembled.book)));
    });
    // A batch packages a different book each time: the compressor deflates a
    // file once when it is the same in every book (the stylesheet), so the
    // same book packaged again and again would measure too little.
    let variants = variants(&assembled.book, 16);
    let mut next = 0;
    measure("package (render + OPF + zip)", || {
        next = (next + 1) % variants.len();
        black_box(quire::package::epub_bytes(black_box(&variants[next])).unwrap());
    });
    let mut meta = assembled.book.meta.clone();
    let mut n = 0u32;
    measure("cover (draw + PNG, a new colour each)", || {
        n += 1;
        meta.identifier = format!("urn:uuid:{n}");
        black_box(quire::render::cover::generate(black_box(&meta)));
    });
    let rules = quire::render::typography::rules_for("en").unwrap();
    measure("typography (whole book)", || {
        let mut book = assembled.book.clone();
        quire::render::typography::apply(black_box(&mut book), &rules);
        black_box(book);
    });
    let mut round = 0;
    measure("end to end in memory", || {
        let assembled = quire::pipeline::from_manifest(&manifest, &Default::default()).unwrap();
        round += 1;
        let book = variant(assembled.book, round);
        black_box(quire::package::epub_bytes(&book).unwrap());
    });
}

/// `count` books that differ from `book`, and from each other, in every text file.
fn variants(book: &quire::model::Book, count: usize) -> Vec<quire::model::Book> {
    (0..count).map(|k| variant(book.clone(), k)).collect()
}

/// `book` with its title and a paragraph in every chapter and note marked `k`.
fn variant(mut book: quire::model::Book, k: usize) -> quire::model::Book {
    use quire::model::{Block, Inline};
    let mark = || Block::Paragraph(vec![Inline::Text(format!("Variant {k}."))]);
    book.meta.title = format!("{} ({k})", book.meta.title);
    book.meta.identifier = format!("urn:uuid:{k}");
    for chapter in &mut book.chapters {
        chapter.blocks.push(mark());
    }
    for note in &mut book.notes {
        note.blocks.push(mark());
    }
    book
}
