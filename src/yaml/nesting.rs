//! A guard in front of serde_yaml against flow collections nested thousands deep.
//!
//! `a: [[[[…` or `{a: {a: …` 100,000 levels deep makes the YAML parser take time quadratic in
//! the depth (20 to 40 seconds) before the deserializer stops at its recursion limit anyway.
//! [`too_deep`] finds the bracket that passes the limit in one linear pass over the text, so
//! the error comes at once and points at that bracket. Block nesting (`- - - -`) is not slow
//! and is left to serde_yaml's own limit.
//!
//! The scan only needs to tell brackets that open collections from brackets inside text: it
//! follows quotes, comments and block scalars (`|`, `>`), and in block context counts a `[`
//! or `{` only where a value starts. It may count a few brackets of odd plain text, which
//! matters only beyond [`LIMIT`] of them; it never fails a text that serde_yaml accepts
//! unless that text is this deep.

/// The deepest nesting serde_yaml accepts: its deserializer's recursion limit.
pub const LIMIT: usize = 128;

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    Single,
    Double,
}

/// 1-based line and column (in characters) of the first `[` or `{` that opens a collection
/// more than [`LIMIT`] levels deep, if there is one.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<Quote> = None;
    // The indentation of the line that opened a block scalar still being skipped.
    let mut block_scalar: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        // True where a value may start: the start of a line, after `- `, `? `, `: `, and in
        // flow context after `[`, `{` and `,`.
        let mut value_start = true;
        let mut after_space = true;
        let mut col = 0;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            col += 1;
            if let Some(open) = quote {
                match (open, c) {
                    (Quote::Single, '\'') if chars.peek() == Some(&'\'') => {
                        chars.next();
                        col += 1;
                    }
                    (Quote::Double, '\\') => col += usize::from(chars.next().is_some()),
                    (Quote::Single, '\'') | (Quote::Double, '"') => {
                        quote = None;
                        value_start = false;
                    }
                    _ => {}
                }
                after_space = false;
                continue;
            }
            let next = chars.peek().copied();
            let space_next = next.is_none_or(|n| n == ' ' || n == '\t');
            match c {
                ' ' | '\t' => {
                    after_space = true;
                    continue;
                }
                '#' if after_space => break,
                '\'' if value_start => quote = Some(Quote::Single),
                '"' if value_start => quote = Some(Quote::Double),
                '[' | '{' if depth > 0 || value_start => {
                    depth += 1;
                    if depth > LIMIT {
                        return Some((index + 1, col));
                    }
                    value_start = true;
                }
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    value_start = false;
                }
                ',' if depth > 0 => value_start = true,
                ':' if space_next || (depth > 0 && next.is_some_and(|n| ",[]{}".contains(n))) => {
                    value_start = true
                }
                '-' | '?' if value_start && space_next => {}
                '|' | '>' if value_start && depth == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                // An anchor or a tag before a value: the value starts after it.
                '&' | '!' if value_start => {
                    while chars.next_if(|n| *n != ' ' && *n != '\t').is_some() {
                        col += 1;
                    }
                }
                _ => value_start = false,
            }
            after_space = false;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(open: &str, levels: usize) -> String {
        open.repeat(levels)
    }

    #[test]
    fn flow_nesting_past_the_limit_is_found_at_its_bracket() {
        let text = format!("title: x\na: {}\n", deep("[", 100_000));
        // `a: ` is three characters; the first bracket is column 4.
        assert_eq!(too_deep(&text), Some((2, 4 + LIMIT)));
        let text = format!("a: {}", deep("{a: ", 100_000));
        assert_eq!(too_deep(&text), Some((1, 4 + 4 * LIMIT)));
        let text = format!("- {}", deep("[ ", 1000));
        assert_eq!(too_deep(&text), Some((1, 3 + 2 * LIMIT)));
        let text = format!("a: &anchor !!seq {}", deep("[", 1000));
        assert!(too_deep(&text).is_some());
    }

    #[test]
    fn nesting_up_to_the_limit_and_across_lines_is_counted_right() {
        let text = format!("a: {}{}\n", deep("[", LIMIT), deep("]", LIMIT));
        assert_eq!(too_deep(&text), None);
        let text = format!("a: {}\n{}\n", deep("[\n", LIMIT), deep("]", LIMIT));
        assert_eq!(too_deep(&text), None);
        let text = format!("a: {}\n", deep("[x]", 1000));
        assert_eq!(too_deep(&text), None);
        let text = format!("a:\n{}\n", deep("  - [\n", LIMIT + 1));
        assert_eq!(too_deep(&text), Some((LIMIT + 2, 5)));
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let many = deep("[", 1000);
        for text in [
            format!("title: a{many}\n"),
            format!("title: '{many}'\n"),
            format!("title: \"{many}\\\"{many}\"\n"),
            format!("title: 'it''s {many}'\n"),
            format!("# {many}\ntitle: x # {many}\n"),
            format!("description: |\n  {many}\n  more\nweight: 1\n"),
            format!("description: >-\n\n  {many}\n"),
            format!("tags: [a, '{many}', \"{many}\"]\n"),
            format!("- '{many}\n  {many}'\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }
}
