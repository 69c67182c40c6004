//! The book's manifest: one TOML file per book, in `metadata/`.
//!
//! ```toml
//! source = "../examples/essay.md"     # relative to this file
//! title = "The Essay"
//! authors = ["A. Writer"]
//! language = "en"
//! date = "2000-11"
//! ```
//! Every mistake is reported with the manifest's path, the key and its line.
//!
//! This module checks what a manifest can check alone (keys, dates, language tags, ISBNs, roles).
//! The settings a stage gives their meaning (`encoding`, `order`, `cover`, `stylesheet`) are kept
//! as written with their line, and [`crate::pipeline::load_manifest`] checks them against their
//! stage, so that the manifest depends on no stage.

use crate::dates::{check_date, parse_modified};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Error;
use crate::language::given_tag_problem;

/// A setting as the manifest wrote it, with its line: the stage that gives it a meaning checks
/// it and names the line in its error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lined<T> {
    /// The value, as written (paths resolved against the manifest's folder).
    pub value: T,
    /// The manifest's line the value is on (1-based).
    pub line: usize,
}

/// A manifest, checked as far as it can be alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    /// The manifest file itself.
    pub path: PathBuf,
    /// The source, resolved against the manifest's folder.
    pub source: PathBuf,
    /// The line of the `source` key, for errors about the file it names.
    pub source_line: usize,
    /// The book's title (not empty).
    pub title: String,
    /// The subtitle, if any.
    pub subtitle: Option<String>,
    /// The authors, in the order written.
    pub authors: Vec<String>,
    /// A BCP 47 language tag; without it, the front matter's or the one the text shows.
    pub language: Option<String>,
    /// The original publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who published the text.
    pub publisher: Option<String>,
    /// The rights statement, as written.
    pub rights: Option<String>,
    /// Where the text was taken from: a full address.
    pub source_url: Option<String>,
    /// Provenance entries for the colophon, as Markdown.
    pub provenance: Vec<String>,
    /// Where and when the text first appeared, as written.
    pub original_publication: Option<String>,
    /// A short description of the book.
    pub description: Option<String>,
    /// Subjects or keywords.
    pub subjects: Vec<String>,
    /// The book's identifier (such as `urn:uuid:...`); without it, one is derived from title and authors.
    pub identifier: Option<String>,
    /// `dcterms:modified` to stamp on the book, as `YYYY-MM-DDThh:mm:ssZ`.
    pub modified: Option<String>,
    /// The source's character encoding, when it must not be detected (`windows-1252`, `latin1`, ...).
    pub encoding: Option<Lined<String>>,
    /// `order = "as-file" | "booklet" | "auto"`: how a page export's reading order is found.
    pub order: Option<Lined<String>>,
    /// `false` keeps the source's quotes, dashes and dots as written.
    pub typography: Option<bool>,
    /// `false` keeps every word as written and every line the source has:
    /// no ligature repaired, no running head, foot or page number removed.
    pub repairs: Option<bool>,
    /// The cover: an image file, or none; without the key quire draws one.
    pub cover: Option<Lined<Cover>>,
    /// A stylesheet read after quire's, with the files its `url()`s name.
    pub stylesheet: Option<Lined<PathBuf>>,
    /// `true` also writes a Kobo EPUB (`NAME.kepub.epub`) beside the book;
    /// `false` writes none even where the library's `quire.toml` asks for one.
    pub kepub: Option<bool>,
    /// The series the book belongs to.
    pub series: Option<String>,
    /// The book's place in its series, as written: `2`, `2.5`.
    pub series_index: Option<String>,
    /// People besides the authors, each with a MARC relator code.
    pub contributors: Vec<crate::model::Contributor>,
    /// Digits only (and a final X for an ISBN-10), checksum verified.
    pub isbn: Option<String>,
}

