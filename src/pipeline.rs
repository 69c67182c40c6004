//! One book through the whole pipeline: manifest and source in, EPUB out.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Error, SourceWarning, Warning, WarningCode};
use crate::manifest::{self, Cover, Manifest};
use crate::model::{Block, Book, Colophon, Inline, Metadata};
use crate::sandbox::{self, Sandbox};
use crate::source::order::OrderChoice;
use crate::source::{self, Content, SourceKind};

/// Settings that change what is written, not what is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seconds since 1970 to stamp as `dcterms:modified` (from `SOURCE_DATE_EPOCH`).
    pub source_date_epoch: Option<i64>,
    /// Whether to set curly quotes, dashes and ellipses (`--typography`);
    /// `None` leaves it to the manifest or front matter (on by default).
    pub typography: Option<bool>,
    /// Whether to repair words and remove page furniture (`--repairs`);
    /// `None` leaves it to the manifest or front matter (on by default).
    pub repairs: Option<bool>,
    /// The cover from `--cover`, over the manifest's and the front matter's.
    pub cover: Option<Cover>,
    /// A stylesheet from `--stylesheet`, over the manifest's and the front matter's.
    pub stylesheet: Option<PathBuf>,
    /// Metadata given on the command line, over the manifest's and the source's.
    pub given: GivenMetadata,
    /// `--sandbox`: read no file a source or manifest names outside their folders.
    pub sandbox: bool,
    /// Whether to write a Kobo EPUB beside each book (`--kepub`); `None`
    /// leaves it to the manifest, then to the library's `quire.toml`.
    pub kepub: Option<bool>,
    /// Manifest keys given on the command line (`-M key=value`): over the
    /// manifest's, under the named flags (`--title`...) held in `given`.
    pub metadata: manifest::Overrides,
}

