//! Site data: the files of the site's `data/` folder (YAML, JSON, TOML, CSV), read once per
//! build into one tree that templates and shortcodes see as `site.data`, nested by folder and
//! file name as Hugo's `.Site.Data` is (`data/team/leads.yaml` is `site.data.team.leads`), so a
//! data-driven Hugo shortcode ports to a short tera template. A CSV file is a list of rows, each
//! a mapping from the header row's names to the row's values.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::symlinks::Symlinks;

/// The folder below the site root that holds the data files.
pub const DIR: &str = "data";

/// The extensions read, each file's name without it becoming its key.
pub const EXTENSIONS: [&str; 5] = ["yaml", "yml", "json", "toml", "csv"];

/// The data of the site at `root` (an empty mapping when it has no `data/`), and a located
/// error for each file that does not read; other files are skipped.
pub fn load(root: &Path, symlinks: &Symlinks) -> (Value, Vec<Diagnostic>) {
    let mut data = Map::new();
    let mut problems = Vec::new();
    let dir = root.join(DIR);
    if !dir.is_dir() {
        return (Value::Object(data), problems);
    }
    let entries = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            !hidden && (!e.path_is_symlink() || symlinks.allows(e.path()))
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().unwrap_or(&dir);
                let shown = crate::diagnostic::display_path(at, root);
                problems.push(Diagnostic::error(
                    shown,
                    format!("cannot read the site data: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(ext) = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .filter(|e| EXTENSIONS.contains(&e.as_str()))
        else {
            continue;
        };
        let shown = crate::diagnostic::display_path(path, root);
        let Ok(rel) = path.strip_prefix(&dir) else {
            continue;
        };
        let mut keys: Vec<String> = rel
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        keys.push(
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                problems.push(
                    Diagnostic::error(&shown, format!("cannot read the data file: {err}"))
                        .help("check that the file is readable and saved as UTF-8"),
                );
                continue;
            }
        };
        let value = if ext == "csv" {
            csv_rows(&text)
        } else {
            crate::config::hugo::parse(&text, &ext)
        };
        match value {
            Ok(value) => {
                if let Err(taken) = insert(&mut data, &keys, value) {
                    problems.push(
                        Diagnostic::warning(&shown, format!("data file left out: `site.data.{taken}` is already given by another file"))
                            .help("rename one of the files, or move one into a folder of its own"),
                    );
                }
            }
            Err((message, line, col)) => {
                let d = Diagnostic::error(&shown, format!("data file does not read: {message}"))
                    .help(format!(
                        "templates see this file as `site.data.{}`: fix its {} syntax",
                        keys.join("."),
                        ext.to_uppercase()
                    ));
                problems.push(if line > 0 { d.at(&text, line, col) } else { d });
            }
        }
    }
    (Value::Object(data), problems)
}

/// Puts `value` at `keys` in `data`; mappings at the same place merge (a file and a folder of
/// one name). `Err` names the place when something else is there already.
fn insert(data: &mut Map<String, Value>, keys: &[String], value: Value) -> Result<(), String> {
    let Some((last, folders)) = keys.split_last() else {
        return Ok(());
    };
    let mut map = data;
    for (i, key) in folders.iter().enumerate() {
        let slot = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        map = match slot {
            Value::Object(inner) => inner,
            _ => return Err(keys[..=i].join(".")),
        };
    }
    match (map.get_mut(last), value) {
        (None, value) => {
            map.insert(last.clone(), value);
            Ok(())
        }
        (Some(Value::Object(existing)), Value::Object(more)) => {
            for (key, value) in more {
                if existing.contains_key(&key) {
                    return Err(format!("{}.{key}", keys.join(".")));
                }
                existing.insert(key, value);
            }
            Ok(())
        }
        _ => Err(keys.join(".")),
    }
}

/// A CSV file as a list of rows keyed by its header row; a problem with its line (column 1).
fn csv_rows(text: &str) -> Result<Value, (String, usize, usize)> {
    let text = crate::yaml::strip_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let located = |err: csv::Error| {
        let line = err
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        (err.to_string(), line, 1)
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(located)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(located)?;
        let row: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(key, value)| (key.clone(), Value::String(value.to_owned())))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn load_at(dir: &Path) -> (Value, Vec<Diagnostic>) {
        let root = dir.canonicalize().unwrap();
        let symlinks = Symlinks::new(&root, &[], false);
        load(dir, &symlinks)
    }

    #[test]
    fn files_nest_by_folder_and_name_in_every_format() {
        let dir = site(&[
            ("data/team.yaml", "lead: Ana\n"),
            ("data/people/leads.json", "[{\"name\": \"Kai\"}]"),
            ("data/people/site.toml", "[owners]\nname = \"Lee\"\n"),
            ("data/people/table.csv", "name,manager\nAna,Kai\nLee,Ana\n"),
            ("data/notes.txt", "not data"),
            ("data/.hidden.yaml", "x: 1\n"),
        ]);
        let (data, problems) = load_at(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(data["team"]["lead"], "Ana");
        assert_eq!(data["people"]["leads"][0]["name"], "Kai");
        assert_eq!(data["people"]["site"]["owners"]["name"], "Lee");
        assert_eq!(data["people"]["table"][1]["manager"], "Ana");
        assert_eq!(data.as_object().unwrap().len(), 2, "{data}");
    }

    #[test]
    fn a_file_that_does_not_read_is_located_and_a_name_taken_twice_is_a_warning() {
        let dir = site(&[
            ("data/bad.yaml", "a: 1\nb: [\n"),
            ("data/team.yaml", "x: 1\n"),
            ("data/team.json", "{\"x\": 2}"),
        ]);
        let (data, problems) = load_at(dir.path());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].is_error() && problems[0].line > 0,
            "{problems:?}"
        );
        assert!(problems[0].path.ends_with("data/bad.yaml"));
        assert!(!problems[1].is_error());
        assert!(
            problems[1].message.contains("`site.data.team.x`"),
            "{problems:?}"
        );
        assert_eq!(data["team"]["x"], 2);
    }

    #[test]
    fn a_site_without_data_has_an_empty_mapping() {
        let dir = site(&[]);
        let (data, problems) = load_at(dir.path());
        assert!(problems.is_empty());
        assert_eq!(data, Value::Object(Map::new()));
    }
}
