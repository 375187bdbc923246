//! `handbook export TOOL`: the approved responses in a helpdesk's own shape. This file holds
//! what every tool shares: which responses go out (approved ones; drafts and deprecated ones
//! are skipped and counted), which variant (the tool's channel, else the wording for all
//! channels), and the placeholder table (the tool's defaults, then `helpdesks:` in
//! handbook.yml), with a warning for every placeholder that has no variable there.

pub use super::outgoing::Item;
use crate::config::helpdesks::Helpdesk;
use crate::kinds::Status;
use crate::pipeline::kind_pages::ResponsesExport;

/// The tools `handbook export` writes for, besides `responses` (responses.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Zendesk,
    HelpScout,
    Front,
    GitLab,
    GitHub,
    Discourse,
}

impl Tool {
    pub const ALL: [Tool; 6] = [
        Tool::Zendesk,
        Tool::HelpScout,
        Tool::Front,
        Tool::GitLab,
        Tool::GitHub,
        Tool::Discourse,
    ];

    /// The name on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Tool::Zendesk => "zendesk",
            Tool::HelpScout => "helpscout",
            Tool::Front => "front",
            Tool::GitLab => "gitlab",
            Tool::GitHub => "github",
            Tool::Discourse => "discourse",
        }
    }

    pub fn from_id(id: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Tool::Zendesk => "Zendesk",
            Tool::HelpScout => "Help Scout",
            Tool::Front => "Front",
            Tool::GitLab => "GitLab",
            Tool::GitHub => "GitHub",
            Tool::Discourse => "Discourse",
        }
    }

    /// The channel whose variant a reply in this tool is, unless handbook.yml says otherwise.
    fn channel(self) -> &'static str {
        match self {
            Tool::Zendesk | Tool::HelpScout | Tool::Front => "email",
            Tool::GitLab => "gitlab",
            Tool::GitHub => "github",
            Tool::Discourse => "forum",
        }
    }

    /// The tool's own variables for the handbook's common placeholder names. GitLab comment
    /// templates and GitHub saved replies have no variables: their placeholders become a
    /// visible `[NAME]` to fill in (GitHub's, `{{ name }}` as teams write them in
    /// `.github/replies.yml`).
    fn defaults(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Tool::Zendesk => super::placeholders::ZENDESK,
            // developer.helpscout.com, "Variables": `{%customer.firstName,fallback=%}`.
            Tool::HelpScout => &[
                ("name", "{%customer.firstName,fallback=there%}"),
                ("full_name", "{%customer.fullName,fallback=there%}"),
                ("email", "{%customer.email%}"),
                ("agent_name", "{%user.firstName%}"),
                ("agent_full_name", "{%user.fullName%}"),
                ("ticket_id", "{%conversation.number%}"),
            ],
            // help.front.com, "Dynamic variables".
            Tool::Front => &[
                ("name", "{{recipient.first_name}}"),
                ("full_name", "{{recipient.name}}"),
                ("agent_name", "{{user.first_name}}"),
                ("agent_full_name", "{{user.name}}"),
            ],
            Tool::GitLab => &[],
            Tool::GitHub => &[],
            // discourse-templates: TEMPLATES_ALLOWED_VARIABLES, written `%{name}`.
            Tool::Discourse => &[
                ("name", "%{reply_to_username}"),
                ("full_name", "%{reply_to_name}"),
                ("agent_name", "%{my_username}"),
                ("agent_full_name", "%{my_name}"),
                ("topic_title", "%{topic_title}"),
                ("topic_url", "%{topic_url}"),
            ],
        }
    }

    fn settings(self, all: &crate::config::helpdesks::HelpdesksConfig) -> &Helpdesk {
        match self {
            Tool::Zendesk => &all.zendesk,
            Tool::HelpScout => &all.helpscout,
            Tool::Front => &all.front,
            Tool::GitLab => &all.gitlab,
            Tool::GitHub => &all.github,
            Tool::Discourse => &all.discourse,
        }
    }
}

/// What an export wrote and what it left out.
#[derive(Debug, Default)]
pub struct Exported {
    pub text: String,
    pub written: usize,
    /// `(reason, count)`: drafts, deprecated, no variant for the channel.
    pub skipped: Vec<String>,
    pub warnings: Vec<String>,
}

