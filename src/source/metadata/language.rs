//! Which language a book is in: what the source states, else what its text is.
//!
//! A stated language (the manifest's `language`, the front matter's `lang` or
//! `language`) is an order. When nothing states it, the text's own words are
//! read: a text whose words are English's commonest as often as English prose
//! writes them is English (a count of its words); any other is weighed by
//! [whatlang](https://docs.rs/whatlang), a small trigram detector that needs
//! no model files and reads a book's opening in well under a millisecond. A
//! detection it is not sure of falls back to the default with a warning, so
//! an English book is never relabelled on thin evidence.
//!
//! The count comes first because whatlang weighs every language of a script
//! whatever it reads (about 0.15 ms a reading, a third of a short essay's
//! build), and most books of these libraries are in English.

use whatlang::Lang;

/// The language a book gets when nothing states one and the text does not show one clearly.
pub const DEFAULT_LANGUAGE: &str = "en";

/// How much of the text is read: the opening of a book shows its language as
/// well as the whole does, and detection time grows with the text.
const SAMPLE_CHARS: usize = 20_000;

/// How much of the text is read first, and in how many pieces: most books
/// show their language with certainty in any page of their opening, and a
/// detection's time grows with what it reads (about 0.15 ms for 2,000
/// characters against 0.6 ms for 20,000; detection was a seventh of a
/// batch's build when the whole sample was read). Pieces spread over the
/// whole sample see a text that changes language in it as the sample does.
const FIRST_SAMPLE_CHARS: usize = 2_000;
const FIRST_SAMPLE_PIECES: usize = 8;

/// Confidence at which the first reading settles the language without the
/// rest of the sample. On `../shared/corpus` and the fixtures (291 books) no
/// first reading at or above it changed a book or a warning against reading
/// the whole sample. The opening alone would not hold: the first 2,000
/// characters of a notice in English, then Spanish, then Italian read as
/// English at 1.0, and its book would claim a language it only opens in; the
/// pieces spread over it read it as unsure, as the whole sample does
/// (Spanish at 0.04), and the book makes no such claim.
const SURE_CONFIDENCE: f64 = 0.95;

/// Words among the commonest of English prose that are no common word of the
/// other languages whatlang reads: "of" (Dutch "or"), "was" (German "what"),
/// "for" and "her" (Danish and Norwegian), "in", "an", "is", "on", "to",
/// "by" and "a" are left out for that reason.
const ENGLISH_WORDS: &[&str] = &[
    "about", "and", "are", "been", "but", "could", "from", "had", "has", "have", "his", "into",
    "it", "its", "not", "should", "than", "that", "the", "their", "them", "there", "these", "they",
    "this", "those", "what", "when", "which", "who", "with", "would", "were",
];

/// Share of a reading's words that are [`ENGLISH_WORDS`] at or above which
/// the text is English without weighing every language: English prose
/// writes them as about a fifth of its words, other languages' texts (names
/// and quotations aside) as hardly any.
const ENGLISH_SHARE: f64 = 0.15;

/// Fewest words a reading by [`ENGLISH_WORDS`] is made from.
const MIN_ENGLISH_SAMPLE_WORDS: usize = 60;

/// The share of `sample`'s words that are [`ENGLISH_WORDS`], when it has
/// enough words to tell.
fn english_share(sample: &str) -> Option<f64> {
    let (mut words, mut english) = (0usize, 0usize);
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if ENGLISH_WORDS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(word))
        {
            english += 1;
        }
    }
    (words >= MIN_ENGLISH_SAMPLE_WORDS).then(|| english as f64 / words as f64)
}

/// Fewest letters a detection is made from: below this a few names or a
/// title decide, and trigram counts are noise.
const MIN_LETTERS: usize = 200;

/// Least confidence (whatlang's 0–1 margin of the best language over the
/// next) for a detection to set the language. On `../shared/corpus` every
/// detection below it was wrong (English news lists read as Spanish at 0.04,
/// a tenants' page as Welsh at 0.46) and every one above it right, as on the
/// fixtures' essays in five languages.
const MIN_CONFIDENCE: f64 = 0.5;

