//! The repairs switch: whether quire may change the source's words (put back
//! the ligatures an export lost) and drop its page furniture (running heads,
//! feet and page numbers). On by default; `repairs = false` in a manifest or
//! in front matter, or `--repairs off`, keeps the text as the source has it.
//! Also the language the front matter states, which the repairs weigh words in.

/// What the block of front matter at the very top of a text says about its repairs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stated {
    /// `repairs: false` (or true).
    pub repairs: Option<bool>,
    /// `lang:` or `language:`.
    pub language: Option<String>,
}

/// `true`, `yes`, `on` or their opposites, in any case.
pub fn parse_switch(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Reads the front matter at the top of `text` (only there: a `---` further
/// down is a rule) as the Markdown reader reads it.
pub fn from_front_matter(text: &str) -> Stated {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Stated::default();
    }
    let block: Vec<&str> = lines
        .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
        .collect();
    let (fields, _) = super::markdown::yaml_fields(&block.join("\n"));
    let mut stated = Stated::default();
    for (key, values) in fields {
        let Some(value) = values.first() else {
            continue;
        };
        match key.to_ascii_lowercase().as_str() {
            "repairs" => stated.repairs = parse_switch(value),
            "lang" | "language" => stated.language = Some(value.trim().to_string()),
            _ => {}
        }
    }
    stated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_and_language_are_read_from_the_top_only() {
        let stated = from_front_matter("---\ntitle: A\nrepairs: false\nlang: es\n---\n\nText.\n");
        assert_eq!(stated.repairs, Some(false));
        assert_eq!(stated.language.as_deref(), Some("es"));
        assert_eq!(
            from_front_matter("Text.\n\n---\nrepairs: false\n---\n"),
            Stated::default()
        );
        assert_eq!(
            from_front_matter("---\nrepairs: maybe\n---\n").repairs,
            None
        );
    }
}
