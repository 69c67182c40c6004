//! Reads the facts off a booklet's title page and colophon.
//!
//! These pages are short lines, not prose: title, subtitle, author, date,
//! publisher, rights, and where the text came from. Their facts fill gaps in
//! the manifest; lines that are not one of those facts are kept as provenance,
//! so the colophon of the built book loses nothing the printed one said.

use super::text::{strip_hard_break, TextBlock};

#[derive(Debug, Clone, Default, PartialEq)]
/// The facts a source states about itself: on a booklet's title page and colophon, or in an essay's YAML front matter.
pub struct FrontMatter {
    /// The title.
    pub title: Option<String>,
    /// The subtitle.
    pub subtitle: Option<String>,
    /// The authors, in order.
    pub authors: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// The rights statement.
    pub rights: Option<String>,
    /// Where the text was taken from.
    pub source_url: Option<String>,
    /// Where and when the text first appeared.
    pub original_publication: Option<String>,
    /// Topics a library export lists as tags.
    pub subjects: Vec<String>,
    /// Remaining lines, one entry per source block, lines separated by `\n`, as Markdown.
    pub provenance: Vec<String>,
    /// `typography: false` in a Markdown essay's front matter.
    pub typography: Option<bool>,
    /// `cover:` in front matter: an image path relative to the essay, or `none`.
    pub cover: Option<String>,
    /// `stylesheet:` in front matter, relative to the essay.
    pub stylesheet: Option<String>,
    /// `lang:` or `language:` in front matter, as a BCP 47 tag.
    pub language: Option<String>,
    /// `description:` or `abstract:` in front matter.
    pub description: Option<String>,
    /// `identifier:` in front matter.
    pub identifier: Option<String>,
}

/// Front-matter keys quire reads, as pandoc names them, besides its own
/// (`cover`, `stylesheet`, `typography`, `order`, `repairs`). Title and
/// authors are weighed as evidence; the others are taken as they are.
pub const KNOWN_KEYS: [&str; 24] = [
    "title",
    "subtitle",
    "author",
    "authors",
    "creator",
    "creators",
    "lang",
    "language",
    "date",
    "description",
    "abstract",
    "keywords",
    "tags",
    "subject",
    "subjects",
    "identifier",
    "rights",
    "publisher",
    "cover",
    "stylesheet",
    "typography",
    "order",
    "repairs",
    "summary",
];

/// The keys of a front-matter block that quire does not use, in their order.
pub fn unused_keys(fields: &[(String, Vec<String>)]) -> Vec<&str> {
    fields
        .iter()
        .map(|(key, _)| key.as_str())
        .filter(|key| !KNOWN_KEYS.contains(&key.to_ascii_lowercase().as_str()))
        .collect()
}

