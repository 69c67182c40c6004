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
    /// missing, reads back in the author's order.
    #[test]
    fn imposed_booklets_read_back_in_order(text_pages in 2usize..14, words_per_page in 3usize..9) {
        // Printed page 1 is the title page; 2..=text_pages+1 carry the text, one note each.
        let printed = text_pages + 1;
        let sheets = printed.div_ceil(4) * 4;
        let page = |p: usize| -> String {
            if p == 1 {
                return "# A Booklet\n\nA. Writer".to_string();
            }
            let t = p - 2;
            let words: Vec<String> = (0..words_per_page).map(|i| format!("w{t}x{i}")).collect();
            format!("Page text {} of this booklet runs on for enough words to read as prose in any export.<sup>{}</sup>\n\n---\n\n<sup>{}</sup> n{t}", words.join(" "), t + 1, t + 1)
        };
        let exported: Vec<String> = quire::source::order::imposition(sheets)
            .into_iter()
            .map(|p| p as usize)
            .filter(|&p| p <= printed)
            .map(page)
            .collect();
        let source = exported.join("\n\n") + "\n";
        let assembled = quire::pipeline::from_text(&source, Path::new("booklet.md"), &Default::default());
        let mut body = Vec::new();
        for chapter in &assembled.book.chapters {
            words_of(&chapter.blocks, &mut body);
        }
        let expected: Vec<String> = (0..text_pages).flat_map(|t| (0..words_per_page).map(move |i| format!("w{t}x{i}"))).collect();
        prop_assert_eq!(body, expected, "explanation: {:#?}", assembled.explanation);
        prop_assert_eq!(assembled.book.notes.len(), text_pages);
        let (_, findings) = written(&assembled.book);
        prop_assert!(findings.is_empty(), "{:?}", findings);
    }
}
