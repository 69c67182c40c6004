//! Indexes the shipped word list's broken forms (each word with a ligature
//! dropped) as a perfect-hash map, so that no run pays for building it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

// The filter test is for the program; the build only sets the bits.
#[allow(dead_code)]
#[path = "src/source/broken_forms.rs"]
mod broken_forms;

fn main() {
    println!("cargo::rerun-if-changed=data/words.txt");
    println!("cargo::rerun-if-changed=src/source/broken_forms.rs");
    let words = std::fs::read_to_string("data/words.txt").expect("data/words.txt is readable");
    let mut forms: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for word in words.lines().filter(|w| w.contains('f')) {
        broken_forms::each_broken_form(&word.to_lowercase(), |broken, at, index| {
            let places = forms.entry(broken).or_default();
            if !places.contains(&(at, index)) {
                places.push((at, index));
            }
        });
    }
    let listed: std::collections::HashSet<&str> = words.lines().collect();
    let values: Vec<String> = forms
        .iter()
        .map(|(broken, places)| {
            let mut value = format!("({}, &[", listed.contains(broken.as_str()));
            for (at, index) in places {
                write!(value, "({at}, {index}),").unwrap();
            }
            value + "])"
        })
        .collect();
    let mut map = phf_codegen::Map::new();
    for (broken, value) in forms.keys().zip(&values) {
        map.entry(broken.as_str(), value);
    }
    let mut filter = vec![0u64; broken_forms::FILTER_BITS / 64];
    for broken in forms.keys() {
        for bit in broken_forms::filter_bits(broken_forms::fingerprint(broken.as_bytes())) {
            filter[bit / 64] |= 1 << (bit % 64);
        }
    }
    let code = format!(
        "/// The word list's words as they read with a ligature lost: whether the list\n\
         /// holds the broken form itself as a word, and where the ligature stood.\n\
         static BROKEN_LIST_FORMS: phf::Map<&'static str, ListedForm> = {};\n\
         /// A filter of [`BROKEN_LIST_FORMS`]'s keys, by [`fingerprint`].\n\
         static BROKEN_LIST_FILTER: [u64; {}] = {:?};\n",
        map.build(),
        filter.len(),
        filter
    );
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("broken_list_forms.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    write_line_starts();
}

/// Where each line of each shipped word list starts, so that a word is looked
/// up by a binary search over the lines without reading for their ends.
fn write_line_starts() {
    let mut code = String::new();
    for (name, path) in [
        ("EN", "data/words.txt"),
        ("DA", "data/words-da.txt"),
        ("DE", "data/words-de.txt"),
        ("ES", "data/words-es.txt"),
        ("FR", "data/words-fr.txt"),
        ("IT", "data/words-it.txt"),
        ("NB", "data/words-nb.txt"),
        ("NL", "data/words-nl.txt"),
        ("PT", "data/words-pt.txt"),
        ("SV", "data/words-sv.txt"),
    ] {
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read(path).expect("the word lists are readable");
        let starts: Vec<u32> = std::iter::once(0)
            .chain(
                text.iter()
                    .enumerate()
                    .filter(|&(at, &b)| b == b'\n' && at + 1 < text.len())
                    .map(|(at, _)| at as u32 + 1),
            )
            .collect();
        writeln!(
            code,
            "static LINES_{name}: [u32; {}] = {starts:?};",
            starts.len()
        )
        .unwrap();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("word_list_lines.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