/// Metadata given on the command line (`--title`, `--author`...), as pandoc
/// takes it: each over the manifest's value and whatever the source says.
#[derive(Debug, Clone, Default)]
pub struct GivenMetadata {
    /// `--title`.
    pub title: Option<String>,
    /// `--subtitle`.
    pub subtitle: Option<String>,
    /// `--author`, in order (none: not given).
    pub authors: Vec<String>,
    /// `--language`, a language tag.
    pub language: Option<String>,
    /// `--date`, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// A book read and assembled, with what was noticed on the way.
#[derive(Debug)]
pub struct Assembled {
    /// The book.
    pub book: Book,
    /// What kind of source it was read from.
    pub kind: SourceKind,
    /// What was recognised and why, one line each.
    pub explanation: Vec<String>,
    /// What the user should know about the book.
    pub warnings: Vec<Warning>,
    /// The file name the book is written under, e.g. `essay.epub`.
    pub file_name: String,
    /// The files read or looked for besides the source and manifest: images, cover, stylesheet.
    pub read: Vec<PathBuf>,
    /// Whether a Kobo EPUB is wanted beside the book, as `--kepub` or the
    /// manifest says; `None`: neither says (the library's `quire.toml` may).
    pub kepub: Option<bool>,
}

/// Reads a manifest and checks every setting: what the manifest checks alone, then the settings
/// whose meaning a stage gives (encoding, order, stylesheet, cover), then that its source is a
/// file. Each error names the manifest and the setting's line.
pub fn load_manifest(path: &Path) -> Result<Manifest, Error> {
    load_manifest_with(path, &manifest::Overrides::default())
}

/// Reads a manifest as [`load_manifest`] does, with the keys given on the command line
/// (`-M`) put over its own before anything is checked against its stage.
pub fn load_manifest_with(path: &Path, given: &manifest::Overrides) -> Result<Manifest, Error> {
    let mut manifest = manifest::read(path)?;
    given.apply(&mut manifest)?;
    check_settings(&manifest)?;
    manifest.check_source()?;
    Ok(manifest)
}

/// Checks the keys given on the command line (`-M`) as a manifest's settings are checked,
/// before any book is built: a mistake there is every book's.
pub fn check_overrides(given: &manifest::Overrides) -> Result<(), Error> {
    if given.is_empty() {
        return Ok(());
    }
    check_settings(&given.read()?)
}

/// The settings whose meaning a stage gives (encoding, order, stylesheet, cover), checked;
/// each error names the manifest and the setting's line, where it has one.
fn check_settings(manifest: &Manifest) -> Result<(), Error> {
    let path = &manifest.path;
    let wrong =
        |line: usize, message: String| Error::new(path, (line > 0).then_some(line), message);
    if let Some(label) = &manifest.encoding {
        if source::encoding::named(&label.value).is_none() {
            return Err(wrong(
                label.line,
                format!(
                    "`encoding`: \"{}\" is not an encoding label such as \"utf-8\", \"windows-1252\" or \"latin1\"",
                    label.value
                ),
            ));
        }
    }
    order_choice(manifest)?;
    if let Some(stylesheet) = &manifest.stylesheet {
        if let Err(why) = crate::render::stylesheet::load(&stylesheet.value, None) {
            return Err(wrong(stylesheet.line, format!("`stylesheet`: {why}")));
        }
    }
    if let Some(manifest::Lined {
        value: Cover::Image(image),
        line,
    }) = &manifest.cover
    {
        if let Err(why) = read_cover_image(image) {
            return Err(wrong(
                *line,
                format!("`cover`: {why} (a cover is a JPEG or PNG image at least 1000 px high, or \"none\")"),
            ));
        }
    }
    Ok(())
}

/// The reading order the manifest asks for, if any; an error names its line.
fn order_choice(manifest: &Manifest) -> Result<Option<OrderChoice>, Error> {
    let Some(order) = &manifest.order else {
        return Ok(None);
    };
    OrderChoice::parse(&order.value).map(Some).ok_or_else(|| {
        Error::new(
            &manifest.path,
            (order.line > 0).then_some(order.line),
            format!(
                "`order`: \"{}\" is not one of \"as-file\", \"booklet\" or \"auto\"",
                order.value
            ),
        )
    })
}

/// Reads a cover image and checks it is one a reader can show; the error says why not.
pub fn read_cover_image(path: &Path) -> Result<crate::model::Resource, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let info = crate::render::cover::check_image(&data)
        .map_err(|why| format!("{}: {why}", path.display()))?;
    let extension = if info.media_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    Ok(crate::model::Resource {
        href: format!("images/cover.{extension}"),
        media_type: info.media_type.to_string(),
        data,
    })
}

/// Reads a manifest's source into a book (the manifest as [`load_manifest`] gives it).
pub fn from_manifest(manifest: &Manifest, options: &Options) -> Result<Assembled, Error> {
    let order = order_choice(manifest)?;
    let encoding = manifest.encoding.as_ref().map(|e| e.value.as_str());
    let (text, read_warnings) = read_source_text(&manifest.source, encoding)?;
    let repairs = options.repairs.or(manifest.repairs);
    let mut content = source::read_file(Cow::Owned(text), &manifest.source, order, repairs);
    content.warnings.splice(0..0, read_warnings);
    let stem = stem(&manifest.path);
    Ok(assemble(
        Some(manifest),
        content,
        &manifest.source,
        &stem,
        options,
    ))
}

/// Reads a source file with no manifest: its metadata comes from its own
/// title page, colophon or front matter.
pub fn from_source(path: &Path, options: &Options) -> Result<Assembled, Error> {
    if !options.metadata.is_empty() {
        // The keys given on the command line are the manifest the source lacks.
        let manifest = options.metadata.for_source(path)?;
        check_settings(&manifest)?;
        return from_manifest(&manifest, options);
    }
    let (text, read_warnings) = read_source_text(path, None)?;
    let mut content = source::read_file(Cow::Owned(text), path, None, options.repairs);
    content.warnings.splice(0..0, read_warnings);
    Ok(assemble(None, content, path, &stem(path), options))
}

/// Assembles a book from source text already in memory; `path` names the
/// source (its folder is where images are looked for, its stem names the book).
pub fn from_text(text: &str, path: &Path, options: &Options) -> Assembled {
    let content = source::read_file(Cow::Borrowed(text), path, None, options.repairs);
    assemble(None, content, path, &stem(path), options)
}

