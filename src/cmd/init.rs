//! `handbook init DIR`: writes a new handbook (see [`crate::scaffold::init`]) and says what to
//! do next.

use std::path::PathBuf;

use anyhow::Result;

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

/// Runs `handbook init` and returns the exit code.
pub fn run(args: &InitArgs) -> Result<i32> {
    let today = crate::run_options::today();
    let written = crate::scaffold::init::init(&args.dir, args.minimal, today)?;
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
