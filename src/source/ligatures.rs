//! Words whose ﬁ, ﬂ, ﬀ, ﬃ or ﬄ a PDF export lost: "oce" for office,
//! "dierent" for different, or a private-use character in the ligature's
//! place (`o\u{e006}ce`).
//!
//! A word is repaired only when exactly one ligature, put back in exactly
//! one place, gives a word of the text's language (in that language's
//! shipped word list, or written whole elsewhere in the same text), and the
//! word as it stands is not one: "o" (for "off"), "re", "rebrand" and, in a
//! Spanish text, "estas" stay. A capitalised word inside a sentence is a name,
//! repaired only as the text's own private-use marks spell it. A text whose
//! font lost letters other than ligatures is repaired nowhere. A word with more than one possible
//! repair is left alone and counted.
//!
//! One file for one decision, longer than the rooms around it: the word
//! lists, the broken forms, the guards (names, the text's own spellings,
//! letters lost wholesale) and the repair all answer the same question, "is
//! this word a ligature the export lost?", and each guard is read against the
//! others; split apart, a reader would have to hold them all at once anyway.

use std::collections::HashMap;

// Where each line of each list starts (`LINES_EN`, `LINES_DA`, ...), made by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/word_list_lines.rs"));

/// A shipped list of words, one a line, sorted by bytes, and where its lines start.
#[derive(Debug)]
pub struct WordList {
    text: &'static str,
    lines: &'static [u32],
}

/// Lists are statics: one is another only when it is the same.
impl PartialEq for WordList {
    fn eq(&self, other: &WordList) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for WordList {}

impl WordList {
    /// Whether `word` is a line of the list.
    fn contains(&self, word: &str) -> bool {
        listed_in(self.text, self.lines, word)
    }

    fn words(&self) -> std::str::Lines<'static> {
        self.text.lines()
    }
}

/// A shipped list: its text, and where its lines start (written by `build.rs`).
macro_rules! word_list {
    ($file:literal, $lines:ident) => {
        WordList {
            text: include_str!(concat!("../../data/", $file)),
            lines: &$lines,
        }
    };
}

/// English words: SCOWL's size-50 list as Debian's `wamerican` ships it,
/// possessives removed (`data/words-COPYRIGHT.txt`).
static WORD_LIST: WordList = word_list!("words.txt", LINES_EN);

/// The 10,000 most frequent words of other languages (wordfreq's lists,
/// `data/words-wordfreq-COPYRIGHT.txt`), by language tag: a text in one of
/// them is weighed against its own list, never English's.
static OTHER_WORD_LISTS: [(&str, WordList); 9] = [
    ("da", word_list!("words-da.txt", LINES_DA)),
    ("de", word_list!("words-de.txt", LINES_DE)),
    ("es", word_list!("words-es.txt", LINES_ES)),
    ("fr", word_list!("words-fr.txt", LINES_FR)),
    ("it", word_list!("words-it.txt", LINES_IT)),
    ("nb", word_list!("words-nb.txt", LINES_NB)),
    ("nl", word_list!("words-nl.txt", LINES_NL)),
    ("pt", word_list!("words-pt.txt", LINES_PT)),
    ("sv", word_list!("words-sv.txt", LINES_SV)),
];

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

/// Whether `word` is a line of the English list.
fn listed(word: &str) -> bool {
    WORD_LIST.contains(word)
}

/// Whether `word` is a line of `list`, whose lines start at `lines` and are
/// sorted by bytes: a binary search over the lines, each read where it lies.
fn listed_in(list: &str, lines: &[u32], word: &str) -> bool {
    let line = |i: usize| {
        let start = lines[i] as usize;
        let end = lines
            .get(i + 1)
            .map_or(list.len(), |&next| next as usize - 1);
        // The last line may end with a line break too.
        list.as_bytes()[start..end]
            .strip_suffix(b"\n")
            .unwrap_or(&list.as_bytes()[start..end])
    };
    let (mut low, mut high) = (0, lines.len());
    while low < high {
        let middle = low + (high - low) / 2;
        // Byte by byte: words are short, and most steps differ at the first byte, where a call
        // to `memcmp` would cost more than the comparison.
        let line = line(middle);
        let order = line
            .iter()
            .zip(word.as_bytes())
            .find(|(a, b)| a != b)
            .map_or_else(|| line.len().cmp(&word.len()), |(a, b)| a.cmp(b));
        match order {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
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

/// Prefixes that make a word of a word ("re" + "brand"): a letter string so
/// formed is read as a word, not as a word that lost a ligature ("rebrand" is
/// not "firebrand").
const WORD_PREFIXES: &[&str] = &[
    "re", "un", "pre", "non", "anti", "co", "de", "dis", "mis", "over", "under", "out", "sub",
    "super", "inter", "counter", "post", "semi", "multi", "micro", "macro", "mega", "mini", "neo",
    "pro", "pseudo", "trans", "ultra",
];
/// Fewest letters of the listed word a prefix is put to: shorter stems
/// ("be" + "net", "de" + "nite") make too many broken words look like words.
const MIN_STEM_LETTERS: usize = 5;

/// Whether `word` (in lower case) is a prefix put to an English word.
fn is_prefixed_word(lower: &str) -> bool {
    WORD_PREFIXES.iter().any(|prefix| {
        lower.strip_prefix(prefix).is_some_and(|stem| {
            stem.chars().count() >= MIN_STEM_LETTERS && !stem.starts_with('-') && listed(stem)
        })
    })
}

/// The language a text's words are weighed in: which list says what is a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// The shipped English list.
    English,
    /// Another language with a shipped list: its tag and its list.
    Listed(&'static str, &'static WordList),
    /// A language quire has no list for: only the text's own words count.
    Unlisted,
}

impl Language {
    /// The language a tag names (`es`, `pt-BR`, `no`).
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let primary = match primary.as_str() {
            "no" | "nn" => "nb",
            other => other,
        };
        if primary == "en" {
            return Language::English;
        }
        OTHER_WORD_LISTS
            .iter()
            .find(|(t, _)| *t == primary)
            .map_or(Language::Unlisted, |(t, list)| Language::Listed(t, list))
    }

    /// The language's tag, for `--explain`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Listed(tag, _) => tag,
            Language::Unlisted => "unlisted",
        }
    }

    /// Whether `word` is a word of the language: as written, or capitalised or
    /// in capitals as a sentence or heading would set it.
    fn is_word(self, word: &str) -> bool {
        match self {
            Language::English => is_known_word(word),
            Language::Listed(_, list) => list.contains(word) || list.contains(&word.to_lowercase()),
            Language::Unlisted => false,
        }
    }

    /// Whether `word` is a word of the language, or (in English) a prefix put to one.
    fn is_word_or_derived(self, word: &str) -> bool {
        self.is_word(word) || (self == Language::English && is_prefixed_word(&word.to_lowercase()))
    }
}