/// A source's text and the warnings of reading it.
pub type SourceText = (String, Vec<SourceWarning>);

/// Reads a source as text in its encoding (`encoding` forces one), refusing
/// what is not text: binary data, nothing at all. Returns the text and the
/// warnings of reading it.
pub fn read_source_text(path: &Path, encoding: Option<&str>) -> Result<SourceText, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(path, None, format!("cannot read the source: {e}")))?;
    let empty = || {
        Error::new(
            path,
            None,
            "the source is empty: there is no text to make a book of",
        )
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty());
    }
    let decoded = source::encoding::decode(bytes, encoding)
        .map_err(|e| Error::new(path, e.line, e.message))?;
    if decoded.text.trim().is_empty() {
        return Err(empty());
    }
    Ok((decoded.text, decoded.warnings))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "book".into())
}

fn assemble(
    manifest: Option<&Manifest>,
    mut content: Content,
    source_path: &Path,
    stem: &str,
    options: &Options,
) -> Assembled {
    let folder = source_path.parent().unwrap_or(Path::new(""));
    let sandbox = options.sandbox.then(|| {
        let manifest_folder = manifest.and_then(|m| m.path.parent());
        Sandbox::new([folder].into_iter().chain(manifest_folder))
    });
    let image_lines = std::mem::take(&mut content.image_lines);
    let line_of = |src: &str| {
        image_lines
            .iter()
            .find(|(written, _)| written == src)
            .map(|(_, line)| *line)
    };
    let images = source::images::resolve(
        &mut content.chapters,
        &mut content.notes,
        folder,
        &line_of,
        sandbox.as_ref(),
    );
    let resources = images.resources;
    let mut read = images.looked_for;
    content.warnings.extend(images.warnings);
    let pages = source::markdown::page_breaks::keep_page_sequence(
        &mut content.chapters,
        &mut content.notes,
    );
    content.explanation.extend(pages);
    let empty = source::markdown::without_empty_headings(&mut content.chapters);
    if empty > 0 {
        content.explanation.push(format!(
            "{empty} headings show nothing (an image that is missing, with no description): no headings, their text joins the section before"
        ));
    }
    let front = &content.front;
    let pick = |m: Option<&String>, f: &Option<String>| m.cloned().or_else(|| f.clone());
    let given = &options.given;
    let manifest_authors = manifest.map(|m| m.authors.as_slice()).unwrap_or_default();
    let decision = source::metadata::decide(
        &content.readings,
        source::metadata::Given {
            title: given
                .title
                .as_deref()
                .or_else(|| manifest.map(|m| m.title.as_str()).filter(|t| !t.is_empty())),
            authors: if given.authors.is_empty() {
                manifest_authors
            } else {
                &given.authors
            },
            title_from: if given.title.is_some() {
                "--title"
            } else if options.metadata.has("title") {
                "-M title"
            } else {
                "the manifest"
            },
            authors_from: if !given.authors.is_empty() {
                "--author"
            } else if options.metadata.has("authors") {
                "-M authors"
            } else {
                "the manifest"
            },
        },
        stem,
    );
    let title = decision.title.clone().unwrap_or_default();
    let authors = decision.authors.clone();
    let date = given
        .date
        .clone()
        .or_else(|| pick(manifest.and_then(|m| m.date.as_ref()), &front.date));
    let stated_language = given
        .language
        .as_deref()
        .map(|tag| (tag, "--language"))
        .or_else(|| {
            manifest
                .and_then(|m| m.language.as_deref())
                .map(|tag| (tag, "the manifest"))
        })
        .or_else(|| {
            front
                .language
                .as_deref()
                .map(|tag| (tag, "the front matter"))
        });
    let text = source::metadata::language::text_of(&content.chapters);
    let language = source::metadata::language::decide(stated_language, &text);
    // The language the text reads as, for the accessibility claims: read once,
    // by the decision itself when nothing states the language.
    let text_language = match language.source {
        source::metadata::language::LanguageSource::Detected(_)
        | source::metadata::language::LanguageSource::CommonWords(_) => Some(language.tag.clone()),
        source::metadata::language::LanguageSource::Default => None,
        source::metadata::language::LanguageSource::Stated => {
            source::metadata::language::detect(&text)
        }
    };
    let identifier = match manifest
        .and_then(|m| m.identifier.clone())
        .or_else(|| front.identifier.clone())
    {
        Some(id) if uuid::Uuid::parse_str(&id).is_ok() => format!("urn:uuid:{}", id.to_lowercase()),
        Some(id) => id,
        None => derived_identifier(&title, &authors),
    };
    let modified = options
        .source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .or_else(|| manifest.and_then(|m| m.modified.clone()))
        .or_else(|| date.as_deref().and_then(midnight_of))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let meta = Metadata {
        subtitle: given
            .subtitle
            .clone()
            .or_else(|| pick(manifest.and_then(|m| m.subtitle.as_ref()), &front.subtitle)),
        language: language.tag.clone(),
        text_language,
        publisher: pick(
            manifest.and_then(|m| m.publisher.as_ref()),
            &front.publisher,
        ),
        rights: pick(manifest.and_then(|m| m.rights.as_ref()), &front.rights),
        source_url: pick(
            manifest.and_then(|m| m.source_url.as_ref()),
            &front.source_url,
        ),
        provenance: match manifest {
            Some(m) if !m.provenance.is_empty() => m.provenance.clone(),
            _ => front.provenance.clone(),
        },
        // Read from the provenance once the book's text is final (see `colophon`).
        colophon: Colophon::default(),
        original_publication: pick(
            manifest.and_then(|m| m.original_publication.as_ref()),
            &front.original_publication,
        ),
        description: pick(
            manifest.and_then(|m| m.description.as_ref()),
            &front.description,
        ),
        subjects: match manifest {
            Some(m) if !m.subjects.is_empty() => m.subjects.clone(),
            _ => front.subjects.clone(),
        },
        series: manifest.and_then(|m| m.series.clone()),
        series_index: manifest.and_then(|m| m.series_index.clone()),
        contributors: manifest.map(|m| m.contributors.clone()).unwrap_or_default(),
        isbn: manifest.and_then(|m| m.isbn.clone()),
        title,
        authors,
        date,
        identifier,
        modified,
    };
    let mut meta = meta;
    tidy(&mut meta, stem);
    let title_given = given.title.is_some() || manifest.is_some_and(|m| !m.title.is_empty());
    if let Some(heading) = content.title_heading.take().filter(|_| title_given) {
        if let Some(kept) = keep_title_heading(&mut content.chapters, heading, &meta) {
            content.explanation.push(kept);
        }
    }
    let mut warnings: Vec<Warning> = content
        .warnings
        .iter()
        .map(|w| Warning::about(source_path, w.clone()))
        .collect();
    warnings.extend(language.warning.iter().map(|message| {
        Warning::new(
            source_path,
            None,
            WarningCode::LanguageUnclear,
            message.clone(),
        )
    }));
    let mut explanation = content.explanation;
    explanation.extend(decision.explanation);
    explanation.push(language.explanation);
    explanation.push(format!(
        "metadata: title \"{}\", by {}, language {}, identifier {}",
        meta.title,
        if meta.authors.is_empty() {
            "no named author".to_string()
        } else {
            crate::render::join_in_prose(&meta.authors)
        },
        meta.language,
        meta.identifier
    ));
    let mut book = Book {
        meta,
        chapters: content.chapters,
        notes: content.notes,
        resources,
        cover: None,
    };
    let typography = options
        .typography
        .or_else(|| manifest.and_then(|m| m.typography))
        .or(front.typography)
        .unwrap_or(true);
    explanation.push(set_typography(&mut book, typography));
    book.meta.colophon = colophon(&book.meta);
    let mut file_warnings = Vec::new();
    // What the command line gives is the operator's own; what a manifest or source names is
    // read only inside the sandbox.
    let named_cover = manifest
        .and_then(|m| m.cover.as_ref().map(|c| c.value.clone()))
        .or_else(|| {
            front
                .cover
                .as_deref()
                .map(|c| Cover::from_setting(c, folder))
        })
        .filter(|cover| match cover {
            Cover::Image(path) => confined(
                sandbox.as_ref(),
                "the cover image",
                path,
                "quire draws one instead",
                &mut file_warnings,
            ),
            Cover::None => true,
        });
    let choice = options.cover.clone().or(named_cover);
    if let Some(Cover::Image(path)) = &choice {
        read.push(path.clone());
    }
    let (cover, said, made_warnings) = make_cover(&book.meta, choice);
    file_warnings.extend(made_warnings);
    let named_stylesheet = manifest
        .and_then(|m| m.stylesheet.as_ref().map(|s| s.value.clone()))
        .or_else(|| front.stylesheet.as_deref().map(|s| folder.join(s.trim())));
    let stylesheet = match options.stylesheet.clone() {
        Some(path) => Some((path, None)),
        None => named_stylesheet
            .filter(|path| {
                confined(
                    sandbox.as_ref(),
                    "the stylesheet",
                    path,
                    "the book keeps quire's stylesheet alone",
                    &mut file_warnings,
                )
            })
            .map(|path| (path, sandbox.as_ref())),
    };
    if let Some((path, sandbox)) = stylesheet {
        read.push(path.clone());
        match crate::render::stylesheet::load(&path, sandbox) {
            Ok(files) => {
                explanation.push(format!(
                    "stylesheet: {} after quire's, with {} file(s) it names",
                    path.display(),
                    files.len() - 1
                ));
                book.resources.extend(files);
            }
            Err(why) => {
                file_warnings.push((
                    WarningCode::StylesheetUnusable,
                    format!("{why}; the book keeps quire's stylesheet alone"),
                ));
            }
        }
    }
    book.cover = cover;
    explanation.push(said);
    for (src, alt) in book.images() {
        if alt.trim().is_empty() {
            warnings.push(Warning::new(
                source_path,
                None,
                WarningCode::ImageNoAlt,
                format!("the image {src} has no description (alt text): a reader who cannot see it will not know what it shows"),
            ));
        }
    }
    warnings.extend(
        file_warnings
            .into_iter()
            .map(|(code, message)| Warning::new(source_path, None, code, message)),
    );
    Assembled {
        book,
        kind: content.kind.unwrap_or(SourceKind::Markdown),
        explanation,
        warnings,
        file_name: format!("{stem}.epub"),
        read,
        kepub: options.kepub.or_else(|| manifest.and_then(|m| m.kepub)),
    }
}

