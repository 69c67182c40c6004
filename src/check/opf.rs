//! The package document: metadata, manifest and spine.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use super::ocf::{self, Book};
use super::url::{self, Reference};
use super::xml::{Document, Element};
use super::Code;
use super::{excerpt, Report};
use crate::language::is_language_tag;

const NS_OPF: &str = "http://www.idpf.org/2007/opf";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";
/// The media type of XHTML content documents.
pub const XHTML_MEDIA_TYPE: &str = "application/xhtml+xml";
const SVG_MEDIA_TYPE: &str = "image/svg+xml";
const NCX_MEDIA_TYPE: &str = "application/x-dtbncx+xml";

/// What later stages need to know about the package.
#[derive(Debug, Clone)]
pub struct Package {
    /// Entry name of the package document.
    pub path: String,
    /// Manifest items, in document order.
    pub items: Vec<Item>,
    /// Entry names of the spine's items, in reading order.
    pub spine: Vec<String>,
    /// Entry names the items resolve to.
    listed: HashSet<String>,
    /// True for an EPUB 2 book, checked by EPUB 2's rules (OPF 2.0.1, NCX).
    pub epub2: bool,
    /// True when the metadata names a CSS class for media overlay playback
    /// (`media:active-class`, `media:playback-active-class`).
    pub overlay_classes: bool,
}

/// One manifest item, as the checker needs it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its `id`.
    pub id: String,
    /// Entry name the href resolves to; `None` for remote resources.
    pub path: Option<String>,
    /// Its media type, trimmed and lower-cased.
    pub media_type: String,
    /// Its `properties`, one word each.
    pub properties: Vec<String>,
    /// True when `path` names a file that exists in the zip.
    pub present: bool,
    /// True when a spine itemref names this item.
    pub in_spine: bool,
    /// True when a spine itemref lays this item out as fixed pages.
    pub fixed_layout: bool,
    /// True when the item's itemref says `linear="no"`: out of the reading
    /// order, so reached only by links.
    pub non_linear: bool,
    /// True when the item names a fallback for reading systems that cannot
    /// show its media type.
    pub has_fallback: bool,
    /// The href as written, for remote resources.
    pub href: String,
    /// The id of the media overlay the item names, if any.
    pub media_overlay: Option<String>,
}

impl Item {
    /// True for the navigation document (`properties="nav"`).
    pub fn is_nav(&self) -> bool {
        self.properties.iter().any(|p| p == "nav")
    }
}

impl Package {
    /// True when some manifest item resolves to `path`.
    pub fn lists(&self, path: &str) -> bool {
        self.listed.contains(path)
    }
}

/// Checks the package document at `path`. Returns `None` when it cannot be
/// read well enough to check the publication's content.
pub fn check_package<R: Read + Seek>(
    book: &mut Book<R>,
    path: &str,
    report: &mut Report,
) -> Option<Package> {
    // The container check has found the entry; a failed read is reported.
    let bytes = book.read(path, report).ok()?;
    let document = ocf::parse_xml(path, &bytes, report)?;
    let at = |element: &Element| Some(format!("{path}:{}", element.line));
    let root = document.root()?;
    if !root.is(NS_OPF, "package") {
        report.add(
            Code::OpfNotPackage,
            at(root),
            format!("the root element must be <package xmlns=\"{NS_OPF}\">"),
        );
        return None;
    }
    let version = root.attr("version").map(str::trim);
    report.version = version.map(str::to_owned);
    let epub2 = version.is_some_and(|v| v.starts_with('2'));
    if !matches!(version, Some("3.0" | "2.0" | "2.0.1")) {
        report.add(
            Code::OpfVersion,
            at(root),
            format!(
                "the package version is {}; it must be version=\"3.0\" (or \"2.0\" for EPUB 2)",
                root.attr("version")
                    .map_or("missing".to_owned(), |v| format!("\"{}\"", excerpt(v)))
            ),
        );
    }
    check_unique_ids(&document, path, report);
    if !epub2 {
        check_prefixes(&document, path, report);
    }
    let sections = Sections::find(&document, path, report);
    if let Some(metadata) = sections.metadata {
        check_metadata(&document, metadata, path, epub2, report);
    }
    let manifest = sections.manifest?;
    let items = check_manifest(&document, manifest, path, epub2, book, report);
    let mut package = Package {
        path: path.to_owned(),
        listed: items.iter().filter_map(|item| item.path.clone()).collect(),
        items,
        spine: Vec::new(),
        epub2,
        overlay_classes: sections.metadata.is_some_and(|metadata| {
            document.children(metadata).any(|(_, e)| {
                e.is(NS_OPF, "meta")
                    && matches!(
                        e.attr("property"),
                        Some("media:active-class" | "media:playback-active-class")
                    )
            })
        }),
    };
    check_unlisted(book, &package, report);
    if let Some(spine) = sections.spine {
        let fixed_layout = sections.metadata.is_some_and(|metadata| {
            document.children(metadata).any(|(_, e)| {
                e.is(NS_OPF, "meta")
                    && e.attr("property") == Some("rendition:layout")
                    && e.attr("refines").is_none()
                    && e.text.trim() == "pre-paginated"
            })
        });
        check_spine(&document, spine, &mut package, fixed_layout, path, report);
    }
    Some(package)
}

