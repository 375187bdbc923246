//! CODEOWNERS: who owns a file, read the way GitHub and GitLab read it, so each page can say
//! "Owned by @team" and the health page can group overdue reviews by owner.
//!
//! The file is the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`,
//! `.gitlab/CODEOWNERS` that exists. Lines are `pattern owner...`; `#` starts a comment. Patterns
//! follow gitignore rules without negation: no `/` but a trailing one matches at any depth, a
//! leading or inner `/` anchors at the root, a trailing `/` means everything below, `*` stays
//! within one folder (`docs/*` does not reach `docs/a/b.md`), `**` crosses folders. The last
//! matching line wins. GitLab `[Section]` headers (also `^[Optional]`, `[Section][2]`, and
//! default owners after the header) split the file: each section's last match counts, and the
//! owners of all sections add up.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Where CODEOWNERS is looked for, in order (GitHub's order, then GitLab's extra place).
pub const LOCATIONS: [&str; 4] = [
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// One section of rules (the whole file when it has no `[Section]` headers).
#[derive(Debug)]
struct Section {
    name: Option<String>,
    /// Glob set over every pattern of the section; index -> rule.
    set: GlobSet,
    /// For each glob, the rule it belongs to.
    glob_rule: Vec<usize>,
    /// Owners of each rule, in file order.
    owners: Vec<Vec<String>>,
}

/// A section as read: its name, default owners, and `(pattern, owners)` rules.
type RawSection = (Option<String>, Vec<String>, Vec<(String, Vec<String>)>);

/// A parsed CODEOWNERS file.
#[derive(Debug)]
pub struct CodeOwners {
    /// The file it was read from, relative to the repository root.
    pub file: String,
    sections: Vec<Section>,
    /// Lines that could not be read: `(line number, why)`.
    pub problems: Vec<(usize, String)>,
}

/// A pattern's globs: what it matches itself, and everything below when it names a folder.
fn globs(pattern: &str) -> Vec<String> {
    let dir_only = pattern.ends_with('/');
    let p = pattern.trim_end_matches('/');
    let anchored = p.starts_with('/') || p.contains('/');
    let p = p.trim_start_matches('/');
    let base = if anchored || p.starts_with("**") {
        p.to_owned()
    } else {
        format!("**/{p}")
    };
    let last = p.rsplit('/').next().unwrap_or(p);
    let mut out = Vec::new();
    if !dir_only {
        out.push(base.clone());
    }
    // `docs/*` names the files of `docs/`, not its subfolders' files.
    if dir_only || last != "*" {
        out.push(format!("{base}/**"));
    }
    out
}

impl CodeOwners {
    /// Reads the first CODEOWNERS of `repo_root`, if any.
    pub fn find(repo_root: &Path) -> Option<CodeOwners> {
        LOCATIONS.iter().find_map(|rel| {
            let text = std::fs::read_to_string(repo_root.join(rel)).ok()?;
            Some(CodeOwners::parse(&text, rel))
        })
    }

    /// Parses CODEOWNERS text; `file` names it in problems.
    pub fn parse(text: &str, file: &str) -> CodeOwners {
        let mut sections: Vec<RawSection> = vec![(None, Vec::new(), Vec::new())];
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if let Some((name, defaults)) = section_header(line) {
                sections.push((Some(name), defaults, Vec::new()));
                continue;
            }
            let mut words = split_words(line).into_iter();
            let Some(pattern) = words.next() else {
                continue;
            };
            if pattern.starts_with('!') {
                problems.push((
                    i + 1,
                    format!("`{pattern}`: CODEOWNERS patterns cannot be negated"),
                ));
                continue;
            }
            let (_, defaults, rules) = sections.last_mut().expect("a section");
            let mut owners: Vec<String> = words.collect();
            if owners.is_empty() {
                owners = defaults.clone();
            }
            rules.push((pattern, owners));
        }
        let mut built = Vec::new();
        for (name, _, rules) in sections {
            if rules.is_empty() {
                continue;
            }
            let mut builder = GlobSetBuilder::new();
            let mut glob_rule = Vec::new();
            let mut owners = Vec::new();
            for (rule, (pattern, who)) in rules.into_iter().enumerate() {
                for g in globs(&pattern) {
                    match GlobBuilder::new(&g).literal_separator(true).build() {
                        Ok(glob) => {
                            builder.add(glob);
                            glob_rule.push(rule);
                        }
                        Err(e) => problems.push((0, format!("`{pattern}`: {e}"))),
                    }
                }
                owners.push(who);
            }
            if let Ok(set) = builder.build() {
                built.push(Section {
                    name,
                    set,
                    glob_rule,
                    owners,
                });
            }
        }
        CodeOwners {
            file: file.to_owned(),
            sections: built,
            problems,
        }
    }

    /// The owners of `path` (relative to the repository root, `/`-separated), in file order,
    /// each once. An empty list: no rule matches, or the last match names nobody.
    pub fn owners(&self, path: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut scratch = Vec::new();
        for section in &self.sections {
            section.set.matches_into(path, &mut scratch);
            let Some(rule) = scratch.iter().map(|&g| section.glob_rule[g]).max() else {
                continue;
            };
            for owner in &section.owners[rule] {
                if !out.contains(owner) {
                    out.push(owner.clone());
                }
            }
        }
        out
    }

    /// The names of GitLab sections, for reports.
    pub fn section_names(&self) -> Vec<&str> {
        self.sections
            .iter()
            .filter_map(|s| s.name.as_deref())
            .collect()
    }
}