/// The heading that opened the text, taken out as its title, put back as the
/// first chapter's heading when the book's title was given and reads
/// otherwise: it is then the author's heading, not the book's title. It is
/// compared as titles are (case, punctuation and markup aside), with the
/// title alone and with the title and subtitle together. Says what was done.
fn keep_title_heading(
    chapters: &mut Vec<crate::model::Chapter>,
    heading: Vec<Inline>,
    meta: &Metadata,
) -> Option<String> {
    let key = source::text::compare_key;
    let said = key(&Inline::plain_text(&heading));
    let title = key(&meta.title);
    let with_subtitle = meta
        .subtitle
        .as_deref()
        .map(|subtitle| format!("{title}{}", key(subtitle)));
    if said.is_empty() || said == title || with_subtitle.is_some_and(|t| t == said) {
        return None;
    }
    let text = Inline::plain_text(&heading).trim().to_string();
    match chapters.first_mut() {
        Some(first) if first.heading.is_none() => first.heading = Some(heading),
        // The text goes straight into a section: the heading stands over it, a chapter of its own.
        _ => chapters.insert(
            0,
            crate::model::Chapter {
                heading: Some(heading),
                ..Default::default()
            },
        ),
    }
    Some(format!(
        "title: the opening heading \"{text}\" differs from the title given, \"{}\": it stays, as the first chapter's heading",
        meta.title
    ))
}

