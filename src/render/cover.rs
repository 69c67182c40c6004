//! The book's cover: a generated typographic one (title, subtitle, author on
//! a colour of the book's own), or an image the manifest names, checked.
//!
//! Readers' library views want a raster image about 3:4 and at least 1,000
//! pixels high. A cover is flat colour and text, so it is drawn as an indexed
//! (palette) image, one byte a pixel, and written as a PNG with the fast
//! deflate setting: flat rows cost almost nothing to compress. The font is
//! read lazily (a glyph's outline only when it is first drawn), each glyph
//! rasterised once per thread and reused by every book, as is the pixel buffer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};

use crate::model::Metadata;

/// Width of a generated cover, in pixels.
pub const WIDTH: u32 = 900;
/// Height of a generated cover: 3:4 with [`WIDTH`], above the 1,000 pixels readers' thumbnails need.
pub const HEIGHT: u32 = 1200;
/// The least height a cover image given by the manifest may have.
pub const MIN_HEIGHT: u32 = 1000;

/// EB Garamond (SIL Open Font License 1.1, `fonts/OFL.txt`): Latin, Greek and Cyrillic.
const FONT_BYTES: &[u8] = include_bytes!("../../fonts/EBGaramond12-Regular.ttf");

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

/// A generated cover, and what could not be put on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The PNG file.
    pub png: Vec<u8>,
    /// Why some text is missing from the cover (characters the font lacks).
    pub warnings: Vec<String>,
}

/// The font: its tables are read in place, nothing parsed ahead of use.
fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| {
        FontRef::try_from_slice(FONT_BYTES).expect("the cover font shipped with quire parses")
    })
}

/// The scale that sets the font's em at `size` pixels.
fn scale(size: f32) -> PxScale {
    let font = font();
    PxScale::from(size * font.height_unscaled() / font.units_per_em().unwrap_or(1000.0))
}

/// A rasterised glyph: where it sits and its coverage (0–255), one byte a pixel.
struct Glyph {
    id: GlyphId,
    advance: f32,
    /// Offset of the coverage's top left from the pen position on the baseline.
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<u8>,
}

