//! The book's cover: a generated typographic one (title, subtitle, author on
//! a colour of the book's own), or an image the manifest names, checked.
//!
//! Readers' library views want a raster image about 3:4 and at least 1,000
//! pixels high. A cover is flat colour and text, so it is drawn as an indexed
//! (palette) image, one byte a pixel, on a [`Canvas`] that stores each
//! distinct row once, and written by [`encode`], which compresses by that
//! shape. The fonts are read lazily (a glyph's outline only when it is first
//! drawn), each glyph rasterised once per thread and reused by every book, as
//! is the canvas.
//!
//! Text is drawn glyph by glyph from the first of [`FACES`] that has the
//! character: EB Garamond, then Noto subsets for Arabic, Hebrew, symbols and
//! CJK. A line in EB Garamond alone is set as it always was (its advances and
//! kerning, left to right); any other line is put in visual order with the
//! Unicode bidirectional algorithm (`unicode-bidi`) and shaped run by run with
//! `rustybuzz`, so Arabic letters join and right-to-left text reads right to
//! left. A character no font has is left out and named in a warning; the rest
//! of its line is drawn.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};

use crate::model::Metadata;
use canvas::Canvas;

mod canvas;
mod encode;

/// Width of a generated cover, in pixels.
pub const WIDTH: u32 = 900;
/// Height of a generated cover: 3:4 with [`WIDTH`], above the 1,000 pixels readers' thumbnails need.
pub const HEIGHT: u32 = 1200;
/// The least height a cover image given by the manifest may have.
pub const MIN_HEIGHT: u32 = 1000;

/// The cover's fonts, in the order a character is looked for (all under the SIL Open Font License 1.1):
/// EB Garamond (`fonts/OFL.txt`) for Latin, Greek and Cyrillic, the book's own face; then Noto subsets
/// made by `scripts/cover-fonts` (`fonts/OFL-Noto.txt`): Naskh Arabic, Serif Hebrew, Sans Symbols 2
/// (dingbats such as ❡, arrows, shapes), Sans CJK (KS X 1001's 2,350 Hangul syllables, the 5,009
/// level-1 Han of GB 2312 and JIS X 0208, kana). Shipped rather than looked for on the system, so the
/// same book gives the same cover on every machine.
const FACES: [&[u8]; 5] = [
    include_bytes!("../../../fonts/EBGaramond12-Regular.ttf"),
    include_bytes!("../../../fonts/NotoNaskhArabic-Cover.ttf"),
    include_bytes!("../../../fonts/NotoSerifHebrew-Cover.ttf"),
    include_bytes!("../../../fonts/NotoSansSymbols2-Cover.ttf"),
    include_bytes!("../../../fonts/NotoSansCJK-Cover.otf"),
];
/// EB Garamond, the face every character is looked for in first.
const MAIN: u8 = 0;

/// Text never comes nearer the edge than this.
const MARGIN: i32 = 90;
/// Title sizes tried from the largest down, until the title fits in [`TITLE_LINES`] lines.
/// A few fixed sizes, so glyphs rasterised for one book serve the next.
const TITLE_SIZES: [f32; 7] = [112.0, 96.0, 84.0, 72.0, 62.0, 54.0, 46.0];
/// Most lines a title may take before a smaller size is tried.
const TITLE_LINES: usize = 4;
/// Most lines of a title at the smallest size; the rest is cut with an ellipsis.
const TITLE_LINES_AT_SMALLEST: usize = 7;
const SUBTITLE_SIZE: f32 = 44.0;
const SUBTITLE_LINES: usize = 3;
const AUTHOR_SIZE: f32 = 48.0;
const AUTHOR_LINES: usize = 2;
/// Where the title block starts, from the top.
const TITLE_TOP: i32 = 230;
/// The author's last baseline, from the bottom.
const AUTHOR_BOTTOM: i32 = 170;

/// Palette indices: the background, then [`LEVELS`] steps of text over it, then the ornament colour.
const BACKGROUND: u8 = 0;
/// Steps of glyph coverage kept: enough for smooth edges at this size.
const LEVELS: u8 = 16;
const ORNAMENT: u8 = LEVELS + 1;
// Text is laid over what is under it by taking the higher index, which needs the background lowest
// and the ornament above every level of text.
const _: () = assert!(BACKGROUND == 0 && ORNAMENT > LEVELS);

/// A generated cover, and what could not be put on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The PNG file.
    pub png: Vec<u8>,
    /// Which characters no font of the cover has (they are left out; the rest is drawn).
    pub warnings: Vec<String>,
}

/// One of the cover's fonts, read for drawing (`ab_glyph`) and for shaping (`rustybuzz`).
struct Face {
    bytes: &'static [u8],
    font: FontRef<'static>,
    /// Read when a line in this face is first shaped: EB Garamond's layout tables are large, and a
    /// line in EB Garamond alone is never shaped.
    shaper: OnceLock<rustybuzz::Face<'static>>,
    /// Pixels per font unit at a size of one pixel to the em.
    per_unit: f32,
}

