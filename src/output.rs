//! Where built files go. A build writes into a staging folder beside the output and swaps it in
//! at the end, so a failed build leaves the previous output untouched; and it refuses any
//! output folder whose replacement would destroy something that is not a previous build.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};

use crate::site::Site;

/// A file in the output folder that marks it as ours, so a rebuild may replace the folder.
pub const MARKER: &str = ".handbook-build";

/// Receives the files of a build: a folder on disk, or memory for the preview server.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path below the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file at `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
    /// How many files were written so far.
    fn count(&self) -> usize;
}

/// A sink that keeps nothing: `handbook check` renders the generated pages only for their
/// problems, and benchmarks time stages without a file system.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }

    fn count(&self) -> usize {
        0
    }
}

/// A sink that keeps the files' bytes as they are, for a caller that reads them right back
/// (`handbook search` without a built site). The preview server's `MemorySink` compresses
/// what it keeps instead, since it keeps a whole site for as long as it runs.
#[derive(Default)]
pub struct Collect {
    files: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl Collect {
    /// The files written: `(path below the output root, bytes)`.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_owned(), bytes.to_vec()));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(from)?)
    }

    fn count(&self) -> usize {
        self.files.lock().map_or(0, |files| files.len())
    }
}

/// Makes `path` absolute without requiring it to exist.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    // Resolve symlinks in the part that exists, so comparisons are honest.
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Refuses output folders that would overwrite the site's own files or a folder we did not make.
pub fn check_output(site: &Site, output: &Path) -> Result<PathBuf> {
    let output = absolute(output)
        .with_context(|| format!("cannot resolve the output folder {}", output.display()))?;
    let paths = &site.paths;
    let protected = [
        (&paths.root, "the site root"),
        (&paths.content, "the content folder"),
        (&paths.static_dir, "the static folder"),
        (&paths.theme_dir, "the theme folder"),
    ];
    for (path, what) in protected {
        if path.starts_with(&output) {
            bail!(
                "refusing to build into {}: it is {what} or contains it, and building replaces the whole output folder\n  = help: choose another folder, e.g. `--output public`",
                output.display()
            );
        }
    }
    for (path, what) in [
        (&paths.static_dir, "the static folder"),
        (&paths.theme_dir, "the theme folder"),
    ] {
        if output.starts_with(path) {
            bail!(
                "refusing to build into {}: it is inside {what}\n  = help: choose a folder outside it, e.g. `--output public`",
                output.display()
            );
        }
    }
    if !site.bare_folder() && output.starts_with(&paths.content) {
        bail!(
            "refusing to build into {}: it is inside the content folder\n  = help: choose a folder outside it, e.g. `--output public`",
            output.display()
        );
    }
    if output.exists() {
        if !output.is_dir() {
            bail!(
                "the output path {} exists and is not a folder\n  = help: remove it or choose another `--output`",
                output.display()
            );
        }
        let empty = fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            bail!(
                "refusing to replace {}: it is not empty and was not written by handbook (it has no {MARKER} file)\n  = help: move its files away or choose another `--output`; handbook replaces the whole output folder on every build",
                output.display()
            );
        }
    }
    Ok(output)
}

/// A staging folder beside the output, swapped in by [`Staging::commit`] and removed on drop.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    written: AtomicUsize,
    committed: bool,
    /// Folders already created: tens of thousands of files share a few hundred folders, and
    /// asking the file system each time costs a system call per file.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Creates the staging folder for `target` (already checked by [`check_output`]).
    pub fn create(target: &Path) -> Result<Staging> {
        let parent = target
            .parent()
            .context("the output folder has no parent folder")?;
        let name = target
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy();
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.handbook-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| {
                format!("cannot clear the old staging folder {}", dir.display())
            })?;
        }
        fs::create_dir(&dir)
            .with_context(|| format!("cannot create the staging folder {}", dir.display()))?;
        fs::write(
            dir.join(MARKER),
            "This folder was written by `handbook build` and is replaced by the next build.\n",
        )
        .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            written: AtomicUsize::new(0),
            committed: false,
            made: Default::default(),
        })
    }

    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        // Paths come from content file names; never let one climb out of the output folder.
        if rel
            .split('/')
            .any(|part| part == ".." || part.contains('\\'))
            || rel.starts_with('/')
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent()
            && !self.made.lock().is_ok_and(|made| made.contains(parent))
        {
            fs::create_dir_all(parent)?;
            if let Ok(mut made) = self.made.lock() {
                made.insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.target.with_file_name(format!(
            ".{}.handbook-old-{}",
            self.target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            std::process::id()
        ));
        if self.target.exists() {
            fs::rename(&self.target, &old).with_context(|| {
                format!(
                    "cannot move the previous output {} aside",
                    self.target.display()
                )
            })?;
        }
        if let Err(err) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back so nothing is lost.
            let _ = fs::rename(&old, &self.target);
            return Err(err).with_context(|| {
                format!("cannot move the new output into {}", self.target.display())
            });
        }
        self.committed = true;
        if old.exists() {
            remove_previous(&old)
                .with_context(|| format!("cannot remove the previous output {}", old.display()))?;
        }
        Ok(())
    }
}

/// The hidden subcommand that removes a previous output in the background.
pub const REMOVE_COMMAND: &str = "__remove-previous-output";

/// True for a folder that [`Staging::commit`] moved aside: a dot-name with `.handbook-old-` in
/// it and our marker inside. Nothing else is ever removed in the background.
pub fn is_previous_output(dir: &Path) -> bool {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') && name.contains(".handbook-old-") && dir.join(MARKER).is_file()
}

/// Removes the previous output, moved aside by the swap. Deleting 20,000 files takes the file
/// system one to two seconds, and nobody needs to wait for it: a detached `handbook` process
/// does it while this one exits. Where that cannot start, it is removed here.
fn remove_previous(old: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if is_previous_output(old) {
        use std::process::{Command, Stdio};
        if let Ok(exe) = std::env::current_exe() {
            let spawned = Command::new(exe)
                .arg(REMOVE_COMMAND)
                .arg(old)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            if spawned.is_ok() {
                return Ok(());
            }
        }
    }
    remove_tree(old)
}

/// Removes previous outputs left beside `target` by runs that were interrupted.
pub fn remove_stale_previous(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.handbook-old-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let stale =
            entry.file_name().to_string_lossy().starts_with(&prefix) && is_previous_output(&path);
        // A removal still running in the background has the same name; skip ours-in-progress.
        if stale
            && path
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default().as_secs() > 600)
        {
            let _ = remove_tree(&path);
        }
    }
}

/// Removes a folder tree, its top-level entries in parallel (a 10,000-page output is 20,000
/// files and folders; one thread spends most of its time waiting on the file system).
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })?;
    fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.path_of(rel)?, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        fs::copy(from, self.path_of(rel)?)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}
