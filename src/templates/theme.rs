//! The theme: the default theme embedded in the binary, overridden file by file by a site's
//! `themes/<name>/` folder (the mdBook model), so `handbook` works from any folder and a site
//! changes only what it needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

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
}

impl Theme {
    /// The embedded default theme with the files of `override_dir` (if it exists) on top.
    pub fn load(override_dir: &Path, root: &Path) -> Theme {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme.files);
        if override_dir.is_dir() {
            for entry in WalkDir::new(override_dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file()
                    || entry.file_name().to_string_lossy().starts_with('.')
                {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(override_dir) else {
                    continue;
                };
                let rel = crate::file_names::name(rel);
                let shown = crate::diagnostic::display_path(entry.path(), root);
                theme.files.insert(
                    rel,
                    ThemeFile {
                        source: ThemeSource::Disk(entry.path().to_path_buf()),
                        shown,
                    },
                );
            }
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
