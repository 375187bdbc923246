//! Building a multilingual site: each language is prepared as a site of its own (its content
//! folder or its files, its URL prefix, its navigation and search index), then the pages are
//! linked to their translations (see [`super::translations`]) and every language is written
//! below its prefix. The theme's files and `static/` are written once, at the root, for all.

use std::time::Instant;

use super::translations;
use super::{Outcome, Prepared, prepare_sharing, write};
use crate::diagnostic::Diagnostics;
use crate::languages::SiteLanguage;
use crate::output::{Prefixed, Sink};
use crate::run_options::RunOptions;
use crate::site::Site;

/// `site` as one of its languages: its content, its base URL below the language's prefix,
/// its `<html lang>`, and its own title and description when the configuration gives them.
pub fn site_for(site: &Site, language: &SiteLanguage) -> Site {
    let mut one = site.clone();
    one.paths.content = language.content.clone();
    one.config.base_url = with_prefix(&site.config.base_url, &language.prefix);
    if !language.is_default {
        one.config.language = language.locale.clone();
        if let Some(title) = &language.title {
            one.config.title = title.clone();
        }
        if let Some(description) = &language.description {
            one.config.description = description.clone();
        }
        // Reported once, with the default language.
        one.config_problems.clear();
    }
    one.language = Some(language.clone());
    one
}

/// `base_url` with `prefix` (`es/`) below its path.
fn with_prefix(base_url: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return base_url.to_owned();
    }
    let base = base_url.trim().trim_end_matches('/');
    format!("{base}/{prefix}")
}

/// Builds every language of `site` into `sink`, each below its prefix.
pub fn build_into(site: &Site, options: &RunOptions, sink: &dyn Sink) -> Outcome {
    let started = Instant::now();
    let diagnostics = Diagnostics::default();
    let sites: Vec<Site> = site.languages.iter().map(|l| site_for(site, l)).collect();
    // One `git log` and one CODEOWNERS read for every language: they share the site root.
    let history = super::history::Sources::read(site);
    let mut prepared: Vec<Prepared> = sites
        .iter()
        .map(|one| prepare_sharing(one, options, &diagnostics, Some(&history)))
        .collect();
    let linked = translations::link(
        &sites
            .iter()
            .zip(&prepared)
            .zip(&site.languages)
            .map(|((_, p), language)| translations::Language {
                language,
                content: &p.content,
                urls: &p.urls,
            })
            .collect::<Vec<_>>(),
    );
    for (p, t) in prepared.iter_mut().zip(linked) {
        p.translations = t;
    }
    let mut outcome = Outcome::default();
    for ((one, p), language) in sites.iter().zip(&prepared).zip(&site.languages) {
        let below = Prefixed {
            inner: sink,
            prefix: &language.prefix,
        };
        let written = write(one, p, &below, &diagnostics);
        let sections = p.content.pages.iter().filter(|p| p.is_section).count();
        let pages = written.saturating_sub(sections.min(written));
        outcome.pages += pages;
        outcome.sections += sections;
        outcome
            .languages
            .push((language.code.clone(), pages + sections));
    }
    if let Some(first) = prepared.first() {
        super::copy_shared_files(&sites[0], first, sink, &diagnostics);
        if let (Some(default), Some(templates)) = (site.languages.first(), &first.templates)
            && !default.prefix.is_empty()
        {
            // `defaultContentLanguageInSubdir`: the root sends readers to the default language,
            // as Hugo's root page does.
            let renderer = first.renderer(&sites[0], templates);
            let target = first.urls.href("");
            super::write_file(
                sink,
                "index.html",
                renderer.render_redirect(&target).map(String::into_bytes),
                &diagnostics,
            );
        }
    }
    outcome.files = sink.count();
    outcome.elapsed = started.elapsed();
    outcome.diagnostics = diagnostics.into_sorted();
    std::thread::spawn(move || drop(prepared));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_go_below_the_base_path() {
        assert_eq!(
            with_prefix("https://example.org/docs/", "es/"),
            "https://example.org/docs/es/"
        );
        assert_eq!(with_prefix("", "es/"), "/es/");
        assert_eq!(
            with_prefix("https://example.org", ""),
            "https://example.org"
        );
    }
}
