//! Which title and authors a book gets, weighed from every place that names them.
//!
//! Front matter in real libraries is often wrong (a file slug, a ".pdf" name,
//! a truncated author), so no single place is trusted blindly. Each place a
//! title or an author was read is an [`Evidence`] with a named weight; values
//! that merely repeat the file's name are marked down; the heaviest plausible
//! candidate wins, and `--explain` lists every candidate with its score. A
//! manifest value is not evidence but an order: it always wins.

use super::front_matter::{looks_like_name, parse_date, split_authors};
use super::text::compare_key;

/// Longest title taken from a document: past this it is a paragraph, not a title.
pub const MAX_TITLE_CHARS: usize = 200;

/// Longest author name taken from a document.
const MAX_AUTHOR_CHARS: usize = 80;

/// How many non-blank lines at the top of a document are read for a title,
/// a header line or a byline: these sit on the first page, never deep in the text.
const OPENING_LINES: usize = 40;

/// Where a title or an author was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// `Title: X` or `Author: X` lines: the document labels the field itself.
    FieldLine,
    /// The first line of some library exports: `Title - Author Date: ... Source: URL Tags: ...`.
    LibraryHeader,
    /// `title:` / `author:` in the YAML front matter.
    FrontMatter,
    /// A booklet's title page, or a name line straight under the title.
    TitlePage,
    /// A "By X" line opening a block.
    Byline,
    /// "The right of X to be identified as the author of this work has been
    /// asserted": the legal statement of a book's copyright page.
    RightsLine,
    /// A link to the site's page of an author's posts (`[Jane Doe](…/author/jane/)`).
    AuthorLink,
    /// A line of the document whose words are those of a title that repeats the
    /// file name: the document's own spelling, with its punctuation and case.
    FileNameEcho,
    /// A single level-1 heading opening the text.
    LoneHeading,
    /// A name in the header's tag list that the text signs or credits ("by X", or a line of its own).
    SignedTag,
    /// "..., writes Jane Doe of The Paper." in the opening paragraph.
    WritesCredit,
    /// "This article was first published by X": the publication a library credits.
    Credit,
    /// A "By staff" byline: the publication named with it wrote the piece.
    StaffByline,
    /// The text's closing line, signed with a fuller spelling of a name read elsewhere.
    Signature,
    /// The first heading, when it comes before any prose.
    FirstHeading,
    /// The source's file name, dashes and underscores made spaces.
    FileName,
}

/// `Title:`/`Author:` lines are rare and deliberate: the strongest reading of a document.
const FIELD_LINE_WEIGHT: i32 = 80;
/// The library header is written by the library's export from its catalogue record.
const LIBRARY_HEADER_WEIGHT: i32 = 75;
/// Front matter is written on purpose, but often by a script from the file name.
const FRONT_MATTER_WEIGHT: i32 = 70;
/// A byline is how a printed page names its author.
const BYLINE_WEIGHT: i32 = 70;
/// A title page is laid out to name the book; read by shape, so a little less sure.
const TITLE_PAGE_WEIGHT: i32 = 65;
/// A moral-rights statement is a legal declaration of authorship, written by
/// the publisher: as sure as a labelled line, and found by its fixed wording.
const RIGHTS_LINE_WEIGHT: i32 = 75;
/// A site links a post to its author's page from its own record of who
/// posted it; a link, not a printed byline, so a little less sure.
const AUTHOR_LINK_WEIGHT: i32 = 65;
/// "..., writes X" is how a news piece credits its writer, but it sits in
/// running prose, where a quoted writer could be meant: weaker than a byline.
const WRITES_CREDIT_WEIGHT: i32 = 55;
/// The document spelling out a file-name title restores what the slug lost.
const FILE_NAME_ECHO_WEIGHT: i32 = 60;
/// A lone opening `#` heading is the Markdown way to title a text.
const LONE_HEADING_WEIGHT: i32 = 55;
/// A tag is only a topic until the text itself signs or credits the name.
const SIGNED_TAG_WEIGHT: i32 = 50;
/// A publication credit names who put the text out, which libraries file as
/// its author; weaker than any reading that names a person.
const CREDIT_WEIGHT: i32 = 40;
/// "By staff" says the publication's own people wrote it, and libraries then
/// file the publication as author: as weak as a publication credit.
const STAFF_BYLINE_WEIGHT: i32 = 40;
/// A closing line that only spells out more fully a name read elsewhere
/// ("ANARCHIST BLACK CROSS (London section).") completes that name; alone,
/// a closing line could be anything, so it is the weakest named reading.
const SIGNATURE_WEIGHT: i32 = 20;
/// The first heading before any prose is likely, not certainly, the title.
const FIRST_HEADING_WEIGHT: i32 = 30;
/// The file name is what is left when the document says nothing.
const FILE_NAME_WEIGHT: i32 = 10;
/// A value whose words all lie inside the file name is the file name again (a
/// slug turned into words), not evidence of its own: it keeps enough weight to
/// beat a mere first heading, not the document's own spelling of it.
const LIKE_FILE_NAME_PENALTY: i32 = 35;
/// A line that spells the file name but for one letter may be a near title,
/// not the same one: it yields to the heading that opens the text.
const MISSPELT_ECHO_PENALTY: i32 = 10;

