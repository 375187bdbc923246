//! A [`Reply`] written as a typed response page: front matter the schema accepts (title,
//! `type: response`, summary, channels, tags, status, declared variables), the source's notes,
//! what a person must finish, and the wording in a ```` ```response ```` block.

use serde_yaml::{Mapping, Value};

use super::Reply;
use crate::kinds::Status;

/// The heading above what a person must finish; `handbook check` lists each item under it
/// (`import-unfinished`).
pub const TODO_HEADING: &str = "## To finish after the import";

/// The longest summary made from the wording, in characters.
const SUMMARY_CHARS: usize = 160;

/// The page's Markdown.
pub fn markdown(reply: &Reply, channels: &[String], source_tool: &str) -> String {
    let mut front = Mapping::new();
    let mut put = |k: &str, v: Value| {
        front.insert(Value::String(k.to_owned()), v);
    };
    put("title", Value::String(reply.title.clone()));
    put("type", Value::String("response".into()));
    put("summary", Value::String(summary(reply)));
    put(
        "channels",
        Value::Sequence(channels.iter().cloned().map(Value::String).collect()),
    );
    if !reply.tags.is_empty() {
        put(
            "tags",
            Value::Sequence(reply.tags.iter().cloned().map(Value::String).collect()),
        );
    }
    let status = match reply.status {
        Status::Approved => "approved",
        Status::Draft => "draft",
        Status::Deprecated => "deprecated",
    };
    put("status", Value::String(status.into()));
    if !reply.placeholders.is_empty() {
        let mut vars = Mapping::new();
        for p in &reply.placeholders {
            let mut v = Mapping::new();
            let description = if p.mapped {
                format!("`{}` in {source_tool}.", p.source.trim())
            } else {
                format!(
                    "`{}` in {source_tool}; not in the placeholder table, check it.",
                    p.source.trim()
                )
            };
            v.insert("description".into(), Value::String(description));
            vars.insert(Value::String(p.name.clone()), Value::Mapping(v));
        }
        put("variables", Value::Mapping(vars));
    }
    let yaml = serde_yaml::to_string(&Value::Mapping(front)).unwrap_or_default();
    let mut page = format!(
        "---\n# Imported by `handbook import` from {}.\n{yaml}---\n\n",
        one_line(&reply.origin)
    );
    if !reply.notes.trim().is_empty() {
        page.push_str(reply.notes.trim());
        page.push_str("\n\n");
    }
    if !reply.unmapped.is_empty() {
        page.push_str(TODO_HEADING);
        page.push_str("\n\n");
        for u in &reply.unmapped {
            page.push_str(&format!("- {}\n", one_line(u)));
        }
        page.push('\n');
    }
    let fence = "`".repeat(longest_backtick_run(&reply.wording).max(2) + 1);
    page.push_str(&format!(
        "## Approved wording\n\n{fence}response\n{}\n{fence}\n",
        reply.wording.trim_end()
    ));
    page
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source's description, or the wording's first sentence, on one line.
fn summary(reply: &Reply) -> String {
    if let Some(s) = &reply.summary {
        return one_line(s);
    }
    // Markdown hard breaks (`\` at a line's end) are not part of a sentence.
    let unbroken: String = reply
        .wording
        .lines()
        .map(|l| l.strip_suffix('\\').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let text = one_line(&unbroken);
    // Whole sentences until the summary says something (a greeting alone does not).
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') && (i + 1 == text.len() || text[i + 1..].starts_with(' ')) {
            end = i + 1;
            if text[..end].chars().count() >= 60 {
                break;
            }
        }
    }
    if end == 0 {
        end = text.len();
    }
    let first = &text[..end];
    if first.chars().count() <= SUMMARY_CHARS {
        return first.to_owned();
    }
    let cut: String = first.chars().take(SUMMARY_CHARS - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helpdesks::placeholders::to_handbook;

    #[test]
    fn a_reply_with_code_gets_a_longer_fence_and_declared_variables() {
        let mut reply = Reply::new(
            "Needs: a repro",
            to_handbook("Hi {{ author }}! Run:\n```sh\nnpm ci\n```\nThanks.", &[]),
            "replies.yml, reply 1".into(),
        );
        reply.tags = vec!["triage".into()];
        let page = markdown(&reply, &["github".into()], "saved replies");
        assert!(page.contains("title: 'Needs: a repro'"), "{page}");
        assert!(
            page.contains("summary: 'Hi {author}! Run: ```sh npm ci ``` Thanks.'\n"),
            "{page}"
        );
        assert!(page.contains("channels:\n- github\n"), "{page}");
        assert!(
            page.contains(
                "variables:\n  author:\n    description: '`{{ author }}` in saved replies.'"
            ),
            "{page}"
        );
        assert!(
            page.contains("````response\nHi {author}! Run:\n```sh\nnpm ci\n```\nThanks.\n````\n"),
            "{page}"
        );
    }
}
