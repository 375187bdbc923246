//! The import structure of `src/`: no two files, and no two top-level modules, may import each
//! other, directly or through a chain. A circle means neither side can be read, tested or
//! replaced without the other; the test names every circle it finds, with what each file of
//! it takes from the next.
//!
//! The reading is deliberately small (no `syn`): comments, strings and character literals are
//! blanked out, then every path that starts with `crate::`, `super::`, `self::` or the name of
//! one of the file's own child modules is followed, grouped imports (`use crate::{a::b, c}`)
//! and `super::` inside inline modules (`mod tests { use super::*; }`) included, to the file
//! that defines the longest module prefix of it.
//!
//! A folder's own module file (`mod.rs`, or `x.rs` beside `x/`) is the folder's face: it
//! declares the files inside and calls or re-exports them, so its imports from its own
//! subtree are not counted. Everything else is, a file's imports of its parent included, so a
//! circle between two files of one folder, or one that leaves the folder, is still found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A file's module path (`["build", "links"]` for `src/build/links.rs`), `[]` for `lib.rs`.
type Module = Vec<String>;

/// Who imports whom: file -> file it imports -> the names it takes from it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// Every `.rs` file below `src/`, as (path relative to `src/` with `/`, text). `STRUCTURE_SRC`
/// names another tree to read instead, e.g. an older commit's (`git archive COMMIT src | tar -x
/// -C /tmp/old`, then `STRUCTURE_SRC=/tmp/old/src`).
fn source_files() -> Vec<(String, String)> {
    let src = std::env::var_os("STRUCTURE_SRC").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        std::path::PathBuf::from,
    );
    let mut found = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("src/ is readable").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                found.push((rel, text));
            }
        }
    }
    found.sort();
    found
}

/// The module a file under `src/` defines; `None` for the binary's `main.rs`, which is another
/// crate and imports the library by its name.
fn module_of(rel: &str) -> Option<Module> {
    let stem = rel.strip_suffix(".rs")?;
    if stem == "main" {
        return None;
    }
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    Some(parts)
}

