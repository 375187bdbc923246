//! Saved replies YAML, as GitHub maintainers keep them in the repository (`.github/replies.yml`:
//! `replies: [{name, body}]`, or the bare list): one reply per entry, `{{ author }}` style
//! variables mapped to `{author}`.

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use super::placeholders;
use super::{Read, Reply};

#[derive(Deserialize)]
struct Entry {
    #[serde(alias = "title")]
    name: Option<String>,
    #[serde(alias = "text")]
    body: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum File {
    Wrapped { replies: Vec<Entry> },
    List(Vec<Entry>),
}

/// Reads a saved replies file.
pub fn read(path: &Path) -> anyhow::Result<Read> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: File = serde_yaml::from_str(&text).with_context(|| {
        format!(
            "{} is not a saved replies file: expected `replies:` with `- name: ...` and `body: ...` entries",
            path.display()
        )
    })?;
    let entries = match file {
        File::Wrapped { replies } => replies,
        File::List(list) => list,
    };
    let shown = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut read = Read::default();
    for (i, entry) in entries.into_iter().enumerate() {
        let name = entry.name.unwrap_or_default();
        let origin = format!("{shown}, reply {} `{}`", i + 1, name.trim());
        let Some(body) = entry.body.filter(|b| !b.trim().is_empty()) else {
            read.skipped.push(format!("{origin}: it has no body"));
            continue;
        };
        if name.trim().is_empty() {
            read.skipped.push(format!("{origin}: it has no name"));
            continue;
        }
        let converted = placeholders::to_handbook(body.trim_end(), &[]);
        read.replies.push(Reply::new(&name, converted, origin));
    }
    Ok(read)
}

/// The saved replies file for `handbook export github`: `replies: [{name, body}]`, the shape
/// [`read`] takes back.
pub fn document(items: &[super::outgoing::Item<'_>]) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        name: &'a str,
        body: String,
    }
    #[derive(serde::Serialize)]
    struct FileOut<'a> {
        replies: Vec<Out<'a>>,
    }
    let replies = items
        .iter()
        .map(|i| Out {
            name: &i.response.title,
            body: format!("{}\n", i.text.trim_end()),
        })
        .collect();
    serde_yaml::to_string(&FileOut { replies }).unwrap_or_default()
}
