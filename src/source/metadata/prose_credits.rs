//! Readers of credits in running prose, beside [`super::readers`]' lines and
//! headers: "..., writes Jane Doe", "This article was first published by X",
//! a tag the text signs, a closing signature, a "Who we are" or "About the
//! author" panel, members of a group giving their account. Each is weaker
//! than a labelled line or a byline (see the weights in [`super::clues`]).

use super::clues::*;
use super::names::*;
use crate::source::text::compare_key;

/// How many opening lines after the title the standfirst is looked for in.
const STANDFIRST_LINES: usize = 4;

/// The standfirst: the opening lines of text (headings aside) where a credit
/// of the whole piece sits, each with its index among the opening lines.
fn standfirst(opening: &[OpeningLine]) -> impl Iterator<Item = (usize, &OpeningLine)> {
    opening
        .iter()
        .enumerate()
        .take(STANDFIRST_LINES + 1)
        .filter(|(_, line)| !line.heading)
}

/// "... is set to happen tomorrow, writes Jane Doe of The Paper." in the
/// paragraph that opens the text; not after a quotation, whose writer is quoted.
pub(super) fn read_writes_credit(readings: &mut Readings) {
    for (index, line) in standfirst(&readings.opening) {
        let Some(at) = line.text.find(", writes ") else {
            continue;
        };
        if line.text[..at].ends_with(['"', '\u{201d}', '\'', '\u{2019}']) {
            continue;
        }
        let rest = &line.text[at + ", writes ".len()..];
        let sentence = rest.split(['.', ';', ':', '(']).next().unwrap_or("");
        let name = [" of ", " for ", " in ", " at ", ", "]
            .iter()
            .filter_map(|w| sentence.find(w))
            .min()
            .map_or(sentence, |end| &sentence[..end])
            .trim();
        if plausible_name(name) && !crate::source::text::has_words(name, 5) {
            readings.authors.push(Clue {
                value: vec![name.to_string()],
                evidence: ClueKind::WritesCredit,
                line: Some(index),
            });
            return;
        }
    }
}

/// A signature reads as a name: capitalised words (or small joining ones),
/// whatever stands in brackets after them aside ("(London section)").
fn reads_as_name(line: &str) -> bool {
    let outside = line.split('(').next().unwrap_or(line);
    !outside.trim().is_empty()
        && outside
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || joins_name_words(w))
}

/// Most words a closing signature has.
const SIGNATURE_WORDS: usize = 8;

/// The text's last line, when it is a name set apart ("JANE DOE (for the
/// Collective)."), kept when it spells out more fully a name read elsewhere.
pub(super) fn read_signature(readings: &mut Readings, text: &str) {
    let Some(last) = text.lines().rev().find(|l| !l.trim().is_empty()) else {
        return;
    };
    let line = last
        .trim()
        .trim_start_matches(['#', ' ', '*', '_', '-', '\u{2014}'])
        .trim_end_matches(['.', '*', '_', ' ']);
    if line.is_empty()
        || crate::source::text::has_words(line, SIGNATURE_WORDS + 1)
        || line.contains([':', '!', '?', '"', '[', '<'])
        || !line.starts_with(char::is_uppercase)
        || line.contains(|c: char| c.is_ascii_digit())
        || !reads_as_name(line)
    {
        return;
    }
    let key = compare_key(line);
    let known: Vec<String> = readings
        .subjects
        .iter()
        .cloned()
        .chain(
            readings
                .authors
                .iter()
                .flat_map(|c| c.value.iter().cloned()),
        )
        .collect();
    if known.iter().any(|name| {
        let k = compare_key(name);
        !k.is_empty() && key.len() > k.len() && key.starts_with(&k)
    }) {
        readings.authors.push(Clue {
            value: vec![line.to_string()],
            evidence: ClueKind::Signature,
            line: None,
        });
    }
}