/// `text` with comments, string literals and character literals replaced by spaces, so that
/// `crate::` in a doc comment or a message is not taken for an import.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to.min(b.len())] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = memchr_from(b, i, b'\n');
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if (rest[0] == b'r' || rest.starts_with(b"br"))
            && (i == 0 || !ident(b[i - 1]))
            && raw_string_start(&b[i + usize::from(rest[0] == b'b')..]).is_some()
        {
            let start = i + usize::from(rest[0] == b'b') + 1;
            let hashes = raw_string_start(&b[start - 1..]).unwrap();
            let closing: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = start + hashes + 1;
            let end = b[body..]
                .windows(closing.len())
                .position(|w| w == closing.as_slice())
                .map_or(b.len(), |p| body + p + closing.len());
            blank(&mut out, i, end);
            i = end;
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if rest[0] == b'\'' {
            // A character literal (`'a'`, `'\n'`, `'"'`, `'é'`) or a lifetime (`'a`).
            let end = if rest.get(1) == Some(&b'\\') {
                memchr_from(b, i + 3, b'\'') + 1
            } else {
                let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                if rest.get(1 + len) == Some(&b'\'') {
                    i + len + 2
                } else {
                    i + 1
                }
            };
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn memchr_from(b: &[u8], from: usize, c: u8) -> usize {
    b.get(from..)
        .and_then(|rest| rest.iter().position(|&x| x == c))
        .map_or(b.len(), |p| from + p)
}

/// The number of `#` of a raw string starting at `b` (`r"`, `r#"`...), if one does.
fn raw_string_start(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"r")?;
    let hashes = rest.iter().take_while(|&&c| c == b'#').count();
    (rest.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// Identifiers and the punctuation that paths are made of; `::` is one token.
fn tokens(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(&code[start..i]);
        } else if code[i..].starts_with("::") {
            out.push("::");
            i += 2;
        } else if c.is_ascii_whitespace() || !c.is_ascii() {
            i += 1;
        } else {
            out.push(&code[i..i + 1]);
            i += 1;
        }
    }
    out
}

/// The paths one file names, each resolved to an absolute module path plus the item after it.
/// `module` is the file's module; `children` the modules that exist (to tell `links::check`,
/// a child module's function, from a local name).
fn paths_of(code: &str, module: &Module, modules: &BTreeSet<Module>) -> Vec<Vec<String>> {
    let tokens = tokens(code);
    let mut found = Vec::new();
    // Inline modules (`mod tests {`) open at a brace depth; `super::` in them is relative to
    // them.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            "mod" if tokens.get(i + 2) == Some(&"{") => {
                inline.push((tokens[i + 1].to_owned(), depth));
            }
            _ => {}
        }
        let here: Module = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        let before = i.checked_sub(1).map(|j| tokens[j]);
        let starts = tokens.get(i + 1) == Some(&"::")
            && !matches!(before, Some("::" | "$" | "." | "'"))
            && (matches!(t, "crate" | "super" | "self") || {
                let mut child = here.clone();
                child.push(t.to_owned());
                modules.contains(&child)
            });
        if starts {
            let mut paths = Vec::new();
            let end = parse_tree(&tokens, i, Vec::new(), &mut paths);
            for path in paths {
                if let Some(resolved) = resolve(&path, &here) {
                    found.push(resolved);
                }
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    found
}

/// Reads one path tree starting at `tokens[i]` (`a::b::{c, d::e}`), appending each full path to
/// `out`; returns the index after it.
fn parse_tree(
    tokens: &[&str],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match tokens.get(i).copied() {
            Some("{") => {
                i += 1;
                loop {
                    match tokens.get(i).copied() {
                        Some("}") => return i + 1,
                        Some(",") => i += 1,
                        None => return i,
                        Some(_) => i = parse_tree(tokens, i, prefix.clone(), out),
                    }
                }
            }
            Some("*") => {
                out.push(prefix);
                return i + 1;
            }
            Some(t) if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') => {
                prefix.push(t.to_owned());
                i += 1;
                if tokens.get(i) == Some(&"::") && tokens.get(i + 1) != Some(&"<") {
                    i += 1;
                    continue;
                }
                // `a::b as c`: the rename is not part of the path.
                if tokens.get(i) == Some(&"as") {
                    i += 2;
                }
                out.push(prefix);
                return i;
            }
            _ => {
                if !prefix.is_empty() {
                    out.push(prefix);
                }
                return i;
            }
        }
    }
}

/// `path` (maybe starting with `crate`, `super`, `self` or a child module) as an absolute path
/// from the crate root, read from module `here`.
fn resolve(path: &[String], here: &Module) -> Option<Vec<String>> {
    let mut base = here.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        base.pop()?;
        rest = &rest[1..];
    }
    let rest = rest.iter().filter(|s| *s != "self");
    Some(base.into_iter().chain(rest.cloned()).collect())
}

/// The file-level import graph of a source tree given as (path under `src/`, text).
fn graph(files: &[(String, String)]) -> Graph {
    let by_module: BTreeMap<Module, &str> = files
        .iter()
        .filter_map(|(rel, _)| Some((module_of(rel)?, rel.as_str())))
        .collect();
    let modules: BTreeSet<Module> = by_module.keys().cloned().collect();
    let mut graph = Graph::new();
    for (rel, text) in files {
        let Some(module) = module_of(rel) else {
            continue;
        };
        let edges = graph.entry(rel.clone()).or_default();
        for path in paths_of(&code_only(text), &module, &modules) {
            // The file that defines the longest module prefix of the path.
            let Some((len, target)) = (0..=path.len())
                .rev()
                .find_map(|n| by_module.get(&path[..n]).map(|t| (n, *t)))
            else {
                continue;
            };
            // A folder's own module file declares the files below it and calls or re-exports
            // them: that is the folder's inside, not an import between its files.
            let below = module.len() < len && path[..module.len()] == module[..];
            let is_folder_face = rel.ends_with("mod.rs") || rel == "lib.rs" || {
                let folder = rel.trim_end_matches(".rs");
                by_module
                    .values()
                    .any(|f| f.starts_with(&format!("{folder}/")))
            };
            if target == rel || len == 0 || (below && is_folder_face) {
                continue;
            }
            let name = path[len..]
                .first()
                .cloned()
                .unwrap_or_else(|| "*".to_owned());
            edges.entry(target.to_owned()).or_default().insert(name);
        }
    }
    graph
}