/// XML ids must be unique across the whole package document.
fn check_unique_ids(document: &Document, path: &str, report: &mut Report) {
    let mut seen = HashSet::new();
    for element in &document.elements {
        if let Some(id) = element.attr("id") {
            if !seen.insert(id) {
                report.add(
                    Code::OpfDuplicateId,
                    Some(format!("{path}:{}", element.line)),
                    format!(
                        "id \"{}\" is used more than once; ids must be unique",
                        excerpt(id)
                    ),
                );
            }
        }
    }
}

/// Indices of the three required children of `<package>`.
struct Sections {
    metadata: Option<usize>,
    manifest: Option<usize>,
    spine: Option<usize>,
}

impl Sections {
    fn find(document: &Document, path: &str, report: &mut Report) -> Self {
        let mut find = |name: &str| {
            let found = document
                .children(0)
                .find(|(_, e)| e.is(NS_OPF, name))
                .map(|(i, _)| i);
            if found.is_none() {
                report.add(
                    Code::OpfSectionMissing,
                    Some(path.to_owned()),
                    format!("the package has no <{name}> element"),
                );
            }
            found
        };
        Sections {
            metadata: find("metadata"),
            manifest: find("manifest"),
            spine: find("spine"),
        }
    }
}

fn check_metadata(
    document: &Document,
    metadata: usize,
    path: &str,
    epub2: bool,
    report: &mut Report,
) {
    let children: Vec<&Element> = document.children(metadata).map(|(_, e)| e).collect();
    let filled = |name: &str| {
        children
            .iter()
            .copied()
            .find(|e| e.is(NS_DC, name) && !e.text.trim().is_empty())
    };
    let location = Some(path.to_owned());
    check_unique_identifier(document, &children, path, report);
    if filled("title").is_none() {
        report.add(
            Code::OpfTitleMissing,
            location.clone(),
            "the metadata has no non-empty <dc:title>",
        );
    }
    match filled("language") {
        None => report.add(
            Code::OpfLanguageMissing,
            location.clone(),
            "the metadata has no non-empty <dc:language>",
        ),
        // EPUB 2 asks for a language, not a well-formed tag (pandoc writes "C").
        Some(language) if !epub2 && !is_language_tag(language.text.trim()) => report.add(
            Code::OpfLanguageInvalid,
            Some(format!("{path}:{}", language.line)),
            format!(
                "\"{}\" is not a well-formed BCP 47 language tag",
                excerpt(language.text.trim())
            ),
        ),
        Some(_) => {}
    }
    // dcterms:modified and the rendition properties came with EPUB 3.
    if !epub2 {
        check_modified(&children, path, report);
        check_once_only(&children, path, report);
    }
    // EPUB 3's schema wants every Dublin Core element filled; an empty one
    // is a schema error there (EPUB 2 only dates its dates, below).
    if !epub2 {
        // Missing titles, languages and unique identifiers have findings of
        // their own; one defect, one finding.
        let unique = document
            .root()
            .and_then(|root| root.attr("unique-identifier"));
        let reported = |e: &Element| match e.name.as_str() {
            "title" | "language" => filled(&e.name).is_none(),
            "identifier" => unique.is_some() && e.attr("id") == unique,
            _ => false,
        };
        for empty in children
            .iter()
            .filter(|e| e.ns == NS_DC && e.text.trim().is_empty() && !reported(e))
        {
            report.add(
                Code::OpfDcEmpty,
                Some(format!("{path}:{}", empty.line)),
                format!(
                    "<dc:{}> is empty; fill it or leave it out",
                    excerpt(&empty.name)
                ),
            );
        }
    }
    for date in children.iter().filter(|e| e.is(NS_DC, "date")) {
        if !epub2 && date.text.trim().is_empty() {
            continue;
        }
        if !is_w3c_date(date.text.trim()) {
            report.add(
                Code::OpfDateInvalid,
                Some(format!("{path}:{}", date.line)),
                format!(
                    "<dc:date> \"{}\" is not a date such as 2024, 2024-01 or 2024-01-31",
                    excerpt(date.text.trim())
                ),
            );
        }
    }
    for link in children.iter().filter(|e| e.is(NS_OPF, "link")) {
        let local = link
            .attr("href")
            .is_some_and(|h| url::resolve(path, h).is_ok_and(|r| r != Reference::External));
        if local && link.attr("media-type").is_none() {
            report.add(
                Code::OpfLinkMediaType,
                Some(format!("{path}:{}", link.line)),
                "a <link> to a file in the book needs a media-type attribute",
            );
        }
    }
}

