//! Dates, in one home for every room: reading them as a source writes them,
//! checking the `YYYY[-MM[-DD]]` form a book's metadata carries, and
//! printing them as a title page does.

/// The months' English names, January first: one list for reading dates and printing them.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A publication date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked for being a real date.
pub fn check_date(value: &str) -> Result<String, String> {
    let value = value.trim();
    let parts: Vec<&str> = value.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let bad = || format!("\"{value}\" is not a date in the form 2000, 2000-11 or 2000-11-05");
    let year = parts.first().and_then(|y| number(y, 4)).ok_or_else(bad)?;
    match parts.as_slice() {
        [_] => {}
        [_, m] => {
            let month = number(m, 2).ok_or_else(bad)?;
            if !(1..=12).contains(&month) {
                return Err(format!("\"{value}\" has no month {month}"));
            }
        }
        [_, m, d] => {
            let (month, day) = (number(m, 2).ok_or_else(bad)?, number(d, 2).ok_or_else(bad)?);
            if chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
                return Err(format!("\"{value}\" is not a day of the calendar"));
            }
        }
        _ => return Err(bad()),
    }
    Ok(value.to_string())
}

/// `2021-08-08T12:00:00Z`, any RFC 3339 time, or a plain date (taken as midnight UTC).
pub fn parse_modified(value: &str) -> Option<String> {
    let value = value.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        return Some(
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        );
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string())
}

/// A line of plain text that is only a date: `2000`, `November 2000`, `5 November 2000`,
/// `November 5, 2000` or `2000-11-05`, as `YYYY[-MM[-DD]]`.
pub fn parse_written(text: &str) -> Option<String> {
    // Every date read here has a year in digits: most lines have no digit at all.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = text.trim().trim_end_matches('.');
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let year = |w: &str| {
        w.len() == 4
            && w.chars()
                .all(|c| c.is_ascii_digit())
                .then_some(())
                .is_some()
    };
    let month = |w: &str| {
        // `w` is in lower case; the names are ASCII, so no lower-case copy of them is needed.
        MONTH_NAMES
            .iter()
            .position(|m| {
                m.eq_ignore_ascii_case(w)
                    || (w.len() >= 3
                        && w.len() <= m.len()
                        && m.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes()))
            })
            .map(|m| m + 1)
    };
    let day = |w: &str| {
        w.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
    };
    match words.as_slice() {
        [y] if year(y) => Some(y.clone()),
        [m, y] if year(y) => month(m).map(|m| format!("{y}-{m:02}")),
        [a, b, y] if year(y) => {
            let (m, d) = match (month(a), day(b)) {
                (Some(m), Some(d)) => (m, d),
                _ => (month(b)?, day(a)?),
            };
            let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m as u32, d)?;
            Some(date.format("%Y-%m-%d").to_string())
        }
        _ => None,
    }
}

/// The day of a timestamp such as `2020-09-22T15:15:00-0600`.
pub fn day_of_timestamp(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    (value.len() > 10 && value[10..].starts_with(['T', ' ']))
        .then(|| check_date(day).ok())
        .flatten()
}

/// `2000-11` → "November 2000", as a title page prints it.
pub fn human_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTH_NAMES.get(m.wrapping_sub(1)))
    };
    match parts.as_slice() {
        [y, m] => month(m)
            .map(|m| format!("{m} {y}"))
            .unwrap_or_else(|| date.to_string()),
        [y, m, d] => month(m)
            .map(|m| format!("{} {m} {y}", d.trim_start_matches('0')))
            .unwrap_or_else(|| date.to_string()),
        _ => date.to_string(),
    }
}
