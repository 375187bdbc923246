//! Watching the site's files with notify and notify-debouncer-full. Editors save in many ways
//! (in place, write-then-rename, vim's backup dance) and tools touch hundreds of files at once;
//! the debouncer folds each burst into one batch of paths, and the rebuild decides from the
//! files as they are on disk afterwards, so every save style ends in the same state.
//!
//! A watch belongs to a folder, not to its path: a folder deleted and made again, moved away
//! and back, or swapped for another by renames (`mv content old && mv new content`) is no
//! longer watched, so [`SiteWatcher::renew`] watches whatever is at the path again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::{Context, Result};
use file_id::FileId;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::site::Site;

/// Watches the folders of a site and sends one batch of changed paths per burst of events.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// The folders asked for, each with the identity of the folder watched at its path
    /// (`None` while nothing is: the folder is gone).
    watched: BTreeMap<PathBuf, Watched>,
}

/// One folder asked for.
struct Watched {
    mode: RecursiveMode,
    id: Option<FileId>,
}

impl SiteWatcher {
    /// Starts watching `site`; batches arrive on the returned receiver after `quiet` without
    /// further events.
    pub fn start(site: &Site, quiet: Duration) -> Result<(SiteWatcher, Receiver<Vec<PathBuf>>)> {
        let (sender, receiver) = channel();
        let debouncer = new_debouncer(
            quiet,
            Some(quiet / 4),
            move |result: DebounceEventResult| forward(result, &sender),
        )
        .context("cannot start watching files")?;
        let mut watcher = SiteWatcher {
            debouncer,
            watched: BTreeMap::new(),
        };
        watcher.follow(site, &BTreeSet::new())?;
        Ok((watcher, receiver))
    }

    /// Adds the site's folders that appeared since (a new `static/` or `themes/`), and the
    /// `extra` folders of files that pages include from outside the site's folders.
    pub fn follow(&mut self, site: &Site, extra: &BTreeSet<PathBuf>) -> Result<()> {
        let paths = &site.paths;
        let mut wanted = vec![(paths.content.clone(), RecursiveMode::Recursive)];
        if !site.bare_folder() {
            wanted.push((paths.root.clone(), RecursiveMode::NonRecursive));
            wanted.push((paths.static_dir.clone(), RecursiveMode::Recursive));
            wanted.push((paths.root.join("themes"), RecursiveMode::Recursive));
            // `site.data`, which every page may read.
            wanted.push((
                paths.root.join(crate::site_data::DIR),
                RecursiveMode::Recursive,
            ));
        }
        wanted.extend(
            extra
                .iter()
                .map(|dir| (dir.clone(), RecursiveMode::NonRecursive)),
        );
        for (path, mode) in wanted {
            if path.is_dir() && !self.watched.contains_key(&path) {
                self.debouncer
                    .watch(&path, mode)
                    .with_context(|| format!("cannot watch {}", path.display()))?;
                let id = file_id::get_file_id(&path).ok();
                self.watched.insert(path, Watched { mode, id });
            }
        }
        Ok(())
    }

    /// Watches again the folders that `changed` (a batch of changed paths) names or is inside
    /// of, and those now another folder than the one watched: the watcher dropped the watch of
    /// a folder that was deleted or moved, and a watch follows a moved folder, not its path.
    /// Returns the folders that are watched anew, to rebuild from what they now hold; a folder
    /// that is gone is watched again when it comes back.
    pub fn renew(&mut self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let mut renewed = Vec::new();
        for (path, watched) in &mut self.watched {
            let now = file_id::get_file_id(path).ok().filter(|_| path.is_dir());
            let named = changed.iter().any(|c| path.starts_with(c));
            if !named && now == watched.id {
                continue;
            }
            // The old watch may still be there (it went along with a folder renamed away) or
            // not (the watcher dropped it with its folder): either way, start over.
            let _ = self.debouncer.unwatch(path);
            watched.id = None;
            if now.is_some() {
                match self.debouncer.watch(path, watched.mode) {
                    Ok(()) => watched.id = file_id::get_file_id(path).ok(),
                    Err(err) => eprintln!("warning: cannot watch {}: {err}", path.display()),
                }
                renewed.push(path.clone());
            }
        }
        renewed
    }
}

fn forward(result: DebounceEventResult, sender: &Sender<Vec<PathBuf>>) {
    match result {
        Ok(events) => {
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = sender.send(paths);
            }
        }
        Err(errors) => {
            for error in errors {
                eprintln!("warning: file watching: {error}");
            }
        }
    }
}
