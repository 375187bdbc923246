//! A folder of canned replies, one per Markdown file, the way Discourse moderators keep their
//! templates in git: a topic folder (`README.md` describing the template, `1.md` its first
//! post, the reply itself) or a plain `name.md` (title from front matter `title:`, the first
//! `# heading` or the file name). Files starting with `_` and Discourse's "About the ...
//! category" topics are not replies.

use std::path::Path;

use anyhow::Context;

use super::placeholders;
use super::{Read, Reply};

/// Reads every reply under `root`, in path order.
pub fn read(root: &Path) -> anyhow::Result<Read> {
    if !root.is_dir() {
        anyhow::bail!(
            "{} is not a folder: `handbook import folder` reads a folder of Markdown replies",
            root.display()
        );
    }
    let mut read = Read::default();
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown"))
        .collect();
    files.sort();
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let dir = path.parent().unwrap_or(root);
        let topic = dir.join("README.md").is_file() && dir != root;
        if name.starts_with('_') {
            continue;
        }
        let folder_name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if topic && name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        if name.eq_ignore_ascii_case("README.md") {
            continue; // a category's description, not a reply
        }
        if topic && name != "1.md" {
            continue; // later posts of a template topic discuss it
        }
        if folder_name.starts_with("about-the-") && folder_name.ends_with("-category") {
            read.skipped.push(format!(
                "{rel}: the description topic of a category, not a template"
            ));
            continue;
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let (front_title, body) = split_front_matter(&text);
        let (readme_title, readme_notes) = if topic {
            let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
            let (t, rest) = first_heading(&readme);
            (t, rest)
        } else {
            (None, String::new())
        };
        let (heading, body) = if topic || front_title.is_some() {
            (None, body.to_owned())
        } else {
            first_heading(body)
        };
        let stem = if topic {
            folder_name.clone()
        } else {
            name.trim_end_matches(".markdown")
                .trim_end_matches(".md")
                .to_owned()
        };
        let title = front_title
            .or(readme_title)
            .or(heading)
            .unwrap_or_else(|| title_from_slug(&stem));
        let (wording, comments) = strip_comments(&body);
        if wording.trim().is_empty() {
            read.skipped.push(format!("{rel}: it has no text"));
            continue;
        }
        let mut reply = Reply::new(
            &title,
            placeholders::to_handbook(wording.trim(), &[]),
            rel.clone(),
        );
        let mut notes = trim_rules(&readme_notes).to_owned();
        for c in comments {
            // A comment that repeats the README's guidance adds nothing.
            let opening: String = words(&c).chars().take(60).collect();
            if opening.is_empty() || words(&notes).contains(&opening) {
                continue;
            }
            if !notes.is_empty() {
                notes.push_str("\n\n");
            }
            notes.push_str(c.trim());
        }
        reply.notes = notes;
        read.replies.push(reply);
    }
    Ok(read)
}

/// `title:` from a YAML front matter block, and the text after it.
fn split_front_matter(text: &str) -> (Option<String>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let Some(end) = rest.find("\n---") else {
        return (None, text);
    };
    let yaml = &rest[..end];
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    let title = serde_yaml::from_str::<serde_yaml::Value>(yaml)
        .ok()
        .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_owned));
    (title, body)
}

/// The first `# heading` of `text` (when it opens the text) and the rest.
fn first_heading(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_start();
    if let Some(h) = trimmed.lines().next().and_then(|l| l.strip_prefix("# ")) {
        let line_len = trimmed.lines().next().map_or(0, str::len);
        return (
            Some(h.trim().to_owned()),
            trimmed[line_len..].trim_start().to_owned(),
        );
    }
    (None, text.to_owned())
}

/// Text on one line, for comparing guidance written twice.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Notes without the `---` rules Discourse topics open and close with.
fn trim_rules(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let before = t;
        t = t.strip_prefix("---").map_or(t, str::trim_start);
        t = t.strip_suffix("---").map_or(t, str::trim_end);
        if t == before {
            return t;
        }
    }
}

/// `moved-to-deutsch-category` -> `Moved to deutsch category`.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => slug.to_owned(),
    }
}

/// The text without `<!-- -->` comments, and the comments' text: moderators leave guidance
/// for each other there.
fn strip_comments(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut comments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => {
                comments.push(rest[start + 4..start + 4 + end].to_owned());
                rest = &rest[start + 4 + end + 3..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    (out, comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_become_notes() {
        let (text, notes) = strip_comments("<!--\n  Check first.\n-->\n\nHello.");
        assert_eq!(text.trim(), "Hello.");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].trim(), "Check first.");
        assert_eq!(title_from_slug("crosspost-merged"), "Crosspost merged");
    }
}
