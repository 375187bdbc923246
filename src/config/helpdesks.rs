//! `helpdesks:` in handbook.yml: per tool, the placeholder table (`{name}` -> the tool's
//! variable) and which channel's wording goes out, over the defaults each exporter ships.

use indexmap::IndexMap;
use serde::Deserialize;

/// One tool's settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Helpdesk {
    /// Handbook placeholder name -> the tool's variable, e.g.
    /// `name: "{{ticket.requester.first_name}}"`; over the tool's defaults.
    pub placeholders: IndexMap<String, String>,
    /// The channel whose variant is exported (else the wording for all channels).
    pub channel: Option<String>,
    /// Help Scout: the channel whose variant becomes the saved reply's chat text.
    pub chat_channel: Option<String>,
}

/// Every tool `handbook export` writes for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HelpdesksConfig {
    pub zendesk: Helpdesk,
    pub helpscout: Helpdesk,
    pub front: Helpdesk,
    pub gitlab: Helpdesk,
    pub github: Helpdesk,
    pub discourse: Helpdesk,
}
