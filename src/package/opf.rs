//! The package document: metadata, manifest and spine.

use crate::model::Book;
use crate::package::accessibility::{Assessment, CONFORMANCE};
use crate::render::xhtml::escape;
use crate::render::{Listing, COVER_PAGE_ID, FIRST_CHAPTER_ID};

/// Manifest id of the cover image, which the EPUB 2 `<meta name="cover">` names.
pub const COVER_IMAGE_ID: &str = "cover-image";

/// The package document (OPF) for `book`, listing `documents` and the
/// book's resources, claiming what `assessment` found.
pub fn package_document(book: &Book, documents: &[Listing], assessment: &Assessment) -> String {
    let (meta, resources) = (&book.meta, &book.resources);
    let lang = escape(&meta.language);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    );
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"book-id\">{}</dc:identifier>",
        escape(&meta.identifier)
    ));
    // One dc:title, the main title alone. Reading systems disagree on a second:
    // epub.js (so Foliate 2) takes the first, FBReader 0.12 the last, calibre 6
    // (and so its Kindle conversions) joins main and subtitle ("Title:
    // Subtitle") by their title-type. The subtitle stays where a reader sees
    // it: on the cover, the title page and in the colophon.
    line(format!(
        "<dc:title id=\"book-title\">{}</dc:title>",
        escape(&meta.title)
    ));
    line("<meta refines=\"#book-title\" property=\"title-type\">main</meta>".into());
    for (i, author) in meta.authors.iter().enumerate() {
        line(format!(
            "<dc:creator id=\"author-{}\">{}</dc:creator>",
            i + 1,
            escape(author)
        ));
        line(format!(
            "<meta refines=\"#author-{}\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            i + 1
        ));
    }
    line(format!("<dc:language>{lang}</dc:language>"));
    if let Some(date) = &meta.date {
        line(format!("<dc:date>{}</dc:date>", escape(date)));
    }
    if let Some(publisher) = &meta.publisher {
        line(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape(publisher)
        ));
    }
    if let Some(rights) = &meta.rights {
        line(format!("<dc:rights>{}</dc:rights>", escape(rights)));
    }
    // Where the text was taken from, then, for a book whose page numbers are a
    // printed edition's, that edition as the source of its pagination (EPUB 3's
    // `source-of pagination`, which EPUBCheck 5.3 knows, unlike EPUB
    // Accessibility 1.1's `a11y:pageBreakSource`). Reading systems and Ace take
    // the last dc:source as the page source, so the edition comes last.
    if let Some(url) = &meta.source_url {
        line(format!("<dc:source>{}</dc:source>", escape(url)));
    } else if let Some(original) = &meta.original_publication {
        line(format!("<dc:source>{}</dc:source>", escape(original)));
    }
    let paginated = !book.page_breaks().is_empty();
    if paginated {
        line(format!(
            "<dc:source id=\"print-source\">{}</dc:source>",
            escape(&print_edition(meta))
        ));
        line("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>".into());
    }
    if let Some(description) = &meta.description {
        line(format!(
            "<dc:description>{}</dc:description>",
            escape(description)
        ));
    }
    for subject in &meta.subjects {
        line(format!("<dc:subject>{}</dc:subject>", escape(subject)));
    }
    for (i, contributor) in meta.contributors.iter().enumerate() {
        line(format!(
            "<dc:contributor id=\"contributor-{}\">{}</dc:contributor>",
            i + 1,
            escape(&contributor.name)
        ));
        line(format!(
            "<meta refines=\"#contributor-{}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            i + 1,
            escape(&contributor.role)
        ));
    }
    if let Some(isbn) = &meta.isbn {
        line(format!(
            "<dc:identifier id=\"isbn\">urn:isbn:{}</dc:identifier>",
            escape(isbn)
        ));
    }
    if let Some(series) = &meta.series {
        line(format!(
            "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
            escape(series)
        ));
        line("<meta refines=\"#series\" property=\"collection-type\">series</meta>".into());
        if let Some(index) = &meta.series_index {
            line(format!(
                "<meta refines=\"#series\" property=\"group-position\">{}</meta>",
                escape(index)
            ));
        }
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        escape(&meta.modified)
    ));
    // The cover is left out of the images: see Assessment::summary.
    let mut modes = vec![("schema:accessMode", "textual")];
    if assessment.images == 0 {
        modes.push(("schema:accessModeSufficient", "textual"));
    } else {
        modes.push(("schema:accessMode", "visual"));
        modes.push(("schema:accessModeSufficient", "textual,visual"));
        if assessment.undescribed_images == 0 {
            modes.push(("schema:accessModeSufficient", "textual"));
            modes.push(("schema:accessibilityFeature", "alternativeText"));
        }
    }
    if paginated {
        modes.push(("schema:accessibilityFeature", "pageBreakMarkers"));
        modes.push(("schema:accessibilityFeature", "pageNavigation"));
    }
    let summary = assessment.summary();
    for (property, value) in modes.into_iter().chain([
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", summary.as_str()),
    ]) {
        line(format!(
            "<meta property=\"{property}\">{}</meta>",
            escape(value)
        ));
    }
    // Conformance only where this book's checks hold, and never certified:
    // no evaluator has looked at the book (see the accessibility room).
    if assessment.conforms() {
        line(format!(
            "<meta property=\"dcterms:conformsTo\">{CONFORMANCE}</meta>"
        ));
    }
    if let Some(series) = &meta.series {
        // calibre's series, which many readers (and calibre itself) read instead of EPUB 3's.
        out.push_str(&format!(
            "<meta name=\"calibre:series\" content=\"{}\"/>\n",
            escape(series)
        ));
        if let Some(index) = &meta.series_index {
            out.push_str(&format!(
                "<meta name=\"calibre:series_index\" content=\"{}\"/>\n",
                escape(index)
            ));
        }
    }
    if book.cover.is_some() {
        // Kobo and other EPUB 2-era readers find the thumbnail only through this.
        out.push_str(&format!(
            "<meta name=\"cover\" content=\"{COVER_IMAGE_ID}\"/>\n"
        ));
    }
    out.push_str("</metadata>\n<manifest>\n");
    if let Some(cover) = &book.cover {
        out.push_str(&format!(
            "<item id=\"{COVER_IMAGE_ID}\" href=\"{}\" media-type=\"{}\" properties=\"cover-image\"/>\n",
            escape(&cover.href),
            escape(&cover.media_type)
        ));
    }
    for doc in documents {
        let properties = doc
            .properties
            .map(|p| format!(" properties=\"{p}\""))
            .unwrap_or_default();
        out.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"{properties}/>\n",
            escape(&doc.id),
            escape(&doc.href),
            doc.media_type
        ));
    }
    for (i, resource) in resources.iter().enumerate() {
        out.push_str(&format!(
            "<item id=\"resource-{}\" href=\"{}\" media-type=\"{}\"/>\n",
            i + 1,
            escape(&resource.href),
            escape(&resource.media_type)
        ));
    }
    out.push_str("</manifest>\n<spine toc=\"ncx\">\n");
    for doc in documents.iter().filter(|d| d.in_spine) {
        out.push_str(&format!("<itemref idref=\"{}\"/>\n", escape(&doc.id)));
    }
    out.push_str("</spine>\n");
    out.push_str(&guide(documents));
    out.push_str("</package>\n");
    out
}