/// The same graph between top-level modules of `src/` (`build/links.rs` and `build/mod.rs`
/// are both `build`); the names are the files that make each edge.
fn folder_graph(files: &Graph) -> Graph {
    let top = |rel: &str| {
        let first = rel.split('/').next().unwrap_or(rel);
        first.strip_suffix(".rs").unwrap_or(first).to_owned()
    };
    let mut graph = Graph::new();
    for (from, targets) in files {
        let edges = graph.entry(top(from)).or_default();
        for to in targets.keys() {
            if top(from) != top(to) {
                edges
                    .entry(top(to))
                    .or_default()
                    .insert(format!("{from} -> {to}"));
            }
        }
    }
    graph
}

/// The strongly connected parts of more than one node (Tarjan's algorithm): each is a circle,
/// or several that share nodes.
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flat_map(|e| e.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut part = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                part.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                s.found.push(part);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found.sort();
    state.found
}

/// The shortest circle through each member of `part`, each written from its least member
/// (`a -> b -> a`), without repeats.
fn shortest_circles(graph: &Graph, part: &[String]) -> Vec<Vec<String>> {
    let mut found = BTreeSet::new();
    for start in part {
        // Breadth first from `start` inside the part, until an edge leads back to it.
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.as_str()]);
        let mut closing = None;
        while let Some(v) = queue.pop_front() {
            for w in graph[v].keys().filter(|w| part.contains(w)) {
                if w == start {
                    closing = Some(v);
                    break;
                }
                if !came_from.contains_key(w.as_str()) {
                    came_from.insert(w, v);
                    queue.push_back(w);
                }
            }
            if closing.is_some() {
                break;
            }
        }
        let Some(mut v) = closing else { continue };
        let mut circle = vec![v.to_owned()];
        while v != start {
            v = came_from[v];
            circle.push(v.to_owned());
        }
        circle.reverse();
        let least = (0..circle.len()).min_by_key(|&i| &circle[i]).unwrap_or(0);
        circle.rotate_left(least);
        found.insert(circle);
    }
    let mut found: Vec<Vec<String>> = found.into_iter().collect();
    found.sort_by_key(|c| (c.len(), c.clone()));
    found
}

/// A circle in words: its members, the shortest circles through them, then each edge between
/// them with what it takes.
fn describe(graph: &Graph, part: &[String]) -> String {
    let mut text = format!("circle of {}: {}\n", part.len(), part.join(", "));
    for circle in shortest_circles(graph, part) {
        text.push_str(&format!(
            "  round: {} -> {}\n",
            circle.join(" -> "),
            circle[0]
        ));
    }
    for from in part {
        for (to, names) in &graph[from] {
            if part.contains(to) {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                text.push_str(&format!("  {from} takes from {to}: {}\n", names.join(", ")));
            }
        }
    }
    text
}

/// Every circle of the tree, files first, then top-level modules, described.
fn report(files: &[(String, String)]) -> Vec<String> {
    report_of(graph(files))
}

/// Every circle of a file graph, files first, then top-level modules, described.
fn report_of(file_graph: Graph) -> Vec<String> {
    let folders = folder_graph(&file_graph);
    let mut found = Vec::new();
    for (level, graph) in [("files", &file_graph), ("top-level modules", &folders)] {
        for part in circles(graph) {
            found.push(format!("{level}: {}", describe(graph, &part)));
        }
    }
    found
}

#[test]
fn src_has_no_import_circles() {
    let found = report(&source_files());
    assert!(
        found.is_empty(),
        "{} import circle(s) in src/:\n{}",
        found.len(),
        found.join("\n")
    );
}

// The reading above, on tiny trees: it must see each kind of import, and fail on a circle.

fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect()
}

fn edges(files: &[(&str, &str)]) -> Vec<(String, String)> {
    graph(&tree(files))
        .into_iter()
        .flat_map(|(from, to)| to.into_keys().map(move |to| (from.clone(), to)))
        .collect()
}

fn edge(from: &str, to: &str) -> (String, String) {
    (from.to_owned(), to.to_owned())
}

