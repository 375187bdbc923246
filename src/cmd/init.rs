//! `handbook init DIR`: writes a new handbook (see [`crate::scaffold::init`]) and says what to
//! do next.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::report::print_diagnostics;

/// Options of `handbook init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the handbook in; it must not exist or be empty.
    pub dir: PathBuf,
    /// Write a few pages to start from (a home, one page, one response) instead of the whole
    /// sample Community Advocacy handbook.
    #[arg(long, conflicts_with = "from_hugo")]
    pub minimal: bool,
    /// Write `DIR/handbook.yml` with what is read from the Hugo site's configuration in DIR,
    /// for a team that switches for good (never overwrites a file).
    #[arg(long)]
    pub from_hugo: bool,
}

/// Runs `handbook init` and returns the exit code.
pub fn run(args: &InitArgs) -> Result<i32> {
    if args.from_hugo {
        return from_hugo(&args.dir);
    }
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

/// `handbook init --from-hugo DIR`: writes `DIR/handbook.yml` from the Hugo configuration.
fn from_hugo(dir: &Path) -> Result<i32> {
    if let Some(existing) = crate::config::CONFIG_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
    {
        bail!(
            "refusing to write {}: the file exists\n  = help: `handbook init` never overwrites files; move it aside to write it again",
            existing.display()
        );
    }
    let (text, files) = match crate::scaffold::from_hugo::handbook_yml(dir) {
        Ok(Some(found)) => found,
        Ok(None) => bail!(
            "{} has no Hugo configuration (hugo.toml, hugo.yaml, config.toml, config/_default/...)\n  = help: run it in the Hugo site's folder, or `handbook init DIR` for a new handbook",
            dir.display()
        ),
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!("error: the Hugo configuration does not read; nothing was written");
            return Ok(1);
        }
    };
    let path = dir.join(crate::config::CONFIG_FILES[0]);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!(
        "Wrote {} from {}: from now on it decides, and the Hugo configuration fills in what it does not say.",
        path.display(),
        files.join(", ")
    );
    Ok(0)
}
