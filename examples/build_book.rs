//! Builds a book through the library API, without the command line:
//!
//! ```sh
//! cargo run --example build_book -- metadata/bolsheviks-pet-anarchist.toml out/
//! ```

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let manifest_path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "metadata/bolsheviks-pet-anarchist.toml".into()),
    );
    let out = PathBuf::from(args.next().unwrap_or_else(|| "out".into()));

    // Manifest → book model: read the source, restore its order, collect its notes.
    let manifest = quire::pipeline::load_manifest(&manifest_path)?;
    let assembled =
        quire::pipeline::from_manifest(&manifest, &quire::pipeline::Options::default())?;
    for warning in &assembled.warnings {
        eprintln!("warning: {warning}");
    }
    let book = &assembled.book;
    println!("{} by {}", book.meta.title, book.meta.authors.join(", "));
    for chapter in &book.chapters {
        let heading = chapter
            .heading
            .as_deref()
            .map(quire::model::Inline::plain_text);
        println!(
            "  {} ({} blocks)",
            heading.as_deref().unwrap_or("(opening)"),
            chapter.blocks.len()
        );
    }
    println!("  {} notes", book.notes.len());

    // Book model → EPUB file, written atomically.
    let path = quire::pipeline::write(&assembled, &out)?;
    println!("wrote {}", path.display());
    Ok(())
}