/// What a sentence opening "This article was first published by" says next.
const CREDIT_OPENINGS: [&str; 6] = ["article", "post", "piece", "text", "statement", "report"];
const CREDIT_VERBS: [&str; 4] = [
    "published by ",
    "posted by ",
    "appeared on ",
    "appeared in ",
];

/// "This article was previously published by the X." / "This post first appeared on X."
pub(super) fn read_credits(readings: &mut Readings) {
    for (index, line) in readings.opening.iter().enumerate() {
        // Most lines hold no "This ": one search settles them.
        let these: Vec<usize> = line.text.match_indices("This ").map(|(at, _)| at).collect();
        if these.is_empty() {
            continue;
        }
        for opening in CREDIT_OPENINGS {
            let Some(at) = these.iter().copied().find(|&at| {
                line.text[at + 5..]
                    .strip_prefix(opening)
                    .is_some_and(|rest| rest.starts_with(' '))
            }) else {
                continue;
            };
            let rest = &line.text[at + 6 + opening.len()..];
            let Some((verb_at, verb)) = CREDIT_VERBS
                .iter()
                .filter_map(|v| rest.find(v).map(|i| (i, v)))
                .min()
            else {
                continue;
            };
            // Only "was", "first", "previously" and the like between the noun and the verb.
            if rest[..verb_at].split_whitespace().count() > 2 {
                continue;
            }
            let name = rest[verb_at + verb.len()..]
                .split(['.', ',', ';', '(', '['])
                .next()
                .unwrap_or("")
                .trim();
            let name = name.strip_prefix("the ").unwrap_or(name);
            if plausible_group_name(name) {
                readings.authors.push(Clue {
                    value: vec![name.to_string()],
                    evidence: ClueKind::Credit,
                    line: Some(index),
                });
                return;
            }
        }
    }
}

/// A tag naming a person that the text signs ("## Jane Doe, 3/4/2010") or credits ("by Jane Doe").
pub(super) fn read_signed_tags(readings: &mut Readings, text: &str) {
    let description = readings.description.as_deref();
    let signed: Vec<String> = readings
        .subjects
        .iter()
        .filter(|tag| plausible_name(tag) && crate::source::text::has_words(tag, 2))
        .filter(|tag| {
            // "..., by X" closes a description with its author's name.
            text.contains(&format!(", by {tag}"))
                || AUTHORSHIP_WORDS
                    .iter()
                    .any(|word| text.contains(&format!("{word} by {tag}")))
                || description.is_some_and(|d| {
                    opens_with_possessive_credit(d, tag) || opens_with_credit(d, tag)
                })
                || text.lines().any(|line| {
                    let line = line.trim_start_matches(['#', ' ', '*', '_']);
                    line.strip_prefix(tag.as_str()).is_some_and(|rest| {
                        rest.chars().all(|c| {
                            c.is_ascii_digit()
                                || c.is_whitespace()
                                || matches!(c, ',' | '/' | '.' | '-' | '*' | '_')
                        })
                    })
                })
        })
        .cloned()
        .collect();
    if !signed.is_empty() {
        readings.authors.push(Clue {
            value: signed,
            evidence: ClueKind::SignedTag,
            line: None,
        });
    }
}

/// Words for what a group or person put out, when a description opens "A
/// response by X": there, at the head of the library's description, "by"
/// credits the text itself (deeper in a text, "a report by X" cites another).
const DESCRIPTION_CREDIT_WORDS: [&str; 6] = [
    "response",
    "reply",
    "report",
    "statement",
    "article",
    "text",
];