/// Where the book's language came from, for `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub enum LanguageSource {
    /// The manifest or the front matter names it.
    Stated,
    /// The text shows it clearly, with this confidence.
    Detected(f64),
    /// The text is English: this share of its words are English's commonest.
    CommonWords(f64),
    /// The text does not show it clearly; the default was taken.
    Default,
}

/// The book's language and how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageDecision {
    /// A BCP 47 tag.
    pub tag: String,
    /// Where it came from.
    pub source: LanguageSource,
    /// What `--explain` says.
    pub explanation: String,
    /// Said when the default was taken for want of clear evidence.
    pub warning: Option<String>,
}

/// A stated language as a BCP 47 tag: `fr`, `fr-FR`, `fr_FR` (the POSIX
/// spelling pandoc also takes) or `pt-BR`; `None` when it is no tag at all.
pub fn stated_tag(value: &str) -> Option<String> {
    let tag = value.trim().replace('_', "-");
    crate::language::is_language_tag(&tag).then_some(tag)
}

/// The book's language: `stated` when given, else the language `text` is in.
pub fn decide(stated: Option<(&str, &str)>, text: &str) -> LanguageDecision {
    if let Some((tag, from)) = stated {
        return LanguageDecision {
            tag: tag.to_string(),
            source: LanguageSource::Stated,
            explanation: format!("language: {tag}, as {from} states"),
            warning: None,
        };
    }
    let unsure = |why: String| {
        LanguageDecision {
        tag: DEFAULT_LANGUAGE.to_string(),
        source: LanguageSource::Default,
        explanation: format!("language: {DEFAULT_LANGUAGE}, the default: {why}"),
        warning: Some(format!(
            "the text's language is unclear ({why}); the book says {DEFAULT_LANGUAGE}: set `lang` in the front matter or `language` in the manifest"
        )),
    }
    };
    let info = match reading(text) {
        Reading::TooShort(letters) => {
            // Too little text to say anything of: a note or a stub, whose reader
            // gains nothing from a warning it cannot act on.
            return LanguageDecision {
                warning: None,
                ..unsure(format!(
                    "{letters} letters of text, fewer than the {MIN_LETTERS} a detection needs"
                ))
            };
        }
        Reading::Unrecognised => return unsure("no language recognised in the text".into()),
        Reading::English(share) => {
            return LanguageDecision {
                tag: "en".to_string(),
                source: LanguageSource::CommonWords(share),
                explanation: format!(
                    "language: en, detected from the text (English's commonest words are {:.0}% of its words; at least {:.0}% needed); nothing states one",
                    share * 100.0,
                    ENGLISH_SHARE * 100.0
                ),
                warning: None,
            }
        }
        Reading::Found(info) => info,
    };
    let tag = tag_of(info.lang());
    if info.confidence() < MIN_CONFIDENCE {
        return unsure(format!(
            "the text reads most like {} ({tag}), with confidence {:.2}, below the {MIN_CONFIDENCE} a detection needs",
            info.lang().eng_name(),
            info.confidence()
        ));
    }
    LanguageDecision {
        explanation: format!(
            "language: {tag}, detected from the text ({}, confidence {:.2}; at least {MIN_CONFIDENCE} needed); nothing states one",
            info.lang().eng_name(),
            info.confidence()
        ),
        tag,
        source: LanguageSource::Detected(info.confidence()),
        warning: None,
    }
}

/// The language `text` clearly reads as, by the same measure as [`decide`],
/// as a tag; `None` when the text does not show one clearly. What a book's
/// accessibility claims check a stated language against.
pub fn detect(text: &str) -> Option<String> {
    match reading(text) {
        Reading::Found(info) if info.confidence() >= MIN_CONFIDENCE => Some(tag_of(info.lang())),
        Reading::English(_) => Some("en".to_string()),
        _ => None,
    }
}

