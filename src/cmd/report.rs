//! What the commands print about problems: every diagnostic to stderr, in order, and the
//! counts in their summaries. The one place below the commands that writes diagnostics to the
//! terminal, so no module reaches up into the command line to print them.

use std::io::Write;

use crate::diagnostic::Diagnostic;

/// Prints diagnostics to stderr, all of them, in order.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for diagnostic in diagnostics {
        let _ = writeln!(out, "{diagnostic}");
    }
}

/// `1 page`, `2 pages`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts() {
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(2, "error"), "2 errors");
    }
}
