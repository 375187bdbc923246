//! Internal links for `handbook check`: the links the build found while rendering, plus the
//! ones it does not rewrite (raw HTML `href`/`src`), resolved the way the build resolves links
//! and reported by the build's own [link report](crate::links::report), with targets that exist
//! only with different letter case told apart. It also gathers what the later rules need:
//! which pages are linked to, and the external URLs.

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;

use crate::content::PageId;
use crate::diagnostic::{Diagnostic, Severity};
use crate::links::report::Options;
use crate::links::{self, LinkIndex, PageLink, PageLinks, is_markdown_target};
use crate::markdown::{LinkResolver, Resolution};
use crate::pipeline::Prepared;

/// An external URL and where it was written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub page: PageId,
    pub offset: usize,
    pub url: String,
}

/// What the link pass found.
#[derive(Default)]
pub struct LinkReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Pages that another page links to.
    pub linked: HashSet<PageId>,
    pub external: Vec<ExternalLink>,
}

/// Checks every internal link and anchor of the prepared site.
pub fn check(prepared: &Prepared, base_path: &str) -> LinkReport {
    let content = &prepared.content;
    let index = LinkIndex {
        content,
        base_path: base_path.to_owned(),
        files: &prepared.files,
        shared: prepared.shared_link(),
    };
    let raw: Vec<PageLink> = (0..content.pages.len())
        .into_par_iter()
        .flat_map_iter(|id| raw_html_links(&index, id))
        .collect();
    let all = || {
        let rendered = prepared.rendered.iter().flat_map(|r| r.links.iter());
        rendered
            .map(|l| (l, false))
            .chain(raw.iter().map(|l| (l, true)))
    };
    // The build's pass already reported links with no destination.
    let options = Options {
        broken: Some(Severity::Error),
        empty: false,
        letter_case: Some(&index),
        // `handbook check` reads `check.rules`: its help says so once the severity is known.
        setting: None,
    };
    let mut report = LinkReport {
        diagnostics: links::report(content, &prepared.ids, all(), &options).diagnostics,
        ..LinkReport::default()
    };
    for (link, is_raw) in all() {
        match &link.resolution {
            Resolution::External
                if link.destination.starts_with("http://")
                    || link.destination.starts_with("https://") =>
            {
                report.external.push(ExternalLink {
                    page: link.page,
                    offset: link.offset,
                    url: link.destination.clone(),
                });
            }
            Resolution::Internal {
                page: Some(target), ..
            } if *target != link.page && !(is_raw && is_markdown_target(&link.destination)) => {
                report.linked.insert(*target);
            }
            _ => {}
        }
    }
    for typed in prepared.typed.iter().flatten() {
        report.linked.extend(typed.references());
    }
    report
}

/// The `href` and `src` values in the raw HTML of page `id`, resolved like Markdown links.
fn raw_html_links(index: &LinkIndex<'_>, id: PageId) -> Vec<PageLink> {
    let page = &index.content.pages[id];
    let body = page.body();
    if !body.contains("href=") && !body.contains("src=") {
        return Vec::new();
    }
    let resolver = PageLinks { index, id };
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        for (at, value) in attribute_values(&html) {
            let value = value.replace("&amp;", "&");
            links.push(PageLink {
                page: id,
                offset: page.body_offset + range.start + at,
                resolution: resolver.resolve(&value),
                destination: value,
            });
        }
    }
    links
}

/// `(offset, value)` of every quoted `href=` and `src=` attribute in an HTML fragment.
pub fn attribute_values(html: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for name in ["href=", "src="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name) {
            let start = from + i;
            from = start + name.len();
            let before = lower[..start].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(quote) = html[from..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let value_start = from + 1;
            if let Some(len) = html[value_start..].find(quote) {
                found.push((value_start, &html[value_start..value_start + len]));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_href_and_src() {
        let html = r#"<a class="x" href="../a.md">a</a><img src='/b.png' data-src="no">"#;
        let values: Vec<&str> = attribute_values(html).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, vec!["../a.md", "/b.png"]);
        let (at, value) = attribute_values(html)[0];
        assert_eq!(&html[at..at + value.len()], "../a.md");
    }
}
