//! The clue kinds: where a title or an author was read, each with its
//! weight, and the readings the readers collect for the decision.

/// Longest title taken from a document: past this it is a paragraph, not a title.
pub const MAX_TITLE_CHARS: usize = 200;

/// Longest author name taken from a document.
pub(super) const MAX_AUTHOR_CHARS: usize = 80;

/// How many non-blank lines at the top of a document are read for a title,
/// a header line or a byline: these sit on the first page, never deep in the text.
pub(super) const OPENING_LINES: usize = 40;

/// Words a title line cannot end with: a line ending in one runs on into the next.
pub(super) const RUNNING_ON_WORDS: [&str; 16] = [
    "and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "on", "at", "by", "from", "&",
    "into",
];

/// Where a title or an author was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClueKind {
    /// `Title: X` or `Author: X` lines: the document labels the field itself.
    FieldLine,
    /// The first line of some library exports: `Title - Author Date: ... Source: URL Tags: ...`.
    LibraryHeader,
    /// `title:` / `author:` in the YAML front matter.
    YamlBlock,
    /// Front matter a converter wrote, known by its stamp (`slug:`,
    /// `reconversion_status:`) or by what it holds: an uploader's name cut
    /// short ("Sharon H"), a file or program name ("Google Docs.pdf"), one
    /// word ("Time").
    ConverterFrontMatter,
    /// The cover page a repository puts before a paper it serves ("3 authors,
    /// including: ... SEE PROFILE"), written from its catalogue record.
    RepositoryCover,
    /// The first lines of the first page's text in a converter's page-view
    /// export: where a printed document sets its title.
    FirstPageText,
    /// A booklet's title page, or a name line straight under the title.
    TitlePage,
    /// A "By X" line opening a block.
    Byline,
    /// "The right of X to be identified as the author of this work has been
    /// asserted": the legal statement of a book's copyright page.
    RightsLine,
    /// A link to the site's page of an author's posts (`[Jane Doe](…/author/jane/)`).
    AuthorLink,
    /// A line of the document whose words are those of a title that repeats the
    /// file name: the document's own spelling, with its punctuation and case.
    FileNameEcho,
    /// A single level-1 heading opening the text.
    LoneHeading,
    /// A name in the header's tag list that the text signs or credits ("by X", or a line of its own).
    SignedTag,
    /// "..., writes Jane Doe of The Paper." in the opening paragraph.
    WritesCredit,
    /// "This article was first published by X": the publication a library credits.
    Credit,
    /// "Who we are: The X is a coalition of ...", "About the author: Jane Doe
    /// is a ...": the panel where the makers of a document say who they are.
    SelfDescription,
    /// "Members of X who ... give their account": a group's members introduced
    /// as the writers at the head of the text.
    MembersAccount,
    /// A "By staff" byline: the publication named with it wrote the piece.
    StaffByline,
    /// The text's closing line, signed with a fuller spelling of a name read elsewhere.
    Signature,
    /// A dash and a name closing the text (`— Jane Doe`).
    SignOff,
    /// A short last paragraph opening "Jane Doe is a ...": the note about the writer.
    ClosingBio,
    /// The first heading, when it comes before any prose.
    FirstHeading,
    /// A short line wholly in bold opening the text (`**Title**`).
    BoldOpeningLine,
    /// The source's file name, dashes and underscores made spaces.
    FileName,
}

