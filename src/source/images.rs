//! Brings the images an essay refers to into the book.
//!
//! A local image in a format every reading system shows (PNG, JPEG, GIF,
//! WebP) becomes a resource of the book. Anything else cannot be shown and must
//! not leave a dangling reference: a remote image (EPUB forbids loading images
//! from the web) becomes a link to it, and a missing or unreadable one becomes
//! its description. Each such case is a warning naming the line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{SourceWarning, WarningCode};
use crate::model::{Block, Chapter, Inline, Note, Resource};
use crate::sandbox::{self, Sandbox};

/// Largest image carried into a book.
const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The images of a source, brought in.
#[derive(Debug, Default)]
pub struct Resolved {
    /// The images carried into the book.
    pub resources: Vec<Resource>,
    /// Why some could not be.
    pub warnings: Vec<SourceWarning>,
    /// Every local file looked for, found or not (a later build must look again).
    pub looked_for: Vec<PathBuf>,
}

/// Resolves every image of `chapters` and `notes` against `folder` (the
/// source's folder), reading none outside `sandbox` when there is one.
/// `line_of` gives the line of the source where an image's `src` stands,
/// for its warnings.
pub fn resolve(
    chapters: &mut [Chapter],
    notes: &mut [Note],
    folder: &Path,
    line_of: &dyn Fn(&str) -> Option<usize>,
    sandbox: Option<&Sandbox>,
) -> Resolved {
    let mut resolver = Resolver {
        folder,
        source_line: line_of,
        sandbox,
        resources: Vec::new(),
        by_src: HashMap::new(),
        warnings: Vec::new(),
        looked_for: Vec::new(),
    };
    for chapter in chapters.iter_mut() {
        if let Some(heading) = chapter.heading.as_mut() {
            resolver.inlines(heading);
        }
        resolver.blocks(&mut chapter.blocks);
    }
    for note in notes.iter_mut() {
        resolver.blocks(&mut note.blocks);
    }
    Resolved {
        resources: resolver.resources,
        warnings: resolver.warnings,
        looked_for: resolver.looked_for,
    }
}

struct Resolver<'a> {
    folder: &'a Path,
    /// The line of the source where an image's `src` stands.
    source_line: &'a dyn Fn(&str) -> Option<usize>,
    sandbox: Option<&'a Sandbox>,
    resources: Vec<Resource>,
    /// Source `src` → href in the book, or `None` if it could not be brought in.
    by_src: HashMap<String, Option<String>>,
    warnings: Vec<SourceWarning>,
    looked_for: Vec<PathBuf>,
}

