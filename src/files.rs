//! The files below one folder of the site (`content/`, `static/`, a theme), each with the name
//! the site knows it by (see [`crate::file_names`]) and its real path, symbolic links followed
//! as [`crate::symlinks`] allows. Nothing is dropped in silence: a link not followed and a
//! folder that cannot be read are reported by whoever walks.

use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::Diagnostic;
use crate::symlinks::{Skipped, Symlinks};

/// One file found.
#[derive(Debug)]
pub struct Found {
    /// `/`-separated, relative to the folder walked.
    pub name: String,
    /// True when `name` joined to the folder is not `path`: the name has bytes that are not
    /// UTF-8, written `\xNN`.
    pub escaped: bool,
    /// Where it is on disk, below the folder walked.
    pub path: PathBuf,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// In file name order, folder by folder.
    pub files: Vec<Found>,
    /// Links not followed.
    pub skipped: Vec<Skipped>,
    /// Files or folders that could not be read, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Walked {
    /// The problems of the walk as messages.
    pub fn problems(&self, symlinks: &Symlinks) -> Vec<Diagnostic> {
        let unreadable = self.unreadable.iter().map(|(path, message)| {
            Diagnostic::error(symlinks.shown(path), format!("cannot read: {message}"))
                .help("check the file's permissions")
        });
        self.skipped
            .iter()
            .map(|skipped| symlinks.diagnostic(skipped))
            .chain(unreadable)
            .collect()
    }
}

/// Walks `folder` (nothing when it does not exist). `keep` decides on each entry below it; an
/// entry it refuses is left out without a word, and a folder it refuses is not entered.
pub fn walk(folder: &Path, symlinks: &Symlinks, mut keep: impl FnMut(&DirEntry) -> bool) -> Walked {
    let mut walked = Walked::default();
    if !folder.exists() {
        return walked;
    }
    let mut entries = WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(folder).to_path_buf();
                let is_link = path != folder && path.is_symlink();
                if err.loop_ancestor().is_some() {
                    walked.skipped.push(symlinks.looping(&path));
                } else if let Some(Err(skipped)) = is_link.then(|| symlinks.check(&path)) {
                    walked.skipped.push(skipped);
                } else {
                    let message = err
                        .io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string);
                    walked.unreadable.push((path, message));
                }
                continue;
            }
        };
        if entry.depth() > 0 && !(keep(&entry) && followed(&entry, symlinks, &mut walked)) {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        walked.files.push(Found {
            name: crate::file_names::name(relative),
            escaped: relative.to_str().is_none(),
            path: entry.path().to_path_buf(),
        });
    }
    walked
}

/// True unless `entry` is a link the policy does not follow (which is then recorded).
fn followed(entry: &DirEntry, symlinks: &Symlinks, walked: &mut Walked) -> bool {
    if !entry.path_is_symlink() {
        return true;
    }
    match symlinks.check(entry.path()) {
        Ok(()) => true,
        Err(skipped) => {
            walked.skipped.push(skipped);
            false
        }
    }
}
