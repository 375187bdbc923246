//! The site's content as a tree of pages: read from `content/`, front matter parsed, URLs
//! assigned and sections linked to their children. Markdown is rendered later, by `build`.

pub mod compat;
pub mod dates;
pub mod front_matter;
pub mod includes;
pub mod kind;
pub mod publish;
pub mod read;
pub mod site_path;
pub mod slug;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{cascade, permalinks};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::run_options::RunOptions;
use crate::site::Site;
use front_matter::FrontMatter;

/// Index of a page in [`Content::pages`].
pub type PageId = usize;

/// A page or a section, as read from disk.
#[derive(Debug, Default)]
pub struct Page {
    /// Content-relative source path (`area/page.md`), or the folder (`area/`) for a section
    /// without an index file.
    pub rel_path: String,
    /// The path shown in messages (`content/area/page.md`).
    pub shown: PathBuf,
    /// The file's text without BOM; empty for a section without an index file.
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_offset: usize,
    /// The YAML text of the front matter and its first line in the file, for locating fields.
    pub yaml: Option<(String, usize)>,
    pub front: FrontMatter,
    pub is_section: bool,
    /// Content-relative folder that relative links resolve against.
    pub dir: String,
    /// URL path below the base path: `area/page/`, or "" for the home page.
    pub url: String,
    pub parent: Option<PageId>,
    pub children: Vec<PageId>,
    /// A page bundle: the files beside its `index.md` are its own.
    pub bundle: bool,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
}

impl Page {
    /// The content-relative folder that relative links in this page's file resolve against.
    pub fn link_base(&self) -> &str {
        if self.rel_path.ends_with('/') {
            &self.dir
        } else {
            parent(&self.rel_path)
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The title to use before Markdown is rendered: front matter, else the file or folder name.
    pub fn fallback_title(&self) -> String {
        if let Some(title) = &self.front.title {
            return title.clone();
        }
        let trimmed = self.rel_path.trim_end_matches('/');
        let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
        let stem = match name.rsplit_once('.') {
            Some((stem, _)) if !self.is_section && !self.bundle => stem,
            _ => name,
        };
        let stem = if matches!(
            stem.to_ascii_lowercase().as_str(),
            "_index" | "index" | "readme"
        ) {
            self.dir.rsplit('/').next().unwrap_or("")
        } else {
            stem
        };
        title_from_name(stem)
    }
}

impl Page {
    /// Hugo's logical path of the page (`/docs/setup`), which cascade targets match.
    pub fn logical_path(&self) -> String {
        cascade::logical_path(&self.rel_path, self.is_section, &self.dir)
    }

    /// Hugo's page kind: `home`, `section` or `page`.
    pub fn hugo_kind(&self) -> &'static str {
        match (self.is_section, self.dir.is_empty()) {
            (true, true) => "home",
            (true, false) => "section",
            _ => "page",
        }
    }

    /// What the tokens of a permalink pattern are made of for this page.
    fn permalink_parts(&self) -> permalinks::Parts<'_> {
        let own_folder = self.is_section || self.bundle;
        let sections_dir = if own_folder && !self.is_section {
            parent(&self.dir)
        } else {
            self.dir.as_str()
        };
        let base_name = if own_folder {
            self.dir.rsplit('/').next().unwrap_or("")
        } else {
            let name = self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path);
            name.rsplit_once('.').map_or(name, |(stem, _)| stem)
        };
        permalinks::Parts {
            date: self.date,
            sections: sections_dir.split('/').filter(|s| !s.is_empty()).collect(),
            title: self.front.title.as_deref().unwrap_or(base_name),
            slug: self.front.slug.as_deref(),
            base_name,
        }
    }
}

/// True for `index.md` (and `index.markdown`, `index.html`): in Hugo, a leaf bundle's page.
fn is_bundle_index(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    ["index.md", "index.markdown", "index.html", "index.htm"]
        .iter()
        .any(|index| name.eq_ignore_ascii_case(index))
}

