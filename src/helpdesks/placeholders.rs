//! Placeholders between the handbook's `{name}` form and a helpdesk's own variables
//! (`{{ticket.requester.first_name}}` in Zendesk, `{{ author }}` in saved replies): one table
//! per tool, read in both directions, so an import maps a tool's variables back to handbook
//! names and an export maps them out again.

/// One row of a tool's table: the handbook name and the tool's variable as written in a reply.
pub type Row = (&'static str, &'static str);

/// Zendesk Support placeholders (developer.zendesk.com, "Zendesk Support placeholders
/// reference"): the ones a canned reply uses.
pub const ZENDESK: &[Row] = &[
    ("name", "{{ticket.requester.first_name}}"),
    ("full_name", "{{ticket.requester.name}}"),
    ("email", "{{ticket.requester.email}}"),
    ("agent_name", "{{current_user.first_name}}"),
    ("agent_full_name", "{{current_user.name}}"),
    ("ticket_id", "{{ticket.id}}"),
    ("ticket_title", "{{ticket.title}}"),
    ("organization", "{{ticket.organization.name}}"),
];

/// A placeholder the import created: its handbook name and what the source had.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub name: String,
    pub source: String,
    /// False when the source form had no row in the table and a name was made from it.
    pub mapped: bool,
}

/// Text in the handbook's placeholder form, with what was found on the way.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub text: String,
    pub placeholders: Vec<Found>,
    /// What a person has to look at: template logic kept as written, `<fill me in>` hints.
    pub unmapped: Vec<String>,
}

impl Converted {
    fn found(&mut self, name: String, source: &str, mapped: bool) {
        if !self.placeholders.iter().any(|f| f.name == name) {
            self.placeholders.push(Found {
                name,
                source: source.to_owned(),
                mapped,
            });
        }
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A handbook name for a variable path the table does not know: `ticket.requester.phone`
/// becomes `ticket_requester_phone`.
fn made_name(path: &str) -> String {
    let mut name = String::new();
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') && !name.is_empty() {
            name.push('_');
        }
    }
    name.trim_end_matches('_').to_owned()
}

/// HTML elements that may appear in replies: `<details>` is markup, `<reporter>` is a hint.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Converts a reply's text: `{{ var }}` forms become `{name}` through `table` (or a name made
/// from the variable, reported as unmapped); a `{word}` already in the text is kept and
/// declared, since the handbook reads it as a placeholder; template logic (`{% if %}`,
/// `{{x | filter}}`) and angle-bracket hints (`<insert issue>`) stay as written and are
/// reported for a person to finish.
pub fn to_handbook(text: &str, table: &[Row]) -> Converted {
    let mut out = Converted::default();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        out.text.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(inner_end) = tail.strip_prefix("{{").and_then(|t| t.find("}}")) {
            let whole = &tail[..inner_end + 4];
            let inner = whole[2..whole.len() - 2].trim();
            let compact: String = whole.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some((name, _)) = table.iter().find(|(_, source)| *source == compact) {
                out.text.push_str(&format!("{{{name}}}"));
                out.found((*name).to_owned(), whole, true);
            } else if is_name(inner) {
                out.text.push_str(&format!("{{{inner}}}"));
                out.found(inner.to_owned(), whole, true);
            } else if inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                && !inner.is_empty()
            {
                let name = made_name(inner);
                out.text.push_str(&format!("{{{name}}}"));
                out.found(name.clone(), whole, false);
                out.unmapped.push(format!(
                    "`{whole}` has no row in the placeholder table: imported as `{{{name}}}`"
                ));
            } else {
                // Filters, logic: keep the text, but break `{{x}}` so no `{x}` hides inside.
                out.text.push_str(whole);
                out.unmapped
                    .push(format!("`{whole}` is template logic: kept as written"));
            }
            rest = &tail[whole.len()..];
            continue;
        }
        if let Some(end) = tail.strip_prefix("{%").and_then(|t| t.find("%}")) {
            let whole = &tail[..end + 4];
            out.text.push_str(whole);
            out.unmapped
                .push(format!("`{whole}` is template logic: kept as written"));
            rest = &tail[whole.len()..];
            continue;
        }
        if let Some(end) = tail[1..].find('}') {
            let inner = &tail[1..1 + end];
            if is_name(inner) {
                out.text.push_str(&tail[..end + 2]);
                out.found(inner.to_owned(), &tail[..end + 2], true);
                out.unmapped.push(format!(
                    "`{{{inner}}}` in the source is a placeholder in the handbook: declared as a variable"
                ));
                rest = &tail[end + 2..];
                continue;
            }
        }
        out.text.push('{');
        rest = &tail[1..];
    }
    out.text.push_str(rest);
    for hint in hints(&out.text) {
        out.unmapped.push(format!(
            "`{hint}` looks like a gap left for a person: replace it with a `{{name}}` placeholder and declare it"
        ));
    }
    out
}