/// The line without a `#` comment (`\#` is a literal `#`).
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] != b'\\') {
            return &line[..i];
        }
    }
    line
}

/// Words split at spaces; `\ ` keeps a space inside a pattern.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(' ') | Some('#')) => {
                word.push(chars.next().unwrap_or(' '))
            }
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A GitLab section header: `[Name]`, `^[Name]`, `[Name][2]`, optionally followed by default
/// owners.
fn section_header(line: &str) -> Option<(String, Vec<String>)> {
    let rest = line.strip_prefix('^').unwrap_or(line);
    let rest = rest.strip_prefix('[')?;
    let end = rest.find(']')?;
    let name = rest[..end].trim().to_owned();
    let mut after = &rest[end + 1..];
    if let Some(count) = after.strip_prefix('[') {
        let close = count.find(']')?;
        if !count[..close].chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        after = &count[close + 1..];
    }
    if name.is_empty() || !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((name, split_words(after)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(text: &str, path: &str) -> Vec<String> {
        CodeOwners::parse(text, "CODEOWNERS").owners(path)
    }

    #[test]
    fn github_patterns_as_its_documentation_describes() {
        let file = "# comment\n* @global\n*.js @js-owner #inline\n/build/logs/ @doctocat\ndocs/* docs@example.com\napps/ @octocat\n/docs/ @doctocat-docs\n**/logs @octo-logs\n/scripts/ @doctocat @octocat\n/apps/github\n";
        assert_eq!(owners(file, "README.md"), ["@global"]);
        assert_eq!(owners(file, "src/a.js"), ["@js-owner"]);
        // `**/logs` comes after `/build/logs/`: the last match wins.
        assert_eq!(owners(file, "build/logs/x.log"), ["@octo-logs"]);
        // `/docs/` comes after `docs/*`, so it wins for every file below docs/.
        assert_eq!(owners(file, "docs/getting-started.md"), ["@doctocat-docs"]);
        assert_eq!(
            owners(file, "docs/build-app/troubleshooting.md"),
            ["@doctocat-docs"]
        );
        assert_eq!(owners(file, "x/apps/y.md"), ["@octocat"]);
        assert_eq!(owners(file, "deep/logs/a.txt"), ["@octo-logs"]);
        assert_eq!(owners(file, "scripts/run.sh"), ["@doctocat", "@octocat"]);
        // The last match names nobody: the file has no owner.
        assert!(owners(file, "apps/github/a.md").is_empty());
    }

    #[test]
    fn a_star_stays_within_its_folder() {
        let file = "* @all\ndocs/* @docs\n";
        assert_eq!(owners(file, "docs/a.md"), ["@docs"]);
        assert_eq!(owners(file, "docs/sub/b.md"), ["@all"]);
    }

    #[test]
    fn gitlab_sections_add_up_and_defaults_apply() {
        let file = "[Docs] @docs-team\ncontent/\ncontent/responses/ @responses\n^[Legal][2] @legal\ncontent/responses/refund.md\n[Empty]\n";
        assert_eq!(owners(file, "content/a.md"), ["@docs-team"]);
        assert_eq!(
            owners(file, "content/responses/refund.md"),
            ["@responses", "@legal"]
        );
        let parsed = CodeOwners::parse(file, "CODEOWNERS");
        assert_eq!(parsed.section_names(), ["Docs", "Legal"]);
    }

    #[test]
    fn negation_is_reported_and_escapes_work() {
        let parsed = CodeOwners::parse("!x.md @a\nmy\\ file.md @b\n\\#notes.md @c\n", "CODEOWNERS");
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.owners("my file.md"), ["@b"]);
        assert_eq!(parsed.owners("#notes.md"), ["@c"]);
    }
}
