//! Link rewriting: a relative link to another `.md` file becomes that page's URL, so the same
//! Markdown works when browsed on GitLab/GitHub and on the built site; site-absolute links get
//! the base path; external links get `rel="noopener"`. Where a link points is decided by a
//! [`LinkResolver`] that the build provides, so this module knows nothing about the site.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

/// What a link destination turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Another site (or `mailto:` and the like): left as written.
    External,
    /// A place in this site: emit `href`; `page` and `anchor` are checked after rendering.
    Internal {
        href: String,
        page: Option<usize>,
        anchor: Option<String>,
    },
    /// A place in this site that does not exist.
    Broken { href: String, reason: String },
    /// `[text]()`: a link with no destination, usually a placeholder someone forgot.
    Empty,
}

/// Resolves the link destinations of one page.
pub trait LinkResolver {
    fn resolve(&self, destination: &str) -> Resolution;
}

/// A link found in the body, for checking once every page is rendered.
#[derive(Debug, Clone)]
pub struct FoundLink {
    /// Byte offset in the Markdown body.
    pub offset: usize,
    pub destination: String,
    pub resolution: Resolution,
}

/// True for destinations that leave the site: a scheme (`https:`, `mailto:`) or `//host`.
pub fn is_external(destination: &str) -> bool {
    if destination.starts_with("//") {
        return true;
    }
    match destination.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.len() > 1 // `c:\path` is a Windows path, not a scheme
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// Rewrites link and image destinations in place and reports every link found.
pub fn rewrite<'a>(
    events: &mut [(Event<'a>, Range<usize>)],
    resolver: &dyn LinkResolver,
    found: &mut Vec<FoundLink>,
) {
    let mut open_external = 0usize;
    for (event, range) in events.iter_mut() {
        match event {
            // `<name@example.org>`: pulldown-cmark writes the `mailto:` itself.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            }) => found.push(FoundLink {
                offset: range.start,
                destination: format!("mailto:{dest_url}"),
                resolution: Resolution::External,
            }),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let destination = dest_url.to_string();
                let resolution = resolver.resolve(&destination);
                match &resolution {
                    Resolution::External => {
                        let mut html = String::from("<a href=\"");
                        escape_href(&mut html, &destination).ok();
                        html.push('"');
                        if !title.is_empty() {
                            html.push_str(" title=\"");
                            escape_html(&mut html, title).ok();
                            html.push('"');
                        }
                        html.push_str(" rel=\"noopener\">");
                        *event = Event::InlineHtml(html.into());
                        open_external += 1;
                    }
                    Resolution::Internal { href, .. } | Resolution::Broken { href, .. } => {
                        *dest_url = CowStr::from(href.clone())
                    }
                    Resolution::Empty => {}
                }
                found.push(FoundLink {
                    offset: range.start,
                    destination,
                    resolution,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let destination = dest_url.to_string();
                let resolution = resolver.resolve(&destination);
                if let Resolution::Internal { href, .. } | Resolution::Broken { href, .. } =
                    &resolution
                {
                    *dest_url = CowStr::from(href.clone());
                }
                found.push(FoundLink {
                    offset: range.start,
                    destination,
                    resolution,
                });
            }
            Event::End(TagEnd::Link) if open_external > 0 => {
                // The start tag was replaced by raw HTML; the end tag still prints `</a>`.
                open_external -= 1;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_external_from_internal() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("../page.md"));
        assert!(!is_external("/area/page/"));
        assert!(!is_external("#anchor"));
        assert!(!is_external("page.md#a:b"));
        assert!(!is_external("c:\\file"));
    }
}
