//! A Hugo site's own configuration, read so that a Hugo site builds as its owners meant it
//! without a `handbook.yml`: its title, `baseURL`, language, the content folder of its default
//! language, `permalinks`, `cascade` and Docsy's edit-link parameters. `handbook.yml`, when
//! there is one too, wins key by key.
//!
//! Files are found and merged as Hugo does it (`config/allconfig` and `config/configLoader.go`
//! in Hugo's source): the first of `hugo.toml`, `hugo.yaml`, `hugo.yml`, `hugo.json`,
//! `config.toml`, ... in the site root; then every file below `config/_default/`, then below
//! `config/production/` (the environment of `hugo build`), in name order, each merged over
//! what came before (mappings key by key, anything else replaced). A file there named after a
//! root key holds that key (`params.toml` is `params`), and one with a language
//! (`menus.en.toml`, `params.de.yaml`) that key of that language; `hugo.*` and `config.*` hold
//! root keys. A file whose only key is its own name (`cascade.yaml` with `cascade:`) is
//! unwrapped, as Hugo 0.162 does. Keys are read without regard to case, as Hugo reads them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::Config;
use crate::config::cascade;
use crate::config::permalinks::Permalinks;
use crate::diagnostic::Diagnostic;

/// Names of the root configuration file, in Hugo's order of preference.
pub const ROOT_NAMES: [&str; 2] = ["hugo", "config"];
/// Its formats, in Hugo's order of preference.
pub const EXTENSIONS: [&str; 4] = ["toml", "yaml", "yml", "json"];

/// What was read from the Hugo configuration.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The files read, relative to the site root (`config/_default/hugo.yaml`).
    pub files: Vec<String>,
    /// `defaultContentLanguage` (`en` when not set).
    pub default_language: String,
    /// `languages`, by weight then code, each built under its prefix (see
    /// [`crate::languages`]).
    pub languages: Vec<Language>,
    /// `defaultContentLanguageInSubdir`: the default language is published under its code
    /// too, not at the root.
    pub default_in_subdir: bool,
    /// The default language's content folder, relative to the site root, when it is not
    /// `content`.
    pub content_dir: Option<String>,
    /// `staticDir`, relative to the site root, when it is not `static`.
    pub static_dir: Option<String>,
    /// `disableAliases: true`: Hugo writes no redirect pages for `aliases` (the site makes its
    /// redirects otherwise, a `_redirects` file, say), so neither does this tool.
    pub disable_aliases: bool,
    /// Keys of handbook.yml that won over the Hugo configuration.
    pub overridden: Vec<String>,
    /// The site has no handbook.yml: the configuration is all Hugo's, so broken links are
    /// reported as warnings by default (a Hugo site builds with them; see
    /// [`crate::run_options`]).
    pub links_as_warnings: bool,
    /// The one line that says what was read.
    pub summary: String,
}

/// One of `languages`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Language {
    pub code: String,
    /// `label` (`languageName` before Hugo 0.158).
    pub label: Option<String>,
    pub weight: i64,
    /// `contentDir`, or the folder `content/<code>` when there is one.
    pub content_dir: Option<String>,
    /// `locale` (`languageCode` before Hugo 0.158).
    pub locale: Option<String>,
    pub title: Option<String>,
    /// `params.description` of the language.
    pub description: Option<String>,
}

/// The merged configuration, keys in lower case.
#[derive(Debug, Default)]
pub struct Read {
    pub files: Vec<String>,
    pub values: Map<String, Value>,
}

