//! The image a cover is drawn on: palette indices, each distinct row stored
//! once.
//!
//! A cover is mostly rows like the one above it (the background, the frame's
//! sides), so rows share their storage until something is drawn on one: a
//! rectangle drawn across rows that were the same leaves them the same, stored
//! once more; a glyph gives each row it touches a copy of its own. Drawing
//! costs what is drawn, not the image's million pixels, and the encoder knows
//! which rows repeat without comparing them.

/// A palette image whose identical rows share one stored row.
#[derive(Default)]
pub(super) struct Canvas {
    width: usize,
    /// The stored rows, `width` bytes each, one after another.
    store: Vec<u8>,
    /// The stored row each row of the image shows.
    rows: Vec<u32>,
    /// How many rows of the image show each stored row.
    users: Vec<u32>,
}

impl Canvas {
    /// Clears the canvas to `width` × `height` pixels of `fill`, keeping its allocations.
    pub(super) fn reset(&mut self, width: usize, height: usize, fill: u8) {
        self.width = width;
        self.store.clear();
        self.store.resize(width, fill);
        self.rows.clear();
        self.rows.resize(height, 0);
        self.users.clear();
        self.users.push(height as u32);
    }

    pub(super) fn width(&self) -> usize {
        self.width
    }

    pub(super) fn height(&self) -> usize {
        self.rows.len()
    }

    /// The stored row that row `y` shows: equal numbers, equal rows.
    pub(super) fn stored(&self, y: usize) -> u32 {
        self.rows[y]
    }

    /// The pixels of row `y`.
    pub(super) fn row(&self, y: usize) -> &[u8] {
        self.stored_row(self.rows[y])
    }

    /// The pixels of stored row `slot`.
    pub(super) fn stored_row(&self, slot: u32) -> &[u8] {
        let start = slot as usize * self.width;
        &self.store[start..start + self.width]
    }

    /// How many rows are stored.
    pub(super) fn stored_count(&self) -> usize {
        self.users.len()
    }

    /// Row `y` to draw on: its own copy if other rows show the same stored row.
    pub(super) fn row_mut(&mut self, y: usize) -> &mut [u8] {
        let slot = self.rows[y];
        let slot = if self.users[slot as usize] == 1 {
            slot
        } else {
            self.users[slot as usize] -= 1;
            let copy = self.copy_of(slot);
            self.rows[y] = copy;
            copy
        };
        let start = slot as usize * self.width;
        &mut self.store[start..start + self.width]
    }

    /// A new stored row holding what `slot` holds, shown by one row.
    fn copy_of(&mut self, slot: u32) -> u32 {
        let start = slot as usize * self.width;
        self.store.extend_from_within(start..start + self.width);
        self.users.push(1);
        (self.users.len() - 1) as u32
    }

    /// Sets `columns` of every row in `rows` to `index`. Rows that were the
    /// same before are the same after, and share one stored row.
    pub(super) fn fill(
        &mut self,
        rows: std::ops::Range<usize>,
        columns: std::ops::Range<usize>,
        index: u8,
    ) {
        let columns = columns.start.min(self.width)..columns.end.min(self.width);
        let rows = rows.start..rows.end.min(self.rows.len());
        if columns.is_empty() {
            return;
        }
        // Each stored row met, and the stored row it became; the last one first, as runs of
        // rows share one.
        let mut became: Vec<(u32, u32)> = Vec::new();
        let mut last = (u32::MAX, u32::MAX);
        for y in rows {
            let before = self.rows[y];
            let known = if before == last.0 {
                Some(last)
            } else {
                became.iter().copied().find(|(from, _)| *from == before)
            };
            if let Some((_, after)) = known {
                last = (before, after);
                self.users[before as usize] -= 1;
                self.users[after as usize] += 1;
                self.rows[y] = after;
                continue;
            }
            let row = self.row_mut(y);
            row[columns.clone()].fill(index);
            last = (before, self.rows[y]);
            became.push(last);
        }
    }

    /// Every pixel, row after row (for tests and for comparing with a decoded image).
    #[cfg(test)]
    pub(super) fn pixels(&self) -> Vec<u8> {
        (0..self.height())
            .flat_map(|y| self.row(y).to_vec())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_drawn_alike_stay_shared_and_a_row_drawn_alone_is_its_own() {
        let mut canvas = Canvas::default();
        canvas.reset(10, 100, 0);
        canvas.fill(10..90, 2..4, 5);
        canvas.fill(0..100, 8..9, 7);
        // Background and frame: the two kinds of row, each with the stripe, stored once.
        let shown: std::collections::BTreeSet<u32> = (0..100).map(|y| canvas.stored(y)).collect();
        assert_eq!(shown.len(), 2);
        assert_eq!(canvas.stored(20), canvas.stored(80));
        assert_ne!(canvas.stored(5), canvas.stored(20));
        canvas.row_mut(50)[0] = 9;
        assert_ne!(canvas.stored(50), canvas.stored(51));
        assert_eq!(canvas.row(50), &[9, 0, 5, 5, 0, 0, 0, 0, 7, 0]);
        assert_eq!(canvas.row(51), &[0, 0, 5, 5, 0, 0, 0, 0, 7, 0]);
        assert_eq!(canvas.row(95), &[0, 0, 0, 0, 0, 0, 0, 0, 7, 0]);
    }

    #[test]
    fn a_fill_over_the_edge_is_cut_at_it() {
        let mut canvas = Canvas::default();
        canvas.reset(4, 3, 1);
        canvas.fill(2..10, 3..9, 2);
        assert_eq!(canvas.pixels(), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    }
}