impl Face {
    fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper.get_or_init(|| {
            rustybuzz::Face::from_slice(self.bytes, 0)
                .expect("the cover fonts shipped with quire parse")
        })
    }
}

/// Face `index` of [`FACES`]: its tables are read in place when it is first asked for, nothing parsed
/// ahead of use, so a book in EB Garamond alone never opens the others.
fn face(index: u8) -> &'static Face {
    static PARSED: [OnceLock<Face>; FACES.len()] = [const { OnceLock::new() }; FACES.len()];
    PARSED[usize::from(index)].get_or_init(|| {
        let bytes = FACES[usize::from(index)];
        let font =
            FontRef::try_from_slice(bytes).expect("the cover fonts shipped with quire parse");
        let per_unit = 1.0 / font.units_per_em().unwrap_or(1000.0);
        Face {
            bytes,
            font,
            shaper: OnceLock::new(),
            per_unit,
        }
    })
}

/// The first face that has `c`, if any does.
fn face_for(c: char) -> Option<u8> {
    (0..FACES.len() as u8).find(|&i| face(i).font.glyph_id(c).0 != 0)
}

/// The scale that sets a face's em at `size` pixels.
fn scale(index: u8, size: f32) -> PxScale {
    let font = &face(index).font;
    PxScale::from(size * font.height_unscaled() / font.units_per_em().unwrap_or(1000.0))
}

/// A glyph at one size: its advance, and its pixels, drawn the first time it is drawn (a title is
/// measured at several sizes and drawn at one).
struct Glyph {
    face: u8,
    id: GlyphId,
    size: f32,
    advance: f32,
    raster: std::cell::OnceCell<Raster>,
}

