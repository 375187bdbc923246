//! Watching the site's files with notify and notify-debouncer-full. Editors save in many ways
//! (in place, write-then-rename, vim's backup dance) and tools touch hundreds of files at once;
//! the debouncer folds each burst into one batch of paths, and the rebuild decides from the
//! files as they are on disk afterwards, so every save style ends in the same state.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::site::Site;

/// Watches the folders of a site and sends one batch of changed paths per burst of events.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
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
            watched: BTreeSet::new(),
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
        }
        wanted.extend(
            extra
                .iter()
                .map(|dir| (dir.clone(), RecursiveMode::NonRecursive)),
        );
        for (path, mode) in wanted {
            if path.is_dir() && !self.watched.contains(&path) {
                self.debouncer
                    .watch(&path, mode)
                    .with_context(|| format!("cannot watch {}", path.display()))?;
                self.watched.insert(path);
            }
        }
        Ok(())
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
