//! `handbook build`: the pipeline from `content/` to a static site. It reads like a script, one
//! stage per step; content problems are collected across all stages and reported together.
//! The prepared site and the per-page operations that `serve` reuses are in [`prepared`].

pub mod feeds;
pub mod generated;
pub mod health;
pub mod history;
pub mod kind_pages;
pub mod languages;
pub mod links;
pub mod nav;
pub mod pages;
pub mod prepared;
pub mod render;
pub mod search_pages;
pub mod shortcodes;
pub mod translations;
pub mod views;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::kinds::backlinks::Backlinks;
use crate::markdown::CodeHighlighter;
use crate::output::{Sink, Staging, check_output};
use crate::run_options::RunOptions;
use crate::site::Site;
use crate::templates::{Templates, Theme};
use crate::urls::{self, Urls};
use generated::Generated;
pub use prepared::Prepared;
use render::Renderer;

/// Files the build writes besides pages; links to them resolve.
const GENERATED: [&str; 5] = [
    "sitemap.xml",
    urls::FEED,
    "robots.txt",
    "404.html",
    "search/index.html",
];

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// For a multilingual site, each language's code and how many pages and sections it
    /// published; empty otherwise.
    pub languages: Vec<(String, usize)>,
}

impl Outcome {
    /// Errors found, counting those a file's closing note stands for.
    pub fn errors(&self) -> usize {
        self.count(|d| d.is_error())
    }

    /// Warnings and notes found, counting those a file's closing note stands for.
    pub fn warnings(&self) -> usize {
        self.count(|d| !d.is_error())
    }

    fn count(&self, which: impl Fn(&Diagnostic) -> bool) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| which(d))
            .map(|d| (d.omitted as usize).max(1))
            .sum()
    }
}

