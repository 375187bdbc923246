//! `handbook import zendesk|replies|folder SOURCE --into DIR`: writes one response page per
//! reply, in folders per category, and never overwrites a file: a page that exists with the
//! same text is "unchanged" (so a second import of the same source changes nothing), one that
//! exists with other text is kept as it is and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Reply, Source, response_page};
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

/// Options of `handbook import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the source is: `zendesk` (macros JSON), `replies` (saved replies YAML) or `folder`
    /// (one Markdown reply per file).
    #[arg(value_enum)]
    pub format: Source,
    /// The file (or, for `folder`, the folder) to read.
    pub source: PathBuf,
    /// Where to write the response pages, e.g. `content/responses/`.
    #[arg(long)]
    pub into: PathBuf,
    /// The site folder; its handbook.yml defines the channels.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// A channel id the imported responses are for (repeat for several). Default: the tool's
    /// own channel (`email` for Zendesk, `github` for saved replies, `forum` for a folder)
    /// when handbook.yml defines it.
    #[arg(long = "channel")]
    pub channels: Vec<String>,
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

/// The channels the pages list: `--channel` ids as given, else the tool's own channel when
/// the site defines it. The second value says why the list is empty, when it is.
pub fn channels(args: &ImportArgs, defined: &[String]) -> (Vec<String>, Option<String>) {
    if !args.channels.is_empty() {
        return (args.channels.clone(), None);
    }
    let own = args.format.default_channel();
    if defined.iter().any(|d| d == own) {
        (vec![own.to_owned()], None)
    } else {
        (
            Vec::new(),
            Some(format!(
                "handbook.yml defines no `{own}` channel, so the pages list no channels: pass `--channel ID`, or add the channels to each page's `channels:`"
            )),
        )
    }
}

/// Runs the command; the exit code is 0 unless the source cannot be read (an error).
pub fn run(args: &ImportArgs) -> anyhow::Result<i32> {
    let loaded = crate::config::Config::load(&args.root);
    let defined: Vec<String> = loaded
        .config
        .as_ref()
        .map(|c| c.channels.iter().map(|ch| ch.id.clone()).collect())
        .unwrap_or_default();
    for id in &args.channels {
        if !defined.contains(id) {
            anyhow::bail!(
                "unknown channel `{id}`\n  = help: use a channel id defined under `channels:` in {}: {}",
                args.root.join("handbook.yml").display(),
                if defined.is_empty() {
                    "(none defined)".to_owned()
                } else {
                    defined.join(", ")
                }
            );
        }
    }
    let read = super::read(args.format, &args.source)?;
    let (channels, why_none) = channels(args, &defined);
    let report = write_pages(&read.replies, &args.into, &channels, args.format.name())?;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "imported {} replies from {} ({}) into {}: {} written, {} unchanged, {} kept as they were",
        read.replies.len(),
        args.source.display(),
        args.format.name(),
        args.into.display(),
        report.written.len(),
        report.unchanged.len(),
        report.kept.len()
    )?;
    for path in &report.kept {
        writeln!(
            err,
            "  kept: {} exists with other text; it was not overwritten",
            path.display()
        )?;
    }
    for skipped in &read.skipped {
        writeln!(err, "  skipped: {skipped}")?;
    }
    if let Some(why) = why_none {
        writeln!(err, "  note: {why}")?;
    }
    if !report.todo.is_empty() {
        writeln!(
            err,
            "  to finish by hand ({}; each page lists its own under \"To finish after the import\"):",
            report.todo.len()
        )?;
        for (path, todo) in &report.todo {
            writeln!(err, "    {}: {todo}", path.display())?;
        }
    }
    Ok(0)
}
