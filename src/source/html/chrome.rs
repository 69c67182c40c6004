//! The policy of what is the article: the element that holds it
//! (`<article>`, `<main>`, `role="main"`, or the body), and inside it what is
//! the site around the text (navigation, share bars, cookie banners, comment
//! sections, related posts), each weighed on named evidence. The article's
//! own text is never dropped: a block holding its title or most of its prose
//! stays whatever it is named.

use super::{dom, head};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashSet;

/// The element chosen as the article, and why.
#[derive(Debug)]
pub struct Container<'a> {
    /// The element.
    pub element: ElementRef<'a>,
    /// Why it was chosen, for `--explain`.
    pub explanation: String,
}

/// An `<article>` that holds at least this share of the prose of the widest
/// content element is the article in it: the rest is what the site put
/// around it.
const NARROWER_SHARE: f64 = 0.8;

/// Chooses the article: of the elements a page marks as its content, the one
/// with the most prose, or an `<article>` inside it holding nearly all of
/// that prose; the body when the page marks none.
pub fn container(document: &Html) -> Container<'_> {
    let marked =
        Selector::parse("article, main, [role=main], [itemprop=articleBody], [role=article]")
            .expect("a fixed selector parses");
    let body = Selector::parse("body").expect("a fixed selector parses");
    let fallback = document
        .select(&body)
        .next()
        .unwrap_or_else(|| document.root_element());
    let candidates: Vec<(ElementRef, usize)> = document
        .select(&marked)
        .map(|e| (e, dom::prose_words(*e)))
        .collect();
    // The widest: most prose, the outermost of equals.
    let Some(&(widest, most)) = candidates
        .iter()
        .max_by_key(|(e, words)| (*words, std::cmp::Reverse(e.ancestors().count())))
    else {
        return Container {
            element: fallback,
            explanation: format!(
                "no <article> or <main>: the page's body is the article ({} words)",
                dom::words(*fallback)
            ),
        };
    };
    if most == 0 {
        return Container {
            element: fallback,
            explanation: "the <article> and <main> hold no prose: the page's body is the article"
                .into(),
        };
    }
    // An <article> holding nearly all of that prose is the article: what
    // else <main> holds is the site's (comments, related posts). A part
    // inside the article (its `articleBody`) is never preferred to it: the
    // article's standfirst or byline would be lost.
    let is_article = |e: &ElementRef| {
        e.value().name() == "article" || dom::attr(e, "role").is_some_and(|r| r == "article")
    };
    let chosen = candidates
        .iter()
        .filter(|(e, words)| {
            is_article(e)
                && dom::within(**e, *widest)
                && *words as f64 >= most as f64 * NARROWER_SHARE
        })
        .max_by_key(|(_, words)| *words)
        .map_or(widest, |(e, _)| *e);
    let page_words = dom::words(*fallback);
    let kept = dom::words(*chosen);
    Container {
        element: chosen,
        explanation: format!(
            "the article is {} ({kept} words); {} words of the page around it left out",
            describe(&chosen),
            page_words.saturating_sub(kept)
        ),
    }
}

/// "1 word", "12 words".
fn count_words(words: usize) -> String {
    if words == 1 {
        "1 word".into()
    } else {
        format!("{words} words")
    }
}

/// An element as `--explain` names it: `<div class="share-bar">`.
pub fn describe(element: &ElementRef) -> String {
    let mut out = format!("<{}", element.value().name());
    for key in ["id", "class", "role"] {
        if let Some(value) = dom::attr(element, key) {
            let value: String = value.chars().take(40).collect();
            out.push_str(&format!(" {key}=\"{value}\""));
        }
    }
    out.push('>');
    out
}

/// One piece of evidence that a block is the site's, not the article's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Evidence {
    /// `<nav>`, `<aside>`, or a `<header>`/`<footer>` outside any article.
    ChromeElement,
    /// A landmark role that is no content: navigation, banner, contentinfo,
    /// complementary, search.
    ChromeRole,
    /// A class or id the content system gives its widgets (share, related,
    /// comments, newsletter, cookie...).
    ChromeName,
    /// Hidden from every reader (`hidden`, `aria-hidden`, `display:none`).
    Hidden,
    /// Short text that calls to action ("Subscribe", "Share this").
    CallToAction,
    /// Holds the article's title or most of its prose.
    HoldsArticleText,
}

impl Evidence {
    /// How much the evidence says the block is chrome.
    fn weight(self) -> i32 {
        match self {
            // HTML's own names for what is not the content: enough alone.
            Evidence::ChromeElement => 3,
            // ARIA landmarks say the same in an attribute: enough alone.
            Evidence::ChromeRole => 3,
            // A content system's name for a widget: enough alone, unless the
            // block holds the article's text (a theme may call its content
            // block "comments-enabled").
            Evidence::ChromeName => 2,
            // No reader of the page ever saw it.
            Evidence::Hidden => 3,
            // Prose may quote such words: only with other evidence.
            Evidence::CallToAction => 1,
            // The article's own text is never dropped.
            Evidence::HoldsArticleText => -10,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Evidence::ChromeElement => "a navigation, aside or page header/footer element",
            Evidence::ChromeRole => "a landmark role that is no content",
            Evidence::ChromeName => "named as a widget",
            Evidence::Hidden => "hidden",
            Evidence::CallToAction => "a call to action",
            Evidence::HoldsArticleText => "holds the article's text",
        }
    }
}

/// Evidence that sums to this drops a block.
const DROP_AT: i32 = 2;

