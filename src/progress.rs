//! What `quire build` tells the person waiting: a progress bar on a terminal,
//! one plain line per book otherwise.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    total: usize,
    done: usize,
    failed: usize,
    quiet: bool,
    /// Draw a bar (stderr is a terminal) rather than print a line per book.
    bar: bool,
    started: Instant,
    last_draw: Option<Instant>,
}

impl Progress {
    pub fn new(total: usize, quiet: bool, verbose: bool) -> Self {
        let bar = !quiet && !verbose && total > 1 && std::io::stderr().is_terminal();
        Progress {
            total,
            done: 0,
            failed: 0,
            quiet,
            bar,
            started: Instant::now(),
            last_draw: None,
        }
    }

    /// A message that must be seen above the bar.
    pub fn say(&mut self, text: &str) {
        self.clear();
        crate::say!("{text}");
        self.draw(true);
    }

    pub fn warn(&mut self, text: &str) {
        if self.quiet {
            return;
        }
        self.clear();
        crate::tell!("{text}");
        self.draw(true);
    }

    pub fn book_done(&mut self, line: &str, failed: bool) {
        self.done += 1;
        if failed {
            self.failed += 1;
            self.clear();
            crate::tell!("{line}");
        } else if !self.bar && !self.quiet {
            crate::say!("{line}");
        }
        self.draw(failed);
    }

    pub fn finish(&mut self) {
        if self.bar {
            self.draw(true);
            crate::tell!("");
        }
    }

    fn clear(&self) {
        if self.bar && self.last_draw.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }

    fn draw(&mut self, force: bool) {
        if !self.bar {
            return;
        }
        let now = Instant::now();
        if !force
            && self
                .last_draw
                .is_some_and(|t| now - t < Duration::from_millis(100))
            && self.done < self.total
        {
            return;
        }
        self.last_draw = Some(now);
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-6);
        let rate = self.done as f64 / elapsed;
        let eta = if rate > 0.0 {
            (self.total - self.done) as f64 / rate
        } else {
            0.0
        };
        let width = 30;
        let filled = (self.done * width).checked_div(self.total).unwrap_or(width);
        let failures = if self.failed > 0 {
            format!(", {} failed", self.failed)
        } else {
            String::new()
        };
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[2K[{}{}] {}/{} books, {:.0}/s, ETA {:.1} s{failures}",
            "#".repeat(filled),
            "-".repeat(width - filled),
            self.done,
            self.total,
            rate,
            eta
        );
        let _ = std::io::stderr().flush();
    }
}
