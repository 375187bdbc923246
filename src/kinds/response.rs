//! The wording blocks of a canned response (```` ```response ```` and ```` ```response x ````):
//! rendered as cards while the Markdown is rendered, then checked for undeclared and unused
//! placeholders and for variants longer than their channel allows.

use std::cell::RefCell;

use super::Response;
use super::wording::{self, CardChannel, CardVariable};
use crate::config::{ChannelConfig, Config};
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::code::BlockRenderer;

/// One wording block of a response.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The channel id after `response`, or `None` for the general wording.
    pub channel: Option<String>,
    pub text: String,
    /// Byte offset of the block in the page's Markdown body.
    pub offset: usize,
}

/// The info string's channel: `Some(None)` for `response`, `Some(Some(id))` for `response id`.
pub fn parse_info(info: &str) -> Option<Option<String>> {
    let mut words = info.split_whitespace();
    if words.next()? != "response" {
        return None;
    }
    Some(words.next().map(str::to_owned))
}

/// Renders the wording blocks of one page and remembers them for [`check`].
pub struct WordingRenderer<'a> {
    pub config: &'a Config,
    pub response: Option<&'a Response>,
    pub variants: RefCell<Vec<Variant>>,
}

impl<'a> WordingRenderer<'a> {
    pub fn new(config: &'a Config, response: Option<&'a Response>) -> Self {
        WordingRenderer {
            config,
            response,
            variants: RefCell::new(Vec::new()),
        }
    }
}

/// The HTML of one wording card: `text` for `channel` (`None`: all channels), with the
/// placeholders of `response`. The response page and the finder both show these.
pub fn card(
    config: &Config,
    response: Option<&Response>,
    channel: Option<&str>,
    text: &str,
) -> String {
    let known: Option<&ChannelConfig> =
        channel.and_then(|id| config.channels.iter().find(|c| c.id == id));
    let card_channel = CardChannel {
        id: channel,
        name: known.map_or_else(|| channel.unwrap_or("All channels"), |c| c.name.as_str()),
        max_chars: known.and_then(|c| c.max_chars),
        link_chars: known.and_then(|c| c.link_chars),
    };
    let variables: Vec<CardVariable<'_>> = response
        .map(|r| {
            r.variables
                .iter()
                .map(|v| CardVariable {
                    name: &v.name,
                    description: &v.description,
                    example: &v.example,
                })
                .collect()
        })
        .unwrap_or_default();
    wording::card_html(text, &card_channel, &variables)
}

impl BlockRenderer for WordingRenderer<'_> {
    fn render(&self, info: &str, code: &str, offset: usize) -> Option<String> {
        let channel_id = parse_info(info)?;
        self.variants.borrow_mut().push(Variant {
            channel: channel_id.clone(),
            text: code.trim_end_matches('\n').to_owned(),
            offset,
        });
        Some(card(
            self.config,
            self.response,
            channel_id.as_deref(),
            code,
        ))
    }
}

/// Checks a response's variants: channels, placeholders, lengths. Every problem is reported.
pub fn check(
    page: &Page,
    response: &Response,
    variants: &[Variant],
    config: &Config,
    diagnostics: &Diagnostics,
) {
    let at = |offset: usize, message: String| {
        Diagnostic::error(&page.shown, message).at_offset(&page.text, page.body_offset + offset)
    };
    if variants.is_empty() {
        diagnostics.push(
            Diagnostic::error(&page.shown, "this response has no wording: add a ```response block")
                .at(&page.text, page.yaml.as_ref().map_or(1, |(_, line)| line - 1).max(1), 1)
                .help("put the approved wording in a fenced block: ```response for all channels, ```response x for a channel variant"),
        );
    }
    let mut used = std::collections::HashSet::new();
    for variant in variants {
        let line_offset = variant.offset;
        if let Some(id) = &variant.channel {
            if !config.channels.iter().any(|c| &c.id == id) {
                diagnostics.push(
                    at(
                        line_offset,
                        format!("unknown channel `{id}` in a ```response {id} block"),
                    )
                    .help("use a channel id defined under `channels:` in handbook.yml"),
                );
            } else if !response.channels.contains(id) {
                diagnostics.push(
                    Diagnostic::warning(
                        &page.shown,
                        format!("variant for `{id}`, which is not in this response's `channels`"),
                    )
                    .at_offset(&page.text, page.body_offset + line_offset)
                    .help(format!("add `{id}` to `channels` in the front matter")),
                );
            }
        }
        for placeholder in wording::placeholders(&variant.text) {
            used.insert(placeholder.name.clone());
            if !response
                .variables
                .iter()
                .any(|v| v.name == placeholder.name)
            {
                diagnostics.push(
                    at(line_offset, format!("placeholder `{{{}}}` is not declared in `variables`", placeholder.name))
                        .help(format!("declare it in the front matter: `variables: {{ {}: {{ description: ..., example: ... }} }}`", placeholder.name)),
                );
            }
        }
        let channel = variant
            .channel
            .as_deref()
            .and_then(|id| config.channels.iter().find(|c| c.id == id));
        if let Some((channel, max)) = channel.and_then(|c| c.max_chars.map(|m| (c, m))) {
            let example = |name: &str| {
                response
                    .variables
                    .iter()
                    .find(|v| v.name == name)
                    .map(|v| v.example.clone())
            };
            let length =
                wording::channel_length(&wording::fill(&variant.text, example), channel.link_chars);
            if length > max {
                let links = channel
                    .link_chars
                    .map_or(String::new(), |l| format!(", URLs counted as {l}"));
                diagnostics.push(
                    at(line_offset, format!("the `{}` variant is {length} characters, over {}'s limit of {max} (placeholders filled with their examples{links})", channel.id, channel.name))
                        .help(format!("shorten it by {} characters", length - max)),
                );
            }
        }
    }
    for variable in &response.variables {
        if !used.contains(&variable.name) {
            let (yaml, first) = page
                .yaml
                .as_ref()
                .map_or(("", 1), |(t, l)| (t.as_str(), *l));
            let line = yaml
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{}:", variable.name)))
                .map_or(first, |i| first + i);
            let col = page
                .text
                .lines()
                .nth(line - 1)
                .map_or(1, |l| l.len() - l.trim_start().len() + 1);
            diagnostics.push(
                Diagnostic::error(
                    &page.shown,
                    format!(
                        "variable `{}` is declared but no wording uses `{{{}}}`",
                        variable.name, variable.name
                    ),
                )
                .at(&page.text, line, col)
                .help("use it in a ```response block or remove it from `variables`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        assert_eq!(parse_info("response"), Some(None));
        assert_eq!(parse_info("response x"), Some(Some("x".into())));
        assert_eq!(parse_info("responses"), None);
        assert_eq!(parse_info("yaml"), None);
    }
}
