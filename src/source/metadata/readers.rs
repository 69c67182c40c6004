//! Every reader of title and author clues, in one place: each looks at one
//! kind of place in the text and adds what it finds to the [`Readings`].

use super::clues::*;
use super::names::*;
use crate::source::front_matter::{date_line, split_authors};
use crate::source::text::compare_key;

/// Reads the opening of a Markdown text (front matter already removed or not:
/// its lines are skipped) for title and author evidence.
pub fn read_document(text: &str) -> Readings {
    let mut readings = Readings::default();
    let mut previous_blank = true;
    let mut in_front_matter = false;
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if index == 0 && trimmed == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            in_front_matter = !(trimmed == "---" || trimmed == "...");
            continue;
        }
        if trimmed.is_empty() || trimmed.trim_matches('`').is_empty() {
            previous_blank = true;
            continue;
        }
        let heading = crate::source::text::heading_text(trimmed);
        let text =
            crate::source::markdown::plain_line(heading.unwrap_or(trimmed).trim_matches('`'));
        if text.chars().any(char::is_alphanumeric) {
            readings.opening.push(OpeningLine {
                text,
                heading: heading.is_some(),
                level: if heading.is_some() {
                    trimmed.chars().take_while(|&c| c == '#').count()
                } else {
                    0
                },
                starts_block: previous_blank,
            });
        }
        previous_blank = false;
        if readings.opening.len() >= OPENING_LINES {
            break;
        }
    }
    read_header(&mut readings);
    read_field_lines(&mut readings);
    read_bylines(&mut readings);
    read_name_above_title(&mut readings);
    respell_swapped_letters(&mut readings, text);
    read_first_heading(&mut readings);
    read_names_under(&mut readings);
    read_signed_tags(&mut readings, text);
    read_credits(&mut readings);
    read_rights_line(&mut readings, text);
    read_author_link(&mut readings, text);
    read_writes_credit(&mut readings);
    read_self_description(&mut readings, text);
    read_members_account(&mut readings);
    read_signature(&mut readings, text);
    read_repository_cover(&mut readings, text);
    read_first_page_text(&mut readings);
    readings
}

/// How far into a text a repository's cover page is looked for: it is the first page.
const COVER_PAGE_CHARS: usize = 4_000;

/// What a repository's cover page says after each listed author's record.
const PROFILE_MARK: &str = "SEE PROFILE";

/// A repository's cover page (ResearchGate's, and those made like it):
/// "3 authors, including: Jane Q. Doe Bo Chan Some University ... SEE PROFILE
/// SEE PROFILE". One "SEE PROFILE" follows each author it lists, so their
/// count says how many names to read, whether the names stand in a row (two
/// columns printed line by line) or each before its own record.
fn read_repository_cover(readings: &mut Readings, text: &str) {
    let mut end = text.len().min(COVER_PAGE_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let page = &text[..end];
    let Some(at) = ["authors, including:", "authors:", "author:"]
        .iter()
        .find_map(|mark| {
            page.find(mark)
                .filter(|&at| {
                    page[..at]
                        .trim_end()
                        .ends_with(|c: char| c.is_ascii_digit())
                })
                .map(|at| at + mark.len())
        })
    else {
        return;
    };
    let records = &page[at..];
    let listed = records.matches(PROFILE_MARK).count();
    if listed == 0 {
        return;
    }
    let segments: Vec<&str> = records.split(PROFILE_MARK).collect();
    let mut names = leading_names(segments[0], listed);
    for segment in segments.iter().skip(1).take(listed - 1) {
        if names.len() >= listed {
            break;
        }
        names.extend(leading_names(segment, 1));
    }
    names.truncate(listed);
    if !names.is_empty() && names.iter().all(|n| plausible_name(n)) {
        readings.authors.push(Clue {
            value: names,
            evidence: ClueKind::RepositoryCover,
            line: None,
        });
    }
}

/// Up to `most` names at the start of `text`, each a capitalised word, any
/// initials ("H.", "E.J."), and a capitalised last word: "Sharon H. Mastracci
/// Mary E. Guy Virginia Tech" gives the two names when two are wanted.
fn leading_names(text: &str, most: usize) -> Vec<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '`' || c == '*'))
        .filter(|w| !w.is_empty())
        .collect();
    let capital = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    };
    let initial = |w: &str| {
        w.ends_with('.')
            && w.split('.')
                .filter(|p| !p.is_empty())
                .all(|p| p.chars().count() == 1 && p.starts_with(char::is_uppercase))
    };
    let mut names = Vec::new();
    let mut i = 0;
    while names.len() < most && i < words.len() {
        let mut j = i;
        let mut parts = Vec::new();
        if initial(words[j]) || capital(words[j]) {
            parts.push(words[j]);
            j += 1;
        } else {
            break;
        }
        while j < words.len() && initial(words[j]) {
            parts.push(words[j]);
            j += 1;
        }
        if j < words.len() && capital(words[j]) {
            parts.push(words[j]);
            j += 1;
        } else {
            break;
        }
        names.push(parts.join(" "));
        i = j;
    }
    names
}