/// Topics as front matter lists them: a YAML list, or one line of
/// comma-separated words (`keywords: strikes, docks`).
pub fn split_subjects(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split([',', ';']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

struct Line<'a> {
    block: usize,
    text: &'a str,
    /// The text as lines are compared ([`key`]), worked out once.
    key: String,
    used: bool,
}

/// The facts of a title page and colophon, given as text blocks.
pub(crate) fn read(blocks: &[TextBlock]) -> FrontMatter {
    let mut lines: Vec<Line> = blocks
        .iter()
        .enumerate()
        .flat_map(|(block, b)| {
            b.lines().map(move |l| {
                let text = strip_hard_break(l);
                Line {
                    block,
                    text,
                    key: key(text),
                    used: false,
                }
            })
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let mut facts = FrontMatter::default();

    let title_at = lines.iter().position(|l| l.text.starts_with('#'));
    if let Some(at) = title_at {
        facts.title = Some(lines[at].text.trim_start_matches('#').trim().to_string());
    }
    let title_key = facts.title.as_deref().map(key).unwrap_or_default();

    // The title page: one-line blocks straight after the title heading.
    let mut title_page = Vec::new();
    if let Some(at) = title_at {
        let mut block = lines[at].block;
        for (index, line) in lines.iter().enumerate().skip(at + 1) {
            let block_len = lines.iter().filter(|l| l.block == line.block).count();
            if line.block != block + 1 || block_len != 1 {
                break;
            }
            block = line.block;
            title_page.push(index);
        }
    }
    // The line of names marked with affiliation numbers, when the title page has one.
    let mut marked_names = None;
    let affiliations = title_page
        .iter()
        .any(|&i| is_affiliation_list(lines[i].text));
    let (dates, mut names): (Vec<usize>, Vec<usize>) = title_page
        .iter()
        .filter(|&&i| !is_affiliation_list(lines[i].text))
        .partition(|&&i| date_line(lines[i].text).is_some());
    if let Some(&i) = dates.first() {
        facts.date = date_line(lines[i].text);
    }
    // One name with a number could be a subtitle with a note marker; several, or
    // one beside a line of affiliations, are a paper's authors.
    if let Some(at) = names.iter().position(|&i| {
        is_marked_name_list(lines[i].text)
            && (affiliations || split_authors(lines[i].text).len() > 1)
    }) {
        let line = names.remove(at);
        facts.authors = split_authors(lines[line].text);
        marked_names = Some(line);
        if let Some(&first) = names.first() {
            facts.subtitle = Some(stated_text(lines[first].text.trim_start_matches('#')));
        }
        names.clear();
    }
    match names.as_slice() {
        [] => {}
        [only] => {
            if before_title(&lines, *only, &title_key)
                || (!after_title(&lines, *only, &title_key) && looks_like_name(lines[*only].text))
            {
                facts.authors = split_authors(lines[*only].text);
            } else {
                facts.subtitle = Some(stated_text(lines[*only].text.trim_start_matches('#')));
            }
        }
        [first, .., last] => {
            facts.subtitle = Some(stated_text(lines[*first].text.trim_start_matches('#')));
            facts.authors = split_authors(lines[*last].text);
        }
    }

    // The colophon repeats the title page as "author / title / subtitle / date".
    if let Some(repeat) = lines
        .iter()
        .enumerate()
        .position(|(i, l)| Some(i) != title_at && !title_key.is_empty() && l.key == title_key)
    {
        let block = lines[repeat].block;
        if facts.authors.is_empty() && repeat > 0 && lines[repeat - 1].block == block {
            facts.authors = split_authors(lines[repeat - 1].text);
        }
        if facts.subtitle.is_none() {
            if let Some(next) = lines
                .get(repeat + 1)
                .filter(|l| l.block == block && date_line(l.text).is_none())
            {
                facts.subtitle = Some(stated_text(next.text.trim_start_matches('#')));
            }
        }
    }
    if facts.date.is_none() {
        facts.date = lines.iter().find_map(|l| date_line(l.text));
    }

    // Every line that says one of those facts again is accounted for.
    let known: Vec<String> = [facts.title.clone(), facts.subtitle.clone()]
        .into_iter()
        .flatten()
        .chain(facts.authors.iter().cloned())
        .chain(facts.authors.is_empty().then(String::new))
        .map(|s| key(&s))
        .filter(|k| !k.is_empty())
        .collect();
    let author_line_key = key(&facts.authors.join(" "));
    for (index, line) in lines.iter_mut().enumerate() {
        if line.text.starts_with('#')
            || marked_names == Some(index)
            || known.contains(&line.key)
            || line.key == author_line_key
            || date_line(line.text).is_some()
        {
            line.used = true;
        }
    }

    // Rights, and the publisher that stands beside them.
    if let Some(i) = lines.iter().position(|l| !l.used && is_rights(l.text)) {
        facts.rights = Some(lines[i].text.to_string());
        lines[i].used = true;
        let block = lines[i].block;
        let others: Vec<usize> = (0..lines.len())
            .filter(|&j| j != i && lines[j].block == block && !lines[j].used)
            .collect();
        if let [publisher] = others.as_slice() {
            facts.publisher = Some(stated_text(lines[*publisher].text));
            lines[*publisher].used = true;
        }
    }

    // What is left is provenance, block by block, as written.
    let mut block = usize::MAX;
    for line in lines.iter().filter(|l| !l.used) {
        if line.block != block {
            facts.provenance.push(String::new());
            block = line.block;
        }
        if let Some(entry) = facts.provenance.last_mut() {
            if !entry.is_empty() {
                entry.push('\n');
            }
            entry.push_str(line.text);
        }
    }
    for entry in &facts.provenance {
        let lower = entry.to_lowercase();
        if facts.source_url.is_none() && (lower.contains("retrieved") || lower.contains("source")) {
            facts.source_url = first_link(entry);
        }
        if facts.original_publication.is_none() {
            if let Some(at) = lower.find("published in") {
                let rest = stated_text(&entry[at + "published in".len()..].replace('\n', " "));
                facts.original_publication =
                    Some(rest.trim().trim_end_matches('.').to_string()).filter(|s| !s.is_empty());
            }
        }
    }
    facts
}

fn before_title(lines: &[Line], index: usize, title_key: &str) -> bool {
    lines.iter().enumerate().any(|(i, l)| {
        i > 0
            && l.key == title_key
            && lines[i - 1].block == l.block
            && lines[i - 1].key == lines[index].key
    })
}

fn after_title(lines: &[Line], index: usize, title_key: &str) -> bool {
    lines
        .windows(2)
        .any(|w| w[0].block == w[1].block && w[0].key == title_key && w[1].key == lines[index].key)
}

/// How two renderings of one line compare, Markdown aside.
fn key(text: &str) -> String {
    super::text::compare_key(&stated_text(text))
}

/// What a title-page or colophon line states: its text with link targets, emphasis marks, tags
/// and superscripts removed. A superscript there is a note marker or an affiliation ("Ada
/// Moreno<sup>1</sup>"), no part of the fact; [`crate::source::markdown::plain_line`], the text
/// of a line as a reader sees it, keeps a superscript's text ("8<sup>th</sup>" reads "8th").
pub fn stated_text(text: &str) -> String {
    // Superscripts in a title-page line are note markers or affiliations
    // ("Ada Moreno<sup>1</sup>"): their numbers are no part of the text.
    let mut unmarked = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("<sup>") {
        let Some(close) = rest[open..].find("</sup>") else {
            break;
        };
        unmarked.push_str(&rest[..open]);
        rest = &rest[open + close + "</sup>".len()..];
    }
    unmarked.push_str(rest);
    let mut out = String::new();
    let mut rest = unmarked.as_str();
    while let Some(open) = rest.find("](") {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let mut without_tags = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '[' | ']' | '*' | '_' if !in_tag => {}
            _ if !in_tag => without_tags.push(c),
            _ => {}
        }
    }
    without_tags
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_link(text: &str) -> Option<String> {
    let start = text.find("](")? + 2;
    let end = text[start..].find(')')? + start;
    let url = text[start..end].trim();
    (url.starts_with("http://") || url.starts_with("https://")).then(|| url.to_string())
}

fn is_rights(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "copyright",
        "copyleft",
        "public domain",
        "creative commons",
        "licence",
        "license",
        "all rights reserved",
        "cc by",
        "cc0",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

pub(crate) fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || matches!(*w, "and" | "&" | "de" | "van" | "von" | "la")
        })
        && !text.ends_with(['.', '!', '?', ':'])
}

/// A paper's line of affiliations, each after its number
/// (`<sup>1</sup>Institute of Street Lighting <sup>2</sup>...`): neither a
/// subtitle nor a name.
fn is_affiliation_list(text: &str) -> bool {
    text.trim_start().starts_with("<sup>")
}

/// A paper's line of names, each marked with its affiliation's number
/// (`Ada Moreno<sup>1</sup>, Bo Lind<sup>2</sup>`): its authors, not a subtitle.
pub(crate) fn is_marked_name_list(text: &str) -> bool {
    text.contains("</sup>")
        && !is_affiliation_list(text)
        && split_authors(text).iter().all(|name| looks_like_name(name))
}

pub(crate) fn split_authors(text: &str) -> Vec<String> {
    let text = stated_text(text);
    let parts: Vec<String> = text
        .split(" and ")
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(", "))
        // "A, B, and C": the comma before "and" is no part of a name.
        .map(|p| p.trim().trim_end_matches(',').trim_end().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 && parts.iter().all(|p| looks_like_name(p)) {
        parts
    } else {
        vec![text]
    }
}

/// A line of a source that is only a date, read past its Markdown (see
/// [`dates::parse_written`](crate::dates::parse_written)).
pub fn date_line(text: &str) -> Option<String> {
    // Every date has a year in digits: most lines have none, and need no plain-text pass.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::dates::parse_written(&stated_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::text::blocks;

    #[test]
    fn dates_in_the_forms_title_pages_use() {
        assert_eq!(date_line("November 2000").as_deref(), Some("2000-11"));
        assert_eq!(date_line("5 November 2000").as_deref(), Some("2000-11-05"));
        assert_eq!(date_line("November 5, 2000").as_deref(), Some("2000-11-05"));
        assert_eq!(date_line("2000").as_deref(), Some("2000"));
        assert_eq!(date_line("In November 2000 they met"), None);
        assert_eq!(date_line("31 February 2000"), None);
    }

    #[test]
    fn a_subtitle_is_plain_text_whatever_markup_the_title_page_had() {
        let text = "#### *Jane Doe*\n\n# **A Title of Some Length**\n";
        let facts = read(&blocks(text));
        assert_eq!(facts.subtitle.as_deref(), Some("A Title of Some Length"));
        assert_eq!(
            stated_text("Ada Moreno<sup>1</sup>, Bo Lind<sup>2,*</sup>"),
            "Ada Moreno, Bo Lind"
        );
    }

    #[test]
    fn a_papers_names_with_affiliation_numbers_are_its_authors() {
        let text = "# Lantern Counts\n\nAda Moreno<sup>1</sup>, Bo Lind<sup>2</sup>, and Cy Okafor<sup>1,*</sup>\n\n<sup>1</sup>Institute of Lighting <sup>2</sup>Department of History\n";
        let facts = read(&blocks(text));
        assert_eq!(facts.authors, ["Ada Moreno", "Bo Lind", "Cy Okafor"]);
        assert_eq!(facts.subtitle, None);
        assert_eq!(
            facts.provenance,
            ["<sup>1</sup>Institute of Lighting <sup>2</sup>Department of History"]
        );
        // A subtitle above the names stays the subtitle.
        let text = "# Lantern Counts\n\nOil and Wages, 1850 to 1900\n\nAda Moreno<sup>1</sup>, Bo Lind<sup>2</sup>\n";
        let facts = read(&blocks(text));
        assert_eq!(
            facts.subtitle.as_deref(),
            Some("Oil and Wages, 1850 to 1900")
        );
        assert_eq!(facts.authors, ["Ada Moreno", "Bo Lind"]);
    }

    #[test]
    fn an_imposed_title_page_and_colophon_interleaved() {
        let text = "The Library  \nAnti-Copyright\n\n# A Title\n\nA longer subtitle\n\nJane Doe\n\nJane Doe  \nA Title  \nA longer subtitle  \nMay 1999\n\nRetrieved on 1 May 2020 from [example.org](http://example.org/a)  \nFirst published in *A Journal*  \nNo 4.\n\nMay 1999\n";
        let facts = read(&blocks(text));
        assert_eq!(facts.title.as_deref(), Some("A Title"));
        assert_eq!(facts.subtitle.as_deref(), Some("A longer subtitle"));
        assert_eq!(facts.authors, ["Jane Doe"]);
        assert_eq!(facts.date.as_deref(), Some("1999-05"));
        assert_eq!(facts.rights.as_deref(), Some("Anti-Copyright"));
        assert_eq!(facts.publisher.as_deref(), Some("The Library"));
        assert_eq!(facts.source_url.as_deref(), Some("http://example.org/a"));
        assert_eq!(
            facts.original_publication.as_deref(),
            Some("A Journal No 4")
        );
        assert_eq!(facts.provenance.len(), 1, "{:?}", facts.provenance);
        assert!(facts.provenance[0].starts_with("Retrieved on 1 May 2020"));
    }

    #[test]
    fn a_lone_name_under_the_title_is_the_author() {
        let facts = read(&blocks("# On Mutual Aid\n\nPeter Kropotkin\n"));
        assert_eq!(facts.authors, ["Peter Kropotkin"]);
        assert_eq!(facts.subtitle, None);
    }
}
