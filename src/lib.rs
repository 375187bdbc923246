//! `handbook`: a fast static site generator for community teams' handbooks and response
//! guidelines. The binary in `main.rs` is a thin shell over [`cli::run`], which dispatches to
//! one module per subcommand in [`cmd`]; each pipeline stage lives in its own module so it can
//! be read, tested and replaced on its own.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod codeowners;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod file_names;
pub mod files;
pub mod git_history;
pub mod helpdesks;
pub mod kinds;
pub mod languages;
pub mod links;
pub mod markdown;
pub mod output;
pub mod percent;
pub mod pipeline;
pub mod run_options;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod site_data;
pub mod symlinks;
pub mod templates;
pub mod urls;
pub mod yaml;