/// MARC relator codes by the role names a manifest may use.
const ROLES: &[(&str, &str)] = &[
    ("translator", "trl"),
    ("editor", "edt"),
    ("illustrator", "ill"),
    ("introduction", "aui"),
    ("foreword", "aui"),
    ("afterword", "aft"),
    ("compiler", "com"),
    ("narrator", "nrt"),
    ("photographer", "pht"),
    ("cover designer", "cov"),
    ("contributor", "ctb"),
];

/// A role name (translator, editor...) or a three-letter MARC relator code.
pub fn relator_code(role: &str) -> Option<String> {
    let role = role.trim().to_lowercase();
    if let Some((_, code)) = ROLES.iter().find(|(name, _)| *name == role) {
        return Some(code.to_string());
    }
    (role.len() == 3 && role.chars().all(|c| c.is_ascii_lowercase())).then_some(role)
}

/// An ISBN-10 or ISBN-13 with its hyphens and spaces removed, if its check digit is right.
pub fn check_isbn(value: &str) -> Option<String> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_uppercase();
    let value_of = |c: char| c.to_digit(10);
    match digits.len() {
        13 => {
            let sum: u32 = digits
                .chars()
                .enumerate()
                .map(|(i, c)| value_of(c).map(|d| if i % 2 == 0 { d } else { 3 * d }))
                .sum::<Option<u32>>()?;
            sum.is_multiple_of(10).then_some(digits)
        }
        10 => {
            let sum: u32 = digits
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    let d = if i == 9 && c == 'X' {
                        Some(10)
                    } else {
                        value_of(c)
                    };
                    d.map(|d| (10 - i as u32) * d)
                })
                .sum::<Option<u32>>()?;
            sum.is_multiple_of(11).then_some(digits)
        }
        _ => None,
    }
}

/// What the book's cover is, when not the one quire draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// No cover at all (`cover = "none"`, `--cover none`).
    None,
    /// A JPEG or PNG file, at least 1,000 pixels high.
    Image(PathBuf),
}

