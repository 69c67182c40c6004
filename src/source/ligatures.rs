//! Words whose ﬁ, ﬂ, ﬀ, ﬃ or ﬄ a PDF export lost: "oce" for office,
//! "dierent" for different, or a private-use character in the ligature's
//! place (`o\u{e006}ce`).
//!
//! A word is repaired only when exactly one ligature, put back in exactly
//! one place, gives a known word (in the shipped word list, or written whole
//! elsewhere in the same text), and the word as it stands is not one: "o"
//! (for "off") and "re" stay. A word with more than one possible repair is
//! left alone and counted.

use std::collections::HashMap;

/// English words, one a line, sorted by bytes: SCOWL's size-50 list as
/// Debian's `wamerican` ships it, possessives removed (`data/words-COPYRIGHT.txt`).
const WORD_LIST: &str = include_str!("../../data/words.txt");

pub use super::broken_forms::LIGATURES;
use super::broken_forms::{each_broken_form, filter_holds, fingerprint};

/// Words shorter than this are never taken as broken: too many short
/// letter strings are abbreviations, initials or units.
const MIN_BROKEN_LETTERS: usize = 2;

/// Broken words shorter than this (in letters) are short enough to be
/// something else: they are repaired only when in lower case and broken
/// the same way at least [`MIN_SHORT_REPEATS`] times ("rst" for first).
const SHORT_WORD: usize = 4;
const MIN_SHORT_REPEATS: usize = 3;

/// Short words of the languages English essays most often quote, which look
/// like English words that lost a ligature ("du" for duff, "le" for file).
const OTHER_LANGUAGE_WORDS: &[&str] = &[
    "de", "di", "du", "da", "des", "del", "della", "le", "les", "la", "il", "el", "los", "las",
    "mis", "ne", "et", "est", "ist", "und", "der", "die", "das", "ein", "eine", "sur", "ce", "ces",
];

/// Word endings that stand alone when a converter splits a word at a line's
/// end ("process- ing"): fragments, not words that lost a ligature.
const SPLIT_ENDINGS: &[&str] = &[
    "ing", "ings", "ies", "ied", "ion", "ions", "ly", "ed", "er", "ers", "es",
];

/// A private-use character's meaning is learnt from the words it repairs
/// unambiguously; it then settles an ambiguous word only when at least this
/// many repairs agree...
const MIN_VOTES: usize = 3;
/// ...and this share of them name the same ligature.
const MIN_AGREEMENT: f64 = 0.8;

/// Whether `word` is a line of the list. The list is sorted by bytes, so it is
/// searched where it lies, without splitting it into lines first: a single
/// essay would otherwise pay for that set-up on every run.
fn listed(word: &str) -> bool {
    let list = WORD_LIST.as_bytes();
    let (mut low, mut high) = (0, list.len());
    while low < high {
        let middle = low + (high - low) / 2;
        // The line holding `middle`, which may start before `low`: never before it
        // by more than that line, as `low` is always a line's start.
        let start = list[low..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |at| low + at + 1);
        let end = list[middle..high]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(high, |at| middle + at);
        match list[start..end].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

/// Where, in each way a word reads with one ligature lost (in lower case), the
/// ligature stood: "office" gives "oce" with "ffi" at byte 1.
type BrokenForms = foldhash::HashMap<String, Vec<(usize, usize)>>;

/// Adds `word`'s broken forms to `forms`: each ligature in it, dropped.
fn add_broken_forms(word: &str, forms: &mut BrokenForms) {
    each_broken_form(&word.to_lowercase(), |broken, at, index| {
        let places = forms.entry(broken).or_default();
        if !places.contains(&(at, index)) {
            places.push((at, index));
        }
    });
}

// The list's words as they read with a ligature lost (built with the program,
// by `build.rs`): a word not among them (nor among the text's own words so
// broken) cannot be repaired from the list, and one that is needs trying only
// where a ligature could have stood.
/// Whether the list holds a broken form as a word itself, and where the ligature stood.
type ListedForm = (bool, &'static [(usize, usize)]);
include!(concat!(env!("OUT_DIR"), "/broken_list_forms.rs"));

/// Whether `word` is in the word list as written, or capitalised or in
/// capitals as a sentence or heading would set it.
pub fn is_known_word(word: &str) -> bool {
    if listed(word) {
        return true;
    }
    let Some(first) = word.chars().next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest = &word[first.len_utf8()..];
    if rest.chars().all(|c| !c.is_uppercase()) {
        return listed(&format!("{}{rest}", first.to_lowercase()));
    }
    if rest.chars().all(|c| !c.is_lowercase()) {
        let title = format!("{first}{}", rest.to_lowercase());
        return listed(&word.to_lowercase()) || listed(&title);
    }
    false
}

/// One repair, and how often it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub broken: String,
    pub repaired: String,
    pub count: usize,
}

/// A text with its broken words repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    /// Distinct repairs in order of first appearance.
    pub repairs: Vec<Repair>,
    /// Broken words left alone because more than one repair was possible.
    pub ambiguous: usize,
}

impl Repaired {
    /// How many words were repaired.
    pub fn count(&self) -> usize {
        self.repairs.iter().map(|r| r.count).sum()
    }
}

/// Which losses to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only private-use characters standing inside words: they are never text.
    PrivateUse,
    /// Those, and words whose ligature vanished without a trace (PDF exports).
    AllLosses,
    /// Private-use marks, and vanished ligatures when the text shows the loss
    /// is systematic: at least [`MIN_EVIDENT_WORDS`] different words repaired.
    Evident,
}

