//! Helpdesks and reply tools a team answers in (Zendesk, GitHub saved replies, Discourse
//! templates): their file formats, read into [`Reply`] values for `handbook import` and, with
//! the placeholder tables, the shapes `handbook export` writes.

pub mod discourse;
pub mod export;
pub mod front;
pub mod gitlab;
pub mod helpscout;
pub mod import;
pub mod outgoing;
pub mod placeholders;
pub mod reply_folder;
pub mod response_page;
pub mod saved_replies;
pub mod zendesk;

use crate::kinds::Status;

/// One canned reply as a source tool keeps it, already in the handbook's placeholder form.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub title: String,
    /// Where the source files it, outermost first (Zendesk `A::B::Title` gives `[A, B]`).
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub status: Status,
    /// A one-line summary when the source has one (Zendesk's `description`).
    pub summary: Option<String>,
    /// The wording, with `{name}` placeholders.
    pub wording: String,
    /// Guidance the source keeps beside the wording, as Markdown for the page body.
    pub notes: String,
    pub placeholders: Vec<placeholders::Found>,
    /// What could not be carried over and needs a person.
    pub unmapped: Vec<String>,
    /// Where in the source the reply came from, for the report and the page's comment.
    pub origin: String,
}

impl Reply {
    /// A reply from converted wording, with the rest left empty.
    pub fn new(title: &str, converted: placeholders::Converted, origin: String) -> Reply {
        Reply {
            title: title.trim().to_owned(),
            categories: Vec::new(),
            tags: Vec::new(),
            status: Status::Approved,
            summary: None,
            wording: converted.text,
            notes: String::new(),
            placeholders: converted.placeholders,
            unmapped: converted.unmapped,
            origin,
        }
    }
}

/// The formats `handbook import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    /// Zendesk macros JSON, as the API returns it (`{"macros": [...]}`).
    Zendesk,
    /// Saved replies YAML (`replies: [{name, body}]`), as GitHub maintainers keep them.
    Replies,
    /// A folder of one reply per Markdown file, as Discourse moderators keep templates.
    Folder,
}

impl Source {
    /// The channel a reply from this tool is written for, when the site defines it.
    pub fn default_channel(self) -> &'static str {
        match self {
            Source::Zendesk => "email",
            Source::Replies => "github",
            Source::Folder => "forum",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Source::Zendesk => "Zendesk macros",
            Source::Replies => "saved replies",
            Source::Folder => "reply folder",
        }
    }
}

/// What a source held: its replies, and what was left out and why.
#[derive(Debug, Default)]
pub struct Read {
    pub replies: Vec<Reply>,
    pub skipped: Vec<String>,
}

/// Reads every reply of `path` in `source`'s format.
pub fn read(source: Source, path: &std::path::Path) -> anyhow::Result<Read> {
    match source {
        Source::Zendesk => zendesk::read(path),
        Source::Replies => saved_replies::read(path),
        Source::Folder => reply_folder::read(path),
    }
}