/// A glyph's pixels: where they sit and their coverage in [`LEVELS`] steps (0 for none), one byte a pixel.
struct Raster {
    /// Offset of the coverage's top left from the pen position on the baseline.
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

impl Glyph {
    fn raster(&self) -> &Raster {
        self.raster
            .get_or_init(|| rasterise(self.face, self.id, self.size))
    }
}

thread_local! {
    /// Glyphs already drawn, by character and size (in hundredths of a pixel), each from the first
    /// face that has the character: what a line in EB Garamond alone is set from.
    static GLYPHS: RefCell<foldhash::HashMap<(char, u32), Rc<Glyph>>> = RefCell::default();
    /// Glyphs already drawn for shaped lines, by face, glyph and size.
    static SHAPED: RefCell<foldhash::HashMap<(u8, u16, u32), Rc<Glyph>>> = RefCell::default();
    /// The main face's kerning of pairs of glyphs already met, in font units.
    static KERNING: RefCell<foldhash::HashMap<(u16, u16), f32>> = RefCell::default();
    /// The canvas, reused by each cover this thread draws.
    static CANVAS: RefCell<Canvas> = RefCell::new(Canvas::default());
}

fn glyph(c: char, size: f32) -> Rc<Glyph> {
    GLYPHS.with(|cache| {
        cache
            .borrow_mut()
            .entry((c, (size * 100.0) as u32))
            .or_insert_with(|| {
                let index = face_for(c).unwrap_or(MAIN);
                Rc::new(measure(index, face(index).font.glyph_id(c), size))
            })
            .clone()
    })
}

fn shaped_glyph(index: u8, id: GlyphId, size: f32) -> Rc<Glyph> {
    SHAPED.with(|cache| {
        cache
            .borrow_mut()
            .entry((index, id.0, (size * 100.0) as u32))
            .or_insert_with(|| Rc::new(measure(index, id, size)))
            .clone()
    })
}

/// A glyph of face `index` at `size`, not yet drawn.
fn measure(index: u8, id: GlyphId, size: f32) -> Glyph {
    Glyph {
        face: index,
        id,
        size,
        advance: face(index).font.as_scaled(scale(index, size)).h_advance(id),
        raster: std::cell::OnceCell::new(),
    }
}

fn rasterise(index: u8, id: GlyphId, size: f32) -> Raster {
    let font = &face(index).font;
    let placed = id.with_scale_and_position(scale(index, size), ab_glyph::point(0.0, 0.0));
    let Some(outline) = font.outline_glyph(placed) else {
        // A space: an advance and nothing to draw.
        return Raster {
            left: 0,
            top: 0,
            width: 0,
            coverage: Vec::new(),
        };
    };
    let bounds = outline.px_bounds();
    let width = bounds.width() as usize;
    let height = bounds.height() as usize;
    let mut coverage = vec![0u8; width * height];
    outline.draw(|x, y, amount| {
        if let Some(cell) = coverage.get_mut(y as usize * width + x as usize) {
            let coverage = round_half_up(amount.clamp(0.0, 1.0) * 255.0);
            *cell = ((coverage * u32::from(LEVELS) + 127) / 255) as u8;
        }
    });
    Raster {
        left: bounds.min.x as i32,
        top: bounds.min.y as i32,
        width,
        coverage,
    }
}

/// `value` (from 0 to 255) rounded, halves up: what `f32::round` gives there,
/// without the call it makes for every pixel of every glyph.
fn round_half_up(value: f32) -> u32 {
    let whole = value as u32;
    whole + u32::from(value - whole as f32 >= 0.5)
}

/// The kerning between two glyphs of the main face at `size`. The font's
/// value for a pair is looked up once per thread (it is the same at every
/// size), then scaled as `ab_glyph` scales it.
fn kern(left: &Glyph, right: &Glyph, size: f32) -> f32 {
    let font = &face(MAIN).font;
    let unscaled = KERNING.with(|pairs| {
        *pairs
            .borrow_mut()
            .entry((left.id.0, right.id.0))
            .or_insert_with(|| font.kern_unscaled(left.id, right.id))
    });
    font.as_scaled(scale(MAIN, size)).h_scale_factor() * unscaled
}

/// Characters that can turn a line right to left though EB Garamond has them (the explicit
/// right-to-left marks and embeddings): a line holding one is shaped and reordered.
const RIGHT_TO_LEFT_CONTROLS: [char; 4] = ['\u{200F}', '\u{202B}', '\u{202E}', '\u{2067}'];

/// Whether a line can be set as EB Garamond alone, left to right.
fn plain(c: char, glyph: &Glyph) -> bool {
    glyph.face == MAIN && !RIGHT_TO_LEFT_CONTROLS.contains(&c)
}

/// `text` with the characters no face has left out, and those characters (each once, in order).
fn drawable(text: &str) -> (String, Vec<char>) {
    let mut missing: Vec<char> = Vec::new();
    let kept: String = text
        .chars()
        .filter(|&c| {
            let lacking = !c.is_whitespace() && face_for(c).is_none();
            if lacking && !missing.contains(&c) {
                missing.push(c);
            }
            !lacking
        })
        .collect();
    if missing.is_empty() {
        (kept, missing)
    } else {
        // What was between two spaces may be gone: no double space is left where it stood.
        (
            kept.split_whitespace().collect::<Vec<_>>().join(" "),
            missing,
        )
    }
}

/// A glyph of a shaped line: its pen position from the line's start and its rise above the baseline.
struct Placed {
    glyph: Rc<Glyph>,
    x: f32,
    rise: f32,
}

/// Which face sets each stretch of `text`: the first that has its character, but a combining mark or a
/// joiner stays with the face of the letter before it when that face has it (a vowel sign in the
/// Arabic font with its letter, not from another font).
fn by_face(text: &str) -> Vec<(u8, std::ops::Range<usize>)> {
    let mut pieces: Vec<(u8, std::ops::Range<usize>)> = Vec::new();
    for (at, c) in text.char_indices() {
        let current = pieces.last().map(|(index, _)| *index);
        let clings = unicode_normalization::char::canonical_combining_class(c) != 0
            || matches!(c, '\u{200C}' | '\u{200D}');
        let index = match current {
            Some(index) if clings && face(index).font.glyph_id(c).0 != 0 => index,
            _ => face_for(c).unwrap_or(MAIN),
        };
        match pieces.last_mut() {
            Some((last, range)) if *last == index => range.end = at + c.len_utf8(),
            _ => pieces.push((index, at..at + c.len_utf8())),
        }
    }
    pieces
}

/// Sets a line that is not EB Garamond alone: bidirectional runs in visual order, each run's pieces
/// shaped in their face. Returns the glyphs left to right and the line's width.
fn shape_line(text: &str, size: f32) -> (Vec<Placed>, f32) {
    let bidi = unicode_bidi::ParagraphBidiInfo::new(text, None);
    let (levels, runs) = bidi.visual_runs(0..text.len());
    let mut placed = Vec::new();
    let mut x = 0.0;
    for run in runs {
        let right_to_left = levels[run.start].is_rtl();
        let mut pieces = by_face(&text[run.clone()]);
        if right_to_left {
            pieces.reverse();
        }
        for (index, range) in pieces {
            let piece = &text[run.start + range.start..run.start + range.end];
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(piece);
            buffer.set_direction(if right_to_left {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
            buffer.guess_segment_properties();
            let shaped = rustybuzz::shape(face(index).shaper(), &[], buffer);
            let units = size * face(index).per_unit;
            for (info, position) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                let id = GlyphId(u16::try_from(info.glyph_id).unwrap_or(0));
                placed.push(Placed {
                    glyph: shaped_glyph(index, id, size),
                    x: x + position.x_offset as f32 * units,
                    rise: position.y_offset as f32 * units,
                });
                x += position.x_advance as f32 * units;
            }
        }
    }
    (placed, x)
}

/// How wide `text` is in EB Garamond alone, kerning included; `None` when it needs other faces or
/// may run right to left.
fn plain_width(text: &str, size: f32) -> Option<f32> {
    if text.is_empty() {
        return Some(0.0);
    }
    let measured = Measured::of(text, size)?;
    Some(PlainWidth::default().then_measured(&measured, size).total)
}

/// The width of a line of EB Garamond alone so far, and its last glyph (what
/// the next one is kerned against): a line is measured word by word as it
/// grows, adding in the order a whole line's measure does, so to the same float.
#[derive(Clone, Default)]
struct PlainWidth {
    total: f32,
    last: Option<Rc<Glyph>>,
}

impl PlainWidth {
    /// The width with a measured piece set after it: its sums added in their order, without
    /// looking its glyphs up again.
    fn then_measured(mut self, piece: &Measured, size: f32) -> PlainWidth {
        if let Some(p) = &self.last {
            self.total += kern(p, &piece.first, size);
        }
        for step in &piece.steps {
            self.total += step;
        }
        self.last = Some(piece.last.clone());
        self
    }
}

/// A piece of text in EB Garamond alone, measured once for the many lines a
/// title is tried in: its first and last glyphs, and what its width adds up
/// from, in order (the first advance, then each kerning and advance).
struct Measured {
    first: Rc<Glyph>,
    last: Rc<Glyph>,
    steps: Vec<f32>,
}

impl Measured {
    /// `None` when `text` is empty, needs other faces or may run right to left.
    fn of(text: &str, size: f32) -> Option<Measured> {
        let mut steps = Vec::new();
        let mut glyphs = text.chars().map(|c| (c, glyph(c, size)));
        let (c, first) = glyphs.next()?;
        if !plain(c, &first) {
            return None;
        }
        steps.push(first.advance);
        let mut last = first.clone();
        for (c, current) in glyphs {
            if !plain(c, &current) {
                return None;
            }
            steps.push(kern(&last, &current, size));
            steps.push(current.advance);
            last = current;
        }
        Some(Measured { first, last, steps })
    }
}

/// One piece of a title a line may break before, measured at one size.
struct Piece<'a> {
    text: &'a str,
    /// Whether a space comes before it (a word), or nothing (Han or kana within a word).
    spaced: bool,
    measured: Option<Measured>,
}

/// The pieces of `text` a line may break between, measured at `size`.
fn pieces(text: &str, size: f32) -> Vec<Piece<'_>> {
    text.split_whitespace()
        .flat_map(|word| breaks(word).enumerate().map(|(i, piece)| (i == 0, piece)))
        .map(|(spaced, text)| Piece {
            text,
            spaced,
            measured: Measured::of(text, size),
        })
        .collect()
}

