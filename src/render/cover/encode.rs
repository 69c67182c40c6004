//! The cover as a PNG, compressed by what a cover is: rows like the row above
//! and runs of one colour.
//!
//! A general deflate compressor searches every earlier position for matches
//! and reads every byte of the image's million. A drawn cover needs two
//! distances only: the pixel above (the background, the frame's sides, the
//! parts of a text row no stroke starts or ends in) and the pixel to the left
//! (a run within a row). So matches are looked for at those two, rows that
//! share their stored row (see [`Canvas`]) are matched whole without reading
//! them, and the checksum of a repeated row is carried forward from its sums.
//! The stream is one deflate block with Huffman codes made for its own
//! symbols. Against the `png` crate's fast setting with rows stored as
//! differences: the same pixels, files 40% smaller (18.5 KB against 30 KB on
//! average), and from two fifths to three quarters of the instructions, the
//! more the longer the title (what is left is mostly the letters' edges).

use super::canvas::Canvas;

/// Deflate's longest match.
const MAX_MATCH: usize = 258;
/// Deflate's shortest match.
const MIN_MATCH: usize = 3;
/// The modulus of the Adler-32 checksum zlib streams end with.
const ADLER_MODULUS: u64 = 65_521;

/// The PNG of `canvas` in the colours of `palette` (RGB triples).
pub(super) fn png(canvas: &Canvas, palette: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, canvas.width() as u32, canvas.height() as u32);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.to_vec());
    let mut writer = encoder
        .write_header()
        .expect("writing a PNG into memory cannot fail");
    writer
        .write_chunk(png::chunk::IDAT, &zlib(canvas))
        .expect("writing a PNG into memory cannot fail");
    writer
        .finish()
        .expect("writing a PNG into memory cannot fail");
    out
}

/// One symbol of the stream: a byte, or a copy (its length's code and extra
/// bits, and which of the two distances it copies from).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Literal(u8),
    Copy {
        length_code: u8,
        length_extra: u8,
        from_above: bool,
    },
    /// So many copies of [`MAX_MATCH`] bytes: rows that repeat the one above, in one token.
    LongestCopies {
        times: u32,
        from_above: bool,
    },
}

