//! Front matter habits of Hugo, Jekyll and Docsy sites, honoured so that existing content builds
//! unchanged: `redirect_from` (Jekyll) adds to `aliases`; `url` and `permalink` set the URL;
//! `canonical_path` is the page's canonical link (not its URL); `toc_hide` and similar flags
//! leave a page out of navigation and listings, while `no_list` (Docsy) only leaves the list of
//! child pages off that section's own page; `linkTitle` is the navigation label; `publishDate`
//! and `expirydate` keep a page out until (or after) that date unless `--drafts`; `lastmod` is
//! when it was updated; `headless` and `build` keep it out of the output (see
//! [`super::publish`]), `cascade` passes fields down to the pages below (see
//! [`crate::config::cascade`]). Hugo reads keys without regard to case, and so does this module.

use chrono::NaiveDate;

use super::dates;

/// A field name from another generator that this module understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Habit {
    RedirectFrom,
    Url,
    Canonical,
    Hidden,
    NoList,
    Updated,
    Headless,
    Build,
    Cascade,
    NavTitle,
    PublishDate,
    ExpiryDate,
}

/// The names, as written in front matter, and what they mean. Kinds accept them all.
pub const FIELDS: [(&str, Habit); 22] = [
    ("redirect_from", Habit::RedirectFrom),
    ("canonical_path", Habit::Canonical),
    ("url", Habit::Url),
    ("permalink", Habit::Url),
    ("toc_hide", Habit::Hidden),
    ("no_list", Habit::NoList),
    ("lastmod", Habit::Updated),
    ("headless", Habit::Headless),
    ("build", Habit::Build),
    ("_build", Habit::Build),
    ("cascade", Habit::Cascade),
    ("nav_exclude", Habit::Hidden),
    ("hide_from_nav", Habit::Hidden),
    ("exclude_from_nav", Habit::Hidden),
    ("linkTitle", Habit::NavTitle),
    ("link_title", Habit::NavTitle),
    ("publishDate", Habit::PublishDate),
    ("publishdate", Habit::PublishDate),
    ("publish_date", Habit::PublishDate),
    ("expiryDate", Habit::ExpiryDate),
    ("expirydate", Habit::ExpiryDate),
    ("expiry_date", Habit::ExpiryDate),
];

/// What a front matter key means, when it is one of [`FIELDS`] (in any letter case).
pub fn habit(key: &str) -> Option<Habit> {
    FIELDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, h)| *h)
}

/// The URL path (below the base path, `area/page/`) that `url`/`permalink` (the front matter's
/// `url`) ask for, and the `.html` address to keep working through an alias when one was
/// written (`/about.html`).
pub fn url_override(url: Option<&str>) -> Option<(String, Option<String>)> {
    let written = url?.trim();
    if written.is_empty() || written.contains("://") || written.contains(':') {
        return None;
    }
    let path = written.trim_start_matches('/');
    let (path, old) = match path.strip_suffix(".html") {
        Some(stem) => (
            stem.strip_suffix("index").unwrap_or(stem).to_owned(),
            Some(written.to_owned()),
        ),
        None => (path.to_owned(), None),
    };
    // `.` and `..` were resolved, or the value refused, when the page was read (see
    // `super::site_path`); none are left to drop here.
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    let url = if segments.is_empty() {
        String::new()
    } else {
        format!("{}/", segments.join("/"))
    };
    Some((url, old))
}

/// True when `publishDate` (`publish`) is still ahead or `expirydate` (`expiry`) has passed on
/// `today`.
pub fn out_of_date_range(publish: Option<&str>, expiry: Option<&str>, today: NaiveDate) -> bool {
    let date = |value: Option<&str>| value.and_then(dates::parse_date);
    let future = date(publish).is_some_and(|d| d > today);
    let expired = date(expiry).is_some_and(|d| d <= today);
    future || expired
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_overrides_are_normalised() {
        let front = Some;
        assert_eq!(
            url_override(front("/team/about/")),
            Some(("team/about/".into(), None))
        );
        assert_eq!(
            url_override(front("team/about")),
            Some(("team/about/".into(), None))
        );
        assert_eq!(
            url_override(front("/about.html")),
            Some(("about/".into(), Some("/about.html".into())))
        );
        assert_eq!(url_override(front("/")), Some((String::new(), None)));
        assert_eq!(url_override(front("https://example.org/x")), None);
    }

    #[test]
    fn future_and_expired_pages_are_out() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(out_of_date_range(Some("2026-12-01"), None, today));
        assert!(!out_of_date_range(Some("2026-11-25"), None, today));
        assert!(out_of_date_range(None, Some("2026-11-25T00:00:00Z"), today));
        assert!(!out_of_date_range(None, Some("2027-01-01"), today));
    }
}
