#[test]
fn page_markers_become_page_breaks_and_leave_emphasis_and_code_alone() {
    let source = format!(
        "the {}_state_ considered\n\n```\n{}code\n```\n",
        page_break("6"),
        page_break("7")
    );
    let parsed = parse(&source);
    assert_eq!(
        paragraph(&parsed, 0),
        &vec![
            Inline::Text("the ".into()),
            Inline::PageBreak("6".into()),
            Inline::Emphasis(vec![Inline::Text("state".into())]),
            Inline::Text(" considered".into()),
        ]
    );
    assert_eq!(
        parsed.blocks[1],
        TopBlock::Block(Block::Code("code\n".into()))
    );
    // A source's own noncharacters are taken out before markers are put in.
    assert_eq!(without_page_breaks("a\u{FDD0}6\u{2E31}b"), "a6\u{2E31}b");
}

use super::plain::{parsed_plain_line, reads_as_written};
use super::*;
use crate::model::{Block, Inline};
use std::borrow::Cow;

fn paragraph(parsed: &Parsed, index: usize) -> &Vec<Inline> {
    match &parsed.blocks[index] {
        TopBlock::Block(Block::Paragraph(inlines)) => inlines,
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let parsed = parse("B[^b] then A[^a] and B again[^b].\n\n[^a]: Note *a*.\n[^b]: Note b.\n");
    assert_eq!(
        parsed
            .notes
            .iter()
            .map(|n| n.label.as_str())
            .collect::<Vec<_>>(),
        ["b", "a"]
    );
    let refs: Vec<_> = paragraph(&parsed, 0)
        .iter()
        .filter_map(|i| {
            if let Inline::NoteRef(n) = i {
                Some(*n)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(refs, [0, 1, 0]);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn superscript_html_that_is_not_a_note_stays_text() {
    let parsed = parse("the 8<sup>th</sup> of August");
    assert_eq!(
        paragraph(&parsed, 0),
        &vec![
            Inline::Text("the 8".into()),
            Inline::Superscript(vec![Inline::Text("th".into())]),
            Inline::Text(" of August".into())
        ]
    );
}

#[test]
fn missing_and_unused_notes_are_reported() {
    let parsed = parse("Text[^1] and[^2].\n\n[^1]: One.\n[^3]: Three.\n");
    let messages: Vec<_> = parsed.problems.iter().map(|(_, _, m)| m.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("[^2] has no note")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("[^3] is never referred to")),
        "{messages:?}"
    );
    assert_eq!(parsed.notes.len(), 2);
}

#[test]
fn yaml_front_matter_folded_values_and_lists() {
    let parsed =
        parse("---\ntitle: >\n  A Folded\n  Title\nauthors: [Ann Lee, Bo Chan]\n---\n\nText.\n");
    assert_eq!(
        parsed.yaml_fields,
        [
            ("title".to_string(), vec!["A Folded Title".to_string()]),
            (
                "authors".to_string(),
                vec!["Ann Lee".to_string(), "Bo Chan".to_string()]
            )
        ]
    );
    let (fields, problem) = yaml_fields("title: A: b: c\n  bad: [\n");
    assert!(problem.is_some());
    assert_eq!(fields[0].0, "title");
}

#[test]
fn lines_read_as_written_are_what_the_parser_makes_of_them() {
    for line in [
        "On Common Land (No. 100)",
        "Anarchy  and\tOrder: a reply, 1921 - 1922",
        "Émile Pouget! Le Père Peinard #3 > 2 | 4 = 5 + 6",
        "Pëtr Kropotkin\u{a0}and friends.",
        "Title ###",
        "Word http://example.org/a?b=c",
        "The Life, Times & Confessions of Victor Serge",
        "When a < b and b > c",
        "Ends with &",
        "Looked after by them.[^rules] This essay [sic] asks [why]",
        "A note[^1] and a bracket [ alone ] or ] ( apart",
        "Lie to us like this.”<sup>25</sup> It was, on the 8<sup>th</sup>,<sup>2</sup> a revolt",
        "Tags <sup> unclosed, </sup> stray",
    ] {
        assert!(reads_as_written(line), "{line}");
        assert_eq!(plain_line(line), parsed_plain_line(line), "{line}");
    }
    for line in [
        "1. First",
        "# Title",
        "    code",
        "- item",
        "A *b*",
        "Caf&eacute;",
        "Title\n===",
        "See [the archive](https://example.org)",
        "A ![picture](a.png) here",
        "Words in <sub>2</sub> or <b>bold</b>",
    ] {
        assert!(!reads_as_written(line), "{line}");
    }
}

#[test]
fn a_rule_has_no_text() {
    for line in ["---", "-----"] {
        assert_eq!(plain_line(line), "");
        assert_eq!(plain_line(line), parsed_plain_line(line));
    }
    assert_eq!(plain_line("--"), parsed_plain_line("--"));
}

#[test]
fn plain_lines_lose_their_markup() {
    assert_eq!(
        plain_line("**Bold** and [a link](http://x)"),
        "Bold and a link"
    );
    assert_eq!(plain_line("![](_page_0_Picture_0.jpeg)"), "");
    assert_eq!(plain_line("F*ck the Police"), "F*ck the Police");
    assert_eq!(plain_line("*Pëtr Kropotkin*"), "Pëtr Kropotkin");
}

#[test]
fn inline_notes_become_footnotes() {
    let parsed = parse(&inline_notes(
        "Text^[An *inline* note.] and `code^[not a note]`.\n\n```\nx^[nor this]\n```\n",
    ));
    assert_eq!(parsed.notes.len(), 1);
    assert_eq!(
        parsed.notes[0].blocks,
        [Block::Paragraph(vec![
            Inline::Text("An ".into()),
            Inline::Emphasis(vec![Inline::Text("inline".into())]),
            Inline::Text(" note.".into())
        ])]
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let text = format!("{:?}", parsed.blocks);
    assert!(
        text.contains("code^[not a note]") && text.contains("x^[nor this]"),
        "{text}"
    );
    assert_eq!(inline_notes("a regex [^[] here"), "a regex [^[] here");
}

#[test]
fn entities_in_html_blocks_are_characters() {
    assert_eq!(
        html_to_text("<p>Caf&eacute; &amp; th&#233;&nbsp;&hellip;</p>"),
        "Café & thé …"
    );
}

#[test]
fn scripts_never_reach_the_model() {
    let parsed = parse("Hi <script>alert(1)</script> there [x](javascript:alert(1)).\n");
    let text = format!("{:?}", parsed.blocks);
    assert!(!text.contains("alert"), "{text}");
    assert_eq!(parsed.problems.len(), 2);
}

#[test]
fn a_fence_never_closed_is_read_as_text() {
    let source = "Page text\n\n```\n   1\n\n## Summary\n\nConverted from **a.pdf**.\n";
    let (text, lines) = unclosed_fences_as_text(source);
    assert_eq!(lines, [3]);
    assert_eq!(text.lines().count(), source.lines().count());
    let parsed = parse(&text);
    let shown = format!("{:?}", parsed.blocks);
    assert!(shown.contains("Text(\"```"), "{shown}");
    assert!(
        parsed.blocks.contains(&TopBlock::Heading {
            level: 2,
            content: vec![Inline::Text("Summary".into())]
        }),
        "{shown}"
    );
    assert!(shown.contains("Strong([Text(\"a.pdf\")])"), "{shown}");
    // Tildes, and a closing fence too short.
    let summary = "\n## Notes\n\nConverted from **a.pdf**.\n";
    assert_eq!(
        unclosed_fences_as_text(&format!("~~~\nx\n{summary}")).1,
        [1]
    );
    assert_eq!(
        unclosed_fences_as_text(&format!("a\n\n````python\nx\n```\n{summary}")).1,
        [3, 5]
    );
}

#[test]
fn a_fence_never_closed_over_code_stays_code() {
    // As CommonMark reads them: the block runs to the end of the text.
    for source in [
        "```\n",
        "a\n```",
        "`````\n\n```\naaa\n",
        "~~~~~~\naaa\n~~~ ~~\n",
        "> ```\nfoo\n```\n",
        "```python\n# Load the table\nrows = load()\n\n# Sum it\ntotal = sum(rows)\n",
    ] {
        assert_eq!(
            unclosed_fences_as_text(source).1,
            Vec::<usize>::new(),
            "{source}"
        );
    }
}

#[test]
fn closed_fences_stay_code() {
    for source in [
        "```rust\nlet a = **b;\n```\n",
        "```\ncode\n```",
        "````\n```\nstill code\n````\n",
        "> ```\n> quoted code\n\nThe quote has ended.\n",
        "- item\n\n  ```\n  code\n  ```\n",
        "`` ``` `` is a fence.\n",
    ] {
        assert_eq!(
            unclosed_fences_as_text(source),
            (Cow::Borrowed(source), vec![]),
            "{source}"
        );
    }
}

#[test]
fn emphasis_ending_where_the_next_begins_is_split() {
    let heading = |source: &str| -> Vec<Inline> {
        let (text, runs) = split_fused_emphasis(source);
        assert_eq!(runs, 1, "{source}");
        match parse(&text).blocks.into_iter().next() {
            Some(TopBlock::Heading { content, .. }) => content,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        heading("#### *The Open Road***: a walking guide**\n"),
        [
            Inline::Emphasis(vec![Inline::Text("The Open Road".into())]),
            Inline::Strong(vec![Inline::Text(": a walking guide".into())]),
        ]
    );
    assert_eq!(
        heading("## **Youth***, in search*\n"),
        [
            Inline::Strong(vec![Inline::Text("Youth".into())]),
            Inline::Emphasis(vec![Inline::Text(", in search".into())]),
        ]
    );
    assert_eq!(
        heading("# _Soil___: movement__\n"),
        [
            Inline::Emphasis(vec![Inline::Text("Soil".into())]),
            Inline::Strong(vec![Inline::Text(": movement".into())]),
        ]
    );
    let (text, runs) = split_fused_emphasis("A list:\n\n- *a***: b** and *c***: d**\n");
    assert_eq!(runs, 2);
    let shown = format!("{:?}", parse(&text).blocks);
    assert!(!shown.contains('*'), "{shown}");
}

#[test]
fn many_fused_runs_in_one_paragraph_cost_a_few_readings() {
    let source = format!("*x{}\n", "a***: b** *c".repeat(20_000));
    let (_, runs) = split_fused_emphasis(&source);
    // Splits stop once the paragraph has been read a few times over.
    assert!(runs > 0 && runs < 20_000, "{runs}");
}

#[test]
fn emphasis_markdown_already_pairs_is_left_alone() {
    for source in [
        "***strong and emphasised***: text\n",
        "*a***b**\n",
        "x***: no emphasis opened\n",
        "*a***: no strong closed\n",
        "\\*a\\***: escaped**\n",
        "`*a***: code**`\n",
        "```\n*a***: code**\n```\n",
        "    *a***: indented code**\n",
        "<div>\n*a***: html**\n</div>\n",
        "snake_case___: name__\n",
    ] {
        assert_eq!(
            split_fused_emphasis(source),
            (Cow::Borrowed(source), 0),
            "{source}"
        );
    }
}
