//! The one place that knows which YAML crate we use (serde_yaml, as the project brief names).
//!
//! Everything else deserializes YAML through [`from_str`] and gets a [`YamlError`] with a
//! 1-based line and column, so swapping the crate touches only this file.

use serde::de::DeserializeOwned;

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
    serde_yaml::from_str(text).map_err(convert)
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
}
