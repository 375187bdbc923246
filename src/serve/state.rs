//! Incremental rebuilds. The serve loop keeps the prepared site (pages, rendered Markdown,
//! titles, ids) between changes: an edited page is re-read, its Markdown and template rendered
//! again, and only the pages that depend on it are redone. Anything that changes the shape of
//! the site (a new, moved or deleted file, a title, weight, slug or date, a template, the
//! configuration) rebuilds everything in memory. A build with errors is never published: the
//! last good site stays served and the errors go to the overlay.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::memory::{MemorySink, Served};
use super::published::SharedSite;
use super::reload::Reload;
use crate::build::{self, Prepared};
use crate::content::{Page, PageId, output_file, read};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{CodeHighlighter, Resolution};
use crate::site::Site;

/// How `serve` was asked to open the site.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub root: PathBuf,
    pub drafts: bool,
}

/// The result of one rebuild.
#[derive(Debug)]
pub struct Update {
    /// What the browsers should do; `None` when nothing served changed.
    pub reload: Option<Reload>,
    /// New problems to print (the errors and warnings of what was rebuilt).
    pub diagnostics: Vec<Diagnostic>,
    /// One line for the terminal.
    pub summary: String,
}

/// What a batch of changed paths asks for.
enum Plan {
    Nothing,
    /// Re-render these pages; replace these other files.
    Incremental {
        pages: Vec<PageId>,
        files: Vec<(String, PathBuf)>,
    },
    Full,
}

/// The site being served and everything needed to rebuild part of it.
pub struct LiveSite {
    options: SiteOptions,
    /// `None` until a build got as far as reading the configuration.
    state: Option<(Site, Prepared)>,
    /// Whether the published files come from a build without errors.
    /// The files on disk moved on from the published site: the last full rebuild failed.
    stale: bool,
    /// The errors of the published site (a site may be served with errors it had from the start).
    good_errors: Vec<Diagnostic>,
    /// Paths of a failed incremental attempt, retried with the next change.
    pending: BTreeSet<PathBuf>,
    highlighter: CodeHighlighter,
    published: SharedSite,
    /// Pages were re-rendered one by one since the search index was last written.
    search_stale: bool,
}

impl LiveSite {
    /// Builds the whole site and publishes it (with its errors, if any).
    pub fn open(options: SiteOptions, published: SharedSite) -> (LiveSite, Update) {
        let mut live = LiveSite {
            options,
            state: None,
            stale: false,
            good_errors: Vec::new(),
            pending: BTreeSet::new(),
            highlighter: CodeHighlighter::new(),
            published,
            search_stale: false,
        };
        let update = live.full_rebuild();
        (live, update)
    }