/// Builds `site` into the folder `output`, replacing it only when the build has no errors.
pub fn build(site: &Site, options: &RunOptions, output: &Path) -> Result<Outcome> {
    let started = Instant::now();
    let output = check_output(site, output)?;
    let options = RunOptions {
        exclude: Some(output.clone()),
        ..options.clone()
    };
    let tidied = crate::output::leftovers::tidy(&output).with_context(|| {
        format!(
            "cannot remove what interrupted builds left beside {}",
            output.display()
        )
    })?;
    let staging = Staging::create(&output)?;
    let mut outcome = build_into(site, &options, &staging);
    if let Some(from) = tidied.restored {
        outcome.diagnostics.insert(
            0,
            Diagnostic {
                severity: crate::diagnostic::Severity::Info,
                ..Diagnostic::warning(
                    &output,
                    format!(
                        "put the previous output back from {}: an earlier build was stopped while it swapped folders",
                        from.display()
                    ),
                )
            },
        );
    }
    let timings = Timings::from_env();
    if outcome.errors() == 0 {
        staging.commit()?;
    }
    timings.stage("swap output");
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

/// Stage timings printed to stderr when `HANDBOOK_TIMINGS` is set, for profiling builds: wall
/// time, and on Linux the CPU time of the whole process (all threads) during the stage, which
/// varies less than wall time on a busy machine.
pub struct Timings {
    last: std::cell::Cell<Option<(Instant, Option<f64>)>>,
}

impl Timings {
    pub fn from_env() -> Timings {
        Timings {
            last: std::cell::Cell::new(
                std::env::var_os("HANDBOOK_TIMINGS").map(|_| (Instant::now(), cpu_ms())),
            ),
        }
    }

    pub fn stage(&self, name: &str) {
        if let Some((last, cpu)) = self.last.get() {
            let now = cpu_ms();
            let cpu_text = match (cpu, now) {
                (Some(a), Some(b)) => format!("  cpu {:>7.0} ms", b - a),
                _ => String::new(),
            };
            eprintln!(
                "timing: {name:<16} {:>8.1} ms{cpu_text}",
                last.elapsed().as_secs_f64() * 1000.0
            );
            self.last.set(Some((Instant::now(), now)));
        }
    }
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux only; the
/// kernel counts in clock ticks of 10 ms).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

/// The names of the files below `dir` (none when it does not exist) but hidden ones, and the
/// real paths of those whose names are not their paths (see [`crate::file_names`]); links
/// not followed and unreadable folders go to `diagnostics`.
fn files_below(
    dir: &Path,
    symlinks: &crate::symlinks::Symlinks,
    diagnostics: &Diagnostics,
) -> (Vec<String>, BTreeMap<String, PathBuf>) {
    let walked = crate::files::walk(dir, symlinks, |entry| {
        !entry.file_name().as_encoded_bytes().starts_with(b".")
    });
    diagnostics.extend(walked.problems(symlinks));
    let mut sources = BTreeMap::new();
    let mut names = Vec::new();
    for found in walked.files {
        if found.escaped {
            sources.insert(found.name.clone(), found.path);
        }
        names.push(found.name);
    }
    (names, sources)
}

/// Two files of `content/`, or of `static/`, whose names map to one output name (`a?.png` and
/// `a-.png` are both `a-.png`): one would silently replace the other.
fn report_collisions(
    site: &Site,
    content: &Content,
    static_files: &[String],
    static_sources: &BTreeMap<String, PathBuf>,
    diagnostics: &Diagnostics,
) {
    let shown = |path: PathBuf| crate::file_names::shown(&site.shown(&path));
    let content_names = content.assets.iter().map(String::as_str);
    let content_found = crate::file_names::collisions(content_names)
        .into_iter()
        .map(|(first, other, out)| {
            let at = |rel: &str| shown(content.source(&site.paths.content, rel));
            (at(first), at(other), out)
        });
    let static_found = crate::file_names::collisions(static_files.iter().map(String::as_str))
        .into_iter()
        .map(|(first, other, out)| {
            let at = |rel: &str| {
                let path = static_sources.get(rel).cloned();
                shown(path.unwrap_or_else(|| site.paths.static_dir.join(rel)))
            };
            (at(first), at(other), out)
        });
    for (first, other, out) in content_found.chain(static_found) {
        diagnostics.push(
            Diagnostic::error(
                &other,
                format!(
                    "`{first}` and `{other}` are both published as `{out}`: `\\`, `?`, `#`, `%` and control characters in names are written `-`"
                ),
            )
            .help("rename one of the two files"),
        );
    }
}

/// A warning when handbook.yml writes a `base_url` without a host (`base_url: /`): canonical
/// links, `sitemap.xml` and robots.txt's `Sitemap:` line need absolute URLs, so they are left
/// out. A site that does not write `base_url` at all (a preview, an imported folder) is not
/// warned: it is published wherever it is copied, and the README says what to set.
fn base_url_without_host(site: &Site) -> Option<Diagnostic> {
    if site.config.has_host() {
        return None;
    }
    let file = site.paths.root.join("handbook.yml");
    let text = std::fs::read_to_string(&file).ok()?;
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("base_url:"))?;
    let value = line["base_url:".len()..]
        .split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\'']);
    // Overridden by --base-url: that value is not in the file.
    if value != site.config.base_url.trim() {
        return None;
    }
    Some(
        Diagnostic::warning(
            "handbook.yml",
            format!("base_url `{value}` has no host, so pages have no canonical link and no sitemap.xml is written (robots.txt names none)"),
        )
        .at(&text, index + 1, 1)
        .help("set the address the site is published at, e.g. `base_url: https://handbook.example.org/`"),
    )
}

/// Runs every stage up to (not including) writing.
pub fn prepare(site: &Site, options: &RunOptions, diagnostics: &Diagnostics) -> Prepared {
    prepare_sharing(site, options, diagnostics, None)
}

