//! Which symbolic links the site follows.
//!
//! A link in `content/`, `static/` or a theme is followed only when what it points to, with
//! every link on the way resolved, is inside the site: below the site root, or below one of the
//! site's own folders (which may themselves be links to elsewhere). So a `content/passwd.txt`
//! that points to `/etc/passwd` is not published by accident. `follow_symlinks: true` in
//! `handbook.yml` follows links to anywhere. A link that is not followed is a warning that
//! names the link, where it points and how to allow it; a link to a folder that contains it (a
//! loop) is a warning too and is not walked again; a link that leads nowhere (to nothing, or
//! round a chain of links) is an error.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The policy for one site.
#[derive(Debug, Clone)]
pub struct Symlinks {
    /// `follow_symlinks: true`: follow links to anywhere.
    any: bool,
    /// The site root, for showing paths.
    root: PathBuf,
    /// Where a link may lead: the site root and the site's folders, resolved.
    inside: Vec<PathBuf>,
}

/// Why a link was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// It leads out of the site.
    Outside,
    /// It leads to a folder that contains it.
    Loop,
    /// It leads nowhere: to nothing, or round a chain of links; with the system's reason.
    Broken(String),
}

/// A link that was not followed.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub link: PathBuf,
    /// Where it points, as written in the link.
    pub target: PathBuf,
    /// Where it leads with every link resolved, when it leads anywhere.
    pub resolved: Option<PathBuf>,
    pub why: Why,
}

impl Symlinks {
    /// The policy for a site at `root` (resolved) with the folders in `folders`; `any` is
    /// `follow_symlinks` from the configuration.
    pub fn new(root: &Path, folders: &[&Path], any: bool) -> Symlinks {
        let mut inside = vec![root.to_path_buf()];
        for folder in folders {
            if let Ok(resolved) = folder.canonicalize()
                && !resolved.starts_with(root)
            {
                inside.push(resolved);
            }
        }
        Symlinks {
            any,
            root: root.to_path_buf(),
            inside,
        }
    }

    /// True when a file or folder reached by `path`, whatever links are on the way, may be
    /// read: it resolves inside the site, or every link is followed.
    pub fn allows(&self, path: &Path) -> bool {
        self.any
            || path
                .canonicalize()
                .is_ok_and(|real| self.inside.iter().any(|dir| real.starts_with(dir)))
    }

    /// Checks the link at `link`: `Ok` when it is followed.
    pub fn check(&self, link: &Path) -> Result<(), Skipped> {
        let skipped = |resolved: Option<PathBuf>, why| Skipped {
            link: link.to_path_buf(),
            target: std::fs::read_link(link).unwrap_or_default(),
            resolved,
            why,
        };
        match link.canonicalize() {
            Err(err) => Err(skipped(None, Why::Broken(err.to_string()))),
            Ok(_) if self.any => Ok(()),
            Ok(real) if self.inside.iter().any(|dir| real.starts_with(dir)) => Ok(()),
            Ok(real) => Err(skipped(Some(real), Why::Outside)),
        }
    }

    /// The link at `link` leads to a folder that contains it.
    pub fn looping(&self, link: &Path) -> Skipped {
        Skipped {
            link: link.to_path_buf(),
            target: std::fs::read_link(link).unwrap_or_default(),
            resolved: link.canonicalize().ok(),
            why: Why::Loop,
        }
    }

    /// A path as messages show it: relative to the site root, bytes that are not UTF-8
    /// written `\xNN`.
    pub fn shown(&self, path: &Path) -> String {
        crate::file_names::shown(&crate::diagnostic::display_path(path, &self.root))
    }

    /// The message for a link that was not followed.
    pub fn diagnostic(&self, skipped: &Skipped) -> Diagnostic {
        let shown = |path: &Path| self.shown(path);
        let link = shown(&skipped.link);
        let target = crate::file_names::shown(&skipped.target);
        let leads = match &skipped.resolved {
            Some(real) if *real != skipped.target => format!(" (that is, {})", shown(real)),
            _ => String::new(),
        };
        match &skipped.why {
            Why::Outside => Diagnostic::warning(
                &link,
                format!("symbolic link to `{target}`{leads}, outside the site: not followed, so not published"),
            )
            .help("set `follow_symlinks: true` in handbook.yml to follow links out of the site, or copy the file into the site"),
            Why::Loop => Diagnostic::warning(
                &link,
                format!("symbolic link to `{target}`{leads}, a folder that contains it: not followed"),
            )
            .help("remove the link: what it points to is in the site already"),
            Why::Broken(reason) => Diagnostic::error(
                &link,
                format!("symbolic link to `{target}`, which cannot be followed: {reason}"),
            )
            .help("point the link at an existing file, or remove it"),
        }
    }
}