/// `Title:`/`Author:` lines are rare and deliberate: the strongest reading of a document.
const FIELD_LINE_WEIGHT: i32 = 80;
/// The library header is written by the library's export from its catalogue record.
const LIBRARY_HEADER_WEIGHT: i32 = 75;
/// Front matter is written on purpose, but often by a script from the file name.
const YAML_BLOCK_WEIGHT: i32 = 70;
/// What a converter wrote into front matter is the uploader, the software or
/// the file name as often as the author: weaker than any byline, labelled
/// line or title page of the text, stronger than a mere first heading.
const CONVERTER_FRONT_MATTER_WEIGHT: i32 = 45;
/// A repository's cover page is generated from its catalogue record of the
/// paper, authors listed one by one: as sure as a library's header.
const REPOSITORY_COVER_WEIGHT: i32 = 75;
/// A document's first printed line is where it sets its title, but it is
/// read by position alone: weaker than any heading the author set apart,
/// stronger than a heading the converter made from the file name.
const FIRST_PAGE_TEXT_WEIGHT: i32 = 40;
/// A byline is how a printed page names its author.
const BYLINE_WEIGHT: i32 = 70;
/// A title page is laid out to name the book; read by shape, so a little less sure.
pub(super) const TITLE_PAGE_WEIGHT: i32 = 65;
/// A moral-rights statement is a legal declaration of authorship, written by
/// the publisher: as sure as a labelled line, and found by its fixed wording.
const RIGHTS_LINE_WEIGHT: i32 = 75;
/// A site links a post to its author's page from its own record of who
/// posted it; a link, not a printed byline, so a little less sure.
const AUTHOR_LINK_WEIGHT: i32 = 65;
/// "..., writes X" is how a news piece credits its writer, but it sits in
/// running prose, where a quoted writer could be meant: weaker than a byline.
const WRITES_CREDIT_WEIGHT: i32 = 55;
/// The document spelling out a file-name title restores what the slug lost.
pub(super) const FILE_NAME_ECHO_WEIGHT: i32 = 60;
/// A lone opening `#` heading is the Markdown way to title a text.
const LONE_HEADING_WEIGHT: i32 = 55;
/// A tag is only a topic until the text itself signs or credits the name.
const SIGNED_TAG_WEIGHT: i32 = 50;
/// A publication credit names who put the text out, which libraries file as
/// its author; weaker than any reading that names a person.
const CREDIT_WEIGHT: i32 = 40;
/// A panel headed "Who we are" or "About the author" describes whoever made
/// the document, in their own words; on a compilation it may describe the
/// publisher, whom libraries file as author too. As sure as a tag the text
/// signs, weaker than any byline or title page.
const SELF_DESCRIPTION_WEIGHT: i32 = 50;
/// Members of a group introduced at the head of a text as giving their
/// account: the group wrote it, as a publication credit says; as weak as one,
/// since the sentence is prose, not a credit line.
const MEMBERS_ACCOUNT_WEIGHT: i32 = 40;
/// "By staff" says the publication's own people wrote it, and libraries then
/// file the publication as author: as weak as a publication credit.
const STAFF_BYLINE_WEIGHT: i32 = 40;
/// A closing line that only spells out more fully a name read elsewhere
/// ("ANARCHIST BLACK CROSS (London section).") completes that name; alone,
/// a closing line could be anything, so it is the weakest named reading.
const SIGNATURE_WEIGHT: i32 = 20;
/// A dash and a name closing a text sign it as a letter or a statement is
/// signed; but a quotation's attribution can close a text too: weaker than any
/// reading at the head of the text, stronger than a heading or a file name.
const SIGN_OFF_WEIGHT: i32 = 35;
/// A closing note about the writer names them in the text's own words, but
/// unlabelled it could describe a group the text is about: as sure as a
/// sign-off.
const CLOSING_BIO_WEIGHT: i32 = 35;
/// The first heading before any prose is likely, not certainly, the title.
const FIRST_HEADING_WEIGHT: i32 = 30;
/// A bold line opening the text is set as a title is, by a writer whose
/// editor had no heading style: as likely a title as a first heading.
const BOLD_OPENING_LINE_WEIGHT: i32 = 30;
/// The file name is what is left when the document says nothing.
pub(super) const FILE_NAME_WEIGHT: i32 = 10;
/// A value whose words all lie inside the file name is the file name again (a
/// slug turned into words), not evidence of its own: it keeps enough weight to
/// beat a mere first heading, not the document's own spelling of it.
pub(super) const LIKE_FILE_NAME_PENALTY: i32 = 35;
/// A line that spells the file name but for one letter may be a near title,
/// not the same one: it yields to the heading that opens the text.
pub(super) const MISSPELT_ECHO_PENALTY: i32 = 10;