/// What the start of a text shows of its language, before any confidence is asked of it.
enum Reading {
    /// Fewer letters than [`MIN_LETTERS`] (how many).
    TooShort(usize),
    /// No language recognised.
    Unrecognised,
    /// The language it reads most like.
    Found(whatlang::Info),
    /// English, by the share of its words that are [`ENGLISH_WORDS`].
    English(f64),
}

/// What a first reading of [`FIRST_SAMPLE_CHARS`], taken in
/// [`FIRST_SAMPLE_PIECES`] pieces spread over the sample, shows when it shows
/// it surely; else what the whole sample of [`SAMPLE_CHARS`] shows.
fn reading(text: &str) -> Reading {
    let sample = sample_of(text, SAMPLE_CHARS);
    // A sample no longer than the first reading is read whole, once.
    let longer = sample_of(sample, FIRST_SAMPLE_CHARS).len() < sample.len();
    let first = match longer {
        true => std::borrow::Cow::Owned(spread_over(sample)),
        false => std::borrow::Cow::Borrowed(sample),
    };
    if let Some(share) = english_share(&first).filter(|&share| share >= ENGLISH_SHARE) {
        return Reading::English(share);
    }
    if longer {
        if let Reading::Found(info) = reading_of(&first) {
            if info.confidence() >= SURE_CONFIDENCE {
                return Reading::Found(info);
            }
        }
    }
    reading_of(sample)
}

/// [`FIRST_SAMPLE_PIECES`] pieces of `sample`, evenly spaced from its start to
/// its end, [`FIRST_SAMPLE_CHARS`] characters in all, a space between pieces.
fn spread_over(sample: &str) -> String {
    let piece_chars = FIRST_SAMPLE_CHARS / FIRST_SAMPLE_PIECES;
    let mut pieces = String::with_capacity(FIRST_SAMPLE_CHARS * 2);
    for index in 0..FIRST_SAMPLE_PIECES {
        let mut start = sample.len() * index / FIRST_SAMPLE_PIECES;
        while !sample.is_char_boundary(start) {
            start += 1;
        }
        pieces.push_str(sample_of(&sample[start..], piece_chars));
        pieces.push(' ');
    }
    pieces
}

/// The first `chars` characters of `text`.
fn sample_of(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(end, _)| &text[..end])
}

fn reading_of(sample: &str) -> Reading {
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return Reading::TooShort(letters);
    }
    whatlang::detect(sample).map_or(Reading::Unrecognised, Reading::Found)
}

/// The English name of the language a tag [`detect`] gives ("Korean" for
/// `ko`), or the tag itself for one it never gives.
pub fn name_of(tag: &str) -> String {
    Lang::all()
        .iter()
        .find(|lang| tag_of(**lang) == tag)
        .map_or_else(|| tag.to_string(), |lang| lang.eng_name().to_string())
}

/// The opening of the book's text, as much as detection reads: the words of
/// its headings and paragraphs first, then its code blocks, whose keywords
/// are English whatever the prose is, but which hold the whole text of a
/// page-view export.
pub fn text_of(chapters: &[crate::model::Chapter]) -> String {
    use crate::model::{for_each_inline, for_each_inlines, Block, Inline};
    let mut text = String::new();
    for chapter in chapters {
        let mut add = |inlines: &[Inline]| {
            for_each_inline(inlines, &mut |inline| {
                if let Inline::Text(t) = inline {
                    text.push_str(t);
                }
            });
            text.push(' ');
        };
        if let Some(heading) = &chapter.heading {
            add(heading);
        }
        for_each_inlines(&chapter.blocks, &mut |inlines| add(inlines));
        if text.len() >= SAMPLE_CHARS * 4 {
            return text;
        }
    }
    for block in chapters.iter().flat_map(|c| &c.blocks) {
        if let Block::Code(code) = block {
            text.push_str(code);
            text.push(' ');
            if text.len() >= SAMPLE_CHARS * 4 {
                break;
            }
        }
    }
    text
}

