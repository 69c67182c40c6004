//! Media overlays: the SMIL documents that sync audio with the text.
//!
//! Each overlay's `<text src>` (and the `epub:textref` of a `<seq>` or its
//! `<body>`, which names the part of the text a sequence reads) must name an
//! element of a content document,
//! whose manifest item must name that overlay (and only one overlay may
//! point at a document); its `<audio src>` must be a core audio type; and
//! when the package names a playback CSS class, the documents read aloud
//! need a style sheet that can define it.

use std::collections::HashMap;
use std::io::{Read, Seek};

use super::content::{Documents, Resolved};
use super::ocf::{self, Book};
use super::opf::Package;
use super::semantics::NS_OPS;
use super::url::{self, Reference};
use super::xml::NS_XHTML;
use super::Code;
use super::{excerpt, Report};

const SMIL_MEDIA_TYPE: &str = "application/smil+xml";
const NS_SMIL: &str = "http://www.w3.org/ns/SMIL";
/// Audio types every reading system with media overlays plays.
const CORE_AUDIO: &[&str] = &["audio/mpeg", "audio/mp4"];

/// Checks every media overlay of the package.
pub fn check_overlays<R: Read + Seek>(
    book: &mut Book<R>,
    package: &Package,
    documents: &Documents,
    report: &mut Report,
) {
    let media: HashMap<&str, &str> = package
        .items
        .iter()
        .filter_map(|item| Some((item.path.as_deref()?, item.media_type.as_str())))
        .collect();
    // Content document path → ids of the overlays whose text points at it.
    let mut read_by: HashMap<String, Vec<String>> = HashMap::new();
    // Ids of the overlays that play remote audio.
    let mut remote_audio: Vec<String> = Vec::new();
    for overlay in package
        .items
        .iter()
        .filter(|item| item.media_type == SMIL_MEDIA_TYPE && item.present)
    {
        let Some(path) = &overlay.path else { continue };
        let Ok(bytes) = book.read(path, report) else {
            continue;
        };
        let Some(smil) = ocf::parse_xml(path, &bytes, report) else {
            continue;
        };
        for element in &smil.elements {
            if let Some(textref) = element.attr_ns(NS_OPS, "textref") {
                if let Resolved::NoFragment {
                    path: target,
                    fragment,
                } = documents.resolve(path, textref)
                {
                    report.add(
                        Code::OverlayTextMissing,
                        Some(format!("{path}:{}", element.line)),
                        format!(
                            "<{} epub:textref=\"{}\">: {target} has no element with id \"{}\"",
                            element.name,
                            excerpt(textref),
                            excerpt(&fragment)
                        ),
                    );
                }
            }
            let Some(src) = element.attr("src") else {
                continue;
            };
            let location = Some(format!("{path}:{}", element.line));
            if element.is(NS_SMIL, "text") {
                if let Ok(Reference::Internal { path: target, .. }) = url::resolve(path, src) {
                    let ids = read_by.entry(target).or_default();
                    if !ids.contains(&overlay.id) {
                        ids.push(overlay.id.clone());
                    }
                }
                if let Resolved::NoFragment {
                    path: target,
                    fragment,
                } = documents.resolve(path, src)
                {
                    report.add(
                        Code::OverlayTextMissing,
                        location,
                        format!(
                            "<text src=\"{}\">: {target} has no element with id \"{}\"",
                            excerpt(src),
                            excerpt(&fragment)
                        ),
                    );
                }
            } else if element.is(NS_SMIL, "audio") {
                let target = match url::resolve(path, src) {
                    Ok(Reference::Internal { path: target, .. }) => target,
                    Ok(Reference::External) => {
                        // Remote audio: the documents this overlay reads must declare remote resources.
                        if !remote_audio.contains(&overlay.id) {
                            remote_audio.push(overlay.id.clone());
                        }
                        continue;
                    }
                    Err(_) => continue,
                };
                if let Some(media_type) = media.get(target.as_str()) {
                    if !CORE_AUDIO.contains(media_type) {
                        report.add(
                            Code::OverlayAudioType,
                            location,
                            format!(
                                "<audio src=\"{}\"> is {}; overlays must use MP3 or MP4 audio",
                                excerpt(src),
                                excerpt(media_type)
                            ),
                        );
                    }
                }
            }
        }
    }
    for item in &package.items {
        let Some(path) = &item.path else { continue };
        let readers = read_by.get(path).map_or(&[][..], Vec::as_slice);
        let location = Some(package.path.clone());
        if let Some(overlay) = item
            .media_overlay
            .as_ref()
            .filter(|o| remote_audio.contains(o))
        {
            if !package.epub2 && !item.properties.iter().any(|p| p == "remote-resources") {
                report.add(
                    Code::PropertyUndeclared,
                    location.clone(),
                    format!(
                        "item \"{}\" is read by overlay \"{}\", which plays remote audio: it needs properties=\"remote-resources\"",
                        excerpt(&item.id),
                        excerpt(overlay)
                    ),
                );
            }
        }
        match (&item.media_overlay, readers) {
            (_, [_, _, ..]) => report.add(
                Code::OverlayShared,
                location,
                format!("{path} is read by more than one media overlay ({}); keep one", readers.join(", ")),
            ),
            (None, [overlay]) => report.add(
                Code::OverlayAttributeMissing,
                location,
                format!("item \"{}\" is read by overlay \"{overlay}\" but has no media-overlay attribute", excerpt(&item.id)),
            ),
            (Some(named), [overlay]) if named != overlay => report.add(
                Code::OverlayWrong,
                location,
                format!("item \"{}\" names overlay \"{}\", but \"{overlay}\" reads it", excerpt(&item.id), excerpt(named)),
            ),
            (Some(named), []) => report.add(
                Code::OverlayUnused,
                location,
                format!("item \"{}\" names overlay \"{}\", which never points at it", excerpt(&item.id), excerpt(named)),
            ),
            _ => {}
        }
        if package.overlay_classes && item.media_overlay.is_some() && !has_style(documents, path) {
            report.add(
                Code::OverlayClassNoCss,
                Some(path.clone()),
                "the package names a media overlay CSS class, but this document has no style sheet to define it",
            );
        }
    }
}

/// True when the document at `path` has a style sheet: a `<style>`, a
/// stylesheet `<link>`, or (SVG) an `xml-stylesheet` instruction.
fn has_style(documents: &Documents, path: &str) -> bool {
    if let Resolved::Document { document } = documents.resolve(path, "") {
        return documents.get(document).is_some_and(|d| {
            d.document.elements.iter().any(|e| {
                e.is(NS_XHTML, "style")
                    || (e.is(NS_XHTML, "link")
                        && e.attr("rel")
                            .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "stylesheet")))
            })
        });
    }
    // An SVG document: look at its text.
    documents.svg_text(path).is_none_or(|text| {
        text.contains("<style") || text.contains("<?xml-stylesheet") || text.contains("<link")
    })
}
