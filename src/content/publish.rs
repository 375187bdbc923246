//! Whether a page is written and listed, as Hugo's build options say: `headless: true` (a leaf
//! bundle that is only included) and `build: { render: never, list: never }`, in front matter
//! or through a `cascade`. A page that is not rendered is left out of the output, the
//! navigation, search and the link targets, but its file can still be included. When it is a
//! bundle's `index.md`, the files beside it are its resources, so they go with it; a section's
//! own `_index.md` that is not rendered leaves the pages below it published (Hugo's "publish
//! without listing"). A page with `list: never` is published but in no list: not in the
//! navigation, nor on its section's page.
//!
//! `render: link` (Hugo: no file written, but the page has a URL, for a navigation entry that
//! leads elsewhere) is built as `always`: the page is written, so its navigation entry works.

use serde_json::Value;

/// `build.render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    Always,
    Link,
    Never,
}

/// `build.list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Always,
    Local,
    Never,
}

/// Hugo's `build` front matter, as far as it was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    pub render: Option<Render>,
    pub list: Option<List>,
}

/// `always`, `never`, `true`, `false` and the other words Hugo takes.
fn word(value: &Value) -> Option<String> {
    match value {
        Value::Bool(true) => Some("always".into()),
        Value::Bool(false) => Some("never".into()),
        Value::String(s) => Some(s.trim().to_ascii_lowercase()),
        _ => None,
    }
}

impl BuildOptions {
    /// Reads a `build` mapping; keys it does not know (`publishResources`) are left alone.
    pub fn from_value(value: &Value) -> BuildOptions {
        let mut options = BuildOptions::default();
        let Some(map) = value.as_object() else {
            return options;
        };
        for (key, value) in map {
            let Some(word) = word(value) else { continue };
            match key.to_ascii_lowercase().as_str() {
                "render" => {
                    options.render = match word.as_str() {
                        "always" | "true" => Some(Render::Always),
                        "link" => Some(Render::Link),
                        "never" | "false" => Some(Render::Never),
                        _ => None,
                    }
                }
                "list" => {
                    options.list = match word.as_str() {
                        "always" | "true" => Some(List::Always),
                        "local" => Some(List::Local),
                        "never" | "false" => Some(List::Never),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
        options
    }
}

/// True when a page with these front matter fields (`headless`, `build`) is written to the
/// output.
pub fn renders(headless: bool, build: BuildOptions) -> bool {
    !headless && build.render != Some(Render::Never)
}

/// True when such a page is in the navigation and on its section's page.
pub fn listed(headless: bool, build: BuildOptions) -> bool {
    !headless && build.list != Some(List::Never)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_options_take_words_and_booleans() {
        let read = |v: Value| BuildOptions::from_value(&v);
        let o = read(
            serde_json::json!({ "render": "never", "list": "Never", "publishResources": false }),
        );
        assert_eq!((o.render, o.list), (Some(Render::Never), Some(List::Never)));
        let o = read(serde_json::json!({ "render": false, "list": "local" }));
        assert_eq!((o.render, o.list), (Some(Render::Never), Some(List::Local)));
        assert_eq!(
            read(serde_json::json!({ "render": "link" })).render,
            Some(Render::Link)
        );
        assert_eq!(read(serde_json::json!("never")), BuildOptions::default());
        assert!(!renders(true, BuildOptions::default()) && !listed(true, BuildOptions::default()));
        let never = read(serde_json::json!({ "render": "never" }));
        assert!(!renders(false, never) && listed(false, never));
    }
}
