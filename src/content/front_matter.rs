//! Splits a Markdown file into its YAML front matter and body, and reads the known fields.
//!
//! Real handbooks are written on every platform, so the split tolerates a UTF-8 BOM, CRLF line
//! endings, blank lines before the opening `---` and trailing spaces on the fences. Known fields
//! are deserialized one by one so that a wrong type is reported at its own line and column;
//! everything else is kept as `extra` for templates. Keys are read as Hugo reads them: without
//! regard to case, and a key written twice keeps its last value (the build warns).

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::compat::{self, Habit};
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// The fields `handbook` understands, plus everything else in `extra`.
#[derive(Debug, Default, Clone)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub slug: Option<String>,
    /// The `type` field: which kind of content this page is.
    pub kind: Option<String>,
    /// `url` or `permalink` (see [`super::compat`]).
    pub url: Option<String>,
    /// `canonical_path`: the page's canonical link, a path on the site or a full URL.
    pub canonical: Option<String>,
    /// `toc_hide` and the like: left out of navigation and listings.
    pub hidden: bool,
    /// `no_list` (Docsy): this section's page does not list its child pages.
    pub no_list: bool,
    /// `headless: true`: not published, only included (see [`super::publish`]).
    pub headless: bool,
    /// Hugo's `build` options (see [`super::publish`]).
    pub build: super::publish::BuildOptions,
    /// `cascade`: fields passed down to this page and the pages below it.
    pub cascade: Vec<crate::config::cascade::Cascade>,
    /// `aliases` entries without a leading `/`: Hugo resolves them against the page's own URL
    /// (`old-name` beside it, `../old/path` above it) once that URL is known.
    pub relative_aliases: Vec<String>,
    /// The keys of the front matter, in lower case, for [`crate::config::cascade`] (a page's own field
    /// is never replaced by a cascaded one).
    pub keys: Vec<String>,
    /// Keys written twice (as written the second time): Hugo keeps the last value, and so do
    /// we, with a warning.
    pub duplicates: Vec<String>,
    /// `linkTitle`: the label in navigation.
    pub nav_title: Option<String>,
    /// `publishDate` and `expirydate` as written.
    pub publish_date: Option<String>,
    pub expiry_date: Option<String>,
    pub extra: Map<String, Value>,
}

/// A file cut into its parts. Offsets are byte offsets into the text after the BOM.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body within the file text.
    pub body_offset: usize,
}

/// Where a front matter block opens but never closes.
#[derive(Debug)]
pub struct Unterminated {
    pub line: usize,
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches(['\r', '\n', ' ', '\t']) == fence
}

/// Cuts `text` (BOM already removed) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, Unterminated> {
    let no_front = Split {
        yaml: None,
        yaml_line: 0,
        body: text,
        body_offset: 0,
    };
    let mut offset = 0;
    let mut line_no = 1;
    // Skip blank lines before the opening fence.
    let mut lines = text.split_inclusive('\n');
    let opening = loop {
        match lines.next() {
            Some(line) if line.trim().is_empty() => {
                offset += line.len();
                line_no += 1;
            }
            Some(line) => break line,
            None => return Ok(no_front),
        }
    };
    if !is_fence(opening, "---") {
        return Ok(no_front);
    }
    let opening_line = line_no;
    let yaml_start = offset + opening.len();
    let mut cursor = yaml_start;
    for line in lines {
        if is_fence(line, "---") || is_fence(line, "...") {
            let body_offset = cursor + line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..cursor]),
                yaml_line: opening_line + 1,
                body: &text[body_offset..],
                body_offset,
            });
        }
        cursor += line.len();
    }
    Err(Unterminated { line: opening_line })
}

/// Parses the YAML of a front matter block. `text` is the whole file (for showing lines).
pub fn parse(
    yaml_text: &str,
    split: &Split<'_>,
    path: &std::path::Path,
    text: &str,
) -> Result<FrontMatter, Diagnostic> {
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    yaml::from_str::<FrontMatter>(yaml_text).map_err(|err| {
        // A key written twice is not an error (see `FrontMatter::duplicates`).
        let (err_line, err_col) = (err.line, err.col);
        let line = if err_line == 0 { split.yaml_line } else { split.yaml_line + err_line - 1 };
        let field = field_of(&err.message);
        let diagnostic = Diagnostic::error(path, format!("invalid front matter: {}", err.message)).at(text, line, err_col.max(1));
        match field.and_then(field_help) {
            Some(help) => diagnostic.help(help),
            None if yaml::is_too_deep(&err) => diagnostic.help("close the brackets, or write the value with less nesting: front matter fields need a level or two"),
            None => diagnostic.help("front matter is YAML between two `---` lines; check quoting and indentation (quote values that contain `: ` or start with `@`, `*`, `[` or `{`)"),
        }
    })
}