/// Whether `what` at `path`, named by a manifest or source, may be read under
/// `sandbox`; when not, a warning says so and what stands in its place.
fn confined(
    sandbox: Option<&Sandbox>,
    what: &str,
    path: &Path,
    instead: &str,
    warnings: &mut Vec<(WarningCode, String)>,
) -> bool {
    match sandbox::check(sandbox, path) {
        Ok(()) => true,
        Err(why) => {
            warnings.push((
                WarningCode::OutsideSandbox,
                format!("{what} {} {why}; {instead}", path.display()),
            ));
            false
        }
    }
}

/// The book's cover as chosen, or the one quire draws; what was done, and any warnings.
fn make_cover(
    meta: &Metadata,
    choice: Option<Cover>,
) -> (
    Option<crate::model::Resource>,
    String,
    Vec<(WarningCode, String)>,
) {
    use crate::render::cover;
    let mut warnings = Vec::new();
    match choice {
        Some(Cover::None) => return (None, "cover: none, as asked".into(), warnings),
        Some(Cover::Image(path)) => match read_cover_image(&path) {
            Ok(image) => {
                let said = format!("cover: {}", path.display());
                return (Some(image), said, warnings);
            }
            Err(why) => warnings.push((
                WarningCode::CoverUnusable,
                format!("the cover image is not used: {why}; quire draws one instead"),
            )),
        },
        None => {}
    }
    let generated = cover::generate(meta);
    warnings.extend(
        generated
            .warnings
            .into_iter()
            .map(|message| (WarningCode::CoverGlyphs, message)),
    );
    let said = format!(
        "cover: drawn, {}x{} PNG of {} KB",
        cover::WIDTH,
        cover::HEIGHT,
        generated.png.len().div_ceil(1024)
    );
    let image = crate::model::Resource {
        href: "images/cover.png".into(),
        media_type: "image/png".into(),
        data: generated.png,
    };
    (Some(image), said, warnings)
}