/// Reads the Hugo configuration of the site at `root`, if it has one: `None` when it has
/// none, every file's problem when one cannot be read.
pub fn read(root: &Path) -> Result<Option<Read>, Vec<Diagnostic>> {
    let mut read = Read::default();
    let mut problems = Vec::new();
    let root_file = ROOT_NAMES
        .iter()
        .flat_map(|name| {
            EXTENSIONS
                .iter()
                .map(move |ext| root.join(format!("{name}.{ext}")))
        })
        .find(|path| path.is_file());
    let mut files: Vec<(PathBuf, Vec<String>)> = Vec::new();
    if let Some(file) = root_file {
        files.push((file, Vec::new()));
    }
    for env in ["_default", cascade::ENVIRONMENT] {
        let dir = root.join("config").join(env);
        if !dir.is_dir() {
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            })
            .collect();
        found.sort();
        for file in found {
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let key_path = if ROOT_NAMES.contains(&stem.as_str()) {
                Vec::new()
            } else {
                match stem.split_once('.') {
                    Some((name, lang)) => {
                        let mut path = vec!["languages".to_owned(), lang.to_owned()];
                        if matches!(name, "menu" | "menus" | "params") {
                            path.push(if name == "menu" {
                                "menus".into()
                            } else {
                                name.to_owned()
                            });
                        }
                        path
                    }
                    None => vec![stem],
                }
            };
            files.push((file, key_path));
        }
    }
    if files.is_empty() {
        return Ok(None);
    }
    for (file, key_path) in files {
        let shown = crate::diagnostic::display_path(&file, root);
        let shown_text = shown.to_string_lossy().replace('\\', "/");
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                problems.push(Diagnostic::error(
                    &shown,
                    format!("cannot read the Hugo configuration: {e}"),
                ));
                continue;
            }
        };
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let value = match parse(&text, &ext) {
            Ok(value) => value,
            Err((message, line, col)) => {
                let d = Diagnostic::error(&shown, format!("cannot read the Hugo configuration: {message}"))
                    .help("fix the file so that Hugo can read it too, or write a handbook.yml, which is read instead of it key by key");
                problems.push(if line > 0 { d.at(&text, line, col) } else { d });
                continue;
            }
        };
        let Value::Object(map) = lowercase_keys(value) else {
            continue;
        };
        let mut value = Value::Object(map);
        // `cascade.yaml` holding `cascade:` only is the cascade itself.
        if let [.., last] = key_path.as_slice()
            && let Value::Object(map) = &value
            && map.len() == 1
            && let Some(inner) = map.get(last)
        {
            value = inner.clone();
        }
        for key in key_path.iter().rev() {
            let mut wrapper = Map::new();
            wrapper.insert(key.clone(), value);
            value = Value::Object(wrapper);
        }
        if let Value::Object(map) = value {
            merge(&mut read.values, map);
        }
        read.files.push(shown_text);
    }
    if problems.is_empty() {
        Ok(Some(read))
    } else {
        Err(problems)
    }
}

/// Parses one TOML, JSON or YAML file (`ext` says which; site data files are read with it
/// too); a problem comes with its 1-based line and column (0 when unknown).
pub fn parse(text: &str, ext: &str) -> Result<Value, (String, usize, usize)> {
    let text = crate::yaml::strip_bom(text);
    if text.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    match ext {
        "toml" => match text.parse::<toml::Table>() {
            Ok(table) => Ok(from_toml(toml::Value::Table(table))),
            Err(err) => {
                let (line, col) = err
                    .span()
                    .map_or((0, 0), |span| crate::diagnostic::line_col(text, span.start));
                Err((err.message().to_owned(), line, col))
            }
        },
        "json" => {
            serde_json::from_str::<Value>(text).map_err(|e| (e.to_string(), e.line(), e.column()))
        }
        _ => crate::yaml::from_str::<Value>(text).map_err(|e| (e.message, e.line, e.col)),
    }
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// Hugo's keys are case-insensitive: every mapping key in lower case.
fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

/// Merges `over` into `into`: mappings key by key, anything else replaced.
fn merge(into: &mut Map<String, Value>, over: Map<String, Value>) {
    for (key, value) in over {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(more)) => merge(existing, more),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn object<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    map.get(key).and_then(Value::as_object)
}

/// The top-level keys written in the site's handbook.yml (none when it has none or it does
/// not read).
pub fn handbook_keys(root: &Path) -> HashSet<String> {
    super::CONFIG_FILES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.is_file())
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| crate::yaml::from_str::<Map<String, Value>>(&text).ok())
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// Reads the Hugo configuration of the site at `root` into `config`, leaving alone every key
/// that handbook.yml sets. Nothing happens for a site without one.
pub fn import(root: &Path, config: &mut Config) -> Result<(), Vec<Diagnostic>> {
    let Some(read) = read(root)? else {
        return Ok(());
    };
    let own = handbook_keys(root);
    let mut imported = apply(&read, config, &own, root);
    imported.links_as_warnings = !super::CONFIG_FILES
        .iter()
        .any(|name| root.join(name).is_file());
    config.hugo = Some(imported);
    Ok(())
}

