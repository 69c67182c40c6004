use super::decision::nearly_inside;
use super::library_header::run_on_tag;
use super::*;

fn decided(text: &str, stem: &str) -> Decision {
    decide(&read_document(text), Given::default(), stem)
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
    let d = decide(&readings, Given::default(), "Article_police-story-jane-roe");
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
            r.titles.push(Clue {
                value: "Jane_Doe__Mutual_Aid__An_Overview_a4".into(),
                evidence: ClueKind::YamlBlock,
                line: None,
            });
            r
        },
        Given::default(),
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
    assert_eq!(clean_title(&"word ".repeat(100)), None);
    assert_eq!(
        clean_title("Understanding Rc<Vec<T>> in Rust").as_deref(),
        Some("Understanding Rc<Vec<T>> in Rust")
    );
}

#[test]
fn front_matter_titles_are_read_as_markdown() {
    let title_from = |value: &str| {
        let mut readings = Readings::default();
        readers::read_yaml_fields(&mut readings, &[("title".into(), vec![value.into()])]);
        decide(&readings, Given::default(), "x").title
    };
    assert_eq!(
        title_from("**Bold** *title*").as_deref(),
        Some("Bold title")
    );
    assert_eq!(
        title_from("![](_page_0_Picture_0.jpeg)").as_deref(),
        Some("x")
    );
}

#[test]
fn a_byline_names_the_author_but_a_photo_credit_does_not() {
    let d = decided(
        "Some Title\n\n## By Cal Colgan -\n\n## The Paper\n\nText.\n",
        "x",
    );
    assert_eq!(d.authors, ["Cal Colgan"]);
    let d = decided(
        "Some Title\n\nPictures taken at the rally. Photos\n## by Brooke Anderson, IG\n\nText.\n",
        "x",
    );
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
    r.titles.push(Clue {
        value: "Police Unions A Story The Site".into(),
        evidence: ClueKind::YamlBlock,
        line: None,
    });
    let d = decide(&r, Given::default(), "Police Unions A Story - The Site");
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
        &format!("{header}An article by Ann Lee Smith.\n\nAnn Lee Smith is a writer in Leeds\n"),
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
    let d = decide(
        &r,
        Given {
            title: Some("Given"),
            authors: &["Bo Chan".to_string()],
            title_from: "the manifest",
            authors_from: "the manifest",
        },
        "x",
    );
    assert_eq!(d.title.as_deref(), Some("Given"));
    assert_eq!(d.authors, ["Bo Chan"]);
}

#[test]
fn bylines_are_read_in_every_form_they_are_written_in() {
    use super::bylines::byline_names;
    let names = |line: &str| byline_names(line).unwrap_or_default();
    for (line, expected) in [
        ("By Jane Doe", vec!["Jane Doe"]),
        ("by Jane Doe and Bo Chan", vec!["Jane Doe", "Bo Chan"]),
        ("BY JANE DOE", vec!["Jane Doe"]),
        ("Written by Jane Doe", vec!["Jane Doe"]),
        ("Words by Jane Doe. Photos by Bo Chan.", vec!["Jane Doe"]),
        ("Text: Jane Doe", vec!["Jane Doe"]),
        ("Posted on 3 May 2021 by Jane Doe", vec!["Jane Doe"]),
        ("Published March 3, 2021 by Jane Doe", vec!["Jane Doe"]),
        ("By Jane Doe | The Paper", vec!["Jane Doe"]),
        ("By Jane Doe on 3 May 2021", vec!["Jane Doe"]),
        ("By Jane Doe, The Paper", vec!["Jane Doe"]),
        ("By J. R. Moreno", vec!["J. R. Moreno"]),
        ("Par Jeanne Morel", vec!["Jeanne Morel"]),
        ("Por María López", vec!["María López"]),
        ("Von Anna Schmidt", vec!["Anna Schmidt"]),
        ("An obituary by Helen Strachan", vec!["Helen Strachan"]),
    ] {
        assert_eq!(names(line), expected, "{line}");
    }
    for sentence in [
        "By the spring there were forty members.",
        "Par ailleurs, la réunion eut lieu.",
        "Von Anfang an trafen sich die Mitglieder.",
        "Von Seiten der Bäcker gab es nie ein Wort.",
        "Posted in Organising by the committee",
        "Written by hand on the back of a ledger",
    ] {
        assert!(byline_names(sentence).is_none(), "{sentence}");
    }
}

#[test]
fn a_name_under_the_title_is_read_with_or_without_its_date() {
    use super::bylines::names_under_title;
    for (line, expected) in [
        ("Jane Doe", Some(vec!["Jane Doe"])),
        ("— Jane Doe", Some(vec!["Jane Doe"])),
        ("Jane Doe | 3 May 2021", Some(vec!["Jane Doe"])),
        ("Jane Doe, 2021", Some(vec!["Jane Doe"])),
        ("Jane Doe and Bo Chan", Some(vec!["Jane Doe", "Bo Chan"])),
        ("MUTUAL AID IN A COLD STREET", None),
        ("Lessons From Spain", None),
        ("Spain", None),
    ] {
        let expected = expected.map(|v| v.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(names_under_title(line), expected, "{line}");
    }
}
