//! What templates see. These structs are made for templates and documented in the README; the
//! internal model can change without breaking a site's template overrides.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::markdown::TocEntry;

/// `site`: the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub feed_url: String,
    pub generator: String,
    /// The channels of handbook.yml, each with its generated page.
    pub channels: Vec<crate::kinds::views::ChannelRef>,
    /// `search.enabled`: the site has a search index (and a search box).
    pub search: bool,
}

/// A title and a URL (breadcrumbs, previous/next).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// An entry in a section's list of children.
#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    pub title: String,
    pub url: String,
    pub description: String,
    pub is_section: bool,
    pub kind: String,
}

/// `page`: the page being rendered (a section is a page with children).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    pub content: std::borrow::Cow<'a, str>,
    /// A response's wording cards, lifted out of `content` so the theme can show them first
    /// (with the heading right above them, when the author wrote one); empty otherwise.
    pub wording: String,
    pub wording_heading: String,
    pub toc: std::borrow::Cow<'a, [TocEntry]>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub updated_human: Option<String>,
    pub tags: &'a [String],
    pub kind: &'a str,
    pub is_section: bool,
    pub is_home: bool,
    pub extra: &'a Map<String, Value>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub edit_url: Option<String>,
    pub source_path: String,
    pub breadcrumbs: Vec<LinkView>,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
    pub children: Vec<ChildView>,
    /// `page.response`, `page.escalation`, `page.expert`, `page.role`, `page.guideline`.
    #[serde(flatten)]
    pub kinds: crate::kinds::views::KindViews,
    /// The responses finder's data, on the responses page only.
    pub finder: Option<crate::build::kind_pages::FinderView>,
    /// The channel, on a generated channel page only.
    pub channel: Option<crate::build::kind_pages::ChannelView>,
    /// Every channel with its page, on the channels index only.
    pub channels: Vec<crate::build::kind_pages::ChannelView>,
    /// The page has a Mermaid diagram: load the diagram script.
    pub mermaid: bool,
}

/// `nav`: one entry of the navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub is_section: bool,
    pub current: bool,
    pub open: bool,
    pub has_children: bool,
    pub children: Vec<NavItem>,
    /// Non-zero for an entry that stands for this many siblings left out of a long list; its
    /// `url` is their section's page.
    pub more: usize,
}