/// The image's scanlines (each a filter byte of 0, "none", then the row) as a zlib stream.
fn zlib(canvas: &Canvas) -> Vec<u8> {
    thread_local! {
        /// The token buffer, reused by each cover this thread encodes (a long title makes tens of
        /// thousands of tokens).
        static BUFFER: std::cell::Cell<Vec<Token>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut buffer = BUFFER.take();
    buffer.clear();
    let stream = Tokens::of(canvas, buffer);
    let mut bits = BitWriter::default();
    // Deflate with a 32 KB window, no dictionary; the check bits make the header a multiple of 31.
    bits.bytes.extend_from_slice(&[0x78, 0x01]);
    write_block(&stream, canvas.width() + 1, &mut bits);
    BUFFER.set(stream.tokens);
    let mut out = bits.finish();
    out.extend_from_slice(&adler32(canvas).to_be_bytes());
    out
}

/// The stream's tokens, and how often each symbol of deflate's two alphabets occurs.
struct Tokens {
    tokens: Vec<Token>,
    literal_counts: [u32; 286],
    /// Copies from the pixel to the left, and from the row above.
    distance_counts: [u32; 2],
}

impl Tokens {
    /// At each place, a copy from the row above when at least [`MIN_MATCH`]
    /// bytes repeat it, else a copy from the pixel to the left when that many
    /// repeat it, else the byte itself. A copy from above runs on across rows,
    /// and a row stored as the one above is one copy without being read.
    fn of(canvas: &Canvas, buffer: Vec<Token>) -> Tokens {
        let width = canvas.width();
        let stride = width + 1;
        let mut stream = Tokens {
            tokens: buffer,
            literal_counts: [0; 286],
            distance_counts: [0; 2],
        };
        // The copy from the row above not yet written: its length. It starts with a filter byte
        // (0) or a run of at least MIN_MATCH, so one too short to write is a filter byte and at
        // most one pixel, which `flush_above` writes as they are.
        let mut above = 0usize;
        for y in 0..canvas.height() {
            let row = canvas.row(y);
            if y == 0 {
                stream.literal(0);
                stream.row_alone(row, 0);
                continue;
            }
            if canvas.stored(y - 1) == canvas.stored(y) {
                above += stride;
                continue;
            }
            // Both rows `width` long, said once so that indexing them needs no checks.
            let (row, previous) = (&row[..width], &canvas.row(y - 1)[..width]);
            above += 1; // the filter byte
            let mut x = 0;
            while x < width {
                if row[x] == previous[x] {
                    let same = common_prefix(&row[x..], &previous[x..]);
                    if above > 0 || same >= MIN_MATCH {
                        above += same;
                        x += same;
                        continue;
                    }
                }
                if above > 0 {
                    stream.flush_above(&mut above, row, x);
                }
                x = stream.left_or_literal(row, x);
            }
        }
        if above > 0 {
            let last = canvas.row(canvas.height() - 1);
            stream.flush_above(&mut above, last, width);
        }
        stream
    }

    /// A row with none above it, from pixel `x` on: runs and bytes.
    fn row_alone(&mut self, row: &[u8], mut x: usize) {
        while x < row.len() {
            x = self.left_or_literal(row, x);
        }
    }

    /// The run from the left at pixel `x`, or its byte; where the next token starts.
    fn left_or_literal(&mut self, row: &[u8], x: usize) -> usize {
        let before = if x == 0 { 0 } else { row[x - 1] };
        if row[x] == before {
            let run = row[x..].iter().take_while(|&&b| b == before).count();
            if run >= MIN_MATCH {
                self.copy(run, false);
                return x + run;
            }
        }
        self.literal(row[x]);
        x + 1
    }

    /// Writes the pending copy from above, which ends before pixel `x` of `row`.
    fn flush_above(&mut self, above: &mut usize, row: &[u8], x: usize) {
        let length = std::mem::take(above);
        if length >= MIN_MATCH {
            self.copy(length, true);
            return;
        }
        // Too short to copy, it began at this row's filter byte.
        debug_assert_eq!(length, x + 1);
        self.literal(0);
        for &b in &row[..x] {
            self.literal(b);
        }
    }

    fn literal(&mut self, byte: u8) {
        self.tokens.push(Token::Literal(byte));
        self.literal_counts[usize::from(byte)] += 1;
    }

    /// A copy of `length` bytes (at least [`MIN_MATCH`]), as deflate's copies
    /// of at most [`MAX_MATCH`], none shorter than [`MIN_MATCH`].
    fn copy(&mut self, length: usize, from_above: bool) {
        let (mut times, mut left) = (length / MAX_MATCH, length % MAX_MATCH);
        if (1..MIN_MATCH).contains(&left) && times > 0 {
            // Left over too short to copy: the last longest copy shares it.
            times -= 1;
            left += MAX_MATCH;
        }
        if times > 0 {
            self.tokens.push(Token::LongestCopies {
                times: times as u32,
                from_above,
            });
            self.literal_counts[257 + usize::from(LENGTH_CODE[MAX_MATCH])] += times as u32;
            self.distance_counts[usize::from(from_above)] += times as u32;
        }
        while left > 0 {
            let mut take = left.min(MAX_MATCH);
            if (1..MIN_MATCH).contains(&(left - take)) {
                take = left - MIN_MATCH;
            }
            let length_code = LENGTH_CODE[take];
            self.tokens.push(Token::Copy {
                length_code,
                length_extra: (take - usize::from(LENGTH_BASE[usize::from(length_code)])) as u8,
                from_above,
            });
            self.literal_counts[257 + usize::from(length_code)] += 1;
            self.distance_counts[usize::from(from_above)] += 1;
            left -= take;
        }
    }
}

/// How many leading bytes `a` and `b` share, compared eight at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().expect("eight bytes"));
        let y = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The Adler-32 of the image's scanlines. Each stored row is summed once (its
/// byte sum and its sum of running sums); a row's effect on the checksum
/// follows from those two and the sum before it, so a repeated row costs
/// nothing to add.
fn adler32(canvas: &Canvas) -> u32 {
    let stride = (canvas.width() + 1) as u64;
    let mut sums: Vec<Option<(u64, u64)>> = vec![None; canvas.stored_count()];
    let (mut a, mut b) = (1u64, 0u64);
    for y in 0..canvas.height() {
        let slot = canvas.stored(y);
        let (row_a, row_b) = *sums[slot as usize].get_or_insert_with(|| {
            // Summed from zero, the filter byte (0) adds nothing to either sum.
            let mut hash = simd_adler32::Adler32::from_checksum(0);
            hash.write(canvas.stored_row(slot));
            let sum = hash.finish();
            (u64::from(sum & 0xffff), u64::from(sum >> 16))
        });
        b = (b + stride * a + row_b) % ADLER_MODULUS;
        a = (a + row_a) % ADLER_MODULUS;
    }
    ((b << 16) | a) as u32
}

/// Bits written least significant first, as deflate packs them.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    pending: u64,
    count: u32,
}

