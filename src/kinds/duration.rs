//! Durations as handbooks write them: `15m`, `1h`, `4h`, `1d`, `90d`, `2w`.

/// A duration in minutes; `None` when the text is not `<number><m|h|d|w>`.
pub fn parse_minutes(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let number: u64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    let factor = match unit {
        'm' => 1,
        'h' => 60,
        'd' => 60 * 24,
        'w' => 60 * 24 * 7,
        _ => return None,
    };
    number.checked_mul(factor)
}

/// "15 minutes", "1 hour", "90 days", for people.
pub fn human(text: &str) -> String {
    let Some(minutes) = parse_minutes(text) else {
        return text.to_owned();
    };
    let (n, unit) = if minutes % (60 * 24 * 7) == 0 && minutes >= 60 * 24 * 7 {
        (minutes / (60 * 24 * 7), "week")
    } else if minutes % (60 * 24) == 0 && minutes >= 60 * 24 {
        (minutes / (60 * 24), "day")
    } else if minutes % 60 == 0 && minutes >= 60 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_minutes("15m"), Some(15));
        assert_eq!(parse_minutes("1h"), Some(60));
        assert_eq!(parse_minutes("90d"), Some(90 * 1440));
        assert_eq!(parse_minutes("2w"), Some(2 * 7 * 1440));
        assert_eq!(parse_minutes("soon"), None);
        assert_eq!(parse_minutes("h"), None);
        assert_eq!(human("90d"), "90 days");
        assert_eq!(human("1h"), "1 hour");
        assert_eq!(human("30m"), "30 minutes");
        assert_eq!(human("14d"), "2 weeks");
    }
}
