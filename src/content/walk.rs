//! Finds the Markdown files and other files under `content/` and decides what each folder is:
//! a section (with an optional `_index.md`, `index.md` or `README.md` as its page) or a page
//! bundle (`foo/index.md` whose other files are its images).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::languages::SiteLanguage;
use crate::symlinks::Symlinks;

/// What the walk found, with content-relative `/`-separated paths.
#[derive(Debug, Default)]
pub struct Layout {
    /// Folders that are sections ("" is the root), with the file that gives each its page.
    pub sections: BTreeMap<String, Option<String>>,
    /// Markdown files that are ordinary pages (bundles included).
    pub pages: Vec<String>,
    /// Pages that are bundles: `foo/index.md`, published at `foo/`.
    pub bundles: BTreeSet<String>,
    /// Every other file, copied to the output at the same path.
    pub assets: Vec<String>,
    /// Files or folders that could not be read and symbolic links not followed.
    pub problems: Vec<Diagnostic>,
    /// The real paths of the files whose names are not their paths: names with bytes that are
    /// not UTF-8 (see [`crate::file_names`]). Every other file is `content/<name>`.
    pub sources: BTreeMap<String, PathBuf>,
}

/// True for `.md` and `.markdown`, in any letter case.
pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// True for `.html` and `.htm`, in any letter case.
pub fn is_html(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// True for an HTML file that starts with front matter: Hugo's HTML content file (an
/// `_index.html`, say), a page whose body is HTML. HTML files without front matter are copied
/// as they are.
fn is_html_page(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..read]);
    let text = crate::yaml::strip_bom(&text);
    text.trim_start_matches(['\r', '\n', ' ', '\t'])
        .lines()
        .next()
        .is_some_and(|line| line.trim_end() == "---")
}

fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// Walks `content`, leaving out hidden entries, `_includes/` folders (what they hold is only
/// ever included, see [`super::includes`]) and `exclude` (the output folder, say), and
/// following symbolic links as `symlinks` allows. For one `language` of a multilingual site,
/// only its files are kept, each under its name without the language (`about.es.md` is
/// `about.md`; see [`SiteLanguage::claims`]); files that are not pages and say no language
/// are every language's.
pub fn walk(
    content: &Path,
    exclude: &[PathBuf],
    symlinks: &Symlinks,
    language: Option<&SiteLanguage>,
) -> Layout {
    let walked = crate::files::walk(content, symlinks, |entry| {
        let name = entry.file_name().as_encoded_bytes();
        let hidden = name.starts_with(b".");
        let includes = name == super::includes::FOLDER.as_bytes() && entry.file_type().is_dir();
        !hidden && !includes && !exclude.iter().any(|ex| entry.path() == ex)
    });
    let mut layout = Layout {
        problems: walked.problems(symlinks),
        ..Layout::default()
    };
    let mut markdown = Vec::new();
    for mut found in walked.files {
        let page = is_markdown(&found.name) || (is_html(&found.name) && is_html_page(&found.path));
        if let Some(language) = language {
            match language.claims(&found.name) {
                Some(Some(plain)) => {
                    found.name = plain;
                    found.escaped = true;
                }
                Some(None) => {}
                None if !page
                    && crate::languages::language_of(&found.name, &language.codes).is_none() => {}
                None => continue,
            }
        }
        if found.escaped {
            layout.sources.insert(found.name.clone(), found.path);
        }
        if page {
            markdown.push(found.name);
        } else {
            layout.assets.push(found.name);
        }
    }
    classify(&mut layout, markdown);
    layout
}

/// Index file names in order of preference for a folder's own page.
fn index_rank(name: &str) -> Option<u8> {
    match name.to_ascii_lowercase().as_str() {
        "_index.md" | "_index.markdown" | "_index.html" | "_index.htm" => Some(0),
        "index.md" | "index.markdown" | "index.html" | "index.htm" => Some(1),
        "readme.md" | "readme.markdown" => Some(2),
        _ => None,
    }
}

