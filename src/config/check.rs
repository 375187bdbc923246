//! `check:` in handbook.yml: the severity of each `handbook check` rule and how `--external`
//! checks external links. The settings live with the rest of the configuration; what the
//! rules are and what they find is [`crate::check::rules`]'s.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Severity;

/// A rule's level in `handbook.yml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The severity this level gives a problem, `None` when it is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
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