/// How many different words must have lost a ligature, each with one
/// possible repair, before a text not known to be an export is repaired:
/// one or two odd words in a typed essay are more likely jargon than loss.
const MIN_EVIDENT_WORDS: usize = 5;

/// A private-use code point (U+E000 to U+F8FF), where some exports put a ligature glyph.
pub fn is_private_use(c: char) -> bool {
    ('\u{e000}'..='\u{f8ff}').contains(&c)
}

fn word_char(c: char) -> bool {
    c.is_alphabetic() || is_private_use(c)
}

/// A possible repair, and the private-use mark and ligature it puts back, if any.
type Candidate = (String, Option<(char, &'static str)>);

/// Whether the word at `start..end` is part of a number, an address or code
/// rather than prose: a digit or one of `_/\\@=&%`` touches it, or a `.` or `:`
/// joins it to another word (example.org).
fn not_prose(text: &str, start: usize, end: usize) -> bool {
    let marks =
        |c: char| c.is_ascii_digit() || matches!(c, '_' | '/' | '\\' | '@' | '=' | '&' | '%' | '`');
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    let (b1, b2) = (before.next(), before.next());
    let (a1, a2) = (after.next(), after.next());
    let joins = |c: Option<char>, beyond: Option<char>| {
        matches!(c, Some('.' | ':')) && beyond.is_some_and(char::is_alphanumeric)
    };
    // The tail of a contraction or possessive: they’ll, Serge's.
    let tail = matches!(b1, Some('\'' | '\u{2019}')) && b2.is_some_and(char::is_alphabetic);
    tail || b1.is_some_and(marks) || a1.is_some_and(marks) || joins(b1, b2) || joins(a1, a2)
}

/// A word of the text, by byte range: the fingerprint of its lower case when
/// it is ASCII (most words of most texts), and whether a private-use mark
/// stands in it.
struct Token {
    start: usize,
    end: usize,
    fingerprint: Option<u64>,
    private: bool,
}

/// The text's words: runs of letters (and private-use marks), read a byte at
/// a time where the text is ASCII.
fn words_of(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let letter_at = |at: usize| {
        let c = text[at..].chars().next().unwrap_or(' ');
        (word_char(c), c.len_utf8(), is_private_use(c))
    };
    let mut at = 0;
    while at < bytes.len() {
        // Between words.
        if bytes[at].is_ascii() {
            if !bytes[at].is_ascii_alphabetic() {
                at += 1;
                continue;
            }
        } else {
            let (letter, width, _) = letter_at(at);
            if !letter {
                at += width;
                continue;
            }
        }
        // A word: a run of letters, fingerprinted whole when it is ASCII.
        let start = at;
        let (mut ascii, mut private) = (true, false);
        while let Some(&byte) = bytes.get(at) {
            if byte.is_ascii_alphabetic() {
                at += 1;
            } else if byte.is_ascii() {
                break;
            } else {
                let (letter, width, mark) = letter_at(at);
                if !letter {
                    break;
                }
                ascii = false;
                private |= mark;
                at += width;
            }
        }
        tokens.push(Token {
            start,
            end: at,
            fingerprint: ascii.then(|| fingerprint(&bytes[start..at])),
            private,
        });
    }
    tokens
}

/// The words of the text a repair is weighed against: those with an f (every
/// repair has one), and the words that may have lost a ligature.
#[derive(Default)]
struct Vocabulary<'a> {
    with_f: foldhash::HashMap<&'a str, usize>,
    suspects: foldhash::HashMap<&'a str, usize>,
}

impl Vocabulary<'_> {
    /// How often `word` stands in the text; 0 when it is neither kind.
    fn count(&self, word: &str) -> usize {
        self.with_f
            .get(word)
            .or_else(|| self.suspects.get(word))
            .copied()
            .unwrap_or(0)
    }
}

