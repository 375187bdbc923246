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

/// `rel` joined to `base`, both `/`-separated; `None` when it climbs above `base`'s root.
fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

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
            out.extend(in_content(join(page_dir, name)));
            return out;
        }
        if !name.starts_with('/') {
            out.extend(in_content(join(page_dir, name)));
            let mut dir = Some(page_dir);
            while let Some(d) = dir {
                out.extend(in_content(join(d, FOLDER).and_then(|f| join(&f, name))));
                dir = parent(d);
            }
        }
        let rooted = name.trim_start_matches('/');
        for dir in self.include_dirs {
            if let Some(rel) = join(dir, rooted) {
                out.push(self.root.join(rel));
            }
        }
        out.extend(in_content(join("", rooted)));
        out.push(self.bundle_marker());
        if let Some(rel) = join("", rooted) {
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
        let rel = join("", name.trim().trim_start_matches('/'))?;
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

/// Puts the arguments of an include call into the included text, as the `include` shortcodes
/// of Hugo sites do (OpenTelemetry's): each `{{ $key }}` becomes the value of the argument of
/// that name, or of that position (`{{ $1 }}` is the first argument after the file name,
/// `{{ $0 }}` the file name itself). A block from a line `{{ if $key }}` (or
/// `{{ if not $key }}`) to a line `{{ end }}` is kept when the argument is given and not empty
/// (not given, for `not`) and dropped otherwise. Placeholders of arguments that were not given
/// are left as written, as the shortcodes leave them.
pub fn apply_arguments(text: &str, positional: &[String], named: &[(String, String)]) -> String {
    let args: Vec<(String, &str)> = if named.is_empty() {
        positional
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.as_str()))
            .collect()
    } else {
        named.iter().map(|(k, v)| (k.clone(), v.as_str())).collect()
    };
    let args: Vec<(String, &str)> = args
        .into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .collect();
    if args.is_empty() || !text.contains("{{") {
        return text.to_owned();
    }
    let value_of = |key: &str| args.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let conditional = keep_conditional_blocks(text, &value_of);
    replace_placeholders(&conditional, &value_of)
}

/// What a `{{ ... }}` directive that fills a whole line says: `if KEY`, `if not KEY` or `end`.
enum Directive<'a> {
    If { key: &'a str, negated: bool },
    End,
}

fn directive(line: &str) -> Option<Directive<'_>> {
    let inner = line
        .trim_end()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim();
    if inner == "end" {
        return Some(Directive::End);
    }
    let rest = inner.strip_prefix("if")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (negated, rest) = match rest.strip_prefix("not") {
        Some(after) if after.starts_with(char::is_whitespace) => (true, after.trim_start()),
        _ => (false, rest),
    };
    let key = rest.strip_prefix('$')?.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(Directive::If { key, negated })
}

/// Keeps or drops the `{{ if $key }}` blocks whose key is an argument (see
/// [`apply_arguments`]); blocks about other keys stay as written.
fn keep_conditional_blocks<'v>(text: &str, value_of: &dyn Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len());
    // For each open block: whether it is one of ours, and whether its lines are kept.
    let mut open: Vec<(bool, bool)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let keeping = open.iter().all(|(_, keep)| *keep);
        match directive(line) {
            Some(Directive::If { key, negated }) => match value_of(key) {
                Some(value) => {
                    let given = !value.trim().is_empty() && value != "false";
                    open.push((true, given != negated));
                    continue;
                }
                None => open.push((false, true)),
            },
            Some(Directive::End) => {
                if let Some((ours, _)) = open.pop()
                    && ours
                {
                    continue;
                }
            }
            None => {}
        }
        if keeping {
            out.push_str(line);
        }
    }
    out
}

/// Replaces `{{ $key }}` (any spaces inside the braces) by the argument's value.
fn replace_placeholders<'v>(text: &str, value_of: &dyn Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let replaced = after.split_once("}}").and_then(|(inner, tail)| {
            let key = inner.trim().strip_prefix('$')?;
            if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            Some((value_of(key)?, tail))
        });
        match replaced {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

    #[test]
    fn arguments_fill_placeholders_and_conditional_blocks() {
        let text = "See [the API]({{ $1 }}) and {{$2}}.\n{{ if $2 }}\nsecond given\n{{ end }}\n{{ if not $3 }}\nno third\n{{ end }}\n{{ $9 }}\n";
        let out = apply_arguments(text, &strings(&["f.md", "https://x", "two"]), &[]);
        assert_eq!(
            out,
            "See [the API](https://x) and two.\nsecond given\n{{ if not $3 }}\nno third\n{{ end }}\n{{ $9 }}\n"
        );
        let named = vec![
            ("file".to_owned(), "f.md".to_owned()),
            ("who".to_owned(), "vendor".to_owned()),
        ];
        assert_eq!(
            apply_arguments("a {{ $who }} b {{ if not $who }}\n", &[], &named),
            "a vendor b {{ if not $who }}\n"
        );
        let off = vec![("flag".to_owned(), String::new())];
        assert_eq!(
            apply_arguments(
                "{{ if $flag }}\nshown\n{{ end }}\n{{ if not $flag }}\nother\n{{ end }}\n",
                &[],
                &off
            ),
            "other\n"
        );
    }
}