/// Shortest word a display title capitalises: shorter ones ("a", "to",
/// "the", "and") are often left in lower case.
const MIN_CAPITALISED_WORD_CHARS: usize = 4;

/// Most words the first lines of a page can have and still be a title.
const MAX_FIRST_PAGE_TITLE_WORDS: usize = 16;

/// The first lines of the first page's text in a converter's page-view
/// export (`*Converted from: file.pdf*` ... `### Extracted Text`): a short
/// line, or two when the first runs on, is where the document prints its title.
fn read_first_page_text(readings: &mut Readings) {
    let Some(stamp) = readings
        .opening
        .iter()
        .find_map(|l| l.text.strip_prefix("Converted from:"))
    else {
        return;
    };
    let file = stamp.trim().trim_matches('`').trim();
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    readings.converted_from = Some(stem.to_string()).filter(|s| !s.is_empty());
    let Some(at) = readings
        .opening
        .iter()
        .position(|l| l.heading && l.text == "Extracted Text")
    else {
        return;
    };
    let Some(first) = readings.opening.get(at + 1).filter(|l| !l.heading) else {
        return;
    };
    let mut title = first.text.clone();
    let last_word = title.split_whitespace().last().unwrap_or("").to_lowercase();
    if RUNNING_ON_WORDS.contains(&last_word.as_str()) {
        if let Some(next) = readings.opening.get(at + 2).filter(|l| !l.heading) {
            title = format!("{title} {}", next.text);
        }
    }
    let title = title
        .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '?' | '!' | '"' | '\'' | ')'))
        .to_string();
    let words = title.split_whitespace().count();
    // A display title capitalises its longer words ("Want to Support a
    // Community Garden?"); a sentence, a link's words ("Jump to zine draft")
    // or a running head with its address is no title.
    let display = title
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= MIN_CAPITALISED_WORD_CHARS)
        .all(|w| w.starts_with(|c: char| !c.is_alphabetic() || c.is_uppercase()));
    let address = title.contains("http") || title.contains("www.");
    if (2..=MAX_FIRST_PAGE_TITLE_WORDS).contains(&words)
        && display
        && !address
        && !title.ends_with([',', ';', ':'])
    {
        readings.titles.push(Clue {
            value: title,
            evidence: ClueKind::FirstPageText,
            line: Some(at + 1),
        });
    }
}

/// The title and authors a page export's title page gives.
pub fn read_title_page(readings: &mut Readings, title: Option<&str>, authors: &[String]) {
    readings.titles.extend(title.map(|value| Clue {
        value: value.to_string(),
        evidence: ClueKind::TitlePage,
        line: None,
    }));
    if !authors.is_empty() {
        readings.authors.push(Clue {
            value: authors.to_vec(),
            evidence: ClueKind::TitlePage,
            line: None,
        });
    }
}

/// Keys only a converter writes into front matter: their presence stamps the block as its work.
const CONVERTER_KEYS: [&str; 5] = [
    "reconversion_status",
    "converted_from",
    "converter",
    "source_file",
    "original_file",
];

/// Endings of the file names a converter writes where a title or a name belongs.
const FILE_ENDINGS: [&str; 8] = [
    ".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".md", ".html",
];

/// Words of the programs and accounts a converter names as a document's author.
const SOFTWARE_WORDS: [&str; 12] = [
    "microsoft",
    "google docs",
    "adobe",
    "acrobat",
    "latex",
    "pdftex",
    "libreoffice",
    "openoffice",
    "administrator",
    "admin",
    "unknown",
    "owner",
];

/// A name a converter wrote, not an author: a program or a file
/// ("Google Docs.pdf"), an account ("Administrator"), one word ("Time"), or a
/// name cut short after an initial ("Sharon H").
pub(super) fn converter_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let words: Vec<&str> = name.split_whitespace().collect();
    let cut_short = words.len() >= 2
        && words
            .last()
            .is_some_and(|w| w.chars().count() == 1 && w.starts_with(char::is_uppercase));
    FILE_ENDINGS.iter().any(|e| lower.ends_with(e))
        || SOFTWARE_WORDS.iter().any(|w| {
            lower == *w || lower.starts_with(&format!("{w} ")) || lower.ends_with(&format!(" {w}"))
        })
        || words.len() == 1
        || cut_short
}

