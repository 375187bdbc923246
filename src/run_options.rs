//! How one run asks the pipeline to work, apart from what the user configured: a command builds
//! a [`RunOptions`] from its flags and passes it to the pipeline, instead of cloning the
//! [`Site`] and editing its configuration. The date is read from the clock here, once per run,
//! so every date rule of a run (publishing dates, review due dates) agrees, and `--today`
//! reaches all of them.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::LinkPolicy;
use crate::site::Site;

/// What this run of the pipeline does beyond the configuration.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The date publishing windows and reviews are measured against.
    pub today: NaiveDate,
    /// What the build's own link report does with broken internal links: the configured
    /// `broken_links`, `--broken-links`, or `Ignore` for `handbook check`, which reports links
    /// itself.
    pub broken_links: LinkPolicy,
    /// Highlight code blocks; off for `handbook check`, which shows no HTML to anyone.
    pub highlight_code: bool,
    /// Gather each page's text for the search index while rendering its Markdown: on when the
    /// site has search, off for commands that write no index (`check`, `export`), on for
    /// `handbook search`, which searches the content whatever the site publishes.
    pub search_text: bool,
    /// A folder to leave out of the content walk (the output, when it lies inside the content).
    pub exclude: Option<PathBuf>,
    /// A preview for the site's authors (`handbook serve`): an unknown shortcode is shown as a
    /// visible placeholder and an empty section says so. A built site shows its readers
    /// neither: the call's inner content alone, and nothing.
    pub preview: bool,
}

impl RunOptions {
    /// The options of a plain build of `site` on today's date: what its configuration says.
    pub fn new(site: &Site) -> RunOptions {
        RunOptions {
            drafts: false,
            today: today(),
            broken_links: default_link_policy(site),
            highlight_code: true,
            search_text: site.config.search.enabled,
            exclude: None,
            preview: false,
        }
    }
}

/// What broken links do when no flag says: `broken_links` of handbook.yml, or warnings for a
/// site whose configuration is all Hugo's (Hugo builds a site whose links are broken; the
/// build says so in one line and how to make them errors).
pub fn default_link_policy(site: &Site) -> LinkPolicy {
    match &site.config.hugo {
        Some(hugo) if hugo.links_as_warnings => LinkPolicy::Warning,
        _ => site.config.broken_links,
    }
}

/// Today's date on this machine's clock: the only place the pipeline and the commands read it.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(config: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("handbook.yml"), config).unwrap();
        let site = Site::open(dir.path(), None).unwrap().unwrap();
        (dir, site)
    }

    #[test]
    fn a_plain_run_does_what_the_configuration_says() {
        let (_dir, site) = open("title: T\nbroken_links: warning\nsearch:\n  enabled: false\n");
        let options = RunOptions::new(&site);
        assert_eq!(options.broken_links, LinkPolicy::Warning);
        assert!(!options.search_text);
        assert!(options.highlight_code && !options.drafts && options.exclude.is_none());
        let (_dir, site) = open("title: T\n");
        let options = RunOptions::new(&site);
        assert_eq!(options.broken_links, LinkPolicy::Error);
        assert!(options.search_text);
    }
}
