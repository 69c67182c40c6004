//! A bibliography a converter ran into one paragraph a page ("Romano, S. The
//! Legal Order. London: Routledge. Ross, A. On Law and Justice. ..."): under
//! a heading that names a list of works, a paragraph that holds several
//! entries is set one entry a paragraph. No word changes, only where
//! paragraphs end.

use super::events::TopBlock;
use crate::model::{Block, Inline};

/// Headings over a list of works, compared without case or a closing colon.
const LIST_OF_WORKS_HEADINGS: [&str; 6] = [
    "bibliography",
    "select bibliography",
    "references",
    "works cited",
    "works consulted",
    "further reading",
];

/// Entries a paragraph must open before it reads as entries run together:
/// one entry can cite a second author inside it ("..., in Arendt, H. (ed.)"),
/// hardly two more, each after a full stop.
const MIN_ENTRIES: usize = 3;

/// Most capitalised words of a surname ("La Torre", "Pérez de Ayala" aside).
const MAX_SURNAME_WORDS: usize = 3;

/// Sets run-together entries of a bibliography one a paragraph; returns the
/// blocks and a line for `--explain` when any paragraph was split.
pub fn entries_apart(blocks: Vec<TopBlock>) -> (Vec<TopBlock>, Option<String>) {
    let mut out = Vec::with_capacity(blocks.len());
    let mut in_list_of_works = false;
    let (mut split, mut entries) = (0, 0);
    for block in blocks {
        match block {
            TopBlock::Heading { ref content, .. } => {
                let text = Inline::plain_text(content);
                let text = text.trim().trim_end_matches(':').to_lowercase();
                in_list_of_works = LIST_OF_WORKS_HEADINGS.contains(&text.as_str());
                out.push(block);
            }
            TopBlock::Block(Block::Paragraph(inlines)) if in_list_of_works => {
                let pieces = split_entries(inlines);
                if pieces.len() > 1 {
                    split += 1;
                    entries += pieces.len();
                }
                out.extend(
                    pieces
                        .into_iter()
                        .map(|p| TopBlock::Block(Block::Paragraph(p))),
                );
            }
            other => out.push(other),
        }
    }
    let said = (split > 0).then(|| {
        let paragraphs = if split == 1 {
            "1 paragraph".to_string()
        } else {
            format!("{split} paragraphs")
        };
        format!(
            "a bibliography run together: {paragraphs} under a list-of-works heading held {MIN_ENTRIES} or more entries (\"Surname, I.\" after a full stop); set one entry a paragraph ({entries} entries), no word changed"
        )
    });
    (out, said)
}

/// The paragraph cut where its entries start, when it opens at least
/// [`MIN_ENTRIES`]; otherwise the paragraph as it was.
fn split_entries(inlines: Vec<Inline>) -> Vec<Vec<Inline>> {
    // Where entries start: (inline, byte in its text).
    let mut starts = Vec::new();
    let mut after_stop = true;
    for (index, inline) in inlines.iter().enumerate() {
        if let Inline::Text(text) = inline {
            for at in entry_starts(text, after_stop) {
                starts.push((index, at));
            }
        }
        let plain = Inline::plain_text(std::slice::from_ref(inline));
        let plain = plain.trim_end();
        if !plain.is_empty() {
            after_stop = plain.ends_with('.');
        }
    }
    if starts.len() < MIN_ENTRIES {
        return vec![inlines];
    }
    let mut pieces: Vec<Vec<Inline>> = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    for (index, inline) in inlines.into_iter().enumerate() {
        let Inline::Text(text) = inline else {
            current.push(inline);
            continue;
        };
        let mut from = 0;
        for &(_, at) in starts.iter().filter(|(i, _)| *i == index) {
            let head = text[from..at].trim_end();
            if !head.is_empty() {
                current.push(Inline::Text(head.to_string()));
            }
            if current.iter().any(|i| !is_blank(i)) {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            from = at;
        }
        let tail = &text[from..];
        let tail = if current.is_empty() {
            tail.trim_start()
        } else {
            tail
        };
        if !tail.is_empty() {
            current.push(Inline::Text(tail.to_string()));
        }
    }
    if current.iter().any(|i| !is_blank(i)) {
        pieces.push(current);
    }
    pieces
}

fn is_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::Text(t) if t.trim().is_empty())
}

/// Byte positions in `text` where an entry starts: "Surname, I." (one to
/// [`MAX_SURNAME_WORDS`] capitalised words, a comma, then an initial or a
/// given name with its full stop) after a full stop and a space, or at the
/// text's start when what came before ended with a full stop.
fn entry_starts(text: &str, after_stop: bool) -> Vec<usize> {
    let mut starts = Vec::new();
    let candidates = std::iter::once(0).chain(
        text.match_indices(". ")
            .map(|(at, _)| at + 2)
            .filter(|&at| at < text.len()),
    );
    for at in candidates {
        let rest = text[at..].trim_start();
        let at = text.len() - rest.len();
        let opens_here = if at == 0 || text[..at].trim().is_empty() {
            after_stop
        } else {
            ends_entry(text[..at].trim_end())
        };
        if opens_here && opens_entry(rest) && starts.last() != Some(&at) {
            starts.push(at);
        }
    }
    starts
}

