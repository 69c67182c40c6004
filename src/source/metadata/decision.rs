//! The decision: which title and authors a book gets, weighed from the
//! readings, and what `--explain` says about it.

use super::clues::*;
use super::library_header::split_dash;
use crate::source::text::compare_key;

/// What was decided, with the reasons for `--explain`.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    /// The title taken, if any.
    pub title: Option<String>,
    /// The authors taken (none when nothing names them).
    pub authors: Vec<String>,
    /// Every reading weighed, and why the one taken won, for `--explain`.
    pub explanation: Vec<String>,
}

/// A title as a package can carry it: one line of plain text, a file ending
/// and a doubled "X - X" removed; `None` when what is left is not a title.
pub fn clean_title(value: &str) -> Option<String> {
    // Readings are plain text already (front matter's Markdown is read as it
    // is collected): parsed again, a title's `Rc<Vec<T>>` would lose its `<T>`
    // as a tag.
    let mut text = crate::source::text::collapse_whitespace(value.lines().next().unwrap_or(""));
    for ending in [".pdf", ".md", ".html", ".htm", ".docx", ".txt", ".epub"] {
        if text.to_lowercase().ends_with(ending) {
            text.truncate(text.len() - ending.len());
        }
    }
    if let Some((head, tail)) = split_dash(&text) {
        let application = APPLICATION_NAMES
            .iter()
            .any(|name| tail.trim().eq_ignore_ascii_case(name));
        if compare_key(head) == compare_key(tail) || application {
            text = head.to_string();
        }
    }
    // "Title | Site": a web page's title with its site's name after a bar.
    if let Some((head, site)) = text.split_once(" | ") {
        if crate::source::text::has_words(head, 2)
            && !crate::source::text::has_words(site, MAX_SITE_NAME_WORDS + 1)
        {
            text = head.to_string();
        }
    }
    let text = text.trim().trim_end_matches(':').trim().to_string();
    let has_letters = text.chars().any(char::is_alphanumeric);
    (has_letters && text.chars().count() <= MAX_TITLE_CHARS && value.lines().count() <= 1)
        .then_some(text)
}

/// A title written as a file's or an address's name: words joined by hyphens
/// or underscores, no space ("the-commons-we-keep"). A slug names the
/// document the way a file name does, whatever the file here is called.
fn is_slug(value: &str) -> bool {
    !value.contains(char::is_whitespace)
        && value
            .split(['-', '_'])
            .filter(|part| part.chars().any(char::is_alphabetic))
            .count()
            >= MIN_SLUG_WORDS
}

/// Fewest words a slug joins: one word without spaces is a title ("Anarchy").
const MIN_SLUG_WORDS: usize = 2;

/// Programs whose windows title a document "Title - Google Docs": printed to
/// PDF from one, the document carries the program's name as if part of its title.
const APPLICATION_NAMES: [&str; 7] = [
    "Google Docs",
    "Google Drive",
    "Google Sheets",
    "Google Slides",
    "Microsoft Word",
    "LibreOffice Writer",
    "Dropbox Paper",
];

/// Most words of a site's name after a title's bar ("| The Paper").
const MAX_SITE_NAME_WORDS: usize = 5;

/// A title with an author's name glued on after it ("Mutual Aid Peter
/// Kropotkin", "Mutual Aid - Peter Kropotkin"): the title without it, when
/// at least two words are left.
fn without_author(title: &str, authors: &[String]) -> Option<String> {
    let title_key = compare_key(title);
    for name in authors {
        let name_key = compare_key(name);
        if name_key.is_empty() || !title_key.ends_with(&name_key) || title_key == name_key {
            continue;
        }
        // Drop words from the end until what was dropped spells the name.
        let words: Vec<&str> = title.split_whitespace().collect();
        for cut in (1..words.len()).rev() {
            let dropped = words[cut..].join(" ");
            if compare_key(&dropped) == name_key {
                let head = words[..cut]
                    .join(" ")
                    .trim_end_matches(|c: char| {
                        matches!(c, '-' | '–' | '—' | ',' | ':' | '|') || c.is_whitespace()
                    })
                    .to_string();
                let head = head.strip_suffix(" by").unwrap_or(&head).to_string();
                // "Bristol IWW affiliates with Earth Strike UK": a title that
                // runs on into the name names it as its subject.
                let last = head.split_whitespace().last().unwrap_or("").to_lowercase();
                let runs_on = RUNNING_ON_WORDS.contains(&last.as_str());
                return (crate::source::text::has_words(&head, 2) && !runs_on).then_some(head);
            }
        }
    }
    None
}