impl Evidence {
    /// The weight of this kind of evidence, before any penalty.
    pub fn weight(self) -> i32 {
        match self {
            Evidence::FieldLine => FIELD_LINE_WEIGHT,
            Evidence::LibraryHeader => LIBRARY_HEADER_WEIGHT,
            Evidence::FrontMatter => FRONT_MATTER_WEIGHT,
            Evidence::Byline => BYLINE_WEIGHT,
            Evidence::RightsLine => RIGHTS_LINE_WEIGHT,
            Evidence::AuthorLink => AUTHOR_LINK_WEIGHT,
            Evidence::WritesCredit => WRITES_CREDIT_WEIGHT,
            Evidence::StaffByline => STAFF_BYLINE_WEIGHT,
            Evidence::Signature => SIGNATURE_WEIGHT,
            Evidence::TitlePage => TITLE_PAGE_WEIGHT,
            Evidence::FileNameEcho => FILE_NAME_ECHO_WEIGHT,
            Evidence::LoneHeading => LONE_HEADING_WEIGHT,
            Evidence::SignedTag => SIGNED_TAG_WEIGHT,
            Evidence::Credit => CREDIT_WEIGHT,
            Evidence::FirstHeading => FIRST_HEADING_WEIGHT,
            Evidence::FileName => FILE_NAME_WEIGHT,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Evidence::FieldLine => "a labelled line",
            Evidence::LibraryHeader => "the library header line",
            Evidence::FrontMatter => "the front matter",
            Evidence::Byline => "a byline",
            Evidence::RightsLine => "the moral-rights statement",
            Evidence::AuthorLink => "a link to the author's page",
            Evidence::WritesCredit => "a \"writes X\" credit",
            Evidence::StaffByline => "the publication of a staff byline",
            Evidence::Signature => "the closing signature",
            Evidence::TitlePage => "the title page",
            Evidence::FileNameEcho => "the document's spelling of the file name",
            Evidence::LoneHeading => "the opening heading",
            Evidence::SignedTag => "a tag the text signs",
            Evidence::Credit => "a publication credit",
            Evidence::FirstHeading => "the first heading",
            Evidence::FileName => "the file name",
        }
    }

    /// Whether a value read here can be a slug in disguise.
    fn can_repeat_file_name(self) -> bool {
        // Export scripts write these from the file name; the others are read off the text.
        matches!(self, Evidence::FrontMatter | Evidence::LoneHeading)
    }
}

/// One reading of a title, or of the list of authors.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<T> {
    pub value: T,
    pub evidence: Evidence,
    /// Index of the opening line it was read from, when it was one.
    pub line: Option<usize>,
}

/// Everything a source says about its title and authors, before the decision.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    pub titles: Vec<Candidate<String>>,
    pub authors: Vec<Candidate<Vec<String>>>,
    /// Name lines straight under an opening line: (line of the title, names).
    pub names_under: Vec<(usize, Vec<String>)>,
    /// The opening lines as plain text, for echoes of a file-name title.
    pub opening: Vec<OpeningLine>,
    /// Facts of a library header line.
    pub date: Option<String>,
    pub source_url: Option<String>,
    pub subjects: Vec<String>,
    /// The opening of the description under a library header (or run on
    /// after its tag list), where a library credits the text's author.
    pub description: Option<String>,
    /// Byline names respelled as the text spells them: (byline's, text's).
    pub respelled: Vec<(String, String)>,
}

