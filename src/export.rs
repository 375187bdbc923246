//! The approved responses as Zendesk macros (`handbook export zendesk`), so a support team can
//! import the approved wording into the tool where they answer tickets. The JSON follows
//! Zendesk's macro objects (`title` with `::` categories, `actions` setting the comment).

use serde::Serialize;

use crate::build::kind_pages::ResponsesExport;
use crate::kinds::Status;

/// The file Zendesk's bulk macro import and API accept: `{"macros": [...]}`.
#[derive(Debug, Serialize)]
pub struct ZendeskMacros {
    pub macros: Vec<ZendeskMacro>,
}

/// One macro.
#[derive(Debug, Serialize)]
pub struct ZendeskMacro {
    /// `Section::Subsection::Title`: Zendesk shows `::` as nested categories.
    pub title: String,
    pub active: bool,
    pub description: String,
    pub actions: Vec<ZendeskAction>,
}

/// A macro action: set a ticket field.
#[derive(Debug, Serialize)]
pub struct ZendeskAction {
    pub field: String,
    pub value: serde_json::Value,
}

/// Zendesk categories cannot contain `::` themselves.
fn category(text: &str) -> String {
    text.replace("::", ":").trim().to_owned()
}

/// Macros for every approved response: the email variant when there is one (tickets are
/// email-like), else the wording for all channels, else the first variant.
pub fn zendesk(export: &ResponsesExport) -> ZendeskMacros {
    let macros = export
        .responses
        .iter()
        .filter(|r| r.status == Status::Approved)
        .filter_map(|r| {
            let variant = r
                .variants
                .iter()
                .find(|v| v.channel.as_deref() == Some("email"))
                .or_else(|| r.variants.iter().find(|v| v.channel.is_none()))
                .or_else(|| r.variants.first())?;
            let mut path: Vec<String> = r.section.iter().map(|s| category(s)).collect();
            path.push(category(&r.title));
            Some(ZendeskMacro {
                title: path.join("::"),
                active: true,
                description: format!(
                    "{} (approved wording from the handbook: {})",
                    r.summary, r.url
                ),
                actions: vec![
                    ZendeskAction {
                        field: "comment_value".into(),
                        value: serde_json::Value::String(variant.text.clone()),
                    },
                    ZendeskAction {
                        field: "comment_mode_is_public".into(),
                        value: serde_json::Value::String("true".into()),
                    },
                ],
            })
        })
        .collect();
    ZendeskMacros { macros }
}
