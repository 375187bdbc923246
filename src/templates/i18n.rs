//! The theme's interface strings in the language of the pages (`t.home` in a template):
//! `i18n/<language>.yaml` of the theme (the default theme ships English, Spanish, French,
//! German, Japanese and Chinese), over English, with the site's own `i18n/<language>.yaml` on
//! top, as Hugo's `i18n` folders stack. A file is found by the language's code (`pt-br`),
//! then its locale (`pt-BR`), then their primary subtag (`pt`). Hugo's three ways of writing a
//! string are read: `home: Home`, `home: { other: Home }` and a list of `{ id, translation }`.

use std::path::Path;

use serde_json::{Map, Value};

use super::theme::Theme;
use crate::diagnostic::Diagnostic;

/// Where interface strings are, in the theme and in the site.
pub const FOLDER: &str = "i18n";

/// The strings for a site whose pages are in `code` (and `locale`); problems reading a file
/// are warnings, and its strings are left out.
pub fn strings(
    theme: &Theme,
    site_root: &Path,
    code: &str,
    locale: &str,
) -> (Map<String, Value>, Vec<Diagnostic>) {
    let mut names: Vec<String> = Vec::new();
    for name in [code, locale] {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        if name.is_empty() {
            continue;
        }
        let primary = name.split('-').next().unwrap_or("").to_owned();
        for candidate in [name, primary] {
            if !candidate.is_empty() && !names.contains(&candidate) {
                names.push(candidate);
            }
        }
    }
    let mut problems = Vec::new();
    let mut strings = Map::new();
    let theme_file = |name: &str| {
        let file = theme.files.get(&format!("{FOLDER}/{name}.yaml"))?;
        let bytes = file.bytes().ok()?;
        Some((
            String::from_utf8_lossy(&bytes).into_owned(),
            file.shown.clone(),
        ))
    };
    if let Some((text, shown)) = theme_file("en") {
        layer(&text, &shown, &mut strings, &mut problems);
    }
    // The nearest file of the language: `pt-br.yaml` before `pt.yaml`.
    if let Some((text, shown)) = names
        .iter()
        .filter(|n| *n != "en")
        .find_map(|n| theme_file(n))
    {
        layer(&text, &shown, &mut strings, &mut problems);
    }
    let site_file = names.iter().find_map(|n| {
        ["yaml", "yml", "toml", "json"].iter().find_map(|ext| {
            let path = site_root.join(FOLDER).join(format!("{n}.{ext}"));
            path.is_file().then_some((path, *ext))
        })
    });
    if let Some((path, ext)) = site_file
        && let Ok(text) = std::fs::read_to_string(&path)
    {
        let shown = crate::diagnostic::display_path(&path, site_root);
        let text = match ext {
            "toml" => match text.parse::<toml::Table>() {
                Ok(table) => serde_json::to_string(&table).unwrap_or_default(),
                Err(err) => {
                    problems.push(Diagnostic::warning(
                        &shown,
                        format!("cannot read these interface strings: {}", err.message()),
                    ));
                    String::new()
                }
            },
            _ => text,
        };
        layer(&text, &shown, &mut strings, &mut problems);
    }
    (strings, problems)
}

/// Puts the strings of `text` over `strings`; a file that does not read is a warning.
fn layer(
    text: &str,
    shown: &Path,
    strings: &mut Map<String, Value>,
    problems: &mut Vec<Diagnostic>,
) {
    match read(text) {
        Ok(found) => strings.extend(found),
        Err(problem) => problems.push(
            Diagnostic::warning(
                shown,
                format!("cannot read these interface strings: {problem}"),
            )
            .help("write one `key: text` line per string, as the theme's i18n/en.yaml does"),
        ),
    }
}

/// The strings of one file (YAML or JSON), each key's text.
fn read(text: &str) -> Result<Map<String, Value>, String> {
    let text = crate::yaml::strip_bom(text);
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = crate::yaml::from_str(text).map_err(|e| {
        if e.line > 0 {
            format!("{} (line {})", e.message, e.line)
        } else {
            e.message
        }
    })?;
    let text_of = |value: &Value| match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        // `{ one: ..., other: ... }`: the plural form, `other` when there are several.
        Value::Object(forms) => forms
            .get("other")
            .or_else(|| forms.get("one"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    };
    let mut out = Map::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if let Some(text) = text_of(&value) {
                    out.insert(key, Value::String(text));
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if let (Some(id), Some(text)) = (
                    item.get("id").and_then(Value::as_str),
                    item.get("translation").and_then(text_of),
                ) {
                    out.insert(id.to_owned(), Value::String(text));
                }
            }
        }
        _ => return Err("expected `key: text` lines".into()),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_ways_of_writing_strings_are_read() {
        let plain = read("home: Inicio\nmenu: { other: Menús, one: Menú }\n").unwrap();
        assert_eq!(plain["home"], "Inicio");
        assert_eq!(plain["menu"], "Menús");
        let list = read("- id: home\n  translation: Accueil\n").unwrap();
        assert_eq!(list["home"], "Accueil");
        assert!(read("just text").is_err());
    }

    #[test]
    fn the_language_file_goes_over_english_and_the_site_over_both() {
        let none = Path::new("/nonexistent");
        let theme = Theme::load(none, &crate::symlinks::Symlinks::new(none, &[], false));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/es.yaml"), "home: Portada\n").unwrap();
        let (es, problems) = strings(&theme, dir.path(), "es", "es-ES");
        assert!(problems.is_empty());
        assert_eq!(es["home"], "Portada");
        assert_eq!(es["menu"], "Menú");
        let (pt, _) = strings(&theme, dir.path(), "pt-br", "pt-BR");
        assert_eq!(pt["home"], "Home", "English when the theme has no file");
        let (zh, _) = strings(&theme, dir.path(), "zh-cn", "zh-CN");
        assert_eq!(zh["home"], "首页");
    }
}