/// The shortest BCP 47 tag of a detected language: its ISO 639-1 code where it
/// has one (`fr`, not `fra`), as reading systems and hyphenation tables expect.
fn tag_of(lang: Lang) -> String {
    let two = match lang.code() {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    };
    two.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRENCH: &str = "La grève générale commença un lundi matin, quand les ouvriers des docks refusèrent de décharger les navires. Personne ne savait encore combien de temps elle durerait, ni si les autres métiers de la ville suivraient. Les femmes des quartiers du port organisèrent des cantines, et les enfants portaient les messages d'un piquet à l'autre.";
    const ENGLISH: &str = "The general strike began on a Monday morning, when the dock workers refused to unload the ships. Nobody yet knew how long it would last, nor whether the other trades of the city would follow. The women of the harbour districts organised kitchens, and the children carried messages from one picket to the next.";

    #[test]
    fn a_stated_language_wins_over_the_text() {
        let decision = decide(Some(("fr", "the front matter")), ENGLISH);
        assert_eq!(decision.tag, "fr");
        assert_eq!(decision.source, LanguageSource::Stated);
    }

    #[test]
    fn the_text_shows_its_language_when_nothing_states_it() {
        let french = decide(None, FRENCH);
        assert_eq!(french.tag, "fr", "{}", french.explanation);
        assert!(french.warning.is_none());
        let english = decide(None, ENGLISH);
        assert_eq!(english.tag, "en", "{}", english.explanation);
        assert!(english.warning.is_none());
    }

    #[test]
    fn an_opening_that_does_not_show_the_language_is_read_past() {
        // A list of names and numbers fills the first reading; the essay after it is French.
        let names: String = (0..400)
            .map(|n| format!("Kowalczyk {n}, Oyelaran {n}; "))
            .collect();
        assert!(names.chars().count() > FIRST_SAMPLE_CHARS);
        let text = format!("{names}{}", FRENCH.repeat(20));
        let decision = decide(None, &text);
        assert_eq!(decision.tag, "fr", "{}", decision.explanation);
    }

    const SPANISH: &str = "La huelga general empezó un lunes por la mañana, cuando los trabajadores del puerto se negaron a descargar los barcos. Nadie sabía todavía cuánto tiempo duraría, ni si los demás oficios de la ciudad la seguirían. Las mujeres de los barrios del puerto organizaron comedores, y los niños llevaban los mensajes de un piquete a otro.";

    #[test]
    fn english_prose_is_told_by_its_commonest_words() {
        let decision = decide(None, &ENGLISH.repeat(3));
        assert_eq!(decision.tag, "en");
        assert!(
            matches!(decision.source, LanguageSource::CommonWords(share) if share >= ENGLISH_SHARE),
            "{}",
            decision.explanation
        );
        // Other languages' words are not English's, whatever they share in letters.
        for other in [FRENCH, SPANISH] {
            assert_eq!(english_share(&other.repeat(3)), Some(0.0));
        }
        let french = decide(None, &FRENCH.repeat(3));
        assert_eq!(french.tag, "fr", "{}", french.explanation);
    }

    #[test]
    fn a_text_half_in_english_is_not_english_by_the_count() {
        // English and Spanish in turn, all through the sample: the count is
        // under the share English prose reaches, and the detector weighs it.
        let text = format!("{ENGLISH} {SPANISH} ").repeat(20);
        let share = english_share(&spread_over(sample_of(&text, SAMPLE_CHARS))).unwrap();
        assert!(share < ENGLISH_SHARE, "{share}");
        assert!(!matches!(
            decide(None, &text).source,
            LanguageSource::CommonWords(_)
        ));
    }

    #[test]
    fn too_little_text_falls_back_to_the_default_quietly() {
        let decision = decide(None, "Les docks.");
        assert_eq!(decision.tag, DEFAULT_LANGUAGE);
        assert_eq!(decision.source, LanguageSource::Default);
        assert!(decision.warning.is_none());
        assert!(decision.explanation.contains("fewer than"));
    }

    #[test]
    fn stated_tags_in_the_spellings_front_matter_uses() {
        assert_eq!(stated_tag("fr_FR").as_deref(), Some("fr-FR"));
        assert_eq!(stated_tag(" de ").as_deref(), Some("de"));
        assert_eq!(stated_tag("in French"), None);
    }
}
