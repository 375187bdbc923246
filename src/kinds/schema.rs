//! Reads and validates the typed front matter of every page: wrong types, missing required
//! fields, unknown fields, unknown values and references that do not resolve, each reported at
//! its line and column, all in one run.

use std::collections::HashSet;

use serde::de::DeserializeOwned;

use super::fields::{self, COMMON};
use super::{
    Escalation, Expert, Guideline, Kind, Response, Role, Status, Step, Typed, Variable, Who,
    duration,
};
use crate::config::Config;
use crate::content::{Content, Page, PageId, dates, front_matter};
use crate::diagnostic::{Diagnostic, Diagnostics, Rule};
use crate::links::{LinkIndex, PageLinks};
use crate::markdown::{LinkResolver, Resolution};
use crate::yaml;

/// Locates fields of one page's front matter for diagnostics.
struct Spot<'a> {
    page: &'a Page,
}

impl Spot<'_> {
    fn yaml(&self) -> (&str, usize) {
        self.page
            .yaml
            .as_ref()
            .map_or(("", 1), |(text, line)| (text.as_str(), *line))
    }

    /// At `key:` (or at the `type:` line when the key is absent).
    fn key(&self, key: &str, message: String) -> Diagnostic {
        let (yaml, first) = self.yaml();
        let (line, col) = front_matter::key_position(yaml, key)
            .map(|(l, _)| (l, 1))
            .or_else(|| front_matter::key_position(yaml, "type").map(|(l, _)| (l, 1)))
            .unwrap_or((1, 1));
        Diagnostic::error(&self.page.shown, message).at(&self.page.text, first + line - 1, col)
    }

    /// At the first occurrence of `needle` at or after the line of `key:`.
    fn value(&self, key: &str, needle: &str, message: String) -> Diagnostic {
        let (yaml, first) = self.yaml();
        if let Some((key_line, _)) = front_matter::key_position(yaml, key) {
            for (i, line) in yaml.lines().enumerate().skip(key_line - 1) {
                if let Some(col) = line.find(needle) {
                    let col = line[..col].chars().count() + 1;
                    return Diagnostic::error(&self.page.shown, message).at(
                        &self.page.text,
                        first + i,
                        col,
                    );
                }
            }
        }
        self.key(key, message)
    }
}

/// Parses the typed front matter of every page whose `type` names a kind.
pub fn parse_all(
    index: &LinkIndex<'_>,
    config: &Config,
    diagnostics: &Diagnostics,
) -> Vec<Option<Typed>> {
    let checker = Checker {
        index,
        config,
        diagnostics,
    };
    (0..index.content.pages.len())
        .map(|id| checker.parse_page(id))
        .collect()
}

/// Parses the typed front matter of page `id` alone (the preview server re-reads one page):
/// what [`parse_all`] finds for it, without reading any other page's.
pub fn parse_one(
    index: &LinkIndex<'_>,
    config: &Config,
    id: PageId,
    diagnostics: &Diagnostics,
) -> Option<Typed> {
    Checker {
        index,
        config,
        diagnostics,
    }
    .parse_page(id)
}

struct Checker<'a> {
    index: &'a LinkIndex<'a>,
    config: &'a Config,
    diagnostics: &'a Diagnostics,
}

fn suggestion(unknown: &str, allowed: &[&str]) -> Option<String> {
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(unknown, a), *a))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, a)| a.to_owned())
}