/// Whether `word` (with no private-use mark) reads as a word of the list, or of
/// the text's own `broken_vocabulary`, with a ligature dropped, and is not a
/// word as it stands: the first tests [`candidates`] makes, and the only ones
/// most words need.
fn may_have_lost_ligature(word: &str, broken_vocabulary: &BrokenForms) -> bool {
    if word.chars().nth(MIN_BROKEN_LETTERS - 1).is_none() {
        return false;
    }
    let lower = word.to_lowercase();
    let listed_form = BROKEN_LIST_FORMS.get(lower.as_str());
    if listed_form.is_none() && !broken_vocabulary.contains_key(&lower) {
        return false;
    }
    // A word in lower case that the list holds as it stands ("in", "at") is
    // known without searching the list.
    if listed_form.is_some_and(|(listed, _)| *listed) && lower == word {
        return false;
    }
    !is_known_word(word)
        && !OTHER_LANGUAGE_WORDS.contains(&lower.as_str())
        && !SPLIT_ENDINGS.contains(&lower.as_str())
}

/// The ways a word could be repaired: `None` when it needs none.
fn candidates(
    word: &str,
    scope: Scope,
    vocabulary: &Vocabulary,
    broken_vocabulary: &BrokenForms,
    sentence_start: bool,
) -> Option<Vec<Candidate>> {
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let capitals = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word.chars().all(|c| !c.is_lowercase());
    // A capitalised word may be a name: unless a private-use mark shows where a
    // ligature stood, only the text itself can say how it is spelt. At a
    // sentence's start it may also be a common word capitalised ("Dierent"),
    // but never repaired into a proper noun ("Anders" is not "Flanders").
    let names_only = capitalised && !capitals && !word.chars().any(is_private_use);
    let known = |w: &str| {
        vocabulary.count(w) > 0
            || (!names_only && is_known_word(w))
            || (names_only && sentence_start && listed(&w.to_lowercase()))
    };
    let private: Vec<char> = word.chars().filter(|&c| is_private_use(c)).collect();
    let mut found: Vec<Candidate> = Vec::new();
    let mut add = |repaired: &str, how: Option<(char, &'static str)>| {
        if known(repaired)
            && !found
                .iter()
                .any(|(r, _)| r.to_lowercase() == repaired.to_lowercase())
        {
            found.push((repaired.to_string(), how));
        }
    };
    match private.as_slice() {
        [] => {
            let letters = word.chars().count();
            if scope == Scope::PrivateUse || letters < MIN_BROKEN_LETTERS {
                return None;
            }
            if !may_have_lost_ligature(word, broken_vocabulary) {
                return None;
            }
            let lower = word.to_lowercase();
            let (listed_places, own_places) = (
                BROKEN_LIST_FORMS
                    .get(lower.as_str())
                    .map(|(_, places)| *places),
                broken_vocabulary.get(&lower),
            );
            let short = letters < SHORT_WORD;
            if short
                && (word.chars().any(char::is_uppercase)
                    || vocabulary.count(word) < MIN_SHORT_REPEATS)
            {
                return None;
            }
            // Where a ligature may have stood: from the broken forms when
            // lower case keeps every letter's place (ASCII), else everywhere.
            let mut places: Vec<(usize, usize)> = if word.is_ascii() {
                listed_places
                    .into_iter()
                    .chain(own_places.map(Vec::as_slice))
                    .flatten()
                    .copied()
                    .collect()
            } else {
                word.char_indices()
                    .map(|(at, _)| at)
                    .chain([word.len()])
                    .flat_map(|at| (0..LIGATURES.len()).map(move |index| (at, index)))
                    .collect()
            };
            places.sort_unstable();
            places.dedup();
            // One buffer for every trial.
            let mut trial = String::with_capacity(word.len() + 3);
            for (at, index) in places {
                let ligature = LIGATURES[index];
                let ligature = if capitals {
                    ligature.to_uppercase()
                } else {
                    ligature.to_string()
                };
                trial.clear();
                trial.push_str(&word[..at]);
                trial.push_str(&ligature);
                trial.push_str(&word[at..]);
                add(&trial, None);
                if at == 0 && capitalised && !capitals {
                    // "Florida" broken to "orida": the capital went with the ligature.
                    let mut title = ligature[..1].to_uppercase();
                    title.push_str(&ligature[1..]);
                    let first = word.chars().next().map_or(0, char::len_utf8);
                    let rest = word[..first].to_lowercase() + &word[first..];
                    add(&format!("{title}{rest}"), None);
                }
            }
        }
        [mark] => {
            if !word.chars().any(char::is_alphabetic) {
                return None;
            }
            let at_start = word.starts_with(*mark);
            for ligature in LIGATURES {
                let mut set = if capitals {
                    ligature.to_uppercase()
                } else {
                    ligature.to_string()
                };
                if at_start && word.chars().nth(1).is_some_and(char::is_uppercase) && !capitals {
                    set = format!("{}{}", set[..1].to_uppercase(), &set[1..]);
                }
                add(&word.replace(*mark, &set), Some((*mark, ligature)));
                if at_start && !capitals && sentence_start {
                    let mut title = set[..1].to_uppercase();
                    title.push_str(&set[1..]);
                    add(&word.replace(*mark, &title), Some((*mark, ligature)));
                }
            }
            if found.is_empty() {
                return Some(Vec::new());
            }
        }
        _ => return None,
    }
    Some(found)
}

