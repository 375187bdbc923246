//! The one builder of template views: it makes the structs of [`crate::templates::views`] from
//! the model (pages, typed front matter, its backlinks, the rendered Markdown): `site`, the
//! typed views flattened into `page` (`page.response`, `page.escalation`...), the channel pages
//! and the responses finder. The navigation tree is built in [`super::nav`], and `page` itself
//! put together in [`super::render`], from these.

use chrono::NaiveDate;

use super::pages::RenderedPage;
use crate::config::{ChannelConfig, Config};
use crate::content::{Content, PageId};
use crate::kinds::backlinks::Backlinks;
use crate::kinds::{Kind, Response, Role, Status, Typed, Who, duration};
use crate::templates::views::{
    ChannelRef, ChannelView, EscalationView, ExpertView, FacetView, FinderItem, FinderView,
    GuidelineView, HistoryView, KindViews, LinkView, ListedResponse, ResponseLink, ResponseView,
    RoleView, RungView, SiteView, StepView, TopicView,
};
use crate::urls::Urls;

/// The `site` template variable.
pub fn site_view(config: &Config, urls: &Urls) -> SiteView {
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: urls.absolute_base().to_owned(),
        feed_url: urls.feed(),
        base_path: urls.base_path().to_owned(),
        assets_path: urls.base_path().to_owned(),
        language_code: config.language.clone(),
        generator: format!("handbook {}", env!("CARGO_PKG_VERSION")),
        search: config.search.enabled,
        data: serde_json::Value::Object(Default::default()),
        channels: config
            .channels
            .iter()
            .map(|c| ChannelRef {
                id: c.id.clone(),
                name: c.name.clone(),
                url: urls.channel(&c.id),
            })
            .collect(),
    }
}

/// Builds views; holds what every view reads.
pub struct ViewBuilder<'a> {
    pub content: &'a Content,
    pub typed: &'a [Option<Typed>],
    /// Which typed pages refer to each page.
    pub backlinks: &'a Backlinks,
    pub rendered: &'a [RenderedPage],
    pub titles: &'a [String],
    pub config: &'a Config,
    pub urls: &'a Urls,
    pub today: NaiveDate,
    /// Every page in the order lists show them: weight, then title (as the navigation).
    pub order: &'a [PageId],
    /// Each page's place in `order`.
    pub rank: &'a [usize],
    /// The role pages of each family, in page order: found on first use, see [`Families`].
    pub families: &'a Families,
    /// Each page's git history and owners.
    pub history: &'a super::history::History,
}

/// The role pages of each family (`family:`), found once for all the ladders of a rendering.
#[derive(Default)]
pub struct Families(std::sync::OnceLock<std::collections::HashMap<String, Vec<PageId>>>);

impl Families {
    fn of<'a>(&'a self, typed: &[Option<Typed>], family: &str) -> &'a [PageId] {
        let families = self.0.get_or_init(|| {
            let mut families: std::collections::HashMap<String, Vec<PageId>> =
                std::collections::HashMap::new();
            for (id, typed) in typed.iter().enumerate() {
                if let Some(Typed::Role(r)) = typed {
                    families.entry(r.family.clone()).or_default().push(id);
                }
            }
            families
        });
        families.get(family).map_or(&[], Vec::as_slice)
    }
}

fn response_of(typed: &[Option<Typed>], id: PageId) -> Option<&Response> {
    typed
        .get(id)
        .and_then(Option::as_ref)
        .and_then(Typed::response)
}