/// Words of the text read to tell its language: enough for a steady share.
const LANGUAGE_SAMPLE_WORDS: usize = 2000;
/// Fewer words than this tell no language: the text is taken as English.
const MIN_LANGUAGE_SAMPLE: usize = 50;
/// Share of the sampled words the English list knows, at or above which a
/// text is English without asking the other lists (English prose scores
/// over 0.9; the other languages' texts under 0.5).
const ENGLISH_SURE: f64 = 0.8;
/// How far another list's share must exceed English's for the text to be in
/// that language: a text quoting a few words of it stays English.
const LANGUAGE_MARGIN: f64 = 0.15;
/// Below this English share, with no other list ahead, the text is in a
/// language quire has no list for.
const ENGLISH_FLOOR: f64 = 0.5;

/// The language of the text whose words are `sample`: the list that knows
/// most of them.
fn detect_language<'a>(sample: impl Iterator<Item = &'a str>) -> Language {
    // Each distinct word is looked up once, weighed by how often it stands.
    let mut distinct: foldhash::HashMap<&str, usize> = Default::default();
    let mut sampled = 0;
    for word in sample.take(LANGUAGE_SAMPLE_WORDS) {
        *distinct.entry(word).or_default() += 1;
        sampled += 1;
    }
    if sampled < MIN_LANGUAGE_SAMPLE {
        return Language::English;
    }
    let share = |known: usize| known as f64 / sampled as f64;
    let english = share(
        distinct
            .iter()
            .filter(|(w, _)| is_known_word(w))
            .map(|(_, n)| n)
            .sum(),
    );
    if english >= ENGLISH_SURE {
        return Language::English;
    }
    let lower: Vec<(String, usize)> = distinct
        .iter()
        .map(|(w, n)| (w.to_lowercase(), *n))
        .collect();
    let (tag, list, best) = OTHER_WORD_LISTS
        .iter()
        .map(|(tag, list)| {
            let known = lower
                .iter()
                .filter(|(w, _)| list.contains(w))
                .map(|(_, n)| n)
                .sum();
            (*tag, list, share(known))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .expect("lists are shipped");
    if best >= english + LANGUAGE_MARGIN {
        Language::Listed(tag, list)
    } else if english < ENGLISH_FLOOR {
        Language::Unlisted
    } else {
        Language::English
    }
}

/// Letters every text in a language of the Latin script uses often (each
/// about 0.2% of the letters or more in Danish, Dutch, English, French,
/// German, Italian, Norwegian, Portuguese, Spanish and Swedish; "c", rare in
/// Norwegian, is left out).
const COMMON_LETTERS: &str = "eaiontrsldumpbfgh";
/// A common letter below this share of a text's Latin letters was lost
/// wholesale by the export's font: a real text never lacks it so.
const MISSING_LETTER_SHARE: f64 = 0.0005;
/// Fewest Latin letters of a text before a missing letter is evidence: the
/// rarest of [`COMMON_LETTERS`] in any of those languages ("h" in Italian,
/// 0.6%) is then expected about ten times.
const MIN_LETTERS_FOR_MISSING: usize = 1500;

/// The common letters a text lacks throughout (see [`COMMON_LETTERS`]): its
/// font lost them, and ligatures are not all it lost.
pub fn missing_letters(text: &str) -> Vec<char> {
    // Every byte counted without a test, the letters read off after: a
    // branch per byte took as long as reading the text's words.
    // Four tallies, so that a letter repeated does not wait on its own count.
    let mut tallies = [[0u32; 256]; 4];
    let mut quads = text.as_bytes().chunks_exact(4);
    for quad in &mut quads {
        for (tally, &byte) in tallies.iter_mut().zip(quad) {
            tally[usize::from(byte)] += 1;
        }
    }
    for &byte in quads.remainder() {
        tallies[0][usize::from(byte)] += 1;
    }
    let count_of =
        |byte: u8| -> usize { tallies.iter().map(|t| t[usize::from(byte)] as usize).sum() };
    let mut counts = [0usize; 26];
    for (letter, count) in (0u8..).zip(counts.iter_mut()) {
        *count = count_of(b'a' + letter) + count_of(b'A' + letter);
    }
    let total: usize = counts.iter().sum();
    if total < MIN_LETTERS_FOR_MISSING {
        return Vec::new();
    }
    COMMON_LETTERS
        .bytes()
        .filter(|&l| (counts[usize::from(l - b'a')] as f64) < MISSING_LETTER_SHARE * total as f64)
        .map(char::from)
        .collect()
}

/// One repair, and how often it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The word as the text had it.
    pub broken: String,
    /// The word as repaired.
    pub repaired: String,
    /// How many times.
    pub count: usize,
    /// The byte offset in the text of each word so repaired.
    pub at: Vec<usize>,
}

/// A text with its broken words repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// The text, its broken words repaired.
    pub text: String,
    /// Distinct repairs in order of first appearance.
    pub repairs: Vec<Repair>,
    /// Broken words left alone because more than one repair was possible.
    pub ambiguous: usize,
    /// The language the words were weighed in.
    pub language: Option<Language>,
    /// Common letters the text lacks throughout: when any is, nothing was
    /// repaired, though words looked as if they had lost a ligature.
    pub missing_letters: Vec<char>,
    /// Words that lost a ligature left alone because the text keeps its
    /// ligatures elsewhere (see [`MIN_LOSS_SHARE`]).
    pub unsystematic: usize,
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

/// A word of the text, by byte range, and whether a private-use mark stands
/// in it: eight bytes, as a text holds a token for every four or five of its
/// bytes (a 20 MB page export, 4.5 million words).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Token {
    start: u32,
    /// The end, with [`PRIVATE`] set when a private-use mark stands in the word.
    end: u32,
}

