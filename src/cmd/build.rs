//! `handbook build`: flags turned into a [`Site`] and [`RunOptions`], the pipeline run into the
//! output folder, and the report: every problem, then one line of counts (0 built, 1 content
//! errors, the output left unchanged).

use std::path::PathBuf;

use anyhow::Result;

use super::report::{Shown, plural, print_diagnostics, print_problems};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::pipeline::{self, Outcome};
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
    /// Print errors and the count of problems by rule only: no warnings, notes or closing
    /// line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print every problem, in order, instead of the first few of each rule and their counts.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
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
    let outcome = pipeline::build(&site, &options, &output)?;
    print_problems(
        &outcome.diagnostics,
        Shown {
            all: args.verbose,
            quiet: args.quiet,
            all_flag: "--verbose",
        },
    );
    if args.broken_links.is_none()
        && site
            .config
            .hugo
            .as_ref()
            .is_some_and(|h| h.links_as_warnings)
    {
        let links = link_warnings(&outcome.diagnostics);
        if links > 0 {
            eprintln!(
                "note: {} reported as warnings: this site's configuration is Hugo's; add handbook.yml with `broken_links: error` to make them errors",
                plural(links, "broken link")
            );
        }
    }
    Ok(report(&outcome, args))
}

/// Broken links and anchors among the warnings, counting those a file's closing note stands
/// for.
fn link_warnings(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.rule.is_some_and(Rule::is_link_rule))
        .map(|d| (d.omitted as usize).max(1))
        .sum()
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