/// Whether the word at `start` opens a sentence, so a lost capital is restored.
fn opens_sentence(text: &str, start: usize) -> bool {
    let mut newlines = 0;
    for c in text[..start].chars().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 {
                    return true;
                }
            }
            ' ' | '\t' | '"' | '“' | '‘' | '\'' | '*' | '_' | '(' => {}
            '.' | '!' | '?' | '#' => return true,
            _ => return false,
        }
    }
    true
}

/// Repairs the words of `text` whose ligatures were lost; `None` when none was.
pub fn repair(text: &str, scope: Scope) -> Option<Repaired> {
    if scope == Scope::PrivateUse && !text.chars().any(is_private_use) {
        return None;
    }
    let tokens = words_of(text);
    let word = |token: &Token| &text[token.start..token.end];
    let mut vocabulary = Vocabulary::default();
    for token in &tokens {
        let word = word(token);
        if word.contains(['f', 'F']) && !token.private {
            *vocabulary.with_f.entry(word).or_default() += 1;
        }
    }
    let mut broken_vocabulary = BrokenForms::default();
    for word in vocabulary.with_f.keys() {
        add_broken_forms(word, &mut broken_vocabulary);
    }
    let own_fingerprints: foldhash::HashSet<u64> = broken_vocabulary
        .keys()
        .map(|broken| fingerprint(broken.as_bytes()))
        .collect();
    // Most words of a text read as no word with a ligature dropped: a filter
    // settles most of them, one lookup per distinct word the rest, so the
    // per-word work below (and, for a text that cannot show enough repairs,
    // all of it) is skipped.
    let mut has_private_use = false;
    let mut settled: foldhash::HashMap<&str, bool> = Default::default();
    let mut suspect = vec![false; tokens.len()];
    for (index, token) in tokens.iter().enumerate() {
        let word = word(token);
        if token.private {
            has_private_use = true;
            suspect[index] = true;
            continue;
        }
        if scope == Scope::PrivateUse {
            continue;
        }
        let fingerprint = token
            .fingerprint
            .unwrap_or_else(|| fingerprint(word.to_lowercase().as_bytes()));
        if !filter_holds(&BROKEN_LIST_FILTER, fingerprint)
            && !own_fingerprints.contains(&fingerprint)
        {
            continue;
        }
        if *settled
            .entry(word)
            .or_insert_with(|| may_have_lost_ligature(word, &broken_vocabulary))
        {
            suspect[index] = true;
            *vocabulary.suspects.entry(word).or_default() += 1;
        }
    }
    if scope == Scope::Evident && !has_private_use && vocabulary.suspects.len() < MIN_EVIDENT_WORDS
    {
        return None;
    }

    // First pass: each word's possible repairs, worked out once per word.
    let mut decisions: Vec<(usize, Vec<Candidate>)> = Vec::new();
    let mut votes: HashMap<char, HashMap<&'static str, usize>> = HashMap::new();
    let mut known: foldhash::HashMap<(&str, bool), Option<Vec<Candidate>>> = Default::default();
    for (index, token) in tokens.iter().enumerate() {
        if !suspect[index] {
            continue;
        }
        let word = &text[token.start..token.end];
        if not_prose(text, token.start, token.end) {
            continue;
        }
        let sentence_start = opens_sentence(text, token.start);
        let Some(found) = known
            .entry((word, sentence_start))
            .or_insert_with(|| {
                candidates(word, scope, &vocabulary, &broken_vocabulary, sentence_start)
            })
            .clone()
        else {
            continue;
        };
        if let [(_, Some((mark, ligature)))] = found.as_slice() {
            *votes.entry(*mark).or_default().entry(ligature).or_default() += 1;
        }
        if !found.is_empty() {
            decisions.push((index, found));
        }
    }
    if scope == Scope::Evident && !has_private_use {
        let mut distinct: Vec<&str> = decisions
            .iter()
            .filter(|(_, found)| found.len() == 1)
            .map(|(index, _)| &text[tokens[*index].start..tokens[*index].end])
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < MIN_EVIDENT_WORDS {
            return None;
        }
    }
    // Second pass: a private-use mark whose meaning the text has settled.
    let settled: HashMap<char, &'static str> = votes
        .iter()
        .filter_map(|(mark, tally)| {
            let total: usize = tally.values().sum();
            let (ligature, most) = tally
                .iter()
                .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))?;
            (total >= MIN_VOTES && *most as f64 >= MIN_AGREEMENT * total as f64)
                .then_some((*mark, *ligature))
        })
        .collect();

    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    let mut repairs: Vec<Repair> = Vec::new();
    let mut ambiguous = 0;
    for (index, found) in decisions {
        let chosen = match found.as_slice() {
            [(one, _)] => Some(one.clone()),
            many => many
                .iter()
                .find(|(_, how)| how.is_some_and(|(mark, lig)| settled.get(&mark) == Some(&lig)))
                .map(|(r, _)| r.clone()),
        };
        let token = &tokens[index];
        let broken = &text[token.start..token.end];
        let Some(mut repaired) = chosen else {
            ambiguous += 1;
            continue;
        };
        // "rst" opening a sentence was "First": the capital went with the ligature.
        if repaired.starts_with('f')
            && broken.starts_with(|c: char| c.is_lowercase() && c != 'f')
            && opens_sentence(text, token.start)
        {
            repaired = format!("F{}", &repaired[1..]);
        }
        out.push_str(&text[copied..token.start]);
        out.push_str(&repaired);
        copied = token.end;
        match repairs
            .iter_mut()
            .find(|r| r.broken == broken && r.repaired == repaired)
        {
            Some(r) => r.count += 1,
            None => repairs.push(Repair {
                broken: broken.to_string(),
                repaired,
                count: 1,
            }),
        }
    }
    if repairs.is_empty() && ambiguous == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Repaired {
        text: out,
        repairs,
        ambiguous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        repair(text, Scope::AllLosses)
            .map(|r| r.text)
            .unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn dropped_ligatures_are_put_back_when_one_known_word_results() {
        assert_eq!(
            fixed("the electoral oce had a dierent view of their eorts and the conict, an oce of oce"),
            "the electoral office had a different view of their efforts and the conflict, an office of office"
        );
        assert_eq!(
            fixed("the rst time, the rst day, the rst year"),
            "the first time, the first day, the first year"
        );
        assert_eq!(
            fixed("It was. rst we went, rst, rst"),
            "It was. First we went, first, first"
        );
        assert_eq!(fixed("Dierent it was."), "Different it was.");
        // A name at a sentence's start is not made into a proper noun.
        assert_eq!(fixed("It was. Anders went."), "It was. Anders went.");
    }

    #[test]
    fn real_words_and_unclear_cases_are_left_alone() {
        // "o" (off) and "re" (fire) are words as they stand.
        assert_eq!(
            fixed("turn it o and re the gun"),
            "turn it o and re the gun"
        );
        // A short broken form seen once is too little evidence; a word of French is a word.
        assert_eq!(fixed("the rst time"), "the rst time");
        assert_eq!(fixed("la voix du du du peuple"), "la voix du du du peuple");
        // A capitalised word inside a sentence is a name, not a broken word.
        assert_eq!(fixed("said Dong Wei"), "said Dong Wei");
        // The tail of a contraction is not a word of its own.
        assert_eq!(fixed("they’ll say, we'll see"), "they’ll say, we'll see");
        // Not a broken word that any ligature makes known.
        assert_eq!(
            fixed("Kropotkin wrote in Russian"),
            "Kropotkin wrote in Russian"
        );
        // Numbers, code and addresses are not prose.
        assert_eq!(
            fixed("see example.org/oce and 2nd and rst_x"),
            "see example.org/oce and 2nd and rst_x"
        );
    }

    #[test]
    fn names_are_repaired_from_the_text_itself() {
        assert_eq!(
            fixed("Lérmontoff wrote. Later, Lérmonto died."),
            "Lérmontoff wrote. Later, Lérmontoff died."
        );
    }

    #[test]
    fn private_use_marks_inside_words_are_repaired() {
        let repaired = repair(
            "the o\u{e006}ce and the \u{e003}owers; In\u{e002}uence",
            Scope::PrivateUse,
        )
        .unwrap();
        assert_eq!(repaired.text, "the office and the flowers; Influence");
        assert_eq!(repaired.count(), 3);
        // A mark standing alone is a symbol, not a letter.
        assert_eq!(repair("x \u{e01f} y", Scope::PrivateUse), None);
        // Without private-use marks, a Markdown essay is not touched.
        assert_eq!(repair("the rst time", Scope::PrivateUse), None);
    }

    #[test]
    fn a_text_not_known_as_an_export_is_repaired_only_when_the_loss_is_evident() {
        let few = "a dierent view of their eorts";
        assert_eq!(repair(few, Scope::Evident), None);
        let many =
            "a dierent view of their eorts in the conict, the oce and its ocers were satised";
        let repaired = repair(many, Scope::Evident).unwrap();
        // "oce", three letters and broken once, is too little evidence on its own.
        assert_eq!(repaired.count(), 5, "{}", repaired.text);
        assert!(repaired.text.contains("the oce and its officers"));
    }

    #[test]
    fn the_word_list_answers_in_any_case() {
        assert!(is_known_word("office") && is_known_word("Office") && is_known_word("OFFICE"));
        assert!(!is_known_word("oce") && !is_known_word("nd"));
    }
}
