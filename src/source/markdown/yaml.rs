//! A YAML block of `key: value` fields at the top of a Markdown text.

/// The fields of a YAML front-matter block: each top-level key with its
/// scalar value, or the scalars of its list (an entry that is a map counts by
/// its `name`). Text that is not valid YAML is
/// read line by line as `key: value`, with a problem saying so.
pub fn yaml_fields(text: &str) -> (Vec<(String, Vec<String>)>, Option<String>) {
    use yaml_rust2::{Yaml, YamlLoader};
    fn scalar(value: &Yaml) -> Option<String> {
        match value {
            Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_string()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    }
    // `author: [{name: Jane Doe, affiliation: ...}]`, as pandoc's and Quarto's
    // templates write people: the entry's name is its value.
    fn named(value: &Yaml) -> Option<String> {
        match value {
            Yaml::Hash(entry) => entry
                .get(&Yaml::String("name".to_string()))
                .and_then(scalar),
            other => scalar(other),
        }
    }
    match YamlLoader::load_from_str(text) {
        Ok(documents) => {
            let mut fields = Vec::new();
            if let Some(Yaml::Hash(map)) = documents.first() {
                for (key, value) in map {
                    let Some(key) = scalar(key) else { continue };
                    let values: Vec<String> = match value {
                        Yaml::Array(items) => items.iter().filter_map(named).collect(),
                        other => named(other).into_iter().collect(),
                    };
                    if !values.is_empty() {
                        fields.push((key, values));
                    }
                }
            }
            (fields, None)
        }
        Err(e) => {
            let fields = text
                .lines()
                .filter(|line| !line.starts_with([' ', '\t']))
                .filter_map(|line| line.split_once(':'))
                .map(|(key, value)| {
                    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                    (key.trim().to_string(), value.to_string())
                })
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| (key, vec![value]))
                .collect();
            (
                fields,
                Some(format!(
                    "front matter is not valid YAML ({e}); its `key: value` lines are read one by one"
                )),
            )
        }
    }
}

/// The YAML block a Markdown text opens with, as pandoc and pulldown-cmark
/// read one: a `---` first line, a line that is not blank straight after it,
/// and a closing `---` or `...` line. Returns the byte length of the whole
/// block, closing line included, and the YAML text inside it. Only the very
/// top counts: anywhere else `---` is a rule (or makes the line above a
/// heading), and what follows is the essay's text.
pub fn leading_block(markdown: &str) -> Option<(usize, &str)> {
    let mut lines = markdown.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = first.len();
    let mut at = start;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if index == 0 && trimmed.is_empty() {
            return None;
        }
        if index > 0 && (trimmed == "---" || trimmed == "...") {
            return Some((at + line.len(), &markdown[start..at]));
        }
        at += line.len();
    }
    None
}
