//! Links to the essay's own headings: the names (`#using-x`) an author links
//! a heading by, as GitHub and pandoc make them from its text or as the
//! author gave them (`## Using X {#using}`), and the id each heading gets in
//! the book, so that such a link leads to its heading.

use std::collections::HashMap;

use crate::model::{Block, Chapter, Inline, Note};

/// A heading's name as GitHub makes it: lowercase, punctuation dropped
/// (hyphens and underscores kept), each space a hyphen.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A heading's name as pandoc makes it: everything before the first letter
/// dropped, lowercase, only letters, digits, `_`, `-` and `.` kept, spaces
/// as hyphens; `section` when nothing is left.
pub fn pandoc_slug(text: &str) -> String {
    let from_letter = text.trim_start_matches(|c: char| !c.is_alphabetic());
    let mut slug = String::new();
    for word in from_letter.split_whitespace() {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(
            word.chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .flat_map(char::to_lowercase),
        );
    }
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

/// Id prefixes the book uses for its own anchors, which a heading's id must not take.
const RESERVED_PREFIXES: [&str; 4] = ["chapter-", "page-", "note", "toc"];

/// One heading of the book, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// Index of its chapter.
    pub chapter: usize,
    /// `None` for the chapter's own heading (the chapter's file is its
    /// target); otherwise the id the heading carries.
    pub id: Option<String>,
    /// 0 for a chapter heading, 1 for a heading one below it, and so on.
    pub depth: u8,
    /// The heading's plain text, for the contents.
    pub label: String,
    /// Whether it belongs in the contents: not when it stands in a quote or list.
    pub in_outline: bool,
    /// The names a link may give it: its GitHub and pandoc slugs.
    pub names: Vec<String>,
}

/// Every heading of the chapters, each sub-heading with a unique id (its
/// GitHub slug, numbered `-1`, `-2` when repeated, as GitHub does).
pub fn anchors(chapters: &[Chapter]) -> Vec<Anchor> {
    let mut out = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for (index, chapter) in chapters.iter().enumerate() {
        if let Some(heading) = &chapter.heading {
            let label = Inline::plain_text(heading).trim().to_string();
            out.push(Anchor {
                chapter: index,
                id: None,
                depth: 0,
                names: names(&label),
                label,
                in_outline: true,
            });
        }
        collect(&chapter.blocks, index, true, &mut used, &mut out);
    }
    out
}

fn names(label: &str) -> Vec<String> {
    let mut names = vec![github_slug(label), pandoc_slug(label)];
    names.dedup();
    names
}

fn collect(
    blocks: &[Block],
    chapter: usize,
    outline: bool,
    used: &mut HashMap<String, usize>,
    out: &mut Vec<Anchor>,
) {
    for block in blocks {
        match block {
            Block::Heading { level, content } => {
                let label = Inline::plain_text(content).trim().to_string();
                let mut base = github_slug(&label);
                if base.is_empty()
                    || RESERVED_PREFIXES.iter().any(|p| base.starts_with(p))
                    || !base.starts_with(char::is_alphabetic)
                {
                    base = format!("h-{base}");
                }
                let seen = used.entry(base.clone()).or_insert(0);
                let id = match *seen {
                    0 => base.clone(),
                    n => format!("{base}-{n}"),
                };
                *seen += 1;
                out.push(Anchor {
                    chapter,
                    id: Some(id),
                    depth: *level,
                    names: names(&label),
                    label,
                    in_outline: outline,
                });
            }
            Block::Quote(inner) => collect(inner, chapter, false, used, out),
            Block::List { items, .. } => items
                .iter()
                .for_each(|item| collect(item, chapter, false, used, out)),
            _ => {}
        }
    }
}

/// Where each name a link may use leads: (chapter, id), the first heading
/// of that name winning, as in a browser.
pub fn targets(anchors: &[Anchor]) -> HashMap<String, (usize, Option<String>)> {
    let mut targets = HashMap::new();
    for anchor in anchors {
        for name in anchor.names.iter().chain(anchor.id.iter()) {
            targets
                .entry(name.clone())
                .or_insert((anchor.chapter, anchor.id.clone()));
        }
    }
    targets
}

