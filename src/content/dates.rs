//! Dates in front matter as people really write them: ISO dates, timestamps with or without a
//! zone, and the odd `March 5, 2021` from an older site generator.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

const DATE_FORMATS: [&str; 6] = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
];
const DATETIME_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// Parses a front matter date; `None` when no known format fits.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
        return Some(dt.date_naive());
    }
    for format in DATETIME_FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return Some(dt.date());
        }
    }
    // Hugo and Jekyll sites often write a zone name after the time: keep the date part.
    let head = text.get(..10).unwrap_or(text);
    for format in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .filter(|_| {
            text.len() > 10 && text.as_bytes()[10] == b' ' || text.as_bytes().get(10) == Some(&b'T')
        })
}

/// "14 October 2026", for people.
pub fn human(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_forms() {
        let d = NaiveDate::from_ymd_opt(2021, 3, 5).unwrap();
        for text in [
            "2021-03-05",
            "2021-03-05T10:00:00Z",
            "2021-03-05 10:00:00 +0100",
            "2021-03-05 10:00",
            "March 5, 2021",
            "5 Mar 2021",
            "2021/03/05",
            "2021-03-05 10:00:00 PST",
        ] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("someday"), None);
        assert_eq!(parse_date("2021-13-40"), None);
        assert_eq!(human(d), "5 March 2021");
    }
}