thread_local! {
    /// Glyphs already drawn, by character and size (in hundredths of a pixel).
    static GLYPHS: RefCell<HashMap<(char, u32), std::rc::Rc<Glyph>>> = RefCell::new(HashMap::new());
    /// The pixel buffer, reused by each cover this thread draws.
    static PIXELS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn glyph(c: char, size: f32) -> std::rc::Rc<Glyph> {
    GLYPHS.with(|cache| {
        cache
            .borrow_mut()
            .entry((c, (size * 100.0) as u32))
            .or_insert_with(|| std::rc::Rc::new(rasterise(c, size)))
            .clone()
    })
}

fn rasterise(c: char, size: f32) -> Glyph {
    let font = font();
    let id = font.glyph_id(c);
    let advance = font.as_scaled(scale(size)).h_advance(id);
    let placed = id.with_scale_and_position(scale(size), ab_glyph::point(0.0, 0.0));
    let Some(outline) = font.outline_glyph(placed) else {
        // A space: an advance and nothing to draw.
        return Glyph {
            id,
            advance,
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
            *cell = (amount.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    });
    Glyph {
        id,
        advance,
        left: bounds.min.x as i32,
        top: bounds.min.y as i32,
        width,
        coverage,
    }
}

/// The kerning between two glyphs at `size`.
fn kern(left: &Glyph, right: &Glyph, size: f32) -> f32 {
    font().as_scaled(scale(size)).kern(left.id, right.id)
}

/// Whether the font can draw every character of `text`.
fn drawable(text: &str) -> Result<(), String> {
    let missing: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && font().glyph_id(*c).0 == 0)
        .take(8)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// How wide `text` is set at `size`, kerning included.
fn width(text: &str, size: f32) -> f32 {
    let mut total = 0.0;
    let mut previous: Option<std::rc::Rc<Glyph>> = None;
    for c in text.chars() {
        let current = glyph(c, size);
        if let Some(p) = &previous {
            total += kern(p, &current, size);
        }
        total += current.advance;
        previous = Some(current);
    }
    total
}

/// Breaks `text` into lines no wider than `room`; `None` when a word alone is wider.
fn wrap(text: &str, size: f32, room: f32) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if width(word, size) > room {
            return None;
        }
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= room || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

/// Breaks `text` into as many lines as at the full width, but as even as can
/// be, so that no last line holds a single short word.
fn wrap_balanced(text: &str, size: f32, room: f32) -> Option<Vec<String>> {
    let mut best = wrap(text, size, room)?;
    let mut narrower = room;
    loop {
        narrower *= 0.95;
        match wrap(text, size, narrower) {
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
        if let Some(lines) = wrap_balanced(text, size, room) {
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

/// The image being drawn: palette indices, [`WIDTH`] to a row.
struct Canvas<'a> {
    pixels: &'a mut [u8],
}

impl Canvas<'_> {
    fn rectangle(&mut self, x: i32, y: i32, w: i32, h: i32, index: u8) {
        for row in y.max(0)..(y + h).min(HEIGHT as i32) {
            let start = (row * WIDTH as i32 + x.max(0)) as usize;
            let end = (row * WIDTH as i32 + (x + w).min(WIDTH as i32)) as usize;
            self.pixels[start..end].fill(index);
        }
    }

    /// Sets one line of text centred, its baseline at `baseline`.
    fn line(&mut self, text: &str, size: f32, baseline: i32) {
        let mut x = (WIDTH as f32 - width(text, size)) / 2.0;
        let mut previous: Option<std::rc::Rc<Glyph>> = None;
        for c in text.chars() {
            let glyph = glyph(c, size);
            if let Some(p) = &previous {
                x += kern(p, &glyph, size);
            }
            let coverage = &glyph.coverage;
            let left = x.round() as i32 + glyph.left;
            let top = baseline + glyph.top;
            let rows = coverage.len().checked_div(glyph.width).unwrap_or(0);
            for gy in 0..rows {
                let y = top + gy as i32;
                if !(0..HEIGHT as i32).contains(&y) {
                    continue;
                }
                for gx in 0..glyph.width {
                    let px = left + gx as i32;
                    let level = ((u32::from(coverage[gy * glyph.width + gx]) * u32::from(LEVELS)
                        + 127)
                        / 255) as u8;
                    if level == 0 || !(0..WIDTH as i32).contains(&px) {
                        continue;
                    }
                    let at = &mut self.pixels[(y * WIDTH as i32 + px) as usize];
                    if *at == BACKGROUND || (*at <= LEVELS && *at < level) {
                        *at = level;
                    }
                }
            }
            x += glyph.advance;
            previous = Some(glyph);
        }
    }
}

/// Draws the book's cover.
pub fn generate(meta: &Metadata) -> Generated {
    let mut warnings = Vec::new();
    let mut usable = |what: &str, text: &str| match drawable(text) {
        Ok(()) => Some(text.to_string()),
        Err(missing) => {
            warnings.push(format!(
                "the cover's font has no letters for {what} (such as {missing}); the cover is drawn without it"
            ));
            None
        }
    };
    let title = usable("the title", &meta.title);
    let subtitle = meta
        .subtitle
        .as_deref()
        .and_then(|s| usable("the subtitle", s));
    let authors = crate::render::join_names(&meta.authors);
    let author = (!authors.is_empty())
        .then(|| usable("the author's name", &authors))
        .flatten();

    let png = PIXELS.with(|buffer| {
        let mut pixels = buffer.borrow_mut();
        pixels.clear();
        pixels.resize((WIDTH * HEIGHT) as usize, BACKGROUND);
        let mut canvas = Canvas {
            pixels: &mut pixels,
        };
        // A frame, single or double by the book's identifier.
        let inset = 40;
        let (w, h) = (WIDTH as i32, HEIGHT as i32);
        let frame = |canvas: &mut Canvas, inset: i32, thick: i32| {
            canvas.rectangle(inset, inset, w - 2 * inset, thick, ORNAMENT);
            canvas.rectangle(inset, h - inset - thick, w - 2 * inset, thick, ORNAMENT);
            canvas.rectangle(inset, inset, thick, h - 2 * inset, ORNAMENT);
            canvas.rectangle(w - inset - thick, inset, thick, h - 2 * inset, ORNAMENT);
        };
        frame(&mut canvas, inset, 4);
        if meta.identifier.bytes().map(u32::from).sum::<u32>() % 2 == 0 {
            frame(&mut canvas, inset + 14, 2);
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
        encode(&pixels, &palette(&meta.identifier))
    });
    Generated { png, warnings }
}

fn encode(pixels: &[u8], palette: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.to_vec());
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::NoFilter);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let mut writer = encoder
        .write_header()
        .expect("writing a PNG into memory cannot fail");
    writer
        .write_image_data(pixels)
        .expect("the buffer is exactly one image");
    writer
        .finish()
        .expect("writing a PNG into memory cannot fail");
    out
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

    #[test]
    fn greek_and_cyrillic_draw_and_other_scripts_fall_back_with_a_warning() {
        assert!(generate(&meta("Βίοι Παράλληλοι — Война и мир"))
            .warnings
            .is_empty());
        let cover = generate(&meta("源氏物語"));
        assert_eq!(cover.warnings.len(), 1, "{:?}", cover.warnings);
        assert!(cover.warnings[0].contains("the title"));
        assert!(decode(&cover.png).0.height == HEIGHT);
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
