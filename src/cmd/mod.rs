//! The commands: one file per subcommand, each taking its flags, running the pipeline (or
//! another library module) and reporting what happened; each returns the process exit code
//! (0 ok, 1 content errors or nothing found, 2 the command could not run, as an `Err`).
//! `cli.rs` only parses the command line and dispatches here; what the commands print
//! about problems is [`report`]. Nothing below the commands imports them.

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod remove_previous_output;
pub mod report;
pub mod search;
pub mod serve;