impl Resolver<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines)
                | Block::Heading {
                    content: inlines, ..
                } => self.inlines(inlines),
                Block::Quote(blocks) => self.blocks(blocks),
                Block::List { items, .. } => items.iter_mut().for_each(|item| self.blocks(item)),
                Block::Table { head, rows } => {
                    head.iter_mut().for_each(|cell| self.inlines(cell));
                    rows.iter_mut()
                        .flatten()
                        .for_each(|cell| self.inlines(cell));
                }
                Block::Code(_) | Block::Rule => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines.iter_mut() {
            match inline {
                Inline::Image { src, alt } => {
                    if let Some(replacement) = self.image(src, alt) {
                        *inline = replacement;
                    }
                }
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.inlines(c),
                Inline::Text(_)
                | Inline::Code(_)
                | Inline::LineBreak
                | Inline::NoteRef(_)
                | Inline::PageBreak(_) => {}
            }
        }
    }

    /// `None` keeps the image (its `src` rewritten); `Some` replaces it.
    fn image(&mut self, src: &mut String, alt: &str) -> Option<Inline> {
        let original = src.clone();
        let href = match self.by_src.get(&original) {
            Some(known) => known.clone(),
            None => {
                let href = self.bring_in(&original, alt);
                self.by_src.insert(original.clone(), href.clone());
                href
            }
        };
        match href {
            Some(href) => {
                *src = href;
                None
            }
            None if is_remote(&original) && !is_data_url(&original) => {
                let label = if alt.trim().is_empty() {
                    original.clone()
                } else {
                    alt.to_string()
                };
                Some(Inline::Link {
                    href: original,
                    content: vec![Inline::Text(label)],
                })
            }
            None => Some(Inline::Text(alt.to_string())),
        }
    }

    fn bring_in(&mut self, src: &str, alt: &str) -> Option<String> {
        if is_data_url(src) {
            let Some(data) = embedded_data(src) else {
                self.warnings.push(SourceWarning::new(self.line_of(src), WarningCode::ImageFormat, format!("embedded image ({}) cannot be decoded; its description \"{alt}\" stands in its place", shorten(src))));
                return None;
            };
            let Some((media_type, extension)) = sniff(&data) else {
                self.warnings.push(SourceWarning::new(self.line_of(src), WarningCode::ImageFormat, format!("embedded image ({}) is not PNG, JPEG, GIF or WebP; its description stands in its place", shorten(src))));
                return None;
            };
            let href = format!("images/{}-embedded.{extension}", self.resources.len() + 1);
            self.resources.push(Resource {
                href: href.clone(),
                media_type: media_type.into(),
                data,
            });
            return Some(href);
        }
        if is_remote(src) {
            self.warnings.push(SourceWarning::new(self.line_of(src), WarningCode::ImageRemote, format!("remote image {src}: a book cannot load images from the web, so it becomes a link")));
            return None;
        }
        let path = self
            .folder
            .join(percent_decode(src.split(['#', '?']).next().unwrap_or(src)));
        self.looked_for.push(path.clone());
        if let Err(why) = sandbox::check(self.sandbox, &path) {
            self.warnings.push(SourceWarning::new(
                self.line_of(src),
                WarningCode::OutsideSandbox,
                format!("image {src} {why}; its description \"{alt}\" stands in its place"),
            ));
            return None;
        }
        let data = match read_bounded(&path) {
            Ok(data) => data,
            Err((code, why)) => {
                self.warnings.push(SourceWarning::new(
                    self.line_of(src),
                    code,
                    format!("image {src} {why}; its description \"{alt}\" stands in its place"),
                ));
                return None;
            }
        };
        let Some((media_type, extension)) = sniff(&data) else {
            self.warnings.push(SourceWarning::new(self.line_of(src), WarningCode::ImageFormat, format!("image {src} is not PNG, JPEG, GIF or WebP; its description stands in its place")));
            return None;
        };
        let stem: String = path
            .file_stem()
            .map(|s| {
                s.to_string_lossy()
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let href = format!(
            "images/{}-{}.{extension}",
            self.resources.len() + 1,
            stem.trim_matches('-')
        );
        self.resources.push(Resource {
            href: href.clone(),
            media_type: media_type.into(),
            data,
        });
        Some(href)
    }

    fn line_of(&self, src: &str) -> Option<usize> {
        (self.source_line)(src)
    }
}

fn is_remote(src: &str) -> bool {
    let scheme: String = src
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .collect();
    !scheme.is_empty() && src[scheme.len()..].starts_with(':') && scheme.len() > 1
}

fn is_data_url(src: &str) -> bool {
    src.trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

/// The bytes a `data:` URL carries (base64 or percent-escaped), at most [`MAX_IMAGE_BYTES`].
fn embedded_data(src: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    // Padding is often dropped from data URLs; it carries no data.
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let (meta, payload) = src.trim().get(5..)?.split_once(',')?;
    let data = if meta.to_ascii_lowercase().ends_with(";base64") {
        let clean: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
        let clean = percent_encoding::percent_decode_str(&clean)
            .decode_utf8()
            .ok()?;
        LENIENT.decode(clean.as_bytes()).ok()?
    } else {
        percent_encoding::percent_decode_str(payload).collect()
    };
    (data.len() as u64 <= MAX_IMAGE_BYTES).then_some(data)
}

/// A data URL cut short for a message.
fn shorten(src: &str) -> String {
    if src.chars().count() > 40 {
        format!("{}...", src.chars().take(37).collect::<String>())
    } else {
        src.to_string()
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, (WarningCode, String)> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        (
            WarningCode::ImageUnreadable,
            format!("cannot be read ({e})"),
        )
    };
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => (WarningCode::ImageMissing, "is missing".to_string()),
        _ => unreadable(e),
    })?;
    let mut data = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(unreadable)?;
    if data.len() as u64 > MAX_IMAGE_BYTES {
        return Err((
            WarningCode::ImageUnreadable,
            format!("is larger than {} MiB", MAX_IMAGE_BYTES / 1024 / 1024),
        ));
    }
    Ok(data)
}

/// The media type and file ending of image data, judged by its first bytes.
fn sniff(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else if data.len() > 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

/// `%20` and other escapes of a local path, byte by byte (a `%` before a
/// multi-byte character cannot split it), bytes that are not UTF-8 made U+FFFD.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_and_local_are_told_apart() {
        assert!(
            is_remote("http://x/a.png")
                && is_remote("https://x")
                && is_remote("data:image/png;base64,AA")
        );
        assert!(!is_remote("figures/a.png") && !is_remote("a:b.png".trim_start_matches("a:")));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("my%20map.png"), "my map.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("a%é.png"), "a%é.png");
        assert_eq!(percent_decode("%4"), "%4");
    }

    #[test]
    fn data_urls_are_decoded() {
        let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";
        assert_eq!(
            sniff(&embedded_data(png).unwrap()).map(|s| s.0),
            Some("image/png")
        );
        assert_eq!(
            embedded_data("data:text/plain,caf%C3%A9").unwrap(),
            "café".as_bytes()
        );
        assert_eq!(embedded_data("data:image/png;base64,@@@"), None);
    }

    #[test]
    fn images_are_recognised_by_content() {
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\nrest").map(|s| s.0),
            Some("image/png")
        );
        assert_eq!(sniff(b"<svg/>"), None);
    }
}
