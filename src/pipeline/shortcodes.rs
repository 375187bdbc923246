//! What shortcodes need from the site: the theme's `shortcodes/<name>.html` templates, files to
//! `include` (found as [`crate::content::includes`] says) and pages for `ref`/`relref`.

use std::path::Path;

use crate::config::LinkPolicy;
use crate::content::includes::IncludeSearch;
use crate::content::{PageId, front_matter};
use crate::diagnostic::Severity;
use crate::links::{LinkIndex, PageLinks, join_path};
use crate::markdown::shortcodes::render::{CallView, TemplateHost};
use crate::markdown::shortcodes::{IncludeError, IncludedFile};
use crate::markdown::{LinkResolver, Resolution, ShortcodeHost};
use crate::templates::Templates;

/// Shortcode services for one page.
pub struct PageShortcodes<'a> {
    pub templates: &'a Templates,
    pub index: &'a LinkIndex<'a>,
    /// The site root and the content folder, for `include`.
    pub root: &'a Path,
    pub content_dir: &'a Path,
    /// Which symbolic links an included file may be reached through.
    pub symlinks: &'a crate::symlinks::Symlinks,
    pub id: PageId,
    /// `unknown_shortcodes` from handbook.yml.
    pub unknown: LinkPolicy,
    /// Show an unknown shortcode as a visible placeholder (`handbook serve`), rather than
    /// leave it out.
    pub placeholders: bool,
    /// `missing_includes` and `include_dirs` from handbook.yml.
    pub missing_includes: LinkPolicy,
    pub include_dirs: &'a [String],
    /// Every file an `include` read or looked for (see [`crate::pipeline::pages::RenderedPage`]).
    pub included: std::cell::RefCell<Vec<std::path::PathBuf>>,
}

fn template_name(name: &str) -> String {
    format!("shortcodes/{name}.html")
}

impl TemplateHost for PageShortcodes<'_> {
    fn has_shortcode(&self, name: &str) -> bool {
        !name.contains("..") && self.templates.has(&template_name(name))
    }

    fn render_shortcode(&self, view: &CallView<'_>) -> Result<String, String> {
        let mut context = tera::Context::new();
        for (key, value) in &view.params {
            if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                context.insert(key.clone(), value);
            }
        }
        context.insert("name", view.name);
        context.insert("args", view.args);
        if let Some(first) = view.args.first() {
            context.insert("arg", first);
        }
        context.insert("params", &view.params);
        context.insert("inner", view.inner);
        context.insert("markdown", &view.markdown);
        context.insert("ordinal", &view.ordinal);
        context.insert("base_path", &self.index.base_path);
        // Paths in arguments (`src`, `link`, the first positional argument) resolved the way a
        // Markdown link in this page is: relative to the page's file, base path added.
        let links = PageLinks {
            index: self.index,
            id: self.id,
        };
        let resolve = |value: &str| match links.resolve(value) {
            Resolution::Internal { href, .. } => href,
            _ => value.to_owned(),
        };
        for key in ["src", "link", "href"] {
            if let Some(value) = view.params.get(key).and_then(|v| v.as_str()) {
                context.insert(format!("{key}_url"), &resolve(value));
            }
        }
        if let Some(first) = view.args.first() {
            context.insert("arg_url", &resolve(first));
        }
        self.templates
            .render(&template_name(view.name), &context)
            .map_err(|d| match d.line {
                0 => d.message,
                line => format!("{} ({}:{line}:{})", d.message, d.path.display(), d.col),
            })
    }
}

impl PageShortcodes<'_> {
    /// `file` as a link in an include chain: its real path is its identity, and it is shown
    /// relative to the site root.
    fn included_file(&self, file: &Path) -> IncludedFile {
        let key = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        let shown = file.strip_prefix(self.root).unwrap_or(file);
        IncludedFile {
            key: key.to_string_lossy().into_owned(),
            shown: shown.to_string_lossy().replace('\\', "/"),
        }
    }
}

impl ShortcodeHost for PageShortcodes<'_> {
    fn include(&self, path: &str) -> Result<(IncludedFile, String), IncludeError> {
        let page = &self.index.content.pages[self.id];
        let search = IncludeSearch {
            root: self.root,
            content: self.content_dir,
            include_dirs: self.include_dirs,
        };
        let mut tried = Vec::new();
        let found = search.find(page.link_base(), path, &mut tried);
        self.included.borrow_mut().extend(tried);
        let Some(file) = found else {
            return Err(IncludeError::Missing(
                "no such file beside the page, in an `_includes/` folder above it, in `include_dirs`, the content folder, its `includes` bundle, the site root, `assets/` or `static/`".into(),
            ));
        };
        if !self.symlinks.allows(&file) {
            return Err(IncludeError::Refused(format!(
                "`{}` is a symbolic link out of the site, which is not followed; set `follow_symlinks: true` in handbook.yml to allow it",
                self.symlinks.shown(&file)
            )));
        }
        let text =
            std::fs::read_to_string(&file).map_err(|e| IncludeError::Refused(format!("{e}")))?;
        let text = crate::yaml::strip_bom(&text);
        let body = match front_matter::split(text) {
            Ok(split) => split.body.to_owned(),
            Err(_) => text.to_owned(),
        };
        Ok((self.included_file(&file), body))
    }

    fn missing_include_is_error(&self) -> Option<bool> {
        self.missing_includes
            .severity()
            .map(|severity| severity == Severity::Error)
    }

    fn unknown_placeholders(&self) -> bool {
        self.placeholders
    }

    fn unknown_is_error(&self) -> Option<bool> {
        self.unknown
            .severity()
            .map(|severity| severity == Severity::Error)
    }

    fn page_file(&self) -> IncludedFile {
        let page = &self.index.content.pages[self.id];
        self.included_file(&self.content_dir.join(&page.rel_path))
    }

    fn page_ref(&self, path: &str) -> Option<String> {
        let content = self.index.content;
        let page = &content.pages[self.id];
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (path, None),
        };
        let trimmed = path.trim().trim_end_matches('/');
        let with_md = |p: &str| {
            if crate::content::walk::is_markdown(p) {
                vec![p.to_owned()]
            } else {
                vec![
                    format!("{p}.md"),
                    format!("{p}/_index.md"),
                    format!("{p}/index.md"),
                ]
            }
        };
        let mut bases = Vec::new();
        if !trimmed.starts_with('/') {
            bases.push(page.link_base().to_owned());
        }
        bases.push(String::new());
        let found = bases.iter().find_map(|base| {
            let joined = join_path(base, trimmed.trim_start_matches('/'))?;
            with_md(&joined)
                .into_iter()
                .find(|candidate| content.by_source.contains_key(candidate))
        });
        // Hugo resolves from its own `content/` folder, which may lie deeper than ours, and
        // also finds a page by the end of its path alone: accept a unique suffix match.
        let found = found.or_else(|| {
            let rel = trimmed.trim_start_matches('/');
            with_md(rel).into_iter().find_map(|candidate| {
                let suffix = format!("/{candidate}");
                let mut matches = content.by_source.keys().filter(|k| k.ends_with(&suffix));
                let first = matches.next()?;
                matches.next().is_none().then(|| first.clone())
            })
        })?;
        // The published URL, so the call also works outside a Markdown link (`<a href="...">`);
        // inside one, the link check still resolves it and checks the anchor.
        let id = content.by_source.get(&found)?;
        let url = format!("{}{}", self.index.base_path, content.pages[*id].url);
        Some(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        })
    }
}
