//! Every reader of title and author clues, in one place: each looks at one
//! kind of place in the text and adds what it finds to the [`Readings`].

use super::bylines::*;
use super::clues::*;
use super::library_header::*;
use super::names::*;
use super::prose_credits::*;
use crate::source::front_matter::split_authors;

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
                bold: heading.is_none() && wholly_bold(trimmed),
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
    read_bold_opening_line(&mut readings);
    read_names_under(&mut readings);
    read_signed_tags(&mut readings, text);
    read_credits(&mut readings);
    read_rights_line(&mut readings, text);
    read_author_link(&mut readings, text);
    read_writes_credit(&mut readings);
    read_self_description(&mut readings, text);
    read_members_account(&mut readings);
    read_signature(&mut readings, text);
    read_sign_off(&mut readings, text);
    read_closing_bio(&mut readings, text);
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
    let words: Vec<&str> = name.split_whitespace().collect();
    let cut_short = words.len() >= 2
        && words
            .last()
            .is_some_and(|w| w.chars().count() == 1 && w.starts_with(char::is_uppercase));
    program_name(name) || words.len() == 1 || cut_short
}

/// A program's, a file's or an account's name ("Microsoft Office User",
/// "Google Docs.pdf", "Administrator"): never anyone's name, so never an
/// author, however little else names one.
pub(super) fn program_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    FILE_ENDINGS.iter().any(|e| lower.ends_with(e))
        || SOFTWARE_WORDS.iter().any(|w| {
            lower == *w || lower.starts_with(&format!("{w} ")) || lower.ends_with(&format!(" {w}"))
        })
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
                // Front matter's values are Markdown, as pandoc reads them.
                value: crate::source::markdown::plain_line(&values.join(", ")),
                evidence: evidence(false),
                line: None,
            }),
            "author" | "authors" | "creator" | "creators" => {
                // A list names one person per item; a single value may name several ("A and B").
                let names: Vec<String> = match values.as_slice() {
                    [one] => split_authors(one),
                    many => many.to_vec(),
                };
                let (programs, names): (Vec<String>, Vec<String>) =
                    names.into_iter().partition(|n| program_name(n));
                readings.not_names.extend(programs);
                if names.is_empty() {
                    continue;
                }
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
    // The heading's line, when it is the text's first: what stands under it
    // is then read as under the title (a byline without a "By").
    let first_line = |value: &str| {
        readings
            .opening
            .first()
            .filter(|l| l.heading && l.text == crate::source::markdown::plain_line(value))
            .map(|_| 0)
    };
    let clue = title.map(|value| Clue {
        value: value.to_string(),
        evidence: ClueKind::LoneHeading,
        line: first_line(value),
    });
    readings.titles.extend(clue);
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

/// Whether a line is one bold span and nothing else (`**Title**`, `__Title__`).
fn wholly_bold(line: &str) -> bool {
    ["**", "__"].iter().any(|mark| {
        line.len() > 2 * mark.len()
            && line.starts_with(mark)
            && line.ends_with(mark)
            && !line[mark.len()..line.len() - mark.len()].contains(mark)
    })
}

/// Most words a bold opening line may hold to be read as a title: more is a
/// sentence set in bold.
const MAX_BOLD_TITLE_WORDS: usize = 16;

/// A short line wholly in bold that opens the text: how a word processor's or
/// a web editor's document sets its title when no heading style was used.
fn read_bold_opening_line(readings: &mut Readings) {
    if let Some(line) = readings.opening.first().filter(|l| {
        l.bold
            && crate::source::text::has_words(&l.text, 1)
            && !crate::source::text::has_words(&l.text, MAX_BOLD_TITLE_WORDS + 1)
            && !l.text.ends_with(['.', ',', ';'])
    }) {
        readings.titles.push(Clue {
            value: line.text.clone(),
            evidence: ClueKind::BoldOpeningLine,
            line: Some(0),
        });
    }
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

/// A line that is only a person's name (perhaps with a date), straight under
/// each opening line.
fn read_names_under(readings: &mut Readings) {
    for index in 1..readings.opening.len().min(12) {
        if let Some(names) = names_under_title(&readings.opening[index].text) {
            readings.names_under.push((index - 1, names));
        }
    }
}