/// The field name serde puts before a message (`weight: wrong type ...`).
fn field_of(message: &str) -> Option<&str> {
    let (head, _) = message.split_once(": ")?;
    (!head.contains(' ')).then_some(head)
}

fn field_help(field: &str) -> Option<&'static str> {
    Some(match field {
        "weight" => {
            "`weight` sets the sort order among siblings: use a whole number, e.g. `weight: 10`"
        }
        "draft" => "`draft` is `true` or `false`",
        "tags" | "aliases" => "use a list, e.g. `tags: [escalation, security]`",
        "title" | "description" | "slug" | "type" | "date" | "updated" => {
            "use a single text value; quote it if it contains `: `"
        }
        _ => return None,
    })
}

/// 1-based line and column of a top-level `key:` inside the YAML, for diagnostics about a value
/// that parsed but means nothing (an unknown date format, say).
pub fn key_position(yaml_text: &str, key: &str) -> Option<(usize, usize)> {
    key_positions(yaml_text, key).next()
}

/// Every top-level `key:` line of the YAML, as 1-based line and value column.
fn key_positions<'a>(
    yaml_text: &'a str,
    key: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    yaml_text.lines().enumerate().filter_map(move |(i, line)| {
        let rest = line.strip_prefix(key)?;
        let value = rest
            .trim_start_matches([' ', '\t'])
            .strip_prefix(':')?
            .trim_start();
        Some((i + 1, line.len() - value.len() + 1))
    })
}

/// A string field that also accepts numbers and booleans (`title: 404` is a fine title).
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A list of strings that also accepts a single string (`tags: security`).
struct TextList(Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<Option<ScalarText>>),
        }
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum ScalarText {
            S(String),
            I(i64),
            F(f64),
            B(bool),
        }
        let list = match Option::<OneOrMany>::deserialize(deserializer) {
            Ok(list) => list,
            Err(_) => {
                return Err(de::Error::custom(
                    "wrong type: expected a list of text values, e.g. `[one, two]`",
                ));
            }
        };
        Ok(TextList(match list {
            None => Vec::new(),
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(items)) => items
                .into_iter()
                .flatten()
                .map(|item| match item {
                    ScalarText::S(s) => s,
                    ScalarText::I(i) => i.to_string(),
                    ScalarText::F(f) => f.to_string(),
                    ScalarText::B(b) => b.to_string(),
                })
                .collect(),
        }))
    }
}

impl<'de> Deserialize<'de> for FrontMatter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FrontMatterVisitor)
    }
}

struct FrontMatterVisitor;

fn text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    Ok(map.next_value::<Option<Text>>()?.map(|t| t.0))
}

/// A yes/no flag; Hugo sites also write `toc_hide: "true"`.
fn flag<'de, A: MapAccess<'de>>(map: &mut A) -> Result<bool, A::Error> {
    let value: Value = map.next_value()?;
    Ok(match value {
        Value::Bool(b) => b,
        Value::String(s) => matches!(s.trim(), "true" | "yes" | "1"),
        Value::Number(n) => n.as_i64() != Some(0),
        _ => false,
    })
}

