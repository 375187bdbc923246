//! Writing imported replies as pages (for `handbook import`): one response page per reply, in
//! folders per category, and never a file overwritten: a page that exists with the
//! same text is "unchanged" (so a second import of the same source changes nothing), one that
//! exists with other text is kept as it is and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Reply, response_page};
use crate::markdown::headings;

/// A file or folder name from a title: the heading slug, without runs of `-`.
fn slugify(text: &str) -> String {
    let slug = headings::slugify(text);
    let mut out = String::with_capacity(slug.len());
    for c in slug.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

/// What happened to each reply.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Pages that exist with other text: kept.
    pub kept: Vec<PathBuf>,
    /// `(page, what a person must finish)`.
    pub todo: Vec<(PathBuf, String)>,
}

/// Writes `replies` under `into`; see the module comment for what is never done.
pub fn write_pages(
    replies: &[Reply],
    into: &Path,
    channels: &[String],
    tool: &str,
) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut taken: Vec<PathBuf> = Vec::new();
    for reply in replies {
        let mut folder = into.to_path_buf();
        let mut folders = Vec::new();
        for category in &reply.categories {
            let slug = slugify(category);
            folder.push(if slug.is_empty() {
                "category".to_owned()
            } else {
                slug
            });
            folders.push((folder.clone(), category.clone()));
        }
        let stem = match slugify(&reply.title) {
            s if s.is_empty() => "reply".to_owned(),
            s => s,
        };
        let mut path = folder.join(format!("{stem}.md"));
        let mut n = 2;
        while taken.contains(&path) {
            path = folder.join(format!("{stem}-{n}.md"));
            n += 1;
        }
        taken.push(path.clone());
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        for (dir, title) in &folders {
            let index = dir.join("_index.md");
            if !index.exists() {
                let yaml = serde_yaml::to_string(&serde_yaml::Mapping::from_iter([(
                    "title".into(),
                    serde_yaml::Value::String(title.clone()),
                )]))
                .unwrap_or_default();
                create_new(&index, &format!("---\n{yaml}---\n"))?;
            }
        }
        let text = response_page::markdown(reply, channels, tool);
        match std::fs::read(&path) {
            Ok(existing) if existing == text.as_bytes() => report.unchanged.push(path.clone()),
            Ok(_) => report.kept.push(path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_new(&path, &text)?;
                report.written.push(path.clone());
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
        for todo in &reply.unmapped {
            report.todo.push((path.clone(), todo.clone()));
        }
    }
    Ok(report)
}

/// Creates `path` with `text`, failing rather than replacing anything already there.
fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