#[test]
fn a_direct_circle_fails_and_is_named() {
    let files = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a.rs", "use crate::b::Thing;\n"),
        (
            "b.rs",
            "pub struct Thing;\nfn f() { crate::a::helper(); }\n",
        ),
    ]);
    let found = report(&files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("files: circle of 2: a.rs, b.rs\n"),
        "{found:?}"
    );
    assert!(
        found[0].contains("  round: a.rs -> b.rs -> a.rs\n"),
        "{found:?}"
    );
    assert!(
        found[0].contains("  a.rs takes from b.rs: Thing\n"),
        "{found:?}"
    );
    assert!(
        found[0].contains("  b.rs takes from a.rs: helper\n"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("top-level modules: circle of 2: a, b\n"),
        "{found:?}"
    );
}

#[test]
fn a_chain_through_grouped_imports_and_super_is_a_circle() {
    let files = tree(&[
        ("lib.rs", "pub mod low;\npub mod top;\n"),
        ("low.rs", "use crate::{top::{view::View, other}, low};\n"),
        ("top/mod.rs", "pub mod view;\npub mod other;\n"),
        ("top/other.rs", ""),
        ("top/view.rs", "use super::super::low::Base;\n"),
    ]);
    let found = report(&files);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("low.rs, top/view.rs"), "{found:?}");
    assert!(found[1].contains("low, top"), "{found:?}");
}

#[test]
fn a_tree_without_circles_passes() {
    let files = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a.rs", "use crate::b::Thing;\n"),
        ("b.rs", "pub struct Thing;\n"),
        ("main.rs", "fn main() { handbook::a::run(); }\n"),
    ]);
    assert_eq!(report(&files), Vec::<String>::new());
}

#[test]
fn child_modules_super_in_inline_modules_and_renames_are_followed() {
    let modules: BTreeSet<Module> = [vec![], vec!["a".into()], vec!["a".into(), "links".into()]]
        .into_iter()
        .collect();
    let face = "mod links;\nuse links::Index as I;\nfn f() { links::check(); other::x(); }\n";
    let paths = paths_of(&code_only(face), &vec!["a".to_owned()], &modules);
    assert_eq!(
        paths,
        vec![vec!["a", "links", "Index"], vec!["a", "links", "check"]]
    );
    let found = edges(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", face),
        (
            "a/links.rs",
            "use super::Other;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        (
            "b.rs",
            "use self::inner::X;\nmod inner { use super::super::a::Y; }\n",
        ),
    ]);
    // `a/mod.rs` -> `a/links.rs` is the folder's inside (see `graph`), so it is left out.
    assert_eq!(
        found,
        vec![edge("a/links.rs", "a/mod.rs"), edge("b.rs", "a/mod.rs")]
    );
}

#[test]
fn a_folder_face_may_use_its_files_but_a_circle_through_it_is_found() {
    let quiet = tree(&[
        ("lib.rs", "pub mod out;\n"),
        (
            "out/mod.rs",
            "mod guard;\nmod staging;\npub use staging::Staging;\npub const MARKER: &str = \"\";\nfn f() { guard::check(); }\n",
        ),
        ("out/guard.rs", "use super::MARKER;\n"),
        ("out/staging.rs", "use super::{MARKER, guard};\n"),
    ]);
    assert_eq!(report(&quiet), Vec::<String>::new());
    let mut loud = quiet.clone();
    loud[2].1.push_str("use super::staging::Staging;\n");
    let found = report(&loud);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("out/guard.rs, out/staging.rs"),
        "{found:?}"
    );
}

#[test]
fn comments_strings_and_lookalikes_are_not_imports() {
    let found = edges(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a.rs",
            "//! See [`crate::b::Thing`].\n/* crate::b::X */\nconst S: &str = \"crate::b::Y\";\nconst R: &str = r#\"crate::b::Z \"#;\nconst C: char = '\"'; fn f<'a>(x: &'a str) { x.b::<u8>(); }\nmacro_rules! m { () => { $crate::b::W } }\n",
        ),
        ("b.rs", "pub struct Thing;\n"),
    ]);
    assert_eq!(found, Vec::<(String, String)>::new());
}
