//! The on-disk cache of external link results, so that checking a handbook twice in an hour
//! does not ask every host again. Only good results are reused: a failure is always checked
//! again, since it is what the user is about to fix. The cache lives in the site's
//! `.handbook-cache/` folder and nowhere else; an unreadable cache is simply empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The folder, below the site root, that holds caches.
pub const DIR: &str = ".handbook-cache";
const FILE: &str = "external-links.json";

/// When a URL (with its fragment, when it has one) last checked out.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since 1970.
    checked: u64,
}

/// Good external results by URL.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    max_age_secs: u64,
    entries: BTreeMap<String, Entry>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache of the site at `root`; `None` for `hours` disables it.
    pub fn open(root: &Path, hours: Option<u64>) -> Cache {
        let Some(hours) = hours.filter(|h| *h > 0) else {
            return Cache::default();
        };
        let path = root.join(DIR).join(FILE);
        let entries = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Cache {
            path: Some(path),
            max_age_secs: hours * 3600,
            entries,
        }
    }

    /// True when `url` checked out recently.
    pub fn is_fresh(&self, url: &str) -> bool {
        self.path.is_some()
            && self
                .entries
                .get(url)
                .is_some_and(|e| now().saturating_sub(e.checked) < self.max_age_secs)
    }

    /// Records that `url` checked out now.
    pub fn record_ok(&mut self, url: &str) {
        self.entries
            .insert(url.to_owned(), Entry { checked: now() });
    }

    /// Forgets `url` (it failed).
    pub fn forget(&mut self, url: &str) {
        self.entries.remove(url);
    }

    /// Writes the cache back, dropping stale entries.
    pub fn save(&mut self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let (now, max) = (now(), self.max_age_secs);
        self.entries
            .retain(|_, e| now.saturating_sub(e.checked) < max);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the cache folder {}", dir.display()))?;
        }
        let json = serde_json::to_vec_pretty(&self.entries)?;
        std::fs::write(path, json)
            .with_context(|| format!("cannot write the link cache {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_good_results_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path(), Some(1));
        assert!(!cache.is_fresh("https://a.example/"));
        cache.record_ok("https://a.example/");
        cache.save().unwrap();
        let cache = Cache::open(dir.path(), Some(1));
        assert!(cache.is_fresh("https://a.example/"));
        assert!(dir.path().join(DIR).join(FILE).is_file());
        let disabled = Cache::open(dir.path(), None);
        assert!(!disabled.is_fresh("https://a.example/"));
    }
}