/// A title or authors the user gave (a manifest, a command-line flag): not
/// evidence but an order, so it wins outright.
#[derive(Debug, Clone, Copy, Default)]
pub struct Given<'a> {
    /// The title given, if any.
    pub title: Option<&'a str>,
    /// The authors given (none: the readings decide).
    pub authors: &'a [String],
    /// Where the title was given, for `--explain` ("the manifest", "--title").
    pub title_from: &'a str,
    /// Where the authors were given.
    pub authors_from: &'a str,
}

/// Decides title and authors; what is [`Given`] wins outright.
pub fn decide(readings: &Readings, given: Given<'_>, stem: &str) -> Decision {
    let manifest_title = given.title;
    let manifest_authors = given.authors;
    let mut decision = Decision::default();
    let stem_key = compare_key(stem);
    // A converter titles a page-view export by the file it converted, which
    // may not be the file read here.
    let converted_key = readings.converted_from.as_deref().map(compare_key);
    let like_file_name = |value: &str| {
        let key = compare_key(value);
        !key.is_empty()
            && (stem_key.contains(&key)
                || converted_key.as_ref().is_some_and(|c| c.contains(&key))
                || is_slug(value))
    };

    // Titles.
    let mut titles: Vec<(i32, Clue<String>)> = Vec::new();
    for candidate in &readings.titles {
        let Some(value) = clean_title(&candidate.value) else {
            decision.explanation.push(format!(
                "title: not \"{}\" from {}: not one line of plain text of at most {MAX_TITLE_CHARS} characters",
                shorten(&candidate.value),
                candidate.evidence.describe()
            ));
            continue;
        };
        let mut score = candidate.evidence.weight();
        if candidate.evidence.can_repeat_file_name() && like_file_name(&value) {
            score -= LIKE_FILE_NAME_PENALTY;
        }
        titles.push((
            score,
            Clue {
                value,
                ..candidate.clone()
            },
        ));
    }
    // The document's own spelling of a title that repeats the file name: a
    // slug read as front matter or a heading, or else, when nothing but a
    // first heading titles the document, the file name itself.
    let slug = titles
        .iter()
        .filter(|(_, c)| c.evidence.can_repeat_file_name() && like_file_name(&c.value))
        .max_by_key(|(score, _)| *score)
        .map(|(_, c)| c.value.clone())
        .or_else(|| {
            titles
                .iter()
                .all(|(_, c)| c.evidence == ClueKind::FirstHeading)
                .then(|| stem.to_string())
        });
    if let Some(slug) = slug {
        let slug_key = compare_key(&slug);
        // A raw slug (underscores, no spaces) lost its punctuation: any line
        // spelling part of it will do. A slug already in words is only
        // bettered by a heading, or by the same words spelled otherwise.
        let raw_slug = slug.contains('_') || !slug.contains(' ');
        let echo = title_lines(&readings.opening)
            .into_iter()
            .filter(|l| {
                l.text.chars().count() <= MAX_TITLE_CHARS
                    && crate::source::text::has_words(&l.text, 2)
            })
            .filter_map(|l| {
                let key = compare_key(&l.text);
                let respelled = key == slug_key && l.text != slug;
                let shaped = !key.is_empty()
                    && (key != slug_key || respelled)
                    && (respelled || l.heading || (raw_slug && key.len() * 2 >= slug_key.len()));
                if !shaped {
                    return None;
                }
                if slug_key.contains(&key) {
                    Some((l, false))
                } else {
                    // The letter-by-letter comparison runs last: it is the costly one.
                    (key.len() <= slug_key.len() + 1 && nearly_inside(&key, &slug_key))
                        .then_some((l, true))
                }
            })
            .max_by_key(|(l, _)| compare_key(&l.text).len());
        if let Some((line, misspelt)) = echo {
            let score = FILE_NAME_ECHO_WEIGHT - if misspelt { MISSPELT_ECHO_PENALTY } else { 0 };
            titles.push((
                score,
                Clue {
                    value: line.text.clone(),
                    evidence: ClueKind::FileNameEcho,
                    line: Some(line.index),
                },
            ));
        }
    }
    if let Some(title) = clean_title(&stem.replace(['-', '_'], " ")) {
        titles.push((
            FILE_NAME_WEIGHT,
            Clue {
                value: title,
                evidence: ClueKind::FileName,
                line: None,
            },
        ));
    }
    // The heaviest wins; among equals, the earlier reading (the list's order is the evidence's order).
    let best = titles
        .iter()
        .enumerate()
        .max_by_key(|(i, (score, _))| (*score, std::cmp::Reverse(*i)))
        .map(|(_, t)| t.clone());
    let chosen_line = match manifest_title {
        Some(title) => {
            decision.title = Some(title.to_string());
            decision
                .explanation
                .push(format!("title: \"{title}\" from {}", given.title_from));
            None
        }
        None => best.as_ref().and_then(|(score, c)| {
            decision.title = Some(c.value.clone());
            decision.explanation.push(format!(
                "title: \"{}\" from {} (score {score}{})",
                c.value,
                c.evidence.describe(),
                penalty_note(c.evidence, *score)
            ));
            c.line
        }),
    };
    for (score, c) in &titles {
        if Some(&c.value) != decision.title.as_ref() || manifest_title.is_some() {
            let penalty = penalty_note(c.evidence, *score);
            decision.explanation.push(format!(
                "  also read: \"{}\" from {} (score {score}{penalty})",
                shorten(&c.value),
                c.evidence.describe()
            ));
        }
    }

    // Authors.
    for name in &readings.not_names {
        decision.explanation.push(format!(
            "authors: not \"{}\" from front matter: a program's or an account's name",
            shorten(name)
        ));
    }
    let mut authors: Vec<(i32, Clue<Vec<String>>)> = readings
        .authors
        .iter()
        .filter(|c| !c.value.is_empty())
        .map(|c| (c.evidence.weight(), c.clone()))
        .collect();
    // A name under the title counts when the title is a line of its own
    // (a header line runs straight into the text or its tags).
    let own_line = best.as_ref().is_some_and(|(_, c)| {
        matches!(
            c.evidence,
            ClueKind::FileNameEcho
                | ClueKind::FirstHeading
                | ClueKind::LoneHeading
                | ClueKind::BoldOpeningLine
                | ClueKind::FieldLine
        )
    });
    // A title wrapped over two lines ("Winter Rights for Renters in / Northfield
    // County") holds the line under it: that line is the title's end, not a name.
    let title_key = decision
        .title
        .as_deref()
        .map(compare_key)
        .unwrap_or_default();
    if let Some((_, names)) = chosen_line
        .filter(|_| own_line)
        .and_then(|line| readings.names_under.iter().find(|(l, _)| *l == line))
        .filter(|(_, names)| {
            // The title's line repeated with the name run on ("Tidewater
            // Almanac Mara Quillon") holds the title too: no name alone.
            let names_key = compare_key(&names.join(" "));
            !title_key.ends_with(&names_key) && !names_key.starts_with(&title_key)
        })
    {
        authors.push((
            TITLE_PAGE_WEIGHT,
            Clue {
                value: names.clone(),
                evidence: ClueKind::TitlePage,
                line: chosen_line.map(|l| l + 1),
            },
        ));
    }
    let best = authors
        .iter()
        .enumerate()
        .max_by_key(|(i, (score, _))| (*score, std::cmp::Reverse(*i)))
        .map(|(_, a)| a.clone());
    if !manifest_authors.is_empty() {
        decision.authors = manifest_authors.to_vec();
        decision.explanation.push(format!(
            "authors: {} from {}",
            manifest_authors.join(", "),
            given.authors_from
        ));
    } else if let Some((score, chosen)) = best {
        // A name the front matter cut short ("Mouvement C") is completed by
        // the document's fuller spelling of it.
        let document_names: Vec<(&String, ClueKind)> = authors
            .iter()
            .filter(|(_, c)| {
                !matches!(
                    c.evidence,
                    ClueKind::YamlBlock | ClueKind::ConverterFrontMatter
                )
            })
            .flat_map(|(_, c)| c.value.iter().map(|n| (n, c.evidence)))
            .collect();
        let mut completions = Vec::new();
        decision.authors = chosen
            .value
            .iter()
            .map(|name| {
                let key = compare_key(name);
                document_names
                    .iter()
                    .find(|(n, _)| {
                        let k = compare_key(n);
                        k.len() > key.len() && k.starts_with(&key)
                    })
                    .map(|(fuller, evidence)| {
                        completions
                            .push(format!("\"{name}\" completed from {}", evidence.describe()));
                        completed(name, fuller)
                    })
                    .unwrap_or_else(|| name.clone())
            })
            .collect();
        for (byline, text) in &readings.respelled {
            if decision.authors.contains(text) {
                completions.push(format!(
                    "\"{byline}\" in the byline spelt as the text spells it"
                ));
            }
        }
        let completions = if completions.is_empty() {
            String::new()
        } else {
            format!("; {}", completions.join("; "))
        };
        decision.explanation.push(format!(
            "authors: {} from {} (score {score}{completions})",
            decision.authors.join(", "),
            chosen.evidence.describe()
        ));
    } else {
        decision
            .explanation
            .push("authors: none named (none is invented)".to_string());
    }
    if manifest_title.is_none() {
        if let Some(title) = decision
            .title
            .as_deref()
            .and_then(|t| without_author(t, &decision.authors))
        {
            decision.explanation.push(format!(
                "title: \"{title}\": the author's name after it is no part of the title"
            ));
            decision.title = Some(title);
        }
    }
    for (score, c) in &authors {
        if c.value != decision.authors {
            decision.explanation.push(format!(
                "  also read: {} from {} (score {score})",
                c.value.join(", "),
                c.evidence.describe()
            ));
        }
    }
    decision
}

