//! The template stage: a view struct per page, rendered with the theme's templates and written
//! to the output, in parallel. A template error is reported once, not once per page.

use rayon::prelude::*;
use tera::Context;

use super::nav::Navigation;
use super::pages::RenderedPage;
use crate::content::{Content, PageId, dates, output_file};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::site::Site;
use crate::templates::Templates;
use crate::templates::views::{ChildView, LinkView, PageView};

/// Everything the template stage reads.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub content: &'a Content,
    pub rendered: &'a [RenderedPage],
    pub titles: &'a [String],
    pub templates: &'a Templates,
    pub base_path: &'a str,
    /// Absolute base URL (or the base path when none is configured), ending in `/`.
    pub absolute_base: &'a str,
}

impl Renderer<'_> {
    fn link(&self, id: PageId) -> LinkView {
        LinkView { title: self.titles[id].clone(), url: format!("{}{}", self.base_path, self.content.pages[id].url) }
    }

    fn kind(&self, id: PageId) -> &str {
        let page = &self.content.pages[id];
        match page.front.kind.as_deref() {
            Some(kind) if !kind.trim().is_empty() => kind.trim(),
            _ if page.is_section => "section",
            _ => "page",
        }
    }

    /// The template for a page: `home.html`, `section.html`, `<type>.html` or `page.html`.
    fn template_for(&self, id: PageId) -> String {
        let page = &self.content.pages[id];
        if id == 0 && self.templates.has("home.html") {
            return "home.html".into();
        }
        let kind = self.kind(id);
        let candidate = format!("{kind}.html");
        let safe = kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if safe && !matches!(kind, "base" | "home" | "404" | "redirect") && self.templates.has(&candidate) {
            return candidate;
        }
        if page.is_section { "section.html".into() } else { "page.html".into() }
    }

    fn siblings(&self, id: PageId) -> (Option<LinkView>, Option<LinkView>) {
        let page = &self.content.pages[id];
        let Some(parent) = page.parent.filter(|_| !page.is_section) else { return (None, None) };
        let pages: Vec<PageId> = self.content.pages[parent].children.iter().copied().filter(|&c| !self.content.pages[c].is_section).collect();
        let Some(position) = pages.iter().position(|&c| c == id) else { return (None, None) };
        let previous = position.checked_sub(1).map(|i| self.link(pages[i]));
        let next = pages.get(position + 1).map(|&c| self.link(c));
        (previous, next)
    }

    fn view(&self, id: PageId) -> PageView<'_> {
        let page = &self.content.pages[id];
        let rendered = &self.rendered[id];
        let url = format!("{}{}", self.base_path, page.url);
        let updated = page.updated.or(page.date);
        let source_path = if page.rel_path.ends_with('/') { String::new() } else { self.site.shown(&self.site.paths.content.join(&page.rel_path)).to_string_lossy().replace('\\', "/") };
        let edit_url = match (&self.site.config.edit_url, source_path.is_empty()) {
            (Some(template), false) => Some(template.replace("{path}", &source_path)),
            _ => None,
        };
        let (previous, next) = self.siblings(id);
        let children = page
            .children
            .iter()
            .map(|&c| {
                let child = &self.content.pages[c];
                ChildView {
                    title: self.titles[c].clone(),
                    url: format!("{}{}", self.base_path, child.url),
                    description: child.front.description.clone().unwrap_or_default(),
                    is_section: child.is_section,
                    kind: self.kind(c).to_owned(),
                }
            })
            .collect();
        PageView {
            title: &self.titles[id],
            description: page.front.description.as_deref().unwrap_or(""),
            permalink: format!("{}{}", self.absolute_base, page.url),
            url,
            content: &rendered.html,
            toc: &rendered.toc,
            date: page.date.map(|d| d.to_string()),
            updated: updated.map(|d| d.to_string()),
            updated_human: updated.map(dates::human),
            tags: &page.front.tags,
            kind: self.kind(id),
            is_section: page.is_section,
            is_home: id == 0,
            extra: &page.front.extra,
            word_count: rendered.word_count,
            reading_minutes: rendered.word_count.div_ceil(220).max(1),
            edit_url,
            source_path,
            breadcrumbs: self.content.ancestors(id).into_iter().map(|a| self.link(a)).collect(),
            previous,
            next,
            children,
        }
    }

    fn navigation(&self) -> Navigation<'_> {
        Navigation { content: self.content, titles: self.titles, base_path: self.base_path }
    }

    /// Renders one page's HTML.
    pub fn render_page(&self, id: PageId) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("page", &self.view(id));
        context.insert("nav", &self.navigation().for_page(Some(id)));
        self.templates.render(&self.template_for(id), &context)
    }

    /// Renders and writes every page; returns how many were written.
    pub fn write_all(&self, sink: &dyn Sink, diagnostics: &Diagnostics) -> usize {
        (0..self.content.pages.len())
            .into_par_iter()
            .filter(|&id| match self.render_page(id) {
                Ok(html) => match sink.write(&output_file(&self.content.pages[id].url), html.as_bytes()) {
                    Ok(()) => true,
                    Err(err) => {
                        diagnostics.push(Diagnostic::error(&self.content.pages[id].shown, format!("cannot write the page: {err}")));
                        false
                    }
                },
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    false
                }
            })
            .count()
    }

    /// The 404 page: the page template with a "not found" message.
    pub fn render_not_found(&self) -> Result<String, Diagnostic> {
        let body = format!(
            "<p>The page you asked for does not exist, or it has moved.</p><p><a href=\"{}\">Go to the home page</a> or use the navigation to find what you need.</p>",
            self.base_path
        );
        let no_toc = Vec::new();
        let empty_extra = serde_json::Map::new();
        let view = PageView {
            title: "Page not found",
            description: "",
            url: format!("{}404.html", self.base_path),
            permalink: format!("{}404.html", self.absolute_base),
            content: &body,
            toc: &no_toc,
            date: None,
            updated: None,
            updated_human: None,
            tags: &[],
            kind: "404",
            is_section: false,
            is_home: false,
            extra: &empty_extra,
            word_count: 0,
            reading_minutes: 0,
            edit_url: None,
            source_path: String::new(),
            breadcrumbs: Vec::new(),
            previous: None,
            next: None,
            children: Vec::new(),
        };
        let mut context = Context::new();
        context.insert("page", &view);
        context.insert("nav", &self.navigation().for_page(None));
        let template = if self.templates.has("404.html") { "404.html" } else { "page.html" };
        self.templates.render(template, &context)
    }

    /// The search results page (`search/`), filled in the browser by `search.js`.
    pub fn render_search(&self) -> Result<String, Diagnostic> {
        let no_toc = Vec::new();
        let empty_extra = serde_json::Map::new();
        let view = PageView {
            title: "Search",
            description: "",
            url: format!("{}search/", self.base_path),
            permalink: format!("{}search/", self.absolute_base),
            content: "",
            toc: &no_toc,
            date: None,
            updated: None,
            updated_human: None,
            tags: &[],
            kind: "search",
            is_section: false,
            is_home: false,
            extra: &empty_extra,
            word_count: 0,
            reading_minutes: 0,
            edit_url: None,
            source_path: String::new(),
            breadcrumbs: Vec::new(),
            previous: None,
            next: None,
            children: Vec::new(),
        };
        let mut context = Context::new();
        context.insert("page", &view);
        context.insert("nav", &self.navigation().for_page(None));
        let template = if self.templates.has("search.html") { "search.html" } else { "page.html" };
        self.templates.render(template, &context)
    }

    /// A redirect page to `to` (a URL path), for aliases.
    pub fn render_redirect(&self, to: &str) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("redirect_to", to);
        self.templates.render("redirect.html", &context)
    }
}
