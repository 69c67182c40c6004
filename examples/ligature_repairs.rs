//! Measures ligature repair on real exports: for each file, the words that
//! carry a private-use character (certainly broken), how many were repaired,
//! and every repair made, for a person to read through.
//!
//! Each file is read as quire reads it: a page export is always repaired,
//! another text only when its loss of ligatures is evident.
//!
//! Usage: cargo run --release --example ligature_repairs -- FILE.md...

use quire::source::ligatures::{self, Scope};

fn main() {
    let (mut marked_total, mut marked_fixed, mut all_repairs, mut ambiguous) = (0, 0, 0, 0);
    let (mut one_possible, mut right, mut wrong) = (0, 0, 0);
    let mut seen = std::collections::BTreeMap::<(String, String), usize>::new();
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let scope = match quire::source::read(&text).kind {
            Some(quire::source::SourceKind::PageExport) => Scope::AllLosses,
            _ => Scope::Evident,
        };
        let is_mark = |c: char| ('\u{e000}'..='\u{f8ff}').contains(&c);
        // Words with a private-use character between letters: broken for sure.
        let marked = text
            .split(|c: char| !(c.is_alphabetic() || is_mark(c)))
            .filter(|w| w.chars().any(is_mark) && w.chars().any(char::is_alphabetic))
            .count();
        let Some(repaired) = ligatures::repair(&text, scope) else {
            continue;
        };
        // The marked words still there after repair, for a person to look at.
        let mut left: Vec<String> = repaired
            .text
            .split(|c: char| !(c.is_alphabetic() || is_mark(c)))
            .filter(|w| w.chars().any(is_mark) && w.chars().any(char::is_alphabetic))
            .map(|w| {
                w.chars()
                    .map(|c| if is_mark(c) { '\u{fffd}' } else { c })
                    .collect()
            })
            .collect();
        left.sort();
        left.dedup();
        if !left.is_empty() {
            println!("  left as they were: {}", left.join(" "));
        }
        // The measure: words with a private-use mark (certainly broken) for
        // which exactly one ligature makes a known word, and what became of them.
        let words: std::collections::HashSet<&str> = text
            .split(|c: char| !(c.is_alphabetic() || is_mark(c)))
            .filter(|w| !w.chars().any(is_mark))
            .collect();
        for word in text.split(|c: char| !(c.is_alphabetic() || is_mark(c))) {
            let marks: Vec<char> = word.chars().filter(|&c| is_mark(c)).collect();
            if marks.len() != 1 || !word.chars().any(char::is_alphabetic) {
                continue;
            }
            let mut possible: Vec<String> = ligatures::LIGATURES
                .iter()
                .map(|l| word.replace(marks[0], l))
                .filter(|w| ligatures::is_known_word(w) || words.contains(w.as_str()))
                .collect();
            possible.dedup();
            if possible.len() != 1 {
                continue;
            }
            one_possible += 1;
            match repaired.repairs.iter().find(|r| r.broken == word) {
                Some(r) if r.repaired.to_lowercase() == possible[0].to_lowercase() => right += 1,
                Some(r) => {
                    wrong += 1;
                    println!(
                        "  WRONG: {word} -> {} (the one possible: {})",
                        r.repaired, possible[0]
                    );
                }
                None => println!("  missed: {}", word.replace(marks[0], "\u{fffd}")),
            }
        }
        let fixed: usize = repaired
            .repairs
            .iter()
            .filter(|r| r.broken.chars().any(is_mark))
            .map(|r| r.count)
            .sum();
        println!(
            "{path}: {} repairs ({} distinct), {fixed} of {marked} marked words, {} ambiguous",
            repaired.count(),
            repaired.repairs.len(),
            repaired.ambiguous
        );
        marked_total += marked;
        marked_fixed += fixed;
        all_repairs += repaired.count();
        ambiguous += repaired.ambiguous;
        for r in &repaired.repairs {
            let broken: String = r
                .broken
                .chars()
                .map(|c| if is_mark(c) { '\u{fffd}' } else { c })
                .collect();
            *seen.entry((broken, r.repaired.clone())).or_default() += r.count;
        }
    }
    println!("\nevery distinct repair:");
    for ((broken, repaired), count) in &seen {
        println!("  {broken} -> {repaired} ({count})");
    }
    println!(
        "\nMARKED WORDS WITH ONE POSSIBLE REPAIR: {one_possible}; repaired rightly {right} ({:.1}%), wrongly {wrong}",
        100.0 * right as f64 / one_possible.max(1) as f64
    );
    println!(
        "\nTOTAL: {all_repairs} words repaired ({} distinct); marked words repaired: {marked_fixed} of {marked_total}; {ambiguous} left alone as ambiguous",
        seen.len()
    );
}