/// A description that opens "A response by the X to ...".
fn opens_with_credit(description: &str, tag: &str) -> bool {
    let mut words = description.splitn(3, ' ');
    let (Some(article), Some(word), Some(rest)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let rest = rest.strip_prefix("by ").unwrap_or("");
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    matches!(article, "A" | "An")
        && DESCRIPTION_CREDIT_WORDS.contains(&word)
        && rest
            .strip_prefix(tag)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', ',', '.', ':']))
}

/// Words for a piece of writing, after a possessive that credits its writer
/// ("Jane Doe's pioneering study of ...").
const WORK_WORDS: [&str; 8] = [
    "work", "study", "book", "essay", "history", "account", "pamphlet", "article",
];

/// A description that opens with the tag's possessive and, within two words,
/// a word for a piece of writing: "Jane Doe's pioneering work on ...".
fn opens_with_possessive_credit(description: &str, tag: &str) -> bool {
    let Some(rest) = description.strip_prefix(tag) else {
        return false;
    };
    let Some(rest) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("\u{2019}s "))
    else {
        return false;
    };
    rest.split_whitespace()
        .take(3)
        .any(|w| WORK_WORDS.contains(&w.trim_end_matches([',', '.'])))
}

/// What heads the panel where a document's makers say who they are, longest
/// first so "about the authors" is not read as "about the author" and an "s".
const SELF_DESCRIPTION_LABELS: [&str; 4] = [
    "about the authors",
    "about the author",
    "who we are",
    "about us",
];

/// How such a panel goes on after the name: "X is a coalition of ...".
const SELF_DESCRIPTION_VERBS: [&str; 6] = [
    " is a ", " is an ", " are a ", " are an ", " is the ", " was a ",
];

/// A "Who we are" or "About the author" panel that opens with the name of who
/// made the document: "WHO WE ARE The X Alliance (XA) is a coalition of ...".
pub(super) fn read_self_description(readings: &mut Readings, text: &str) {
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let line = line.trim_start_matches(['#', ' ', '*', '_']);
        // Most lines open with some other letter: one comparison settles them.
        if !line.starts_with(['W', 'w', 'A', 'a']) {
            continue;
        }
        let Some(label) = SELF_DESCRIPTION_LABELS.iter().find(|label| {
            line.get(..label.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(label))
                && !line[label.len()..].starts_with(char::is_alphanumeric)
        }) else {
            continue;
        };
        let after = line[label.len()..]
            .trim_start_matches([':', ' ', '*', '_', '.', '-', '\u{2013}', '\u{2014}']);
        let panel = if after.is_empty() {
            lines
                .by_ref()
                .find(|l| !l.is_empty())
                .unwrap_or("")
                .trim_start_matches(['#', ' ', '*', '_'])
        } else {
            after
        };
        if let Some(name) = described_name(&crate::source::markdown::plain_line(panel)) {
            readings.authors.push(Clue {
                value: vec![name],
                evidence: ClueKind::SelfDescription,
                line: None,
            });
        }
        return;
    }
}

/// Most words a closing note about the writer holds: a line or two of
/// biography, not a paragraph of the argument.
const MAX_CLOSING_BIO_WORDS: usize = 60;

/// "*Jane Doe is a writer and organiser based in Lisbon.*": the text's last
/// paragraph, short, set apart (in italics, or after a rule), opening with a
/// name and "is a": the note about its writer that articles and zines close
/// with, unlabelled. Set apart, as such notes are, it is no closing sentence
/// of the argument ("Mutual Aid is a factor of evolution.").
pub(super) fn read_closing_bio(readings: &mut Readings, text: &str) {
    let mut paragraphs = text.rsplit("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let Some(last) = paragraphs.next() else {
        return;
    };
    let italic = ["*", "_"]
        .iter()
        .any(|mark| last.starts_with(mark) && last.ends_with(mark) && !last.starts_with("**"));
    let after_rule = paragraphs
        .next()
        .is_some_and(|before| matches!(before, "---" | "***" | "* * *" | "___"));
    if !(italic || after_rule)
        || last.contains('\n')
        || crate::source::text::has_words(last, MAX_CLOSING_BIO_WORDS + 1)
    {
        return;
    }
    let plain = crate::source::markdown::plain_line(last);
    // The name must open the paragraph: "The X is a ..." after a sentence is the argument's.
    let Some(name) = described_name(&plain).filter(|name| plain.starts_with(name.as_str())) else {
        return;
    };
    readings.authors.push(Clue {
        value: vec![name],
        evidence: ClueKind::ClosingBio,
        line: None,
    });
}

