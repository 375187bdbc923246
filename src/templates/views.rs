//! What templates see: every variable of every template, the Rust mirror of
//! `docs/template-contract.md` and of the README's template reference. These structs are made
//! for templates; the internal model (pages, typed front matter) can change without breaking a
//! site's template overrides. They are filled from the model in one place, `build/views.rs`
//! (the navigation in `build/nav.rs`, `page` itself in `build/render.rs`).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::kinds::{Status, Variable};
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
    pub channels: Vec<ChannelRef>,
    /// `search.enabled`: the site has a search index (and a search box).
    pub search: bool,
    /// Where the theme's and `static/`'s files are published (`assets/` below it): the base
    /// path of the whole site, which a language's `base_path` (`/es/`) is below.
    pub assets_path: String,
    /// The language code of the site's pages (`es`): a multilingual site's language key,
    /// else `language`.
    pub language_code: String,
    /// The files of `data/`, nested by folder and file name (see [`crate::site_data`]).
    pub data: Value,
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
    /// `page.last_changed`, `page.last_author`, `page.first_commit`, `page.owners`...
    #[serde(flatten)]
    pub history: HistoryView,
    /// `page.response`, `page.escalation`, `page.expert`, `page.role`, `page.guideline`.
    #[serde(flatten)]
    pub kinds: KindViews,
    /// The responses finder's data, on the responses page only.
    pub finder: Option<FinderView>,
    /// The channel, on a generated channel page only.
    pub channel: Option<ChannelView>,
    /// Every channel with its page, on the channels index only.
    pub channels: Vec<ChannelView>,
    /// The review-health facts, on the health page only.
    pub health: Option<HealthView>,
    /// The page has a Mermaid diagram: load the diagram script.
    pub mermaid: bool,
    /// The same page in the site's other languages (Hugo's `.Translations`), in the order of
    /// the languages; empty on a site of one language.
    pub translations: Vec<TranslationView>,
    /// The language menu: every language of the site, each with this page in it when it is
    /// translated, else that language's home page; empty on a site of one language.
    pub languages: Vec<TranslationView>,
}

/// A page in one language: an entry of `page.translations` and `page.languages`.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationView {
    /// The language key (`es`).
    pub code: String,
    /// Its name (`Español`).
    pub label: String,
    /// For `hreflang` and `lang` (`es`, `pt-BR`).
    pub locale: String,
    pub url: String,
    /// Absolute when `base_url` has a host.
    pub permalink: String,
    /// This is the page being rendered.
    pub current: bool,
    /// The page exists in this language (a menu entry that is not leads to the language's
    /// home page).
    pub translated: bool,
}

/// A page's history and owners, flattened into `page` (see `build/history.rs`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryView {
    /// The date of the page's last commit ("2026-10-14"), when git knows it.
    pub last_changed: Option<String>,
    pub last_changed_human: Option<String>,
    /// Who made that commit (as `.mailmap` names them).
    pub last_author: Option<String>,
    /// The date of the page's first commit, when the history seen reaches it.
    pub first_commit: Option<String>,
    pub first_commit_human: Option<String>,
    /// The page has changes that are not committed (`serve` shows it as changed now).
    pub changed_now: bool,
    /// `page.updated` comes from git: front matter has no `updated`.
    pub updated_from_git: bool,
    /// Its own `owner`, then the owners CODEOWNERS gives its file.
    pub owners: Vec<String>,
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

/// A channel as a badge and link.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelRef {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// `page.response`.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub summary: String,
    pub status: Status,
    pub channels: Vec<ChannelRef>,
    pub replaced_by: Option<LinkView>,
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<String>,
    /// `reviewed` and `review_due` as the page header writes dates ("6 October 2026").
    pub reviewed_human: Option<String>,
    pub review_due: Option<String>,
    pub review_due_human: Option<String>,
    pub review_overdue: bool,
    pub days_overdue: i64,
    pub variables: Vec<Variable>,
    pub experts: Vec<LinkView>,
    /// Escalation paths that list this response.
    pub escalations: Vec<LinkView>,
}

/// One step of `page.escalation.steps`.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub number: usize,
    /// The expert or page to pull in, when `who` is a page.
    pub who_page: Option<LinkView>,
    /// The handle or team, when `who` is not a page.
    pub who_handle: Option<String>,
    pub how: String,
    pub within: Option<String>,
    pub within_human: Option<String>,
    pub note: String,
}

/// `page.escalation`.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationView {
    pub when: String,
    pub severity: String,
    pub respond_within: String,
    pub respond_within_human: String,
    pub steps: Vec<StepView>,
    pub responses: Vec<ListedResponse>,
    pub channels: Vec<ChannelRef>,
}

