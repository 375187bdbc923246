//! `handbook search "<query>"`: the site's search from the terminal. It reads the index of the
//! built site when there is one (`public/search/`), else builds the index in memory from the
//! content, and prints title, URL and excerpt of each result, or with `--wording` a response's
//! approved wording, ready to paste.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::diagnostic::Diagnostics;
use crate::run_options::RunOptions;
use crate::search::query::{Filters, Hit, IndexFiles, Searcher, excerpt};
use crate::site::Site;

/// Options of `handbook search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for; put words in double quotes for an exact phrase.
    pub query: String,
    /// The site folder (holds `content/` and `handbook.yml`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The built site whose `search/` index to read; without one the content is indexed.
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// Only pages of this kind (`response`, `escalation`, `guideline`...); repeatable.
    #[arg(long)]
    pub kind: Vec<String>,
    /// Only pages for this channel id; repeatable.
    #[arg(long)]
    pub channel: Vec<String>,
    /// Only pages with this tag; repeatable.
    #[arg(long)]
    pub tag: Vec<String>,
    /// Only pages with this status (`approved`, `draft`...); repeatable.
    #[arg(long)]
    pub status: Vec<String>,
    /// How many results to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Print the approved wording of the best matching response (for `--channel` when given).
    #[arg(long)]
    pub wording: bool,
    /// Print each result as one line of JSON (`url`, `anchor`, `title`), for scripts and the
    /// relevance benchmark.
    #[arg(long, conflicts_with = "wording")]
    pub json: bool,
}

/// Runs `handbook search`; returns the exit code (1 when nothing matched).
pub fn run(args: &SearchArgs) -> Result<i32> {
    let site = match Site::open(&args.root, None)? {
        Ok(site) if site.config_problems.is_empty() => site,
        Ok(Site {
            config_problems: problems,
            ..
        })
        | Err(problems) => bail!(
            "{}",
            problems.iter().map(ToString::to_string).collect::<String>()
        ),
    };
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        site.paths.root.join(&args.output)
    };
    let built = output.join(crate::search::DIR);
    let memory: HashMap<String, String>;
    let files: &dyn IndexFiles = if built.join("index.json").is_file() {
        &built
    } else {
        memory = index_in_memory(&site)?;
        &memory
    };
    let mut searcher = Searcher::open(files)?;
    let mut filters = Filters::new();
    let kinds = if args.wording && args.kind.is_empty() {
        vec!["response".to_owned()]
    } else {
        args.kind.clone()
    };
    filters.insert("kind".into(), kinds);
    filters.insert("channel".into(), args.channel.clone());
    filters.insert("tag".into(), args.tag.clone());
    filters.insert("status".into(), args.status.clone());
    let hits = searcher.search(
        &args.query,
        &filters,
        if args.wording { 1 } else { args.limit },
    )?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if hits.is_empty() {
        eprintln!("no results for `{}`", args.query);
        return Ok(1);
    }
    if args.wording {
        let hit = &hits[0];
        let channel = args.channel.first().map(String::as_str).unwrap_or("");
        let wording = hit
            .page
            .w
            .iter()
            .find(|(c, _)| c == channel)
            .or_else(|| hit.page.w.iter().find(|(c, _)| c.is_empty()))
            .or(hit.page.w.first());
        let Some((_, text)) = wording else {
            eprintln!("`{}` has no approved wording", hit.page.t);
            return Ok(1);
        };
        eprintln!("{} ({})", hit.page.t, url_of(&site, hit));
        writeln!(out, "{text}")?;
        return Ok(0);
    }
    if args.json {
        for hit in &hits {
            let anchor = hit.page.h.get(hit.section).map_or("", |s| s[0].as_str());
            let line =
                serde_json::json!({ "url": hit.page.u, "anchor": anchor, "title": hit.page.t });
            writeln!(out, "{line}")?;
        }
        return Ok(0);
    }
    let terms: Vec<String> = crate::search::tokenize::tokens(&args.query)
        .into_iter()
        .map(|t| t.text)
        .collect();
    for (i, hit) in hits.iter().enumerate() {
        let section = &hit.page.h[hit.section.min(hit.page.h.len().saturating_sub(1))];
        let heading = if section[1].is_empty() {
            String::new()
        } else {
            format!(" › {}", section[1])
        };
        let mut badges = vec![hit.page.k.clone()];
        badges.extend(hit.page.c.iter().cloned());
        writeln!(
            out,
            "{}. {}{heading}  [{}]",
            i + 1,
            hit.page.t,
            badges.join(", ")
        )?;
        writeln!(out, "   {}", url_of(&site, hit))?;
        let text = if section[2].is_empty() {
            &hit.page.d
        } else {
            &section[2]
        };
        writeln!(out, "   {}", excerpt(text, &terms, 160))?;
    }
    Ok(0)
}

fn url_of(site: &Site, hit: &Hit) -> String {
    let anchor = &hit
        .page
        .h
        .get(hit.section)
        .map(|s| s[0].clone())
        .unwrap_or_default();
    let hash = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    format!("{}{}{hash}", site.config.absolute_base(), hit.page.u)
}

/// The index files built from the content, without writing anything. The pages' text is
/// gathered whether or not the site publishes a search index.
fn index_in_memory(site: &Site) -> anyhow::Result<HashMap<String, String>> {
    let options = RunOptions {
        search_text: true,
        ..RunOptions::new(site)
    };
    let diagnostics = Diagnostics::default();
    let prepared = crate::pipeline::prepare(site, &options, &diagnostics);
    let pages = crate::pipeline::search_pages::collect(
        &prepared.content,
        &prepared.rendered,
        &prepared.titles,
    );
    crate::search::files_in_memory(&pages, &crate::search::IndexSettings::of(&site.config))
}