/// `unique-identifier` must name the id of a non-empty `<dc:identifier>`.
fn check_unique_identifier(
    document: &Document,
    children: &[&Element],
    path: &str,
    report: &mut Report,
) {
    let location = document.root().map(|root| format!("{path}:{}", root.line));
    let Some(wanted) = document
        .root()
        .and_then(|root| root.attr("unique-identifier"))
    else {
        report.add(
            Code::OpfUniqueId,
            location,
            "the <package> has no unique-identifier attribute",
        );
        return;
    };
    let identifier = children
        .iter()
        .find(|e| e.is(NS_DC, "identifier") && e.attr("id") == Some(wanted));
    match identifier {
        None => report.add(
            Code::OpfUniqueId,
            location,
            format!(
                "unique-identifier=\"{}\" names no <dc:identifier> with that id",
                excerpt(wanted)
            ),
        ),
        Some(identifier) if identifier.text.trim().is_empty() => report.add(
            Code::OpfUniqueId,
            Some(format!("{path}:{}", identifier.line)),
            "the unique identifier is empty",
        ),
        Some(_) => {}
    }
}

/// Exactly one `dcterms:modified`, formatted `CCYY-MM-DDThh:mm:ssZ`.
fn check_modified(children: &[&Element], path: &str, report: &mut Report) {
    let modified: Vec<&&Element> = children
        .iter()
        .filter(|e| {
            e.is(NS_OPF, "meta")
                && e.attr("property") == Some("dcterms:modified")
                && e.attr("refines").is_none()
        })
        .collect();
    let Some(first) = modified.first() else {
        report.add(
            Code::OpfModifiedMissing,
            Some(path.to_owned()),
            "the metadata has no <meta property=\"dcterms:modified\">; add one such as 2024-01-31T12:00:00Z",
        );
        return;
    };
    for extra in modified.iter().skip(1) {
        report.add(
            Code::OpfModifiedDuplicate,
            Some(format!("{path}:{}", extra.line)),
            "dcterms:modified is given more than once; keep exactly one",
        );
    }
    let value = first.text.trim();
    if !is_utc_timestamp(value) {
        report.add(
            Code::OpfModifiedFormat,
            Some(format!("{path}:{}", first.line)),
            format!(
                "dcterms:modified is \"{}\"; it must look like 2024-01-31T12:00:00Z (UTC, no fractions)",
                excerpt(value)
            ),
        );
    }
}

/// Package-wide properties that EPUB 3 allows at most once each: a book
/// has one layout, one orientation, one spread, one flow, one active class.
const ONCE_ONLY_PROPERTIES: &[&str] = &[
    "rendition:layout",
    "rendition:orientation",
    "rendition:spread",
    "rendition:flow",
    "rendition:viewport",
    "media:active-class",
    "media:playback-active-class",
];

