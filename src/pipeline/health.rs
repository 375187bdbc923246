//! The review-health facts for team leads: overdue reviews by owner, responses and escalation
//! paths without an owner or approver, pages unchanged in `stale_after`, deprecated responses
//! still linked, and the counts of what the build found. The build shows them on `/health/`
//! and `handbook check --format json` prints them, from this one place.

use std::collections::BTreeMap;

use super::views::ViewBuilder;
use crate::content::{Page, PageId, dates};
use crate::kinds::{Status, Typed, duration};
use crate::markdown::links::Resolution;
use crate::templates::views::{FindingCount, HealthRow, HealthView, LinkView, OwnerCount};

/// What a page's row says before the table decides.
fn row(views: &ViewBuilder<'_>, id: PageId, kind: &str) -> HealthRow {
    let page = &views.content.pages[id];
    let history = views.history.of(id);
    HealthRow {
        title: views.titles[id].clone(),
        url: views.urls.href(&page.url),
        path: page.shown.display().to_string().replace('\\', "/"),
        kind: kind.to_owned(),
        owners: views.owners(id),
        last_changed: page.updated.or(page.date).map(|d| d.to_string()),
        last_author: history.last_author.filter(|_| history.dated_by_git),
        ..HealthRow::default()
    }
}

fn kind_name(page: &Page, typed: Option<&Typed>) -> &'static str {
    match typed {
        Some(Typed::Response(_)) => "response",
        Some(Typed::Escalation(_)) => "escalation",
        Some(Typed::Expert(_)) => "expert",
        Some(Typed::Role(_)) => "role",
        Some(Typed::Guideline(_)) => "guideline",
        None if page.is_section => "section",
        None => "page",
    }
}

fn extra_text<'a>(page: &'a Page, key: &str) -> Option<&'a str> {
    page.front.extra.get(key).and_then(|v| v.as_str())
}

/// When page `id` was reviewed and how often it must be, as `review-overdue` reads them: a
/// response's fields, or `reviewed` and `review_every` on any page.
fn review_of(views: &ViewBuilder<'_>, id: PageId) -> Option<(chrono::NaiveDate, u64)> {
    let page = &views.content.pages[id];
    match views.typed[id].as_ref() {
        Some(Typed::Response(r)) if r.status != Status::Deprecated => {
            Some((r.reviewed?, r.review_every_days))
        }
        Some(_) => None,
        None => {
            let reviewed = extra_text(page, "reviewed").and_then(dates::parse_date)?;
            let default_days = duration::parse_minutes(&views.config.responses.review_every)
                .map_or(90, |m| m / 1440);
            let every = extra_text(page, "review_every")
                .and_then(duration::parse_minutes)
                .map_or(default_days, |m| m / 1440);
            Some((reviewed, every))
        }
    }
}

/// The owner column's text of a row.
fn owner_text(owners: &[String]) -> String {
    if owners.is_empty() {
        "no owner".to_owned()
    } else {
        owners.join(", ")
    }
}