/// How wide `text` is set at `size`.
fn width(text: &str, size: f32) -> f32 {
    plain_width(text, size).unwrap_or_else(|| shape_line(text, size).1)
}

/// Breaks the pieces of a title into lines no wider than `room`; `None` when a word alone is wider.
fn wrap(pieces: &[Piece], space: Option<&Measured>, size: f32, room: f32) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // The line's width so far, while it is EB Garamond alone.
    let mut line_width = Some(PlainWidth::default());
    for piece in pieces {
        let word = piece.text;
        let alone = piece
            .measured
            .as_ref()
            .map(|m| PlainWidth::default().then_measured(m, size));
        if alone
            .as_ref()
            .map_or_else(|| width(word, size), |w| w.total)
            > room
        {
            return None;
        }
        let separator = if piece.spaced && !line.is_empty() {
            " "
        } else {
            ""
        };
        let candidate = if line.is_empty() {
            alone.clone()
        } else {
            let with_separator = match (space, separator.is_empty()) {
                (_, true) => line_width.clone(),
                (Some(space), false) => line_width.clone().map(|w| w.then_measured(space, size)),
                (None, false) => None,
            };
            with_separator
                .zip(piece.measured.as_ref())
                .map(|(w, m)| w.then_measured(m, size))
        };
        let fits = match &candidate {
            Some(w) => w.total <= room,
            None => width(&format!("{line}{separator}{word}"), size) <= room,
        };
        if fits || line.is_empty() {
            line.push_str(separator);
            line.push_str(word);
            line_width = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
            line_width = alone;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

/// Han and kana: Chinese and Japanese set no spaces between words, so a line may break between any
/// two of these (UAX #14's ideographic class, in short).
fn ideographic(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
        || opening(c)
        || closing(c)
}

/// CJK punctuation no line may end with.
fn opening(c: char) -> bool {
    "「『（〔［｛〈《【".contains(c)
}

/// CJK punctuation, and the marks that lengthen or repeat a kana, that no line may start with.
fn closing(c: char) -> bool {
    "、。，．：；？！」』）〕］｝〉》】ー々・ゝゞヽヾ".contains(c)
}

/// The pieces of one word a line may break between: the word whole, unless it holds Han or kana.
fn breaks(word: &str) -> impl Iterator<Item = &str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (at, c) in word.char_indices() {
        if let Some(p) = previous {
            if ideographic(p) && ideographic(c) && !opening(p) && !closing(c) {
                pieces.push(&word[start..at]);
                start = at;
            }
        }
        previous = Some(c);
    }
    pieces.push(&word[start..]);
    pieces.into_iter()
}

/// Breaks `text` into as many lines as at the full width, but as even as can
/// be, so that no last line holds a single short word (not tried when there
/// are more than `max_lines`).
fn wrap_balanced(text: &str, size: f32, room: f32, max_lines: usize) -> Option<Vec<String>> {
    let pieces = pieces(text, size);
    let space = Measured::of(" ", size);
    let mut best = wrap(&pieces, space.as_ref(), size, room)?;
    if best.len() > max_lines {
        // Too many lines at this size: balancing keeps their number, so it would not fit either.
        return Some(best);
    }
    let mut narrower = room;
    loop {
        narrower *= 0.95;
        match wrap(&pieces, space.as_ref(), size, narrower) {
            Some(lines) if lines.len() == best.len() => best = lines,
            _ => return Some(best),
        }
    }
}

/// Lines at the largest size that fits `max_lines`, else at `smallest`,
/// forcibly broken and cut to `cut_at` lines with an ellipsis.
fn fit(text: &str, sizes: &[f32], max_lines: usize, cut_at: usize) -> (f32, Vec<String>) {
    let room = (WIDTH as i32 - 2 * MARGIN) as f32;
    for &size in sizes {
        if let Some(lines) = wrap_balanced(text, size, room, max_lines) {
            if lines.len() <= max_lines {
                return (size, lines);
            }
        }
    }
    let size = *sizes.last().unwrap_or(&40.0);
    // Too long or a word too wide: break anywhere, and cut what still does not fit.
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        let candidate = format!("{line}{c}");
        if width(&candidate, size) > room && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line.push(c);
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    if lines.len() > cut_at {
        lines.truncate(cut_at);
        let last = lines.last_mut().expect("cut_at is at least one");
        while !last.is_empty() && width(&format!("{last}…"), size) > room {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    (
        size,
        lines.into_iter().map(|l| l.trim().to_string()).collect(),
    )
}

/// The book's colours, from its identifier: the same book always gets the same cover.
fn palette(identifier: &str) -> Vec<u8> {
    // FNV-1a: a small, stable hash (std's hasher is not promised stable across releases).
    let hash = identifier.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let hue = (hash % 360) as f32;
    let saturation = 0.30 + ((hash >> 16) % 25) as f32 / 100.0;
    let lightness = 0.20 + ((hash >> 32) % 10) as f32 / 100.0;
    let background = hsl(hue, saturation, lightness);
    let text = [246.0, 240.0, 226.0];
    let ornament = hsl(hue, saturation + 0.1, 0.62);
    let mut palette = Vec::with_capacity(3 * (usize::from(ORNAMENT) + 1));
    palette.extend(background.map(|v| v as u8));
    for level in 1..=LEVELS {
        let a = f32::from(level) / f32::from(LEVELS);
        for channel in 0..3 {
            palette.push((background[channel] * (1.0 - a) + text[channel] * a).round() as u8);
        }
    }
    palette.extend(ornament.map(|v| v as u8));
    palette
}

fn hsl(hue: f32, saturation: f32, lightness: f32) -> [f32; 3] {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = chroma * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

impl Canvas {
    fn rectangle(&mut self, x: i32, y: i32, w: i32, h: i32, index: u8) {
        let rows = y.max(0) as usize..(y + h).max(0) as usize;
        self.fill(rows, x.max(0) as usize..(x + w).max(0) as usize, index);
    }

    /// Sets one line of text centred, its baseline at `baseline`.
    fn line(&mut self, text: &str, size: f32, baseline: i32) {
        let Some(width) = plain_width(text, size) else {
            let (placed, width) = shape_line(text, size);
            let start = (WIDTH as f32 - width) / 2.0;
            for p in &placed {
                self.glyph(
                    &p.glyph,
                    (start + p.x).round() as i32,
                    baseline - p.rise.round() as i32,
                );
            }
            return;
        };
        let mut x = (WIDTH as f32 - width) / 2.0;
        let mut previous: Option<Rc<Glyph>> = None;
        for c in text.chars() {
            let glyph = glyph(c, size);
            if let Some(p) = &previous {
                x += kern(p, &glyph, size);
            }
            self.glyph(&glyph, x.round() as i32, baseline);
            x += glyph.advance;
            previous = Some(glyph);
        }
    }

    /// Draws one glyph, its pen at `x` on the baseline `baseline`.
    fn glyph(&mut self, glyph: &Glyph, x: i32, baseline: i32) {
        let glyph = glyph.raster();
        let coverage = &glyph.coverage;
        let left = x + glyph.left;
        let top = baseline + glyph.top;
        let rows = coverage.len().checked_div(glyph.width).unwrap_or(0);
        // The glyph's columns that fall on the canvas.
        let first = (-left).clamp(0, glyph.width as i32) as usize;
        let last = (WIDTH as i32 - left).clamp(0, glyph.width as i32) as usize;
        if first >= last {
            return;
        }
        for gy in 0..rows {
            let y = top + gy as i32;
            if !(0..HEIGHT as i32).contains(&y) {
                continue;
            }
            let levels = &coverage[gy * glyph.width..][first..last];
            let row = self.row_mut(y as usize);
            let start = (left + first as i32) as usize;
            // Text over the background or other text keeps the darker coverage, and the ornament
            // (above every level) stays: the higher index wins, many pixels at a time.
            for (at, &level) in row[start..start + levels.len()].iter_mut().zip(levels) {
                *at = (*at).max(level);
            }
        }
    }
}

/// Draws the book's cover.
pub fn generate(meta: &Metadata) -> Generated {
    let mut warnings = Vec::new();
    let mut usable = |what: &str, text: &str| {
        let (kept, missing) = drawable(text);
        if !missing.is_empty() {
            let named: Vec<String> = missing
                .iter()
                .take(8)
                .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
                .collect();
            let more = if missing.len() > 8 { " and others" } else { "" };
            warnings.push(format!(
                "the cover's fonts have no glyph for {}{more} in {what}; the cover leaves {} out and draws the rest",
                named.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ));
        }
        (!kept.trim().is_empty()).then_some(kept)
    };
    let title = usable("the title", &meta.title);
    let subtitle = meta
        .subtitle
        .as_deref()
        .and_then(|s| usable("the subtitle", s));
    let authors = crate::render::join_in_prose(&meta.authors);
    let author = (!authors.is_empty())
        .then(|| usable("the author's name", &authors))
        .flatten();

    let png = CANVAS.with(|canvas| {
        let mut canvas = canvas.borrow_mut();
        let canvas = &mut *canvas;
        canvas.reset(WIDTH as usize, HEIGHT as usize, BACKGROUND);
        // A frame, single or double by the book's identifier.
        let inset = 40;
        let (w, h) = (WIDTH as i32, HEIGHT as i32);
        let frame = |canvas: &mut Canvas, inset: i32, thick: i32| {
            canvas.rectangle(inset, inset, w - 2 * inset, thick, ORNAMENT);
            canvas.rectangle(inset, h - inset - thick, w - 2 * inset, thick, ORNAMENT);
            canvas.rectangle(inset, inset, thick, h - 2 * inset, ORNAMENT);
            canvas.rectangle(w - inset - thick, inset, thick, h - 2 * inset, ORNAMENT);
        };
        frame(canvas, inset, 4);
        if meta.identifier.bytes().map(u32::from).sum::<u32>() % 2 == 0 {
            frame(canvas, inset + 14, 2);
        }

        let mut y = TITLE_TOP;
        if let Some(title) = &title {
            let (size, lines) = fit(title, &TITLE_SIZES, TITLE_LINES, TITLE_LINES_AT_SMALLEST);
            let leading = (size * 1.12) as i32;
            y += size as i32;
            for line in &lines {
                canvas.line(line, size, y);
                y += leading;
            }
            y += 10 - leading;
        }
        // The rule between the title and what follows.
        canvas.rectangle(w / 2 - 60, y + 36, 120, 3, ORNAMENT);
        y += 60;
        if let Some(subtitle) = &subtitle {
            let (size, lines) = fit(subtitle, &[SUBTITLE_SIZE], SUBTITLE_LINES, SUBTITLE_LINES);
            for line in &lines {
                y += (size * 1.2) as i32;
                canvas.line(line, size, y);
            }
        }
        if let Some(author) = &author {
            let (size, lines) = fit(author, &[AUTHOR_SIZE], AUTHOR_LINES, AUTHOR_LINES);
            let leading = (size * 1.2) as i32;
            let mut baseline = h - AUTHOR_BOTTOM - leading * (lines.len() as i32 - 1);
            // A long subtitle pushes the author down rather than under it.
            baseline = baseline.max(y + leading + 20).min(h - inset - 30);
            for line in &lines {
                canvas.line(line, size, baseline);
                baseline += leading;
            }
        }
        encode::png(canvas, &palette(&meta.identifier))
    });
    Generated { png, warnings }
}

/// What a cover image file is, read from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// `image/png` or `image/jpeg`.
    pub media_type: &'static str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Reads the format and size of a JPEG or PNG file; an error says what is wrong.
pub fn inspect(bytes: &[u8]) -> Result<ImageInfo, String> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let header = bytes
            .get(16..24)
            .ok_or("the PNG file is cut short before its header")?;
        let number = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        return Ok(ImageInfo {
            media_type: "image/png",
            width: number(&header[..4]),
            height: number(&header[4..]),
        });
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        // Walk the JPEG's segments to its frame header (SOF0–SOF15, but not DHT, JPG or DAC).
        let mut at = 2;
        while at + 9 < bytes.len() {
            if bytes[at] != 0xff {
                return Err(
                    "the JPEG file is damaged (no segment marker where one should be)".into(),
                );
            }
            let marker = bytes[at + 1];
            if marker == 0xff {
                at += 1;
                continue;
            }
            let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
                let height = u32::from(u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]));
                let width = u32::from(u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]));
                return Ok(ImageInfo {
                    media_type: "image/jpeg",
                    width,
                    height,
                });
            }
            at += 2 + length;
        }
        return Err("the JPEG file has no frame header: it is damaged or cut short".into());
    }
    Err("it is neither a JPEG nor a PNG image".into())
}

