//! Hugo shortcodes, expanded as a pre-pass over the Markdown source so that existing Hugo
//! content builds unchanged. Each call becomes a placeholder comment in the source and its HTML a
//! fragment that is put back after pulldown-cmark has run; the inner content of a paired call
//! stays in the source, so it is ordinary Markdown to the rest of the pipeline. `include` and
//! `ref`/`relref` are built in because they need the site; everything else is a theme template
//! `shortcodes/<name>.html` that a site can override or add to.

mod arguments;
mod include;
pub mod limits;
pub mod parse;
pub mod render;

use std::borrow::Cow;

use std::ops::Range;

use super::Problem;
use super::source_map::{Rewriter, SourceMap};
pub use include::{IncludeError, IncludedFile};
use parse::{Call, CallKind};
use render::{CallView, TemplateHost, placeholder, split_around_inner};

/// What the build provides to expand shortcodes in one page.
pub trait ShortcodeHost: TemplateHost {
    /// The file that `{{< include "path" >}}` names (see [`crate::content::includes`] for
    /// where it is looked for), and its text (front matter removed).
    fn include(&self, path: &str) -> Result<(IncludedFile, String), IncludeError>;
    /// How an include of a file that is nowhere is reported: `Some(true)` an error,
    /// `Some(false)` a warning, `None` not at all.
    fn missing_include_is_error(&self) -> Option<bool> {
        Some(true)
    }
    /// The page itself, so that a page that includes itself is a cycle.
    fn page_file(&self) -> IncludedFile;
    /// The URL of the page that `{{< ref "path" >}}` names (with its `#anchor`), which the link
    /// checker resolves again inside a link, or `None` when no page matches.
    fn page_ref(&self, path: &str) -> Option<String>;
    /// How an unknown shortcode is reported: `Some(true)` an error, `Some(false)` a warning,
    /// `None` not at all.
    fn unknown_is_error(&self) -> Option<bool> {
        Some(false)
    }
    /// True to show an unknown shortcode as a visible placeholder (a preview for the site's
    /// authors); false to leave the call out, so that readers see a paired call's inner
    /// content and nothing of an unpaired one.
    fn unknown_placeholders(&self) -> bool {
        true
    }
}

/// True when the source may contain shortcodes; everything else skips this pass.
pub fn may_contain(source: &str) -> bool {
    source.contains("{{<") || source.contains("{{%")
}

/// The comment that stands for fragment `n` in the rewritten source.
fn marker(n: usize) -> String {
    format!("{OPEN}{n}-->")
}

/// How a marker starts.
const OPEN: &str = "<!--hb-sc-";

/// Bytes of the fragments whose markers `text` holds, counted once per marker.
fn referenced_bytes(text: &str, fragments: &[String]) -> usize {
    text.match_indices(OPEN)
        .filter_map(|(i, _)| {
            let (n, _) = text[i + OPEN.len()..].split_once("-->")?;
            fragments.get(n.parse::<usize>().ok()?).map(String::len)
        })
        .sum()
}

