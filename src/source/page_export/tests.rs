use super::lines::{sentence_end, stops_before_fresh_start};
use super::writing::{join_across_pages, markers_to_footnotes, BodyText, Lines};
use super::*;
use crate::source::order::End;
use crate::source::text::TextBlock;

/// The Markdown with each page marker shown as `[N]`.
fn marked(markdown: &str, labels: &[(&str, usize)]) -> String {
    let labels: Vec<(String, usize)> = labels.iter().map(|(l, o)| (l.to_string(), *o)).collect();
    mark_page_breaks(markdown, &labels)
        .replace('\u{FDD0}', "[")
        .replace('\u{2E31}', "]")
}

#[test]
fn page_markers_go_before_a_word_never_inside_one_or_a_blocks_marks() {
    let text = "Plots every-\nwhere. The end.\n\n## A heading\n\n> quoted\n";
    // Inside "everywhere." (a rejoined word): after it.
    assert_eq!(
        marked("plots everywhere. The", &[("8", 8)]),
        "plots everywhere. [8]The"
    );
    // At the space a sentence was rejoined at: before the next word.
    assert_eq!(marked("if the state", &[("6", 6)]), "if the [6]state");
    assert_eq!(marked(text, &[("3", 32)]), text.replace("## A", "## [3]A"));
    assert_eq!(
        marked(text, &[("4", 45)]),
        text.replace("> quoted", "> [4]quoted")
    );
    // A page whose text is only the notes that follow gets none.
    assert_eq!(
        marked("End.\n\n[^1]: A note.\n", &[("9", 5)]),
        "End.\n\n[^1]: A note.\n"
    );
}

#[test]
fn sentence_ends_look_past_markers_and_emphasis() {
    assert_eq!(sentence_end("the storm of 1914.”<sup>3</sup>"), End::Closed);
    assert_eq!(
        sentence_end("Nasty times to be living in if the"),
        End::Open
    );
    assert_eq!(sentence_end("saw plots and treachery every-"), End::Hyphen);
    assert_eq!(sentence_end("autobiography “*Memoirs*”"), End::Closed);
}

#[test]
fn markers_become_footnotes_but_ordinals_stay() {
    let mut warnings = Vec::new();
    let out = markers_to_footnotes(
        "On the 8<sup>th</sup>, 1914.<sup>3</sup> and<sup>9</sup>",
        7,
        |n| (n == 3).then(|| n.to_string()),
        &mut warnings,
    );
    assert_eq!(out, "On the 8<sup>th</sup>, 1914.[^3] and<sup>9</sup>");
    assert_eq!(
        warnings,
        [(
            7,
            crate::diagnostic::WarningCode::NoteUndefined,
            "note marker 9 has no note; it is kept as a superscript".to_string()
        )]
    );
}

#[test]
fn a_word_hyphenated_across_pages_is_rejoined() {
    let mut prev: Lines = vec![(1, "saw treachery every-".into())];
    let mut next: Lines = vec![(9, "where. The Cheka".into())];
    assert!(join_across_pages(&mut prev, &mut next, &BodyText::of(vec![""])).is_some());
    assert_eq!(prev[0].1, "saw treachery everywhere. The Cheka");
}

#[test]
fn a_real_compound_keeps_its_hyphen() {
    let mut prev: Lines = vec![(1, "waved good-".into())];
    let mut next: Lines = vec![(9, "bye to it".into())];
    join_across_pages(
        &mut prev,
        &mut next,
        &BodyText::of(vec!["to say good-bye and"]),
    );
    assert_eq!(prev[0].1, "waved good-bye to it");
}

#[test]
fn a_paragraph_stopping_on_a_word_before_a_fresh_one_may_end_a_page() {
    let block = |text: &str| TextBlock {
        line: 1,
        text: text.to_string(),
    };
    let running = "The railway company's lawyers spent the whole of that summer trying to read the old clause away from the deed, although";
    let fresh = block("Platt's first act was to write to every member of the council, by name, asking each one how he meant to vote that day.");
    assert!(stops_before_fresh_start(&block(running), &fresh));
    // A sentence that ended, a number, a short line or a heading is no sign.
    let ended = running.replace(", although", ".");
    assert!(!stops_before_fresh_start(&block(&ended), &fresh));
    let year = running.replace("although", "in 1851");
    assert!(!stops_before_fresh_start(&block(&year), &fresh));
    assert!(!stops_before_fresh_start(
        &block("Agnes Threlfall and"),
        &fresh
    ));
    assert!(!stops_before_fresh_start(
        &block(running),
        &block("## The last season")
    ));
}

#[test]
fn paragraphs_that_ended_at_a_page_break_stay_apart() {
    let mut prev: Lines = vec![(1, "The end of a paragraph.".into())];
    let mut next: Lines = vec![(9, "A new one.".into())];
    assert!(join_across_pages(&mut prev, &mut next, &BodyText::of(vec![""])).is_none());
}

#[test]
fn the_body_text_finds_what_the_whole_text_holds() {
    // The hyphen test searches runs that hold a hyphen apart from the rest: it
    // must answer as a search of the whole text would.
    let blocks = vec![
        "to say good-byes and",
        "his mother-in-law\u{a0}well-known, self-\nmade",
        "no hyphen here",
    ];
    let body = BodyText::of(blocks.clone());
    let whole = blocks.join(" ");
    for word in [
        "good-bye",
        "in-law",
        "mother-in",
        "well-known",
        "known,",
        "self-",
        "-made",
        "here",
        "goodbye",
        "law-well",
        "w-well",
    ] {
        assert_eq!(body.contains(word), whole.contains(word), "{word}");
    }
}