/// Checks a cover image given by the manifest: a JPEG or PNG at least [`MIN_HEIGHT`] high.
pub fn check_image(bytes: &[u8]) -> Result<ImageInfo, String> {
    let info = inspect(bytes)?;
    if info.height < MIN_HEIGHT {
        return Err(format!(
            "the image is {} px high; a cover must be at least {MIN_HEIGHT} px high for readers' library views",
            info.height
        ));
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str) -> Metadata {
        Metadata {
            title: title.into(),
            subtitle: Some("The Life, Times & Confessions of Victor Serge".into()),
            authors: vec!["Dermot Sreenan".into()],
            identifier: "urn:uuid:1234".into(),
            ..Metadata::default()
        }
    }

    fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let decoder = png::Decoder::new(png_bytes);
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buffer).unwrap();
        (info, buffer)
    }

    #[test]
    fn a_cover_is_a_valid_png_of_the_readers_size_and_the_same_every_time() {
        let first = generate(&meta("The Bolsheviks’ pet anarchist"));
        assert!(first.warnings.is_empty());
        let second = generate(&meta("The Bolsheviks’ pet anarchist"));
        assert_eq!(first, second);
        let (info, pixels) = decode(&first.png);
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        // Text was drawn: many pixels are neither background nor ornament.
        let text = pixels.iter().filter(|&&p| p > 0 && p <= LEVELS).count();
        assert!(text > 20_000, "only {text} text pixels");
        assert_eq!(inspect(&first.png).unwrap().height, HEIGHT);
    }

    #[test]
    fn coverage_rounds_as_f32_round_does() {
        let mut value = 0.0f32;
        while value <= 255.0 {
            assert_eq!(round_half_up(value), value.round() as u32, "{value}");
            value = f32::from_bits(value.to_bits() + 97);
        }
        for value in [0.5, 1.5, 254.5, 0.499_999_97, 127.499_99, 255.0] {
            assert_eq!(round_half_up(value), value.round() as u32, "{value}");
        }
    }

    #[test]
    fn books_get_different_colours() {
        let a = palette("urn:uuid:1");
        let b = palette("urn:uuid:2");
        assert_ne!(a[..3], b[..3]);
    }

    #[test]
    fn long_titles_wrap_and_shrink_and_very_long_ones_are_cut() {
        let (size, lines) = fit("Short", &TITLE_SIZES, TITLE_LINES, TITLE_LINES_AT_SMALLEST);
        assert_eq!((size, lines.len()), (TITLE_SIZES[0], 1));
        let long = "On the Origin of Species by Means of Natural Selection, or the Preservation of Favoured Races in the Struggle for Life";
        let (size, lines) = fit(long, &TITLE_SIZES, TITLE_LINES, TITLE_LINES_AT_SMALLEST);
        assert!(size < TITLE_SIZES[0] && lines.len() <= TITLE_LINES_AT_SMALLEST);
        let room = (WIDTH as i32 - 2 * MARGIN) as f32;
        assert!(lines.iter().all(|l| width(l, size) <= room));
        let endless = "word ".repeat(400);
        let (_, lines) = fit(&endless, &TITLE_SIZES, TITLE_LINES, TITLE_LINES_AT_SMALLEST);
        assert_eq!(lines.len(), TITLE_LINES_AT_SMALLEST);
        assert!(lines.last().unwrap().ends_with('…'));
        let unbroken = "x".repeat(300);
        let (size, lines) = fit(
            &unbroken,
            &TITLE_SIZES,
            TITLE_LINES,
            TITLE_LINES_AT_SMALLEST,
        );
        assert!(lines.iter().all(|l| width(l, size) <= room));
    }

    /// Text pixels in the rows only a title's first line reaches (the rule under a one-line title at
    /// the largest size is lower, and a two-line title's first line is higher).
    fn title_ink(png: &[u8]) -> usize {
        let (_, pixels) = decode(png);
        let rows = TITLE_TOP as usize..(TITLE_TOP as usize + 150);
        pixels[rows.start * WIDTH as usize..rows.end * WIDTH as usize]
            .iter()
            .filter(|&&p| p > BACKGROUND && p <= LEVELS)
            .count()
    }

    /// Text pixels from the rule under the title down to the author's lines.
    fn ink_below(png: &[u8], from: usize, to: usize) -> usize {
        let (_, pixels) = decode(png);
        pixels[from * WIDTH as usize..to * WIDTH as usize]
            .iter()
            .filter(|&&p| p > BACKGROUND && p <= LEVELS)
            .count()
    }

    /// The covers of titles in five scripts, each drawn with ink where the title stands and no
    /// warning; written to the folder `QUIRE_COVER_SAMPLES` names, when it is set, to be looked at.
    #[test]
    fn titles_in_every_script_shipped_are_drawn_without_warnings() {
        let titles = [
            ("pilcrow", "The ❡ and Its Paragraphs"),
            ("korean", "한국 문학의 역사"),
            ("russian", "Война и мир"),
            ("arabic", "كتاب الأغاني"),
            ("hebrew", "ספר הזוהר"),
            ("chinese-japanese", "源氏物語 と 红楼梦"),
            ("greek", "Βίοι Παράλληλοι"),
        ];
        let blank = title_ink(&generate(&meta("")).png);
        for (name, title) in titles {
            let cover = generate(&meta(title));
            assert!(cover.warnings.is_empty(), "{title}: {:?}", cover.warnings);
            assert_eq!(
                cover,
                generate(&meta(title)),
                "{title}: the same bytes each time"
            );
            let ink = title_ink(&cover.png);
            assert!(ink > blank + 3_000, "{title}: only {ink} title pixels");
            if let Some(folder) = std::env::var_os("QUIRE_COVER_SAMPLES") {
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(
                    std::path::Path::new(&folder).join(format!("{name}.png")),
                    &cover.png,
                )
                .unwrap();
            }
        }
    }

    #[test]
    fn a_character_no_font_has_is_left_out_and_named_and_the_rest_is_drawn() {
        // U+10000 LINEAR B SYLLABLE B008 A: in none of the cover's fonts.
        let mut book = meta("The \u{10000} Tablets of Pylos");
        let subtitle =
            "A long subtitle with \u{10000} in it, which runs to a second line and is drawn whole";
        book.subtitle = Some(subtitle.into());
        let cover = generate(&book);
        assert_eq!(cover.warnings.len(), 2, "{:?}", cover.warnings);
        assert!(cover.warnings[0].contains("U+10000") && cover.warnings[0].contains("the title"));
        assert!(cover.warnings[1].contains("the subtitle"));
        assert!(title_ink(&cover.png) > 3_000);
        // The subtitle is drawn as the same subtitle without that character: the same pixels.
        let mut without = meta("The Tablets of Pylos");
        without.subtitle = Some(subtitle.replace(" \u{10000}", ""));
        let plain = generate(&without);
        assert!(plain.warnings.is_empty());
        assert_eq!(decode(&cover.png).1, decode(&plain.png).1);
        assert!(ink_below(&cover.png, 420, 700) > 10_000);
    }

    #[test]
    fn arabic_is_joined_and_right_to_left_text_runs_right_to_left() {
        let word = "كتاب";
        let (joined, joined_width) = shape_line(word, 96.0);
        let mut isolated_width = 0.0;
        let mut isolated_ids = Vec::new();
        for c in word.chars() {
            let (glyphs, width) = shape_line(&c.to_string(), 96.0);
            isolated_width += width;
            isolated_ids.extend(glyphs.iter().map(|p| p.glyph.id));
        }
        // Joined forms are other glyphs than the isolated ones, and narrower together.
        let joined_ids: Vec<GlyphId> = joined.iter().map(|p| p.glyph.id).collect();
        assert!(
            joined_ids
                .iter()
                .filter(|id| !isolated_ids.contains(id))
                .count()
                >= 2
        );
        assert!(
            joined_width < isolated_width * 0.9,
            "{joined_width} against {isolated_width}"
        );
        // The first letter stands rightmost, in Arabic (two letters apart, so unjoined) and in Hebrew.
        for text in ["ب ك", "שלום"] {
            let (first, _) = shape_line(&text.chars().next().unwrap().to_string(), 96.0);
            let (line, _) = shape_line(text, 96.0);
            let rightmost = line.iter().max_by(|a, b| a.x.total_cmp(&b.x)).unwrap();
            assert_eq!(rightmost.glyph.id, first[0].glyph.id, "{text}");
            assert_eq!(rightmost.glyph.face, first[0].glyph.face, "{text}");
        }
    }

    #[test]
    fn chinese_and_japanese_break_between_characters_but_not_before_closing_marks() {
        assert_eq!(breaks("Kafka's").collect::<Vec<_>>(), ["Kafka's"]);
        assert_eq!(breaks("红楼梦。").collect::<Vec<_>>(), ["红", "楼", "梦。"]);
        // A long Chinese title wraps at a title size instead of being cut at the smallest.
        let title = "中华人民共和国成立以来的文学史与思想史研究";
        let (size, lines) = fit(title, &TITLE_SIZES, TITLE_LINES, TITLE_LINES_AT_SMALLEST);
        assert!(
            size > TITLE_SIZES[TITLE_SIZES.len() - 1] && lines.len() > 1,
            "{size} {lines:?}"
        );
        assert_eq!(lines.concat(), title);
    }

    #[test]
    fn a_mixed_line_keeps_each_script_in_its_font() {
        let pieces = by_face("Kafka ❡ كتاب 한국");
        let faces: Vec<u8> = pieces.iter().map(|(face, _)| *face).collect();
        assert_eq!(faces, [MAIN, 3, MAIN, 1, MAIN, 4]);
        // A vowel sign stays with its Arabic letter.
        assert_eq!(by_face("كَتَبَ").len(), 1);
    }

    #[test]
    fn cover_files_are_checked() {
        assert!(inspect(b"GIF89a....").unwrap_err().contains("neither"));
        let small = generate(&meta("T")).png;
        assert!(check_image(&small).is_ok());
        // A JPEG header with a 900x800 frame.
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8];
        jpeg.extend_from_slice(&800u16.to_be_bytes());
        jpeg.extend_from_slice(&900u16.to_be_bytes());
        jpeg.extend_from_slice(&[3, 0, 0, 0]);
        let info = inspect(&jpeg).unwrap();
        assert_eq!(
            (info.media_type, info.width, info.height),
            ("image/jpeg", 900, 800)
        );
        assert!(check_image(&jpeg).unwrap_err().contains("800 px high"));
    }
}
