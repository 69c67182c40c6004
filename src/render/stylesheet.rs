//! A stylesheet of the book's own, read after quire's: the file, and every
//! file its `url()`s name (fonts, images), carried into the book.

use std::path::Path;

use crate::model::Resource;
use crate::sandbox::{self, Sandbox};

/// Where the stylesheet goes in the book, beside quire's own.
pub const HREF: &str = "css/extra.css";
/// Folder, relative to the stylesheet, for the files it names.
const ASSETS: &str = "assets";

/// The media type of a file a stylesheet may name, by its extension.
fn media_type(path: &str) -> Option<&'static str> {
    let extension = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Reads the stylesheet at `path` and the files it names, none outside
/// `sandbox` when there is one (the stylesheet itself is its caller's to
/// confine); the stylesheet comes first, its `url()`s rewritten to where those
/// files go in the book.
pub fn load(path: &Path, sandbox: Option<&Sandbox>) -> Result<Vec<Resource>, String> {
    let css = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the stylesheet {}: {e}", path.display()))?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut out = String::with_capacity(css.len());
    let mut assets: Vec<Resource> = Vec::new();
    let mut rest = css.as_str();
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let Some(end) = after.find(')') else {
            rest = after;
            break;
        };
        let target = after[..end].trim().trim_matches(['"', '\'']);
        rest = &after[end..];
        let outside = target.is_empty()
            || target.starts_with('#')
            || target.starts_with('/')
            || target.contains(':');
        if outside {
            out.push_str(&after[..end]);
            continue;
        }
        let file = target.split(['?', '#']).next().unwrap_or(target);
        let media_type = media_type(file).ok_or_else(|| {
            format!(
                "the stylesheet {} names {target}, which is not a font or image an EPUB can carry",
                path.display()
            )
        })?;
        sandbox::check(sandbox, &folder.join(file)).map_err(|why| {
            format!(
                "the stylesheet {} names {target}, which {why}",
                path.display()
            )
        })?;
        let data = std::fs::read(folder.join(file)).map_err(|e| {
            format!(
                "the stylesheet {} names {target}, which cannot be read: {e}",
                path.display()
            )
        })?;
        let name = Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let href = match assets.iter().position(|a| a.data == data) {
            Some(i) => assets[i].href.clone(),
            None => {
                let href = format!("css/{ASSETS}/{}-{name}", assets.len() + 1);
                assets.push(Resource {
                    href: href.clone(),
                    media_type: media_type.to_string(),
                    data,
                });
                href
            }
        };
        out.push_str(&format!("\"{}\"", &href["css/".len()..]));
    }
    out.push_str(rest);
    let mut files = vec![Resource {
        href: HREF.to_string(),
        media_type: "text/css".to_string(),
        data: out.into_bytes(),
    }];
    files.extend(assets);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_files_are_carried_and_their_urls_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("fonts")).unwrap();
        std::fs::write(dir.path().join("fonts/Body.woff2"), b"font bytes").unwrap();
        let css = "@font-face { src: url(\"fonts/Body.woff2\") format(\"woff2\"); }\nbody { background: url(data:image/png;base64,AAAA); }\np { font-family: Body; }\n";
        std::fs::write(dir.path().join("my.css"), css).unwrap();
        let files = load(&dir.path().join("my.css"), None).unwrap();
        assert_eq!(files.len(), 2);
        let text = String::from_utf8(files[0].data.clone()).unwrap();
        assert!(text.contains("url(\"assets/1-Body.woff2\")"), "{text}");
        assert!(text.contains("url(data:image/png;base64,AAAA)"), "{text}");
        assert_eq!(files[1].href, "css/assets/1-Body.woff2");
        assert_eq!(files[1].media_type, "font/woff2");
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("my.css"),
            "body { background: url(gone.png) }",
        )
        .unwrap();
        let error = load(&dir.path().join("my.css"), None).unwrap_err();
        assert!(error.contains("gone.png"), "{error}");
    }
}
