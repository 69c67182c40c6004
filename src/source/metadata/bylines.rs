//! Bylines: the short line by a title that says who wrote the text, in the
//! forms web pages, print layouts and other languages give it ("By Jane Doe",
//! "Written by Jane Doe", "Posted on 3 May 2021 by Jane Doe", "BY JANE DOE",
//! "Par Jeanne Doe", "Jane Doe | 3 May 2021", "— Jane Doe").
//!
//! Every form is one opener followed by names, or names followed by a date:
//! one grammar, so a form seen once in one library is read in every library.

use super::clues::*;
use super::names::*;
use crate::source::front_matter::{date_line, split_authors};

/// What opens an English byline, before the names (compared without case).
/// "by" alone is the common form; the others are the ones magazines, blogs
/// and zines print ("Words by X. Photos by Y." credits X with the text).
const ENGLISH_OPENERS: [&str; 8] = [
    "by ",
    "written by ",
    "words by ",
    "text by ",
    "story by ",
    "essay by ",
    "words: ",
    "text: ",
];

/// What opens a byline in the other languages libraries hold, written as the
/// line opens (capitalised: "Par ailleurs" and "Von Anfang an" open sentences,
/// so the names after them must still read as names, two words at least).
const OTHER_LANGUAGE_OPENERS: [&str; 12] = [
    "Por ",    // Spanish, Portuguese
    "Par ",    // French
    "Von ",    // German
    "Di ",     // Italian
    "Door ",   // Dutch
    "Av ",     // Swedish, Norwegian
    "Af ",     // Danish
    "Autor: ", // Spanish, German, Czech, Polish
    "Autora: ",
    "Auteur : ",
    "Auteur: ",
    "Texte : ",
];

/// Most words a line opened by a word other than "By" holds as a byline: it
/// names people and perhaps a date; a longer line is a sentence that opens so.
const MAX_BYLINE_WORDS: usize = 14;

/// Fewest words a name after another language's opener must have: one
/// capitalised word after "Von" or "Di" is as often a noun or a surname
/// opening a sentence.
const MIN_OTHER_LANGUAGE_NAME_WORDS: usize = 2;

/// Words a posting line opens with before its date ("Posted on 3 May 2021
/// by Jane Doe"): the names follow the date's "by".
const POSTING_WORDS: [&str; 6] = [
    "posted on ",
    "published on ",
    "posted ",
    "published ",
    "updated ",
    "written on ",
];

/// What separates a byline's names from what follows them on the line (a
/// publication, a date, a reading time: "By Jane Doe on 3 May 2021").
const AFTER_NAMES: [&str; 7] = [" | ", " · ", " • ", " - ", " – ", " — ", " on "];

/// The names a line gives as a byline, or `None` when it is no byline.
pub(crate) fn byline_names(text: &str) -> Option<Vec<String>> {
    let opened = opener_rest(text)?;
    if opened.short_line && text.split_whitespace().count() > MAX_BYLINE_WORDS {
        return None;
    }
    let names = split_authors(&readable_case(names_part(opened.rest)));
    (!names.is_empty()
        && names
            .iter()
            .all(|n| plausible_name(n) && n.split_whitespace().count() >= opened.min_name_words))
    .then_some(names)
}

/// What follows a byline's opener, and what the names after it must be.
struct Opened<'a> {
    /// The line after its opener.
    rest: &'a str,
    /// Fewest words each name needs.
    min_name_words: usize,
    /// Whether the line must be short to be a byline: "By" opens bylines
    /// followed by a publication and a date; other openers open sentences too.
    short_line: bool,
}

/// What follows a byline's opener, when the line opens with one.
fn opener_rest(text: &str) -> Option<Opened<'_>> {
    let opened = |rest, min_name_words, short_line| Opened {
        rest,
        min_name_words,
        short_line,
    };
    let lower = text.to_lowercase();
    // Lower-casing keeps byte lengths for the ASCII openers, so `rest` is cut
    // where the opener ends in `text` too.
    let english = ENGLISH_OPENERS
        .iter()
        .find(|o| lower.starts_with(*o))
        .map(|o| opened(&text[o.len()..], 1, **o != *"by "));
    english
        .or_else(|| {
            OTHER_LANGUAGE_OPENERS
                .iter()
                .find(|o| text.starts_with(*o))
                .map(|o| opened(&text[o.len()..], MIN_OTHER_LANGUAGE_NAME_WORDS, true))
        })
        .or_else(|| piece_byline(text).map(|rest| opened(rest, 1, false)))
        .or_else(|| posting_byline(text, &lower).map(|rest| opened(rest, 1, true)))
}

