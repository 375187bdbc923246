//! `handbook export zendesk`: the approved responses as Zendesk macros, so a support team can
//! import the approved wording into the tool where they answer tickets. The JSON follows
//! Zendesk's macro objects (`title` with `::` categories, `actions` setting the comment).

use serde::Serialize;

use crate::build::kind_pages::ResponsesExport;
use crate::kinds::Status;

/// The file Zendesk's bulk macro import and API accept: `{"macros": [...]}`.
#[derive(Debug, Serialize)]
pub struct ZendeskMacros {
    pub macros: Vec<ZendeskMacro>,
}

/// One macro.
#[derive(Debug, Serialize)]
pub struct ZendeskMacro {
    /// `Section::Subsection::Title`: Zendesk shows `::` as nested categories.
    pub title: String,
    pub active: bool,
    pub description: String,
    pub actions: Vec<ZendeskAction>,
}

/// A macro action: set a ticket field.
#[derive(Debug, Serialize)]
pub struct ZendeskAction {
    pub field: String,
    pub value: serde_json::Value,
}

/// Zendesk categories cannot contain `::` themselves.
fn category(text: &str) -> String {
    text.replace("::", ":").trim().to_owned()
}

/// Macros for every approved response: the email variant when there is one (tickets are
/// email-like), else the wording for all channels, else the first variant.
pub fn zendesk(export: &ResponsesExport) -> ZendeskMacros {
    let macros = export
        .responses
        .iter()
        .filter(|r| r.status == Status::Approved)
        .filter_map(|r| {
            let variant = r
                .variants
                .iter()
                .find(|v| v.channel.as_deref() == Some("email"))
                .or_else(|| r.variants.iter().find(|v| v.channel.is_none()))
                .or_else(|| r.variants.first())?;
            let mut path: Vec<String> = r.section.iter().map(|s| category(s)).collect();
            path.push(category(&r.title));
            Some(ZendeskMacro {
                title: path.join("::"),
                active: true,
                description: format!(
                    "{} (approved wording from the handbook: {})",
                    r.summary, r.url
                ),
                actions: vec![
                    ZendeskAction {
                        field: "comment_value".into(),
                        value: serde_json::Value::String(variant.text.clone()),
                    },
                    ZendeskAction {
                        field: "comment_mode_is_public".into(),
                        value: serde_json::Value::String("true".into()),
                    },
                ],
            })
        })
        .collect();
    ZendeskMacros { macros }
}

/// Options of `handbook export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format: `zendesk` (macros JSON) or `responses` (responses.json, version 1).
    pub format: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: std::path::PathBuf,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<std::path::PathBuf>,
}

/// `handbook export FORMAT`: builds the site in memory and writes the export.
pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    use anyhow::Context;
    if !matches!(args.format.as_str(), "zendesk" | "responses") {
        anyhow::bail!(
            "unknown export format `{}`\n  = help: choose `zendesk` or `responses`",
            args.format
        );
    }
    let mut site = match crate::site::Site::open(&args.root, None, false)? {
        Ok(site) => site,
        Err(problems) => {
            crate::cli::print_diagnostics(&problems);
            return Ok(1);
        }
    };
    // Exports read the responses' wording, not the pages' text.
    site.search_text = false;
    let diagnostics = crate::diagnostic::Diagnostics::default();
    let prepared = crate::build::prepare(&site, &diagnostics);
    let problems = diagnostics.into_sorted();
    crate::cli::print_diagnostics(&problems);
    if problems.iter().any(|d| d.is_error()) {
        eprintln!("error: the site has errors; fix them before exporting");
        return Ok(1);
    }
    let Some(templates) = &prepared.templates else {
        anyhow::bail!("the theme's templates could not be loaded")
    };
    let document = crate::build::kind_pages::export(&prepared.renderer(&site, templates).views());
    let json = if args.format == "zendesk" {
        serde_json::to_string_pretty(&zendesk(&document))
    } else {
        serde_json::to_string_pretty(&document)
    }?;
    match &args.output {
        Some(path) => std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => println!("{json}"),
    }
    Ok(0)
}
