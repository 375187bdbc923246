//! Hugo's `permalinks`: URL patterns by section, as Hugo applies them. Three forms are read:
//! `permalinks: { blog: /:year/:month/:slug/ }` (the pages of the top-level section `blog`),
//! `permalinks: { page: { blog: ... }, section: { blog: ... } }` (by page kind), and the list
//! of Hugo 0.161, `[{ pattern: ..., target: { path: ..., kind: ... } }]`, where the first entry
//! that matches wins. A page's `url` front matter wins over every pattern.
//!
//! Tokens: `:year`, `:month`, `:monthname`, `:day`, `:weekday`, `:weekdayname`, `:yearday`
//! (from `date`), `:section`, `:sections` (with Hugo's slices `[1:]`, `[:last]`, `[last]`,
//! `[1:2]`), `:title`, `:slug` (the slug, else the title), `:filename` and
//! `:contentbasename` (the file's name, or the bundle's folder), `:slugorfilename` and
//! `:slugorcontentbasename`, and Go's date layout tokens (`:2006`, `:06`, `:01`, `:1`, `:02`,
//! `:2`, `:January`, `:Jan`).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use super::cascade::{PageFacts, Target};

/// One pattern and the pages it applies to.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    /// `page` or `section`; any kind when `None`.
    kind: Option<String>,
    /// The top-level section whose pages it applies to; any when `None`.
    section: Option<String>,
    target: Target,
    pattern: String,
}

/// The `permalinks` of a site.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Permalinks {
    rules: Vec<Rule>,
}

impl Permalinks {
    /// Reads any of the three forms (see the module documentation); entries of other shapes
    /// are left out.
    pub fn from_value(value: &Value) -> Permalinks {
        let mut rules = Vec::new();
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let lower = key.to_ascii_lowercase();
                    match value {
                        Value::String(pattern) => rules.push(Rule {
                            kind: Some("page".into()),
                            section: Some(lower.trim_matches('/').to_owned()),
                            target: Target::default(),
                            pattern: pattern.clone(),
                        }),
                        Value::Object(by_section) => {
                            for (section, pattern) in by_section {
                                if let Some(pattern) = pattern.as_str() {
                                    rules.push(Rule {
                                        kind: Some(lower.clone()),
                                        section: Some(
                                            section
                                                .to_ascii_lowercase()
                                                .trim_matches('/')
                                                .to_owned(),
                                        ),
                                        target: Target::default(),
                                        pattern: pattern.to_owned(),
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Value::Array(items) => {
                for item in items.iter().filter_map(Value::as_object) {
                    let pattern = item
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("pattern"))
                        .and_then(|(_, v)| v.as_str());
                    let Some(pattern) = pattern else { continue };
                    let target = item
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("target"))
                        .map(|(_, v)| Target::from_value(v))
                        .unwrap_or_default();
                    rules.push(Rule {
                        kind: None,
                        section: None,
                        target,
                        pattern: pattern.to_owned(),
                    });
                }
            }
            _ => {}
        }
        Permalinks { rules }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The sections that have a pattern, for the one line saying what was read (`blog`, or
    /// `all pages` for a pattern without one).
    pub fn sections(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rules
            .iter()
            .map(|r| {
                r.section
                    .clone()
                    .or_else(|| r.target.path.as_ref().map(|g| g.written.clone()))
                    .unwrap_or_else(|| "all pages".into())
            })
            .collect();
        out.dedup();
        out
    }

    /// The pattern for a page in top-level section `section` ("" for the home page).
    pub fn pattern_for(&self, facts: &PageFacts<'_>, section: &str) -> Option<&str> {
        if facts.kind == "home" {
            return None;
        }
        self.rules
            .iter()
            .find(|rule| {
                rule.kind.as_deref().is_none_or(|k| k == facts.kind)
                    && rule
                        .section
                        .as_deref()
                        .is_none_or(|s| s.eq_ignore_ascii_case(section))
                    && rule.target.matches(facts)
            })
            .map(|rule| rule.pattern.as_str())
    }
}

/// The handbook.yml `permalinks` (Hugo's, in any of its forms).
impl<'de> Deserialize<'de> for Permalinks {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Object(_) | Value::Array(_) | Value::Null => Ok(Permalinks::from_value(&value)),
            _ => Err(serde::de::Error::custom(
                "wrong type: expected a mapping of sections to URL patterns, e.g. `blog: /:year/:month/:slug/`",
            )),
        }
    }
}

/// What a pattern's tokens are made of, for one page.
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    pub date: Option<NaiveDate>,
    /// The page's section folders, top first (a section's own folder included).
    pub sections: Vec<&'a str>,
    pub title: &'a str,
    pub slug: Option<&'a str>,
    /// The file's name without its extension, or the folder of a bundle or section.
    pub base_name: &'a str,
}

/// Hugo's `urlize`: lower case, spaces to `-`, only letters, digits and `-_.` kept.
pub fn urlize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.extend(c.to_lowercase());
        }
    }
    out
}

const MONTHS: [&str; 12] = [
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
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The slice of `:sections[...]`: `1:`, `:last`, `last`, `1:2`, `0`.
fn slice<'a>(sections: &[&'a str], spec: &str) -> Vec<&'a str> {
    let len = sections.len();
    let index = |s: &str, default: usize| -> usize {
        match s.trim() {
            "" => default,
            "last" => len.saturating_sub(1),
            n => n.parse().unwrap_or(default),
        }
    };
    match spec.split_once(':') {
        Some((from, to)) => {
            let from = index(from, 0).min(len);
            let to = index(to, len).min(len);
            sections.get(from..to.max(from)).unwrap_or(&[]).to_vec()
        }
        None => {
            let at = index(spec, len);
            sections.get(at).map(|s| vec![*s]).unwrap_or_default()
        }
    }
}

