//! One incremental rebuild of some pages of the served site: re-reading a page (and moving it
//! when its file or slug moved), finding the pages that show it, rendering them, and putting
//! everything back when the attempt fails. [`super::state`] decides what to refresh; the
//! pipeline's per-page operations ([`Prepared::rerender`], [`Prepared::recheck_links`],
//! [`Prepared::render_pages`]) do the work.

use super::memory::{MemorySink, Served};
use crate::content::{Page, PageId, read};
use crate::diagnostic::Diagnostics;
use crate::markdown::{CodeHighlighter, Resolution};
use crate::pipeline::Prepared;
use crate::pipeline::prepared::PageState;
use crate::site::Site;

/// What re-reading one page found.
pub(super) enum Reread {
    Unchanged,
    Changed {
        ids_changed: bool,
        /// What other pages show of it changed: title, description, weight, dates, its URL.
        listing_changed: bool,
        /// It moved (another file, or another slug): its old URL and parent section.
        moved_from: Option<(String, Option<PageId>)>,
        /// It has typed front matter (now or before): other pages show some of it.
        typed: bool,
    },
    Structural,
}

/// A page as it was before a refresh touched it.
pub(super) struct Saved {
    pub(super) id: PageId,
    page: Page,
    state: PageState,
}

/// One incremental rebuild of some pages, undone by [`PageRefresh::rollback`] when it fails.
pub(super) struct PageRefresh<'a> {
    pub(super) site: &'a Site,
    pub(super) prepared: &'a mut Prepared,
    pub(super) highlighter: &'a mut CodeHighlighter,
    /// The previous state of every page touched, to roll back.
    pub(super) saved: Vec<Saved>,
}

