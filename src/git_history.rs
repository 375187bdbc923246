//! Dates and authors of pages from git: one `git log` over the whole history (not one per
//! file, the way Hugo's `enableGitInfo` reads it), giving each file its last change (author
//! date and author, as Hugo's `:git` date) and its first commit. A shallow clone is detected:
//! files whose history is cut off are listed, so the build can say which pages fell back and
//! how to fetch the full history. Files changed in the work tree but not committed are listed
//! too (`serve` shows them as changed now).
//!
//! `git` is run as a program rather than read with a library: it is what CI images have, it
//! honours `.mailmap` and the repository's own configuration, and one `log` over 20,000 commits
//! takes a fraction of a second.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset};

/// The history of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileHistory {
    /// When it last changed, and by whom.
    pub last: DateTime<FixedOffset>,
    pub last_author: String,
    /// Its first commit.
    pub first: DateTime<FixedOffset>,
    pub first_author: String,
    /// False when the clone is shallow and the history seen may not reach this file's
    /// true first commit (its `first` is then the cut-off commit's).
    pub first_known: bool,
    /// False when even the last change is unknown: in a shallow clone, the only commit seen is
    /// the cut-off, which lists every file as added.
    pub last_known: bool,
}

/// What git knows about the files below one folder.
#[derive(Debug, Default)]
pub struct GitHistory {
    /// By path relative to the folder, `/`-separated.
    pub files: HashMap<String, FileHistory>,
    /// The clone is shallow (GitLab CI fetches 20 commits by default, GitHub Actions 1).
    pub shallow: bool,
    /// Files with changes not committed (modified, added or untracked), relative to the folder.
    pub uncommitted: HashSet<String>,
    pub commits: usize,
    /// The repository's root (`git rev-parse --show-toplevel`), where CODEOWNERS lives.
    pub toplevel: Option<std::path::PathBuf>,
    /// The folder relative to the repository root, `/`-terminated ("" at the root): CODEOWNERS
    /// patterns are matched against `prefix` + a path of `files`.
    pub prefix: String,
}

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// Reads the history of `root`, or `None` when it is not in a git work tree (or git is not
/// installed): then pages keep the dates their front matter gives. `git status` runs beside
/// `git log`; at the repository root the log has no pathspec, which walks it faster.
pub fn read(root: &Path) -> Option<GitHistory> {
    let facts = git(
        root,
        &[
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
            "--show-toplevel",
            "--git-path",
            "shallow",
            "--show-prefix",
        ],
    )?;
    let facts = String::from_utf8_lossy(&facts).into_owned();
    let mut lines = facts.lines().map(str::trim);
    if lines.next() != Some("true") {
        return None;
    }
    let shallow = lines.next() == Some("true");
    let toplevel = lines.next().map(std::path::PathBuf::from);
    let shallow_file = lines.next().unwrap_or("").to_owned();
    let prefix = lines.next().unwrap_or("").to_owned();
    let boundary: HashSet<String> = if shallow {
        let path = if Path::new(&shallow_file).is_absolute() {
            Path::new(&shallow_file).to_path_buf()
        } else {
            root.join(&shallow_file)
        };
        std::fs::read_to_string(path)
            .map(|t| t.lines().map(|l| l.trim().to_owned()).collect())
            .unwrap_or_default()
    } else {
        HashSet::new()
    };
    let (log, status) = std::thread::scope(|scope| {
        let status = scope.spawn(|| {
            git(
                root,
                &[
                    "status",
                    "--porcelain=v1",
                    "-z",
                    "--untracked-files=all",
                    "--",
                    ".",
                ],
            )
        });
        let mut args = vec![
            "log",
            "--name-only",
            "-z",
            "--no-merges",
            "--no-renames",
            "--format=%x1e%H%x1f%aI%x1f%aN",
        ];
        if !prefix.is_empty() {
            args.extend(["--relative", "--", "."]);
        }
        let log = git(root, &args).unwrap_or_default();
        (log, status.join().ok().flatten())
    });
    let mut history = parse_log(&log, &boundary);
    history.shallow = shallow;
    if let Some(status) = status {
        history.uncommitted = parse_status(&status, &prefix);
    }
    history.toplevel = toplevel;
    history.prefix = prefix;
    Some(history)
}

