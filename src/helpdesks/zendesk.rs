//! Zendesk macros JSON as the API returns it (`GET /api/v2/macros`: `{"macros": [...]}`, one
//! macro as `{"macro": {...}}`, or a bare list): the comment a macro adds (`comment_value`,
//! a string or `[channel, text]`; else `comment_value_html`), `::` categories in titles,
//! `active`, and tags set by `set_tags` / `current_tags`.

use std::path::Path;

use anyhow::Context;
use serde_json::Value;

use super::placeholders::{self, ZENDESK};
use super::{Read, Reply};
use crate::kinds::Status;

/// Reads a macros file.
pub fn read(path: &Path) -> anyhow::Result<Read> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let json: Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not JSON: export the macros with the Zendesk API (GET /api/v2/macros.json)",
            path.display()
        )
    })?;
    let macros = match &json {
        Value::Object(o) if o.get("macros").is_some_and(Value::is_array) => {
            o["macros"].as_array().cloned().unwrap_or_default()
        }
        Value::Object(o) if o.get("macro").is_some_and(Value::is_object) => {
            vec![o["macro"].clone()]
        }
        Value::Array(list) => list.clone(),
        _ => anyhow::bail!(
            "{} holds no macros: expected {{\"macros\": [...]}} as the Zendesk API returns it",
            path.display()
        ),
    };
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut read = Read::default();
    for (i, m) in macros.iter().enumerate() {
        let title = m
            .get("title")
            .or_else(|| m.get("raw_title"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        let id = m
            .get("id")
            .map_or_else(|| format!("#{}", i + 1), Value::to_string);
        let origin = format!("{file}, macro {id} `{title}`");
        if title.is_empty() {
            read.skipped
                .push(format!("{file}, macro {id}: it has no title"));
            continue;
        }
        let actions = m
            .get("actions")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let field = |name: &str| {
            actions
                .iter()
                .find(|a| a.get("field").and_then(Value::as_str) == Some(name))
                .and_then(|a| a.get("value"))
        };
        let text = match field("comment_value") {
            Some(Value::String(s)) => Some(s.clone()),
            // `["channel:all", "text"]`: the text is the last string.
            Some(Value::Array(parts)) => parts
                .iter()
                .rev()
                .find_map(Value::as_str)
                .map(str::to_owned),
            _ => None,
        };
        let converted = match text {
            Some(t) => placeholders::to_handbook(t.trim(), ZENDESK),
            None => match field("comment_value_html").and_then(Value::as_str) {
                Some(html) => html_to_markdown(html),
                None => {
                    read.skipped.push(format!(
                        "{origin}: it adds no comment (it only sets ticket fields)"
                    ));
                    continue;
                }
            },
        };
        let mut parts: Vec<String> = title
            .split("::")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let name = parts.pop().unwrap_or_else(|| title.to_owned());
        let mut reply = Reply::new(&name, converted, origin);
        reply.categories = parts;
        for key in ["set_tags", "current_tags"] {
            let tags: Vec<String> = match field(key) {
                Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            for t in tags {
                if !reply.tags.contains(&t) {
                    reply.tags.push(t);
                }
            }
        }
        reply.summary = m
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        if m.get("active").and_then(Value::as_bool) == Some(false) {
            reply.status = Status::Draft;
            reply
                .unmapped
                .push("inactive in Zendesk: imported as a draft".to_owned());
        }
        let others: Vec<&str> = actions
            .iter()
            .filter_map(|a| a.get("field").and_then(Value::as_str))
            .filter(|f| {
                !matches!(
                    *f,
                    "comment_value"
                        | "comment_value_html"
                        | "comment_mode_is_public"
                        | "set_tags"
                        | "current_tags"
                )
            })
            .collect();
        if !others.is_empty() {
            reply.unmapped.push(format!(
                "the macro also sets {}: a response page keeps only the wording",
                others.join(", ")
            ));
        }
        read.replies.push(reply);
    }
    Ok(read)
}

/// An HTML comment as Markdown, placeholders mapped first. The converter escapes Markdown
/// characters such as `_` in text, so each `{name}` is hidden behind private-use characters
/// while it runs.
fn html_to_markdown(html: &str) -> placeholders::Converted {
    let mut converted = placeholders::to_handbook(html, ZENDESK);
    let found = crate::kinds::wording::placeholders(&converted.text);
    let masked = crate::kinds::wording::fill(&converted.text, |name| {
        let i = found.iter().position(|p| p.name == name)?;
        Some(format!("\u{E000}{i}\u{E001}"))
    });
    let markdown = htmd::convert(&masked).unwrap_or(masked);
    let mut text = String::with_capacity(markdown.len());
    let mut rest = markdown.as_str();
    while let Some(start) = rest.find('\u{E000}') {
        text.push_str(&rest[..start]);
        let after = &rest[start + '\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            break;
        };
        if let Some(p) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| found.get(i))
        {
            text.push_str(&format!("{{{}}}", p.name));
        }
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    text.push_str(rest);
    converted.text = text.trim().to_owned();
    converted
}

/// The macros file for `handbook export zendesk`: `Category::Title` titles, the comment as
/// `comment_value`, public, and the response's tags added with `current_tags`.
pub fn document(items: &[super::outgoing::Item<'_>]) -> String {
    let macros: Vec<Value> = items
        .iter()
        .map(|i| {
            let mut path: Vec<String> = i.categories.iter().map(|c| category(c)).collect();
            path.push(category(&i.response.title));
            let mut actions = vec![
                serde_json::json!({"field": "comment_value", "value": i.text}),
                serde_json::json!({"field": "comment_mode_is_public", "value": "true"}),
            ];
            if !i.response.tags.is_empty() {
                actions.push(
                    serde_json::json!({"field": "current_tags", "value": i.response.tags.join(" ")}),
                );
            }
            serde_json::json!({
                "title": path.join("::"),
                "active": true,
                "description": format!(
                    "{} (approved wording from the handbook: {})",
                    i.response.summary, i.response.url
                ),
                "actions": actions,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "macros": macros })).unwrap_or_default()
}

/// Zendesk categories cannot contain `::` themselves.
fn category(text: &str) -> String {
    text.replace("::", ":").trim().to_owned()
}