/// The names of "Posted on 3 May 2021 by Jane Doe": the "by" that follows a
/// posting line's date.
fn posting_byline<'a>(text: &'a str, lower: &str) -> Option<&'a str> {
    let opener = POSTING_WORDS.iter().find(|o| lower.starts_with(*o))?;
    let by = lower.find(" by ")?;
    let dated = lower.get(opener.len()..by)?;
    date_line(dated.trim_end_matches(',')).and(text.get(by + " by ".len()..))
}

/// The names of a byline, up to what follows them: `By Jane Doe - The Paper`,
/// `By Jane Doe | 3 May`, `By Jane Doe, The Paper`, `Words by Jane Doe.
/// Photos by Bo Chan.`
fn names_part(rest: &str) -> &str {
    let mut end = sentence_end(rest).unwrap_or(rest.len());
    for mark in AFTER_NAMES {
        if let Some(at) = rest.find(mark) {
            end = end.min(at);
        }
    }
    // A comma after the last name opens the publication ("By Jane Doe, The
    // Paper"), unless the names are a list of them ("By A, B and C").
    let names = &rest[..end];
    let names = match names.split_once(", ") {
        Some((first, _)) if !names.contains(" and ") && !names.contains(" & ") => first,
        _ => names,
    };
    names.trim().trim_end_matches(['-', '–', '—', '.']).trim()
}

/// Fewest letters of a word a full stop after it ends a sentence: "Jr." and
/// an initial ("J. R. Tolkien") are shorter.
const MIN_SENTENCE_END_WORD_CHARS: usize = 3;

/// Where the first sentence of a line ends, at a full stop after a word (not
/// an initial or a short abbreviation).
fn sentence_end(text: &str) -> Option<usize> {
    text.match_indices(". ").map(|(at, _)| at).find(|&at| {
        let word = text[..at].rsplit(' ').next().unwrap_or("");
        word.chars().count() >= MIN_SENTENCE_END_WORD_CHARS
            && word.chars().last().is_some_and(char::is_lowercase)
    })
}

/// Names set in capitals ("JANE DOE") in the case names are written in
/// ("Jane Doe"); names with any small letter are kept as written.
fn readable_case(names: &str) -> String {
    if names.chars().any(char::is_lowercase) || !names.chars().any(char::is_uppercase) {
        names.to_string()
    } else {
        capitals_to_title_case(names)
    }
}

/// Longest line (in bytes) read as names under a title: six names of the
/// longest a name may be, with their separators and a date.
const MAX_NAMES_LINE: usize = 6 * MAX_AUTHOR_CHARS;

/// What separates names under a title from their date (`Jane Doe | 3 May
/// 2021`, `Jane Doe, 2021`).
const BEFORE_DATE: [char; 4] = [',', '|', '·', '•'];

/// The names of a line set under a title as a byline without a word before
/// them: `Jane Doe`, `— Jane Doe`, `Jane Doe | 3 May 2021`, `Jane Doe, 2021`.
/// Each name must have two words at least (one capitalised word under a title
/// is as often a place or a subject); names in capitals are not read, as a
/// subtitle is as often set so.
pub(super) fn names_under_title(line: &str) -> Option<Vec<String>> {
    let line = line.trim_start_matches(['—', '–', '-', ' ']);
    // A paragraph, not names: weighing each of its commas as the mark before
    // a date reads the rest of the line again each time.
    if line.len() > MAX_NAMES_LINE {
        return None;
    }
    // Every name opens with a capital (see `plausible_name`): a line that does
    // not needs no further reading.
    if !line.starts_with(char::is_uppercase) {
        return None;
    }
    // A line with an opener is a byline, read as one ("By Jane Doe").
    if opener_rest(line).is_some() {
        return None;
    }
    let names = line
        .match_indices(BEFORE_DATE)
        .find(|(at, mark)| date_line(line[at + mark.len()..].trim()).is_some())
        .map_or(line, |(at, _)| line[..at].trim());
    let names = split_authors(names);
    names
        .iter()
        .all(|n| {
            plausible_name(n)
                && crate::source::text::has_words(n, 2)
                && n.split_whitespace()
                    .skip(1)
                    .all(|w| !NOT_NAME_WORDS.contains(&w))
        })
        .then_some(names)
}

