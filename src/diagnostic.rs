//! Content problems that are collected, all printed, and turned into the exit code at the end.
//!
//! Fatal errors (an unreadable folder, a refused output path) are `anyhow` errors instead; a
//! [`Diagnostic`] is something wrong *in the user's files* that we point at precisely, in the
//! style of rustc and just: `error: message`, `--> path:line:col`, the line and a caret.

pub mod excerpt;
pub mod rule;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use excerpt::Excerpt;
pub use rule::Rule;

/// How many problems of one file are kept and shown; the rest are counted in one closing note,
/// so that a file with a hundred thousand broken links costs no more than one with a hundred.
pub const PER_FILE: usize = 100;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// The offending source line (a window of it when it is long), shown under the location.
    pub source_line: Option<Excerpt>,
    /// What to do about it.
    pub help: Option<String>,
    /// The `handbook check` rule that found it, when one did.
    pub rule: Option<Rule>,
    /// In the note that closes a file's problems: how many were left out (see [`PER_FILE`]).
    pub omitted: u32,
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
            omitted: 0,
        }
    }

    /// A warning about a whole file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line:col` of `source` (both 1-based) and keeps that part of
    /// the line.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col.max(1);
        self.source_line = nth_line(source, line).map(|text| Excerpt::at_column(text, self.col));
        self
    }

    /// Points the diagnostic at a byte offset of `source`, reading the text before it once.
    pub fn at_offset(mut self, source: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(source, offset);
        let bytes = source.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(source.len(), |i| offset + i);
        self.line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        self.col = source[start..offset].chars().count() + 1;
        let text = &source[start..end];
        let text = text.strip_suffix('\r').unwrap_or(text);
        self.source_line = Some(Excerpt::around(text, offset - start));
        self
    }

    /// Adds a hint saying what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the `handbook check` rule this problem belongs to.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }

    /// The name of the rule that found it (`broken-link`), when one did.
    pub fn rule_name(&self) -> Option<&'static str> {
        self.rule.map(Rule::name)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let d = Diagnostic::error("", "").at_offset(source, offset);
    (d.line, d.col)
}

/// `offset`, at most the length of `source`, moved back to the start of its character.
fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Line `line` (1-based) of `source` without its line ending, as `str::lines` would give it.
fn nth_line(source: &str, line: usize) -> Option<&str> {
    let bytes = source.as_bytes();
    let mut start = 0;
    for _ in 1..line {
        start += memchr::memchr(b'\n', &bytes[start..])? + 1;
    }
    if start == source.len() && (line > 1 || source.is_empty()) {
        return None;
    }
    let end = memchr::memchr(b'\n', &bytes[start..]).map_or(source.len(), |i| start + i);
    let text = &source[start..end];
    Some(text.strip_suffix('\r').unwrap_or(text))
}

/// Text with its control characters written as escapes (`\n`, `\u{1b}`).
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.name();
        // A file name or a quoted value may hold a line break: shown escaped, so every problem
        // stays one `error:` line followed by its `-->` location.
        writeln!(f, "{label}: {}", Escaped(&self.message))?;
        let path = self.path.display().to_string();
        let path = Escaped(&path);
        if self.line == 0 {
            writeln!(f, "  --> {path}")?;
        } else {
            writeln!(f, "  --> {path}:{}:{}", self.line, self.col)?;
        }
        if let Some(excerpt) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {}", excerpt.shown())?;
            writeln!(f, "{pad} | {}^", " ".repeat(excerpt.caret()))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Locates the diagnostics of one file until [`PER_FILE`] of them are located: no more are
/// kept, so the rest are passed on without the cost of finding their line.
#[derive(Debug, Default, Clone)]
pub struct Locating {
    located: usize,
}

impl Locating {
    /// [`Diagnostic::at_offset`] while fewer than [`PER_FILE`] were located, else `d` as it is.
    pub fn at_offset(&mut self, d: Diagnostic, source: &str, offset: usize) -> Diagnostic {
        if self.located >= PER_FILE {
            return d;
        }
        self.located += 1;
        d.at_offset(source, offset)
    }
}

/// A thread-safe collection of diagnostics, filled by parallel stages. It keeps the first
/// [`PER_FILE`] problems of each file and counts the rest.
#[derive(Default)]
pub struct Diagnostics {
    inner: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    items: Vec<Diagnostic>,
    files: HashMap<PathBuf, Tally>,
}

/// What was kept and left out of one file.
#[derive(Default)]
struct Tally {
    kept: usize,
    omitted: u32,
    /// The worst of the omitted problems, so that leaving them out never turns a failed run
    /// into a passing one.
    severity: Option<Severity>,
    /// The rule every omitted problem has (`Some(None)` when they differ or have none), so that
    /// `handbook check` configures the note like the problems it stands for.
    rule: Option<Option<Rule>>,
}

impl Tally {
    fn omit(&mut self, count: u32, severity: Severity, rule: Option<Rule>) {
        self.omitted = self.omitted.saturating_add(count);
        self.severity = self.severity.max(Some(severity));
        self.rule = match self.rule {
            None => Some(rule),
            Some(same) if same == rule => Some(same),
            Some(_) => Some(None),
        };
    }

