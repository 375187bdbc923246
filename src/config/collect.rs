//! Every problem in `handbook.yml` in one run, not only the first one serde_yaml stops at.
//!
//! serde_yaml reports one problem and gives up. So after each problem the key it concerns is
//! blanked out of a working copy of the text (lines are kept, so every later location is still
//! a location in the real file) and the copy is read again, until it reads or nothing more can
//! be blanked. An unknown key is blanked alone, with its value; any other problem takes its
//! whole top-level key with it, so that one mistake is not reported twice.
//!
//! Unknown keys alone leave a usable configuration: the keys that are known, every one of them
//! checked. A value of the wrong type, an unknown key that cannot be blanked alone (inside a
//! `{...}` mapping) or a syntax error leaves none.

use serde::de::IgnoredAny;

use crate::yaml::{self, YamlError};

/// What reading the configuration text found.
#[derive(Debug)]
pub struct Collected<T> {
    /// The configuration from the keys that read, when it can be used.
    pub value: Option<T>,
    /// Every problem, in the order found, located in the original text.
    pub problems: Vec<YamlError>,
}

/// serde's message without the path of the key it is about (`search: unknown field ...`).
fn without_path(message: &str) -> &str {
    match message.split_once(": ") {
        Some((path, rest))
            if path
                .chars()
                .all(|c| c.is_alphanumeric() || "_.[]".contains(c)) =>
        {
            rest
        }
        _ => message,
    }
}

/// True for serde's message about a key the configuration does not have, at the top level
/// (`unknown field ...`) or below (`search: unknown field ...`).
pub fn is_unknown_key(error: &YamlError) -> bool {
    without_path(&error.message).starts_with("unknown field `")
}

/// The key of serde's message about a key written twice in one mapping.
fn duplicate_key(error: &YamlError) -> Option<&str> {
    let rest = without_path(&error.message).strip_prefix("duplicate field `")?;
    rest.split('`').next()
}

/// serde_yaml places a duplicate key at the start of its mapping: finds the second `key:` of
/// the mapping that starts at line `line`, character `col` (both 0-based) instead.
fn second_occurrence(
    lines: &[String],
    line: usize,
    col: usize,
    key: &str,
) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (i, text) in lines.iter().enumerate().skip(line) {
        if is_empty(text) {
            continue;
        }
        let start = if i == line { col } else { indent(text) };
        if i > line && start < col {
            break;
        }
        let entry = text.get(start..).unwrap_or("").trim_start_matches("- ");
        let at = text.len() - entry.len();
        let is_key = entry
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if start == col && is_key {
            seen += 1;
            if seen == 2 {
                return Some((i, text[..at].chars().count()));
            }
        }
    }
    None
}

