//! Typographer's punctuation: straight quotes to curly ones, double and triple
//! hyphens to dashes, three dots to an ellipsis, everywhere a reader sees text.
//!
//! It is one pass over the model's text: each block's inlines are read as one
//! stream, so a quote opened before an emphasis is closed after it. Code,
//! link targets and web addresses are never touched. Each language with a rule
//! gets its own quotation marks; a language without one keeps its characters.

use crate::model::{Block, Book, Chapter, Inline, Metadata, Note, LARGE_TEXT};

/// The marks one language sets quotations with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The language's name, for `--explain`.
    pub name: &'static str,
    /// The mark that opens a quotation.
    pub open_double: &'static str,
    /// The mark that closes a quotation.
    pub close_double: &'static str,
    /// The mark that opens a quotation inside a quotation.
    pub open_single: &'static str,
    /// The mark that closes a quotation inside a quotation.
    pub close_single: &'static str,
}

/// The apostrophe, the same in every language with a rule: it’s, the ’90s.
pub const APOSTROPHE: &str = "\u{2019}";

const ENGLISH: Rules = Rules {
    name: "English",
    open_double: "\u{201c}",
    close_double: "\u{201d}",
    open_single: "\u{2018}",
    close_single: "\u{2019}",
};

/// French guillemets hold the quotation at a narrow no-break space, which
/// also keeps them from being left alone at a line's end.
const FRENCH: Rules = Rules {
    name: "French",
    open_double: "\u{ab}\u{202f}",
    close_double: "\u{202f}\u{bb}",
    open_single: "\u{201c}",
    close_single: "\u{201d}",
};

const GERMAN: Rules = Rules {
    name: "German",
    open_double: "\u{201e}",
    close_double: "\u{201c}",
    open_single: "\u{201a}",
    close_single: "\u{2018}",
};

/// Words that begin with an elided letter, so their opening `'` is an
/// apostrophe, not a quotation mark: rock ’n’ roll, ’tis, ’em.
const ELISIONS: &[&str] = &[
    "n", "tis", "twas", "twere", "em", "cause", "til", "bout", "round", "nuff", "gainst",
];

/// The rules for a BCP 47 language tag, by its primary language; `None` for
/// a language quire has no rule for, whose text is left as it is.
pub fn rules_for(language: &str) -> Option<Rules> {
    let primary = language.split('-').next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "en" => Some(ENGLISH),
        "fr" => Some(FRENCH),
        "de" => Some(GERMAN),
        _ => None,
    }
}

/// Sets the whole book's punctuation by `rules`: its metadata, headings,
/// text, notes and image descriptions.
pub fn apply(book: &mut Book, rules: &Rules) {
    apply_to_metadata(&mut book.meta, rules);
    let chapters = |chapters: &mut [Chapter]| {
        for chapter in chapters {
            if let Some(heading) = &mut chapter.heading {
                inlines(heading, rules);
            }
            blocks(&mut chapter.blocks, rules);
        }
    };
    let notes = |notes: &mut [Note]| {
        for note in notes {
            blocks(&mut note.blocks, rules);
        }
    };
    let text_len = book.text_len();
    if text_len < LARGE_TEXT || book.chapters.len() < 2 {
        chapters(&mut book.chapters);
        notes(&mut book.notes);
        return;
    }
    // Each run of inlines is set alone, so a large book's chapters are set
    // on two threads, split where half its text is behind.
    let half = text_len / 2;
    let mut behind = 0;
    let split = book
        .chapters
        .iter()
        .position(|chapter| {
            behind += chapter.text_len();
            behind >= half
        })
        .map_or(book.chapters.len(), |at| at + 1);
    let (first, second) = book.chapters.split_at_mut(split);
    let book_notes = &mut book.notes;
    std::thread::scope(|scope| {
        scope.spawn(|| {
            chapters(second);
            notes(book_notes);
        });
        chapters(first);
    });
}

fn apply_to_metadata(meta: &mut Metadata, rules: &Rules) {
    for field in [&mut meta.title].into_iter().chain(
        [
            &mut meta.subtitle,
            &mut meta.description,
            &mut meta.publisher,
            &mut meta.rights,
            &mut meta.original_publication,
            &mut meta.series,
        ]
        .into_iter()
        .flatten(),
    ) {
        *field = text(field, rules);
    }
    for list in [&mut meta.authors, &mut meta.subjects] {
        for value in list.iter_mut() {
            *value = text(value, rules);
        }
    }
    for contributor in &mut meta.contributors {
        contributor.name = text(&contributor.name, rules);
    }
    // Provenance lines are Markdown, rendered later: their code spans and link targets stay.
    for line in &mut meta.provenance {
        *line = markdown_line(line, rules);
    }
}

