//! What characters an XML document may carry: one answer for the reader that
//! drops forbidden characters, the writer that escapes text and the checker.

/// XML 1.0 `Char`: controls other than tab and line ends are excluded, as are
/// surrogates and the non-characters U+FFFE and U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}