/// The title and authors of a YAML block at the top of a Markdown text. A
/// block a converter wrote (its stamp keys, or a title that is a file name)
/// is weighed as such, and so is any name in it that only a converter writes.
pub fn read_yaml_fields(readings: &mut Readings, fields: &[(String, Vec<String>)]) {
    let stamped = fields.iter().any(|(key, values)| {
        let key = key.to_ascii_lowercase();
        CONVERTER_KEYS.contains(&key.as_str())
            || (key == "title"
                && values.iter().any(|v| {
                    let lower = v.to_lowercase();
                    FILE_ENDINGS.iter().any(|e| lower.ends_with(e))
                }))
    });
    let evidence = |converter: bool| {
        if stamped || converter {
            ClueKind::ConverterFrontMatter
        } else {
            ClueKind::YamlBlock
        }
    };
    for (key, values) in fields {
        match key.to_ascii_lowercase().as_str() {
            "title" => readings.titles.push(Clue {
                value: values.join(", "),
                evidence: evidence(false),
                line: None,
            }),
            "author" | "authors" | "creator" | "creators" => {
                // A list names one person per item; a single value may name several ("A and B").
                let names: Vec<String> = match values.as_slice() {
                    [one] => split_authors(one),
                    many => many.to_vec(),
                };
                let converter = names.iter().any(|n| converter_name(n));
                readings.authors.push(Clue {
                    value: names,
                    evidence: evidence(converter),
                    line: None,
                });
            }
            _ => {}
        }
    }
}

/// The level-1 heading that opens the text alone: the title as the text sets it.
pub fn read_lone_heading(readings: &mut Readings, title: Option<&str>) {
    readings.titles.extend(title.map(|value| Clue {
        value: value.to_string(),
        evidence: ClueKind::LoneHeading,
        line: None,
    }));
}

/// How many lines of the source the copyright page is looked for in: it
/// follows the title page, well before the text of a book.
const COPYRIGHT_PAGE_LINES: usize = 400;

/// "The right of Jane Doe and Bo Chan to be identified as the authors of this
/// work has been asserted ...".
fn read_rights_line(readings: &mut Readings, text: &str) {
    // One search over the copyright page's lines, not one a line: most texts have no such line.
    let within = text
        .match_indices('\n')
        .nth(COPYRIGHT_PAGE_LINES - 1)
        .map_or(text.len(), |(at, _)| at);
    if !text[..within].contains("The right of ") {
        return;
    }
    for line in text.lines().take(COPYRIGHT_PAGE_LINES) {
        let Some(at) = line.find("The right of ") else {
            continue;
        };
        let rest = &line[at + "The right of ".len()..];
        // "identified" may have lost its "fi" ligature in an export ("identied").
        let Some(end) = rest.find(" to be ident") else {
            continue;
        };
        let names = split_authors(&rest[..end]);
        if !names.is_empty() && names.iter().all(|n| plausible_name(n)) {
            readings.authors.push(Clue {
                value: names,
                evidence: ClueKind::RightsLine,
                line: None,
            });
            return;
        }
    }
}

/// How many lines of the source an author link is looked for in: a post's
/// link to its author sits with its title and date.
const AUTHOR_LINK_LINES: usize = 60;

/// The path parts by which a site's link names the page of an author's posts.
const AUTHOR_PAGE_MARKS: [&str; 3] = ["/author/", "/authors/", "?author="];

/// `[Jane Doe](https://site.org/author/jane/)` near the top of a web page.
fn read_author_link(readings: &mut Readings, text: &str) {
    for line in text.lines().take(AUTHOR_LINK_LINES) {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let (before, after) = (&rest[..at], &rest[at + 2..]);
            rest = after;
            let Some(open) = before.rfind('[') else {
                continue;
            };
            let name = before[open + 1..].trim();
            let url = after.split([')', ' ']).next().unwrap_or("");
            if AUTHOR_PAGE_MARKS.iter().any(|m| url.contains(m))
                && plausible_name(name)
                && !name.starts_with("Posts")
                && !name.contains("View")
            {
                readings.authors.push(Clue {
                    value: vec![name.to_string()],
                    evidence: ClueKind::AuthorLink,
                    line: None,
                });
                return;
            }
        }
    }
}

/// How many opening lines after the title the standfirst is looked for in.
const STANDFIRST_LINES: usize = 4;

