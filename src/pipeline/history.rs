//! Each page's history and owners, for the page, `responses.json` and the health page: the
//! last change (date and author) and first commit from one pass over git (see
//! [`crate::git_history`]), owners from CODEOWNERS (see [`crate::codeowners`]) merged with the
//! page's own `owner`. Front matter `updated` wins over git; a shallow clone is said once, with
//! the pages that fell back and how to fetch the whole history.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::codeowners::CodeOwners;
use crate::content::{Content, Page, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::git_history::{self, GitHistory};
use crate::site::Site;

/// How many fell-back pages the shallow-clone warning names before counting the rest.
const NAMED: usize = 10;

/// What git and CODEOWNERS say about one page.
#[derive(Debug, Clone, Default)]
pub struct PageHistory {
    /// Its last commit, when git knows it (not in a shallow clone's cut-off commit).
    pub last_changed: Option<DateTime<FixedOffset>>,
    pub last_author: Option<String>,
    /// Its first commit, when the history seen reaches it.
    pub first_commit: Option<DateTime<FixedOffset>>,
    /// It has changes that are not committed: it changed now.
    pub changed_now: bool,
    /// Its date comes from git (front matter has no `updated`).
    pub dated_by_git: bool,
    /// Owners from CODEOWNERS, in file order.
    pub code_owners: Vec<String>,
}

/// The history of every page, indexed like `content.pages`.
#[derive(Debug, Default)]
pub struct History {
    pub pages: Vec<PageHistory>,
    /// Git history was read (the site is in a work tree and `git` is not `false`).
    pub git: bool,
    pub shallow: bool,
    /// The CODEOWNERS file read, relative to the repository root.
    pub codeowners_file: Option<String>,
}

/// What is read from outside the content: git's history and CODEOWNERS. Read on a thread of
/// its own while the content loads (see [`super::prepare`]).
#[derive(Debug, Default)]
pub struct Sources {
    git: Option<GitHistory>,
    owners: Option<CodeOwners>,
    /// The site root relative to the folder CODEOWNERS patterns are relative to.
    prefix: String,
}

impl Sources {
    /// Reads git's history (unless `git: false`) and the repository's CODEOWNERS (or the site
    /// root's, outside git).
    pub fn read(site: &Site) -> Sources {
        let root = &site.paths.root;
        let git = site.config.git.then(|| git_history::read(root)).flatten();
        let (repo_root, prefix): (PathBuf, String) = match &git {
            Some(h) => (
                h.toplevel.clone().unwrap_or_else(|| root.clone()),
                h.prefix.clone(),
            ),
            None => match repository_root(root) {
                Some((top, prefix)) => (top, prefix),
                None => (root.clone(), String::new()),
            },
        };
        Sources {
            git,
            owners: CodeOwners::find(&repo_root),
            prefix,
        }
    }
}

/// The repository root and the site's place in it, when git is off but the site is in a
/// repository (CODEOWNERS still applies).
fn repository_root(root: &Path) -> Option<(PathBuf, String)> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-toplevel", "--show-prefix"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let top = PathBuf::from(lines.next()?.trim());
    Some((top, lines.next().unwrap_or("").trim().to_owned()))
}

/// The page's file relative to the site root, `/`-separated (a section without an index file
/// is named by a virtual `_index.md` in its folder, so folder patterns of CODEOWNERS match).
fn site_path(site: &Site, page: &Page) -> String {
    let content = site
        .paths
        .content
        .strip_prefix(&site.paths.root)
        .map(crate::file_names::name)
        .unwrap_or_default();
    let rel = if page.rel_path.ends_with('/') {
        format!("{}_index.md", page.rel_path)
    } else {
        page.rel_path.clone()
    };
    if content.is_empty() {
        rel
    } else {
        format!("{content}/{rel}")
    }
}

/// The page's own `owner` front matter field (a text or a list of texts).
pub fn own_owners(page: &Page) -> Vec<String> {
    match page.front.extra.get("owner") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

impl History {
    /// Gives every page of `content` its history; pages without `updated` take git's date (or
    /// `today` when they have uncommitted changes). A shallow clone is reported once.
    pub fn apply(
        sources: &Sources,
        site: &Site,
        content: &mut Content,
        today: NaiveDate,
        diagnostics: &Diagnostics,
    ) -> History {
        let mut history = History {
            git: sources.git.is_some(),
            shallow: sources.git.as_ref().is_some_and(|g| g.shallow),
            codeowners_file: sources.owners.as_ref().map(|o| o.file.clone()),
            pages: Vec::with_capacity(content.pages.len()),
        };
        if let Some(owners) = &sources.owners {
            diagnostics.extend(owners.problems.iter().map(|(line, why)| {
                Diagnostic::warning(&owners.file, format!("CODEOWNERS line {line}: {why}"))
                    .help("fix or remove the line; it is ignored")
            }));
        }
        let mut fell_back: Vec<&Path> = Vec::new();
        for page in &mut content.pages {
            let path = site_path(site, page);
            let mut entry = PageHistory::default();
            if let Some(owners) = &sources.owners {
                entry.code_owners = owners.owners(&format!("{}{path}", sources.prefix));
            }
            if let Some(git) = &sources.git {
                entry.changed_now = git.uncommitted.contains(&path);
                let file = git.files.get(&path);
                if let Some(f) = file.filter(|f| f.last_known) {
                    entry.last_changed = Some(f.last);
                    entry.last_author = Some(f.last_author.clone());
                }
                if let Some(f) = file.filter(|f| f.first_known) {
                    entry.first_commit = Some(f.first);
                }
                if page.updated.is_none() {
                    if entry.changed_now {
                        page.updated = Some(today);
                        entry.dated_by_git = true;
                    } else if let Some(last) = entry.last_changed {
                        page.updated = Some(last.date_naive());
                        entry.dated_by_git = true;
                    } else if git.shallow && file.is_some() {
                        fell_back.push(&page.shown);
                    }
                }
            }
            history.pages.push(entry);
        }
        if !fell_back.is_empty() {
            diagnostics.push(shallow_warning(&fell_back));
        }
        history
    }

    /// The owners of page `id`: its own `owner` first, then CODEOWNERS', each once.
    pub fn owners(&self, page: &Page, id: PageId) -> Vec<String> {
        let mut out = own_owners(page);
        if let Some(h) = self.pages.get(id) {
            for o in &h.code_owners {
                if !out.contains(o) {
                    out.push(o.clone());
                }
            }
        }
        out
    }

    /// The history of page `id` (empty for a page added since, in `serve`).
    pub fn of(&self, id: PageId) -> PageHistory {
        self.pages.get(id).cloned().unwrap_or_default()
    }
}

/// The one warning of a shallow clone: which pages fell back, and how to fix the CI job.
fn shallow_warning(pages: &[&Path]) -> Diagnostic {
    let mut names: Vec<String> = pages
        .iter()
        .take(NAMED)
        .map(|p| p.display().to_string().replace('\\', "/"))
        .collect();
    if pages.len() > NAMED {
        names.push(format!("and {} more", pages.len() - NAMED));
    }
    let count = pages.len();
    Diagnostic::warning(
        "handbook.yml",
        format!(
            "this is a shallow git clone: the last change of {count} page{} is cut off, so {} its front matter date, if any, instead of git's: {}",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it shows" } else { "they show" },
            names.join(", ")
        ),
    )
    .help("fetch the whole history in CI: GitLab CI `variables: { GIT_DEPTH: 0 }`, GitHub Actions `actions/checkout` with `fetch-depth: 0`; or set `git: false` in handbook.yml")
}