/// The language code that cascade and permalink targets match: the language the site is built
/// in, else the Hugo configuration's default content language, else the primary subtag of `language` (`en` of `en-US`).
pub fn language_code(site: &Site) -> String {
    if let Some(language) = &site.language {
        return language.code.clone();
    }
    match &site.config.hugo {
        Some(hugo) => hugo.default_language.clone(),
        None => site
            .config
            .language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
    }
}

/// Passes each `cascade` down (see [`cascade`]): for every page, its own entries first, then
/// those of the sections above it, nearest first, then the site's.
fn apply_cascades(read: &mut [Page], site: &[cascade::Cascade], language: &str) {
    let by_dir: HashMap<String, Vec<cascade::Cascade>> = read
        .iter()
        .filter(|p| p.is_section && !p.front.cascade.is_empty())
        .map(|p| (p.dir.clone(), p.front.cascade.clone()))
        .collect();
    let own = read
        .iter()
        .any(|p| !p.is_section && !p.front.cascade.is_empty());
    if by_dir.is_empty() && site.is_empty() && !own {
        return;
    }
    read.par_iter_mut().for_each(|page| {
        let path = page.logical_path();
        let facts = cascade::PageFacts {
            path: &path,
            kind: page.hugo_kind(),
            lang: language,
        };
        let own = if page.is_section {
            Vec::new()
        } else {
            page.front.cascade.clone()
        };
        let mut chain: Vec<&[cascade::Cascade]> = vec![&own];
        let mut dir = Some(page.dir.as_str());
        while let Some(d) = dir {
            if let Some(entries) = by_dir.get(d) {
                chain.push(entries);
            }
            dir = (!d.is_empty()).then(|| parent(d));
        }
        chain.push(site);
        for entry in chain.into_iter().flatten() {
            if entry.target.matches(&facts) {
                page.front.inherit(&entry.values);
            }
        }
    });
}

/// `incident-response_guide` → "Incident response guide".
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_owned(),
    }
}

/// All pages of the site; `pages[0]` is the home page.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    /// Content-relative paths of files that are not Markdown.
    pub assets: Vec<String>,
    /// Page ids by content-relative source path.
    pub by_source: HashMap<String, PageId>,
    /// Page ids by URL path (below the base path).
    pub by_url: HashMap<String, PageId>,
    /// Page ids of sections by content-relative folder.
    pub by_dir: HashMap<String, PageId>,
    /// The real paths of files whose names are not their paths (see [`walk::Layout::sources`]).
    pub sources: std::collections::BTreeMap<String, PathBuf>,
    /// The site's `permalinks` and language code, which [`Content::url_for`] needs.
    pub permalinks: permalinks::Permalinks,
    pub language: String,
}

