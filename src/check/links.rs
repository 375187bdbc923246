//! Internal links for `handbook check`: the links the build found while rendering, plus the
//! ones it does not rewrite (raw HTML `href`/`src`), each resolved the way the build resolves
//! links, with broken anchors and targets that exist only with different letter case told apart.
//! It also gathers what the later rules need: which pages are linked to, and the external URLs.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;

use crate::build::Prepared;
use crate::build::links::{
    LinkIndex, PageLink, PageLinks, join_path, match_anchor, percent_decode,
};
use crate::content::{Content, PageId};
use crate::diagnostic::{Diagnostic, Locating};
use crate::markdown::{LinkResolver, Resolution};

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
    };
    let raw: Vec<PageLink> = (0..content.pages.len())
        .into_par_iter()
        .flat_map_iter(|id| raw_html_links(&index, id))
        .collect();
    let mut report = LinkReport::default();
    let mut case = None;
    let mut locating = vec![Locating::default(); content.pages.len()];
    let rendered = prepared.rendered.iter().flat_map(|r| r.links.iter());
    for (link, is_raw) in rendered
        .map(|l| (l, false))
        .chain(raw.iter().map(|l| (l, true)))
    {
        let page = &content.pages[link.page];
        let mut at = |d: Diagnostic| locating[link.page].at_offset(d, &page.text, link.offset);
        match &link.resolution {
            Resolution::External => {
                if link.destination.starts_with("http://")
                    || link.destination.starts_with("https://")
                {
                    report.external.push(ExternalLink {
                        page: link.page,
                        offset: link.offset,
                        url: link.destination.clone(),
                    });
                }
            }
            Resolution::Broken { reason, .. } => {
                let case = case.get_or_insert_with(|| CaseIndex::new(&index));
                let d = match case.find(&index, link) {
                    Some(real) => Diagnostic::error(&page.shown, format!("link `{}` differs in letter case from `{real}`", link.destination))
                        .help("it works on macOS and Windows checkouts but breaks on Linux hosting: write the path with the file's exact case")
                        .rule("link-case"),
                    None => Diagnostic::error(&page.shown, format!("broken link `{}`: {reason}", link.destination))
                        .help("fix the path, or remove the link")
                        .rule("broken-link"),
                };
                report.diagnostics.push(at(d));
            }
            Resolution::Internal {
                page: target,
                anchor,
                ..
            } => {
                if is_raw && is_markdown_target(&link.destination) {
                    report.diagnostics.push(at(Diagnostic::error(&page.shown, format!("broken link `{}`: links in raw HTML are not rewritten, so a `.md` path does not exist on the site", link.destination))
                        .help("write the link in Markdown (`[text](page.md)`) or use the page's URL")
                        .rule("broken-link")));
                    continue;
                }
                let Some(target) = *target else { continue };
                if target != link.page {
                    report.linked.insert(target);
                }
                if let Some(anchor) = anchor
                    && match_anchor(&prepared.ids[target], anchor).is_none()
                {
                    let shown = content.pages[target].shown.display();
                    report.diagnostics.push(at(Diagnostic::error(&page.shown, format!("broken anchor `{}`: `{shown}` has no heading or id `{anchor}`", link.destination))
                        .help("link to one of the target's headings; ids are the heading text in lowercase with dashes")
                        .rule("broken-anchor")));
                }
            }
            Resolution::Empty => {}
        }
    }
    for typed in prepared.typed.iter().flatten() {
        report.linked.extend(typed.references());
    }
    report
}

fn is_markdown_target(destination: &str) -> bool {
    let path = destination.split(['#', '?']).next().unwrap_or("");
    crate::content::walk::is_markdown(path)
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

/// Every page path, URL, folder and file in lowercase, to tell a case mismatch from a missing
/// target.
struct CaseIndex {
    by_lower: HashMap<String, String>,
}

impl CaseIndex {
    fn new(index: &LinkIndex<'_>) -> CaseIndex {
        let content: &Content = index.content;
        let keys = content
            .by_source
            .keys()
            .chain(content.by_url.keys())
            .chain(content.by_dir.keys())
            .chain(index.files.iter());
        let by_lower = keys
            .map(|k| (k.to_lowercase(), k.clone()))
            .collect::<HashMap<_, _>>();
        CaseIndex { by_lower }
    }

    fn lookup(&self, path: &str) -> Option<&str> {
        let trimmed = path.trim_end_matches('/');
        let lower = trimmed.to_lowercase();
        [
            lower.clone(),
            format!("{lower}/"),
            format!("{lower}/index.html"),
        ]
        .iter()
        .find_map(|key| self.by_lower.get(key))
        .map(String::as_str)
        .filter(|found| found.trim_end_matches('/') != trimmed)
    }

    /// The target with its real letter case, when the broken link has one.
    fn find(&self, index: &LinkIndex<'_>, link: &PageLink) -> Option<String> {
        let path = link.destination.split(['#', '?']).next().unwrap_or("");
        let decoded = percent_decode(path);
        let page = &index.content.pages[link.page];
        if let Some(site_path) = decoded.strip_prefix('/') {
            let base = index.base_path.trim_start_matches('/');
            let stripped = (!base.is_empty())
                .then(|| site_path.strip_prefix(base))
                .flatten();
            return [Some(site_path), stripped]
                .into_iter()
                .flatten()
                .find_map(|p| self.lookup(p))
                .map(|found| format!("/{found}"));
        }
        let candidates = [
            join_path(page.link_base(), &decoded),
            join_path(&page.url, &decoded),
        ];
        candidates
            .into_iter()
            .flatten()
            .find_map(|p| self.lookup(&p).map(str::to_owned))
    }
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

    #[test]
    fn markdown_targets_ignore_fragment_and_query() {
        assert!(is_markdown_target("../a.md#x"));
        assert!(!is_markdown_target("/a/"));
    }
}
