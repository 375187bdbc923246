//! The theme: the default theme embedded in the binary, overridden file by file by a site's
//! `themes/<name>/` folder (the mdBook model), so `handbook` works from any folder and a site
//! changes only what it needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::symlinks::Symlinks;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum ThemeSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// One file of the theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub source: ThemeSource,
    /// How to name it in messages.
    pub shown: PathBuf,
}

impl ThemeFile {
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match &self.source {
            ThemeSource::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            ThemeSource::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// Every theme file by its path inside the theme (`templates/page.html`, `static/assets/x.css`).
#[derive(Debug, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
    /// Files of the site's theme folder that could not be read, links not followed.
    pub problems: Vec<crate::diagnostic::Diagnostic>,
}

impl Theme {
    /// The embedded default theme with the files of `override_dir` (if it exists) on top,
    /// symbolic links followed as `symlinks` allows; what could not be read goes to `problems`.
    pub fn load(override_dir: &Path, symlinks: &Symlinks) -> Theme {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme.files);
        let walked = crate::files::walk(override_dir, symlinks, |entry| {
            entry.file_type().is_dir() || !entry.file_name().as_encoded_bytes().starts_with(b".")
        });
        theme.problems = walked.problems(symlinks);
        for found in walked.files {
            let shown = PathBuf::from(symlinks.shown(&found.path));
            theme.files.insert(
                found.name,
                ThemeFile {
                    source: ThemeSource::Disk(found.path),
                    shown,
                },
            );
        }
        theme
    }

    /// Template files: name (`page.html`) to file.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("templates/").map(|name| (name, file)))
    }

    /// Static files: output path (`assets/handbook.css`) to file.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(path, file)| path.strip_prefix("static/").map(|name| (name, file)))
    }
}

fn collect_embedded(dir: &'static Dir<'static>, files: &mut BTreeMap<String, ThemeFile>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let shown = Path::new("(default theme)").join(&rel);
        files.insert(
            rel,
            ThemeFile {
                source: ThemeSource::Embedded(file.contents()),
                shown,
            },
        );
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
