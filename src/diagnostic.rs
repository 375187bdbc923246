//! Content problems that are collected, all printed, and turned into the exit code at the end.
//!
//! Fatal errors (an unreadable folder, a refused output path) are `anyhow` errors instead; a
//! [`Diagnostic`] is something wrong *in the user's files* that we point at precisely, in the
//! style of rustc and just: `error: message`, `--> path:line:col`, the line and a caret.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One located problem in a user's file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
    /// The offending source line, shown under the location.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// The `handbook check` rule that found it, when one did: an index into
    /// [`crate::check::rules::RULES`], one byte so that a diagnostic stays small.
    pub rule: Option<u8>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            help: None,
            rule: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line:col` of `source` (both 1-based) and keeps that line.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col.max(1);
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.at(source, line, col)
    }

    /// Adds a hint saying what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the `handbook check` rule this problem belongs to.
    pub fn rule(mut self, rule: &str) -> Self {
        self.rule = crate::check::rules::index_of(rule);
        debug_assert!(self.rule.is_some(), "unknown rule {rule}");
        self
    }

    /// The name of the rule that found it (`broken-link`), when one did.
    pub fn rule_name(&self) -> Option<&'static str> {
        self.rule
            .and_then(|i| crate::check::rules::RULES.get(usize::from(i)))
            .map(|r| r.name)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.name();
        writeln!(f, "{label}: {}", self.message)?;
        let path = self.path.display();
        if self.line == 0 {
            writeln!(f, "  --> {path}")?;
        } else {
            writeln!(f, "  --> {path}:{}:{}", self.line, self.col)?;
        }
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = window(text, self.col);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(caret))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// The part of a long line around `col` (1-based), and the caret's offset in it.
pub fn window(text: &str, col: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let target = col.saturating_sub(1).min(chars.len());
    if chars.len() <= WIDTH {
        return (chars.into_iter().collect(), target);
    }
    let start = target
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, target - start + usize::from(start > 0))
}

/// A thread-safe collection of diagnostics, filled by parallel stages.
#[derive(Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&self, diagnostic: Diagnostic) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(diagnostics);
    }

    /// All diagnostics, sorted by path and position so output is stable across runs.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        items.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        items.dedup_by(|a, b| {
            a.path == b.path && a.line == b.line && a.col == b.col && a.message == b.message
        });
        items
    }
}

/// Shows `path` relative to `base` when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
    }

    #[test]
    fn renders_location_line_and_caret() {
        let d = Diagnostic::error("content/a.md", "bad")
            .at("x: 1\nweight: high\n", 2, 9)
            .help("use a number");
        let text = d.to_string();
        assert!(text.contains("--> content/a.md:2:9"), "{text}");
        assert!(text.contains("2 | weight: high"), "{text}");
        assert!(text.contains("  |         ^"), "{text}");
        assert!(text.contains("= help: use a number"), "{text}");
    }
}