    /// The note that closes the file's problems, when some were left out.
    fn note(&self, path: &Path) -> Option<Diagnostic> {
        let severity = self.severity.filter(|_| self.omitted > 0)?;
        let plural = if self.omitted == 1 { "" } else { "s" };
        Some(Diagnostic {
            severity,
            rule: self.rule.flatten(),
            omitted: self.omitted,
            help: Some(format!(
                "only the first {PER_FILE} problems of a file are shown: fix those and run again"
            )),
            ..Diagnostic::error(
                path,
                format!("and {} more problem{plural} in this file", self.omitted),
            )
        })
    }
}

impl Collected {
    fn push(&mut self, d: Diagnostic) {
        let tally = match self.files.get_mut(&d.path) {
            Some(tally) => tally,
            None => self.files.entry(d.path.clone()).or_default(),
        };
        if d.omitted > 0 {
            // A note from another collection: its count joins this file's own.
            tally.omit(d.omitted, d.severity, d.rule);
        } else if tally.kept < PER_FILE {
            tally.kept += 1;
            self.items.push(d);
        } else {
            tally.omit(1, d.severity, d.rule);
        }
    }
}

impl Diagnostics {
    pub fn push(&self, diagnostic: Diagnostic) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for diagnostic in diagnostics {
            inner.push(diagnostic);
        }
    }

    /// How many problems were collected so far, by rule (`build` when none) and severity, e.g.
    /// `("build warnings", 3)`, sorted by name: the counts on the review-health page.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for d in &inner.items {
            let rule = d.rule.map_or("build", Rule::name);
            *counts
                .entry(format!("{rule} {}s", d.severity.name()))
                .or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// All diagnostics, sorted by path and position so output is stable across runs; a file
    /// with more than [`PER_FILE`] problems ends with a note that counts the others.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let Collected { mut items, files } =
            self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        items.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        items.dedup_by(|a, b| {
            a.path == b.path && a.line == b.line && a.col == b.col && a.message == b.message
        });
        let mut notes: Vec<Diagnostic> = files
            .iter()
            .filter_map(|(path, tally)| tally.note(path))
            .collect();
        if notes.is_empty() {
            return items;
        }
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        let mut sorted = Vec::with_capacity(items.len() + notes.len());
        let mut notes = notes.into_iter().peekable();
        for d in items {
            while let Some(note) = notes.next_if(|note| note.path < d.path) {
                sorted.push(note);
            }
            sorted.push(d);
        }
        sorted.extend(notes);
        sorted
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
    fn line_and_column_of_every_offset() {
        let text = "a\r\nbé\n\ncd";
        let expected = [
            (1, 1),
            (1, 2),
            (1, 3),
            (2, 1),
            (2, 2),
            (2, 2),
            (2, 3),
            (3, 1),
            (4, 1),
        ];
        for (offset, want) in expected.iter().enumerate() {
            assert_eq!(line_col(text, offset), *want, "offset {offset}");
        }
        assert_eq!(line_col(text, 100), (4, 3));
        let d = Diagnostic::error("a.md", "x").at_offset(text, 1);
        assert_eq!(
            d.source_line.map(|e| e.text().to_owned()),
            Some("a".to_owned())
        );
        let d = Diagnostic::error("a.md", "x").at(text, 3, 1);
        assert_eq!(
            d.source_line.map(|e| e.text().to_owned()),
            Some(String::new())
        );
        assert!(
            Diagnostic::error("a.md", "x")
                .at(text, 5, 1)
                .source_line
                .is_none()
        );
        assert!(
            Diagnostic::error("a.md", "x")
                .at("a\n", 2, 1)
                .source_line
                .is_none()
        );
    }

    /// One long line with many problems: each keeps a window of the line, and the file's list
    /// stops at [`PER_FILE`] with a note as bad as the worst problem left out.
    #[test]
    fn long_lines_are_windowed_and_files_capped() {
        let line = "[x](missing.md) ".repeat(20_000);
        let diagnostics = Diagnostics::default();
        let mut locating = Locating::default();
        for (i, (offset, _)) in line.match_indices('[').enumerate() {
            let d = if i == 150 {
                Diagnostic::error("a.md", "broken")
            } else {
                Diagnostic::warning("a.md", "broken")
            };
            diagnostics.push(locating.at_offset(d, &line, offset));
        }
        diagnostics.push(Diagnostic::warning("b.md", "fine"));
        let sorted = diagnostics.into_sorted();
        assert_eq!(sorted.len(), PER_FILE + 2);
        assert!(sorted[..PER_FILE].iter().all(|d| {
            d.path == Path::new("a.md")
                && d.source_line
                    .as_ref()
                    .is_some_and(|e| e.text().chars().count() <= 102)
        }));
        let note = &sorted[PER_FILE];
        assert_eq!(note.message, "and 19900 more problems in this file");
        assert_eq!(
            (note.severity, note.omitted, note.line),
            (Severity::Error, 19_900, 0)
        );
        assert_eq!(sorted[PER_FILE + 1].path, Path::new("b.md"));
        let again = Diagnostics::default();
        again.extend(sorted);
        let sorted = again.into_sorted();
        assert_eq!(sorted.len(), PER_FILE + 2);
        assert_eq!(sorted[PER_FILE].omitted, 19_900);
    }

    #[test]
    fn line_breaks_in_names_and_messages_are_escaped() {
        let d = Diagnostic::error("content/new\nline.md", "cannot include `x\ny.md`");
        let text = d.to_string();
        assert!(
            text.starts_with("error: cannot include `x\\ny.md`\n  --> content/new\\nline.md\n"),
            "{text}"
        );
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