/// [`prepare`], with git's history and CODEOWNERS already read when `shared` is given: the
/// languages of a site share one root, so they share one read of its history.
pub fn prepare_sharing(
    site: &Site,
    options: &RunOptions,
    diagnostics: &Diagnostics,
    shared: Option<&history::Sources>,
) -> Prepared {
    // A multilingual site prepared whole (`check`, `serve`) is its default language: its
    // files only, not those that name another language.
    let default_language;
    let site = match (&site.language, site.languages.first()) {
        (None, Some(language)) => {
            default_language = languages::site_for(site, language);
            &default_language
        }
        _ => site,
    };
    let timings = Timings::from_env();
    diagnostics.extend(site.config_problems.iter().cloned());
    diagnostics.extend(base_url_without_host(site));
    // Git's history is read while the theme and the content load and the Markdown renders:
    // only the writing stage reads page dates and owners.
    std::thread::scope(|scope| {
        let read = shared
            .is_none()
            .then(|| scope.spawn(|| history::Sources::read(site)));
        let mut prepared = prepare_content(site, options, diagnostics, &timings);
        let own = read
            .map(|r| r.join().unwrap_or_default())
            .unwrap_or_default();
        prepared.history = history::History::apply(
            shared.unwrap_or(&own),
            site,
            &mut prepared.content,
            options.today,
            diagnostics,
        );
        timings.stage("git history");
        prepared.sort_navigation();
        let all: Vec<_> = (0..prepared.content.pages.len()).collect();
        prepared.recheck_links(&all, diagnostics);
        prepared.find_generated(site);
        timings.stage("links");
        prepared
    })
}

/// The theme, the content, its typed front matter and its Markdown.
fn prepare_content(
    site: &Site,
    options: &RunOptions,
    diagnostics: &Diagnostics,
    timings: &Timings,
) -> Prepared {
    let (theme, templates) = load_theme(site, options, diagnostics);
    timings.stage("theme");
    let content = Content::load(site, options, diagnostics);
    timings.stage("load");
    let (static_files, static_sources) =
        files_below(&site.paths.static_dir, &site.paths.symlinks, diagnostics);
    report_collisions(site, &content, &static_files, &static_sources, diagnostics);
    let files = published_files(site, &content, &theme, &static_files);
    let mut prepared = Prepared {
        options: options.clone(),
        theme,
        templates,
        content,
        urls: Urls::new(&site.config),
        history: history::History::default(),
        typed: Vec::new(),
        backlinks: Backlinks::default(),
        generated: Generated::default(),
        rendered: Vec::new(),
        titles: Vec::new(),
        ids: Vec::new(),
        files,
        static_files,
        static_sources,
        shared_files: None,
        translations: Default::default(),
    };
    if let Some(language) = &site.language {
        let output_name = |name: &str| crate::file_names::output_name(name).into_owned();
        let shared = prepared
            .static_files
            .iter()
            .map(|s| output_name(s))
            .chain(
                prepared
                    .theme
                    .static_files()
                    .map(|(rel, _)| output_name(rel)),
            )
            .collect();
        let base = prepared.urls.base_path();
        let root = base
            .strip_suffix(&language.prefix)
            .unwrap_or(base)
            .to_owned();
        prepared.shared_files = Some((shared, root));
    }
    prepared.parse_kinds(site, diagnostics);
    prepared.render_markdown(site, &highlighter(options), diagnostics);
    timings.stage("markdown");
    prepared
}
/// The theme and its templates (`None` when they have errors), with the `site` and `preview`
/// variables set.
fn load_theme(
    site: &Site,
    options: &RunOptions,
    diagnostics: &Diagnostics,
) -> (Theme, Option<Templates>) {
    let config = &site.config;
    let mut theme = Theme::load(&site.paths.theme_dir, &site.paths.symlinks);
    diagnostics.extend(std::mem::take(&mut theme.problems));
    let templates = match Templates::load(&theme) {
        Ok(mut templates) => {
            let mut site_view = views::site_view(config, &Urls::new(config));
            if let Some(language) = &site.language {
                site_view.language_code = language.code.clone();
                if let Some(root) = site_view.base_path.strip_suffix(&language.prefix) {
                    site_view.assets_path = root.to_owned();
                }
            }
            let (strings, problems) = crate::templates::i18n::strings(
                &theme,
                &site.paths.root,
                &site_view.language_code,
                &config.language,
            );
            diagnostics.extend(problems);
            templates.set_global("t", &strings);
            let (data, problems) = crate::site_data::load(&site.paths.root, &site.paths.symlinks);
            diagnostics.extend(problems);
            site_view.data = data;
            templates.set_global("site", &site_view);
            templates.set_global("preview", &options.preview);
            Some(templates)
        }
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    if config.theme != "default" && !site.paths.theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("handbook.yml", format!("theme `{}` not found: there is no folder {}", config.theme, site.shown(&site.paths.theme_dir).display()))
                .help("create the folder with the files you want to override, or remove `theme` to use the default theme"),
        );
    }
    (theme, templates)
}