impl Checker<'_> {
    fn content(&self) -> &Content {
        self.index.content
    }

    fn push(&self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The kind page `id`'s `type` names.
    fn kind_of(&self, id: PageId) -> Option<Kind> {
        self.content().pages[id]
            .front
            .kind
            .as_deref()
            .and_then(Kind::from_type)
    }

    fn parse_page(&self, id: PageId) -> Option<Typed> {
        self.kind_of(id).and_then(|kind| self.parse(id, kind))
    }

    fn parse(&self, id: PageId, kind: Kind) -> Option<Typed> {
        let page = &self.content().pages[id];
        let spot = Spot { page };
        let allowed: &[&str] = match kind {
            Kind::Response => &fields::RESPONSE,
            Kind::Escalation => &fields::ESCALATION,
            Kind::Expert => &fields::EXPERT,
            Kind::Role => &fields::ROLE,
            Kind::Guideline => &fields::GUIDELINE,
        };
        for key in page.front.extra.keys() {
            if !allowed.contains(&key.as_str()) && !COMMON.contains(&key.as_str()) {
                let all: Vec<&str> = allowed.iter().chain(COMMON.iter()).copied().collect();
                let mut d = spot.key(
                    key,
                    format!("unknown field `{key}` for a page of type `{}`", kind.name()),
                );
                d = match suggestion(key, &all) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "fields of a {}: {}",
                        kind.name(),
                        allowed.join(", ")
                    )),
                };
                self.push(d);
            }
        }
        let typed = match kind {
            Kind::Response => Typed::Response(self.response(id, &spot, self.fields(&spot)?)),
            Kind::Escalation => Typed::Escalation(self.escalation(id, &spot, self.fields(&spot)?)),
            Kind::Expert => Typed::Expert(self.expert(&spot, self.fields(&spot)?)),
            Kind::Role => Typed::Role(self.role(id, &spot, self.fields(&spot)?)),
            Kind::Guideline => Typed::Guideline(Guideline {
                applies_to: self.channels(
                    &spot,
                    "applies_to",
                    self.required(
                        &spot,
                        "applies_to",
                        self.fields::<fields::GuidelineFields>(&spot)?.applies_to,
                    ),
                ),
            }),
        };
        Some(typed)
    }

    /// Deserializes the page's YAML into the kind's fields, reporting a type error in place.
    fn fields<T: DeserializeOwned + Default>(&self, spot: &Spot<'_>) -> Option<T> {
        let (yaml, first) = spot.yaml();
        if yaml.trim().is_empty() {
            return Some(T::default());
        }
        match yaml::from_str::<T>(yaml) {
            Ok(fields) => Some(fields),
            Err(err) => {
                let line = if err.line == 0 {
                    first
                } else {
                    first + err.line - 1
                };
                self.push(
                    Diagnostic::error(
                        &spot.page.shown,
                        format!(
                            "invalid {} field: {}",
                            spot.page.front.kind.as_deref().unwrap_or("page"),
                            err.message
                        ),
                    )
                    .at(&spot.page.text, line, err.col.max(1))
                    .help("see the README's \"Content kinds\" section for each field's type"),
                );
                None
            }
        }
    }

    fn required<T: Default>(&self, spot: &Spot<'_>, key: &str, value: Option<T>) -> T {
        match value {
            Some(value) => value,
            None => {
                let kind = spot.page.front.kind.as_deref().unwrap_or("page");
                self.push(
                    spot.key(
                        key,
                        format!("missing field `{key}`: every {kind} needs one"),
                    )
                    .help(format!("add `{key}:` to the front matter")),
                );
                T::default()
            }
        }
    }

    /// Channel ids, each checked against `channels:` in handbook.yml.
    fn channels(&self, spot: &Spot<'_>, key: &str, ids: Vec<String>) -> Vec<String> {
        let known: Vec<&str> = self.config.channels.iter().map(|c| c.id.as_str()).collect();
        for id in &ids {
            if !known.contains(&id.as_str()) {
                let help = if known.is_empty() {
                    "define the team's channels under `channels:` in handbook.yml".to_owned()
                } else {
                    match suggestion(id, &known) {
                        Some(s) => format!(
                            "did you mean `{s}`? channels are defined in handbook.yml: {}",
                            known.join(", ")
                        ),
                        None => {
                            format!("channels are defined in handbook.yml: {}", known.join(", "))
                        }
                    }
                };
                self.push(
                    spot.value(key, id, format!("unknown channel `{id}`"))
                        .help(help),
                );
            }
        }
        ids
    }

    /// Resolves a reference to another page, written like a link (`../experts/ana.md`).
    fn reference(
        &self,
        id: PageId,
        spot: &Spot<'_>,
        key: &str,
        target: &str,
        expected: Option<Kind>,
    ) -> Option<PageId> {
        let resolver = PageLinks {
            index: self.index,
            id,
        };
        let found = match resolver.resolve(target) {
            Resolution::Internal {
                page: Some(found), ..
            } if found != id || target.starts_with('#') => Some(found),
            _ => None,
        };
        let Some(found) = found else {
            self.push(spot.value(key, target, format!("`{key}` refers to `{target}`, which is not a page of this site")).help("write the path of the page's Markdown file relative to this file, e.g. `../experts/ana.md`").rule(Rule::BrokenLink));
            return None;
        };
        if let Some(expected) = expected
            && self.kind_of(found) != Some(expected)
        {
            let other = self.content().pages[found]
                .front
                .kind
                .clone()
                .unwrap_or_else(|| "page".into());
            self.push(
                spot.value(
                    key,
                    target,
                    format!(
                        "`{key}` must refer to a {} page, but `{target}` is of type `{other}`",
                        expected.name()
                    ),
                )
                .help(format!("point to a page with `type: {}`", expected.name())),
            );
        }
        Some(found)
    }

    fn duration(&self, spot: &Spot<'_>, key: &str, value: &str) {
        if duration::parse_minutes(value).is_none() {
            self.push(
                spot.value(key, value, format!("`{key}` is not a duration: {value:?}"))
                    .help("write a number and a unit: `15m`, `4h`, `1d`, `90d` or `2w`"),
            );
        }
    }

    fn response(&self, id: PageId, spot: &Spot<'_>, f: fields::ResponseFields) -> Response {
        let summary = self.required(spot, "summary", f.summary);
        let channels = self.channels(
            spot,
            "channels",
            self.required(spot, "channels", f.channels),
        );
        let status_text = self.required(spot, "status", f.status);
        let status = match status_text.as_str() {
            "approved" => Status::Approved,
            "draft" | "" => Status::Draft,
            "deprecated" => Status::Deprecated,
            other => {
                self.push(
                    spot.value("status", other, format!("unknown status `{other}`"))
                        .help("use `approved`, `draft` or `deprecated`"),
                );
                Status::Draft
            }
        };
        let replaced_by = f.replaced_by.as_deref().and_then(|target| {
            self.reference(id, spot, "replaced_by", target, Some(Kind::Response))
        });
        if status == Status::Deprecated && f.replaced_by.is_none() {
            self.push(
                spot.key(
                    "status",
                    "a deprecated response needs `replaced_by`".to_owned(),
                )
                .help("add `replaced_by: <path of the response to use instead>.md`"),
            );
        }
        let reviewed = f.reviewed.as_deref().and_then(|text| {
            let date = dates::parse_date(text);
            if date.is_none() {
                self.push(
                    spot.value(
                        "reviewed",
                        text,
                        format!("`reviewed` is not a date: {text:?}"),
                    )
                    .help("write dates as YYYY-MM-DD"),
                );
            }
            date
        });
        let review_every = f
            .review_every
            .clone()
            .unwrap_or_else(|| self.config.responses.review_every.clone());
        if f.review_every.is_some() {
            self.duration(spot, "review_every", &review_every);
        }
        let review_every_days =
            duration::parse_minutes(&review_every).map_or(90, |m| (m / 1440).max(1));
        let variables = f
            .variables
            .unwrap_or_default()
            .into_iter()
            .map(|(name, v)| Variable {
                name,
                description: v.description.unwrap_or_default(),
                example: v.example.map(|e| e.text()).unwrap_or_default(),
            })
            .collect();
        let experts = f
            .experts
            .unwrap_or_default()
            .iter()
            .filter_map(|t| self.reference(id, spot, "experts", t, Some(Kind::Expert)))
            .collect();
        Response {
            summary,
            channels,
            status,
            replaced_by,
            owner: f.owner,
            approved_by: f.approved_by,
            reviewed,
            review_every_days,
            variables,
            experts,
        }
    }

    fn escalation(&self, id: PageId, spot: &Spot<'_>, f: fields::EscalationFields) -> Escalation {
        let when = self.required(spot, "when", f.when);
        let severity = self.required(spot, "severity", f.severity);
        if !severity.is_empty()
            && !["low", "medium", "high", "critical"].contains(&severity.as_str())
        {
            self.push(
                spot.value(
                    "severity",
                    &severity,
                    format!("unknown severity `{severity}`"),
                )
                .help("use `low`, `medium`, `high` or `critical`"),
            );
        }
        let respond_within = self.required(spot, "respond_within", f.respond_within);
        if !respond_within.is_empty() {
            self.duration(spot, "respond_within", &respond_within);
        }
        let raw_steps = self.required(spot, "steps", f.steps);
        let mut steps = Vec::new();
        for step in raw_steps {
            let who_text = step.who.clone().unwrap_or_default();
            let who = if who_text.is_empty() {
                self.push(spot.key("steps", "a step has no `who`".to_owned()).help("say who to pull in: an expert page (`../experts/ana.md`) or a handle (`@security-oncall`)"));
                Who::Handle(String::new())
            } else if who_text.contains(".md")
                || who_text.starts_with('/')
                || who_text.starts_with('.')
            {
                match self.reference(id, spot, "steps", &who_text, None) {
                    Some(page) => Who::Page(page),
                    None => Who::Handle(who_text.clone()),
                }
            } else {
                Who::Handle(who_text.clone())
            };
            if step.how.as_deref().unwrap_or("").is_empty() {
                self.push(
                    spot.value("steps", &who_text, "a step has no `how`".to_owned())
                        .help(
                            "say how to reach them: a chat room, an email address, a pager command",
                        ),
                );
            }
            if let Some(within) = &step.within {
                self.duration(spot, "steps", within);
            }
            steps.push(Step {
                who,
                how: step.how.unwrap_or_default(),
                within: step.within,
                note: step.note.unwrap_or_default(),
            });
        }
        let responses = f
            .responses
            .unwrap_or_default()
            .iter()
            .filter_map(|t| self.reference(id, spot, "responses", t, Some(Kind::Response)))
            .collect();
        let channels = self.channels(spot, "channels", f.channels.unwrap_or_default());
        Escalation {
            when,
            severity,
            respond_within,
            steps,
            responses,
            channels,
        }
    }

    fn expert(&self, spot: &Spot<'_>, f: fields::ExpertFields) -> Expert {
        Expert {
            name: f
                .name
                .or_else(|| spot.page.front.title.clone())
                .unwrap_or_default(),
            handle: f.handle.unwrap_or_default(),
            team: f.team.unwrap_or_default(),
            topics: self.required(spot, "topics", f.topics),
            contact: f.contact.unwrap_or_default(),
            timezone: f.timezone.unwrap_or_default(),
        }
    }

    fn role(&self, id: PageId, spot: &Spot<'_>, f: fields::RoleFields) -> Role {
        let grade = self.required(spot, "grade", f.grade.map(|g| g.text()));
        let family = self.required(spot, "family", f.family);
        let mut seen = HashSet::new();
        let levels = f
            .levels
            .unwrap_or_default()
            .iter()
            .filter_map(|t| self.reference(id, spot, "levels", t, Some(Kind::Role)))
            .filter(|p| seen.insert(*p))
            .collect();
        let reports_to = f.reports_to.map(|text| {
            if text.contains(".md") || text.starts_with('/') {
                self.reference(id, spot, "reports_to", &text, None)
                    .ok_or(text)
            } else {
                Err(text)
            }
        });
        Role {
            grade,
            family,
            levels,
            reports_to,
        }
    }
}
