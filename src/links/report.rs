//! The one link report: every internal link and anchor that points at nothing, worded once, for
//! `handbook build` (with the configured `broken_links` severity) and `handbook check` (which
//! also tells letter-case mismatches apart and reads raw HTML links); and the loosely written
//! anchors the build rewrites.

use std::collections::{HashMap, HashSet};

use super::letter_case::CaseIndex;
use super::resolve::{LinkIndex, PageLink, match_anchor};
use crate::content::{Content, PageId};
use crate::diagnostic::{Diagnostic, Locating, Rule, Severity};
use crate::markdown::Resolution;

/// An anchor written loosely (`#Getting-Started` for `#getting-started`) that GitHub would
/// forgive: the build rewrites `from` to `to` in the page's HTML.
#[derive(Debug, Clone)]
pub struct AnchorFix {
    pub page: PageId,
    pub from: String,
    pub to: String,
}

/// What to report.
pub struct Options<'a> {
    /// The severity of broken links and anchors; `None` reports none (loose anchors are still
    /// fixed).
    pub broken: Option<Severity>,
    /// Report links with no destination (`[text]()`), a warning.
    pub empty: bool,
    /// Tell a target that exists only with different letter case from a missing one, looking
    /// it up in this index.
    pub letter_case: Option<&'a LinkIndex<'a>>,
    /// The setting that would make broken links warnings, added to their help; `None` where
    /// it does not apply (they are warnings already, or the command reads another setting).
    pub setting: Option<&'a str>,
}

/// What the report found.
#[derive(Default)]
pub struct Report {
    /// Located, in the order of the links.
    pub diagnostics: Vec<Diagnostic>,
    /// Loose anchors of Markdown links to rewrite (raw HTML is not rewritten).
    pub fixes: Vec<AnchorFix>,
}

/// The setting `handbook build` reads, named in the help of broken links that are errors.
pub const BUILD_SETTING: &str = "set `broken_links: warning` in handbook.yml to build anyway";

/// Reports the problems of `links`, each with a flag saying whether it was written in raw HTML
/// (`href`/`src`) rather than Markdown. `ids` holds the heading and element ids of each page.
pub fn report<'a>(
    content: &Content,
    ids: &[HashSet<String>],
    links: impl Iterator<Item = (&'a PageLink, bool)>,
    options: &Options<'_>,
) -> Report {
    let mut report = Report::default();
    let mut anchors: HashMap<(PageId, &str), Option<Result<(), String>>> = HashMap::new();
    let mut case = None;
    let mut locating = vec![Locating::default(); content.pages.len()];
    let broken_help = match options.setting {
        Some(setting) => format!("fix the link, or {setting}"),
        None => "fix the link".to_owned(),
    };
    for (link, raw) in links {
        let page = &content.pages[link.page];
        let mut at = |d: Diagnostic| locating[link.page].at_offset(d, &page.text, link.offset);
        let found = match &link.resolution {
            Resolution::Empty => {
                if options.empty {
                    report.diagnostics.push(
                        at(Diagnostic::warning(
                            &page.shown,
                            "link with no destination: `[...]()`",
                        ))
                        .rule(Rule::EmptyLink)
                        .help("add the URL or page the link should point to, or remove the link"),
                    );
                }
                continue;
            }
            Resolution::Broken { reason, .. } => {
                let Some(severity) = options.broken else {
                    continue;
                };
                let real = options.letter_case.and_then(|index| {
                    case.get_or_insert_with(|| CaseIndex::new(index))
                        .find(index, link)
                });
                let d = match real {
                    Some(real) => Diagnostic::error(&page.shown, format!("link `{}` differs in letter case from `{real}`", link.destination))
                        .help("it works on macOS and Windows checkouts but breaks on Linux hosting: write the path with the file's exact case")
                        .rule(Rule::LinkCase),
                    None => Diagnostic::error(&page.shown, format!("broken link `{}`: {reason}", link.destination))
                        .help(broken_help.clone())
                        .rule(Rule::BrokenLink),
                };
                (d, severity)
            }
            Resolution::Internal { .. } if raw && is_markdown_target(&link.destination) => {
                let Some(severity) = options.broken else {
                    continue;
                };
                let d = Diagnostic::error(&page.shown, format!("broken link `{}`: links in raw HTML are not rewritten, so a `.md` path does not exist on the site", link.destination))
                    .help("write the link in Markdown (`[text](page.md)`) or use the page's URL")
                    .rule(Rule::BrokenLink);
                (d, severity)
            }
            Resolution::Internal {
                page: Some(target),
                anchor: Some(anchor),
                href,
            } => {
                match anchors
                    .entry((*target, anchor.as_str()))
                    .or_insert_with(|| match_anchor(&ids[*target], anchor))
                {
                    Some(Ok(())) => continue,
                    Some(Err(id)) => {
                        if !raw {
                            let to = format!("{}#{id}", href.split('#').next().unwrap_or(""));
                            report.fixes.push(AnchorFix {
                                page: link.page,
                                from: href.clone(),
                                to,
                            });
                        }
                        continue;
                    }
                    None => {}
                }
                let Some(severity) = options.broken else {
                    continue;
                };
                let d = Diagnostic::error(
                    &page.shown,
                    format!(
                        "broken link `{}`: `{}` has no heading or id `{anchor}`",
                        link.destination,
                        content.pages[*target].shown.display()
                    ),
                )
                .help(broken_help.clone())
                .rule(Rule::BrokenAnchor);
                (d, severity)
            }
            _ => continue,
        };
        let (d, severity) = found;
        let mut d = at(d);
        d.severity = severity;
        report.diagnostics.push(d);
    }
    report
}

/// True when a destination names a Markdown file (`../a.md#x`).
pub fn is_markdown_target(destination: &str) -> bool {
    let path = destination.split(['#', '?']).next().unwrap_or("");
    crate::content::walk::is_markdown(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_targets_ignore_fragment_and_query() {
        assert!(is_markdown_target("../a.md#x"));
        assert!(!is_markdown_target("/a/"));
    }
}
