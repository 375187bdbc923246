//! Command-line interface: clap definitions and dispatch. Flags are turned into a [`Site`] here;
//! the exit code is derived at the end from what was reported (0 ok, 1 content errors, 2 the
//! command could not run).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, Outcome};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// A fast static site generator for community team handbooks and response guidelines.
#[derive(Debug, Parser)]
#[command(name = "handbook", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files.
    Build(BuildArgs),
    /// Preview the site: build it in memory, serve it and reload the browser on every change.
    Serve(crate::serve::ServeArgs),
    /// Search the site from the terminal, as the search box does.
    Search(crate::search::command::SearchArgs),
    /// Start a new handbook in a folder, from the bundled Community Advocacy handbook.
    Init(crate::scaffold::command::InitArgs),
    /// Write a new page of a kind (page, response, escalation, expert, role, guideline).
    New(crate::scaffold::command::NewArgs),
    /// Export the responses for other tools: `zendesk` macros or `responses` JSON.
    Export(crate::export::ExportArgs),
    /// Check links, anchors, front matter and content health without writing the site.
    Check(crate::check::command::CheckArgs),
    /// Internal: removes a previous output that a build moved aside.
    #[command(name = "__remove-previous-output", hide = true)]
    RemovePreviousOutput { path: PathBuf },
}

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

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Search(args) => crate::search::command::run(&args),
        Command::Init(args) => crate::scaffold::command::run_init(&args),
        Command::New(args) => crate::scaffold::command::run_new(&args),
        Command::Export(args) => crate::export::run(&args),
        Command::Check(args) => crate::check::command::run(&args),
        Command::RemovePreviousOutput { path } => Ok(remove_previous_output(&path)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            2
        }
    }
}

/// Prints diagnostics to stderr, all of them, in order.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for diagnostic in diagnostics {
        let _ = writeln!(out, "{diagnostic}");
    }
}

fn remove_previous_output(path: &std::path::Path) -> i32 {
    if !crate::output::leftovers::is_previous_output(path) {
        eprintln!(
            "error: {} is not a previous handbook output",
            path.display()
        );
        return 2;
    }
    match crate::output::leftovers::remove_in_background(path) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn run_build(args: &BuildArgs) -> anyhow::Result<i32> {
    let mut site = match Site::open(&args.root, args.base_url.as_deref(), args.drafts)? {
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
    if let Some(policy) = args.broken_links {
        site.config.broken_links = policy;
    }
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
    let outcome = build::build(&site, &output)?;
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
    }
    0
}
