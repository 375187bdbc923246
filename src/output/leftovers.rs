//! The hidden folders a build keeps beside its output, and what becomes of them when a build
//! or its background remover is killed: the next build removes every one that carries the
//! output [`MARKER`] and belongs to no running process, and puts the previous output back when
//! a kill between the two renames of the fallback swap left no output at all.
//!
//! A folder of ours is without its marker only when it is empty: a build killed between
//! creating its staging folder and writing the marker leaves it so, and [`remove_tree`]
//! removes the marker last. Such a folder (named like ours, of no running process) is removed
//! with a non-recursive `remove_dir`, which fails on a folder with anything in it, so a
//! user's folder that only looks like ours is never touched.
//!
//! Their names say what they are and whose they are: `.<output>.handbook-staging-<pid>` is a
//! build being written, `.<output>.handbook-old-<pid>` a previous output being removed. Process
//! group killers (CI runners at job end, `timeout`, benchmark harnesses) kill the remover with
//! its parent, so nothing here depends on a remover finishing.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::MARKER;

/// What a hidden folder beside the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A build being written.
    Staging,
    /// A previous output being removed.
    Old,
}

impl Kind {
    fn infix(self) -> &'static str {
        match self {
            Kind::Staging => ".handbook-staging-",
            Kind::Old => ".handbook-old-",
        }
    }
}

/// The hidden folder of `kind` for the output `target`, owned by process `pid`.
pub fn path_for(target: &Path, kind: Kind, pid: u32) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}{}{pid}", kind.infix()))
}

/// A folder named like one of ours (the marker inside is checked separately).
#[derive(Debug, PartialEq, Eq)]
pub struct Leftover {
    pub kind: Kind,
    pub pid: u32,
    /// The name of the output folder it belongs to.
    pub output: String,
}

impl Leftover {
    /// Reads a folder's name; `None` for anything not named like ours.
    pub fn parse(dir: &Path) -> Option<Leftover> {
        let name = dir.file_name()?.to_str()?;
        let rest = name.strip_prefix('.')?;
        [Kind::Staging, Kind::Old].into_iter().find_map(|kind| {
            let (output, pid) = rest.rsplit_once(kind.infix())?;
            let pid = pid.parse().ok()?;
            (!output.is_empty()).then(|| Leftover {
                kind,
                pid,
                output: output.to_owned(),
            })
        })
    }
}

/// True for a folder that [`super::Staging::commit`] moved aside: named as a previous output
/// and with our marker inside. Nothing else is ever removed in the background.
pub fn is_previous_output(dir: &Path) -> bool {
    Leftover::parse(dir).is_some_and(|l| l.kind == Kind::Old) && has_marker(dir)
}

fn has_marker(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && dir.join(MARKER).is_file()
}

/// Whether process `pid` is running (it may belong to another user). Always false for this
/// process: at the start of a build, a folder with this process's number was left by an
/// earlier process that had the same number (containers reuse small numbers all the time).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(err) => err == rustix::io::Errno::PERM,
        }
    }
    #[cfg(not(unix))]
    {
        // No cheap portable check: keep the folder, a later build removes it.
        true
    }
}

/// What [`tidy`] did.
#[derive(Debug, Default)]
pub struct Tidied {
    /// The previous output put back in place, from where.
    pub restored: Option<PathBuf>,
    /// Leftover folders removed.
    pub removed: Vec<PathBuf>,
}

/// Cleans up beside `target` before a build: puts a previous output back when the output is
/// missing, and removes every leftover of ours that no running process owns.
pub fn tidy(target: &Path) -> io::Result<Tidied> {
    let mut tidied = Tidied::default();
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Ok(tidied);
    };
    let name = name.to_string_lossy();
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(tidied),
        Err(err) => return Err(err),
    };
    let (mut stale, unmarked): (Vec<(PathBuf, Leftover)>, Vec<_>) = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|path| Leftover::parse(&path).map(|l| (path, l)))
        .filter(|(_, l)| l.output == name && !running(l.pid))
        .partition(|(path, _)| has_marker(path));
    for (path, _) in unmarked {
        if remove_if_empty(&path) {
            tidied.removed.push(path);
        }
    }
    if fs::symlink_metadata(target).is_err() {
        // Killed between moving the output aside and moving the new one in: the newest
        // previous output is the last complete site.
        let newest = stale
            .iter()
            .enumerate()
            .filter(|(_, (_, l))| l.kind == Kind::Old)
            .max_by_key(|(_, (path, _))| fs::metadata(path).and_then(|m| m.modified()).ok())
            .map(|(i, _)| i);
        if let Some(i) = newest {
            let (path, _) = stale.swap_remove(i);
            fs::rename(&path, target)?;
            tidied.restored = Some(path);
        }
    }
    for (path, _) in stale {
        match remove_tree(&path) {
            Ok(()) => tidied.removed.push(path),
            // Another build tidying at the same moment got there first.
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
    }
    Ok(tidied)
}

/// Removes `dir` if it is an empty folder (not a link to one), and says whether it did. Never
/// removes anything inside: `remove_dir` fails on a folder that is not empty, so a folder
/// filled between the look and the removal stays too.
fn remove_if_empty(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && fs::remove_dir(dir).is_ok()
}

/// The hidden subcommand that removes a previous output in the background.
pub const REMOVE_COMMAND: &str = "__remove-previous-output";

