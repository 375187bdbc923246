//! Incremental rebuilds. The serve loop keeps the prepared site (pages, rendered Markdown,
//! titles, ids) between changes: an edited page is re-read, its Markdown and template rendered
//! again, and only the pages that depend on it are redone:
//!
//! - pages that link to it, when its headings changed (their anchor checks);
//! - pages that `include` a changed file;
//! - when what listings show changed (title, description, weight, dates) or the page moved (a
//!   renamed or moved file, a new slug): the navigation, breadcrumbs, prev/next and listing of
//!   every page below its parent section, old and new (the whole site for a top-level page),
//!   the pages that link to it (their links resolve again), the typed pages when typed content
//!   is involved, and the generated pages and feeds;
//! - when it has typed front matter: the pages that show some of it (those it refers to and
//!   those that refer to it, its role family, its section, the finder's page) and the
//!   generated pages (channel pages, the finder, `responses.json`).
//!
//! Anything that changes the set of pages (a new or deleted page, a draft, alias, kind or
//! publishing date), a moved section or bundle, a template or the configuration rebuilds
//! everything in memory. A build with errors is never published: the last good site stays
//! served and the errors go to the overlay. The page work itself is in [`super::refresh`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::memory::{MemorySink, Served};
use super::published::SharedSite;
use super::refresh::{PageRefresh, Reread};
use super::reload::Reload;
use super::search_refresh::SearchRefresher;
use crate::content::{PageId, output_file, relative};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::CodeHighlighter;
use crate::pipeline::{self, Prepared};
use crate::run_options::RunOptions;
use crate::search::documents::SearchPage;
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
    /// Re-read these pages if they changed, and these (which include a changed file) anyway;
    /// replace these other files; `moved` is a page whose file was renamed or moved (its new
    /// content-relative path).
    Incremental {
        pages: Vec<PageId>,
        forced: Vec<PageId>,
        files: Vec<(String, PathBuf)>,
        moved: Option<(PageId, String)>,
    },
    Full,
}

/// A batch of changed paths and what it asks for.
pub struct Batch {
    paths: BTreeSet<PathBuf>,
    plan: Plan,
}

impl Batch {
    /// True when the batch rebuilds the whole site.
    pub fn rebuilds_all(&self) -> bool {
        matches!(self.plan, Plan::Full)
    }
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
    /// What the search index knows of each page, kept between refreshes so that only the
    /// pages that changed are gathered again; `None` after a full rebuild.
    search_pages: Option<Arc<Vec<SearchPage>>>,
    /// Pages re-rendered since the search index was last refreshed.
    search_dirty: BTreeSet<PageId>,
    search_refresher: SearchRefresher,
}

impl LiveSite {
    /// Builds the whole site and publishes it (with its errors, if any).
    pub fn open(options: SiteOptions, published: SharedSite) -> (LiveSite, Update) {
        let refresher_site = published.clone();
        let mut live = LiveSite {
            options,
            state: None,
            stale: false,
            good_errors: Vec::new(),
            pending: BTreeSet::new(),
            highlighter: CodeHighlighter::new(),
            published,
            search_pages: None,
            search_dirty: BTreeSet::new(),
            search_refresher: SearchRefresher::start(refresher_site),
        };
        let update = live.full_rebuild();
        (live, update)
    }

