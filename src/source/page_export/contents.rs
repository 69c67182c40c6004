//! Recognises a printed Contents page and reads its entries.
//!
//! Exports write the Contents in different ways; each way is one small parser
//! here, tried in turn. A Contents page matters twice: its text is replaced by
//! the book's navigation, and its page numbers tell which printed page each
//! section starts on, which helps restore reading order.

/// One line of a Contents page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    /// The section's title as the Contents page gives it.
    pub title: String,
    /// The printed page it starts on.
    pub page: u32,
}

/// Reads a block of Contents entries, if that is what it is: at least two
/// lines, nearly all of them entries.
pub fn parse_block(text: &str) -> Option<Vec<ContentsEntry>> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for parser in [
        dot_leader_entry as fn(&str) -> Option<ContentsEntry>,
        table_entry,
    ] {
        let entries: Vec<ContentsEntry> = lines.iter().filter_map(|l| parser(l)).collect();
        let table_rules = lines.iter().filter(|l| is_table_rule(l)).count();
        let header_rows = usize::from(table_rules > 0);
        // A Contents page lists sections in page order; a data table's last column does not rise.
        let rising = entries.windows(2).all(|w| w[0].page <= w[1].page);
        if entries.len() >= 2 && rising && entries.len() + table_rules + header_rows >= lines.len()
        {
            return Some(entries);
        }
    }
    None
}

/// `Title . . . . . 6`, `Title .......... 6` or `Title<TAB>6`.
fn dot_leader_entry(line: &str) -> Option<ContentsEntry> {
    let line = crate::source::text::strip_hard_break(line);
    let (head, page) = split_trailing_number(line)?;
    let has_tab = head.ends_with('\t') || head.contains('\t');
    let leader_dots = head
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| *c == '.' || *c == ' ' || *c == '\t' || *c == '…')
        .filter(|c| *c == '.' || *c == '…')
        .count();
    if !has_tab && leader_dots < 3 {
        return None;
    }
    let title = head
        .trim_end_matches(|c: char| c == '.' || c == '…' || c.is_whitespace())
        .trim();
    entry(title, page)
}

/// `| Title | 6 |`: the last non-empty cell is the page number.
fn table_entry(line: &str) -> Option<ContentsEntry> {
    let inner = line.strip_prefix('|')?.trim_end().strip_suffix('|')?;
    let cells: Vec<&str> = inner
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let (page, title) = cells.split_last()?;
    let page: u32 = page.parse().ok()?;
    // Title and page, perhaps after a section number: more columns make a data table.
    let numbered = title.len() == 2 && title[0].len() <= 4;
    if title.len() > 1 && !numbered {
        return None;
    }
    entry(&title.join(" "), page)
}

fn is_table_rule(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn entry(title: &str, page: u32) -> Option<ContentsEntry> {
    let title = title.trim();
    (!title.is_empty() && title.chars().any(char::is_alphabetic)).then(|| ContentsEntry {
        title: title.to_string(),
        page,
    })
}

fn split_trailing_number(line: &str) -> Option<(&str, u32)> {
    let digits = line.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 5 {
        return None;
    }
    let (head, number) = line.split_at(line.len() - digits);
    Some((head, number.parse().ok()?))
}

/// Compares a heading with a Contents title the way a reader would: ignoring
/// case, punctuation and spacing differences that exports introduce.
pub fn same_title(a: &str, b: &str) -> bool {
    let (a, b) = (
        crate::source::text::compare_key(a),
        crate::source::text::compare_key(b),
    );
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_leaders_and_tabs() {
        let entries =
            parse_block("Dawn and Decline . . . . .\t6\nThe enemies within? . . . . .\t9\n")
                .unwrap();
        assert_eq!(
            entries[0],
            ContentsEntry {
                title: "Dawn and Decline".into(),
                page: 6
            }
        );
        assert_eq!(
            entries[1],
            ContentsEntry {
                title: "The enemies within?".into(),
                page: 9
            }
        );
    }

    #[test]
    fn contents_as_a_table() {
        let entries = parse_block("| Section | Page |\n|---|---|\n| Dawn and Decline | 6 |\n| Whose Revolution is this? | 11 |").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[1],
            ContentsEntry {
                title: "Whose Revolution is this?".into(),
                page: 11
            }
        );
    }

    #[test]
    fn prose_with_numbers_is_not_contents() {
        assert!(
            parse_block("He got 5 years in prison in 1910\nand was released in 1915").is_none()
        );
        assert!(parse_block("Only one line . . . . 4").is_none());
    }

    #[test]
    fn data_tables_are_not_contents() {
        assert!(parse_block("| Model | lr | batch | steps |\n|---|---|---|---|\n| Ours 9B | 5e-5 | 0.1 | 260 |\n| Ours 80B | 5e-5 | 0.1 | 360 |").is_none());
        assert!(
            parse_block("| Country | Votes |\n|---|---|\n| France | 30 |\n| Spain | 12 |")
                .is_none()
        );
        assert!(parse_block(
            "| | Section | Page |\n|---|---|---|\n| 1 | Dawn | 6 |\n| 2 | Decline | 11 |"
        )
        .is_some());
    }

    #[test]
    fn titles_match_despite_punctuation() {
        assert!(same_title(
            "Do not mourn — Organise!",
            "Do not mourn - Organise"
        ));
        assert!(!same_title("Dawn", "Decline"));
    }
}
