//! The content kinds a page's `type` can name (response, escalation, expert, role, guideline).
//! The name list lives here, below the front matter reader, so that reading a page can tell a
//! typed page from an ordinary one; the kinds' schemas and views are [`crate::kinds`]'.

/// The kinds with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Response,
    Escalation,
    Expert,
    Role,
    Guideline,
}

impl Kind {
    /// The kind a `type` value names; `None` for ordinary pages and theme-defined types.
    pub fn from_type(value: &str) -> Option<Kind> {
        Some(match value.trim() {
            "response" => Kind::Response,
            "escalation" => Kind::Escalation,
            "expert" => Kind::Expert,
            "role" => Kind::Role,
            "guideline" => Kind::Guideline,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Response => "response",
            Kind::Escalation => "escalation",
            Kind::Expert => "expert",
            Kind::Role => "role",
            Kind::Guideline => "guideline",
        }
    }
}