/// The bit of [`Token::end`] that says a private-use mark stands in the word.
const PRIVATE: u32 = 1 << 31;

/// The longest text whose words are weighed: a token's offsets are 31 bits.
const MAX_TEXT: usize = (PRIVATE - 1) as usize;

impl Token {
    fn start(self) -> usize {
        self.start as usize
    }
    fn end(self) -> usize {
        (self.end & !PRIVATE) as usize
    }
    fn private(self) -> bool {
        self.end & PRIVATE != 0
    }
    fn word(self, text: &str) -> &str {
        &text[self.start()..self.end()]
    }
}

/// A word's fingerprint (of its lower case).
fn word_fingerprint(word: &str) -> u64 {
    if word.is_ascii() {
        fingerprint(word.as_bytes())
    } else {
        fingerprint(word.to_lowercase().as_bytes())
    }
}

/// The text's words: runs of letters (and private-use marks), read a byte at
/// a time where the text is ASCII. Read as a stream, each pass over the text
/// reading them again: a 20 MB text holds 4.5 million words, which held at
/// once would take more memory than the text itself.
#[derive(Clone)]
struct Words<'a> {
    text: &'a str,
    at: usize,
    end: usize,
}

impl<'a> Words<'a> {
    fn of(text: &'a str) -> Self {
        Words::within(text, 0..text.len())
    }

    /// The words of `text` in `range`, whose ends stand between words.
    fn within(text: &'a str, range: std::ops::Range<usize>) -> Self {
        Words {
            text,
            at: range.start,
            end: range.end,
        }
    }

    /// Whether the character at `at` is a letter, its width, and whether it is a private-use mark.
    fn letter_at(&self, at: usize) -> (bool, usize, bool) {
        let c = self.text[at..].chars().next().unwrap_or(' ');
        (word_char(c), c.len_utf8(), is_private_use(c))
    }
}

/// What a byte is to the word reader: an ASCII letter, another ASCII
/// character, or a byte of a wider character, which must be decoded to tell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    Letter,
    Other,
    Wide,
}

/// Each byte's class, looked up in one step: most of a text is ASCII, and
/// the reader runs over every byte of it twice or more.
const BYTE_CLASSES: [ByteClass; 256] = {
    let mut classes = [ByteClass::Other; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = if byte >= 0x80 {
            ByteClass::Wide
        } else if (byte as u8).is_ascii_alphabetic() {
            ByteClass::Letter
        } else {
            ByteClass::Other
        };
        byte += 1;
    }
    classes
};

impl Iterator for Words<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = &self.text.as_bytes()[..self.end];
        let class = |at: usize| BYTE_CLASSES[bytes[at] as usize];
        let mut at = self.at;
        // Between words.
        loop {
            while at < bytes.len() && class(at) == ByteClass::Other {
                at += 1;
            }
            if at == bytes.len() {
                self.at = at;
                return None;
            }
            if class(at) == ByteClass::Letter {
                break;
            }
            let (letter, width, _) = self.letter_at(at);
            if letter {
                break;
            }
            at += width;
        }
        // A word: a run of letters.
        let start = at;
        let mut private = false;
        loop {
            while at < bytes.len() && class(at) == ByteClass::Letter {
                at += 1;
            }
            if at == bytes.len() || class(at) == ByteClass::Other {
                break;
            }
            let (letter, width, mark) = self.letter_at(at);
            if !letter {
                break;
            }
            private |= mark;
            at += width;
        }
        self.at = at;
        // Offsets fit in 31 bits: `repair_in` weighs no text longer than MAX_TEXT.
        Some(Token {
            start: start as u32,
            end: at as u32 | if private { PRIVATE } else { 0 },
        })
    }
}

/// The words of the text a repair is weighed against: those with an f (every
/// repair has one), and the words that may have lost a ligature.
#[derive(Default)]
struct Vocabulary<'a> {
    with_f: foldhash::HashMap<&'a str, usize>,
    suspects: foldhash::HashMap<&'a str, usize>,
    /// What words with a private-use mark were repaired to: where the text
    /// itself shows the ligature a name lost ("Turguéne\u{e001}" for "Turguéneff").
    marked: foldhash::HashSet<String>,
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

/// The English list's entry for a broken form, when the text is English.
fn english_broken_form(lower: &str, language: Language) -> Option<&'static ListedForm> {
    (language == Language::English)
        .then(|| BROKEN_LIST_FORMS.get(lower))
        .flatten()
}

/// Whether `word` (with no private-use mark) reads as a word of the list, or of
/// the text's own `broken_vocabulary`, with a ligature dropped, and is not a
/// word of the text's language as it stands: the first tests [`candidates`]
/// makes, and the only ones most words need.
fn may_have_lost_ligature(word: &str, broken_vocabulary: &BrokenForms, language: Language) -> bool {
    if word.chars().nth(MIN_BROKEN_LETTERS - 1).is_none() {
        return false;
    }
    let lower = word.to_lowercase();
    let listed_form = english_broken_form(&lower, language);
    if listed_form.is_none() && !broken_vocabulary.contains_key(&lower) {
        return false;
    }
    // A word in lower case that the list holds as it stands ("in", "at") is
    // known without searching the list.
    if listed_form.is_some_and(|(listed, _)| *listed) && lower == word {
        return false;
    }
    !language.is_word_or_derived(word)
        && !OTHER_LANGUAGE_WORDS.contains(&lower.as_str())
        && !SPLIT_ENDINGS.contains(&lower.as_str())
}

/// Where a word stands: whether it opens a sentence, and whether the same
/// word stands capitalised inside a sentence anywhere in the text (a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Place {
    sentence_start: bool,
    named: bool,
}

