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
    for (index, ligature) in LIGATURES.iter().enumerate() {
        for (at, _) in lower.match_indices(ligature) {
            found(
                format!("{}{}", &lower[..at], &lower[at + ligature.len()..]),
                at,
                index,
            );
        }
    }
}
