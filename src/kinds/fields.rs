//! The front matter schema of each content kind, as serde structs. The YAML is deserialized a
//! second time into the kind's struct so that a wrong type is reported at its exact line and
//! column; unknown and missing fields are checked by [`super::schema`].

use indexmap::IndexMap;
use serde::Deserialize;

/// Fields every page may have, whatever its kind.
pub const COMMON: [&str; 33] = [
    "title",
    "description",
    "weight",
    "date",
    "updated",
    "draft",
    "tags",
    "aliases",
    "slug",
    "type",
    // Habits of Hugo, Jekyll and Docsy sites (see `content::compat`).
    "redirect_from",
    "canonical_path",
    "url",
    "permalink",
    "toc_hide",
    "no_list",
    "nav_exclude",
    "hide_from_nav",
    "exclude_from_nav",
    "linkTitle",
    "link_title",
    "publishDate",
    "publishdate",
    "publish_date",
    "expiryDate",
    "expirydate",
    "expiry_date",
    "lastmod",
    "headless",
    "build",
    "_build",
    "cascade",
    // `check: { ignore: [rule, ...] }` silences `handbook check` rules for the page.
    "check",
];

/// A text value that may also be written as a number (`grade: 7`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TextOrNumber {
    Text(String),
    Integer(i64),
    Float(f64),
}

impl TextOrNumber {
    pub fn text(&self) -> String {
        match self {
            TextOrNumber::Text(s) => s.clone(),
            TextOrNumber::Integer(i) => i.to_string(),
            TextOrNumber::Float(f) => f.to_string(),
        }
    }
}

/// `type: response`.
#[derive(Debug, Default, Deserialize)]
pub struct ResponseFields {
    pub summary: Option<String>,
    pub channels: Option<Vec<String>>,
    pub status: Option<String>,
    pub replaced_by: Option<String>,
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<String>,
    pub review_every: Option<String>,
    pub variables: Option<IndexMap<String, VariableFields>>,
    pub experts: Option<Vec<String>>,
}

pub const RESPONSE: [&str; 10] = [
    "summary",
    "channels",
    "status",
    "replaced_by",
    "owner",
    "approved_by",
    "reviewed",
    "review_every",
    "variables",
    "experts",
];

/// One placeholder of a response.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableFields {
    pub description: Option<String>,
    pub example: Option<TextOrNumber>,
}

/// `type: escalation`.
#[derive(Debug, Default, Deserialize)]
pub struct EscalationFields {
    pub when: Option<String>,
    pub severity: Option<String>,
    pub respond_within: Option<String>,
    pub steps: Option<Vec<StepFields>>,
    pub responses: Option<Vec<String>>,
    pub channels: Option<Vec<String>>,
}

pub const ESCALATION: [&str; 6] = [
    "when",
    "severity",
    "respond_within",
    "steps",
    "responses",
    "channels",
];

/// One step of an escalation path.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFields {
    pub who: Option<String>,
    pub how: Option<String>,
    pub within: Option<String>,
    pub note: Option<String>,
}

/// `type: expert`.
#[derive(Debug, Default, Deserialize)]
pub struct ExpertFields {
    pub name: Option<String>,
    pub handle: Option<String>,
    pub team: Option<String>,
    pub topics: Option<Vec<String>>,
    pub contact: Option<String>,
    pub timezone: Option<String>,
}

pub const EXPERT: [&str; 6] = ["name", "handle", "team", "topics", "contact", "timezone"];

/// `type: role`.
#[derive(Debug, Default, Deserialize)]
pub struct RoleFields {
    pub grade: Option<TextOrNumber>,
    pub family: Option<String>,
    pub levels: Option<Vec<String>>,
    pub reports_to: Option<String>,
}

pub const ROLE: [&str; 4] = ["grade", "family", "levels", "reports_to"];

/// `type: guideline`.
#[derive(Debug, Default, Deserialize)]
pub struct GuidelineFields {
    pub applies_to: Option<Vec<String>>,
}

pub const GUIDELINE: [&str; 1] = ["applies_to"];