    /// The site as last opened, for the watcher's paths.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|(site, _)| site)
    }

    /// Folders of included files that the site's own folders do not cover, to watch as well.
    pub fn include_folders(&self) -> BTreeSet<PathBuf> {
        let Some((site, prepared)) = &self.state else {
            return BTreeSet::new();
        };
        let paths = &site.paths;
        prepared
            .rendered
            .iter()
            .flat_map(|r| &r.includes)
            .filter_map(|file| file.parent())
            .filter(|dir| {
                !dir.starts_with(&paths.content)
                    && !dir.starts_with(&paths.static_dir)
                    && !dir.starts_with(paths.root.join("themes"))
                    && *dir != paths.root
            })
            .map(Path::to_path_buf)
            .collect()
    }

    /// Decides what the files at `paths` having changed asks for (with the paths of a failed
    /// attempt, retried); [`LiveSite::apply`] does it.
    pub fn plan_batch(&mut self, paths: &[PathBuf]) -> Batch {
        let mut all: BTreeSet<PathBuf> = std::mem::take(&mut self.pending);
        all.extend(paths.iter().cloned());
        let plan = self.plan(&all);
        Batch { paths: all, plan }
    }

    /// Rebuilds what `batch` asks for.
    pub fn apply(&mut self, batch: Batch) -> Update {
        let Batch { paths: all, plan } = batch;
        match plan {
            Plan::Nothing => Update {
                reload: None,
                diagnostics: Vec::new(),
                summary: String::new(),
            },
            Plan::Full => self.full_rebuild(),
            Plan::Incremental {
                pages,
                forced,
                files,
                moved,
            } => match self.incremental(&pages, &forced, &files, moved) {
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

    /// Rebuilds everything, whatever changed (a watched folder came back or was replaced).
    pub fn rebuild(&mut self) -> Update {
        self.pending.clear();
        self.full_rebuild()
    }

    /// Rebuilds everything in memory; publishes it unless it has errors and a good site exists.
    fn full_rebuild(&mut self) -> Update {
        let started = Instant::now();
        let site = match Site::open(&self.options.root, None) {
            Ok(Ok(site)) => site,
            Ok(Err(problems)) => return self.failed(problems, started),
            Err(err) => {
                return self.failed(
                    vec![Diagnostic::error(&self.options.root, format!("{err:#}"))],
                    started,
                );
            }
        };
        if let Some((served, _)) = &self.state
            && !served.bare_folder()
            && site.bare_folder()
        {
            // Without `content/` the site would be read as a bare folder of Markdown: its root.
            let content = served.paths.content.clone();
            return self.failed(vec![content_gone(&content)], started);
        }
        let diagnostics = Diagnostics::default();
        let options = RunOptions {
            drafts: self.options.drafts,
            preview: true,
            ..RunOptions::new(&site)
        };
        let prepared = pipeline::prepare(&site, &options, &diagnostics);
        let sink = MemorySink::default();
        let pages = pipeline::write(&site, &prepared, &sink, &diagnostics);
        let diagnostics = diagnostics.into_sorted();
        let errors = errors_in(&diagnostics);
        if self.state.is_some() && introduces(&errors, &self.good_errors) {
            return self.failed(diagnostics, started);
        }
        {
            let mut published = self.published.write();
            // Under the lock: a background search refresh still running must not publish its
            // index over this build's.
            self.search_refresher.cancel();
            self.search_pages = None;
            self.search_dirty.clear();
            published.files = sink.into_files();
            published.base_path = prepared.urls.base_path().to_owned();
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
        let errors = errors_in(&diagnostics);
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
        let mut forced: Vec<PageId> = Vec::new();
        // A rename or move shows as a page gone and a Markdown file new, in one batch.
        let (mut gone, mut new): (Vec<PageId>, Vec<String>) = (Vec::new(), Vec::new());
        for path in paths {
            // Whether a link is followed is the walk's to decide (see crate::symlinks).
            if path.is_symlink() {
                return Plan::Full;
            }
            let including = including(prepared, path);
            let exists = path.exists();
            if !including.is_empty() {
                forced.extend(including);
                let of_site = match relative(&site.paths.content, path) {
                    Some(rel) => {
                        prepared.content.by_source.contains_key(&rel)
                            || prepared.content.assets.contains(&rel)
                    }
                    None => {
                        path.starts_with(&site.paths.static_dir)
                            || path.starts_with(&site.paths.theme_dir)
                            || path == &site.paths.root.join("handbook.yml")
                    }
                };
                if !of_site {
                    // Only included: re-rendering the pages that include it is all it takes.
                    continue;
                }
            }
            if path.is_dir() {
                // A folder the site already has: the files that changed in it come as events
                // of their own (some watchers also report the folder). A new one: rebuild.
                if known_folder(site, prepared, path) {
                    continue;
                }
                return Plan::Full;
            }
            if path == &site.paths.root.join("handbook.yml")
                || path.starts_with(site.paths.root.join(crate::site_data::DIR))
            {
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
                (Some(id), _, false) => gone.push(id),
                (None, false, true)
                    if crate::content::walk::is_markdown(&rel)
                        && path.is_file()
                        && !prepared.options.drafts =>
                {
                    new.push(rel)
                }
                (None, true, true) => files.push((rel, path.clone())),
                (None, false, false) if !is_deleted_folder(prepared, &rel) => {}
                (None, false, true)
                    if crate::content::walk::is_markdown(&rel) && prepared.options.drafts =>
                {
                    return Plan::Full;
                }
                _ => return Plan::Full,
            }
        }
        let moved = match (gone.as_slice(), new.as_slice()) {
            ([], []) => None,
            ([id], [rel]) if movable(prepared, *id, rel) => Some((*id, rel.clone())),
            _ => return Plan::Full,
        };
        if pages.is_empty() && files.is_empty() && forced.is_empty() && moved.is_none() {
            return Plan::Nothing;
        }
        pages.sort_unstable();
        pages.dedup();
        forced.sort_unstable();
        forced.dedup();
        Plan::Incremental {
            pages,
            forced,
            files,
            moved,
        }
    }

    /// Re-renders `pages` (`forced` even when their file did not change) and replaces `files`;
    /// `None` when the change turns out to need a full rebuild (a page's URL or publishing
    /// changed).
    fn incremental(
        &mut self,
        pages: &[PageId],
        forced: &[PageId],
        files: &[(String, PathBuf)],
        moved: Option<(PageId, String)>,
    ) -> Option<Update> {
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
        let mut listed: Vec<PageId> = Vec::new();
        // Changed pages with typed front matter, which other pages show.
        let mut typed_pages: Vec<PageId> = Vec::new();
        // Output files of pages that moved, and the sections they left.
        let (mut old_outputs, mut old_parents) = (Vec::new(), Vec::new());
        let rereads = moved
            .iter()
            .map(|(id, rel)| (*id, true, Some(rel.as_str())))
            .chain(pages.iter().map(|&id| (id, false, None)))
            .chain(forced.iter().map(|&id| (id, true, None)));
        for (id, force, to) in rereads {
            if refresh.saved.iter().any(|s| s.id == id) {
                continue;
            }
            match refresh.reread(id, force, to, &diagnostics) {
                Reread::Unchanged => {}
                Reread::Changed {
                    ids_changed,
                    listing_changed,
                    moved_from,
                    typed,
                } => {
                    queue.push(id);
                    if typed {
                        typed_pages.push(id);
                    }
                    // Pages linking to it check their anchors again, or resolve their links
                    // again when it moved (links to its old place are now broken).
                    if ids_changed || moved_from.is_some() {
                        queue.extend(refresh.linking_to(id));
                    }
                    if listing_changed {
                        listed.push(id);
                    }
                    if let Some((url, parent)) = moved_from {
                        old_outputs.push(output_file(&url));
                        old_parents.extend(parent);
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
            if !refresh.saved.iter().any(|s| s.id == id) {
                refresh.reread(id, true, None, &diagnostics);
            }
        }
        refresh.check_links(&queue, &diagnostics);
        let mut to_render = queue.clone();
        if !listed.is_empty() {
            refresh.prepared.sort_navigation();
            to_render.extend(refresh.showing_listings_of(&listed, &old_parents));
        }
        for &id in &typed_pages {
            to_render.extend(refresh.showing_typed_data_of(id));
        }
        to_render.sort_unstable();
        to_render.dedup();
        let listings = !listed.is_empty() || !typed_pages.is_empty();
        let html = refresh.render(&to_render, listings, &diagnostics);
        let diagnostics = diagnostics.into_sorted();
        let errors = errors_in(&diagnostics);
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
        let count = to_render.len();
        if count == 0 && changed_files.is_empty() && !had_errors {
            return Some(Update {
                reload: None,
                diagnostics,
                summary: String::new(),
            });
        }
        let mut published = self.published.write();
        for rel in &old_outputs {
            published.files.remove(rel);
        }
        published.files.extend(html);
        published.files.extend(changed_files);
        published.set_errors(now);
        self.search_dirty.extend(to_render.iter().copied());
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
    /// served site's search finds what the pages now say. Only the changed pages' text is
    /// gathered here; the index itself is computed in the background (see [`SearchRefresher`]),
    /// so the next edit is not kept waiting for the index of the whole site.
    pub fn refresh_search(&mut self) {
        if self.search_dirty.is_empty() {
            return;
        }
        let Some((site, prepared)) = self
            .state
            .as_ref()
            .filter(|(site, _)| site.config.search.enabled)
        else {
            self.search_dirty.clear();
            return;
        };
        let (content, rendered, titles) = (&prepared.content, &prepared.rendered, &prepared.titles);
        let dirty = std::mem::take(&mut self.search_dirty);
        let pages = match &mut self.search_pages {
            Some(pages) => {
                // Copies the list only if a refresh still running holds it.
                let fresh: Vec<(PageId, SearchPage)> = dirty
                    .par_iter()
                    .map(|&id| {
                        (
                            id,
                            crate::pipeline::search_pages::one(content, rendered, titles, id),
                        )
                    })
                    .collect();
                let list = Arc::make_mut(pages);
                for (id, page) in fresh {
                    list[id] = page;
                }
                Arc::clone(pages)
            }
            None => Arc::clone(self.search_pages.insert(Arc::new(
                crate::pipeline::search_pages::collect(content, rendered, titles),
            ))),
        };
        self.search_refresher
            .request(pages, crate::search::IndexSettings::of(&site.config));
    }
}

/// True when `path` is a folder of the site that it already knows: a section, a folder of
/// `static/`, or one of the watched roots themselves.
fn known_folder(site: &Site, prepared: &Prepared, path: &Path) -> bool {
    let paths = &site.paths;
    if [&paths.content, &paths.static_dir, &paths.root].contains(&&path.to_path_buf()) {
        return true;
    }
    if let Some(rel) = relative(&paths.content, path) {
        return prepared.content.by_dir.contains_key(&rel);
    }
    relative(&paths.static_dir, path).is_some_and(|rel| {
        let prefix = format!("{rel}/");
        prepared.static_files.iter().any(|f| f.starts_with(&prefix))
    })
}

/// True when page `id` can move to the content-relative path `rel` without a full rebuild: a
/// plain page (not a section or a bundle) going to a plain page's place in a folder that is
/// already a section of the site.
fn movable(prepared: &Prepared, id: PageId, rel: &str) -> bool {
    let content = &prepared.content;
    let page = &content.pages[id];
    let dir = crate::content::parent(rel);
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let index_name = ["_index.", "index.", "readme."]
        .iter()
        .any(|prefix| name.starts_with(prefix));
    !page.is_section
        && !page.bundle
        && !index_name
        && content.by_dir.contains_key(dir)
        && !content.pages.iter().any(|p| p.bundle && p.dir == dir)
}

/// The pages whose `include` shortcodes read or looked for the file at `path`.
fn including(prepared: &Prepared, path: &Path) -> Vec<PageId> {
    (0..prepared.rendered.len())
        .filter(|&id| prepared.rendered[id].includes.iter().any(|f| f == path))
        .collect()
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

/// The error shown while the site's `content/` folder is missing.
fn content_gone(content: &Path) -> Diagnostic {
    Diagnostic::error(
        content,
        "the content folder is gone (deleted, moved or renamed); serving the last good site",
    )
    .help("put the folder back: the site is rebuilt as soon as it is there again")
}

/// The errors among `diagnostics` (what blocks publishing and what the overlay shows).
fn errors_in(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// True when `new` has an error that `old` does not (compared as printed).
fn introduces(new: &[Diagnostic], old: &[Diagnostic]) -> bool {
    let old: std::collections::HashSet<String> = old.iter().map(ToString::to_string).collect();
    new.iter()
        .any(|d| d.is_error() && !old.contains(&d.to_string()))
}