impl ClueKind {
    /// The weight of this kind of evidence, before any penalty.
    pub fn weight(self) -> i32 {
        match self {
            ClueKind::FieldLine => FIELD_LINE_WEIGHT,
            ClueKind::LibraryHeader => LIBRARY_HEADER_WEIGHT,
            ClueKind::YamlBlock => YAML_BLOCK_WEIGHT,
            ClueKind::ConverterFrontMatter => CONVERTER_FRONT_MATTER_WEIGHT,
            ClueKind::RepositoryCover => REPOSITORY_COVER_WEIGHT,
            ClueKind::FirstPageText => FIRST_PAGE_TEXT_WEIGHT,
            ClueKind::Byline => BYLINE_WEIGHT,
            ClueKind::RightsLine => RIGHTS_LINE_WEIGHT,
            ClueKind::AuthorLink => AUTHOR_LINK_WEIGHT,
            ClueKind::WritesCredit => WRITES_CREDIT_WEIGHT,
            ClueKind::StaffByline => STAFF_BYLINE_WEIGHT,
            ClueKind::Signature => SIGNATURE_WEIGHT,
            ClueKind::SignOff => SIGN_OFF_WEIGHT,
            ClueKind::ClosingBio => CLOSING_BIO_WEIGHT,
            ClueKind::TitlePage => TITLE_PAGE_WEIGHT,
            ClueKind::FileNameEcho => FILE_NAME_ECHO_WEIGHT,
            ClueKind::LoneHeading => LONE_HEADING_WEIGHT,
            ClueKind::SignedTag => SIGNED_TAG_WEIGHT,
            ClueKind::Credit => CREDIT_WEIGHT,
            ClueKind::SelfDescription => SELF_DESCRIPTION_WEIGHT,
            ClueKind::MembersAccount => MEMBERS_ACCOUNT_WEIGHT,
            ClueKind::FirstHeading => FIRST_HEADING_WEIGHT,
            ClueKind::BoldOpeningLine => BOLD_OPENING_LINE_WEIGHT,
            ClueKind::FileName => FILE_NAME_WEIGHT,
        }
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            ClueKind::FieldLine => "a labelled line",
            ClueKind::LibraryHeader => "the library header line",
            ClueKind::YamlBlock => "the front matter",
            ClueKind::ConverterFrontMatter => "front matter a converter wrote",
            ClueKind::RepositoryCover => "a repository's cover page",
            ClueKind::FirstPageText => "the first page's opening lines",
            ClueKind::Byline => "a byline",
            ClueKind::RightsLine => "the moral-rights statement",
            ClueKind::AuthorLink => "a link to the author's page",
            ClueKind::WritesCredit => "a \"writes X\" credit",
            ClueKind::StaffByline => "the publication of a staff byline",
            ClueKind::Signature => "the closing signature",
            ClueKind::SignOff => "a dash and a name closing the text",
            ClueKind::ClosingBio => "the closing note about the writer",
            ClueKind::TitlePage => "the title page",
            ClueKind::FileNameEcho => "the document's spelling of the file name",
            ClueKind::LoneHeading => "the opening heading",
            ClueKind::SignedTag => "a tag the text signs",
            ClueKind::Credit => "a publication credit",
            ClueKind::SelfDescription => "a \"who we are\" or \"about the author\" panel",
            ClueKind::MembersAccount => "members giving their account",
            ClueKind::FirstHeading => "the first heading",
            ClueKind::BoldOpeningLine => "the bold line opening the text",
            ClueKind::FileName => "the file name",
        }
    }

    /// Whether a value read here can be a slug in disguise.
    pub(super) fn can_repeat_file_name(self) -> bool {
        // Export scripts write these from the file name; the others are read off the text.
        matches!(
            self,
            ClueKind::YamlBlock | ClueKind::ConverterFrontMatter | ClueKind::LoneHeading
        )
    }
}

/// One reading of a title, or of the list of authors.
#[derive(Debug, Clone, PartialEq)]
pub struct Clue<T> {
    /// The value read.
    pub value: T,
    /// The kind of place it was read at.
    pub evidence: ClueKind,
    /// Index of the opening line it was read from, when it was one.
    pub line: Option<usize>,
}

/// Everything a source says about its title and authors, before the decision.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    /// Every reading of the title.
    pub titles: Vec<Clue<String>>,
    /// Every reading of the list of authors.
    pub authors: Vec<Clue<Vec<String>>>,
    /// Name lines straight under an opening line: (line of the title, names).
    pub names_under: Vec<(usize, Vec<String>)>,
    /// The opening lines as plain text, for echoes of a file-name title.
    pub opening: Vec<OpeningLine>,
    /// Facts of a library header line.
    pub date: Option<String>,
    /// The web address the library header gives.
    pub source_url: Option<String>,
    /// The library header's tags.
    pub subjects: Vec<String>,
    /// The opening of the description under a library header (or run on
    /// after its tag list), where a library credits the text's author.
    pub description: Option<String>,
    /// The file a converter's stamp names (`*Converted from: ./Flyer.pdf*`),
    /// its name without folder or ending: what a converter titles it by.
    pub converted_from: Option<String>,
    /// Byline names respelled as the text spells them: (byline's, text's).
    pub respelled: Vec<(String, String)>,
    /// Names front matter gives that are a program's or an account's, left out.
    pub not_names: Vec<String>,
}

/// A non-blank line near the top, as plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningLine {
    /// The line's plain text.
    pub text: String,
    /// Whether the line is a heading.
    pub heading: bool,
    /// The heading's level (`#` 1 to `######` 6); 0 for a line of text.
    pub level: usize,
    /// Whether a blank line (or the start) comes before it.
    pub starts_block: bool,
    /// Whether the line is wholly bold (`**Title**`), as a title set without a heading is.
    pub bold: bool,
}
