//! The template stage: a view struct per page, rendered with the theme's templates and written
//! to the output, in parallel. A template error is reported once, not once per page.

use rayon::prelude::*;
use tera::Context;

use super::generated::Generated;
use super::nav::Navigation;
use super::pages::RenderedPage;
use super::translations::Translations;
use super::views::{Families, ViewBuilder};
use crate::content::{Content, PageId, dates, output_file};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::kinds::Typed;
use crate::kinds::backlinks::Backlinks;
use crate::output::Sink;
use crate::site::Site;
use crate::templates::Templates;
use crate::templates::views::{ChildView, HistoryView, KindViews, LinkView, NavItem, PageView};
use crate::urls::{self, Urls};

/// Everything the template stage reads.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub content: &'a Content,
    pub rendered: &'a [RenderedPage],
    pub titles: &'a [String],
    pub templates: &'a Templates,
    pub urls: &'a Urls,
    /// Typed front matter, indexed like `content.pages`.
    pub typed: &'a [Option<Typed>],
    /// The date review due dates are measured against.
    pub today: chrono::NaiveDate,
    pub backlinks: &'a Backlinks,
    /// Where the generated pages go.
    pub generated: &'a Generated,
    /// Each page's git history and owners.
    pub history: &'a super::history::History,
    /// The rendered navigation of each section (see [`Renderer::nav_html`]), filled on demand.
    pub nav_cache: NavCache,
    /// Each page's versions in the site's other languages.
    pub translations: &'a Translations,
}

/// Navigation HTML per section, rendered at most once each, from any thread.
#[derive(Default)]
pub struct NavCache {
    sections: std::sync::OnceLock<Vec<std::sync::OnceLock<String>>>,
    /// Each page's place among its siblings (see [`super::nav::positions`]).
    positions: std::sync::OnceLock<Vec<usize>>,
    /// Every page in the order lists show them (see [`super::nav::site_order`]).
    order: std::sync::OnceLock<Vec<PageId>>,
    /// Each page's place in `order`.
    rank: std::sync::OnceLock<Vec<usize>>,
    /// The role pages of each family.
    families: Families,
}