impl Content {
    /// Reads every page under the site's content folder that this run publishes (drafts and
    /// pages outside their publishing window on `options.today` left out unless
    /// `options.drafts`). Problems are pushed to `diagnostics`; a page whose front matter
    /// cannot be read is still part of the tree, with defaults.
    pub fn load(site: &Site, options: &RunOptions, diagnostics: &Diagnostics) -> Content {
        let exclude: Vec<PathBuf> = options
            .exclude
            .iter()
            .cloned()
            .chain(site.bare_folder().then(|| site.paths.root.join("themes")))
            .chain(site.bare_folder().then(|| site.paths.static_dir.clone()))
            .collect();
        let mut layout = walk::walk(
            &site.paths.content,
            &exclude,
            &site.paths.symlinks,
            site.language.as_ref(),
        );
        diagnostics.extend(std::mem::take(&mut layout.problems));
        let content_dir = &site.paths.content;
        let shown_dir = site.shown(content_dir);
        let shown_of = |rel: &str| {
            if shown_dir.as_os_str().is_empty() {
                PathBuf::from(rel)
            } else {
                shown_dir.join(rel)
            }
        };

        // Sections first so that their ids are stable and the root is 0.
        let mut specs: Vec<(String, Option<String>, bool)> = Vec::new();
        for (dir, index) in &layout.sections {
            specs.push((dir.clone(), index.clone(), true));
        }
        for page in &layout.pages {
            specs.push((page.clone(), Some(page.clone()), false));
        }
        let read: Vec<Page> = specs
            .par_iter()
            .map(|(key, file, is_section)| {
                let mut page = match file {
                    Some(rel) => {
                        let path = source(&layout.sources, content_dir, rel);
                        read::read_page(&path, rel, shown_of(rel), diagnostics)
                    }
                    None => Page {
                        rel_path: format!("{key}/"),
                        shown: shown_of(key),
                        ..Page::default()
                    },
                };
                page.is_section = *is_section;
                page.bundle = layout.bundles.contains(key);
                page.dir = if *is_section {
                    key.clone()
                } else {
                    parent(key).to_owned()
                };
                page
            })
            .collect();
        let mut content = Content {
            assets: layout.assets,
            sources: layout.sources,
            permalinks: site.config.permalinks.clone(),
            language: language_code(site),
            ..Content::default()
        };
        let mut read = read;
        apply_cascades(&mut read, &site.config.cascade.0, &content.language);
        if site.config.hugo.as_ref().is_some_and(|h| h.disable_aliases) {
            for page in &mut read {
                page.front.aliases.clear();
                page.front.relative_aliases.clear();
            }
        }
        content.link(read, options.drafts, options.today, diagnostics);
        content
    }

    /// Drops drafts and pages that are not rendered (see [`publish`]), assigns URLs, links
    /// parents and children and reports duplicate URLs.
    fn link(&mut self, read: Vec<Page>, drafts: bool, today: NaiveDate, diagnostics: &Diagnostics) {
        let draft = |p: &Page| {
            !drafts
                && (p.front.draft
                    || compat::out_of_date_range(
                        p.front.publish_date.as_deref(),
                        p.front.expiry_date.as_deref(),
                        today,
                    ))
        };
        let unpublished = |p: &Page| draft(p) || !publish::renders(p.front.headless, p.front.build);
        // Folders whose pages all go: a draft section's, and a bundle's whose `index.md` is
        // not rendered (the files beside it are its resources).
        let draft_dirs: Vec<String> = read
            .iter()
            .filter(|p| {
                p.is_section
                    && !p.dir.is_empty()
                    && (draft(p)
                        || (!publish::renders(p.front.headless, p.front.build)
                            && is_bundle_index(&p.rel_path)))
            })
            .map(|p| format!("{}/", p.dir))
            .collect();
        for mut page in read {
            let hidden_by_section = !draft_dirs.is_empty()
                && draft_dirs
                    .iter()
                    .any(|d| format!("{}/", page.dir).starts_with(d.as_str()));
            if (unpublished(&page) && !(page.is_section && page.dir.is_empty()))
                || hidden_by_section
            {
                continue;
            }
            if !publish::listed(page.front.headless, page.front.build) {
                page.front.hidden = true;
            }
            page.url = self.url_for(&page);
            read::resolve_relative_aliases(&mut page, diagnostics);
            let id = self.pages.len();
            if page.is_section {
                self.by_dir.insert(page.dir.clone(), id);
            }
            if !page.rel_path.ends_with('/') {
                self.by_source.insert(page.rel_path.clone(), id);
            }
            if let Some(&first) = self.by_url.get(&page.url) {
                let other = &self.pages[first];
                diagnostics.push(
                    Diagnostic::error(&page.shown, format!("`{}` and `{}` both publish to the URL /{}", other.shown.display(), page.shown.display(), page.url))
                        .help("rename one of the files or give one a different `slug` in its front matter"),
                );
                continue;
            }
            self.by_url.insert(page.url.clone(), id);
            self.pages.push(page);
        }
        for id in 1..self.pages.len() {
            let page = &self.pages[id];
            let parent_dir = if page.is_section || page.bundle {
                parent(&page.dir)
            } else {
                page.dir.as_str()
            };
            // The nearest section above that is published (a section's own page may not be).
            let mut dir = parent_dir;
            let parent = loop {
                if let Some(&id) = self.by_dir.get(dir) {
                    break id;
                }
                if dir.is_empty() {
                    break 0;
                }
                dir = parent(dir);
            };
            self.pages[id].parent = Some(parent);
            if !self.pages[id].front.hidden {
                self.pages[parent].children.push(id);
            }
        }
    }