/// Links to `#name` in the essay: a name a heading was given explicitly
/// (`{#name}`) is made the heading's slug, which the book resolves; a name no
/// heading has leads nowhere, so the link is taken away and its text kept.
/// Returns a warning for each link taken away.
pub fn resolve_internal_links(
    chapters: &mut [Chapter],
    notes: &mut [Note],
    explicit: &HashMap<String, String>,
) -> Vec<String> {
    let targets = targets(&anchors(chapters));
    let mut warnings = Vec::new();
    let mut fix = |inlines: &mut Vec<Inline>| fix_links(inlines, &targets, explicit, &mut warnings);
    for chapter in chapters.iter_mut() {
        if let Some(heading) = &mut chapter.heading {
            fix(heading);
        }
        for_each_inlines_mut(&mut chapter.blocks, &mut fix);
    }
    for note in notes.iter_mut() {
        for_each_inlines_mut(&mut note.blocks, &mut fix);
    }
    warnings
}

fn fix_links(
    inlines: &mut Vec<Inline>,
    targets: &HashMap<String, (usize, Option<String>)>,
    explicit: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) {
    let mut index = 0;
    while index < inlines.len() {
        let replacement = match &mut inlines[index] {
            Inline::Link { href, content } => {
                fix_links(content, targets, explicit, warnings);
                match href.strip_prefix('#') {
                    Some(name) => {
                        let name = percent_encoding::percent_decode_str(name)
                            .decode_utf8_lossy()
                            .into_owned();
                        let name = explicit.get(&name).cloned().unwrap_or(name);
                        if targets.contains_key(&name) {
                            *href = format!("#{name}");
                            None
                        } else {
                            warnings.push(format!(
                                "link to '#{name}' names no heading of the essay and would lead nowhere in the book; its text is kept"
                            ));
                            Some(std::mem::take(content))
                        }
                    }
                    None => None,
                }
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => {
                fix_links(c, targets, explicit, warnings);
                None
            }
            _ => None,
        };
        match replacement {
            Some(content) => {
                let count = content.len();
                inlines.splice(index..=index, content);
                index += count;
            }
            None => index += 1,
        }
    }
}

fn for_each_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines)
            | Block::Heading {
                content: inlines, ..
            } => f(inlines),
            Block::Quote(inner) => for_each_inlines_mut(inner, f),
            Block::List { items, .. } => items
                .iter_mut()
                .for_each(|item| for_each_inlines_mut(item, f)),
            Block::Table { head, rows } => {
                head.iter_mut().for_each(&mut *f);
                rows.iter_mut().flatten().for_each(&mut *f);
            }
            Block::Code(_) | Block::Rule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_as_github_and_pandoc_make_them() {
        assert_eq!(github_slug("Using X: a How-to"), "using-x-a-how-to");
        assert_eq!(pandoc_slug("1. Using X, again"), "using-x-again");
        assert_eq!(pandoc_slug("?!"), "section");
    }

    #[test]
    fn links_to_headings_are_kept_and_others_lose_only_the_link() {
        let text = |t: &str| Inline::Text(t.into());
        let link = |href: &str| Inline::Link {
            href: href.into(),
            content: vec![text("see")],
        };
        let mut chapters = vec![Chapter {
            heading: Some(vec![text("Using X")]),
            blocks: vec![
                Block::Heading {
                    level: 1,
                    content: vec![text("Setting up")],
                },
                Block::Paragraph(vec![
                    link("#using-x"),
                    link("#setting-up"),
                    link("#gone"),
                    link("#setup"),
                ]),
            ],
        }];
        let explicit = HashMap::from([("setup".to_string(), "setting-up".to_string())]);
        let warnings = resolve_internal_links(&mut chapters, &mut [], &explicit);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            chapters[0].blocks[1],
            Block::Paragraph(vec![
                link("#using-x"),
                link("#setting-up"),
                text("see"),
                link("#setting-up")
            ])
        );
    }
}
