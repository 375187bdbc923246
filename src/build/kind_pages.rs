//! Pages and files the build makes from typed content: a page per channel (its target, its
//! guidelines, responses and escalation paths), the channels index, the responses finder's
//! data, and `responses.json`, the versioned export of every response for other tools.

use serde::Serialize;

use super::render::Renderer;
use crate::config::ChannelConfig;
use crate::content::PageId;
use crate::kinds::views::{ChannelRef, KindIndex};
use crate::kinds::wording;
use crate::kinds::{Kind, Response, Status, Typed, duration};
use crate::templates::views::LinkView;

/// Where the finder is published when the content has no `responses/` section.
pub const FINDER_URL: &str = "responses/";

/// One response in the finder.
#[derive(Debug, Clone, Serialize)]
pub struct FinderItem {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub status: Status,
    pub channels: Vec<ChannelRef>,
    /// Channel ids separated by spaces, for filtering.
    pub channel_ids: String,
    pub tags: Vec<String>,
    /// The wording cards, ready to fill and copy.
    pub cards: String,
}

/// A filter option with how many responses have it.
#[derive(Debug, Clone, Serialize)]
pub struct FacetView {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// `finder` on the responses page.
#[derive(Debug, Clone, Serialize)]
pub struct FinderView {
    pub items: Vec<FinderItem>,
    pub channels: Vec<FacetView>,
    pub tags: Vec<FacetView>,
}

/// `channel` on a channel page.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub max_chars: Option<usize>,
    pub link_chars: Option<usize>,
    pub first_response_target: Option<String>,
    pub first_response_target_human: Option<String>,
    pub url: String,
    pub guidelines: Vec<LinkView>,
    pub responses: Vec<ResponseLink>,
    pub escalations: Vec<LinkView>,
}

/// A response listed on a channel page.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseLink {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub status: Status,
}

fn response_of(typed: &[Option<Typed>], id: PageId) -> Option<&Response> {
    typed
        .get(id)
        .and_then(Option::as_ref)
        .and_then(Typed::response)
}

/// The wording cards of a response, as on its page.
pub fn cards(renderer: &Renderer<'_>, id: PageId, response: &Response) -> String {
    let config = &renderer.site.config;
    renderer.rendered[id]
        .variants
        .iter()
        .map(|v| {
            crate::kinds::response::card(config, Some(response), v.channel.as_deref(), &v.text)
        })
        .collect()
}

/// The finder's data: every response, with facets.
pub fn finder(renderer: &Renderer<'_>) -> FinderView {
    let kinds = renderer.kind_index();
    let mut items = Vec::new();
    let mut tag_counts: std::collections::BTreeMap<String, usize> =
        std::collections::BTreeMap::new();
    for &id in renderer.site_order() {
        let Some(response) = response_of(renderer.typed, id) else {
            continue;
        };
        let page = &renderer.content.pages[id];
        if response.status == Status::Approved {
            for tag in &page.front.tags {
                *tag_counts.entry(tag.clone()).or_default() += 1;
            }
        }
        items.push(FinderItem {
            title: renderer.titles[id].clone(),
            url: kinds.link(id).url,
            summary: response.summary.clone(),
            status: response.status,
            channels: response
                .channels
                .iter()
                .map(|c| kinds.channel_ref(c))
                .collect(),
            channel_ids: response.channels.join(" "),
            tags: page.front.tags.clone(),
            cards: cards(renderer, id, response),
        });
    }
    let approved = |item: &&FinderItem| item.status == Status::Approved;
    let channels = renderer
        .site
        .config
        .channels
        .iter()
        .map(|c| FacetView {
            value: c.id.clone(),
            label: c.name.clone(),
            count: items
                .iter()
                .filter(approved)
                .filter(|i| i.channels.iter().any(|x| x.id == c.id))
                .count(),
        })
        .collect();
    let tags = tag_counts
        .into_iter()
        .map(|(tag, count)| FacetView {
            label: tag.clone(),
            value: tag,
            count,
        })
        .collect();
    FinderView {
        items,
        channels,
        tags,
    }
}

/// The view of one channel's page.
pub fn channel_view(
    kinds: &KindIndex<'_>,
    renderer: &Renderer<'_>,
    channel: &ChannelConfig,
) -> ChannelView {
    let links = |kind: Kind| {
        kinds
            .for_channel(kind, &channel.id)
            .into_iter()
            .map(|p| kinds.link(p))
            .collect::<Vec<_>>()
    };
    let responses = kinds
        .for_channel(Kind::Response, &channel.id)
        .into_iter()
        .filter_map(|p| {
            let r = response_of(renderer.typed, p)?;
            (r.status != Status::Deprecated).then(|| ResponseLink {
                title: renderer.titles[p].clone(),
                url: kinds.link(p).url,
                summary: r.summary.clone(),
                status: r.status,
            })
        })
        .collect();
    ChannelView {
        id: channel.id.clone(),
        name: channel.name.clone(),
        description: channel.description.clone().unwrap_or_default(),
        max_chars: channel.max_chars,
        link_chars: channel.link_chars,
        first_response_target_human: channel
            .first_response_target
            .as_deref()
            .map(duration::human),
        first_response_target: channel.first_response_target.clone(),
        url: kinds.channel_url(&channel.id),
        guidelines: links(Kind::Guideline),
        responses,
        escalations: links(Kind::Escalation),
    }
}

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
pub fn export(renderer: &Renderer<'_>) -> ResponsesExport {
    let kinds = renderer.kind_index();
    let config = &renderer.site.config;
    let permalink = |id: PageId| {
        format!(
            "{}{}",
            renderer.absolute_base, renderer.content.pages[id].url
        )
    };
    let mut responses = Vec::new();
    for id in 0..renderer.content.pages.len() {
        let Some(r) = response_of(renderer.typed, id) else {
            continue;
        };
        let page = &renderer.content.pages[id];
        let (due, _, _) = kinds.review_due(r.reviewed, r.review_every_days);
        let example = |name: &str| {
            r.variables
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.example.clone())
        };
        let variants = renderer.rendered[id]
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
        let section = renderer
            .content
            .ancestors(id)
            .into_iter()
            .skip(1)
            .map(|a| renderer.titles[a].clone())
            .collect();
        responses.push(ExportResponse {
            id: page
                .rel_path
                .rsplit_once('.')
                .map_or(page.rel_path.clone(), |(stem, _)| stem.to_owned()),
            title: renderer.titles[id].clone(),
            url: permalink(id),
            section,
            summary: r.summary.clone(),
            status: r.status,
            channels: r.channels.clone(),
            tags: page.front.tags.clone(),
            owner: r.owner.clone(),
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
            base_url: config.absolute_base(),
        },
        responses,
    }
}
