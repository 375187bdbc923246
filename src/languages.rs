//! A multilingual site's languages, as Hugo's multilingual mode has them: which languages are
//! built, where each one's content is and under which URL prefix it is published.
//!
//! Hugo finds a language's pages two ways (gohugo.io, "Multilingual mode"): each language has
//! its own `contentDir`, or the languages share one content folder and a file says its
//! language in its name (`about.es.md`; a file without one is the default language's). The
//! default language is published at the root, every other under `/<code>/`;
//! `defaultContentLanguageInSubdir: true` puts the default one under its code too.

use std::path::{Path, PathBuf};

use crate::config::hugo::Imported;

/// One language of a multilingual site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteLanguage {
    /// The language key of the configuration (`es`, `pt-br`).
    pub code: String,
    /// The name shown in the language menu (`Español`), the code when none is configured.
    pub label: String,
    /// The language of its pages for `<html lang>`, `hreflang` and stemming (`locale`, else
    /// the code).
    pub locale: String,
    /// The language's own `title` and `params.description`, when it has them.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The URL prefix of its pages below the base path: `""` or `es/`.
    pub prefix: String,
    /// Its content folder.
    pub content: PathBuf,
    /// Whether it is the default content language.
    pub is_default: bool,
    /// The codes of every language of the site, for reading languages from file names.
    pub codes: Vec<String>,
    /// Its content folder is shared with other languages: a file belongs to this language
    /// when its name says so (`about.es.md`), or, for the default language, says no language.
    pub by_file_name: bool,
}

impl SiteLanguage {
    /// Whether the file `name` (a content-relative path) is this language's, and its name
    /// without the language (`about.es.md` → `about.md`) when it says one.
    pub fn claims(&self, name: &str) -> Option<Option<String>> {
        match language_of(name, &self.codes) {
            Some((code, plain)) if code == self.code => Some(Some(plain)),
            // A file of another language, in a folder shared with it.
            Some(_) if self.by_file_name => None,
            // Not this language's own folder's business which name it has.
            Some(_) => Some(None),
            None if !self.by_file_name || self.is_default => Some(None),
            None => None,
        }
    }
}

/// The language a file name says (`about.es.md` says `es`) among `codes`, with the name
/// without it.
pub fn language_of(name: &str, codes: &[String]) -> Option<(String, String)> {
    let (dir, file) = match name.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, name),
    };
    let (stem, ext) = file.rsplit_once('.')?;
    let (base, code) = stem.rsplit_once('.')?;
    let code = code.to_ascii_lowercase();
    if base.is_empty() || !codes.contains(&code) {
        return None;
    }
    let plain = format!("{base}.{ext}");
    Some((
        code,
        match dir {
            Some(dir) => format!("{dir}/{plain}"),
            None => plain,
        },
    ))
}

/// The languages of the site at `root` whose default content folder is `content`, from what
/// was read of its Hugo configuration: none when it has fewer than two languages, or when
/// `content` is not a folder of the site (a bare folder of Markdown is one language).
pub fn list(hugo: &Imported, root: &Path, content: &Path, in_subdir: bool) -> Vec<SiteLanguage> {
    if hugo.languages.len() < 2 || content == root {
        return Vec::new();
    }
    let codes: Vec<String> = hugo
        .languages
        .iter()
        .map(|l| l.code.to_ascii_lowercase())
        .collect();
    let folders: Vec<PathBuf> = hugo
        .languages
        .iter()
        .map(|l| {
            let is_default = l.code == hugo.default_language;
            match &l.content_dir {
                Some(dir) if root.join(dir).is_dir() => root.join(dir),
                _ if is_default => content.to_path_buf(),
                // Hugo's default content folder, shared by the languages that name none.
                _ => root.join("content"),
            }
        })
        .collect();
    let mut out: Vec<SiteLanguage> = hugo
        .languages
        .iter()
        .zip(&folders)
        .map(|(l, folder)| {
            let is_default = l.code == hugo.default_language;
            let shared = folders.iter().filter(|f| *f == folder).count() > 1;
            SiteLanguage {
                code: l.code.to_ascii_lowercase(),
                label: l.label.clone().unwrap_or_else(|| l.code.clone()),
                locale: l.locale.clone().unwrap_or_else(|| l.code.clone()),
                title: l.title.clone(),
                description: l.description.clone(),
                prefix: if is_default && !in_subdir {
                    String::new()
                } else {
                    format!("{}/", l.code.to_ascii_lowercase())
                },
                content: folder.clone(),
                is_default,
                codes: codes.clone(),
                by_file_name: shared,
            }
        })
        .filter(|l| l.content.is_dir())
        .collect();
    // The default language first: it is built first and writes the files all share.
    out.sort_by_key(|l| !l.is_default);
    if out.len() < 2 || !out[0].is_default {
        return Vec::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str, is_default: bool, by_file_name: bool) -> SiteLanguage {
        SiteLanguage {
            code: code.into(),
            label: code.into(),
            locale: code.into(),
            title: None,
            description: None,
            prefix: String::new(),
            content: PathBuf::new(),
            is_default,
            codes: vec!["en".into(), "es".into()],
            by_file_name,
        }
    }

    #[test]
    fn file_names_say_their_language() {
        let codes = vec!["en".to_owned(), "es".to_owned()];
        assert_eq!(
            language_of("a/about.es.md", &codes),
            Some(("es".into(), "a/about.md".into()))
        );
        assert_eq!(language_of("about.md", &codes), None);
        assert_eq!(language_of("v1.2.md", &codes), None);
        assert_eq!(language_of(".es.md", &codes), None);
        let es = lang("es", false, true);
        assert_eq!(es.claims("about.es.md"), Some(Some("about.md".into())));
        assert_eq!(es.claims("about.md"), None);
        let en = lang("en", true, true);
        assert_eq!(en.claims("about.md"), Some(None));
        assert_eq!(en.claims("about.es.md"), None);
        assert_eq!(en.claims("about.en.md"), Some(Some("about.md".into())));
        let own = lang("es", false, false);
        assert_eq!(own.claims("about.md"), Some(None));
    }
}
