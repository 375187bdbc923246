//! `handbook export FORMAT`: builds the site in memory and writes its responses for other
//! tools, as `responses.json` (version 1) or as Zendesk macros ([`crate::export`]).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::report::print_diagnostics;
use crate::diagnostic::Diagnostics;
use crate::run_options::RunOptions;
use crate::site::Site;

/// Options of `handbook export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format: `zendesk` (macros JSON) or `responses` (responses.json, version 1).
    pub format: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Runs `handbook export` and returns the exit code.
pub fn run(args: &ExportArgs) -> Result<i32> {
    if !matches!(args.format.as_str(), "zendesk" | "responses") {
        bail!(
            "unknown export format `{}`\n  = help: choose `zendesk` or `responses`",
            args.format
        );
    }
    let site = match Site::open(&args.root, None)? {
        Ok(site) => site,
        Err(problems) => {
            print_diagnostics(&problems);
            return Ok(1);
        }
    };
    // Exports read the responses' wording, not the pages' text.
    let options = RunOptions {
        search_text: false,
        ..RunOptions::new(&site)
    };
    let diagnostics = Diagnostics::default();
    let prepared = crate::build::prepare(&site, &options, &diagnostics);
    let problems = diagnostics.into_sorted();
    print_diagnostics(&problems);
    if problems.iter().any(|d| d.is_error()) {
        eprintln!("error: the site has errors; fix them before exporting");
        return Ok(1);
    }
    let Some(templates) = &prepared.templates else {
        bail!("the theme's templates could not be loaded")
    };
    let bases = (site.config.base_path(), site.config.absolute_base());
    let document = crate::build::kind_pages::export(&prepared.renderer(&site, templates, &bases));
    let json = if args.format == "zendesk" {
        serde_json::to_string_pretty(&crate::export::zendesk(&document))
    } else {
        serde_json::to_string_pretty(&document)
    }?;
    match &args.output {
        Some(path) => std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => println!("{json}"),
    }
    Ok(0)
}
