//! `handbook.yml`: the site's settings. Every key has a default, so a folder with only
//! `content/` builds; an unknown key is an error that names the key and where it is, and every
//! problem of the file is reported in one run (see [`collect`]).

pub mod cascade;
pub mod check;
mod collect;
pub mod glob;
pub mod helpdesks;
pub mod hugo;
pub mod permalinks;

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::yaml;

pub use check::{CheckConfig, ExternalConfig, Level};

/// File names we accept for the configuration, in order of preference.
pub const CONFIG_FILES: [&str; 2] = ["handbook.yml", "handbook.yaml"];

/// What a broken internal link does to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// Report it and fail the build (the default).
    #[default]
    Error,
    /// Report it, build anyway.
    Warning,
    /// Do not report it.
    Ignore,
}

impl LinkPolicy {
    /// The severity a problem governed by this policy is reported with, `None` when it is not
    /// reported.
    pub fn severity(self) -> Option<Severity> {
        match self {
            LinkPolicy::Error => Some(Severity::Error),
            LinkPolicy::Warning => Some(Severity::Warning),
            LinkPolicy::Ignore => None,
        }
    }
}

/// What reading `handbook.yml` found.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration, when it can be used: the file reads, or its only problems are unknown
    /// keys (the known keys are used). `None` after a syntax error or a value of the wrong type.
    pub config: Option<Config>,
    /// Every problem of the file, each located; errors all.
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    fn fine(config: Config) -> Loaded {
        Loaded {
            config: Some(config),
            problems: Vec::new(),
        }
    }
}

/// The site configuration (`handbook.yml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and the browser tab.
    pub title: String,
    /// One-sentence description, used for the home page and feeds.
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/handbook/`; its path becomes the
    /// base path of every link.
    pub base_url: String,
    /// Language code of the content, e.g. `en`.
    pub language: String,
    /// Theme name: files in `themes/<theme>/` override the embedded default theme file by file.
    pub theme: String,
    /// Template for "Edit this page" links; `{path}` becomes the page's path from the site root,
    /// e.g. `https://gitlab.com/acme/handbook/-/edit/main/{path}`.
    pub edit_url: Option<String>,
    /// What a broken internal link or anchor does: `error` (default), `warning` or `ignore`.
    pub broken_links: LinkPolicy,
    /// What a shortcode without a template does: `warning` (default), `error` or `ignore`; the
    /// built site shows a paired call's inner content and nothing of an unpaired one either way
    /// (the preview shows a placeholder).
    pub unknown_shortcodes: LinkPolicy,
    /// How many recently updated pages the Atom feed lists.
    pub feed_limit: usize,
    /// Where the team answers: each channel's id, name, length limit and response target.
    pub channels: Vec<ChannelConfig>,
    /// Defaults for canned responses.
    pub responses: ResponsesConfig,
    /// Search settings.
    pub search: SearchConfig,
    /// `handbook check`: rule severities and how external links are checked.
    pub check: CheckConfig,
    /// Follow symbolic links that lead out of the site (by default only links to files and
    /// folders inside the site root are followed; see [`crate::symlinks`]).
    pub follow_symlinks: bool,
    /// Placeholder tables and channels for `handbook export` to each helpdesk.
    pub helpdesks: helpdesks::HelpdesksConfig,
    /// More folders, relative to the site root, that `{{< include "name" >}}` looks in (after
    /// the page's own folder and the `_includes/` folders above it; see
    /// [`crate::content::includes`]).
    pub include_dirs: Vec<String>,
    /// What an include of a file that is nowhere does: `warning` (default: the call is left
    /// out and the build goes on), `error` or `ignore`.
    pub missing_includes: LinkPolicy,
    /// URL patterns by section, as Hugo's `permalinks` (see [`crate::config::permalinks`]).
    pub permalinks: crate::config::permalinks::Permalinks,
    /// Front matter fields passed down to pages, as Hugo's site `cascade` (see
    /// [`crate::config::cascade`]).
    pub cascade: crate::config::cascade::Cascades,
    /// Read each page's last change (date and author) and first commit from git when the site
    /// is in a git work tree; `false` keeps the dates front matter gives (see
    /// [`crate::git_history`]).
    pub git: bool,
    /// Build the review-health page at `/health/` (see [`crate::pipeline::health`]).
    pub health: bool,
    /// How long a page may go unchanged before the health page lists it as stale, e.g. `365d`.
    pub stale_after: String,
    /// What was read from a Hugo configuration, when the site has one (see [`hugo`]).
    #[serde(skip)]
    pub hugo: Option<hugo::Imported>,
}

/// A channel the team answers on (`channels:` in handbook.yml).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// Short id used in front matter, e.g. `x`.
    pub id: String,
    /// Display name, e.g. `X (Twitter)`.
    pub name: String,
    /// Longest message the channel accepts, in characters; none for no limit.
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// How many characters a URL counts for (X counts every URL as 23).
    #[serde(default)]
    pub link_chars: Option<usize>,
    /// Target time to a first response, e.g. `1h`.
    #[serde(default)]
    pub first_response_target: Option<String>,
    /// One sentence about the channel, shown on its page.
    #[serde(default)]
    pub description: Option<String>,
}

/// Search settings (`search:` in handbook.yml).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Write the search index and show the search box (`false` for sites searched by other
    /// means, or to build faster).
    pub enabled: bool,
    /// Put a canned response first when it matches every word of the query about as well as
    /// the best page does (advocates search for wording first).
    pub responses_first: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            responses_first: true,
        }
    }
}