impl<'de> Visitor<'de> for FrontMatterVisitor {
    type Value = FrontMatter;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of `key: value` lines")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FrontMatter, A::Error> {
        let mut front = FrontMatter::default();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<Text>()? {
            let key = key.0;
            // Hugo reads keys without regard to case: `Title` is the title.
            let lower = key.to_ascii_lowercase();
            if !seen.insert(lower.clone()) {
                front.duplicates.push(key.clone());
            } else {
                front.keys.push(lower.clone());
            }
            match lower.as_str() {
                "title" => front.title = text(&mut map)?,
                "description" => front.description = text(&mut map)?,
                "weight" => front.weight = map.next_value()?,
                "date" => front.date = text(&mut map)?,
                "updated" => front.updated = text(&mut map)?,
                "draft" => front.draft = map.next_value::<Option<bool>>()?.unwrap_or(false),
                "tags" => front.tags = map.next_value::<TextList>()?.0,
                "aliases" => {
                    for alias in map.next_value::<TextList>()?.0 {
                        let trimmed = alias.trim();
                        if trimmed.starts_with('/') || trimmed.contains("://") || trimmed.is_empty()
                        {
                            front.aliases.push(alias);
                        } else {
                            front.relative_aliases.push(alias);
                        }
                    }
                }
                "slug" => front.slug = text(&mut map)?,
                "type" => front.kind = text(&mut map)?,
                _ if let Some(habit) = compat::habit(&key) => match habit {
                    Habit::RedirectFrom => front.aliases.extend(map.next_value::<TextList>()?.0),
                    Habit::Url => front.url = text(&mut map)?,
                    Habit::Canonical => front.canonical = text(&mut map)?,
                    Habit::Hidden => front.hidden |= flag(&mut map)?,
                    Habit::NoList => {
                        front.no_list = flag(&mut map)?;
                        // Templates read it as Hugo's read `.Params.no_list`.
                        front
                            .extra
                            .insert("no_list".into(), Value::Bool(front.no_list));
                    }
                    Habit::NavTitle => front.nav_title = text(&mut map)?,
                    Habit::PublishDate => front.publish_date = text(&mut map)?,
                    Habit::ExpiryDate => front.expiry_date = text(&mut map)?,
                    Habit::Updated => front.updated = text(&mut map)?,
                    Habit::Headless => front.headless = flag(&mut map)?,
                    Habit::Build => {
                        let value: Value = map.next_value()?;
                        front.build = super::publish::BuildOptions::from_value(&value);
                    }
                    Habit::Cascade => {
                        let value: Value = map.next_value()?;
                        front.cascade = crate::config::cascade::parse(&value);
                    }
                },
                _ => {
                    let value: Value = map.next_value()?;
                    front.extra.insert(key, value);
                }
            }
        }
        Ok(front)
    }
}

impl FrontMatter {
    /// Takes the fields of `values` (a cascade entry's) that this page does not set itself
    /// and that no closer cascade has set (both are in [`FrontMatter::keys`], which this
    /// extends). `params` are Hugo's page parameters: their keys go to `extra` one by one.
    /// Fields of a kind's schema are not cascaded into a page of a kind (the kinds' schema
    /// checks its front matter as written).
    pub fn inherit(&mut self, values: &Map<String, Value>) {
        let typed = self
            .kind
            .as_deref()
            .is_some_and(|k| super::kind::Kind::from_type(k).is_some());
        for (key, value) in values {
            let lower = key.to_ascii_lowercase();
            if lower == "params" {
                if let Value::Object(params) = value
                    && !typed
                {
                    for (name, value) in params {
                        let lower = name.to_ascii_lowercase();
                        if !self.keys.contains(&lower) {
                            self.keys.push(lower);
                            self.extra.insert(name.clone(), value.clone());
                        }
                    }
                }
                continue;
            }
            // A page's own cascade is passed on as it is, not inherited.
            if lower == "cascade" || self.keys.contains(&lower) {
                continue;
            }
            let mut single = Map::new();
            single.insert(key.clone(), value.clone());
            let Ok(from) = serde_json::from_value::<FrontMatter>(Value::Object(single)) else {
                continue;
            };
            if from.extra.contains_key(key) && typed {
                continue;
            }
            self.keys.push(lower);
            self.take_set_fields(from);
        }
    }