/// Class and id words that content systems give their widgets.
const CHROME_NAMES: &[&str] = &[
    "share",
    "sharing",
    "social",
    "sharedaddy",
    "sharebar",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "recommended",
    "comments",
    "comment",
    "respond",
    "sidebar",
    "widget",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "navbar",
    "nav",
    "pagination",
    "skip",
    "popup",
    "modal",
    "paywall",
    "cta",
    "button",
    "like",
    "tags",
];

/// Widget names shorter than this are matched as whole words only.
const WHOLE_WORD_BELOW: usize = 6;

/// Words of a call to action, in a block of few words.
const CALL_TO_ACTION: [&str; 12] = [
    "subscribe",
    "share",
    "sign up",
    "related posts",
    "read more",
    "leave a comment",
    "follow us",
    "accept",
    "cookies",
    "newsletter",
    "recommended",
    "you may also like",
];

/// Most words a block has for its call-to-action words to count.
const CALL_TO_ACTION_WORDS: usize = 30;

/// A block holding this share of the article's prose is the article's.
const ARTICLE_SHARE: f64 = 0.5;

/// Roles that mark no content.
const CHROME_ROLES: [&str; 6] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
];

/// What was weighed inside the article.
#[derive(Debug, Default)]
pub struct Weighed {
    /// The blocks left out (with all they hold).
    pub dropped: HashSet<NodeId>,
    /// The authors bylines named.
    pub byline_authors: Vec<String>,
    /// What was left out and why, for `--explain`.
    pub explanation: Vec<String>,
}

/// Weighs each block inside the article; `notes` are the notes' own blocks
/// (their content goes to the notes, whatever their container is named).
pub fn weigh(article: ElementRef, notes: &HashSet<NodeId>) -> Weighed {
    let mut weighed = Weighed::default();
    let prose = dom::prose_words(*article).max(1);
    let mut stack: Vec<ElementRef> = article.child_elements().collect();
    stack.reverse();
    let mut bylines_seen = 0;
    while let Some(element) = stack.pop() {
        if notes.contains(&element.id()) || dom::is_dropped(element.value().name()) {
            continue;
        }
        let evidence = evidence(element, prose);
        let score: i32 = evidence.iter().map(|e| e.weight()).sum();
        if score >= DROP_AT {
            weighed.dropped.insert(element.id());
            let named: Vec<&str> = evidence.iter().map(|e| e.name()).collect();
            weighed.explanation.push(format!(
                "left out {} ({}): {}",
                describe(&element),
                count_words(dom::words(*element)),
                named.join(", ")
            ));
            continue;
        }
        if is_block_with_text(&element) && bylines_seen < BYLINES_LOOKED_FOR {
            if let Some(authors) = head::byline(element) {
                bylines_seen += 1;
                weighed.dropped.insert(element.id());
                weighed.explanation.push(format!(
                    "byline {} \"{}\" read as metadata, not text",
                    describe(&element),
                    dom::text(*element)
                ));
                if weighed.byline_authors.is_empty() {
                    weighed.byline_authors = authors;
                }
                continue;
            }
        }
        let children: Vec<ElementRef> = element.child_elements().collect();
        stack.extend(children.into_iter().rev());
    }
    weighed
}

/// How many bylines are looked for: an article has one, perhaps repeated at its foot.
const BYLINES_LOOKED_FOR: usize = 2;

/// Whether a byline may be this element: a block that is no list or table.
fn is_block_with_text(element: &ElementRef) -> bool {
    matches!(
        element.value().name(),
        "p" | "div" | "address" | "span" | "section" | "header"
    )
}

/// The evidence on one block.
fn evidence(element: ElementRef, prose: usize) -> Vec<Evidence> {
    let mut found = Vec::new();
    let name = element.value().name();
    let in_article = element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "article");
    let footnote_aside = dom::attr(&element, "epub:type").is_some_and(|t| t.contains("note"));
    if name == "nav"
        || (name == "aside" && !footnote_aside)
        || (matches!(name, "header" | "footer") && !in_article)
    {
        found.push(Evidence::ChromeElement);
    }
    if dom::attr(&element, "role").is_some_and(|r| CHROME_ROLES.contains(&r.trim())) {
        found.push(Evidence::ChromeRole);
    }
    let tokens = dom::name_tokens(&element);
    let names = dom::names(&element);
    // Short names must be whole words ("ad" is in "header"); longer ones are
    // found inside run-together names ("jp-relatedposts").
    let named = tokens.iter().any(|t| CHROME_NAMES.contains(&t.as_str()))
        || CHROME_NAMES
            .iter()
            .any(|n| n.len() >= WHOLE_WORD_BELOW && names.contains(n));
    if named {
        found.push(Evidence::ChromeName);
    }
    let hidden_style = dom::attr(&element, "style").is_some_and(|s| {
        s.replace(' ', "")
            .to_ascii_lowercase()
            .contains("display:none")
    });
    if dom::attr(&element, "hidden").is_some()
        || dom::attr(&element, "aria-hidden").is_some_and(|v| v == "true")
        || hidden_style
    {
        found.push(Evidence::Hidden);
    }
    let text = dom::text(*element);
    let words = text.split_whitespace().count();
    let lower = text.to_lowercase();
    if words <= CALL_TO_ACTION_WORDS && CALL_TO_ACTION.iter().any(|w| lower.contains(w)) {
        found.push(Evidence::CallToAction);
    }
    let holds_title = element
        .descendent_elements()
        .any(|e| e.value().name() == "h1");
    if holds_title || dom::prose_words(*element) as f64 >= prose as f64 * ARTICLE_SHARE {
        found.push(Evidence::HoldsArticleText);
    }
    found
}
