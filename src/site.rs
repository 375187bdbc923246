//! Where a site's parts live on disk and what its configuration says.
//!
//! The site root and `--base-url` are turned into a [`Site`] once, here; every later stage
//! reads the resolved paths and config instead of flags. How one run builds it (drafts, the
//! date, what to skip) is a separate value, [`crate::run_options::RunOptions`].

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Rule};
use crate::languages::SiteLanguage;
use crate::symlinks::Symlinks;

/// The folders a site is made of.
#[derive(Debug, Clone)]
pub struct SitePaths {
    /// The site root (holds `handbook.yml`).
    pub root: PathBuf,
    /// Markdown content: `<root>/content` (a Hugo site's `contentDir` of its default
    /// language), or the root itself for a bare folder of Markdown.
    pub content: PathBuf,
    /// Files copied as is: `<root>/static`.
    pub static_dir: PathBuf,
    /// Per-file theme overrides: `<root>/themes/<theme>`.
    pub theme_dir: PathBuf,
    /// Which symbolic links below these folders are followed.
    pub symlinks: Symlinks,
}

/// A site ready to be built: its paths and its configuration.
#[derive(Debug, Clone)]
pub struct Site {
    pub paths: SitePaths,
    pub config: Config,
    /// Problems of `handbook.yml` that left it usable (unknown keys): every stage reports them
    /// with the content's problems, so one run shows them all.
    pub config_problems: Vec<Diagnostic>,
    /// Every language of a multilingual site, the default one first; empty for a site of one
    /// language (see [`crate::languages`]).
    pub languages: Vec<SiteLanguage>,
    /// The language this site is, when it is one language of a multilingual site built on its
    /// own (see `build::languages`).
    pub language: Option<SiteLanguage>,
}

impl Site {
    /// Resolves the site at `root`; `base_url` overrides the configured one. The inner error
    /// lists every problem of a configuration that cannot be used.
    pub fn open(root: &Path, base_url: Option<&str>) -> Result<Result<Site, Vec<Diagnostic>>> {
        if !root.is_dir() {
            bail!("the site root {} is not a folder", root.display());
        }
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", root.display()))?;
        let loaded = Config::load(&root);
        // `handbook check` files them under the `config` rule.
        let problems: Vec<Diagnostic> = loaded
            .problems
            .into_iter()
            .map(|d| d.rule(Rule::Config))
            .collect();
        let Some(mut config) = loaded.config else {
            return Ok(Err(problems));
        };
        // A Hugo site's own configuration, under handbook.yml (see `config::hugo`).
        if let Err(hugo_problems) = crate::config::hugo::import(&root, &mut config) {
            let mut all = problems;
            all.extend(
                hugo_problems
                    .into_iter()
                    .map(|d| d.rule(crate::diagnostic::Rule::Config)),
            );
            return Ok(Err(all));
        }
        if let Some(url) = base_url {
            config.base_url = url.to_owned();
        }
        let hugo = config.hugo.as_ref();
        let content = match hugo.and_then(|h| h.content_dir.as_deref()) {
            Some(dir) => root.join(dir),
            None => root.join("content"),
        };
        let content = if content.is_dir() {
            content
        } else {
            root.clone()
        };
        let static_dir = root.join(
            hugo.and_then(|h| h.static_dir.as_deref())
                .unwrap_or("static"),
        );
        let theme_dir = root.join("themes").join(&config.theme);
        let languages = hugo.map_or_else(Vec::new, |hugo| {
            crate::languages::list(hugo, &root, &content, hugo.default_in_subdir)
        });
        let mut folders: Vec<&Path> = vec![&content, &static_dir, &theme_dir];
        folders.extend(languages.iter().map(|l| l.content.as_path()));
        let symlinks = Symlinks::new(&root, &folders, config.follow_symlinks);
        let paths = SitePaths {
            static_dir,
            theme_dir,
            content,
            root,
            symlinks,
        };
        Ok(Ok(Site {
            paths,
            config,
            config_problems: problems,
            languages,
            language: None,
        }))
    }

    /// True when the site has no `content/` folder and its root is read as content.
    pub fn bare_folder(&self) -> bool {
        self.paths.content == self.paths.root
    }

    /// A path as shown in messages: relative to the site root.
    pub fn shown(&self, path: &Path) -> PathBuf {
        crate::diagnostic::display_path(path, &self.paths.root)
    }
}
