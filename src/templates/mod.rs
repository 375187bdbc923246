//! Templates: the theme's tera 2 templates, loaded once and rendered per page with view structs.
//! Template errors become diagnostics that point at the template file, line and column.

pub mod i18n;
pub mod theme;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::Diagnostic;
pub use theme::Theme;

/// The loaded templates of a theme.
pub struct Templates {
    tera: Tera,
    /// Template name to (source text, path shown in messages).
    sources: HashMap<String, (String, PathBuf)>,
}

impl Templates {
    /// Parses every template of the theme.
    pub fn load(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources = HashMap::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            match file.bytes().map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => {
                    sources.insert(name.to_owned(), (text, file.shown.clone()));
                }
                Ok(Err(_)) => problems.push(
                    Diagnostic::error(&file.shown, "template is not valid UTF-8")
                        .help("save it as UTF-8"),
                ),
                Err(err) => problems.push(Diagnostic::error(
                    &file.shown,
                    format!("cannot read template: {err}"),
                )),
            }
        }
        let mut templates = Templates {
            tera: Tera::new(),
            sources,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let pairs: Vec<(String, String)> = templates
            .sources
            .iter()
            .map(|(name, (text, _))| (name.clone(), text.clone()))
            .collect();
        if let Err(err) = templates.tera.add_raw_templates(pairs) {
            return Err(vec![templates.diagnostic(&err)]);
        }
        Ok(templates)
    }

    /// True when the theme has a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Values every template sees (`site`).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|err| self.diagnostic(&err))
    }

    /// Turns a tera error into a diagnostic located in the template's own file.
    fn diagnostic(&self, err: &tera::Error) -> Diagnostic {
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let (text, shown) = self
                    .sources
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| (String::new(), PathBuf::from(report.filename())));
                let span = report.span();
                let what = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                Diagnostic::error(shown, format!("{what}: {}", report.message()))
                    .at(&text, span.start_line, span.start_col + 1)
                    .help("templates receive the variables listed in the README under \"Template variables\"")
            }
            _ => Diagnostic::error("themes", format!("template error: {err}")),
        }
    }
}
