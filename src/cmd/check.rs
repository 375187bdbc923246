//! `handbook check`: flags turned into [`CheckOptions`] once, the report printed in the chosen
//! format, and the exit status derived from what was found (0 clean, 1 errors, or warnings
//! with `--strict`, 2 the check could not run).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::check::format::{self, Format, Summary};
use crate::check::{CheckOptions, check, fails};
use crate::diagnostic::Diagnostic;
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
    /// The date publishing windows and reviews are measured against (default: today), e.g.
    /// `2026-11-25`.
    #[arg(long, hide = true)]
    pub today: Option<String>,
}

/// Runs `handbook check` and returns the exit code.
pub fn run(args: &CheckArgs) -> Result<i32> {
    let today = match &args.today {
        Some(text) => crate::content::dates::parse_date(text)
            .with_context(|| format!("--today is not a date: {text:?}"))?,
        None => crate::run_options::today(),
    };
    let (diagnostics, pages, facts): (Vec<Diagnostic>, usize, _) =
        match Site::open(&args.root, args.base_url.as_deref())? {
            Ok(site) => {
                let options = CheckOptions {
                    drafts: args.drafts,
                    external: args.external,
                    today,
                    use_cache: !args.no_cache,
                };
                let checked = check(&site, &options);
                (checked.diagnostics, checked.pages, checked.facts)
            }
            Err(problems) => (problems, 0, None),
        };
    let diagnostics = if matches!(args.format, Format::Gitlab | Format::Github) {
        from_working_dir(diagnostics, &args.root)
    } else {
        diagnostics
    };
    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let summary = Summary::of(&diagnostics, pages);
    let text = format::render(args.format, &diagnostics, summary, color, facts.as_ref());
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the report")?;
    Ok(i32::from(fails(&diagnostics, args.strict)))
}

/// Paths relative to the working directory instead of the site root: CI annotations and Code
/// Quality reports name files from the repository root, where CI runs, and the handbook may
/// live in a folder of it (`--root docs`).
fn from_working_dir(mut diagnostics: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    let prefix = std::env::current_dir()
        .and_then(|cwd| Ok((cwd.canonicalize()?, root.canonicalize()?)))
        .ok()
        .and_then(|(cwd, root)| root.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    if let Some(prefix) = prefix.filter(|p| !p.as_os_str().is_empty()) {
        for d in &mut diagnostics {
            if d.path.is_relative() {
                d.path = prefix.join(&d.path);
            }
        }
    }
    diagnostics
}