/// The output paths of every file that is not a page: content assets, `static/`, the theme's
/// static files and what the build generates. Links to them resolve.
fn published_files(
    site: &Site,
    content: &Content,
    theme: &Theme,
    static_files: &[String],
) -> HashSet<String> {
    let config = &site.config;
    let output_name = |name: &str| crate::file_names::output_name(name).into_owned();
    let mut files: HashSet<String> = content.assets.iter().map(|a| output_name(a)).collect();
    files.extend(static_files.iter().map(|s| output_name(s)));
    files.extend(theme.static_files().map(|(rel, _)| output_name(rel)));
    files.extend(
        GENERATED
            .iter()
            .filter(|s| config.search.enabled || !s.starts_with("search/"))
            .map(|s| (*s).to_owned()),
    );
    files.insert("responses.json".to_owned());
    if has_health_page(site, content) {
        files.insert(format!("{}index.html", urls::HEALTH));
    }
    files.insert(format!("{}index.html", urls::FINDER));
    if !config.channels.is_empty() {
        files.insert(format!("{}index.html", urls::CHANNELS));
        files.extend(
            config
                .channels
                .iter()
                .map(|c| format!("{}index.html", urls::channel(&c.id))),
        );
    }
    files
}

/// The code highlighter of a build: none when the site's code is not shown (a check).
fn highlighter(options: &RunOptions) -> CodeHighlighter {
    if options.highlight_code {
        CodeHighlighter::new()
    } else {
        CodeHighlighter::plain()
    }
}

/// Writes every page and file of a prepared site into `sink`; returns how many pages it wrote.
///
/// The search index is built beside the pages (it needs the rendered Markdown, not the
/// templates): while one thread waits for the file system to create page files, the other
/// computes the index. On the 10,000-page benchmark this took the index's cost on the build
/// from about +45% to about +23% of a build without search (see BENCHMARKS.md).
pub fn write(
    site: &Site,
    prepared: &Prepared,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) -> usize {
    let (pages_written, ()) = rayon::join(
        || write_pages_and_files(site, prepared, sink, diagnostics),
        || write_search_index(site, prepared, sink, diagnostics),
    );
    pages_written
}

/// Everything but the search index.
fn write_pages_and_files(
    site: &Site,
    prepared: &Prepared,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) -> usize {
    let timings = Timings::from_env();
    let mut pages_written = 0;
    if let Some(templates) = &prepared.templates {
        let renderer = prepared.renderer(site, templates);
        pages_written = renderer.write_all(sink, diagnostics);
        write_generated(&renderer, sink, diagnostics);
    }
    timings.stage("templates");
    copy_files(site, prepared, sink, diagnostics);
    write_feeds(site, prepared, sink, diagnostics);
    timings.stage("files and feeds");
    pages_written
}

/// `sitemap.xml`, `atom.xml` and `robots.txt`.
pub fn write_feeds(site: &Site, prepared: &Prepared, sink: &dyn Sink, diagnostics: &Diagnostics) {
    let config = &site.config;
    let absolute_base = prepared.urls.absolute_base();
    let content = &prepared.content;
    let info = feeds::FeedInfo {
        title: &config.title,
        description: &config.description,
        urls: &prepared.urls,
        has_host: config.has_host(),
        limit: config.feed_limit,
    };
    if config.has_host() {
        write_file(
            sink,
            "sitemap.xml",
            Ok(feeds::sitemap(content, &prepared.urls).into_bytes()),
            diagnostics,
        );
    }
    write_file(
        sink,
        urls::FEED,
        Ok(feeds::atom(content, &prepared.titles, &info).into_bytes()),
        diagnostics,
    );
    write_file(
        sink,
        "robots.txt",
        Ok(feeds::robots(config.has_host().then_some(absolute_base)).into_bytes()),
        diagnostics,
    );
}