/// Whether the text before could end an entry: a full stop after a word,
/// not after an initial ("Wang, Q., Y. Fang, A." lists authors, the stop after
/// "Y" ends no entry).
fn ends_entry(before: &str) -> bool {
    let Some(word) = before.strip_suffix('.') else {
        return false;
    };
    let word = word.rsplit([' ', '(', '[']).next().unwrap_or("");
    // An initial is one letter, or letters joined by stops and hyphens
    // ("T.-J."); a stop after no letter ("Press. ." where a font lost the
    // year's digits) still ends an entry.
    let mut parts = word.split(['.', '-']).filter(|p| !p.is_empty()).peekable();
    let initials = parts.peek().is_some()
        && parts.all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    !initials
}

/// Most words of a given name in an entry ("Hernandez, Kelly Lytle.").
const MAX_GIVEN_NAME_WORDS: usize = 3;

/// Whether a text opens as an entry does: "Romano, S.", "La Torre, M.",
/// "Graeber, David.", "Garriott, William Campbell." .
fn opens_entry(text: &str) -> bool {
    let Some((surname, rest)) = text.split_once(", ") else {
        return false;
    };
    let words: Vec<&str> = surname.split(' ').collect();
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        w.chars().count() >= 2
            && chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
    };
    if words.is_empty() || words.len() > MAX_SURNAME_WORDS || !words.iter().all(|w| capitalised(w))
    {
        return false;
    }
    // The given name: capitalised words or initials, the last with its full stop.
    for (count, word) in rest.split(' ').take(MAX_GIVEN_NAME_WORDS).enumerate() {
        let name = word.strip_suffix('.').unwrap_or(word);
        let mut chars = name.chars();
        if !(chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_alphabetic)) {
            return false;
        }
        if word.ends_with('.') {
            return count == 0 || name.chars().count() > 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> TopBlock {
        TopBlock::Block(Block::Paragraph(vec![Inline::Text(text.to_string())]))
    }

    fn heading(text: &str) -> TopBlock {
        TopBlock::Heading {
            level: 2,
            content: vec![Inline::Text(text.to_string())],
        }
    }

    fn texts(blocks: &[TopBlock]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                TopBlock::Heading { content, .. } | TopBlock::Block(Block::Paragraph(content)) => {
                    Inline::plain_text(content)
                }
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn entries_run_together_under_a_bibliography_are_set_apart() {
        let run = "Romano, S. The Legal Order. London: Routledge. Ross, A. On Law and Justice. Los Angeles: University of California Press. Schmitt, C. Constitutional Theory, trans. by J. Seitzer. Durham, NC: Duke University Press. Graeber, David. Debt. New York: Melville House. Garriott, William Campbell. Policing. New York: NYU Press.";
        let (blocks, said) = entries_apart(vec![heading("Bibliography"), paragraph(run)]);
        assert_eq!(
            texts(&blocks),
            [
                "Bibliography",
                "Romano, S. The Legal Order. London: Routledge.",
                "Ross, A. On Law and Justice. Los Angeles: University of California Press.",
                "Schmitt, C. Constitutional Theory, trans. by J. Seitzer. Durham, NC: Duke University Press.",
                "Graeber, David. Debt. New York: Melville House.",
                "Garriott, William Campbell. Policing. New York: NYU Press.",
            ]
        );
        assert!(said.is_some());
    }

    #[test]
    fn prose_and_single_entries_are_left_alone() {
        let prose =
            "As Romano, S. argued, the order is plural. Ross, A. disagreed. Nobody else did.";
        let entry =
            "Arendt, H. On Violence. New York: Harcourt. Cited in Benjamin, W. Illuminations.";
        for blocks in [
            vec![heading("Notes on method"), paragraph(prose)],
            vec![heading("References"), paragraph(entry)],
        ] {
            let before = texts(&blocks);
            let (after, said) = entries_apart(blocks);
            assert_eq!(texts(&after), before);
            assert!(said.is_none());
        }
    }

    #[test]
    fn emphasis_inside_an_entry_stays_with_it() {
        let inlines = vec![
            Inline::Text("Romano, S. ".into()),
            Inline::Emphasis(vec![Inline::Text("The Legal Order.".into())]),
            Inline::Text(" London: Routledge. Ross, A. ".into()),
            Inline::Emphasis(vec![Inline::Text("On Law and Justice.".into())]),
            Inline::Text(" Berkeley. Sorel, G. ".into()),
            Inline::Emphasis(vec![Inline::Text("Reflections.".into())]),
        ];
        let (blocks, _) = entries_apart(vec![
            heading("Works cited"),
            TopBlock::Block(Block::Paragraph(inlines)),
        ]);
        assert_eq!(
            texts(&blocks)[1..],
            [
                "Romano, S. The Legal Order. London: Routledge.",
                "Ross, A. On Law and Justice. Berkeley.",
                "Sorel, G. Reflections."
            ]
        );
    }
}
