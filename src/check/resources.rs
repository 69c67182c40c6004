//! Publication resources other than XHTML and CSS: images, whose bytes
//! must match their declared media type, and NCX documents, whose DOCTYPE
//! and links are checked.

use std::io::{Read, Seek};

use super::content::{Documents, Resolved};
use super::ocf::{self, Book};
use super::opf::Package;
use super::Code;
use super::{excerpt, Report};

const NCX_MEDIA_TYPE: &str = "application/x-dtbncx+xml";
const NS_NCX: &str = "http://www.daisy.org/z3986/2005/ncx/";

/// The image types a file's first bytes reveal.
const IMAGE_SIGNATURES: &[(&str, &[u8])] = &[
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", b"\xff\xd8\xff"),
    ("image/gif", b"GIF8"),
];

/// The DOCTYPE external identifiers EPUB allows, by media type.
const EXTERNAL_IDENTIFIERS: &[(&str, &str, &str)] = &[
    (
        NCX_MEDIA_TYPE,
        "-//NISO//DTD ncx 2005-1//EN",
        "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd",
    ),
    (
        "image/svg+xml",
        "-//W3C//DTD SVG 1.1//EN",
        "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd",
    ),
    (
        "application/mathml+xml",
        "-//W3C//DTD MathML 3.0//EN",
        "http://www.w3.org/Math/DTD/mathml3/mathml3.dtd",
    ),
];

/// Checks the images and NCX documents of the package.
pub fn check_resources<R: Read + Seek>(
    book: &mut Book<R>,
    package: &Package,
    documents: &Documents,
    report: &mut Report,
) {
    for item in package.items.iter().filter(|item| item.present) {
        let Some(path) = &item.path else { continue };
        let is_image = IMAGE_SIGNATURES.iter().any(|(t, _)| *t == item.media_type);
        if !is_image && item.media_type != NCX_MEDIA_TYPE {
            continue;
        }
        let Ok(bytes) = book.read(path, report) else {
            continue;
        };
        if is_image {
            check_image(path, &item.media_type, &bytes, report);
            continue;
        }
        if !package.epub2 {
            check_external_identifier(path, &item.media_type, &bytes, report);
        }
        if let Some(ncx) = ocf::parse_xml(path, &bytes, report) {
            for element in ncx.elements.iter().filter(|e| e.is(NS_NCX, "content")) {
                let Some(src) = element.attr("src") else {
                    continue;
                };
                if let Resolved::NoFragment {
                    path: target,
                    fragment,
                } = documents.resolve(path, src)
                {
                    report.add(
                        Code::NcxLinkMissing,
                        Some(format!("{path}:{}", element.line)),
                        format!(
                            "src=\"{}\": {target} has no element with id \"{}\"",
                            excerpt(src),
                            excerpt(&fragment)
                        ),
                    );
                }
            }
        }
    }
}

/// An image's first bytes must say what its manifest item says it is.
fn check_image(path: &str, declared: &str, bytes: &[u8], report: &mut Report) {
    let actual = IMAGE_SIGNATURES
        .iter()
        .find(|(_, signature)| bytes.starts_with(signature))
        .map(|(media_type, _)| *media_type);
    match actual {
        Some(actual) if actual != declared => report.add(
            Code::ImageTypeMismatch,
            Some(path.to_owned()),
            format!("the manifest says {declared}, but the file is {actual}; fix the media-type"),
        ),
        Some(_) => {}
        None => report.add(
            Code::ImageCorrupt,
            Some(path.to_owned()),
            format!("the file does not start like a {declared} image; it may be corrupt"),
        ),
    }
}

/// A DOCTYPE may name an external DTD only where EPUB allows that DTD.
fn check_external_identifier(path: &str, media_type: &str, bytes: &[u8], report: &mut Report) {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let Some(start) = head.find("<!DOCTYPE") else {
        return;
    };
    let doctype = &head[start..];
    let doctype = &doctype[..doctype.find('>').unwrap_or(doctype.len())];
    if !doctype.contains("PUBLIC") && !doctype.contains("SYSTEM") {
        return;
    }
    let quoted: Vec<&str> = doctype.split('"').skip(1).step_by(2).collect();
    let allowed = EXTERNAL_IDENTIFIERS.iter().any(|(t, public, system)| {
        *t == media_type
            && quoted.first() == Some(public)
            && quoted.get(1).is_none_or(|s| s == system)
    });
    if !allowed {
        report.add(
            Code::XmlExternalIdentifier,
            Some(path.to_owned()),
            format!(
                "the DOCTYPE names an external DTD EPUB does not allow here ({})",
                excerpt(doctype)
            ),
        );
    }
}