/// "... is set to happen tomorrow, writes Jane Doe of The Paper." in the
/// paragraph that opens the text; not after a quotation, whose writer is quoted.
fn read_writes_credit(readings: &mut Readings) {
    for (index, line) in readings
        .opening
        .iter()
        .enumerate()
        .take(STANDFIRST_LINES + 1)
    {
        if line.heading {
            continue;
        }
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
fn read_signature(readings: &mut Readings, text: &str) {
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
fn read_credits(readings: &mut Readings) {
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
fn read_header(readings: &mut Readings) {
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

/// `Title: X` and `Author: X` lines, and "Author: X" standing inside a
/// line of a page's header ("Posted 3 May 2019 Author: Jane Doe Tags: ...").
fn read_field_lines(readings: &mut Readings) {
    for (index, line) in readings.opening.iter().enumerate() {
        let Some((name, value)) = line.text.split_once(':') else {
            continue;
        };
        // A labelled value may carry its link after it: "Author: Jane Doe (https://…)".
        let value = value.split(" (http").next().unwrap_or(value).trim();
        if value.is_empty() || value.contains(" Date: ") {
            continue;
        }
        match name.trim().to_ascii_lowercase().as_str() {
            "title" => readings.titles.push(Clue {
                value: value.to_string(),
                evidence: ClueKind::FieldLine,
                line: Some(index),
            }),
            "author" | "authors" | "by" => {
                let names = split_authors(value);
                if names.iter().all(|n| plausible_name(n)) {
                    readings.authors.push(Clue {
                        value: names,
                        evidence: ClueKind::FieldLine,
                        line: Some(index),
                    });
                }
            }
            _ => {
                if let Some(names) = inner_author_field(&line.text) {
                    readings.authors.push(Clue {
                        value: names,
                        evidence: ClueKind::FieldLine,
                        line: Some(index),
                    });
                }
            }
        }
    }
}

/// The names after "Author:" (or "Authors:") inside a line, up to the next
/// label ("Tags:"), a bar, a dash or a bracket.
fn inner_author_field(text: &str) -> Option<Vec<String>> {
    let at = [" Author: ", " Authors: ", " Author:", " Authors:"]
        .iter()
        .find_map(|mark| text.find(mark).map(|at| at + mark.len()))?;
    let rest = &text[at..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let end = words
        .iter()
        .position(|w| w.ends_with(':') || matches!(*w, "|" | "-" | "–" | "—") || w.starts_with('('))
        .unwrap_or(words.len());
    let value = words[..end].join(" ");
    let names = split_authors(value.trim_end_matches([',', '.', ';']));
    (!names.is_empty() && names.iter().all(|n| plausible_name(n))).then_some(names)
}

/// `By Jane Doe -`, `By Jane Doe and Bo Chan, The Paper`: a byline opening a
/// block. One that does not open a block ends a sentence ("Photos by ...").
fn read_bylines(readings: &mut Readings) {
    for (index, line) in readings.opening.iter().enumerate() {
        if !line.starts_block {
            continue;
        }
        let Some(rest) = line
            .text
            .strip_prefix("By ")
            .or_else(|| line.text.strip_prefix("by "))
            .or_else(|| piece_byline(&line.text))
        else {
            continue;
        };
        let names = rest
            .split([',', '|'])
            .next()
            .unwrap_or(rest)
            .split(" - ")
            .next()
            .unwrap_or(rest)
            .trim()
            .trim_end_matches(['-', '–', '—'])
            .trim();
        if STAFF_NAMES.contains(&names.to_lowercase().as_str()) {
            if let Some(publication) = staff_publication(&readings.opening[index..]) {
                readings.authors.push(Clue {
                    value: vec![publication],
                    evidence: ClueKind::StaffByline,
                    line: Some(index + 1),
                });
            }
            break;
        }
        let names = split_authors(names);
        if !names.is_empty() && names.iter().all(|n| plausible_name(n)) {
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
    let rest = text
        .trim()
        .strip_prefix("By ")
        .or_else(|| text.trim().strip_prefix("by "))?;
    let rest = rest.trim().trim_end_matches(['-', '–', '—']).trim();
    let names = split_authors(rest);
    (!names.is_empty() && names.iter().all(|n| plausible_name(n))).then_some(names)
}

/// The Anarchist Library's print layout and its like: the author's name on
/// the first line, the title heading straight after it.
fn read_name_above_title(readings: &mut Readings) {
    let [first, second, ..] = readings.opening.as_slice() else {
        return;
    };
    // A name set as a smaller heading than the title (a line of text above a
    // heading is as often a title over a section); two words at least, as a
    // site's one-word name above a heading is no author.
    let smaller = first.heading && first.level > second.level;
    if second.heading
        && smaller
        && crate::source::text::has_words(&first.text, 2)
        && !crate::source::text::has_words(&first.text, 6)
        && plausible_name(&first.text)
    {
        let names = split_authors(&first.text);
        if names.iter().all(|n| plausible_name(n)) {
            readings.authors.push(Clue {
                value: names,
                evidence: ClueKind::TitlePage,
                line: Some(0),
            });
            readings.titles.push(Clue {
                value: second.text.clone(),
                evidence: ClueKind::TitlePage,
                line: Some(1),
            });
        }
    }
}

/// Shortest word whose two swapped letters are taken for a slip of the keys.
const MIN_SWAPPED_WORD_CHARS: usize = 4;

/// A byline name the text never repeats, while it names the same person with
/// two neighbouring letters the other way round ("Micheal Letwin" in the
/// byline, "Michael Letwin" in the text), is a slip of the keys: the text's
/// spelling is taken. Only a swap counts: a letter more or less may be
/// another person's name (Jon, John).
fn respell_swapped_letters(readings: &mut Readings, text: &str) {
    let mut respelled = Vec::new();
    for candidate in readings
        .authors
        .iter_mut()
        .filter(|c| c.evidence == ClueKind::Byline)
    {
        for name in candidate.value.iter_mut() {
            if text.matches(name.as_str()).count() > 1 || !crate::source::text::has_words(name, 2) {
                continue;
            }
            let words: Vec<&str> = name.split(' ').collect();
            let found = words.iter().enumerate().find_map(|(at, word)| {
                let letters: Vec<char> = word.chars().collect();
                if letters.len() < MIN_SWAPPED_WORD_CHARS {
                    return None;
                }
                (1..letters.len() - 1).find_map(|i| {
                    let mut swapped = letters.clone();
                    swapped.swap(i, i + 1);
                    if swapped == letters {
                        return None;
                    }
                    let mut variant = words.clone();
                    let swapped: String = swapped.into_iter().collect();
                    variant[at] = &swapped;
                    let variant = variant.join(" ");
                    text.contains(&variant).then_some(variant)
                })
            });
            if let Some(variant) = found {
                respelled.push((name.clone(), variant.clone()));
                *name = variant;
            }
        }
    }
    readings.respelled.extend(respelled);
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

/// The first heading, when it is the first thing the document says.
fn read_first_heading(readings: &mut Readings) {
    if let Some(line) = readings.opening.first().filter(|l| l.heading) {
        readings.titles.push(Clue {
            value: line.text.clone(),
            evidence: ClueKind::FirstHeading,
            line: Some(0),
        });
    }
}

/// A line that is only a person's name, straight under each opening line.
fn read_names_under(readings: &mut Readings) {
    for index in 1..readings.opening.len().min(12) {
        let line = &readings.opening[index].text;
        let names = split_authors(line);
        if names
            .iter()
            .all(|n| plausible_name(n) && crate::source::text::has_words(n, 2))
        {
            readings.names_under.push((index - 1, names));
        }
    }
}

/// A tag naming a person that the text signs ("## Jane Doe, 3/4/2010") or credits ("by Jane Doe").
fn read_signed_tags(readings: &mut Readings, text: &str) {
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
fn read_self_description(readings: &mut Readings, text: &str) {
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

/// "NEVADA HOUSING JUSTICE ALLIANCE" as a name is written: "Nevada Housing
/// Justice Alliance", the small joining words in lower case.
fn capitals_to_title_case(name: &str) -> String {
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
fn read_members_account(readings: &mut Readings) {
    for (index, line) in readings
        .opening
        .iter()
        .enumerate()
        .take(STANDFIRST_LINES + 1)
    {
        if line.heading {
            continue;
        }
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
        // "Black Rose/Rosa Negra – Los Angeles": a group and its local section.
        let plausible = name
            .split([' ', '/'])
            .filter(|w| !w.is_empty() && !matches!(*w, "-" | "\u{2013}" | "\u{2014}"))
            .count()
            <= 7
            && name
                .split([' ', '/'])
                .filter(|w| !w.is_empty() && !matches!(*w, "-" | "\u{2013}" | "\u{2014}"))
                .all(|w| w.starts_with(char::is_uppercase) || joins_name_words(w));
        if plausible && crate::source::text::has_words(name, 2) && name.len() <= MAX_AUTHOR_CHARS {
            readings.authors.push(Clue {
                value: vec![name.to_string()],
                evidence: ClueKind::MembersAccount,
                line: Some(index),
            });
            return;
        }
    }
}