/// Builds the health facts; `findings` are the build's problem counts by rule.
pub fn view(views: &ViewBuilder<'_>, findings: &[(String, usize)]) -> HealthView {
    let content = views.content;
    let today = views.today;
    let stale_days = duration::parse_minutes(&views.config.stale_after).map_or(365, |m| m / 1440);
    let mut overdue = Vec::new();
    let mut unowned = Vec::new();
    let mut stale = Vec::new();
    let mut deprecated_linked = Vec::new();
    // Who links to each deprecated response: Markdown links and typed references.
    let mut linkers: BTreeMap<PageId, Vec<PageId>> = BTreeMap::new();
    let deprecated = |id: PageId| matches!(views.typed.get(id), Some(Some(Typed::Response(r))) if r.status == Status::Deprecated);
    let mut broken = 0;
    for (from, rendered) in views.rendered.iter().enumerate() {
        for link in &rendered.links {
            match &link.resolution {
                Resolution::Internal { page: Some(to), .. } if *to != from && deprecated(*to) => {
                    linkers.entry(*to).or_default().push(from)
                }
                Resolution::Broken { .. } => broken += 1,
                _ => {}
            }
        }
    }
    for &id in views.order {
        let page = &content.pages[id];
        let typed = views.typed[id].as_ref();
        let kind = kind_name(page, typed);
        if let Some((reviewed, every)) = review_of(views, id) {
            let due = reviewed + chrono::Days::new(every);
            if today > due {
                let mut r = row(views, id, kind);
                r.days = (today - due).num_days();
                r.reviewed = Some(reviewed.to_string());
                r.review_due = Some(due.to_string());
                overdue.push(r);
            }
        }
        let (owner, approver) = match typed {
            Some(Typed::Response(r)) if r.status != Status::Deprecated => {
                (!views.owners(id).is_empty(), r.approved_by.is_some())
            }
            Some(Typed::Escalation(_)) => (
                !views.owners(id).is_empty(),
                extra_text(page, "approved_by").is_some_and(|s| !s.trim().is_empty()),
            ),
            _ => (true, true),
        };
        if !owner || !approver {
            let mut r = row(views, id, kind);
            r.missing = match (owner, approver) {
                (false, false) => "owner and approver",
                (false, true) => "owner",
                _ => "approver",
            }
            .to_owned();
            unowned.push(r);
        }
        let has_file = !page.rel_path.ends_with('/');
        if let Some(last) = page.updated.or(page.date).filter(|_| has_file) {
            let since = (today - last).num_days();
            if since > i64::try_from(stale_days).unwrap_or(i64::MAX) {
                let mut r = row(views, id, kind);
                r.days = since;
                stale.push(r);
            }
        }
        if deprecated(id) {
            let mut from: Vec<PageId> = linkers.remove(&id).unwrap_or_default();
            from.extend(views.backlinks.of(id).iter().copied().filter(|&f| f != id));
            from.sort_unstable_by_key(|&f| views.rank[f]);
            from.dedup();
            if !from.is_empty() {
                let mut r = row(views, id, kind);
                r.linked_from = from
                    .into_iter()
                    .map(|f| views.link(f))
                    .collect::<Vec<LinkView>>();
                deprecated_linked.push(r);
            }
        }
    }
    overdue.sort_by(|a, b| {
        (a.owners.is_empty(), owner_text(&a.owners), -a.days).cmp(&(
            b.owners.is_empty(),
            owner_text(&b.owners),
            -b.days,
        ))
    });
    let mut by_owner: Vec<OwnerCount> = Vec::new();
    for r in &overdue {
        let owner = owner_text(&r.owners);
        match by_owner.last_mut() {
            Some(last) if last.owner == owner => {
                last.count += 1;
                last.most_days = last.most_days.max(r.days);
            }
            _ => by_owner.push(OwnerCount {
                owner,
                count: 1,
                most_days: r.days,
            }),
        }
    }
    stale.sort_by_key(|r| -r.days);
    let mut counts = vec![
        FindingCount {
            name: "broken links".into(),
            count: broken,
        },
        FindingCount {
            name: "overdue reviews".into(),
            count: overdue.len(),
        },
        FindingCount {
            name: "without owner or approver".into(),
            count: unowned.len(),
        },
        FindingCount {
            name: "stale pages".into(),
            count: stale.len(),
        },
        FindingCount {
            name: "deprecated responses still linked".into(),
            count: deprecated_linked.len(),
        },
    ];
    counts.extend(findings.iter().map(|(name, count)| FindingCount {
        name: name.clone(),
        count: *count,
    }));
    HealthView {
        overdue,
        overdue_by_owner: by_owner,
        unowned,
        stale,
        deprecated_linked,
        findings: counts,
        stale_after_days: stale_days,
        git: views.history.git,
        shallow: views.history.shallow,
        today: today.to_string(),
    }
}

/// What `handbook check --format json` adds for other tools: the health tables and each
/// page's owners, last change and days overdue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Facts {
    pub health: HealthView,
    pub pages: Vec<PageFact>,
}

/// One page's owners and dates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageFact {
    /// The source file, as diagnostics name it.
    pub path: String,
    pub url: String,
    pub title: String,
    pub owners: Vec<String>,
    /// Front matter `updated`, else git's last change (today for uncommitted changes).
    pub last_changed: Option<String>,
    /// Who made the last commit, when the date is git's.
    pub last_author: Option<String>,
    pub first_commit: Option<String>,
    pub review_due: Option<String>,
    /// Days past `review_due`; 0 when not overdue.
    pub days_overdue: i64,
}

/// The facts of every page, in site order, with the health tables.
pub fn facts(views: &ViewBuilder<'_>) -> Facts {
    let pages = views
        .order
        .iter()
        .map(|&id| {
            let r = row(views, id, "");
            let history = views.history.of(id);
            let due =
                review_of(views, id).map(|(reviewed, every)| reviewed + chrono::Days::new(every));
            PageFact {
                path: r.path,
                url: r.url,
                title: r.title,
                owners: r.owners,
                last_changed: r.last_changed,
                last_author: r.last_author,
                first_commit: history.first_commit.map(|d| d.date_naive().to_string()),
                review_due: due.map(|d| d.to_string()),
                days_overdue: due.map_or(0, |d| (views.today - d).num_days().max(0)),
            }
        })
        .collect();
    Facts {
        health: view(views, &[]),
        pages,
    }
}
