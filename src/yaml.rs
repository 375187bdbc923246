//! The one place that knows which YAML crate we use (serde_yaml, as the project brief names).
//!
//! Everything else deserializes YAML through [`from_str`] and gets a [`YamlError`] with a
//! 1-based line and column, so swapping the crate touches only this file.

mod nesting;

use serde::de::DeserializeOwned;

/// Removes a leading UTF-8 byte order mark, which editors on Windows write before YAML (and
/// Markdown) files.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A YAML problem, located inside the YAML text that was parsed.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// The message without the crate's own " at line N column M" suffix.
    pub message: String,
    /// 1-based line within the parsed text; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
}

/// Deserializes `text` into `T`, keeping the location of the first problem.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some((line, col)) = nesting::too_deep(text) {
        return Err(YamlError {
            message: too_deep_message(),
            line,
            col,
        });
    }
    serde_yaml::from_str(text).map_err(convert)
}

/// The message for nesting past serde_yaml's recursion limit, in flow or block style.
fn too_deep_message() -> String {
    format!(
        "nested too deeply: more than {} levels of lists and mappings inside each other",
        nesting::LIMIT
    )
}

/// True for the error [`from_str`] gives for nesting past the limit.
pub fn is_too_deep(error: &YamlError) -> bool {
    error.message.starts_with("nested too deeply")
}

/// Serializes a value to YAML text (used by scaffolding commands).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(convert)
}

fn convert(error: serde_yaml::Error) -> YamlError {
    let (line, col) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = error.to_string();
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    if message == "recursion limit exceeded" {
        message = too_deep_message();
    }
    YamlError {
        message: tidy(&message),
        line,
        col,
    }
}

/// Rewrites serde's vocabulary into words an editor understands.
fn tidy(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected usize", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("invalid type: ", "wrong type: ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn syntax_errors_are_located() {
        let err = from_str::<BTreeMap<String, String>>("a: b\nc: d: e\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn type_errors_are_located() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct W {
            weight: i64,
        }
        let err = from_str::<W>("weight: high\n").unwrap_err();
        assert_eq!((err.line, err.col), (1, 9), "{err:?}");
        assert!(err.message.contains("whole number"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_fails_fast_and_located_in_flow_and_block_style() {
        type Any = BTreeMap<String, serde_yaml::Value>;
        let flow = format!("a: {}\n", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let err = from_str::<Any>(&flow).unwrap_err();
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        assert!(is_too_deep(&err), "{err:?}");
        assert_eq!((err.line, err.col), (1, 4 + nesting::LIMIT), "{err:?}");
        let block = format!("a:\n  {}x\n", "- ".repeat(100_000));
        let err = from_str::<Any>(&block).unwrap_err();
        assert!(is_too_deep(&err), "{err:?}");
        assert_eq!(err.line, 2, "{err:?}");
    }
}
