//! What the search index knows about each page: title, breadcrumb, facets (kind, channels,
//! tags, status), text cut into sections, and a response's approved wording. The pipeline
//! gathers it from the loaded content and what the Markdown stage found
//! (`crate::pipeline::search_pages`); the index is made from these alone.

use std::sync::Arc;

use crate::markdown::sections::Section;

/// One page as the index sees it.
#[derive(Debug, Default, Clone)]
pub struct SearchPage {
    /// URL path below the base path (`responses/refund/`, "" for the home page).
    pub url: String,
    pub title: String,
    /// Ancestor titles below the home page, joined with ` › `.
    pub breadcrumb: String,
    pub description: String,
    /// Front matter `type`; `page` or `section` when absent.
    pub kind: String,
    pub channels: Vec<String>,
    pub tags: Vec<String>,
    pub status: Option<String>,
    /// Section 0 is the text before the first heading.
    pub sections: Arc<[Section]>,
    /// Approved wording: `(channel, text)`, channel empty for the general block.
    pub wording: Vec<(String, String)>,
}