/// Each of [`ONCE_ONLY_PROPERTIES`] at most once in the package metadata.
fn check_once_only(children: &[&Element], path: &str, report: &mut Report) {
    for property in ONCE_ONLY_PROPERTIES {
        let given = children.iter().filter(|e| {
            e.is(NS_OPF, "meta")
                && e.attr("property").map(str::trim) == Some(property)
                && e.attr("refines").is_none()
        });
        for extra in given.skip(1) {
            report.add(
                Code::OpfPropertyRepeated,
                Some(format!("{path}:{}", extra.line)),
                format!("{property} is given more than once; a book has one"),
            );
        }
    }
}

/// A W3C date (W3CDTF): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a full date
/// and time.
fn is_w3c_date(value: &str) -> bool {
    let date = value.split('T').next().unwrap_or("");
    let fields: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = match fields.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    let month_ok = fields
        .get(1)
        .is_none_or(|m| (1..=12).contains(&m.parse::<u32>().unwrap_or(0)));
    let day_ok = fields
        .get(2)
        .is_none_or(|d| (1..=31).contains(&d.parse::<u32>().unwrap_or(0)));
    let time_ok = value.split_once('T').is_none_or(|(_, t)| {
        chrono::DateTime::parse_from_rfc3339(value).is_ok()
            || t.len() >= 5 && t.as_bytes()[2] == b':'
    });
    shape_ok && month_ok && day_ok && time_ok
}

/// `CCYY-MM-DDThh:mm:ssZ`, with plausible field ranges.
fn is_utc_timestamp(value: &str) -> bool {
    let bytes = value.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:ddZ";
    if bytes.len() != shape.len()
        || !bytes.iter().zip(shape).all(|(b, s)| {
            if *s == b'd' {
                b.is_ascii_digit()
            } else {
                b == s
            }
        })
    {
        return false;
    }
    let field = |range: std::ops::Range<usize>| {
        value
            .get(range)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    };
    (1..=12).contains(&field(5..7))
        && (1..=31).contains(&field(8..10))
        && field(11..13) <= 23
        && field(14..16) <= 59
        && field(17..19) <= 60
}