/// A response an escalation path lists: its link, its status and, when it is deprecated, what
/// replaces it, so the list can mark it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedResponse {
    pub title: String,
    pub url: String,
    pub status: Option<Status>,
    pub replaced_by: Option<LinkView>,
}

/// `page.expert`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpertView {
    pub name: String,
    pub handle: String,
    pub team: String,
    pub topics: Vec<String>,
    pub contact: String,
    pub timezone: String,
    /// Responses and escalation paths that name this expert.
    pub responses: Vec<LinkView>,
    pub escalations: Vec<LinkView>,
}

/// One rung of a role family's ladder.
#[derive(Debug, Clone, Serialize)]
pub struct RungView {
    pub title: String,
    pub url: String,
    pub grade: String,
    pub current: bool,
}

/// `page.role`.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub grade: String,
    pub family: String,
    /// Every role of the family, by grade, the current one marked.
    pub ladder: Vec<RungView>,
    pub reports_to: Option<LinkView>,
    pub reports_to_text: Option<String>,
}

/// `page.guideline`.
#[derive(Debug, Clone, Serialize)]
pub struct GuidelineView {
    pub applies_to: Vec<ChannelRef>,
}

/// The typed views of one page, flattened into `page`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct KindViews {
    pub response: Option<ResponseView>,
    pub escalation: Option<EscalationView>,
    pub expert: Option<ExpertView>,
    pub role: Option<RoleView>,
    pub guideline: Option<GuidelineView>,
    /// Sections that list experts: their experts grouped by topic.
    pub experts_by_topic: Vec<TopicView>,
}

/// Experts who know one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub topic: String,
    pub experts: Vec<LinkView>,
}

/// One response in the finder.
#[derive(Debug, Clone, Serialize)]
pub struct FinderItem {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub status: Status,
    pub channels: Vec<ChannelRef>,
    /// Channel ids separated by spaces, for filtering.
    pub channel_ids: String,
    pub tags: Vec<String>,
    /// The wording cards, ready to fill and copy.
    pub cards: String,
}

/// A filter option with how many responses have it.
#[derive(Debug, Clone, Serialize)]
pub struct FacetView {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// `finder` on the responses page.
#[derive(Debug, Clone, Serialize)]
pub struct FinderView {
    pub items: Vec<FinderItem>,
    pub channels: Vec<FacetView>,
    pub tags: Vec<FacetView>,
}

/// `channel` on a channel page.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub max_chars: Option<usize>,
    pub link_chars: Option<usize>,
    pub first_response_target: Option<String>,
    pub first_response_target_human: Option<String>,
    pub url: String,
    pub guidelines: Vec<LinkView>,
    pub responses: Vec<ResponseLink>,
    pub escalations: Vec<LinkView>,
}

/// A response listed on a channel page.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseLink {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub status: Status,
}

/// `page.health`: the review-health page's facts (also in `handbook check --format json`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct HealthView {
    /// Reviews past due, by owner, most overdue first within an owner.
    pub overdue: Vec<HealthRow>,
    /// How many overdue reviews each owner has ("no owner" last).
    pub overdue_by_owner: Vec<OwnerCount>,
    /// Responses and escalation paths without an owner or an approver.
    pub unowned: Vec<HealthRow>,
    /// Pages not changed in `stale_after`, longest unchanged first.
    pub stale: Vec<HealthRow>,
    /// Deprecated responses that other pages still link to.
    pub deprecated_linked: Vec<HealthRow>,
    /// Counts of what the build found: broken links, then problems by rule.
    pub findings: Vec<FindingCount>,
    /// `stale_after` in days.
    pub stale_after_days: u64,
    /// Dates come from git (else from front matter only).
    pub git: bool,
    /// The clone is shallow: some dates fell back to front matter.
    pub shallow: bool,
    /// The date it was measured on.
    pub today: String,
}

/// One row of a health table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HealthRow {
    pub title: String,
    pub url: String,
    /// The source file, as `handbook check` names it.
    pub path: String,
    /// `response`, `escalation`, `page`...
    pub kind: String,
    pub owners: Vec<String>,
    /// Days overdue (overdue reviews) or days since the last change (stale pages).
    pub days: i64,
    pub reviewed: Option<String>,
    pub review_due: Option<String>,
    /// The last change (front matter `updated`, else git), and who made it when git knows.
    pub last_changed: Option<String>,
    pub last_author: Option<String>,
    /// What is missing: "owner", "approver" or "owner and approver".
    pub missing: String,
    /// The pages that link to it (deprecated responses).
    pub linked_from: Vec<LinkView>,
}

/// An owner and how many rows are theirs.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerCount {
    pub owner: String,
    pub count: usize,
    /// The most days overdue among them.
    pub most_days: i64,
}

/// A kind of finding and how many there are.
#[derive(Debug, Clone, Serialize)]
pub struct FindingCount {
    pub name: String,
    pub count: usize,
}
