//! What characters an XML document may carry: one answer for the reader that
//! drops forbidden characters, the writer that escapes text and the checker.

/// XML 1.0 `Char`: controls other than tab and line ends are excluded, as are
/// surrogates and the non-characters U+FFFE and U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The bytes that may start a character XML cannot carry: ASCII controls
/// but tab, line feed and carriage return, and the first byte of U+FFFE and
/// U+FFFF ([`forbidden_at`] decides). A table lookup passes every other byte.
pub const MAY_BE_FORBIDDEN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = !matches!(byte, 0x09 | 0x0A | 0x0D);
        byte += 1;
    }
    table[0xEF] = true;
    table
};

/// The bytes that may need escaping or dropping in XML text: the four marks
/// escaped (`&`, `<`, `>`, `"`) and those [`MAY_BE_FORBIDDEN`]. Every other
/// byte is copied as it is, a table lookup deciding it.
pub const MAY_NEED_ESCAPING: [bool; 256] = {
    let mut table = MAY_BE_FORBIDDEN;
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table
};

/// The length in bytes of a character XML cannot carry starting at `at` in
/// UTF-8 `bytes`, or 0 when the byte there starts none: [`is_xml_char`] read
/// off the bytes, so text can be scanned without decoding it. The forbidden
/// characters are ASCII controls and U+FFFE, U+FFFF (`EF BF BE`, `EF BF BF`).
pub fn forbidden_at(bytes: &[u8], at: usize) -> usize {
    match bytes[at] {
        b'\t' | b'\n' | b'\r' => 0,
        0..=0x1F => 1,
        0xEF if bytes.get(at + 1) == Some(&0xBF)
            && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) =>
        {
            3
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_that_needs_escaping_starts_with_a_byte_the_table_marks() {
        for c in ('\0'..='\u{10000}').chain(['\u{10FFFF}']) {
            let text = c.to_string();
            let needs = forbidden_at(text.as_bytes(), 0) > 0 || matches!(c, '&' | '<' | '>' | '"');
            if needs {
                assert!(MAY_NEED_ESCAPING[usize::from(text.as_bytes()[0])], "{c:?}");
            }
        }
    }

    #[test]
    fn bytes_and_characters_agree() {
        for c in ('\0'..='\u{10000}').chain(['\u{10FFFF}']) {
            let text = c.to_string();
            let forbidden = forbidden_at(text.as_bytes(), 0);
            assert_eq!(forbidden == 0, is_xml_char(c), "{c:?}");
            if forbidden > 0 {
                assert_eq!(forbidden, c.len_utf8(), "{c:?}");
            }
        }
    }
}