/// Parses `git log --name-only -z --format=%x1e%H%x1f%aI%x1f%aN` output, newest first.
pub fn parse_log(log: &[u8], boundary: &HashSet<String>) -> GitHistory {
    let mut history = GitHistory::default();
    let text = String::from_utf8_lossy(log);
    for record in text.split('\u{1e}').filter(|r| !r.is_empty()) {
        let (header, names) = record.split_once('\0').unwrap_or((record, ""));
        let mut fields = header.split('\u{1f}');
        let (Some(hash), Some(date), Some(author)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(date) = DateTime::parse_from_rfc3339(date.trim()) else {
            continue;
        };
        history.commits += 1;
        let cut = boundary.contains(hash.trim());
        for name in names
            .split('\0')
            .map(|n| n.trim_start_matches('\n'))
            .filter(|n| !n.is_empty())
        {
            match history.files.get_mut(name) {
                // Newest first: a later record is an older commit.
                Some(h) => {
                    h.first = date;
                    h.first_author = author.to_owned();
                    h.first_known = !cut;
                }
                None => {
                    history.files.insert(
                        name.to_owned(),
                        FileHistory {
                            last: date,
                            last_author: author.to_owned(),
                            first: date,
                            first_author: author.to_owned(),
                            first_known: !cut,
                            last_known: !cut,
                        },
                    );
                }
            }
        }
    }
    history
}

/// Paths in `git status --porcelain=v1 -z` output (relative to the repository root), made
/// relative to the folder at `prefix`.
pub fn parse_status(status: &[u8], prefix: &str) -> HashSet<String> {
    let text = String::from_utf8_lossy(status);
    let mut out = HashSet::new();
    let mut entries = text.split('\0');
    while let Some(entry) = entries.next() {
        if entry.len() < 4 {
            continue;
        }
        let (code, path) = entry.split_at(3);
        if code.starts_with('R') || code.starts_with('C') {
            entries.next(); // the original path of a rename or copy
        }
        if let Some(rel) = path.strip_prefix(prefix) {
            out.insert(rel.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_gives_the_last_change_and_oldest_the_first() {
        let log = "\u{1e}bbb\u{1f}2026-02-01T10:00:00Z\u{1f}Bo\0\ncontent/a.md\0content/b c.md\0\u{1e}aaa\u{1f}2026-01-01T10:00:00+01:00\u{1f}Ana Lopez\0\ncontent/a.md\0";
        let h = parse_log(log.as_bytes(), &HashSet::new());
        assert_eq!(h.commits, 2);
        let a = &h.files["content/a.md"];
        assert_eq!(a.last.to_rfc3339(), "2026-02-01T10:00:00+00:00");
        assert_eq!(a.last_author, "Bo");
        assert_eq!(a.first.to_rfc3339(), "2026-01-01T10:00:00+01:00");
        assert_eq!(a.first_author, "Ana Lopez");
        assert!(a.first_known && a.last_known);
        assert_eq!(h.files["content/b c.md"].first_author, "Bo");
    }

    #[test]
    fn a_shallow_cut_marks_what_is_not_known() {
        let log = "\u{1e}new\u{1f}2026-02-01T10:00:00Z\u{1f}Bo\0\na.md\0\u{1e}cut\u{1f}2026-01-01T10:00:00Z\u{1f}Ana\0\na.md\0b.md\0";
        let h = parse_log(log.as_bytes(), &HashSet::from(["cut".to_owned()]));
        assert!(h.files["a.md"].last_known);
        assert!(!h.files["a.md"].first_known);
        assert!(!h.files["b.md"].last_known);
    }

    #[test]
    fn status_paths_are_made_relative_to_the_site() {
        let status = " M site/content/a.md\0?? site/content/new.md\0R  site/content/c.md\0site/content/old.md\0 M other/x.md\0";
        let got = parse_status(status.as_bytes(), "site/");
        let mut got: Vec<_> = got.into_iter().collect();
        got.sort();
        assert_eq!(got, ["content/a.md", "content/c.md", "content/new.md"]);
    }
}
