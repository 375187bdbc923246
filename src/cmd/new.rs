//! `handbook new KIND PATH`: writes one page of a kind (see [`crate::scaffold::new`]) into the
//! site's content folder and says how to check it.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::report::print_diagnostics;
use crate::site::Site;

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

/// Runs `handbook new` and returns the exit code.
pub fn run(args: &NewArgs) -> Result<i32> {
    // A page written from a configuration with mistakes would carry them: stop at any.
    let site = match Site::open(&args.root, None)? {
        Ok(site) if site.config_problems.is_empty() => site,
        Ok(Site {
            config_problems: problems,
            ..
        })
        | Err(problems) => {
            print_diagnostics(&problems);
            return Ok(1);
        }
    };
    let today = crate::run_options::today();
    let path = crate::scaffold::new::new_page(
        &site.paths.content,
        &site.config,
        &args.kind,
        &args.path,
        today,
    )?;
    let shown = site.shown(&path);
    println!("Created {}", shown.display());
    let root = if args.root == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", args.root.display())
    };
    println!(
        "Next: fill in its front matter and text, then run `handbook check{root}` to validate it, or `handbook serve{root}` to see it."
    );
    Ok(0)
}