fn blocks(blocks_: &mut [Block], rules: &Rules) {
    for block in blocks_ {
        match block {
            Block::Paragraph(content) | Block::Heading { content, .. } => inlines(content, rules),
            Block::Quote(inner) => blocks(inner, rules),
            Block::List { items, .. } => {
                for item in items {
                    blocks(item, rules);
                }
            }
            Block::Table { head, rows } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell, rules);
                }
            }
            Block::Code(_) | Block::Rule => {}
        }
    }
}

/// One piece of an inline stream: text that may change, or something read
/// past as a single character (code as a word, a line break as a space).
enum Piece<'a> {
    Text(&'a mut String),
    Opaque(char),
}

/// Sets the punctuation of one run of inlines, read as a single stream.
pub fn inlines(content: &mut [Inline], rules: &Rules) {
    image_descriptions(content, rules);
    let mut pieces = Vec::new();
    collect(content, &mut pieces);
    set(&mut pieces, rules);
}

fn image_descriptions(content: &mut [Inline], rules: &Rules) {
    for inline in content {
        match inline {
            Inline::Image { alt, .. } => *alt = text(alt, rules),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => image_descriptions(c, rules),
            _ => {}
        }
    }
}

fn collect<'a>(content: &'a mut [Inline], pieces: &mut Vec<Piece<'a>>) {
    for inline in content {
        match inline {
            Inline::Text(t) => pieces.push(Piece::Text(t)),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => collect(c, pieces),
            Inline::Code(_) | Inline::Image { .. } => pieces.push(Piece::Opaque('x')),
            Inline::LineBreak => pieces.push(Piece::Opaque(' ')),
            Inline::NoteRef(_) | Inline::PageBreak(_) => {}
        }
    }
}

/// Plain text (a title, an image description) with its punctuation set.
pub fn text(value: &str, rules: &Rules) -> String {
    let mut owned = value.to_string();
    set(&mut [Piece::Text(&mut owned)], rules);
    owned
}

/// One line of Markdown with its punctuation set, leaving code spans, link
/// targets and `<...>` addresses as they are.
pub fn markdown_line(line: &str, rules: &Rules) -> String {
    // Split into (is prose, text) parts.
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let next = rest.find(['`', '<', ']']).unwrap_or(rest.len());
        if next > 0 {
            parts.push((true, rest[..next].to_string()));
            rest = &rest[next..];
            continue;
        }
        let end = match rest.as_bytes()[0] {
            b'`' => {
                let ticks = rest.len() - rest.trim_start_matches('`').len();
                rest[ticks..]
                    .find(&rest[..ticks])
                    .map(|at| ticks + at + ticks)
            }
            b'<' => rest.find('>').map(|at| at + 1),
            _ if rest.starts_with("](") => rest.find(')').map(|at| at + 1),
            _ => None,
        }
        .unwrap_or(1);
        let prose = end == 1 && rest.starts_with(']');
        parts.push((prose, rest[..end].to_string()));
        rest = &rest[end..];
    }
    let mut pieces: Vec<Piece> = parts
        .iter_mut()
        .map(|(prose, part)| {
            if *prose {
                Piece::Text(part)
            } else {
                Piece::Opaque('x')
            }
        })
        .collect();
    set(&mut pieces, rules);
    drop(pieces);
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Whether a quotation mark after `c` opens: after a space, the start, an
/// opening bracket or mark, or a dash.
fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '['
                | '{'
                | '\u{201c}'
                | '\u{2018}'
                | '\u{ab}'
                | '\u{201e}'
                | '\u{201a}'
                | '\u{2014}'
                | '\u{2013}'
                | '-'
                | '/'
        )
}

/// The characters the rules in [`set`] read or replace: quotation marks,
/// hyphens, dots and the fixed space guillemets take. Every other character
/// passes through as it is.
fn is_marked(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '-'
            | '.'
            | '\u{201c}'
            | '\u{ab}'
            | '\u{201e}'
            | '\u{201d}'
            | '\u{bb}'
            | '\u{2018}'
            | '\u{201a}'
            | '\u{202f}'
    )
}