/// The ways a word could be repaired: `None` when it needs none.
fn candidates(
    word: &str,
    scope: Scope,
    language: Language,
    vocabulary: &Vocabulary,
    broken_vocabulary: &BrokenForms,
    place: Place,
) -> Option<Vec<Candidate>> {
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let capitals = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word.chars().all(|c| !c.is_lowercase());
    let sentence_start = place.sentence_start;
    // A capitalised word may be a name, and a name is never repaired unless a
    // private-use mark shows where a ligature stood, in it or in the same name
    // elsewhere ("Takeo" is not "Takeoff", "Dong" not "Doffing"). Opening a
    // sentence, and never capitalised inside one, it may be a common word
    // capitalised ("Dierent"), but it is never repaired into a proper noun
    // ("Anders" is not "Flanders").
    let names_only = capitalised && !capitals && !word.chars().any(is_private_use);
    // A name is repaired only as the text's own private-use marks spell it.
    let as_marked = names_only && (!sentence_start || place.named);
    if as_marked && vocabulary.marked.is_empty() {
        return None;
    }
    let known = |w: &str| {
        if as_marked {
            vocabulary.marked.contains(w)
        } else if names_only {
            // Opening a sentence, a name may read as a common word with a
            // ligature lost ("Takeo", "takeoff"): the common word needs the
            // text to write it in lower case too, or to be long.
            let common = vocabulary.count(&word.to_lowercase()) > 0
                || w.chars().count() >= MIN_SURE_COMMON_LETTERS;
            common && language.is_word(&w.to_lowercase())
        } else {
            vocabulary.count(w) > 0 || language.is_word(w)
        }
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
            if !may_have_lost_ligature(word, broken_vocabulary, language) {
                return None;
            }
            let lower = word.to_lowercase();
            let (listed_places, own_places) = (
                english_broken_form(&lower, language).map(|(_, places)| *places),
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

/// Abbreviations a full stop ends without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "jr", "sr", "vs", "cf", "no", "vol", "pp", "ed", "eds",
    "fig", "ca", "etc", "gen", "col", "capt", "lt", "sgt", "rev", "hon", "sen", "rep", "gov",
];

/// Letters of a listed word at or above which a capitalised word repaired
/// into it is taken for that common word, not a name: names rarely read as a
/// word this long with a ligature lost ("Specically" for "Specifically").
const MIN_SURE_COMMON_LETTERS: usize = 9;

/// Whether the word at `start` opens a sentence, so a lost capital is
/// restored. A full stop after an initial ("H. Dong") or an abbreviation
/// ("Dr. Ward") ends no sentence.
fn opens_sentence(text: &str, start: usize) -> bool {
    let mut newlines = 0;
    for (at, c) in text[..start].char_indices().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 {
                    return true;
                }
            }
            ' ' | '\t' | '"' | '“' | '‘' | '\'' | '*' | '_' | '(' => {}
            '.' => return !after_initial_or_abbreviation(&text[..at]),
            '!' | '?' | '#' => return true,
            _ => return false,
        }
    }
    true
}

/// Whether `before` (the text up to a full stop) ends with an initial or an abbreviation.
fn after_initial_or_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[word_start..];
    let mut letters = word.chars();
    let initial = matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whether `word` is in the list of a shipped language other than the text's.
fn in_another_list(word: &str, language: Language) -> bool {
    let lower = word.to_lowercase();
    OTHER_WORD_LISTS
        .iter()
        .any(|(tag, list)| Language::Listed(tag, list) != language && list.contains(&lower))
}

/// Whether the word at `index` is a word of another shipped language standing
/// beside another word of it that is no word of the text's language: a quoted
/// phrase ("la ciudad y estas calles", "hjem og spiste"), whose words are
/// words, though they read as the text's language's words with a ligature lost.
fn quoted_in_another_language(text: &str, suspect: &Suspect, language: Language) -> bool {
    let lower = suspect.token.word(text).to_lowercase();
    let neighbours: Vec<String> = [suspect.before, suspect.after]
        .into_iter()
        .flatten()
        .map(|t| t.word(text).to_lowercase())
        .filter(|w| !language.is_word(w))
        .collect();
    OTHER_WORD_LISTS.iter().any(|(tag, list)| {
        Language::Listed(tag, list) != language
            && list.contains(&lower)
            && neighbours.iter().any(|w| list.contains(w))
    })
}

/// Share of the words that have, or had, a ligature that must have lost it
/// before a word is repaired from a list: an export whose font lost its
/// ligatures lost nearly all of them, while a text that writes "first" and
/// "office" whole throughout lost few if any, and its odd words are
/// repaired only into words it writes whole.
const MIN_LOSS_SHARE: f64 = 0.25;

/// Whether a word holds letters a ligature would join.
fn has_ligature_letters(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.contains("fi") || lower.contains("fl") || lower.contains("ff")
}

/// The text's distinct words, each with how often it stands, read once: the
/// questions asked of them (which have an f, which may have lost a ligature,
/// in one language and then another) are asked of a few thousand distinct
/// words, not of the text's every word again.
struct WordCounts<'a> {
    /// Each word without a private-use mark, and how often it stands.
    counts: foldhash::HashMap<&'a str, usize>,
    /// Whether any word has a private-use mark (each such word is a suspect).
    has_private_use: bool,
}

impl<'a> WordCounts<'a> {
    /// The words of `text` in `range`, whose ends stand between words.
    fn within(text: &'a str, range: std::ops::Range<usize>) -> Self {
        let mut counts: foldhash::HashMap<&str, usize> = Default::default();
        let mut has_private_use = false;
        for token in Words::within(text, range) {
            if token.private() {
                has_private_use = true;
            } else {
                *counts.entry(token.word(text)).or_default() += 1;
            }
        }
        WordCounts {
            counts,
            has_private_use,
        }
    }

    /// The words of `text`, read on two threads when it is large.
    fn of(text: &'a str) -> Self {
        read_in_halves(
            text,
            |range| WordCounts::within(text, range),
            |mut first, second| {
                for (word, count) in second.counts {
                    *first.counts.entry(word).or_default() += count;
                }
                first.has_private_use |= second.has_private_use;
                first
            },
        )
    }

    /// The words with an f, and how often each stands: every repair puts one back.
    fn with_f(&self) -> foldhash::HashMap<&'a str, usize> {
        self.counts
            .iter()
            .filter(|(word, _)| word.contains(['f', 'F']))
            .map(|(word, count)| (*word, *count))
            .collect()
    }
}