    /// The site as last opened, for the watcher's paths.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|(site, _)| site)
    }

    /// Rebuilds after the files at `paths` changed.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let mut all: BTreeSet<PathBuf> = std::mem::take(&mut self.pending);
        all.extend(paths.iter().cloned());
        match self.plan(&all) {
            Plan::Nothing => Update {
                reload: None,
                diagnostics: Vec::new(),
                summary: String::new(),
            },
            Plan::Full => self.full_rebuild(),
            Plan::Incremental { pages, files } => match self.incremental(&pages, &files) {
                Some(update) => {
                    if update.diagnostics.iter().any(Diagnostic::is_error) {
                        self.pending = all;
                    }
                    update
                }
                None => self.full_rebuild(),
            },
        }
    }

    /// Rebuilds everything in memory; publishes it unless it has errors and a good site exists.
    fn full_rebuild(&mut self) -> Update {
        let started = Instant::now();
        let site = match Site::open(&self.options.root, None, self.options.drafts) {
            Ok(Ok(site)) => site,
            Ok(Err(diagnostic)) => return self.failed(vec![diagnostic], started),
            Err(err) => {
                return self.failed(
                    vec![Diagnostic::error(&self.options.root, format!("{err:#}"))],
                    started,
                );
            }
        };
        let diagnostics = Diagnostics::default();
        let prepared = build::prepare(&site, &diagnostics);
        let sink = MemorySink::default();
        let pages = build::write(&site, &prepared, &sink, &diagnostics);
        let diagnostics = diagnostics.into_sorted();
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if self.state.is_some() && introduces(&errors, &self.good_errors) {
            return self.failed(diagnostics, started);
        }
        {
            let mut published = self.published.write();
            published.files = sink.into_files();
            published.base_path = site.config.base_path();
            published.set_errors(errors.clone());
        }
        self.stale = false;
        self.good_errors = errors;
        self.state = Some((site, prepared));
        let summary = format!(
            "Rebuilt {pages} pages in {} ms",
            started.elapsed().as_millis()
        );
        Update {
            reload: Some(Reload::Page),
            diagnostics,
            summary,
        }
    }

    /// Keeps the last good site and shows `diagnostics`' errors; retries in full next time.
    fn failed(&mut self, diagnostics: Vec<Diagnostic>, started: Instant) -> Update {
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        self.published.write().set_errors(errors.clone());
        self.stale = true;
        let summary = format!(
            "Build failed with {} error(s) in {} ms; serving the last good site",
            errors.len(),
            started.elapsed().as_millis()
        );
        Update {
            reload: Some(Reload::Page),
            diagnostics,
            summary,
        }
    }

    /// Decides between nothing, a partial and a full rebuild.
    fn plan(&self, paths: &BTreeSet<PathBuf>) -> Plan {
        let Some((site, prepared)) = self.state.as_ref().filter(|_| !self.stale) else {
            return Plan::Full;
        };
        let (mut pages, mut files) = (Vec::new(), Vec::new());
        for path in paths {
            let exists = path.exists();
            if path.is_dir() {
                return Plan::Full;
            }
            if path == &site.paths.root.join("handbook.yml") {
                return Plan::Full;
            }
            if let Some(rel) = relative(&site.paths.theme_dir, path) {
                match rel.strip_prefix("static/") {
                    Some(out) if prepared.files.contains(out) && exists => {
                        files.push((out.to_owned(), path.clone()))
                    }
                    Some(_) if !exists => {}
                    _ => return Plan::Full,
                }
                continue;
            }
            if let Some(rel) = relative(&site.paths.static_dir, path) {
                match (prepared.files.contains(&rel), exists) {
                    (true, true) => files.push((rel, path.clone())),
                    (false, false) if !rel.is_empty() => {}
                    _ => return Plan::Full,
                }
                continue;
            }
            let Some(rel) = relative(&site.paths.content, path) else {
                continue;
            };
            if rel.split('/').any(|part| part.starts_with('.')) {
                continue;
            }
            let known_page = prepared.content.by_source.get(&rel).copied();
            let known_file = prepared.content.assets.contains(&rel);
            match (known_page, known_file, exists) {
                (Some(id), _, true) => pages.push(id),
                (None, true, true) => files.push((rel, path.clone())),
                (None, false, false) if !is_deleted_folder(prepared, &rel) => {}
                (None, false, true) if crate::content::walk::is_markdown(&rel) && site.drafts => {
                    return Plan::Full;
                }
                _ => return Plan::Full,
            }
        }
        if pages.is_empty() && files.is_empty() {
            return Plan::Nothing;
        }
        pages.sort_unstable();
        pages.dedup();
        Plan::Incremental { pages, files }
    }

    /// Re-renders `pages` and replaces `files`; `None` when the change turns out to need a full
    /// rebuild (a title, weight, slug or date changed).
    fn incremental(&mut self, pages: &[PageId], files: &[(String, PathBuf)]) -> Option<Update> {
        let started = Instant::now();
        let (site, prepared) = self.state.as_mut()?;
        let diagnostics = Diagnostics::default();
        let mut changed_files = HashMap::new();
        let mut css_only = true;
        for (rel, path) in files {
            let bytes = std::fs::read(path).ok()?;
            let served = Served::new(bytes);
            if self
                .published
                .read()
                .files
                .get(rel)
                .is_some_and(|old| old.etag == served.etag)
            {
                continue;
            }
            css_only &= rel.ends_with(".css");
            changed_files.insert(rel.clone(), served);
        }
        let mut refresh = PageRefresh {
            site,
            prepared,
            highlighter: &mut self.highlighter,
            saved: Vec::new(),
        };
        let mut queue: Vec<PageId> = Vec::new();
        for &id in pages {
            match refresh.reread(id, false, &diagnostics) {
                Reread::Unchanged => {}
                Reread::Changed { ids_changed } => {
                    queue.push(id);
                    if ids_changed {
                        queue.extend(refresh.linking_to(id));
                    }
                }
                Reread::Structural => {
                    refresh.rollback();
                    return None;
                }
            }
        }
        queue.sort_unstable();
        queue.dedup();
        for &id in &queue {
            if !refresh.saved.iter().any(|s| s.0 == id) {
                refresh.reread(id, true, &diagnostics);
            }
        }
        refresh.check_links(&queue, &diagnostics);
        let html = refresh.render(&queue, &diagnostics);
        let diagnostics = diagnostics.into_sorted();
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        // The errors the refreshed pages had before, which they may keep without blocking.
        let shown: Vec<PathBuf> = queue
            .iter()
            .map(|&id| refresh.prepared.content.pages[id].shown.clone())
            .collect();
        let (before, others): (Vec<Diagnostic>, Vec<Diagnostic>) = self
            .good_errors
            .iter()
            .cloned()
            .partition(|d| shown.contains(&d.path));
        let mut now = others;
        now.extend(errors.iter().cloned());
        if introduces(&errors, &before) {
            refresh.rollback();
            self.published.write().set_errors(now);
            let summary = format!(
                "Rebuild failed; serving the last good site ({} ms)",
                started.elapsed().as_millis()
            );
            return Some(Update {
                reload: Some(Reload::Page),
                diagnostics,
                summary,
            });
        }
        let had_errors = self.published.read().errors.len() != now.len();
        self.good_errors = now.clone();
        let count = html.len();
        if count == 0 && changed_files.is_empty() && !had_errors {
            return Some(Update {
                reload: None,
                diagnostics,
                summary: String::new(),
            });
        }
        let mut published = self.published.write();
        published.files.extend(
            html.into_iter()
                .map(|(rel, bytes)| (rel, Served::new(bytes))),
        );
        published.files.extend(changed_files);
        published.set_errors(now);
        self.search_stale |= count > 0;
        let reload = if count == 0 && css_only && !had_errors {
            Reload::Css
        } else {
            Reload::Page
        };
        let summary = format!(
            "Rebuilt {count} page(s) and {} file(s) in {} ms",
            files.len(),
            started.elapsed().as_millis()
        );
        Some(Update {
            reload: Some(reload),
            diagnostics,
            summary,
        })
    }
}

