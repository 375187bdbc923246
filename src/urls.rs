//! The site's URL scheme in one place: the base path the site is published under, the absolute
//! base of permalinks, and where the build publishes what it generates (channel pages, the
//! responses finder, the feed). Site paths have no leading slash (`area/page/`, as
//! `Page::url`); links are site paths under the base path (`/handbook/area/page/`).

use crate::config::Config;

/// Where the channels index is published; each channel's page is below it.
pub const CHANNELS: &str = "channels/";
/// Where the responses finder is published when the content has no `responses/` section.
pub const FINDER: &str = "responses/";
/// The review-health page (see `build/health.rs`).
pub const HEALTH: &str = "health/";
/// The Atom feed.
pub const FEED: &str = "atom.xml";

/// The site path of channel `id`'s page.
pub fn channel(id: &str) -> String {
    format!("{CHANNELS}{id}/")
}

/// The base path and absolute base of one site, and every URL made from them.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    absolute_base: String,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_path: config.base_path(),
            absolute_base: config.absolute_base(),
        }
    }

    /// Starts and ends with `/`: `/handbook/` or `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `base_url` with a trailing slash, or the base path when no host is configured.
    pub fn absolute_base(&self) -> &str {
        &self.absolute_base
    }

    /// The link to site path `path`: `/handbook/area/page/`.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The permalink of site path `path`: absolute when `base_url` has a host.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.absolute_base)
    }

    /// The link to channel `id`'s page.
    pub fn channel(&self, id: &str) -> String {
        self.href(&channel(id))
    }

    /// The link to the Atom feed.
    pub fn feed(&self) -> String {
        self.href(FEED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_is_under_the_base_path() {
        let urls = Urls::new(&Config {
            base_url: "https://example.org/handbook".into(),
            ..Config::default()
        });
        assert_eq!(urls.href("area/page/"), "/handbook/area/page/");
        assert_eq!(
            urls.permalink("area/page/"),
            "https://example.org/handbook/area/page/"
        );
        assert_eq!(urls.channel("email"), "/handbook/channels/email/");
        assert_eq!(urls.feed(), "/handbook/atom.xml");
        assert_eq!(channel("x"), "channels/x/");
    }
}
