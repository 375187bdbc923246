//! `handbook build`: flags turned into a [`Site`] and [`RunOptions`], the pipeline run into the
//! output folder, and the report: every problem, then one line of counts (0 built, 1 content
//! errors, the output left unchanged).

use std::path::PathBuf;

use anyhow::Result;

use super::report::{plural, print_diagnostics};
use crate::build::{self, Outcome};
use crate::run_options::RunOptions;
use crate::site::Site;

/// Options of `handbook build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holds `content/` and `handbook.yml`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site; replaced as a whole on success.
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// The URL the site is published at, e.g. `https://example.org/handbook/`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print only problems, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// What broken internal links do, overriding `broken_links` in handbook.yml: `warning`
    /// builds a site whose links you cannot fix yet (an imported handbook, say).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub broken_links: Option<crate::config::LinkPolicy>,
}

/// Runs `handbook build` and returns the exit code.
pub fn run(args: &BuildArgs) -> Result<i32> {
    let site = match Site::open(&args.root, args.base_url.as_deref())? {
        Ok(site) => site,
        Err(problems) => {
            print_diagnostics(&problems);
            eprintln!(
                "error: the build failed: the configuration has {}",
                plural(problems.len(), "error")
            );
            return Ok(1);
        }
    };
    let defaults = RunOptions::new(&site);
    let options = RunOptions {
        drafts: args.drafts,
        broken_links: args.broken_links.unwrap_or(defaults.broken_links),
        ..defaults
    };
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        std::env::current_dir()?.join(&args.output)
    };
    if let Some(hugo) = &site.config.hugo
        && !args.quiet
    {
        eprintln!("note: {}", hugo.summary);
    }
    if site.bare_folder() && !args.quiet {
        eprintln!(
            "note: {} has no content/ folder; building the Markdown files in it",
            site.paths.root.display()
        );
    }
    let outcome = build::build(&site, &options, &output)?;
    print_diagnostics(&outcome.diagnostics);
    Ok(report(&outcome, args))
}

fn report(outcome: &Outcome, args: &BuildArgs) -> i32 {
    let (errors, warnings) = (outcome.errors(), outcome.warnings());
    if errors > 0 {
        eprintln!(
            "error: the build failed with {}{}; {} was left unchanged",
            plural(errors, "error"),
            if warnings > 0 {
                format!(" and {}", plural(warnings, "warning"))
            } else {
                String::new()
            },
            args.output.display()
        );
        return 1;
    }
    if !args.quiet {
        let warned = if warnings > 0 {
            format!(", {}", plural(warnings, "warning"))
        } else {
            String::new()
        };
        println!(
            "Built {} and {} into {} ({}) in {:.2} s{warned}",
            plural(outcome.pages, "page"),
            plural(outcome.sections, "section"),
            args.output.display(),
            plural(outcome.files, "file"),
            outcome.elapsed.as_secs_f64()
        );
        if !outcome.languages.is_empty() {
            let each: Vec<String> = outcome
                .languages
                .iter()
                .map(|(code, pages)| format!("{code} {pages}"))
                .collect();
            println!("Pages and sections by language: {}", each.join(", "));
        }
    }
    0
}
