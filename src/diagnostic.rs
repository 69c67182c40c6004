//! Errors and warnings that name the file (and line) they are about.
//!
//! Every warning the builder gives carries a [`WarningCode`]: a short stable
//! name (`link-not-web`, `image-missing`, ...) that a batch summary counts,
//! a report lists, and a library's `quire.toml` or `--allow` can silence. The
//! codes are declared once, here, each with its meaning, so that the summary,
//! the report's schema and the table of docs/report.md agree (a test holds them to
//! [`WarningCode::ALL`]).

use std::fmt;
use std::path::{Path, PathBuf};

/// A message about one input, pointing at a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input the message is about.
    pub file: PathBuf,
    /// Its line (1-based), when the message is about one.
    pub line: Option<usize>,
    /// What is wrong or worth knowing, and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A message about `file`, at `line` if there is one.
    pub fn new(file: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// A failed build: the reason, located.
pub type Error = Diagnostic;

/// What a warning says of the book: that the source holds something the book
/// cannot carry as written, or that quire changed the text on its own evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something in the source the book leaves out, replaces or cannot vouch for.
    Problem,
    /// A change quire made to the text (pages reordered, lines removed, words
    /// repaired): the book differs from the source, on purpose.
    Decision,
}

/// Declares [`WarningCode`] from one list of `Variant = "name", kind;`
/// entries, each with a doc comment that is also its line in the tables.
macro_rules! warning_codes {
    ($( #[doc = $meaning:literal] $variant:ident = $name:literal, $kind:ident; )*) => {
        /// A warning's code: a stable short name, its kind, and what it means.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum WarningCode {
            $( #[doc = $meaning] $variant, )*
        }

        impl WarningCode {
            /// Every code, in the order of the tables.
            pub const ALL: &'static [WarningCode] = &[$(WarningCode::$variant),*];

            /// The stable name, e.g. `link-not-web`.
            pub fn as_str(self) -> &'static str {
                match self { $(WarningCode::$variant => $name,)* }
            }

            /// Whether the warning is a problem of the source or a decision quire took.
            pub fn kind(self) -> Kind {
                match self { $(WarningCode::$variant => Kind::$kind,)* }
            }

            /// What is the matter when a warning has this code, in a few words.
            pub fn meaning(self) -> &'static str {
                match self { $(WarningCode::$variant => $meaning.trim(),)* }
            }
        }
    };
}

warning_codes! {
    /// Bytes that are not text in the source's encoding, each replaced by U+FFFD.
    EncodingReplaced = "encoding-replaced", Problem;
    /// The source is not UTF-8 and names no encoding: it was read in the one detected.
    EncodingGuessed = "encoding-guessed", Problem;
    /// A control character XML cannot carry, removed.
    ControlChar = "control-char", Problem;
    /// A code fence never closed: it and the lines after it are read as text.
    CodeFenceUnclosed = "code-fence-unclosed", Problem;
    /// A raw HTML block: its markup dropped, its text kept.
    HtmlDropped = "html-dropped", Problem;
    /// A script, frame, event handler or `javascript:` link, removed.
    ScriptRemoved = "script-removed", Problem;
    /// A link to a file or path, not a web address: its text kept, the link dropped.
    LinkNotWeb = "link-not-web", Problem;
    /// A link to `#name` that names no heading of the essay: its text kept.
    LinkNoTarget = "link-no-target", Problem;
    /// A note marker with no note.
    NoteUndefined = "note-undefined", Problem;
    /// A note defined more than once: the first definition kept.
    NoteDuplicate = "note-duplicate", Problem;
    /// A note the text never refers to: kept at the end of the notes.
    NoteUnreferenced = "note-unreferenced", Problem;
    /// A page export's note numbers out of sequence: the book numbers notes in reading order.
    NoteSequence = "note-sequence", Problem;
    /// An image file that is not there: its description stands in its place.
    ImageMissing = "image-missing", Problem;
    /// An image file that cannot be read or is too large: its description stands in its place.
    ImageUnreadable = "image-unreadable", Problem;
    /// An image that is not PNG, JPEG, GIF or WebP, or embedded data that cannot be decoded.
    ImageFormat = "image-format", Problem;
    /// An image on the web: a book cannot load it, so it becomes a link.
    ImageRemote = "image-remote", Problem;
    /// An image, cover or stylesheet file outside the source's folder, not read under `--sandbox`.
    OutsideSandbox = "outside-sandbox", Problem;
    /// An image with no description (alt text).
    ImageNoAlt = "image-no-alt", Problem;
    /// Front matter that is not valid YAML, or a value quire cannot read: ignored.
    FrontMatterInvalid = "front-matter-invalid", Problem;
    /// Front matter keys quire does not use.
    FrontMatterUnused = "front-matter-unused", Problem;
    /// No language stated and none recognised with confidence: the book says `en`.
    LanguageUnclear = "language-unclear", Problem;
    /// The cover image cannot be used: quire draws one instead.
    CoverUnusable = "cover-unusable", Problem;
    /// No font of the drawn cover has some character of the title, subtitle or author: it is left out.
    CoverGlyphs = "cover-glyphs", Problem;
    /// The stylesheet cannot be used: the book keeps quire's own.
    StylesheetUnusable = "stylesheet-unusable", Problem;
    /// Two inputs with the same name: the later is written as `name-2.epub`.
    DuplicateName = "duplicate-name", Problem;
    /// The export's font lost whole letters: no word was repaired.
    LettersLost = "letters-lost", Problem;
    /// The pages may be an imposed booklet, but the evidence is too thin: kept in the file's order.
    BookletSuspected = "booklet-suspected", Problem;
    /// A page export's pages put in reading order.
    PagesReordered = "pages-reordered", Decision;
    /// Running heads, feet and page numbers removed from a page export.
    FurnitureRemoved = "furniture-removed", Decision;
    /// Words whose ligatures (fi, fl, ff) the export lost, repaired.
    WordsRepaired = "words-repaired", Decision;
}