impl Cover {
    /// `none`, or a path resolved against `folder`.
    pub fn from_setting(value: &str, folder: &Path) -> Cover {
        match value.trim() {
            "none" => Cover::None,
            path => Cover::Image(folder.join(path)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    source: Spanned<String>,
    title: Spanned<String>,
    subtitle: Option<String>,
    #[serde(default, deserialize_with = "one_or_many_names")]
    authors: Vec<String>,
    language: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    publisher: Option<String>,
    rights: Option<String>,
    source_url: Option<Spanned<String>>,
    #[serde(default)]
    provenance: Vec<String>,
    original_publication: Option<String>,
    description: Option<String>,
    #[serde(default)]
    subjects: Vec<String>,
    identifier: Option<Spanned<String>>,
    modified: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    order: Option<Spanned<String>>,
    typography: Option<bool>,
    repairs: Option<bool>,
    cover: Option<Spanned<String>>,
    stylesheet: Option<Spanned<String>>,
    kepub: Option<bool>,
    series: Option<String>,
    series_index: Option<Spanned<toml::Value>>,
    #[serde(default)]
    contributors: Vec<Spanned<RawContributor>>,
    isbn: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContributor {
    name: String,
    role: String,
}

/// Reads a manifest file and checks what it can alone; [`crate::pipeline::load_manifest`] checks
/// the rest.
pub fn read(path: &Path) -> Result<Manifest, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(path, None, format!("cannot read the manifest: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            path,
            None,
            format!(
                "the manifest is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    parse(&text, path)
}

impl Manifest {
    /// Checks that the source the manifest names is a file.
    pub fn check_source(&self) -> Result<(), Error> {
        let line = (self.source_line > 0).then_some(self.source_line);
        if self.source.is_dir() {
            return Err(Error::new(
                &self.path,
                line,
                format!(
                    "`source`: {} is a folder, not a file; name the essay's file",
                    self.source.display()
                ),
            ));
        }
        if !self.source.is_file() {
            return Err(Error::new(
                &self.path,
                line,
                format!(
                    "`source`: no such file {} (paths are relative to the manifest's folder)",
                    self.source.display()
                ),
            ));
        }
        Ok(())
    }
}

/// Parses and checks manifest text; `path` names it in errors and anchors `source`.
pub fn parse(text: &str, path: &Path) -> Result<Manifest, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Raw = toml::from_str(text).map_err(|e| {
        // A missing key has no line of its own to point at.
        let line = e
            .span()
            .filter(|_| !e.message().starts_with("missing field"))
            .map(|s| line_at(text, s.start));
        Error::new(path, line, describe_toml_error(e.message()))
    })?;
    let at = |span: Range<usize>| Some(line_at(text, span.start));
    let lined = |span: Range<usize>| line_at(text, span.start);

    let folder = path.parent().unwrap_or(Path::new(""));
    let title = raw.title.get_ref().trim().to_string();
    if title.is_empty() {
        return Err(Error::new(path, at(raw.title.span()), "`title` is empty"));
    }
    if raw.source.get_ref().trim().is_empty() {
        return Err(Error::new(
            path,
            at(raw.source.span()),
            "`source` is empty: name the essay's file",
        ));
    }
    let date = match raw.date {
        Some(date) => Some(
            check_date(date.get_ref())
                .map_err(|m| Error::new(path, at(date.span()), format!("`date`: {m}")))?,
        ),
        None => None,
    };
    let language = match raw.language {
        Some(lang) => match given_tag_problem(lang.get_ref()) {
            Some(problem) => {
                return Err(Error::new(
                    path,
                    at(lang.span()),
                    format!("`language`: {problem}"),
                ))
            }
            None => Some(lang.into_inner()),
        },
        None => None,
    };
    let modified = match raw.modified {
        Some(m) => Some(parse_modified(m.get_ref()).ok_or_else(|| {
            Error::new(
                path,
                at(m.span()),
                format!(
                    "`modified`: \"{}\" is not a date and time such as 2021-08-08T12:00:00Z",
                    m.get_ref()
                ),
            )
        })?),
        None => None,
    };
    if let Some(url) = &raw.source_url {
        if !url.get_ref().contains(':') {
            return Err(Error::new(
                path,
                at(url.span()),
                "`source_url` must be a full address such as https://example.org/essay",
            ));
        }
    }
    let identifier = match raw.identifier {
        Some(id) if id.get_ref().trim().is_empty() => {
            return Err(Error::new(path, at(id.span()), "`identifier` is empty"))
        }
        other => other.map(|id| id.into_inner().trim().to_string()),
    };
    let encoding = raw.encoding.map(|e| Lined {
        line: lined(e.span()),
        value: e.into_inner(),
    });
    let order = raw.order.map(|o| Lined {
        line: lined(o.span()),
        value: o.into_inner(),
    });
    let series_index = match &raw.series_index {
        Some(index) => Some(match index.get_ref() {
            toml::Value::Integer(n) if *n >= 0 => n.to_string(),
            toml::Value::Float(x) if *x >= 0.0 && x.is_finite() => x.to_string(),
            toml::Value::String(s) if s.trim().parse::<f64>().is_ok_and(|x| x >= 0.0) => {
                s.trim().to_string()
            }
            _ => {
                return Err(Error::new(
                    path,
                    at(index.span()),
                    "`series_index` must be the book's number in its series, such as 2 or 2.5",
                ))
            }
        }),
        None => None,
    };
    if let (Some(index), true) = (
        &series_index,
        raw.series.as_deref().is_none_or(|s| s.trim().is_empty()),
    ) {
        let line = raw.series_index.as_ref().map(|i| lined(i.span()));
        return Err(lone_series_index(path, line, index));
    }
    let mut contributors = Vec::new();
    for contributor in raw.contributors {
        let span = contributor.span();
        let RawContributor { name, role } = contributor.into_inner();
        let Some(code) = relator_code(&role) else {
            return Err(Error::new(
                path,
                at(span),
                format!("`contributors`: \"{role}\" is not a role quire knows; use translator, editor, illustrator, introduction, foreword, afterword, compiler, narrator, photographer, cover designer, contributor, or a three-letter MARC relator code"),
            ));
        };
        if !name.trim().is_empty() {
            let role_name = role.trim().to_lowercase();
            contributors.push(crate::model::Contributor {
                name: name.trim().to_string(),
                role_name: (role_name != code).then_some(role_name),
                role: code,
            });
        }
    }
    let isbn = match raw.isbn {
        Some(isbn) => Some(check_isbn(isbn.get_ref()).ok_or_else(|| {
            Error::new(
                path,
                at(isbn.span()),
                format!("`isbn`: \"{}\" is not a valid ISBN-10 or ISBN-13 (its check digit does not match)", isbn.get_ref()),
            )
        })?),
        None => None,
    };
    Ok(Manifest {
        order,
        path: path.to_path_buf(),
        source: folder.join(raw.source.get_ref().trim()),
        source_line: lined(raw.source.span()),
        title,
        subtitle: raw.subtitle.filter(|s| !s.trim().is_empty()),
        authors: raw
            .authors
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .collect(),
        language,
        date,
        publisher: raw.publisher,
        rights: raw.rights,
        source_url: raw.source_url.map(Spanned::into_inner),
        provenance: raw.provenance,
        original_publication: raw.original_publication,
        description: raw.description,
        subjects: raw.subjects,
        identifier,
        modified,
        encoding,
        typography: raw.typography,
        repairs: raw.repairs,
        cover: raw.cover.map(|c| Lined {
            value: Cover::from_setting(c.get_ref(), folder),
            line: lined(c.span()),
        }),
        stylesheet: raw.stylesheet.map(|s| Lined {
            value: folder.join(s.get_ref().trim()),
            line: lined(s.span()),
        }),
        kepub: raw.kepub,
        series: raw.series.filter(|s| !s.trim().is_empty()),
        series_index,
        contributors,
        isbn,
    })
}

/// A book's number in a series no one named: an error, not a number quietly dropped.
fn lone_series_index(path: &Path, line: Option<usize>, index: &str) -> Error {
    Error::new(
        path,
        line,
        format!("`series_index` is {index} but no `series` is named: add series = \"...\" (the series' name), or drop series_index"),
    )
}

/// Keys whose value is a list: each `-M` with one adds to the list.
const LIST_KEYS: [&str; 4] = ["authors", "subjects", "provenance", "contributors"];

/// Keys whose value is a switch (`true`/`false`; `on`/`off` and `yes`/`no` read as they say).
const SWITCH_KEYS: [&str; 3] = ["typography", "repairs", "kepub"];

/// Manifest keys given on the command line (`-M key=value`, pandoc's `--metadata`), over the
/// manifest's own values. A value is read as TOML where it reads as one of the key's kinds
/// (a number, a switch, a list), else as the text written, so that `-M title=1984` is a
/// title and `-M date=2000-11-05` a date as the manifest writes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// Each key given, in the order first given; a list key's values gathered into one array.
    entries: Vec<(String, toml::Value)>,
}

impl Overrides {
    /// Adds `key=value`; a list key given again adds to its list, any other key given again
    /// takes the last value. An unknown key is refused with the key it most likely meant.
    pub fn add(&mut self, given: &str) -> Result<(), String> {
        let (key, written) = given
            .split_once('=')
            .ok_or_else(|| format!("\"{given}\" is not KEY=VALUE, such as title=\"On Work\""))?;
        let key = key.trim();
        if !KEYS.contains(&key) {
            let meant = meant_key(key)
                .map(|key| format!(" (did you mean `{key}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown key `{key}`{meant}; the keys are {}",
                KEYS.join(", ")
            ));
        }
        let value = read_value(key, written);
        if LIST_KEYS.contains(&key) {
            let items = match value {
                toml::Value::Array(items) => items,
                one => vec![one],
            };
            match self.entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, toml::Value::Array(list))) => list.extend(items),
                _ => self
                    .entries
                    .push((key.to_string(), toml::Value::Array(items))),
            }
        } else {
            self.entries.retain(|(k, _)| k != key);
            self.entries.push((key.to_string(), value));
        }
        Ok(())
    }

    /// Whether no key was given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `key` was given.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// The keys given, read and checked as a manifest's are (paths relative to the current
    /// folder, as the command line's): the first mistake, named by its key. Keys a
    /// manifest must have and were not given hold a stand-in.
    pub fn read(&self) -> Result<Manifest, Error> {
        let origin = Path::new("-M");
        // Each key alone first, so that a mistake is named by its key (the text
        // read has no lines of the user's to point at).
        for (key, value) in &self.entries {
            let one = Overrides {
                entries: vec![(key.clone(), value.clone())],
            };
            one.parse_as_manifest(origin).map_err(|e| {
                let message = if e.message.starts_with(&format!("`{key}`")) {
                    e.message
                } else {
                    format!("`{key}`: {}", e.message)
                };
                Error::new(origin, None, message)
            })?;
        }
        let mut manifest = self
            .parse_as_manifest(origin)
            .map_err(|e| Error::new(origin, None, e.message))?;
        // Lines of a text the user never wrote: no error may point at one.
        manifest.source_line = 0;
        for line in [
            manifest.encoding.as_mut().map(|l| &mut l.line),
            manifest.order.as_mut().map(|l| &mut l.line),
            manifest.cover.as_mut().map(|l| &mut l.line),
            manifest.stylesheet.as_mut().map(|l| &mut l.line),
        ]
        .into_iter()
        .flatten()
        {
            *line = 0;
        }
        Ok(manifest)
    }

    fn parse_as_manifest(&self, origin: &Path) -> Result<Manifest, Error> {
        let mut table = toml::Table::new();
        for (key, stand_in) in [("source", "-"), ("title", "-"), ("series", "-")] {
            // A series number alone is checked against the manifest's series once joined.
            if !self.has(key) && (key != "series" || self.has("series_index")) {
                table.insert(key.into(), toml::Value::String(stand_in.into()));
            }
        }
        table.extend(self.entries.iter().cloned());
        let text = toml::to_string(&table).map_err(|e| Error::new(origin, None, e.to_string()))?;
        parse(&text, origin)
    }

    /// `manifest` with the keys given put over its own, checked as one (a series number
    /// needs a series, from either).
    pub fn apply(&self, manifest: &mut Manifest) -> Result<(), Error> {
        if self.is_empty() {
            return Ok(());
        }
        let given = self.read()?;
        for (key, _) in &self.entries {
            take(manifest, &given, key);
        }
        if let (Some(index), None) = (&manifest.series_index, &manifest.series) {
            return Err(lone_series_index(&manifest.path, None, index));
        }
        Ok(())
    }

    /// A manifest of the keys given alone, for a source built without one: its title, when
    /// not given, is empty (the source's own is weighed then).
    pub fn for_source(&self, source: &Path) -> Result<Manifest, Error> {
        let mut manifest = self.read()?;
        if let (Some(index), false) = (&manifest.series_index, self.has("series")) {
            return Err(lone_series_index(Path::new("-M"), None, index));
        }
        if !self.has("title") {
            manifest.title = String::new();
        }
        manifest.path = source.to_path_buf();
        manifest.source = source.to_path_buf();
        manifest.source_line = 0;
        Ok(manifest)
    }
}

/// A value as given to `-M` for `key`: see [`Overrides`].
fn read_value(key: &str, written: &str) -> toml::Value {
    let text = || toml::Value::String(written.to_string());
    if SWITCH_KEYS.contains(&key) {
        match written.trim().to_lowercase().as_str() {
            "on" | "yes" | "true" => return toml::Value::Boolean(true),
            "off" | "no" | "false" => return toml::Value::Boolean(false),
            _ => {}
        }
    }
    let parsed = toml::from_str::<toml::Table>(&format!("value = {written}"))
        .ok()
        .and_then(|mut table| table.remove("value"));
    match parsed {
        Some(value @ toml::Value::String(_)) => value,
        Some(value @ toml::Value::Array(_)) if LIST_KEYS.contains(&key) => value,
        Some(value @ toml::Value::Table(_)) if key == "contributors" => value,
        Some(value @ (toml::Value::Integer(_) | toml::Value::Float(_)))
            if key == "series_index" =>
        {
            value
        }
        _ => text(),
    }
}

/// Puts `from`'s value of `key` in `to`.
fn take(to: &mut Manifest, from: &Manifest, key: &str) {
    match key {
        "source" => {
            to.source = from.source.clone();
            to.source_line = 0;
        }
        "title" => to.title = from.title.clone(),
        "subtitle" => to.subtitle = from.subtitle.clone(),
        "authors" => to.authors = from.authors.clone(),
        "language" => to.language = from.language.clone(),
        "date" => to.date = from.date.clone(),
        "publisher" => to.publisher = from.publisher.clone(),
        "rights" => to.rights = from.rights.clone(),
        "source_url" => to.source_url = from.source_url.clone(),
        "provenance" => to.provenance = from.provenance.clone(),
        "original_publication" => to.original_publication = from.original_publication.clone(),
        "description" => to.description = from.description.clone(),
        "subjects" => to.subjects = from.subjects.clone(),
        "identifier" => to.identifier = from.identifier.clone(),
        "modified" => to.modified = from.modified.clone(),
        "encoding" => to.encoding = from.encoding.clone(),
        "order" => to.order = from.order.clone(),
        "typography" => to.typography = from.typography,
        "repairs" => to.repairs = from.repairs,
        "cover" => to.cover = from.cover.clone(),
        "stylesheet" => to.stylesheet = from.stylesheet.clone(),
        "kepub" => to.kepub = from.kepub,
        "series" => to.series = from.series.clone(),
        "series_index" => to.series_index = from.series_index.clone(),
        "contributors" => to.contributors = from.contributors.clone(),
        "isbn" => to.isbn = from.isbn.clone(),
        _ => {}
    }
}

/// `authors = "Jane Doe"` or `authors = ["Jane Doe", "Bo Chan"]`: one name
/// needs no list around it.
fn one_or_many_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Names;
    impl<'de> serde::de::Visitor<'de> for Names {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a name or a list of names")
        }
        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Vec<String>, E> {
            Ok(vec![name.to_string()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut names = Vec::new();
            while let Some(name) = seq.next_element::<String>()? {
                names.push(name);
            }
            Ok(names)
        }
    }
    d.deserialize_any(Names)
}

/// The keys a manifest may hold, in the order the README lists them.
const KEYS: [&str; 26] = [
    "source",
    "title",
    "subtitle",
    "authors",
    "language",
    "date",
    "publisher",
    "rights",
    "source_url",
    "provenance",
    "original_publication",
    "description",
    "subjects",
    "identifier",
    "modified",
    "encoding",
    "order",
    "typography",
    "repairs",
    "cover",
    "stylesheet",
    "kepub",
    "series",
    "series_index",
    "contributors",
    "isbn",
];

/// The key a misspelt one most likely meant: the nearest by edits (a letter
/// added, dropped or changed, two swapped), within one edit for a short word
/// and two for a longer one ("author", "autor", "langauge" all mean a key).
fn meant_key(field: &str) -> Option<&'static str> {
    let most = if field.chars().count() <= 4 { 1 } else { 2 };
    KEYS.iter()
        .map(|key| (edit_distance(field, key), *key))
        .filter(|(distance, _)| *distance <= most)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, key)| key)
}