    /// Copies every field that `from` (read from one key) sets.
    fn take_set_fields(&mut self, from: FrontMatter) {
        macro_rules! some {
            ($($field:ident),*) => { $( if from.$field.is_some() { self.$field = from.$field; } )* };
        }
        some!(
            title,
            description,
            weight,
            date,
            updated,
            slug,
            kind,
            url,
            canonical,
            nav_title,
            publish_date,
            expiry_date
        );
        self.draft |= from.draft;
        self.hidden |= from.hidden;
        self.no_list |= from.no_list;
        self.headless |= from.headless;
        if !from.tags.is_empty() {
            self.tags = from.tags;
        }
        if from.build != super::publish::BuildOptions::default() {
            self.build = from.build;
        }
        self.relative_aliases.extend(from.relative_aliases);
        self.aliases.extend(from.aliases);
        self.extra.extend(from.extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let s = split(text).expect("terminated");
        parse(s.yaml.unwrap_or(""), &s, Path::new("a.md"), text)
    }

    #[test]
    fn splits_with_crlf_blank_lines_and_trailing_spaces() {
        let text = "\r\n\n---  \r\ntitle: Hi\r\n---\r\nBody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, Some("title: Hi\r\n"));
        assert_eq!(s.yaml_line, 4);
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn no_front_matter_is_fine() {
        let s = split("# Title\n\ntext").unwrap();
        assert!(s.yaml.is_none());
        assert_eq!(s.body, "# Title\n\ntext");
    }

    #[test]
    fn unterminated_block_is_reported_at_its_opening() {
        assert_eq!(split("\n---\ntitle: x\n").unwrap_err().line, 2);
    }

    #[test]
    fn reads_known_fields_and_keeps_extra() {
        let fm = parse_text(
            "---\ntitle: 404\nweight: 3\ntags: one\ntype: response\nowner: '@ana'\n---\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("404"));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.tags, vec!["one"]);
        assert_eq!(fm.kind.as_deref(), Some("response"));
        assert_eq!(fm.extra["owner"], "@ana");
    }

    #[test]
    fn hugo_and_jekyll_fields_are_read() {
        let fm = parse_text("---\naliases: [/a/, old]\nredirect_from: /b/\nlinkTitle: Short\ntoc_hide: true\npermalink: /x/\npublishDate: 2030-01-01\nexpirydate: 2031-01-01\n---\n").unwrap();
        assert_eq!(fm.aliases, vec!["/a/", "/b/"]);
        assert_eq!(fm.relative_aliases, vec!["old"]);
        assert_eq!(fm.nav_title.as_deref(), Some("Short"));
        assert!(fm.hidden);
        assert_eq!(fm.url.as_deref(), Some("/x/"));
        assert_eq!(fm.publish_date.as_deref(), Some("2030-01-01"));
        assert_eq!(fm.expiry_date.as_deref(), Some("2031-01-01"));
        assert!(fm.extra.is_empty());
    }

    #[test]
    fn wrong_type_is_located_at_the_value() {
        let text = "---\ntitle: A\nweight: high\n---\nbody";
        let d = parse_text(text).unwrap_err();
        assert_eq!((d.line, d.col), (3, 9), "{d}");
        assert!(d.message.contains("weight"), "{d}");
        assert!(d.help.as_deref().unwrap().contains("whole number"), "{d}");
    }

    #[test]
    fn a_duplicate_key_keeps_the_last_value_and_keys_ignore_case() {
        let fm =
            parse_text("---\nTitle: A\ndate: 2024-01-01\ndate: 2024-02-02\nLinkTitle: L\n---\n")
                .unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
        assert_eq!(fm.date.as_deref(), Some("2024-02-02"));
        assert_eq!(fm.nav_title.as_deref(), Some("L"));
        assert_eq!(fm.duplicates, vec!["date"]);
        assert!(fm.extra.is_empty());
    }

    #[test]
    fn cascaded_fields_fill_only_what_the_page_does_not_set() {
        let mut fm = parse_text("---\ntitle: Own\n---\n").unwrap();
        let values = serde_json::json!({ "title": "Other", "type": "docs", "toc_hide": true, "params": { "color": "red" }, "build": { "render": "never" } });
        fm.inherit(values.as_object().unwrap());
        assert_eq!(fm.title.as_deref(), Some("Own"));
        assert_eq!(fm.kind.as_deref(), Some("docs"));
        assert!(fm.hidden);
        assert_eq!(fm.extra["color"], "red");
        assert_eq!(fm.build.render, Some(super::super::publish::Render::Never));
        // A closer cascade has set `type` already.
        fm.inherit(serde_json::json!({ "type": "blog" }).as_object().unwrap());
        assert_eq!(fm.kind.as_deref(), Some("docs"));
    }

    #[test]
    fn key_position_finds_top_level_keys() {
        assert_eq!(key_position("title: a\ndate:  x\n", "date"), Some((2, 8)));
        assert_eq!(key_position("title: a\n", "date"), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Files made of fences, line endings, YAML lines and stray characters.
        fn file() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "---", "...", "--- ", "\n", "\r\n", "\r", " ", "\t", "title: x", "a: [", "é",
                "\u{feff}", "#", "-",
            ]);
            prop::collection::vec(pieces, 0..30).prop_map(|pieces| pieces.concat())
        }

        #[track_caller]
        fn splits_within(text: &str) {
            let text = yaml::strip_bom(text);
            match split(text) {
                Ok(split) => {
                    assert!(split.body_offset <= text.len(), "{}", split.body_offset);
                    assert_eq!(split.body, &text[split.body_offset..]);
                    if let Some(yaml) = split.yaml {
                        let start = yaml.as_ptr() as usize - text.as_ptr() as usize;
                        assert!(start + yaml.len() <= split.body_offset);
                        assert!(split.yaml_line >= 2);
                    }
                }
                Err(unterminated) => {
                    assert!(unterminated.line >= 1 && unterminated.line <= text.lines().count());
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn any_text_splits_within_itself(text in any::<String>()) {
                splits_within(&text);
            }

            #[test]
            fn front_matter_like_text_splits_within_itself(text in file()) {
                splits_within(&text);
            }
        }
    }
}
