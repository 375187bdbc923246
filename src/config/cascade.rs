//! Hugo's `cascade`: front matter fields that a section's `_index.md` (or the site
//! configuration) passes down to the section's page and every page below it. A page's own field
//! wins over a cascaded one, and a closer ancestor's cascade over a farther one; the site's
//! cascade comes last. Each entry may name a `target` (Hugo's page matcher, `_target` before
//! Hugo 0.141): a `path` glob on the page's logical path (`/docs/setup` for
//! `docs/setup.md`), a `kind` (`home`, `section`, `page`), a `lang` or a `sites.matrix` of
//! languages, an `environment` (a build is `production`, as Hugo's `hugo build` is).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::glob::Glob;

/// The environment Hugo builds in by default, which `environment` targets are matched against.
pub const ENVIRONMENT: &str = "production";

/// Which pages a cascade entry (or a permalink pattern) applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub path: Option<Glob>,
    pub kind: Option<Glob>,
    pub lang: Option<Glob>,
    pub environment: Option<Glob>,
    /// `sites: { matrix: { languages: [...] } }`: globs, any of which may match.
    pub languages: Vec<Glob>,
}

/// What a target is matched against.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// The logical path: `/`, `/docs`, `/docs/setup` (lower case, no extension).
    pub path: &'a str,
    /// `home`, `section` or `page`.
    pub kind: &'a str,
    /// The language code (`en`).
    pub lang: &'a str,
}

fn text(value: &Value) -> Option<&str> {
    value.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

impl Target {
    /// Reads a `target` mapping; anything else is a target of every page.
    pub fn from_value(value: &Value) -> Target {
        let Some(map) = value.as_object() else {
            return Target::default();
        };
        let glob = |key: &str| get(map, key).and_then(text).map(Glob::new);
        let languages = get(map, "sites")
            .and_then(Value::as_object)
            .and_then(|sites| get(sites, "matrix"))
            .and_then(Value::as_object)
            .and_then(|matrix| get(matrix, "languages"))
            .map(|langs| match langs {
                Value::Array(items) => items.iter().filter_map(text).map(Glob::new).collect(),
                other => text(other).map(Glob::new).into_iter().collect(),
            })
            .unwrap_or_default();
        Target {
            path: glob("path"),
            kind: glob("kind"),
            lang: glob("lang"),
            environment: glob("environment"),
            languages,
        }
    }

    /// True when the page described by `facts` is a target.
    pub fn matches(&self, facts: &PageFacts<'_>) -> bool {
        let path_matches = self.path.as_ref().is_none_or(|glob| {
            glob.matches(facts.path)
                // Hugo's paths of sections have no trailing slash, but patterns are written
                // both ways (`/blog/**` matches the pages below `/blog`, `/blog/` the section).
                || glob.matches(&format!("{}/", facts.path.trim_end_matches('/')))
        });
        path_matches
            && self.kind.as_ref().is_none_or(|g| g.matches(facts.kind))
            && self.lang.as_ref().is_none_or(|g| g.matches(facts.lang))
            && self
                .environment
                .as_ref()
                .is_none_or(|g| g.matches(ENVIRONMENT))
            && (self.languages.is_empty() || self.languages.iter().any(|g| g.matches(facts.lang)))
    }
}

/// One cascade entry: the fields it passes down and the pages it passes them to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cascade {
    pub values: Map<String, Value>,
    pub target: Target,
}

/// The entries of a `cascade` value: one mapping, or a list of them.
pub fn parse(value: &Value) -> Vec<Cascade> {
    let one = |map: &Map<String, Value>| {
        let mut values = Map::new();
        let mut target = Target::default();
        for (key, value) in map {
            let lower = key.to_ascii_lowercase();
            if lower == "target" || lower == "_target" {
                target = Target::from_value(value);
            } else {
                values.insert(key.clone(), value.clone());
            }
        }
        Cascade { values, target }
    };
    match value {
        Value::Object(map) => vec![one(map)],
        Value::Array(items) => items.iter().filter_map(Value::as_object).map(one).collect(),
        _ => Vec::new(),
    }
}

/// The `cascade` of handbook.yml (as in Hugo's site configuration).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cascades(pub Vec<Cascade>);

impl<'de> Deserialize<'de> for Cascades {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Object(_) | Value::Array(_) | Value::Null => Ok(Cascades(parse(&value))),
            _ => Err(serde::de::Error::custom(
                "wrong type: expected a mapping of front matter fields, or a list of them, each with an optional `target`",
            )),
        }
    }
}

/// The logical path of a page (see [`PageFacts::path`]) from its content-relative file
/// (`rel_path`, a folder ending in `/` for a section without an index file).
pub fn logical_path(rel_path: &str, is_section: bool, dir: &str) -> String {
    let path = if is_section || rel_path.ends_with('/') {
        dir.to_owned()
    } else {
        let stem = rel_path.rsplit_once('.').map_or(rel_path, |(stem, _)| stem);
        let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
        if name.eq_ignore_ascii_case("index") {
            folder.to_owned()
        } else {
            stem.to_owned()
        }
    };
    format!("/{}", path.trim_matches('/')).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_match_path_kind_language_and_environment() {
        let entries = parse(&serde_json::json!([
            { "build": { "render": "never" }, "target": { "path": "{,/**}/_includes{,/**}" } },
            { "type": "docs", "_target": { "kind": "page", "lang": "en" } },
            { "x": 1, "target": { "environment": "staging" } },
            { "y": 2, "target": { "sites": { "matrix": { "languages": ["e*"] } } } },
        ]));
        assert_eq!(entries.len(), 4);
        let facts = |path, kind, lang| PageFacts { path, kind, lang };
        assert!(
            entries[0]
                .target
                .matches(&facts("/docs/_includes/a", "page", "en"))
        );
        assert!(!entries[0].target.matches(&facts("/docs/a", "page", "en")));
        assert!(entries[0].values.contains_key("build"));
        assert!(!entries[0].values.contains_key("target"));
        assert!(entries[1].target.matches(&facts("/a", "page", "en")));
        assert!(!entries[1].target.matches(&facts("/a", "section", "en")));
        assert!(!entries[1].target.matches(&facts("/a", "page", "de")));
        assert!(!entries[2].target.matches(&facts("/a", "page", "en")));
        assert!(entries[3].target.matches(&facts("/a", "page", "es")));
        assert!(!entries[3].target.matches(&facts("/a", "page", "ja")));
    }

    #[test]
    fn logical_paths_are_hugos() {
        assert_eq!(logical_path("docs/setup.md", false, "docs"), "/docs/setup");
        assert_eq!(logical_path("docs/_index.md", true, "docs"), "/docs");
        assert_eq!(logical_path("Docs/B/index.md", false, "Docs/B"), "/docs/b");
        assert_eq!(logical_path("_index.md", true, ""), "/");
        assert_eq!(logical_path("area/", true, "area"), "/area");
    }
}
