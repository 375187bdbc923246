//! Front message templates (`POST /message_templates`: `name`, `subject`, `body` as HTML):
//! one request body per response, in a JSON list.

use serde_json::json;

use super::outgoing::{Item, html};

pub fn document(items: &[Item<'_>]) -> String {
    let list: Vec<_> = items
        .iter()
        .map(|i| {
            json!({
                "name": i.response.title,
                "subject": serde_json::Value::Null,
                "body": html(&i.text),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}