/// The text's words that may have lost a ligature (see [`may_have_lost_ligature`]).
struct Suspects<'a> {
    /// Each suspect word without a private-use mark, and how often it stands.
    counts: foldhash::HashMap<&'a str, usize>,
    /// The text's own words (and its language's listed words, when that is
    /// not English) as they read with a ligature dropped.
    broken_vocabulary: BrokenForms,
}

/// A word that may have lost a ligature, with the words beside it: a quoted
/// phrase of another language is told by them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Suspect {
    token: Token,
    before: Option<Token>,
    after: Option<Token>,
}

/// Which of `words` may have lost a ligature, weighed in `language`.
fn find_suspects<'a>(
    words: &WordCounts<'a>,
    scope: Scope,
    language: Language,
    with_f: &foldhash::HashMap<&'a str, usize>,
) -> Suspects<'a> {
    let (broken_vocabulary, own_fingerprints) = broken_vocabulary(with_f, language);
    let mut counts: foldhash::HashMap<&'a str, usize> = Default::default();
    if scope != Scope::PrivateUse {
        for (&word, &count) in &words.counts {
            // Most words read as no word with a ligature dropped: a filter
            // settles most of them, so the lookups below are made for few.
            let fingerprint = word_fingerprint(word);
            let english_may_hold =
                language == Language::English && filter_holds(&BROKEN_LIST_FILTER, fingerprint);
            if (english_may_hold || own_fingerprints.contains(&fingerprint))
                && may_have_lost_ligature(word, &broken_vocabulary, language)
            {
                counts.insert(word, count);
            }
        }
    }
    Suspects {
        counts,
        broken_vocabulary,
    }
}

/// The text's own words (and its language's listed words, when that is not
/// English) as they read with a ligature dropped, and the fingerprints of
/// those forms.
fn broken_vocabulary(
    with_f: &foldhash::HashMap<&str, usize>,
    language: Language,
) -> (BrokenForms, foldhash::HashSet<u64>) {
    let mut broken_vocabulary = BrokenForms::default();
    for word in with_f.keys() {
        add_broken_forms(word, &mut broken_vocabulary);
    }
    if let Language::Listed(_, list) = language {
        for word in list.words().filter(|w| w.contains('f')) {
            add_broken_forms(word, &mut broken_vocabulary);
        }
    }
    let fingerprints = broken_vocabulary
        .keys()
        .map(|broken| fingerprint(broken.as_bytes()))
        .collect();
    (broken_vocabulary, fingerprints)
}

/// Each place in `text` of a suspect word (one of `counts`, or one with a
/// private-use mark), in the text's order, with the words beside it.
fn suspects_in_order(text: &str, counts: &foldhash::HashMap<&str, usize>) -> Vec<Suspect> {
    read_in_halves(text, |range| scan_for_suspects(text, range, counts), joined).list
}

/// The suspects of one stretch of the text, and its first and last words:
/// a suspect's neighbours may stand in the stretch beside it.
struct ScanOfSuspects {
    list: Vec<Suspect>,
    first: Option<Token>,
    last: Option<Token>,
}

/// Two scans of the text, the second going on from the first, as one.
fn joined(mut first: ScanOfSuspects, second: ScanOfSuspects) -> ScanOfSuspects {
    // The words beside the seam: the last of the first stretch and the first of the second.
    if let (Some(last), Some(next)) = (first.list.last_mut(), second.first) {
        if Some(last.token.start) == first.last.map(|t| t.start) {
            last.after = Some(next);
        }
    }
    let mut list = second.list;
    if let (Some(opening), Some(previous)) = (list.first_mut(), first.last) {
        if Some(opening.token.start) == second.first.map(|t| t.start) {
            opening.before = Some(previous);
        }
    }
    first.list.append(&mut list);
    ScanOfSuspects {
        list: first.list,
        first: first.first.or(second.first),
        last: second.last.or(first.last),
    }
}

/// Where a text is cut in two for its words to be read on two threads: a
/// text of [`crate::model::LARGE_TEXT`] or more, cut at the first byte
/// after its middle that stands between words. `None` for a shorter text.
fn halves(text: &str) -> Option<usize> {
    if text.len() < crate::model::LARGE_TEXT {
        return None;
    }
    let middle = text.len() / 2;
    text.as_bytes()[middle..]
        .iter()
        .position(|&b| b.is_ascii_whitespace())
        .map(|at| middle + at)
}