/// The name a panel opens with, before "is a": without "The" or the short form
/// in brackets after it, and in title case when the panel is set in capitals.
fn described_name(panel: &str) -> Option<String> {
    let lower = panel.to_ascii_lowercase();
    let at = SELF_DESCRIPTION_VERBS
        .iter()
        .filter_map(|verb| lower.find(verb))
        .min()?;
    let mut name = panel[..at].trim();
    if name.ends_with(')') {
        if let Some(open) = name.rfind(" (") {
            name = name[..open].trim();
        }
    }
    if name
        .get(..4)
        .is_some_and(|the| the.eq_ignore_ascii_case("the "))
    {
        name = &name[4..];
    }
    let name = if name.chars().any(char::is_lowercase) {
        name.to_string()
    } else {
        capitals_to_title_case(name)
    };
    let first = name.split_whitespace().next().unwrap_or("");
    (crate::source::text::has_words(&name, 2)
        && plausible_group_name(&name)
        && !NOT_NAME_WORDS.contains(&first)
        && !name.contains(['.', ',', ';', ':']))
    .then_some(name)
}

/// Where the name of "Members of X who ..." ends.
const MEMBERS_NAME_ENDS: [&str; 8] = [
    " who ", ", ", " provide", " give", " offer", " share", " present", " write",
];

/// Words for what members give of their own, after "their": "give their account".
const ACCOUNT_WORDS: [&str; 10] = [
    "account",
    "analysis",
    "summary",
    "reflections",
    "thoughts",
    "report",
    "perspective",
    "assessment",
    "views",
    "experiences",
];

/// What members do with their account when they wrote it ("provide their
/// analysis"), not when it is told of them ("police dismissed their account").
const GIVING_VERBS: [&str; 12] = [
    "provide", "provides", "give", "gives", "offer", "offers", "share", "shares", "present",
    "presents", "set", "sets",
];

/// How far after "their" the word for an account may come ("their summary and
/// analysis", "their own brief account").
const ACCOUNT_WORD_REACH: usize = 3;

/// "Members of X who took part in ... provide their summary and analysis." at
/// the head of the text: the group wrote it.
pub(super) fn read_members_account(readings: &mut Readings) {
    for (index, line) in standfirst(&readings.opening) {
        let Some(rest) = line.text.strip_prefix("Members of ") else {
            continue;
        };
        let sentence = rest.split(". ").next().unwrap_or(rest);
        let gives_account = sentence.match_indices(" their ").any(|(at, _)| {
            let verb = sentence[..at].rsplit(' ').next().unwrap_or("");
            GIVING_VERBS.contains(&verb)
                && sentence[at + " their ".len()..]
                    .split_whitespace()
                    .take(ACCOUNT_WORD_REACH)
                    .any(|w| ACCOUNT_WORDS.contains(&w.trim_end_matches([',', '.'])))
        });
        if !gives_account {
            continue;
        }
        let end = MEMBERS_NAME_ENDS
            .iter()
            .filter_map(|w| sentence.find(w))
            .min()
            .unwrap_or(sentence.len());
        let name = sentence[..end].trim();
        let name = name.strip_prefix("the ").unwrap_or(name);
        // "Black Rose/Rosa Negra – Los Angeles": a group and its local
        // section, read as a group's name once its slash and dash are set aside.
        let words: Vec<&str> = name
            .split([' ', '/'])
            .filter(|w| !w.is_empty() && !matches!(*w, "-" | "\u{2013}" | "\u{2014}"))
            .collect();
        if words.len() >= 2 && plausible_group_name(&words.join(" ")) {
            readings.authors.push(Clue {
                value: vec![name.to_string()],
                evidence: ClueKind::MembersAccount,
                line: Some(index),
            });
            return;
        }
    }
}
