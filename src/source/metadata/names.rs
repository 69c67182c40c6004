//! What reads as a person's or a group's name, and the words that never do.

use super::clues::MAX_AUTHOR_CHARS;
use crate::source::front_matter::looks_like_name;

/// The small words that may join the capitalised words of a name ("Friends of the Earth").
pub(super) fn joins_name_words(word: &str) -> bool {
    matches!(
        word,
        "of" | "for" | "the" | "and" | "&" | "de" | "on" | "in"
    )
}

/// A group's name as credits write it: capitalised words joined by a few small ones.
pub(super) fn plausible_group_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=7).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || joins_name_words(w)
        })
        && name.chars().count() <= MAX_AUTHOR_CHARS
}

/// Words that, before "by", make it a credit of authorship ("an article by
/// X"), not of something else ("forwarded to us by X", "photos by X").
pub(super) const AUTHORSHIP_WORDS: [&str; 10] = [
    "article",
    "essay",
    "text",
    "written",
    "piece",
    "post",
    "lecture",
    "statement",
    "pamphlet",
    "interview",
];

/// Words that open a heading or a phrase, never a person's name.
pub(super) const NOT_NAME_WORDS: [&str; 16] = [
    "The",
    "A",
    "An",
    "Of",
    "In",
    "On",
    "For",
    "To",
    "With",
    "From",
    "At",
    "Part",
    "Chapter",
    "Introduction",
    "Contents",
    "Notes",
];

/// What a book's opening pages are called; a line of them is a list of
/// contents or a template's labels ("Cover Title Page Dedication Epigraph"), never a name.
pub(super) const TITLE_PAGE_LABELS: [&str; 14] = [
    "Cover",
    "Title",
    "Page",
    "Dedication",
    "Epigraph",
    "Contents",
    "Copyright",
    "Foreword",
    "Preface",
    "Acknowledgements",
    "Acknowledgments",
    "Colophon",
    "Index",
    "Frontispiece",
];

/// Label words a name may hold before it reads as a list of labels: one can
/// be a surname (Page), two are the template's words.
const MAX_LABEL_WORDS_IN_NAME: usize = 1;

/// Words naming a piece that "A/An WORD by X" credits to its writer, opening a line.
pub(super) const PIECE_WORDS: [&str; 14] = [
    "article",
    "essay",
    "obituary",
    "review",
    "tribute",
    "speech",
    "talk",
    "lecture",
    "interview",
    "statement",
    "pamphlet",
    "memoir",
    "letter",
    "report",
];

/// One person's (or group's) name as bylines write it: a few capitalised
/// words, no sentence punctuation, not a heading such as "The Early Years".
pub(super) fn plausible_name(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    looks_like_name(name)
        && name.chars().count() <= MAX_AUTHOR_CHARS
        && !NOT_NAME_WORDS.contains(&first)
        && name.chars().any(char::is_lowercase)
        && name
            .split_whitespace()
            .filter(|w| TITLE_PAGE_LABELS.contains(w))
            .count()
            <= MAX_LABEL_WORDS_IN_NAME
}

/// "NEVADA HOUSING JUSTICE ALLIANCE" as a name is written: "Nevada Housing
/// Justice Alliance", the small joining words in lower case.
pub(super) fn capitals_to_title_case(name: &str) -> String {
    name.split_whitespace()
        .enumerate()
        .map(|(index, word)| {
            let lower = word.to_lowercase();
            if index > 0 && joins_name_words(&lower) {
                return lower;
            }
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}
