//! The arguments of an include call put into the included text, as the `include` shortcodes
//! of Hugo sites do (`{{ $name }}`, `{{ $1 }}`, `{{ if $name }}...{{ end }}`). Where the file
//! is found is [`crate::content::includes`]'s business; this is only the text.

/// Puts the arguments of an include call into the included text, as the `include` shortcodes
/// of Hugo sites do (OpenTelemetry's): each `{{ $key }}` becomes the value of the argument of
/// that name, or of that position (`{{ $1 }}` is the first argument after the file name,
/// `{{ $0 }}` the file name itself). A block from a line `{{ if $key }}` (or
/// `{{ if not $key }}`) to a line `{{ end }}` is kept when the argument is given and not empty
/// (not given, for `not`) and dropped otherwise. Placeholders of arguments that were not given
/// are left as written, as the shortcodes leave them.
pub fn apply_arguments(text: &str, positional: &[String], named: &[(String, String)]) -> String {
    let args: Vec<(String, &str)> = if named.is_empty() {
        positional
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.as_str()))
            .collect()
    } else {
        named.iter().map(|(k, v)| (k.clone(), v.as_str())).collect()
    };
    let args: Vec<(String, &str)> = args
        .into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .collect();
    if args.is_empty() || !text.contains("{{") {
        return text.to_owned();
    }
    let value_of = |key: &str| args.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let conditional = keep_conditional_blocks(text, &value_of);
    replace_placeholders(&conditional, &value_of)
}

/// What a `{{ ... }}` directive that fills a whole line says: `if KEY`, `if not KEY` or `end`.
enum Directive<'a> {
    If { key: &'a str, negated: bool },
    End,
}

fn directive(line: &str) -> Option<Directive<'_>> {
    let inner = line
        .trim_end()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim();
    if inner == "end" {
        return Some(Directive::End);
    }
    let rest = inner.strip_prefix("if")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (negated, rest) = match rest.strip_prefix("not") {
        Some(after) if after.starts_with(char::is_whitespace) => (true, after.trim_start()),
        _ => (false, rest),
    };
    let key = rest.strip_prefix('$')?.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(Directive::If { key, negated })
}

/// Keeps or drops the `{{ if $key }}` blocks whose key is an argument (see
/// [`apply_arguments`]); blocks about other keys stay as written.
fn keep_conditional_blocks<'v>(text: &str, value_of: &dyn Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len());
    // For each open block: whether it is one of ours, and whether its lines are kept.
    let mut open: Vec<(bool, bool)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let keeping = open.iter().all(|(_, keep)| *keep);
        match directive(line) {
            Some(Directive::If { key, negated }) => match value_of(key) {
                Some(value) => {
                    let given = !value.trim().is_empty() && value != "false";
                    open.push((true, given != negated));
                    continue;
                }
                None => open.push((false, true)),
            },
            Some(Directive::End) => {
                if let Some((ours, _)) = open.pop()
                    && ours
                {
                    continue;
                }
            }
            None => {}
        }
        if keeping {
            out.push_str(line);
        }
    }
    out
}

/// Replaces `{{ $key }}` (any spaces inside the braces) by the argument's value.
fn replace_placeholders<'v>(text: &str, value_of: &dyn Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let replaced = after.split_once("}}").and_then(|(inner, tail)| {
            let key = inner.trim().strip_prefix('$')?;
            if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            Some((value_of(key)?, tail))
        });
        match replaced {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn arguments_fill_placeholders_and_conditional_blocks() {
        let text = "See [the API]({{ $1 }}) and {{$2}}.\n{{ if $2 }}\nsecond given\n{{ end }}\n{{ if not $3 }}\nno third\n{{ end }}\n{{ $9 }}\n";
        let out = apply_arguments(text, &strings(&["f.md", "https://x", "two"]), &[]);
        assert_eq!(
            out,
            "See [the API](https://x) and two.\nsecond given\n{{ if not $3 }}\nno third\n{{ end }}\n{{ $9 }}\n"
        );
        let named = vec![
            ("file".to_owned(), "f.md".to_owned()),
            ("who".to_owned(), "vendor".to_owned()),
        ];
        assert_eq!(
            apply_arguments("a {{ $who }} b {{ if not $who }}\n", &[], &named),
            "a vendor b {{ if not $who }}\n"
        );
        let off = vec![("flag".to_owned(), String::new())];
        assert_eq!(
            apply_arguments(
                "{{ if $flag }}\nshown\n{{ end }}\n{{ if not $flag }}\nother\n{{ end }}\n",
                &[],
                &off
            ),
            "other\n"
        );
    }
}