/// `— Jane Doe` closing the text: a letter's or a statement's signature.
/// Only a dash marks it: a bare name closing a text is as often a place, a
/// group's slogan or the last line of a list.
pub(super) fn read_sign_off(readings: &mut Readings, text: &str) {
    let Some(last) = text.lines().rev().map(str::trim).find(|l| !l.is_empty()) else {
        return;
    };
    let line = last.trim_matches(['*', '_', ' ']);
    if !line.starts_with(['—', '–']) && !line.starts_with("-- ") {
        return;
    }
    if let Some(names) = names_under_title(&crate::source::markdown::plain_line(line)) {
        readings.authors.push(Clue {
            value: names,
            evidence: ClueKind::SignOff,
            line: None,
        });
    }
}

/// `By Jane Doe -`, `By Jane Doe and Bo Chan, The Paper`, `Written by Jane
/// Doe`: a byline opening a block. One that does not open a block ends a
/// sentence ("Photos by ...").
pub(super) fn read_bylines(readings: &mut Readings) {
    for (index, line) in readings.opening.iter().enumerate() {
        if !line.starts_block {
            continue;
        }
        if let Some(opened) = opener_rest(&line.text) {
            if STAFF_NAMES.contains(&names_part(opened.rest).to_lowercase().as_str()) {
                if let Some(publication) = staff_publication(&readings.opening[index..]) {
                    readings.authors.push(Clue {
                        value: vec![publication],
                        evidence: ClueKind::StaffByline,
                        line: Some(index + 1),
                    });
                }
                break;
            }
        }
        if let Some(names) = byline_names(&line.text) {
            readings.authors.push(Clue {
                value: names,
                evidence: ClueKind::Byline,
                line: Some(index),
            });
            break;
        }
    }
}

/// What follows "by" in a line opening "An obituary by", "A review by",
/// "An essay by" ..., the piece the line credits to its writer.
fn piece_byline(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("An ")
        .or_else(|| text.strip_prefix("A "))?;
    let (piece, after) = rest.split_once(" by ")?;
    let piece = piece.to_lowercase();
    let last = piece.split_whitespace().last()?;
    (PIECE_WORDS.contains(&last) && piece.split_whitespace().count() <= MAX_PIECE_WORDS)
        .then_some(after.split(['.', ';', '(']).next().unwrap_or(after))
}

/// Most words "A ... by" may hold before "by": "A short obituary by".
const MAX_PIECE_WORDS: usize = 3;

/// The names of a heading that is only a byline (`## By Jane Doe`): the
/// byline a web page sets large, metadata, not a section of the text.
pub fn byline_heading(text: &str) -> Option<Vec<String>> {
    byline_names(text.trim())
}

/// What a byline says when no one person is named.
const STAFF_NAMES: [&str; 7] = [
    "staff",
    "the staff",
    "editors",
    "the editors",
    "editorial staff",
    "staff writer",
    "staff reporter",
];

/// The publication a staff byline names: "By staff - The Paper, May 4, 2021",
/// on one line or broken after the dash; `None` unless a date follows it,
/// which shows it is the byline's publication line and not the text.
fn staff_publication(lines: &[OpeningLine]) -> Option<String> {
    let joined = lines
        .iter()
        .take(3)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let (_, after_dash) = joined.split_once(" - ").or_else(|| {
        joined
            .split_once(" -")
            .filter(|(_, rest)| rest.starts_with(' ') || rest.is_empty())
    })?;
    let (publication, dated) = after_dash.split_once(',')?;
    let publication = publication.trim();
    let date_words: Vec<&str> = dated.split(['.', ';']).next()?.split_whitespace().collect();
    let dated =
        (1..=date_words.len().min(4)).any(|n| date_line(&date_words[..n].join(" ")).is_some());
    (dated && plausible_group_name(publication)).then(|| publication.to_string())
}
