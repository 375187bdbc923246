//! Discourse templates (the discourse-templates plugin keeps each template as a topic of the
//! templates category: `POST /posts.json` with `title`, `raw`, `category`, `tags`): one body per
//! response, in a JSON list; set `category` to the templates category's id before posting.

use serde_json::json;

use super::outgoing::Item;

pub fn document(items: &[Item<'_>]) -> String {
    let list: Vec<_> = items
        .iter()
        .map(|i| {
            json!({
                "title": i.response.title,
                "raw": i.text,
                "category": serde_json::Value::Null,
                "tags": i.response.tags,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}
