//! The `init` and `new` subcommands: their flags and what they print.

use std::path::PathBuf;

use anyhow::Result;

use crate::site::Site;

/// Options of `handbook init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the handbook in; it must not exist or be empty.
    pub dir: PathBuf,
    /// Write a few pages to start from (a home, one page, one response) instead of the whole
    /// sample Community Advocacy handbook.
    #[arg(long)]
    pub minimal: bool,
}

/// Options of `handbook new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The kind of page: page, response, escalation, expert, role or guideline.
    pub kind: String,
    /// Where to write it, relative to the content folder, e.g. `responses/refund-delay.md`.
    pub path: PathBuf,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `handbook init DIR`.
pub fn run_init(args: &InitArgs) -> Result<i32> {
    let written = super::init::init(&args.dir, args.minimal)?;
    let what = if args.minimal {
        "a minimal handbook"
    } else {
        "the sample Community Advocacy handbook"
    };
    println!(
        "Created {what} in {} ({written} files).",
        args.dir.display()
    );
    println!(
        "Next: `cd {}` and run `handbook serve` to preview it, or `handbook build` to build it.",
        args.dir.display()
    );
    Ok(0)
}

/// `handbook new KIND PATH`.
pub fn run_new(args: &NewArgs) -> Result<i32> {
    // A page written from a configuration with mistakes would carry them: stop at any.
    let site = match Site::open(&args.root, None, false)? {
        Ok(site) if site.config_problems.is_empty() => site,
        Ok(Site {
            config_problems: problems,
            ..
        })
        | Err(problems) => {
            crate::cli::print_diagnostics(&problems);
            return Ok(1);
        }
    };
    let path = super::new::new_page(&site.paths.content, &site.config, &args.kind, &args.path)?;
    let shown = site.shown(&path);
    println!("Created {}", shown.display());
    let root = if args.root == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", args.root.display())
    };
    println!(
        "Next: fill in its front matter and text, then run `handbook check{root}` to validate it, or `handbook serve{root}` to see it."
    );
    Ok(0)
}
