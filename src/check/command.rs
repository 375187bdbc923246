//! The `handbook check` command line: flags turned into [`CheckOptions`] once, the report
//! printed in the chosen format, and the exit status derived from what was found (0 clean,
//! 1 errors, or warnings with `--strict`, 2 the check could not run).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::format::{self, Format, Summary};
use super::{CheckOptions, check, fails};
use crate::site::Site;

/// Options of `handbook check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (holds `content/` and `handbook.yml`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The URL the site is published at, e.g. `https://example.org/handbook/`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
    /// How to print the problems: human, json, gitlab (Code Quality) or github (annotations).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Check external links too (needs the network).
    #[arg(long)]
    pub external: bool,
    /// Ignore and do not update the external link cache in `.handbook-cache/`.
    #[arg(long)]
    pub no_cache: bool,
    /// The date reviews are measured against (default: today), e.g. `2026-11-25`.
    #[arg(long, hide = true)]
    pub today: Option<String>,
}

/// Runs `handbook check` and returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let today = match &args.today {
        Some(text) => crate::content::dates::parse_date(text)
            .with_context(|| format!("--today is not a date: {text:?}"))?,
        None => chrono::Local::now().date_naive(),
    };
    let (diagnostics, pages) = match Site::open(&args.root, args.base_url.as_deref(), args.drafts)?
    {
        Ok(site) => {
            let options = CheckOptions {
                external: args.external,
                today,
                use_cache: !args.no_cache,
            };
            let checked = check(&site, &options);
            (checked.diagnostics, checked.pages)
        }
        Err(diagnostic) => (vec![diagnostic.rule("build")], 0),
    };
    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let summary = Summary::of(&diagnostics, pages);
    let text = format::render(args.format, &diagnostics, summary, color);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the report")?;
    Ok(i32::from(fails(&diagnostics, args.strict)))
}
