//! The navigation tree. Children are sorted once for the whole site; each page then gets only
//! the top level plus the open branch that leads to it, so rendering the tree stays linear in
//! the number of pages instead of putting the whole site into every page.

use std::cmp::Ordering;

use crate::content::{Content, PageId};
use crate::templates::views::NavItem;

/// Sorts every section's children: by `weight` (unweighted last), then title, then path.
pub fn sort_children(content: &mut Content, titles: &[String]) {
    let order = |a: &PageId, b: &PageId| -> Ordering {
        let (pa, pb) = (&content.pages[*a], &content.pages[*b]);
        let wa = pa.front.weight.unwrap_or(i64::MAX);
        let wb = pb.front.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| titles[*a].to_lowercase().cmp(&titles[*b].to_lowercase()))
            .then_with(|| pa.rel_path.cmp(&pb.rel_path))
    };
    let mut sorted: Vec<Vec<PageId>> = content.pages.iter().map(|p| p.children.clone()).collect();
    for children in &mut sorted {
        children.sort_by(order);
    }
    for (page, children) in content.pages.iter_mut().zip(sorted) {
        page.children = children;
    }
}

/// Builds navigation trees for pages.
pub struct Navigation<'a> {
    pub content: &'a Content,
    pub titles: &'a [String],
    pub base_path: &'a str,
}

impl Navigation<'_> {
    /// The tree with the branch down to `section` open and no current page: what every page
    /// of that section shares, so it is rendered once per section.
    pub fn open_at(&self, section: PageId) -> Vec<NavItem> {
        let mut path = self.content.ancestors(section);
        path.push(section);
        self.items(0, &path, None)
    }

    /// The top-level entries only, closed.
    pub fn top_level(&self) -> Vec<NavItem> {
        self.items(0, &[], None)
    }

    fn items(&self, section: PageId, path: &[PageId], current: Option<PageId>) -> Vec<NavItem> {
        self.content.pages[section]
            .children
            .iter()
            .map(|&child| {
                let page = &self.content.pages[child];
                let open = path.contains(&child);
                let children = if open && page.is_section {
                    self.items(child, path, current)
                } else {
                    Vec::new()
                };
                NavItem {
                    title: page
                        .front
                        .nav_title
                        .clone()
                        .unwrap_or_else(|| self.titles[child].clone()),
                    url: format!("{}{}", self.base_path, page.url),
                    is_section: page.is_section,
                    current: current == Some(child),
                    open,
                    has_children: !page.children.is_empty(),
                    children,
                }
            })
            .collect()
    }
}