impl PageRefresh<'_> {
    /// Reads page `id` again and renders its Markdown; `force` re-renders an unchanged file too
    /// (a page whose links point at a page that changed, or that includes a changed file).
    pub(super) fn reread(
        &mut self,
        id: PageId,
        force: bool,
        to: Option<&str>,
        diagnostics: &Diagnostics,
    ) -> Reread {
        let old = &self.prepared.content.pages[id];
        let rel = to.unwrap_or(&old.rel_path).to_owned();
        let path = self.prepared.content.source(&self.site.paths.content, &rel);
        let shown = match to {
            Some(_) => self.site.shown(&path),
            None => old.shown.clone(),
        };
        let mut page = read::read_page(&path, &rel, shown, diagnostics);
        if !force && page.text == old.text {
            return Reread::Unchanged;
        }
        // A page without `updated` keeps git's date, and an edit not committed yet is a change
        // made now (see `build/history.rs`).
        let history = &mut self.prepared.history;
        if page.updated.is_none()
            && let Some(h) = history.pages.get_mut(id)
        {
            if page.text != old.text && history.git {
                h.changed_now = true;
                h.dated_by_git = true;
                page.updated = Some(self.prepared.options.today);
            } else if h.dated_by_git {
                page.updated = old.updated;
            }
        }
        let (new, old_front) = (&page.front, &old.front);
        // What decides whether the page exists and what else is published for it: changing it
        // rebuilds everything.
        let same_existence = new.draft == old_front.draft
            && new.aliases == old_front.aliases
            && new.hidden == old_front.hidden
            && new.publish_date == old_front.publish_date
            && new.expiry_date == old_front.expiry_date
            && new.kind == old_front.kind;
        if !same_existence {
            return Reread::Structural;
        }
        let same_listing = new.title == old_front.title
            && new.description == old_front.description
            && new.weight == old_front.weight
            && new.nav_title == old_front.nav_title
            && page.date == old.date
            && page.updated == old.updated;
        page.is_section = old.is_section;
        page.bundle = old.bundle;
        page.children = old.children.clone();
        match to {
            Some(rel) => {
                page.dir = crate::content::parent(rel).to_owned();
                page.parent = Some(
                    self.prepared
                        .content
                        .by_dir
                        .get(&page.dir)
                        .copied()
                        .unwrap_or(0),
                );
            }
            None => {
                page.dir = old.dir.clone();
                page.parent = old.parent;
            }
        }
        page.url = self.prepared.content.url_for(&page);
        let moved = to.is_some() || page.url != old.url;
        let content = &self.prepared.content;
        if moved
            && (page.is_section
                || page.bundle
                || content
                    .by_url
                    .get(&page.url)
                    .is_some_and(|&other| other != id))
        {
            // A section or bundle takes its files along; two pages on one URL is an error the
            // full build reports.
            return Reread::Structural;
        }
        let moved_from = moved.then(|| (old.url.clone(), old.parent));
        let old_page = std::mem::replace(&mut self.prepared.content.pages[id], page);
        if moved {
            self.relocate(id, &old_page);
        }
        let again = self
            .prepared
            .rerender(self.site, id, self.highlighter, diagnostics);
        let typed = again.before.typed().is_some() || self.prepared.typed[id].is_some();
        self.saved.push(Saved {
            id,
            page: old_page,
            state: again.before,
        });
        Reread::Changed {
            ids_changed: again.ids_changed,
            listing_changed: !same_listing || again.title_changed || moved,
            moved_from,
            typed,
        }
    }

    /// Updates the site's lookups after page `id` moved away from where `from` was: its
    /// source path and URL, and the children of the sections it left and joined.
    fn relocate(&mut self, id: PageId, from: &Page) {
        let content = &mut self.prepared.content;
        let (rel, url, parent) = {
            let page = &content.pages[id];
            (page.rel_path.clone(), page.url.clone(), page.parent)
        };
        content.by_source.remove(&from.rel_path);
        content.by_source.insert(rel, id);
        content.by_url.remove(&from.url);
        content.by_url.insert(url, id);
        if from.parent != parent && !from.front.hidden {
            if let Some(old) = from.parent {
                content.pages[old].children.retain(|&c| c != id);
            }
            if let Some(new) = parent {
                content.pages[new].children.push(id);
            }
        }
    }

    /// The pages that show something of `pages` besides the pages themselves (and of the
    /// sections in `left`, which moved pages left): everything below each one's parent section
    /// (navigation, breadcrumbs, prev/next, the section's listing; the whole site for top-level
    /// pages and the home page), and every typed page and section when typed content is
    /// involved (references, ladders, expert lists).
    pub(super) fn showing_listings_of(&self, pages: &[PageId], left: &[PageId]) -> Vec<PageId> {
        let content = &self.prepared.content;
        let typed = &self.prepared.typed;
        let all = 0..content.pages.len();
        let mut roots: Vec<PageId> = pages
            .iter()
            .map(|&id| content.pages[id].parent.unwrap_or(0))
            .chain(left.iter().copied())
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.contains(&0) {
            return all.collect();
        }
        let backlinks = &self.prepared.backlinks;
        let referenced = |id: PageId| typed[id].is_some() || !backlinks.of(id).is_empty();
        let kinds_too = pages.iter().any(|&id| referenced(id));
        all.filter(|&id| {
            let below =
                content.ancestors(id).iter().any(|a| roots.contains(a)) || roots.contains(&id);
            below || (kinds_too && (typed[id].is_some() || content.pages[id].is_section))
        })
        .collect()
    }

    /// The pages besides page `id` that show some of its typed front matter, as it is now and
    /// as it was before this refresh: the pages it refers to (their backlinks), the typed
    /// pages that refer to it (an escalation path shows its responses' status), the roles of
    /// its family (the ladder shows their grades), its section (experts by topic) and the page
    /// that hosts the responses finder. The generated pages (channels, the finder) show it too.
    pub(super) fn showing_typed_data_of(&self, id: PageId) -> Vec<PageId> {
        let prepared = &*self.prepared;
        let before = self
            .saved
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.state.typed());
        let now = prepared.typed[id].as_ref();
        let mut pages: Vec<PageId> = before
            .into_iter()
            .chain(now)
            .flat_map(crate::kinds::Typed::references)
            .chain(prepared.backlinks.of(id).iter().copied())
            .collect();
        let families: Vec<&str> = before
            .into_iter()
            .chain(now)
            .filter_map(|t| match t {
                crate::kinds::Typed::Role(r) if !r.family.is_empty() => Some(r.family.as_str()),
                _ => None,
            })
            .collect();
        if !families.is_empty() {
            pages.extend((0..prepared.typed.len()).filter(|&i| {
                matches!(&prepared.typed[i], Some(crate::kinds::Typed::Role(r)) if families.contains(&r.family.as_str()))
            }));
        }
        pages.extend(prepared.content.pages[id].parent);
        pages.extend(prepared.content.by_url.get(crate::urls::FINDER).copied());
        pages.retain(|&p| p != id);
        pages.sort_unstable();
        pages.dedup();
        pages
    }

    /// Pages with a link to page `id` (their anchor checks depend on its headings).
    pub(super) fn linking_to(&self, id: PageId) -> Vec<PageId> {
        let rendered = &self.prepared.rendered;
        (0..rendered.len())
            .filter(|&p| {
                p != id
                    && rendered[p].links.iter().any(|l| {
                        matches!(l.resolution,
                            Resolution::Internal { page: Some(target), .. } if target == id)
                    })
            })
            .collect()
    }

    /// Checks the links of `pages` and rewrites loosely written anchors.
    pub(super) fn check_links(&mut self, pages: &[PageId], diagnostics: &Diagnostics) {
        self.prepared.recheck_links(pages, diagnostics);
    }

    /// Renders the templates of `pages`: output path and file, ready to serve. With `listings`,
    /// also the generated pages (404, channels, finder, redirects...) and the feeds, which list
    /// titles and dates.
    pub(super) fn render(
        &mut self,
        pages: &[PageId],
        listings: bool,
        diagnostics: &Diagnostics,
    ) -> Vec<(String, Served)> {
        let sink = MemorySink::default();
        let mut files: Vec<(String, Served)> = self.prepared.render_pages(
            self.site,
            pages,
            listings.then_some(&sink as &dyn crate::output::Sink),
            diagnostics,
            |rel, html| (rel, Served::from_slice(html.as_bytes())),
        );
        files.extend(sink.into_files());
        files
    }

    /// Puts every touched page back as it was.
    pub(super) fn rollback(&mut self) {
        let listing = !self.saved.is_empty();
        for saved in std::mem::take(&mut self.saved).into_iter().rev() {
            let now = &self.prepared.content.pages[saved.id];
            if now.url != saved.page.url || now.rel_path != saved.page.rel_path {
                // Back from where it moved to: `relocate` the other way round.
                let now = std::mem::replace(&mut self.prepared.content.pages[saved.id], saved.page);
                self.relocate(saved.id, &now);
            } else {
                self.prepared.content.pages[saved.id] = saved.page;
            }
            self.prepared.restore(saved.id, saved.state);
        }
        if listing {
            self.prepared.sort_navigation();
            self.prepared.find_generated(self.site);
        }
    }
}
