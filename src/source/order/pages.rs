//! The exported pages as the order sees them: how each begins and ends, what
//! numbers it carries, and the ways of reading them that are weighed.

/// How a page's text begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Lowercase, or punctuation that continues a sentence.
    Continuation,
    /// A capital letter, a quote, a number.
    Fresh,
    /// A heading.
    Heading,
    /// Nothing: the page has no text.
    Empty,
}

/// How a page's text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Mid-sentence.
    Open,
    /// A word broken by a hyphen.
    Hyphen,
    /// A finished sentence.
    Closed,
    /// Nothing: the page has no text.
    Empty,
}

/// What an exported page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A page of the essay's text.
    Body,
    /// Title page or colophon: may fill one or two printed pages.
    Matter,
    /// The Contents page.
    Contents,
}

/// What one exported page tells about where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEvidence {
    /// What the page is.
    pub role: Role,
    /// Numbers of the notes at the page's foot.
    pub notes: Vec<u32>,
    /// The printed page number a Contents entry gives for a section on this page.
    pub anchor: Option<u32>,
    /// How its text begins.
    pub start: Start,
    /// How its text ends.
    pub end: End,
    /// The page number printed on the page itself (a running foot, "N of M", "## Page N").
    pub printed_number: Option<u32>,
    /// The number of a numbered section heading on the page ("2 Methods", "Chapter Two").
    pub section: Option<u32>,
    /// A section the Contents page lists begins here, after text that ended:
    /// the page may share the printed page of the exported page before it.
    pub joined: bool,
}

/// How the exported pages were laid out when printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Pages are already in reading order.
    AsExported,
    /// A saddle-stitched booklet of `pages` printed pages, exported sheet by sheet.
    Booklet {
        /// How many printed pages the booklet has, blank ones included.
        pages: u32,
        /// The printed pages left blank.
        blank: Vec<u32>,
    },
    /// No layout fits; pages that carry notes are ordered by their numbers.
    ByNotes,
}

/// How well the text runs on across the page breaks of an order.
pub fn continuity(pages: &[PageEvidence], order: &[usize]) -> i64 {
    let mut score = 0;
    if let Some(&first) = order.first() {
        if pages[first].start == Start::Continuation {
            score -= 2;
        }
    }
    for pair in order.windows(2) {
        score += join_score(pages[pair[0]].end, pages[pair[1]].start);
    }
    score
}

fn join_score(end: End, start: Start) -> i64 {
    match (end, start) {
        (End::Hyphen, Start::Continuation) => 3,
        (End::Open, Start::Continuation) => 2,
        (End::Closed, Start::Fresh | Start::Heading) => 1,
        (End::Open, Start::Fresh) => 0,
        (End::Hyphen, Start::Fresh) => -1,
        (End::Open | End::Hyphen, Start::Heading) | (End::Closed, Start::Continuation) => -2,
        _ => 0,
    }
}

/// A way of reading the exported pages: which body pages, in which order, on which printed pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateOrder {
    /// The layout this reading assumes.
    pub layout: Layout,
    /// Indices of the body pages, in reading order.
    pub body: Vec<usize>,
    /// The printed page number each exported page is given, where known.
    pub printed: Vec<Option<u32>>,
}