fn check_manifest<R: Read + Seek>(
    document: &Document,
    manifest: usize,
    path: &str,
    epub2: bool,
    book: &Book<R>,
    report: &mut Report,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut fallbacks = Vec::new();
    let mut hrefs: HashMap<String, String> = HashMap::new();
    for (_, element) in document
        .children(manifest)
        .filter(|(_, e)| e.is(NS_OPF, "item"))
    {
        let location = Some(format!("{path}:{}", element.line));
        // XML ids are compared with surrounding spaces trimmed, as EPUBCheck does.
        let (Some(id), Some(href), Some(media_type)) = (
            element.attr("id").map(str::trim),
            element.attr("href"),
            element.attr("media-type"),
        ) else {
            report.add(
                Code::ManifestItemInvalid,
                location,
                "the <item> needs id, href and media-type attributes",
            );
            continue;
        };
        if url::leaks(path, href) {
            report.add(
                Code::UrlLeaks,
                location.clone(),
                format!(
                    "href \"{}\" leaves the container (it is path-absolute or climbs above the root); \
                     make it relative to the package document",
                    excerpt(href)
                ),
            );
        }
        let malformed = url::syntax_error(href);
        if let Some(reason) = &malformed {
            report.add(
                Code::ManifestHrefInvalid,
                location.clone(),
                format!("href \"{}\" is not a valid URL: {reason}", excerpt(href)),
            );
        }
        let target = match url::resolve(path, href) {
            Ok(Reference::Internal {
                path,
                fragment: None,
            }) => Some(path),
            Ok(Reference::External) => None,
            Ok(Reference::Internal {
                fragment: Some(_), ..
            }) => {
                report.add(
                    Code::ManifestHrefInvalid,
                    location,
                    "a manifest href must not have a #fragment",
                );
                continue;
            }
            Err(reason) => {
                if malformed.is_none() {
                    report.add(
                        Code::ManifestHrefInvalid,
                        location,
                        format!("href \"{}\" is unusable: {reason}", excerpt(href)),
                    );
                }
                continue;
            }
        };
        let mut present = false;
        // A remote SVG may be a font; only XHTML is always a content document.
        if target.is_none() && media_type.trim() == XHTML_MEDIA_TYPE {
            report.add(
                Code::ManifestRemoteContent,
                location.clone(),
                format!(
                    "item \"{}\" is a remote content document ({}); content documents must be in the book",
                    excerpt(id),
                    excerpt(href)
                ),
            );
        }
        if let Some(target) = &target {
            if target == path {
                report.add(
                    Code::ManifestSelf,
                    location.clone(),
                    format!(
                        "item \"{}\" lists the package document itself; remove it",
                        excerpt(id)
                    ),
                );
            }
            if target.starts_with("META-INF/") {
                report.add(
                    Code::ManifestInMetaInf,
                    location.clone(),
                    format!(
                        "item \"{}\" is in META-INF, which holds only container files; move it",
                        excerpt(id)
                    ),
                );
            }
            present = book.has_file(target);
            if !present {
                let hint = book
                    .case_variant(target)
                    .map(|other| format!(" (the zip has \"{other}\", which differs in case)"))
                    .unwrap_or_default();
                report.add(
                    Code::ManifestFileMissing,
                    location.clone(),
                    format!(
                        "item \"{}\" names {target}, which is not in the zip{hint}",
                        excerpt(id)
                    ),
                );
            }
            if let Some(other) = hrefs.insert(target.clone(), id.to_owned()) {
                report.add(
                    Code::ManifestDuplicateHref,
                    location.clone(),
                    format!(
                        "items \"{}\" and \"{}\" both name {target}",
                        excerpt(&other),
                        excerpt(id)
                    ),
                );
            }
        }
        let properties: Vec<String> = element
            .attr("properties")
            .unwrap_or("")
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect();
        for unknown in properties
            .iter()
            .filter(|p| !ITEM_PROPERTIES.contains(&p.as_str()) && !has_own_prefix(p))
        {
            report.add(
                Code::ManifestPropertyUnknown,
                location.clone(),
                format!(
                    "item \"{}\" has the unknown property \"{}\"",
                    excerpt(id),
                    excerpt(unknown)
                ),
            );
        }
        items.push(Item {
            id: id.to_owned(),
            path: target,
            media_type: media_type.trim().to_ascii_lowercase(),
            properties,
            present,
            in_spine: false,
            fixed_layout: false,
            non_linear: false,
            has_fallback: element.attr("fallback").is_some(),
            href: href.to_owned(),
            media_overlay: element.attr("media-overlay").map(|m| m.trim().to_owned()),
        });
        fallbacks.push((
            id.to_owned(),
            element.attr("fallback").map(str::trim).map(str::to_owned),
            element.line,
        ));
    }
    check_fallback_chains(&fallbacks, path, report);
    // EPUB 2 books have an NCX instead of a navigation document.
    if !epub2 {
        check_nav_item(&items, path, report);
    }
    items
}

/// The manifest item properties EPUB 3 defines.
const ITEM_PROPERTIES: &[&str] = &[
    "cover-image",
    "data-nav",
    "mathml",
    "nav",
    "remote-resources",
    "scripted",
    "svg",
    "switch",
];

/// Prefixes EPUB reserves; none of their vocabularies has manifest item
/// properties. Other prefixes are the book's own, and are left alone.
const RESERVED_PREFIXES: &[&str] = &[
    "a11y",
    "dcterms",
    "marc",
    "media",
    "onix",
    "rendition",
    "schema",
    "xsd",
    "msv",
    "prism",
];

