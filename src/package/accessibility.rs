//! What a book's accessibility metadata may claim: the checks quire makes on
//! the book it has just rendered, and the summary a reader is told.
//!
//! Conformance to EPUB Accessibility 1.1 (WCAG 2.2 Level AA) is claimed only
//! when everything quire answers for holds for this book; the summary names
//! whatever does not. Nothing is certified: no evaluator has looked at the
//! book, so no `a11y:certifiedBy` is written.

use crate::model::Book;
use crate::source::metadata::language;

/// The EPUB Accessibility conformance a book claims when every check holds.
pub const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// Whether the text's language is the one the book declares (WCAG 3.1.1).
#[derive(Debug, Clone, PartialEq)]
pub enum LanguageCheck {
    /// The text reads clearly as the declared language.
    Confirmed,
    /// The text reads clearly as another language, named with its tag.
    Contradicted {
        /// The language the text reads as.
        name: String,
        /// Its tag.
        tag: String,
    },
    /// The text does not show its language clearly (too short, or mixed).
    Unconfirmed,
}

/// The checks on one rendered book that its accessibility claims rest on.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The language check.
    pub language: LanguageCheck,
    /// Images of the text, cover aside.
    pub images: usize,
    /// Those of them with no text description.
    pub undescribed_images: usize,
    /// No document's headings go down by more than one level at a time
    /// (an `h2` followed by an `h4`), so the outline a reader hears is whole.
    pub headings_in_order: bool,
    /// The book carries the printed edition’s page numbers (always with the
    /// edition named as their source: the package document does that).
    pub paginated: bool,
    /// The book has notes, each linked to and from the text.
    pub has_notes: bool,
}

impl Assessment {
    /// Checks the book, whose rendered documents' headings are in order
    /// when `headings_in_order` is set (see [`headings_in_order`]).
    pub fn of(book: &Book, headings_in_order: bool) -> Assessment {
        let images = book.images();
        Assessment {
            language: language_check(book),
            images: images.len(),
            undescribed_images: images
                .iter()
                .filter(|(_, alt)| alt.trim().is_empty())
                .count(),
            headings_in_order,
            paginated: !book.page_breaks().is_empty(),
            has_notes: !book.notes.is_empty(),
        }
    }

    /// Whether the book may claim [`CONFORMANCE`].
    pub fn conforms(&self) -> bool {
        self.missing().is_empty()
    }

    /// What keeps the book from conforming, each as the summary says it.
    pub fn missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        match self.undescribed_images {
            0 => {}
            1 => missing.push("an image has no text description".to_string()),
            n => missing.push(format!("{n} images have no text description")),
        }
        match &self.language {
            LanguageCheck::Confirmed => {}
            LanguageCheck::Contradicted { name, tag } => missing.push(format!(
                "the text reads as {name} ({tag}), not the language the book declares"
            )),
            LanguageCheck::Unconfirmed => missing.push(
                "the text does not show clearly that it is in the language the book declares"
                    .to_string(),
            ),
        }
        if !self.headings_in_order {
            missing.push("section headings skip a level".to_string());
        }
        missing
    }

    /// The `schema:accessibilitySummary`: what the book offers a reader using
    /// assistive technology, then whether it meets [`CONFORMANCE`] and, if not,
    /// why. The cover is left out of the images: it repeats the title page's
    /// words, which its description also gives.
    pub fn summary(&self) -> String {
        let mut offers = vec!["a table of contents".to_string()];
        if self.headings_in_order {
            offers.push("section headings in order".into());
        }
        if self.has_notes {
            offers.push("notes linked to and from the text".into());
        }
        if self.paginated {
            offers.push("the printed edition’s page numbers".into());
        }
        let content = match (self.images, self.undescribed_images) {
            (0, _) => "text only".to_string(),
            (_, 0) => "text with images, each image described in text".to_string(),
            _ => "text with images, not all of them described in text".to_string(),
        };
        let mut summary = format!(
            "This publication is {content}; it has {}.",
            crate::render::join_in_prose(&offers)
        );
        let missing = self.missing();
        if missing.is_empty() {
            summary.push_str(&format!(
                " It claims {CONFORMANCE}: its language, image descriptions and heading order were checked when it was made."
            ));
        } else {
            summary.push_str(&format!(
                " It does not claim {CONFORMANCE}: {}.",
                missing.join("; ")
            ));
        }
        summary
    }
}