/// The colophon's provenance read from its Markdown, and which facts it
/// already states (compared as [`compare_key`](source::text::compare_key)s).
fn colophon(meta: &Metadata) -> Colophon {
    use source::markdown::{parse, TopBlock};
    let key = source::text::compare_key;
    let provenance_text = key(&meta.provenance.join(" "));
    let line_inlines = |line: &str| -> Vec<Inline> {
        parse(line)
            .blocks
            .into_iter()
            .flat_map(|block| match block {
                TopBlock::Block(Block::Paragraph(inlines)) => inlines,
                _ => Vec::new(),
            })
            .collect()
    };
    Colophon {
        provenance: meta
            .provenance
            .iter()
            .map(|entry| entry.lines().map(line_inlines).collect())
            .collect(),
        states_original_publication: meta.original_publication.as_ref().is_some_and(|original| {
            provenance_text.contains(&key(&source::front_matter::stated_text(original)))
        }),
        states_source_url: meta
            .source_url
            .as_ref()
            .is_some_and(|url| provenance_text.contains(&key(url))),
    }
}

/// Sets the book's punctuation by its language's rules, when asked to, and
/// says what was done.
fn set_typography(book: &mut Book, wanted: bool) -> String {
    use crate::render::typography;
    if !wanted {
        return "typography: off; quotes, dashes and dots are kept as the source wrote them".into();
    }
    match typography::rules_for(&book.meta.language) {
        Some(rules) => {
            typography::apply(book, &rules);
            format!(
                "typography: {} rules (curly quotes and apostrophes, -- and --- as dashes, ... as an ellipsis)",
                rules.name
            )
        }
        None => format!(
            "typography: no rules for language {}; quotes, dashes and dots are kept as written",
            book.meta.language
        ),
    }
}

