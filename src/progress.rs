//! What `quire build` tells the person waiting: a progress bar on a terminal,
//! one plain line per book otherwise.
//!
//! The bar is the last line of the terminal and only ever redrawn in place:
//! a warning or error is printed by clearing the bar's line, printing the
//! message, and drawing the bar again below it, so messages scroll above the
//! bar and never run through it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    total: usize,
    done: usize,
    failed: usize,
    quiet: bool,
    /// Draw a bar (stderr is a terminal) rather than print a line per book.
    bar: bool,
    /// Print the per-book lines and `--explain` on stderr: stdout carries
    /// the report (`--report -`).
    lines_to_stderr: bool,
    started: Instant,
    last_draw: Option<Instant>,
}

impl Progress {
    pub fn new(total: usize, quiet: bool, verbose: bool, lines_to_stderr: bool) -> Self {
        let bar = !quiet && !verbose && total > 1 && std::io::stderr().is_terminal();
        Progress {
            total,
            done: 0,
            failed: 0,
            quiet,
            bar,
            lines_to_stderr,
            started: Instant::now(),
            last_draw: None,
        }
    }

    /// A message that must be seen above the bar.
    pub fn say(&mut self, text: &str) {
        self.clear();
        self.line(text);
        self.draw(true);
    }

    fn line(&self, text: &str) {
        if self.lines_to_stderr {
            crate::tell!("{text}");
        } else {
            crate::say!("{text}");
        }
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
            self.line(line);
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
        // No estimate before the first book is done: "ETA 0.0 s" would be a guess.
        let eta = if self.done > 0 {
            format!("{:.1} s", (self.total - self.done) as f64 / rate)
        } else {
            "--".to_string()
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
            "\r\x1b[2K[{}{}] {}/{} books, {:.0}/s, ETA {eta}{failures}",
            "#".repeat(filled),
            "-".repeat(width - filled),
            self.done,
            self.total,
            rate,
        );
        let _ = std::io::stderr().flush();
    }
}