impl ViewBuilder<'_> {
    pub fn link(&self, id: PageId) -> LinkView {
        LinkView {
            title: self.titles[id].clone(),
            url: self.urls.href(&self.content.pages[id].url),
        }
    }

    pub fn channel_ref(&self, id: &str) -> ChannelRef {
        let name = self
            .config
            .channels
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone());
        ChannelRef {
            id: id.to_owned(),
            name,
            url: self.urls.channel(id),
        }
    }

    fn channel_refs(&self, ids: &[String]) -> Vec<ChannelRef> {
        ids.iter().map(|id| self.channel_ref(id)).collect()
    }

    fn kind_of(&self, id: PageId) -> Option<&Typed> {
        self.typed.get(id).and_then(Option::as_ref)
    }

    /// The typed pages referring to page `id` whose typed data satisfies `refers`, in site order.
    fn referring(&self, id: PageId, refers: impl Fn(&Typed) -> bool) -> Vec<LinkView> {
        let mut from: Vec<PageId> = self
            .backlinks
            .of(id)
            .iter()
            .copied()
            .filter(|&i| self.kind_of(i).is_some_and(&refers))
            .collect();
        from.sort_unstable_by_key(|&i| self.rank[i]);
        from.into_iter().map(|i| self.link(i)).collect()
    }

    fn listed_response(&self, id: PageId) -> ListedResponse {
        let LinkView { title, url } = self.link(id);
        let (status, replaced_by) = match self.kind_of(id) {
            Some(Typed::Response(r)) => (Some(r.status), r.replaced_by.map(|p| self.link(p))),
            _ => (None, None),
        };
        ListedResponse {
            title,
            url,
            status,
            replaced_by,
        }
    }

    /// When a response is next due for review, and whether that is past.
    pub fn review_due(
        &self,
        reviewed: Option<NaiveDate>,
        every_days: u64,
    ) -> (Option<NaiveDate>, bool, i64) {
        let Some(reviewed) = reviewed else {
            return (None, false, 0);
        };
        let due = reviewed + chrono::Days::new(every_days);
        let overdue = (self.today - due).num_days();
        (Some(due), overdue > 0, overdue.max(0))
    }

    /// The owners of page `id`: its `owner` (a response's too), then CODEOWNERS'.
    pub fn owners(&self, id: PageId) -> Vec<String> {
        self.history.owners(&self.content.pages[id], id)
    }

    /// `page.last_changed`, `page.owners`... of page `id`.
    pub fn page_history(&self, id: PageId) -> HistoryView {
        let h = self.history.of(id);
        let date = |d: &chrono::DateTime<chrono::FixedOffset>| d.date_naive();
        HistoryView {
            last_changed: h.last_changed.as_ref().map(|d| date(d).to_string()),
            last_changed_human: h
                .last_changed
                .as_ref()
                .map(|d| crate::content::dates::human(date(d))),
            last_author: h.last_author.clone(),
            first_commit: h.first_commit.as_ref().map(|d| date(d).to_string()),
            first_commit_human: h
                .first_commit
                .as_ref()
                .map(|d| crate::content::dates::human(date(d))),
            changed_now: h.changed_now,
            updated_from_git: h.dated_by_git,
            owners: self.owners(id),
        }
    }

    /// The typed views of page `id`.
    pub fn kinds(&self, id: PageId) -> KindViews {
        let mut views = KindViews {
            experts_by_topic: self.experts_by_topic(id),
            ..KindViews::default()
        };
        match self.kind_of(id) {
            Some(Typed::Response(r)) => {
                let (due, overdue, days) = self.review_due(r.reviewed, r.review_every_days);
                views.response = Some(ResponseView {
                    summary: r.summary.clone(),
                    status: r.status,
                    channels: self.channel_refs(&r.channels),
                    replaced_by: r.replaced_by.map(|p| self.link(p)),
                    owner: r.owner.clone(),
                    approved_by: r.approved_by.clone(),
                    reviewed: r.reviewed.map(|d| d.to_string()),
                    reviewed_human: r.reviewed.map(crate::content::dates::human),
                    review_due: due.map(|d| d.to_string()),
                    review_due_human: due.map(crate::content::dates::human),
                    review_overdue: overdue && r.status != Status::Deprecated,
                    days_overdue: days,
                    variables: r.variables.clone(),
                    experts: r.experts.iter().map(|&e| self.link(e)).collect(),
                    escalations: self.referring(
                        id,
                        |t| matches!(t, Typed::Escalation(e) if e.responses.contains(&id)),
                    ),
                });
            }
            Some(Typed::Escalation(e)) => {
                views.escalation = Some(EscalationView {
                    when: e.when.clone(),
                    severity: e.severity.clone(),
                    respond_within_human: duration::human(&e.respond_within),
                    respond_within: e.respond_within.clone(),
                    steps: e
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| StepView {
                            number: i + 1,
                            who_page: match &s.who {
                                Who::Page(p) => Some(self.link(*p)),
                                Who::Handle(_) => None,
                            },
                            who_handle: match &s.who {
                                Who::Handle(h) => Some(h.clone()),
                                Who::Page(_) => None,
                            },
                            how: s.how.clone(),
                            within_human: s.within.as_deref().map(duration::human),
                            within: s.within.clone(),
                            note: s.note.clone(),
                        })
                        .collect(),
                    responses: e
                        .responses
                        .iter()
                        .map(|&r| self.listed_response(r))
                        .collect(),
                    channels: self.channel_refs(&e.channels),
                });
            }
            Some(Typed::Expert(x)) => {
                views.expert = Some(ExpertView {
                    name: x.name.clone(),
                    handle: x.handle.clone(),
                    team: x.team.clone(),
                    topics: x.topics.clone(),
                    contact: x.contact.clone(),
                    timezone: x.timezone.clone(),
                    responses: self.referring(id, |t| matches!(t, Typed::Response(r) if r.experts.contains(&id))),
                    escalations: self.referring(id, |t| matches!(t, Typed::Escalation(e) if e.steps.iter().any(|s| matches!(s.who, Who::Page(p) if p == id)))),
                });
            }
            Some(Typed::Role(role)) => views.role = Some(self.role_view(id, role)),
            Some(Typed::Guideline(g)) => {
                views.guideline = Some(GuidelineView {
                    applies_to: self.channel_refs(&g.applies_to),
                })
            }
            None => {}
        }
        views
    }

    fn role_view(&self, id: PageId, role: &Role) -> RoleView {
        // The ladder: this role, the roles it names and every role of the same family, in page
        // order before the sort by grade.
        let family = if role.family.is_empty() {
            &[]
        } else {
            self.families.of(self.typed, &role.family)
        };
        let mut members: Vec<PageId> = std::iter::once(id)
            .chain(
                role.levels
                    .iter()
                    .copied()
                    .filter(|&i| i < self.typed.len()),
            )
            .chain(family.iter().copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        let grade_of = |i: PageId| match self.kind_of(i) {
            Some(Typed::Role(r)) => r.grade.clone(),
            _ => String::new(),
        };
        members.sort_by(|a, b| {
            let (ga, gb) = (grade_of(*a), grade_of(*b));
            match (ga.parse::<f64>(), gb.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                _ => ga.cmp(&gb),
            }
        });
        RoleView {
            grade: role.grade.clone(),
            family: role.family.clone(),
            ladder: members
                .into_iter()
                .map(|i| RungView {
                    title: self.titles[i].clone(),
                    url: self.link(i).url,
                    grade: grade_of(i),
                    current: i == id,
                })
                .collect(),
            reports_to: match &role.reports_to {
                Some(Ok(p)) => Some(self.link(*p)),
                _ => None,
            },
            reports_to_text: match &role.reports_to {
                Some(Err(text)) => Some(text.clone()),
                _ => None,
            },
        }
    }

    /// For a section with experts among its children: those experts grouped by topic.
    fn experts_by_topic(&self, id: PageId) -> Vec<TopicView> {
        let page = &self.content.pages[id];
        if !page.is_section {
            return Vec::new();
        }
        let mut topics: std::collections::BTreeMap<String, (String, Vec<LinkView>)> =
            std::collections::BTreeMap::new();
        for &child in &page.children {
            if let Some(Typed::Expert(x)) = self.kind_of(child) {
                for topic in &x.topics {
                    topics
                        .entry(topic.to_lowercase())
                        .or_insert_with(|| (topic.clone(), Vec::new()))
                        .1
                        .push(self.link(child));
                }
            }
        }
        topics
            .into_values()
            .map(|(topic, experts)| TopicView { topic, experts })
            .collect()
    }

    /// Pages of a kind that concern a channel, in site order.
    fn for_channel(&self, kind: Kind, channel: &str) -> Vec<PageId> {
        self.order
            .iter()
            .copied()
            .filter(|&i| {
                self.kind_of(i).is_some_and(|t| {
                    let matches_kind = matches!(
                        (kind, t),
                        (Kind::Response, Typed::Response(_))
                            | (Kind::Escalation, Typed::Escalation(_))
                            | (Kind::Guideline, Typed::Guideline(_))
                    );
                    matches_kind && t.channels().iter().any(|c| c == channel)
                })
            })
            .collect()
    }

    /// The wording cards of a response, as on its page.
    fn cards(&self, id: PageId, response: &Response) -> String {
        self.rendered[id]
            .variants
            .iter()
            .map(|v| {
                crate::kinds::response::card(
                    self.config,
                    Some(response),
                    v.channel.as_deref(),
                    &v.text,
                )
            })
            .collect()
    }

    /// The finder's data: every response, with facets.
    pub fn finder(&self) -> FinderView {
        let mut items = Vec::new();
        let mut tag_counts: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        for &id in self.order {
            let Some(response) = response_of(self.typed, id) else {
                continue;
            };
            let page = &self.content.pages[id];
            if response.status == Status::Approved {
                for tag in &page.front.tags {
                    *tag_counts.entry(tag.clone()).or_default() += 1;
                }
            }
            items.push(FinderItem {
                title: self.titles[id].clone(),
                url: self.link(id).url,
                summary: response.summary.clone(),
                status: response.status,
                channels: response
                    .channels
                    .iter()
                    .map(|c| self.channel_ref(c))
                    .collect(),
                channel_ids: response.channels.join(" "),
                tags: page.front.tags.clone(),
                cards: self.cards(id, response),
            });
        }
        let approved = |item: &&FinderItem| item.status == Status::Approved;
        let channels = self
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
    pub fn channel(&self, channel: &ChannelConfig) -> ChannelView {
        let links = |kind: Kind| {
            self.for_channel(kind, &channel.id)
                .into_iter()
                .map(|p| self.link(p))
                .collect::<Vec<_>>()
        };
        let responses = self
            .for_channel(Kind::Response, &channel.id)
            .into_iter()
            .filter_map(|p| {
                let r = response_of(self.typed, p)?;
                (r.status != Status::Deprecated).then(|| ResponseLink {
                    title: self.titles[p].clone(),
                    url: self.link(p).url,
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
            url: self.urls.channel(&channel.id),
            guidelines: links(Kind::Guideline),
            responses,
            escalations: links(Kind::Escalation),
        }
    }
}
