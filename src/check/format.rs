//! The four ways `handbook check` prints what it found: for people (grouped by file, with the
//! source line and a caret), as a stable JSON document, as a GitLab Code Quality report and as
//! GitHub Actions annotations, so that merge requests show problems where reviewers look.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::pipeline::health::Facts;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Gitlab,
    Github,
}

/// Counts per severity.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub pages: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], pages: usize) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            pages,
        }
    }
}

/// Renders `diagnostics` in `format`.
/// `facts` (owners, dates, the health tables) are printed by the `json` format only.
pub fn render(
    format: Format,
    diagnostics: &[Diagnostic],
    summary: Summary,
    color: bool,
    facts: Option<&Facts>,
) -> String {
    match format {
        Format::Human => human(diagnostics, summary, color),
        Format::Json => json(diagnostics, summary, facts),
        Format::Gitlab => gitlab(diagnostics),
        Format::Github => github(diagnostics),
    }
}

fn rule_of(d: &Diagnostic) -> &'static str {
    d.rule.unwrap_or(Rule::Build).name()
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn human(diagnostics: &[Diagnostic], summary: Summary, color: bool) -> String {
    let mut out = String::new();
    let mut current = None;
    for d in diagnostics {
        if current != Some(&d.path) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}",
                paint(&d.path.display().to_string(), "1;4", color)
            );
            current = Some(&d.path);
        }
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let location = if d.line == 0 {
            d.path.display().to_string()
        } else {
            format!("{}:{}:{}", d.path.display(), d.line, d.col)
        };
        let _ = writeln!(
            out,
            "  {location}: {}[{}] {}",
            paint(label, code, color),
            rule_of(d),
            d.message
        );
        if let Some(excerpt) = &d.source_line {
            let number = d.line.to_string();
            let _ = writeln!(out, "    {number} | {}", excerpt.shown());
            let caret = format!("{}^", " ".repeat(excerpt.caret()));
            let _ = writeln!(
                out,
                "    {} | {}",
                " ".repeat(number.len()),
                paint(&caret, code, color)
            );
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    = help: {help}");
        }
    }
    if !diagnostics.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Checked {} page{}: {} error{}, {} warning{}, {} info",
        summary.pages,
        if summary.pages == 1 { "" } else { "s" },
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" },
        summary.infos
    );
    out
}

/// The `--format json` document (version 1).
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    generator: String,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Added within version 1: the review-health tables and each page's owners and dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    health: Option<&'a crate::templates::views::HealthView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<&'a [crate::pipeline::health::PageFact]>,
}

/// One problem in `--format json` (version 1).
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    path: String,
    line: usize,
    column: usize,
    message: &'a str,
    help: Option<&'a str>,
    source_line: Option<&'a str>,
}

fn json(diagnostics: &[Diagnostic], summary: Summary, facts: Option<&Facts>) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            rule: rule_of(d),
            severity: d.severity.name(),
            path: path_text(d),
            line: d.line,
            column: d.col,
            message: &d.message,
            help: d.help.as_deref(),
            source_line: d.source_line.as_ref().map(|e| e.text()),
        })
        .collect();
    let doc = JsonReport {
        version: 1,
        generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
        summary,
        diagnostics: items,
        health: facts.map(|f| &f.health),
        pages: facts.map(|f| f.pages.as_slice()),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn path_text(d: &Diagnostic) -> String {
    d.path.display().to_string().replace('\\', "/")
}

/// FNV-1a, 64 bits: stable across runs and versions, unlike the standard library's hasher.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// GitLab Code Quality: an array of issues with `description`, `check_name`, `fingerprint`,
/// `severity` and `location.path` / `location.lines.begin`. The fingerprint leaves out the line
/// so that an unchanged problem keeps its identity when lines move.
fn gitlab(diagnostics: &[Diagnostic]) -> String {
    let mut seen = std::collections::HashMap::new();
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let key = format!("{}\0{}\0{}", rule_of(d), path_text(d), d.message);
            let n = seen.entry(key.clone()).or_insert(0u32);
            *n += 1;
            let fingerprint = format!("{:016x}{:016x}", fnv(&key), fnv(&format!("{key}\0{n}")));
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            serde_json::json!({
                "type": "issue",
                "description": d.message,
                "check_name": rule_of(d),
                "fingerprint": fingerprint,
                "severity": severity,
                "location": { "path": path_text(d), "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes per GitHub's workflow command rules: data escapes `%`, CR and LF; properties also
/// `:` and `,`.
fn escape_github(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", escape_github(&path_text(d), true));
        if d.line > 0 {
            let _ = write!(properties, ",line={},col={}", d.line, d.col);
        }
        let _ = write!(properties, ",title={}", escape_github(rule_of(d), true));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{command} {properties}::{}",
            escape_github(&message, false)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error("content/a.md", "broken link `x.md`, really")
                .at("[a](x.md)\n", 1, 1)
                .rule(Rule::BrokenLink)
                .help("fix it"),
            Diagnostic::warning("content/b.md", "whole file").rule(Rule::OrphanPage),
        ]
    }

    #[test]
    fn github_annotations_escape_properties_and_data() {
        let text = github(&sample());
        assert_eq!(
            text.lines().next().unwrap(),
            "::error file=content/a.md,line=1,col=1,title=broken-link::broken link `x.md`, really%0Ahelp: fix it"
        );
        assert!(text.contains("::warning file=content/b.md,title=orphan-page::whole file"));
        let mut info = Diagnostic::warning("c:d.md", "50% done").rule(Rule::OrphanPage);
        info.severity = Severity::Info;
        assert_eq!(
            github(&[info]),
            "::notice file=c%3Ad.md,title=orphan-page::50%25 done\n"
        );
    }

    #[test]
    fn gitlab_fingerprints_are_unique_and_lines_start_at_one() {
        let mut items = sample();
        items.push(items[0].clone());
        let report: serde_json::Value = serde_json::from_str(&gitlab(&items)).unwrap();
        let prints: std::collections::HashSet<_> = report
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].to_string())
            .collect();
        assert_eq!(prints.len(), 3);
        assert_eq!(report[1]["location"]["lines"]["begin"], 1);
    }

    #[test]
    fn human_groups_by_file_with_caret_and_summary() {
        let items = sample();
        let text = human(&items, Summary::of(&items, 2), false);
        assert!(
            text.starts_with("content/a.md\n  content/a.md:1:1: error[broken-link] broken link"),
            "{text}"
        );
        assert!(
            text.contains("    1 | [a](x.md)\n      | ^\n    = help: fix it"),
            "{text}"
        );
        assert!(
            text.ends_with("Checked 2 pages: 1 error, 1 warning, 0 info\n"),
            "{text}"
        );
    }
}