/// Puts the fragments back in place of their markers in rendered HTML; HTML without a marker
/// is returned as it is, not copied.
pub fn substitute<'a>(html: &'a str, fragments: &[String]) -> Cow<'a, str> {
    if fragments.is_empty() || !html.contains(OPEN) {
        return Cow::Borrowed(html);
    }
    let mut out =
        String::with_capacity(html.len() + fragments.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let parsed = after
            .split_once("-->")
            .and_then(|(n, tail)| Some((n.parse::<usize>().ok()?, tail)))
            .and_then(|(n, tail)| Some((fragments.get(n)?, tail)));
        match parsed {
            Some((fragment, tail)) => {
                out.push_str(fragment);
                rest = tail;
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Expands the shortcodes of one page.
pub struct Expansion<'a> {
    host: &'a dyn ShortcodeHost,
    /// HTML of each marker, by number.
    pub fragments: Vec<String>,
    pub problems: Vec<Problem>,
    /// The files being included, the page itself first.
    including: Vec<IncludedFile>,
    /// Inside an included file: problems are reported at the include call.
    report_at: Option<usize>,
    /// How many [`Expansion::expand`] calls are running (includes, and the inner content of
    /// templates that need it rendered, expand again); at most [`limits::MAX_DEPTH`].
    depth: usize,
    /// Files already included in this page.
    cache: include::Cache,
    budget: limits::Budget,
}

impl<'a> Expansion<'a> {
    pub fn new(host: &'a dyn ShortcodeHost) -> Self {
        Expansion {
            host,
            fragments: Vec::new(),
            problems: Vec::new(),
            including: vec![host.page_file()],
            report_at: None,
            depth: 0,
            cache: include::Cache::default(),
            budget: limits::Budget::default(),
        }
    }

    fn problem(&mut self, offset: usize, message: String, help: Option<&str>, error: bool) {
        self.problems.push(Problem {
            offset: self.report_at.unwrap_or(offset),
            message,
            help: help.map(str::to_owned),
            error,
        });
    }

    /// Keeps `html` for the call at `at` and returns its marker; past the page's budget the
    /// marker stands for nothing.
    fn fragment(&mut self, html: String, at: usize) -> String {
        let html = if self.charge(at, html.len()) {
            html
        } else {
            String::new()
        };
        self.fragments.push(html);
        marker(self.fragments.len() - 1)
    }

    /// Rewrites `source`, or returns `None` when it has no shortcode call.
    pub fn expand(&mut self, source: &str) -> Option<(String, SourceMap)> {
        self.depth += 1;
        let expanded = self.expand_calls(source);
        self.depth -= 1;
        expanded
    }

    fn expand_calls(&mut self, source: &str) -> Option<(String, SourceMap)> {
        if !may_contain(source) {
            return None;
        }
        let skip = super::code_ranges(source);
        let (calls, errors) = parse::find_calls(source, &skip);
        for error in errors {
            self.problem(
                error.offset,
                format!("malformed shortcode: {}", error.message),
                Some("shortcodes are written `{{< name arg key=\"value\" >}}`; the text is shown as written"),
                false,
            );
        }
        if calls.is_empty() {
            return None;
        }
        let partners = pair(&calls);
        let mut out = Rewriter::with_capacity(source.len() + 64);
        let mut closing: Vec<Option<String>> = vec![None; calls.len()];
        let mut cursor = 0;
        let mut i = 0;
        while i < calls.len() {
            let call = &calls[i];
            out.copy(source, cursor..call.range.start);
            cursor = call.range.end;
            let at = call.range.start;
            match call.kind {
                CallKind::Escaped => out.insert(&call.name, at),
                CallKind::Close => match closing[i].take() {
                    Some(marker) => out.insert(&marker, at),
                    None => {
                        self.problem(
                            at,
                            format!(
                                "closing shortcode `/{}` has no opening `{{{{< {} >}}}}`",
                                call.name, call.name
                            ),
                            Some("remove it or add the opening call; it is shown as written"),
                            false,
                        );
                        out.copy(source, call.range.clone());
                    }
                },
                CallKind::Open | CallKind::SelfClosing => {
                    let partner = partners[i].filter(|_| call.kind == CallKind::Open);
                    match call.name.as_str() {
                        "include" => self.include(call, &mut out),
                        "ref" | "relref" => self.reference(call, &mut out),
                        name if !self.host.has_shortcode(name) => {
                            let shown = self.host.unknown_placeholders();
                            if let Some(error) = self.host.unknown_is_error() {
                                let help = if shown {
                                    "add the template to your theme's templates/shortcodes/ folder to render it; the preview shows the call as a placeholder meanwhile"
                                } else {
                                    "add the template to your theme's templates/shortcodes/ folder to render it; meanwhile the site shows the call's inner content, or nothing"
                                };
                                self.problem(at, format!("unknown shortcode `{name}`: the theme has no template `shortcodes/{name}.html`"), Some(help), error);
                            }
                            if shown {
                                let open = self.fragment(placeholder(source, call), at);
                                out.insert(&open, at);
                            }
                            if let Some(j) = partner {
                                let close = if shown {
                                    let close = placeholder(source, &calls[j]);
                                    self.fragment(close, calls[j].range.start)
                                } else {
                                    String::new()
                                };
                                closing[j] = Some(close);
                            }
                        }
                        _ => match partner {
                            Some(j) => {
                                let close_range = calls[j].range.clone();
                                if let Some(close) =
                                    self.paired(call, source, &close_range, &mut out)
                                {
                                    closing[j] = Some(close);
                                } else {
                                    cursor = calls[j].range.end;
                                    i = j;
                                }
                            }
                            None => {
                                let html = self.render(call, "");
                                let marker = self.fragment(html, at);
                                out.insert(&marker, at);
                            }
                        },
                    }
                }
            }
            i += 1;
        }
        out.copy(source, cursor..source.len());
        Some(out.finish())
    }

    /// Renders a call's template; an error is reported and the call shown as a placeholder.
    fn render(&mut self, call: &Call, inner: &str) -> String {
        let ordinal = self.fragments.len();
        match self
            .host
            .render_shortcode(&CallView::new(call, inner, ordinal))
        {
            Ok(html) => html,
            Err(message) => {
                self.problem(
                    call.range.start,
                    format!("shortcode `{}` failed: {message}", call.name),
                    Some("fix the template or the call's arguments"),
                    true,
                );
                format!("<span class=\"shortcode-unknown\">{}</span>", call.name)
            }
        }
    }

    /// Opens a paired call and returns the marker of its closing half; `None` when the template
    /// needed the inner HTML itself, in which case the whole pair has been written.
    fn paired(
        &mut self,
        call: &Call,
        source: &str,
        close: &Range<usize>,
        out: &mut Rewriter,
    ) -> Option<String> {
        let inner = call.range.end..close.start;
        let html = self.render(call, render::INNER_MARKER);
        if let Some((open, close_html)) = split_around_inner(&html) {
            // A call that starts its line is a block: `{{< note >}} **text** {{< /note >}}` on
            // one line must still give the inner text a line of its own, or the Markdown parser
            // would take it as part of the raw HTML around it.
            let block = starts_line(source, call.range.start);
            let mut open = self.fragment(open, call.range.start);
            if block && !rest_of_line_blank(source, call.range.end) {
                open.push('\n');
            }
            out.insert(&open, call.range.start);
            let mut closing = String::new();
            if block && !starts_line(source, close.start) {
                closing.push('\n');
            }
            closing.push_str(&self.fragment(close_html, close.start));
            if block && !rest_of_line_blank(source, close.end) {
                closing.push('\n');
            }
            return Some(closing);
        }
        let inner_source = &source[inner];
        let expanded = if self.depth < limits::MAX_DEPTH {
            self.expand(inner_source).map(|(text, _)| text)
        } else {
            self.problem(
                call.range.start,
                format!(
                    "shortcodes nest more than {} deep: the inner content of `{}` is shown without its shortcodes",
                    limits::MAX_DEPTH,
                    call.name
                ),
                Some("nest fewer shortcodes inside each other"),
                true,
            );
            None
        };
        let inner_text = expanded.as_deref().unwrap_or(inner_source);
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(
            &mut inner_html,
            pulldown_cmark::Parser::new_ext(inner_text, super::options()),
        );
        let inner_html = substitute(&inner_html, &self.fragments);
        let html = self.render(call, &inner_html);
        let marker = self.fragment(html, call.range.start);
        out.insert(&marker, call.range.start);
        None
    }

    fn reference(&mut self, call: &Call, out: &mut Rewriter) {
        let Some(path) = call.arg("path", 0) else {
            self.problem(
                call.range.start,
                format!(
                    "`{}` needs a page path: `{{{{< {} \"page.md\" >}}}}`",
                    call.name, call.name
                ),
                None,
                true,
            );
            return;
        };
        // An unknown page is left as written: inside a link, the link check reports it.
        let destination = self.host.page_ref(path).unwrap_or_else(|| path.to_owned());
        out.insert(&destination, call.range.start);
    }
}

/// True when only whitespace comes before `at` on its line. Reads back only over that
/// whitespace, so that many calls on one long line cost nothing more.
fn starts_line(source: &str, at: usize) -> bool {
    source.as_bytes()[..at]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c'))
        .is_none_or(|&b| b == b'\n')
}

/// True when only whitespace comes after `at` on its line (read as far as that whitespace).
fn rest_of_line_blank(source: &str, at: usize) -> bool {
    source.as_bytes()[at..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c'))
        .is_none_or(|&b| b == b'\n')
}

/// For each call, the index of the call it pairs with (open with its close and back): a close
/// pairs with the innermost open call of its name, and the calls opened inside that one stay
/// unpaired. Each name keeps its open calls, so a close finds its partner without reading
/// through every open call of other names.
fn pair(calls: &[Call]) -> Vec<Option<usize>> {
    let mut partners = vec![None; calls.len()];
    // Open calls, innermost last, and for each name its places in that stack. A place at or
    // past the stack's end, or holding a call of another name, was cut off by an earlier close.
    let mut open: Vec<usize> = Vec::new();
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, call) in calls.iter().enumerate() {
        match call.kind {
            CallKind::Open => {
                by_name.entry(&call.name).or_default().push(open.len());
                open.push(i);
            }
            CallKind::Close => {
                let Some(places) = by_name.get_mut(call.name.as_str()) else {
                    continue;
                };
                while places
                    .last()
                    .is_some_and(|&p| open.get(p).is_none_or(|&j| calls[j].name != call.name))
                {
                    places.pop();
                }
                if let Some(place) = places.pop() {
                    let j = open[place];
                    partners[j] = Some(i);
                    partners[i] = Some(j);
                    open.truncate(place);
                }
            }
            _ => {}
        }
    }
    partners
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Host;
    impl TemplateHost for Host {
        fn has_shortcode(&self, name: &str) -> bool {
            matches!(name, "note" | "tabs" | "tab" | "youtube" | "twice")
        }
        fn render_shortcode(&self, view: &CallView<'_>) -> Result<String, String> {
            Ok(match view.name {
                "youtube" => format!("<yt {}>", view.args[0]),
                "twice" => format!("<b>{}{}</b>", view.inner, view.inner),
                name => format!("<{name}>{}</{name}>", view.inner),
            })
        }
    }
    impl ShortcodeHost for Host {
        fn include(&self, path: &str) -> Result<(IncludedFile, String), IncludeError> {
            let missing = || IncludeError::Missing("no such file".into());
            let text = match path {
                "a.md" => "A {{< include \"b.md\" >}}".to_owned(),
                "b.md" => "B {{< include \"a.md\" >}}".to_owned(),
                "plain.md" => "included *text*".to_owned(),
                "bad.md" => "{{< >}}".to_owned(),
                // f0.md to f59.md each include the next twice; d0.md to d999.md once.
                _ => {
                    let (kind, n) = path.split_at(1);
                    let n: usize = n
                        .strip_suffix(".md")
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(missing)?;
                    let (times, last) = if kind == "f" { (2, 60) } else { (1, 1000) };
                    let call = format!("{{{{< include \"{kind}{}.md\" >}}}} ", n + 1);
                    if n + 1 < last {
                        format!("{n} {}", call.repeat(times))
                    } else {
                        "end".to_owned()
                    }
                }
            };
            Ok((file(path), text))
        }
        fn page_file(&self) -> IncludedFile {
            file("page.md")
        }
        fn page_ref(&self, path: &str) -> Option<String> {
            (path == "other.md").then(|| "/area/other.md".into())
        }
    }

    fn file(name: &str) -> IncludedFile {
        IncludedFile {
            key: name.into(),
            shown: format!("content/{name}"),
        }
    }

    fn expand(source: &str) -> (String, Expansion<'static>) {
        let mut expansion = Expansion::new(&Host);
        let text = expansion.expand(source).map(|(t, _)| t).unwrap_or_default();
        let html = substitute(&text, &expansion.fragments).into_owned();
        (html, expansion)
    }

    #[test]
    fn paired_calls_keep_their_inner_source() {
        let (text, e) = expand("{{< note >}}\n**inner**\n{{< /note >}}\n");
        assert_eq!(text, "<note>\n**inner**\n</note>\n");
        assert!(e.problems.is_empty());
    }

    #[test]
    fn nested_pairs_and_standalone_calls() {
        let (text, _) =
            expand("{{< tabs >}}{{% tab %}}x {{< youtube abc >}}{{% /tab %}}{{< /tabs >}}");
        assert_eq!(text, "<tabs>\n<tab>x <yt abc></tab>\n</tabs>");
    }

    #[test]
    fn a_pair_on_one_line_gives_its_inner_text_a_line_of_its_own() {
        let (text, _) =
            expand("{{< note >}} **All** {{< /note >}}\n\nsay {{< note >}}x{{< /note >}} y");
        assert_eq!(text, "<note>\n **All** \n</note>\n\nsay <note>x</note> y");
    }

    #[test]
    fn templates_that_repeat_the_inner_content_get_it_rendered() {
        let (text, _) = expand("{{< twice >}}*a*{{< /twice >}} after");
        assert_eq!(text, "<b><p><em>a</em></p>\n<p><em>a</em></p>\n</b> after");
    }

    #[test]
    fn unknown_and_orphan_calls_are_reported() {
        let (text, e) = expand("x {{< button >}} {{< /note >}}");
        assert!(text.contains("class=\"shortcode-unknown\""), "{text}");
        assert_eq!(e.problems.len(), 2, "{:?}", e.problems);
        assert_eq!(e.problems[0].offset, 2);
        assert!(e.problems[0].message.contains("unknown shortcode `button`"));
        assert!(e.problems[1].message.contains("no opening"));
    }

    /// A built site: no template, no placeholder.
    struct Readers;
    impl TemplateHost for Readers {
        fn has_shortcode(&self, _: &str) -> bool {
            false
        }
        fn render_shortcode(&self, _: &CallView<'_>) -> Result<String, String> {
            Err("none".into())
        }
    }
    impl ShortcodeHost for Readers {
        fn include(&self, _: &str) -> Result<(IncludedFile, String), IncludeError> {
            Err(IncludeError::Missing("none".into()))
        }
        fn page_file(&self) -> IncludedFile {
            file("page.md")
        }
        fn page_ref(&self, _: &str) -> Option<String> {
            None
        }
        fn unknown_placeholders(&self) -> bool {
            false
        }
    }

    #[test]
    fn readers_see_the_inner_content_of_unknown_pairs_and_nothing_of_the_rest() {
        let mut expansion = Expansion::new(&Readers);
        let (text, _) = expansion
            .expand("a {{< box >}}*in*{{< /box >}} b {{< lone x >}} c")
            .unwrap();
        assert_eq!(substitute(&text, &expansion.fragments), "a *in* b  c");
        assert_eq!(expansion.problems.len(), 2, "{:?}", expansion.problems);
    }

    #[test]
    fn includes_expand_and_cycles_are_errors() {
        let (text, e) = expand("{{< include \"plain.md\" >}}");
        assert_eq!(text, "included *text*");
        assert!(e.problems.is_empty());
        let (_, e) = expand("x {{< include \"a.md\" >}}");
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].offset, 2);
        assert!(
            e.problems[0]
                .message
                .contains("include cycle: content/a.md → content/b.md → content/a.md"),
            "{:?}",
            e.problems
        );
    }

    #[test]
    fn deep_include_chains_stop_with_the_chain_named() {
        let (text, e) = expand("x {{< include \"d0.md\" >}}");
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert_eq!(e.problems[0].offset, 2);
        let message = &e.problems[0].message;
        assert!(
            message.starts_with(&format!(
                "includes nest more than {} deep: content/page.md → content/d0.md → content/d1.md → … ",
                limits::MAX_DEPTH
            )),
            "{message}"
        );
        assert!(
            message.ends_with("→ content/d62.md → content/d63.md"),
            "{message}"
        );
        assert!(text.contains("0 1 2 "), "{text}");
    }

    #[test]
    fn files_that_include_the_next_twice_stop_at_the_budget() {
        let (text, e) = expand("{{< include \"f42.md\" >}} {{< include \"f0.md\" >}}");
        // From f42 on, the expansion is small enough: 2^17 copies of `end`.
        assert!(text.matches("end").count() == 1 << 17, "{}", text.len());
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert!(
            e.problems[0].message.contains("add more than 8 MB"),
            "{:?}",
            e.problems
        );
        assert!(text.len() <= limits::MAX_BYTES, "{}", text.len());
    }

    #[test]
    fn a_file_included_twice_is_expanded_once_and_its_problems_shown_at_both_calls() {
        let (text, e) = expand("{{< include \"plain.md\" >}} {{< include \"plain.md\" >}}");
        assert_eq!(text, "included *text* included *text*");
        let (_, e2) = expand("{{< include \"bad.md\" >}} and {{< include \"bad.md\" >}}");
        let offsets: Vec<usize> = e2.problems.iter().map(|p| p.offset).collect();
        assert_eq!(offsets, vec![0, 29], "{:?}", e2.problems);
        assert_eq!(e.cache.len(), 1);
    }

    #[test]
    fn templates_that_repeat_their_inner_content_stop_at_the_depth_limit() {
        let depth = 200;
        let source = format!(
            "{}x{}",
            "{{< twice >}}".repeat(depth),
            "{{< /twice >}}".repeat(depth)
        );
        let (_, e) = expand(&source);
        assert!(
            e.problems
                .iter()
                .any(|p| p.message.contains("shortcodes nest more than")),
            "{:?}",
            e.problems
        );
    }

    #[test]
    fn closes_pair_with_the_innermost_open_call_of_their_name() {
        let calls = |source: &str| parse::find_calls(source, &[]).0;
        let source = "{{<a>}}{{<b>}}{{<a>}}{{<c>}}{{</a>}}{{</b>}}{{<c>}}{{</c>}}{{</a>}}{{</a>}}";
        // a0 b1 a2 c3 /a4 /b5 c6 /c7 /a8 /a9: /a4 closes a2 and leaves c3 open; /b5 closes
        // b1; c6 and /c7 pair; /a8 closes a0; /a9 has nothing left.
        let partners = pair(&calls(source));
        assert_eq!(
            partners,
            vec![
                Some(8),
                Some(5),
                Some(4),
                None,
                Some(2),
                Some(1),
                Some(7),
                Some(6),
                Some(0),
                None
            ]
        );
        let nested = format!("{}{}", "{{<a>}}".repeat(3), "{{</a>}}".repeat(4));
        let partners = pair(&calls(&nested));
        assert_eq!(partners[..4], [Some(5), Some(4), Some(3), Some(2)]);
        assert_eq!(partners[6], None);
    }

    #[test]
    fn line_starts_are_found_by_reading_back_over_whitespace_only() {
        assert!(starts_line("x\n \t{{<", 4));
        assert!(starts_line("  {{<", 2));
        assert!(!starts_line("x {{<", 2));
        assert!(rest_of_line_blank("{{< a >}}  \nx", 9));
        assert!(rest_of_line_blank("{{< a >}}", 9));
        assert!(!rest_of_line_blank("{{< a >}} x", 9));
    }

    #[test]
    fn refs_become_link_destinations() {
        let (text, _) = expand("[o]({{< ref \"other.md\" >}}) [m]({{< relref missing.md >}})");
        assert_eq!(text, "[o](/area/other.md) [m](missing.md)");
    }

    #[test]
    fn substitution_ignores_foreign_comments() {
        assert_eq!(
            substitute("<!--hb-sc-x--> <!--hb-sc-0-->", &["F".into()]),
            "<!--hb-sc-x--> F"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pages made of calls the test host knows, broken pieces of calls and text.
        fn page() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "{{< note >}}",
                "{{< /note >}}",
                "{{% tab %}}",
                "{{% /tab %}}",
                "{{< twice >}}",
                "{{< /twice >}}",
                "{{< tabs >}}",
                "{{< /tabs >}}",
                "{{< include \"plain.md\" >}}",
                "{{< include \"a.md\" >}}",
                "{{< include \"bad.md\" >}}",
                "{{< ref other.md >}}",
                "{{</* x */>}}",
                "{{</*",
                "{{%/*",
                "/>}}",
                "/%}}",
                "{{<",
                "{{%",
                ">}}",
                "/*",
                "*/",
                "/",
                "\"",
                "`",
                "x",
                " ",
                "\n",
                "é",
                "`code`",
                "\n```\n",
            ]);
            prop::collection::vec(pieces, 0..30).prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn expansion_never_panics_and_locates_problems_in_the_page(source in page()) {
                let mut expansion = Expansion::new(&Host);
                let expanded = expansion.expand(&source);
                for problem in &expansion.problems {
                    prop_assert!(problem.offset <= source.len(), "{problem:?}");
                }
                if let Some((text, map)) = expanded {
                    for offset in [0, text.len() / 2, text.len()] {
                        prop_assert!(map.original(offset) <= source.len());
                    }
                    substitute(&text, &expansion.fragments);
                }
            }
        }
    }
}