impl BitWriter {
    /// Writes the low `count` bits of `value` (at most 32).
    fn bits(&mut self, value: u32, count: u32) {
        self.pending |= u64::from(value) << self.count;
        self.count += count;
        if self.count >= 32 {
            self.bytes
                .extend_from_slice(&(self.pending as u32).to_le_bytes());
            self.pending >>= 32;
            self.count -= 32;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        while self.count > 0 {
            self.bytes.push(self.pending as u8);
            self.pending >>= 8;
            self.count = self.count.saturating_sub(8);
        }
        self.bytes
    }
}

/// A Huffman code ready to write: its bits reversed (deflate writes a code's
/// bits most significant first, into a stream filled from the least), and how many.
#[derive(Debug, Clone, Copy, Default)]
struct Code {
    bits: u32,
    length: u8,
}

/// The codes of an alphabet with these code lengths.
fn codes(lengths: &[u8]) -> Vec<Code> {
    canonical_codes(lengths)
        .into_iter()
        .zip(lengths)
        .map(|(code, &length)| Code {
            bits: if length == 0 {
                0
            } else {
                u32::from(code.reverse_bits() >> (16 - u32::from(length)))
            },
            length,
        })
        .collect()
}

impl BitWriter {
    fn code(&mut self, code: Code) {
        self.bits(code.bits, u32::from(code.length));
    }
}

/// Deflate's length codes 257–285 (here 0–28): the least length of each and its extra bits.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// The length code (0–28) of each copy length 3–258.
const LENGTH_CODE: [u8; MAX_MATCH + 1] = {
    let mut table = [0u8; MAX_MATCH + 1];
    let mut code = 0;
    let mut length = MIN_MATCH;
    while length <= MAX_MATCH {
        while code + 1 < LENGTH_BASE.len() && LENGTH_BASE[code + 1] as usize <= length {
            code += 1;
        }
        table[length] = code as u8;
        length += 1;
    }
    table
};
/// Deflate's distance codes 0–29: the least distance of each and its extra bits.
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block gives the code lengths of the code-length alphabet.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];
const END_OF_BLOCK: usize = 256;

/// Writes the stream as one final deflate block with Huffman codes made for
/// it; its copies come from 1 byte back (the left) or `stride` (the row above).
fn write_block(stream: &Tokens, stride: usize, bits: &mut BitWriter) {
    let mut literal_counts = stream.literal_counts;
    literal_counts[END_OF_BLOCK] = 1;
    let literal_lengths = huffman_lengths(&literal_counts, 15);
    let literal_codes: [Code; 286] = codes(&literal_lengths)
        .try_into()
        .expect("a code for each symbol");
    // The distances' codes: 1 is code 0; the stride's code follows from the table.
    let stride_code = DISTANCE_BASE.partition_point(|&base| usize::from(base) <= stride) - 1;
    let mut distance_counts = [0u32; 30];
    distance_counts[0] += stream.distance_counts[0];
    distance_counts[stride_code] += stream.distance_counts[1];
    let distance_lengths = huffman_lengths(&distance_counts, 15);
    let distance_codes = codes(&distance_lengths);
    // The whole distance part of a copy, code and extra bits, for each of the two.
    let distance_bits = |code: usize, distance: usize| {
        let c = distance_codes[code];
        let extra = (distance - usize::from(DISTANCE_BASE[code])) as u32;
        (
            c.bits | extra << c.length,
            u32::from(c.length) + u32::from(DISTANCE_EXTRA[code]),
        )
    };
    let distances = [distance_bits(0, 1), distance_bits(stride_code, stride)];

    let literals_given = 257.max(last_used(&literal_lengths));
    let distances_given = 1.max(last_used(&distance_lengths));
    let mut all_lengths = literal_lengths[..literals_given].to_vec();
    all_lengths.extend_from_slice(&distance_lengths[..distances_given]);
    let runs = code_length_runs(&all_lengths);
    let mut run_counts = [0u32; 19];
    for &(symbol, _) in &runs {
        run_counts[usize::from(symbol)] += 1;
    }
    let run_lengths = huffman_lengths(&run_counts, 7);
    let run_codes = codes(&run_lengths);
    let orders_given = 4.max(
        CODE_LENGTH_ORDER
            .iter()
            .rposition(|&symbol| run_lengths[symbol] > 0)
            .map_or(0, |i| i + 1),
    );

    bits.bits(1, 1); // the final block
    bits.bits(2, 2); // dynamic Huffman codes
    bits.bits((literals_given - 257) as u32, 5);
    bits.bits((distances_given - 1) as u32, 5);
    bits.bits((orders_given - 4) as u32, 4);
    for &symbol in &CODE_LENGTH_ORDER[..orders_given] {
        bits.bits(u32::from(run_lengths[symbol]), 3);
    }
    for &(symbol, extra) in &runs {
        bits.code(run_codes[usize::from(symbol)]);
        match symbol {
            16 => bits.bits(u32::from(extra), 2),
            17 => bits.bits(u32::from(extra), 3),
            18 => bits.bits(u32::from(extra), 7),
            _ => {}
        }
    }
    for token in &stream.tokens {
        match *token {
            Token::Literal(byte) => bits.code(literal_codes[usize::from(byte)]),
            Token::Copy {
                length_code,
                length_extra,
                from_above,
            } => {
                let code = literal_codes[257 + usize::from(length_code)];
                bits.bits(
                    code.bits | u32::from(length_extra) << code.length,
                    u32::from(code.length) + u32::from(LENGTH_EXTRA[usize::from(length_code)]),
                );
                let (value, count) = distances[usize::from(from_above)];
                bits.bits(value, count);
            }
            Token::LongestCopies { times, from_above } => {
                let code = literal_codes[257 + usize::from(LENGTH_CODE[MAX_MATCH])];
                let (value, count) = distances[usize::from(from_above)];
                for _ in 0..times {
                    bits.code(code);
                    bits.bits(value, count);
                }
            }
        }
    }
    bits.code(literal_codes[END_OF_BLOCK]);
}