/// A line that could hold a title: each opening line, and each pair of lines
/// where the first ends in a word no title ends with ("Repairs and" /
/// "Rental Fees"), read as one.
#[derive(Debug, Clone)]
struct TitleLine {
    text: String,
    heading: bool,
    /// Index of the (first) opening line.
    index: usize,
}

fn title_lines(opening: &[OpeningLine]) -> Vec<TitleLine> {
    let mut lines: Vec<TitleLine> = opening
        .iter()
        .enumerate()
        .map(|(index, l)| TitleLine {
            text: l.text.clone(),
            heading: l.heading,
            index,
        })
        .collect();
    for (index, pair) in opening.windows(2).enumerate() {
        let last_word = pair[0].text.split_whitespace().last().unwrap_or("");
        if RUNNING_ON_WORDS.contains(&last_word.to_lowercase().as_str()) {
            lines.push(TitleLine {
                text: format!("{} {}", pair[0].text, pair[1].text),
                heading: pair[0].heading || pair[1].heading,
                index,
            });
        }
    }
    lines
}

/// Shortest comparison key (letters and digits) read with a letter's slack:
/// below this, one letter changes a word rather than misspells it.
const MIN_MISSPELT_KEY_CHARS: usize = 20;

/// Whether `key` lies inside `within` but for one letter added, dropped,
/// changed or swapped with its neighbour (a misspelt file name: "accoutable"
/// for "accountable", "rigths" for "rights").
pub(super) fn nearly_inside(key: &str, within: &str) -> bool {
    let key: Vec<char> = key.chars().collect();
    let within: Vec<char> = within.chars().collect();
    if key.len() < MIN_MISSPELT_KEY_CHARS {
        return false;
    }
    // Edit distance of `key` to the best-matching stretch of `within`, two
    // letters swapped counting as one edit (the stretch may start anywhere,
    // so the first row costs nothing).
    let mut before = vec![0usize; within.len() + 1];
    let mut row = vec![0usize; within.len() + 1];
    for (i, k) in key.iter().enumerate() {
        let mut next = vec![i + 1; within.len() + 1];
        for (j, w) in within.iter().enumerate() {
            let mut cost = (row[j] + usize::from(k != w))
                .min(row[j + 1] + 1)
                .min(next[j] + 1);
            if i > 0 && j > 0 && *k == within[j - 1] && key[i - 1] == *w {
                cost = cost.min(before[j - 1] + 1);
            }
            next[j + 1] = cost;
        }
        before = std::mem::replace(&mut row, next);
    }
    row.into_iter().min().unwrap_or(usize::MAX) <= 1
}

/// `name` completed by a fuller spelling of it, in the case `name` is
/// written in when the fuller one only adds to it ("Anarchist Black Cross" and
/// "ANARCHIST BLACK CROSS (London section)").
fn completed(name: &str, fuller: &str) -> String {
    let lower = fuller.to_lowercase();
    match lower.strip_prefix(&name.to_lowercase()) {
        Some(rest) if lower.len() == fuller.len() => {
            format!("{name}{}", &fuller[fuller.len() - rest.len()..])
        }
        _ => fuller.to_string(),
    }
}

/// Why a title candidate scores under its evidence's weight, for `--explain`.
fn penalty_note(evidence: ClueKind, score: i32) -> String {
    match evidence.weight() - score {
        0 => String::new(),
        _ if evidence == ClueKind::FileNameEcho => {
            format!(", {MISSPELT_ECHO_PENALTY} off: a letter away from the file name")
        }
        _ => format!(", {LIKE_FILE_NAME_PENALTY} off: it repeats the file name"),
    }
}

fn shorten(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() > 80 || text.lines().count() > 1 {
        format!("{}...", first_line.chars().take(77).collect::<String>())
    } else {
        first_line.to_string()
    }
}
