//! The header line some library exports open with (`Title - Author Date: X
//! Source: URL Tags: a, b`, on one line or several): the title, the author
//! after a spaced dash, the date, the address and the tags.

use super::clues::*;

use crate::source::front_matter::date_line;
use crate::source::text::compare_key;

/// Splits `Title - Author` at its last spaced dash.
pub(super) fn split_dash(text: &str) -> Option<(&str, &str)> {
    [" - ", " – ", " — "]
        .iter()
        .filter_map(|dash| text.rfind(dash).map(|at| (at, dash.len())))
        .max_by_key(|(at, _)| *at)
        .map(|(at, len)| (text[..at].trim(), text[at + len..].trim()))
}

/// The header some library exports open with, on one line
/// (`Title Date: X Source: URL Tags: a, b`) or over several (`Title` /
/// `Date: X` / `Source: URL` / `Tags: a, b`).
pub(super) fn read_header(readings: &mut Readings) {
    let lines = &readings.opening;
    let mut found = None;
    for (index, line) in lines.iter().enumerate().take(12) {
        if let Some(at) = line.text.find(" Date: ") {
            let rest = &line.text[at + 1..];
            if rest.contains(" Source: ") || rest.contains(" Tags: ") {
                found = Some((index, line.text[..at].trim().to_string(), rest.to_string()));
                break;
            }
        }
        if line.text.starts_with("Date:") && index > 0 {
            let fields: Vec<&str> = lines[index..lines.len().min(index + 4)]
                .iter()
                .map(|l| l.text.as_str())
                .collect();
            if fields
                .iter()
                .any(|f| f.starts_with("Source:") || f.starts_with("Tags:"))
            {
                found = Some((index - 1, lines[index - 1].text.clone(), fields.join(" ")));
                break;
            }
        }
    }
    let Some((line, title, fields)) = found else {
        return;
    };
    let field = |name: &str| -> Option<String> {
        let start = fields.find(&format!("{name}:"))? + name.len() + 1;
        let rest = &fields[start..];
        let end = ["Date:", "Source:", "Tags:"]
            .iter()
            .filter_map(|f| rest.find(&format!(" {f}")))
            .min()
            .unwrap_or(rest.len());
        Some(rest[..end].trim().to_string()).filter(|v| !v.is_empty())
    };
    readings.date = field("Date").and_then(|d| date_line(&d));
    readings.source_url = field("Source")
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    readings.subjects = field("Tags")
        .map(|t| {
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    readings.description = lines
        .iter()
        .skip(line + 1)
        .find(|l| {
            !l.heading
                && !["Date:", "Source:", "Tags:"]
                    .iter()
                    .any(|f| l.text.starts_with(f))
        })
        .map(|l| l.text.clone());
    // The first "tag" too long to be one may be the last tag with the
    // description run on after it; the description's commas made the rest.
    if let Some((at, (tag, opening))) = readings
        .subjects
        .iter()
        .enumerate()
        .find(|(_, t)| t.split_whitespace().count() > MAX_TAG_WORDS)
        .and_then(|(at, t)| Some((at, run_on_tag(t)?)))
    {
        let rest = readings.subjects.split_off(at + 1);
        readings.subjects[at] = tag;
        readings.description = Some(
            std::iter::once(opening)
                .chain(rest)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let tag_keys: Vec<String> = readings.subjects.iter().map(|t| compare_key(t)).collect();
    let mut title = title;
    if let Some((head, tail)) = split_dash(&title) {
        // "Title - Author": the tail is an author only when the tags name it too.
        let names: Vec<String> = tail
            .split(" and ")
            .flat_map(|p| p.split(", "))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let confirmed: Vec<String> = names
            .iter()
            .filter(|n| n.chars().count() <= MAX_AUTHOR_CHARS && tag_keys.contains(&compare_key(n)))
            .cloned()
            .collect();
        if !confirmed.is_empty() && !head.is_empty() {
            readings.authors.push(Clue {
                value: confirmed,
                evidence: ClueKind::LibraryHeader,
                line: Some(line),
            });
            title = head.to_string();
        }
    }
    readings.titles.push(Clue {
        value: title,
        evidence: ClueKind::LibraryHeader,
        line: Some(line),
    });
}

/// Most words a tag has; a longer last "tag" is the description run on after it.
const MAX_TAG_WORDS: usize = 6;

/// A last tag that runs on into the description with no line between them:
/// "Jane Doe Jane Doe's study of ..." is the tag "Jane Doe" and a description
/// opening with it again. `None` when the tag is not that long or the words
/// after it do not repeat it (then where the tag ends is unknown).
pub(super) fn run_on_tag(tag: &str) -> Option<(String, String)> {
    let words: Vec<&str> = tag.split_whitespace().collect();
    if words.len() <= MAX_TAG_WORDS {
        return None;
    }
    (1..=MAX_TAG_WORDS.min(words.len() / 2))
        .rev()
        .find_map(|n| {
            let (head, rest) = words.split_at(n);
            let repeated = head.iter().zip(rest).enumerate().all(|(i, (a, b))| {
                let b = if i + 1 == n { possessor(b) } else { b };
                a == &b
            });
            repeated.then(|| (head.join(" "), rest.join(" ")))
        })
}

/// The owner in a possessive ("Jane's" gives "Jane"); other words as they are.
fn possessor(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}