/// The declared language against the one the text reads as, which the build
/// found when it read the text.
fn language_check(book: &Book) -> LanguageCheck {
    let Some(tag) = &book.meta.text_language else {
        return LanguageCheck::Unconfirmed;
    };
    let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    if primary(tag) == primary(&book.meta.language) {
        LanguageCheck::Confirmed
    } else {
        LanguageCheck::Contradicted {
            name: language::name_of(tag),
            tag: tag.clone(),
        }
    }
}

/// Whether the headings of one XHTML document never go down more than one
/// level at a time. Its first heading may be an `h1` or an `h2`: chapters open
/// at `h2` under the book's title, the title page's `h1`.
pub fn headings_in_order(xhtml: &str) -> bool {
    let mut previous = 1;
    let mut rest = xhtml;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b"<h") {
        rest = &rest[at + 2..];
        let mut chars = rest.chars();
        let (Some(digit), Some(after)) = (chars.next(), chars.next()) else {
            break;
        };
        let Some(level) = digit.to_digit(10).filter(|l| (1..=6).contains(l)) else {
            continue;
        };
        if !matches!(after, '>' | ' ') {
            continue; // `<head>`, `<hr/>`, `<h1x>` are no headings
        }
        if level > previous + 1 {
            return false;
        }
        previous = level;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Chapter, Inline};

    fn english_book(headings: &[u8]) -> Book {
        let paragraph = Block::Paragraph(vec![Inline::Text(
            "The manor court decided when each field was sown and when it lay fallow, and when the cattle were let onto the stubble after the harvest was in. No household could fence its strips or sow another crop without its neighbours agreeing to it.".into(),
        )]);
        let mut blocks = vec![paragraph.clone()];
        for &level in headings {
            blocks.push(Block::Heading {
                level,
                content: vec![Inline::Text("The court rolls".into())],
            });
            blocks.push(paragraph.clone());
        }
        let mut book = Book {
            chapters: vec![Chapter {
                heading: Some(vec![Inline::Text("Who decided".into())]),
                blocks,
            }],
            ..Book::default()
        };
        book.meta.title = "Open Fields".into();
        book.meta.language = "en".into();
        book.meta.text_language = Some("en".into());
        book
    }

    #[test]
    fn the_package_document_says_when_headings_skip_a_level() {
        use std::io::Read;
        for (headings, in_order) in [(&[1, 2, 1][..], true), (&[1, 3][..], false)] {
            let bytes = crate::package::epub_bytes(&english_book(headings)).unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut opf = String::new();
            zip.by_name("EPUB/content.opf")
                .unwrap()
                .read_to_string(&mut opf)
                .unwrap();
            assert_eq!(
                opf.contains("section headings skip a level"),
                !in_order,
                "{opf}"
            );
            assert_eq!(opf.contains("dcterms:conformsTo"), in_order, "{opf}");
        }
    }

    #[test]
    fn a_book_whose_headings_skip_a_level_claims_no_conformance_and_says_why() {
        for (headings, in_order) in [(&[1, 2, 1][..], true), (&[1, 3][..], false)] {
            let book = english_book(headings);
            let documents = crate::render::render(&book);
            let rendered_in_order = documents
                .iter()
                .filter(|d| d.media_type == crate::render::XHTML)
                .all(|d| headings_in_order(&d.content));
            assert_eq!(rendered_in_order, in_order, "{headings:?}");
            let assessment = Assessment::of(&book, rendered_in_order);
            assert_eq!(assessment.language, LanguageCheck::Confirmed);
            assert_eq!(assessment.headings_in_order, in_order, "{headings:?}");
            assert_eq!(assessment.conforms(), in_order, "{headings:?}");
            assert_eq!(
                assessment
                    .summary()
                    .contains("section headings skip a level"),
                !in_order,
                "{}",
                assessment.summary()
            );
        }
    }

    #[test]
    fn a_heading_two_levels_down_is_out_of_order() {
        assert!(headings_in_order(
            "<head><title>x</title></head><h2>A</h2><h3>B</h3><h2>C</h2><hr/>"
        ));
        assert!(!headings_in_order("<h2>A</h2><h4>B</h4>"));
        assert!(!headings_in_order("<h3 id=\"x\">A</h3>"));
    }
}
