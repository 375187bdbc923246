//! The rules of `handbook check`: every problem check reports belongs to a [`Rule`] with a
//! default severity (the table here), which `handbook.yml` can change per rule
//! (`check: { rules: { orphan-page: off } }`, read by [`crate::config::check`]) and a page can
//! silence for itself (`check: { ignore: [orphan-page] }` in its front matter).

use std::collections::BTreeMap;

use crate::config::{CheckConfig, Level, LinkPolicy};
use crate::diagnostic::{Rule, Severity};

/// What `handbook check` knows of one rule: its default severity and what it finds (the
/// README table comes from this).
pub struct RuleInfo {
    pub rule: Rule,
    pub default: Severity,
    pub finds: &'static str,
}

/// Every rule, in the order of [`Rule::ALL`] (the order the README lists them).
pub const RULES: [RuleInfo; 19] = [
    rule(
        Rule::Build,
        Severity::Error,
        "everything `handbook build` validates: front matter, kinds and their references, channel limits, placeholders, templates",
    ),
    rule(
        Rule::Config,
        Severity::Error,
        "a problem in `handbook.yml` itself: a syntax error, an unknown key, a value of the wrong type",
    ),
    rule(
        Rule::BrokenLink,
        Severity::Error,
        "an internal link, image, raw HTML `href`/`src` or front matter reference (`replaced_by`...) that points at nothing",
    ),
    rule(
        Rule::BrokenAnchor,
        Severity::Error,
        "a `#fragment` that matches no heading or id of its target page",
    ),
    rule(
        Rule::LinkCase,
        Severity::Error,
        "a link whose target exists only with different letter case (works on macOS and Windows, breaks on Linux hosting)",
    ),
    rule(
        Rule::EmptyLink,
        Severity::Warning,
        "a link with no destination: `[text]()`",
    ),
    rule(
        Rule::ExternalLink,
        Severity::Error,
        "with `--external`: an external URL that answers with an error or not at all",
    ),
    rule(
        Rule::ExternalAnchor,
        Severity::Warning,
        "with `--external`: a `#fragment` missing from an external HTML page",
    ),
    rule(
        Rule::ReviewOverdue,
        Severity::Warning,
        "a page past its review date (`reviewed` + `review_every`), with its owner and days overdue",
    ),
    rule(
        Rule::ApprovalIncomplete,
        Severity::Warning,
        "an approved response without `approved_by` or `reviewed`",
    ),
    rule(
        Rule::ResponseChannels,
        Severity::Warning,
        "a response that lists no `channels`, so filtering the finder by channel never shows it",
    ),
    rule(
        Rule::ImportUnfinished,
        Severity::Warning,
        "an item left under \"To finish after the import\" by `handbook import` (a placeholder it could not map, a gap left for a person)",
    ),
    rule(
        Rule::OrphanPage,
        Severity::Info,
        "a page that no other page links to and the navigation does not show (`toc_hide` and the like)",
    ),
    rule(
        Rule::DuplicateTitle,
        Severity::Warning,
        "two pages with the same title in one section",
    ),
    rule(
        Rule::EmptyPage,
        Severity::Warning,
        "a page with no text and no child pages",
    ),
    rule(
        Rule::HeadingSkip,
        Severity::Warning,
        "a heading more than one level below the previous one (`#` then `###`)",
    ),
    rule(
        Rule::ImageAlt,
        Severity::Warning,
        "an image without alt text",
    ),
    rule(
        Rule::UnknownRule,
        Severity::Warning,
        "a rule name in `check.rules` or a page's `check.ignore` that does not exist",
    ),
    rule(
        Rule::CheckConfig,
        Severity::Error,
        "a problem with the external check itself, e.g. a cache that cannot be written",
    ),
];

const fn rule(rule: Rule, default: Severity, finds: &'static str) -> RuleInfo {
    RuleInfo {
        rule,
        default,
        finds,
    }
}

/// What `handbook check` knows of `rule`.
pub fn info(rule: Rule) -> &'static RuleInfo {
    &RULES[rule as usize]
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
    pub fn severity(&self, rule: Rule, reported: Severity) -> Option<Severity> {
        if let Some(level) = self.config.get(rule.name()) {
            return level.severity();
        }
        match rule {
            _ if rule.is_link_rule() && self.broken_links != LinkPolicy::Error => {
                self.broken_links.severity()
            }
            Rule::Build | Rule::Config => Some(reported),
            _ => Some(info(rule).default),
        }
    }

    /// Configured rule names that do not exist.
    pub fn unknown(&self) -> impl Iterator<Item = &str> {
        self.config
            .keys()
            .map(String::as_str)
            .filter(|name| Rule::from_name(name).is_none())
    }
}

/// The closest rule name to a misspelt one.
pub fn suggestion(unknown: &str) -> Option<&'static str> {
    Rule::ALL
        .iter()
        .map(|r| (strsim::levenshtein(unknown, r.name()), r.name()))
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
        assert_eq!(levels.severity(Rule::OrphanPage, Severity::Info), None);
        assert_eq!(
            levels.severity(Rule::BrokenLink, Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(
            levels.severity(Rule::BrokenAnchor, Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            levels.severity(Rule::Build, Severity::Warning),
            Some(Severity::Warning)
        );
        assert_eq!(
            levels.severity(Rule::ImageAlt, Severity::Error),
            Some(Severity::Warning)
        );
        let ignoring = Levels::new(&CheckConfig::default(), LinkPolicy::Ignore);
        assert_eq!(ignoring.severity(Rule::LinkCase, Severity::Error), None);
    }

    #[test]
    fn the_table_follows_the_rules_and_misspellings_are_suggested() {
        for (i, rule) in Rule::ALL.into_iter().enumerate() {
            assert_eq!(RULES[i].rule, rule);
            assert_eq!(info(rule).rule, rule);
        }
        assert_eq!(suggestion("orphan-pages"), Some("orphan-page"));
    }
}
