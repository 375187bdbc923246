//! What the commands print about problems: a summary by rule for the terminal (the first few
//! problems of each rule in full, then one line per rule with its count), or every diagnostic
//! in order when asked. The one place below the commands that writes diagnostics to the
//! terminal, so no module reaches up into the command line to print them.

use std::collections::HashMap;
use std::io::Write;

use crate::diagnostic::{Diagnostic, Severity};

/// How many problems of each rule the summary shows in full.
pub const EXAMPLES: usize = 3;

/// Prints diagnostics to stderr, all of them, in order.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for diagnostic in diagnostics {
        let _ = writeln!(out, "{diagnostic}");
    }
}

/// How a command shows its problems on the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// Every problem, in order (`--verbose`).
    pub all: bool,
    /// Errors only, and the counts of the rest (`--quiet`).
    pub quiet: bool,
    /// The flag that prints every problem, named in the summary (`--verbose`).
    pub all_flag: &'a str,
}

/// Prints `diagnostics` to stderr as `shown` says: everything, or the summary by rule.
pub fn print_problems(diagnostics: &[Diagnostic], shown: Shown<'_>) {
    let text = if shown.all {
        diagnostics.iter().map(|d| format!("{d}\n")).collect()
    } else {
        summary(diagnostics, shown)
    };
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Problems of one rule and severity.
struct Group<'a> {
    severity: Severity,
    label: String,
    /// Problems, counting those a file's closing note stands for.
    count: usize,
    examples: Vec<&'a Diagnostic>,
}

/// What a problem is grouped under: its rule, or for a problem no rule names, the words
/// before its first quoted value (`unknown shortcode`).
fn label(d: &Diagnostic) -> String {
    if let Some(name) = d.rule_name() {
        return name.to_owned();
    }
    if d.omitted > 0 {
        return "other problems".to_owned();
    }
    let end = d.message.find(['`', ':', '"']).unwrap_or(d.message.len());
    let words = d.message[..end].trim();
    if words.is_empty() {
        return "other problems".to_owned();
    }
    // A message without a quoted value can be as long as a line of the input: a label is a
    // few words (and a format width must stay small).
    match words.char_indices().nth(LABEL_CHARS) {
        Some((cut, _)) => format!("{}…", words[..cut].trim_end()),
        None => words.to_owned(),
    }
}

/// The longest label of a problem that no rule names, in characters.
const LABEL_CHARS: usize = 60;

/// The terminal summary: for each rule (errors first, then the most frequent), its first
/// [`EXAMPLES`] problems in full (warnings left out with `quiet`), then, when anything was
/// left out, one line per rule with its count and how to see every problem.
pub fn summary(diagnostics: &[Diagnostic], shown: Shown<'_>) -> String {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: HashMap<(Severity, String), usize> = HashMap::new();
    for d in diagnostics {
        let key = (d.severity, label(d));
        let at = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group {
                severity: key.0,
                label: key.1.clone(),
                count: 0,
                examples: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        if d.omitted > 0 {
            group.count += d.omitted as usize;
        } else {
            group.count += 1;
            let wanted = !(shown.quiet && d.severity < Severity::Error);
            if wanted && group.examples.len() < EXAMPLES {
                group.examples.push(d);
            }
        }
    }
    groups.sort_by(|a, b| (b.severity, b.count, &a.label).cmp(&(a.severity, a.count, &b.label)));
    let mut out = String::new();
    for group in &groups {
        for d in &group.examples {
            out.push_str(&format!("{d}\n"));
        }
    }
    let left_out = groups.iter().any(|g| g.examples.len() < g.count);
    if !left_out {
        return out;
    }
    let width = groups
        .iter()
        .map(|g| g.label.chars().count())
        .max()
        .unwrap_or(0);
    let total: usize = groups.iter().map(|g| g.count).sum();
    out.push_str(&format!("{} by rule:\n", plural(total, "problem")));
    for group in &groups {
        let what = plural(group.count, group.severity.name());
        let shown_part = match group.examples.len() {
            n if n == group.count => String::new(),
            0 => " (none shown)".to_owned(),
            n => format!(" ({n} shown above)"),
        };
        out.push_str(&format!("  {:<width$}  {what}{shown_part}\n", group.label));
    }
    out.push_str(&format!(
        "  = to see every problem: run again with `{}`, or run `handbook check` (`--format json` for tools)\n\n",
        shown.all_flag
    ));
    out
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
    fn a_label_is_a_few_words_even_for_a_message_as_long_as_a_line() {
        // Before, the label was the whole message and its width broke the formatter (a panic
        // found by bench/fuzz.py, seed 7).
        let long = Diagnostic::warning(std::path::Path::new("a.md"), "x ".repeat(40_000));
        let text = summary(&vec![long; 5], SHOWN);
        let line = text
            .lines()
            .find(|l| l.contains("5 warnings"))
            .expect(&text);
        assert!(line.chars().count() < 100, "{line}");
        assert!(line.contains("x x x…"), "{line}");
    }
    use crate::diagnostic::Rule;

    #[test]
    fn plural_counts() {
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(1, "page"), "1 page");
        assert_eq!(plural(2, "error"), "2 errors");
    }

    const SHOWN: Shown<'static> = Shown {
        all: false,
        quiet: false,
        all_flag: "--verbose",
    };

    fn broken(n: usize) -> Diagnostic {
        Diagnostic::warning(format!("content/{n}.md"), format!("broken link `{n}.md`"))
            .rule(Rule::BrokenLink)
    }

    #[test]
    fn few_problems_are_all_shown_without_a_table() {
        let diagnostics = vec![broken(1), broken(2)];
        let text = summary(&diagnostics, SHOWN);
        assert_eq!(text.matches("warning: broken link").count(), 2, "{text}");
        assert!(!text.contains("by rule"), "{text}");
    }

    #[test]
    fn many_problems_show_the_first_of_each_rule_and_their_counts() {
        let mut diagnostics: Vec<Diagnostic> = (0..10).map(broken).collect();
        diagnostics.push(Diagnostic::warning(
            "content/s.md",
            "unknown shortcode `x`: the theme has no template",
        ));
        diagnostics.push(Diagnostic::error("content/e.md", "bad front matter: `x`"));
        let text = summary(&diagnostics, SHOWN);
        assert_eq!(text.matches("warning: broken link").count(), EXAMPLES);
        assert!(text.starts_with("error: bad front matter"), "{text}");
        assert!(text.contains("12 problems by rule:\n"), "{text}");
        assert!(
            text.contains("  broken-link        10 warnings (3 shown above)\n"),
            "{text}"
        );
        assert!(text.contains("  unknown shortcode  1 warning\n"), "{text}");
        assert!(text.contains("run again with `--verbose`"), "{text}");
        let quiet = summary(
            &diagnostics,
            Shown {
                quiet: true,
                ..SHOWN
            },
        );
        assert!(!quiet.contains("warning: "), "{quiet}");
        assert!(quiet.contains("error: bad front matter"), "{quiet}");
        assert!(quiet.contains("10 warnings (none shown)"), "{quiet}");
    }
}
