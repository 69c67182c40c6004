//! Language tags: the one place that decides whether a string is a BCP 47 tag.
//!
//! The manifest reader and the checker both ask here, so a tag quire accepts
//! when building is never one its own checker rejects, and the other way round.

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646), such as
/// `en`, `pt-BR`, `zh-Hant-TW` or `de-CH-1996`.
///
/// Well-formedness is what EPUBCheck asks of `dc:language` and `xml:lang`;
/// whether each subtag is registered is not checked, so new registry entries
/// never make a book fail.
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty() && language_tags::LanguageTag::parse(tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_tags() {
        for good in [
            "en",
            "en-GB",
            "pt-BR",
            "zh-Hant-TW",
            "de-CH-1996",
            "x-private",
            "i-klingon",
            "sgn-BE-FR",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_tag() {
        for bad in [
            "",
            "-en",
            "en-",
            "english language",
            "e_n",
            "123",
            "C",
            "en--GB",
            "abcdefghi",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
