//! `handbook __remove-previous-output PATH` (hidden): the background process a build starts to
//! delete the output it swapped out, so that the build does not wait for a large folder to go.
//! It refuses any folder that is not a previous output.

use std::path::Path;

/// Removes `path` if it is a previous output; returns the exit code.
pub fn run(path: &Path) -> i32 {
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