/// The EPUB 2 `<guide>`, which EPUB 3 keeps for older reading systems: the
/// cover page and where the essay starts. Converters to Kindle's formats read
/// it (calibre takes the cover page out of the text, the cover image staying
/// the book's cover, and makes the `text` reference the book's start). No
/// `toc` reference: the only contents page is the navigation document, kept
/// out of the reading order, whose hidden landmarks a converter would show.
fn guide(documents: &[Listing]) -> String {
    let references: Vec<String> = [
        (COVER_PAGE_ID, "cover", "Cover"),
        (FIRST_CHAPTER_ID, "text", "Start of text"),
    ]
    .into_iter()
    .filter_map(|(id, kind, title)| {
        let doc = documents.iter().find(|d| d.id == id)?;
        Some(format!(
            "<reference type=\"{kind}\" title=\"{title}\" href=\"{}\"/>\n",
            escape(&doc.href)
        ))
    })
    .collect();
    if references.is_empty() {
        return String::new();
    }
    format!("<guide>\n{}</guide>\n", references.concat())
}

/// The printed edition whose page numbers the book carries: the printed
/// booklet the export was made from, named by its title and publisher.
fn print_edition(meta: &crate::model::Metadata) -> String {
    match &meta.publisher {
        Some(publisher) => format!("{}, {publisher} print edition", meta.title),
        None => format!("{}, print edition", meta.title),
    }
}
