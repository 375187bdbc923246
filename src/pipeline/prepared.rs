//! The site after every stage but the writing one, and the operations on it that both the
//! build and the preview server use: the build runs them on every page (see
//! [`super::prepare`] and [`super::write`]), `serve` on the pages an edit touches (as Zola's
//! `Site::add_and_render_page`). `serve` decides what to redo; how a stage is wired (link
//! index, Markdown stage, shortcodes, typed front matter) is known here only.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::generated::Generated;
use super::links::{self, LinkIndex};
use super::pages::{self, MarkdownStage, RenderedPage, ShortcodeSite};
use super::render::Renderer;
use super::translations::Translations;
use crate::content::{Content, PageId, output_file};
use crate::diagnostic::Diagnostics;
use crate::kinds::{self, Typed, backlinks::Backlinks};
use crate::markdown::CodeHighlighter;
use crate::output::Sink;
use crate::run_options::RunOptions;
use crate::site::Site;
use crate::templates::{Templates, Theme};
use crate::urls::Urls;

/// The site after every stage but the writing one: what `build` writes, and what `serve` keeps
/// between rebuilds so that one changed page does not cost a whole build.
pub struct Prepared {
    /// The options the site was prepared with; the later stages (and `serve`'s re-rendering of
    /// single pages) follow them too.
    pub options: RunOptions,
    pub theme: Theme,
    /// `None` when the templates have errors.
    pub templates: Option<Templates>,
    pub content: Content,
    /// The base path and every URL made from it.
    pub urls: Urls,
    /// Each page's git history and owners.
    pub history: super::history::History,
    /// The typed front matter of each page (responses, escalations...), indexed like `content.pages`.
    pub typed: Vec<Option<kinds::Typed>>,
    /// Which typed pages refer to each page, from `typed`.
    pub backlinks: Backlinks,
    /// Where the alias redirects and channel pages go, and which collide with a page.
    pub generated: Generated,
    /// Indexed like `content.pages`.
    pub rendered: Vec<RenderedPage>,
    pub titles: Vec<String>,
    /// Heading and element ids of each page, for anchor checks.
    pub ids: Vec<HashSet<String>>,
    /// Output paths of the files that are not pages; links to them resolve.
    pub files: HashSet<String>,
    /// Names of the files in `static/`, relative to it.
    pub static_files: Vec<String>,
    /// The real paths of the files in `static/` whose names are not their paths.
    pub static_sources: BTreeMap<String, PathBuf>,
    /// For one language of a multilingual site, the output paths of the files all languages
    /// share (`static/`, the theme's) and the base path they are published under.
    pub shared_files: Option<(HashSet<String>, String)>,
    /// Each page's versions in the other languages of a multilingual site (none otherwise).
    pub translations: Translations,
}

/// What a page was before [`Prepared::rerender`] replaced it, to put back with
/// [`Prepared::restore`].
pub struct PageState {
    typed: Option<Typed>,
    rendered: RenderedPage,
    title: String,
    ids: HashSet<String>,
}

impl PageState {
    /// The page's typed front matter as it was.
    pub fn typed(&self) -> Option<&Typed> {
        self.typed.as_ref()
    }
}

/// What [`Prepared::rerender`] changed of a page besides its HTML.
pub struct Rerendered {
    /// Its headings and ids (pages linking to it check their anchors again).
    pub ids_changed: bool,
    pub title_changed: bool,
    /// The page as it was.
    pub before: PageState,
}

