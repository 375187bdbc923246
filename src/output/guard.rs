//! Whether a folder may be replaced by a build. Building replaces the whole output folder, so
//! the path the user gave is resolved twice, by its text and the way the file system reads it,
//! and refused when either ends on (or above) the site's own folders or on a folder that holds
//! files handbook did not write.
//!
//! The two resolutions differ where a path climbs out of a symbolic link or a missing folder:
//! the kernel reads `link/..` as the parent of the link's target and cannot read `missing/..`
//! at all, while `create_dir_all` creates `missing` and then the same text names a real folder.
//! The build uses the file-system resolution from here on (no `..` left in it, no symbolic link
//! in the part that exists), so what was checked is exactly what gets replaced.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::site::Site;

use super::MARKER;

/// `path` made absolute with `.` and `..` applied to its text only.
pub fn lexical(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `path` made absolute the way the file system reads it: every part that exists is resolved
/// through its symbolic links, so a `..` after it goes to the real parent; a `..` after a part
/// that does not exist yet removes that part, since nothing would be created there. A symbolic
/// link that points nowhere, or a loop of them, is an error: nobody can tell where it leads.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    // Whether `out` exists: once a part is missing, every later part is missing too.
    let mut exists = true;
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                // `out` holds no symbolic link, so its textual parent is its real parent.
                out.pop();
                exists = exists || out.exists();
            }
            Component::Normal(name) => {
                out.push(name);
                if !exists {
                    continue;
                }
                match fs::symlink_metadata(&out) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        out = out.canonicalize().map_err(|err| {
                            io::Error::new(
                                err.kind(),
                                format!(
                                    "{} is a symbolic link that cannot be followed ({err})",
                                    out.display()
                                ),
                            )
                        })?;
                    }
                    Ok(_) => {}
                    Err(err) if err.kind() == io::ErrorKind::NotFound => exists = false,
                    Err(err) => return Err(err),
                }
            }
        }
    }
    Ok(out)
}

/// A site folder that no build may replace, as given and as the file system resolves it.
struct Protected {
    paths: Vec<PathBuf>,
    what: &'static str,
}

fn protected(path: &Path, what: &'static str) -> Protected {
    let mut paths = vec![path.to_path_buf()];
    if let Ok(real) = path.canonicalize()
        && real != path
    {
        paths.push(real);
    }
    Protected { paths, what }
}

/// Refuses output folders that would overwrite the site's own files or a folder we did not
/// make; returns the folder to build into, resolved (see [`resolve`]).
pub fn check_output(site: &Site, output: &Path) -> Result<PathBuf> {
    let shown = output.display();
    let resolved =
        resolve(output).with_context(|| format!("cannot resolve the output folder {shown}"))?;
    let lexical =
        lexical(output).with_context(|| format!("cannot resolve the output folder {shown}"))?;
    let paths = &site.paths;
    let root = protected(&paths.root, "the site root");
    let content = protected(&paths.content, "the content folder");
    let static_dir = protected(&paths.static_dir, "the static folder");
    let theme = protected(&paths.theme_dir, "the theme folder");
    let named = |path: &Path| {
        if path == output {
            format!("{shown}")
        } else {
            format!("{shown} (that is {})", path.display())
        }
    };
    for candidate in [&resolved, &lexical] {
        for guarded in [&root, &content, &static_dir, &theme] {
            if guarded.paths.iter().any(|p| p.starts_with(candidate)) {
                bail!(
                    "refusing to build into {}: it is {} or contains it, and building replaces the whole output folder\n  = help: choose another folder, e.g. `--output public`",
                    named(candidate),
                    guarded.what
                );
            }
        }
        for guarded in [&static_dir, &theme] {
            if guarded.paths.iter().any(|p| candidate.starts_with(p)) {
                bail!(
                    "refusing to build into {}: it is inside {}\n  = help: choose a folder outside it, e.g. `--output public`",
                    named(candidate),
                    guarded.what
                );
            }
        }
        if !site.bare_folder() && content.paths.iter().any(|p| candidate.starts_with(p)) {
            bail!(
                "refusing to build into {}: it is inside the content folder\n  = help: choose a folder outside it, e.g. `--output public`",
                named(candidate)
            );
        }
    }
    for candidate in [&resolved, &lexical] {
        refuse_foreign(candidate, &named(candidate))?;
    }
    Ok(resolved)
}