fn classify(layout: &mut Layout, markdown: Vec<String>) {
    let (sections, bundles, index_files) = plan(&markdown);
    layout.sections = sections;
    for path in markdown {
        let dir = parent_of(&path);
        if bundles.contains(dir) {
            layout.bundles.insert(path.clone());
            layout.pages.push(path);
        } else if !index_files.contains(&path) {
            layout.pages.push(path);
        }
    }
}

/// Sections (with their index files), bundle folders and index file paths.
fn plan(
    markdown: &[String],
) -> (
    BTreeMap<String, Option<String>>,
    BTreeSet<String>,
    BTreeSet<String>,
) {
    // Count the Markdown files in each folder and below.
    let mut below: BTreeMap<&str, usize> = BTreeMap::new();
    for path in markdown {
        let mut dir = parent_of(path);
        loop {
            *below.entry(dir).or_default() += 1;
            if dir.is_empty() {
                break;
            }
            dir = parent_of(dir);
        }
    }
    let mut index_of: BTreeMap<&str, &str> = BTreeMap::new();
    for path in markdown {
        let Some(rank) = index_rank(file_name(path)) else {
            continue;
        };
        let dir = parent_of(path);
        let better = index_of
            .get(dir)
            .is_none_or(|current| index_rank(file_name(current)).is_some_and(|r| rank < r));
        if better {
            index_of.insert(dir, path);
        }
    }
    // `foo.md` beside a folder `foo/` without an index file is that folder's page (a common
    // layout on GitHub and in MkDocs sites).
    for path in markdown {
        let Some(stem) = path
            .strip_suffix(".md")
            .or_else(|| path.strip_suffix(".markdown"))
        else {
            continue;
        };
        if below.contains_key(stem) && !index_of.contains_key(stem) {
            index_of.insert(stem, path);
        }
    }
    // A folder whose only Markdown is its `index.md` is a page bundle, not a section.
    let bundles: BTreeSet<&str> = index_of
        .iter()
        .filter(|(dir, index)| {
            !dir.is_empty() && below[*dir] == 1 && index_rank(file_name(index)) == Some(1)
        })
        .map(|(dir, _)| *dir)
        .collect();
    let mut sections = BTreeMap::new();
    sections.insert(String::new(), None);
    for dir in below.keys().filter(|dir| !bundles.contains(*dir)) {
        sections.insert(
            (*dir).to_owned(),
            index_of.get(dir).map(|s| (*s).to_owned()),
        );
    }
    let index_files = index_of
        .iter()
        .filter(|(dir, _)| !bundles.contains(*dir))
        .map(|(_, f)| (*f).to_owned())
        .collect();
    (
        sections,
        bundles.into_iter().map(str::to_owned).collect(),
        index_files,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(files: &[&str]) -> Layout {
        let mut layout = Layout::default();
        classify(&mut layout, files.iter().map(|s| (*s).to_owned()).collect());
        layout
    }

    #[test]
    fn folders_become_sections_and_lone_index_files_bundles() {
        let l = layout(&[
            "_index.md",
            "a/_index.md",
            "a/p.md",
            "b/index.md",
            "c/index.md",
            "c/x.md",
            "d/e/f.md",
            "g/README.md",
            "g/h.md",
            "k.md",
            "k/l.md",
        ]);
        assert_eq!(l.sections.get("k"), Some(&Some("k.md".to_owned())));
        assert_eq!(l.sections.get("a"), Some(&Some("a/_index.md".to_owned())));
        assert!(!l.sections.contains_key("b"));
        assert!(l.bundles.contains("b/index.md"));
        assert_eq!(l.sections.get("c"), Some(&Some("c/index.md".to_owned())));
        assert_eq!(l.sections.get("d"), Some(&None));
        assert_eq!(l.sections.get("d/e"), Some(&None));
        assert_eq!(l.sections.get("g"), Some(&Some("g/README.md".to_owned())));
        assert_eq!(l.sections.get(""), Some(&Some("_index.md".to_owned())));
        assert_eq!(
            l.pages,
            vec![
                "a/p.md",
                "b/index.md",
                "c/x.md",
                "d/e/f.md",
                "g/h.md",
                "k/l.md"
            ]
        );
    }
}
