//! The rules of `handbook check` and their configuration: every problem check reports belongs
//! to a named rule with a default severity, which `handbook.yml` can change per rule
//! (`check: { rules: { orphan-page: off } }`) and a page can silence for itself
//! (`check: { ignore: [orphan-page] }` in its front matter).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::LinkPolicy;
use crate::diagnostic::Severity;

/// One rule: its name, default severity and what it finds (the README table comes from this).
pub struct Rule {
    pub name: &'static str,
    pub default: Severity,
    pub finds: &'static str,
}

/// Every rule, in the order the README lists them.
pub const RULES: [Rule; 17] = [
    rule(
        "build",
        Severity::Error,
        "everything `handbook build` validates: front matter, kinds and their references, channel limits, placeholders, templates",
    ),
    rule(
        "config",
        Severity::Error,
        "a problem in `handbook.yml` itself: a syntax error, an unknown key, a value of the wrong type",
    ),
    rule(
        "broken-link",
        Severity::Error,
        "an internal link, image, raw HTML `href`/`src` or front matter reference (`replaced_by`...) that points at nothing",
    ),
    rule(
        "broken-anchor",
        Severity::Error,
        "a `#fragment` that matches no heading or id of its target page",
    ),
    rule(
        "link-case",
        Severity::Error,
        "a link whose target exists only with different letter case (works on macOS and Windows, breaks on Linux hosting)",
    ),
    rule(
        "empty-link",
        Severity::Warning,
        "a link with no destination: `[text]()`",
    ),
    rule(
        "external-link",
        Severity::Error,
        "with `--external`: an external URL that answers with an error or not at all",
    ),
    rule(
        "external-anchor",
        Severity::Warning,
        "with `--external`: a `#fragment` missing from an external HTML page",
    ),
    rule(
        "review-overdue",
        Severity::Warning,
        "a page past its review date (`reviewed` + `review_every`), with its owner and days overdue",
    ),
    rule(
        "approval-incomplete",
        Severity::Warning,
        "an approved response without `approved_by` or `reviewed`",
    ),
    rule(
        "orphan-page",
        Severity::Info,
        "a page that no other page links to and the navigation does not show (`toc_hide` and the like)",
    ),
    rule(
        "duplicate-title",
        Severity::Warning,
        "two pages with the same title in one section",
    ),
    rule(
        "empty-page",
        Severity::Warning,
        "a page with no text and no child pages",
    ),
    rule(
        "heading-skip",
        Severity::Warning,
        "a heading more than one level below the previous one (`#` then `###`)",
    ),
    rule("image-alt", Severity::Warning, "an image without alt text"),
    rule(
        "unknown-rule",
        Severity::Warning,
        "a rule name in `check.rules` or a page's `check.ignore` that does not exist",
    ),
    rule(
        "check-config",
        Severity::Error,
        "a problem with the external check itself, e.g. a cache that cannot be written",
    ),
];

const fn rule(name: &'static str, default: Severity, finds: &'static str) -> Rule {
    Rule {
        name,
        default,
        finds,
    }
}

/// The position of the rule named `name` in [`RULES`].
pub fn index_of(name: &str) -> Option<u8> {
    RULES
        .iter()
        .position(|r| r.name == name)
        .and_then(|i| u8::try_from(i).ok())
}

/// The rule named `name`.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// A rule's level in `handbook.yml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

/// `check:` in handbook.yml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Severity per rule name: `off`, `info`, `warning` or `error`.
    pub rules: BTreeMap<String, Level>,
    /// How `--external` checks external links.
    pub external: ExternalConfig,
}

/// `check.external:` in handbook.yml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExternalConfig {
    /// Hosts never contacted (a host also covers its subdomains).
    pub skip_hosts: Vec<String>,
    /// Seconds before a request is given up.
    pub timeout_seconds: u64,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// How many requests run at once.
    pub concurrency: usize,
    /// How many requests run at once against one host.
    pub per_host: usize,
    /// How long a good result is reused from the cache, in hours (0: no cache).
    pub cache_hours: u64,
}

impl Default for ExternalConfig {
    fn default() -> Self {
        ExternalConfig {
            skip_hosts: Vec::new(),
            timeout_seconds: 10,
            retries: 2,
            concurrency: 8,
            per_host: 2,
            cache_hours: 24,
        }
    }
}

/// The severity of each rule for this run: defaults, `broken_links`, then `check.rules`.
pub struct Levels {
    config: BTreeMap<String, Level>,
    broken_links: LinkPolicy,
}

impl Levels {
    pub fn new(check: &CheckConfig, broken_links: LinkPolicy) -> Levels {
        Levels {
            config: check.rules.clone(),
            broken_links,
        }
    }

    /// The severity of `rule`, or `None` when it is off. `reported` is the severity the
    /// problem was found with (build and config problems keep theirs unless configured).
    pub fn severity(&self, rule: &str, reported: Severity) -> Option<Severity> {
        if let Some(level) = self.config.get(rule) {
            return match level {
                Level::Off => None,
                Level::Info => Some(Severity::Info),
                Level::Warning => Some(Severity::Warning),
                Level::Error => Some(Severity::Error),
            };
        }
        let link_rule = matches!(rule, "broken-link" | "broken-anchor" | "link-case");
        match (link_rule, self.broken_links) {
            (true, LinkPolicy::Ignore) => None,
            (true, LinkPolicy::Warning) => Some(Severity::Warning),
            _ if matches!(rule, "build" | "config") => Some(reported),
            _ => Some(find(rule).map_or(reported, |r| r.default)),
        }
    }

    /// Configured rule names that do not exist.
    pub fn unknown(&self) -> impl Iterator<Item = &str> {
        self.config
            .keys()
            .map(String::as_str)
            .filter(|name| find(name).is_none())
    }
}

/// The closest rule name to a misspelt one.
pub fn suggestion(unknown: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (strsim::levenshtein(unknown, r.name), r.name))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_level_beats_default_and_policy() {
        let mut check = CheckConfig::default();
        check.rules.insert("orphan-page".into(), Level::Off);
        check.rules.insert("broken-link".into(), Level::Error);
        let levels = Levels::new(&check, LinkPolicy::Warning);
        assert_eq!(levels.severity("orphan-page", Severity::Info), None);
        assert_eq!(
            levels.severity("broken-link", Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(
            levels.severity("broken-anchor", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            levels.severity("build", Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(
            levels.severity("image-alt", Severity::Error),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn names_are_unique_and_misspellings_suggested() {
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
        assert_eq!(suggestion("orphan-pages"), Some("orphan-page"));
    }
}