/// `<insert issue>`, `<reporter>`: angle brackets around words that are not an HTML element.
fn hints(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at + 1..];
        let Some(end) = tail.find('>') else { break };
        let inner = &tail[..end];
        let word = inner.split_whitespace().next().unwrap_or("");
        let plain = !inner.is_empty()
            && inner.len() <= 40
            && inner
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'))
            && !inner.starts_with(' ')
            && !HTML_TAGS.contains(&word.to_ascii_lowercase().as_str());
        let hint = format!("<{inner}>");
        if plain && !found.contains(&hint) {
            found.push(hint);
        }
        rest = &tail[end..];
    }
    found
}

/// Writes handbook text for a tool: each `{name}` with a row in `table` becomes the tool's
/// variable; the names without a row are returned, in order, once each.
pub fn from_handbook(text: &str, table: &[(String, String)]) -> (String, Vec<String>) {
    let missing: std::cell::RefCell<Vec<String>> = Default::default();
    let filled = crate::kinds::wording::fill(text, |name| {
        let row = table
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
        let mut missing = missing.borrow_mut();
        if row.is_none() && !missing.iter().any(|m| m == name) {
            missing.push(name.to_owned());
        }
        row
    });
    (filled, missing.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zendesk_variables_map_back_to_handbook_names() {
        let c = to_handbook(
            "Hi {{ticket.requester.first_name}}, ticket {{ ticket.id }} is {{ticket.status}}.",
            ZENDESK,
        );
        assert_eq!(c.text, "Hi {name}, ticket {ticket_id} is {ticket_status}.");
        let names: Vec<_> = c
            .placeholders
            .iter()
            .map(|f| (f.name.as_str(), f.mapped))
            .collect();
        assert_eq!(
            names,
            [
                ("name", true),
                ("ticket_id", true),
                ("ticket_status", false)
            ]
        );
        assert_eq!(c.unmapped.len(), 1, "{:?}", c.unmapped);
        assert!(c.unmapped[0].contains("{{ticket.status}}"));
    }

    #[test]
    fn simple_names_logic_braces_and_hints() {
        let c = to_handbook(
            "Hey @{{ author }}! {% if x %}y{% endif %} {{a | upcase}} see #<insert issue>, thanks @<reporter>. <details>ok</details> {x} {not a name}",
            &[],
        );
        assert_eq!(
            c.text,
            "Hey @{author}! {% if x %}y{% endif %} {{a | upcase}} see #<insert issue>, thanks @<reporter>. <details>ok</details> {x} {not a name}"
        );
        let names: Vec<_> = c.placeholders.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["author", "x"]);
        let joined = c.unmapped.join("\n");
        assert!(joined.contains("{{a | upcase}}"), "{joined}");
        assert!(joined.contains("<insert issue>"), "{joined}");
        assert!(joined.contains("<reporter>"), "{joined}");
        assert!(!joined.contains("<details>"), "{joined}");
        assert!(joined.contains("`{x}`"), "{joined}");
    }

    #[test]
    fn export_maps_known_names_and_lists_the_rest_once() {
        let table = vec![(
            "name".to_owned(),
            "{{ticket.requester.first_name}}".to_owned(),
        )];
        let (text, missing) = from_handbook("Hi {name}, {plan} {plan} {name}", &table);
        assert_eq!(
            text,
            "Hi {{ticket.requester.first_name}}, {plan} {plan} {{ticket.requester.first_name}}"
        );
        assert_eq!(missing, ["plan"]);
    }
}
