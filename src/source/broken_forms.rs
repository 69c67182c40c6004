//! How a word reads when a PDF export lost one of its ligatures: "office"
//! reads "oce" with "ffi" gone at byte 1. Shared by the build script, which
//! indexes the shipped word list this way once, and by the repair, which
//! indexes a text's own words the same way.

/// What a dropped ligature glyph stood for, most common first.
pub const LIGATURES: [&str; 5] = ["fi", "fl", "ff", "ffi", "ffl"];

/// Calls `found(broken, at, ligature)` for each ligature in `lower` (a word in
/// lower case) dropped: the word as it then reads, the byte where the
/// ligature stood, and the ligature's index in [`LIGATURES`].
pub fn each_broken_form(lower: &str, mut found: impl FnMut(String, usize, usize)) {
    let bytes = lower.as_bytes();
    // Every ligature opens with an f: most words have none, and need no search.
    if !bytes.contains(&b'f') {
        return;
    }
    for (index, ligature) in LIGATURES.iter().enumerate() {
        let ligature = ligature.as_bytes();
        // Where the ligature stands, left to right and not overlapping (as
        // `match_indices` finds them: "fff" holds one "ff", at 0).
        let mut at = 0;
        while at + ligature.len() <= bytes.len() {
            if &bytes[at..at + ligature.len()] != ligature {
                at += 1;
                continue;
            }
            let mut broken = String::with_capacity(lower.len() - ligature.len());
            broken.push_str(&lower[..at]);
            broken.push_str(&lower[at + ligature.len()..]);
            found(broken, at, index);
            at += ligature.len();
        }
    }
}

/// A word's fingerprint, the same when the program is built and when it runs.
/// It reads the word's bytes eight at a time with the case bit set, so a word
/// of ASCII letters in any case has its lower case's fingerprint, and a long
/// word costs a few multiplications rather than one a byte.
pub fn fingerprint(lower: &[u8]) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    const CASE: u64 = 0x2020_2020_2020_2020;
    let mut hash = (lower.len() as u64).wrapping_mul(MIX);
    let mut chunks = lower.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ (u64::from_le_bytes(word) | CASE)).wrapping_mul(MIX);
        hash ^= hash >> 29;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = (hash ^ (u64::from_le_bytes(word) | CASE)).wrapping_mul(MIX);
        hash ^= hash >> 29;
    }
    hash
}

/// Bits in the filter of the word list's broken forms: 16 KiB, which stays in
/// a core's cache, for about one false hit in a hundred among its ~8,000 forms.
pub const FILTER_BITS: usize = 1 << 17;

/// The two bits of the filter a fingerprint sets.
pub fn filter_bits(fingerprint: u64) -> [usize; 2] {
    let mixed = fingerprint.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    [
        (mixed >> (64 - 17)) as usize,
        ((mixed >> 30) as usize) & (FILTER_BITS - 1),
    ]
}

/// Whether `filter` may hold a form with this fingerprint (a Bloom filter:
/// never a miss for one it holds, rarely a hit for one it does not).
pub fn filter_holds(filter: &[u64], fingerprint: u64) -> bool {
    filter_bits(fingerprint)
        .iter()
        .all(|&bit| filter[bit / 64] & (1 << (bit % 64)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn each_ligature_is_dropped_where_it_stands(lower in "(f|i|l|o|e|é|c)*") {
            let mut found = Vec::new();
            each_broken_form(&lower, |broken, at, index| {
                found.push((broken, at, index));
            });
            // What the word reads as with each ligature's every (non-overlapping) place dropped.
            let mut expected = Vec::new();
            for (index, ligature) in LIGATURES.iter().enumerate() {
                for (at, _) in lower.match_indices(ligature) {
                    let broken = format!("{}{}", &lower[..at], &lower[at + ligature.len()..]);
                    expected.push((broken, at, index));
                }
            }
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn office_reads_oce_with_ffi_gone() {
        let mut found = Vec::new();
        each_broken_form("office", |broken, at, index| {
            found.push((broken, at, LIGATURES[index]));
        });
        assert!(found.contains(&("oce".to_string(), 1, "ffi")), "{found:?}");
        assert!(found.contains(&("oice".to_string(), 1, "ff")), "{found:?}");
    }
}