/// Metadata as a package document can carry it: white space collapsed,
/// characters XML forbids dropped, empty values gone, and a title always.
fn tidy(meta: &mut Metadata, stem: &str) {
    fn clean(text: &str) -> String {
        text.split(|c: char| c.is_whitespace() || !crate::xml_text::is_xml_char(c))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
    let optional =
        |value: &mut Option<String>| *value = value.as_deref().map(clean).filter(|v| !v.is_empty());
    meta.title = clean(&meta.title);
    if meta.title.is_empty() {
        meta.title = Some(clean(&stem.replace(['-', '_'], " ")))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Untitled".into());
    }
    for field in [
        &mut meta.subtitle,
        &mut meta.publisher,
        &mut meta.rights,
        &mut meta.source_url,
        &mut meta.original_publication,
        &mut meta.description,
        &mut meta.series,
    ] {
        optional(field);
    }
    for list in [&mut meta.authors, &mut meta.subjects] {
        *list = list
            .iter()
            .map(|v| clean(v))
            .filter(|v| !v.is_empty())
            .collect();
    }
    meta.provenance.retain(|entry| !entry.trim().is_empty());
    for contributor in &mut meta.contributors {
        contributor.name = clean(&contributor.name);
    }
    meta.contributors.retain(|c| !c.name.is_empty());
}

/// A stable identifier from the title and authors, so that a rebuilt book
/// keeps its identity (and its reading position) on a reader.
pub fn derived_identifier(title: &str, authors: &[String]) -> String {
    let name = format!("quire:{}\n{}", title.trim(), authors.join("\n"));
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
    )
}

/// Midnight UTC of a `YYYY[-MM[-DD]]` date, the missing parts taken as the first.
fn midnight_of(date: &str) -> Option<String> {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next().flatten()?;
    let month = parts.next().unwrap_or(Some(1))?;
    let day = parts.next().unwrap_or(Some(1))?;
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(date.format("%Y-%m-%dT00:00:00Z").to_string())
}

/// Writes the book into `folder` (created if missing) under its own name,
/// without ever leaving a partial file, and returns the path written.
pub fn write(assembled: &Assembled, folder: &Path) -> Result<PathBuf, Error> {
    write_to(assembled, &folder.join(&assembled.file_name))
}

/// Writes the book to `path`, creating its folder if missing; see [`write`].
pub fn write_to(assembled: &Assembled, path: &Path) -> Result<PathBuf, Error> {
    write_with_kepub(assembled, path, false).map(|(path, _)| path)
}

/// Where the Kobo EPUB of the book at `epub` goes: beside it, `NAME.kepub.epub`
/// for `NAME.epub`, the name Kobo's readers and calibre know a KEPUB by.
pub fn kepub_path(epub: &Path) -> PathBuf {
    let stem = epub
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    epub.with_file_name(format!("{stem}.kepub.epub"))
}

/// Writes the book to `path` as [`write_to`] does and, when `kepub` is set,
/// its Kobo EPUB beside it ([`kepub_path`]), each without ever leaving a
/// partial file. Returns the paths written.
pub fn write_with_kepub(
    assembled: &Assembled,
    path: &Path,
    kepub: bool,
) -> Result<(PathBuf, Option<PathBuf>), Error> {
    // Zip without zip64 holds 65,535 files, and reading systems rarely read zip64.
    let files = assembled.book.chapters.len() + assembled.book.resources.len() + 10;
    if files > 65_535 {
        return Err(Error::new(
            path,
            None,
            format!(
                "the essay has {} sections, one file each, more than an EPUB can hold (65,535 files); use fewer section headings or split the essay",
                assembled.book.chapters.len()
            ),
        ));
    }
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| {
            Error::new(
                folder,
                None,
                format!("cannot create the output folder: {e}"),
            )
        })?;
    }
    let (bytes, kobo) = crate::package::epub_and_kepub_bytes(&assembled.book, kepub)
        .map_err(|e| Error::new(path, None, format!("cannot package the book: {e}")))?;
    crate::package::write_atomically(path, &bytes)
        .map_err(|e| Error::new(path, None, format!("cannot write the book: {e}")))?;
    let Some(kobo) = kobo else {
        return Ok((path.to_path_buf(), None));
    };
    let kobo_path = kepub_path(path);
    crate::package::write_atomically(&kobo_path, &kobo)
        .map_err(|e| Error::new(&kobo_path, None, format!("cannot write the Kobo EPUB: {e}")))?;
    Ok((path.to_path_buf(), Some(kobo_path)))
}
