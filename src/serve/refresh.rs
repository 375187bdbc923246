//! One incremental rebuild of some pages of the served site: re-reading a page (and moving it
//! when its file or slug moved), finding the pages that show it, rendering them, and putting
//! everything back when the attempt fails. [`super::state`] decides what to refresh.

use std::collections::HashSet;

use rayon::prelude::*;

use super::memory::{MemorySink, Served};
use crate::build::{self, Prepared};
use crate::content::{Page, PageId, output_file, read};
use crate::diagnostic::Diagnostics;
use crate::markdown::{CodeHighlighter, Resolution};
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
    },
    Structural,
}

/// A page as it was before a refresh touched it.
pub(super) struct Saved {
    pub(super) id: PageId,
    page: Page,
    rendered: build::pages::RenderedPage,
    ids: HashSet<String>,
    title: String,
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
        let rendered = self.render_markdown(id, diagnostics);
        let title_changed = rendered.title != self.prepared.titles[id];
        let old_title = std::mem::replace(&mut self.prepared.titles[id], rendered.title.clone());
        let old_ids = std::mem::replace(&mut self.prepared.ids[id], rendered.ids.clone());
        let ids_changed = old_ids != rendered.ids;
        let old_rendered = std::mem::replace(&mut self.prepared.rendered[id], rendered);
        self.saved.push(Saved {
            id,
            page: old_page,
            rendered: old_rendered,
            ids: old_ids,
            title: old_title,
        });
        Reread::Changed {
            ids_changed,
            listing_changed: !same_listing || title_changed || moved,
            moved_from,
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
        let referenced =
            |id: PageId| typed[id].is_some() || typed.iter().flatten().any(|t| refers_to(t, id));
        let kinds_too = pages.iter().any(|&id| referenced(id));
        all.filter(|&id| {
            let below =
                content.ancestors(id).iter().any(|a| roots.contains(a)) || roots.contains(&id);
            below || (kinds_too && (typed[id].is_some() || content.pages[id].is_section))
        })
        .collect()
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
            search_text: self.site.search_text,
        };
        build::pages::render_page(&stage, id, self.highlighter)
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

    /// Renders the templates of `pages`: output path and file, ready to serve. With `listings`,
    /// also the generated pages (404, channels, finder, redirects...) and the feeds, which list
    /// titles and dates.
    pub(super) fn render(
        &self,
        pages: &[PageId],
        listings: bool,
        diagnostics: &Diagnostics,
    ) -> Vec<(String, Served)> {
        let Some(templates) = &self.prepared.templates else {
            return Vec::new();
        };
        let bases = (
            self.site.config.base_path(),
            self.site.config.absolute_base(),
        );
        let renderer = self.prepared.renderer(self.site, templates, &bases);
        let mut files: Vec<(String, Served)> = pages
            .par_iter()
            .filter_map(|&id| match renderer.render_page(id) {
                Ok(html) => Some((
                    output_file(&self.prepared.content.pages[id].url),
                    Served::from_slice(html.as_bytes()),
                )),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            })
            .collect();
        if listings {
            let sink = MemorySink::default();
            build::write_generated(&renderer, &sink, diagnostics);
            build::write_feeds(self.site, self.prepared, &sink, diagnostics);
            files.extend(sink.into_files());
        }
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
            self.prepared.rendered[saved.id] = saved.rendered;
            self.prepared.ids[saved.id] = saved.ids;
            self.prepared.titles[saved.id] = saved.title;
        }
        if listing {
            build::nav::sort_children(&mut self.prepared.content, &self.prepared.titles);
        }
    }
}

/// True when typed page data `typed` refers to page `id`.
fn refers_to(typed: &crate::kinds::Typed, id: PageId) -> bool {
    use crate::kinds::{Typed, Who};
    match typed {
        Typed::Response(r) => r.replaced_by == Some(id) || r.experts.contains(&id),
        Typed::Escalation(e) => {
            e.responses.contains(&id)
                || e.steps
                    .iter()
                    .any(|s| matches!(s.who, Who::Page(p) if p == id))
        }
        Typed::Role(r) => r.levels.contains(&id) || matches!(r.reports_to, Some(Ok(p)) if p == id),
        Typed::Expert(_) | Typed::Guideline(_) => false,
    }
}
