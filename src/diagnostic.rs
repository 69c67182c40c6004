//! Errors and warnings that name the file (and line) they are about.

use std::fmt;
use std::path::{Path, PathBuf};

/// A message about one input, pointing at a line where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input the message is about.
    pub file: PathBuf,
    /// Its line (1-based), when the message is about one.
    pub line: Option<usize>,
    /// What is wrong or worth knowing, and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A message about `file`, at `line` if there is one.
    pub fn new(file: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// A failed build: the reason, located.
pub type Error = Diagnostic;
/// Something the reader of the book may notice, but which did not stop the build.
pub type Warning = Diagnostic;
