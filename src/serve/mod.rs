//! The live preview behind `handbook serve`: builds the site in memory, serves it over HTTP,
//! watches its files and reloads the browser after each rebuild. Nothing is written to disk.
//! The command's flags, and what is printed, are in `cmd/serve.rs`: a [`Preview`]
//! hands each rebuild's [`Update`] to it.
//!
//! One concept per file: [`memory`] (the in-memory output), [`published`] (what is served),
//! [`state`] (incremental rebuilds: what to redo), [`refresh`] (redoing some pages),
//! [`search_refresh`] (the search index after them), [`http`] (requests), [`reload`] (the event
//! streams), [`pool`] (keeping the connection pool from starving), [`overlay`] (what served HTML
//! gets injected), [`watch`] (file events).

pub mod http;
pub mod memory;
pub mod overlay;
pub mod pool;
pub mod published;
pub mod refresh;
pub mod reload;
pub mod search_refresh;
pub mod state;
pub mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use published::SharedSite;
use reload::ReloadHub;
use state::LiveSite;
pub use state::{SiteOptions, Update};
use watch::SiteWatcher;

/// How long the file system must be quiet before a burst of events becomes a rebuild.
const QUIET: Duration = Duration::from_millis(40);
/// How long the file system must be quiet before a full rebuild (see [`settle`]).
const SETTLE: Duration = Duration::from_millis(100);
/// A full rebuild waits at most this long for the file system to be quiet.
const MAX_SETTLE: Duration = Duration::from_secs(5);
/// How often an idle event stream sends a comment line, to notice clients that are gone.
const KEEPALIVE: Duration = Duration::from_secs(5);
/// Threads answering ordinary requests (event streams get their own).
const WORKERS: usize = 8;

/// A site built in memory and answering requests on a server.
pub struct Preview {
    live: LiveSite,
    published: SharedSite,
    hub: ReloadHub,
}

impl Preview {
    /// Builds the site `options` names and starts answering `server`'s requests with it;
    /// returns the first build's update with it (the site is served with its errors, if any).
    pub fn open(server: &Arc<tiny_http::Server>, options: SiteOptions) -> (Preview, Update) {
        let published = SharedSite::default();
        let (live, update) = LiveSite::open(options, published.clone());
        let hub = ReloadHub::new(KEEPALIVE).with_nudge(server.server_addr().to_ip());
        http::spawn_workers(
            server,
            &http::Handler {
                site: published.clone(),
                hub: hub.clone(),
            },
            WORKERS,
        );
        let preview = Preview {
            live,
            published,
            hub,
        };
        (preview, update)
    }

    /// The path the site is served below (`/`, or the base URL's path).
    pub fn base_path(&self) -> String {
        self.published.read().base_path.clone()
    }

    /// Starts watching the site's files; edits made from now on are rebuilt by
    /// [`Watching::run`]. Fails when the site could not be opened at all.
    pub fn watch(self) -> Result<Watching> {
        let Some(site) = self.live.site().cloned() else {
            bail!("the site could not be opened; fix the errors above and start again");
        };
        let (mut watcher, batches) = SiteWatcher::start(&site, QUIET)?;
        watcher.follow(&site, &self.live.include_folders())?;
        Ok(Watching {
            preview: self,
            watcher,
            batches,
        })
    }
}

/// A [`Preview`] whose files are watched.
pub struct Watching {
    preview: Preview,
    watcher: SiteWatcher,
    batches: Receiver<Vec<PathBuf>>,
}

impl Watching {
    /// Rebuilds after every burst of file events and reloads the browsers, handing each
    /// rebuild's update to `report`; returns when the watcher stops.
    pub fn run(mut self, mut report: impl FnMut(&Update)) {
        let Preview { live, hub, .. } = &mut self.preview;
        let (watcher, batches) = (&mut self.watcher, &self.batches);
        loop {
            let mut paths = match batches.recv_timeout(Duration::from_secs(3600)) {
                Ok(paths) => paths,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Batches that arrived while the previous rebuild ran belong to the same burst.
            while let Ok(more) = batches.try_recv() {
                paths.extend(more);
            }
            // A folder that came back (or was swapped for another) is watched again before the
            // rebuild reads it, so that no edit made in between is missed.
            let renewed = !watcher.renew(&paths).is_empty();
            let batch = live.plan_batch(&paths);
            let update = if renewed || batch.rebuilds_all() {
                settle(batches, watcher);
                live.rebuild()
            } else {
                live.apply(batch)
            };
            report(&update);
            if let Some(reload) = update.reload {
                hub.broadcast(reload);
            }
            live.refresh_search();
            if let Some(site) = live.site()
                && let Err(err) = watcher.follow(site, &live.include_folders())
            {
                eprintln!("warning: {err:#}");
            }
        }
    }
}

/// Waits until no batch came for [`SETTLE`] (at most [`MAX_SETTLE`]) before a full rebuild: a
/// folder being copied, deleted or checked out file by file (`cp -r`, `rm -rf`, `git
/// checkout`) sends batch after batch, and a build of the half-done state would publish a site
/// with pages missing. Folders that come back meanwhile are watched again.
fn settle(batches: &Receiver<Vec<PathBuf>>, watcher: &mut SiteWatcher) {
    let started = Instant::now();
    while started.elapsed() < MAX_SETTLE {
        match batches.recv_timeout(SETTLE) {
            Ok(paths) => {
                watcher.renew(&paths);
            }
            Err(_) => return,
        }
    }
}
