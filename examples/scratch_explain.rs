fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let c = quire::source::read(&text);
    for l in &c.explanation { println!("{l}"); }
    for w in &c.warnings { println!("WARN {:?}", w); }
    println!("{:#?}", c.front);
    for ch in &c.chapters { println!("== {:?} ({} blocks)", ch.heading.as_ref().map(|h| quire::model::Inline::plain_text(h)), ch.blocks.len()); }
}
