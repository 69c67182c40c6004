//! What a page states about itself: its title, authors, date, language and
//! description, read from the head's `<title>` and `<meta>`, the article's
//! `<h1>`, `<time>` and author marks, and bylines. They are written as the
//! front matter of the Markdown, so the rules that weigh a Markdown essay's
//! metadata decide.

use super::dom;
use scraper::{ElementRef, Html, Selector};

/// What a page states about itself.
#[derive(Debug, Default)]
pub struct Facts {
    /// The title, and where it was read.
    pub title: Option<(String, &'static str)>,
    /// The authors, and where they were read.
    pub authors: Vec<String>,
    /// Where the authors were read.
    pub authors_from: &'static str,
    /// The date, as the page writes it (a timestamp or a day).
    pub date: Option<String>,
    /// The language tag of `<html lang>` or `xml:lang`.
    pub language: Option<String>,
    /// The page's description.
    pub description: Option<String>,
}

/// Separators between a page title and its site's name ("Essay | Site").
const SITE_SEPARATORS: [&str; 6] = [" | ", " – ", " — ", " - ", " :: ", " · "];

/// Most words a site's name after a separator has: a longer tail is part of
/// the title ("Frankenstein - or the Modern Prometheus" keeps it).
const SITE_NAME_WORDS: usize = 4;

fn select(text: &str) -> Selector {
    Selector::parse(text).expect("a fixed selector parses")
}

/// Reads what the page states; `article` is the element chosen as the article.
pub fn read(document: &Html, article: ElementRef) -> Facts {
    let meta = |keys: &[&str]| -> Option<String> {
        document
            .select(&select("meta"))
            .find(|m| {
                let key = dom::attr(m, "name")
                    .or_else(|| dom::attr(m, "property"))
                    .unwrap_or("");
                keys.iter().any(|k| k.eq_ignore_ascii_case(key))
            })
            .and_then(|m| dom::attr(&m, "content"))
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|c| !c.is_empty())
    };
    let site = meta(&["og:site_name", "application-name"]);
    let mut facts = Facts::default();
    let h1 = article
        .select(&select("h1"))
        .map(|h| dom::text(*h))
        .find(|t| !t.is_empty());
    let page_h1 = document
        .select(&select("h1"))
        .map(|h| dom::text(*h))
        .find(|t| !t.is_empty());
    facts.title = h1
        .map(|t| (t, "the article's <h1>"))
        .or_else(|| page_h1.map(|t| (t, "the page's <h1>")))
        .or_else(|| {
            meta(&["og:title", "twitter:title"])
                .map(|t| (without_site(&t, site.as_deref()), "og:title"))
        })
        .or_else(|| {
            document
                .select(&select("title"))
                .map(|t| {
                    t.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .find(|t| !t.is_empty())
                .map(|t| (without_site(&t, site.as_deref()), "<title>"))
        });
    let web_address = |v: &String| v.starts_with("http://") || v.starts_with("https://");
    let (authors, from) = if let Some(a) = meta(&["author", "dc.creator", "citation_author"]) {
        (vec![a], "<meta name=\"author\">")
    } else if let Some(a) = meta(&["article:author"]).filter(|a| !web_address(a)) {
        (vec![a], "article:author")
    } else if let Some(a) = marked_authors(document, "[itemprop=author]") {
        (a, "itemprop=\"author\"")
    } else if let Some(a) = marked_authors(document, "a[rel=author]") {
        (a, "rel=\"author\"")
    } else {
        (Vec::new(), "")
    };
    facts.authors = authors;
    facts.authors_from = from;
    facts.date = meta(&[
        "article:published_time",
        "date",
        "dc.date",
        "dcterms.date",
        "citation_date",
    ])
    .or_else(|| {
        article
            .select(&select("time[datetime]"))
            .find_map(|t| dom::attr(&t, "datetime").map(str::to_string))
    })
    .or_else(|| {
        document
            .select(&select("[itemprop=datePublished]"))
            .find_map(|t| {
                dom::attr(&t, "content")
                    .or_else(|| dom::attr(&t, "datetime"))
                    .map(str::to_string)
            })
    });
    let root = document.root_element();
    let body = document.select(&select("body")).next();
    facts.language = dom::attr(&root, "lang")
        .or_else(|| dom::attr(&root, "xml:lang"))
        // Word's "Save as HTML" states it on the body.
        .or_else(|| body.and_then(|b| dom::attr(&b, "lang")))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(canonical_tag);
    facts.description = meta(&["description", "og:description"]);
    facts
}

/// A language tag in its usual case: `EN-GB` gives `en-GB`, `zh-hant` `zh-Hant`.
fn canonical_tag(tag: &str) -> String {
    tag.split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => part.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The names in the elements `selector` marks as the author (an `itemprop`
/// holding a `name`, a `content` attribute, or the text).
fn marked_authors(document: &Html, selector: &str) -> Option<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for element in document.select(&select(selector)) {
        let name = element
            .select(&select("[itemprop=name]"))
            .next()
            .map(|n| dom::attr(&n, "content").map_or_else(|| dom::text(*n), str::to_string))
            .or_else(|| dom::attr(&element, "content").map(str::to_string))
            .unwrap_or_else(|| dom::text(*element));
        let name = strip_by(&name).to_string();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then_some(names)
}

/// A title without its site's name: "Essay | Site" gives "Essay" when the
/// page names its site so, or when the tail after a separator is short.
pub fn without_site(title: &str, site: Option<&str>) -> String {
    for separator in SITE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let named = site.is_some_and(|s| s.trim().eq_ignore_ascii_case(tail.trim()));
            let short =
                tail.split_whitespace().count() <= SITE_NAME_WORDS && !head.trim().is_empty();
            if named || short {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Most words a byline has: "By Jane Doe and John Smith, 3 March 2021".
pub const BYLINE_WORDS: usize = 16;

/// Names that a content system gives its byline block.
const BYLINE_NAMES: [&str; 7] = [
    "byline",
    "author",
    "dateline",
    "meta",
    "authors",
    "date",
    "published",
];

/// The authors a byline block names, when `element` is one: a short block
/// the page names a byline (or that holds an author mark), or a short line
/// that reads "By Jane Doe". `None` when it is no byline.
pub fn byline(element: ElementRef) -> Option<Vec<String>> {
    let text = dom::text(*element);
    let words = text.split_whitespace().count();
    if words == 0 || words > BYLINE_WORDS || element.select(&select("h1, h2, p p")).next().is_some()
    {
        return None;
    }
    let tokens = dom::name_tokens(&element);
    let named = tokens.iter().any(|t| BYLINE_NAMES.contains(&t.as_str()));
    let marked = element
        .select(&select("[itemprop=author], a[rel=author], [rel=author]"))
        .map(|a| strip_by(&dom::text(*a)).to_string())
        .filter(|a| !a.is_empty())
        .collect::<Vec<_>>();
    let by_line = by_name(&text);
    if !marked.is_empty() && (named || by_line.is_some() || words <= BYLINE_WORDS / 2) {
        return Some(marked);
    }
    if let Some(names) = by_line {
        return Some(names);
    }
    // "4 min read · 30 September 2019": a reading time is a page's metadata.
    if text.to_lowercase().contains(" min read") {
        return Some(Vec::new());
    }
    if !named {
        return None;
    }
    // A block named a byline: the names its links give, or none (a date).
    let linked: Vec<String> = element
        .select(&select("a"))
        .map(|a| dom::text(*a))
        .filter(|t| looks_like_name(t))
        .collect();
    let dated = element.select(&select("time")).next().is_some()
        || crate::source::front_matter::date_line(&text).is_some();
    if !linked.is_empty() {
        Some(linked)
    } else if looks_like_name(&text) && !dated {
        Some(vec![text])
    } else {
        dated.then(Vec::new)
    }
}

/// Whether a text reads as a person's name: a few capitalised words.
fn looks_like_name(text: &str) -> bool {
    crate::source::front_matter::looks_like_name(text)
}

/// The names of a byline line ("By Jane Doe, 3 March 2021"), read by the
/// same grammar as a Markdown text's bylines.
fn by_name(text: &str) -> Option<Vec<String>> {
    crate::source::metadata::bylines::byline_names(text)
}

fn strip_by(name: &str) -> &str {
    let name = name.trim();
    name.strip_prefix("By ")
        .or_else(|| name.strip_prefix("by "))
        .unwrap_or(name)
        .trim()
}

impl Facts {
    /// The facts as a YAML front-matter block (empty when there are none).
    pub fn front_matter(&self) -> String {
        let quoted = |v: &str| serde_json::to_string(v).unwrap_or_default();
        let mut lines = Vec::new();
        if let Some((title, _)) = &self.title {
            lines.push(format!("title: {}", quoted(title)));
        }
        match self.authors.as_slice() {
            [] => {}
            [one] => lines.push(format!("author: {}", quoted(one))),
            many => {
                lines.push("author:".into());
                lines.extend(many.iter().map(|a| format!("  - {}", quoted(a))));
            }
        }
        if let Some(date) = &self.date {
            lines.push(format!("date: {}", quoted(date)));
        }
        if let Some(language) = &self.language {
            lines.push(format!("lang: {}", quoted(language)));
        }
        if let Some(description) = &self.description {
            lines.push(format!("description: {}", quoted(description)));
        }
        if lines.is_empty() {
            return String::new();
        }
        format!("---\n{}\n---\n\n", lines.join("\n"))
    }

    /// What `--explain` says the page stated.
    pub fn explain(&self) -> Vec<String> {
        let mut said = Vec::new();
        if let Some((title, from)) = &self.title {
            said.push(format!("HTML title \"{title}\" read from {from}"));
        }
        if !self.authors.is_empty() {
            let from = if self.authors_from.is_empty() {
                "a byline"
            } else {
                self.authors_from
            };
            said.push(format!(
                "HTML author {} read from {from}",
                self.authors.join(", ")
            ));
        }
        if let Some(language) = &self.language {
            said.push(format!(
                "HTML language \"{language}\" read from <html lang>"
            ));
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_name_after_the_title_is_dropped() {
        assert_eq!(
            without_site("On Walking | The Quarterly", None),
            "On Walking"
        );
        assert_eq!(
            without_site(
                "On Walking – Essays by Mary Smith",
                Some("Essays by Mary Smith")
            ),
            "On Walking"
        );
        assert_eq!(
            without_site("Frankenstein - or the Modern Prometheus Revisited", None),
            "Frankenstein - or the Modern Prometheus Revisited"
        );
    }

    #[test]
    fn a_by_line_names_its_author_and_a_sentence_does_not() {
        assert_eq!(
            by_name("By Jane Doe, 3 March 2021"),
            Some(vec!["Jane Doe".to_string()])
        );
        assert_eq!(by_name("By the way, it rained."), None);
    }
}
