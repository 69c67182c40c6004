//! Whether a text is a page export at all.

use super::lines::{
    definition_start, is_prose, is_standard_definition, note_number, starts_text_with_markers,
};
use crate::source::running_heads;
use crate::source::text::TextBlock;

/// Whether `text` reads as a page export: page-foot notes in `<sup>N</sup>`
/// form after the text has begun (superscripts above it are a paper's
/// affiliations), or running heads and feet. A file with standard `[^label]:`
/// definitions is Markdown.
pub fn recognise(blocks: &[TextBlock]) -> bool {
    if blocks.iter().any(|b| is_standard_definition(&b.text)) {
        return false;
    }
    let first_prose = blocks
        .iter()
        .position(|b| is_prose(b) || starts_text_with_markers(&b.text))
        .unwrap_or(blocks.len());
    blocks
        .iter()
        .skip(first_prose)
        .any(|b| note_number(definition_start(&b.text)).is_some())
        || !running_heads::find(blocks).is_empty()
}