/// Refuses an existing file, or a folder with files in it and no [`MARKER`].
fn refuse_foreign(path: &Path, shown: &str) -> Result<()> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    if !meta.is_dir() {
        bail!(
            "the output path {shown} exists and is not a folder\n  = help: remove it or choose another `--output`"
        );
    }
    let empty = fs::read_dir(path)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !path.join(MARKER).is_file() {
        bail!(
            "refusing to replace {shown}: it is not empty and was not written by handbook (it has no {MARKER} file)\n  = help: move its files away or choose another `--output`; handbook replaces the whole output folder on every build"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    use std::os::unix::fs::symlink;

    #[test]
    fn lexical_applies_dots_to_the_text() {
        let base = std::env::current_dir().unwrap();
        assert_eq!(lexical(Path::new("a/../b/./c")).unwrap(), base.join("b/c"));
        assert_eq!(lexical(Path::new("/x/../../y")).unwrap(), Path::new("/y"));
    }

    #[test]
    fn resolve_drops_missing_parts_before_dots() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join("notes")).unwrap();
        assert_eq!(
            resolve(&root.join("missing/../notes")).unwrap(),
            root.join("notes")
        );
        assert_eq!(
            resolve(&root.join("missing/deeper/../../x/y")).unwrap(),
            root.join("x/y")
        );
    }

    #[cfg(unix)]
    #[test]
    fn resolve_reads_dots_after_a_link_as_the_kernel_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("a/b")).unwrap();
        symlink(root.join("a/b"), root.join("link")).unwrap();
        assert_eq!(resolve(&root.join("link/..")).unwrap(), root.join("a"));
        assert_eq!(
            resolve(&root.join("link/../b")).unwrap(),
            root.join("a/b").canonicalize().unwrap()
        );
        symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        assert!(resolve(&root.join("dangling/x")).is_err());
        symlink(root.join("loop"), root.join("loop")).unwrap();
        assert!(resolve(&root.join("loop")).is_err());
    }

    /// A site with a folder of someone else's files beside it and links into both.
    #[cfg(unix)]
    struct Fixture {
        _dir: tempfile::TempDir,
        base: PathBuf,
        site: Site,
    }

    #[cfg(unix)]
    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        for folder in ["site/content/sub", "site/static", "notes/sub", "built"] {
            fs::create_dir_all(base.join(folder)).unwrap();
        }
        fs::write(base.join("site/content/a.md"), "# A\n").unwrap();
        fs::write(base.join("notes/todo.txt"), "important").unwrap();
        fs::write(base.join("notes/sub/later.txt"), "also mine").unwrap();
        fs::write(base.join("built").join(MARKER), "").unwrap();
        symlink(base.join("notes"), base.join("to-notes")).unwrap();
        symlink(base.join("notes/sub"), base.join("to-notes-sub")).unwrap();
        symlink(base.join("site/content"), base.join("to-content")).unwrap();
        symlink(base.join("built"), base.join("to-built")).unwrap();
        let site = Site::open(&base.join("site"), None).unwrap().unwrap();
        Fixture {
            _dir: dir,
            base,
            site,
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_every_protected_folder_through_dots_missing_folders_and_links() {
        let f = fixture();
        for path in [
            "notes",
            "missing/../notes",
            "missing/deeper/../../notes",
            "to-notes",
            "to-notes-sub",
            "to-notes-sub/..",
            "to-notes-sub/../../notes",
            "site",
            "missing/../site",
            "site/missing/..",
            "site/content",
            "site/missing/../content",
            "site/content/missing/..",
            "to-content",
            "to-content/sub",
            "to-content/missing/../sub",
            "site/static/x",
            "site/static/missing/../x",
            "site/content/sub/../../static",
            ".",
            "..",
        ] {
            let output = f.base.join(path);
            assert!(
                check_output(&f.site, &output).is_err(),
                "{path} was accepted"
            );
        }
        assert_eq!(
            fs::read_to_string(f.base.join("notes/todo.txt")).unwrap(),
            "important"
        );
    }

    #[cfg(unix)]
    #[test]
    fn accepts_new_and_previous_outputs_resolved() {
        let f = fixture();
        for (path, expected) in [
            ("public", "public"),
            ("missing/../public", "public"),
            ("site/public", "site/public"),
            ("built", "built"),
            ("to-built", "built"),
            ("notes/../built", "built"),
        ] {
            let got = check_output(&f.site, &f.base.join(path))
                .unwrap_or_else(|e| panic!("{path} was refused: {e:#}"));
            assert_eq!(got, f.base.join(expected), "{path}");
        }
    }

    #[cfg(unix)]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn part() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![
                "..",
                ".",
                "missing",
                "notes",
                "sub",
                "site",
                "content",
                "static",
                "to-notes",
                "to-notes-sub",
                "to-content",
                "to-built",
                "built",
                "public",
            ])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            /// Any path either is refused, or names (as the kernel reads it once its missing
            /// folders exist) the very folder returned, which is no site folder, contains none,
            /// and is empty, new or a previous output.
            #[test]
            fn any_path_is_refused_or_stays_what_was_checked(parts in prop::collection::vec(part(), 1..7)) {
                let f = fixture();
                let output = parts.iter().fold(f.base.clone(), |p, part| p.join(part));
                if let Ok(got) = check_output(&f.site, &output) {
                    let protected = [
                        f.base.join("notes"),
                        f.base.join("notes/sub"),
                        f.site.paths.root.clone(),
                        f.site.paths.content.clone(),
                        f.site.paths.static_dir.clone(),
                    ];
                    for p in &protected {
                        prop_assert!(!p.starts_with(&got), "{} covers {}", got.display(), p.display());
                    }
                    prop_assert!(!got.starts_with(&f.site.paths.content));
                    prop_assert!(!got.components().any(|c| c == Component::ParentDir));
                    // Where the path already means something to the kernel, it means `got`.
                    if let Ok(real) = output.canonicalize() {
                        prop_assert_eq!(&real, &got);
                    }
                    // What the build creates and then swaps is `got` itself.
                    if let Some(parent) = got.parent() {
                        fs::create_dir_all(parent).unwrap();
                        prop_assert_eq!(parent.canonicalize().unwrap(), parent.to_path_buf());
                    }
                }
                prop_assert_eq!(
                    fs::read_to_string(f.base.join("notes/todo.txt")).unwrap(),
                    "important"
                );
            }
        }
    }
}
