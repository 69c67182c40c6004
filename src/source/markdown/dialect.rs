//! The Markdown dialect: the extensions every reading of a source uses.
//! A YAML block is read only where it opens the text
//! ([`super::yaml::leading_block`]), not where the parser would find one.

use pulldown_cmark::Options;

/// The Markdown extensions every reading of a source uses.
pub(super) fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}
