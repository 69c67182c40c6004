//! Measures HTML input against Markdown on real documents, storing nothing:
//! each Markdown document is rendered by pulldown-cmark into a page as a
//! content system would serve it (site chrome around the article, the notes
//! in one of five common patterns), both are read by quire, and what a reader
//! sees is compared: the words (their ratio), the headings, the notes.
//!
//! ```sh
//! scripts/html-twins 20            # or: cargo run --release --example html_twins -- DIR N
//! ```

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use quire::model::{Chapter, Inline, Note};
use quire::pipeline::{self, Options as BuildOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The note patterns pages are written in, one per document in turn.
const PATTERNS: [&str; 5] = ["pandoc", "kramdown", "substack", "word", "wikipedia"];

fn marker(pattern: &str, n: usize) -> String {
    match pattern {
        "pandoc" => format!(
            r##"<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>"##
        ),
        "kramdown" => format!(
            r##"<sup id="fnref:{n}" role="doc-noteref"><a href="#fn:{n}" class="footnote">{n}</a></sup>"##
        ),
        "substack" => format!(
            r##"<a class="footnote-anchor" id="footnote-anchor-{n}" href="#footnote-{n}">{n}</a>"##
        ),
        "word" => format!(
            r##"<a style='mso-footnote-id:ftn{n}' href="#_ftn{n}" name="_ftnref{n}"><span class=MsoFootnoteReference>[{n}]</span></a>"##
        ),
        _ => format!(
            r##"<sup id="cite_ref-{n}" class="reference"><a href="#cite_note-{n}">[{n}]</a></sup>"##
        ),
    }
}

fn notes_block(pattern: &str, notes: &[String]) -> String {
    let each = |f: &dyn Fn(usize, &str) -> String| -> String {
        notes
            .iter()
            .enumerate()
            .map(|(i, t)| f(i + 1, t))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match pattern {
        "pandoc" => format!("<section id=\"footnotes\" class=\"footnotes\" role=\"doc-endnotes\"><hr />\n<ol>\n{}\n</ol></section>",
            each(&|n, t| format!("<li id=\"fn{n}\">{t}<a href=\"#fnref{n}\" class=\"footnote-back\" role=\"doc-backlink\">↩︎</a></li>"))),
        "kramdown" => format!("<div class=\"footnotes\" role=\"doc-endnotes\"><ol>\n{}\n</ol></div>",
            each(&|n, t| format!("<li id=\"fn:{n}\">{t} <a href=\"#fnref:{n}\" class=\"reversefootnote\">&#8617;</a></li>"))),
        "substack" => format!("<div class=\"footnotes\">{}</div>",
            each(&|n, t| format!("<div class=\"footnote\"><a id=\"footnote-{n}\" href=\"#footnote-anchor-{n}\" class=\"footnote-number\">{n}</a><div class=\"footnote-content\">{t}</div></div>"))),
        "word" => format!("<div style='mso-element:footnote-list'><br clear=all><hr align=left size=1 width=\"33%\">{}</div>",
            each(&|n, t| format!("<div style='mso-element:footnote' id=ftn{n}><a href=\"#_ftnref{n}\" name=\"_ftn{n}\">[{n}]</a> {t}</div>"))),
        _ => format!("<h2>References</h2><ol class=\"references\">{}</ol>",
            each(&|n, t| format!("<li id=\"cite_note-{n}\"><span class=\"mw-cite-backlink\"><a href=\"#cite_ref-{n}\">^</a></span> <span class=\"reference-text\">{t}</span></li>"))),
    }
}

/// The Markdown as a page: chrome, the article, its notes in `pattern`.
fn page(markdown: &str, pattern: &str) -> String {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut definitions: HashMap<String, Vec<Event>> = HashMap::new();
    let mut body: Vec<Event> = Vec::new();
    let mut in_definition: Option<(String, Vec<Event>)> = None;
    let mut in_metadata = false;
    let mut metadata = String::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => metadata.push_str(&t),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_definition = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = in_definition.take() {
                    definitions.entry(label).or_insert(events);
                }
            }
            Event::FootnoteReference(label) => {
                let next = numbers.len() + 1;
                let n = *numbers.entry(label.to_string()).or_insert(next);
                let html = Event::Html(CowStr::from(marker(pattern, n)));
                match &mut in_definition {
                    Some((_, events)) => events.push(html),
                    None => body.push(html),
                }
            }
            other => match &mut in_definition {
                Some((_, events)) => events.push(other),
                None => body.push(other),
            },
        }
    }
    let mut article = String::new();
    html::push_html(&mut article, body.into_iter());
    let mut labels: Vec<(usize, String)> = numbers.iter().map(|(l, n)| (*n, l.clone())).collect();
    labels.sort();
    let notes: Vec<String> = labels
        .iter()
        .filter_map(|(_, label)| definitions.remove(label))
        .map(|events| {
            let mut out = String::new();
            html::push_html(&mut out, events.into_iter());
            out
        })
        .collect();
    let field = |key: &str| {
        metadata.lines().find_map(|l| {
            l.strip_prefix(key)
                .and_then(|r| r.strip_prefix(':'))
                .map(|v| v.trim().trim_matches('"').to_string())
        })
    };
    let mut head = String::new();
    if let Some(title) = field("title") {
        head.push_str(&format!(
            "<title>{} | Example Site</title>",
            html_escape::encode_text(&title)
        ));
    }
    if let Some(author) = field("author") {
        head.push_str(&format!(
            "<meta name=\"author\" content=\"{}\">",
            html_escape::encode_double_quoted_attribute(&author)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">{head}<script>var ads = 1;</script></head><body>\n\
         <div class=\"cookie-banner\">We use cookies. <button>Accept</button></div>\n\
         <header class=\"site-header\"><a href=\"/\">Example Site</a><nav><a href=\"/\">Home</a> <a href=\"/subscribe\">Subscribe</a></nav></header>\n\
         <main><article class=\"post\">\n{article}\n<div class=\"share-bar\"><a href=\"#\">Share</a></div>\n{}\n</article>\n\
         <section class=\"related-posts\"><h2>Related posts</h2><ul><li><a href=\"/x\">Another post</a></li></ul></section>\n\
         <div id=\"comments\"><h2>Leave a comment</h2></div></main>\n\
         <footer class=\"site-footer\">© Example Site. Subscribe to the newsletter.</footer>\n</body></html>\n",
        if notes.is_empty() { String::new() } else { notes_block(pattern, &notes) }
    )
}

fn words(chapters: &[Chapter]) -> usize {
    quire::source::metadata::language::text_of(chapters)
        .split_whitespace()
        .count()
}

fn headings(chapters: &[Chapter]) -> Vec<String> {
    chapters
        .iter()
        .filter_map(|c| c.heading.as_deref().map(Inline::plain_text))
        .collect()
}

fn note_words(notes: &[Note]) -> Vec<usize> {
    notes
        .iter()
        .map(|n| {
            words(&[Chapter {
                heading: None,
                blocks: n.blocks.clone(),
            }])
        })
        .collect()
}

fn sources(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = PathBuf::from(args.first().map_or("../shared/corpus", String::as_str));
    let wanted: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut paths = Vec::new();
    sources(&corpus.join("docs"), &mut paths);
    // The Markdown essays with notes first, then the exports, so that a small N
    // still measures notes.
    paths.sort_by_key(|p| !p.to_string_lossy().contains("/fn"));
    let options = BuildOptions::default();
    let (mut same_headings, mut same_notes, mut shown) = (0, 0, 0);
    let mut ratios = Vec::new();
    println!(
        "{:<10} {:<9} {:>7} {:>7} {:>6} {:>8} {:>6}",
        "document", "pattern", "md", "html", "ratio", "headings", "notes"
    );
    for (index, path) in paths.iter().take(wanted).enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let pattern = PATTERNS[index % PATTERNS.len()];
        let markdown = pipeline::from_text(&text, path, &options);
        let html_path = path.with_extension("html");
        let html = pipeline::from_text(&page(&text, pattern), &html_path, &options);
        let (m, h) = (words(&markdown.book.chapters), words(&html.book.chapters));
        let ratio = h as f64 / m.max(1) as f64;
        let heads = headings(&markdown.book.chapters) == headings(&html.book.chapters);
        let notes = note_words(&markdown.book.notes) == note_words(&html.book.notes);
        same_headings += usize::from(heads);
        same_notes += usize::from(notes);
        ratios.push(ratio);
        shown += 1;
        let name = path
            .parent()
            .and_then(|p| p.file_name())
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        println!(
            "{name:<10} {pattern:<9} {m:>7} {h:>7} {ratio:>6.3} {:>8} {:>6}",
            if heads { "equal" } else { "DIFFER" },
            if notes {
                format!("{}", markdown.book.notes.len())
            } else {
                format!("{}≠{}", markdown.book.notes.len(), html.book.notes.len())
            }
        );
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios.get(ratios.len() / 2).copied().unwrap_or(0.0);
    let least = ratios.first().copied().unwrap_or(0.0);
    println!(
        "{shown} documents: words ratio median {median:.3}, lowest {least:.3}; headings equal in {same_headings}; notes equal in {same_notes}"
    );
}