/// A non-blank line near the top, as plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningLine {
    pub text: String,
    pub heading: bool,
    /// Whether a blank line (or the start) comes before it.
    pub starts_block: bool,
}

/// What was decided, with the reasons for `--explain`.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub explanation: Vec<String>,
}

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
        let heading = super::text::heading_text(trimmed);
        let text = super::markdown::plain_line(heading.unwrap_or(trimmed).trim_matches('`'));
        if text.chars().any(char::is_alphanumeric) {
            readings.opening.push(OpeningLine {
                text,
                heading: heading.is_some(),
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
    respell_swapped_letters(&mut readings, text);
    read_first_heading(&mut readings);
    read_names_under(&mut readings);
    read_signed_tags(&mut readings, text);
    read_credits(&mut readings);
    read_rights_line(&mut readings, text);
    read_author_link(&mut readings, text);
    read_writes_credit(&mut readings);
    read_signature(&mut readings, text);
    readings
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
            readings.authors.push(Candidate {
                value: names,
                evidence: Evidence::RightsLine,
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
                readings.authors.push(Candidate {
                    value: vec![name.to_string()],
                    evidence: Evidence::AuthorLink,
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
        if plausible_name(name) && !word_count_at_least(name, 5) {
            readings.authors.push(Candidate {
                value: vec![name.to_string()],
                evidence: Evidence::WritesCredit,
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
        || word_count_at_least(line, SIGNATURE_WORDS + 1)
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
        readings.authors.push(Candidate {
            value: vec![line.to_string()],
            evidence: Evidence::Signature,
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
                readings.authors.push(Candidate {
                    value: vec![name.to_string()],
                    evidence: Evidence::Credit,
                    line: Some(index),
                });
                return;
            }
        }
    }
}

/// The small words that may join the capitalised words of a name ("Friends of the Earth").
fn joins_name_words(word: &str) -> bool {
    matches!(
        word,
        "of" | "for" | "the" | "and" | "&" | "de" | "on" | "in"
    )
}

/// A group's name as credits write it: capitalised words joined by a few small ones.
fn plausible_group_name(name: &str) -> bool {
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

/// Splits `Title - Author` at its last spaced dash.
fn split_dash(text: &str) -> Option<(&str, &str)> {
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
    readings.date = field("Date").and_then(|d| parse_date(&d));
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
            readings.authors.push(Candidate {
                value: confirmed,
                evidence: Evidence::LibraryHeader,
                line: Some(line),
            });
            title = head.to_string();
        }
    }
    readings.titles.push(Candidate {
        value: title,
        evidence: Evidence::LibraryHeader,
        line: Some(line),
    });
}

/// Most words a tag has; a longer last "tag" is the description run on after it.
const MAX_TAG_WORDS: usize = 6;

/// A last tag that runs on into the description with no line between them:
/// "Jane Doe Jane Doe's study of ..." is the tag "Jane Doe" and a description
/// opening with it again. `None` when the tag is not that long or the words
/// after it do not repeat it (then where the tag ends is unknown).
fn run_on_tag(tag: &str) -> Option<(String, String)> {
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

/// `Title: X` and `Author: X` lines.
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
            "title" => readings.titles.push(Candidate {
                value: value.to_string(),
                evidence: Evidence::FieldLine,
                line: Some(index),
            }),
            "author" | "authors" | "by" => {
                let names = split_authors(value);
                if names.iter().all(|n| plausible_name(n)) {
                    readings.authors.push(Candidate {
                        value: names,
                        evidence: Evidence::FieldLine,
                        line: Some(index),
                    });
                }
            }
            _ => {}
        }
    }
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
                readings.authors.push(Candidate {
                    value: vec![publication],
                    evidence: Evidence::StaffByline,
                    line: Some(index + 1),
                });
            }
            break;
        }
        let names = split_authors(names);
        if !names.is_empty() && names.iter().all(|n| plausible_name(n)) {
            readings.authors.push(Candidate {
                value: names,
                evidence: Evidence::Byline,
                line: Some(index),
            });
            break;
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
        .filter(|c| c.evidence == Evidence::Byline)
    {
        for name in candidate.value.iter_mut() {
            if text.matches(name.as_str()).count() > 1 || !word_count_at_least(name, 2) {
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
        (1..=date_words.len().min(4)).any(|n| parse_date(&date_words[..n].join(" ")).is_some());
    (dated && plausible_group_name(publication)).then(|| publication.to_string())
}

/// The first heading, when it is the first thing the document says.
fn read_first_heading(readings: &mut Readings) {
    if let Some(line) = readings.opening.first().filter(|l| l.heading) {
        readings.titles.push(Candidate {
            value: line.text.clone(),
            evidence: Evidence::FirstHeading,
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
            .all(|n| plausible_name(n) && word_count_at_least(n, 2))
        {
            readings.names_under.push((index - 1, names));
        }
    }
}

fn word_count_at_least(text: &str, words: usize) -> bool {
    text.split_whitespace().count() >= words
}

/// A tag naming a person that the text signs ("## Jane Doe, 3/4/2010") or credits ("by Jane Doe").
fn read_signed_tags(readings: &mut Readings, text: &str) {
    let description = readings.description.as_deref();
    let signed: Vec<String> = readings
        .subjects
        .iter()
        .filter(|tag| plausible_name(tag) && word_count_at_least(tag, 2))
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
        readings.authors.push(Candidate {
            value: signed,
            evidence: Evidence::SignedTag,
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

/// Words that, before "by", make it a credit of authorship ("an article by
/// X"), not of something else ("forwarded to us by X", "photos by X").
const AUTHORSHIP_WORDS: [&str; 10] = [
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
const NOT_NAME_WORDS: [&str; 16] = [
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

/// One person's (or group's) name as bylines write it: a few capitalised
/// words, no sentence punctuation, not a heading such as "The Early Years".
fn plausible_name(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    looks_like_name(name)
        && name.chars().count() <= MAX_AUTHOR_CHARS
        && !NOT_NAME_WORDS.contains(&first)
        && name.chars().any(char::is_lowercase)
}

/// A title as a package can carry it: one line of plain text, a file ending
/// and a doubled "X - X" removed; `None` when what is left is not a title.
pub fn clean_title(value: &str) -> Option<String> {
    let mut text = super::markdown::plain_line(value.lines().next().unwrap_or(""));
    for ending in [".pdf", ".md", ".html", ".htm", ".docx", ".txt", ".epub"] {
        if text.to_lowercase().ends_with(ending) {
            text.truncate(text.len() - ending.len());
        }
    }
    if let Some((head, tail)) = split_dash(&text) {
        if compare_key(head) == compare_key(tail) {
            text = head.to_string();
        }
    }
    let text = text.trim().trim_end_matches(':').trim().to_string();
    let has_letters = text.chars().any(char::is_alphanumeric);
    (has_letters && text.chars().count() <= MAX_TITLE_CHARS && value.lines().count() <= 1)
        .then_some(text)
}

/// Decides title and authors. `manifest_title`/`manifest_authors` win outright.
pub fn decide(
    readings: &Readings,
    manifest_title: Option<&str>,
    manifest_authors: &[String],
    stem: &str,
) -> Decision {
    let mut decision = Decision::default();
    let stem_key = compare_key(stem);
    let like_file_name = |value: &str| {
        let key = compare_key(value);
        !key.is_empty() && stem_key.contains(&key)
    };

    // Titles.
    let mut titles: Vec<(i32, Candidate<String>)> = Vec::new();
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
            Candidate {
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
                .all(|(_, c)| c.evidence == Evidence::FirstHeading)
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
                l.text.chars().count() <= MAX_TITLE_CHARS && word_count_at_least(&l.text, 2)
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
                Candidate {
                    value: line.text.clone(),
                    evidence: Evidence::FileNameEcho,
                    line: Some(line.index),
                },
            ));
        }
    }
    if let Some(title) = clean_title(&stem.replace(['-', '_'], " ")) {
        titles.push((
            FILE_NAME_WEIGHT,
            Candidate {
                value: title,
                evidence: Evidence::FileName,
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
                .push(format!("title: \"{title}\" from the manifest"));
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
    let mut authors: Vec<(i32, Candidate<Vec<String>>)> = readings
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
            Evidence::FileNameEcho | Evidence::FirstHeading | Evidence::FieldLine
        )
    });
    if let Some((_, names)) = chosen_line
        .filter(|_| own_line)
        .and_then(|line| readings.names_under.iter().find(|(l, _)| *l == line))
    {
        authors.push((
            TITLE_PAGE_WEIGHT,
            Candidate {
                value: names.clone(),
                evidence: Evidence::TitlePage,
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
            "authors: {} from the manifest",
            manifest_authors.join(", ")
        ));
    } else if let Some((score, chosen)) = best {
        // A name the front matter cut short ("Mouvement C") is completed by
        // the document's fuller spelling of it.
        let document_names: Vec<(&String, Evidence)> = authors
            .iter()
            .filter(|(_, c)| c.evidence != Evidence::FrontMatter)
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

/// Words a title line cannot end with: a line ending in one runs on into the next.
const RUNNING_ON_WORDS: [&str; 16] = [
    "and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "on", "at", "by", "from", "&",
    "into",
];

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
fn nearly_inside(key: &str, within: &str) -> bool {
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
fn penalty_note(evidence: Evidence, score: i32) -> String {
    match evidence.weight() - score {
        0 => String::new(),
        _ if evidence == Evidence::FileNameEcho => {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(text: &str, stem: &str) -> Decision {
        decide(&read_document(text), None, &[], stem)
    }

    #[test]
    fn a_library_header_gives_title_author_and_tags() {
        let text = "Police Story - Jane Roe Date: Unknown Source: https://example.org/a Tags: police, Jane Roe, history\nBody text here.\n";
        let readings = read_document(text);
        assert_eq!(readings.subjects, ["police", "Jane Roe", "history"]);
        assert_eq!(
            readings.source_url.as_deref(),
            Some("https://example.org/a")
        );
        let d = decide(&readings, None, &[], "Article_police-story-jane-roe");
        assert_eq!(d.title.as_deref(), Some("Police Story"));
        assert_eq!(d.authors, ["Jane Roe"]);
    }

    #[test]
    fn a_dash_the_tags_do_not_confirm_stays_in_the_title() {
        let d = decided(
            "Rent Now - Later Date: Unknown Source: https://example.org Tags: housing\n",
            "x",
        );
        assert_eq!(d.title.as_deref(), Some("Rent Now - Later"));
        assert!(d.authors.is_empty());
    }

    #[test]
    fn a_slug_title_gives_way_to_the_documents_spelling() {
        let text = "---\ntitle: Jane_Doe__Mutual_Aid__An_Overview_a4\n---\n\n# Jane_Doe__Mutual_Aid__An_Overview_a4\n\n```\nJane Doe\n\nMutual Aid: An Overview\n```\n";
        let d = decide(
            &{
                let mut r = read_document(text);
                r.titles.push(Candidate {
                    value: "Jane_Doe__Mutual_Aid__An_Overview_a4".into(),
                    evidence: Evidence::FrontMatter,
                    line: None,
                });
                r
            },
            None,
            &[],
            "Jane_Doe__Mutual_Aid__An_Overview_a4",
        );
        assert_eq!(d.title.as_deref(), Some("Mutual Aid: An Overview"));
    }

    #[test]
    fn file_endings_and_doubled_titles_are_removed() {
        assert_eq!(clean_title("Rent now.pdf").as_deref(), Some("Rent now"));
        assert_eq!(
            clean_title("Fragments - Fragments.pdf").as_deref(),
            Some("Fragments")
        );
        assert_eq!(clean_title("![](_page_0_Picture_0.jpeg)"), None);
        assert_eq!(clean_title(&"word ".repeat(100)), None);
        assert_eq!(
            clean_title("**Bold** *title*").as_deref(),
            Some("Bold title")
        );
    }

    #[test]
    fn a_byline_names_the_author_but_a_photo_credit_does_not() {
        let d = decided(
            "Some Title\n\n## By Cal Colgan -\n\n## The Paper\n\nText.\n",
            "x",
        );
        assert_eq!(d.authors, ["Cal Colgan"]);
        let d = decided("Some Title\n\nPictures taken at the rally. Photos\n## by Brooke Anderson, IG\n\nText.\n", "x");
        assert!(d.authors.is_empty(), "{:?}", d.authors);
        let d = decided("Some Title\n\n## By staff -\n\nText.\n", "x");
        assert!(d.authors.is_empty(), "{:?}", d.authors);
    }

    #[test]
    fn a_tag_names_the_author_only_when_the_text_signs_it() {
        let header = "Strike Date: Unknown Source: https://e.org Tags: strikes, Alexa Ross, Greta Thunberg\n\nText.\n\n";
        let d = decided(&format!("{header}## Alexa Ross 26/9/2010\n"), "x");
        assert_eq!(d.authors, ["Alexa Ross"]);
        let d = decided(header, "x");
        assert!(d.authors.is_empty());
        let d = decided(&format!("{header}An article by Alexa Ross.\n"), "x");
        assert_eq!(d.authors, ["Alexa Ross"]);
        let d = decided(
            &format!("{header}A report forwarded to us by Alexa Ross.\n"),
            "x",
        );
        assert!(d.authors.is_empty());
    }

    #[test]
    fn labelled_lines_and_a_name_under_the_title() {
        let d = decided(
            "Title: The Facts\nAuthor: Itō Noe (https://example.org/ito)\n",
            "the-facts-the-library",
        );
        assert_eq!(d.title.as_deref(), Some("The Facts"));
        assert_eq!(d.authors, ["Itō Noe"]);
        let text = "## [site.org](https://site.org)\n\n## **Police Unions: A Story**\n\n## Haley Florsheim\n\nText.\n";
        let mut r = read_document(text);
        r.titles.push(Candidate {
            value: "Police Unions A Story The Site".into(),
            evidence: Evidence::FrontMatter,
            line: None,
        });
        let d = decide(&r, None, &[], "Police Unions A Story - The Site");
        assert_eq!(d.title.as_deref(), Some("Police Unions: A Story"));
        assert_eq!(d.authors, ["Haley Florsheim"]);
    }

    #[test]
    fn a_publication_credit_names_the_author_when_nothing_else_does() {
        let d = decided("Strike Date: Unknown Source: https://e.org Tags: strikes\nGrassroots unions strike. This article was previously published by the International Confederation of Labour.\n", "x");
        assert_eq!(d.authors, ["International Confederation of Labour"]);
        let d = decided("Strike Date: Unknown Source: https://e.org Tags: strikes\nThis post first appeared on It's Going Down.\n", "x");
        assert_eq!(d.authors, ["It's Going Down"]);
        let d = decided("Strike - Ann Lee Date: Unknown Source: https://e.org Tags: Ann Lee\nThis article was first published by Ill Will Editions.\n", "x");
        assert_eq!(d.authors, ["Ann Lee"]);
        let d = decided("Text\n\nThe articles were written by Herzen with force, and this text was published by someone in a hurry.\n", "x");
        assert!(d.authors.is_empty(), "{:?}", d.authors);
    }

    #[test]
    fn a_title_over_two_lines_echoes_a_misspelt_file_name() {
        assert!(nearly_inside(
            "knowyourrightsdeposits",
            "articleknowyourrigthsdepositsand"
        ));
        assert!(nearly_inside(
            "holdyourlandlordaccountable",
            "holdyourlandlordaccoutablerepairs"
        ));
        assert!(!nearly_inside(
            "knowyourrightsdeposits",
            "knowyourrentsdeposits"
        ));
        assert!(!nearly_inside("shortkey", "shortkex"));
        let d = decided(
            "RENTERS\nKnow Your Rights: Deposits and\n## Notice in Ohio\n\nText.\n",
            "Article_know-your-rigths-deposits-and-notice-in-ohio",
        );
        assert_eq!(
            d.title.as_deref(),
            Some("Know Your Rights: Deposits and Notice in Ohio")
        );
        // Lines that do not run on stay apart: a name line is not part of the title.
        let d = decided(
            "Jane Doe\n\n## Mutual Aid\n\nText.\n",
            "Jane_Doe__Mutual_Aid_a4",
        );
        assert_eq!(d.title.as_deref(), Some("Mutual Aid"));
    }

    #[test]
    fn credits_in_the_text_name_authors_only_where_they_credit_the_text() {
        let header =
            "Strike Date: Unknown Source: https://e.org Tags: docks, Port Union, Ann Lee Smith\n";
        let d = decided(
            &format!("{header}Dockers stop work today, writes Lena Ortiz of The Bulletin.\n"),
            "x",
        );
        assert_eq!(d.authors, ["Lena Ortiz"]);
        // A quoted writer is not the text's writer.
        let d = decided(
            &format!("{header}\"We stay,\" writes Karl Amsel in his memoir.\n"),
            "x",
        );
        assert!(d.authors.is_empty(), "{:?}", d.authors);
        let d = decided(
            &format!("{header}A response by the Port Union to its critics.\n"),
            "x",
        );
        assert_eq!(d.authors, ["Port Union"]);
        // Deeper in the text, "a report by X" cites another work.
        let d = decided(
            &format!("{header}Dockers stop work.\nA report by the Port Union said so.\n"),
            "x",
        );
        assert!(d.authors.is_empty(), "{:?}", d.authors);
        // A closing line alone names no one; it completes a name read elsewhere.
        let d = decided(
            "Some Title\n\nText of the piece.\n\nTHE HARBOUR GROUP (North section).\n",
            "x",
        );
        assert!(d.authors.is_empty(), "{:?}", d.authors);
        // A closing sentence is not a signature, even when it opens with the name.
        let d = decided(
            &format!(
                "{header}An article by Ann Lee Smith.\n\nAnn Lee Smith is a writer in Leeds\n"
            ),
            "x",
        );
        assert_eq!(d.authors, ["Ann Lee Smith"]);
    }

    #[test]
    fn a_tag_list_running_into_the_description_is_cut_where_the_tag_repeats() {
        assert_eq!(
            run_on_tag("Ruth Abel Ruth Abel's detailed study of the union"),
            Some((
                "Ruth Abel".into(),
                "Ruth Abel's detailed study of the union".into()
            ))
        );
        assert_eq!(run_on_tag("Ruth Abel"), None);
        assert_eq!(
            run_on_tag("a long tag that is not followed by itself again"),
            None
        );
        // A possessive names the author only before a word for a piece of writing.
        let d = decided("Capital Date: Unknown Source: https://e.org Tags: economics, Karl Marx Karl Marx's theory of value is examined here\n", "x");
        assert!(d.authors.is_empty(), "{:?}", d.authors);
    }

    #[test]
    fn a_staff_byline_names_its_publication_only_with_a_date() {
        let d = decided(
            "Some Title\n\n## By staff -\n\n## River Watch\n\n, June 2, 2023 We are glad.\n",
            "x",
        );
        assert_eq!(d.authors, ["River Watch"]);
        let d = decided(
            "Some Title\n\n## By staff -\n\n## River Watch\n\nWe are glad.\n",
            "x",
        );
        assert!(d.authors.is_empty(), "{:?}", d.authors);
    }

    #[test]
    fn an_author_link_and_a_rights_line_name_authors() {
        let d = decided(
            "# Post\n\nMay 2, 2024\n\n[Dana Cruz](https://e.org/author/dana/)\n\nText.\n",
            "x",
        );
        assert_eq!(d.authors, ["Dana Cruz"]);
        let d = decided(
            "# Post\n\nMay 2, 2024\n\n[Dana Cruz](https://e.org/people/dana/)\n\nText.\n",
            "x",
        );
        assert!(d.authors.is_empty(), "{:?}", d.authors);
        let d = decided("# Book\n\nThe right of Ann Vale and Tomas Brandt to be identified as the authors of this work has been asserted.\n", "x");
        assert_eq!(d.authors, ["Ann Vale", "Tomas Brandt"]);
    }

    #[test]
    fn a_byline_with_two_letters_swapped_takes_the_texts_spelling() {
        let d = decided("Some Title\n\n## By Micheal Letwin and Cliff Willmeng -\n\nLed by Michael Letwin and Cliff Willmeng.\n", "x");
        assert_eq!(d.authors, ["Michael Letwin", "Cliff Willmeng"]);
        // A letter more is another name, not a slip.
        let d = decided(
            "Some Title\n\n## By Jon Barker -\n\nHis brother John Barker spoke.\n",
            "x",
        );
        assert_eq!(d.authors, ["Jon Barker"]);
    }

    #[test]
    fn the_manifest_always_wins() {
        let r = read_document("Title: Read\nAuthor: Ann Lee\n");
        let d = decide(&r, Some("Given"), &["Bo Chan".to_string()], "x");
        assert_eq!(d.title.as_deref(), Some("Given"));
        assert_eq!(d.authors, ["Bo Chan"]);
    }
}
