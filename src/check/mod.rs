//! `handbook check`: everything that keeps a handbook honest in one read-only pass. It runs the
//! build's stages up to writing (and renders the few generated pages, 404, redirects, channels,
//! into nothing), so it reports every problem the build would except in page templates,
//! then adds its own rules: links and anchors (raw HTML included, letter case told apart),
//! external links on request, and content health. Each problem carries a rule name whose
//! severity `handbook.yml` can change and a page can silence.

pub mod cache;
pub mod external;
pub mod format;
pub mod health;
pub mod links;
pub mod markup;
pub mod rules;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Diagnostics, Rule, Severity};
use crate::pipeline;
use crate::run_options::RunOptions;
use crate::site::Site;
use rules::Levels;

/// How to check.
pub struct CheckOptions {
    /// Check pages marked `draft: true` too.
    pub drafts: bool,
    /// Fetch external links too.
    pub external: bool,
    /// The date publishing windows and reviews are measured against.
    pub today: NaiveDate,
    /// Reuse and update the external link cache.
    pub use_cache: bool,
}

/// What a check found.
pub struct Checked {
    /// Every problem, sorted by file and position, with its configured severity.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    /// Owners, dates and the review-health tables (none when the templates have errors).
    pub facts: Option<pipeline::health::Facts>,
}

/// Checks the site at `site`; nothing is written but the external link cache.
pub fn check(site: &Site, options: &CheckOptions) -> Checked {
    // The check reports links itself (with rule names and letter case), so the build's own
    // link report is switched off; the configured policy still sets their severity below.
    let run = RunOptions {
        drafts: options.drafts,
        today: options.today,
        broken_links: LinkPolicy::Ignore,
        highlight_code: false,
        search_text: false,
        exclude: None,
        preview: false,
    };
    let diagnostics = Diagnostics::default();
    let prepared = pipeline::prepare(site, &run, &diagnostics);
    let timings = pipeline::Timings::from_env();
    let mut facts = None;
    if let Some(templates) = &prepared.templates {
        let renderer = prepared.renderer(site, templates);
        pipeline::write_generated(&renderer, &crate::output::Discard, &diagnostics);
        renderer.check_templates(&diagnostics);
        facts = Some(pipeline::health::facts(&renderer.views()));
    }
    timings.stage("check generated");
    let found = links::check(&prepared, &site.config.base_path());
    timings.stage("check links");
    diagnostics.extend(found.diagnostics);
    let input = health::HealthInput {
        prepared: &prepared,
        config: &site.config,
        linked: &found.linked,
        today: options.today,
    };
    diagnostics.extend(health::check(&input));
    timings.stage("check health");
    let content = &prepared.content;
    diagnostics.extend(
        content
            .pages
            .par_iter()
            .flat_map_iter(markup::check)
            .collect::<Vec<_>>(),
    );
    timings.stage("check markup");
    if options.external {
        let config = &site.config.check.external;
        let hours = options.use_cache.then_some(config.cache_hours);
        let mut cache = cache::Cache::open(&site.paths.root, hours);
        diagnostics.extend(external::check(
            &found.external,
            content,
            config,
            &mut cache,
        ));
        if let Err(err) = cache.save() {
            diagnostics.push(
                Diagnostic::warning(cache::DIR, format!("{err:#}"))
                    .help("run with --no-cache, or make the site folder writable")
                    .rule(Rule::CheckConfig),
            );
        }
    }
    let levels = Levels::new(&site.config.check, site.config.broken_links);
    diagnostics.extend(unknown_rules(&levels, content));
    let pages = content.pages.len();
    let ignored = page_ignores(content);
    let diagnostics = diagnostics
        .into_sorted()
        .into_iter()
        .filter_map(|d| configure(d, &levels, &ignored))
        .collect();
    timings.stage("check configure");
    // Freeing a large site takes a moment; nobody waits for it.
    std::thread::spawn(move || drop(prepared));
    Checked {
        diagnostics,
        pages,
        facts,
    }
}

/// Applies the configured severity of the diagnostic's rule and the page's own silencing.
fn configure(
    mut d: Diagnostic,
    levels: &Levels,
    ignored: &HashMap<PathBuf, HashSet<String>>,
) -> Option<Diagnostic> {
    let rule = d.rule.unwrap_or(Rule::Build);
    if ignored
        .get(&d.path)
        .is_some_and(|rules| rules.contains(rule.name()) || rules.contains("all"))
    {
        return None;
    }
    d.severity = levels.severity(rule, d.severity)?;
    if d.severity == Severity::Error
        && matches!(rule, Rule::BrokenLink | Rule::BrokenAnchor)
        && d.help.as_deref() == Some("fix the link")
    {
        d.help = Some(format!(
            "fix the link, or set `check: {{ rules: {{ {}: warning }} }}` in handbook.yml to report it as a warning",
            rule.name()
        ));
    }
    Some(d.rule(rule))
}

/// The rules each page silences with `check: { ignore: [...] }`, by shown path.
fn page_ignores(content: &Content) -> HashMap<PathBuf, HashSet<String>> {
    content
        .pages
        .iter()
        .filter_map(|page| {
            let list = page.front.extra.get("check")?.get("ignore")?;
            let names = match list {
                serde_json::Value::String(one) => vec![one.clone()],
                serde_json::Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            Some((page.shown.clone(), names.into_iter().collect()))
        })
        .collect()
}

/// `unknown-rule`: names in `check.rules` and in pages' `check.ignore` that are no rule.
fn unknown_rules(levels: &Levels, content: &Content) -> Vec<Diagnostic> {
    let mention = |name: &str| match rules::suggestion(name) {
        Some(near) => format!("did you mean `{near}`? The README lists every rule"),
        None => "the README lists every rule".to_owned(),
    };
    let mut out: Vec<Diagnostic> = levels
        .unknown()
        .map(|name| {
            Diagnostic::warning(
                "handbook.yml",
                format!("`check.rules` names an unknown rule `{name}`"),
            )
            .help(mention(name))
            .rule(Rule::UnknownRule)
        })
        .collect();
    for (path, names) in page_ignores(content) {
        for name in names {
            if name != "all" && Rule::from_name(&name).is_none() {
                out.push(
                    Diagnostic::warning(
                        &path,
                        format!("`check.ignore` names an unknown rule `{name}`"),
                    )
                    .help(mention(&name))
                    .rule(Rule::UnknownRule),
                );
            }
        }
    }
    out
}

/// True when a run with these problems fails: errors, or warnings too when `strict`.
pub fn fails(diagnostics: &[Diagnostic], strict: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
}
