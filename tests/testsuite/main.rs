//! Integration tests: each module builds real fixture sites with the `handbook` binary and
//! asserts on the files written, the HTML, the messages and the exit codes; `live_site` drives
//! the preview server's live site in process.

mod browser;
mod harness;

mod accessibility;
mod build_content;
mod build_errors;
mod build_links;
mod build_output;
mod bundled;
mod check;
mod compat;
mod diagnostics_output;
mod diagrams_browser;
mod export;
mod git_history;
mod hostile_input;
mod hugo_sites;
mod import;
mod kinds;
mod kinds_browser;
mod languages;
mod live_site;
mod problem_summary;
mod search;
mod serve;
mod site_data;
mod structure;
mod symlinks;
mod theme_browser;