/// The responses of `doc` for `tool`, and the file in the tool's shape.
pub fn export(
    tool: Tool,
    doc: &ResponsesExport,
    config: &crate::config::helpdesks::HelpdesksConfig,
) -> Exported {
    let settings = tool.settings(config);
    let mut table: Vec<(String, String)> = tool
        .defaults()
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    for (name, value) in &settings.placeholders {
        table.retain(|(n, _)| n != name);
        table.push((name.clone(), value.clone()));
    }
    let channel = settings.channel.as_deref().unwrap_or(tool.channel());
    let chat_channel = settings.chat_channel.as_deref().unwrap_or("chat");
    let library_depth = doc
        .responses
        .iter()
        .map(|r| r.section.len())
        .min()
        .unwrap_or(0)
        .min(1);
    let mut out = Exported::default();
    let (mut drafts, mut deprecated, mut no_variant) = (0, 0, Vec::new());
    let mut items = Vec::new();
    let mut unmapped: Vec<(String, Vec<String>)> = Vec::new();
    for r in &doc.responses {
        match r.status {
            Status::Draft => {
                drafts += 1;
                continue;
            }
            Status::Deprecated => {
                deprecated += 1;
                continue;
            }
            Status::Approved => {}
        }
        let pick = |id: &str| {
            r.variants
                .iter()
                .find(|v| v.channel.as_deref() == Some(id))
                .or_else(|| r.variants.iter().find(|v| v.channel.is_none()))
        };
        let Some(variant) = pick(channel) else {
            no_variant.push(r.title.clone());
            continue;
        };
        let mut map = |text: &str| {
            let (mapped, missing) = fill(text, &table, tool);
            for name in missing {
                match unmapped.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, ids)) if !ids.contains(&r.id) => ids.push(r.id.clone()),
                    Some(_) => {}
                    None => unmapped.push((name, vec![r.id.clone()])),
                }
            }
            mapped
        };
        let text = map(&variant.text);
        let chat_text = r
            .variants
            .iter()
            .find(|v| v.channel.as_deref() == Some(chat_channel))
            .map(|v| map(&v.text));
        items.push(Item {
            response: r,
            categories: r.section.iter().skip(library_depth).cloned().collect(),
            text,
            chat_text,
        });
    }
    if drafts > 0 {
        out.skipped.push(format!("{drafts} drafts"));
    }
    if deprecated > 0 {
        out.skipped.push(format!("{deprecated} deprecated"));
    }
    if !no_variant.is_empty() {
        out.skipped.push(format!(
            "{} with no `{channel}` variant and no wording for all channels ({})",
            no_variant.len(),
            no_variant.join(", ")
        ));
    }
    for (name, ids) in &unmapped {
        let shown: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
        let more = if ids.len() > 3 {
            format!(" and {} more", ids.len() - 3)
        } else {
            String::new()
        };
        out.warnings.push(format!(
            "`{{{name}}}` has no {} variable: written as {} for the person answering to fill in ({}{more}); map it under `helpdesks: {}: placeholders:` in handbook.yml if {} has one",
            tool.name(),
            fill_in(name, tool),
            shown.join(", "),
            tool.id(),
            tool.name()
        ));
    }
    out.written = items.len();
    let document = match tool {
        Tool::Zendesk => super::zendesk::document(&items),
        Tool::HelpScout => super::helpscout::document(&items),
        Tool::Front => super::front::document(&items),
        Tool::GitLab => {
            for item in &items {
                if item.text.chars().count() > super::gitlab::MAX_CHARS {
                    out.warnings.push(format!(
                        "`{}` is over GitLab's {} characters for a comment template",
                        item.response.id,
                        super::gitlab::MAX_CHARS
                    ));
                }
            }
            super::gitlab::document(&items)
        }
        Tool::GitHub => super::saved_replies::document(&items),
        Tool::Discourse => super::discourse::document(&items),
    };
    out.text = document;
    out
}

/// How an unmapped placeholder goes out: never as `{name}`, which a reader would get as is.
fn fill_in(name: &str, tool: Tool) -> String {
    match tool {
        Tool::GitHub => format!("{{{{ {name} }}}}"),
        _ => format!("[{}]", name.to_uppercase()),
    }
}

/// The wording in the tool's variables, and the names that had none.
fn fill(text: &str, table: &[(String, String)], tool: Tool) -> (String, Vec<String>) {
    let (mapped, missing) = super::placeholders::from_handbook(text, table);
    if missing.is_empty() {
        return (mapped, missing);
    }
    let rest = crate::kinds::wording::fill(&mapped, |name| {
        missing
            .iter()
            .any(|m| m == name)
            .then(|| fill_in(name, tool))
    });
    let missing = match tool {
        // `{{ name }}` is what GitHub teams write; it is the expected form, not a gap.
        Tool::GitHub => Vec::new(),
        _ => missing,
    };
    (rest, missing)
}
