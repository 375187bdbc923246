//! Reverse references between typed pages: which pages refer to a page (the escalation paths
//! that list a response, the responses and paths that name an expert). Computed once when the
//! site is prepared, and kept up to date page by page when the preview server re-reads one, so
//! that no view scans the whole site for what points at its page.

use super::Typed;
use crate::content::PageId;

/// For each page, the typed pages that refer to it, in page order, each once.
#[derive(Debug, Clone, Default)]
pub struct Backlinks {
    from: Vec<Vec<PageId>>,
}

impl Backlinks {
    /// The backlinks of typed front matter `typed`, indexed like the site's pages.
    pub fn new(typed: &[Option<Typed>]) -> Backlinks {
        let mut backlinks = Backlinks {
            from: vec![Vec::new(); typed.len()],
        };
        for (id, typed) in typed.iter().enumerate() {
            backlinks.add(id, typed.as_ref());
        }
        backlinks
    }

    /// The typed pages that refer to page `id`.
    pub fn of(&self, id: PageId) -> &[PageId] {
        self.from.get(id).map_or(&[], Vec::as_slice)
    }

    /// Page `id`'s typed front matter changed from `old` to `new`.
    pub fn replace(&mut self, id: PageId, old: Option<&Typed>, new: Option<&Typed>) {
        for target in old.map(Typed::references).unwrap_or_default() {
            if let Some(from) = self.from.get_mut(target) {
                from.retain(|&p| p != id);
            }
        }
        self.add(id, new);
    }

    fn add(&mut self, id: PageId, typed: Option<&Typed>) {
        for target in typed.map(Typed::references).unwrap_or_default() {
            if let Some(from) = self.from.get_mut(target)
                && let Err(at) = from.binary_search(&id)
            {
                from.insert(at, id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Escalation, Response, Status};

    fn response(experts: Vec<PageId>) -> Typed {
        Typed::Response(Response {
            summary: String::new(),
            channels: Vec::new(),
            status: Status::Approved,
            replaced_by: None,
            owner: None,
            approved_by: None,
            reviewed: None,
            review_every_days: 90,
            variables: Vec::new(),
            experts,
        })
    }

    #[test]
    fn reverse_references_follow_edits() {
        let escalation = Typed::Escalation(Escalation {
            when: String::new(),
            severity: String::new(),
            respond_within: String::new(),
            steps: Vec::new(),
            responses: vec![1, 1],
            channels: Vec::new(),
        });
        let typed = vec![Some(escalation), Some(response(vec![3])), None, None];
        let mut backlinks = Backlinks::new(&typed);
        assert_eq!(backlinks.of(1), &[0]);
        assert_eq!(backlinks.of(3), &[1]);
        assert!(backlinks.of(2).is_empty() && backlinks.of(9).is_empty());
        let edited = response(vec![2]);
        backlinks.replace(1, typed[1].as_ref(), Some(&edited));
        assert!(backlinks.of(3).is_empty());
        assert_eq!(backlinks.of(2), &[1]);
    }
}
