//! `responses.json`, the versioned export of every response for other tools (and for
//! `handbook export`). The channel pages and the responses finder, which the build also makes
//! from typed content, are views: see [`super::views`].

use serde::Serialize;

use super::views::ViewBuilder;
use crate::content::PageId;
use crate::kinds::wording;
use crate::kinds::{Status, Typed};

/// `responses.json`: a stable, versioned export of every response (see the README).
#[derive(Debug, Serialize)]
pub struct ResponsesExport {
    pub version: u32,
    pub generator: String,
    pub site: ExportSite,
    pub responses: Vec<ExportResponse>,
}

#[derive(Debug, Serialize)]
pub struct ExportSite {
    pub title: String,
    pub base_url: String,
}

#[derive(Debug, Serialize)]
pub struct ExportResponse {
    /// Stable id: the source path without extension, e.g. `responses/outage-acknowledgement`.
    pub id: String,
    pub title: String,
    pub url: String,
    /// Section titles from the home page down, e.g. `["Response library"]`.
    pub section: Vec<String>,
    pub summary: String,
    pub status: Status,
    pub channels: Vec<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    /// Its `owner`, then the owners CODEOWNERS gives its file (added within version 1).
    pub owners: Vec<String>,
    /// The date of its last commit and who made it, when git knows them (within version 1).
    pub last_changed: Option<String>,
    pub last_author: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<String>,
    pub review_every_days: u64,
    pub review_due: Option<String>,
    pub replaced_by: Option<String>,
    pub variables: Vec<crate::kinds::Variable>,
    pub variants: Vec<ExportVariant>,
}

#[derive(Debug, Serialize)]
pub struct ExportVariant {
    /// Channel id, or `null` for the wording for all channels.
    pub channel: Option<String>,
    pub text: String,
    /// Length as the channel counts it, placeholders filled with their examples.
    pub length: usize,
    pub max_chars: Option<usize>,
}

/// Builds the `responses.json` document.
pub fn export(views: &ViewBuilder<'_>) -> ResponsesExport {
    let config = views.config;
    let content = views.content;
    let permalink = |id: PageId| views.urls.permalink(&content.pages[id].url);
    let mut responses = Vec::new();
    for id in 0..content.pages.len() {
        let Some(r) = views.typed[id].as_ref().and_then(Typed::response) else {
            continue;
        };
        let page = &content.pages[id];
        let (due, _, _) = views.review_due(r.reviewed, r.review_every_days);
        let history = views.page_history(id);
        let example = |name: &str| {
            r.variables
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.example.clone())
        };
        let variants = views.rendered[id]
            .variants
            .iter()
            .map(|v| {
                let channel = v
                    .channel
                    .as_deref()
                    .and_then(|c| config.channels.iter().find(|x| x.id == c));
                ExportVariant {
                    channel: v.channel.clone(),
                    length: wording::channel_length(
                        &wording::fill(&v.text, example),
                        channel.and_then(|c| c.link_chars),
                    ),
                    max_chars: channel.and_then(|c| c.max_chars),
                    text: v.text.clone(),
                }
            })
            .collect();
        let section = content
            .ancestors(id)
            .into_iter()
            .skip(1)
            .map(|a| views.titles[a].clone())
            .collect();
        responses.push(ExportResponse {
            id: page
                .rel_path
                .rsplit_once('.')
                .map_or(page.rel_path.clone(), |(stem, _)| stem.to_owned()),
            title: views.titles[id].clone(),
            url: permalink(id),
            section,
            summary: r.summary.clone(),
            status: r.status,
            channels: r.channels.clone(),
            tags: page.front.tags.clone(),
            owner: r.owner.clone(),
            owners: views.owners(id),
            last_changed: history.last_changed,
            last_author: history.last_author,
            approved_by: r.approved_by.clone(),
            reviewed: r.reviewed.map(|d| d.to_string()),
            review_every_days: r.review_every_days,
            review_due: due.map(|d| d.to_string()),
            replaced_by: r.replaced_by.map(permalink),
            variables: r.variables.clone(),
            variants,
        });
    }
    ResponsesExport {
        version: 1,
        generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
        site: ExportSite {
            title: config.title.clone(),
            base_url: views.urls.absolute_base().to_owned(),
        },
        responses,
    }
}