/// A code is kept (in a build's state) by its stable name.
impl serde::Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for WarningCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        WarningCode::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no warning code {name}")))
    }
}

impl WarningCode {
    /// The code named `name` (as [`WarningCode::as_str`] spells it).
    pub fn from_name(name: &str) -> Option<WarningCode> {
        WarningCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == name)
    }
}

impl WarningCode {
    /// The table of warning codes in docs/report.md, in Markdown: code, kind, meaning.
    pub fn table() -> String {
        let mut table = String::from("| code | kind | what it means |\n| --- | --- | --- |\n");
        for code in WarningCode::ALL {
            let kind = match code.kind() {
                Kind::Problem => "problem",
                Kind::Decision => "decision",
            };
            table.push_str(&format!(
                "| `{}` | {kind} | {} |\n",
                code.as_str(),
                code.meaning()
            ));
        }
        table
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning about a source, before the source's file is joined to it: its
/// line (where it has one), its code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceWarning {
    /// The line of the source, counted from 1.
    pub line: Option<usize>,
    /// What kind of thing the warning is about.
    pub code: WarningCode,
    /// What was found and what became of it.
    pub message: String,
}

impl SourceWarning {
    /// A warning with `code` about `line`.
    pub fn new(line: Option<usize>, code: WarningCode, message: impl Into<String>) -> Self {
        SourceWarning {
            line,
            code,
            message: message.into(),
        }
    }
}

/// Something the reader of the book may notice, but which did not stop the
/// build: where, what kind ([`WarningCode`]) and what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    /// The file the warning is about.
    pub file: PathBuf,
    /// The line of that file, counted from 1.
    pub line: Option<usize>,
    /// The warning's stable code.
    pub code: WarningCode,
    /// What was found and what became of it.
    pub message: String,
}

impl Warning {
    /// A warning with `code` about `file` (at `line`).
    pub fn new(
        file: impl AsRef<Path>,
        line: Option<usize>,
        code: WarningCode,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            file: file.as_ref().to_path_buf(),
            line,
            code,
            message: message.into(),
        }
    }

    /// A source's warning, about `file`.
    pub fn about(file: impl AsRef<Path>, warning: SourceWarning) -> Self {
        Warning::new(file, warning.line, warning.code, warning.message)
    }
}

/// `file:line: message [code]`: the place first, as compilers print it, so
/// editors can jump there; the code last, as the name to count or silence.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.file.display(), line)?,
            None => write!(f, "{}: ", self.file.display())?,
        }
        write!(f, "{} [{}]", self.message, self.code)
    }
}

/// `n` with commas between thousands: 1,383.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and the noun, singular when `n` is 1: "1 section", "2,000 sections".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { singular } else { plural }
    )
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1383), "1,383");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(1, "section", "sections"), "1 section");
        assert_eq!(count(0, "section", "sections"), "0 sections");
    }
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for &code in WarningCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(WarningCode::from_name(name), Some(code));
            assert!(!code.meaning().is_empty());
        }
        assert_eq!(WarningCode::from_name("no-such-code"), None);
    }

    /// The table a reader sees is the list itself.
    #[test]
    fn the_documented_table_is_the_list() {
        let table = WarningCode::table();
        assert!(
            include_str!("../docs/report.md").contains(&table),
            "docs/report.md's warning code table differs from the list; it should read:\n{table}"
        );
    }
}
