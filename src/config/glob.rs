//! The glob patterns of Hugo's page matchers (`cascade` and `permalinks` targets): `*` matches
//! within one path part, `**` across parts, `?` one character, `[abc]`, `[!abc]` and `[a-z]`
//! one of a set, `{a,b}` any of its alternatives (which may hold patterns themselves), and `\`
//! takes the next character as written. Hugo matches lower-cased paths, so patterns and paths
//! are compared without regard to case.

/// A compiled pattern: its brace alternatives expanded into plain patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    alternatives: Vec<Vec<Token>>,
    /// As written, for messages.
    pub written: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`
    One,
    /// `*`
    Part,
    /// `**`
    Any,
    /// `[...]`: ranges, negated.
    Set(Vec<(char, char)>, bool),
}

/// At most this many plain patterns come out of one pattern's braces; past it the rest are
/// dropped (a config never needs more, and hostile input must not blow up).
const MAX_ALTERNATIVES: usize = 256;

impl Glob {
    /// Compiles `pattern`; it never fails (an unclosed `[` or `{` is taken as written).
    pub fn new(pattern: &str) -> Glob {
        let lower = pattern.to_lowercase();
        let alternatives = expand_braces(&lower)
            .into_iter()
            .map(|plain| tokens(&plain))
            .collect();
        Glob {
            alternatives,
            written: pattern.to_owned(),
        }
    }

    /// True when `text` matches (compared in lower case).
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.to_lowercase().chars().collect();
        self.alternatives
            .iter()
            .any(|tokens| match_tokens(tokens, &text))
    }
}

/// The plain patterns a pattern's `{a,b}` alternatives stand for.
fn expand_braces(pattern: &str) -> Vec<String> {
    let chars: Vec<char> = pattern.chars().collect();
    // The first top-level `{` with its matching `}`.
    let mut depth = 0;
    let mut open = None;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let start = open.unwrap_or(0);
                    let before: String = chars[..start].iter().collect();
                    let after: String = chars[i + 1..].iter().collect();
                    let inner = &chars[start + 1..i];
                    let mut out = Vec::new();
                    for alternative in split_top_level(inner) {
                        for rest in expand_braces(&format!("{alternative}{after}")) {
                            if out.len() >= MAX_ALTERNATIVES {
                                return out;
                            }
                            out.push(format!("{before}{rest}"));
                        }
                    }
                    return out;
                }
            }
            _ => {}
        }
    }
    vec![pattern.to_owned()]
}

/// `a,{b,c},d` → `a`, `{b,c}`, `d`.
fn split_top_level(inner: &[char]) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    let mut escaped = false;
    for &c in inner {
        if escaped {
            escaped = false;
            parts.last_mut().unwrap().push(c);
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                parts.last_mut().unwrap().push(c);
                continue;
            }
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts
}

fn tokens(plain: &str) -> Vec<Token> {
    let chars: Vec<char> = plain.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(Token::Char(chars[i + 1]));
                i += 2;
                continue;
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                out.push(Token::Any);
                i += 2;
                while chars.get(i) == Some(&'*') {
                    i += 1;
                }
                continue;
            }
            '*' => out.push(Token::Part),
            '?' => out.push(Token::One),
            '[' => {
                if let Some(close) = chars[i + 1..].iter().position(|&c| c == ']') {
                    let body = &chars[i + 1..i + 1 + close];
                    let (negated, body) = match body.first() {
                        Some('!' | '^') => (true, &body[1..]),
                        _ => (false, body),
                    };
                    let mut ranges = Vec::new();
                    let mut j = 0;
                    while j < body.len() {
                        if j + 2 < body.len() && body[j + 1] == '-' {
                            ranges.push((body[j], body[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((body[j], body[j]));
                            j += 1;
                        }
                    }
                    out.push(Token::Set(ranges, negated));
                    i += close + 2;
                    continue;
                }
                out.push(Token::Char('['));
            }
            c => out.push(Token::Char(c)),
        }
        i += 1;
    }
    out
}

/// Matches by dynamic programming over (token, character) positions, so that no pattern
/// costs more than its length times the text's.
fn match_tokens(tokens: &[Token], text: &[char]) -> bool {
    // reachable[j]: the tokens so far can match text[..j].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for token in tokens {
        let mut next = vec![false; text.len() + 1];
        match token {
            Token::Any | Token::Part => {
                let mut open = false;
                for j in 0..=text.len() {
                    if reachable[j] {
                        open = true;
                    }
                    if open {
                        next[j] = true;
                    }
                    if *token == Token::Part && j < text.len() && text[j] == '/' {
                        open = false;
                    }
                }
            }
            single => {
                for j in 0..text.len() {
                    if !reachable[j] {
                        continue;
                    }
                    let c = text[j];
                    let ok = match single {
                        Token::Char(expected) => c == *expected,
                        Token::One => c != '/',
                        Token::Set(ranges, negated) => {
                            let inside = ranges.iter().any(|(a, b)| (*a..=*b).contains(&c));
                            inside != *negated && c != '/'
                        }
                        Token::Any | Token::Part => unreachable!(),
                    };
                    if ok {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reachable = next;
        if !reachable.iter().any(|&r| r) {
            return false;
        }
    }
    reachable[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_patterns_match_as_hugo_matches_them() {
        let includes = Glob::new("{,/**}/_includes{,/**}");
        for path in [
            "/_includes",
            "/_includes/a",
            "/docs/_includes",
            "/docs/x/_includes/e/o",
        ] {
            assert!(includes.matches(path), "{path}");
        }
        for path in ["/docs", "/docs/_includes-not", "/x_includes"] {
            assert!(!includes.matches(path), "{path}");
        }
        let books = Glob::new("{/books,/books/**}");
        assert!(books.matches("/books") && books.matches("/Books/A/b"));
        assert!(!books.matches("/bookshelf"));
        let one_level = Glob::new("/blog/*");
        assert!(one_level.matches("/blog/post") && !one_level.matches("/blog/a/b"));
        assert!(Glob::new("/docs/specs/{otel,semconv}").matches("/docs/specs/otel"));
        assert!(Glob::new("{home,section}").matches("section"));
        assert!(Glob::new("[a-c]?").matches("bz") && !Glob::new("[!a-c]?").matches("bz"));
        assert!(Glob::new("**").matches("anything/at/all"));
        assert!(Glob::new("en").matches("en") && !Glob::new("en").matches("de"));
    }

    #[test]
    fn many_braces_stay_bounded() {
        let pattern = "{a,b}".repeat(20);
        let glob = Glob::new(&pattern);
        assert!(glob.alternatives.len() <= MAX_ALTERNATIVES);
    }
}
