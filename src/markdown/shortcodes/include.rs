//! `{{< include "path" >}}`: the named file's text, its own shortcodes expanded, in place of the
//! call. Each file is expanded once per page and reused after that, so files that include each
//! other several times cost what they add, not two to the power of their depth; cycles, chains
//! deeper than [`MAX_DEPTH`] and pages that grow past [`limits::MAX_BYTES`] are located errors.

use std::collections::HashMap;
use std::rc::Rc;

use super::limits::{self, MAX_DEPTH};
use super::parse::Call;
use super::{Expansion, referenced_bytes};
use crate::markdown::source_map::Rewriter;

/// A file in an include chain.
#[derive(Debug, Clone)]
pub struct IncludedFile {
    /// Its identity, for the cycle check and the reuse: one file reached by two paths is one.
    pub key: String,
    /// Its path as shown in messages.
    pub shown: String,
}

/// Why an include found no text.
#[derive(Debug, Clone)]
pub enum IncludeError {
    /// No file of that name where includes are looked for; says where it looked.
    Missing(String),
    /// The file is there but cannot be used (unreadable, a symbolic link out of the site).
    Refused(String),
}

/// An included file as it was expanded the first time the page included it.
pub(super) struct Expanded {
    text: Rc<str>,
    /// Bytes it adds to the page: its text and the HTML of the shortcodes in it.
    weight: usize,
    /// Problems found in it (message, help, error), reported again at each call in the page.
    problems: Vec<(String, Option<String>, bool)>,
}

/// Expanded files by key.
pub(super) type Cache = HashMap<String, Expanded>;

impl Expansion<'_> {
    pub(super) fn include(&mut self, call: &Call, out: &mut Rewriter) {
        let at = call.range.start;
        let Some(path) = call.arg("file", 0).or_else(|| call.arg("path", 0)) else {
            self.problem(
                at,
                "`include` needs the path of a file: `{{< include \"path/file.md\" >}}`".into(),
                None,
                true,
            );
            return;
        };
        let (file, text) = match self.host.include(path) {
            Ok(found) => found,
            Err(IncludeError::Missing(message)) => {
                if let Some(error) = self.host.missing_include_is_error() {
                    let help = if error {
                        "check the name, or add the folder that holds the file to `include_dirs` in handbook.yml"
                    } else {
                        "check the name, or add the folder that holds the file to `include_dirs` in handbook.yml; the call is left out of the page, and `missing_includes: error` fails the build on it"
                    };
                    self.problem(
                        at,
                        format!("cannot include `{path}`: {message}"),
                        Some(help),
                        error,
                    );
                }
                return;
            }
            Err(IncludeError::Refused(message)) => {
                self.problem(
                    at,
                    format!("cannot include `{path}`: {message}"),
                    None,
                    true,
                );
                return;
            }
        };
        let fill = |text: &str| -> Rc<str> {
            super::arguments::apply_arguments(text, &call.positional, &call.named).into()
        };
        if let Some(first) = self.including.iter().position(|f| f.key == file.key) {
            let chain = self.chain_to(first, &file);
            self.problem(
                at,
                format!("include cycle: {chain}"),
                Some("a file cannot include itself, directly or through other files"),
                true,
            );
            return;
        }
        if let Some(done) = self.cache.get(&file.key) {
            let (text, weight) = (Rc::clone(&done.text), done.weight);
            // Inside an included file, problems are reported at the page's call, which has
            // them already; a second call in the page itself gets them again.
            let again = match self.report_at {
                None => done.problems.clone(),
                Some(_) => Vec::new(),
            };
            for (message, help, error) in again {
                self.problem(at, message, help.as_deref(), error);
            }
            if self.charge(at, weight) {
                out.insert(&fill(&text), at);
            }
            return;
        }
        if self.depth >= MAX_DEPTH {
            let chain = self.chain_to(0, &file);
            self.problem(
                at,
                format!("includes nest more than {MAX_DEPTH} deep: {chain}"),
                Some("include the innermost files from the page itself, or merge some of them"),
                true,
            );
            return;
        }
        let problems_before = self.problems.len();
        let key = file.key.clone();
        self.including.push(file);
        let outer = self.report_at.replace(self.report_at.unwrap_or(at));
        let expanded = self.expand(&text).map(|(text, _)| text);
        self.report_at = outer;
        self.including.pop();
        let text: Rc<str> = expanded.unwrap_or(text).into();
        let weight = text.len() + referenced_bytes(&text, &self.fragments);
        let problems = self.problems[problems_before..]
            .iter()
            .map(|p| (p.message.clone(), p.help.clone(), p.error))
            .collect();
        self.cache.insert(
            key,
            Expanded {
                text: Rc::clone(&text),
                weight,
                problems,
            },
        );
        if self.charge(at, weight) {
            out.insert(&fill(&text), at);
        }
    }

    /// The files being included from `from` on, then `last`, as shown to the user.
    fn chain_to(&self, from: usize, last: &IncludedFile) -> String {
        let files: Vec<&str> = self.including[from..]
            .iter()
            .chain([last])
            .map(|f| f.shown.as_str())
            .collect();
        limits::chain(&files)
    }

    /// Takes `bytes` from the page's budget; the first refusal is reported at `at`.
    pub(super) fn charge(&mut self, at: usize, bytes: usize) -> bool {
        let reported = self.budget.exceeded();
        if self.budget.take(bytes) {
            return true;
        }
        if !reported {
            let within = match self.including.len() {
                0 | 1 => String::new(),
                _ => {
                    let files: Vec<&str> =
                        self.including.iter().map(|f| f.shown.as_str()).collect();
                    format!(" (in {})", limits::chain(&files))
                }
            };
            self.problem(
                at,
                format!(
                    "this page's includes and shortcodes add more than {} MB{within}; the rest is left out",
                    limits::MAX_BYTES >> 20
                ),
                Some("a file is probably included many times over, through files that include it several times each: include each file once"),
                true,
            );
        }
        false
    }
}
