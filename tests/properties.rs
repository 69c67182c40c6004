//! Properties of the pipeline, on generated essays: whatever the essay, every
//! word of its text is in the book exactly once and in order, every note
//! marker leads to its note and back, and the book passes `quire check`.

use std::path::Path;

use proptest::prelude::*;
use quire::model::{Block, Inline};

/// A generated essay: sections of paragraphs of unique words, some paragraphs
/// calling a note. Words are `w<n>`, note words `n<n>`, so each can be counted.
#[derive(Debug, Clone)]
struct Essay {
    sections: Vec<Vec<(usize, bool)>>, // paragraphs: (word count, calls a note)
}

fn essay() -> impl Strategy<Value = Essay> {
    prop::collection::vec(
        prop::collection::vec((1usize..12, any::<bool>()), 1..5),
        1..6,
    )
    .prop_map(|sections| Essay { sections })
}

impl Essay {
    /// The Markdown, and the body words and note words in reading order.
    fn markdown(&self) -> (String, Vec<String>, Vec<String>) {
        let (mut md, mut words, mut notes) = (
            String::from("# A Generated Essay\n\n"),
            Vec::new(),
            Vec::new(),
        );
        let mut definitions = String::new();
        for (s, paragraphs) in self.sections.iter().enumerate() {
            if s > 0 {
                md.push_str(&format!("## Section {s}\n\n"));
            }
            for (count, calls_note) in paragraphs {
                let start = words.len();
                for _ in 0..*count {
                    words.push(format!("w{}", words.len()));
                }
                md.push_str(&words[start..].join(" "));
                if *calls_note {
                    let n = notes.len();
                    notes.push(format!("n{n}"));
                    md.push_str(&format!("[^{n}]"));
                    definitions.push_str(&format!("[^{n}]: n{n}\n"));
                }
                md.push_str(".\n\n");
            }
        }
        md.push_str(&definitions);
        (md, words, notes)
    }
}

fn words_of(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines)
            | Block::Heading {
                content: inlines, ..
            } => out.extend(
                Inline::plain_text(inlines)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| is_token(w))
                    .map(String::from),
            ),
            Block::Quote(b) => words_of(b, out),
            Block::List { items, .. } => items.iter().for_each(|i| words_of(i, out)),
            _ => {}
        }
    }
}

/// A generated word: `w12`, `n3` or `w2x5`.
fn is_token(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('w' | 'n'))
        && word.len() > 1
        && chars.all(|c| c.is_ascii_digit() || c == 'x')
}

