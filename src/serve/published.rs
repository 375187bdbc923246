//! What the preview server serves right now: the last good build's files and the errors of the
//! latest attempt. Shared between the rebuild loop (the only writer) and the request threads.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::memory::Served;
use crate::diagnostic::Diagnostic;

/// The served site.
#[derive(Default)]
pub struct Published {
    /// Files by output path (`area/page/index.html`).
    pub files: HashMap<String, Served>,
    /// Errors of the latest build attempt; shown over every page until fixed.
    pub errors: Vec<Diagnostic>,
    /// Changes whenever `errors` changes, so HTML entity tags change with the overlay.
    pub errors_generation: u64,
    /// The site's base path (`/` or `/handbook/`).
    pub base_path: String,
}

/// A handle to the published site.
#[derive(Clone, Default)]
pub struct SharedSite(Arc<RwLock<Published>>);

impl SharedSite {
    pub fn read(&self) -> RwLockReadGuard<'_, Published> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Published> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl Published {
    /// Replaces the errors, bumping the generation when they differ.
    pub fn set_errors(&mut self, errors: Vec<Diagnostic>) {
        let same = errors.len() == self.errors.len()
            && errors
                .iter()
                .zip(&self.errors)
                .all(|(a, b)| a.to_string() == b.to_string());
        if !same {
            self.errors = errors;
            self.errors_generation += 1;
        }
    }
}
