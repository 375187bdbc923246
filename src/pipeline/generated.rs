//! Where the pages the build generates besides content pages go (alias redirects, the channels
//! index, channel pages) and which of them collide with a content page's URL: found once when
//! the site is prepared (as Zola's `find_path_collisions`), not while writing.

use crate::config::Config;
use crate::content::{Content, PageId};
use crate::diagnostic::Diagnostic;
use crate::urls::{self, Urls};

/// A redirect page for an alias: old URLs keep working after a page moves.
#[derive(Debug, Clone)]
pub struct Redirect {
    /// The output file, e.g. `old/path/index.html`.
    pub file: String,
    /// The page it sends to.
    pub to: PageId,
}

/// The generated pages that have a place, and the problems of those that do not.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub redirects: Vec<Redirect>,
    /// The channels index has its place (the content has no page at `channels/`).
    pub channels_index: bool,
    /// The channels of handbook.yml whose page has its place, by index in `channels`.
    pub channels: Vec<usize>,
    /// Aliases that are ignored or taken, channels whose place a page has. Reported with the
    /// generated pages (see [`super::write_generated`]).
    pub problems: Vec<Diagnostic>,
}

impl Generated {
    pub fn find(content: &Content, config: &Config, urls: &Urls) -> Generated {
        let mut generated = Generated::default();
        generated.find_redirects(content, urls);
        let taken = |url: &str| content.by_url.contains_key(url);
        if !config.channels.is_empty() {
            generated.channels_index = !taken(urls::CHANNELS);
            if !generated.channels_index {
                generated.problems.push(Diagnostic::warning("handbook.yml", "the content has a page at /channels/, so the generated channels index is not written").help("move that page, or remove it to get the generated index"));
            }
        }
        for (at, channel) in config.channels.iter().enumerate() {
            let url = urls::channel(&channel.id);
            if taken(&url) {
                generated.problems.push(Diagnostic::error("handbook.yml", format!("channel `{}` would be published at /{url}, where the content already has a page", channel.id)).help("rename the page or the channel id"));
            } else {
                generated.channels.push(at);
            }
        }
        generated
    }

    /// The redirects of every page's `aliases` (and of a `permalink` that ends in `.html`).
    fn find_redirects(&mut self, content: &Content, urls: &Urls) {
        let base = urls.base_path().trim_start_matches('/');
        for (id, page) in content.pages.iter().enumerate() {
            // `permalink: /about.html` moves the page to /about/; the old address keeps working.
            let old_html = crate::content::compat::url_override(page.front.url.as_deref())
                .and_then(|(_, old)| old);
            for alias in page.front.aliases.iter().chain(old_html.iter()) {
                let trimmed = alias.trim().trim_start_matches('/');
                let trimmed = if !base.is_empty() {
                    trimmed.strip_prefix(base).unwrap_or(trimmed)
                } else {
                    trimmed
                };
                if alias.contains("://")
                    || trimmed.split('/').any(|p| p == ".." || p == ".")
                    || trimmed.is_empty()
                {
                    self.problems.push(
                        Diagnostic::warning(&page.shown, format!("alias `{alias}` is ignored: it must be a path on this site, like `/old/path/`")).help("write aliases as site paths: `aliases: [/old/path/]`"),
                    );
                    continue;
                }
                let url_key = format!("{}/", trimmed.trim_end_matches('/'));
                if content.by_url.contains_key(&url_key) {
                    self.problems.push(
                        Diagnostic::error(
                            &page.shown,
                            format!("alias `{alias}` is the URL of an existing page"),
                        )
                        .help("remove the alias or move the other page"),
                    );
                    continue;
                }
                let file = if trimmed.ends_with(".html") {
                    trimmed.to_owned()
                } else {
                    format!("{url_key}index.html")
                };
                self.redirects.push(Redirect { file, to: id });
            }
        }
    }
}