/// The text a reader sees: markup removed.
fn visible(xhtml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The visible text of the written book's spine documents, and its findings under `quire check`.
fn written(book: &quire::model::Book) -> (String, Vec<quire::check::Finding>) {
    let bytes = quire::package::epub_bytes(book).unwrap();
    let findings = quire::check::check_bytes(&bytes, &Default::default());
    let docs = quire::render::render(book);
    let text = docs
        .iter()
        .filter(|d| d.in_spine)
        .map(|d| d.content.clone())
        .collect::<Vec<_>>()
        .join("\n");
    (text, findings)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn markdown_essays_keep_every_word_once_in_order(essay in essay()) {
        let (markdown, words, notes) = essay.markdown();
        let assembled = quire::pipeline::from_text(&markdown, Path::new("essay.md"), &Default::default());
        prop_assert!(assembled.warnings.is_empty(), "{:?}", assembled.warnings);
        let book = &assembled.book;
        let mut body = Vec::new();
        for chapter in &book.chapters {
            words_of(&chapter.blocks, &mut body);
        }
        prop_assert_eq!(&body, &words);
        let mut noted = Vec::new();
        for note in &book.notes {
            words_of(&note.blocks, &mut noted);
        }
        prop_assert_eq!(&noted, &notes);

        let (text, findings) = written(book);
        prop_assert!(findings.is_empty(), "{:?}", findings);
        // Each word once in the text a reader sees: not lost, not repeated.
        let seen = visible(&text);
        let tokens: Vec<&str> = seen.split(|c: char| !c.is_alphanumeric()).filter(|w| is_token(w)).collect();
        let expected: Vec<&str> = words.iter().chain(&notes).map(String::as_str).collect();
        let mut sorted_tokens = tokens.clone();
        sorted_tokens.sort_unstable();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort_unstable();
        prop_assert_eq!(sorted_tokens, sorted_expected);
        prop_assert_eq!(text.matches("epub:type=\"noteref\"").count(), notes.len());
        prop_assert_eq!(text.matches("epub:type=\"backlink\"").count(), notes.len());
    }

    /// A booklet of any size, exported in printing order with its blank pages
    /// missing, whose pages carry notes and whose sentences run on across
    /// page breaks, reads back in the author's order.
    #[test]
    fn imposed_booklets_read_back_in_order(text_pages in 2usize..14, words_per_page in 3usize..9) {
        let notes = vec![true; text_pages];
        let (source, printed) = booklet_source(text_pages, words_per_page, &notes, true, false);
        let body = body_words(&source);
        prop_assert_eq!(&body, &true_order(&printed, words_per_page), "{}", source);
        let (_, findings) = written(&quire::pipeline::from_text(&source, Path::new("booklet.md"), &Default::default()).book);
        prop_assert!(findings.is_empty(), "{:?}", findings);
    }

    /// Booklets where only some pages carry notes, with or without sentences
    /// running on: the result is the true order or the file's, never a third.
    #[test]
    fn booklets_with_few_notes_read_in_true_or_file_order(
        notes in prop::collection::vec(any::<bool>(), 2..14),
        words_per_page in 3usize..6,
        runs_on in any::<bool>(),
    ) {
        let text_pages = notes.len();
        let (source, printed) = booklet_source(text_pages, words_per_page, &notes, runs_on, false);
        let body = body_words(&source);
        let truth = true_order(&printed, words_per_page);
        let file = file_order(&printed, words_per_page);
        prop_assert!(body == truth || body == file, "{:?}\n{}", body, source);
    }

    /// Exports already in reading order, with running feet and notes on some
    /// pages, are never reordered.
    #[test]
    fn in_order_exports_with_furniture_stay_in_order(
        notes in prop::collection::vec(any::<bool>(), 3..14),
        words_per_page in 3usize..6,
        runs_on in any::<bool>(),
    ) {
        let text_pages = notes.len();
        let (source, _) = booklet_source(text_pages, words_per_page, &notes, runs_on, true);
        let body = body_words(&source);
        let expected: Vec<String> = (0..text_pages).flat_map(|t| (0..words_per_page).map(move |i| format!("w{t}x{i}"))).collect();
        prop_assert_eq!(body, expected, "{}", source);
    }
}

/// The source of a booklet whose printed page 1 is the title page and pages
/// 2..=text_pages+1 carry the text: imposed sheet by sheet with its blank
/// pages missing, or (`in_order`) as printed with a running foot on each page.
/// Returns the source and the printed page of each exported page.
fn booklet_source(
    text_pages: usize,
    words_per_page: usize,
    notes: &[bool],
    runs_on: bool,
    in_order: bool,
) -> (String, Vec<usize>) {
    let printed = text_pages + 1;
    let mut note = 0;
    let mut numbers = vec![0; printed + 1];
    for (t, has) in notes.iter().enumerate() {
        if *has {
            note += 1;
            numbers[t + 2] = note;
        }
    }
    let page = |p: usize| -> String {
        if p == 1 {
            return "# A Booklet\n\nA. Writer".to_string();
        }
        let t = p - 2;
        let words: Vec<String> = (0..words_per_page).map(|i| format!("w{t}x{i}")).collect();
        let opening = if runs_on && t > 0 {
            "then page text"
        } else {
            "Page text"
        };
        let last = t + 1 == text_pages;
        let ending = if runs_on && !last { "" } else { "." };
        let mut text = format!("{opening} {} of this booklet runs on for enough words to read as prose in any export and{ending}", words.join(" "));
        if numbers[p] > 0 {
            text.push_str(&format!(
                "<sup>{0}</sup>\n\n---\n\n<sup>{0}</sup> n{t}",
                numbers[p]
            ));
        }
        if in_order {
            text.push_str(&format!("\n\nA Booklet — {p}"));
        }
        text
    };
    let exported: Vec<usize> = if in_order {
        (1..=printed).collect()
    } else {
        let sheets = printed.div_ceil(4) * 4;
        quire::source::order::imposition(sheets)
            .into_iter()
            .map(|p| p as usize)
            .filter(|&p| p <= printed)
            .collect()
    };
    let source = exported
        .iter()
        .map(|&p| page(p))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n";
    (source, exported)
}

fn body_words(source: &str) -> Vec<String> {
    let assembled =
        quire::pipeline::from_text(source, Path::new("booklet.md"), &Default::default());
    let mut body = Vec::new();
    for chapter in &assembled.book.chapters {
        words_of(&chapter.blocks, &mut body);
    }
    body
}

fn true_order(printed: &[usize], words_per_page: usize) -> Vec<String> {
    let mut pages: Vec<usize> = printed.iter().copied().filter(|&p| p > 1).collect();
    pages.sort_unstable();
    pages
        .iter()
        .flat_map(|p| (0..words_per_page).map(move |i| format!("w{}x{i}", p - 2)))
        .collect()
}

fn file_order(printed: &[usize], words_per_page: usize) -> Vec<String> {
    printed
        .iter()
        .filter(|&&p| p > 1)
        .flat_map(|p| (0..words_per_page).map(move |i| format!("w{}x{i}", p - 2)))
        .collect()
}
