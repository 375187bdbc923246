//! Content kinds: what sets a handbook apart from a general site. A page's `type` selects a
//! kind (response, escalation, expert, role, guideline) whose front matter has a schema; the
//! build validates it and resolves its references to other pages. This is the model only: what
//! templates see of it is made in `build/views.rs`.

pub mod backlinks;
pub mod duration;
pub mod fields;
pub mod response;
pub mod schema;
pub mod wording;

use crate::content::PageId;

pub use crate::content::kind::Kind;

/// Whether a response may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Approved,
    Draft,
    Deprecated,
}

/// A placeholder of a response: `{name}` in the wording.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Variable {
    pub name: String,
    pub description: String,
    pub example: String,
}

/// A canned response's metadata, validated.
#[derive(Debug, Clone)]
pub struct Response {
    pub summary: String,
    pub channels: Vec<String>,
    pub status: Status,
    pub replaced_by: Option<PageId>,
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<chrono::NaiveDate>,
    /// Review interval in days.
    pub review_every_days: u64,
    pub variables: Vec<Variable>,
    pub experts: Vec<PageId>,
}

/// Who to pull in at one step of an escalation.
#[derive(Debug, Clone)]
pub enum Who {
    Page(PageId),
    Handle(String),
}

/// One step of an escalation path.
#[derive(Debug, Clone)]
pub struct Step {
    pub who: Who,
    pub how: String,
    pub within: Option<String>,
    pub note: String,
}

/// An escalation path's metadata, validated.
#[derive(Debug, Clone)]
pub struct Escalation {
    pub when: String,
    pub severity: String,
    pub respond_within: String,
    pub steps: Vec<Step>,
    pub responses: Vec<PageId>,
    pub channels: Vec<String>,
}

/// An expert's metadata.
#[derive(Debug, Clone, Default)]
pub struct Expert {
    pub name: String,
    pub handle: String,
    pub team: String,
    pub topics: Vec<String>,
    pub contact: String,
    pub timezone: String,
}

/// A role page's metadata.
#[derive(Debug, Clone, Default)]
pub struct Role {
    pub grade: String,
    pub family: String,
    pub levels: Vec<PageId>,
    pub reports_to: Option<Result<PageId, String>>,
}

/// A guideline's metadata.
#[derive(Debug, Clone, Default)]
pub struct Guideline {
    pub applies_to: Vec<String>,
}

/// The typed data of one page.
#[derive(Debug, Clone)]
pub enum Typed {
    Response(Response),
    Escalation(Escalation),
    Expert(Expert),
    Role(Role),
    Guideline(Guideline),
}

impl Typed {
    pub fn response(&self) -> Option<&Response> {
        match self {
            Typed::Response(r) => Some(r),
            _ => None,
        }
    }

    /// The pages this page's front matter refers to (`replaced_by`, `experts`, the pages of
    /// `steps`, `responses`, `levels`, `reports_to`), in the order written; reverse references
    /// are kept in [`backlinks::Backlinks`].
    pub fn references(&self) -> Vec<PageId> {
        match self {
            Typed::Response(r) => r.replaced_by.iter().chain(&r.experts).copied().collect(),
            Typed::Escalation(e) => e
                .steps
                .iter()
                .filter_map(|s| match s.who {
                    Who::Page(id) => Some(id),
                    Who::Handle(_) => None,
                })
                .chain(e.responses.iter().copied())
                .collect(),
            Typed::Role(r) => r
                .levels
                .iter()
                .copied()
                .chain(r.reports_to.iter().filter_map(|t| t.as_ref().ok().copied()))
                .collect(),
            Typed::Expert(_) | Typed::Guideline(_) => Vec::new(),
        }
    }

    /// The channel ids the page concerns.
    pub fn channels(&self) -> &[String] {
        match self {
            Typed::Response(r) => &r.channels,
            Typed::Escalation(e) => &e.channels,
            Typed::Guideline(g) => &g.applies_to,
            _ => &[],
        }
    }
}