/// The search index of the site (see [`crate::search`]).
fn write_search_index(
    site: &Site,
    prepared: &Prepared,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) {
    let timings = Timings::from_env();
    let config = &site.config;
    if !config.search.enabled {
        return;
    }
    // Its steps are timed on their own; `timings` times the whole.
    let steps = Timings::from_env();
    let pages = search_pages::collect(&prepared.content, &prepared.rendered, &prepared.titles);
    steps.stage("search: text");
    let written = crate::search::write_files(
        &pages,
        &crate::search::IndexSettings::of(config),
        sink,
        &|stage| steps.stage(stage),
    );
    if let Err(err) = written {
        diagnostics.push(Diagnostic::error(crate::search::DIR, format!("{err:#}")));
    }
    timings.stage("search index");
}

/// Writes the pages that are not content pages: 404, search, alias redirects, channel pages,
/// the finder and `responses.json`, and reports the aliases and channels that have no place
/// (found when the site was prepared, see [`generated`]). They are few, so `handbook check`
/// runs this too, into a sink that keeps nothing.
pub fn write_generated(renderer: &Renderer<'_>, sink: &dyn Sink, diagnostics: &Diagnostics) {
    write_file(
        sink,
        "404.html",
        renderer.render_not_found().map(String::into_bytes),
        diagnostics,
    );
    if renderer.site.config.search.enabled {
        write_file(
            sink,
            "search/index.html",
            renderer.render_search().map(String::into_bytes),
            diagnostics,
        );
    }
    write_aliases(renderer, sink, diagnostics);
    write_kind_pages(renderer, sink, diagnostics);
    if has_health_page(renderer.site, renderer.content) {
        write_file(
            sink,
            &format!("{}index.html", urls::HEALTH),
            renderer
                .render_health(&diagnostics.counts())
                .map(String::into_bytes),
            diagnostics,
        );
    }
}

/// The review-health page is built unless `health: false` or a page of the content has its
/// place.
pub fn has_health_page(site: &Site, content: &Content) -> bool {
    site.config.health && !content.by_url.contains_key(urls::HEALTH)
}

/// Runs every stage, writing into `sink`. Nothing is committed here.
pub fn build_into(site: &Site, options: &RunOptions, sink: &dyn Sink) -> Outcome {
    if !site.languages.is_empty() && site.language.is_none() {
        return languages::build_into(site, options, sink);
    }
    let started = Instant::now();
    let diagnostics = Diagnostics::default();
    let prepared = prepare(site, options, &diagnostics);
    let pages_written = write(site, &prepared, sink, &diagnostics);
    let sections = prepared
        .content
        .pages
        .iter()
        .filter(|p| p.is_section)
        .count();
    // Freeing a 10,000-page site takes a noticeable moment; nobody waits for it.
    std::thread::spawn(move || drop(prepared));
    Outcome {
        pages: pages_written.saturating_sub(sections.min(pages_written)),
        sections,
        files: sink.count(),
        elapsed: started.elapsed(),
        diagnostics: diagnostics.into_sorted(),
        languages: Vec::new(),
    }
}

