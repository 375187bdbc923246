//! Finds Hugo shortcode calls in Markdown source: `{{< name args >}}`, `{{% name args %}}`,
//! closing `{{< /name >}}`, self-closing `{{< name />}}` and escaped `{{</* name */>}}`.
//!
//! Written by hand: no maintained Rust crate parses Hugo's shortcode syntax (Hugo's own lexer
//! is Go and tied to its page parser), and we need byte offsets for every error and call so that
//! diagnostics point at the author's line.

use std::ops::Range;

/// How a call is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `{{< name >}}`: standalone, or the opening of a pair when a matching close follows.
    Open,
    /// `{{< /name >}}`.
    Close,
    /// `{{< name />}}`.
    SelfClosing,
    /// `{{</* name */>}}`: shown literally, without the comment markers.
    Escaped,
}

/// One shortcode call, located in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub kind: CallKind,
    /// Written with `%` delimiters: the inner text is Markdown.
    pub markdown: bool,
    pub positional: Vec<String>,
    pub named: Vec<(String, String)>,
    /// Byte range of the whole call, delimiters included.
    pub range: Range<usize>,
}

impl Call {
    /// A named argument, else the positional one at `index`.
    pub fn arg(&self, name: &str, index: usize) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .or_else(|| self.positional.get(index).map(String::as_str))
    }
}

/// A call that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// Byte offset where the problem is.
    pub offset: usize,
    pub message: String,
}

/// Every call in `source` outside the byte ranges in `skip` (code), in order, and the errors.
/// `skip` must be sorted by start.
pub fn find_calls(source: &str, skip: &[Range<usize>]) -> (Vec<Call>, Vec<ParseError>) {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let bytes = source.as_bytes();
    let mut skip = skip.iter().peekable();
    let mut at = 0;
    while let Some(found) = source.get(at..).and_then(|rest| rest.find("{{")) {
        let start = at + found;
        while skip.peek().is_some_and(|r| r.end <= start) {
            skip.next();
        }
        if let Some(code) = skip.peek().filter(|r| r.start <= start) {
            at = char_boundary_from(source, code.end.max(start + 2));
            continue;
        }
        let Some(&delimiter) = bytes.get(start + 2).filter(|b| matches!(b, b'<' | b'%')) else {
            at = start + 2;
            continue;
        };
        // A call ends before the next one starts: a call that is never closed is read up to
        // there, not to the end of the file, so that a page of unclosed calls is read once.
        let next = source[start + 3..]
            .match_indices("{{")
            .find(|(i, _)| matches!(bytes.get(start + 3 + i + 2), Some(b'<' | b'%')))
            .map_or(source.len(), |(i, _)| start + 3 + i);
        let mut lexer = Lexer {
            source: &source[..next],
            pos: start + 3,
            delimiter,
            start,
        };
        match lexer.call() {
            Ok(call) => {
                at = call.range.end;
                calls.push(call);
            }
            Err(error) => {
                errors.push(error);
                at = start + 3;
            }
        }
    }
    (calls, errors)
}

/// The first char boundary of `source` at or after `at` (its length at most): a skipped range
/// that ends inside a character must not make the scan slice there.
fn char_boundary_from(source: &str, at: usize) -> usize {
    (at.min(source.len())..=source.len())
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(source.len())
}