/// Puts what `read` says into `config`, except the keys in `own` (handbook.yml's).
pub fn apply(read: &Read, config: &mut Config, own: &HashSet<String>, root: &Path) -> Imported {
    let values = &read.values;
    let default_language = text(values, "defaultcontentlanguage")
        .unwrap_or("en")
        .to_lowercase();
    let languages = languages(values, root);
    let default = object(values, "languages").and_then(|l| object(l, &default_language));
    // A key of the default language wins over the same key at the top.
    let either = |key: &str| {
        default
            .and_then(|d| text(d, key))
            .or_else(|| text(values, key))
    };
    let params = |key: &str| {
        default
            .and_then(|d| object(d, "params"))
            .and_then(|p| text(p, key))
            .or_else(|| object(values, "params").and_then(|p| text(p, key)))
    };
    let mut overridden = Vec::new();
    let mut set = |key: &str, apply: &mut dyn FnMut()| {
        if own.contains(key) {
            overridden.push(key.to_owned());
        } else {
            apply();
        }
    };
    if let Some(title) = either("title") {
        set("title", &mut || config.title = title.to_owned());
    }
    if let Some(url) = either("baseurl") {
        set("base_url", &mut || config.base_url = url.to_owned());
    }
    let language = either("locale")
        .or_else(|| either("languagecode"))
        .unwrap_or(&default_language)
        .to_owned();
    set("language", &mut || config.language = language.clone());
    if let Some(description) = params("description").or_else(|| either("description")) {
        set("description", &mut || {
            config.description = description.to_owned()
        });
    }
    let edit = params("github_repo").map(|repo| {
        let branch = params("github_branch").unwrap_or("master");
        let subdir = params("github_subdir")
            .map(|s| format!("{}/", s.trim_matches('/')))
            .unwrap_or_default();
        format!(
            "{}/edit/{branch}/{subdir}{{path}}",
            repo.trim_end_matches('/')
        )
    });
    if let Some(edit) = &edit {
        set("edit_url", &mut || config.edit_url = Some(edit.clone()));
    }
    let permalinks = default
        .and_then(|d| d.get("permalinks"))
        .or_else(|| values.get("permalinks"))
        .map(Permalinks::from_value)
        .unwrap_or_default();
    let permalink_sections = permalinks.sections();
    if !permalinks.is_empty() {
        set("permalinks", &mut || config.permalinks = permalinks.clone());
    }
    let cascades = values
        .get("cascade")
        .map(cascade::parse)
        .unwrap_or_default();
    let cascade_count = cascades.len();
    if !cascades.is_empty() {
        set("cascade", &mut || {
            config.cascade = cascade::Cascades(cascades.clone())
        });
    }
    let content_dir = languages
        .iter()
        .find(|l| l.code == default_language)
        .and_then(|l| l.content_dir.clone())
        .or_else(|| text(values, "contentdir").map(|d| d.trim_matches('/').to_owned()))
        .filter(|dir| dir != "content" && root.join(dir).is_dir());
    let static_dir = match values.get("staticdir") {
        Some(Value::String(dir)) => Some(dir.clone()),
        Some(Value::Array(dirs)) => dirs.first().and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
    .filter(|dir| dir != "static");

    let mut parts = Vec::new();
    if languages.len() > 1 {
        parts.push(format!(
            "{} languages ({default_language}{} at {})",
            languages.len(),
            content_dir
                .as_deref()
                .map(|d| format!(" from {d}/"))
                .unwrap_or_default(),
            if values
                .get("defaultcontentlanguageinsubdir")
                .and_then(Value::as_bool)
                == Some(true)
            {
                format!("/{default_language}/")
            } else {
                "the root".to_owned()
            }
        ));
    } else if let Some(dir) = &content_dir {
        parts.push(format!("content in {dir}/"));
    }
    if !permalink_sections.is_empty() {
        parts.push(format!("permalinks for {}", permalink_sections.join(", ")));
    }
    if cascade_count > 0 {
        parts.push(format!(
            "{cascade_count} cascade {}",
            if cascade_count == 1 {
                "entry"
            } else {
                "entries"
            }
        ));
    }
    if edit.is_some() {
        parts.push("edit links from github_repo".into());
    }
    if values.get("disablealiases").and_then(Value::as_bool) == Some(true) {
        parts.push("no alias pages (disableAliases)".into());
    }
    if parts.is_empty() {
        parts.push(format!("title {:?}", config.title));
    }
    let mut summary = format!(
        "read Hugo config {}: {}",
        read.files.join(", "),
        parts.join(", ")
    );
    if !overridden.is_empty() {
        summary.push_str(&format!(
            "; handbook.yml wins for {}",
            overridden.join(", ")
        ));
    }
    let disable_aliases = values.get("disablealiases").and_then(Value::as_bool) == Some(true);
    let default_in_subdir = values
        .get("defaultcontentlanguageinsubdir")
        .and_then(Value::as_bool)
        == Some(true);
    Imported {
        default_in_subdir,
        disable_aliases,
        files: read.files.clone(),
        default_language,
        languages,
        content_dir,
        static_dir,
        overridden,
        summary,
        links_as_warnings: false,
    }
}

/// `languages`, each with its content folder: its `contentDir`, else `content/<code>` when the
/// site has one (the layout of sites that mount one folder per language, OpenTelemetry's).
fn languages(values: &Map<String, Value>, root: &Path) -> Vec<Language> {
    let Some(map) = object(values, "languages") else {
        return Vec::new();
    };
    // `disabled: true`, or listed in `disableLanguages`: not built, as in Hugo.
    let disabled: Vec<String> = values
        .get("disablelanguages")
        .and_then(Value::as_array)
        .map(|codes| {
            codes
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<Language> = map
        .iter()
        .filter(|(code, _)| !disabled.contains(&code.to_lowercase()))
        .filter_map(|(code, value)| {
            let lang = value.as_object()?;
            if lang.get("disabled").and_then(Value::as_bool) == Some(true) {
                return None;
            }
            let content_dir = text(lang, "contentdir")
                .map(|d| d.trim_matches('/').to_owned())
                .or_else(|| {
                    let dir = format!("content/{code}");
                    root.join(&dir).is_dir().then_some(dir)
                });
            Some(Language {
                code: code.clone(),
                label: text(lang, "label")
                    .or_else(|| text(lang, "languagename"))
                    .map(str::to_owned),
                weight: lang.get("weight").and_then(Value::as_i64).unwrap_or(0),
                content_dir,
                locale: text(lang, "locale")
                    .or_else(|| text(lang, "languagecode"))
                    .map(str::to_owned),
                title: text(lang, "title").map(str::to_owned),
                description: object(lang, "params")
                    .and_then(|p| text(p, "description"))
                    .map(str::to_owned),
            })
        })
        .collect();
    // Hugo sorts by weight, unweighted (0) last, then by code.
    out.sort_by(|a, b| {
        let key = |l: &Language| (l.weight == 0, l.weight, l.code.clone());
        key(a).cmp(&key(b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn the_config_folder_merges_over_the_root_file_as_hugo_merges_it() {
        let dir = site(&[
            (
                "hugo.toml",
                "title = 'Root'\nbaseURL = 'https://a.example/'\n[params]\ngithub_repo = 'https://github.com/o/r'\n",
            ),
            ("config/_default/hugo.yaml", "Title: Dir\n"),
            (
                "config/_default/params.yaml",
                "github_branch: main\ngithub_subdir: site\n",
            ),
            (
                "config/_default/cascade.yaml",
                "cascade:\n  - build: { render: never }\n    target: { path: '/drafts/**' }\n",
            ),
            ("config/production/params.toml", "github_branch = 'prod'\n"),
            ("config/_default/menus.en.toml", "[[main]]\nname = 'x'\n"),
        ]);
        let read = read(dir.path()).unwrap().unwrap();
        assert_eq!(
            read.files,
            [
                "hugo.toml",
                "config/_default/cascade.yaml",
                "config/_default/hugo.yaml",
                "config/_default/menus.en.toml",
                "config/_default/params.yaml",
                "config/production/params.toml"
            ]
        );
        let mut config = Config::default();
        let imported = apply(&read, &mut config, &HashSet::new(), dir.path());
        assert_eq!(config.title, "Dir");
        assert_eq!(config.base_url, "https://a.example/");
        assert_eq!(
            config.edit_url.as_deref(),
            Some("https://github.com/o/r/edit/prod/site/{path}")
        );
        assert_eq!(config.cascade.0.len(), 1);
        assert!(read.values["languages"]["en"]["menus"]["main"].is_array());
        assert!(
            imported
                .summary
                .starts_with("read Hugo config hugo.toml, config/_default/cascade.yaml"),
            "{}",
            imported.summary
        );
    }

    #[test]
    fn languages_find_their_content_and_handbook_yml_wins() {
        let dir = site(&[
            (
                "config/_default/hugo.yaml",
                "title: T\ndefaultContentLanguage: en\nlanguages:\n  en: { label: English, locale: en-US }\n  ja: { label: 日本語, weight: 2 }\n  fr: { contentDir: content/french, weight: 1 }\n  de: { disabled: true }\n  it: {}\ndisableLanguages: [it]\npermalinks:\n  blog: /:year/:slug/\n",
            ),
            ("content/en/_index.md", "---\ntitle: Home\n---\n"),
            ("content/ja/_index.md", ""),
        ]);
        let read = read(dir.path()).unwrap().unwrap();
        let mut config = Config::default();
        let own: HashSet<String> = ["title".to_owned()].into();
        let imported = apply(&read, &mut config, &own, dir.path());
        assert_eq!(config.title, "Handbook");
        assert_eq!(config.language, "en-US");
        let codes: Vec<&str> = imported.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["fr", "ja", "en"]);
        assert_eq!(imported.content_dir.as_deref(), Some("content/en"));
        assert_eq!(
            imported.summary,
            "read Hugo config config/_default/hugo.yaml: 3 languages (en from content/en/ at the root), permalinks for blog; handbook.yml wins for title"
        );
    }

    #[test]
    fn a_file_that_does_not_read_is_located() {
        let dir = site(&[("hugo.toml", "title = 'x'\nbaseURL = \n")]);
        let problems = read(dir.path()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2, "{}", problems[0]);
        assert!(
            problems[0]
                .message
                .starts_with("cannot read the Hugo configuration")
        );
    }
}
