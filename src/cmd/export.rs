//! `handbook export FORMAT`: builds the site in memory and writes its responses for the tools
//! advocates answer in (Zendesk, Help Scout, Front, GitLab, GitHub, Discourse; see
//! [`crate::helpdesks::export`]), or every response as `responses.json` (version 1).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::report::print_diagnostics;
use crate::diagnostic::Diagnostics;
use crate::helpdesks::export::Tool;
use crate::run_options::RunOptions;
use crate::site::Site;

/// Options of `handbook export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format: `zendesk` (macros JSON), `helpscout` (saved replies), `front` (message
    /// templates), `gitlab` (comment templates), `github` (saved replies YAML), `discourse`
    /// (templates), or `responses` (responses.json, version 1).
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
    let tool = Tool::from_id(&args.format);
    if tool.is_none() && args.format != "responses" {
        let names: Vec<&str> = Tool::ALL.iter().map(|t| t.id()).collect();
        bail!(
            "unknown export format `{}`\n  = help: choose one of {}, responses",
            args.format,
            names.join(", ")
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
    let prepared = crate::pipeline::prepare(&site, &options, &diagnostics);
    let problems = diagnostics.into_sorted();
    print_diagnostics(&problems);
    if problems.iter().any(|d| d.is_error()) {
        eprintln!("error: the site has errors; fix them before exporting");
        return Ok(1);
    }
    let Some(templates) = &prepared.templates else {
        bail!("the theme's templates could not be loaded")
    };
    let document =
        crate::pipeline::kind_pages::export(&prepared.renderer(&site, templates).views());
    let text = match tool {
        Some(tool) => {
            let exported =
                crate::helpdesks::export::export(tool, &document, &site.config.helpdesks);
            for warning in &exported.warnings {
                eprintln!("warning: {warning}");
            }
            let skipped = if exported.skipped.is_empty() {
                String::new()
            } else {
                format!("; skipped {}", exported.skipped.join(", "))
            };
            let to = args
                .output
                .as_ref()
                .map_or("standard output".to_owned(), |p| p.display().to_string());
            eprintln!(
                "exported {} approved responses for {} to {to}{skipped}",
                exported.written,
                tool.name(),
            );
            exported.text
        }
        None => serde_json::to_string_pretty(&document)?,
    };
    let text = format!("{}\n", text.trim_end());
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(0)
}
