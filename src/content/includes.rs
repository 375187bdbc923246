//! Where the file that `{{< include "name" >}}` names is, in the places real sites keep them:
//!
//! 1. beside the page (`name` relative to the page's folder);
//! 2. in an `_includes/` folder of the page's folder or of any folder above it, up to the
//!    content folder (OpenTelemetry's `include` shortcode prepends `_includes/` and walks up
//!    the page's ancestors);
//! 3. in the folders of `include_dirs` in handbook.yml, in their order;
//! 4. relative to the content folder;
//! 5. in the headless `includes` bundle of the content folder, by name prefix
//!    (`include "prereqs"` finds `includes/prereqs.md`, as Kubernetes' shortcode matches
//!    `name*` among the bundle's files);
//! 6. relative to the site root, then in `assets/` (Hugo's `resources.Get`: the GitLab
//!    handbook writes `include "includes/x.md"` for `assets/includes/x.md`), then in `static/`.
//!
//! A name that starts with `.` is relative to the page only; one that starts with `/` is
//! looked for from the content folder, the site root and the folders after them, never from
//! the page. Names cannot climb above the folder they are looked for in.

use std::path::{Path, PathBuf};

use super::site_path::join_path;

/// The folders an include is looked for in, for one site.
#[derive(Debug, Clone)]
pub struct IncludeSearch<'a> {
    /// The site root.
    pub root: &'a Path,
    /// The content folder (the default language's, for a Hugo site with languages).
    pub content: &'a Path,
    /// `include_dirs` of handbook.yml, relative to the site root.
    pub include_dirs: &'a [String],
}

/// The folder of the headless bundle Kubernetes keeps its snippets in, below the content.
pub const BUNDLE: &str = "includes";
/// The folders OpenTelemetry keeps its snippets in, anywhere in the content.
pub const FOLDER: &str = "_includes";

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        None
    } else {
        Some(path.rsplit_once('/').map_or("", |(dir, _)| dir))
    }
}

impl IncludeSearch<'_> {
    /// The files to try for `name` included from a page whose file is in the content-relative
    /// folder `page_dir`, in order. The `includes` bundle is not among them: it is matched by
    /// prefix, see [`IncludeSearch::find`].
    pub fn candidates(&self, page_dir: &str, name: &str) -> Vec<PathBuf> {
        let name = name.trim();
        let mut out = Vec::new();
        if name.is_empty() {
            return out;
        }
        let in_content = |rel: Option<String>| rel.map(|rel| self.content.join(rel));
        if name.starts_with('.') {
            out.extend(in_content(join_path(page_dir, name)));
            return out;
        }
        if !name.starts_with('/') {
            out.extend(in_content(join_path(page_dir, name)));
            let mut dir = Some(page_dir);
            while let Some(d) = dir {
                out.extend(in_content(
                    join_path(d, FOLDER).and_then(|f| join_path(&f, name)),
                ));
                dir = parent(d);
            }
        }
        let rooted = name.trim_start_matches('/');
        for dir in self.include_dirs {
            if let Some(rel) = join_path(dir, rooted) {
                out.push(self.root.join(rel));
            }
        }
        out.extend(in_content(join_path("", rooted)));
        out.push(self.bundle_marker());
        if let Some(rel) = join_path("", rooted) {
            out.push(self.root.join(&rel));
            out.push(self.root.join("assets").join(&rel));
            out.push(self.root.join("static").join(&rel));
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|file| seen.insert(file.clone()));
        out
    }

    /// Stands for the prefix match in the `includes` bundle among [`IncludeSearch::candidates`].
    fn bundle_marker(&self) -> PathBuf {
        self.content.join(BUNDLE).join("*")
    }

    /// The file `name` names, from a page in `page_dir`; every file looked at (found or not)
    /// is added to `tried`, so that the preview server renders the page again when one
    /// appears.
    pub fn find(&self, page_dir: &str, name: &str, tried: &mut Vec<PathBuf>) -> Option<PathBuf> {
        let marker = self.bundle_marker();
        for file in self.candidates(page_dir, name) {
            if file == marker {
                if let Some(found) = self.in_bundle(name) {
                    tried.push(found.clone());
                    return Some(found);
                }
                continue;
            }
            tried.push(file.clone());
            if file.is_file() {
                return Some(file);
            }
        }
        None
    }

    /// The file of the `includes` bundle whose name starts with `name` (its folder part
    /// included): the file of exactly that name, else `name.md`, else the first by name.
    fn in_bundle(&self, name: &str) -> Option<PathBuf> {
        let rel = join_path("", name.trim().trim_start_matches('/'))?;
        if rel.is_empty() {
            return None;
        }
        let (dir, prefix) = match rel.rsplit_once('/') {
            Some((dir, prefix)) => (self.content.join(BUNDLE).join(dir), prefix),
            None => (self.content.join(BUNDLE), rel.as_str()),
        };
        let entries = std::fs::read_dir(&dir).ok()?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.') && starts_with_ignoring_case(n, prefix))
            .collect();
        names.sort();
        let exact = names.iter().position(|n| n == prefix);
        let with_md = names.iter().position(|n| *n == format!("{prefix}.md"));
        let pick = exact.or(with_md).or((!names.is_empty()).then_some(0))?;
        let file = dir.join(&names[pick]);
        file.is_file().then_some(file)
    }
}

/// Hugo matches resource names without regard to case.
fn starts_with_ignoring_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn candidates_go_from_the_page_up_then_to_the_site_folders() {
        let dirs = strings(&["shared"]);
        let search = IncludeSearch {
            root: Path::new("/s"),
            content: Path::new("/s/content"),
            include_dirs: &dirs,
        };
        let shown: Vec<String> = search
            .candidates("docs/a", "x.md")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            shown,
            [
                "/s/content/docs/a/x.md",
                "/s/content/docs/a/_includes/x.md",
                "/s/content/docs/_includes/x.md",
                "/s/content/_includes/x.md",
                "/s/shared/x.md",
                "/s/content/x.md",
                "/s/content/includes/*",
                "/s/x.md",
                "/s/assets/x.md",
                "/s/static/x.md",
            ]
        );
        let dotted = search.candidates("docs/a", "../b.md");
        assert_eq!(dotted, [PathBuf::from("/s/content/docs/b.md")]);
        let rooted = search.candidates("docs/a", "/b.md");
        assert_eq!(rooted[0], PathBuf::from("/s/shared/b.md"));
        assert!(search.candidates("", "../../etc/passwd").is_empty());
    }
}