struct Lexer<'a> {
    source: &'a str,
    pos: usize,
    /// `<` or `%`.
    delimiter: u8,
    start: usize,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.source[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn closing(&self) -> &'static str {
        if self.delimiter == b'<' { ">}}" } else { "%}}" }
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            offset,
            message: message.into(),
        }
    }

    fn call(&mut self) -> Result<Call, ParseError> {
        let open = format!("{{{{{}", self.delimiter as char);
        self.skip_space();
        if self.rest().starts_with("/*") {
            return self.escaped(&open);
        }
        let mut kind = CallKind::Open;
        if self.rest().starts_with('/') {
            kind = CallKind::Close;
            self.pos += 1;
            self.skip_space();
        }
        let name_start = self.pos;
        let name_len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
            .unwrap_or(self.rest().len());
        let mut name = &self.source[name_start..name_start + name_len];
        // `{{< name/>}}`: the slash belongs to the self-closing end, not to the name.
        if let Some(stripped) = name.strip_suffix('/')
            && self.source[name_start + name_len..].starts_with(self.closing())
        {
            name = stripped;
        }
        if name.is_empty() {
            return Err(self.error(
                name_start,
                format!("shortcode `{open}` has no name: expected `{open} name >}}}}`"),
            ));
        }
        self.pos = name_start + name.len();
        let mut call = Call {
            name: name.to_owned(),
            kind,
            markdown: self.delimiter == b'%',
            positional: Vec::new(),
            named: Vec::new(),
            range: self.start..self.start,
        };
        loop {
            self.skip_space();
            let rest = self.rest();
            if rest.is_empty() {
                return Err(self.error(
                    self.start,
                    format!(
                        "shortcode `{name}` is never closed: expected `{}`",
                        self.closing()
                    ),
                ));
            }
            if rest.starts_with(self.closing()) {
                self.pos += 3;
                break;
            }
            if rest.starts_with('/') && rest[1..].trim_start().starts_with(self.closing()) {
                if call.kind == CallKind::Close {
                    return Err(
                        self.error(self.pos, "a closing shortcode cannot also be self-closing")
                    );
                }
                call.kind = CallKind::SelfClosing;
                self.pos += 1;
                self.skip_space();
                self.pos += 3;
                break;
            }
            let other = if self.delimiter == b'<' { "%}}" } else { ">}}" };
            if rest.starts_with(other) {
                return Err(self.error(
                    self.pos,
                    format!("shortcode `{name}` opens with `{open}` but closes with `{other}`"),
                ));
            }
            if call.kind == CallKind::Close {
                return Err(self.error(
                    self.pos,
                    format!("closing shortcode `/{name}` takes no arguments"),
                ));
            }
            self.argument(&mut call)?;
        }
        if !call.named.is_empty() && !call.positional.is_empty() {
            return Err(self.error(
                self.start,
                format!(
                    "shortcode `{name}` mixes positional and named arguments; use one or the other"
                ),
            ));
        }
        call.range = self.start..self.pos;
        Ok(call)
    }

    fn escaped(&mut self, open: &str) -> Result<Call, ParseError> {
        let end = format!("*/{}", self.closing());
        // The end is looked for after the opening `/*`: in `{{</*/>}}` the `*` of the opening
        // cannot also start the end.
        let after_open = &self.rest()["/*".len()..];
        let Some(found) = after_open.find(&end) else {
            return Err(self.error(
                self.start,
                format!("escaped shortcode `{open}/*` is never closed: expected `{end}`"),
            ));
        };
        let inner = after_open[..found].to_owned();
        self.pos += "/*".len() + found + end.len();
        Ok(Call {
            name: format!("{open}{inner}{}", self.closing()),
            kind: CallKind::Escaped,
            markdown: self.delimiter == b'%',
            positional: Vec::new(),
            named: Vec::new(),
            range: self.start..self.pos,
        })
    }

    /// One `value`, `"quoted value"`, `` `raw value` `` or `key=value`.
    fn argument(&mut self, call: &mut Call) -> Result<(), ParseError> {
        let first = self.value()?;
        let before_space = self.pos;
        self.skip_space();
        if !self.rest().starts_with('=') {
            self.pos = before_space;
        }
        let rest = self.rest();
        if let Some(after) = rest.strip_prefix('=') {
            self.pos += rest.len() - after.len();
            self.skip_space();
            if self.rest().starts_with(self.closing()) || self.rest().is_empty() {
                return Err(self.error(self.pos, format!("argument `{first}=` has no value")));
            }
            let value = self.value()?;
            call.named.push((first, value));
        } else {
            call.positional.push(first);
        }
        Ok(())
    }

    fn value(&mut self) -> Result<String, ParseError> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '`'));
        let Some(quote) = quote else {
            let closing = self.closing();
            let mut len = 0;
            for (i, c) in rest.char_indices() {
                if c.is_whitespace() || c == '=' || rest[i..].starts_with(closing) {
                    break;
                }
                if c == '/' && rest[i + 1..].trim_start().starts_with(closing) {
                    break;
                }
                len = i + c.len_utf8();
            }
            if len == 0 {
                return Err(self.error(
                    self.pos,
                    format!(
                        "unexpected `{}` in shortcode arguments",
                        rest.chars().next().unwrap_or(' ')
                    ),
                ));
            }
            let value = rest[..len].to_owned();
            self.pos += len;
            return Ok(value);
        };
        let mut value = String::new();
        let mut chars = rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.pos += i + 1;
                return Ok(value);
            }
            if c == '\\' && quote == '"' {
                match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, escaped)) => value.push(escaped),
                    None => break,
                }
                continue;
            }
            value.push(c);
        }
        Err(self.error(
            self.pos,
            format!("quoted argument is never closed: add the closing {quote}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn one(source: &str) -> Call {
        let (calls, errors) = find_calls(source, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 1, "{calls:?}");
        calls.into_iter().next().unwrap()
    }

    #[track_caller]
    fn error(source: &str) -> ParseError {
        let (_, errors) = find_calls(source, &[]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn angle_and_percent_forms() {
        let c = one("a {{< note >}} b");
        assert_eq!(
            (c.name.as_str(), c.kind, c.markdown),
            ("note", CallKind::Open, false)
        );
        assert_eq!(c.range, 2..14);
        let c = one("{{% details title=\"More\" %}}");
        assert_eq!((c.name.as_str(), c.markdown), ("details", true));
        assert_eq!(c.named, vec![("title".into(), "More".into())]);
    }

    #[test]
    fn closing_and_self_closing() {
        assert_eq!(one("{{< /note >}}").kind, CallKind::Close);
        assert_eq!(one("{{</note>}}").kind, CallKind::Close);
        let c = one("{{< figure src=\"a.png\" />}}");
        assert_eq!(c.kind, CallKind::SelfClosing);
        assert_eq!(c.named, vec![("src".into(), "a.png".into())]);
        let c = one("{{< br/>}}");
        assert_eq!((c.name.as_str(), c.kind), ("br", CallKind::SelfClosing));
    }

    #[test]
    fn positional_named_and_quoted_arguments() {
        let c = one(r#"{{< youtube w7Ft2ymGmfc >}}"#);
        assert_eq!(c.positional, vec!["w7Ft2ymGmfc"]);
        let c = one(r#"{{< alert "Heads up: \"this\"" `raw \n` 3 >}}"#);
        assert_eq!(c.positional, vec!["Heads up: \"this\"", "raw \\n", "3"]);
        let c = one("{{< card header=\"**Bold**\" color = primary\n  footer=\"x y\" >}}");
        assert_eq!(
            c.named,
            vec![
                ("header".into(), "**Bold**".into()),
                ("color".into(), "primary".into()),
                ("footer".into(), "x y".into())
            ]
        );
        assert_eq!(c.arg("color", 0), Some("primary"));
        let c = one("{{< note “action” >}}");
        assert_eq!(c.positional, vec!["“action”"]);
    }

    #[test]
    fn nested_calls_are_found_in_order() {
        let (calls, errors) = find_calls(
            "{{< tabs >}}\n{{% tab \"A\" %}}x{{% /tab %}}\n{{< /tabs >}}",
            &[],
        );
        assert!(errors.is_empty());
        let names: Vec<_> = calls.iter().map(|c| (c.name.as_str(), c.kind)).collect();
        assert_eq!(
            names,
            vec![
                ("tabs", CallKind::Open),
                ("tab", CallKind::Open),
                ("tab", CallKind::Close),
                ("tabs", CallKind::Close)
            ]
        );
    }

    #[test]
    fn escaped_calls_and_code_are_left_alone() {
        let c = one("{{</* note */>}}");
        assert_eq!(
            (c.kind, c.name.as_str()),
            (CallKind::Escaped, "{{< note >}}")
        );
        let source = "`{{< note >}}` and {{< tip >}}";
        let (calls, _) = find_calls(source, std::slice::from_ref(&(0..14)));
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "tip");
        let (calls, errors) = find_calls("{{ .Title }} {{ author }}", &[]);
        assert!(calls.is_empty() && errors.is_empty());
    }

    #[test]
    fn malformed_calls_are_located() {
        let e = error("text {{< note");
        assert_eq!(e.offset, 5);
        assert!(e.message.contains("never closed"), "{e:?}");
        let e = error("{{< >}}");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("no name"), "{e:?}");
        let e = error("{{< note %}}");
        assert_eq!(e.offset, 9);
        assert!(e.message.contains("closes with `%}}`"), "{e:?}");
        let e = error("ab {{< x title=\"open >}}");
        assert_eq!(e.offset, 15);
        assert!(e.message.contains("quoted argument"), "{e:?}");
        let e = error("{{< x a title=b >}}");
        assert!(e.message.contains("mixes"), "{e:?}");
        let e = error("{{< x title= >}}");
        assert!(e.message.contains("no value"), "{e:?}");
        let e = error("{{< /x y >}}");
        assert!(e.message.contains("no arguments"), "{e:?}");
        let e = error("{{</* x >}}");
        assert!(e.message.contains("never closed"), "{e:?}");
    }

    #[test]
    fn an_escape_whose_end_overlaps_its_opening_is_unclosed() {
        for source in ["{{</*/>}}", "{{%/*/%}}", "{{< /*/>}}"] {
            let e = error(source);
            assert_eq!(e.offset, 0, "{source}");
            assert!(e.message.contains("never closed"), "{source}: {e:?}");
        }
        let c = one("{{</**/>}}");
        assert_eq!((c.kind, c.name.as_str()), (CallKind::Escaped, "{{<>}}"));
    }

    /// Calls of every form, cut at every character and with a multibyte character put in at
    /// every place: the lexer never slices outside the text or inside a character.
    #[test]
    fn truncated_and_multibyte_input_never_panics() {
        let seeds = [
            "{{</* note */>}}",
            "{{%/* x */%}}",
            "{{< figure src=\"a é.png\" title=`raw` />}}",
            "{{% details title=\"Mo\\\"re\" %}}body{{% /details %}}",
            "{{< br/>}} {{< x a=b / >}} {{</x>}}",
            "{{< note “action” é=ü >}}",
            "{{</*/>}} {{%/*/%}}",
        ];
        let check = |source: &str| {
            let (calls, errors) = find_calls(source, &[]);
            for call in &calls {
                assert!(call.range.end <= source.len(), "{source:?}: {call:?}");
                assert!(source.is_char_boundary(call.range.start), "{source:?}");
                assert!(source.is_char_boundary(call.range.end), "{source:?}");
            }
            for error in &errors {
                assert!(error.offset <= source.len(), "{source:?}: {error:?}");
            }
        };
        for seed in seeds {
            for (cut, _) in seed.char_indices().chain([(seed.len(), ' ')]) {
                check(&seed[..cut]);
                check(&seed[cut..]);
                for wide in ["é", "€", "𝄞"] {
                    check(&format!("{}{wide}{}", &seed[..cut], &seed[cut..]));
                }
            }
        }
    }

    #[test]
    fn a_skipped_range_ending_inside_a_character_is_stepped_past() {
        let source = "`é` {{< tip >}}";
        let (calls, errors) = find_calls(source, std::slice::from_ref(&(0..2)));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 1);
        let (calls, _) = find_calls("{{< a >}}", std::slice::from_ref(&(0..100)));
        assert!(calls.is_empty());
    }

    #[test]
    fn an_unclosed_call_ends_where_the_next_one_starts() {
        let (calls, errors) = find_calls("{{< a \"x {{< b >}} {{% c `y {{< d", &[]);
        let names: Vec<_> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["b"]);
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.offset, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (6, "quoted argument is never closed: add the closing \""),
                (25, "quoted argument is never closed: add the closing `"),
                (28, "shortcode `d` is never closed: expected `>}}`"),
            ]
        );
        let (calls, errors) = find_calls("{{</* x {{< y >}} */>}}", &[]);
        assert_eq!((calls.len(), errors.len()), (1, 1));
    }

    #[test]
    fn parsing_continues_after_an_error() {
        let (calls, errors) = find_calls("{{< >}} then {{< tip >}}", &[]);
        assert_eq!(errors.len(), 1);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "tip");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text made of pieces of shortcode syntax, multibyte characters and words.
        pub fn shortcodeish() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "{{<",
                "{{%",
                ">}}",
                "%}}",
                "{{",
                "}}",
                "/*",
                "*/",
                "/",
                "\"",
                "`",
                "\\",
                "=",
                " ",
                "\n",
                "\t",
                "note",
                "a=b",
                "é",
                "𝄞",
                "“",
                "<",
                "%",
                "-",
                "{{</*/>}}",
            ]);
            prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
        }

        /// Sorted byte ranges, anywhere (inside characters and past the end too).
        fn skips() -> impl Strategy<Value = Vec<Range<usize>>> {
            prop::collection::vec((0usize..80, 0usize..20), 0..4).prop_map(|mut spans| {
                spans.sort_unstable();
                spans
                    .into_iter()
                    .map(|(start, len)| start..start + len)
                    .collect()
            })
        }

        #[track_caller]
        fn well_formed(source: &str, skip: &[Range<usize>]) {
            let (calls, errors) = find_calls(source, skip);
            let mut end = 0;
            for call in &calls {
                let r = &call.range;
                assert!(
                    end <= r.start && r.start < r.end && r.end <= source.len(),
                    "{r:?}"
                );
                assert!(source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
                assert!(
                    source[r.clone()].starts_with("{{"),
                    "{:?}",
                    &source[r.clone()]
                );
                end = r.end;
            }
            for error in &errors {
                assert!(error.offset <= source.len(), "{error:?}");
                assert!(source.is_char_boundary(error.offset), "{error:?}");
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn any_text_gives_calls_within_it(source in any::<String>()) {
                well_formed(&source, &[]);
            }

            #[test]
            fn shortcode_like_text_gives_calls_within_it(
                source in shortcodeish(),
                skip in skips(),
            ) {
                well_formed(&source, &[]);
                well_formed(&source, &skip);
            }
        }
    }
}
