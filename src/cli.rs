//! Command-line interface: the clap definitions of the subcommands and the dispatch to
//! [`crate::cmd`], where each one turns its flags into a run and reports it. An error a command
//! returns is printed here and exits with 2 (the command could not run).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

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
    Build(cmd::build::BuildArgs),
    /// Preview the site: build it in memory, serve it and reload the browser on every change.
    Serve(cmd::serve::ServeArgs),
    /// Search the site from the terminal, as the search box does.
    Search(cmd::search::SearchArgs),
    /// Start a new handbook in a folder, from the bundled Community Advocacy handbook.
    Init(cmd::init::InitArgs),
    /// Write a new page of a kind (page, response, escalation, expert, role, guideline).
    New(cmd::new::NewArgs),
    /// Export the responses for other tools: Zendesk, Help Scout, Front, GitLab, GitHub,
    /// Discourse, or `responses` JSON.
    Export(cmd::export::ExportArgs),
    /// Check links, anchors, front matter and content health without writing the site.
    Check(cmd::check::CheckArgs),
    /// Import replies from a helpdesk or reply tool as response pages (never overwrites).
    Import(cmd::import::ImportArgs),
    /// Internal: removes a previous output that a build moved aside.
    #[command(name = "__remove-previous-output", hide = true)]
    RemovePreviousOutput { path: PathBuf },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Search(args) => cmd::search::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Export(args) => cmd::export::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::RemovePreviousOutput { path } => Ok(cmd::remove_previous_output::run(&path)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            2
        }
    }
}