/// Settings for canned responses (`responses:` in handbook.yml).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResponsesConfig {
    /// How often a response must be reviewed when it does not say, e.g. `90d`.
    pub review_every: String,
}

impl Default for ResponsesConfig {
    fn default() -> Self {
        ResponsesConfig {
            review_every: "90d".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Handbook".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: "default".into(),
            edit_url: None,
            broken_links: LinkPolicy::Error,
            unknown_shortcodes: LinkPolicy::Warning,
            feed_limit: 30,
            channels: Vec::new(),
            responses: ResponsesConfig::default(),
            search: SearchConfig::default(),
            check: Default::default(),
            follow_symlinks: false,
            helpdesks: Default::default(),
            include_dirs: Vec::new(),
            missing_includes: LinkPolicy::Warning,
            permalinks: Default::default(),
            cascade: Default::default(),
            git: true,
            health: true,
            stale_after: "365d".into(),
            hugo: None,
        }
    }
}

impl Config {
    /// Reads the config file in `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Loaded {
        let Some(path) = CONFIG_FILES
            .iter()
            .map(|name| root.join(name))
            .find(|p| p.is_file())
        else {
            return Loaded::fine(Config::default());
        };
        let shown = Path::new(path.file_name().unwrap_or_default());
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, shown),
            Err(e) => Loaded {
                config: None,
                problems: vec![
                    Diagnostic::error(shown, format!("cannot read the configuration: {e}"))
                        .help("check that the file is readable and saved as UTF-8"),
                ],
            },
        }
    }

    /// Parses configuration text; `shown` names the file in diagnostics.
    pub fn parse(text: &str, shown: &Path) -> Loaded {
        let text = yaml::strip_bom(text);
        if text.trim().is_empty() {
            return Loaded::fine(Config::default());
        }
        let collected = collect::collect::<Config>(text);
        let problems = collected
            .problems
            .iter()
            .map(|err| {
                let d = Diagnostic::error(shown, format!("invalid configuration: {}", err.message));
                let d = if err.line > 0 {
                    d.at(text, err.line, err.col)
                } else {
                    d
                };
                if collect::is_unknown_key(err) {
                    d.help("remove or rename this key; the README lists every configuration key")
                } else if yaml::is_too_deep(err) {
                    d.help("close the brackets, or write the value with less nesting")
                } else if err.message.contains("duplicate field `") {
                    d.help("remove one of the two entries")
                } else if err.message.contains("wrong type")
                    || err.message.contains("unknown variant")
                {
                    d.help("the README's table of configuration keys says what each key takes")
                } else {
                    d.help("handbook.yml is YAML: `key: value` lines")
                }
            })
            .collect();
        Loaded {
            config: collected.value,
            problems,
        }
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => url,
        };
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .trim_matches('/');
        if path.is_empty() {
            "/".to_owned()
        } else {
            format!("/{path}/")
        }
    }

    /// True when `base_url` names a host (`https://example.org/...`): only then can the build
    /// write absolute URLs (canonical links, sitemap, the Sitemap line of robots.txt).
    pub fn has_host(&self) -> bool {
        self.base_url
            .trim()
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
    }

    /// `base_url` with a trailing slash, or the base path when no host is configured.
    pub fn absolute_base(&self) -> String {
        let url = self.base_url.trim();
        if url.contains("://") {
            format!("{}/", url.trim_end_matches('/'))
        } else {
            self.base_path()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url_or_path() {
        let with = |url: &str| Config {
            base_url: url.into(),
            ..Config::default()
        };
        assert_eq!(
            with("https://example.org/handbook/").base_path(),
            "/handbook/"
        );
        assert_eq!(with("https://example.org").base_path(), "/");
        assert_eq!(with("/docs").base_path(), "/docs/");
        assert_eq!(with("").base_path(), "/");
        assert_eq!(
            with("https://example.org/a").absolute_base(),
            "https://example.org/a/"
        );
    }

    #[test]
    fn unknown_keys_are_located_and_the_known_ones_used() {
        let loaded = Config::parse(
            "title: A\ntitel: B\nsearch:\n  enabled: false\n  enabld: true\n",
            Path::new("handbook.yml"),
        );
        let at: Vec<(usize, usize)> = loaded.problems.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, vec![(2, 1), (5, 3)], "{:?}", loaded.problems);
        assert!(loaded.problems[0].message.contains("titel"));
        assert!(loaded.problems.iter().all(Diagnostic::is_error));
        let config = loaded.config.expect("usable with the known keys");
        assert_eq!(config.title, "A");
        assert!(!config.search.enabled);
    }

    #[test]
    fn a_wrong_type_is_reported_beside_unknown_keys_and_leaves_no_configuration() {
        let loaded = Config::parse(
            "titel: B\nfeed_limit: many\nbroken_links: maybe\n",
            Path::new("handbook.yml"),
        );
        let at: Vec<(usize, usize)> = loaded.problems.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, vec![(1, 1), (2, 13), (3, 15)], "{:?}", loaded.problems);
        assert!(loaded.config.is_none());
    }

    #[test]
    fn empty_file_gives_defaults() {
        let loaded = Config::parse("", Path::new("h.yml"));
        assert!(loaded.problems.is_empty());
        assert_eq!(loaded.config.unwrap().title, "Handbook");
    }
}