/// One change to a piece's text: the bytes `start..end` become `with`.
struct Edit {
    piece: usize,
    start: usize,
    end: usize,
    with: String,
}

fn set(pieces: &mut [Piece], rules: &Rules) {
    // Only straight quotes, two or three hyphens and three dots are ever
    // replaced, and a space beside a fixed space taken away: a run without
    // them is left as it is (curly quotes alone only open or close, and runs
    // of hyphens or dots never reach across pieces).
    let holds =
        |t: &str, needle: &str| memchr::memmem::find(t.as_bytes(), needle.as_bytes()).is_some();
    let settable = |t: &str| {
        memchr::memchr2(b'"', b'\'', t.as_bytes()).is_some()
            || holds(t, "\u{202f}")
            || holds(t, "--")
            || holds(t, "...")
    };
    if pieces
        .iter()
        .any(|piece| matches!(piece, Piece::Text(t) if settable(t)))
    {
        set_all(pieces, rules);
    }
}

/// [`set`] without its quick test: every piece read, whatever it holds.
fn set_all(pieces: &mut [Piece], rules: &Rules) {
    // The stream: every character, read as one run, and where each piece's
    // characters start in it (None: an opaque piece, one character).
    let mut stream: Vec<char> = Vec::new();
    let mut runs: Vec<(usize, Option<usize>)> = Vec::with_capacity(pieces.len());
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) if t.is_empty() => {}
            Piece::Text(t) => {
                runs.push((stream.len(), Some(index)));
                stream.extend(t.chars());
            }
            Piece::Opaque(c) => {
                runs.push((stream.len(), None));
                stream.push(*c);
            }
        }
    }
    let protected = addresses(&stream);
    // The text is copied unchanged except where an edit says otherwise.
    let mut edits: Vec<Edit> = Vec::new();
    // The last character given to a piece as the source had it, if a space
    // (its piece and byte): a mark that opens with a fixed space replaces it.
    let mut space_before: Option<(usize, usize)> = None;
    let (mut double_open, mut single_open) = (false, false);
    // The last character a reader would see before the current one.
    let mut previous = ' ';
    let at = |i: usize| stream.get(i).copied();
    let (mut run, mut offset) = (0, 0);
    let mut i = 0;
    while i < stream.len() {
        while run + 1 < runs.len() && runs[run + 1].0 <= i {
            run += 1;
            offset = 0;
        }
        let run_end = runs.get(run + 1).map_or(stream.len(), |next| next.0);
        let c = stream[i];
        let Some(piece) = runs[run].1 else {
            previous = c;
            i += 1;
            continue;
        };
        if !is_marked(c) {
            // A run of characters no rule looks at passes through in one step.
            let end = stream[i..run_end]
                .iter()
                .position(|&d| is_marked(d))
                .map_or(run_end, |n| i + n);
            let last = stream[end - 1];
            let width: usize = stream[i..end].iter().map(|c| c.len_utf8()).sum();
            space_before = (last == ' ').then_some((piece, offset + width - 1));
            offset += width;
            previous = last;
            i = end;
            continue;
        }
        let next = at(i + 1);
        let same_piece_run = |ch: char| stream[i..run_end].iter().take_while(|d| **d == ch).count();
        // Most characters pass through as they are.
        let mut emitted: Option<&'static str> = None;
        let mut consumed = 1;
        if protected.get(i) == Some(&true) {
            // Web addresses and e-mail addresses stay exactly as written.
        } else {
            match c {
                '"' => {
                    let blank_after = next.is_none_or(char::is_whitespace);
                    let opening = if opens_after(previous) && !blank_after {
                        true
                    } else if !opens_after(previous) {
                        false
                    } else {
                        !double_open
                    };
                    if opening {
                        emitted = Some(rules.open_double);
                        double_open = true;
                    } else {
                        emitted = Some(rules.close_double);
                        double_open = false;
                    }
                }
                '\'' => {
                    let letter_after = next.is_some_and(char::is_alphanumeric);
                    if previous.is_alphanumeric() && letter_after {
                        emitted = Some(APOSTROPHE);
                    } else if opens_after(previous) {
                        if next.is_none_or(char::is_whitespace) {
                            // A mark alone between spaces: nothing says which it is.
                        } else if elision_follows(&stream, i + 1) {
                            emitted = Some(APOSTROPHE);
                        } else {
                            emitted = Some(rules.open_single);
                            single_open = true;
                        }
                    } else if single_open && !letter_after {
                        emitted = Some(rules.close_single);
                        single_open = false;
                    } else {
                        emitted = Some(APOSTROPHE);
                    }
                }
                '\u{201c}' | '\u{ab}' | '\u{201e}' => double_open = true,
                '\u{201d}' | '\u{bb}' => double_open = false,
                '\u{2018}' | '\u{201a}' => single_open = true,
                '-' => {
                    let run = same_piece_run('-');
                    let after = at(i + run);
                    let option_like = run == 2
                        && previous.is_whitespace()
                        && after.is_some_and(char::is_alphanumeric);
                    if run == 3 {
                        emitted = Some("\u{2014}");
                    } else if run == 2 && !option_like {
                        emitted = Some("\u{2013}");
                    }
                    consumed = run;
                }
                '.' => {
                    let run = same_piece_run('.');
                    if run == 3 {
                        emitted = Some("\u{2026}");
                    }
                    consumed = run;
                }
                _ => {}
            }
        }
        let last = emitted.map_or(c, |e| e.chars().last().unwrap_or(c));
        let first = emitted.map_or(c, |e| e.chars().next().unwrap_or(c));
        // Guillemets hold their quotation at a fixed space: an ordinary
        // space the source put inside them is that space.
        let swallows_space = last == '\u{202f}' && next == Some(' ') && i + 1 < run_end;
        if first == '\u{202f}' {
            if let Some((_, start)) = space_before.filter(|(p, _)| *p == piece) {
                edits.push(Edit {
                    piece,
                    start,
                    end: start + 1,
                    with: String::new(),
                });
            }
        }
        let width: usize = stream[i..i + consumed].iter().map(|c| c.len_utf8()).sum();
        if emitted.is_some() || swallows_space {
            let mut with = String::new();
            match emitted {
                Some(e) => with.push_str(e),
                None => with.push(c),
            }
            edits.push(Edit {
                piece,
                start: offset,
                end: offset + width + usize::from(swallows_space),
                with,
            });
        }
        space_before =
            (emitted.is_none() && !swallows_space && c == ' ').then_some((piece, offset));
        offset += width;
        if swallows_space {
            consumed += 1;
            offset += 1;
        }
        previous = last;
        i += consumed;
    }
    if edits.is_empty() {
        return;
    }
    let mut edits = edits.into_iter().peekable();
    for (index, piece) in pieces.iter_mut().enumerate() {
        let Piece::Text(t) = piece else {
            continue;
        };
        if edits.peek().is_none_or(|edit| edit.piece != index) {
            continue;
        }
        let mut text = String::with_capacity(t.len() + 16);
        let mut copied = 0;
        while let Some(edit) = edits.next_if(|edit| edit.piece == index) {
            text.push_str(&t[copied..edit.start]);
            text.push_str(&edit.with);
            copied = edit.end;
        }
        text.push_str(&t[copied..]);
        **t = text;
    }
}

