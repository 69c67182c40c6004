//! The Markdown dialect: the extensions every reading of a source uses.

use pulldown_cmark::Options;

/// The Markdown extensions every reading of a source uses.
pub(super) fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}