/// One past the last symbol with a code.
fn last_used(lengths: &[u8]) -> usize {
    lengths.iter().rposition(|&l| l > 0).map_or(0, |i| i + 1)
}

/// The code lengths as deflate's code-length symbols: a length (0–15), or 16
/// (the last length 3–6 times more), 17 (3–10 zeros), 18 (11–138 zeros), each
/// with its extra bits' value.
fn code_length_runs(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let length = lengths[i];
        let same = lengths[i..].iter().take_while(|&&l| l == length).count();
        if length == 0 && same >= 11 {
            let n = same.min(138);
            runs.push((18, (n - 11) as u8));
            i += n;
        } else if length == 0 && same >= 3 {
            runs.push((17, (same - 3) as u8));
            i += same;
        } else if length != 0 && same >= 4 {
            runs.push((length, 0));
            let n = (same - 1).min(6);
            runs.push((16, (n - 3) as u8));
            i += 1 + n;
        } else {
            runs.push((length, 0));
            i += 1;
        }
    }
    runs
}

/// Huffman code lengths for symbols seen `counts` times, none longer than
/// `limit` bits. At least two symbols get a code, so that every code is
/// complete, as strict decoders want; when a code would be too long, the
/// counts are halved (the rare symbols' weights rise) until it fits.
fn huffman_lengths(counts: &[u32], limit: u8) -> Vec<u8> {
    let mut counts = counts.to_vec();
    let used = counts.iter().filter(|&&c| c > 0).count();
    for slot in counts
        .iter_mut()
        .filter(|c| **c == 0)
        .take(2usize.saturating_sub(used))
    {
        *slot = 1;
    }
    loop {
        let lengths = unlimited_huffman_lengths(&counts);
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        for count in counts.iter_mut().filter(|c| **c > 0) {
            *count = (*count).div_ceil(2);
        }
    }
}

