//! GitLab comment templates (GraphQL `savedReplyCreate`, `groupSavedReplyCreate`,
//! `projectSavedReplyCreate`: `name`, `content` in Markdown): one input per response, in a
//! JSON list.

use serde_json::json;

use super::outgoing::Item;

/// GitLab keeps at most this many characters of a template's content.
pub const MAX_CHARS: usize = 4096;

pub fn document(items: &[Item<'_>]) -> String {
    let list: Vec<_> = items
        .iter()
        .map(|i| json!({ "name": i.response.title, "content": i.text }))
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}