impl Renderer<'_> {
    /// Builds the typed views (`page.response`, channel pages, the finder...).
    pub fn views(&self) -> ViewBuilder<'_> {
        ViewBuilder {
            content: self.content,
            typed: self.typed,
            backlinks: self.backlinks,
            rendered: self.rendered,
            titles: self.titles,
            config: &self.site.config,
            urls: self.urls,
            today: self.today,
            order: self.site_order(),
            rank: self.nav_cache.rank.get_or_init(|| {
                let mut rank = vec![0; self.content.pages.len()];
                for (at, &id) in self.site_order().iter().enumerate() {
                    rank[id] = at;
                }
                rank
            }),
            families: &self.nav_cache.families,
            history: self.history,
        }
    }

    /// Every page in the order lists show them.
    pub fn site_order(&self) -> &[PageId] {
        self.nav_cache
            .order
            .get_or_init(|| super::nav::site_order(self.content, self.titles))
    }

    fn link(&self, id: PageId) -> LinkView {
        LinkView {
            title: self.titles[id].clone(),
            url: self.urls.href(&self.content.pages[id].url),
        }
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
        if page.url == urls::FINDER && self.templates.has("responses.html") {
            return "responses.html".into();
        }
        let kind = self.kind(id);
        let candidate = format!("{kind}.html");
        let safe = kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if safe
            && !matches!(
                kind,
                "base" | "article" | "nav" | "home" | "404" | "redirect"
            )
            && self.templates.has(&candidate)
        {
            return candidate;
        }
        if page.is_section {
            "section.html".into()
        } else {
            "page.html".into()
        }
    }

    fn siblings(&self, id: PageId) -> (Option<LinkView>, Option<LinkView>) {
        let page = &self.content.pages[id];
        let Some(parent) = page.parent.filter(|_| !page.is_section) else {
            return (None, None);
        };
        let pages: Vec<PageId> = self.content.pages[parent]
            .children
            .iter()
            .copied()
            .filter(|&c| !self.content.pages[c].is_section)
            .collect();
        let Some(position) = pages.iter().position(|&c| c == id) else {
            return (None, None);
        };
        let previous = position.checked_sub(1).map(|i| self.link(pages[i]));
        let next = pages.get(position + 1).map(|&c| self.link(c));
        (previous, next)
    }

    fn view(&self, id: PageId) -> PageView<'_> {
        let page = &self.content.pages[id];
        let rendered = &self.rendered[id];
        let url = self.urls.href(&page.url);
        let updated = page.updated.or(page.date);
        let source_path = if page.rel_path.ends_with('/') {
            String::new()
        } else {
            // A page of one language of several may be named otherwise (`about.es.md`).
            let file = match &self.site.language {
                Some(_) => self
                    .content
                    .source(&self.site.paths.content, &page.rel_path),
                None => self.site.paths.content.join(&page.rel_path),
            };
            self.site.shown(&file).to_string_lossy().replace('\\', "/")
        };
        let edit_url = match (&self.site.config.edit_url, source_path.is_empty()) {
            (Some(template), false) => Some(template.replace("{path}", &source_path)),
            _ => None,
        };
        let (previous, next) = self.siblings(id);
        // A deprecated response keeps its order: why it was retired comes before the old text.
        let lifted = matches!(self.typed.get(id), Some(Some(Typed::Response(r))) if r.status != crate::kinds::Status::Deprecated)
            .then(|| crate::kinds::wording::lift_cards(&rendered.html))
            .flatten();
        let (content, wording, wording_heading) = match lifted {
            Some(l) => (std::borrow::Cow::Owned(l.rest), l.cards, l.heading),
            None => (
                std::borrow::Cow::Borrowed(rendered.html.as_str()),
                String::new(),
                String::new(),
            ),
        };
        // The lifted heading leads the table of contents as it leads the page.
        let mut toc = std::borrow::Cow::Borrowed(rendered.toc.as_slice());
        if let Some(at) = rendered.toc.iter().position(|e| {
            !wording_heading.is_empty() && wording_heading.contains(&format!("id=\"{}\"", e.id))
        }) {
            toc.to_mut()[..=at].rotate_right(1);
        }
        // `no_list` (Docsy) leaves the list of child pages off this section's page only.
        let listed: &[PageId] = if page.front.no_list {
            &[]
        } else {
            &page.children
        };
        let children = listed
            .iter()
            .map(|&c| {
                let child = &self.content.pages[c];
                ChildView {
                    title: self.titles[c].clone(),
                    url: self.urls.href(&child.url),
                    description: child.front.description.clone().unwrap_or_default(),
                    is_section: child.is_section,
                    kind: self.kind(c).to_owned(),
                }
            })
            .collect();
        PageView {
            title: &self.titles[id],
            description: page.front.description.as_deref().unwrap_or(""),
            // `canonical_path` names the page's canonical address, which may not be its URL.
            permalink: match page.front.canonical.as_deref().map(str::trim) {
                Some(full) if full.contains("://") => full.to_owned(),
                Some(path) if !path.is_empty() => self.urls.permalink(path.trim_start_matches('/')),
                _ => self.urls.permalink(&page.url),
            },
            url,
            content,
            wording,
            wording_heading,
            toc,
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
            breadcrumbs: self
                .content
                .ancestors(id)
                .into_iter()
                .map(|a| self.link(a))
                .collect(),
            previous,
            next,
            children,
            history: self.views().page_history(id),
            kinds: self.views().kinds(id),
            finder: (page.url == urls::FINDER).then(|| self.views().finder()),
            channel: None,
            channels: Vec::new(),
            health: None,
            mermaid: rendered.mermaid,
            translations: self.translations.of(id),
            languages: self.translations.menu(id),
        }
    }

    fn navigation(&self) -> Navigation<'_> {
        Navigation {
            content: self.content,
            titles: self.titles,
            urls: self.urls,
            positions: self
                .nav_cache
                .positions
                .get_or_init(|| super::nav::positions(self.content)),
        }
    }

    /// The navigation tree's HTML as seen from page `id` (`None`: from outside the tree).
    /// Pages of one section share one rendering of `nav.html`; the current page's link is
    /// then marked with `aria-current`, which keeps the navigation linear in the site's size.
    pub fn nav_html(&self, id: Option<PageId>) -> Result<String, Diagnostic> {
        let section = match id {
            Some(id) if self.content.pages[id].is_section => id,
            Some(id) => self.content.pages[id].parent.unwrap_or(0),
            None => 0,
        };
        if let Some(id) = id
            && id != section
            && !self.navigation().is_listed(section, id)
        {
            // A page far down a long list of siblings: its own cut of the list, around it.
            let html = self.render_nav(&self.navigation().open_at_page(section, id))?;
            return Ok(self.mark_current(html, id));
        }
        let cache = self.nav_cache.sections.get_or_init(|| {
            (0..self.content.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        let html = match cache[section].get() {
            Some(html) => html,
            None => {
                let html = self.render_nav(&self.navigation().open_at(section))?;
                cache[section].get_or_init(|| html)
            }
        };
        Ok(match id {
            Some(id) => self.mark_current(html.clone(), id),
            None => html.clone(),
        })
    }

    /// Renders `nav.html` for one tree (nothing when the theme has no such template).
    fn render_nav(&self, nav: &[NavItem]) -> Result<String, Diagnostic> {
        if !self.templates.has("nav.html") {
            return Ok(String::new());
        }
        let mut context = Context::new();
        context.insert("nav", nav);
        self.templates.render("nav.html", &context)
    }

    /// Marks the link to page `id` in a navigation's HTML as the current page.
    fn mark_current(&self, html: String, id: PageId) -> String {
        let url = self.urls.href(&self.content.pages[id].url);
        let mut escaped = String::with_capacity(url.len());
        pulldown_cmark_escape::escape_html(&mut escaped, &url).ok();
        let marker = format!("data-nav-url=\"{escaped}\"");
        html.replacen(&marker, &format!("{marker} aria-current=\"page\""), 1)
    }

    /// Renders one page of each template: finds template errors (an unknown variable, say)
    /// without rendering every page, for `handbook check`.
    pub fn check_templates(&self, diagnostics: &Diagnostics) {
        let mut seen = std::collections::HashSet::new();
        for id in 0..self.content.pages.len() {
            if seen.insert(self.template_for(id))
                && let Err(diagnostic) = self.render_page(id)
            {
                diagnostics.push(diagnostic);
            }
        }
    }

    /// Renders one page's HTML.
    pub fn render_page(&self, id: PageId) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("page", &self.view(id));
        context.insert("nav", &self.navigation().top_level());
        context.insert("nav_html", &self.nav_html(Some(id))?);
        self.templates.render(&self.template_for(id), &context)
    }

    /// Renders and writes every page; returns how many were written.
    pub fn write_all(&self, sink: &dyn Sink, diagnostics: &Diagnostics) -> usize {
        (0..self.content.pages.len())
            .into_par_iter()
            .filter(|&id| match self.render_page(id) {
                Ok(html) => {
                    match sink.write(&output_file(&self.content.pages[id].url), html.as_bytes()) {
                        Ok(()) => true,
                        Err(err) => {
                            diagnostics.push(Diagnostic::error(
                                &self.content.pages[id].shown,
                                format!("cannot write the page: {err}"),
                            ));
                            false
                        }
                    }
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    false
                }
            })
            .count()
    }

    /// A page that has no Markdown source (404, channel pages, a generated finder).
    fn synthetic_view<'v>(
        &'v self,
        title: &'v str,
        url: &str,
        content: &'v str,
        kind: &'v str,
    ) -> PageView<'v> {
        const NO_TOC: &[crate::markdown::TocEntry] = &[];
        static EMPTY_EXTRA: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
            std::sync::OnceLock::new();
        PageView {
            title,
            description: "",
            url: self.urls.href(url),
            permalink: self.urls.permalink(url),
            content: std::borrow::Cow::Borrowed(content),
            wording: String::new(),
            wording_heading: String::new(),
            toc: std::borrow::Cow::Borrowed(NO_TOC),
            date: None,
            updated: None,
            updated_human: None,
            tags: &[],
            kind,
            is_section: false,
            is_home: false,
            extra: EMPTY_EXTRA.get_or_init(serde_json::Map::new),
            word_count: 0,
            reading_minutes: 0,
            edit_url: None,
            source_path: String::new(),
            breadcrumbs: vec![LinkView {
                title: self.titles[0].clone(),
                url: self.urls.base_path().to_owned(),
            }],
            previous: None,
            next: None,
            children: Vec::new(),
            history: HistoryView::default(),
            kinds: KindViews::default(),
            finder: None,
            channel: None,
            channels: Vec::new(),
            health: None,
            mermaid: false,
            translations: Vec::new(),
            languages: self.translations.menu_home(),
        }
    }

    fn render_view(
        &self,
        template: &str,
        fallback: &str,
        view: &PageView<'_>,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("page", view);
        context.insert("nav", &self.navigation().top_level());
        context.insert("nav_html", &self.nav_html(None)?);
        self.templates.render(
            if self.templates.has(template) {
                template
            } else {
                fallback
            },
            &context,
        )
    }

    /// The 404 page: the page template with a "not found" message.
    pub fn render_not_found(&self) -> Result<String, Diagnostic> {
        let body = format!(
            "<p>The page you asked for does not exist, or it has moved.</p><p><a href=\"{}\">Go to the home page</a> or use the navigation to find what you need.</p>",
            self.urls.base_path()
        );
        let mut view = self.synthetic_view("Page not found", "404.html", &body, "404");
        view.breadcrumbs.clear();
        self.render_view("404.html", "page.html", &view)
    }

    /// The search results page (`search/`), filled in the browser by `search.js`.
    pub fn render_search(&self) -> Result<String, Diagnostic> {
        let view = self.synthetic_view("Search", "search/", "", "search");
        self.render_view("search.html", "page.html", &view)
    }

    /// The page of one channel (`channels/<id>/`).
    pub fn render_channel(
        &self,
        channel: &crate::config::ChannelConfig,
    ) -> Result<String, Diagnostic> {
        let title = channel.name.clone();
        let url = urls::channel(&channel.id);
        let mut view = self.synthetic_view(&title, &url, "", "channel");
        view.channel = Some(self.views().channel(channel));
        view.breadcrumbs.push(LinkView {
            title: "Channels".into(),
            url: self.urls.href(urls::CHANNELS),
        });
        self.render_view("channel.html", "page.html", &view)
    }

    /// The index of channels (`channels/`).
    pub fn render_channels(&self) -> Result<String, Diagnostic> {
        let views = self.views();
        let mut view = self.synthetic_view("Channels", urls::CHANNELS, "", "channels");
        view.channels = self
            .site
            .config
            .channels
            .iter()
            .map(|c| views.channel(c))
            .collect();
        self.render_view("channels.html", "page.html", &view)
    }

    /// The responses finder, when the content has no `responses/` section to host it.
    pub fn render_finder(&self) -> Result<String, Diagnostic> {
        let mut view = self.synthetic_view("Responses", urls::FINDER, "", "section");
        view.finder = Some(self.views().finder());
        self.render_view("responses.html", "page.html", &view)
    }

    /// The review-health page (`health/`), with the counts of what the build found so far.
    pub fn render_health(&self, findings: &[(String, usize)]) -> Result<String, Diagnostic> {
        let mut view = self.synthetic_view("Review health", urls::HEALTH, "", "health");
        view.health = Some(super::health::view(&self.views(), findings));
        self.render_view("health.html", "page.html", &view)
    }

    /// A redirect page to `to` (a URL path), for aliases.
    pub fn render_redirect(&self, to: &str) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("redirect_to", to);
        self.templates.render("redirect.html", &context)
    }
}