fn write_file(
    sink: &dyn Sink,
    rel: &str,
    bytes: Result<Vec<u8>, Diagnostic>,
    diagnostics: &Diagnostics,
) {
    match bytes {
        Ok(bytes) => {
            if let Err(err) = sink.write(rel, &bytes) {
                diagnostics.push(Diagnostic::error(rel, format!("cannot write {rel}: {err}")));
            }
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}

/// Channel pages, the channels index, the finder when no section hosts it, `responses.json`.
fn write_kind_pages(renderer: &Renderer<'_>, sink: &dyn Sink, diagnostics: &Diagnostics) {
    let generated = renderer.generated;
    let channels = &renderer.site.config.channels;
    if generated.channels_index {
        write_file(
            sink,
            &format!("{}index.html", urls::CHANNELS),
            renderer.render_channels().map(String::into_bytes),
            diagnostics,
        );
    }
    for &at in &generated.channels {
        let channel = &channels[at];
        write_file(
            sink,
            &format!("{}index.html", urls::channel(&channel.id)),
            renderer.render_channel(channel).map(String::into_bytes),
            diagnostics,
        );
    }
    let has_responses = renderer
        .typed
        .iter()
        .flatten()
        .any(|t| t.response().is_some());
    if has_responses && !renderer.content.by_url.contains_key(urls::FINDER) {
        write_file(
            sink,
            &format!("{}index.html", urls::FINDER),
            renderer.render_finder().map(String::into_bytes),
            diagnostics,
        );
    }
    let json = serde_json::to_vec_pretty(&kind_pages::export(&renderer.views())).map_err(|e| {
        Diagnostic::error(
            "responses.json",
            format!("cannot write responses.json: {e}"),
        )
    });
    write_file(sink, "responses.json", json, diagnostics);
}

/// Redirect pages for `aliases`: old URLs keep working after a page moves.
fn write_aliases(renderer: &Renderer<'_>, sink: &dyn Sink, diagnostics: &Diagnostics) {
    diagnostics.extend(renderer.generated.problems.iter().cloned());
    for redirect in &renderer.generated.redirects {
        let target = renderer.urls.href(&renderer.content.pages[redirect.to].url);
        write_file(
            sink,
            &redirect.file,
            renderer.render_redirect(&target).map(String::into_bytes),
            diagnostics,
        );
    }
}

/// Copies content assets, `static/` and the theme's static files, each to its output name.
/// For one language of several, its content's files only: the theme's files and `static/`
/// are written once for all, at the root (see [`copy_shared_files`]).
fn copy_files(site: &Site, prepared: &Prepared, sink: &dyn Sink, diagnostics: &Diagnostics) {
    copy_files_of(
        site,
        prepared,
        sink,
        diagnostics,
        true,
        site.language.is_none(),
    );
}

/// Copies `static/` and the theme's static files: what every language of a multilingual site
/// shares.
pub fn copy_shared_files(
    site: &Site,
    prepared: &Prepared,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
) {
    copy_files_of(site, prepared, sink, diagnostics, false, true);
}

fn copy_files_of(
    site: &Site,
    prepared: &Prepared,
    sink: &dyn Sink,
    diagnostics: &Diagnostics,
    own: bool,
    shared: bool,
) {
    use crate::file_names::output_name;
    let content = &prepared.content;
    for (rel, file) in prepared.theme.static_files().filter(|_| shared) {
        match file.bytes() {
            Ok(bytes) => write_file(sink, &output_name(rel), Ok(bytes.into_owned()), diagnostics),
            Err(err) => diagnostics.push(Diagnostic::error(
                &file.shown,
                format!("cannot read theme file: {err}"),
            )),
        }
    }
    let static_dir = &site.paths.static_dir;
    let jobs: Vec<(std::borrow::Cow<str>, PathBuf)> = content
        .assets
        .iter()
        .filter(|_| own)
        .map(|rel| (output_name(rel), content.source(&site.paths.content, rel)))
        .chain(prepared.static_files.iter().filter(|_| shared).map(|rel| {
            let from = prepared.static_sources.get(rel).cloned();
            (
                output_name(rel),
                from.unwrap_or_else(|| static_dir.join(rel)),
            )
        }))
        .collect();
    jobs.par_iter().for_each(|(rel, from)| {
        if let Err(err) = sink.copy(rel, from) {
            diagnostics.push(Diagnostic::error(
                crate::file_names::shown(&site.shown(from)),
                format!("cannot copy this file to the output: {err}"),
            ));
        }
    });
}
