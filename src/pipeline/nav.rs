//! The navigation tree. Children are sorted once for the whole site; each page then gets only
//! the top level plus the open branch that leads to it, so rendering the tree stays linear in
//! the number of pages instead of putting the whole site into every page.
//!
//! A long list of siblings is cut: its first [`HEAD`] entries, the entries around the open one
//! when it lies further down, and "N more" links to the section page in the gaps. A page's
//! navigation then has a bounded size whatever the number of its siblings (4,000 pages in one
//! folder used to give each page 470 KB of navigation, and the site 1.8 GB).

use std::cmp::Ordering;
use std::ops::Range;

use crate::content::{Content, PageId};
use crate::templates::views::NavItem;
use crate::urls::Urls;

/// The one order of pages everywhere a list of them is shown (the navigation, the responses
/// finder, channel and escalation pages): by `weight` (unweighted last), then title, then path.
fn compare(content: &Content, titles: &[String], a: PageId, b: PageId) -> Ordering {
    let (pa, pb) = (&content.pages[a], &content.pages[b]);
    let wa = pa.front.weight.unwrap_or(i64::MAX);
    let wb = pb.front.weight.unwrap_or(i64::MAX);
    wa.cmp(&wb)
        .then_with(|| titles[a].to_lowercase().cmp(&titles[b].to_lowercase()))
        .then_with(|| pa.rel_path.cmp(&pb.rel_path))
}

/// Sorts every section's children (see [`compare`]).
pub fn sort_children(content: &mut Content, titles: &[String]) {
    let mut sorted: Vec<Vec<PageId>> = content.pages.iter().map(|p| p.children.clone()).collect();
    for children in &mut sorted {
        children.sort_by(|&a, &b| compare(content, titles, a, b));
    }
    for (page, children) in content.pages.iter_mut().zip(sorted) {
        page.children = children;
    }
}

/// Every page, in the order of [`compare`]: what lists of pages from several sections follow.
pub fn site_order(content: &Content, titles: &[String]) -> Vec<PageId> {
    let mut order: Vec<PageId> = (0..content.pages.len()).collect();
    order.sort_by(|&a, &b| compare(content, titles, a, b));
    order
}

/// A list of siblings longer than this is cut (cutting a few entries would help nobody).
pub const LIMIT: usize = 60;
/// How many entries a cut list starts with.
pub const HEAD: usize = 40;
/// How many entries either side of the open one a cut list shows when it lies past the head.
pub const AROUND: usize = 5;

/// The ranges of a list of `len` siblings that are listed, given the position of the open one.
// One range or two: a list of ranges is what is meant, not a list of the numbers in one.
#[allow(clippy::single_range_in_vec_init)]
pub fn visible(len: usize, open: Option<usize>) -> Vec<Range<usize>> {
    if len <= LIMIT {
        return vec![0..len];
    }
    match open {
        Some(at) if at >= HEAD => {
            let start = at.saturating_sub(AROUND);
            let end = (at + AROUND + 1).min(len);
            if start <= HEAD {
                vec![0..end]
            } else {
                vec![0..HEAD, start..end]
            }
        }
        _ => vec![0..HEAD],
    }
}

/// Each page's position among its parent's (sorted) children, so that finding the open entry
/// of a list of 100,000 siblings does not mean scanning it for every page.
pub fn positions(content: &Content) -> Vec<usize> {
    let mut positions = vec![0; content.pages.len()];
    for page in &content.pages {
        for (at, &child) in page.children.iter().enumerate() {
            positions[child] = at;
        }
    }
    positions
}

/// Builds navigation trees for pages.
pub struct Navigation<'a> {
    pub content: &'a Content,
    pub titles: &'a [String],
    pub urls: &'a Urls,
    /// From [`positions`].
    pub positions: &'a [usize],
}

impl Navigation<'_> {
    /// The tree with the branch down to `section` open and no current page: what every page
    /// of that section shares, so it is rendered once per section.
    pub fn open_at(&self, section: PageId) -> Vec<NavItem> {
        let mut path = self.content.ancestors(section);
        path.push(section);
        self.items(0, &path, None)
    }

    /// The tree as seen from `page`, a page of `section` that lies past the part of its
    /// siblings that [`Navigation::open_at`] lists (see [`Navigation::is_listed`]).
    pub fn open_at_page(&self, section: PageId, page: PageId) -> Vec<NavItem> {
        let mut path = self.content.ancestors(section);
        path.push(section);
        self.items(0, &path, Some(page))
    }

    /// Whether [`Navigation::open_at`] of its section lists `page` itself.
    pub fn is_listed(&self, section: PageId, page: PageId) -> bool {
        let len = self.content.pages[section].children.len();
        let at = self.positions[page];
        visible(len, None).iter().any(|range| range.contains(&at))
    }

    /// The top-level entries only, closed.
    pub fn top_level(&self) -> Vec<NavItem> {
        self.items(0, &[], None)
    }

    fn items(&self, section: PageId, path: &[PageId], current: Option<PageId>) -> Vec<NavItem> {
        let children = &self.content.pages[section].children;
        let open_at = path
            .iter()
            .copied()
            .chain(current)
            .find(|&p| p != 0 && self.content.pages[p].parent == Some(section))
            .map(|p| self.positions[p]);
        let mut items = Vec::new();
        let mut listed_to = 0;
        for range in visible(children.len(), open_at) {
            if range.start > listed_to {
                items.push(self.more(section, range.start - listed_to));
            }
            listed_to = range.end;
            items.extend(
                children[range]
                    .iter()
                    .map(|&child| self.item(child, path, current)),
            );
        }
        if children.len() > listed_to {
            items.push(self.more(section, children.len() - listed_to));
        }
        items
    }

    fn item(&self, child: PageId, path: &[PageId], current: Option<PageId>) -> NavItem {
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
            url: self.urls.href(&page.url),
            is_section: page.is_section,
            current: current == Some(child),
            open,
            has_children: !page.children.is_empty(),
            children,
            more: 0,
        }
    }

    /// The entry that stands for `count` siblings left out: a link to their section's page,
    /// which lists them all. Its title reads well in a theme that does not know `more`.
    fn more(&self, section: PageId, count: usize) -> NavItem {
        let page = &self.content.pages[section];
        NavItem {
            title: format!("{count} more in {}", self.titles[section]),
            url: self.urls.href(&page.url),
            is_section: false,
            current: false,
            open: false,
            has_children: false,
            children: Vec::new(),
            more: count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_are_whole_and_long_ones_are_cut_around_the_open_entry() {
        assert_eq!(visible(LIMIT, Some(LIMIT - 1)), vec![0..LIMIT]);
        assert_eq!(visible(4000, None), vec![0..HEAD]);
        assert_eq!(visible(4000, Some(3)), vec![0..HEAD]);
        assert_eq!(visible(4000, Some(HEAD + 2)), vec![0..HEAD + 3 + AROUND]);
        assert_eq!(
            visible(4000, Some(2000)),
            vec![0..HEAD, 2000 - AROUND..2001 + AROUND]
        );
        assert_eq!(
            visible(4000, Some(3999)),
            vec![0..HEAD, 3999 - AROUND..4000]
        );
    }
}
