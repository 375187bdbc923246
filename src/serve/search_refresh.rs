//! Refreshing the served search index in the background after incremental rebuilds. One
//! worker thread builds at most one index at a time, always from the latest request (requests
//! made while it was busy are skipped for the newest), and publishes it only if no full
//! rebuild or newer request came after it: saves in quick succession neither wait for the
//! index nor pile up index builds in memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};

use super::memory::MemorySink;
use super::published::SharedSite;
use crate::search::IndexSettings;
use crate::search::documents::SearchPage;

/// One request for an index.
struct Job {
    generation: u64,
    pages: Arc<Vec<SearchPage>>,
    settings: IndexSettings,
}

/// The handle of the worker thread.
pub struct SearchRefresher {
    jobs: Sender<Job>,
    /// The generation of the latest request or full rebuild.
    current: Arc<AtomicU64>,
}

impl SearchRefresher {
    pub fn start(published: SharedSite) -> SearchRefresher {
        let (jobs, receiver) = channel::<Job>();
        let current = Arc::new(AtomicU64::new(0));
        let latest = Arc::clone(&current);
        std::thread::spawn(move || {
            while let Ok(mut job) = receiver.recv() {
                while let Ok(newer) = receiver.try_recv() {
                    job = newer;
                }
                if latest.load(Ordering::SeqCst) != job.generation {
                    continue;
                }
                let sink = MemorySink::default();
                let timings = crate::pipeline::Timings::from_env();
                let written =
                    crate::search::write_files(&job.pages, &job.settings, &sink, &|stage| {
                        timings.stage(stage)
                    });
                drop(job.pages);
                if written.is_err() {
                    continue;
                }
                let index_dir = format!("{}/", crate::search::DIR);
                let search_page = format!("{index_dir}index.html");
                let mut published = published.write();
                if latest.load(Ordering::SeqCst) != job.generation {
                    continue;
                }
                published
                    .files
                    .retain(|rel, _| !rel.starts_with(&index_dir) || *rel == search_page);
                published.files.extend(sink.into_files());
            }
        });
        SearchRefresher { jobs, current }
    }

    /// Asks for the index of `pages`, replacing any request not yet started.
    pub fn request(&self, pages: Arc<Vec<SearchPage>>, settings: IndexSettings) {
        let generation = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.jobs.send(Job {
            generation,
            pages,
            settings,
        });
    }

    /// Cancels what is pending or running: a full rebuild published a newer index. Call it
    /// while holding the published site's write lock.
    pub fn cancel(&self) {
        self.current.fetch_add(1, Ordering::SeqCst);
    }
}