/// `read` over the whole of `text`, or for a text [`halves`] cuts, over its
/// two halves on two threads, the second's reading `join`ed to the first's.
fn read_in_halves<T: Send>(
    text: &str,
    read: impl Fn(std::ops::Range<usize>) -> T + Sync,
    join: impl FnOnce(T, T) -> T,
) -> T {
    let Some(middle) = halves(text) else {
        return read(0..text.len());
    };
    let (first, second) = std::thread::scope(|threads| {
        let second = threads.spawn(|| read(middle..text.len()));
        let first = read(0..middle);
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    join(first, second)
}

/// The places in `text`'s `range` of the suspect words (those of `counts`,
/// and those with a private-use mark).
fn scan_for_suspects(
    text: &str,
    range: std::ops::Range<usize>,
    counts: &foldhash::HashMap<&str, usize>,
) -> ScanOfSuspects {
    let mut list: Vec<Suspect> = Vec::new();
    let mut before: Option<Token> = None;
    let mut first = None;
    for token in Words::within(text, range) {
        first = first.or(Some(token));
        // The word after the last suspect, when that was the word before.
        if let (Some(last), Some(previous)) = (list.last_mut(), before) {
            if last.token.start == previous.start {
                last.after = Some(token);
            }
        }
        let suspect = Suspect {
            token,
            before: before.replace(token),
            after: None,
        };
        if token.private() || counts.contains_key(token.word(text)) {
            list.push(suspect);
        }
    }
    ScanOfSuspects {
        list,
        first,
        last: before,
    }
}

/// Repairs the words of `text` whose ligatures were lost; `None` when none was.
pub fn repair(text: &str, scope: Scope) -> Option<Repaired> {
    repair_in(text, scope, None)
}

/// Repairs the words of `text` whose ligatures were lost, weighed in the
/// `stated` language, or else in the language its words show; `None` when
/// nothing was repaired or withheld.
pub fn repair_in(text: &str, scope: Scope, stated: Option<Language>) -> Option<Repaired> {
    if scope == Scope::PrivateUse && !text.chars().any(is_private_use) {
        return None;
    }
    if text.len() > MAX_TEXT {
        return None;
    }
    let word = |token: &Token| token.word(text);
    let words = WordCounts::of(text);
    let has_private_use = words.has_private_use;
    let mut vocabulary = Vocabulary {
        with_f: words.with_f(),
        ..Vocabulary::default()
    };
    let first_guess = stated.unwrap_or(Language::English);
    let mut suspects = find_suspects(&words, scope, first_guess, &vocabulary.with_f);
    if !has_private_use
        && (suspects.counts.is_empty()
            || (scope == Scope::Evident && suspects.counts.len() < MIN_EVIDENT_WORDS))
    {
        return None;
    }
    // A text whose font lost whole letters is no text to repair ligatures in:
    // "o" for "of" is then a lost "f", not a lost "ff", and its words tell no
    // language.
    let missing_letters = missing_letters(text);
    if !missing_letters.is_empty() {
        return Some(Repaired {
            text: text.to_string(),
            repairs: Vec::new(),
            ambiguous: 0,
            language: None,
            missing_letters,
            unsystematic: 0,
        });
    }
    // Only a text with words to repair pays for telling its language.
    let language = stated.unwrap_or_else(|| {
        detect_language(
            Words::of(text)
                .filter(|t| !t.private() && t.end() - t.start() > 1)
                .map(|t| t.word(text)),
        )
    });
    if language != first_guess && scope != Scope::PrivateUse {
        suspects = find_suspects(&words, scope, language, &vocabulary.with_f);
    }
    let Suspects {
        counts,
        broken_vocabulary,
    } = suspects;
    vocabulary.suspects = counts;
    if scope == Scope::Evident && !has_private_use && vocabulary.suspects.len() < MIN_EVIDENT_WORDS
    {
        return None;
    }
    let suspects = suspects_in_order(text, &vocabulary.suspects);
    // A capitalised word that stands inside a sentence anywhere is a name.
    let mut named: foldhash::HashSet<&str> = Default::default();
    let mut starts = vec![false; suspects.len()];
    for (index, Suspect { token, .. }) in suspects.iter().enumerate() {
        starts[index] = opens_sentence(text, token.start());
        if !starts[index] && word(token).starts_with(char::is_uppercase) {
            named.insert(word(token));
        }
    }

    // What the words with a private-use mark are repaired to, first: the
    // text's own spelling of the names that lost a ligature elsewhere.
    let place_of = |index: usize| Place {
        sentence_start: starts[index],
        named: named.contains(word(&suspects[index].token)),
    };
    // (A word with a mark is never taken for a name, so what it is repaired
    // to does not hang on these; the first pass finds them worked out.)
    let mut known: foldhash::HashMap<(&str, Place), Option<Vec<Candidate>>> = Default::default();
    // Every word with a mark is a suspect.
    for (index, Suspect { token, .. }) in suspects.iter().enumerate() {
        if !token.private() || not_prose(text, token.start(), token.end()) {
            continue;
        }
        let place = place_of(index);
        let found = known.entry((word(token), place)).or_insert_with(|| {
            candidates(
                word(token),
                scope,
                language,
                &vocabulary,
                &broken_vocabulary,
                place,
            )
        });
        if let Some([(repaired, _)]) = found.as_deref() {
            vocabulary.marked.insert(repaired.clone());
        }
    }

    // First pass: each word's possible repairs, worked out once per word.
    let mut decisions: Vec<(usize, Vec<Candidate>)> = Vec::new();
    let mut votes: HashMap<char, HashMap<&'static str, usize>> = HashMap::new();
    let mut other_language_word: foldhash::HashMap<&str, bool> = Default::default();
    for (index, suspect) in suspects.iter().enumerate() {
        let token = suspect.token;
        let word = token.word(text);
        if not_prose(text, token.start(), token.end()) {
            continue;
        }
        if !token.private()
            && *other_language_word
                .entry(word)
                .or_insert_with(|| in_another_list(word, language))
            && quoted_in_another_language(text, suspect, language)
        {
            continue;
        }
        let place = place_of(index);
        let Some(found) = known
            .entry((word, place))
            .or_insert_with(|| {
                candidates(
                    word,
                    scope,
                    language,
                    &vocabulary,
                    &broken_vocabulary,
                    place,
                )
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
            .map(|(index, _)| suspects[*index].token.word(text))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < MIN_EVIDENT_WORDS {
            return None;
        }
    }
    // A text that writes its ligatures whole almost everywhere lost few: an
    // odd word of it is repaired only into a word the text writes whole, or
    // spells with a mark; the rest are words, however they read ("rebuy").
    let vanished = decisions
        .iter()
        .filter(|(index, found)| found.len() == 1 && !suspects[*index].token.private())
        .count();
    let written_whole = |found: &[Candidate]| match found {
        [(repaired, _)] => {
            vocabulary.count(repaired) > 0
                || vocabulary.count(&repaired.to_lowercase()) > 0
                || vocabulary.marked.contains(repaired)
        }
        _ => false,
    };
    let whole: usize = vocabulary
        .with_f
        .iter()
        .filter(|(w, _)| has_ligature_letters(w))
        .map(|(_, n)| n)
        .sum();
    let mut unsystematic = 0;
    if vanished > 0 && (vanished as f64) < MIN_LOSS_SHARE * (vanished + whole) as f64 {
        let before = decisions.len();
        decisions.retain(|(index, found)| suspects[*index].token.private() || written_whole(found));
        unsystematic = before - decisions.len();
    }
    if decisions.is_empty() && unsystematic == 0 {
        return None;
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

    let chosen: Vec<(usize, Option<String>)> = decisions
        .into_iter()
        .map(|(index, mut found)| {
            let chosen = match found.as_mut_slice() {
                [(one, _)] => Some(std::mem::take(one)),
                many => many
                    .iter_mut()
                    .find(|(_, how)| {
                        how.is_some_and(|(mark, lig)| settled.get(&mark) == Some(&lig))
                    })
                    .map(|(r, _)| std::mem::take(r)),
            };
            (index, chosen)
        })
        .collect();
    // Sized exactly (the text is as large as the source): what the repairs add.
    let added: usize = chosen
        .iter()
        .filter_map(|(index, r)| {
            Some(
                r.as_ref()?
                    .len()
                    .saturating_sub(suspects[*index].token.word(text).len()),
            )
        })
        .sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut copied = 0;
    let mut repairs: Vec<Repair> = Vec::new();
    let mut ambiguous = 0;
    for (index, chosen) in chosen {
        let token = suspects[index].token;
        let broken = token.word(text);
        let Some(mut repaired) = chosen else {
            ambiguous += 1;
            continue;
        };
        // "rst" opening a sentence was "First": the capital went with the ligature.
        if repaired.starts_with('f')
            && broken.starts_with(|c: char| c.is_lowercase() && c != 'f')
            && starts[index]
        {
            repaired = format!("F{}", &repaired[1..]);
        }
        out.push_str(&text[copied..token.start()]);
        out.push_str(&repaired);
        copied = token.end();
        match repairs
            .iter_mut()
            .find(|r| r.broken == broken && r.repaired == repaired)
        {
            Some(r) => {
                r.count += 1;
                r.at.push(token.start());
            }
            None => repairs.push(Repair {
                broken: broken.to_string(),
                repaired,
                count: 1,
                at: vec![token.start()],
            }),
        }
    }
    if repairs.is_empty() && ambiguous == 0 && unsystematic == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Repaired {
        text: out,
        repairs,
        ambiguous,
        language: Some(language),
        missing_letters: Vec::new(),
        unsystematic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The places of the words of `text` that may have lost a ligature, weighed in English.
    fn suspects_of(text: &str) -> Vec<Suspect> {
        let words = WordCounts::of(text);
        let found = find_suspects(&words, Scope::AllLosses, Language::English, &words.with_f());
        suspects_in_order(text, &found.counts)
    }

    #[test]
    fn a_text_read_in_two_stretches_gives_the_suspects_read_in_one() {
        let text = "The oce sta \u{e001}nd dierent e\u{e000}ort, rst of all; the o\u{e002}ce \"ocial\" re.\n\nSo dicult a eld: the ow of the ne, o and ofce.";
        let words = WordCounts::of(text);
        let counts =
            find_suspects(&words, Scope::AllLosses, Language::English, &words.with_f()).counts;
        let whole = scan_for_suspects(text, 0..text.len(), &counts);
        assert!(whole.list.len() > 8, "{:?}", whole.list);
        for (cut, _) in text.match_indices([' ', '\n']) {
            let halves = joined(
                scan_for_suspects(text, 0..cut, &counts),
                scan_for_suspects(text, cut..text.len(), &counts),
            );
            assert_eq!(halves.list, whole.list, "cut at {cut}");
            assert_eq!((halves.first, halves.last), (whole.first, whole.last));
            let (first, second) = (
                WordCounts::within(text, 0..cut),
                WordCounts::within(text, cut..text.len()),
            );
            let mut counted = first.counts;
            for (word, count) in second.counts {
                *counted.entry(word).or_default() += count;
            }
            assert_eq!(counted, words.counts, "cut at {cut}");
            assert!(first.has_private_use || second.has_private_use);
        }
    }

    /// The words as runs of letters, read a character at a time: what the
    /// streamed reader must find.
    fn words_char_by_char(text: &str) -> Vec<(usize, usize, bool)> {
        let mut words = Vec::new();
        let mut current: Option<(usize, bool)> = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (&mut current, word_char(c)) {
                (None, true) => current = Some((at, is_private_use(c))),
                (Some((_, private)), true) => *private |= is_private_use(c),
                (Some((start, private)), false) => {
                    words.push((*start, at, *private));
                    current = None;
                }
                (None, false) => {}
            }
        }
        words
    }

    proptest::proptest! {
        #[test]
        fn a_word_is_listed_when_it_is_a_line_of_the_sorted_list(
            mut lines in proptest::collection::vec("[a-cé]{0,4}", 0..40),
            word in "[a-cé]{0,4}",
            final_newline: bool,
        ) {
            lines.sort();
            lines.dedup();
            let mut list = lines.join("\n");
            if final_newline && !list.is_empty() {
                list.push('\n');
            }
            let lines: Vec<u32> = std::iter::once(0)
                .chain(list.match_indices('\n').map(|(at, _)| at as u32 + 1))
                .filter(|&start| (start as usize) < list.len())
                .collect();
            let expected = list.lines().any(|line| line == word);
            proptest::prop_assert_eq!(listed_in(&list, &lines, &word), expected);
        }

        #[test]
        fn the_streamed_words_are_the_runs_of_letters(
            text in "([a-zA-Z]{1,6}|[éßΩж]|\u{e001}|\u{fb01}|[ .,'’\n0-9:/-]|\u{301}){0,40}"
        ) {
            let streamed: Vec<(usize, usize, bool)> = Words::of(&text)
                .map(|t| (t.start(), t.end(), t.private()))
                .collect();
            proptest::prop_assert_eq!(streamed, words_char_by_char(&text));
        }

        #[test]
        fn each_suspect_knows_the_words_beside_it(
            words in proptest::collection::vec("(ofce|rst|the|la|\u{e001}nal|y|calles|[a-z]{1,5})", 1..30),
            gaps in proptest::collection::vec("( |, |\n\n|: | 12 )", 30),
        ) {
            let text: String = words
                .iter()
                .zip(&gaps)
                .map(|(word, gap)| format!("{word}{gap}"))
                .collect();
            let all: Vec<Token> = Words::of(&text).collect();
            for suspect in &suspects_of(&text) {
                let index = all.iter().position(|t| t.start == suspect.token.start).unwrap();
                let start = |t: Option<Token>| t.map(Token::start);
                proptest::prop_assert_eq!(start(suspect.before), start(index.checked_sub(1).map(|i| all[i])));
                proptest::prop_assert_eq!(start(suspect.after), start(all.get(index + 1).copied()));
            }
        }
    }

    #[test]
    fn a_suspect_knows_the_words_beside_it() {
        let text = "He wrote: the rst ofce had a nal word.\n";
        let found = suspects_of(text);
        let beside = |word: &str| {
            let suspect = found.iter().find(|s| s.token.word(text) == word).unwrap();
            (
                suspect.before.map(|t| t.word(text)),
                suspect.after.map(|t| t.word(text)),
            )
        };
        assert_eq!(beside("rst"), (Some("the"), Some("ofce")));
        assert_eq!(beside("ofce"), (Some("rst"), Some("had")));
        assert_eq!(beside("nal"), (Some("a"), Some("word")));
    }

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
        assert_eq!(
            fixed("Dierent it was, a dierent way."),
            "Different it was, a different way."
        );
        assert_eq!(fixed("Specically, it was."), "Specifically, it was.");
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
    fn names_are_never_repaired() {
        // Inside a sentence a capitalised word is a name, even one the text writes otherwise.
        assert_eq!(
            fixed("Lérmontoff wrote. Later, Lérmonto died, and the oce, the oce, the oce closed."),
            "Lérmontoff wrote. Later, Lérmonto died, and the office, the office, the office closed."
        );
        // An initial's full stop ends no sentence: "Dong" stands inside one.
        assert_eq!(
            fixed("The paper by H. Dong and the rst, rst, rst reply."),
            "The paper by H. Dong and the first, first, first reply."
        );
        // Opening a sentence, a word the text also writes capitalised inside one is a name.
        assert_eq!(
            fixed("Takeo came. We met Takeo there, in a dierent town."),
            "Takeo came. We met Takeo there, in a different town."
        );
        // Nor, opening sentences only, is it a common word the text never writes in lower case.
        assert_eq!(
            fixed("Takeo came. The rst, rst, rst day. Takeo left."),
            "Takeo came. The first, first, first day. Takeo left."
        );
    }

    #[test]
    fn a_prefix_put_to_a_word_is_a_word() {
        assert_eq!(
            fixed("they rebrand the dierent eorts"),
            "they rebrand the different efforts"
        );
        assert!(is_prefixed_word("rebrand") && !is_prefixed_word("benet"));
    }

    #[test]
    fn a_text_that_keeps_its_ligatures_lost_none() {
        let whole =
            "the first office, a different flow of effort, its final official offer. ".repeat(3);
        let text = format!("{whole}They came to rebuy the conict.");
        let repaired = repair(&text, Scope::AllLosses).unwrap();
        assert_eq!(repaired.text, text);
        assert_eq!(repaired.unsystematic, 1);
    }

    /// A Spanish paragraph of the writer's own, with "estas" (these) and
    /// "fiestas" (feasts) both words, and "ocina" the broken "oficina".
    const SPANISH: &str = "Durante estas semanas el pueblo celebra sus fiestas, y todas estas noches la plaza se llena de gente que baila hasta muy tarde. La ocina del ayuntamiento cierra temprano, porque nadie quiere trabajar cuando hay música en la calle. Los niños corren entre las mesas, los viejos cuentan historias de otros años, y las mujeres preparan la comida para toda la familia. Cuando termina la fiesta, el pueblo vuelve a su vida tranquila de siempre, con el campo, el mercado y la escuela.";

    #[test]
    fn a_text_in_another_language_is_weighed_in_its_own_list() {
        assert_eq!(
            detect_language(
                SPANISH
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.len() > 1)
            ),
            Language::from_tag("es")
        );
        let repaired = repair(SPANISH, Scope::AllLosses).unwrap();
        assert!(
            repaired.text.contains("Durante estas semanas"),
            "{}",
            repaired.text
        );
        assert!(
            repaired.text.contains("La oficina del"),
            "{}",
            repaired.text
        );
        // Stated, the language needs no telling.
        let stated = repair_in(SPANISH, Scope::AllLosses, Some(Language::from_tag("es-MX")));
        assert_eq!(stated.unwrap().text, repaired.text);
        // A Norwegian "og" is no English "flog", nor "de" a "def".
        let norwegian = "Han kom hjem og spiste, og hun leste og skrev, og de gikk ut og så på byen. Det var kaldt og mørkt, men de hadde det fint sammen, og ingen av dem ville dra hjem igjen før det ble lyst. Neste dag var de trøtte og glade, og de snakket lenge om turen og om alt de hadde sett og hørt.";
        assert_eq!(fixed(norwegian), norwegian);
        // Quoted in an English text, they are words of their own language still.
        let quoting = "The rst song, the rst dance, the rst night: they sang \"hjem og spiste og sov og drakk\" and \"todas estas noches\" in a dierent key, with their eorts and the oce closed.";
        let repaired = fixed(quoting);
        assert!(repaired.contains("The first song"), "{repaired}");
        assert!(
            repaired.contains("hjem og spiste og sov og drakk"),
            "{repaired}"
        );
        assert!(repaired.contains("todas estas noches"), "{repaired}");
    }

    #[test]
    fn a_text_whose_font_lost_whole_letters_is_not_repaired() {
        // As a font that lost its ligatures and the letters e, b and f exports a text.
        let written = "The first official count was difficult: the staff of the board worked before dawn, counting the many people of the district by hand, and at first nobody could say if the total was right. ";
        let lost: String = written
            .replace("ffi", "")
            .replace("fi", "")
            .replace(['e', 'b', 'f'], "");
        let text = lost.repeat(60);
        assert_eq!(missing_letters(&text), ['e', 'b', 'f']);
        let withheld = repair(&text, Scope::AllLosses).unwrap();
        assert_eq!(withheld.text, text);
        assert!(withheld.repairs.is_empty());
        // The same loss without the lost letters is repaired.
        let ligatures_only = written.replace("ffi", "").replace("fi", "").repeat(60);
        assert!(missing_letters(&ligatures_only).is_empty());
        let repaired = repair(&ligatures_only, Scope::AllLosses).unwrap();
        assert!(repaired
            .text
            .contains("The first official count was difficult"));
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
