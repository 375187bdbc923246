//! Help Scout saved replies (`POST /v2/mailboxes/{id}/saved-replies`: `name`, `text` as
//! HTML, `chatText` as plain text): one request body per response, in a JSON list.

use serde_json::json;

use super::outgoing::{Item, html};

pub fn document(items: &[Item<'_>]) -> String {
    let list: Vec<_> = items
        .iter()
        .map(|i| {
            let mut name = i.categories.clone();
            name.push(i.response.title.clone());
            let mut reply = json!({ "name": name.join(": "), "text": html(&i.text) });
            if let Some(chat) = &i.chat_text {
                reply["chatText"] = json!(chat);
            }
            reply
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}
