//! `handbook init --from-hugo`: the `handbook.yml` that says what was read from a Hugo site's
//! configuration (title, `baseURL`, language, description, the edit link, `permalinks`,
//! `cascade`, broken links as warnings), for a team that switches for good. The Hugo
//! configuration is still read for what handbook.yml does not say (languages, content folders).

use std::collections::HashSet;
use std::path::Path;

use indexmap::IndexMap;
use serde_json::Value;

use crate::config::Config;
use crate::config::hugo;
use crate::diagnostic::Diagnostic;

/// The text of `handbook.yml` for the Hugo site at `root` and the files it was read from;
/// `Ok(None)` when the site has no Hugo configuration.
pub fn handbook_yml(root: &Path) -> Result<Option<(String, Vec<String>)>, Vec<Diagnostic>> {
    let Some(read) = hugo::read(root)? else {
        return Ok(None);
    };
    let mut config = Config::default();
    hugo::apply(&read, &mut config, &HashSet::new(), root);
    let values = &read.values;
    let default_language = values
        .get("defaultcontentlanguage")
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_lowercase();
    let of_language = values
        .get("languages")
        .and_then(|l| l.get(&default_language));
    let mut keys: IndexMap<&str, Value> = IndexMap::new();
    keys.insert("title", Value::String(config.title.clone()));
    if !config.description.is_empty() {
        keys.insert("description", Value::String(config.description.clone()));
    }
    keys.insert("base_url", Value::String(config.base_url.clone()));
    keys.insert("language", Value::String(config.language.clone()));
    if let Some(edit) = &config.edit_url {
        keys.insert("edit_url", Value::String(edit.clone()));
    }
    keys.insert("broken_links", Value::String("warning".into()));
    if !config.permalinks.is_empty()
        && let Some(raw) = of_language
            .and_then(|l| l.get("permalinks"))
            .or_else(|| values.get("permalinks"))
    {
        keys.insert("permalinks", raw.clone());
    }
    if !config.cascade.0.is_empty()
        && let Some(raw) = values.get("cascade")
    {
        keys.insert("cascade", raw.clone());
    }
    let yaml = crate::yaml::to_string(&keys).map_err(|e| {
        vec![Diagnostic::error(
            "handbook.yml",
            format!("cannot write the configuration: {}", e.message),
        )]
    })?;
    let text = format!(
        "# Written by `handbook init --from-hugo` from {}.\n\
         # The Hugo configuration is still read for what this file does not say (languages,\n\
         # content folders); where both say something, this file wins.\n\
         # broken_links: warning builds the site with its broken links, as Hugo did; set it to\n\
         # `error` to fail the build on them.\n{yaml}",
        read.files.join(", ")
    );
    Ok(Some((text, read.files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_file_reads_back_as_what_hugo_said() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "title = \"Docs\"\nbaseURL = \"https://example.org/docs/\"\nlanguageCode = \"fr\"\n\
             [params]\ngithub_repo = \"https://github.com/acme/docs\"\n\
             [permalinks]\nblog = \"/:year/:slug/\"\n\
             [[cascade]]\ntype = \"docs\"\n",
        )
        .unwrap();
        let (text, files) = handbook_yml(dir.path()).unwrap().unwrap();
        assert_eq!(files, vec!["hugo.toml".to_owned()]);
        let loaded = Config::parse(&text, Path::new("handbook.yml"));
        assert!(loaded.problems.is_empty(), "{:?}\n{text}", loaded.problems);
        let config = loaded.config.unwrap();
        assert_eq!(config.title, "Docs");
        assert_eq!(config.base_url, "https://example.org/docs/");
        assert_eq!(config.language, "fr");
        assert_eq!(
            config.edit_url.as_deref(),
            Some("https://github.com/acme/docs/edit/master/{path}")
        );
        assert_eq!(config.broken_links, crate::config::LinkPolicy::Warning);
        assert_eq!(config.permalinks.sections(), vec!["blog".to_owned()]);
        assert_eq!(config.cascade.0.len(), 1);
        let none = tempfile::tempdir().unwrap();
        assert!(handbook_yml(none.path()).unwrap().is_none());
    }
}
