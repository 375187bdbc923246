//! Integration tests: each module builds real fixture sites with the `handbook` binary and
//! asserts on the files written, the HTML, the messages and the exit codes.

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
mod diagrams_browser;
mod hostile_input;
mod hugo_sites;
mod kinds;
mod kinds_browser;
mod search;
mod serve;
mod symlinks;
mod theme_browser;
