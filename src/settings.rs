//! A library's settings: `quire.toml` in the folder `quire build` is given.
//!
//! ```toml
//! [build]
//! allow = ["link-not-web", "image-missing"]   # warning codes not printed
//! kepub = true                                 # a Kobo EPUB beside each book
//! ```
//!
//! The file is named for the tool, not for a book, so a folder's walk passes
//! it by ([`SETTINGS_FILE`]) unless what it holds is a book's manifest
//! (`title` or `source`: [`is_manifest`]); then it is a book, and no settings. Its
//! keys are checked as a manifest's are: an unknown key or code is an error
//! naming its line, not a setting quietly ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Error, WarningCode};

/// The settings file's name, in the folder given to `quire build` (or beside
/// a manifest or source given by itself).
pub const SETTINGS_FILE: &str = "quire.toml";

/// What a library's `quire.toml` sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The file read, when there was one.
    pub path: Option<PathBuf>,
    /// Warning codes not printed for this library's books (still counted in
    /// `--report`, marked silenced).
    pub allow: BTreeSet<WarningCode>,
    /// Whether each book also gets a Kobo EPUB beside it (`--kepub` and a
    /// manifest's `kepub` come first); `None`: the file does not say.
    pub kepub: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    build: RawBuild,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    #[serde(default)]
    allow: Vec<toml::Spanned<String>>,
    kepub: Option<bool>,
}

/// The settings of the library in `folder`: its `quire.toml`, or none (a
/// `quire.toml` that is a book's manifest holds no settings).
pub fn for_folder(folder: &Path) -> Result<Settings, Error> {
    let path = folder.join(SETTINGS_FILE);
    if !path.is_file() {
        return Ok(Settings::default());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::new(&path, None, format!("cannot read the settings: {e}")))?;
    if is_manifest_text(&text) {
        return Ok(Settings::default());
    }
    parse(&path, &text)
}

/// Keys only a book's manifest has: a `quire.toml` naming one is a manifest
/// (someone called their book's manifest after the tool), not settings.
const BOOK_KEYS: [&str; 2] = ["title", "source"];

/// Whether the `quire.toml` at `path` is a book's manifest, by what it holds:
/// `title` or `source` at its top, as a manifest has; a `[build]` table with
/// no book key is settings. A file that cannot be read is left to whoever reads it next.
pub fn is_manifest(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| is_manifest_text(&text))
}

fn is_manifest_text(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str::<toml::Table>(text)
        .is_ok_and(|table| BOOK_KEYS.iter().any(|key| table.contains_key(*key)))
}

/// Reads settings from `text`, the contents of the file at `path`.
pub fn parse(path: &Path, text: &str) -> Result<Settings, Error> {
    let line_at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let raw: Raw = toml::from_str(text).map_err(|e| {
        Error::new(
            path,
            e.span().map(|s| line_at(s.start)),
            e.message().to_string(),
        )
    })?;
    let mut allow = BTreeSet::new();
    for name in raw.build.allow {
        let code = parse_code(name.get_ref())
            .map_err(|why| Error::new(path, Some(line_at(name.span().start)), why))?;
        allow.insert(code);
    }
    Ok(Settings {
        path: Some(path.to_path_buf()),
        allow,
        kepub: raw.build.kepub,
    })
}

/// The warning code `name`, or why it is none: the codes listed.
pub fn parse_code(name: &str) -> Result<WarningCode, String> {
    WarningCode::from_name(name.trim()).ok_or_else(|| {
        let names: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "\"{name}\" is not a warning code; the codes are {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_and_mistakes_named_with_their_line() {
        let path = Path::new("quire.toml");
        let settings = parse(
            path,
            "[build]\nallow = [\"link-not-web\", \"image-missing\"]\n",
        )
        .unwrap();
        assert_eq!(
            settings.allow.into_iter().collect::<Vec<_>>(),
            [WarningCode::LinkNotWeb, WarningCode::ImageMissing]
        );
        let wrong = parse(path, "[build]\nallow = [\n  \"link-not-wbe\",\n]\n").unwrap_err();
        assert_eq!(wrong.line, Some(3));
        assert!(wrong
            .message
            .contains("\"link-not-wbe\" is not a warning code"));
        let unknown = parse(path, "[build]\nquiet = []\n").unwrap_err();
        assert_eq!(unknown.line, Some(2));
        assert!(
            unknown.message.contains("unknown field `quiet`"),
            "{}",
            unknown.message
        );
        assert!(is_manifest_text("source = \"e.md\"\ntitle = \"T\"\n"));
        assert!(!is_manifest_text("[build]\nkepub = true\n"));
        assert!(!is_manifest_text("[build]\nallow = [\n"));
        assert_eq!(parse(path, "").unwrap().allow.len(), 0);
        assert_eq!(parse(path, "").unwrap().kepub, None);
        assert_eq!(
            parse(path, "[build]\nkepub = true\n").unwrap().kepub,
            Some(true)
        );
        let not_a_switch = parse(path, "[build]\nkepub = \"yes\"\n").unwrap_err();
        assert_eq!(not_a_switch.line, Some(2));
    }
}