impl LiveSite {
    /// Writes the search index again after pages were re-rendered one by one, so that the
    /// served site's search finds what the pages now say. It runs after the reload event went
    /// out: the page the editor looks at is not kept waiting for the index of the whole site.
    pub fn refresh_search(&mut self) {
        if !std::mem::take(&mut self.search_stale) {
            return;
        }
        let Some((site, prepared)) = &self.state else {
            return;
        };
        let input = crate::search::IndexInput {
            content: &prepared.content,
            rendered: &prepared.rendered,
            titles: &prepared.titles,
            language: &site.config.language,
            responses_first: site.config.search.responses_first,
        };
        let sink = MemorySink::default();
        if crate::search::write_index(&input, &sink).is_err() {
            return;
        }
        let index_dir = format!("{}/", crate::search::DIR);
        let search_page = format!("{index_dir}index.html");
        let mut published = self.published.write();
        published
            .files
            .retain(|rel, _| !rel.starts_with(&index_dir) || *rel == search_page);
        published.files.extend(sink.into_files());
    }
}

fn relative(dir: &Path, path: &Path) -> Option<String> {
    path.strip_prefix(dir)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

/// True when `rel` was a folder of the content (its files are gone with it).
fn is_deleted_folder(prepared: &Prepared, rel: &str) -> bool {
    prepared.content.by_dir.contains_key(rel) || {
        let prefix = format!("{rel}/");
        prepared
            .content
            .by_source
            .keys()
            .any(|k| k.starts_with(&prefix))
            || prepared
                .content
                .assets
                .iter()
                .any(|a| a.starts_with(&prefix))
    }
}

/// What re-reading one page found.
enum Reread {
    Unchanged,
    Changed { ids_changed: bool },
    Structural,
}

/// One incremental rebuild of some pages, undone by [`PageRefresh::rollback`] when it fails.
struct PageRefresh<'a> {
    site: &'a Site,
    prepared: &'a mut Prepared,
    highlighter: &'a mut CodeHighlighter,
    /// The previous state of every page touched, to roll back.
    saved: Vec<(
        PageId,
        Page,
        build::pages::RenderedPage,
        std::collections::HashSet<String>,
    )>,
}