/// Huffman code lengths by the classic merge of the two lightest trees.
fn unlimited_huffman_lengths(counts: &[u32]) -> Vec<u8> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // Nodes: the symbols, then the merged trees; each merged tree's parent.
    let mut parent: Vec<usize> = vec![usize::MAX; counts.len()];
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(symbol, &c)| Reverse((u64::from(c), symbol)))
        .collect();
    while heap.len() > 1 {
        let Reverse((a_weight, a)) = heap.pop().expect("two trees");
        let Reverse((b_weight, b)) = heap.pop().expect("two trees");
        let node = parent.len();
        parent.push(usize::MAX);
        parent[a] = node;
        parent[b] = node;
        heap.push(Reverse((a_weight + b_weight, node)));
    }
    let mut depth = vec![0u8; parent.len()];
    // Merged trees come after their children, so walking back down from the root sets parents first.
    for node in (0..parent.len()).rev() {
        if parent[node] != usize::MAX {
            depth[node] = depth[parent[node]] + 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .map(|(symbol, &c)| if c > 0 { depth[symbol] } else { 0 })
        .collect()
}

/// The canonical codes deflate derives from code lengths.
fn canonical_codes(lengths: &[u8]) -> Vec<u16> {
    let mut per_length = [0u16; 16];
    for &l in lengths {
        per_length[usize::from(l)] += 1;
    }
    per_length[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + per_length[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decoded(png_bytes: &[u8]) -> Vec<u8> {
        let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut pixels).unwrap();
        pixels
    }

    const PALETTE: [u8; 48] = [7; 48];

    /// A canvas drawn by `strokes`: rectangles over shared rows and pixels set row by row.
    fn drawn(width: usize, height: usize, strokes: &[(u8, usize, usize, usize, usize)]) -> Canvas {
        let mut canvas = Canvas::default();
        canvas.reset(width, height, 0);
        for &(index, x, y, w, h) in strokes {
            if index % 2 == 0 {
                canvas.fill(y..y + h, x..x + w, index % 16);
            } else {
                for row in y..(y + h).min(height) {
                    let pixels = canvas.row_mut(row);
                    for (i, p) in pixels.iter_mut().enumerate().skip(x).take(w) {
                        *p = ((i * 7 + row * 3) % 16) as u8 & index;
                    }
                }
            }
        }
        canvas
    }

    #[test]
    fn a_blank_image_and_a_framed_one_decode_to_their_pixels() {
        for strokes in [
            vec![],
            vec![
                (2, 40, 40, 820, 4),
                (2, 40, 40, 4, 1120),
                (3, 100, 300, 600, 150),
            ],
        ] {
            let canvas = drawn(900, 1200, &strokes);
            let png = png(&canvas, &PALETTE);
            assert_eq!(decoded(&png), canvas.pixels());
            assert!(png.len() < 40_000, "{} bytes", png.len());
        }
    }

    #[test]
    fn adler32_from_row_sums_is_adler32_of_the_scanlines() {
        let canvas = drawn(300, 200, &[(2, 3, 0, 50, 200), (5, 0, 60, 300, 30)]);
        let mut scanlines = Vec::new();
        for y in 0..canvas.height() {
            scanlines.push(0);
            scanlines.extend_from_slice(canvas.row(y));
        }
        let mut whole = simd_adler32::Adler32::new();
        whole.write(&scanlines);
        assert_eq!(adler32(&canvas), whole.finish());
    }

    #[test]
    fn huffman_codes_stay_within_their_limit_however_skewed_the_counts() {
        let counts: Vec<u32> = (0..40).map(|i| 1u32 << (i % 31)).collect();
        let lengths = huffman_lengths(&counts, 7);
        assert!(lengths.iter().all(|&l| (1..=7).contains(&l)));
        // Kraft's sum is exactly one: the code is complete.
        let kraft: f64 = lengths.iter().map(|&l| 0.5f64.powi(i32::from(l))).sum();
        assert!((kraft - 1.0).abs() < 1e-9);
        assert_eq!(
            huffman_lengths(&[0, 5, 0], 15)
                .iter()
                .filter(|&&l| l > 0)
                .count(),
            2
        );
    }

    #[test]
    fn a_copy_of_any_length_is_copies_deflate_allows_adding_up_to_it() {
        for length in MIN_MATCH..3_000 {
            let mut stream = Tokens {
                tokens: Vec::new(),
                literal_counts: [0; 286],
                distance_counts: [0; 2],
            };
            stream.copy(length, true);
            let mut total = 0;
            for token in &stream.tokens {
                match *token {
                    Token::LongestCopies { times, .. } => total += times as usize * MAX_MATCH,
                    Token::Copy {
                        length_code,
                        length_extra,
                        ..
                    } => {
                        let one = usize::from(LENGTH_BASE[usize::from(length_code)])
                            + usize::from(length_extra);
                        assert!((MIN_MATCH..=MAX_MATCH).contains(&one), "{length}: {one}");
                        assert_eq!(LENGTH_CODE[one], length_code);
                        total += one;
                    }
                    Token::Literal(_) => panic!("a copy written as a byte"),
                }
            }
            assert_eq!(total, length);
        }
    }

    proptest! {
        #[test]
        fn any_drawing_decodes_to_its_pixels(
            width in 1usize..70,
            height in 1usize..60,
            strokes in proptest::collection::vec((0u8..16, 0usize..80, 0usize..70, 0usize..40, 0usize..40), 0..12),
        ) {
            let canvas = drawn(width, height, &strokes);
            prop_assert_eq!(decoded(&png(&canvas, &PALETTE)), canvas.pixels());
        }
    }
}