/// Whether the word starting at `from` is one of [`ELISIONS`] (followed by
/// something that is not a letter).
fn elision_follows(stream: &[char], from: usize) -> bool {
    let word: String = stream[from..]
        .iter()
        .copied()
        .take_while(|c| c.is_alphabetic())
        .take(8)
        .collect::<String>()
        .to_lowercase();
    let digits = stream[from..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    // ’90s, ’68: a year with its century elided.
    digits == 2 || ELISIONS.contains(&word.as_str())
}

/// Marks the characters of web and e-mail addresses, which must not change
/// (none when the list is empty: most paragraphs hold no address).
fn addresses(stream: &[char]) -> Vec<bool> {
    let mut protected = Vec::new();
    // Most paragraphs hold no address: no colon, at sign or "www." at all.
    if !stream.iter().any(|c| matches!(c, ':' | '@'))
        && !stream.windows(4).any(|w| w == ['w', 'w', 'w', '.'])
    {
        return protected;
    }
    let mut start = 0;
    while start < stream.len() {
        if stream[start].is_whitespace() {
            start += 1;
            continue;
        }
        let end = stream[start..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(stream.len(), |n| start + n);
        let marked = stream[start..end].iter().any(|c| matches!(c, ':' | '@'));
        // Without a colon or an at sign only "www." can start an address: no
        // need to spell out every word that opens with a w.
        let www = stream[start..end.min(start + 4)]
            .iter()
            .copied()
            .eq("www.".chars());
        if !marked && !www {
            start = end;
            continue;
        }
        let word: String = stream[start..end].iter().collect();
        let address = word.contains("://")
            || word.starts_with("www.")
            || word
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if address {
            protected.resize(stream.len(), false);
            protected[start..end].fill(true);
        }
        start = end;
    }
    protected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> String {
        text(s, &ENGLISH)
    }

    #[test]
    fn a_large_book_set_on_two_threads_reads_as_if_set_on_one() {
        let paragraph = "\"Who decided?\" she asked -- the court's men... 'not we'. ";
        let mut book = Book {
            chapters: (0..30)
                .map(|n| Chapter {
                    heading: Some(vec![Inline::Text(format!("\"Part\" {n}"))]),
                    blocks: (0..600)
                        .map(|p| Block::Paragraph(vec![Inline::Text(format!("{p} {paragraph}"))]))
                        .collect(),
                })
                .collect(),
            notes: vec![Note {
                blocks: vec![Block::Paragraph(vec![Inline::Text("\"A note\"".into())])],
                ..Note::default()
            }],
            ..Book::default()
        };
        assert!(book.is_large());
        let mut one_by_one = book.clone();
        apply(&mut book, &ENGLISH);
        for chapter in &mut one_by_one.chapters {
            inlines(chapter.heading.as_mut().unwrap(), &ENGLISH);
            blocks(&mut chapter.blocks, &ENGLISH);
        }
        blocks(&mut one_by_one.notes[0].blocks, &ENGLISH);
        assert!(book.chapters == one_by_one.chapters && book.notes == one_by_one.notes);
        assert_eq!(
            Inline::plain_text(book.chapters[29].heading.as_ref().unwrap()),
            "\u{201c}Part\u{201d} 29"
        );
    }

    proptest::proptest! {
        /// The quick test that leaves most paragraphs alone never leaves one
        /// that the rules would change.
        #[test]
        fn the_quick_test_skips_only_what_would_not_change(
            parts in proptest::collection::vec("[a-z '\".\\-«»“”‘’\u{202f}]{0,12}", 1..4),
            language in proptest::sample::select(vec!["en", "fr", "de"]),
        ) {
            let rules = rules_for(language).unwrap();
            let mut quick = parts.clone();
            let mut full = parts.clone();
            set(&mut quick.iter_mut().map(Piece::Text).collect::<Vec<_>>(), &rules);
            set_all(&mut full.iter_mut().map(Piece::Text).collect::<Vec<_>>(), &rules);
            proptest::prop_assert_eq!(quick, full);
        }
    }

    #[test]
    fn apostrophes_inside_and_after_words() {
        assert_eq!(en("it's"), "it’s");
        assert_eq!(
            en("The Bolsheviks' pet anarchist"),
            "The Bolsheviks’ pet anarchist"
        );
        assert_eq!(en("Victor Serge's Memoirs"), "Victor Serge’s Memoirs");
        assert_eq!(en("o'clock"), "o’clock");
    }

    #[test]
    fn elided_letters_and_decades_take_apostrophes() {
        assert_eq!(en("rock 'n' roll"), "rock ’n’ roll");
        assert_eq!(en("in the '90s"), "in the ’90s");
        assert_eq!(en("'Tis the season"), "’Tis the season");
        assert_eq!(en("let 'em go"), "let ’em go");
    }

    #[test]
    fn quotations_open_and_close() {
        assert_eq!(en("\"Hello,\" she said."), "“Hello,” she said.");
        assert_eq!(en("'Hello,' she said."), "‘Hello,’ she said.");
        assert_eq!(en("\"He said 'no' twice.\""), "“He said ‘no’ twice.”");
        assert_eq!(en("(\"quoted\")"), "(“quoted”)");
        assert_eq!(en("the word \"quire\"."), "the word “quire”.");
        assert_eq!(en("a 'single' word's end"), "a ‘single’ word’s end");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(en("1914--1918"), "1914–1918");
        assert_eq!(en("yes---no"), "yes—no");
        assert_eq!(en("wait -- what"), "wait – what");
        assert_eq!(en("and so..."), "and so…");
        assert_eq!(en("four.... dots"), "four.... dots");
        assert_eq!(en("well-known"), "well-known");
        // A command-line option in prose is not a dash.
        assert_eq!(en("run it with --explain"), "run it with --explain");
    }

    #[test]
    fn addresses_stay_as_written() {
        assert_eq!(
            en("see http://example.org/a--b...c's and \"this\""),
            "see http://example.org/a--b...c's and “this”"
        );
        assert_eq!(en("mail o'neil@example.org"), "mail o'neil@example.org");
    }

    #[test]
    fn quotes_are_matched_across_emphasis_and_code_is_untouched() {
        let mut content = vec![
            Inline::Text("the \"".into()),
            Inline::Emphasis(vec![Inline::Text("Memoirs".into())]),
            Inline::Text("\" and ".into()),
            Inline::Code("it's \"raw\" -- ...".into()),
            Inline::Text("'s end".into()),
        ];
        inlines(&mut content, &ENGLISH);
        assert_eq!(
            content,
            vec![
                Inline::Text("the “".into()),
                Inline::Emphasis(vec![Inline::Text("Memoirs".into())]),
                Inline::Text("” and ".into()),
                Inline::Code("it's \"raw\" -- ...".into()),
                Inline::Text("’s end".into()),
            ]
        );
    }

    #[test]
    fn code_blocks_and_link_targets_are_untouched() {
        let mut book = Book::default();
        book.chapters.push(crate::model::Chapter {
            heading: Some(vec![Inline::Text("Serge's \"Memoirs\"".into())]),
            blocks: vec![
                Block::Code("let s = \"it's\";".into()),
                Block::Paragraph(vec![Inline::Link {
                    href: "http://x.org/it's".into(),
                    content: vec![Inline::Text("it's".into())],
                }]),
            ],
        });
        apply(&mut book, &ENGLISH);
        let chapter = &book.chapters[0];
        assert_eq!(
            Inline::plain_text(chapter.heading.as_ref().unwrap()),
            "Serge’s “Memoirs”"
        );
        assert_eq!(chapter.blocks[0], Block::Code("let s = \"it's\";".into()));
        assert_eq!(
            chapter.blocks[1],
            Block::Paragraph(vec![Inline::Link {
                href: "http://x.org/it's".into(),
                content: vec![Inline::Text("it’s".into())],
            }])
        );
    }

    #[test]
    fn markdown_lines_keep_their_code_and_targets() {
        assert_eq!(
            markdown_line(
                "Retrieved from [Serge's page](http://x.org/a--b) on `it's` \"day\"",
                &ENGLISH
            ),
            "Retrieved from [Serge’s page](http://x.org/a--b) on `it's` “day”"
        );
    }

    #[test]
    fn languages_use_their_own_marks_or_none() {
        let fr = rules_for("fr-CA").unwrap();
        assert_eq!(
            text("Il dit \"bonjour\" et l'homme", &fr),
            "Il dit «\u{202f}bonjour\u{202f}» et l’homme"
        );
        assert_eq!(text("\" bonjour \"", &fr), "«\u{202f}bonjour\u{202f}»");
        let de = rules_for("de").unwrap();
        assert_eq!(
            text("Er sagt \"ja\" und 'nein'.", &de),
            "Er sagt „ja“ und ‚nein‘."
        );
        assert_eq!(rules_for("ru"), None);
        assert_eq!(rules_for("EN-gb"), Some(ENGLISH));
    }

    #[test]
    fn curly_and_straight_sources_come_out_the_same() {
        assert_eq!(en("“Mixed\" and it’s 'done'"), "“Mixed” and it’s ‘done’");
    }

    #[test]
    fn metadata_is_set_too() {
        let mut book = Book::default();
        book.meta.title = "The Bolsheviks' pet anarchist".into();
        book.meta.description = Some("A critique of Victor Serge's Memoirs".into());
        book.meta.source_url = Some("http://x.org/it's".into());
        apply(&mut book, &ENGLISH);
        assert_eq!(book.meta.title, "The Bolsheviks’ pet anarchist");
        assert_eq!(
            book.meta.description.as_deref(),
            Some("A critique of Victor Serge’s Memoirs")
        );
        assert_eq!(book.meta.source_url.as_deref(), Some("http://x.org/it's"));
    }
}