impl PageRefresh<'_> {
    /// Reads page `id` again and renders its Markdown; `force` re-renders an unchanged file too
    /// (a page whose links point at a page that changed).
    fn reread(&mut self, id: PageId, force: bool, diagnostics: &Diagnostics) -> Reread {
        let old = &self.prepared.content.pages[id];
        let path = self.site.paths.content.join(&old.rel_path);
        let mut page = read::read_page(&path, &old.rel_path, old.shown.clone(), diagnostics);
        if !force && page.text == old.text {
            return Reread::Unchanged;
        }
        let same_shape = page.front.title == old.front.title
            && page.front.description == old.front.description
            && page.front.weight == old.front.weight
            && page.front.slug == old.front.slug
            && page.front.draft == old.front.draft
            && page.front.aliases == old.front.aliases
            && page.front.url == old.front.url
            && page.front.hidden == old.front.hidden
            && page.front.nav_title == old.front.nav_title
            && page.front.publish_date == old.front.publish_date
            && page.front.expiry_date == old.front.expiry_date
            && page.front.kind == old.front.kind
            && page.date == old.date
            && page.updated == old.updated;
        if !same_shape {
            return Reread::Structural;
        }
        page.is_section = old.is_section;
        page.bundle = old.bundle;
        page.dir = old.dir.clone();
        page.url = old.url.clone();
        page.parent = old.parent;
        page.children = old.children.clone();
        let old_page = std::mem::replace(&mut self.prepared.content.pages[id], page);
        let rendered = self.render_markdown(id, diagnostics);
        if rendered.title != self.prepared.titles[id] {
            self.prepared.content.pages[id] = old_page;
            return Reread::Structural;
        }
        let old_ids = std::mem::replace(&mut self.prepared.ids[id], rendered.ids.clone());
        let ids_changed = old_ids != rendered.ids;
        let old_rendered = std::mem::replace(&mut self.prepared.rendered[id], rendered);
        self.saved.push((id, old_page, old_rendered, old_ids));
        Reread::Changed { ids_changed }
    }

    /// Parses the typed front matter of page `id` again and renders its Markdown.
    fn render_markdown(
        &mut self,
        id: PageId,
        diagnostics: &Diagnostics,
    ) -> build::pages::RenderedPage {
        let prepared = &mut *self.prepared;
        let config = &self.site.config;
        let index = build::links::LinkIndex {
            content: &prepared.content,
            base_path: config.base_path(),
            files: &prepared.files,
        };
        if prepared.content.pages[id].front.kind.is_some() {
            // References between typed pages are checked site-wide; keep this page's findings.
            let scratch = Diagnostics::default();
            let mut typed = crate::kinds::schema::parse_all(&index, config, &scratch);
            let shown = &prepared.content.pages[id].shown;
            diagnostics.extend(
                scratch
                    .into_sorted()
                    .into_iter()
                    .filter(|d| &d.path == shown),
            );
            prepared.typed[id] = typed.swap_remove(id);
        }
        let stage = build::pages::MarkdownStage {
            index: &index,
            typed: &prepared.typed,
            config,
            diagnostics,
            shortcodes: prepared
                .templates
                .as_ref()
                .map(|templates| build::pages::ShortcodeSite {
                    templates,
                    paths: &self.site.paths,
                }),
        };
        build::pages::render_page(&stage, id, self.highlighter)
    }

    /// Pages with a link to page `id` (their anchor checks depend on its headings).
    fn linking_to(&self, id: PageId) -> Vec<PageId> {
        let rendered = &self.prepared.rendered;
        (0..rendered.len())
            .filter(|&p| p != id && rendered[p].links.iter().any(|l| matches!(l.resolution, Resolution::Internal { page: Some(target), .. } if target == id)))
            .collect()
    }

    /// Checks the links of `pages` and rewrites loosely written anchors.
    fn check_links(&mut self, pages: &[PageId], diagnostics: &Diagnostics) {
        let prepared = &mut *self.prepared;
        let links = pages
            .iter()
            .flat_map(|&id| prepared.rendered[id].links.iter());
        let fixes = build::links::check(
            &prepared.content,
            &prepared.ids,
            links,
            self.site.config.broken_links,
            diagnostics,
        );
        build::apply_anchor_fixes(&mut prepared.rendered, &fixes);
    }

    /// Renders the templates of `pages`: output path and HTML.
    fn render(&self, pages: &[PageId], diagnostics: &Diagnostics) -> Vec<(String, Vec<u8>)> {
        let Some(templates) = &self.prepared.templates else {
            return Vec::new();
        };
        let bases = (
            self.site.config.base_path(),
            self.site.config.absolute_base(),
        );
        let renderer = self.prepared.renderer(self.site, templates, &bases);
        pages
            .iter()
            .filter_map(|&id| match renderer.render_page(id) {
                Ok(html) => Some((
                    output_file(&self.prepared.content.pages[id].url),
                    html.into_bytes(),
                )),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            })
            .collect()
    }

    /// Puts every touched page back as it was.
    fn rollback(&mut self) {
        for (id, page, rendered, ids) in self.saved.drain(..).rev() {
            self.prepared.content.pages[id] = page;
            self.prepared.rendered[id] = rendered;
            self.prepared.ids[id] = ids;
        }
    }
}

/// True when `new` has an error that `old` does not (compared as printed).
fn introduces(new: &[Diagnostic], old: &[Diagnostic]) -> bool {
    let old: std::collections::HashSet<String> = old.iter().map(ToString::to_string).collect();
    new.iter()
        .any(|d| d.is_error() && !old.contains(&d.to_string()))
}