/// Removes the previous output, moved aside by the swap. Deleting 20,000 files takes the file
/// system one to two seconds, and nobody needs to wait for it: a `handbook` process in a
/// process group of its own does it while this one exits. Where that cannot start, it is
/// removed here. If the remover is killed anyway, the next build removes the rest ([`tidy`]).
pub fn remove_previous(old: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if is_previous_output(old) {
        use std::os::unix::process::CommandExt;
        use std::process::{Command, Stdio};
        if let Ok(exe) = std::env::current_exe() {
            let spawned = Command::new(exe)
                .arg(REMOVE_COMMAND)
                .arg(old)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn();
            if spawned.is_ok() {
                return Ok(());
            }
        }
    }
    remove_tree(old)
}

/// The background remover's work: takes the folder over under its own process number (so a
/// build starting meanwhile sees it is being removed), then removes it.
pub fn remove_in_background(old: &Path) -> io::Result<()> {
    let Some(leftover) = Leftover::parse(old) else {
        return Err(io::Error::other("not a previous output"));
    };
    let ours = old.with_file_name(format!(
        ".{}{}{}",
        leftover.output,
        Kind::Old.infix(),
        std::process::id()
    ));
    fs::rename(old, &ours)?;
    remove_tree(&ours)
}

/// Removes a folder tree, its top-level entries in parallel (a 10,000-page output is 20,000
/// files and folders; one thread spends most of its time waiting on the file system). The
/// marker goes last, so a removal killed half-way leaves a folder the next build still knows
/// as ours: marked, or empty.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let marker = dir.join(MARKER);
    let entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|path| *path != marker)
        .collect();
    entries.par_iter().try_for_each(|path| {
        let result = if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        match result {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    })?;
    match fs::remove_file(&marker) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        let target = Path::new("/x/public");
        let staging = path_for(target, Kind::Staging, 42);
        assert_eq!(staging, Path::new("/x/.public.handbook-staging-42"));
        assert_eq!(
            Leftover::parse(&staging),
            Some(Leftover {
                kind: Kind::Staging,
                pid: 42,
                output: "public".into()
            })
        );
        let old = path_for(Path::new("/x/my.site"), Kind::Old, 7);
        assert_eq!(
            Leftover::parse(&old).map(|l| l.output),
            Some("my.site".into())
        );
        for name in [
            "public",
            ".public.handbook-old-",
            ".public.handbook-old-x",
            "..handbook-old-1",
        ] {
            assert_eq!(Leftover::parse(Path::new(name)), None, "{name}");
        }
    }

    #[test]
    fn tidy_removes_dead_leftovers_and_restores_a_missing_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let dead = 4_000_000_000; // above any process number Linux hands out
        let old = path_for(&target, Kind::Old, dead);
        let staging = path_for(&target, Kind::Staging, dead);
        let foreign = dir.path().join(".public.handbook-old-5");
        for (folder, marked) in [(&old, true), (&staging, true), (&foreign, false)] {
            fs::create_dir_all(folder.join("a")).unwrap();
            if marked {
                fs::write(folder.join(MARKER), "").unwrap();
            }
        }
        let tidied = tidy(&target).unwrap();
        assert_eq!(tidied.restored.as_deref(), Some(old.as_path()));
        assert!(target.join("a").is_dir(), "the previous output is back");
        assert_eq!(tidied.removed, vec![staging.clone()]);
        assert!(!staging.exists());
        assert!(
            foreign.join("a").is_dir(),
            "a folder without our marker stays"
        );
    }

    #[test]
    fn tidy_removes_an_empty_unmarked_folder_of_ours_and_keeps_a_filled_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        // Killed between creating the staging folder and writing the marker.
        let empty = path_for(&target, Kind::Staging, 4_000_000_000);
        fs::create_dir(&empty).unwrap();
        let filled = path_for(&target, Kind::Staging, 4_000_000_001);
        fs::create_dir(&filled).unwrap();
        fs::write(filled.join("mine.txt"), "keep").unwrap();
        let elsewhere = dir.path().join("real");
        fs::create_dir(&elsewhere).unwrap();
        let linked = path_for(&target, Kind::Old, 4_000_000_002);
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
        let tidied = tidy(&target).unwrap();
        assert_eq!(tidied.removed, vec![empty.clone()]);
        assert!(!empty.exists());
        assert_eq!(fs::read_to_string(filled.join("mine.txt")).unwrap(), "keep");
        assert!(elsewhere.is_dir(), "a link's target is never removed");
    }

    #[test]
    fn remove_tree_removes_a_marked_tree_marker_and_all() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("t");
        fs::create_dir_all(tree.join("a/b")).unwrap();
        fs::write(tree.join(MARKER), "").unwrap();
        fs::write(tree.join("a/b/c.html"), "").unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
    }

    #[cfg(unix)]
    #[test]
    fn tidy_keeps_the_folders_of_running_processes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let busy = path_for(&target, Kind::Staging, child.id());
        fs::create_dir(&busy).unwrap();
        fs::write(busy.join(MARKER), "").unwrap();
        let tidied = tidy(&target).unwrap();
        let _ = child.kill();
        let _ = child.wait();
        assert!(tidied.removed.is_empty() && busy.is_dir());
        assert!(tidy(&target).unwrap().removed == vec![busy]);
    }
}
