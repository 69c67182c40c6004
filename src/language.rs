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

/// Language names people write where a tag belongs, with their tags: what a
/// "did you mean" offers.
const NAMES_OF_LANGUAGES: [(&str, &str); 16] = [
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("spanish", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("russian", "ru"),
    ("polish", "pl"),
    ("swedish", "sv"),
    ("danish", "da"),
    ("norwegian", "nb"),
    ("korean", "ko"),
    ("japanese", "ja"),
    ("chinese", "zh"),
    ("arabic", "ar"),
];

/// What is wrong with a tag a user gives, or `None` for a usable one: well
/// formed, and a language of two or three letters (ISO 639) first, as every
/// language the registry lists is; a longer first part is a language's name
/// written where its tag belongs ("english": did you mean `en`?).
pub fn given_tag_problem(tag: &str) -> Option<String> {
    let primary = tag.split('-').next().unwrap_or("");
    let usable =
        is_language_tag(tag) && (matches!(primary.len(), 2 | 3) || matches!(primary, "x" | "i"));
    if usable {
        // Well formed is not enough for a tag a user types: "xx" reads as a tag, and no
        // reader knows the language (nor quire its typography).
        return match language_tags::LanguageTag::parse(tag).map(|t| t.validate()) {
            Ok(Err(why)) => Some(format!(
                "{tag:?} is not a language tag of the IANA registry ({why}): use a code such as en, fr, de or pt-BR"
            )),
            _ => None,
        };
    }
    let lower = primary.to_lowercase();
    let suggestion = NAMES_OF_LANGUAGES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| format!(" (did you mean `{code}`?)"))
        .unwrap_or_default();
    Some(format!(
        "{tag:?} is not a language tag{suggestion}: use a code such as en, fr, de or pt-BR"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_tags_are_codes_not_names() {
        for good in ["en", "pt-BR", "zh-Hant-TW", "ast", "x-private"] {
            assert_eq!(given_tag_problem(good), None, "{good}");
        }
        let problem = given_tag_problem("english").unwrap();
        assert!(problem.contains("did you mean `en`?"), "{problem}");
        assert!(given_tag_problem("xx-").is_some());
        for registered in ["en-gb", "EN-GB", "sr-Latn-RS", "de-CH-1996", "qaa"] {
            assert_eq!(given_tag_problem(registered), None, "{registered}");
        }
        for unregistered in ["xx", "zz-Latn"] {
            let problem = given_tag_problem(unregistered).unwrap();
            assert!(problem.contains("IANA registry"), "{problem}");
        }
        assert!(given_tag_problem("klingonese").is_some());
    }

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
