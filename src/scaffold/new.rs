//! `handbook new <kind> <path>`: a new page of a kind with every field of its schema present
//! and commented, so authors fill in blanks instead of looking up the README.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;

/// The kinds `handbook new` can write.
pub const KINDS: [&str; 6] = [
    "page",
    "response",
    "escalation",
    "expert",
    "role",
    "guideline",
];

fn title_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::content::title_from_name(&stem)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a new page of `kind` titled `title`.
pub fn template(kind: &str, title: &str, config: &Config, today: &str) -> Option<String> {
    let channel_ids: Vec<&str> = config.channels.iter().map(|c| c.id.as_str()).collect();
    let channels_hint = if channel_ids.is_empty() {
        "define channels in handbook.yml first".to_owned()
    } else {
        channel_ids.join(", ")
    };
    let title = quoted(title);
    let head = format!(
        "---\ntitle: {title}\ndescription: \"\"            # one sentence, shown under the title and in listings\nweight: 100                # sort order among the pages of this section, lower first\nupdated: {today}\ntags: []                   # e.g. [billing, refunds]\n"
    );
    let body = match kind {
        "page" => format!(
            "{head}---\n\nWrite the page here. Link other pages by the path of their Markdown file, like `[escalation paths](../escalations/_index.md)`.\n"
        ),
        "response" => format!(
            "{head}type: response\nsummary: \"\"               # when to use this response, in one sentence\nchannels: []               # where it may be used: {channels_hint}\nstatus: draft              # approved, draft or deprecated\n# replaced_by: other-response.md   # required when status is deprecated\nowner: \"\"                 # who keeps the wording current, e.g. \"@ana\"\napproved_by: \"\"           # who approved the wording\nreviewed: {today}          # date of the last review\nreview_every: {}           # how often to review it: 30d, 90d, 26w...\nvariables:                 # every {{placeholder}} used in the wording\n  name:\n    description: \"The user's display name or handle, without the @\"\n    example: \"kai\"\nexperts: []                # expert pages to pull in, e.g. ../experts/ana.md\n---\n\nWhen to use this response, and what to watch out for.\n\n## Approved wording\n\n```response\nHi {{name}}, thanks for reaching out.\n```\n\nAdd a variant per channel with ```response <channel id>, e.g. ```response x for X.\n",
            config.responses.review_every
        ),
        "escalation" => format!(
            "{head}type: escalation\nwhen: \"\"                  # what triggers this path\nseverity: medium           # low, medium, high or critical\nrespond_within: 1h         # time to the first action: 15m, 1h, 1d...\nsteps:                     # in order; who is an expert page (../experts/ana.md) or a handle\n  - who: \"@team-handle\"\n    how: \"#team-channel on Slack\"\n    within: 1h\n    note: \"What to include when you pull them in.\"\nresponses: []              # related canned responses, e.g. ../responses/outage.md\nchannels: []               # where this path starts: {channels_hint}\n---\n\nWhat to collect before escalating, and what not to say in public.\n"
        ),
        "expert" => format!(
            "{head}type: expert\nname: {title}\nhandle: \"@handle\"          # chat handle\nteam: \"\"                   # their team\ntopics: []                 # what to ask them about, e.g. [billing, invoices]\ncontact: \"\"                # how to reach them: a channel, an address\ntimezone: \"UTC\"            # e.g. Europe/Berlin\n---\n\nWhat to bring them, and what not to.\n"
        ),
        "role" => format!(
            "{head}type: role\ngrade: 1                   # the role's grade\nfamily: \"\"                 # roles of the same family form a ladder, e.g. community-advocate\nlevels: []                 # the other role pages of the family, e.g. [senior-community-advocate.md]\n# reports_to: manager.md    # a role page, or a title\n---\n\n## Responsibilities\n\n## Requirements\n\n## Performance indicators\n\n## Hiring process\n"
        ),
        "guideline" => format!(
            "{head}type: guideline\napplies_to: []             # the channels it applies to: {channels_hint}\n---\n\nThe guideline, with examples of what to do and what not to do.\n"
        ),
        _ => return None,
    };
    Some(body)
}

/// Writes a new page of `kind` at `path` (relative to the content folder), dated `today`.
/// Returns its path.
pub fn new_page(
    content_dir: &Path,
    config: &Config,
    kind: &str,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<PathBuf> {
    if !KINDS.contains(&kind) {
        bail!(
            "unknown kind `{kind}`\n  = help: choose one of: {}",
            KINDS.join(", ")
        );
    }
    let rel = path.strip_prefix("content").unwrap_or(path);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        bail!("the path must be inside the content folder, like `responses/refund-delay.md`");
    }
    let mut rel = rel.to_path_buf();
    if rel.extension().is_none() {
        rel.set_extension("md");
    }
    let target = content_dir.join(&rel);
    if target.exists() {
        bail!(
            "{} already exists\n  = help: `handbook new` never overwrites a file; choose another name",
            target.display()
        );
    }
    let today = today.to_string();
    let text = template(kind, &title_of(&rel), config, &today).context("unknown kind")?;
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok(target)
}