/// `pattern` with its tokens filled in: the URL path below the base path (`2024/05/title/`),
/// or "" for the site root.
pub fn expand(pattern: &str, parts: &Parts<'_>) -> String {
    // Hugo leaves the date at its zero value when the page has none.
    let date = parts
        .date
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date"));
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let mut tail = &after[name_len..];
        let value = match name {
            "year" | "2006" => Some(format!("{:04}", date.year())),
            "06" => Some(format!("{:02}", date.year() % 100)),
            "month" | "01" => Some(format!("{:02}", date.month())),
            "1" => Some(date.month().to_string()),
            "monthname" | "January" => Some(MONTHS[date.month0() as usize].to_owned()),
            "Jan" => Some(MONTHS[date.month0() as usize][..3].to_owned()),
            "day" | "02" => Some(format!("{:02}", date.day())),
            "2" => Some(date.day().to_string()),
            "weekday" => Some(date.weekday().num_days_from_sunday().to_string()),
            "weekdayname" | "Monday" => {
                Some(WEEKDAYS[date.weekday().num_days_from_sunday() as usize].to_owned())
            }
            "yearday" => Some(date.ordinal().to_string()),
            "section" => Some(parts.sections.first().copied().unwrap_or("").to_owned()),
            "sections" | "sectionslugs" => {
                let mut chosen = parts.sections.clone();
                if let Some(spec) = tail.strip_prefix('[')
                    && let Some((spec, after)) = spec.split_once(']')
                {
                    chosen = slice(&parts.sections, spec);
                    tail = after;
                }
                Some(chosen.join("/"))
            }
            "sectionslug" => Some(urlize(parts.sections.first().copied().unwrap_or(""))),
            "title" => Some(urlize(parts.title)),
            "slug" => Some(urlize(parts.slug.unwrap_or(parts.title))),
            "filename" | "contentbasename" => Some(urlize(parts.base_name)),
            "slugorfilename" | "slugorcontentbasename" => {
                Some(urlize(parts.slug.unwrap_or(parts.base_name)))
            }
            _ => None,
        };
        match value {
            Some(value) => out.push_str(&value),
            None => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    let segments: Vec<&str> = out
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if segments.is_empty() {
        String::new()
    } else {
        format!("{}/", segments.join("/"))
    }
}

/// True when `url` (front matter) holds permalink tokens rather than a path (Hugo 0.131).
pub fn has_tokens(url: &str) -> bool {
    const TOKENS: [&str; 12] = [
        ":year",
        ":month",
        ":day",
        ":section",
        ":title",
        ":slug",
        ":filename",
        ":contentbasename",
        ":yearday",
        ":weekday",
        ":2006",
        ":sections",
    ];
    TOKENS.iter().any(|t| url.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(date: Option<NaiveDate>, sections: Vec<&'a str>) -> Parts<'a> {
        Parts {
            date,
            sections,
            title: "Hello, World!",
            slug: None,
            base_name: "2024-05-01-hello",
        }
    }

    #[test]
    fn tokens_expand_as_hugo_expands_them() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 3);
        let p = parts(date, vec!["blog", "news"]);
        assert_eq!(
            expand("/:year/:month/:day/:slug/", &p),
            "2024/05/03/hello-world/"
        );
        assert_eq!(expand("/:section/:title", &p), "blog/hello-world/");
        assert_eq!(
            expand("/:sections[last]/:filename/", &p),
            "news/2024-05-01-hello/"
        );
        assert_eq!(expand("/:sections[1:]/x", &p), "news/x/");
        assert_eq!(expand("/:06/:1/:2/", &p), "24/5/3/");
        assert_eq!(expand("/:monthname/", &p), "May/");
        let undated = parts(None, vec!["blog"]);
        assert_eq!(expand("/:year/:slug/", &undated), "0001/hello-world/");
        assert_eq!(expand("/", &undated), "");
    }

    #[test]
    fn the_three_forms_are_read() {
        let facts = |kind| PageFacts {
            path: "/blog/post",
            kind,
            lang: "en",
        };
        let legacy = Permalinks::from_value(&serde_json::json!({ "blog": "/:year/:slug/" }));
        assert_eq!(
            legacy.pattern_for(&facts("page"), "blog"),
            Some("/:year/:slug/")
        );
        assert_eq!(legacy.pattern_for(&facts("section"), "blog"), None);
        assert_eq!(legacy.pattern_for(&facts("page"), "docs"), None);
        let by_kind = Permalinks::from_value(&serde_json::json!({
            "page": { "blog": "/b/:slug/" }, "section": { "blog": "/b/" }
        }));
        assert_eq!(by_kind.pattern_for(&facts("section"), "blog"), Some("/b/"));
        let list = Permalinks::from_value(&serde_json::json!([
            { "pattern": "/x/:slug/", "target": { "path": "/blog/**" } },
            { "pattern": "/:section/:slug/" }
        ]));
        assert_eq!(list.pattern_for(&facts("page"), "blog"), Some("/x/:slug/"));
        assert_eq!(list.sections(), vec!["/blog/**", "all pages"]);
    }
}
