//! Targets that exist only with different letter case: a link to `Setup.md` when the file is
//! `setup.md` works on macOS and Windows checkouts and breaks on Linux hosting, so the link
//! report tells it apart from a missing target.

use std::collections::HashMap;

use super::resolve::{LinkIndex, PageLink, join_path, percent_decode};
use crate::content::Content;

/// Every page path, URL, folder and file in lowercase, to tell a case mismatch from a missing
/// target.
pub struct CaseIndex {
    by_lower: HashMap<String, String>,
}

impl CaseIndex {
    pub fn new(index: &LinkIndex<'_>) -> CaseIndex {
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
    pub fn find(&self, index: &LinkIndex<'_>, link: &PageLink) -> Option<String> {
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
