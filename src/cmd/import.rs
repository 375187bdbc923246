//! `handbook import zendesk|replies|folder SOURCE --into DIR`: reads replies kept in another
//! tool ([`crate::helpdesks`]), writes them as response pages
//! ([`crate::helpdesks::import::write_pages`]) and reports what was written, kept and skipped,
//! and what a person must finish.

use std::io::Write;
use std::path::PathBuf;

use crate::helpdesks::Source;
use crate::helpdesks::import::write_pages;

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
    let read = crate::helpdesks::read(args.format, &args.source)?;
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