/// The prefixes EPUB 3 reserves, each with the vocabulary it stands for: a
/// package may declare one only as that vocabulary.
const RESERVED_MAPPINGS: &[(&str, &str)] = &[
    ("a11y", "http://www.idpf.org/epub/vocab/package/a11y/#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("marc", "http://id.loc.gov/vocabulary/"),
    ("media", "http://www.idpf.org/epub/vocab/overlays/#"),
    (
        "onix",
        "http://www.editeur.org/ONIX/book/codelists/current.html#",
    ),
    ("rendition", "http://www.idpf.org/vocab/rendition/#"),
    ("schema", "http://schema.org/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Dublin Core's elements are the `dc:` elements of the metadata, never a
/// vocabulary of properties.
const DC_ELEMENTS: &str = "http://purl.org/dc/elements/1.1/";

/// The `prefix` attribute's mappings: `_` may not be declared (it names no
/// vocabulary in RDFa), no prefix may stand for Dublin Core's elements, and a
/// reserved prefix declared for another vocabulary is a warning (a reading
/// system may read it as the reserved one).
fn check_prefix_mappings(root: &Element, path: &str, report: &mut Report) {
    let Some(mappings) = root.attr("prefix") else {
        return;
    };
    let location = Some(format!("{path}:{}", root.line));
    let mut tokens = mappings.split_ascii_whitespace();
    while let Some(token) = tokens.next() {
        let Some(prefix) = token.strip_suffix(':') else {
            continue;
        };
        let Some(vocabulary) = tokens.next() else {
            break;
        };
        if prefix == "_" {
            report.add(
                Code::OpfPrefixUnderscore,
                location.clone(),
                "the prefix attribute must not declare \"_\"",
            );
        } else if vocabulary == DC_ELEMENTS {
            report.add(
                Code::OpfPrefixDcElements,
                location.clone(),
                format!(
                    "\"{}\" is declared for Dublin Core's elements, which no prefix may stand for",
                    excerpt(prefix)
                ),
            );
        } else if let Some((_, reserved)) = RESERVED_MAPPINGS.iter().find(|(p, _)| *p == prefix) {
            if vocabulary != *reserved {
                report.add(
                    Code::OpfPrefixRedeclared,
                    location.clone(),
                    format!(
                        "the reserved prefix \"{prefix}\" is declared as {}, not {reserved}; \
                         give that vocabulary a prefix of its own",
                        excerpt(vocabulary)
                    ),
                );
            }
        }
    }
}

/// Every prefixed property in the package (`property`, `rel`, `scheme`,
/// `properties`) uses a prefix EPUB reserves or one the package's `prefix`
/// attribute declares (OPF-028).
fn check_prefixes(document: &Document, path: &str, report: &mut Report) {
    if let Some(root) = document.root() {
        check_prefix_mappings(root, path, report);
    }
    let declared: HashSet<&str> = document
        .root()
        .and_then(|root| root.attr("prefix"))
        .map(|prefix| {
            prefix
                .split_ascii_whitespace()
                .filter_map(|token| token.strip_suffix(':'))
                .collect()
        })
        .unwrap_or_default();
    for element in document.elements.iter().filter(|e| e.ns == NS_OPF) {
        let values = ["property", "rel", "scheme", "properties"]
            .iter()
            .filter_map(|name| element.attr(name));
        for token in values.flat_map(str::split_ascii_whitespace) {
            let Some((prefix, reference)) = token.split_once(':') else {
                continue;
            };
            // An absolute IRI names its vocabulary itself.
            if reference.starts_with("//") {
                continue;
            }
            if !RESERVED_PREFIXES.contains(&prefix) && !declared.contains(prefix) {
                report.add(
                    Code::OpfPrefixUndeclared,
                    Some(format!("{path}:{}", element.line)),
                    format!(
                        "\"{}\" uses the prefix \"{}\", which the package's prefix attribute does not declare",
                        excerpt(token),
                        excerpt(prefix)
                    ),
                );
            }
        }
    }
}

/// True for `prefix:name` with a prefix of the book's own.
fn has_own_prefix(property: &str) -> bool {
    property
        .split_once(':')
        .is_some_and(|(prefix, _)| !RESERVED_PREFIXES.contains(&prefix))
}

/// A fallback chain that comes back to where it started never ends.
fn check_fallback_chains(
    fallbacks: &[(String, Option<String>, usize)],
    path: &str,
    report: &mut Report,
) {
    let next: HashMap<&str, &str> = fallbacks
        .iter()
        .filter_map(|(id, fallback, _)| Some((id.as_str(), fallback.as_deref()?)))
        .collect();
    for (id, _, line) in fallbacks {
        let mut at = id.as_str();
        for _ in 0..fallbacks.len() {
            match next.get(at) {
                Some(&following) if following == id => {
                    report.add(
                        Code::ManifestFallbackCircular,
                        Some(format!("{path}:{line}")),
                        format!(
                            "the fallback chain of item \"{}\" comes back to it",
                            excerpt(id)
                        ),
                    );
                    break;
                }
                Some(&following) => at = following,
                None => break,
            }
        }
    }
}

/// Exactly one manifest item is the navigation document, and it is XHTML.
fn check_nav_item(items: &[Item], path: &str, report: &mut Report) {
    let navs: Vec<&Item> = items.iter().filter(|item| item.is_nav()).collect();
    let location = Some(path.to_owned());
    match navs.as_slice() {
        [] => report.add(
            Code::ManifestNavMissing,
            location,
            "no manifest item has properties=\"nav\"; the navigation document must be marked",
        ),
        [nav] => {
            if nav.media_type != XHTML_MEDIA_TYPE {
                report.add(
                    Code::ManifestNavMediaType,
                    location,
                    format!(
                        "the navigation document \"{}\" must be {XHTML_MEDIA_TYPE}",
                        excerpt(&nav.id)
                    ),
                );
            }
        }
        [_, extra @ ..] => {
            for nav in extra {
                report.add(
                    Code::ManifestNavDuplicate,
                    location.clone(),
                    format!(
                        "item \"{}\" is a second navigation document; keep exactly one",
                        excerpt(&nav.id)
                    ),
                );
            }
        }
    }
}

/// Every file in the zip, apart from the container's own, must be listed.
fn check_unlisted<R: Read + Seek>(book: &Book<R>, package: &Package, report: &mut Report) {
    for entry in book.entries() {
        let container_file = entry.name == "mimetype"
            || entry.name.starts_with("META-INF/")
            || entry.name == package.path;
        if entry.is_dir || !entry.safe_name || container_file || package.lists(&entry.name) {
            continue;
        }
        report.add(
            Code::ManifestUnlisted,
            Some(entry.name.clone()),
            "the file is in the zip but not in the manifest; list it or remove it",
        );
    }
}

fn check_spine(
    document: &Document,
    spine: usize,
    package: &mut Package,
    fixed_layout: bool,
    path: &str,
    report: &mut Report,
) {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut count = 0;
    // The first item wins, as duplicate ids are reported on their own.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (index, item) in package.items.iter().enumerate() {
        by_id.entry(item.id.clone()).or_insert(index);
    }
    for (_, itemref) in document
        .children(spine)
        .filter(|(_, e)| e.is(NS_OPF, "itemref"))
    {
        count += 1;
        let location = Some(format!("{path}:{}", itemref.line));
        let Some(idref) = itemref.attr("idref").map(str::trim) else {
            report.add(
                Code::SpineIdrefUnknown,
                location,
                "the <itemref> has no idref",
            );
            continue;
        };
        let found = by_id.get(idref).and_then(|&i| package.items.get_mut(i));
        let Some(item) = found else {
            report.add(
                Code::SpineIdrefUnknown,
                location,
                format!("idref \"{}\" names no manifest item", excerpt(idref)),
            );
            continue;
        };
        if !seen.insert(idref) {
            report.add(
                Code::SpineDuplicateIdref,
                location,
                format!("item \"{}\" is in the spine more than once", excerpt(idref)),
            );
            continue;
        }
        item.in_spine = true;
        order.extend(item.path.clone());
        item.non_linear = itemref.attr("linear").map(str::trim) == Some("no");
        let layout = itemref.attr("properties").unwrap_or("");
        if !package.epub2 {
            check_itemref_properties(layout, location.clone(), report);
        }
        item.fixed_layout = match () {
            _ if has_word(layout, "rendition:layout-pre-paginated") => true,
            _ if has_word(layout, "rendition:layout-reflowable") => false,
            _ => fixed_layout,
        };
        if item.path.is_none() {
            report.add(
                Code::SpineRemote,
                location.clone(),
                format!(
                    "spine item \"{}\" is remote ({}); the reading order must be in the book",
                    excerpt(idref),
                    excerpt(&item.href)
                ),
            );
        }
        let readable = item.media_type == XHTML_MEDIA_TYPE || item.media_type == SVG_MEDIA_TYPE;
        if !readable && !item.has_fallback {
            report.add(
                Code::SpineMediaType,
                location,
                format!(
                    "spine item \"{}\" is {}; reading order items must be XHTML or SVG \
                     (or have a fallback)",
                    excerpt(idref),
                    excerpt(&item.media_type)
                ),
            );
        }
    }
    package.spine = order;
    if package.epub2 {
        check_ncx_reference(document.elements.get(spine), package, path, report);
    }
    if count == 0 {
        report.add(
            Code::SpineEmpty,
            Some(path.to_owned()),
            "the spine has no <itemref>; list the reading order",
        );
    }
}

/// The unprefixed itemref properties EPUB 3 defines; `rendition:` ones
/// are checked by name too, other prefixes are the book's own.
const ITEMREF_PROPERTIES: &[&str] = &["page-spread-left", "page-spread-right"];

/// The `rendition:` itemref properties (EPUB 3.3, fixed layouts).
const RENDITION_ITEMREF_PROPERTIES: &[&str] = &[
    "align-x-center",
    "flow-auto",
    "flow-paginated",
    "flow-scrolled-continuous",
    "flow-scrolled-doc",
    "layout-pre-paginated",
    "layout-reflowable",
    "orientation-auto",
    "orientation-landscape",
    "orientation-portrait",
    "page-spread-center",
    "page-spread-left",
    "page-spread-right",
    "spread-auto",
    "spread-both",
    "spread-landscape",
    "spread-none",
    "spread-portrait",
];

/// An itemref property must be one EPUB defines (OPF-027).
fn check_itemref_properties(properties: &str, location: Option<String>, report: &mut Report) {
    for property in properties.split_ascii_whitespace() {
        let known = match property.split_once(':') {
            None => ITEMREF_PROPERTIES.contains(&property),
            Some(("rendition", name)) => RENDITION_ITEMREF_PROPERTIES.contains(&name),
            Some(_) => has_own_prefix(property),
        };
        if !known {
            report.add(
                Code::SpinePropertyUnknown,
                location.clone(),
                format!(
                    "itemref property \"{}\" is not one EPUB defines",
                    excerpt(property)
                ),
            );
        }
    }
}

fn has_word(list: &str, word: &str) -> bool {
    list.split_ascii_whitespace().any(|w| w == word)
}

/// An EPUB 2 spine names its NCX in `toc`.
fn check_ncx_reference(
    spine: Option<&Element>,
    package: &Package,
    path: &str,
    report: &mut Report,
) {
    let toc = spine.and_then(|s| s.attr("toc")).map(str::trim);
    let ncx = toc.and_then(|toc| package.items.iter().find(|item| item.id == toc));
    if ncx.is_none_or(|item| item.media_type != NCX_MEDIA_TYPE) {
        report.add(
            Code::SpineNcxMissing,
            spine.map(|s| format!("{path}:{}", s.line)),
            format!("an EPUB 2 spine needs toc=\"…\" naming the manifest item of the NCX ({NCX_MEDIA_TYPE})"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_w3c_dates() {
        for good in [
            "2024",
            "2024-01",
            "2024-01-31",
            "2024-01-31T12:00:00Z",
            "2024-01-31T12:00",
        ] {
            assert!(is_w3c_date(good), "{good}");
        }
        for bad in ["", "2024-13", "31/01/2024", "2024-1-3", "soon"] {
            assert!(!is_w3c_date(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_only_utc_timestamps_to_the_second() {
        assert!(is_utc_timestamp("2024-01-31T12:00:00Z"));
        for bad in [
            "2024-01-31",
            "2024-01-31T12:00:00",
            "2024-01-31T12:00:00.5Z",
            "2024-13-01T00:00:00Z",
            "2024-01-31T12:00:00+01:00",
            "２０２４-01-31T12:00:00Z",
        ] {
            assert!(!is_utc_timestamp(bad), "{bad}");
        }
    }
}