/// Edits between two words: insertions, deletions, substitutions and swaps
/// of neighbours (the optimal string alignment distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn describe_toml_error(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        let meant = meant_key(field.trim_matches('`'))
            .map(|key| format!(" (did you mean `{key}`?)"))
            .unwrap_or_default();
        return format!(
            "unknown key {field}{meant}; the keys are {}",
            KEYS.join(", ")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing required key {rest}");
    }
    message.to_string()
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> Error {
        parse(text, Path::new("m.toml")).expect_err("should be rejected")
    }

    #[test]
    fn a_full_manifest() {
        let m = parse("source = \"e.md\"\ntitle = \"T\"\nauthors = [\"A\"]\ndate = \"2000-11\"\nlanguage = \"en-GB\"\n", Path::new("dir/m.toml")).unwrap();
        assert_eq!(m.source, Path::new("dir/e.md"));
        assert_eq!(m.date.as_deref(), Some("2000-11"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let e = error("source = \"e.md\"\ntitle = \"T\"\nauthor = \"A\"\n");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("unknown key `author`"), "{}", e.message);
    }

    #[test]
    fn one_author_needs_no_list_and_a_misspelt_key_gets_a_suggestion() {
        let m = parse(
            "source = \"e.md\"\ntitle = \"T\"\nauthors = \"Jane Doe\"\n",
            Path::new("m.toml"),
        )
        .unwrap();
        assert_eq!(m.authors, ["Jane Doe"]);
        for (written, meant) in [
            ("author", "authors"),
            ("langauge", "language"),
            ("titel", "title"),
        ] {
            let e = parse(
                &format!("source = \"e.md\"\ntitle = \"T\"\n{written} = \"x\"\n"),
                Path::new("m.toml"),
            )
            .unwrap_err();
            assert!(
                e.message.contains(&format!("(did you mean `{meant}`?)")),
                "{}",
                e.message
            );
        }
        let e = parse(
            "source = \"e.md\"\ntitle = \"T\"\ncolour = \"x\"\n",
            Path::new("m.toml"),
        )
        .unwrap_err();
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        let e = parse(
            "source = \"e.md\"\ntitle = \"T\"\nauthors = 5\n",
            Path::new("m.toml"),
        )
        .unwrap_err();
        assert!(
            e.message.contains("a name or a list of names"),
            "{}",
            e.message
        );
    }

    #[test]
    fn missing_title_is_named() {
        let e = error("source = \"e.md\"\n");
        assert!(
            e.message.contains("missing required key `title`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn impossible_dates_are_rejected_with_their_line() {
        for bad in ["2000-13", "2001-02-29", "11/2000", "20001"] {
            let e = error(&format!(
                "source = \"e.md\"\ntitle = \"T\"\ndate = \"{bad}\"\n"
            ));
            assert_eq!(e.line, Some(3), "{bad}");
            assert!(e.message.starts_with("`date`"), "{}", e.message);
        }
        assert!(check_date("2000").is_ok() && check_date("2000-02-29").is_ok());
    }

    #[test]
    fn syntax_errors_point_at_their_line() {
        let e = error("source = \"e.md\"\ntitle = \"T\n");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn settings_a_stage_checks_keep_their_line() {
        let m = parse(
            "source = \"e.md\"\ntitle = \"T\"\nencoding = \"klingon\"\n\norder = \"booklet\"\n",
            Path::new("m.toml"),
        )
        .unwrap();
        let at = |value: &str, line| {
            Some(Lined {
                value: value.to_string(),
                line,
            })
        };
        assert_eq!(m.encoding, at("klingon", 3));
        assert_eq!(m.order, at("booklet", 5));
    }
}