impl Prepared {
    /// Everything a link can point to.
    fn link_index(&self) -> LinkIndex<'_> {
        LinkIndex {
            content: &self.content,
            base_path: self.urls.base_path().to_owned(),
            files: &self.files,
            shared: self.shared_link(),
        }
    }

    /// The files every language shares and where they are, for one language of several.
    pub fn shared_link(&self) -> Option<(&HashSet<String>, &str)> {
        self.shared_files
            .as_ref()
            .map(|(files, base)| (files, base.as_str()))
    }

    /// Parses the typed front matter of every page and finds what refers to what.
    pub(super) fn parse_kinds(&mut self, site: &Site, diagnostics: &Diagnostics) {
        let typed = kinds::schema::parse_all(&self.link_index(), &site.config, diagnostics);
        self.backlinks = Backlinks::new(&typed);
        self.typed = typed;
    }

    /// Renders the Markdown of every page, with its title and ids.
    pub(super) fn render_markdown(
        &mut self,
        site: &Site,
        highlighter: &CodeHighlighter,
        diagnostics: &Diagnostics,
    ) {
        let rendered = {
            let index = self.link_index();
            let stage = self.markdown_stage(site, &index, diagnostics);
            pages::render_all(&stage, highlighter)
        };
        self.titles = rendered.iter().map(|r| r.title.clone()).collect();
        self.ids = rendered.iter().map(|r| r.ids.clone()).collect();
        self.rendered = rendered;
    }

    fn markdown_stage<'a>(
        &'a self,
        site: &'a Site,
        index: &'a LinkIndex<'a>,
        diagnostics: &'a Diagnostics,
    ) -> MarkdownStage<'a> {
        MarkdownStage {
            index,
            typed: &self.typed,
            config: &site.config,
            diagnostics,
            shortcodes: self.templates.as_ref().map(|templates| ShortcodeSite {
                templates,
                paths: &site.paths,
            }),
            search_text: self.options.search_text,
            preview: self.options.preview,
        }
    }

    /// Reads the typed front matter of page `id` again (its content was replaced) and renders
    /// its Markdown; what it was is kept in the answer, for [`Prepared::restore`].
    pub fn rerender(
        &mut self,
        site: &Site,
        id: PageId,
        highlighter: &mut CodeHighlighter,
        diagnostics: &Diagnostics,
    ) -> Rerendered {
        let typed = match self.content.pages[id].front.kind {
            Some(_) => kinds::schema::parse_one(&self.link_index(), &site.config, id, diagnostics),
            None => self.typed[id].clone(),
        };
        let old_typed = std::mem::replace(&mut self.typed[id], typed);
        self.backlinks
            .replace(id, old_typed.as_ref(), self.typed[id].as_ref());
        let rendered = {
            let index = self.link_index();
            let stage = self.markdown_stage(site, &index, diagnostics);
            pages::render_page(&stage, id, highlighter)
        };
        let title_changed = rendered.title != self.titles[id];
        let title = std::mem::replace(&mut self.titles[id], rendered.title.clone());
        let ids = std::mem::replace(&mut self.ids[id], rendered.ids.clone());
        let ids_changed = ids != rendered.ids;
        let rendered = std::mem::replace(&mut self.rendered[id], rendered);
        Rerendered {
            ids_changed,
            title_changed,
            before: PageState {
                typed: old_typed,
                rendered,
                title,
                ids,
            },
        }
    }

    /// Puts page `id` back as [`Prepared::rerender`] found it.
    pub fn restore(&mut self, id: PageId, state: PageState) {
        self.backlinks
            .replace(id, self.typed[id].as_ref(), state.typed.as_ref());
        self.typed[id] = state.typed;
        self.rendered[id] = state.rendered;
        self.titles[id] = state.title;
        self.ids[id] = state.ids;
    }

    /// Sorts every section's children by weight and title, as every list shows them.
    pub fn sort_navigation(&mut self) {
        super::nav::sort_children(&mut self.content, &self.titles);
    }

    /// Checks the links of `pages` against the headings and ids of the pages they point at,
    /// and rewrites loosely written anchors.
    pub fn recheck_links(&mut self, pages: &[PageId], diagnostics: &Diagnostics) {
        let links = pages.iter().flat_map(|&id| self.rendered[id].links.iter());
        let fixes = links::check(
            &self.content,
            &self.ids,
            links,
            self.options.broken_links,
            diagnostics,
        );
        apply_anchor_fixes(&mut self.rendered, &fixes);
    }

    /// Finds where the generated pages go and which collide with a page (see [`Generated`]).
    pub fn find_generated(&mut self, site: &Site) {
        self.generated = Generated::find(&self.content, &site.config, &self.urls);
    }

    /// The template stage's view of this site.
    pub fn renderer<'a>(&'a self, site: &'a Site, templates: &'a Templates) -> Renderer<'a> {
        Renderer {
            today: self.options.today,
            site,
            content: &self.content,
            rendered: &self.rendered,
            titles: &self.titles,
            templates,
            urls: &self.urls,
            typed: &self.typed,
            backlinks: &self.backlinks,
            generated: &self.generated,
            history: &self.history,
            nav_cache: Default::default(),
            translations: &self.translations,
        }
    }

    /// Renders the templates of `pages`, handing each one's output path and HTML to `each`
    /// (nothing when the templates have errors). Given a sink for them, also writes what lists
    /// the site's pages besides the pages: the generated pages (404, search, redirects,
    /// channels, the finder, `responses.json`) and the feeds, after finding again where the
    /// generated pages go (a page that moved may have freed or taken a place). One renderer
    /// does both, so they share the navigation it renders.
    pub fn render_pages<T: Send>(
        &mut self,
        site: &Site,
        pages: &[PageId],
        listings: Option<&dyn Sink>,
        diagnostics: &Diagnostics,
        each: impl Fn(String, String) -> T + Sync,
    ) -> Vec<T> {
        if listings.is_some() {
            self.find_generated(site);
        }
        let Some(templates) = &self.templates else {
            return Vec::new();
        };
        let renderer = self.renderer(site, templates);
        let html = pages
            .par_iter()
            .filter_map(|&id| match renderer.render_page(id) {
                // `each` turns a page into what the caller keeps (serve compresses it) while
                // the other pages render, so the whole set is never held as HTML at once.
                Ok(html) => Some(each(output_file(&self.content.pages[id].url), html)),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            })
            .collect();
        if let Some(sink) = listings {
            super::write_generated(&renderer, sink, diagnostics);
            super::write_feeds(site, self, sink, diagnostics);
        }
        html
    }
}

/// Rewrites loosely written anchors to the ids they match.
fn apply_anchor_fixes(rendered: &mut [RenderedPage], fixes: &[crate::links::AnchorFix]) {
    let escaped = |href: &str| {
        let mut out = String::new();
        pulldown_cmark_escape::escape_href(&mut out, href).ok();
        format!("href=\"{out}\"")
    };
    for fix in fixes {
        let html = &mut rendered[fix.page].html;
        *html = html.replace(&escaped(&fix.from), &escaped(&fix.to));
    }
}