/// Reads `text` as `T`, collecting every problem (see the module documentation).
pub fn collect<T: serde::de::DeserializeOwned>(text: &str) -> Collected<T> {
    let first = match yaml::from_str::<T>(text) {
        Ok(value) => {
            return Collected {
                value: Some(value),
                problems: Vec::new(),
            };
        }
        Err(err) => err,
    };
    // A syntax error: nothing after it can be trusted.
    if let Err(syntax) = yaml::from_str::<IgnoredAny>(text) {
        return Collected {
            value: None,
            problems: vec![syntax],
        };
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut problems = Vec::new();
    let mut usable = true;
    let mut error = first;
    loop {
        let located = (1..=lines.len()).contains(&error.line);
        let duplicate = located
            .then(|| duplicate_key(&error))
            .flatten()
            .and_then(|key| second_occurrence(&lines, error.line - 1, error.col.max(1) - 1, key));
        if let Some((line, col)) = duplicate {
            (error.line, error.col) = (line + 1, col + 1);
        }
        let unknown = is_unknown_key(&error);
        let alone = located
            && (unknown || duplicate.is_some())
            && blank_key(&mut lines, error.line - 1, error.col.max(1) - 1);
        let blanked = alone || (located && blank_top_level_entry(&mut lines, error.line - 1));
        // Only an unknown key blanked alone leaves the configuration as it was meant.
        usable &= alone && unknown;
        problems.push(error);
        if !blanked {
            return Collected {
                value: None,
                problems,
            };
        }
        let working = lines.join("\n");
        if yaml::from_str::<IgnoredAny>(&working).is_err() {
            // Blanking broke the text (a key inside a flow mapping, say): stop here.
            return Collected {
                value: None,
                problems,
            };
        }
        match yaml::from_str::<T>(&working) {
            Ok(value) => {
                return Collected {
                    value: usable.then_some(value),
                    problems,
                };
            }
            Err(next) => error = next,
        }
    }
}

/// Indentation of a line in spaces.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// True for a line that holds no YAML: blank or only a comment.
fn is_empty(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Blanks the key that starts at character `col` (0-based) of line `line` (0-based), and its
/// value on the lines below, indented deeper than the key. False when the key does not start a
/// block entry there (it is inside a flow mapping, say).
fn blank_key(lines: &mut [String], line: usize, col: usize) -> bool {
    let Some(start) = lines[line].char_indices().nth(col).map(|(i, _)| i) else {
        return false;
    };
    let before = &lines[line][..start];
    if !before.chars().all(|c| c == ' ' || c == '-') {
        return false;
    }
    lines[line].truncate(start);
    blank_value_below(lines, line, col);
    true
}

/// Blanks the lines after `line` that belong to a value indented deeper than `col`.
fn blank_value_below(lines: &mut [String], line: usize, col: usize) {
    let mut end = line + 1;
    let mut next = line + 1;
    while next < lines.len() {
        if is_empty(&lines[next]) {
            next += 1;
            continue;
        }
        if indent(&lines[next]) <= col {
            break;
        }
        next += 1;
        end = next;
    }
    for blanked in &mut lines[line + 1..end] {
        blanked.clear();
    }
}

/// True for a line that starts a top-level `key:` entry.
fn is_top_level_key(line: &str) -> bool {
    !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty() && line != "..."
}

/// Blanks the top-level entry that holds line `line` (0-based): its key line and everything up
/// to the next top-level key. False when no top-level key holds it.
fn blank_top_level_entry(lines: &mut [String], line: usize) -> bool {
    let Some(start) = (0..=line).rev().find(|&i| is_top_level_key(&lines[i])) else {
        return false;
    };
    let end = (start + 1..lines.len())
        .find(|&i| is_top_level_key(&lines[i]))
        .unwrap_or(lines.len());
    for blanked in &mut lines[start..end] {
        blanked.clear();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Settings {
        title: String,
        limit: usize,
        flag: bool,
        inner: Inner,
        items: Vec<Item>,
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Inner {
        a: usize,
        b: usize,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        id: String,
    }

    fn at(collected: &Collected<Settings>) -> Vec<(usize, usize, bool)> {
        collected
            .problems
            .iter()
            .map(|p| (p.line, p.col, is_unknown_key(p)))
            .collect()
    }

    #[test]
    fn unknown_keys_at_any_depth_are_all_reported_and_the_rest_is_used() {
        let text = "title: T\ntitel: B\ninner:\n  a: 1\n  c:\n    - deep\n  b: 2\nitems:\n  - id: x\n    idd: y\n  - id: z\nextra: 1\nlimit: 5\n";
        let collected = collect::<Settings>(text);
        assert_eq!(
            at(&collected),
            vec![(2, 1, true), (5, 3, true), (10, 5, true), (12, 1, true)],
            "{:?}",
            collected.problems
        );
        let settings = collected.value.expect("usable");
        assert_eq!(settings.title, "T");
        assert_eq!((settings.inner.a, settings.inner.b), (1, 2));
        assert_eq!(settings.items.len(), 2);
        assert_eq!(settings.limit, 5);
    }

    #[test]
    fn wrong_types_are_all_reported_and_leave_nothing_usable() {
        let text = "titel: B\nlimit: many\nflag: maybe\ninner:\n  a: x\n  b: y\ntitle: fine\n";
        let collected = collect::<Settings>(text);
        assert_eq!(
            at(&collected),
            vec![(1, 1, true), (2, 8, false), (3, 7, false), (5, 6, false)],
            "{:?}",
            collected.problems
        );
        assert!(collected.value.is_none());
    }

    #[test]
    fn a_key_written_twice_is_reported_once_at_its_second_place() {
        let text = "limit: 3\nflag: true\ntitle: a\ntitle: b\ninner:\n  a: 1\n  a: 2\nitems:\n  - id: x\n    id: y\n";
        let collected = collect::<Settings>(text);
        assert_eq!(
            at(&collected),
            vec![(4, 1, false), (7, 3, false), (10, 5, false)],
            "{:?}",
            collected.problems
        );
        assert!(collected.value.is_none());
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let collected = collect::<Settings>("titel: B\nlimit: [\n");
        assert_eq!(collected.problems.len(), 1, "{:?}", collected.problems);
        assert!(!is_unknown_key(&collected.problems[0]));
        assert!(collected.value.is_none());
    }

    #[test]
    fn an_unknown_key_in_a_flow_mapping_takes_its_whole_entry() {
        let collected = collect::<Settings>("inner: {a: 1, c: 2}\nlimit: many\n");
        assert_eq!(
            at(&collected),
            vec![(1, 15, true), (2, 8, false)],
            "{:?}",
            collected.problems
        );
        // `inner.a` is lost with the entry, so the configuration is not what was written.
        assert!(collect::<Settings>("inner: {a: 1, c: 2}\n").value.is_none());
    }
}
