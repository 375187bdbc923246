//! What templates see of the typed kinds: `page.response`, `page.escalation`, `page.expert`,
//! `page.role`, `page.guideline` (each `none` unless the page is of that kind), the channel
//! pages, and the data of the responses finder.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Kind, Status, Typed, Variable, Who, duration};
use crate::config::ChannelConfig;
use crate::content::{Content, PageId};
use crate::templates::views::LinkView;

/// A channel as a badge and link.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelRef {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// `page.response`.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub summary: String,
    pub status: Status,
    pub channels: Vec<ChannelRef>,
    pub replaced_by: Option<LinkView>,
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<String>,
    /// `reviewed` and `review_due` as the page header writes dates ("6 October 2026").
    pub reviewed_human: Option<String>,
    pub review_due: Option<String>,
    pub review_due_human: Option<String>,
    pub review_overdue: bool,
    pub days_overdue: i64,
    pub variables: Vec<Variable>,
    pub experts: Vec<LinkView>,
    /// Escalation paths that list this response.
    pub escalations: Vec<LinkView>,
}

/// One step of `page.escalation.steps`.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub number: usize,
    /// The expert or page to pull in, when `who` is a page.
    pub who_page: Option<LinkView>,
    /// The handle or team, when `who` is not a page.
    pub who_handle: Option<String>,
    pub how: String,
    pub within: Option<String>,
    pub within_human: Option<String>,
    pub note: String,
}

/// `page.escalation`.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationView {
    pub when: String,
    pub severity: String,
    pub respond_within: String,
    pub respond_within_human: String,
    pub steps: Vec<StepView>,
    pub responses: Vec<ListedResponse>,
    pub channels: Vec<ChannelRef>,
}

/// A response an escalation path lists: its link, its status and, when it is deprecated, what
/// replaces it, so the list can mark it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedResponse {
    pub title: String,
    pub url: String,
    pub status: Option<Status>,
    pub replaced_by: Option<LinkView>,
}

/// `page.expert`.
#[derive(Debug, Clone, Serialize)]
pub struct ExpertView {
    pub name: String,
    pub handle: String,
    pub team: String,
    pub topics: Vec<String>,
    pub contact: String,
    pub timezone: String,
    /// Responses and escalation paths that name this expert.
    pub responses: Vec<LinkView>,
    pub escalations: Vec<LinkView>,
}

/// One rung of a role family's ladder.
#[derive(Debug, Clone, Serialize)]
pub struct RungView {
    pub title: String,
    pub url: String,
    pub grade: String,
    pub current: bool,
}

/// `page.role`.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub grade: String,
    pub family: String,
    /// Every role of the family, by grade, the current one marked.
    pub ladder: Vec<RungView>,
    pub reports_to: Option<LinkView>,
    pub reports_to_text: Option<String>,
}

/// `page.guideline`.
#[derive(Debug, Clone, Serialize)]
pub struct GuidelineView {
    pub applies_to: Vec<ChannelRef>,
}

/// The typed views of one page, flattened into `page`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct KindViews {
    pub response: Option<ResponseView>,
    pub escalation: Option<EscalationView>,
    pub expert: Option<ExpertView>,
    pub role: Option<RoleView>,
    pub guideline: Option<GuidelineView>,
    /// Sections that list experts: their experts grouped by topic.
    pub experts_by_topic: Vec<TopicView>,
}

/// Experts who know one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub topic: String,
    pub experts: Vec<LinkView>,
}

/// Builds typed views; holds what every view needs.
pub struct KindIndex<'a> {
    pub content: &'a Content,
    pub typed: &'a [Option<Typed>],
    pub titles: &'a [String],
    pub channels: &'a [ChannelConfig],
    pub base_path: &'a str,
    pub today: NaiveDate,
    /// Every page in the order lists show them: weight, then title (as the navigation).
    pub order: &'a [PageId],
}

impl KindIndex<'_> {
    pub fn link(&self, id: PageId) -> LinkView {
        LinkView {
            title: self.titles[id].clone(),
            url: format!("{}{}", self.base_path, self.content.pages[id].url),
        }
    }

    pub fn channel_url(&self, id: &str) -> String {
        format!("{}channels/{id}/", self.base_path)
    }

    pub fn channel_ref(&self, id: &str) -> ChannelRef {
        let name = self
            .channels
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone());
        ChannelRef {
            id: id.to_owned(),
            name,
            url: self.channel_url(id),
        }
    }

    fn channel_refs(&self, ids: &[String]) -> Vec<ChannelRef> {
        ids.iter().map(|id| self.channel_ref(id)).collect()
    }

    fn kind_of(&self, id: PageId) -> Option<&Typed> {
        self.typed.get(id).and_then(Option::as_ref)
    }

    /// Pages of `kind` whose typed data satisfies `refers`.
    fn referring(&self, refers: impl Fn(&Typed) -> bool) -> Vec<LinkView> {
        self.order
            .iter()
            .copied()
            .filter(|&i| self.kind_of(i).is_some_and(&refers))
            .map(|i| self.link(i))
            .collect()
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

    /// The typed views of page `id`.
    pub fn views(&self, id: PageId) -> KindViews {
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
                    responses: self.referring(|t| matches!(t, Typed::Response(r) if r.experts.contains(&id))),
                    escalations: self.referring(|t| matches!(t, Typed::Escalation(e) if e.steps.iter().any(|s| matches!(s.who, Who::Page(p) if p == id)))),
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

    fn role_view(&self, id: PageId, role: &super::Role) -> RoleView {
        // The ladder: this role, the roles it names and every role of the same family.
        let mut members: Vec<PageId> = (0..self.typed.len())
            .filter(|&i| i == id || role.levels.contains(&i) || matches!(self.kind_of(i), Some(Typed::Role(r)) if r.family == role.family && !role.family.is_empty()))
            .collect();
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
    pub fn for_channel(&self, kind: Kind, channel: &str) -> Vec<PageId> {
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
}