    /// The URL of `page` (below the base path): its `url`, else the site's `permalinks`
    /// pattern for it, else its file's path (see [`url_of`]).
    pub fn url_for(&self, page: &Page) -> String {
        if let Some(url) = page.front.url.as_deref()
            && permalinks::has_tokens(url)
        {
            return permalinks::expand(url, &page.permalink_parts());
        }
        if compat::url_override(page.front.url.as_deref()).is_none() && !self.permalinks.is_empty()
        {
            let path = page.logical_path();
            let facts = cascade::PageFacts {
                path: &path,
                kind: page.hugo_kind(),
                lang: &self.language,
            };
            let section = page.dir.split('/').next().unwrap_or("");
            if let Some(pattern) = self.permalinks.pattern_for(&facts, section) {
                return permalinks::expand(pattern, &page.permalink_parts());
            }
        }
        url_of(page)
    }

    /// Where the file the site knows as `rel` (a page or an asset) is on disk.
    pub fn source(&self, content_dir: &Path, rel: &str) -> PathBuf {
        source(&self.sources, content_dir, rel)
    }

    /// The ancestors of a page, from the home page down to its parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[id].parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.pages[parent].parent;
        }
        chain.reverse();
        chain
    }
}

/// The folder of a `/`-separated content-relative path ("" for the content folder itself).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn source(
    sources: &std::collections::BTreeMap<String, PathBuf>,
    content_dir: &Path,
    rel: &str,
) -> PathBuf {
    sources
        .get(rel)
        .cloned()
        .unwrap_or_else(|| content_dir.join(rel))
}

/// Makes a path segment safe for a URL and a file name on any host: spaces and what
/// [`crate::file_names::is_unsafe`] finds (`\`, `?`, `#`, `%`, control characters) become `-`.
fn url_segment(segment: &str) -> String {
    segment
        .trim()
        .replace(|c| c == ' ' || crate::file_names::is_unsafe(c), "-")
}

/// The URL path of a page below the base path.
pub fn url_of(page: &Page) -> String {
    if let Some((url, _)) = compat::url_override(page.front.url.as_deref()) {
        return url;
    }
    let mut segments: Vec<String> = if page.is_section || page.bundle {
        page.dir
            .split('/')
            .filter(|s| !s.is_empty())
            .map(url_segment)
            .collect()
    } else {
        let name = page.rel_path.rsplit('/').next().unwrap_or(&page.rel_path);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        page.dir
            .split('/')
            .filter(|s| !s.is_empty())
            .map(url_segment)
            .chain(std::iter::once(url_segment(stem)))
            .collect()
    };
    if let Some(slug) = page
        .front
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.contains('/'))
        && let Some(last) = segments.last_mut()
    {
        *last = url_segment(slug);
    }
    if segments.is_empty() {
        String::new()
    } else {
        format!("{}/", segments.join("/"))
    }
}

/// The path of a page's output file below the output folder.
pub fn output_file(url: &str) -> String {
    format!("{url}index.html")
}

/// Content-relative name (see [`crate::file_names`]) for a file path inside the content folder.
pub fn relative(content: &Path, path: &Path) -> Option<String> {
    path.strip_prefix(content).ok().map(crate::file_names::name)
}
