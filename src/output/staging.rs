//! The folder a build writes into, beside the output, and the swap that makes it the output.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: the new site and the previous one
//! trade places in one step, so the output folder is complete at every instant, whenever the
//! process is killed. Where the kernel or the file system cannot exchange (other systems,
//! Linux before 3.15, some network and overlay file systems), the swap falls back to two
//! renames: a kill between them leaves no output folder for a moment, and the next build puts
//! the previous output back before it starts ([`super::leftovers::tidy`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};

use super::leftovers::{self, Kind};
use super::{MARKER, Sink};

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
    /// Creates the staging folder for `target`, as resolved by [`super::check_output`].
    pub fn create(target: &Path) -> Result<Staging> {
        let parent = target
            .parent()
            .context("the output folder has no parent folder")?;
        if target.file_name().is_none() {
            bail!("the output folder {} has no name", target.display());
        }
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        // The check resolved every symbolic link on the way; if one appeared since, the folder
        // replaced would not be the one checked.
        let real = parent
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", parent.display()))?;
        if real != parent {
            bail!(
                "the output folder's parent {} changed while the build started (it now leads to {})\n  = help: run the build again",
                parent.display(),
                real.display()
            );
        }
        // A folder left with this process's number was removed by `leftovers::tidy` already.
        let dir = leftovers::path_for(target, Kind::Staging, std::process::id());
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

    /// Replaces the output folder with the staging folder, then removes the previous output.
    pub fn commit(mut self) -> Result<()> {
        let old = leftovers::path_for(&self.target, Kind::Old, std::process::id());
        let had_output = fs::symlink_metadata(&self.target).is_ok();
        if had_output {
            swap(&self.dir, &self.target, &old)?;
        } else {
            fs::rename(&self.dir, &self.target).with_context(|| {
                format!("cannot move the new output into {}", self.target.display())
            })?;
        }
        self.committed = true;
        if had_output {
            leftovers::remove_previous(&old)
                .with_context(|| format!("cannot remove the previous output {}", old.display()))?;
        }
        Ok(())
    }
}

/// Puts `new` at `target` and the previous output at `old`.
fn swap(new: &Path, target: &Path, old: &Path) -> Result<()> {
    match exchange(new, target) {
        Ok(()) => {
            // `new` now holds the previous output; give it the name of one.
            return fs::rename(new, old).with_context(|| {
                format!("cannot move the previous output aside to {}", old.display())
            });
        }
        Err(err) if !exchange_unsupported(&err) => {
            return Err(err)
                .with_context(|| format!("cannot swap the new output into {}", target.display()));
        }
        Err(_) => {}
    }
    fs::rename(target, old)
        .with_context(|| format!("cannot move the previous output {} aside", target.display()))?;
    if let Err(err) = fs::rename(new, target) {
        // Put the previous output back so nothing is lost.
        let _ = fs::rename(old, target);
        return Err(err)
            .with_context(|| format!("cannot move the new output into {}", target.display()));
    }
    Ok(())
}

/// Exchanges two paths in one step (`renameat2(RENAME_EXCHANGE)`).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Errors that mean "this kernel or file system cannot exchange", not "something is wrong".
fn exchange_unsupported(err: &io::Error) -> bool {
    const EINVAL: i32 = 22;
    const ENOSYS: i32 = 38;
    const EOPNOTSUPP: i32 = 95;
    err.kind() == io::ErrorKind::Unsupported
        || matches!(err.raw_os_error(), Some(EINVAL | ENOSYS | EOPNOTSUPP))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = leftovers::remove_tree(&self.dir);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_in_the_new_output_and_leaves_one_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Staging::create(&target).unwrap();
        first.write("a.txt", b"one").unwrap();
        first.commit().unwrap();
        let second = Staging::create(&target).unwrap();
        second.write("a.txt", b"two").unwrap();
        second.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "two");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_trades_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        match exchange(&a, &b) {
            Ok(()) => assert!(b.join("x").is_file() && !a.join("x").exists()),
            Err(err) => assert!(exchange_unsupported(&err), "{err}"),
        }
    }
}
